"""Synthetic data packages for benchmarks: the real package, scaled up and still valid.

``write_synthetic(out_dir, scale)`` writes a data package that follows the real descriptor
(``data/datapackage.json``, copied byte for byte) and passes :func:`amm58.data.load_dataset`:
every key, foreign key, enum and pattern holds. It is built from the real rows, so cell
lengths, cardinalities and the shape of every relation are those of the real data:

* The *reference tables* are copied once, unchanged: ``themes`` (the codebook) and
  ``entities`` (the gazetteer), and every table whose foreign keys all point at reference
  tables (``aliases``, and ``theme_terms`` when the package has it).
* Every other table (sources, passages, codes, coding passes, entity mentions, meetings,
  agreements, roles, timeline, messages, agenda, ...) is written ``scale`` times, once per
  *unit*. Unit ``k`` prefixes each of its identifiers with ``u<k>_`` (zero-padded to the
  width of ``scale - 1``), so ``pre_01`` becomes ``u0_pre_01`` or ``u0042_pre_01``; the
  identifiers it rewrites are the single-field primary keys of these tables and every
  foreign key pointing at one of them.

So at scale ``s`` a scaled table has exactly ``s`` times its real number of rows (sources:
2 per unit, passages: about 22 per source) and a reference table exactly its real number.

To keep the units from being identical copies, each unit draws (from ``seed``) a permutation
of the themes and, within each source, a permutation of the passages, and applies them to
every reference to a theme or a passage in its fact tables (a passage's own row, and the
``question_id`` link between passages, are kept). Both are one-to-one, so keys stay unique
and the coding passes, reconciliation and codes of a unit stay consistent with each other.
The same ``scale`` and ``seed`` give byte-identical files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .data import DEFAULT_DATA_DIR, DESCRIPTOR_NAME, package_file

__all__ = ["REFERENCE_TABLES", "reference_tables", "write_synthetic"]

#: The tables that do not grow with the corpus (plus any table that only points at them).
REFERENCE_TABLES = ("themes", "entities")


def _fields(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _foreign_keys(resource: dict[str, Any]) -> list[tuple[list[str], str]]:
    """(fields, referenced resource name) per foreign key; a self-reference names the resource."""
    out = []
    for fk in resource["schema"].get("foreignKeys", []):
        target = fk["reference"].get("resource") or resource["name"]
        out.append((_fields(fk["fields"]), target))
    return out


def reference_tables(descriptor: dict[str, Any]) -> set[str]:
    """Names of the resources copied once: :data:`REFERENCE_TABLES` and every resource whose
    foreign keys (at least one) all point at reference tables."""
    resources = descriptor["resources"]
    shared = {r["name"] for r in resources} & set(REFERENCE_TABLES)
    grew = True
    while grew:
        grew = False
        for r in resources:
            fks = _foreign_keys(r)
            if r["name"] not in shared and fks and all(t in shared for _, t in fks):
                shared.add(r["name"])
                grew = True
    return shared


def _read(data_dir: Path, resource: dict[str, Any]) -> pd.DataFrame:
    path = package_file(data_dir, resource["path"], resource=resource["name"])
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _prefixed(values: np.ndarray, prefixes: np.ndarray) -> np.ndarray:
    """Per unit (major) and row (minor): the unit's prefix + the value; empty cells stay empty."""
    n = len(values)
    tiled = np.tile(values, len(prefixes))
    out = np.repeat(prefixes, n) + tiled
    out[tiled == ""] = ""
    return out


def _permuted(values: np.ndarray, keys: list[str], perms: np.ndarray) -> np.ndarray:
    """Per unit (major) and row (minor): the key that unit's permutation puts in place of the value."""
    position = {k: i for i, k in enumerate(keys)}
    idx = np.array([position.get(v, -1) for v in values], dtype=np.int64)
    keys_arr = np.array(keys + [""], dtype=object)  # -1 (empty or unknown) maps to ""
    moved = np.where(idx >= 0, perms[:, np.maximum(idx, 0)], -1)  # shape (units, rows)
    out = keys_arr[moved].ravel()
    unknown = np.tile((idx < 0) & (values != ""), len(perms))
    out[unknown] = np.tile(values, len(perms))[unknown]
    return out


def _group_permutations(groups: np.ndarray, units: int, rng: np.random.Generator) -> np.ndarray:
    """One permutation per unit of ``range(len(groups))`` that only moves items within a group."""
    n = len(groups)
    perms = np.tile(np.arange(n), (units, 1))
    for g in pd.unique(groups):
        members = np.flatnonzero(groups == g)
        perms[:, members] = members[rng.permuted(np.tile(np.arange(len(members)), (units, 1)), axis=1)]
    return perms


def write_synthetic(out_dir: str | Path, scale: int, seed: int = 0, *, data_dir: str | Path | None = None) -> Path:
    """Write a valid data package ``scale`` times the size of the real one to ``out_dir``.

    ``data_dir`` is the real package to build from (default: the repository's ``data/``).
    Returns ``out_dir`` as a Path. See the module docstring for what is scaled and how.
    """
    if not isinstance(scale, (int, np.integer)) or scale < 1:
        raise ValueError(f"scale must be a positive integer, not {scale!r}")
    src = Path(DEFAULT_DATA_DIR if data_dir is None else data_dir)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src / DESCRIPTOR_NAME, out / DESCRIPTOR_NAME)
    descriptor = json.loads((src / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    shared = reference_tables(descriptor)
    templates = {name: _read(src, r) for name, r in resources.items()}

    rng = np.random.default_rng(seed)
    width = len(str(scale - 1))
    prefixes = np.array([f"u{k:0{width}d}_" for k in range(scale)], dtype=object)
    # Theme and passage permutations per unit, drawn in a fixed order.
    theme_keys: list[str] = []
    theme_perms = np.zeros((scale, 0), dtype=np.int64)
    if "themes" in shared and "themes" in templates:
        theme_keys = list(templates["themes"][_fields(resources["themes"]["schema"]["primaryKey"])[0]])
        theme_perms = rng.permuted(np.tile(np.arange(len(theme_keys)), (scale, 1)), axis=1)
    passage_keys: list[str] = []
    passage_perms = np.zeros((scale, 0), dtype=np.int64)
    if "passages" in templates and "passages" not in shared:
        passages = templates["passages"]
        passage_keys = list(passages[_fields(resources["passages"]["schema"]["primaryKey"])[0]])
        groups = passages["source_id"].to_numpy(dtype=object) if "source_id" in passages else np.zeros(len(passages))
        passage_perms = _group_permutations(groups, scale, rng)

    for name, resource in resources.items():
        frame = templates[name]
        if name not in shared:
            frame = _scaled(frame, resource, shared, prefixes, theme_keys, theme_perms, passage_keys, passage_perms)
        path = package_file(out, resource["path"], resource=name)
        frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return out


def _scaled(
    frame: pd.DataFrame,
    resource: dict[str, Any],
    shared: set[str],
    prefixes: np.ndarray,
    theme_keys: list[str],
    theme_perms: np.ndarray,
    passage_keys: list[str],
    passage_perms: np.ndarray,
) -> pd.DataFrame:
    """``len(prefixes)`` copies of ``frame``, one per unit, with that unit's identifiers."""
    name = resource["name"]
    pk = _fields(resource["schema"].get("primaryKey", []))
    unit_ids = set(pk) if len(pk) == 1 else set()
    themes, passages = set(), set()
    for fields, target in _foreign_keys(resource):
        if target == "themes" and target in shared:
            themes.update(fields)
        elif target not in shared:
            unit_ids.update(fields)
            if target == "passages" and name != "passages":
                passages.update(fields)
    columns = {}
    for col in frame.columns:
        values = frame[col].to_numpy(dtype=object)
        if col in passages:
            columns[col] = _prefixed_rows(_permuted(values, passage_keys, passage_perms), prefixes, len(values))
        elif col in unit_ids:
            columns[col] = _prefixed(values, prefixes)
        elif col in themes:
            columns[col] = _permuted(values, theme_keys, theme_perms)
        else:
            columns[col] = np.tile(values, len(prefixes))
    return pd.DataFrame(columns, columns=frame.columns)


def _prefixed_rows(values: np.ndarray, prefixes: np.ndarray, n: int) -> np.ndarray:
    """Prefix already-unit-major values (``len(prefixes) * n`` of them) with their unit's prefix."""
    out = np.repeat(prefixes, n) + values
    out[values == ""] = ""
    return out
