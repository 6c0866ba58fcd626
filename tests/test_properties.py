"""Property tests: whatever a cell holds, loading either succeeds or raises DatasetError."""

from __future__ import annotations

import json

import pytest
from conftest import DATA_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amm58 import DatasetError, load_dataset
from amm58.data import RULES

RESOURCES = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))["resources"]
FILES = [r["path"] for r in RESOURCES]
CELL_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(list(',"\n\r ;-_0123456789aéЖ漢\u00a0\ufeff\t')), max_size=12),
    st.sampled_from(["", ",", '"', '""', "\n", "\r\n", "a,b", 'x"y', "-0", "2025-02-29", "true", "NaN", "null"]),
)
INVALID_UTF8 = st.sampled_from(
    [b"\xff", b"\xfe", b"\x80", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80"]
)
# Each example loads and validates the whole package (about 0.2 s). `make test` draws 20 examples
# per property; `HYPOTHESIS_PROFILE=thorough make test` draws 300 (profiles: tests/conftest.py).
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def data_copy(make_copy):
    """One copy of the real package for all examples of a test; each example restores what it broke."""
    return make_copy()


def load_or_problems(path):
    """Load the package; return [] on success, else the problems (any other exception propagates)."""
    try:
        load_dataset(path)
    except DatasetError as error:
        return error.problems
    return []


@SETTINGS
@given(data=st.data(), file=st.sampled_from(FILES), text=CELL_TEXT)
def test_any_cell_text_either_loads_or_raises_dataset_error(data_copy, data, file, text):
    copy = data_copy
    records = copy.rows(file)
    if len(records) < 2:
        return
    row = data.draw(st.integers(0, len(records) - 2), label="row")
    column = data.draw(st.sampled_from(records[0]), label="column")
    try:
        copy.set_cell(file, row, column, text)
        problems = load_or_problems(copy.path)
    finally:
        copy.restore(file)
    for problem in problems:
        assert problem.rule in RULES
        assert problem.file in FILES
        assert problem.line is None or problem.line >= 1


@SETTINGS
@given(data=st.data(), file=st.sampled_from(FILES), bad=INVALID_UTF8)
def test_invalid_utf8_bytes_are_reported_as_encoding_at_their_line(data_copy, data, file, bad):
    copy = data_copy
    raw = copy.file(file).read_bytes()
    position = data.draw(st.integers(0, len(raw)), label="position")
    try:
        copy.file(file).write_bytes(raw[:position] + bad + raw[position:])
        problems = load_or_problems(copy.path)
    finally:
        copy.restore(file)
    encoding = [p for p in problems if p.rule == "encoding"]
    assert len(encoding) == 1
    assert encoding[0].file == file
    assert encoding[0].line == raw.count(b"\n", 0, position) + 1
