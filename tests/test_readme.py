"""The README states numbers; these tests keep them true to the data and the code."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from amm58 import findings, load_dataset, report

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def block(name: str) -> list[str]:
    m = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", README, re.S)
    assert m, f"README has no {name} block"
    return [line for line in m.group(1).splitlines() if line.strip()]


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def test_every_readme_finding_is_a_sentence_the_notebooks_compute(ds):
    computed = {s for f in findings.ALL.values() for s in f(ds)}
    stated = [line[2:] for line in block("findings")]
    assert len(stated) == 8
    assert [s for s in stated if s not in computed] == []


def test_readme_table_lists_every_resource_with_its_row_count(ds):
    rows = [line.split("|")[1:3] for line in block("tables")[2:]]
    stated = {name.strip(): int(n) for name, n in rows}
    assert stated == dict(zip(ds.summary()["resource"], ds.summary()["rows"], strict=True))


def test_readme_figures_exist():
    for path in re.findall(r"\]\((reports/figures/[^)]+\.png)\)", README):
        assert (REPO / path).is_file(), path


def committed_alts() -> dict[str, str]:
    """The alt text of every figure of the committed notebooks, by file name (as the report's)."""
    alts = {}
    for path in report.list_notebooks(REPO / "notebooks"):
        alts.update(report.figure_alts(nbformat.read(path, as_version=4), path.stem))
    return alts


def test_every_readme_figure_carries_the_alt_text_its_notebook_computes():
    """The README shows figures with the alt text their notebook computed, not one typed by hand."""
    shown = re.findall(r"!\[([^\]]*)\]\(reports/figures/([^)]+\.png)\)", README)
    assert len(shown) == 3
    alts = committed_alts()
    assert [(alt, name) for alt, name in shown if alts.get(name) != alt] == []
