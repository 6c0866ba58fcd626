"""The report's landing page: large figures, linked to the full PNG, with alt text that says
what the figure shows (the PNG output's `alt` metadata, written by `display.show_figure`; else
the cell's metadata `alt`; else the plot call's `title=`; else generic)."""

from __future__ import annotations

import io
from pathlib import Path

import nbformat
import pytest

from amm58 import display
from amm58 import report as R


def cell(source: str, tags=(), output_alt=None, **metadata) -> nbformat.NotebookNode:
    c = nbformat.v4.new_code_cell(source, metadata={"tags": list(tags), **metadata})
    c.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"},
            metadata=display.alt_metadata(output_alt) if output_alt else {},
        )
    ]
    return c


def test_alt_from_the_png_output_metadata_first():
    c = cell('plots.heatmap(df, title="A title")', output_alt=" Six FTA partners\n after ", alt="Static alt")
    assert R.figure_alt(c, name="02_x.png", notebook_title="Trade") == "Six FTA partners after"


def test_show_figure_displays_the_figure_with_its_alt_in_the_png_metadata(monkeypatch):
    from matplotlib.figure import Figure
    from PIL import Image

    shown = []
    monkeypatch.setattr(display, "_display", lambda obj, raw, metadata: shown.append((obj, raw, metadata)))
    fig = Figure(figsize=(9.0, 2.0), dpi=100)
    fig.text(0.5, 0.5, "x")
    display.show_figure(fig, alt="Seven of 26\n done")
    ((data, raw, metadata),) = shown
    assert raw is True and metadata == {"image/png": {"alt": "Seven of 26 done", "width": 900}}
    assert data["text/plain"] == "<Figure size 900x200>"
    image = Image.open(io.BytesIO(data["image/png"]))
    assert (image.size, image.mode) == ((1800, 400), "P")  # twice the resolution, no alpha, few colours: a palette
    assert data["image/png"] == display.figure_png(fig)  # the same figure, the same bytes


def test_alt_from_cell_metadata_without_an_output_alt():
    c = cell('plots.heatmap(df, title="A title")', alt="  Six FTA partners after,\nthree before ")
    assert R.figure_alt(c, name="02_x.png", notebook_title="Trade") == "Six FTA partners after, three before"


def test_alt_from_the_title_argument():
    src = (
        '%matplotlib inline\nplots.heatmap(\n    df, row="a",\n    title="Three FTA partners " "before, six after",\n)'
    )
    assert R.figure_alt(cell(src), name="02_x.png", notebook_title="Trade") == "Three FTA partners before, six after"


def test_alt_falls_back_to_the_figure_and_notebook():
    for src in ("fig", 'plots.heatmap(df, title=f"{n} partners")', "not python ("):
        assert R.figure_alt(cell(src), name="02_fta.png", notebook_title="Trade") == "Figure 02_fta of Trade"


def test_figure_alts_follow_figure_names():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Trade"),
            cell('p(title="First")', tags=["figure:fta"]),
            cell("fig"),
            cell("show_figure(fig, alt=prose.x(ds))", output_alt="Computed"),
        ]
    )
    assert R.figure_alts(nb, "02_trade") == {
        "02_fta.png": "First",
        "02_figure_2.png": "Figure 02_figure_2 of Trade",
        "02_figure_3.png": "Computed",
    }
    assert [n for n, _ in R.figures(nb, "02_trade")] == list(R.figure_alts(nb, "02_trade"))


def test_index_shows_the_figure_large_linked_with_its_alt(tmp_path):
    out = Path(tmp_path)
    res = R.NotebookResult(
        "02_trade",
        "Trade & FTAs",
        1.0,
        out / "html" / "02_trade.html",
        [out / "figures" / "02_fta.png"],
        {"02_fta.png": 'Six "FTA" partners after'},
    )
    page = R.index_html([res], out_dir=out, findings=lambda stem: ["One finding."])
    assert (
        '<a href="figures/02_fta.png"><img src="figures/02_fta.png" alt="Six &quot;FTA&quot; partners after" '
        'width="900" style="max-width:100%;height:auto"></a>'
    ) in page
    assert "Main figure of" not in page
    assert page == R.index_html([res], out_dir=out, findings=lambda stem: ["One finding."])  # deterministic


def test_build_report_removes_a_figure_no_notebook_draws_any_more(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from amm58 import report

    nb_dir, out = tmp_path / "notebooks", tmp_path / "reports"
    nb_dir.mkdir()
    nb = new_notebook(cells=[new_markdown_cell("# Tiny"), new_code_cell("1 + 1")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, nb_dir / "00_tiny.ipynb")
    (out / "figures").mkdir(parents=True)
    (out / "figures" / "00_old_chart.png").write_bytes(b"not drawn any more")
    lines = []
    report.build_report(nb_dir=nb_dir, out_dir=out, log=lines.append)
    assert not (out / "figures" / "00_old_chart.png").exists()
    assert "removed 00_old_chart.png: no notebook draws it any more" in lines


def test_build_report_writes_only_into_its_folders_and_keeps_other_files(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from amm58 import report

    nb_dir, out = tmp_path / "notebooks", tmp_path / "out"
    nb_dir.mkdir()
    nb = new_notebook(cells=[new_markdown_cell("# Tiny"), new_code_cell("1 + 1")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, nb_dir / "00_tiny.ipynb")
    source = (nb_dir / "00_tiny.ipynb").read_bytes()
    (out / "figures").mkdir(parents=True)
    for name in ("holiday.png", "99_other_report.png", "00_stale.png"):
        (out / "figures" / name).write_bytes(b"png")
    report.build_report(nb_dir=nb_dir, out_dir=out, write_notebooks_to=out / "notebooks", log=lambda line: None)
    assert (nb_dir / "00_tiny.ipynb").read_bytes() == source  # the notebook folder is only read
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        "notebooks/00_tiny.ipynb",
        "out/figures/99_other_report.png",
        "out/figures/holiday.png",
        "out/html/00_tiny.html",
        "out/index.html",
        "out/notebooks/00_tiny.ipynb",
    ]


@pytest.mark.parametrize(
    ("argv", "out", "notebooks", "data"),
    [
        (["--out", "{tmp}/site"], "{tmp}/site", "{tmp}/site/notebooks", None),
        (["--data-dir", "{data}", "--out", "{tmp}/site"], "{tmp}/site", "{tmp}/site/notebooks", "{data}"),
        (["--data-dir", "{data}"], "{repo}/build/report-{name}", "{repo}/build/report-{name}/notebooks", "{data}"),
        ([], "{repo}/reports", None, None),
    ],
)
def test_report_writes_where_the_user_asked(tmp_path, monkeypatch, argv, out, notebooks, data):
    from tiny import write_tiny

    from amm58 import report
    from amm58.__main__ import main

    package = write_tiny(tmp_path / "pkg")
    calls = []
    monkeypatch.setattr(report, "build_report", lambda **kwargs: calls.append(kwargs))
    names = {"tmp": tmp_path, "data": package, "repo": report.REPO, "name": "pkg"}
    assert main(["report", *(a.format(**names) for a in argv)]) == 0
    (kwargs,) = calls
    assert str(kwargs["out_dir"]) == out.format(**names)
    assert (None if kwargs["write_notebooks_to"] is None else str(kwargs["write_notebooks_to"])) == (
        None if notebooks is None else notebooks.format(**names)
    )
    assert (None if kwargs["data_dir"] is None else str(kwargs["data_dir"])) == (
        None if data is None else data.format(**names)
    )


def test_notebook_page_gives_the_figure_its_output_alt():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Trade"), cell("x", output_alt="Six & seven")])
    page = R.to_html(nb, stem="02_trade")
    assert page.count("<img ") == 1 and 'alt="Six &amp; seven"' in page
