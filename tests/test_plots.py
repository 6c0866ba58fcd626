"""The house-style plot functions, fed with the analysis helpers' output on the tiny dataset.

Each test checks what is cheap to read back from a Figure: title, axis labels, the source
note, the size and DPI, and the number and colour of bars or markers (worked out by hand from
`tests/tiny.py`). No pyplot state is used, so nothing needs closing.
"""

from __future__ import annotations

import io

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from tiny import SOURCES, tiny_dataset

from amm58 import Dataset
from amm58 import analysis as A
from amm58 import plots as P

ORANGE, BLUE, GREEN, GREY = "#e69f00", "#0072b2", "#009e73", "#999999"
NOTE = ("Source: amm58 dataset, hand-coded from the pre-meeting interview with Ann, Outlet A, 1 July 2025; "
        "and the post-meeting interview with Bob.")


@pytest.fixture
def ds(tmp_path) -> Dataset:
    return tiny_dataset(tmp_path)


@pytest.fixture
def note(ds) -> str:
    return P.source_note(ds.sources)


def hexes(colors) -> list[str]:
    return [mcolors.to_hex(c) for c in colors]


def bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def scatters(ax) -> list[PathCollection]:
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def check_frame(fig, *, title: str, size: tuple[float, float], xlabel: str | None = None) -> None:
    """What every figure of the house style has: its title, the source note, fixed size and DPI."""
    assert isinstance(fig, Figure)
    assert fig._suptitle.get_text() == title
    assert NOTE in [t.get_text() for t in fig.texts]
    assert tuple(fig.get_size_inches()) == pytest.approx(size)
    assert fig.dpi == 100
    if xlabel is not None:
        assert fig.axes[0].get_xlabel() == xlabel
    fig.savefig(io.BytesIO(), format="png")  # it renders


# --- colours, labels and the source note ---------------------------------------------------

def test_source_colors_pre_orange_post_blue(ds):
    assert P.source_colors(ds.sources) == {"s1": "#E69F00", "s2": "#0072B2"}


def test_source_colors_third_source_gets_another_colour(tmp_path):
    d = tiny_dataset(tmp_path, sources=SOURCES + "s3,Third,,2025-07-05,Cy,,,pre-meeting,,en,\n")
    colors = P.source_colors(d.sources)
    assert colors["s1"] == "#E69F00"
    assert colors["s2"] == "#0072B2"
    assert colors["s3"] not in {"#E69F00", "#0072B2"}
    assert colors["s3"] == "#009E73"  # the first of the extra colours (green)


def test_source_labels(ds):
    assert P.source_labels(ds.sources) == {"s1": "pre-meeting: Ann", "s2": "post-meeting: Bob"}


def test_source_note_names_interviewee_outlet_and_date(ds):
    assert P.source_note(ds.sources) == NOTE


def test_source_note_for_some_sources(ds):
    assert P.source_note(ds.sources, ["s2"]) == (
        "Source: amm58 dataset, hand-coded from the post-meeting interview with Bob.")
    assert P.source_note(ds.sources, ["s1"]) == (
        "Source: amm58 dataset, hand-coded from the pre-meeting interview with Ann, Outlet A, 1 July 2025.")


# --- building blocks ---------------------------------------------------------------------

def test_new_figure_fixed_size_and_dpi():
    fig, ax = P.new_figure(height=3.0)
    assert isinstance(fig, Figure)
    assert tuple(fig.get_size_inches()) == pytest.approx((9.0, 3.0))
    assert fig.dpi == 100
    assert fig.axes == [ax]


def test_new_figure_with_two_columns():
    fig, axes = P.new_figure(height=2.0, width=5.0, ncols=2)
    assert len(axes) == 2
    assert tuple(fig.get_size_inches()) == pytest.approx((5.0, 2.0))


def test_decorate_sets_title_labels_and_note():
    fig, ax = P.new_figure(height=2.0)
    out = P.decorate(fig, ax, title="A finding", xlabel="x (units)", ylabel="y (units)", note="Source: here.")
    assert out is fig
    assert fig._suptitle.get_text() == "A finding"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x (units)", "y (units)")
    assert "Source: here." in [t.get_text() for t in fig.texts]


# --- chart kinds -------------------------------------------------------------------------

def test_grouped_barh_theme_shares(ds, note):
    fig = P.grouped_barh(A.theme_counts(ds), category="label", value="share", group="source_id", percent=True,
                         colors=P.source_colors(ds.sources), labels=P.source_labels(ds.sources),
                         title="Theme shares", xlabel="share of the interview's passages", note=note)
    check_frame(fig, title="Theme shares", size=(9.0, 1.2 + 0.32 * 2 * 2), xlabel="share of the interview's passages")
    ax = fig.axes[0]
    b = bars(ax)
    assert len(b) == 4  # 2 themes x 2 interviews
    assert hexes(p.get_facecolor() for p in b) == [ORANGE, ORANGE, BLUE, BLUE]
    assert [p.get_width() for p in b] == pytest.approx([2 / 3, 1 / 3, 0.0, 0.5])
    assert [t.get_text() for t in ax.texts] == ["67%", "33%", "0%", "50%"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Theme A", "Theme B"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["pre-meeting: Ann", "post-meeting: Bob"]


def test_dumbbell_theme_shift(ds, note):
    fig = P.dumbbell(A.theme_shift(ds), category="label", left="share_pre", right="share_post",
                     colors=[P.STAGE_COLORS["pre-meeting"], P.STAGE_COLORS["post-meeting"]],
                     labels=["before", "after"], title="Shift", xlabel="share of passages", note=note)
    check_frame(fig, title="Shift", size=(9.0, 1.4 + 0.34 * 2), xlabel="share of passages")
    left, right = scatters(fig.axes[0])
    assert left.get_offsets()[:, 0].tolist() == pytest.approx([2 / 3, 1 / 3])
    assert right.get_offsets()[:, 0].tolist() == pytest.approx([0.0, 0.5])
    assert hexes(left.get_facecolor()) == [ORANGE]
    assert hexes(right.get_facecolor()) == [BLUE]


def test_heatmap_cooccurrence(ds, note):
    fig = P.heatmap(A.theme_cooccurrence(ds), row="label_a", col="label_b", value="n_passages",
                    title="Co-occurrence", note=note, xlabel="theme", ylabel="theme")
    check_frame(fig, title="Co-occurrence", size=(9.0, 1.6 + 0.36 * 2), xlabel="theme")
    ax = fig.axes[0]
    assert ax.get_ylabel() == "theme"
    assert ax.images[0].get_array().tolist() == [[2, 1], [1, 2]]
    assert [t.get_text() for t in ax.texts] == ["2", "1", "1", "2"]
    assert fig.axes[1].get_ylabel() == "passages"  # the colour bar


def test_heatmap_leaves_zero_cells_blank(ds, note):
    counts = A.theme_counts(ds)
    fig = P.heatmap(counts, row="label", col="source_id", value="n_passages", col_order=["s1", "s2"],
                    title="Counts", note=note)
    ax = fig.axes[0]
    assert ax.images[0].get_array().tolist() == [[2, 0], [1, 1]]
    assert [t.get_text() for t in ax.texts] == ["2", "1", "1"]


def test_stacked_barh_progress(ds, note):
    fig = P.stacked_barh(A.progress_counts(ds), category="kind", stack="progress", value="n_agreements",
                         stack_order=A.PROGRESS_ORDER, title="Progress", xlabel="agreements", note=note)
    check_frame(fig, title="Progress", size=(9.0, 1.4 + 0.38 * 3), xlabel="agreements")
    ax = fig.axes[0]
    # Two progress classes occur (reported done, planned or proposed), one segment per kind each.
    assert len(bars(ax)) == 6
    assert [t.get_text() for t in ax.texts] == ["1", "1", "1"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["reported done", "planned or proposed"]


def test_position_strip(ds, note):
    fig = P.position_strip(A.theme_positions(ds, core_only=False), category="label", position="position",
                           group="source_id", colors=P.source_colors(ds.sources), labels=P.source_labels(ds.sources),
                           title="Positions", note=note)
    check_frame(fig, title="Positions", size=(9.0, 1.4 + 0.5 * 2), xlabel="position in the interview (passage order)")
    s1, s2 = scatters(fig.axes[0])
    assert len(s1.get_offsets()) == 3 and len(s2.get_offsets()) == 1
    assert s1.get_offsets()[:, 0].tolist() == pytest.approx([0.5, 2.5 / 3, 2.5 / 3])
    assert s2.get_offsets()[:, 0].tolist() == pytest.approx([0.75])
    assert hexes(s1.get_edgecolor()) == [ORANGE]
    assert hexes(s2.get_edgecolor()) == [BLUE]


def test_bipartite_partner_links(ds, note):
    fig = P.bipartite(A.partner_links(ds), left="name", right="target_label", right_type="target_type",
                      title="Links", note=note)
    check_frame(fig, title="Links", size=(9.0, 1.6 + 0.3 * 3))
    ax = fig.axes[0]
    assert len(ax.lines) == 3  # one line per link
    assert [t.get_text() for t in ax.texts] == ["Xland (2)", "Yland (1)", "AXFTA", "Yland accession", "AX FMM"]


def test_timeline_roles_and_events(ds, note):
    fig = P.timeline(A.role_timeline(ds), start=2021, end=2031, mark_year=2025, title="Timeline", note=note)
    check_frame(fig, title="Timeline", size=(10.5, 2.0 + 0.3 * 5))
    ax = fig.axes[0]
    assert len(bars(ax)) == 6  # five bars and the marked year
    texts = [t.get_text() for t in ax.texts]
    assert sorted(texts) == sorted(["2024–2027", "2025", "2025", "2025–2045 →", "2026–2030"])
    assert texts.count("2025–2045 →") == 1


def test_kappa_bars(ds, note):
    fig = P.kappa_bars(A.coding_agreement(ds), title="Kappa", note=note)
    check_frame(fig, title="Kappa", size=(9.0, 1.4 + 0.3 * 2), xlabel="Cohen's kappa between the two coding passes")
    ax = fig.axes[0]
    b = bars(ax)
    assert len(b) == 2
    assert [p.get_width() for p in b] == pytest.approx([1 / 6, 1.0])
    assert hexes(p.get_facecolor() for p in b) == [BLUE, GREY]  # core theme blue, other grey
    assert [t.get_text() for t in ax.texts] == ["0.17", "1.00"]


def test_kappa_bars_shows_undefined_kappa_as_na(note):
    df = pd.DataFrame({"label": ["Theme A", "Theme B"], "core": [True, False], "kappa": [0.5, float("nan")]})
    fig = P.kappa_bars(df, title="Kappa", note=note)
    assert [t.get_text() for t in fig.axes[0].texts] == ["0.50", "n/a"]


def test_diverging_barh_shift(ds, note):
    fig = P.diverging_barh(A.theme_shift(ds), category="label", value="shift_pts", positive_label="more",
                           negative_label="less", title="Shift", xlabel="percentage points", note=note)
    check_frame(fig, title="Shift", size=(9.0, 1.4 + 0.32 * 2), xlabel="percentage points")
    ax = fig.axes[0]
    b = bars(ax)
    assert [p.get_width() for p in b] == pytest.approx([-200 / 3, 50 / 3])
    assert hexes(p.get_facecolor() for p in b) == [ORANGE, BLUE]  # fall orange, rise blue
    assert [t.get_text() for t in ax.texts] == ["-66.7", "+16.7"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["more", "less"]
