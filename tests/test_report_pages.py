"""The notebook pages of the report meet WCAG 2.1 AA's contrast: no execution prompts, and a code
style whose every token colour meets 4.5:1 on its background (the browser test runs axe-core over
the built pages)."""

from __future__ import annotations

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from pygments.formatters import HtmlFormatter

from amm58 import report as R

AA_TEXT = 4.5  # WCAG 2.1 AA, 1.4.3: normal text


def test_contrast_ratio_follows_wcag_for_the_colours_axe_reported():
    assert R.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert R.contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)  # order does not matter
    assert R.contrast_ratio("#f5f5f5", "#f5f5f5") == pytest.approx(1.0)
    # nbconvert's prompts and JupyterLab's comment colour: axe-core reported 2.16 and 4.17
    assert R.contrast_ratio("#b0b0b0", "#ffffff") == pytest.approx(2.1687, abs=5e-5)
    assert R.contrast_ratio("#408080", "#f5f5f5") == pytest.approx(4.1716, abs=5e-5)


def test_every_token_colour_of_the_code_style_meets_aa_on_its_background():
    ratios = R.style_contrasts()  # computed from the Pygments style itself, token by token
    assert R.CODE_STYLE == "xcode" and len(ratios) == 61
    assert {name for name, r in ratios.items() if r < AA_TEXT} == set()
    assert min(ratios, key=ratios.get) == "Name.Attribute"
    assert ratios["Name.Attribute"] == pytest.approx(5.07, abs=5e-3)
    assert ratios["Comment.Single"] == pytest.approx(5.86, abs=5e-3)  # the issue's #408080 comments
    assert ratios["Literal.Number.Integer"] == pytest.approx(10.80, abs=5e-3)
    assert ratios["Literal.String"] == pytest.approx(5.99, abs=5e-3)


def test_contrast_check_rejects_pygments_default_style():
    ratios = R.style_contrasts("default")
    assert sorted(name for name, r in ratios.items() if r < AA_TEXT) == ["Text.Whitespace"]
    assert ratios["Text.Whitespace"] == pytest.approx(1.81, abs=5e-3)  # #bbbbbb on #f8f8f8


def figure_cell(source: str, **metadata) -> nbformat.NotebookNode:
    c = new_code_cell(source, execution_count=4, metadata=metadata)
    c.outputs = [new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})]
    return c


def page_of(*cells: nbformat.NotebookNode) -> str:
    return R.to_html(nbformat.from_dict(new_notebook(cells=[new_markdown_cell("# Trade"), *cells])), stem="02_trade")


def test_page_has_no_prompts_and_the_code_style_on_its_background():
    code = new_code_cell(
        "x = 41  # a comment\nx + 1",
        execution_count=3,
        outputs=[new_output("execute_result", {"text/plain": "42"}, execution_count=3)],
    )
    page = page_of(code)
    assert "[3]:" not in page  # neither "In\xa0[3]:" nor "Out[3]:"
    assert 'class="jp-InputPrompt' not in page and 'class="jp-OutputPrompt' not in page
    assert '<span class="c1"># a comment</span>' in page and "<pre>42</pre>" in page
    css = HtmlFormatter(style=R.CODE_STYLE).get_style_defs(".highlight").splitlines()
    assert (
        ".highlight { background: #ffffff; }" in css and ".highlight .c1 { color: #177500 } /* Comment.Single */" in css
    )
    assert [line for line in css if line not in page] == []  # the style's rules, background included


def test_page_figures_carry_the_landing_pages_alt_text():
    nb_cells = [
        figure_cell(
            'plots.heatmap(df, title="Ignored")', alt='Six FTA partners after, three "before"', tags=["figure:fta"]
        ),
        figure_cell("fig"),
    ]
    page = page_of(*nb_cells)
    imgs = BeautifulSoup(page, "html.parser").find_all("img")
    assert [img["alt"] for img in imgs] == ['Six FTA partners after, three "before"', "Figure 02_figure_2 of Trade"]
    assert {img["src"] for img in imgs} == {"data:image/png;base64,iVBORw0KGgo="}
    assert "No description" not in page
    assert nb_cells[0].outputs[0].metadata == {}  # the notebook itself is left as it was
