"""The data layer: the real package loads typed; every rule catches a broken copy at the right place."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from amm58 import Dataset, DatasetError, checks, load_dataset
from amm58.data import RULES, Problem, package_file, quote, read_descriptor, shorten, validate


def problems_of(path) -> list[Problem]:
    """The problems load_dataset raises for the package at ``path`` (fails if it loads)."""
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert info.value.problems == validate(path)
    return info.value.problems


def has(problems, *, file, line, column, rule, value=...) -> bool:
    """Is there a problem with exactly these attributes?"""
    return any(
        p.file == file
        and p.line == line
        and p.column == column
        and p.rule == rule
        and (value is ... or p.value == value)
        for p in problems
    )


def csv_row_count(path) -> int:
    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for record in csv.reader(handle) if record) - 1


# ---------------------------------------------------------------------------
# The real dataset
# ---------------------------------------------------------------------------


def test_real_dataset_loads_without_problems(data_dir):
    assert validate(data_dir) == []
    ds = load_dataset(data_dir)
    assert isinstance(ds, Dataset)
    names = [r["name"] for r in read_descriptor(data_dir)["resources"]]
    assert list(ds.tables) == names


def test_default_data_dir_is_the_repository_data_folder(data_dir):
    ds = load_dataset()
    assert ds.data_dir.resolve() == data_dir.resolve()


def test_every_table_has_the_descriptor_columns_in_order_and_every_csv_row(data_dir):
    ds = load_dataset(data_dir)
    for resource in ds.descriptor["resources"]:
        table = ds.tables[resource["name"]]
        assert list(table.columns) == [f["name"] for f in resource["schema"]["fields"]]
        assert len(table) == csv_row_count(data_dir / resource["path"])
        assert table.index.equals(pd.RangeIndex(len(table)))


def test_tables_are_attributes_listed_by_dir_and_summarised_in_order(data_dir):
    ds = load_dataset(data_dir)
    assert ds.passages is ds.tables["passages"]
    assert ds.meetings is ds.tables["meetings"]
    assert {"passages", "meetings", "summary"} <= set(dir(ds))
    summary = ds.summary()
    assert list(summary.columns) == ["resource", "rows"]
    assert list(summary["resource"]) == list(ds.tables)
    assert list(summary["rows"]) == [len(t) for t in ds.tables.values()]
    with pytest.raises(AttributeError):
        ds.no_such_resource  # noqa: B018


def test_named_columns_have_the_specified_dtypes(data_dir):
    ds = load_dataset(data_dir)
    assert ds.passages["seq"].dtype == "Int64"
    assert ds.passages["n_words"].dtype == "Int64"
    assert ds.sources["published"].dtype == "datetime64[ns]"
    assert ds.themes["core"].dtype == "boolean"
    kind = ds.passages["kind"]
    assert isinstance(kind.dtype, pd.CategoricalDtype)
    assert not kind.dtype.ordered
    assert list(kind.cat.categories) == ["lead", "question", "answer", "caption"]
    assert ds.passages["summary"].dtype == "string"


def test_every_column_dtype_follows_the_descriptor(data_dir):
    ds = load_dataset(data_dir)
    for resource in ds.descriptor["resources"]:
        table = ds.tables[resource["name"]]
        for fld in resource["schema"]["fields"]:
            dtype = table[fld["name"]].dtype
            enum = fld.get("constraints", {}).get("enum")
            expected = {"integer": "Int64", "date": "datetime64[ns]", "boolean": "boolean"}.get(fld["type"])
            if expected:
                assert dtype == expected, (resource["name"], fld["name"])
            elif enum is not None:
                assert list(dtype.categories) == enum, (resource["name"], fld["name"])
            else:
                assert dtype == "string", (resource["name"], fld["name"])


def test_empty_cells_become_missing_and_values_are_kept_verbatim(data_dir):
    ds = load_dataset(data_dir)
    for resource in ds.descriptor["resources"]:
        with (data_dir / resource["path"]).open(newline="", encoding="utf-8") as handle:
            raw = pd.DataFrame(list(csv.DictReader(handle)), dtype=object)
        table = ds.tables[resource["name"]]
        for fld in resource["schema"]["fields"]:
            if len(raw) == 0:
                continue
            empty = (raw[fld["name"]] == "").to_numpy()
            assert (table[fld["name"]].isna().to_numpy() == empty).all(), (resource["name"], fld["name"])
            if fld["type"] == "string":
                kept = table[fld["name"]].astype(object)[~empty]
                assert list(kept) == list(raw[fld["name"]][~empty]), (resource["name"], fld["name"])


# ---------------------------------------------------------------------------
# Problems and the error
# ---------------------------------------------------------------------------


def test_problem_reads_as_file_line_column_message_rule():
    problem = Problem(
        "passages.csv",
        7,
        "kind",
        "anwser",
        "enum",
        "value 'anwser' is not one of ['lead', 'question', 'answer', 'caption']",
    )
    assert str(problem) == (
        "passages.csv, line 7, column kind: value 'anwser' is not one of "
        "['lead', 'question', 'answer', 'caption'] (rule: enum)"
    )
    assert str(Problem("a.csv", None, None, None, "missing-file", "file not found")) == (
        "a.csv: file not found (rule: missing-file)"
    )


def test_dataset_error_sorts_problems_and_lists_them_under_a_count():
    problems = [
        Problem("b.csv", 3, "x", "1", "type", "m1"),
        Problem("a.csv", 9, "y", "2", "enum", "m2"),
        Problem("a.csv", None, None, None, "missing-column", "m3"),
        Problem("a.csv", 9, "x", "3", "pattern", "m4"),
    ]
    error = DatasetError(problems)
    assert isinstance(error, ValueError)
    assert [p.message for p in error.problems] == ["m3", "m4", "m2", "m1"]
    lines = str(error).splitlines()
    assert lines[0] == "Dataset invalid: 4 problem(s)"
    assert lines[1:] == [str(p) for p in error.problems]


def test_problems_are_frozen():
    problem = Problem("a.csv", 2, "x", "v", "type", "m")
    with pytest.raises(AttributeError):
        problem.line = 3  # type: ignore[misc]


# ---------------------------------------------------------------------------
# One test per rule, on a broken copy of the real package
# ---------------------------------------------------------------------------


def test_missing_file(make_copy):
    copy = make_copy()
    copy.remove("passages.csv")
    assert has(problems_of(copy.path), file="passages.csv", line=None, column=None, rule="missing-file")


def test_missing_descriptor_is_a_missing_file(make_copy):
    copy = make_copy()
    copy.remove("datapackage.json")
    assert has(problems_of(copy.path), file="datapackage.json", line=None, column=None, rule="missing-file")


def test_unreadable_file(make_copy):
    copy = make_copy()
    copy.remove("themes.csv")
    copy.file("themes.csv").mkdir()  # a folder cannot be read as a file
    assert has(problems_of(copy.path), file="themes.csv", line=None, column=None, rule="unreadable-file")


def test_encoding(make_copy):
    copy = make_copy()
    copy.insert_bytes("passages.csv", 3, b"\xff\xfe")
    problems = problems_of(copy.path)
    assert has(problems, file="passages.csv", line=3, column=None, rule="encoding", value="ff")


def test_missing_column(make_copy):
    copy = make_copy()

    def drop_speaker(records):
        position = records[0].index("speaker")
        for record in records:
            del record[position]

    copy.edit_rows("passages.csv", drop_speaker)
    assert has(problems_of(copy.path), file="passages.csv", line=1, column="speaker", rule="missing-column")


def test_extra_column(make_copy):
    copy = make_copy()
    copy.edit_rows("themes.csv", lambda records: [r.append("x" if i else "colour") for i, r in enumerate(records)])
    assert has(problems_of(copy.path), file="themes.csv", line=1, column="colour", rule="extra-column")


def test_repeated_column_is_an_extra_column(make_copy):
    copy = make_copy()
    copy.edit_rows("themes.csv", lambda records: [r.append(r[0]) for r in records])
    assert has(problems_of(copy.path), file="themes.csv", line=1, column="theme_id", rule="extra-column")


def test_ragged_row_too_many_and_too_few_cells(make_copy):
    copy = make_copy()
    records = copy.rows("passages.csv")
    records[3].append("surplus")
    records[5].pop()
    copy.write_rows("passages.csv", records)
    problems = problems_of(copy.path)
    assert has(problems, file="passages.csv", line=copy.line_of(records, 2), column=None, rule="ragged-row")
    assert has(problems, file="passages.csv", line=copy.line_of(records, 4), column=None, rule="ragged-row")


def test_a_short_row_in_a_file_with_quoted_commas_is_ragged(make_copy):
    # passages.csv quotes cells that hold commas, so its commas cannot be counted: the csv module counts the cells.
    copy = make_copy()
    records = copy.rows("passages.csv")
    assert (copy.path / "passages.csv").read_text(encoding="utf-8").count('"') > 0
    records[5].pop()
    copy.write_rows("passages.csv", records)
    problems = [p for p in problems_of(copy.path) if p.rule == "ragged-row"]
    assert [(p.file, p.line) for p in problems] == [("passages.csv", copy.line_of(records, 4))]


@pytest.mark.parametrize("surplus", [True, False])
def test_ragged_rows_in_a_file_without_quotes(make_copy, surplus):
    # passage_terms.csv has no quotes. A surplus cell on one row and a missing one on another
    # leave the number of commas in the file unchanged; pd.read_csv would pad the short row.
    copy = make_copy()
    records = copy.rows("passage_terms.csv")
    assert not any('"' in cell or "," in cell for r in records for cell in r)
    records[7].pop()
    if surplus:
        records[3].append("9")
    copy.write_rows("passage_terms.csv", records)
    problems = problems_of(copy.path)
    assert has(problems, file="passage_terms.csv", line=copy.line_of(records, 6), column=None, rule="ragged-row")
    assert (
        has(problems, file="passage_terms.csv", line=copy.line_of(records, 2), column=None, rule="ragged-row")
        is surplus
    )


@pytest.mark.parametrize(
    ("file", "column", "bad"),
    [
        ("passages.csv", "seq", "three"),
        ("passages.csv", "seq", "2.0"),
        ("passages.csv", "n_words", " 12"),
        ("sources.csv", "published", "2025-02-30"),
        ("sources.csv", "published", "03/07/2025"),
        ("themes.csv", "core", "True"),
        ("themes.csv", "core", "yes"),
    ],
)
def test_type(make_copy, file, column, bad):
    copy = make_copy()
    line = copy.set_cell(file, 0, column, bad)
    assert has(problems_of(copy.path), file=file, line=line, column=column, rule="type", value=bad)


def test_required(make_copy):
    copy = make_copy()
    line = copy.set_cell("passages.csv", 1, "summary", "")
    assert has(problems_of(copy.path), file="passages.csv", line=line, column="summary", rule="required", value="")


def test_enum(make_copy):
    copy = make_copy()
    line = copy.set_cell("passages.csv", 2, "kind", "anwser")
    assert line == 4
    problems = problems_of(copy.path)
    assert has(problems, file="passages.csv", line=4, column="kind", rule="enum", value="anwser")
    expected = (
        "passages.csv, line 4, column kind: value 'anwser' is not one of "
        "['lead', 'question', 'answer', 'caption'] (rule: enum)"
    )
    assert expected in [str(p) for p in problems]


def test_pattern(make_copy):
    copy = make_copy()
    line = copy.set_cell("passages.csv", 2, "locator", "one two three four five six seven")
    assert has(problems_of(copy.path), file="passages.csv", line=line, column="locator", rule="pattern")


def test_pattern_must_match_the_whole_value(make_copy):
    copy = make_copy()
    line = copy.set_cell("entities.csv", 0, "iso3", "VNMX")
    assert has(problems_of(copy.path), file="entities.csv", line=line, column="iso3", rule="pattern", value="VNMX")


def test_pattern_in_a_referencing_column_whether_or_not_the_referenced_column_has_the_value(make_copy):
    # passage_themes.passage_id references passages.passage_id (same pattern): a value both
    # columns hold takes the referenced column's result, a value only the child has is tested.
    copy = make_copy()
    old = copy.cell("passages.csv", 0, "passage_id")
    parent_line = copy.set_cell("passages.csv", 0, "passage_id", "Pre 01")
    records = copy.rows("passage_themes.csv")
    rows = [i for i, r in enumerate(records[1:]) if r[0] == old]
    for i in rows:
        records[i + 1][0] = "Pre 01"
    records[-1][0] = "Only Here"
    copy.write_rows("passage_themes.csv", records)
    problems = problems_of(copy.path)
    assert has(problems, file="passages.csv", line=parent_line, column="passage_id", rule="pattern", value="Pre 01")
    for i in rows:
        assert has(
            problems,
            file="passage_themes.csv",
            line=copy.line_of(records, i),
            column="passage_id",
            rule="pattern",
            value="Pre 01",
        )
    last = copy.line_of(records, len(records) - 2)
    assert has(problems, file="passage_themes.csv", line=last, column="passage_id", rule="pattern", value="Only Here")
    assert has(
        problems, file="passage_themes.csv", line=last, column="passage_id", rule="foreign-key", value="Only Here"
    )
    assert rows and not any(p.rule == "foreign-key" and p.value == "Pre 01" for p in problems)


def test_minimum(make_copy):
    copy = make_copy()
    line = copy.set_cell("passages.csv", 2, "n_words", "0")
    assert has(problems_of(copy.path), file="passages.csv", line=line, column="n_words", rule="minimum", value="0")


def test_maximum(make_copy):
    copy = make_copy()
    line = copy.set_cell("meetings.csv", 0, "month", "13")
    assert has(problems_of(copy.path), file="meetings.csv", line=line, column="month", rule="maximum", value="13")


def test_max_length(make_copy):
    copy = make_copy()

    def limit_speaker(descriptor):
        passages = next(r for r in descriptor["resources"] if r["name"] == "passages")
        speaker = next(f for f in passages["schema"]["fields"] if f["name"] == "speaker")
        speaker["constraints"]["maxLength"] = 40

    copy.edit_descriptor(limit_speaker)
    line = copy.set_cell("passages.csv", 2, "speaker", "x" * 41)
    problems = problems_of(copy.path)
    assert has(problems, file="passages.csv", line=line, column="speaker", rule="max-length")
    assert [p.rule for p in problems] == ["max-length"]


def test_unique(make_copy):
    copy = make_copy()
    first = copy.cell("passages.csv", 0, "passage_id")
    line = copy.set_cell("passages.csv", 2, "passage_id", first)
    problems = problems_of(copy.path)
    assert has(problems, file="passages.csv", line=line, column="passage_id", rule="unique", value=first)
    unique = next(p for p in problems if p.rule == "unique")
    assert "line 2" in unique.message


def test_primary_key_composite_reports_the_duplicate_and_the_first_line(make_copy):
    copy = make_copy()
    records = copy.rows("passage_themes.csv")
    records[3] = list(records[1])  # data row 2 repeats data row 0
    copy.write_rows("passage_themes.csv", records)
    problems = problems_of(copy.path)
    assert has(problems, file="passage_themes.csv", line=4, column="passage_id,theme_id", rule="primary-key")
    duplicate = next(p for p in problems if p.rule == "primary-key")
    assert "line 2" in duplicate.message
    assert [p.rule for p in problems] == ["primary-key"]


def test_foreign_key(make_copy):
    copy = make_copy()
    line = copy.set_cell("passages.csv", 2, "source_id", "no_such_source")
    problems = problems_of(copy.path)
    assert has(problems, file="passages.csv", line=line, column="source_id", rule="foreign-key", value="no_such_source")
    assert [p.rule for p in problems] == ["foreign-key"]


def test_foreign_key_to_the_same_resource(make_copy):
    copy = make_copy()
    line = copy.set_cell("passages.csv", 2, "question_id", "no_such_passage")
    problems = problems_of(copy.path)
    assert has(problems, file="passages.csv", line=line, column="question_id", rule="foreign-key")


def test_format_uri(make_copy):
    copy = make_copy()
    line = copy.set_cell("sources.csv", 0, "url", "ftp://example.org/x")
    assert has(problems_of(copy.path), file="sources.csv", line=line, column="url", rule="format")


def test_every_rule_has_a_test():
    tested = {
        "missing-file", "unreadable-file", "encoding", "missing-column", "extra-column", "ragged-row", "type",
        "required", "enum", "pattern", "minimum", "maximum", "max-length", "unique", "primary-key",
        "foreign-key", "format", "unsafe-path", "remote-path",
    }  # fmt: skip
    assert tested | set(checks.RULES) == set(RULES)  # the checks across tables: tests/test_checks.py


# ---------------------------------------------------------------------------
# Several problems at once
# ---------------------------------------------------------------------------


def test_two_problems_in_one_file_are_both_reported(make_copy):
    copy = make_copy()
    enum_line = copy.set_cell("passages.csv", 2, "kind", "anwser")
    min_line = copy.set_cell("passages.csv", 4, "n_words", "-1")
    problems = problems_of(copy.path)
    assert has(problems, file="passages.csv", line=enum_line, column="kind", rule="enum")
    assert has(problems, file="passages.csv", line=min_line, column="n_words", rule="minimum")
    assert len(problems) == 2


def test_problems_in_two_files_are_both_reported_in_order(make_copy):
    copy = make_copy()
    copy.set_cell("themes.csv", 1, "core", "maybe")
    copy.set_cell("passages.csv", 2, "kind", "anwser")
    problems = problems_of(copy.path)
    assert [(p.file, p.rule) for p in problems] == [("passages.csv", "enum"), ("themes.csv", "type")]


def test_validate_returns_problems_without_raising(make_copy):
    copy = make_copy()
    copy.remove("sources.csv")
    problems = validate(copy.path)
    assert [p.rule for p in problems][:1] == ["missing-file"]


# ---------------------------------------------------------------------------
# A small self-written package: composite foreign keys, custom booleans
# ---------------------------------------------------------------------------


def test_tiny_package_loads_and_honours_true_and_false_values(tiny_dir):
    ds = load_dataset(tiny_dir)
    assert list(ds.people["active"]) == [True, False, pd.NA]
    assert ds.people["born"].isna().tolist() == [False, True, False]
    assert ds.people.loc[2, "name"] == "Cy, Jr."
    assert list(ds.visits["place"].cat.categories) == ["home", "away"]
    assert ds.notes["reply_to"].dtype == "Int64"


def test_tiny_package_standard_boolean_words_are_not_accepted(make_copy, tiny_dir):
    copy = make_copy(tiny_dir)
    line = copy.set_cell("people.csv", 0, "active", "true")
    assert has(problems_of(copy.path), file="people.csv", line=line, column="active", rule="type")


def test_composite_foreign_key_is_checked_and_all_empty_keys_skipped(make_copy, tiny_dir):
    copy = make_copy(tiny_dir)
    line = copy.set_cell("notes.csv", 1, "year", "2021")  # (bob, 2021) is not a visit
    problems = problems_of(copy.path)
    assert has(problems, file="notes.csv", line=line, column="person_id,year", rule="foreign-key", value="bob, 2021")
    assert len(problems) == 1  # note 3 has both key cells empty: skipped


def test_composite_foreign_key_with_one_empty_cell_is_checked(make_copy, tiny_dir):
    copy = make_copy(tiny_dir)
    line = copy.set_cell("notes.csv", 0, "year", "")
    assert has(problems_of(copy.path), file="notes.csv", line=line, column="person_id,year", rule="foreign-key")


def test_tiny_package_rules(make_copy, tiny_dir):
    copy = make_copy(tiny_dir)
    copy.set_cell("people.csv", 1, "name", "Bartholomew the Great")
    copy.set_cell("visits.csv", 1, "year", "1999")  # no note refers to (ann, 2021)
    copy.set_cell("visits.csv", 2, "url", "example.org")
    copy.set_cell("notes.csv", 2, "reply_to", "9")
    problems = problems_of(copy.path)
    assert [(p.file, p.line, p.column, p.rule) for p in problems] == [
        ("notes.csv", 4, "reply_to", "foreign-key"),
        ("people.csv", 3, "name", "max-length"),
        ("visits.csv", 3, "year", "minimum"),
        ("visits.csv", 4, "url", "format"),
    ]


def test_line_numbers_count_physical_lines_when_cells_hold_newlines(make_copy, tiny_dir):
    copy = make_copy(tiny_dir)
    copy.set_cell("people.csv", 0, "name", "Ann\nSecond line")
    line = copy.set_cell("people.csv", 2, "born", "someday")
    assert line == 5
    assert has(problems_of(copy.path), file="people.csv", line=5, column="born", rule="type")


def test_unsupported_field_type_is_reported_against_the_descriptor(make_copy, tiny_dir):
    copy = make_copy(tiny_dir)
    copy.edit_descriptor(lambda d: d["resources"][0]["schema"]["fields"][2].update(type="datetime"))
    assert has(problems_of(copy.path), file="datapackage.json", line=None, column="born", rule="type")


def test_descriptor_that_is_not_json_is_unreadable(make_copy, tiny_dir):
    copy = make_copy(tiny_dir)
    copy.file("datapackage.json").write_text("{not json", encoding="utf-8")
    assert has(problems_of(copy.path), file="datapackage.json", line=None, column=None, rule="unreadable-file")


def test_header_only_file_loads_as_an_empty_table(make_copy, tiny_dir):
    copy = make_copy(tiny_dir)
    copy.edit_rows("notes.csv", lambda records: records.__delitem__(slice(1, None)))
    ds = load_dataset(copy.path)
    assert len(ds.notes) == 0
    assert ds.notes["note_id"].dtype == "Int64"


def test_descriptor_is_exposed(tiny_dir):
    ds = load_dataset(tiny_dir)
    assert ds.descriptor == json.loads((tiny_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert ds.data_dir == tiny_dir


def test_dataset_repr_names_the_folder_and_the_resources(tiny_dir):
    expected = f"Dataset(data_dir={str(tiny_dir)!r}, resources=['people', 'visits', 'notes'])"
    assert repr(load_dataset(tiny_dir)) == expected


def test_pattern_rejects_a_value_ending_in_a_line_break(make_copy, tiny_dir):
    copy = make_copy(tiny_dir)
    line = copy.set_cell("people.csv", 1, "person_id", "bob\n")
    assert line == 3
    assert has(problems_of(copy.path), file="people.csv", line=3, column="person_id", rule="pattern", value="bob\n")


def test_a_short_row_is_ragged_even_where_pandas_would_pad_it(make_copy, tiny_dir):
    copy = make_copy(tiny_dir)
    copy.file("notes.csv").write_text("note_id,person_id,year,reply_to\n1,ann,2020\n2,bob,2020,1\n", encoding="utf-8")
    assert [(p.line, p.rule) for p in problems_of(copy.path)] == [(2, "ragged-row")]


@pytest.mark.parametrize("repeat", [1, 600])
def test_fullmatches_tests_whole_values_in_short_and_long_repeated_columns(repeat):
    # repeat 600 gives a long column (1,800 values, 3 distinct): each distinct value is tested once
    from amm58.data import _fullmatches

    values = pd.Series(["pre_01", "pre_01x", None] * repeat, dtype="string")
    got = _fullmatches(values, r"[a-z]+_[0-9]{2}")
    assert got.dtype == bool
    assert got.tolist() == [True, False, False] * repeat


# ---------------------------------------------------------------------------
# A package from elsewhere: paths refused before anything is read
# ---------------------------------------------------------------------------

SECRET = "SECRET-MARKER-4f1c"


@pytest.fixture
def outside(tmp_path):
    """A CSV beside the tiny package's folder (tmp_path/tiny), shaped like its people.csv but
    holding a marker; nothing of it may be read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    path = folder / "people.csv"
    path.write_text(f"person_id,name,born,active,{SECRET}\nann,{SECRET},,,\n", encoding="utf-8")
    return path


def set_people_path(package, path) -> None:
    """Point the tiny package's people resource at ``path``."""
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = path
    (package / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def refused(path, rule, why) -> Problem:
    return Problem("datapackage.json", None, None, path, rule, f"resource people: path {why}")


CLIMBS = "climbs out of the package folder ('..'): a resource must stay inside it"
ABSOLUTE = "is absolute: a resource path must be relative to the package folder"
LEADS_OUT = "leads outside the package folder once symbolic links are followed"


@pytest.mark.parametrize("path", ["../outside/people.csv", "sub/../../outside/people.csv", "..\\outside\\people.csv"])
def test_a_path_that_climbs_out_of_the_folder_is_refused(tiny_dir, outside, path):
    set_people_path(tiny_dir, path)
    assert problems_of(tiny_dir) == [refused(path, "unsafe-path", f"{quote(path)} {CLIMBS}")]


@pytest.mark.parametrize("path", ["/etc/passwd", "C:\\data\\people.csv", "\\\\server\\share\\people.csv"])
def test_an_absolute_path_is_refused(tiny_dir, path):
    set_people_path(tiny_dir, path)
    assert problems_of(tiny_dir) == [refused(path, "unsafe-path", f"{quote(path)} {ABSOLUTE}")]


def test_an_absolute_path_to_an_existing_file_is_refused_unread(tiny_dir, outside):
    set_people_path(tiny_dir, str(outside))
    (problem,) = problems_of(tiny_dir)
    assert (problem.rule, problem.value) == ("unsafe-path", str(outside))
    assert SECRET not in str(problem)


def test_a_symlink_that_leads_outside_is_refused(tiny_dir, outside):
    (tiny_dir / "people.csv").unlink()
    (tiny_dir / "people.csv").symlink_to(outside)
    assert problems_of(tiny_dir) == [refused("people.csv", "unsafe-path", f"'people.csv' {LEADS_OUT}")]


def test_a_path_through_a_symlinked_folder_that_leads_outside_is_refused(tiny_dir, outside):
    (tiny_dir / "linked").symlink_to(outside.parent, target_is_directory=True)
    set_people_path(tiny_dir, "linked/people.csv")
    assert problems_of(tiny_dir) == [refused("linked/people.csv", "unsafe-path", f"'linked/people.csv' {LEADS_OUT}")]


def test_a_symlink_loop_and_a_nul_byte_are_refused(tiny_dir):
    (tiny_dir / "people.csv").unlink()
    (tiny_dir / "people.csv").symlink_to("people.csv")
    (problem,) = problems_of(tiny_dir)
    assert (problem.rule, problem.value) == ("unsafe-path", "people.csv")
    assert problem.message.startswith("resource people: path 'people.csv' cannot be resolved")
    set_people_path(tiny_dir, "people\x00.csv")
    (problem,) = problems_of(tiny_dir)
    assert problem.message == (
        "resource people: path 'people\\x00.csv' cannot be resolved to a file in the package folder "
        "(embedded null byte)"
    )


def test_a_symlink_that_stays_inside_the_folder_is_read(tiny_dir):
    (tiny_dir / "store").mkdir()
    (tiny_dir / "people.csv").rename(tiny_dir / "store" / "people.csv")
    (tiny_dir / "people.csv").symlink_to("store/people.csv")
    assert list(load_dataset(tiny_dir).people["person_id"]) == ["ann", "bob", "cy"]


@pytest.mark.parametrize(
    ("path", "scheme"),
    [("https://example.org/people.csv", "https"), ("http://127.0.0.1:9/people.csv", "http"), ("ftp://x/p.csv", "ftp")],
)
def test_a_remote_path_is_refused_as_remote(tiny_dir, path, scheme):
    set_people_path(tiny_dir, path)
    why = f"is a URL ({scheme}:), and remote data is never fetched: a resource must be a file inside the package folder"
    assert problems_of(tiny_dir) == [refused(path, "remote-path", f"{quote(path)} {why}")]


def test_a_file_url_to_a_file_outside_is_refused_as_remote(tiny_dir, outside):
    set_people_path(tiny_dir, outside.as_uri())
    (problem,) = problems_of(tiny_dir)
    assert (problem.rule, problem.value) == ("remote-path", outside.as_uri())
    assert "is a URL (file:)" in problem.message


def test_a_refused_path_is_reported_with_every_other_problem(make_copy, tiny_dir):
    copy = make_copy(tiny_dir)
    set_people_path(copy.path, "../people.csv")
    line = copy.set_cell("visits.csv", 0, "place", "abroad")
    problems = problems_of(copy.path)
    assert [(p.file, p.line, p.column, p.rule) for p in problems] == [
        ("datapackage.json", None, None, "unsafe-path"),
        ("visits.csv", line, "place", "enum"),
    ]
    assert str(problems[0]) == (
        "datapackage.json: resource people: path '../people.csv' climbs out of the package folder ('..'): "
        "a resource must stay inside it (rule: unsafe-path)"
    )


def test_a_path_that_is_not_a_string_is_unreadable(tiny_dir):
    set_people_path(tiny_dir, ["people.csv", "more.csv"])
    assert problems_of(tiny_dir) == [
        Problem(
            "datapackage.json",
            None,
            None,
            "['people.csv', 'more.csv']",
            "unreadable-file",
            "resource people: path must be one file path (a string), not ['people.csv', 'more.csv']",
        )
    ]


def test_a_descriptor_linked_from_outside_is_not_read(tiny_dir, outside):
    (tiny_dir / "datapackage.json").rename(outside.parent / "datapackage.json")
    (tiny_dir / "datapackage.json").symlink_to(outside.parent / "datapackage.json")
    assert problems_of(tiny_dir) == [
        Problem(
            "datapackage.json",
            None,
            None,
            None,
            "unsafe-path",
            "the descriptor is a symbolic link that leads outside the package folder; it is not read",
        )
    ]


def test_package_file_returns_a_safe_path_and_refuses_an_unsafe_one(tiny_dir):
    assert package_file(tiny_dir, "people.csv", resource="people") == tiny_dir / "people.csv"
    with pytest.raises(DatasetError) as info:
        package_file(tiny_dir, "../x.csv", resource="x")
    assert [p.rule for p in info.value.problems] == ["unsafe-path"]


# ---------------------------------------------------------------------------
# Messages quote values cut to a reasonable length
# ---------------------------------------------------------------------------


def test_quote_cuts_long_values_to_60_characters_and_escapes_control_characters():
    assert quote("anwser") == "'anwser'"
    assert quote("it's") == '"it\'s"'
    assert quote("a" * 60) == "'" + "a" * 60 + "'"
    assert quote("a" * 61) == "'" + "a" * 59 + "…'"
    assert quote("x\ny") == "'x\\ny'"
    assert quote("\x00" * 20) == "'" + "\\x00" * 14 + "…'"
    assert quote("Việt Nam") == "'Việt Nam'"
    assert shorten("\x1b[2J" + "h" * 100) == "\\x1b[2J" + "h" * 52 + "…"
    assert shorten("short") == "short"


def test_a_long_value_with_control_characters_is_quoted_cut(make_copy, tiny_dir):
    copy = make_copy(tiny_dir)
    value = "\x1b[31m" + "x" * 100_000
    line = copy.set_cell("people.csv", 0, "name", value)
    (problem,) = problems_of(copy.path)
    assert (problem.line, problem.column, problem.rule, problem.value) == (line, "name", "max-length", value)
    assert problem.message == "value '\\x1b[31m" + "x" * 51 + "…' is longer than 10 characters"


def test_a_long_header_is_shown_cut_and_escaped(make_copy, tiny_dir):
    copy = make_copy(tiny_dir)
    name = "\x1b[2J" + "h" * 5000
    copy.edit_rows("notes.csv", lambda records: [r.append(name if i == 0 else "") for i, r in enumerate(records)])
    (problem,) = problems_of(copy.path)
    assert (problem.column, problem.rule) == (name, "extra-column")
    shown = "\\x1b[2J" + "h" * 52 + "…"
    assert str(problem) == (
        f"notes.csv, line 1, column {shown}: column '{shown}' is not declared in the descriptor (rule: extra-column)"
    )
