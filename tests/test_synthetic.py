"""The synthetic data packages of `amm58.synthetic`: valid, scaled as documented, deterministic."""

from __future__ import annotations

import json

import pytest
from conftest import DATA_DIR

from amm58 import load_dataset
from amm58.synthetic import reference_tables, write_synthetic

DESCRIPTOR = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
REAL = load_dataset(DATA_DIR)
REFERENCE = reference_tables(DESCRIPTOR)


def test_the_reference_tables_are_the_codebook_the_gazetteer_and_what_only_points_at_them():
    assert {"themes", "entities", "aliases"} <= REFERENCE
    assert not {"sources", "passages", "passage_themes", "meetings", "agreements"} & REFERENCE


@pytest.mark.parametrize("scale", [1, 3])
def test_output_validates_and_row_counts_scale_as_documented(tmp_path, scale):
    ds = load_dataset(write_synthetic(tmp_path / "pkg", scale))  # raises DatasetError if invalid
    assert list(ds.tables) == list(REAL.tables)
    for name, table in ds.tables.items():
        expected = len(REAL.tables[name]) * (1 if name in REFERENCE else scale)
        assert len(table) == expected, name
    assert len(ds.sources) == 2 * scale
    assert ds.passages["source_id"].value_counts().min() >= 20  # about 22 passages per source


def test_the_descriptor_is_copied_byte_for_byte(tmp_path):
    out = write_synthetic(tmp_path / "pkg", 2)
    assert (out / "datapackage.json").read_bytes() == (DATA_DIR / "datapackage.json").read_bytes()


def test_units_have_their_own_identifiers_and_differ_from_each_other(tmp_path):
    ds = load_dataset(write_synthetic(tmp_path / "pkg", 3))
    ids = ds.passages["passage_id"].astype(str)
    assert ids.str.match(r"^u[0-2]_").all() and ids.is_unique
    coded = ds.passage_themes.astype(str)
    per_unit = []
    for unit in ("u0_", "u1_", "u2_"):
        mine = coded[coded.passage_id.str.startswith(unit)]
        per_unit.append(sorted(zip(mine.passage_id.str.slice(len(unit)), mine.theme_id, strict=True)))
    assert len(per_unit[0]) == len(per_unit[1]) == len(per_unit[2])
    assert per_unit[0] != per_unit[1] or per_unit[1] != per_unit[2]


def test_same_seed_gives_identical_bytes_and_another_seed_other_codes(tmp_path):
    a = write_synthetic(tmp_path / "a", 3, seed=7)
    b = write_synthetic(tmp_path / "b", 3, seed=7)
    c = write_synthetic(tmp_path / "c", 3, seed=8)
    files = sorted(p.name for p in a.iterdir())
    assert files == sorted(p.name for p in b.iterdir())
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (a / "passage_themes.csv").read_bytes() != (c / "passage_themes.csv").read_bytes()


@pytest.mark.parametrize("scale", [0, -1, 1.5, "2"])
def test_scale_must_be_a_positive_integer(tmp_path, scale):
    with pytest.raises(ValueError):
        write_synthetic(tmp_path / "pkg", scale)
