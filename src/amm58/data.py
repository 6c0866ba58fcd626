"""Data layer: read, validate and type the CSV tables of the amm58 data package.

The Frictionless descriptor ``data/datapackage.json`` is the single source of
truth: it names the resources (one CSV file each), their fields in order, the
field types, constraints, primary keys and foreign keys.  This module

1. reads every CSV once, as raw strings (nothing is coerced silently),
2. checks every cell against the descriptor with vectorised pandas operations
   and collects *all* problems across all files, and
3. only when there is no problem at all, converts the columns to typed pandas
   dtypes and returns a :class:`Dataset`.

Vocabulary used in the docstrings: a *row* is one data record of a CSV file
(the header is not a row); its *line* is the line of the file on which the
record starts, counting the header as line 1, so the first row is on line 2.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Hashable, Iterable, Iterator

import numpy as np
import pandas as pd

__all__ = [
    "DEFAULT_DATA_DIR",
    "RULES",
    "Dataset",
    "DatasetError",
    "Problem",
    "load_dataset",
    "read_descriptor",
    "validate",
]

DESCRIPTOR_NAME = "datapackage.json"


def _default_data_dir() -> Path:
    """Return the repository's ``data/`` folder, else ``./data`` (resolved at use)."""
    repo_data = Path(__file__).resolve().parents[2] / "data"
    return repo_data if repo_data.is_dir() else Path("data")


DEFAULT_DATA_DIR: Path = _default_data_dir()

#: Every rule name a :class:`Problem` can carry.
RULES: tuple[str, ...] = (
    "missing-file",
    "unreadable-file",
    "encoding",
    "missing-column",
    "extra-column",
    "ragged-row",
    "type",
    "required",
    "enum",
    "pattern",
    "minimum",
    "maximum",
    "max-length",
    "unique",
    "primary-key",
    "foreign-key",
    "format",
)

SUPPORTED_TYPES = ("string", "integer", "number", "date", "boolean")
DEFAULT_TRUE_VALUES = ["true", "True", "TRUE", "1"]
DEFAULT_FALSE_VALUES = ["false", "False", "FALSE", "0"]

# Integers must fit a signed 64-bit integer: at most 18 significant digits.
_INTEGER_RE = r"-?0*[0-9]{1,18}"
_NUMBER_RE = r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_DATE_RE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
# Dates are returned as datetime64[ns], which covers these years.
_MIN_DATE = pd.Timestamp("1678-01-01")
_MAX_DATE = pd.Timestamp("2261-12-31")
_KEY_SEP = "\x1f"  # joins the cells of a composite key into one string


# --------------------------------------------------------------------------
# Problems
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data package.

    ``file`` is the CSV's path relative to the data directory; ``line`` the
    line of the offending row (header = line 1; ``None`` for file-level
    problems); ``column`` the field name (``None`` where not applicable);
    ``value`` the offending raw string; ``rule`` one of :data:`RULES`.
    """

    file: str
    line: int | None
    column: str | None
    value: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column {self.column}"
        return f"{where}: {self.message} (rule: {self.rule})"

    def sort_key(self) -> tuple[str, int, str, str]:
        """Order problems by file, line, column and rule."""
        return (self.file, self.line or 0, self.column or "", self.rule)


class DatasetError(ValueError):
    """The data package is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sorted(problems, key=Problem.sort_key)
        super().__init__(self._text())

    def _text(self) -> str:
        header = f"Dataset invalid: {len(self.problems)} problem(s)"
        return "\n".join([header, *(str(p) for p in self.problems)])

    def __str__(self) -> str:
        return self._text()


# --------------------------------------------------------------------------
# Descriptor
# --------------------------------------------------------------------------


def _resolve_dir(data_dir: str | Path | None) -> Path:
    """Return ``data_dir`` as a Path, defaulting to :data:`DEFAULT_DATA_DIR`."""
    return Path(DEFAULT_DATA_DIR if data_dir is None else data_dir)


def read_descriptor(data_dir: str | Path | None = None) -> dict[str, Any]:
    """Read and sanity-check ``datapackage.json`` in ``data_dir``.

    Raises :class:`DatasetError` when the descriptor is missing, is not JSON,
    or declares something this loader does not implement (a field type,
    or a foreign key to an unknown resource).
    """
    path = _resolve_dir(data_dir) / DESCRIPTOR_NAME
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(
            [Problem(DESCRIPTOR_NAME, None, None, None, "missing-file", f"descriptor not found in {path.parent}")]
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DatasetError(
            [Problem(DESCRIPTOR_NAME, None, None, None, "unreadable-file", f"cannot read the descriptor: {exc}")]
        ) from None
    problems = _check_descriptor(descriptor)
    if problems:
        raise DatasetError(problems)
    return descriptor


def _check_descriptor(descriptor: dict[str, Any]) -> list[Problem]:
    """Report field types and foreign-key targets this loader cannot handle."""
    problems = []
    names = {r["name"] for r in descriptor.get("resources", [])}
    for resource in descriptor.get("resources", []):
        schema = resource.get("schema", {})
        for fld in schema.get("fields", []):
            ftype = fld.get("type", "string")
            if ftype not in SUPPORTED_TYPES:
                msg = f"resource {resource['name']}: field type {ftype!r} is not supported"
                problems.append(Problem(DESCRIPTOR_NAME, None, fld["name"], ftype, "type", msg))
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"].get("resource", "")
            if target and target not in names:
                msg = f"resource {resource['name']}: foreign key refers to unknown resource {target!r}"
                problems.append(Problem(DESCRIPTOR_NAME, None, None, target, "foreign-key", msg))
    return problems


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


@dataclass
class _Table:
    """One resource as read from disk, every cell a raw string.

    ``cells[name]`` is an object array holding one ``str`` per row for each
    header name (first occurrence wins); ``lines[i]`` is the line of the file
    on which row ``i`` starts.  ``factorized`` and ``positions`` cache, per
    column, its codes and distinct values (`_factorize`) and lookups into them.
    """

    resource: dict[str, Any]
    file: str
    cells: dict[str, np.ndarray]
    lines: np.ndarray
    factorized: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)
    positions: dict[str, Any] = field(default_factory=dict, repr=False)


def _read_bytes(path: Path, file: str) -> tuple[bytes | None, list[Problem]]:
    """Read a file's bytes, or report it as missing or unreadable."""
    try:
        return path.read_bytes(), []
    except FileNotFoundError:
        return None, [Problem(file, None, None, None, "missing-file", "file not found")]
    except OSError as exc:
        msg = f"cannot read the file: {exc.strerror or exc}"
        return None, [Problem(file, None, None, None, "unreadable-file", msg)]


def _decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Decode strictly as UTF-8 (a leading BOM is dropped), or report the first bad byte's line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.end].hex(" ")
        msg = f"byte(s) {bad} at offset {exc.start} are not valid UTF-8 ({exc.reason})"
        return None, [Problem(file, line, None, bad, "encoding", msg)]
    return text.removeprefix("\ufeff"), []


def _split_records(text: str, file: str) -> tuple[list[list[str]], list[int], list[Problem]]:
    """Split CSV text into records (blank lines skipped) and the line each record starts on."""
    records: list[list[str]] = []
    lines: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for record in reader:
            if record:
                records.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        msg = f"cannot parse the CSV near line {reader.line_num}: {exc}"
        return [], [], [Problem(file, None, None, None, "unreadable-file", msg)]
    return records, lines, []


def _check_header(header: list[str], names: list[str], file: str) -> list[Problem]:
    """Report declared fields missing from the header, and undeclared or repeated header names."""
    problems = []
    declared = set(names)
    for name in names:
        if name not in header:
            msg = f"column {name!r} is declared in the descriptor but missing from the header"
            problems.append(Problem(file, 1, name, None, "missing-column", msg))
    seen: set[str] = set()
    for name in header:
        if name in seen:
            msg = f"column {name!r} appears more than once in the header"
            problems.append(Problem(file, 1, name, name, "extra-column", msg))
        elif name not in declared:
            msg = f"column {name!r} is not declared in the descriptor"
            problems.append(Problem(file, 1, name, name, "extra-column", msg))
        seen.add(name)
    return problems


def _check_ragged(records: list[list[str]], lines: list[int], file: str) -> list[Problem]:
    """Report every row whose number of cells differs from the header's."""
    width = len(records[0])
    counts = np.fromiter(map(len, records), dtype=np.int64, count=len(records))
    return [
        Problem(file, lines[i], None, None, "ragged-row", f"row has {counts[i]} cell(s) but the header has {width}")
        for i in np.flatnonzero(counts != width)
    ]


def _cells_from_records(records: list[list[str]], header: list[str]) -> dict[str, np.ndarray]:
    """Raw columns built from parsed records; short rows are padded with '' and long ones cut."""
    width = len(header)
    rows = [(r + [""] * width)[:width] for r in records[1:]]
    grid = np.array(rows, dtype=object) if rows else np.empty((0, width), dtype=object)
    return {name: grid[:, header.index(name)] for name in dict.fromkeys(header)}


def _cells_with_read_csv(text: str, header: list[str], n_rows: int) -> dict[str, np.ndarray] | None:
    """Raw columns read by ``pd.read_csv`` as strings; None if pandas would split the text differently."""
    if len(set(header)) != len(header) or "" in header:
        return None  # pandas would rename repeated or empty column names
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, encoding="utf-8")
    except (ValueError, pd.errors.ParserError):
        return None
    if len(frame) != n_rows or list(frame.columns) != header:
        return None
    grid = frame.to_numpy(dtype=object)
    return {name: grid[:, j] for j, name in enumerate(header)}


def _quote_free_layout(raw: bytes) -> tuple[int, int] | None:
    """`_lines_as_records` for a file without quotes, from three byte counts: (fields per
    record, data rows) when the commas number exactly (header commas) x (lines); else None.

    Equal totals leave one way for a line to differ from the header: another line then has
    more commas than the header. ``pd.read_csv`` (which `_read_simple_table` runs next)
    raises on such a line, or, when it is the first data line, reads its extra field as the
    index, which `_read_simple_table` refuses (no RangeIndex). So a file it accepts has the
    header's width on every line, as `_lines_as_records` would have found
    (`tests/test_keys.py` checks this on generated files).
    """
    if not raw or b'"' in raw or b"\r" in raw or b"\x00" in raw:
        return None
    lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    end = raw.find(b"\n")
    header_commas = raw.count(b",", 0, end if end >= 0 else len(raw))
    if raw.count(b",") != lines * header_commas:
        return None
    return header_commas + 1, lines - 1


def _lines_as_records(raw: bytes) -> tuple[int, int] | None:
    """(fields per record, data rows) when every line of ``raw`` is one record with the header's width.

    That is the case when the file has no carriage return and no NUL, every quote opens a
    field, closes it (before a comma, a newline or the end) or is doubled inside one, no
    quoted field holds a newline, no line is blank and every line has as many commas outside
    quotes as the header. Then the csv module and ``pd.read_csv`` split the text the same way,
    record *i* starts on line *i* + 1 and no row is ragged, so the file needs no record-by-record
    pass. Returns None otherwise (the caller then parses record by record). Vectorised over bytes:
    one pass collects the commas, newlines and quotes in file order.
    """
    if not raw or b"\r" in raw or b"\x00" in raw:
        return None
    buf = np.frombuffer(raw, dtype=np.uint8)
    quoted = b'"' in raw
    special = (buf == ord(",")) | (buf == ord("\n"))
    if quoted:
        special |= buf == ord('"')
    where = np.flatnonzero(special)
    kinds = buf[where]
    if quoted:
        is_quote = kinds == ord('"')
        quote = where[is_quote]
        if quote.size % 2:
            return None  # the text ends inside a quoted field, or a quote stands alone
        before = buf[np.maximum(quote - 1, 0)]
        before[quote == 0] = ord(",")  # the start of the text counts as a boundary
        after = buf[np.minimum(quote + 1, len(buf) - 1)]
        after[quote == len(buf) - 1] = ord(",")  # and so does its end
        boundary = lambda b: (b == ord(",")) | (b == ord("\n")) | (b == ord('"'))  # noqa: E731
        odd = (np.arange(quote.size) & 1).astype(bool)  # an odd number of quotes before it
        if not np.where(odd, boundary(after), boundary(before)).all():
            return None
        inside = (np.cumsum(is_quote) & 1).astype(bool) & ~is_quote  # commas and newlines in quotes
        if (inside & (kinds == ord("\n"))).any():
            return None  # a quoted field holds a newline
        kinds = kinds[~is_quote & ~inside]
    newline = np.flatnonzero(kinds == ord("\n"))
    per_line = np.diff(newline, prepend=-1) - 1  # commas between one newline and the next
    if not raw.endswith(b"\n"):
        per_line = np.append(per_line, len(kinds) - 1 - (newline[-1] if newline.size else -1))
    if (per_line != per_line[0]).any():
        return None
    return int(per_line[0]) + 1, len(per_line) - 1


def _read_simple_table(raw: bytes, resource: dict[str, Any], file: str) -> tuple[_Table, list[Problem]] | None:
    """The table read by ``pd.read_csv`` alone, when the file is laid out one record per line
    (see `_lines_as_records`) and pandas reads the same header and rows; else None (also when
    the bytes are not UTF-8: the caller then decodes and parses record by record, reporting)."""
    layout = _quote_free_layout(raw) or _lines_as_records(raw)
    if layout is None:
        return None
    width, n_rows = layout
    first = raw.find(b"\n")
    try:
        header = next(csv.reader([(raw if first < 0 else raw[:first]).decode("utf-8")]), [])
    except UnicodeDecodeError:
        return None
    if len(header) != width or len(set(header)) != len(header) or "" in header:
        return None
    try:
        frame = pd.read_csv(io.BytesIO(raw), dtype=object, na_filter=False, keep_default_na=False,
                            encoding="utf-8", encoding_errors="strict")
    except (ValueError, pd.errors.ParserError):
        return None
    if len(frame) != n_rows or list(frame.columns) != header or not isinstance(frame.index, pd.RangeIndex):
        return None
    if n_rows > 5000:  # each column is a contiguous row of pandas' block: no copy
        cells = {name: frame[name].to_numpy(dtype=object) for name in header}
    else:  # few rows: one transposed copy beats a Series per column
        columns = np.ascontiguousarray(frame.to_numpy(dtype=object).T)
        cells = {name: columns[j] for j, name in enumerate(header)}
    names = [f["name"] for f in resource["schema"]["fields"]]
    lines = np.arange(2, n_rows + 2, dtype=np.int64)
    return _Table(resource, file, cells, lines), _check_header(header, names, file)


def _read_table(data_dir: Path, resource: dict[str, Any]) -> tuple[_Table | None, list[Problem]]:
    """Read one resource's CSV once; check its encoding, header and row widths.

    Returns the raw table (``None`` when the file cannot be read at all) and
    the file-level and structural problems found.
    """
    file = resource["path"]
    data, problems = _read_bytes(data_dir / file, file)
    if data is None:
        return None, problems
    simple = _read_simple_table(data[3:] if data.startswith(b"\xef\xbb\xbf") else data, resource, file)
    if simple is not None:
        return simple
    text, problems = _decode(data, file)
    if text is None:
        return None, problems
    records, lines, problems = _split_records(text, file)
    if problems:
        return None, problems
    if not records:
        return None, [Problem(file, None, None, None, "missing-column", "file is empty: no header")]
    header = records[0]
    names = [f["name"] for f in resource["schema"]["fields"]]
    problems = _check_header(header, names, file) + _check_ragged(records, lines, file)
    cells = None
    if not problems or all(p.rule != "ragged-row" for p in problems):
        cells = _cells_with_read_csv(text, header, len(records) - 1)
    if cells is None:
        cells = _cells_from_records(records, header)
    return _Table(resource, file, cells, np.asarray(lines[1:], dtype=np.int64)), problems


# --------------------------------------------------------------------------
# Cell checks, vectorised over all cells of the package at once
# --------------------------------------------------------------------------


def _primary_key(resource: dict[str, Any]) -> list[str]:
    """The resource's primary-key fields as a list (empty when it has none)."""
    pk = resource["schema"].get("primaryKey", [])
    return [pk] if isinstance(pk, str) else list(pk)


def _missing_values(resource: dict[str, Any]) -> list[str]:
    """The strings meaning "no value" in this resource (default: the empty string)."""
    return list(resource["schema"].get("missingValues", [""]))


def _is_missing(values: np.ndarray, missing_values: list[str]) -> np.ndarray:
    """Boolean array: is each raw cell a missing value?"""
    if missing_values == [""]:
        return values == ""
    return pd.Series(values, dtype=object).isin(missing_values).to_numpy()


@dataclass
class _Column:
    """One declared field of a read table, and where its cells sit in the batch."""

    table: _Table
    field: dict[str, Any]
    start: int
    size: int
    in_primary_key: bool

    @property
    def name(self) -> str:
        return self.field["name"]

    @property
    def type(self) -> str:
        return self.field.get("type", "string")

    @property
    def constraints(self) -> dict[str, Any]:
        return self.field.get("constraints", {})

    @property
    def span(self) -> slice:
        return slice(self.start, self.start + self.size)


class _Cells:
    """Every cell of every declared column of the package, column after column.

    Checks run once per kind of check over all the cells that need it; a
    cell is addressed by its position in the batch (``columns[i].span``
    covers column *i*).  Per cell: ``absent`` (a missing value) and, once
    parsed, ``ints``, ``floats`` and ``dates``.  Raw values stay in their
    tables (``column_values``); a column's distinct values are factorised
    once (`_factorize`) and every check on it works on those.
    """

    def __init__(self, tables: Iterable[_Table]):
        self.columns: list[_Column] = []
        start = 0
        for table in tables:
            pk = set(_primary_key(table.resource))
            for fld in table.resource["schema"]["fields"]:
                if fld["name"] in table.cells:
                    size = len(table.cells[fld["name"]])
                    self.columns.append(_Column(table, fld, start, size, fld["name"] in pk))
                    start += size
        self.size = start
        self.starts = np.array([c.start for c in self.columns], dtype=np.int64)
        self.absent = np.zeros(start, dtype=bool)
        # Filled by _parse_types for typed columns only; zero pages cost nothing until written.
        self.ints = np.zeros(start, dtype=np.int64)
        self.floats = np.zeros(start, dtype=np.float64)
        self.dates = np.zeros(start, dtype="datetime64[ns]")
        keyed = _key_fields(tables)
        for c in self.columns:
            if (c.table.file, c.name) in keyed or c.type != "string" or (
                    {"enum", "pattern", "unique"} & c.constraints.keys()) or c.field.get("format") == "uri":
                # Checked on its distinct values later anyway: factorise now, test the distinct values.
                self.absent[c.span] = _missing_of(c.table, c.name)
            else:
                self.absent[c.span] = _is_missing(self.column_values(c), _missing_values(c.table.resource))

    @property
    def values(self) -> np.ndarray:
        """Every raw cell, column after column (built on demand)."""
        arrays = [self.column_values(c) for c in self.columns]
        return np.concatenate(arrays) if arrays else np.empty(0, dtype=object)

    @staticmethod
    def column_values(column: _Column) -> np.ndarray:
        """The raw cells of one column, in row order."""
        return column.table.cells[column.name]

    def where(self, predicate: Callable[[_Column], bool]) -> np.ndarray:
        """Boolean array over cells: does the cell's column satisfy ``predicate``?"""
        flags = np.zeros(self.size, dtype=bool)
        for c in self.columns:
            if predicate(c):
                flags[c.span] = True
        return flags

    def groups(self, key: Callable[[_Column], Hashable | None], mask: np.ndarray) -> Iterator[tuple[Any, np.ndarray]]:
        """Yield (key, indices of the masked cells whose column has that key), for each key not None."""
        members: dict[Any, list[_Column]] = {}
        for c in self.columns:
            k = key(c)
            if k is not None:
                members.setdefault(k, []).append(c)
        for k, columns in members.items():
            idx = np.concatenate([np.flatnonzero(mask[c.span]) + c.start for c in columns])
            if idx.size:
                yield k, idx

    def column_groups(self, key: Callable[[_Column], Hashable | None]) -> Iterator[tuple[Any, list[_Column]]]:
        """Yield (key, the columns with that key), for each key not None, in column order."""
        members: dict[Any, list[_Column]] = {}
        for c in self.columns:
            k = key(c)
            if k is not None:
                members.setdefault(k, []).append(c)
        yield from members.items()

    def problems(self, mask: np.ndarray, rule: str, message: Callable[[str, _Column], str]) -> list[Problem]:
        """One Problem per cell selected by ``mask``."""
        out = []
        cells = np.flatnonzero(mask)
        owners = np.searchsorted(self.starts, cells, side="right") - 1
        for i, owner in zip(cells.tolist(), owners.tolist()):
            column = self.columns[owner]
            row = i - column.start
            value = self.column_values(column)[row]
            line = int(column.table.lines[row])
            out.append(Problem(column.table.file, line, column.name, value, rule, message(value, column)))
        return out


def _positions_in(table: _Table, name: str, values: np.ndarray) -> np.ndarray:
    """For each raw string in ``values``: its position among the distinct values of a column, or -1.

    A dict lookup for a few values; a hash-table join (cached per column) for many.
    """
    uniques = _factorize(table, name)[1]
    if len(values) <= 2000:
        index = table.positions.get(name)
        if index is None:
            index = table.positions[name] = {u: i for i, u in enumerate(uniques.tolist())}
        return np.fromiter((index.get(v, -1) for v in values.tolist()), dtype=np.int64, count=len(values))
    key = "\x00index:" + name
    engine = table.positions.get(key)
    if engine is None:
        engine = table.positions[key] = pd.Index(uniques, dtype=object)
    return np.asarray(engine.get_indexer(pd.Index(values, dtype=object)), dtype=np.int64)


def _key_fields(tables: Iterable[_Table]) -> set[tuple[str, str]]:
    """(file, field) of every primary-key and foreign-key field, on both sides of a reference."""
    tables = list(tables)
    by_name = {t.resource["name"]: t for t in tables}
    out = set()
    for t in tables:
        schema = t.resource["schema"]
        out.update((t.file, f) for f in _primary_key(t.resource))
        for fk in schema.get("foreignKeys", []):
            out.update((t.file, f) for f in _as_list(fk["fields"]))
            target = by_name.get(fk["reference"].get("resource") or t.resource["name"])
            if target is not None:
                out.update((target.file, f) for f in _as_list(fk["reference"]["fields"]))
    return out


def _missing_of(table: _Table, name: str) -> np.ndarray:
    """`_is_missing` of a column, decided once per distinct value (on its factorisation)."""
    codes, uniques = _factorize(table, name)
    if not len(codes):
        return np.zeros(0, dtype=bool)
    return _is_missing(uniques, _missing_values(table.resource))[codes]


def _factorize(table: _Table, name: str) -> tuple[np.ndarray, np.ndarray]:
    """A column's integer codes (one per row) and its distinct raw values, computed once per column."""
    cached = table.factorized.get(name)
    if cached is None:
        codes, uniques = _factorize_values(table.cells[name])
        cached = (np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=object))
        table.factorized[name] = cached
    return cached


def _factorize_values(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values)``, hashing one value per run of equal neighbours when the
    column comes in runs (a child table sorted by its parent's key), else every value.

    Exact either way: the codes of the runs' values, repeated over each run, are the codes of
    the values. Whether runs are worth it is judged on the first rows.
    """
    n = len(values)
    head = values[:_RUN_SAMPLE]
    if n < 2 * _RUN_SAMPLE or np.count_nonzero(head[1:] != head[:-1]) > len(head) // 2:
        return pd.factorize(values)
    change = np.empty(n, dtype=bool)
    change[0] = True
    np.not_equal(values[1:], values[:-1], out=change[1:])
    run_codes, uniques = pd.factorize(values[change])
    return run_codes[np.cumsum(change) - 1], uniques


#: How many first rows decide whether a column is factorised by runs (`_factorize_values`).
_RUN_SAMPLE = 1000


def _on_uniques(values: np.ndarray, test: Callable[[pd.Series], pd.Series]) -> np.ndarray:
    """Apply a vectorised string ``test`` to the distinct values only; return its result per value."""
    codes, uniques = pd.factorize(values)
    result = test(pd.Series(uniques, dtype=object)).to_numpy(dtype=bool, na_value=False)
    return result[codes]


def _fullmatch(values: np.ndarray, pattern: str) -> np.ndarray:
    """Boolean array: does each string match ``pattern`` entirely (as ``Series.str.fullmatch``)?"""
    codes, uniques = pd.factorize(values)
    match = re.compile(pattern).fullmatch
    result = np.fromiter((match(u) is not None for u in uniques.tolist()), dtype=bool, count=len(uniques))
    return result[codes] if len(values) else np.zeros(0, dtype=bool)


def _per_distinct(columns: list[_Column], test: Callable[[np.ndarray], np.ndarray]) -> list[tuple[_Column, np.ndarray, np.ndarray]]:
    """For each column: (column, its codes, ``test`` of each of its distinct values).

    The distinct values of all the columns are tested together, in one call.
    """
    factorized = [_factorize(c.table, c.name) for c in columns]
    uniques = [u for _, u in factorized]
    tested = test(np.concatenate(uniques)) if uniques else np.empty(0)
    bounds = np.cumsum([0, *map(len, uniques)])
    return [(c, codes, tested[a:b]) for c, (codes, _), a, b in zip(columns, factorized, bounds[:-1], bounds[1:])]


def _boolean_values(column: _Column) -> tuple[list[str], list[str]]:
    """The field's trueValues and falseValues."""
    fld = column.field
    return list(fld.get("trueValues", DEFAULT_TRUE_VALUES)), list(fld.get("falseValues", DEFAULT_FALSE_VALUES))


def _parse_types(cells: _Cells, present: np.ndarray) -> np.ndarray:
    """Check and parse the present cells of typed fields; return where the type is wrong.

    Parsed values go to ``cells.ints`` (integer), ``cells.floats`` (number)
    and ``cells.dates`` (date, datetime64[ns]); each distinct raw value is
    checked and parsed once.
    """
    bad = np.zeros(cells.size, dtype=bool)

    def parse(ftype: str, store: np.ndarray, fill: Any, convert: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]) -> None:
        columns = [c for c in cells.columns if c.type == ftype]
        for c, codes, (ok, parsed) in _per_distinct_pairs(columns, convert):
            span = c.span
            good = present[span] & ok[codes]
            bad[span] = present[span] & ~good
            store[span] = np.where(good, parsed[codes], fill) if len(parsed) else fill

    def integers(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ok = _fullmatch(values, _INTEGER_RE)
        parsed = np.zeros(len(values), dtype=np.int64)
        parsed[ok] = values[ok].astype(np.int64)
        return ok, parsed

    def numbers(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ok = _fullmatch(values, _NUMBER_RE)
        parsed = np.full(len(values), np.nan)
        parsed[ok] = values[ok].astype(np.float64)
        return ok, parsed

    def dates(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        shaped = np.flatnonzero(_fullmatch(values, _DATE_RE))
        parsed = pd.to_datetime(values[shaped], format="%Y-%m-%d", errors="coerce").to_numpy()
        in_range = (parsed >= _MIN_DATE.to_datetime64()) & (parsed <= _MAX_DATE.to_datetime64())
        ok = np.zeros(len(values), dtype=bool)
        ok[shaped[in_range]] = True
        out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[ns]")
        out[shaped[in_range]] = parsed[in_range].astype("datetime64[ns]")
        return ok, out

    parse("integer", cells.ints, 0, integers)
    parse("number", cells.floats, np.nan, numbers)
    parse("date", cells.dates, np.datetime64("NaT"), dates)
    for allowed, columns in cells.column_groups(lambda c: tuple(sum(_boolean_values(c), [])) if c.type == "boolean" else None):
        for c, codes, ok in _per_distinct(columns, lambda u, allowed=allowed: _isin(u, list(allowed))):
            bad[c.span] = present[c.span] & ~ok[codes]
    return bad


def _per_distinct_pairs(columns: list[_Column], convert: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]):
    """Like `_per_distinct`, for a ``convert`` returning (ok, parsed) per distinct value."""
    factorized = [_factorize(c.table, c.name) for c in columns]
    uniques = [u for _, u in factorized]
    if not uniques:
        return []
    ok, parsed = convert(np.concatenate(uniques))
    bounds = np.cumsum([0, *map(len, uniques)])
    return [(c, codes, (ok[a:b], parsed[a:b])) for c, (codes, _), a, b in zip(columns, factorized, bounds[:-1], bounds[1:])]


def _isin(values: np.ndarray, allowed: list[str]) -> np.ndarray:
    """Boolean array: is each raw string one of ``allowed`` (exact string equality)?"""
    allowed_set = set(allowed)
    return np.fromiter((v in allowed_set for v in values.tolist()), dtype=bool, count=len(values))


def _type_message(value: str, column: _Column) -> str:
    """Explain a type problem."""
    expected = {
        "integer": "an integer (digits with an optional leading '-', 64-bit)",
        "number": "a number",
        "date": f"a date YYYY-MM-DD between {_MIN_DATE.date()} and {_MAX_DATE.date()}",
    }.get(column.type)
    if column.type == "boolean":
        expected = "one of " + str(sum(_boolean_values(column), []))
    return f"value {value!r} is not {expected} (type {column.type})"


def _not_in_enum(cells: _Cells, valid: np.ndarray) -> np.ndarray:
    """Where a valid cell is not one of its field's enum values.

    Enums of string fields are checked on each column's distinct values.
    """
    bad = np.zeros(cells.size, dtype=bool)
    has_enum = lambda c: (c.type, tuple(c.constraints["enum"])) if "enum" in c.constraints else None  # noqa: E731
    for (ftype, enum), idx in cells.groups(lambda c: has_enum(c) if c.type in ("integer", "number", "date") else None, valid):
        if ftype == "integer":
            bad[idx] = ~np.isin(cells.ints[idx], np.array(enum, dtype=np.int64))
        elif ftype == "number":
            bad[idx] = ~np.isin(cells.floats[idx], np.array(enum, dtype=np.float64))
        else:
            bad[idx] = ~np.isin(cells.dates[idx], np.array(enum, dtype="datetime64[ns]"))
    strings = lambda c: None if c.type in ("integer", "number", "date") else has_enum(c)  # noqa: E731
    for (_, enum), columns in cells.column_groups(strings):
        for c, codes, ok in _per_distinct(columns, lambda u, enum=enum: _isin(u, [str(e) for e in enum])):
            bad[c.span] = valid[c.span] & ~ok[codes]
    return bad


def _not_matching(cells: _Cells, valid: np.ndarray) -> np.ndarray:
    """Where a valid cell does not fully match its field's pattern.

    The pattern is tested once per distinct value of a column. A column with a foreign key
    to a column of the same pattern takes the referenced column's result for every value
    the two share (found through the mapping the foreign-key check uses, `_reference_positions`),
    and tests only the values the referenced column lacks.
    """
    bad = np.zeros(cells.size, dtype=bool)
    tables = {c.table.resource["name"]: c.table for c in cells.columns}
    for pattern, columns in cells.column_groups(lambda c: c.constraints.get("pattern")):
        match = re.compile(pattern).fullmatch
        test = lambda values: np.fromiter((match(v) is not None for v in values.tolist()),  # noqa: E731
                                          dtype=bool, count=len(values))
        in_group = {(c.table.resource["name"], c.name): c for c in columns}
        parent = {}
        for key, c in in_group.items():
            ref = _single_reference(c)
            if ref is not None and ref in in_group and ref != key and ref[0] in tables:
                parent[key] = ref
        results: dict[tuple[str, str], np.ndarray] = {}
        pending = list(in_group)
        while pending:
            ready = [k for k in pending if k not in parent or parent[k] in results]
            if not ready:  # references in a circle: test those columns' values directly
                ready, parent = pending, {}
            for key in ready:
                c = in_group[key]
                uniques = _factorize(c.table, c.name)[1]
                if key in parent:
                    ref_name, ref_field = parent[key]
                    position = _reference_positions(c.table, c.name, tables[ref_name], ref_field)
                    ok = np.append(results[parent[key]], False)[position]
                    missing = np.flatnonzero(position < 0)
                    ok[missing] = test(uniques[missing])
                else:
                    ok = test(uniques)
                results[key] = ok
                codes = _factorize(c.table, c.name)[0]
                bad[c.span] = valid[c.span] & ~ok[codes] if len(ok) else False
            pending = [k for k in pending if k not in results]
    return bad


def _single_reference(column: _Column) -> tuple[str, str] | None:
    """(resource, field) that a single-field foreign key of ``column`` references, if any."""
    resource = column.table.resource
    for fk in resource["schema"].get("foreignKeys", []):
        if _as_list(fk["fields"]) == [column.name]:
            ref_fields = _as_list(fk["reference"]["fields"])
            if len(ref_fields) == 1:
                return (fk["reference"].get("resource") or resource["name"], ref_fields[0])
    return None


def _reference_positions(table: _Table, name: str, target: _Table, ref_name: str) -> np.ndarray:
    """For each distinct raw value of a column, its position among the distinct raw values
    of the column it references (-1 when absent), computed once per pair of columns."""
    key = ("reference", name, target.resource["name"], ref_name)
    position = table.positions.get(key)
    if position is None:
        position = table.positions[key] = _positions_in(target, ref_name, _factorize(table, name)[1])
    return position


def _not_uri(cells: _Cells, valid: np.ndarray) -> np.ndarray:
    """Where a valid cell of a ``format: uri`` string field does not start with http:// or https://."""
    bad = np.zeros(cells.size, dtype=bool)
    uri = lambda c: True if c.type == "string" and c.field.get("format") == "uri" else None  # noqa: E731
    for _, columns in cells.column_groups(uri):
        test = lambda u: _on_uniques(u, lambda s: s.str.startswith(("http://", "https://")))  # noqa: E731
        for c, codes, ok in _per_distinct(columns, test):
            bad[c.span] = valid[c.span] & ~ok[codes]
    return bad


def _out_of_bounds(cells: _Cells, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where a valid cell is below its field's minimum, and where above its maximum."""
    below = np.zeros(cells.size, dtype=bool)
    above = np.zeros(cells.size, dtype=bool)
    parsed = {"integer": cells.ints, "number": cells.floats, "date": cells.dates}
    for c in cells.columns:
        if c.type not in parsed or not ({"minimum", "maximum"} & c.constraints.keys()):
            continue
        span, store = c.span, parsed[c.type]
        convert = (lambda x: np.datetime64(x, "ns")) if c.type == "date" else (lambda x: x)
        if "minimum" in c.constraints:
            below[span] = valid[span] & (store[span] < convert(c.constraints["minimum"]))
        if "maximum" in c.constraints:
            above[span] = valid[span] & (store[span] > convert(c.constraints["maximum"]))
    return below, above


def _too_long(cells: _Cells, valid: np.ndarray) -> np.ndarray:
    """Where a valid cell has more characters than its field's maxLength."""
    bad = np.zeros(cells.size, dtype=bool)
    for c in cells.columns:
        if "maxLength" in c.constraints:
            lengths = pd.Series(cells.column_values(c), dtype=object).str.len().to_numpy()
            bad[c.span] = valid[c.span] & (lengths > c.constraints["maxLength"])
    return bad


def _check_cells(cells: _Cells) -> list[Problem]:
    """Check every cell against its field's type, format and constraints.

    Constraints other than ``required`` apply only to cells that are present
    and of the right type, as in Frictionless.  Primary-key fields are
    implicitly required.
    """
    problems: list[Problem] = []

    def report(mask: np.ndarray, rule: str, message: Callable[[str, _Column], str]) -> None:
        if mask.any():
            problems.extend(cells.problems(mask, rule, message))

    required = cells.where(lambda c: c.constraints.get("required") or c.in_primary_key)
    report(cells.absent & required, "required", lambda v, c: "a value is required")
    bad_type = _parse_types(cells, ~cells.absent)
    report(bad_type, "type", _type_message)
    valid = ~cells.absent & ~bad_type
    report(_not_uri(cells, valid), "format", lambda v, c: f"value {v!r} is not a URI starting with http:// or https://")
    report(_not_in_enum(cells, valid), "enum", lambda v, c: f"value {v!r} is not one of {c.constraints['enum']}")
    report(_not_matching(cells, valid), "pattern", lambda v, c: f"value {v!r} does not match {c.constraints['pattern']!r}")
    below, above = _out_of_bounds(cells, valid)
    report(below, "minimum", lambda v, c: f"value {v!r} is less than the minimum {c.constraints['minimum']}")
    report(above, "maximum", lambda v, c: f"value {v!r} is greater than the maximum {c.constraints['maximum']}")
    report(_too_long(cells, valid), "max-length", lambda v, c: f"value {v!r} is longer than {c.constraints['maxLength']} characters")
    return problems


# --------------------------------------------------------------------------
# Keys: unique fields, primary keys, foreign keys (set operations over rows)
# --------------------------------------------------------------------------


def _row_keys(table: _Table, fields: list[str], rows: np.ndarray | slice = slice(None)) -> np.ndarray:
    """One string per selected row joining its raw cells in ``fields`` (a composite key)."""
    key = table.cells[fields[0]][rows]
    for name in fields[1:]:
        key = key + _KEY_SEP + table.cells[name][rows]
    return key


def _scoped_codes(groups: list[np.ndarray], scopes: list[int]) -> list[np.ndarray]:
    """Integer codes for the keys of each group: equal keys get equal codes only within one scope."""
    sizes = [len(g) for g in groups]
    codes, uniques = pd.factorize(np.concatenate(groups)) if sum(sizes) else (np.empty(0, np.int64), [])
    scoped = np.repeat(np.asarray(scopes, dtype=np.int64), sizes) * (len(uniques) + 1) + codes
    return np.split(scoped, np.cumsum(sizes)[:-1])


def _first_occurrences(groups: list[np.ndarray]) -> list[np.ndarray]:
    """For each array of keys: per element, the position in that array where its key first occurs."""
    if not groups:
        return []
    sizes = [len(g) for g in groups]
    offsets = np.cumsum([0, *sizes[:-1]])
    scoped = np.concatenate(_scoped_codes(groups, list(range(len(groups)))))
    _, first, inverse = np.unique(scoped, return_index=True, return_inverse=True)
    firsts = first[inverse.ravel()]
    return [firsts[o : o + n] - o for o, n in zip(offsets, sizes)]


def _found_in(pairs: list[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
    """For each (needles, haystack) pair of key arrays: is each needle in its haystack?"""
    if not pairs:
        return []
    k = len(pairs)
    scoped = _scoped_codes([n for n, _ in pairs] + [h for _, h in pairs], [*range(k), *range(k)])
    found = np.isin(np.concatenate(scoped[:k]), np.concatenate(scoped[k:]))
    return np.split(found, np.cumsum([len(n) for n, _ in pairs])[:-1])


def _key_codes(table: _Table, fields: list[str], rows: np.ndarray | slice = slice(None)) -> np.ndarray | None:
    """Integer keys for the selected rows: equal codes exactly where the joined raw cells
    (`_row_keys`) are equal, built from each column's factorisation instead of joined strings.

    None when that equivalence could fail: a composite key with the separator inside a cell.
    """
    codes: np.ndarray | None = None
    size = 1
    for name in fields:
        column_codes, uniques = _factorize(table, name)
        if len(fields) > 1 and _KEY_SEP in "".join(uniques.tolist()):
            return None
        selected = column_codes[rows]
        if codes is None:
            codes, size = selected, max(len(uniques), 1)
        else:
            codes = codes * len(uniques) + selected
            size *= max(len(uniques), 1)
            if size > 2**62:
                codes, distinct = pd.factorize(codes)
                codes, size = np.asarray(codes, dtype=np.int64), max(len(distinct), 1)
    return codes


def _first_positions(keys: np.ndarray) -> np.ndarray:
    """Per element of an integer key array, the position where its key first occurs."""
    if not len(keys):
        return np.empty(0, dtype=np.int64)
    low, high = int(keys.min()), int(keys.max())
    if low >= 0 and high < 4 * len(keys) + 64 and np.bincount(keys).max() <= 1:
        return np.arange(len(keys))  # all distinct: the common case, without a sort
    if low >= 0 and high < _SEEN_LIMIT:
        seen = np.zeros(high + 1, dtype=bool)  # one flag per possible key, pages touched on use
        seen[keys] = True
        if np.count_nonzero(seen) == len(keys):
            return np.arange(len(keys))  # all distinct (composite keys of a valid package)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return first[inverse.ravel()]


#: The largest key range (composite key codes) checked for duplicates with a flag per
#: possible key (at most this many bytes) rather than a sort.
_SEEN_LIMIT = 2**26


def _check_duplicates(cells: _Cells, tables: list[_Table]) -> list[Problem]:
    """Report each row repeating an earlier row's value of a unique field, or its primary key.

    Empty cells are ignored for ``unique``; rows with an empty key cell are
    skipped for the primary key (they are reported as ``required``).
    """
    checks = []  # (table, fields, row positions, rule)
    valid = ~cells.absent
    for c in cells.columns:
        if c.constraints.get("unique"):
            checks.append((c.table, [c.name], np.flatnonzero(valid[c.span]), "unique"))
    for table in tables:
        pk = _primary_key(table.resource)
        if pk and all(f in table.cells for f in pk):
            empty = np.any([_missing_of(table, f) for f in pk], axis=0)
            checks.append((table, pk, np.flatnonzero(~empty), "primary-key"))
    firsts = []
    for table, fields, rows, _ in checks:
        keys = _key_codes(table, fields, rows)
        firsts.append(_first_occurrences([_row_keys(table, fields, rows)])[0] if keys is None else _first_positions(keys))
    problems = []
    for (table, fields, rows, rule), first in zip(checks, firsts):
        for pos in np.flatnonzero(first != np.arange(len(rows))):
            value = ", ".join(table.cells[f][rows[pos]] for f in fields)
            what = "value" if rule == "unique" else "primary key"
            msg = f"{what} {value!r} is not unique: it already occurs on line {table.lines[rows[first[pos]]]}"
            problems.append(Problem(table.file, int(table.lines[rows[pos]]), ",".join(fields), value, rule, msg))
    return problems


def _as_list(fields: str | list[str]) -> list[str]:
    """A field name or list of names, as a list."""
    return [fields] if isinstance(fields, str) else list(fields)


def _references_found(table: _Table, fields: list[str], rows: np.ndarray, target: _Table,
                      ref_fields: list[str]) -> np.ndarray | None:
    """Is each selected row's key among the referenced table's keys? Decided on each column's
    distinct values (mapped into the referenced column's), not on joined strings.

    None when that could differ from comparing joined strings (see `_key_codes`) or when the
    fields do not pair up one to one.
    """
    if len(fields) != len(ref_fields):
        return None
    mapped: list[np.ndarray] = []
    parent: list[np.ndarray] = []
    sizes: list[int] = []
    for name, ref_name in zip(fields, ref_fields):
        codes, uniques = _factorize(table, name)
        ref_codes, ref_uniques = _factorize(target, ref_name)
        if len(fields) > 1 and _KEY_SEP in "".join(uniques.tolist()) + "".join(ref_uniques.tolist()):
            return None
        if len(fields) == 1:  # kept for `_share_factorizations`: the foreign-key join by position
            position = _reference_positions(table, name, target, ref_name)
        else:
            position = _positions_in(target, ref_name, uniques)
        mapped.append(position[codes[rows]] if len(uniques) else np.empty(0, dtype=np.int64))
        parent.append(ref_codes)
        sizes.append(max(len(ref_uniques), 1))
    if len(fields) == 1:
        return mapped[0] >= 0
    if float(np.prod(sizes, dtype=np.float64)) > 2.0**62:
        return None
    needle = np.zeros(len(rows), dtype=np.int64)
    hay = np.zeros(len(target.lines), dtype=np.int64)
    missing = np.zeros(len(rows), dtype=bool)
    for m, p, size in zip(mapped, parent, sizes):
        missing |= m < 0
        needle = needle * size + m
        hay = hay * size + p
    return ~missing & np.isin(needle, hay)


def _check_foreign_keys(tables: dict[str, _Table]) -> list[Problem]:
    """Report rows whose foreign-key cells match no key row of the referenced resource.

    A row whose foreign-key cells are all empty is skipped.  The referenced
    keys are the raw values in the referenced file.  A reference to a file
    or column that could not be read is skipped (that problem is reported).
    """
    checks = []  # (table, fields, row positions, target, ref_fields)
    for table in tables.values():
        for fk in table.resource["schema"].get("foreignKeys", []):
            fields, ref = _as_list(fk["fields"]), fk["reference"]
            ref_fields = _as_list(ref["fields"])
            target = tables.get(ref.get("resource") or table.resource["name"])
            if target is None or not all(f in table.cells for f in fields):
                continue
            if not all(f in target.cells for f in ref_fields):
                continue
            empty = np.all([_missing_of(table, f) for f in fields], axis=0)
            checks.append((table, fields, np.flatnonzero(~empty), target, ref_fields))
    problems = []
    for table, fields, rows, target, ref_fields in checks:
        found = _references_found(table, fields, rows, target, ref_fields)
        if found is None:
            found = _found_in([(_row_keys(table, fields, rows), _row_keys(target, ref_fields))])[0]
        for pos in rows[~found]:
            value = ", ".join(table.cells[f][pos] for f in fields)
            msg = f"value {value!r} has no match in {target.file} column {','.join(ref_fields)}"
            problems.append(Problem(table.file, int(table.lines[pos]), ",".join(fields), value, "foreign-key", msg))
    return problems


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------


#: Above this many bytes of CSV in all, the files are parsed on two threads (pandas' parser
#: and the byte scans release the GIL for much of their work); below it, one thread is quicker.
_PARALLEL_BYTES = 8_000_000


def _read_tables(data_dir: Path, resources: list[dict[str, Any]]) -> list[tuple[_Table | None, list[Problem]]]:
    """`_read_table` of every resource, in order; the largest files first on two threads when big."""
    sizes = []
    for r in resources:
        try:
            sizes.append((data_dir / r["path"]).stat().st_size)
        except OSError:
            sizes.append(0)
    if sum(sizes) < _PARALLEL_BYTES or (os.cpu_count() or 1) < 2:
        return [_read_table(data_dir, r) for r in resources]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        order = sorted(range(len(resources)), key=lambda i: -sizes[i])
        futures = {i: pool.submit(_read_table, data_dir, resources[i]) for i in order}
        return [futures[i].result() for i in range(len(resources))]


def _validate(data_dir: Path, descriptor: dict[str, Any]) -> tuple[dict[str, _Table], _Cells, list[Problem]]:
    """Read every resource once and collect every problem in every file."""
    tables: dict[str, _Table] = {}
    problems: list[Problem] = []
    for resource, (table, found) in zip(descriptor["resources"], _read_tables(data_dir, descriptor["resources"])):
        problems += found
        if table is not None:
            tables[resource["name"]] = table
    cells = _Cells(tables.values())
    problems += _check_cells(cells)
    problems += _check_duplicates(cells, list(tables.values()))
    problems += _check_foreign_keys(tables)
    return tables, cells, sorted(problems, key=Problem.sort_key)


def validate(data_dir: str | Path | None = None) -> list[Problem]:
    """Every problem of the data package in ``data_dir``, sorted (empty when valid); never raises for bad data."""
    data_dir = _resolve_dir(data_dir)
    try:
        descriptor = read_descriptor(data_dir)
    except DatasetError as exc:
        return exc.problems
    return _validate(data_dir, descriptor)[2]


# --------------------------------------------------------------------------
# Typed dataset
# --------------------------------------------------------------------------


def _lookup_column(column: _Column, mapping: dict[str, int], default: int) -> np.ndarray:
    """Integer array: ``mapping[cell]`` per raw cell of a column (``default`` when absent),
    looked up once per distinct value of its (cached) factorisation."""
    codes, uniques = _factorize(column.table, column.name)
    table = np.array([mapping.get(u, default) for u in uniques] or [default], dtype=np.int64)
    return table[codes] if len(codes) else np.empty(0, dtype=np.int64)


@functools.lru_cache(maxsize=None)
def _categorical_dtype(categories: tuple[str, ...]) -> pd.CategoricalDtype:
    """The (immutable, shared) unordered categorical dtype of an enum."""
    return pd.CategoricalDtype(categories=list(categories), ordered=False)


def _typed_column(cells: _Cells, column: _Column) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """The validated cells of one column in their pandas dtype (missing cells become NA/NaT)."""
    span = column.span
    absent = cells.absent[span].copy()
    if column.type == "integer":
        return pd.arrays.IntegerArray(cells.ints[span].copy(), absent)
    if column.type == "number":
        return pd.arrays.FloatingArray(cells.floats[span].copy(), absent)
    if column.type == "date":
        return cells.dates[span].copy()
    values = cells.column_values(column)
    if column.type == "boolean":
        truth = _lookup_column(column, dict.fromkeys(_boolean_values(column)[0], True), False).astype(bool)
        return pd.arrays.BooleanArray(truth, absent)
    enum = column.constraints.get("enum")
    if enum is not None:
        codes = _lookup_column(column, {str(e): i for i, e in enumerate(enum)}, -1)
        codes[absent] = -1
        return pd.Categorical.from_codes(codes, dtype=_categorical_dtype(tuple(enum)))
    if column.name in column.table.factorized:  # built from the distinct values: checked once each
        codes, uniques = _present_factorization(column.table, column.name)
        return pd.arrays.StringArray(uniques.copy()).take(codes, allow_fill=True)
    strings = values.copy()
    strings[absent] = pd.NA
    return pd.arrays.StringArray(strings)


def first_row_per_code(codes: np.ndarray, n_codes: int) -> np.ndarray:
    """Per code 0..n_codes-1 (as `pd.factorize` gives them), the first row holding it, -1
    when none; plus one last slot holding -1, so that indexing with code -1 reads -1."""
    first = np.full(n_codes + 1, -1, dtype=np.int64)
    if len(codes) == n_codes and np.array_equal(codes, np.arange(n_codes)):
        first[:-1] = codes  # every value distinct (a primary key): its own row
        return first
    rows = np.flatnonzero(codes >= 0)
    present, first_index = np.unique(codes[rows], return_index=True)
    first[present] = rows[first_index]
    return first


def _present_factorization(table: _Table, name: str) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of a column once typed: `_factorize` of its raw cells with the
    missing-value strings dropped from the distinct values (their rows get code -1)."""
    key = ("present", name)
    cached = table.positions.get(key)
    if cached is None:
        codes, uniques = _factorize(table, name)
        keep = ~_is_missing(uniques, _missing_values(table.resource))
        renumber = np.full(len(uniques) + 1, -1, dtype=np.int64)  # last slot: code -1 stays -1
        renumber[:-1][keep] = np.arange(int(keep.sum()))
        cached = table.positions[key] = (renumber[codes], uniques[keep].copy())
    return cached


def _typed_arrays(tables: dict[str, _Table], cells: _Cells) -> dict[str, dict[str, Any]]:
    """The typed array of every column, per resource and column name."""
    names = {id(t): name for name, t in tables.items()}
    arrays: dict[str, dict[str, Any]] = {name: {} for name in tables}
    for column in cells.columns:
        arrays[names[id(column.table)]][column.name] = _typed_column(cells, column)
    return arrays


def _typed_tables(tables: dict[str, _Table], arrays: dict[str, dict[str, Any]]) -> dict[str, pd.DataFrame]:
    """One typed DataFrame per resource, on its `_typed_arrays` (not copied): descriptor
    column order, rows in file order."""
    return {
        name: pd.DataFrame(arrays[name], index=pd.RangeIndex(len(table.lines)), copy=False)
        for name, table in tables.items()
    }


@dataclass(repr=False, eq=False)
class Dataset:
    """The typed data package: one DataFrame per resource, in descriptor order.

    Tables are reachable as ``ds.tables["passages"]`` or ``ds.passages``.
    In every table a row is one record of the resource's CSV file, in file order.
    """

    tables: dict[str, pd.DataFrame]
    descriptor: dict[str, Any] = field(default_factory=dict)
    data_dir: Path = field(default_factory=lambda: DEFAULT_DATA_DIR)
    #: Values kept by `derive` (key indexes: `factorize`, `lookup`), each with views of the
    #: columns it was computed from; used only while the tables still hold those arrays.
    _derived: dict[tuple, tuple] = field(default_factory=dict, init=False, repr=False, compare=False)
    #: Values `load_dataset` offers to `derive` (already known from validation), each with
    #: the column arrays it was built for and a function computing it; taken on first use.
    #: `_guards` (shallow copies of the tables) make any write through pandas give the
    #: written column a new array under copy-on-write, so an offer never meets changed data.
    _offered: dict[tuple, tuple] = field(default_factory=dict, init=False, repr=False, compare=False)
    _guards: list[pd.DataFrame] = field(default_factory=list, init=False, repr=False, compare=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables")
        if tables is not None and name in tables:
            return tables[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute or resource {name!r}")

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.tables))

    def __repr__(self) -> str:
        return f"Dataset(data_dir={str(self.data_dir)!r}, resources={list(self.tables)})"

    def factorize(self, resource: str, column: str) -> tuple[np.ndarray, np.ndarray]:
        """``pd.factorize`` of one column, computed once per dataset and column.

        Returns (codes, uniques): per row the position of its value among the column's
        distinct values (-1 where missing), and the distinct values as a Python-object array
        in order of first appearance. Both arrays are read-only.

        The result is kept with the column's array. Writing to a table through pandas
        (``loc``, assignment, ``inplace``) gives the column a new array under copy-on-write,
        so the next call computes afresh: a cached result never outlives the data it
        describes. `load_dataset` fills this in from its own validation, at no extra cost.
        """
        def compute() -> tuple[np.ndarray, np.ndarray]:
            codes, uniques = pd.factorize(self.tables[resource][column].array)
            return np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=object)

        return self.derive("factorize", [(resource, column)], compute)

    def lookup(self, resource: str, column: str, target: str, target_column: str) -> np.ndarray:
        """Per row of ``resource``: the first row of ``target`` whose ``target_column`` equals
        the row's ``column`` value; -1 where the value is missing or has no match.

        A foreign-key join by position. Only the distinct values are hashed (via
        `factorize`), so the cost of a large child table is one integer gather. Read-only,
        kept like `factorize`.
        """
        def compute() -> tuple[np.ndarray]:
            codes, uniques = self.factorize(resource, column)
            target_codes, target_uniques = self.factorize(target, target_column)
            first = first_row_per_code(target_codes, len(target_uniques))  # last slot: "no match"
            position = pd.Index(target_uniques, dtype=object).get_indexer(pd.Index(uniques, dtype=object))
            row_of_unique = np.append(first[position], -1)  # position -1 reads the "no match" slot
            return (row_of_unique[codes],)

        return self.derive("lookup", [(resource, column), (target, target_column)], compute)[0]

    def derive(self, name: str, columns: list[tuple[str, str]], compute: Callable[[], tuple]) -> tuple:
        """``compute()``, a tuple of values derived from the (resource, column) pairs
        ``columns`` only, computed once per dataset and kept while those columns are unchanged.

        Kept values are stored with views of their columns. Under pandas' copy-on-write a
        write to a table through pandas (``loc``, assignment, a new table in ``tables``) gives
        the column a new array when a view of it is alive, so a kept value is used only while
        every column still holds the very array it was computed from: it never outlives the
        data it describes. Arrays among the values are made read-only.
        """
        views = tuple(self.tables[r][c] for r, c in columns)
        key = (name, *map(tuple, columns))
        hit = self._derived.get(key)
        if hit is not None and all(a.array is b.array for a, b in zip(hit[0], views)):
            return hit[1]
        offer = self._offered.pop(key, None)
        if offer is not None and all(a is b.array for a, b in zip(offer[0], views)):
            compute = offer[1]  # what validation knew about these very arrays
        values = tuple(compute())
        for v in values:
            if isinstance(v, np.ndarray):
                v.flags.writeable = False
        self._derived[key] = (views, values)
        return values

    def summary(self) -> pd.DataFrame:
        """One row per resource, in descriptor order: its name and its number of rows."""
        return pd.DataFrame({"resource": list(self.tables), "rows": [len(t) for t in self.tables.values()]})


def load_dataset(data_dir: str | Path | None = None) -> Dataset:
    """Validate the data package in ``data_dir`` and return it typed.

    Raises :class:`DatasetError` listing every problem when anything is wrong.
    """
    data_dir = _resolve_dir(data_dir)
    descriptor = read_descriptor(data_dir)
    tables, cells, problems = _validate(data_dir, descriptor)
    if problems:
        raise DatasetError(problems)
    arrays = _typed_arrays(tables, cells)
    ds = Dataset(tables=_typed_tables(tables, arrays), descriptor=descriptor, data_dir=data_dir)
    _share_factorizations(ds, tables, cells, arrays)
    return ds


def _share_factorizations(ds: Dataset, tables: dict[str, _Table], cells: _Cells,
                          arrays: dict[str, dict[str, Any]]) -> None:
    """Offer the validation's factorisations and foreign-key mappings to ``ds.derive``.

    Validation factorised the raw cells of key columns (missing-value strings included);
    dropping those from the distinct values and renumbering gives exactly ``pd.factorize``
    of the typed column (`_present_factorization`, `Dataset.factorize`). The foreign-key checks mapped each child
    column's distinct values into the referenced column's; with each referenced value's
    first row, that is `Dataset.lookup`. Nothing is computed here: each offer is a function
    that runs on first use, and only if the column still holds the array it was built for.
    """
    names = {id(t): name for name, t in tables.items()}
    ds._guards.extend(frame.copy(deep=False) for frame in ds.tables.values())

    shared = set()
    for c in cells.columns:
        if c.type != "string" or "enum" in c.constraints or c.name not in c.table.factorized:
            continue
        resource = names[id(c.table)]
        shared.add((resource, c.name))
        key = ("factorize", (resource, c.name))
        ds._offered[key] = ((arrays[resource][c.name],), lambda t=c.table, n=c.name: _present_factorization(t, n))

    firsts: dict[tuple[str, str], np.ndarray] = {}  # per referenced column, shared

    def first_row_of(target: _Table, target_name: str, ref_name: str) -> np.ndarray:
        first = firsts.get((target_name, ref_name))
        if first is None:
            ref_codes, ref_uniques = target.factorized[ref_name]
            first = first_row_per_code(ref_codes, len(ref_uniques))  # last slot: no match
            first[:-1][_is_missing(ref_uniques, _missing_values(target.resource))] = -1
            firsts[(target_name, ref_name)] = first
        return first

    def lookup(table: _Table, name: str, target_name: str, ref_name: str, position: np.ndarray) -> tuple[np.ndarray]:
        codes, uniques = table.factorized[name]
        row_of = np.append(first_row_of(tables[target_name], target_name, ref_name)[position], -1)
        row_of[:-1][_is_missing(uniques, _missing_values(table.resource))] = -1  # a missing value matches nothing
        return (row_of[codes],)

    for table in tables.values():
        resource = names[id(table)]
        for key, position in table.positions.items():
            if not (isinstance(key, tuple) and key[0] == "reference"):
                continue
            _, name, target_name, ref_name = key
            if not {(resource, name), (target_name, ref_name)} <= shared:
                continue  # typed otherwise than as plain strings
            offer = ("lookup", (resource, name), (target_name, ref_name))
            ds._offered[offer] = ((arrays[resource][name], arrays[target_name][ref_name]),
                                  lambda t=table, n=name, tn=target_name, rn=ref_name, p=position: lookup(t, n, tn, rn, p))
