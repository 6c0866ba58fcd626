"""Shared fixtures: the repository's data package, and writable copies of it to break."""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Property tests (tests/test_properties.py): a short draw on every `make test`, a long one on demand.
settings.register_profile("default", max_examples=20)
settings.register_profile("thorough", max_examples=300)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO_DIR = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_DIR / "data"


@pytest.fixture
def data_dir() -> Path:
    """The repository's data package folder."""
    return DATA_DIR


class DataCopy:
    """A writable copy of a data package, with helpers to break it.

    Rows are addressed by their 0-based position among the data rows (the
    header is not a row); the edit helpers return the file line of the
    edited row, counting the header as line 1.
    """

    def __init__(self, source: Path, path: Path):
        self.source = source
        self.path = path
        shutil.copytree(source, path)

    # -- reading -----------------------------------------------------------
    def file(self, name: str) -> Path:
        return self.path / name

    @property
    def descriptor(self) -> dict[str, Any]:
        return json.loads(self.file("datapackage.json").read_text(encoding="utf-8"))

    def resource(self, name: str) -> dict[str, Any]:
        return next(r for r in self.descriptor["resources"] if r["name"] == name)

    def rows(self, file: str) -> list[list[str]]:
        """All records of a CSV, header first."""
        with self.file(file).open(newline="", encoding="utf-8") as handle:
            return list(csv.reader(handle))

    def cell(self, file: str, row: int, column: str) -> str:
        records = self.rows(file)
        return records[row + 1][records[0].index(column)]

    @staticmethod
    def line_of(records: list[list[str]], row: int) -> int:
        """File line on which data row ``row`` starts (cells may hold newlines)."""
        newlines = sum(cell.count("\n") for record in records[: row + 1] for cell in record)
        return row + 2 + newlines

    # -- editing -----------------------------------------------------------
    def write_rows(self, file: str, records: list[list[str]]) -> None:
        with self.file(file).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(records)

    def set_cell(self, file: str, row: int, column: str, value: str) -> int:
        """Set one cell; return the line of its row."""
        records = self.rows(file)
        records[row + 1][records[0].index(column)] = value
        self.write_rows(file, records)
        return self.line_of(records, row)

    def edit_rows(self, file: str, edit: Callable[[list[list[str]]], None]) -> None:
        """Apply ``edit`` to the list of records (header first) and write them back."""
        records = self.rows(file)
        edit(records)
        self.write_rows(file, records)

    def insert_bytes(self, file: str, line: int, data: bytes) -> None:
        """Insert raw bytes at the start of a (physical) line."""
        raw = self.file(file).read_bytes()
        offset = 0
        for _ in range(line - 1):
            offset = raw.index(b"\n", offset) + 1
        self.file(file).write_bytes(raw[:offset] + data + raw[offset:])

    def remove(self, file: str) -> None:
        self.file(file).unlink()

    def restore(self, file: str) -> None:
        """Put back the original file."""
        shutil.copyfile(self.source / file, self.file(file))

    def edit_descriptor(self, edit: Callable[[dict[str, Any]], None]) -> None:
        descriptor = self.descriptor
        edit(descriptor)
        self.file("datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


@pytest.fixture
def make_copy(tmp_path: Path) -> Callable[..., DataCopy]:
    """Factory: ``make_copy()`` copies the repository's data package under tmp_path
    (``make_copy(source)`` copies another package folder)."""
    counter = iter(range(1_000_000))

    def make(source: Path = DATA_DIR) -> DataCopy:
        return DataCopy(source, tmp_path / f"data{next(counter)}")

    return make


def write_package(root: Path, resources: dict[str, tuple[dict[str, Any], list[list[str]]]]) -> Path:
    """Write a small data package: ``{name: (schema, records with header first)}``."""
    root.mkdir(parents=True, exist_ok=True)
    descriptor = {"name": "tiny", "resources": []}
    for name, (schema, records) in resources.items():
        descriptor["resources"].append(
            {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "schema": schema}
        )
        with (root / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(records)
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return root


TINY_SCHEMAS: dict[str, dict[str, Any]] = {
    "people": {
        "fields": [
            {
                "name": "person_id",
                "type": "string",
                "constraints": {"required": True, "unique": True, "pattern": "^[a-z]+$"},
            },
            {"name": "name", "type": "string", "constraints": {"maxLength": 10}},
            {"name": "born", "type": "date"},
            {"name": "active", "type": "boolean", "trueValues": ["yes"], "falseValues": ["no"]},
        ],
        "missingValues": [""],
        "primaryKey": ["person_id"],
    },
    "visits": {
        "fields": [
            {"name": "person_id", "type": "string", "constraints": {"required": True}},
            {"name": "year", "type": "integer", "constraints": {"required": True, "minimum": 2000, "maximum": 2030}},
            {"name": "place", "type": "string", "constraints": {"enum": ["home", "away"]}},
            {"name": "url", "type": "string", "format": "uri"},
        ],
        "missingValues": [""],
        "primaryKey": ["person_id", "year"],
        "foreignKeys": [{"fields": ["person_id"], "reference": {"resource": "people", "fields": ["person_id"]}}],
    },
    "notes": {
        "fields": [
            {"name": "note_id", "type": "integer", "constraints": {"required": True}},
            {"name": "person_id", "type": "string"},
            {"name": "year", "type": "integer"},
            {"name": "reply_to", "type": "integer"},
        ],
        "missingValues": [""],
        "primaryKey": ["note_id"],
        "foreignKeys": [
            {"fields": ["person_id", "year"], "reference": {"resource": "visits", "fields": ["person_id", "year"]}},
            {"fields": ["reply_to"], "reference": {"resource": "", "fields": ["note_id"]}},
        ],
    },
}

TINY_ROWS: dict[str, list[list[str]]] = {
    "people": [
        ["person_id", "name", "born", "active"],
        ["ann", "Ann", "1990-01-31", "yes"],
        ["bob", "Bob", "", "no"],
        ["cy", "Cy, Jr.", "2001-12-01", ""],
    ],
    "visits": [
        ["person_id", "year", "place", "url"],
        ["ann", "2020", "home", "https://example.org/a"],
        ["ann", "2021", "", ""],
        ["bob", "2020", "away", "http://example.org/b"],
    ],
    "notes": [
        ["note_id", "person_id", "year", "reply_to"],
        ["1", "ann", "2020", ""],
        ["2", "bob", "2020", "1"],
        ["3", "", "", "2"],
    ],
}


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """A small valid data package (three resources, composite and self-referencing keys)."""
    return write_package(tmp_path / "tiny", {name: (TINY_SCHEMAS[name], TINY_ROWS[name]) for name in TINY_SCHEMAS})


# nbval (run by `make test` with `--nbval`, strict) compares every text and HTML output of a
# re-executed notebook with the committed one, but by default skips images. Compare the PNG
# figures too, byte for byte (their base64 text): one strict nbval run then shows that
# executing the notebooks reproduces every committed output, figures included, and
# `tests/test_notebooks.py` only renders the report from the committed notebooks.
# (This hook sees every collected item, the notebooks' included.)
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        notebook = item.parent
        skipped = getattr(notebook, "skip_compare", None)
        if skipped is not None and "image/png" in skipped:
            notebook.skip_compare = tuple(key for key in skipped if key != "image/png")
