"""Data values reach the HTML report escaped: markup in a summary and an entity name shows as text.

Executing the seven notebooks takes minutes, so the report is built the cheapest real way: the
landing page by `report.index_html` with the findings `amm58.findings` computes on the package,
and a notebook page by `report.to_html` (nbconvert with the report's template) of a small
notebook whose outputs are what a kernel would display for the package's tables, made by
IPython's own display formatter from the real helpers' results.
"""

from __future__ import annotations

from html.parser import HTMLParser

import nbformat
import pytest
from IPython.core.formatters import DisplayFormatter
from tiny import ENTITIES, PASSAGES, tiny_dataset

from amm58 import analysis, findings, plots, report

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


class Page(HTMLParser):
    """What a browser would make of a page: its text, its scripts, event-handler attributes and image sources."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.text, self.scripts, self.handlers, self.images = [], [], [], []
        self._in_script = False
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self._in_script = self._in_script or tag == "script"
        self.handlers += [(tag, name) for name, _ in attrs if name.startswith("on")]
        if tag == "img":
            self.images.append(dict(attrs).get("src"))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def assert_only_escaped(page: str, *shown: str) -> None:
    """The markup is in the page's text, and nowhere is it markup."""
    parsed = Page(page)
    text = "".join(parsed.text)
    for markup in shown:
        assert markup in text
    assert not any("alert(1)" in script for script in parsed.scripts)
    assert parsed.handlers == []
    assert "x" not in parsed.images
    assert SCRIPT not in page and IMG not in page


@pytest.fixture
def ds(tmp_path):
    """The tiny package with markup in passage s1_02's summary and in Xland's name."""
    summary = "Ann expects an FTA with Xland, and Vietnam will take part."
    passages = PASSAGES.replace(summary, f"Ann expects {SCRIPT} and {IMG}.")
    entities = ENTITIES.replace("ex,Xland,", f"ex,Xland {SCRIPT} {IMG},")
    assert passages != PASSAGES and entities != ENTITIES
    return tiny_dataset(tmp_path, passages=passages, entities=entities)


def test_the_landing_page_shows_markup_in_the_findings_only_escaped(ds, tmp_path):
    out = tmp_path / "site"
    results = [report.NotebookResult(stem, stem, 0.0, out / "html" / f"{stem}.html") for stem in findings.ALL]
    lines = findings.partners(ds)
    assert any(f"Xland {SCRIPT} {IMG}" in line for line in lines)  # the findings do carry the name
    page = report.index_html(results, out_dir=out, findings=findings.by_notebook(ds))
    assert_only_escaped(page, f"Xland {SCRIPT} {IMG}")


def output(obj) -> nbformat.NotebookNode:
    """The execute_result a kernel would send for `obj`."""
    data, metadata = DisplayFormatter().format(obj)
    return nbformat.v4.new_output("execute_result", data=data, metadata=metadata, execution_count=1)


def test_a_notebook_page_shows_markup_in_tables_and_findings_only_escaped(ds):
    sentences = findings.as_text(findings.partners(ds)) + "\n"
    cells = [
        nbformat.v4.new_markdown_cell("# Partners\n\nWho appears where."),
        nbformat.v4.new_code_cell("print(findings.as_text(findings.partners(ds)))"),
        nbformat.v4.new_code_cell('plots.evidence_table(analysis.theme_evidence(ds, "ta"), ["passage_id", "summary"])'),
        nbformat.v4.new_code_cell("analysis.partner_coverage(ds)"),
    ]
    cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text=sentences)]
    cells[2].outputs = [output(plots.evidence_table(analysis.theme_evidence(ds, "ta"), ["passage_id", "summary"]))]
    cells[3].outputs = [output(analysis.partner_coverage(ds))]
    assert f"Ann expects {SCRIPT}" in cells[2].outputs[0].data["text/plain"]
    page = report.to_html(nbformat.v4.new_notebook(cells=cells), stem="01_escaping")
    assert_only_escaped(page, f"Ann expects {SCRIPT} and {IMG}.", f"Xland {SCRIPT} {IMG}")
