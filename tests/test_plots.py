"""The house-style plot functions, fed with the analysis helpers' output on the tiny dataset.

Each test checks what is cheap to read back from a Figure: title, axis labels, the source
note, the size and DPI, and the number and colour of bars or markers (worked out by hand from
`tests/tiny.py`). No pyplot state is used, so nothing needs closing.
"""

from __future__ import annotations

import io
import math

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from tiny import SOURCES, tiny, tiny_dataset

from amm58 import Dataset
from amm58 import analysis as A
from amm58 import plots as P

ORANGE, BLUE, GREEN, GREY = "#e69f00", "#0072b2", "#009e73", "#999999"
NOTE = (
    "Source: hand-coded passages of two interviews: the pre-meeting interview with Ann (Outlet A, 1 July 2025) "
    "and the post-meeting interview with Bob (outlet and date not given in the text)."
)


@pytest.fixture
def ds() -> Dataset:
    return tiny()


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
    assert fig._suptitle.get_text() == P.typeset(title)  # curly quotes, en dashes
    assert NOTE in [" ".join(t.get_text().split()) for t in fig.texts]  # the note, wrapped to the width
    assert tuple(fig.get_size_inches()) == pytest.approx(size)
    assert fig.dpi == 100
    if xlabel is not None:
        assert fig.axes[0].get_xlabel() == P.typeset(xlabel)
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
    assert P.source_labels(ds.sources) == {"s1": "pre-meeting interview (Ann)", "s2": "post-meeting interview (Bob)"}


def test_source_note_names_interviewee_outlet_and_date(ds):
    assert P.source_note(ds.sources) == NOTE


def test_source_note_for_some_sources(ds):
    assert P.source_note(ds.sources, ["s2"]) == (
        "Source: hand-coded passages of the post-meeting interview with Bob (outlet and date not given in the text)."
    )
    assert P.source_note(ds.sources, ["s1"]) == (
        "Source: hand-coded passages of the pre-meeting interview with Ann (Outlet A, 1 July 2025)."
    )


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
    fig = P.grouped_barh(
        A.theme_counts(ds),
        category="label",
        value="share",
        group="source_id",
        percent=True,
        colors=P.source_colors(ds.sources),
        labels=P.source_labels(ds.sources),
        title="Theme shares",
        xlabel="share of the interview's passages",
        note=note,
    )
    check_frame(fig, title="Theme shares", size=(9.0, 1.2 + 0.32 * 2 * 2), xlabel="share of the interview's passages")
    ax = fig.axes[0]
    b = bars(ax)
    assert len(b) == 4  # 2 themes x 2 interviews
    assert hexes(p.get_facecolor() for p in b) == [ORANGE, ORANGE, BLUE, BLUE]
    assert [p.get_width() for p in b] == pytest.approx([2 / 3, 1 / 3, 0.0, 0.5])
    assert [t.get_text() for t in ax.texts] == ["67%", "33%", "0%", "50%"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Theme A", "Theme B"]
    assert ax.get_ylim() == pytest.approx((1.45, -0.45))  # clusters fill the axes: no empty band
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "pre-meeting interview (Ann)",
        "post-meeting interview (Bob)",
    ]


def test_dumbbell_theme_shift(ds, note):
    fig = P.dumbbell(
        A.theme_shift(ds),
        category="label",
        left="share_pre",
        right="share_post",
        colors=[P.STAGE_COLORS["pre-meeting"], P.STAGE_COLORS["post-meeting"]],
        labels=["before", "after"],
        title="Shift",
        xlabel="share of passages",
        note=note,
    )
    check_frame(fig, title="Shift", size=(9.0, 1.4 + 0.34 * 2), xlabel="share of passages")
    left, right = scatters(fig.axes[0])
    assert left.get_offsets()[:, 0].tolist() == pytest.approx([2 / 3, 1 / 3])
    assert right.get_offsets()[:, 0].tolist() == pytest.approx([0.0, 0.5])
    assert hexes(left.get_facecolor()) == [ORANGE]
    assert hexes(right.get_facecolor()) == [BLUE]


def test_heatmap_labelled_cells_need_no_colour_bar(ds, note):
    fig = P.heatmap(
        A.theme_cooccurrence(ds),
        row="label_a",
        col="label_b",
        value="n_passages",
        title="Co-occurrence",
        note=note,
        xlabel="theme",
        ylabel="theme",
    )
    check_frame(fig, title="Co-occurrence", size=(9.0, 1.6 + 0.36 * 2), xlabel="theme")
    ax = fig.axes[0]
    assert ax.get_ylabel() == "theme"
    assert ax.images[0].get_array().tolist() == [[2, 1], [1, 2]]
    assert [t.get_text() for t in ax.texts] == ["2", "1", "1", "2"]
    assert len(fig.axes) == 1  # every cell is labelled: no colour bar


def test_heatmap_without_labels_has_a_colour_bar(ds, note):
    fig = P.heatmap(
        A.theme_cooccurrence(ds),
        row="label_a",
        col="label_b",
        value="n_passages",
        title="Co-occurrence",
        note=note,
        annotate=False,
    )
    assert len(fig.axes[0].texts) == 0
    assert fig.axes[1].get_ylabel() == "passages"  # the colour bar


def test_heatmap_leaves_zero_cells_white_and_blank(ds, note):
    counts = A.theme_counts(ds)
    fig = P.heatmap(
        counts, row="label", col="source_id", value="n_passages", col_order=["s1", "s2"], title="Counts", note=note
    )
    ax = fig.axes[0]
    arr = ax.images[0].get_array()
    assert arr.mask.tolist() == [[False, True], [False, False]]  # the zero cell is masked...
    assert hexes([ax.images[0].cmap.get_bad()]) == ["#ffffff"]  # ...and drawn white
    assert [t.get_text() for t in ax.texts] == ["2", "1", "1"]


def test_stacked_barh_progress(ds, note):
    fig = P.stacked_barh(
        A.progress_counts(ds),
        category="kind",
        stack="progress",
        value="n_agreements",
        stack_order=A.PROGRESS_ORDER,
        title="Progress",
        xlabel="agreements",
        note=note,
    )
    check_frame(fig, title="Progress", size=(9.0, 1.4 + 0.38 * 3), xlabel="agreements")
    ax = fig.axes[0]
    # Two progress classes occur (reported done, planned or proposed), one segment per kind each.
    assert len(bars(ax)) == 6
    assert [t.get_text() for t in ax.texts] == ["1", "1", "1"]
    # category labels in sentence case
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Reported done", "Planned or proposed"]


def test_position_strip(ds, note):
    fig = P.position_strip(
        A.theme_positions(ds, core_only=False),
        category="label",
        position="position",
        group="source_id",
        colors=P.source_colors(ds.sources),
        labels=P.source_labels(ds.sources),
        title="Positions",
        note=note,
    )
    check_frame(
        fig, title="Positions", size=(9.0, 1.7 + 0.24 * 2 * 2), xlabel="position in the interview (passage order)"
    )
    s1, s2 = scatters(fig.axes[0])
    assert len(s1.get_offsets()) == 3 and len(s2.get_offsets()) == 1
    assert s1.get_offsets()[:, 0].tolist() == pytest.approx([0.5, 2.5 / 3, 2.5 / 3])
    assert s2.get_offsets()[:, 0].tolist() == pytest.approx([0.75])
    assert hexes(s1.get_edgecolor()) == [ORANGE]
    assert hexes(s2.get_edgecolor()) == [BLUE]


def test_bipartite_partner_links(ds, note):
    fig = P.bipartite(
        A.partner_links(ds), left="name", right="target_label", right_type="target_type", title="Links", note=note
    )
    check_frame(fig, title="Links", size=(9.0, 1.6 + 0.3 * 3))
    ax = fig.axes[0]
    assert len(ax.lines) == 3  # one line per link
    assert sorted(t.get_text() for t in ax.texts) == ["AX FMM", "AXFTA", "Xland (2)", "Yland (1)", "Yland accession"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["agreement", "meeting"]


def test_barycentre_order_removes_crossings():
    links = pd.DataFrame({"l": ["a", "b", "c"], "r": ["z", "y", "x"]})  # alphabetical: every pair crosses
    left, right = P.barycentre_order(links, "l", "r")
    pos_l, pos_r = {v: i for i, v in enumerate(left)}, {v: i for i, v in enumerate(right)}
    assert [pos_r[r] for r in links.sort_values("l", key=lambda s: s.map(pos_l)).r] == [0, 1, 2]


def test_timeline_points_for_single_years_bars_for_periods(ds, note):
    fig = P.timeline(A.role_timeline(ds), start=2021, end=2031, mark_year=2025, title="Timeline", note=note)
    check_frame(fig, title="Timeline", size=(9.0, 2.1 + 0.25 * (5 + 0.8 * 3)))  # 3 group names 0.8 rows high
    ax = fig.axes[0]
    assert len(bars(ax)) == 4  # three periods and the marked year
    points = scatters(ax)
    assert len(points) == 2  # the two single-year events
    # in groups, each under its name: a role's period and event, then the plans, then the other event
    # each group under a heading 0.8 rows high: roles at 0.8 and 1.8, plans 3.6 to 5.6, the event 6.4
    assert [v for p in points for v in p.get_offsets()[0].tolist()] == pytest.approx([2025.5, 1.8, 2025.5, 6.4])
    # group names first (sentence case); a period is labelled only where it runs past the axis;
    # the marked year labelled over its band; a key names the kinds of mark drawn
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["Roles", "Visions and plans", "Events", "2025–2045 →", "2025"]
    keys = ["Role over several years", "Role in one year", "Plan", "Vision past the axis", "Other event"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == keys
    assert P.layout_problems(fig) == []


def test_kappa_bars(ds, note):
    df = A.coding_agreement(ds).assign(lo=[-0.4, 1.0], hi=[0.7, 1.0])
    fig = P.kappa_bars(
        df, title="Kappa", note=note, xlabel="kappa, pass A against pass B", lo="lo", hi="hi", positives="n_pass_a"
    )
    check_frame(fig, title="Kappa", size=(9.0, 1.4 + 0.3 * 2), xlabel="kappa, pass A against pass B")
    ax = fig.axes[0]
    b = bars(ax)
    assert len(b) == 2
    assert [p.get_width() for p in b] == pytest.approx([1 / 6, 1.0])
    assert hexes(p.get_facecolor() for p in b) == ["#222222", "#bbbbbb"]  # core dark, other grey
    # the second row has no disagreement: its interval collapses, and the bar says so
    assert [t.get_text() for t in ax.texts] == [
        "κ 0.17 · 2 coded passages",
        "no disagreement: the interval collapses",
        "κ 1.00 · 2 coded passages",
    ]
    (err,) = ax.containers[1:]  # the error bars
    segs = err.lines[2][0].get_segments()
    assert [s[:, 0].tolist() for s in segs] == [pytest.approx([-0.4, 0.7]), pytest.approx([1.0, 1.0])]
    assert ax.get_xlim()[0] == pytest.approx(-0.4)  # the interval is not cut
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "core theme",
        "other theme",
        "95% interval",
        "0.8 (“almost perfect”)",
    ]
    assert P.layout_problems(fig) == []


def test_kappa_bars_shows_undefined_kappa_as_a_placeholder(note):
    df = pd.DataFrame(
        {"label": ["Theme A", "Theme B"], "core": [True, False], "kappa": [0.5, float("nan")], "pos": [3, 0]}
    )
    fig = P.kappa_bars(df, title="Kappa", note=note, xlabel="kappa", positives="pos", reference=None)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Theme A", "Theme B"]  # not dropped
    assert [t.get_text() for t in ax.texts] == [
        "κ 0.50 · 3 coded passages",
        "undefined: no positives",
        "κ n/a · 0 coded passages",
    ]
    assert len(ax.lines) == 0  # no reference line
    assert P.layout_problems(fig) == []


def test_diverging_barh_shift(ds, note):
    fig = P.diverging_barh(
        A.theme_shift(ds),
        category="label",
        value="shift_pts",
        positive_label="more",
        negative_label="less",
        title="Shift",
        xlabel="percentage points",
        note=note,
    )
    check_frame(fig, title="Shift", size=(9.0, 1.4 + 0.32 * 2), xlabel="percentage points")
    ax = fig.axes[0]
    b = bars(ax)
    assert [p.get_width() for p in b] == pytest.approx([-200 / 3, 50 / 3])
    assert hexes(p.get_facecolor() for p in b) == [ORANGE, BLUE]  # fall orange, rise blue
    assert [t.get_text() for t in ax.texts] == ["\u221266.7", "+16.7"]  # a true minus
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["more", "less"]


# --- layout: decorate() measures, layout_problems() checks -----------------------------------

LONG_TITLE = (
    "Vietnam's own role leads both interviews while the core themes grow after the meetings and the partners follow "
) * 2


def test_decorate_wraps_the_title_to_the_figure_width():
    fig, ax = P.new_figure(height=3.0)
    P.decorate(fig, ax, title=LONG_TITLE, note="Source: here.")
    lines = fig._suptitle.get_text().split("\n")
    assert len(lines) == 3  # 900 px wide, 884 px for text: three lines of bold 12.5 pt
    assert " ".join(lines) == P.typeset(LONG_TITLE.strip())
    assert max(P.text_size(fig, s, fontsize=12.5, fontweight="bold")[0] for s in lines) <= 900 - 2 * P.PAD_PX
    assert P.layout_problems(fig) == []


def test_decorate_reserves_the_notes_rendered_height():
    fig, ax = P.new_figure(height=3.0)
    P.decorate(fig, ax, title="T", xlabel="x", note="Source: here.")
    _, h = P.text_size(fig, "Source: here.", fontsize=P.NOTE_SIZE)
    rect = fig.get_layout_engine().get()["rect"]
    assert rect[1] * 300 == pytest.approx(h + P.PAD_PX)
    assert rect[3] == pytest.approx(1 - rect[1])


def test_decorate_on_a_short_figure_keeps_note_and_x_label_apart():
    fig, ax = P.new_figure(height=1.6)
    ax.set_yticks([0, 1], ["a", "b"])
    P.decorate(fig, ax, title="Short", xlabel="position in the interview (passage order)", note=NOTE * 2)
    assert P.layout_problems(fig) == []


def test_decorate_puts_legends_above_the_axes():
    fig, ax = P.new_figure(height=3.0)
    ax.barh([0, 1], [1, 2], label="bars")
    ax.plot([0, 2], [0, 1], label="line")
    ax.legend(loc="center")  # over the data
    P.decorate(fig, ax, title="T", note="Source: here.")
    fig.canvas.draw()
    leg = ax.get_legend().get_window_extent()
    assert leg.y0 >= ax.get_window_extent().y1 - 0.5
    assert P.layout_problems(fig) == []


def test_layout_problems_flags_an_unwrapped_long_title():
    fig, ax = P.new_figure(height=3.0)
    fig.suptitle(LONG_TITLE, x=0.01, ha="left", fontsize=12.5, fontweight="bold")
    problems = P.layout_problems(fig)
    assert len(problems) == 2
    assert problems[0].startswith("title leaves the canvas at the right by ")
    # undecorated, the axes run to the edge: the last tick label is inside the right margin
    assert problems[1] == "axes 0 x tick label '1.0' ends 4 px from the right edge, inside the 20 px margin"


def test_layout_problems_flags_a_note_over_the_x_label():
    fig, ax = P.new_figure(height=2.0)
    ax.set_xlabel("a label")
    fig.text(0.45, 0.0, "Source: a note that sits where the x label is.", fontsize=8, va="bottom")
    assert any(
        p.startswith("figure text 'Source: a note") and "overlaps axes 0 x label" in p for p in P.layout_problems(fig)
    )


def test_layout_problems_flags_colliding_tick_labels_and_a_legend_over_the_data():
    fig, ax = P.new_figure(height=2.0, width=3.0)
    ax.set_xticks([0, 1, 2], ["a long category name"] * 3)
    ax.plot([0, 2], [0, 1], label="line")
    ax.legend(loc="center")
    problems = P.layout_problems(fig)
    assert "axes 0 x tick label 'a long category name' overlaps axes 0 x tick label 'a long category name'" in [
        p.split(" (")[0] for p in problems
    ]
    assert any(p.startswith("axes 0 legend covers the plotting area of axes 0") for p in problems)


def test_layout_problems_of_a_clean_figure_is_empty(note):
    fig, ax = P.new_figure(height=2.5)
    ax.plot([0, 1], [0, 1])
    assert P.layout_problems(P.decorate(fig, ax, title="Clean", xlabel="x", ylabel="y", note=note)) == []


# --- the new chart kinds -----------------------------------------------------------------


def test_wilson_interval():
    lo, hi = P.wilson_interval([0, 2], [2, 3])
    assert lo.tolist() == pytest.approx([0.0, 0.2076], abs=1e-4)
    assert hi.tolist() == pytest.approx([1.96**2 / (2 + 1.96**2), 0.9385], abs=1e-4)


def test_dumbbell_with_counts_and_wilson_intervals(ds, note):
    fig = P.dumbbell(
        A.theme_shift(ds),
        category="label",
        left="share_pre",
        right="share_post",
        colors=[P.STAGE_COLORS["pre-meeting"], P.STAGE_COLORS["post-meeting"]],
        labels=["before", "after"],
        title="Shift",
        xlabel="share of passages",
        note=note,
        k=("n_pre", "n_post"),
        n=(3, 2),
        sort_by="shift_pts",
    )
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Theme B", "Theme A"]  # rising first
    pre, post = scatters(ax)
    assert post.get_offsets()[:, 0].tolist() == pytest.approx([0.5, 0.0])
    assert ax.get_xlim() == pytest.approx((0.0, 1.0))  # 0-100%
    lo = ax.get_xlim()[0]
    assert all(x >= lo for x in post.get_offsets()[:, 0])  # the 0% point is on the axis...
    assert post.get_clip_on() is False  # ...and drawn whole, not cut in half
    assert [t.get_text() for t in ax.texts] == ["1/3", "2/3", "1/2", "0/2", "passages"]
    assert len(ax.containers) == 2  # Wilson error bars for both stages
    assert P.layout_problems(fig) == []


def test_dot_matrix_draws_one_dot_per_occurrence(note):
    df = pd.DataFrame(
        {
            "partner": ["Xland", "Yland", "Xland", "Yland", "Yland"],
            "agreement": ["F1", "F1", "F2", "F2", "F2"],
            "stage": ["pre-meeting", "pre-meeting", "post-meeting", "post-meeting", "post-meeting"],
        }
    )
    fig = P.dot_matrix(
        df,
        row="partner",
        col="agreement",
        group="stage",
        colors=P.STAGE_COLORS,
        labels={"pre-meeting": "before", "post-meeting": "after"},
        title="FTAs",
        note=note,
    )
    ax = fig.axes[0]
    pre, post = scatters(ax)
    assert len(pre.get_offsets()) + len(post.get_offsets()) == 4  # the duplicate draws once
    assert hexes(pre.get_facecolor()) == [ORANGE] and hexes(post.get_facecolor()) == [BLUE]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["F1", "F2"]
    assert [t.get_text() for t in ax.texts] == ["before", "after"]  # the group headers
    assert len(fig.axes) == 1  # no colour bar
    assert P.layout_problems(fig) == []


def test_dot_matrix_fta_partners(ds, note):
    fig = P.dot_matrix(
        A.fta_partners(ds),
        row="partner",
        col="short_name",
        group="stage",
        colors=P.STAGE_COLORS,
        title="FTAs",
        note=note,
    )
    (dots,) = scatters(fig.axes[0])
    assert dots.get_offsets().tolist() == [[0.0, 0.0]]


def test_cooccurrence_lower_triangle_observed_against_expected(ds, note):
    fig = P.cooccurrence(
        A.theme_cooccurrence(ds),
        row="label_a",
        col="label_b",
        value="n_passages",
        n_total=len(ds.passages),
        title="Co",
        note=note,
        min_expected=0.5,
    )
    ax = fig.axes[0]
    # one cell below the diagonal: Theme B x Theme A, 1 passage against 2 * 2 / 5 expected
    assert ax.images[0].get_array().tolist() == [[pytest.approx(1 - 0.8)]]
    assert [t.get_text() for t in ax.texts] == ["1/0.8", "Theme A"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Theme B"]
    assert len(fig.axes) == 1
    (key,) = ax.child_axes  # the compact colour key, inside the empty upper triangle
    assert key.get_title(loc="left") == "observed − expected passages"
    assert P.layout_problems(fig) == []


def test_cooccurrence_leaves_cells_under_one_expected_passage_uncoloured_and_outlines_the_named_pair(ds, note):
    fig = P.cooccurrence(
        A.theme_cooccurrence(ds),
        row="label_a",
        col="label_b",
        value="n_passages",
        n_total=len(ds.passages),
        title="Co",
        note=note,
        highlight=("Theme A", "Theme B"),
    )
    ax = fig.axes[0]
    assert ax.images[0].get_array().mask.tolist() == [[True]]  # 0.8 expected: not coloured
    (cell,) = [t for t in ax.texts if t.get_text() == "1/0.8"]
    assert mcolors.to_hex(cell.get_color()) == "#8a8a8a"  # grey text
    outlined = [p for p in ax.patches if p.get_linewidth() == pytest.approx(2.2)]
    assert [(p.get_x(), p.get_y(), mcolors.to_hex(p.get_edgecolor())) for p in outlined] == [(-0.5, -0.5, "#000000")]
    assert len(fig.axes) == 1 and ax.child_axes == []  # nothing coloured: no colour key
    assert "fewer than 1 passage expected" in ax.get_title(loc="left").replace("\n", " ")
    assert P.layout_problems(fig) == []


def test_partner_bars_one_panel_per_link_type_sorted_by_total(ds, note):
    sub = "Links: one per meeting or agreement."
    fig = P.partner_bars(A.partner_links(ds), title="Partners", note=note, subtitle=sub)
    head, agreements, meetings = fig.axes  # a thin axes over the panels carries the subtitle
    assert [t.get_text() for t in agreements.get_yticklabels()] == ["Xland", "Yland"]
    assert [(p.get_y() + p.get_height() / 2, p.get_width()) for p in bars(agreements)] == [(0, 1), (1, 1)]
    assert [(p.get_y() + p.get_height() / 2, p.get_width()) for p in bars(meetings)] == [(0, 1), (1, 0)]
    # one neutral colour: the panels, not colours, tell the link types apart
    assert set(hexes(p.get_facecolor() for p in bars(agreements) + bars(meetings))) == {"#555555"}
    # each panel headed by its type and its links (direct labels, no legend); totals right of the last
    assert [t.get_text() for t in agreements.texts] == ["1", "1", "Agreements or plans (2 links)"]
    # a zero is a faint "0" at the axis (an empty row reads as none, not as missing)
    assert [t.get_text() for t in meetings.texts] == ["1", "0", "Meetings (1 link)", "2", "1", "Total"]
    assert mcolors.to_hex(meetings.texts[1].get_color()) == "#999999"
    assert head.get_legend().get_title().get_text() == sub
    assert all(a.get_legend() is None for a in (agreements, meetings))
    assert meetings.get_xlim() == agreements.get_xlim()  # one scale
    assert P.layout_problems(fig) == []


def test_agenda_diverging(ds, note):
    items = A.agenda_outcomes(ds)
    items["outcome_level"] = items.item_id.map(
        {"i4": "reported achieved", "i1": "mentioned again", "i2": "not mentioned"}
    )
    fig = P.agenda_diverging(items, title="Agenda", note=note)
    ax, lst = fig.axes
    b = bars(ax)
    # Theme A: one item per level, left of zero; Theme B: one new item, right of zero
    assert [(p.get_y() + p.get_height() / 2, p.get_x(), p.get_width()) for p in b if p.get_width()] == [
        (0, 0, -1),
        (0, -1, -1),
        (0, -2, -1),
        (1, 0, 1),
    ]
    # achieved the dark "done" green; mentioned again empty, outlined in that green; not
    # mentioned the flat grey of "nothing said" (no hatching, so its count needs no patch); new
    # the post-meeting blue
    assert hexes(p.get_facecolor() for p in b if p.get_width()) == ["#1b7a55", "#ffffff", "#d9d9d9", BLUE]
    assert [mcolors.to_hex(p.get_edgecolor()) for p in b if p.get_width()][1] == "#1b7a55"
    assert [p.get_hatch() for p in b if p.get_width()] == [None, None, None, None]
    assert all(t.get_bbox_patch() is None for t in ax.texts)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Reported achieved (1)",
        "Mentioned again (1)",
        "Not mentioned (1)",
        "New in the post-meeting interview (1)",
    ]
    assert [t.get_text() for t in lst.texts] == [
        "Not mentioned in the post-meeting interview (1; not mentioned is not dropped or failed):",
        "• Develop the plan (Theme A)",
    ]
    assert P.layout_problems(fig) == []


def test_z_dots(note):
    df = pd.DataFrame(
        {
            "term": ["a", "b_c", "c", "d"],
            "z": [-2.0, 0.5, 2.5, -1.0],
            "count_pre": [12, 1, 0, 4],
            "count_post": [3, 2, 9, 1],
        }
    )
    fig = P.z_dots(df, title="Words", note=note, labels={"d": "D-E"}, subtitle="1 of 4 pass", n_ranked=9)
    ax = fig.axes[0]
    # rows named by `labels`, else by the term with "_" written as a space; no label bold (bold
    # marks core themes only; the filled dot marks a word past the lines)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["c", "b c", "D-E", "a"]
    assert [t.get_fontweight() for t in ax.get_yticklabels()] == ["normal"] * 4
    # dots, coloured by direction (orange: pre, blue: post): filled past the lines, hollow (white,
    # ringed in the colour) inside them, the house meaning of a hollow dot
    (dots,) = scatters(ax)
    assert dots.get_offsets()[:, 0].tolist() == [2.5, 0.5, -1.0, -2.0]
    assert hexes(dots.get_edgecolor()) == [BLUE, BLUE, ORANGE, ORANGE]
    assert hexes(dots.get_facecolor()) == [BLUE, "#ffffff", "#ffffff", ORANGE]
    texts = [t.get_text() for t in ax.texts]
    # the lines labelled on the chart, no legend; each passing word's z beside it
    assert texts[:2] == ["\u22121.96", "+1.96"] and ax.get_legend().get_texts() == []
    assert all(t.get_fontsize() == P.LABEL_SIZE and t.get_bbox_patch() is None for t in ax.texts[:4])  # no boxes
    assert texts[-2:] == ["+2.50", "\u22122.00"]
    assert texts[4:9] == ["0 vs 9", "1 vs 2", "4 vs 1", "12 vs 3", "pre vs post"]
    # the direction labels in their side's colour key the dots
    assert texts[2:4] == [
        "\u2190 more typical of the\npre-meeting interview",
        "more typical of the\npost-meeting interview \u2192",
    ]
    assert hexes([ax.texts[2].get_color(), ax.texts[3].get_color()]) == [ORANGE, BLUE]
    # which words are drawn, in the empty middle: 1 each way of the 9 ranked
    assert texts[9].replace("\n", " ") == "Shown: the 2 words leaning most each way; the other 5 of the 9 lie between"
    assert [line.get_xdata()[0] for line in ax.lines] == [0]
    # the dashed lines stop under their labels (no box hides them)
    dashed = [c for c in ax.collections if c.get_linestyle()[0][1] is not None]
    assert [s[:, 0].tolist() for c in dashed for s in c.get_segments()] == [[-1.96, -1.96], [1.96, 1.96]]
    assert [s[:, 1].tolist() for c in dashed for s in c.get_segments()] == [[3.5, -0.45], [3.5, -0.45]]
    assert ax.get_legend().get_title().get_text() == "1 of 4 pass"  # the subtitle, under the title
    assert P.layout_problems(fig) == []


def _lab(color) -> tuple[float, float, float]:
    """CIELAB (D65) of a colour."""
    rgb = [((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in mcolors.to_rgb(color)]
    m = [(0.4124, 0.3576, 0.1805), (0.2126, 0.7152, 0.0722), (0.0193, 0.1192, 0.9505)]
    x, y, z = (
        sum(a * b for a, b in zip(row, rgb, strict=True)) / w for row, w in zip(m, (0.95047, 1.0, 1.08883), strict=True)
    )
    f = [v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def delta_e2000(c1, c2) -> float:
    """The CIEDE2000 colour difference (Sharma, Wu and Dalal 2005)."""
    L1, a1, b1 = _lab(c1)
    L2, a2, b2 = _lab(c2)
    cbar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(cbar**7 / (cbar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1p)) % 360, math.degrees(math.atan2(b2, a2p)) % 360
    dh = 0.0 if c1p * c2p == 0 else (h2 - h1 + 180) % 360 - 180
    dH = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lbar, cbp = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbar = h1 + h2
    elif abs(h1 - h2) <= 180:
        hbar = (h1 + h2) / 2
    else:
        hbar = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hbar - 30))
        + 0.24 * math.cos(math.radians(2 * hbar))
        + 0.32 * math.cos(math.radians(3 * hbar + 6))
        - 0.20 * math.cos(math.radians(4 * hbar - 63))
    )
    rt = -2 * math.sqrt(cbp**7 / (cbp**7 + 25**7)) * math.sin(math.radians(60 * math.exp(-(((hbar - 275) / 25) ** 2))))
    sl = 1 + 0.015 * (lbar - 50) ** 2 / math.sqrt(20 + (lbar - 50) ** 2)
    sc, sh = 1 + 0.045 * cbp, 1 + 0.015 * cbp * t
    dl, dc = L2 - L1, c2p - c1p
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dH / sh) ** 2 + rt * (dc / sc) * (dH / sh))


def test_delta_e2000_reference_pair():
    # Sharma et al. (2005), table 1, pair 1 is given in Lab; here a check on sRGB: identical is 0,
    # black against white is the full lightness range
    assert delta_e2000("#0072B2", "#0072B2") == pytest.approx(0.0)
    assert delta_e2000("#000000", "#FFFFFF") == pytest.approx(100.0, abs=0.01)


def test_orange_and_blue_mean_only_pre_and_post():
    others = {k: v for k, v in P.CATEGORY_COLORS.items() if k != "new"}  # new = raised only post-meeting
    assert not {v.upper() for v in others.values()} & {"#E69F00", "#0072B2"}
    assert P.CATEGORY_COLORS["new"] == P.STAGE_COLORS["post-meeting"]


def test_no_other_colour_is_near_orange_or_blue():
    """Every colour that means something else keeps clear of the two interview colours: not the
    Okabe-Ito colours that read as them (sky blue, vermillion), and a CIEDE2000 difference of
    at least 20 from both."""
    used = {
        **{f"category {k}": v for k, v in P.CATEGORY_COLORS.items() if k != "new"},
        **{f"extra source {i}": v for i, v in enumerate(P.EXTRA_COLORS)},
        "dark": P.DARK,
        "mid grey": P.MID_GREY,
        "light grey": P.LIGHT_GREY,
        "hatch": P.HATCH_COLOR,
        **{f"diverging {x}": mcolors.to_hex(P.DIVERGING(x)) for x in (0.0, 0.25, 0.75, 1.0)},
    }
    assert not {mcolors.to_hex(v) for v in used.values()} & {
        P.OKABE_ITO["sky_blue"].lower(),
        P.OKABE_ITO["vermillion"].lower(),
    }
    near = {
        name: (stage, round(delta_e2000(v, c), 1))
        for name, v in used.items()
        for stage, c in P.STAGE_COLORS.items()
        if delta_e2000(v, c) < 20
    }
    assert near == {}


def test_each_category_colour_keeps_one_meaning():
    """A colour means one thing: progress is one green scale (darkest: reported done, and the
    agenda's reported achieved), "not stated" a neutral grey used nowhere else, near-black
    Vietnam's roles; the timeline's other categories are white, told apart by marker shape."""
    greens = P.PROGRESS_GREENS
    assert {k for k, v in P.CATEGORY_COLORS.items() if v == greens["done"]} == {
        "reported done",
        "reported achieved",
        "matched",
    }
    assert {k for k, v in P.CATEGORY_COLORS.items() if v == greens["under way"]} == {"under way"}
    assert {k for k, v in P.CATEGORY_COLORS.items() if v == greens["planned"]} == {"planned or proposed"}
    # one meaning, "nothing said": a status not stated, an agenda item not mentioned again
    assert {k for k, v in P.CATEGORY_COLORS.items() if v == P.NOT_STATED} == {
        "status not stated",
        "not mentioned",
        "not mentioned again",
    }
    assert {k for k, v in P.CATEGORY_COLORS.items() if v == P.DARK} == {"role"}
    # no yellow or purple category left (yellow meant two things); the scale darkens in order
    assert not {P.OKABE_ITO["yellow"], P.OKABE_ITO["purple"]} & set(P.CATEGORY_COLORS.values())
    lightness = [sum(mcolors.to_rgb(greens[k])) for k in ("done", "under way", "planned")]
    assert lightness == sorted(lightness)
    # the timeline's other categories are white; one marker for a role's year, one for any event
    whites = [k for k in ("plan", "accession", "meeting", "milestone", "anniversary", "vision")]
    assert {P.CATEGORY_COLORS[k] for k in whites} == {"#FFFFFF"}
    assert P.TIMELINE_MARKERS == {"role": "D", "event": "o"}


def test_timeline_marks_a_roles_year_with_a_diamond_and_any_other_event_with_a_circle(ds, note):
    fig = P.timeline(A.role_timeline(ds), start=2021, end=2031, title="Timeline", note=note)
    ax = fig.axes[0]
    cats = A.role_timeline(ds)
    single = cats[(cats.start_year == cats.end_year) & ~cats.clipped]
    points = scatters(ax)
    expected = [P.TIMELINE_MARKERS["role" if c == "role" else "event"] for c in single.category]
    import matplotlib.markers as mmarkers

    drawn = [p.get_paths()[0] for p in points]
    want = [mmarkers.MarkerStyle(m).get_path().transformed(mmarkers.MarkerStyle(m).get_transform()) for m in expected]
    assert [d.vertices.tolist() for d in drawn] == [w.vertices.tolist() for w in want]


def test_timeline_wraps_long_labels_evenly(note):
    df = pd.DataFrame(
        {
            "label": ["Co-chair: ASEAN-New Zealand Foreign Ministers' Meeting", "Short"],
            "category": ["role", "meeting"],
            "period": ["2025", "2025"],
            "start_year": [2025, 2025],
            "end_year": [2025, 2025],
            "clipped": [False, False],
        }
    )
    fig = P.timeline(df, start=2021, end=2031, title="T", note=note, label_width=40)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Co-chair: ASEAN-New Zealand\nForeign Ministers’ Meeting", "Short"]  # curly apostrophe
    # 2 rows and 2 group names (a heading 0.8 rows high), tall rows
    assert tuple(fig.get_size_inches()) == pytest.approx((9.0, 2.1 + 0.36 * (2 + 0.8 * 2)))
    assert P.layout_problems(fig) == []


def test_balanced_wrap():
    assert P.balanced_wrap("Co-chair: ASEAN-UK Foreign Ministers' Meeting", 38) == (
        "Co-chair: ASEAN-UK Foreign\nMinisters' Meeting"
    )  # not "...Ministers'" + a lone "Meeting"
    assert P.balanced_wrap("Short", 10) == "Short"
    assert P.balanced_wrap("Rules and multilateralism", 22) == "Rules and\nmultilateralism"  # words stay whole


def test_source_labels_with_counts(ds):
    assert P.source_labels(ds.sources, {"s1": 3, "s2": 2}) == {
        "s1": "pre-meeting interview (Ann, 3 passages)",
        "s2": "post-meeting interview (Bob, 2 passages)",
    }


def test_dumbbell_with_a_difference_panel(ds, note):
    from amm58 import stats

    comp = stats.theme_comparison(ds)  # Theme A 2/3 -> 0/2, Theme B 1/3 -> 1/2
    fig = P.dumbbell(
        comp,
        category="label",
        left="share_pre",
        right="share_post",
        colors=[P.STAGE_COLORS["pre-meeting"], P.STAGE_COLORS["post-meeting"]],
        labels=["pre", "post"],
        k=("k_pre", "k_post"),
        n=("n_pre", "n_post"),
        sort_by="shift_pts",
        intervals=(("share_pre_lo", "share_pre_hi"), ("share_post_lo", "share_post_hi")),
        difference=("shift_pts", "shift_lo_pts", "shift_hi_pts"),
        p="p_holm",
        p_header="Holm p",
        title="Shift",
        subtitle="Methods",
        xlabel="share",
        note=note,
    )
    ax, dax, key = fig.axes  # the key axes over both panels carries the legend and the subtitle
    assert tuple(fig.get_size_inches()) == pytest.approx((9.0, 1.7 + 0.34 * 2))
    assert key.get_legend().get_title().get_text() == "Methods"
    assert [t.get_text() for t in key.get_legend().get_texts()] == ["Pre", "Post"]  # sentence case
    assert ax.get_xlabel() == "share"
    # one dark dot per theme at the difference, on a grey band over its interval, rows as on the left
    d = comp.sort_values("shift_pts", ascending=False)
    (dots,) = [line for line in dax.lines if line.get_marker() == "o"]
    assert dots.get_xdata().tolist() == pytest.approx(d.shift_pts.tolist())
    assert hexes([dots.get_color()]) == ["#222222"]
    (band,) = dax.collections
    assert [s[:, 0].tolist() for s in band.get_segments()] == [
        pytest.approx([lo, hi]) for lo, hi in zip(d.shift_lo_pts, d.shift_hi_pts, strict=True)
    ]
    assert hexes(band.get_colors()) == [P.RANGE_GREY.lower()]
    assert [line.get_xdata()[0] for line in dax.lines if line.get_linestyle() == "--"] == [0]  # the zero line
    texts = [t.get_text() for t in dax.texts]
    # a difference between two texts, not a change in time
    assert texts[:2] == ["\u2190 lower in\npost-meeting", "higher in\npost-meeting \u2192"]
    assert texts[2:] == [f"{p:.2f}" for p in d.p_holm] + ["Holm p"]
    # the k/n labels are dark, not in the stage colours
    assert {mcolors.to_hex(t.get_color()) for t in ax.texts if "/" in t.get_text()} == {"#222222"}
    assert P.layout_problems(fig) == []


# --- evidence tables -----------------------------------------------------------------------


def test_evidence_table_shows_the_whole_summary_left_aligned():
    summary = "A summary far longer than fifty characters, " * 4 + "<and> the end."
    t = P.evidence_table(pd.DataFrame({"passage_id": ["p_01", "p_02"], "summary": [summary, "short"]}))
    html = t._repr_html_()
    assert "A summary far longer" in html and "&lt;and&gt; the end." in html  # whole and escaped
    assert "<style" not in html and "class=" not in html  # GitHub strips both
    assert html.count('align="left"') == 6 and 'style="text-align:left' in html
    text = repr(t)
    assert text.splitlines()[1] == "p_01        " + summary
    assert text.splitlines()[2] == "p_02        short"
    assert repr(t) == text  # deterministic


def test_evidence_table_shows_dates_without_a_time_of_day_and_missing_cells_empty():
    df = pd.DataFrame(
        {
            "source_id": ["a", "b", "c"],
            "published": pd.to_datetime(["2025-07-03", None, "2025-07-14 09:30"], format="ISO8601"),
        }
    )
    t = P.evidence_table(df)
    assert t.text().values.tolist() == [["a", "2025-07-03"], ["b", ""], ["c", "2025-07-14 09:30:00"]]
    assert repr(t).splitlines() == [
        "source_id  published",
        "a          2025-07-03",
        "b",
        "c          2025-07-14 09:30:00",
    ]
    assert "<td " in t._repr_html_() and ">2025-07-03</td>" in t._repr_html_()


# --- shared helpers of the style module --------------------------------------------------


def test_interview_key_is_one_written_form():
    assert P.interview_key("pre-meeting") == "pre-meeting interview"
    assert P.interview_key("pre-meeting", "Ann") == "pre-meeting interview (Ann)"
    assert P.interview_key("post-meeting", n=21) == "post-meeting interview (21 passages)"
    assert P.interview_key("post-meeting", "Bob", 2, unit="answers") == "post-meeting interview (Bob, 2 answers)"
    assert P.interview_key("pre-meeting", float("nan"), 3) == "pre-meeting interview (3 passages)"


def test_source_note_says_which_field_is_not_stated():
    sources = pd.DataFrame(
        {
            "source_id": ["a", "b", "c"],
            "stage": ["pre-meeting", "post-meeting", "post-meeting"],
            "interviewee": ["Ann", "Bob", "Cy"],
            "outlet": [None, "Outlet B", ""],
            "published": [pd.Timestamp("2025-07-03"), None, None],
        }
    )
    assert P.source_note(sources) == (
        "Source: hand-coded passages of three interviews: the pre-meeting interview with Ann (3 July 2025, outlet "
        "not given in the text), the post-meeting interview with Bob (Outlet B, date not given in the text) and the "
        "post-meeting interview with Cy (outlet and date not given in the text)."
    )


def test_source_note_says_what_the_data_are(ds):
    assert P.source_note(ds.sources, ["s1"], data="word counts of the answers") == (
        "Source: word counts of the answers of the pre-meeting interview with Ann (Outlet A, 1 July 2025)."
    )


def test_typeset_curls_quotes_and_sets_en_dashes_in_year_ranges():
    assert P.typeset("Vietnam's role, the partners' views") == "Vietnam\u2019s role, the partners\u2019 views"
    assert P.typeset("0.8 (\"almost perfect\"), the context 'meeting'") == (
        "0.8 (\u201calmost perfect\u201d), the context \u2018meeting\u2019"
    )
    assert P.typeset("Plan 2022-2026, post-meeting, ASEAN-UK") == "Plan 2022\u20132026, post-meeting, ASEAN-UK"
    assert P.typeset("$x'$") == "$x'$"


def test_decorate_typesets_every_text_tick_labels_too():
    fig, ax = P.new_figure(2)
    ax.set_yticks([0, 1], ["Vietnam's role", "2021-2025"])
    ax.text(0.5, 0.5, "the 'meeting' context")
    P.decorate(fig, ax, title="Vietnam's title", note="Source: x.")
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Vietnam\u2019s role", "2021\u20132025"]
    assert ax.texts[0].get_text() == "the \u2018meeting\u2019 context"
    assert fig._suptitle.get_text() == "Vietnam\u2019s title"


def test_column_headings_stand_in_one_place_at_the_top_of_the_axes():
    fig, ax = P.new_figure(2)
    ax.set_ylim(2.5, -1)
    *_, header = P.column_text(ax, 1.01, [0, 1, 2], ["a", "b", "c"], header="total")
    assert (header.get_text(), header.get_position(), header.get_va()) == ("total", (1.01, 1.0), "top")
    fig.canvas.draw()
    assert header.get_window_extent().y1 == pytest.approx(ax.get_window_extent().y1, abs=1)


def test_numbers_print_a_true_minus():
    assert P.MINUS == "\u2212"
    assert P.number(-0.25, ".2f") == "\u22120.25"
    assert P.number(3.0) == "3"
    assert P.signed(-12) == "\u221212"
    assert P.signed(5) == "+5"
    assert P.signed(0) == "0"
    assert P.signed(-1.25, ".1f") == "\u22121.2"
    fmt = P.signed_formatter()
    assert [fmt(v, i) for i, v in enumerate([-20.0, 0.0, 20.0])] == ["\u221220", "0", "+20"]


def test_column_text_places_a_column_right_of_the_axes_with_its_header():
    fig, ax = P.new_figure(2.0)
    ax.set_ylim(2.5, -1.5)
    texts = P.column_text(ax, 1.02, [0, 1, 2], ["a", "", "c"], header="unit")
    assert [t.get_text() for t in texts] == ["a", "c", "unit"]  # an empty text is not drawn
    # the heading in its one place: its top on the axes' top edge (axes fractions)
    assert [t.get_position() for t in texts] == [(1.02, 0), (1.02, 2), (1.02, 1.0)]
    assert [t.get_va() for t in texts] == ["center", "center", "top"]
    assert [mcolors.to_hex(t.get_color()) for t in texts] == ["#222222", "#222222", "#222222"]
    assert all(t.get_fontsize() == P.TEXT_SIZE == P.style.SUBTITLE_SIZE for t in texts[:2])  # the subtitle's size
    assert texts[2].get_fontsize() == P.LABEL_SIZE == 10  # the heading at the tick labels' size
    fig.canvas.draw()
    axes_right = ax.get_window_extent().x1
    assert texts[0].get_window_extent().x0 == pytest.approx(axes_right + 0.02 * ax.get_window_extent().width, abs=1)
    shifted = P.column_text(ax, 1.02, [0], ["b"], dx_px=40)[0]
    fig.canvas.draw()
    assert shifted.get_window_extent().x0 - texts[0].get_window_extent().x0 == pytest.approx(40, abs=1)


def test_reference_lines_are_drawn_above_the_bars():
    df = pd.DataFrame({"label": ["A", "B"], "core": [True, False], "kappa": [0.9, 0.5]})
    fig = P.kappa_bars(df, title="Kappa", note="Source: x.", xlabel="kappa")
    ax = fig.axes[0]
    (line,) = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    assert line.get_xdata()[0] == 0.8
    assert line.get_zorder() == P.REFERENCE_ZORDER == 3.5
    assert line.get_zorder() > max(p.get_zorder() for p in bars(ax))
    z = pd.DataFrame({"term": ["a", "b"], "z": [2.5, -1.0], "count_pre": [0, 4], "count_post": [9, 1]})
    zax = P.z_dots(z, title="Words", note="Source: x.").axes[0]
    dashed = [c for c in zax.collections if c.get_linestyle()[0][1] is not None]
    assert sorted(s[0, 0] for c in dashed for s in c.get_segments()) == [-1.96, 1.96]
    assert all(c.get_zorder() == P.REFERENCE_ZORDER for c in dashed)


def test_dumbbell_difference_axis_and_kappa_print_a_true_minus():
    df = pd.DataFrame(
        {
            "label": ["A", "B"],
            "pre": [0.5, 0.2],
            "post": [0.25, 0.4],
            "d": [-25.0, 20.0],
            "lo": [-40.0, 5.0],
            "hi": [-10.0, 35.0],
        }
    )
    colors = [P.STAGE_COLORS["pre-meeting"], P.STAGE_COLORS["post-meeting"]]
    fig = P.dumbbell(
        df,
        category="label",
        left="pre",
        right="post",
        colors=colors,
        labels=["pre-meeting interview", "post-meeting interview"],
        difference=("d", "lo", "hi"),
        title="Shift",
        xlabel="share",
        note="Source: x.",
    )
    dax = fig.axes[1]
    assert dax.get_xlim() == (-40, 40)
    labels = [t.get_text() for t in dax.get_xticklabels()]
    assert labels == ["\u221240", "\u221230", "\u221220", "\u221210", "0", "+10", "+20", "+30", "+40"]
    k = pd.DataFrame({"label": ["A"], "core": [True], "kappa": [-0.25]})
    kax = P.kappa_bars(k, title="Kappa", note="Source: x.", reference=None).axes[0]
    assert [t.get_text() for t in kax.texts] == ["κ \u22120.25"]


def test_dot_matrix_writes_a_bare_stage_as_the_interview_key():
    assert P.group_label("pre-meeting", {}) == "pre-meeting interview"
    assert P.group_label("post-meeting", {"post-meeting": "post-meeting"}) == "post-meeting interview"
    assert P.group_label("post-meeting", {"post-meeting": "after"}) == "after"
    assert P.group_label("2025", {}) == "2025"


def test_stacked_barh_labels_every_segment_one_segment_bars_too():
    df = pd.DataFrame({"kind": ["x", "x", "y"], "status": ["done", "planned", "done"], "n": [2, 3, 4]})
    fig = P.stacked_barh(
        df, category="kind", stack="status", value="n", totals=True, title="T", xlabel="n", note="Source: x."
    )
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["2", "4", "3", "5", "4"]  # every segment (done, then planned), then the totals
    plain = P.stacked_barh(df, category="kind", stack="status", value="n", title="T", xlabel="n", note="Source: x.")
    assert [t.get_text() for t in plain.axes[0].texts] == ["2", "4", "3"]  # no totals: every segment


def test_cooccurrence_colour_key_prints_a_true_minus(ds, note):
    fig = P.cooccurrence(
        A.theme_cooccurrence(ds),
        row="label_a",
        col="label_b",
        value="n_passages",
        n_total=len(ds.passages),
        title="Co",
        note=note,
        min_expected=0.5,
    )
    (key,) = fig.axes[0].child_axes
    assert [t.get_text() for t in key.get_xticklabels()] == ["\u22121 fewer", "0", "+1 more"]


def test_row_and_column_transforms_mix_axes_fractions_and_data():
    fig, ax = P.new_figure(2.0)
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 4)
    fig.canvas.draw()
    box = ax.get_window_extent()
    x, y = P.row_transform(ax).transform((1.0, 1.0))  # the right edge, a quarter up
    assert (x, y) == pytest.approx((box.x1, box.y0 + box.height / 4))
    assert P.row_transform(ax, dx_px=8).transform((1.0, 1.0))[0] == pytest.approx(box.x1 + 8)
    x, y = P.column_transform(ax).transform((5.0, 1.0))  # the middle column, at the top edge
    assert (x, y) == pytest.approx((box.x0 + box.width / 2, box.y1))
    assert P.margin_transform(ax).transform((0.0, 0.0))[0] == pytest.approx(0.0)


def test_chance_range_is_the_central_95_percent_of_the_hypergeometric_count():
    lo, hi = P.chance_range([7], [5], [45])  # 5 passages drawn from 45, 7 of them with the other theme
    assert (lo.tolist(), hi.tolist()) == ([0.0], [2.0])


def test_pair_dots_fills_the_pairs_above_the_chance_range_and_sets_the_named_pair_in_italics(note):
    pairs = pd.DataFrame(
        {
            "label_a": ["A", "A", "B"],
            "label_b": ["B", "C", "C"],
            "n_a": [7, 7, 19],
            "n_b": [5, 19, 28],
            "n_total": 45,
            "observed": [4, 5, 2],
            "expected": [7 * 5 / 45, 7 * 19 / 45, 19 * 28 / 45],
        }
    )
    fig = P.pair_dots(pairs, min_observed=3, highlight=("B", "A"), title="Pairs", note=note, subtitle="Two pairs")
    ax = fig.axes[0]
    # most above expectation first (A + B: 4 against 0.8; A + C: 5 against 3.0); B + C left out
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A + B", "A + C"]
    caps = ax.containers[0].lines[1]  # the chance ranges: thin grey lines with end ticks ...
    ticks, filled, hollow = [ln for ln in ax.lines if ln not in caps]
    assert (filled.get_xdata().tolist(), hollow.get_xdata().tolist()) == ([4.0], [5.0])
    # ... the expected count a short dark tick behind the dots (taller than them, so never hidden)
    assert ticks.get_marker() == "|" and ticks.get_zorder() < filled.get_zorder()
    assert ticks.get_markersize() > filled.get_markersize()
    assert mcolors.to_hex(ticks.get_color()) == "#222222"
    (ranges,) = ax.collections
    assert hexes(ranges.get_colors()) == [P.CHANCE_GREY.lower()]
    assert [s[:, 0].tolist() for s in ranges.get_segments()] == [[0.0, 2.0], [1.0, 5.0]]  # A + B, A + C
    assert bars(ax) == []  # no bars: a range is not a quantity
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        "Above the range",
        "At or inside it",
        "95% range if the themes were independent",
        "Expected if independent",
    ]
    assert [t.get_fontweight() for t in ax.get_yticklabels()] == ["normal", "normal"]  # bold means core elsewhere
    assert [t.get_fontstyle() for t in ax.get_yticklabels()] == ["italic", "normal"]
    assert ax.get_legend().get_title().get_text() == "Two pairs"  # the subtitle, above the key
    assert P.layout_problems(fig) == []


def test_heatmap_with_a_unit_prints_totals_and_orders_rows_by_their_main_column(note):
    cells = pd.DataFrame(
        {"name": ["X", "X", "Y", "Z", "Z"], "context": ["b", "a", "a", "b", "a"], "n": [3, 1, 3, 1, 1]}
    )
    cols = P.total_order(cells, by="context", value="n", order=["b", "a"])
    assert cols == ["a", "b"]  # 5 passages before 4
    rows = P.main_column_order(cells, row="name", col="context", value="n", col_order=cols)
    assert rows == ["Y", "Z", "X"]  # Y mainly "a", Z tied (so its first column, "a"), X mainly "b"
    fig = P.heatmap(
        cells,
        row="name",
        col="context",
        value="n",
        row_order=rows,
        col_order=cols,
        unit="Cell: passages",
        title="Contexts",
        note=note,
    )
    head, ax = fig.axes  # a thin axes over the matrix carries the subtitle, clear of the column labels
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A\n5", "B\n4"]  # sentence case
    assert [t.get_text() for t in ax.texts][-4:] == ["3", "2", "4", "total\n9"]  # row totals, then their header
    assert head.get_legend().get_title().get_text() == "Cell: passages; totals on top and at the right"
    # the header on the line of the column totals: both bottoms at the axes' top
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    tick_bottom = ax.get_xticklabels()[0].get_window_extent(r).y0
    assert ax.texts[-1].get_window_extent(r).y0 == pytest.approx(tick_bottom, abs=1.5)
    assert P.layout_problems(fig) == []
    # the header may name the unit, when a neighbouring chart's totals count something else;
    # a subtitle replaces the unit's default one
    kw = dict(row="name", col="context", value="n", unit="Cell: mentions", title="Contexts", note=note)
    named = P.heatmap(cells, total_label="mentions", subtitle="Mentions.", **kw)
    assert [t.get_text() for t in named.axes[1].texts][-1] == "mentions\n9"  # the header over the grand total
    assert named.axes[0].get_legend().get_title().get_text() == "Mentions."


def test_partner_bars_follow_the_shared_partner_order(ds, note):
    fig = P.partner_bars(A.partner_links(ds), order=["Zland", "Yland", "Xland"], title="Partners", note=note)
    assert [t.get_text() for t in fig.axes[1].get_yticklabels()] == ["Yland", "Xland"]  # Zland has no links


def test_stage_dots_group_rows_by_the_interviews_that_name_them(note):
    cov = pd.DataFrame(
        {
            "name": ["A", "A", "B", "C", "D", "D"],
            "stage": ["pre-meeting", "post-meeting", "post-meeting", "pre-meeting", "pre-meeting", "post-meeting"],
            "n": [1, 5, 2, 1, 2, 2],
        }
    )
    labels = {"pre-meeting": "pre-meeting interview", "post-meeting": "post-meeting interview"}
    n = {"pre-meeting": 21, "post-meeting": 24}
    fig = P.stage_dots(cov, category="name", value="n", labels=labels, n=n, order=list("ABCD"), title="Cov", note=note)
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    groups = ["named in both interviews", "post-meeting interview only", "pre-meeting interview only"]
    assert ticks == [*groups, "A", "D", "B", "C"]  # headings in the label column; both (by total), after, before
    assert [t.get_fontweight() for t in ax.get_yticklabels()][:4] == ["bold"] * 3 + ["normal"]
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    axis_x = ax.get_window_extent(r).x0
    assert all(t.get_window_extent(r).x1 <= axis_x for t in ax.get_yticklabels())  # no heading crosses the axis
    # one rule for every row: unequal counts two dots on one line, equal counts one split dot
    pre, post, same = ax.lines[0], ax.lines[1], ax.lines[2]
    assert pre.get_xdata()[0] == 1 and np.isnan(pre.get_xdata()[1]) and post.get_xdata()[0] == 5
    assert pre.get_ydata().tolist() == [1.0, 2.0] == post.get_ydata().tolist()
    assert same.get_xdata().tolist() == [2.0] and same.get_ydata().tolist() == [2.0]
    assert same.get_fillstyle() == "left" and mcolors.to_hex(same.get_markerfacecoloralt()) == BLUE
    # the counts over each interview's passages, and the total over both, right of the axes
    texts = [t.get_text() for t in ax.texts]
    assert texts[:4] == ["1/21", "2/21", "0/21", "1/21"] and "Pre" in texts and "Post" in texts  # a zero too
    assert texts[10:15] == ["6/45", "4/45", "2/45", "1/45", "Total"]
    # the split dot labelled directly at its first use, not in the legend
    assert texts[-1] == "same count in both" and ax.texts[-1].xy == (2.0, 2.0)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["pre-meeting interview", "post-meeting interview"]
    # with `difference`, a last column of each row's difference and its interval, true minus signs
    diff = pd.DataFrame({"e": [16.0, -1.0, 8.3, -4.8], "lo": [-18.0, -34.0, -22.0, -36.0], "hi": [47, 29, 38, 23]})
    fig = P.stage_dots(
        cov,
        category="name",
        value="n",
        labels=labels,
        n=n,
        order=list("ABCD"),
        title="Cov",
        note=note,
        difference=diff.set_axis(list("ADBC")),
    )
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts[15:20] == ["+16 (−18, +47)", "−1 (−34, +29)", "+8 (−22, +38)", "−5 (−36, +23)", "Post − pre, points"]
    assert P.layout_problems(fig) == []


def test_kappa_dots_solid_dots_no_band_where_the_interval_collapses_and_counts_beside(note):
    rel = pd.DataFrame(
        {
            "label": ["A", "B"],
            "core": [True, False],
            "kappa": [1.0, 0.6],
            "kappa_lo": [1.0, 0.2],
            "kappa_hi": [1.0, 1.0],
            "n_both": [4, 3],
            "n_either": [4, 5],
            "agreed_lo": [0.51, 0.23],
            "agreed_hi": [1.0, 0.88],
        }
    )
    fig = P.kappa_dots(rel, title="Kappa", note=note)
    ax, bx = fig.axes[0], fig.axes[1]
    # every estimate a filled dot (hollow means "inside the chance range" in the house style)
    (dots,) = [ln for ln in ax.lines if ln.get_marker() == "o"]
    assert dots.get_xdata().tolist() == [1.0, 0.6]
    assert hexes([dots.get_markerfacecolor()]) == ["#222222"]
    # a band only where the interval has width: B's, not A's
    band, reference = ax.collections
    assert [s[:, 0].tolist() for s in band.get_segments()] == [[0.2, 1.0]]
    # the dashed 0.80 line ends under its label, which stands over the first row
    assert reference.get_linestyle()[0][1] is not None
    assert reference.get_segments()[0][:, 1].tolist() == [1.5, -0.62]
    # a dot with no band says how many passages it rests on, left of it
    assert [t.get_text() for t in ax.texts] == ["n\u2009=\u20094", "0.80 \u201calmost perfect\u201d"]
    assert ax.texts[0].get_position() == (1.0, 0) and ax.texts[0].get_ha() == "right"
    assert ax.texts[1].get_position()[1] == -0.98 and ax.texts[1].get_fontsize() == P.LABEL_SIZE
    assert [t.get_text() for t in bx.texts] == ["4/4", "3/5"]
    assert [t.get_fontweight() for t in ax.get_yticklabels()] == ["bold", "normal"]
    # no key: the reference line is labelled on the chart; panel headings in plain type (bold: core themes)
    assert fig.axes[2].get_legend().get_texts() == []
    assert [a.get_title(loc="left") for a in (ax, bx)] == ["Cohen\u2019s kappa", "Coded by both / by either"]
    assert [a.title.get_fontweight() for a in (ax, bx)] == ["normal", "normal"]
    assert bx.get_xlabel() == ""
    subtitle = fig.axes[2].get_legend().get_title().get_text().replace("\n", " ")
    assert subtitle == "Themes in codebook order; core themes in bold"
    # the definitions in the note, before the source
    notes = [t.get_text().replace("\n", " ") for t in fig.texts]
    assert any(
        t.startswith(
            "Kappa: agreement beyond chance (1 = full, 0.80 or more \u201calmost perfect\u201d). Right: of the "
        )
        and "a dot without a band: the codings never disagree on its n passages. Source:" in t
        for t in notes
    )
    # both panels on one 0-to-1 scale, a little room past both ends
    assert ax.get_xlim() == bx.get_xlim() == (-0.04, 1.04)
    assert P.layout_problems(fig) == []
    # an interval ending exactly at 0 keeps the scale and is explained; one below 0 moves the axis' start
    compared = P.kappa_dots(
        rel.assign(kappa_lo=[1.0, 0.0]), title="Kappa", note=note, compared="Two coders", method="Made so."
    )
    assert compared.axes[0].get_xlim()[0] == -0.04
    subtitle = compared.axes[2].get_legend().get_title().get_text().replace("\n", " ")
    assert subtitle == "Two coders. Themes in codebook order; core themes in bold"
    notes = [t.get_text().replace("\n", " ") for t in compared.texts]
    assert any(
        t.startswith("Made so. Kappa:")
        and "A band ending at 0: some resamples leave one coding without the theme (kappa 0). Source" in t
        for t in notes
    )
    below = P.kappa_dots(rel.assign(kappa_lo=[1.0, -0.15]), title="Kappa", note=note)
    assert below.axes[0].get_xlim()[0] == pytest.approx(-0.24)


def test_stacked_barh_folds_single_item_categories_and_totals_the_legend(note):
    df = pd.DataFrame(
        {"kind": ["plan", "plan", "x", "y", "z"], "status": ["done", "planned", "done", "planned", "planned"], "n": 1}
    )
    fig = P.stacked_barh(
        df,
        category="kind",
        stack="status",
        value="n",
        sort_by_total=True,
        totals=True,
        fold_single="other kinds",
        legend_totals=True,
        subtitle="5 in all",
        title="Kinds",
        xlabel="items",
        note=note,
    )
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Plan", "3 other kinds, one each"]  # sentence case
    assert list(ax.get_yticks()) == [0, pytest.approx(1.4)]  # the folded bar set apart by a gap
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Done (2)", "Planned (3)"]
    assert ax.get_legend().get_title().get_text() == "5 in all"  # the subtitle, under the title, not a key entry
    assert P.layout_problems(fig) == []


def test_presence_table_lists_what_each_row_names_per_group_rows_in_both_first(note):
    df = pd.DataFrame(
        {
            "partner": ["B", "A", "A", "B"],
            "name": ["FTA one", "FTA two", "FTA three", "FTA one"],
            "stage": ["pre-meeting", "post-meeting", "post-meeting", "post-meeting"],
        }
    )
    fig = P.presence_table(
        df,
        row="partner",
        col="name",
        group="stage",
        colors=P.STAGE_COLORS,
        group_order=["pre-meeting", "post-meeting"],
        title="FTAs",
        note=note,
    )
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["B", "A"]  # B in both interviews
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["pre-meeting interview", "FTA one", "post-meeting interview", "FTA one", "FTA two\nFTA three"]
    # a thin grey rule under the headers; headers in black after a dot in the interview's
    # colour, then a dot per cell
    assert hexes(line.get_color() for line in ax.lines) == ["#bbbbbb", ORANGE, ORANGE, BLUE, BLUE, BLUE]
    assert {mcolors.to_hex(t.get_color()) for t in ax.texts if "interview" in t.get_text()} == {P.DARK.lower()}
    assert P.layout_problems(fig) == []


def test_presence_table_names_a_text_shared_by_consecutive_rows_once(note):
    df = pd.DataFrame(
        {
            "partner": ["A", "B", "C", "A"],
            "name": ["All FTAs", "All FTAs", "All FTAs", "FTA one"],
            "stage": ["post-meeting", "post-meeting", "post-meeting", "pre-meeting"],
        }
    )
    fig = P.presence_table(
        df,
        row="partner",
        col="name",
        group="stage",
        colors=P.STAGE_COLORS,
        group_order=["pre-meeting", "post-meeting"],
        title="FTAs",
        note=note,
    )
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["pre-meeting interview", "FTA one", "post-meeting interview", "All FTAs"]  # once, not 3 times
    assert len(ax.lines) == 7  # the rule under the headers, a dot per header and per cell
    bracket, ticks = ax.collections  # the bracket joining the three dots, with a tick at each end
    assert len(bracket.get_segments()) == 1 and len(ticks.get_segments()) == 2
    assert P.layout_problems(fig) == []


def test_timeline_folds_a_years_one_off_events_and_does_not_repeat_a_labelled_period(note):
    df = pd.DataFrame(
        {
            "label": ["Coordinator: X", "Plan 2026-2030", "Summit", "Retreat", "Jubilee", "Chair: Y"],
            "category": ["role", "plan", "meeting", "meeting", "anniversary", "role"],
            "period": ["2024–2027", "2026–2030", "2025", "2025", "2025", "2025"],
            "start_year": [2024, 2026, 2025, 2025, 2025, 2025],
            "end_year": [2027, 2030, 2025, 2025, 2025, 2025],
            "clipped": False,
        }
    )
    fig = P.timeline(df, start=2021, end=2031, mark_year=2025, collapse_year=2025, title="T", note=note)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # en dash; the folded events described in their label, under the count (no text on the grid)
    folded = "3 other events in 2025:\n2 meetings,\n1 anniversary"
    assert labels == ["Coordinator: X", "Chair: Y", "Plan 2026–2030", folded]
    assert [t.get_text() for t in ax.texts] == ["Roles", "Plans", "Events", "2025"]
    assert all(t.get_bbox_patch() is None for t in ax.texts)  # no white box hides the axis or the grid
    # no period labels (the axis gives them); the marked year over its band
    keys = ["Role over several years", "Role in one year", "Plan", "Other event"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == keys  # one entry per kind of mark drawn
    # grid lines at the year boundaries, the year labels centred between them (’20 to ’32: an
    # empty year either side of the window), with an apostrophe, not an opening quote
    assert list(ax.get_xticks(minor=True)) == list(range(2020, 2034))
    assert ax.get_xticks()[0] == 2020.5
    assert ax.get_xticklabels()[0].get_text() == "\u201920"
    assert P.layout_problems(fig) == []


def test_stage_order_is_the_stage_dots_row_order():
    cov = pd.DataFrame(
        {
            "name": ["A", "A", "B", "C", "D", "D"],
            "stage": ["pre-meeting", "post-meeting", "post-meeting", "pre-meeting", "pre-meeting", "post-meeting"],
            "n": [1, 5, 2, 1, 2, 2],
        }
    )
    got = P.stage_order(cov, category="name", value="n", stages=["pre-meeting", "post-meeting"], order=list("ABCD"))
    assert got == ["A", "D", "B", "C"]


def test_dumbbell_and_position_strip_set_core_themes_bold_and_head_the_panels(note):
    df = pd.DataFrame(
        {"label": ["A", "B"], "pre": [0.5, 0.2], "post": [0.25, 0.4], "d": [-25.0, 20.0], "lo": [-40.0, 5.0]}
    ).assign(hi=[-10.0, 35.0])
    colors = [P.STAGE_COLORS["pre-meeting"], P.STAGE_COLORS["post-meeting"]]
    fig = P.dumbbell(
        df,
        category="label",
        left="pre",
        right="post",
        colors=colors,
        labels=["pre-meeting interview", "post-meeting interview"],
        difference=("d", "lo", "hi"),
        difference_header="Post \u2212 pre (99.6% interval)",
        share_header="Share (95% interval)",
        bold=["B"],
        title="Shift",
        xlabel="share",
        note=note,
    )
    ax, dax = fig.axes[0], fig.axes[1]
    assert [t.get_fontweight() for t in ax.get_yticklabels()] == ["normal", "bold"]  # B: core
    assert (ax.get_title(loc="left"), dax.get_title(loc="left")) == (
        "Share (95% interval)",
        "Post \u2212 pre (99.6% interval)",
    )
    assert dax.title.get_fontweight() == "normal"  # bold marks core themes only
    cues = [t for t in dax.texts if "post-meeting" in t.get_text()]
    assert len(cues) == 2 and all(t.get_fontsize() == P.LABEL_SIZE for t in cues)  # the tick labels' size
    assert P.layout_problems(fig) == []
    pos = pd.DataFrame({"label": ["A", "B"], "position": [0.1, 0.6], "source": ["s1", "s2"]})
    strip = P.position_strip(
        pos,
        category="label",
        position="position",
        group="source",
        colors={"s1": "#E69F00", "s2": "#0072B2"},
        labels={"s1": "one", "s2": "two"},
        bold=["A"],
        title="Where",
        note=note,
    )
    assert [t.get_fontweight() for t in strip.axes[0].get_yticklabels()] == ["bold", "normal"]
