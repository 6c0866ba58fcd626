"""No number typed by hand: every count, figure title and alt text of the notebooks comes from
the data (`amm58.prose`, `amm58.findings`), so the same notebook run on another package says what
that package shows.

The check is static: it reads the committed notebooks' sources, never runs them. It fails when
a Markdown cell, a string literal passed as `title=`, `subtitle=` or `alt=`, or a figure cell's
`alt` metadata holds a digit or a number word from three to twenty, except in the few names and
constants of `ALLOWED` (the meeting's name and dates, the 95% of an interval, the 1.96 of a
z-score, a citation's year) and the fixed parts of the method in `ALLOWED_WORDS` (the four units
of the robustness table, the three outcome levels of the codebook, the minimum count of the word
ranking). Inline code (`01_themes`) is not prose and is skipped.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from amm58 import report

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = [p.stem for p in report.list_notebooks(NOTEBOOKS)]

#: Names and constants whose digits are not counts from the data.
ALLOWED = ("AMM-58", "58th", "8–11 July 2025", "95th percentile", "95%", "±1.96", "1.96", "5%", "2008")
#: Number words that name a fixed part of the method, not a count of the data.
ALLOWED_WORDS = ("four ways", "four units", "three outcome levels", "three levels", "three times")
NUMBER_WORDS = re.compile(
    r"\b(three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|twenty)\b",
    re.IGNORECASE,
)
INLINE_CODE = re.compile(r"`[^`]*`")
TEXT_KEYWORDS = ("title", "subtitle", "alt")


def typed_numbers(text: str) -> list[str]:
    """The digits and number words of `text` that are not inside inline code or an allowed
    name or phrase."""
    text = INLINE_CODE.sub(" ", text)
    for allowed in (*ALLOWED, *ALLOWED_WORDS):
        text = text.replace(allowed, " ")
    return re.findall(r"\S*\d\S*", text) + [m.group(0) for m in NUMBER_WORDS.finditer(text)]


def _literal_parts(node: ast.AST) -> list[str]:
    """The string literals of an argument: a constant, the constant parts of an f-string, or
    the literals of an implicit concatenation."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    if isinstance(node, ast.BinOp):
        return _literal_parts(node.left) + _literal_parts(node.right)
    return []


#: Calls whose arguments a reader sees as text: a literal in them is prose typed into code.
SHOWN = ("markdown", "print", "display", "Markdown")


def text_arguments(source: str) -> list[str]:
    """The string literals passed as `title=`, `subtitle=` or `alt=` in a code cell, or to a call
    that shows text (`markdown(...)`, `print(...)`, `display(...)`)."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    out = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call):
            out += [s for kw in node.keywords if kw.arg in TEXT_KEYWORDS for s in _literal_parts(kw.value)]
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in SHOWN:
                out += [s for arg in node.args for s in _literal_parts(arg)]
    return out


def hand_typed(nb: nbformat.NotebookNode) -> list[tuple[int, str, list[str]]]:
    """(cell number, where, the typed numbers) for every cell of `nb` that holds a number
    typed by hand."""
    found = []
    for i, cell in enumerate(nb.cells):
        texts = []
        if cell.cell_type == "markdown":
            texts.append(("markdown", cell.source))
        else:
            texts += [("argument", s) for s in text_arguments(cell.source)]
            alt = cell.metadata.get(report.ALT_KEY)
            if isinstance(alt, str):
                texts.append(("alt metadata", alt))
        found += [(i, where, hits) for where, text in texts if (hits := typed_numbers(text))]
    return found


@pytest.mark.parametrize("name", NAMES)
def test_no_number_is_typed_into_prose_titles_or_alt_text(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    assert hand_typed(nb) == []


@pytest.mark.parametrize("name", NAMES)
def test_every_figure_cell_shows_its_figure_with_computed_alt_text(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    figures = [c for c in nb.cells if any(t.startswith(report.FIGURE_TAG) for t in c.metadata.get("tags", []))]
    assert figures
    for c in figures:
        assert "show_figure(fig, alt=prose." in c.source, c.source
        assert "title=prose." in c.source or "title=findings." in c.source, c.source
        assert report.ALT_KEY not in c.metadata


def test_the_check_finds_numbers_typed_into_markdown_titles_and_alt():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# AMM-58 (8–11 July 2025)\n\nThe 95% interval; see `01_themes`."),
            nbformat.v4.new_markdown_cell("Of 26 agreements, seven are done; counted four ways."),
            nbformat.v4.new_code_cell('%matplotlib inline\nplots.bars(df, title="South Korea (6)", note=note)'),
            nbformat.v4.new_code_cell('plots.bars(df, title=f"{n} partners, " "Fourteen themes")'),
            nbformat.v4.new_code_cell("plots.bars(df, title=prose.coverage_title(ds))", metadata={"alt": "17 bars"}),
            nbformat.v4.new_code_cell('plots.bars(df, xlabel="share (0 to 1)")'),
            nbformat.v4.new_code_cell('markdown(f"**Note.** {prose.confound(ds)} Of 26 items, " + "9 are new.")'),
        ]
    )
    assert hand_typed(nb) == [
        (1, "markdown", ["26", "seven"]),
        (2, "argument", ["(6)"]),
        (3, "argument", ["Fourteen"]),
        (4, "alt metadata", ["17"]),
        (6, "argument", ["26"]),
        (6, "argument", ["9"]),
    ]
