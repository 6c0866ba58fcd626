"""Pure analysis helpers: a `Dataset` (or its DataFrames) in, a tidy DataFrame out.

No I/O, no plotting, no globals that change. Every count that a chart shows comes with the
passage identifiers behind it (a `passage_ids` column, comma-separated), so a reader can go
from any bar back to the passages with `evidence()`.

Joins and groupings work on integer codes: `Dataset.factorize` and `Dataset.lookup` (shared
from the loader's validation) hash each identifier column once per dataset, and values derived
from a dataset's columns (the passage order, the dictionary pairs) are kept by
`Dataset.derive` only while those columns are unchanged. The same dataset gives the same
result, computed or kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import numpy as np
import pandas as pd

from .data import first_row_per_code

if TYPE_CHECKING:  # pragma: no cover
    from .data import Dataset

STAGES = ["pre-meeting", "post-meeting"]

#: How far along an agreement is, by the status the interviews give it.
PROGRESS = {
    "adopted": "reported done",
    "signed": "reported done",
    "existing": "reported done",
    "in implementation": "under way",
    "negotiating": "under way",
    "upgrading": "under way",
    "in progress": "under way",
    "to be signed": "planned or proposed",
    "to be completed": "planned or proposed",
    "to be developed": "planned or proposed",
    "proposed": "planned or proposed",
    "not stated": "status not stated",
}
PROGRESS_ORDER = ["reported done", "under way", "planned or proposed", "status not stated"]
ROLE_ORDER = ["co-chair", "head of delegation", "attended", "not stated"]
PARTNER_KINDS = ["dialogue partner", "candidate member", "other state", "group"]


# --- small shared pieces -------------------------------------------------------------------

def _str(s: pd.Series) -> pd.Series:
    """A column as plain Python-object strings (categoricals and pandas strings alike)."""
    if isinstance(s.dtype, (pd.StringDtype, pd.CategoricalDtype)) or s.dtype == object:
        # One conversion instead of astype + notna + where; missing values become None.
        values = s.to_numpy(dtype=object, na_value=None, copy=True)
        return pd.Series(values, index=s.index, name=s.name, dtype=object, copy=False)
    return s.astype(object).where(s.notna(), None)


def _unique_ints(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of an integer array (``np.unique``, by one sort)."""
    values = np.sort(np.asarray(values, dtype=np.int64))
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def _first_rows(ds: "Dataset", resource: str, column: str, values) -> np.ndarray:
    """For each of ``values``: the first row of ``resource`` whose ``column`` equals it, or -1.
    Hashes the column's distinct values (cached) and ``values`` only."""
    codes, uniques = ds.factorize(resource, column)
    row_of = first_row_per_code(codes, len(uniques))
    wanted = pd.Index(np.asarray(values, dtype=object), dtype=object)
    return row_of[pd.Index(uniques, dtype=object).get_indexer(wanted)]


def _shared_codes(ds: "Dataset", *columns: tuple[str, str]) -> tuple[list[np.ndarray], np.ndarray]:
    """Integer codes for several (resource, column) pairs in one shared space: equal values
    get equal codes across the columns, missing values -1. Also returns the shared distinct
    values. Only each column's distinct values are hashed (`Dataset.factorize`), so a join
    or a set operation on the codes costs what integer arrays cost."""
    facts = [ds.factorize(t, c) for t, c in columns]
    every = np.concatenate([u for _, u in facts]) if facts else np.empty(0, dtype=object)
    shared, union = pd.factorize(every) if len(every) else (np.empty(0, np.int64), np.empty(0, object))
    out, offset = [], 0
    for codes, uniques in facts:
        renumber = np.append(np.asarray(shared[offset:offset + len(uniques)], dtype=np.int64), -1)
        out.append(renumber[codes])
        offset += len(uniques)
    return out, np.asarray(union, dtype=object)


def _join_ids(ids: Iterable[str]) -> str:
    """Sorted, de-duplicated, comma-separated identifiers."""
    return ",".join(sorted(set(ids), key=_passage_sort_key))


def _passage_sort_key(pid: str) -> tuple:
    """Sort passage ids by source then number (`pre_02` before `pre_10`)."""
    head, _, tail = pid.rpartition("_")
    return (head, int(tail)) if tail.isdigit() else (pid, 0)


def _passage_keys(ids: list[str]) -> list[tuple]:
    """``(_passage_sort_key(u), u)`` for each id, inlined (it runs once per distinct id):
    sorting these sorts the ids as `_join_ids` does, ties by the id."""
    keys = []
    for u in ids:
        head, _, tail = u.rpartition("_")
        keys.append(((head, int(tail)) if tail.isdigit() else (u, 0), u))
    return keys


def _group_codes(values: Iterable, keys: list) -> np.ndarray:
    """Per value, its position in ``keys`` (-1 when absent); ``keys`` must be distinct."""
    if isinstance(values, (pd.Series, pd.Index)):
        values = values.to_numpy(dtype=object)
    elif not isinstance(values, np.ndarray):
        values = np.array(list(values), dtype=object)
    return pd.Index(keys, dtype=object).get_indexer(pd.Index(values, dtype=object))


def _passage_order(ds: "Dataset") -> pd.Index | None:
    """The distinct passage ids in `_passage_sort_key` order, as an Index (None when an id is
    missing). Computed once per dataset (`Dataset.derive`): `_joined_per_group` then ranks
    passage ids by looking them up instead of sorting them again for every helper."""
    def compute() -> tuple:
        ids = ds.factorize("passages", "passage_id")[1].tolist()
        if not all(type(u) is str for u in ids):
            return (None,)
        return (pd.Index([u for _, u in sorted(_passage_keys(ids))], dtype=object),)

    return ds.derive("passage_order", [("passages", "passage_id")], compute)[0]


def _joined_per_group(codes: np.ndarray, n_groups: int, values: Iterable, sep: str = ",",
                      key=_passage_sort_key, counts: list | None = None, order: pd.Index | None = None) -> list[str]:
    """For each group 0..n_groups-1, its distinct values sorted by ``key`` and joined with ``sep``
    ('' for a group without values), as ``sep.join(sorted(set(values), key=key))`` gives them
    (`_join_ids` for passage ids); rows with code -1 are ignored. When ``counts`` is a list, it
    receives the number of distinct values of each group.

    One pass over all rows (factorise, one sort, one join per group) instead of a filter per group.
    ``order``, when given, lists values already sorted by ``key`` (ties by value), such as
    `_passage_order`: the values found in it are ranked by lookup instead of a sort.
    """
    codes = np.asarray(codes, dtype=np.int64)
    vals = np.asarray(list(values) if not isinstance(values, np.ndarray) else values, dtype=object)
    keep = codes >= 0
    codes, vals = codes[keep], vals[keep]
    value_codes, uniques = pd.factorize(vals) if len(vals) else (np.empty(0, np.int64), np.empty(0, object))
    if (value_codes < 0).any():  # a missing value: the plain per-group expression decides (and raises)
        groups: list[list] = [[] for _ in range(n_groups)]
        for g, v in zip(codes.tolist(), vals.tolist()):
            groups[g].append(v)
        if counts is not None:
            counts.extend(pd.Series(g, dtype=object).nunique() for g in groups)
        return [sep.join(sorted(set(g), key=key)) for g in groups]
    uniq = uniques.tolist()
    where = order.get_indexer(pd.Index(uniques, dtype=object)) if order is not None and len(uniq) else None
    if where is not None and (where >= 0).all():
        ranked = np.argsort(where, kind="stable")  # positions in the sorted universe: the same order
        decorated = None
    elif key is _passage_sort_key and all(type(u) is str for u in uniq):
        decorated = _passage_keys(uniq)
    else:
        decorated = uniq if key is None else [(key(u), u) for u in uniq]
    if decorated is not None:
        ranked = np.array(sorted(range(len(uniq)), key=decorated.__getitem__), dtype=np.int64)
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[ranked] = np.arange(len(uniq))
    return _join_ranked(codes, n_groups, rank[value_codes], np.asarray(uniques, dtype=object)[ranked], sep, counts)


def _join_ranked(codes: np.ndarray, n_groups: int, ranks: np.ndarray, names: np.ndarray, sep: str = ",",
                 counts: list | None = None) -> list[str]:
    """`_joined_per_group` for values given by rank: row i has the value ``names[ranks[i]]``,
    ``names`` distinct and in the wanted order. Rows with code -1 are ignored."""
    codes = np.asarray(codes, dtype=np.int64)
    keep = codes >= 0
    n = max(len(names), 1)
    pairs = _unique_ints(codes[keep] * n + np.asarray(ranks, dtype=np.int64)[keep])
    group = pairs // n
    ids = names[pairs % n].tolist() if len(names) else []
    bounds = np.searchsorted(group, np.arange(n_groups + 1)).tolist()
    if counts is not None:
        counts.extend(b - a for a, b in zip(bounds[:-1], bounds[1:]))
    return [sep.join(ids[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]


def _passage_ranks(ds: "Dataset") -> np.ndarray | None:
    """Per passage row, the position of its id in `_passage_order`; None when an id is missing."""
    order = _passage_order(ds)

    def compute() -> tuple:
        codes, uniques = ds.factorize("passages", "passage_id")
        if order is None or (codes < 0).any():
            return (None,)
        return (order.get_indexer(pd.Index(uniques, dtype=object))[codes],)

    return ds.derive("passage_ranks", [("passages", "passage_id")], compute)[0]


def _positions(ds: "Dataset", resource: str, column: str, keys: list) -> np.ndarray:
    """Per row of a column, the position of its value in ``keys`` (distinct), -1 when absent:
    `_group_codes` of the column, hashing only its distinct values."""
    codes, uniques = ds.factorize(resource, column)
    return np.append(_group_codes(uniques, keys), -1)[codes]


def _links_with_stage(ds: "Dataset", resource: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rows of a link table (with a passage_id) whose passage and its source exist, as
    an inner join on passages and sources would keep them: (rows, their passage rows, the
    stage of each, a Python-object array)."""
    prow = ds.lookup(resource, "passage_id", "passages", "passage_id")
    srow = np.append(ds.lookup("passages", "source_id", "sources", "source_id"), -1)[prow]
    keep = np.flatnonzero((prow >= 0) & (srow >= 0))
    return keep, prow[keep], _column(ds.sources, "stage", srow[keep])


def _joined_passages(ds: "Dataset", codes: np.ndarray, n_groups: int, prow: np.ndarray,
                     counts: list | None = None) -> list[str]:
    """`_joined_per_group` of the passage ids at passage rows ``prow`` (by rank when it can)."""
    ranks = _passage_ranks(ds)
    if ranks is not None:
        return _join_ranked(codes, n_groups, ranks[prow], _passage_order(ds).to_numpy(dtype=object), counts=counts)
    return _joined_per_group(codes, n_groups, _column(ds.passages, "passage_id", prow), counts=counts)


def _passage_stages(ds: "Dataset") -> np.ndarray:
    """Per passage row, the position of its source's stage in `STAGES` (-1 when unknown)."""
    source_row = ds.lookup("passages", "source_id", "sources", "source_id")
    return np.append(_positions(ds, "sources", "stage", STAGES), -1)[source_row]


def _coded_rows(ds: "Dataset") -> tuple[np.ndarray, np.ndarray]:
    """The rows of the passages and themes behind each code that `_coded` keeps, in its order."""
    prow = ds.lookup("passage_themes", "passage_id", "passages", "passage_id")
    trow = ds.lookup("passage_themes", "theme_id", "themes", "theme_id")
    keep = (prow >= 0) & (trow >= 0)
    return prow[keep], trow[keep]


def source_order(sources: pd.DataFrame) -> list[str]:
    """Source ids in reading order: pre-meeting before post-meeting, then by published date and id."""
    ids = sources["source_id"]
    if sources["published"].dtype.kind == "M" and (ids.dtype == object or isinstance(ids.dtype, pd.StringDtype)):
        # The same stable three-key sort (missing values last in each key), as one Python sort
        # of plain tuples instead of a DataFrame sort: cheap for the few rows a sources table has.
        rank = {stage: i for i, stage in enumerate(STAGES)}
        stage = [rank.get(x, len(STAGES)) for x in _str(sources["stage"]).tolist()]
        published = sources["published"].to_numpy(dtype="datetime64[ns]")
        missing_date = np.isnat(published).tolist()
        dates = published.view(np.int64).tolist()
        sid = _str(ids).tolist()
        keys = [(st, nd, d if not nd else 0, x is None, x if x is not None else "")
                for st, nd, d, x in zip(stage, missing_date, dates, sid)]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        values = ids.to_numpy(dtype=object)
        return [str(values[i]) for i in order]
    s = sources.assign(_stage=pd.Categorical(_str(sources["stage"]), STAGES, ordered=True))
    s = s.sort_values(["_stage", "published", "source_id"], na_position="last")
    return [str(x) for x in s["source_id"].to_numpy(dtype=object)]


def _column(df: pd.DataFrame, name: str, rows: np.ndarray | None = None) -> np.ndarray:
    """A column's values as a Python-object array (missing values None), optionally at ``rows``
    (row -1 gives None)."""
    values = df[name].to_numpy(dtype=object, na_value=None)
    if rows is None:
        return values
    return np.append(values, None)[rows]


def _passages(ds: "Dataset") -> pd.DataFrame:
    """Passages with their source's stage (None when the source is unknown), as plain
    columns, one row per passage in table order."""
    passages = ds.passages
    source_row = ds.lookup("passages", "source_id", "sources", "source_id")
    return pd.DataFrame({
        "passage_id": pd.Series(_column(passages, "passage_id"), dtype=object),
        "source_id": pd.Series(_column(passages, "source_id"), dtype=object),
        "stage": pd.Series(_column(ds.sources, "stage", source_row), dtype=object),
        "seq": passages["seq"].astype(int).reset_index(drop=True),
        "kind": pd.Series(_column(passages, "kind"), dtype=object),
        "n_words": passages["n_words"].astype(int).reset_index(drop=True),
    })


# --- the dataset at a glance ---------------------------------------------------------------

def passages_per_source(ds: "Dataset") -> pd.DataFrame:
    """Passages and words per interview and kind of passage.

    One row per (source_id, kind) that occurs: stage, n_passages, n_words. Sources in reading
    order, kinds in codebook order (lead, question, answer, caption).
    """
    p = _passages(ds)
    kinds = list(ds.passages["kind"].cat.categories)
    g = (p.groupby(["source_id", "stage", "kind"], sort=False)
         .agg(n_passages=("passage_id", "size"), n_words=("n_words", "sum")).reset_index())
    g["_s"] = g["source_id"].map({s: i for i, s in enumerate(source_order(ds.sources))})
    g["_k"] = g["kind"].map({k: i for i, k in enumerate(kinds)})
    return g.sort_values(["_s", "_k"]).drop(columns=["_s", "_k"]).reset_index(drop=True)


def kappa_from_counts(tp: int, fp: int, fn: int, tn: int) -> float:
    """Cohen's kappa from a 2x2 table of two boolean codings: tp (both code the unit), fp
    (only the second), fn (only the first), tn (neither). NaN when chance agreement is 1."""
    n = tp + fp + fn + tn
    p_o = (tp + tn) / n
    pa, pb = (tp + fn) / n, (tp + fp) / n
    p_e = pa * pb + (1 - pa) * (1 - pb)
    return float("nan") if p_e == 1.0 else (p_o - p_e) / (1 - p_e)


def cohen_kappa(a: pd.Series, b: pd.Series) -> float:
    """Cohen's kappa for two boolean codings of the same units.

    Returns NaN when chance agreement is 1 (both coders gave the same single value to every
    unit), where kappa is undefined.
    """
    a = a.astype(bool).to_numpy()
    b = b.astype(bool).to_numpy()
    if len(a) != len(b) or len(a) == 0:
        raise ValueError("cohen_kappa needs two codings of the same, non-empty set of units")
    return kappa_from_counts(int((a & b).sum()), int((~a & b).sum()), int((a & ~b).sum()), int((~a & ~b).sum()))


def coding_agreement(ds: "Dataset") -> pd.DataFrame:
    """Agreement between the two independent coding passes, per theme.

    One row per theme (codebook order): label, core, n_pass_a and n_pass_b (passages each pass
    coded with the theme), n_both, n_disagree, agreement (share of all passages on which the
    passes agree) and kappa (Cohen's, over all passages; NaN where undefined).
    """
    row_of, uniques = ds.factorize("passages", "passage_id")  # a passage without id: -1
    keys = uniques.tolist()  # distinct passage ids, in table order
    themes = ds.themes.sort_values("sort_order")
    theme_ids = list(dict.fromkeys(_str(themes["theme_id"])))
    # One passage x theme matrix per pass, filled in one go (every passage, codes or not),
    # from integer codes of the coding table's columns.
    p_idx = _positions(ds, "coding_passes", "passage_id", keys)
    t_idx = _positions(ds, "coding_passes", "theme_id", theme_ids)
    coded = {}
    pass_idx = _positions(ds, "coding_passes", "pass_id", ["a", "b"])
    n_rows = len(row_of)
    for i, p in enumerate(("a", "b")):
        m = np.zeros((len(keys) + 1, len(theme_ids)), dtype=bool)  # last row: no id, never coded
        sel = (pass_idx == i) & (p_idx >= 0) & (t_idx >= 0)
        m[p_idx[sel], t_idx[sel]] = True
        coded[p] = m[row_of]
    column = {t: j for j, t in enumerate(theme_ids)}
    rows = []
    for _, t in themes.iterrows():
        j = column.get(t.theme_id, -1)
        a = pd.Series(coded["a"][:, j] if j >= 0 else np.zeros(n_rows, dtype=bool))
        b = pd.Series(coded["b"][:, j] if j >= 0 else np.zeros(n_rows, dtype=bool))
        rows.append({
            "theme_id": str(t.theme_id), "label": str(t.label), "core": bool(t.core),
            "n_pass_a": int(a.sum()), "n_pass_b": int(b.sum()), "n_both": int((a & b).sum()),
            "n_disagree": int((a != b).sum()), "agreement": float((a == b).mean()),
            "kappa": cohen_kappa(a, b),
        })
    return pd.DataFrame(rows)


def evidence(ds: "Dataset", passage_ids: Iterable[str] | str) -> pd.DataFrame:
    """The passages behind a number: one row per passage, in reading order.

    Columns: passage_id, source_id, seq, kind, locator, summary. `passage_ids` is a list or a
    comma-separated string as found in the `passage_ids` column of the count helpers.
    """
    if isinstance(passage_ids, str):
        passage_ids = [x for x in passage_ids.split(",") if x]
    wanted = list(dict.fromkeys(passage_ids))
    codes, uniques = ds.factorize("passages", "passage_id")
    where = _group_codes(wanted, uniques.tolist()) if wanted else np.empty(0, dtype=np.int64)
    unknown = {w for w, i in zip(wanted, where.tolist()) if i < 0}
    if unknown:
        raise KeyError(f"unknown passage_id(s): {sorted(unknown)}")
    return _evidence_rows(ds, np.flatnonzero(np.isin(codes, where)))


def _evidence_rows(ds: "Dataset", rows: np.ndarray) -> pd.DataFrame:
    """`evidence()` of the passages at ``rows`` (positions in the passages table, ascending)."""
    p = ds.passages.take(rows)
    out = pd.DataFrame({k: _str(p[k]) for k in ("passage_id", "source_id", "kind", "locator", "summary")})
    out.insert(2, "seq", p["seq"].astype(int).to_numpy())
    order = {s: i for i, s in enumerate(source_order(ds.sources))}
    out["_s"] = out["source_id"].map(order)
    return out.sort_values(["_s", "seq"]).drop(columns="_s").reset_index(drop=True)


# --- themes ------------------------------------------------------------------------------

def theme_counts(ds: "Dataset", *, core_only: bool = False) -> pd.DataFrame:
    """Passages per theme per interview, as counts and shares.

    One row per (source_id, theme_id), zeros included: stage, label, core, n_passages,
    n_source_passages, share (n_passages / n_source_passages, 0..1), passage_ids. Sorted by
    source (reading order) then codebook order.
    """
    p = _passages(ds)
    themes = ds.themes.sort_values("sort_order")
    if core_only:
        themes = themes[themes["core"].astype(bool)]
    sources = source_order(ds.sources)
    t_ids = themes["theme_id"].to_numpy(dtype=object).tolist()
    if not sources or not t_ids:
        return pd.DataFrame([])
    # Every (source, theme) cell at once: one code per coded row, counted and joined per cell.
    # Codes point at passage and theme rows; per-row facts are looked up by position.
    src_of_passage = _positions(ds, "passages", "source_id", sources)
    n_src = np.bincount(src_of_passage[src_of_passage >= 0], minlength=len(sources)).tolist()
    first_row = first_row_per_code(src_of_passage, len(sources))[:-1]  # each source's first passage
    p_stage = p["stage"].to_numpy(dtype=object)
    stage = [str(p_stage[r]) if n else None for r, n in zip(first_row.tolist(), n_src)]
    prow, trow = _coded_rows(ds)
    keys = list(dict.fromkeys(t_ids))
    n_t = len(keys)
    s_idx = src_of_passage[prow]
    t_idx = _positions(ds, "themes", "theme_id", keys)[trow]
    t_pos = _group_codes(t_ids, keys)  # duplicated theme ids share a cell
    cell = np.where((s_idx >= 0) & (t_idx >= 0), s_idx * n_t + t_idx, -1)
    counts = np.bincount(cell[cell >= 0], minlength=len(sources) * n_t)
    joined = _joined_passages(ds, cell, len(sources) * n_t, prow)
    grid = (np.arange(len(sources))[:, None] * n_t + t_pos[None, :]).ravel()
    n = counts[grid]
    n_source = np.repeat(np.array(n_src, dtype=np.int64), len(t_ids))
    share = np.full(len(grid), np.nan)
    np.divide(n, n_source, out=share, where=n_source > 0)
    reps = len(sources)
    return pd.DataFrame({
        "source_id": np.repeat(np.array(sources, dtype=object), len(t_ids)).tolist(),
        "stage": np.repeat(np.array(stage, dtype=object), len(t_ids)).tolist(),
        "theme_id": [str(t) for t in t_ids] * reps,
        "label": [str(x) for x in themes["label"].to_numpy(dtype=object)] * reps,
        "core": [bool(x) for x in themes["core"].to_numpy(dtype=object)] * reps,
        "n_passages": n.tolist(),
        "n_source_passages": n_source.tolist(),
        "share": share.tolist(),
        "passage_ids": [joined[i] for i in grid.tolist()],
    })


def theme_table(counts: pd.DataFrame) -> pd.DataFrame:
    """`theme_counts()` as a wide table for reading: one row per theme (codebook order), with
    `n_<source>` and `share_<source>` columns per source in reading order."""
    themes = list(dict.fromkeys(counts["label"].to_numpy(dtype=object).tolist()))
    sources = list(dict.fromkeys(counts["source_id"].to_numpy(dtype=object).tolist()))
    wide = counts.pivot(index="label", columns="source_id", values=["n_passages", "share"]).reindex(themes)
    index = pd.Index(themes, name="theme")
    # Two blocks of columns built whole and put side by side once (assigning the columns one
    # by one is quadratic in the number of sources).
    core = counts.drop_duplicates("label").set_index("label")["core"].reindex(themes)
    n_block = wide["n_passages"].reindex(columns=sources).astype(int).to_numpy()
    share_block = wide["share"].reindex(columns=sources).astype(float).round(3).to_numpy()
    parts = [pd.DataFrame({"core": core.to_numpy()}, index=index),
             pd.DataFrame(n_block, index=index, columns=pd.Index([f"n_{sid}" for sid in sources])),
             pd.DataFrame(share_block, index=index, columns=pd.Index([f"share_{sid}" for sid in sources]))]
    return pd.concat(parts, axis=1).reset_index()


def theme_shift(ds: "Dataset", *, core_only: bool = False) -> pd.DataFrame:
    """How theme emphasis shifted from before the meetings to after.

    One row per theme (codebook order): label, core, n_pre, n_post, share_pre and share_post
    (share of the passages of all pre- or post-meeting sources that carry the theme) and
    shift_pts (share_post - share_pre, in percentage points).
    """
    themes = ds.themes.sort_values("sort_order")
    if core_only:
        themes = themes[themes["core"].astype(bool)]
    # The stage of each passage, and codes per (theme id, stage), counted on integer codes.
    stage = _passage_stages(ds)
    n_stage = dict(zip(STAGES, np.bincount(stage[stage >= 0], minlength=len(STAGES)).tolist()))
    prow, trow = _coded_rows(ds)
    theme_code, theme_ids = ds.factorize("themes", "theme_id")
    cell = theme_code[trow] * len(STAGES) + stage[prow]
    known = (theme_code[trow] >= 0) & (stage[prow] >= 0)
    counts = np.bincount(cell[known], minlength=len(theme_ids) * len(STAGES))
    code_of = {t: i for i, t in enumerate(theme_ids.tolist())}
    rows = []
    for _, t in themes.iterrows():
        j = code_of.get(t.theme_id)
        n = {s: 0 if j is None else int(counts[j * len(STAGES) + i]) for i, s in enumerate(STAGES)}
        sh = {s: n[s] / n_stage[s] if n_stage[s] else float("nan") for s in STAGES}
        rows.append({"theme_id": str(t.theme_id), "label": str(t.label), "core": bool(t.core),
                     "n_pre": n["pre-meeting"], "n_post": n["post-meeting"],
                     "share_pre": sh["pre-meeting"], "share_post": sh["post-meeting"],
                     "shift_pts": 100 * (sh["post-meeting"] - sh["pre-meeting"])})
    return pd.DataFrame(rows)


def theme_cooccurrence(ds: "Dataset", *, core_only: bool = False) -> pd.DataFrame:
    """Which themes occur in the same passage.

    One row per ordered pair (theme_a, theme_b) of themes, both orders and the diagonal
    included (the diagonal counts passages with the theme at all): label_a, label_b,
    n_passages, passage_ids. Pairs in codebook order.
    """
    th = ds.themes.sort_values("sort_order")
    if core_only:
        th = th[th["core"].astype(bool)]
    themes = [str(t) for t in th["theme_id"]]
    labels = dict(zip(_str(th["theme_id"]), _str(th["label"])))
    # Pairs of themes sharing a passage, from a self-join of the codes on the passage, all on
    # integer codes: passage rows and theme positions.
    keys = list(dict.fromkeys(themes))
    prow, trow = _coded_rows(ds)
    t_code = _positions(ds, "themes", "theme_id", keys)[trow]
    pair = _unique_ints(prow[t_code >= 0] * max(len(keys), 1) + t_code[t_code >= 0])  # distinct, by passage row
    p_sorted, t_sorted = pair // max(len(keys), 1), pair % max(len(keys), 1)
    # Every ordered pair of codes of one passage: pair each code with every code of its run.
    starts = np.flatnonzero(np.r_[True, p_sorted[1:] != p_sorted[:-1]]) if len(pair) else np.empty(0, np.int64)
    sizes = np.diff(np.r_[starts, len(pair)])
    run_start = np.repeat(starts, sizes)
    run_size = np.repeat(sizes, sizes)
    left = np.repeat(np.arange(len(pair)), run_size)
    right = (np.arange(len(left)) - np.repeat(np.cumsum(run_size) - run_size, run_size)) + np.repeat(run_start, run_size)
    cell = t_sorted[left] * len(keys) + t_sorted[right]
    counts = np.bincount(cell, minlength=len(keys) ** 2)
    joined = _joined_passages(ds, cell, len(keys) ** 2, p_sorted[left])
    pos = {t: i for i, t in enumerate(keys)}
    rows = []
    for a in themes:
        for b in themes:
            i = pos[a] * len(keys) + pos[b]
            rows.append({"theme_a": a, "theme_b": b, "label_a": labels[a], "label_b": labels[b],
                         "n_passages": int(counts[i]), "passage_ids": joined[i]})
    return pd.DataFrame(rows)


def theme_positions(ds: "Dataset", *, core_only: bool = True) -> pd.DataFrame:
    """Where in each interview the themes occur.

    One row per coded (passage, theme): source_id, seq, position (the passage's place in its
    interview from 0 to 1: (seq - 0.5) / passages in the source), theme_id, label. Sorted by
    source, theme order, seq.
    """
    prow, trow = _coded_rows(ds)
    th = ds.themes
    if core_only:
        core = th["core"].astype(bool).to_numpy()[trow]
        prow, trow = prow[core], trow[core]
    source, sources = ds.factorize("passages", "source_id")
    n_src = np.bincount(source[source >= 0], minlength=len(sources))  # passages per source
    src = source[prow]
    seq = ds.passages["seq"].astype(int).to_numpy()[prow]
    rank = {sid: i for i, sid in enumerate(source_order(ds.sources))}
    src_rank = np.array([rank.get(sid, len(rank)) for sid in sources.tolist()] + [len(rank)], dtype=np.int64)[src]
    order = np.lexsort((seq, th["sort_order"].astype(int).to_numpy()[trow], src_rank))
    prow, trow, src, seq = prow[order], trow[order], src[order], seq[order]
    return pd.DataFrame({
        "passage_id": pd.Series(_column(ds.passages, "passage_id")[prow], dtype=object),
        "source_id": pd.Series(np.append(sources, None)[src], dtype=object),
        "seq": seq,
        "position": (seq - 0.5) / np.append(n_src.astype(float), np.nan)[src],
        "theme_id": pd.Series(_column(th, "theme_id")[trow], dtype=object),
        "label": pd.Series(_column(th, "label")[trow], dtype=object),
    })


def theme_evidence(ds: "Dataset", theme_id: str, source_id: str | None = None) -> pd.DataFrame:
    """The passages coded with a theme (optionally in one interview), as `evidence()` rows."""
    if theme_id not in set(_str(ds.themes["theme_id"])):
        raise KeyError(f"unknown theme_id: {theme_id!r}")
    # The codes of this one theme, kept where `_coded` keeps them (the passage exists; its
    # source when one is asked for), by position: no code of another theme is touched.
    codes, uniques = ds.factorize("passage_themes", "theme_id")
    code = _group_codes([theme_id], uniques.tolist())[0] if len(uniques) else -1
    prow = ds.lookup("passage_themes", "passage_id", "passages", "passage_id")[codes == code] if code >= 0 else \
        np.empty(0, dtype=np.int64)
    prow = prow[prow >= 0]
    if source_id is not None:
        prow = prow[_column(ds.passages, "source_id")[prow] == source_id]
    return _evidence_rows(ds, _unique_ints(prow))


def variant_spellings(ds: "Dataset") -> pd.DataFrame:
    """The spellings that differ from an entity's canonical name: abbreviations, formal names,
    adjectives, variants and typos. One row per alias: alias, alias_kind, entity (name), note.
    Sorted by entity, then alias kind and alias."""
    al = ds.aliases.merge(ds.entities[["entity_id", "name"]], on="entity_id")
    out = pd.DataFrame({"alias": _str(al.alias), "alias_kind": _str(al.alias_kind), "entity": _str(al.name),
                        "note": _str(al.note)}).fillna("")
    out = out[out.alias_kind != "name"]
    kinds = list(ds.aliases["alias_kind"].cat.categories)
    out["_k"] = out.alias_kind.map({k: i for i, k in enumerate(kinds)})
    return out.sort_values(["entity", "_k", "alias"]).drop(columns="_k").reset_index(drop=True)


# --- agreements and trade --------------------------------------------------------------

def agreement_progress(ds: "Dataset") -> pd.DataFrame:
    """Each agreement, plan or initiative with its status and how far along that puts it.

    One row per agreement: short_name, kind, scope, status, progress (reported done, under
    way, planned or proposed, status not stated), passage_id. Sorted by progress, kind, name.
    """
    a = ds.agreements
    out = pd.DataFrame({k: _str(a[k]) for k in ("agreement_id", "short_name", "kind", "scope", "status", "passage_id")})
    out["progress"] = out["status"].map(PROGRESS)
    if out["progress"].isna().any():
        raise ValueError(f"status without a progress class: {sorted(set(out.loc[out.progress.isna(), 'status']))}")
    out["_p"] = out["progress"].map({p: i for i, p in enumerate(PROGRESS_ORDER)})
    out = out.sort_values(["_p", "kind", "short_name"]).drop(columns="_p")
    return out[["agreement_id", "short_name", "kind", "scope", "status", "progress", "passage_id"]].reset_index(drop=True)


def progress_counts(ds: "Dataset", by: str = "kind") -> pd.DataFrame:
    """Agreements per progress class and `by` (kind or scope).

    One row per (progress, by-value) that occurs: n_agreements, agreement_ids. Sorted by
    progress order then the by-value.
    """
    if by not in ("kind", "scope", "status"):
        raise ValueError("by must be 'kind', 'scope' or 'status'")
    ap = agreement_progress(ds)
    g = (ap.groupby(["progress", by], sort=False)
         .agg(n_agreements=("agreement_id", "size"), agreement_ids=("agreement_id", lambda s: ",".join(sorted(s))))
         .reset_index())
    g["_p"] = g["progress"].map({p: i for i, p in enumerate(PROGRESS_ORDER)})
    return g.sort_values(["_p", by]).drop(columns="_p").reset_index(drop=True)


def fta_partners(ds: "Dataset") -> pd.DataFrame:
    """The partners of each free trade agreement, as the interviews name them.

    One row per (FTA, partner): short_name, status, entity_id, partner, stage (of the passage
    that links them), passage_id. Sorted by partner, then agreement.
    """
    a = ds.agreements[_str(ds.agreements["kind"]) == "FTA"]
    ap = ds.agreement_partners.merge(a[["agreement_id", "short_name", "status"]], on="agreement_id")
    ap = ap.merge(ds.entities[["entity_id", "name"]], on="entity_id")
    ap = ap.merge(ds.passages[["passage_id", "source_id"]], on="passage_id").merge(ds.sources[["source_id", "stage"]], on="source_id")
    out = pd.DataFrame({"agreement_id": _str(ap.agreement_id), "short_name": _str(ap.short_name),
                        "status": _str(ap.status), "entity_id": _str(ap.entity_id), "partner": _str(ap.name),
                        "stage": _str(ap.stage), "passage_id": _str(ap.passage_id)})
    return out.sort_values(["partner", "agreement_id"]).reset_index(drop=True)


def agreement_status_by_stage(ds: "Dataset") -> pd.DataFrame:
    """The status each interview stage gives each agreement (from every mention).

    One row per agreement: short_name, kind, status_pre and status_post (the statuses the
    passages of that stage give, joined with '; ', empty when the stage does not mention it),
    passage_ids. Sorted by kind, name.
    """
    keep, prow, stage_of = _links_with_stage(ds, "agreement_passages")
    a = ds.agreements
    if not len(a):
        return pd.DataFrame([]).sort_values(["kind", "short_name"]).reset_index(drop=True)
    # Every mention is assigned to its agreement (and stage) once; statuses and passages are
    # then joined per group, instead of filtering all mentions for each agreement.
    ids = a["agreement_id"].to_numpy(dtype=object).tolist()
    keys = list(dict.fromkeys(ids))
    row = _group_codes(ids, keys)
    g = _positions(ds, "agreement_passages", "agreement_id", keys)[keep]
    stage = _group_codes(stage_of, STAGES)
    by_stage = np.where((g >= 0) & (stage >= 0), g * len(STAGES) + stage, -1)
    statuses = _joined_per_group(by_stage, len(keys) * len(STAGES), _column(ds.agreement_passages, "status")[keep],
                                 sep="; ", key=None)
    passages = _joined_passages(ds, g, len(keys), prow)
    out = pd.DataFrame({
        "agreement_id": [str(x) for x in ids],
        "short_name": [str(x) for x in a["short_name"].to_numpy(dtype=object)],
        "kind": [str(x) for x in a["kind"].to_numpy(dtype=object)],
        "status_pre": [statuses[i * len(STAGES)] for i in row],
        "status_post": [statuses[i * len(STAGES) + 1] for i in row],
        "passage_ids": [passages[i] for i in row],
    })
    return out.sort_values(["kind", "short_name"]).reset_index(drop=True)


# --- partners ----------------------------------------------------------------------------

def _mentions_grouped(ds: "Dataset", kinds: Iterable[str] | None, by: str) -> pd.DataFrame:
    """The entity mentions (of entities of ``kinds``; every kind when None) grouped by
    entity_id, name, kind and ``by`` (``source_id`` or ``context``): one row per group with
    n_passages (distinct passages) and passage_ids (joined in reading order), sorted by the
    four keys, as ``groupby(keys).agg(...)`` would give them.

    Computed on integer codes: each mention's entity and passage rows (`Dataset.lookup`) and
    the code of its ``by`` value; only the groups, far fewer than the mentions, are sorted
    by their strings. Mentions with a missing key are left out, as groupby leaves them out.
    """
    erow = ds.lookup("passage_entities", "entity_id", "entities", "entity_id")
    prow = ds.lookup("passage_entities", "passage_id", "passages", "passage_id")
    ent = ds.entities
    ent_ok = ent["entity_id"].notna().to_numpy() & ent["name"].notna().to_numpy() & ent["kind"].notna().to_numpy()
    if kinds is not None:
        ent_ok &= ent["kind"].isin(list(kinds)).to_numpy()
    if by == "source_id":
        b_codes, b_values = ds.factorize("passages", "source_id")
        b_codes = np.append(b_codes, -1)[prow]
    else:
        b_codes, b_values = ds.factorize("passage_entities", by)
    keep = np.flatnonzero((erow >= 0) & (prow >= 0) & np.append(ent_ok, False)[erow] & (b_codes >= 0))
    n_b = max(len(b_values), 1)
    group_key = erow[keep] * n_b + b_codes[keep]
    groups = _unique_ints(group_key)
    codes = np.searchsorted(groups, group_key)
    distinct: list[int] = []
    joined = _joined_passages(ds, codes, len(groups), prow[keep], counts=distinct)
    g_ent = groups // n_b
    frame = pd.DataFrame({  # string columns as groupby gives them (pandas' str dtype)
        "entity_id": pd.Series(_column(ent, "entity_id")[g_ent], dtype="str"),
        "name": pd.Series(_column(ent, "name")[g_ent], dtype="str"),
        "kind": pd.Series(_column(ent, "kind")[g_ent], dtype="str"),
        by: pd.Series(np.asarray(b_values, dtype=object)[groups % n_b], dtype="str"),
        "n_passages": np.array(distinct, dtype=np.int64),
        "passage_ids": pd.Series(joined, dtype="str"),
    })
    return frame.sort_values(["entity_id", "name", "kind", by], kind="stable").reset_index(drop=True)


def partner_coverage(ds: "Dataset", kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """How many passages of each interview name each entity.

    One row per (entity, source) with at least one mention: name, kind, source_id, n_passages,
    passage_ids. `kinds` limits the entity kinds (default: every kind). Sorted by total
    passages descending, then name, then source order.
    """
    g = _mentions_grouped(ds, kinds, "source_id")
    total = g.groupby("entity_id")["n_passages"].transform("sum")
    order = {s: i for i, s in enumerate(source_order(ds.sources))}
    g = g.assign(_t=-total, _s=g.source_id.map(order)).sort_values(["_t", "name", "_s"])
    return g.drop(columns=["_t", "_s"]).reset_index(drop=True)


def partner_contexts(ds: "Dataset", kinds: Iterable[str] | None = PARTNER_KINDS) -> pd.DataFrame:
    """In which contexts each entity is named.

    One row per (entity, context) that occurs: name, kind, n_passages, passage_ids. Sorted by
    name then context (codebook order). Defaults to partners and other states and groups.
    """
    contexts = list(ds.passage_entities["context"].cat.categories)
    g = _mentions_grouped(ds, kinds, "context")
    g["_c"] = g.context.map({c: i for i, c in enumerate(contexts)})
    return g.sort_values(["name", "_c"]).drop(columns="_c").reset_index(drop=True)


def coverage_by_kind(ds: "Dataset") -> pd.DataFrame:
    """Entities and mentions per kind of entity and interview.

    One row per (kind, source_id), zeros included: n_entities (distinct entities named),
    n_mentions (passage-entity pairs). Kinds in codebook order, sources in reading order.
    """
    kinds = [str(k) for k in ds.entities["kind"].cat.categories]
    sources = source_order(ds.sources)
    if not kinds or not sources:
        return pd.DataFrame([])
    # One (kind, source) cell per mention; distinct entities and mentions counted per cell,
    # on the rows of the entity and passage of each mention.
    erow = ds.lookup("passage_entities", "entity_id", "entities", "entity_id")
    prow = ds.lookup("passage_entities", "passage_id", "passages", "passage_id")
    known = np.flatnonzero((erow >= 0) & (prow >= 0))
    erow, prow = erow[known], prow[known]
    k_idx = _positions(ds, "entities", "kind", kinds)[erow]
    s_idx = _positions(ds, "passages", "source_id", sources)[prow]
    cell = np.where((k_idx >= 0) & (s_idx >= 0), k_idx * len(sources) + s_idx, -1)
    sel = cell >= 0
    cell, erow, prow = cell[sel], erow[sel], prow[sel]
    n_cells = len(kinds) * len(sources)
    n_ent, n_pas = max(len(ds.entities), 1), max(len(ds.passages), 1)
    n_entities = np.bincount(_unique_ints(cell * n_ent + erow) // n_ent, minlength=n_cells)
    n_mentions = np.bincount(_unique_ints((cell * n_pas + prow) * n_ent + erow) // (n_pas * n_ent), minlength=n_cells)
    return pd.DataFrame({
        "kind": np.repeat(np.array(kinds, dtype=object), len(sources)).tolist(),
        "source_id": sources * len(kinds),
        "n_entities": n_entities.tolist(),
        "n_mentions": n_mentions.tolist(),
    })


def partner_links(ds: "Dataset", kinds: Iterable[str] = PARTNER_KINDS) -> pd.DataFrame:
    """Links between partners and the meetings and agreements that connect them.

    Built only from curated link tables, never from co-occurrence in a paragraph (a paragraph
    about two meetings would otherwise tie each partner to both). One row per (entity, target):
    name, target_type (meeting or agreement), target_id, target_label, passage_id (the passage
    that states the link). Sorted by name, target_type, target_id.
    """
    ent = ds.entities[_str(ds.entities["kind"]).isin(list(kinds))]
    ent = pd.DataFrame({"entity_id": _str(ent.entity_id), "name": _str(ent.name)})
    mp = ds.meeting_participants.merge(ds.meetings[["meeting_id", "short_name"]], on="meeting_id")
    ap = ds.agreement_partners.merge(ds.agreements[["agreement_id", "short_name"]], on="agreement_id")
    links = pd.concat([
        pd.DataFrame({"entity_id": _str(mp.entity_id), "target_type": "meeting", "target_id": _str(mp.meeting_id),
                      "target_label": _str(mp.short_name), "passage_id": _str(mp.passage_id)}),
        pd.DataFrame({"entity_id": _str(ap.entity_id), "target_type": "agreement", "target_id": _str(ap.agreement_id),
                      "target_label": _str(ap.short_name), "passage_id": _str(ap.passage_id)}),
    ], ignore_index=True)
    out = links.merge(ent, on="entity_id").sort_values(["name", "target_type", "target_id"])
    return out[["entity_id", "name", "target_type", "target_id", "target_label", "passage_id"]].reset_index(drop=True)


# --- Vietnam's roles ---------------------------------------------------------------------

def role_timeline(ds: "Dataset", start: int = 2021, end: int = 2031) -> pd.DataFrame:
    """Vietnam's roles beside the plans, visions and anniversaries, on one time axis.

    One row per bar: label, category (role, plan, vision, anniversary, accession, meeting,
    milestone), period (the true years, e.g. '2024–2027'; an event without a start year shows
    its end year), start_year, end_year (clipped to [start, end]), clipped (True when the
    period runs past the window), passage_id.
    Roles first, then the timeline events, each sorted by (clipped) start year, end year, label.
    """
    r = ds.vietnam_roles
    roles = pd.DataFrame({"label": _str(r.role).str.capitalize() + ": " + _str(r.counterpart),
                          "category": "role", "start_year": r.start_year.astype(int), "end_year": r.end_year.astype(int),
                          "passage_id": _str(r.passage_id)})
    t = ds.timeline
    ev = pd.DataFrame({"label": _str(t.label), "category": _str(t.kind),
                       "start_year": t.start_year.fillna(t.end_year).astype(int), "end_year": t.end_year.astype(int),
                       "passage_id": _str(t.passage_id)})
    out = []
    for df in (roles, ev):
        df = df[(df.end_year >= start) & (df.start_year <= end)].copy()
        df["period"] = [f"{a}" if a == b else f"{a}–{b}" for a, b in zip(df.start_year, df.end_year)]
        df["clipped"] = (df.start_year < start) | (df.end_year > end)
        df["start_year"] = df.start_year.clip(lower=start)
        df["end_year"] = df.end_year.clip(upper=end)
        out.append(df.sort_values(["start_year", "end_year", "label"]))
    return pd.concat(out, ignore_index=True)[["label", "category", "period", "start_year", "end_year", "clipped", "passage_id"]]


def roles_announced_reported(ds: "Dataset") -> pd.DataFrame:
    """Which of Vietnam's roles each interview mentions: announced before, reported after.

    One row per role: role, counterpart, period, pre (mentioned in a pre-meeting passage),
    post (mentioned in a post-meeting passage), passage_ids. Sorted by role order, counterpart.
    """
    keep, prow, stage = _links_with_stage(ds, "role_passages")
    r = ds.vietnam_roles
    roles = list(r["role"].cat.categories)
    if not len(r):
        return pd.DataFrame([]).sort_values(["_r", "counterpart"]).drop(columns="_r").reset_index(drop=True)
    # Every role-passage link is assigned to its role once, instead of filtering per role.
    ids = r["role_id"].to_numpy(dtype=object).tolist()
    keys = list(dict.fromkeys(ids))
    row = _group_codes(ids, keys)
    g = _positions(ds, "role_passages", "role_id", keys)[keep]
    pre = np.zeros(len(keys) + 1, dtype=bool)
    post = np.zeros(len(keys) + 1, dtype=bool)
    pre[g[stage == "pre-meeting"]] = True  # code -1 lands on the spare last slot
    post[g[stage == "post-meeting"]] = True
    passages = _joined_passages(ds, g, len(keys), prow)
    role = [str(x) for x in r["role"].to_numpy(dtype=object)]
    years = zip(map(int, r["start_year"].to_numpy(dtype=object)), map(int, r["end_year"].to_numpy(dtype=object)))
    period = [f"{a}" if a == b else f"{a}–{b}" for a, b in years]
    out = pd.DataFrame({
        "role": role,
        "counterpart": [str(x) for x in r["counterpart"].to_numpy(dtype=object)],
        "period": period,
        "pre": [bool(pre[i]) for i in row],
        "post": [bool(post[i]) for i in row],
        "passage_ids": [passages[i] for i in row],
        "_r": [roles.index(x) for x in role],
    })
    return out.sort_values(["_r", "counterpart"]).drop(columns="_r").reset_index(drop=True)


def meetings_by_role(ds: "Dataset") -> pd.DataFrame:
    """Meetings grouped by Vietnam's role in them.

    One row per role that occurs (co-chair, head of delegation, attended, not stated):
    n_meetings, meetings (short names, '; '-joined), passage_ids (the passages that state the
    role). Sorted in that role order.
    """
    m = pd.DataFrame({k: _str(ds.meetings[k]) for k in ("meeting_id", "short_name", "vietnam_role", "passage_id")})
    rows = []
    for role in ROLE_ORDER:
        mm = m[m.vietnam_role == role].sort_values("short_name")
        if len(mm):
            rows.append({"vietnam_role": role, "n_meetings": len(mm), "meetings": "; ".join(mm.short_name),
                         "passage_ids": _join_ids(mm.passage_id)})
    return pd.DataFrame(rows)


def message_attribution(ds: "Dataset") -> pd.DataFrame:
    """Each slogan, motto or message with its owner, speaker and forum.

    One row per message: text, kind, owner (state), speaker (person; empty when not stated),
    forum (meeting short name; empty when not stated), passage_id. Sorted in reading order of
    the passages (sources in reading order), then text.
    """
    m = ds.messages.merge(ds.entities[["entity_id", "name"]].rename(columns={"entity_id": "owner_id", "name": "owner"}), on="owner_id", how="left")
    m = m.merge(ds.people[["person_id", "name"]].rename(columns={"person_id": "speaker_id", "name": "speaker"}), on="speaker_id", how="left")
    m = m.merge(ds.meetings[["meeting_id", "short_name"]].rename(columns={"short_name": "forum"}), on="meeting_id", how="left")
    out = pd.DataFrame({k: _str(m[k]) for k in ("text", "kind", "owner", "speaker", "forum", "passage_id")})
    out = out.fillna("")
    order = {pid: i for i, pid in enumerate(evidence(ds, out.passage_id).passage_id)}
    out["_k"] = out.passage_id.map(order)
    return out.sort_values(["_k", "text"]).drop(columns="_k").reset_index(drop=True)


# --- before and after --------------------------------------------------------------------

MATCH_ORDER = ["matched", "not mentioned again", "new"]


def agenda_outcomes(ds: "Dataset") -> pd.DataFrame:
    """The pre-meeting agenda against the post-meeting report, item by item.

    One row per agenda item: label, theme (label), match (matched, not mentioned again, new),
    pre_passage_id, post_passage_id, outcome. Sorted by match order, theme order, label.
    """
    a = ds.agenda.merge(ds.themes[["theme_id", "label", "sort_order"]].rename(columns={"label": "theme"}), on="theme_id")
    out = pd.DataFrame({k: _str(a[k]) for k in ("item_id", "label", "theme", "match", "pre_passage_id", "post_passage_id", "outcome")})
    out = out.fillna("")
    out["_m"] = out.match.map({m: i for i, m in enumerate(MATCH_ORDER)})
    out["_t"] = a["sort_order"].astype(int).to_numpy()
    return out.sort_values(["_m", "_t", "label"]).drop(columns=["_m", "_t"]).reset_index(drop=True)


def agenda_summary(ds: "Dataset") -> pd.DataFrame:
    """Agenda items per theme and match.

    One row per (theme, match) that occurs: theme_id, theme (label), n_items, item_ids. Sorted by
    theme order then match order.
    """
    a = ds.agenda.merge(ds.themes[["theme_id", "label", "sort_order"]].rename(columns={"label": "theme"}), on="theme_id")
    df = pd.DataFrame({"theme_id": _str(a.theme_id), "theme": _str(a.theme), "match": _str(a.match),
                       "item_id": _str(a.item_id), "_t": a.sort_order.astype(int).to_numpy()})
    g = (df.groupby(["_t", "theme_id", "theme", "match"])
         .agg(n_items=("item_id", "size"), item_ids=("item_id", lambda s: ",".join(sorted(s)))).reset_index())
    g["_m"] = g.match.map({m: i for i, m in enumerate(MATCH_ORDER)})
    return g.sort_values(["_t", "_m"]).drop(columns=["_t", "_m"]).reset_index(drop=True)
