"""The fast paths of the key machinery agree exactly with the plain computation they replace."""

from __future__ import annotations

import csv
import io
import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from amm58.data import _first_positions, _factorize_values, _lines_as_records, _quote_free_layout, _read_simple_table

SETTINGS = settings(max_examples=80, deadline=None)

#: Columns of a few distinct ids, in runs of equal neighbours or shuffled.
RUNS = st.lists(st.tuples(st.sampled_from(["a", "b", "c", "pre_1", "pre_10", "", "é"]), st.integers(1, 40)),
                min_size=0, max_size=80)


def _plain_first_positions(keys: np.ndarray) -> list[int]:
    seen: dict[int, int] = {}
    return [seen.setdefault(k, i) for i, k in enumerate(keys.tolist())]


@SETTINGS
@given(RUNS, st.booleans())
def test_factorize_values_equals_pandas_factorize(runs, shuffle):
    values = np.array([v for v, n in runs for _ in range(n)], dtype=object)
    if shuffle:
        np.random.default_rng(len(values)).shuffle(values)
    codes, uniques = _factorize_values(values)
    expected_codes, expected_uniques = pd.factorize(values)
    assert np.asarray(codes).tolist() == expected_codes.tolist()
    assert list(uniques) == list(expected_uniques)


@SETTINGS
@given(st.lists(st.integers(0, 2**40), min_size=1, max_size=300), st.integers(0, 2**27))
def test_first_positions_equals_the_first_occurrence(keys, scale):
    keys = np.array(keys, dtype=np.int64) % max(scale, 1)  # small and large key ranges alike
    assert _first_positions(keys).tolist() == _plain_first_positions(keys)


def test_first_positions_finds_a_duplicate_in_a_wide_range():
    keys = np.array([5, 40_000_000, 7, 40_000_000, 5], dtype=np.int64)
    assert _first_positions(keys).tolist() == [0, 1, 2, 1, 0]


LINES = st.lists(st.lists(st.sampled_from(["x", "1", "", "ab c", "é"]), min_size=1, max_size=4), min_size=0, max_size=12)


@SETTINGS
@given(st.integers(1, 4), LINES, st.booleans())
def test_a_quote_free_file_is_read_whole_only_when_every_line_has_the_header_width(width, body, final_newline):
    header = [f"c{i}" for i in range(width)]
    records = [header, *body]
    raw = "\n".join(",".join(r) for r in records).encode() + (b"\n" if final_newline else b"")
    uniform = _lines_as_records(raw)
    fast = _quote_free_layout(raw)
    if uniform is not None:
        assert fast == uniform  # a uniform quote-free file is always recognised by the counts
    resource = {"name": "f", "schema": {"fields": [{"name": n} for n in header]}}
    read = _read_simple_table(raw, resource, "f.csv")
    if read is not None:
        # Accepted whole only when every line has the header's width (the counts can balance
        # while lines differ: pandas then refuses the file or reads an extra first field as an
        # index, and the whole-file reader declines) and the cells are the file's.
        assert uniform is not None
        table, problems = read
        parsed = [r for r in csv.reader(io.StringIO(raw.decode()))][1:]  # the csv module's records
        assert problems == [] and len(table.lines) == len(parsed)
        assert [list(table.cells[n]) for n in header] == [[r[i] for r in parsed] for i in range(width)]
    if fast is not None and uniform is None:
        assert read is None
