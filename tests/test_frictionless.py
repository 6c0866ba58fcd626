"""The third-party Frictionless validator agrees: the real package is valid, a broken copy is not."""

from __future__ import annotations

import frictionless
import pytest


def validate_with_frictionless(path):
    """Frictionless report for the package descriptor in ``path``."""
    return frictionless.validate(str(path / "datapackage.json"))


def describe(report) -> str:
    return "\n".join(str(row) for row in report.flatten(["taskPath", "rowNumber", "fieldName", "type", "note"]))


def test_frictionless_finds_the_real_package_valid(data_dir):
    report = validate_with_frictionless(data_dir)
    if not report.valid:
        print(describe(report))
    assert report.valid, describe(report)


def test_frictionless_also_rejects_a_broken_foreign_key(make_copy):
    copy = make_copy()
    copy.set_cell("passages.csv", 2, "source_id", "no_such_source")
    report = validate_with_frictionless(copy.path)
    assert not report.valid
    assert "foreign-key" in {row[0] for row in report.flatten(["type"])}


@pytest.mark.parametrize(("file", "column", "bad"), [("passages.csv", "kind", "anwser"), ("themes.csv", "core", "yes")])
def test_frictionless_rejects_what_we_reject(make_copy, file, column, bad):
    copy = make_copy()
    copy.set_cell(file, 0, column, bad)
    assert not validate_with_frictionless(copy.path).valid
