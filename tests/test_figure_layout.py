"""Every figure is checked where it is drawn: `plots.decorate()` ends with `check_figure()`,
which raises `LayoutError` when text leaves the canvas or overlaps (`layout_problems`), when the
figure is not 900 px wide, or when text is smaller than 8 pt (7.5 pt for matrix cell counts).

So a notebook whose chart breaks fails in the cell that draws it: nbval (strict, in `make
test`) and `make report` both stop there, on the repository's data and on the second package
that `tests/test_notebooks.py` runs the notebooks on. These tests show that the check catches
each kind of problem, and that it reaches a notebook as an error output.
"""

from __future__ import annotations

import io

import nbformat
import numpy as np
import pytest

from amm58 import plots as P
from amm58 import report


def test_a_clean_decorated_figure_passes_the_check():
    fig, ax = P.new_figure(height=2.5)
    ax.plot([0, 1], [0, 1])
    assert P.decorate(fig, ax, title="Clean", xlabel="x", ylabel="y", note="Source: here.") is fig


def test_decorate_raises_on_a_label_that_collides_with_the_note():
    fig, ax = P.new_figure(height=2.0)
    fig.text(0.3, 0.02, "Source: a note drawn by hand over the x label", fontsize=8, va="bottom")
    with pytest.raises(P.LayoutError) as err:
        P.decorate(fig, ax, title="Title", xlabel="a label that sits low")
    assert (
        "figure text 'Source: a note drawn by hand over the x…' overlaps axes 0 x label (275 x 22 px) "
        "(at 2x resolution)" in str(err.value)
    )


def test_decorate_raises_on_colliding_tick_labels():
    fig, ax = P.new_figure(height=2.0)
    ax.set_xticks(range(12), ["a long category name"] * 12)
    with pytest.raises(P.LayoutError, match="x tick label 'a long category name' overlaps"):
        P.decorate(fig, ax, title="Title", note="Source: here.")


def test_text_inside_the_right_margin_is_refused():
    fig, ax = P.new_figure(height=2.0)
    fig.text(1 - 10 / 900, 0.5, "x", ha="right")  # 10 px from the right edge
    with pytest.raises(P.LayoutError, match="ends 20 px from the right edge, inside the 40 px margin"):
        P.decorate(fig, ax, title="Margin", note="Source: here.")
    fig, ax = P.new_figure(height=2.0)
    fig.text(1 - (P.RIGHT_MARGIN_PX + 2) / 900, 0.5, "x", ha="right")  # just outside the margin
    P.decorate(fig, ax, title="Margin", note="Source: here.")


def test_a_figure_not_900_px_wide_is_refused():
    fig, ax = P.new_figure(height=2.0, width=6.0)
    assert P.size_problems(fig) == ["the figure is 600 px wide, not 900 px"]
    with pytest.raises(P.LayoutError, match="600 px wide"):
        P.decorate(fig, ax, title="Narrow")


def test_text_below_8_pt_is_refused_except_matrix_cell_counts():
    fig, ax = P.new_figure(height=2.0)
    ax.text(0.2, 0.5, "7", fontsize=7.5)
    ax.text(0.4, 0.5, "3/0.4", fontsize=7.5)
    assert P.size_problems(fig) == []
    ax.text(0.6, 0.5, "a label", fontsize=7.5)
    ax.text(0.8, 0.5, "2", fontsize=7)
    assert P.size_problems(fig) == ["text 'a label' is 7.5 pt, below 8 pt", "text '2' is 7 pt, below 7.5 pt"]


def test_check_false_leaves_the_check_to_the_caller():
    fig, ax = P.new_figure(height=2.0, width=6.0)
    assert P.decorate(fig, ax, title="Narrow", check=False) is fig
    with pytest.raises(P.LayoutError):
        P.check_figure(fig)


def test_a_broken_chart_is_an_error_in_the_notebook_cell_that_draws_it(tmp_path):
    """What nbval and `make report` see: the kernel raises in the figure's cell."""
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# A broken chart"),
            nbformat.v4.new_code_cell("from amm58 import plots"),
            nbformat.v4.new_code_cell(
                "fig, ax = plots.new_figure(2.0, width=6.0)\nplots.decorate(fig, ax, title='Too narrow')"
            ),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "01_broken.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(report.ReportError) as err:
        report.execute_notebook(path)
    assert str(err.value).startswith("01_broken.ipynb: code cell 2 failed: LayoutError: ")
    assert "600 px wide, not 900 px" in str(err.value)


def chart_with_moved_labels():
    """A chart whose axis labels move on the second draw at a new resolution (their place follows
    the tick labels' drawn size), as every constrained-layout chart with rotated ticks does."""
    fig, ax = P.new_figure(height=2.5)
    ax.barh(["a long category name", "short"], [3, 5])
    ax.set_xticks(range(6), [f"{v} passages" for v in range(6)], rotation=30)
    return P.decorate(fig, ax, title="Moved labels", xlabel="count", ylabel="category", note="Source: here.")


def test_the_png_is_made_of_the_pixels_the_check_drew():
    """The layout check draws the figure at the saved resolution; an unchanged figure's PNG is
    made of those very pixels, so what was checked is what is shipped (drawn once, not twice)."""
    from PIL import Image

    from amm58 import display

    fig = chart_with_moved_labels()
    kept = fig._checked_pixels
    assert kept.shape == (round(fig.get_figheight() * P.DPI * P.SAVE_SCALE), 900 * P.SAVE_SCALE, 4)
    assert P.scaled_pixels(fig) is kept  # unchanged: not drawn again
    png = Image.open(io.BytesIO(display.figure_png(fig)))
    assert png.mode in ("RGB", "P") and (np.asarray(png.convert("RGB")) == kept[:, :, :3]).all()


def test_a_figure_of_few_colours_is_saved_as_an_exact_palette_image():
    from PIL import Image

    from amm58 import display

    rgb = Image.new("RGB", (40, 10), "white")
    rgb.paste((230, 159, 0), (0, 0, 20, 10))  # orange
    rgb.putpixel((30, 5), (1, 2, 3))
    image = display.palette_image(rgb)
    assert image.mode == "P" and len(image.getcolors()) == 3
    assert (np.asarray(image.convert("RGB")) == np.asarray(rgb)).all()
    many = Image.fromarray(np.array([[(i % 256, i // 256, 0) for i in range(300)]], dtype=np.uint8))
    assert len(many.getcolors(300)) == 300 and display.palette_image(many) is None


def test_a_figure_changed_after_its_check_is_drawn_again():
    fig = chart_with_moved_labels()
    kept = fig._checked_pixels
    fig.axes[0].set_title("Changed after the check", loc="left")
    assert fig.stale
    changed = P.scaled_pixels(fig)
    assert changed.shape == kept.shape and not (changed == kept).all()
