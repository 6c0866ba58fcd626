"""Data layer: read, validate and type the CSV tables of the amm58 data package.

``data/datapackage.json`` (Frictionless) is the single source of truth for the resources, their
fields, types, constraints and keys. :func:`load_dataset` reads every CSV once with
``pandas.read_csv`` (every cell a string), parses the typed fields with pandas, checks each
column with pandera (on the schema pandera's Frictionless field parser builds from the descriptor),
checks primary and foreign keys with plain pandas and, only when no file has a problem,
returns the typed tables. A *row* is a data record (the header is not a row); its *line* is
the line of the file on which it starts, the header being line 1.

A package may come from elsewhere (a colleague's folder, a pull request), so a resource's
``path`` is read only when it is a relative path that stays inside the package folder, symbolic
links followed (`package_file`); any other path, and every URL, is refused before anything is
read, as a problem of its own. Messages quote a cell value or a header cut to `QUOTE_LIMIT`
characters with its non-printable characters escaped (`quote`), so a long or binary value
cannot flood a terminal or a log.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors
from pandera.io.pandas_io import FrictionlessFieldParser, deserialize_schema

from amm58.checks import RULES as CROSS_TABLE_RULES
from amm58.checks import Tables, check_links

__all__ = ["DEFAULT_DATA_DIR", "QUOTE_LIMIT", "RULES", "Dataset", "DatasetError", "Problem", "load_dataset",
           "package_file", "quote", "read_descriptor", "shorten", "validate"]  # fmt: skip

DESCRIPTOR_NAME = "datapackage.json"


def _default_data_dir() -> Path:
    """Return the repository's ``data/`` folder, else ``./data`` (resolved at use)."""
    repo_data = Path(__file__).resolve().parents[2] / "data"
    return repo_data if repo_data.is_dir() else Path("data")


DEFAULT_DATA_DIR: Path = _default_data_dir()

#: Every rule name a :class:`Problem` can carry: those of single tables and keys, then those of
#: the checks across tables (:data:`amm58.checks.RULES`).
RULES: tuple[str, ...] = (
    "missing-file", "unreadable-file", "encoding", "missing-column", "extra-column", "ragged-row", "type",
    "required", "enum", "pattern", "minimum", "maximum", "max-length", "unique", "primary-key", "foreign-key", "format",
    "unsafe-path", "remote-path",
) + CROSS_TABLE_RULES  # fmt: skip

#: At most this many characters of a value, a header or a file name are quoted in a message.
QUOTE_LIMIT = 60
#: A URL scheme (``https:``, ``file:``); one letter (``C:``) is a Windows drive, refused as absolute.
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")

SUPPORTED_TYPES = ("string", "integer", "number", "date", "boolean")
DEFAULT_TRUE_VALUES = ["true", "True", "TRUE", "1"]
DEFAULT_FALSE_VALUES = ["false", "False", "FALSE", "0"]

_INTEGER_RE = r"-?0*[0-9]{1,18}"  # fits a signed 64-bit integer: at most 18 significant digits
_NUMBER_RE = r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_DATE_RE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
# Dates are returned as datetime64[ns], which covers these years.
_MIN_DATE = pd.Timestamp("1678-01-01")
_MAX_DATE = pd.Timestamp("2261-12-31")

#: Per pandera check that a constraint of the descriptor becomes: our rule, and its message.
_CHECKS = {
    "not_nullable": ("required", "a value is required"),
    "field_uniqueness": ("unique", "value {v} is not unique: it already occurs on line {first}"),
    "isin": ("enum", "value {v} is not one of {enum}"),
    "str_matches": ("pattern", "value {v} does not match {pattern}"),
    "greater_than_or_equal_to": ("minimum", "value {v} is less than the minimum {c[minimum]}"),
    "less_than_or_equal_to": ("maximum", "value {v} is greater than the maximum {c[maximum]}"),
    "str_length": ("max-length", "value {v} is longer than {c[maxLength]} characters"),
    "uri": ("format", "value {v} is not a URI starting with http:// or https://"),
}


def shorten(text: object, limit: int = QUOTE_LIMIT) -> str:
    """``text`` safe to print: every non-printable character escaped as Python writes it
    (``\\n``, ``\\x1b``, ``\\u200b``), and cut to ``limit`` characters ending in ``…`` when longer."""
    pieces, n = [], 0
    for ch in str(text):
        piece = ch if ch.isprintable() else repr(ch)[1:-1]
        if n + len(piece) > limit:
            while pieces and n + 1 > limit:  # room for the ellipsis
                n -= len(pieces.pop())
            return "".join(pieces) + "…"
        pieces.append(piece)
        n += len(piece)
    return "".join(pieces)


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A cell value or a header quoted for a message, as ``repr`` quotes a string (``'anwser'``,
    non-printable characters escaped), with at most ``limit`` characters between the quotes: a
    longer value is cut and ends in ``…`` (``'aaaa…'``)."""
    text = str(value)
    cut = text[:limit]
    shown = repr(cut)
    if cut == text and len(shown) <= limit + 2:
        return shown
    while len(shown) > limit + 1:  # room for the ellipsis
        cut = cut[:-1]
        shown = repr(cut)
    return f"{shown[:-1]}…{shown[-1]}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data package: the file (relative to the data directory), the
    line of the row (None for file-level problems), the column (None if not applicable), the
    offending raw string, the rule (one of :data:`RULES`) and a message."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        line = "" if self.line is None else f", line {self.line}"
        column = "" if self.column is None else f", column {shorten(self.column)}"
        return f"{shorten(self.file)}{line}{column}: {self.message} (rule: {self.rule})"

    def sort_key(self) -> tuple[str, int, str, str]:
        """Order problems by file, line, column and rule."""
        return (self.file, self.line or 0, self.column or "", self.rule)


class DatasetError(ValueError):
    """The data package is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sorted(problems, key=Problem.sort_key)
        super().__init__(str(self))

    def __str__(self) -> str:
        header = f"Dataset invalid: {len(self.problems)} problem(s)"
        return "\n".join([header, *(str(p) for p in self.problems)])


# --- Where a resource may be read from --------------------------------------
def _path_problem(data_dir: Path, path: object, resource: str) -> Problem | None:
    """Why ``path`` (a resource's path in the descriptor) may not be read, or None when it is a
    relative path that stays inside ``data_dir``, symbolic links followed. Nothing is read."""
    where = f"resource {shorten(resource)}: path"
    if not isinstance(path, str):
        message = f"{where} must be one file path (a string), not {shorten(path)}"
        return Problem(DESCRIPTOR_NAME, None, None, shorten(path), "unreadable-file", message)
    scheme = _URL_SCHEME.match(path)
    if scheme:
        message = (f"{where} {quote(path)} is a URL ({shorten(scheme[1])}:), and remote data is never fetched: "
                   "a resource must be a file inside the package folder")  # fmt: skip
        return Problem(DESCRIPTOR_NAME, None, None, path, "remote-path", message)
    if path.startswith(("/", "\\")) or PureWindowsPath(path).drive:
        message = f"{where} {quote(path)} is absolute: a resource path must be relative to the package folder"
        return Problem(DESCRIPTOR_NAME, None, None, path, "unsafe-path", message)
    if ".." in re.split(r"[/\\]", path):
        message = f"{where} {quote(path)} climbs out of the package folder ('..'): a resource must stay inside it"
        return Problem(DESCRIPTOR_NAME, None, None, path, "unsafe-path", message)
    try:
        inside = (data_dir / path).resolve().is_relative_to(data_dir.resolve())
    except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop, a NUL byte
        message = f"{where} {quote(path)} cannot be resolved to a file in the package folder ({shorten(exc)})"
        return Problem(DESCRIPTOR_NAME, None, None, path, "unsafe-path", message)
    if not inside:
        message = f"{where} {quote(path)} leads outside the package folder once symbolic links are followed"
        return Problem(DESCRIPTOR_NAME, None, None, path, "unsafe-path", message)
    return None


def package_file(data_dir: str | Path, path: object, *, resource: str) -> Path:
    """``data_dir / path``, where ``path`` is a file path of the ``resource`` (its name, for the
    message); raise :class:`DatasetError` without reading anything when the path is not a
    relative path inside ``data_dir`` (an absolute path, a ``..``, a symbolic link that leads
    outside: rule ``unsafe-path``) or is a URL (``remote-path``)."""
    problem = _path_problem(Path(data_dir), path, resource)
    if problem is not None:
        raise DatasetError([problem])
    return Path(data_dir) / str(path)


def read_descriptor(data_dir: str | Path | None = None) -> dict[str, Any]:
    """Read ``datapackage.json`` in ``data_dir``; raise :class:`DatasetError` when it is missing,
    a symbolic link to outside the folder, not JSON, or declares a field type or a foreign-key
    target this loader does not know."""
    path = Path(data_dir or DEFAULT_DATA_DIR) / DESCRIPTOR_NAME
    if path.is_symlink() and _path_problem(path.parent, DESCRIPTOR_NAME, "") is not None:
        message = "the descriptor is a symbolic link that leads outside the package folder; it is not read"
        raise DatasetError([Problem(DESCRIPTOR_NAME, None, None, None, "unsafe-path", message)])
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        message = f"descriptor not found in {path.parent}"
        raise DatasetError([Problem(DESCRIPTOR_NAME, None, None, None, "missing-file", message)]) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        message = f"cannot read the descriptor: {exc}"
        raise DatasetError([Problem(DESCRIPTOR_NAME, None, None, None, "unreadable-file", message)]) from None
    problems = []
    names = {r["name"] for r in descriptor.get("resources", [])}
    for resource in descriptor.get("resources", []):
        for fld in resource["schema"].get("fields", []):
            if fld.get("type", "string") not in SUPPORTED_TYPES:
                message = f"resource {shorten(resource['name'])}: field type {quote(fld['type'])} is not supported"
                problems.append(Problem(DESCRIPTOR_NAME, None, fld["name"], fld["type"], "type", message))
        for fk in resource["schema"].get("foreignKeys", []):
            target = fk["reference"].get("resource", "")
            if target and target not in names:
                message = (
                    f"resource {shorten(resource['name'])}: foreign key refers to unknown resource {quote(target)}"
                )
                problems.append(Problem(DESCRIPTOR_NAME, None, None, target, "foreign-key", message))
    if problems:
        raise DatasetError(problems)
    return descriptor


def _as_list(fields: str | list[str]) -> list[str]:
    """A field name or list of names, as a list."""
    return [fields] if isinstance(fields, str) else list(fields)


# --- Reading ----------------------------------------------------------------
@dataclass
class _Table:
    """One resource as read: ``raw`` holds every cell as the string in the file (one column
    per header name, the first of repeated names kept) and ``lines`` the line of each row."""

    resource: dict[str, Any]
    file: str
    raw: pd.DataFrame
    lines: np.ndarray

    @functools.cached_property
    def present(self) -> pd.DataFrame:
        """``raw`` with NA in the missing cells: those holding one of the descriptor's
        missingValues (default: the empty string)."""
        return self.raw.replace(self.resource["schema"].get("missingValues", [""]), pd.NA)

    @functools.cached_property
    def missing(self) -> pd.DataFrame:
        """Which cells are missing."""
        return self.present.isna()


def _read_text(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    """The file decoded strictly as UTF-8 (a leading BOM dropped), or the problem why not:
    missing, unreadable, or the line of its first byte that is not UTF-8."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(file, None, None, None, "missing-file", "file not found")]
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
        return None, [Problem(file, None, None, None, "unreadable-file", message)]
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), []
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.end].hex(" ")
        message = f"byte(s) {bad} at offset {exc.start} are not valid UTF-8 ({exc.reason})"
        return None, [Problem(file, data.count(b"\n", 0, exc.start) + 1, None, bad, "encoding", message)]


def _records(text: str) -> tuple[list[list[str]], list[int]]:
    """Every record of the CSV text (blank lines skipped) and the line each one starts on."""
    reader, records, lines, start = csv.reader(io.StringIO(text, newline="")), [], [], 1
    for record in reader:
        if record:
            records.append(record)
            lines.append(start)
        start = reader.line_num + 1
    return records, lines


def _read_table(data_dir: Path, resource: dict[str, Any]) -> tuple[_Table | None, list[Problem]]:
    """Read one resource's CSV; report its file, header and ragged-row problems.

    The csv module reads the file record by record, so each row knows the line it starts on
    (a cell may hold a line break, and blank lines are skipped); a row shorter than the header
    is padded with empty cells and a longer one cut, each with a `ragged-row` problem."""
    file = resource["path"]
    text, problems = _read_text(data_dir / file, file)
    if text is None:
        return None, problems
    try:
        records, lines = _records(text)
    except csv.Error as exc:
        return None, [Problem(file, None, None, None, "unreadable-file", f"cannot parse the CSV: {shorten(exc, 200)}")]
    if not records:
        return None, [Problem(file, None, None, None, "missing-column", "file is empty: no header")]
    header, rows = records[0], records[1:]
    problems = _check_header(header, resource, file)
    width = len(header)
    for record, line in zip(rows, lines[1:], strict=True):
        if len(record) != width:
            message = f"row has {len(record)} cell(s) but the header has {width}"
            problems.append(Problem(file, line, None, None, "ragged-row", message))
    grid = pd.DataFrame(
        [record if len(record) == width else (record + [""] * width)[:width] for record in rows],
        columns=range(width),
        dtype=str,
    )
    raw = pd.DataFrame({name: grid[header.index(name)] for name in header}, index=grid.index)
    return _Table(resource, file, raw, np.array(lines[1:], dtype=np.int64)), problems


def _check_header(header: list[str], resource: dict[str, Any], file: str) -> list[Problem]:
    """Report declared fields missing from the header, and undeclared or repeated header names."""
    names = [f["name"] for f in resource["schema"]["fields"]]
    problems = [Problem(file, 1, name, None, "missing-column",
                        f"column {quote(name)} is declared in the descriptor but missing from the header")
                for name in names if name not in header]  # fmt: skip
    for i, name in enumerate(header):
        if name in header[:i] or name not in names:
            why = "appears more than once in the header" if name in header[:i] else "is not declared in the descriptor"
            problems.append(Problem(file, 1, name, name, "extra-column", f"column {quote(name)} {why}"))
    return problems


# --- Single columns: types, then pandera's checks ---------------------------
def _parse(values: pd.Series, fld: dict[str, Any]) -> tuple[pd.Series, pd.Series]:
    """A column (strings, NA where missing) in its field's dtype, and where a present value
    is not of the type (NA then). Stricter than pandas' conversions: an integer has digits
    only (not ``" 12"`` or ``"2.0"``), a date is YYYY-MM-DD, a boolean a true or false value."""
    ftype = fld.get("type", "string")
    if ftype == "string":
        return values.astype(pd.StringDtype("python")), pd.Series(False, index=values.index)
    if ftype == "boolean":
        truth = dict.fromkeys(fld.get("falseValues", DEFAULT_FALSE_VALUES), False)
        truth.update(dict.fromkeys(fld.get("trueValues", DEFAULT_TRUE_VALUES), True))
        ok = values.isin(list(truth))
        typed = values.where(ok).map(truth).astype("boolean")
    elif ftype == "date":
        ok = _fullmatches(values, _DATE_RE)
        dates = pd.to_datetime(values.where(ok), format="%Y-%m-%d", errors="coerce")
        ok &= dates.between(_MIN_DATE, _MAX_DATE)
        typed = dates.where(ok).astype("datetime64[ns]")
    else:
        ok = _fullmatches(values, _INTEGER_RE if ftype == "integer" else _NUMBER_RE)
        typed = values.where(ok).astype("Int64" if ftype == "integer" else "Float64")
    return typed, values.notna() & ~ok


def _fullmatches(values: pd.Series, pattern: str) -> pd.Series:
    """Which values match the whole regular expression (missing: False). In a long column whose
    values repeat (a link table repeats every id, a count column every number), each distinct
    value is tested once."""
    if len(values) > 1000:
        distinct = values.dropna().drop_duplicates()
        if 2 * len(distinct) < len(values):
            return values.isin(distinct[distinct.str.fullmatch(pattern)])
    return values.str.fullmatch(pattern).fillna(False).astype(bool)


def _whole_match(pattern: str) -> pa.Check:
    """pandera's ``str_matches``, but the whole value must match (missing values pass: pandera
    leaves them out before it calls a check)."""
    return pa.Check(lambda values: _fullmatches(values, pattern), name="str_matches")


@functools.cache
def _pandera_schema(table_schema: str) -> pa.DataFrameSchema:
    """The pandera schema of a resource's columns, built once per Table Schema (JSON) by pandera's
    Frictionless field parser, as ``from_frictionless_schema`` does minus its import of frictionless
    (2.5 s per new process). Adjusted: no dtypes or coercion (`_parse` typed the columns); a pattern
    must match the whole value; ``format: uri`` must start with http(s)://; a repeated value is
    reported from its second occurrence on. Primary keys and the header are checked elsewhere."""
    schema = json.loads(table_schema)
    specs = [
        SimpleNamespace(
            name=f["name"], type=f.get("type", "string"), constraints=f.get("constraints", {}), title="", description=""
        )
        for f in schema["fields"]
    ]
    keys = _as_list(schema.get("primaryKey", []))
    generated = deserialize_schema(
        {"columns": {f.name: FrictionlessFieldParser(f, keys).to_pandera_column() for f in specs}}
    ).columns
    columns = {}
    for fld in schema["fields"]:
        constraints = fld.get("constraints", {})
        checks = [c for c in generated[fld["name"]].checks if c.name != "str_matches"]
        if "pattern" in constraints:
            checks.append(_whole_match(constraints["pattern"]))
        if fld.get("format") == "uri":
            checks.append(pa.Check(lambda s: s.str.startswith(("http://", "https://")), name="uri"))
        columns[fld["name"]] = pa.Column(
            checks=checks,
            nullable=generated[fld["name"]].nullable,
            required=False,
            unique=bool(constraints.get("unique")),
            report_duplicates="exclude_first",
        )
    return pa.DataFrameSchema(columns)


def _type_message(value: str, fld: dict[str, Any]) -> str:
    """Explain why ``value`` is not of the type of the field ``fld``."""
    booleans = fld.get("trueValues", DEFAULT_TRUE_VALUES) + fld.get("falseValues", DEFAULT_FALSE_VALUES)
    expected = {"integer": "an integer (digits with an optional leading '-', 64-bit)", "number": "a number",
                "date": f"a date YYYY-MM-DD between {_MIN_DATE.date()} and {_MAX_DATE.date()}",
                "boolean": f"one of {shorten(booleans, 200)}"}[fld["type"]]  # fmt: skip
    return f"value {quote(value)} is not {expected} (type {fld['type']})"


def _check_columns(table: _Table) -> tuple[pd.DataFrame, list[Problem]]:
    """The table typed, and every problem of its single cells: type, then pandera's checks (which
    skip a value of the wrong type as they skip missing ones). Enums become categoricals."""
    fields = [f for f in table.resource["schema"]["fields"] if f["name"] in table.raw]
    typed, wrong_type, problems = {}, {}, []
    for fld in fields:
        name = fld["name"]
        typed[name], wrong_type[name] = _parse(table.present[name], fld)
        if wrong_type[name].any():
            problems += [
                Problem(table.file, int(line), name, value, "type", _type_message(value, fld))
                for line, value in zip(table.lines[wrong_type[name]], table.raw[name][wrong_type[name]], strict=True)
            ]
    frame = pd.DataFrame(typed, index=table.raw.index)
    schema = _pandera_schema(json.dumps(table.resource["schema"]))
    try:
        schema.validate(frame, lazy=True, inplace=True)
    except SchemaErrors as exc:
        problems += _failure_problems(table, schema, exc.failure_cases, wrong_type)
    for fld in fields if not problems else []:
        if fld.get("type", "string") == "string" and "enum" in fld.get("constraints", {}):
            frame[fld["name"]] = frame[fld["name"]].astype(pd.CategoricalDtype(fld["constraints"]["enum"]))
    return frame, problems


def _failure_problems(table: _Table, schema: pa.DataFrameSchema, failures: pd.DataFrame, wrong_type: dict) -> list:
    """One Problem per pandera failure case (row index, column, check), with the raw cell value."""
    fields = {f["name"]: f for f in table.resource["schema"]["fields"]}
    problems = []
    for case in failures.itertuples(index=False):
        fld, check = fields[case.column], case.check
        if not pd.isna(case.check_number):  # a check from the schema, not not_nullable/field_uniqueness
            check = schema.columns[case.column].checks[int(case.check_number)].name
        if pd.isna(case.index):  # a check that could not run, e.g. on a type it does not support
            message = f"check {shorten(check)} could not run: {shorten(case.failure_case, 200)}"
            problems.append(Problem(table.file, None, case.column, None, "type", message))
            continue
        row = table.raw.index.get_loc(case.index)
        if wrong_type[case.column].iat[row]:
            continue
        value = table.raw[case.column].iat[row]
        if check == "in_range":  # a minimum and a maximum in one check
            below = case.failure_case < fld["constraints"]["minimum"]
            check = "greater_than_or_equal_to" if below else "less_than_or_equal_to"
        rule, message = _CHECKS.get(check, ("type", f"value {{v}} fails the check {shorten(check)}"))
        first = table.lines[np.flatnonzero(table.raw[case.column] == value)[0]] if rule == "unique" else None
        constraints = fld.get("constraints", {})
        enum, pattern = shorten(constraints.get("enum"), 300), quote(constraints.get("pattern"), 200)
        message = message.format(v=quote(value), c=constraints, enum=enum, pattern=pattern, first=first)
        problems.append(Problem(table.file, int(table.lines[row]), case.column, value, rule, message))
    return problems


# --- Keys across rows and tables --------------------------------------------
def _check_primary_key(table: _Table) -> list[Problem]:
    """Report each row repeating an earlier row's primary key (rows with a missing key cell
    are skipped: they are reported as ``required``)."""
    pk = _as_list(table.resource["schema"].get("primaryKey", []))
    if not pk or not set(pk) <= set(table.raw) or not table.raw.duplicated(pk).any():
        return []
    keys = table.raw.loc[~table.missing[pk].any(axis=1), pk]
    first_row = keys.index.to_series().groupby([keys[f] for f in pk], sort=False).transform("first")
    problems = []
    for row in keys.index[keys.duplicated(keep="first")]:
        value = ", ".join(keys.loc[row])
        message = f"primary key {quote(value)} is not unique: it already occurs on line {table.lines[first_row[row]]}"
        problems.append(Problem(table.file, int(table.lines[row]), ",".join(pk), value, "primary-key", message))
    return problems


def _check_foreign_keys(tables: dict[str, _Table]) -> list[Problem]:
    """Report rows whose foreign-key cells (raw strings) match no row of the referenced resource.
    Rows with every key cell missing are skipped, and so are references to unreadable files."""
    problems = []
    for name, table in tables.items():
        for fk in table.resource["schema"].get("foreignKeys", []):
            fields, ref_fields = _as_list(fk["fields"]), _as_list(fk["reference"]["fields"])
            target = tables.get(fk["reference"].get("resource") or name)
            if target is None or not set(fields) <= set(table.raw) or not set(ref_fields) <= set(target.raw):
                continue
            if len(fields) == 1:  # the common case, without building tuples
                keys = table.raw[fields[0]][~table.missing[fields[0]]]
                found = keys.isin(target.raw[ref_fields[0]]).to_numpy()
            else:
                keys = table.raw.loc[~table.missing[fields].all(axis=1), fields]
                found = pd.MultiIndex.from_frame(keys).isin(pd.MultiIndex.from_frame(target.raw[ref_fields]))
            for row in keys.index[~found]:
                value = ", ".join(table.raw.loc[row, fields])
                columns = shorten(",".join(ref_fields))
                why = f"value {quote(value)} has no match in {shorten(target.file)} column {columns}"
                problems.append(Problem(table.file, int(table.lines[row]), ",".join(fields), value, "foreign-key", why))
    return problems


# --- The package ------------------------------------------------------------
def _validate(data_dir: Path, descriptor: dict[str, Any]) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read every resource once; return the typed tables and every problem in every file, sorted."""
    tables, problems = {}, []
    for resource in descriptor["resources"]:
        refused = _path_problem(data_dir, resource.get("path"), resource["name"])
        if refused is not None:  # never read
            problems.append(refused)
            continue
        table, found = _read_table(data_dir, resource)
        problems += found
        if table is not None:
            tables[resource["name"]] = table
    typed = {}
    for name, table in tables.items():
        typed[name], found = _check_columns(table)
        problems += found + _check_primary_key(table)
    problems += _check_foreign_keys(tables)
    if not problems:  # links across tables are judged between rows that are valid on their own
        raw = {name: table.raw for name, table in tables.items()}
        lines = {name: table.lines for name, table in tables.items()}
        files = {name: table.file for name, table in tables.items()}
        problems = [Problem(*found) for found in check_links(Tables(raw, lines, files))]
    return typed, sorted(problems, key=Problem.sort_key)


def validate(data_dir: str | Path | None = None) -> list[Problem]:
    """Every problem of the data package in ``data_dir``, sorted (empty when valid); never raises for bad data."""
    data_dir = Path(data_dir or DEFAULT_DATA_DIR)
    try:
        return _validate(data_dir, read_descriptor(data_dir))[1]
    except DatasetError as exc:  # the descriptor's problems
        return exc.problems


@dataclass(repr=False, eq=False)
class Dataset:
    """The typed data package: one DataFrame per resource (``ds.tables["passages"]`` or
    ``ds.passages``), in descriptor order. A row is a record of the CSV, in file order (index
    0, 1, ...); columns are the fields in order, as ``Int64``, ``Float64``, ``datetime64[ns]``,
    ``boolean``, unordered categoricals of the enum's values, or ``string``; missing is NA.
    Read-only once loaded: helpers keep results per dataset (`amm58.memo.per_dataset`)."""

    tables: dict[str, pd.DataFrame]
    descriptor: dict[str, Any] = field(default_factory=dict)
    data_dir: Path = field(default_factory=lambda: DEFAULT_DATA_DIR)

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in self.__dict__.get("tables", {}):
            return self.tables[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute or resource {name!r}")

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.tables))

    def __repr__(self) -> str:
        return f"Dataset(data_dir={str(self.data_dir)!r}, resources={list(self.tables)})"

    def summary(self) -> pd.DataFrame:
        """One row per resource, in descriptor order: its name and its number of rows."""
        return pd.DataFrame({"resource": list(self.tables), "rows": [len(t) for t in self.tables.values()]})


def load_dataset(data_dir: str | Path | None = None) -> Dataset:
    """Validate the data package in ``data_dir`` and return it typed; raise :class:`DatasetError`
    listing every problem when anything is wrong."""
    data_dir = Path(data_dir or DEFAULT_DATA_DIR)
    descriptor = read_descriptor(data_dir)
    tables, problems = _validate(data_dir, descriptor)
    if problems:
        raise DatasetError(problems)
    return Dataset(tables=tables, descriptor=descriptor, data_dir=data_dir)
