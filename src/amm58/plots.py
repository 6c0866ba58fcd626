"""The house style and one function per chart kind.

Every chart function takes a tidy DataFrame (from `amm58.analysis` or `amm58.method`), the
names of the columns to read as keyword arguments, and the title from the caller, and returns
a matplotlib `Figure`. None reads files or calls `plt.show()`; figures are built on `Figure`
objects, not pyplot state, so a notebook cell that returns one displays it exactly once.

Layout
------
`decorate()` finishes every figure from measured sizes: the title is wrapped to the figure's
width and the bottom margin is the note's rendered height, both measured with the figure's
renderer; legends sit above the axes, never over the data. `layout_problems(fig)` draws a
figure and reports every text that leaves the canvas or overlaps another one, and
`size_problems(fig)` every figure not drawn 900 px wide or with text too small to read.
`decorate()` ends with `check_figure()`, which raises `LayoutError` on any of these: a chart
whose layout breaks fails in the notebook cell that draws it, so nbval and `make report` stop
there, on any data package.

Colours
-------
The Okabe-Ito palette (colour-blind safe). Each colour keeps one meaning in every figure, and
nothing near the two interview colours means anything else (Okabe-Ito's sky blue and
vermillion, which read as the post-meeting blue and the pre-meeting orange, are not used):

==========================  ================================================================
orange  ``#E69F00``         the pre-meeting interview, and words more typical of its answers
blue    ``#0072B2``         the post-meeting interview, words more typical of its answers, and
                            agenda items new after the meetings (raised only in that interview)
green   ``#009E73``         done: agreement "reported done", agenda "reported achieved",
                            timeline "accession" (signed)
yellow  ``#F0E442``         partly there: agreement "under way", agenda "mentioned again"
purple  ``#CC79A7``         planned: agreement "planned or proposed", timeline "plan"
near-black ``#222222``      Vietnam's own roles (timeline), core themes (kappa)
white, hatched ``////``     dropped: agenda "not mentioned" (an empty, hatched segment)
greys                       everything else, told apart by a legend, a marker shape or
                            hatching, never by shade alone: "status not stated", partner links
                            to agreements (dark) and meetings (light), non-core themes,
                            timeline meetings (circles), milestones (triangles),
                            anniversaries (open stars), the long-range vision (hatched)
==========================  ================================================================

Timeline categories differ by marker shape (`TIMELINE_MARKERS`) as well as colour. Continuous
scales never use the stage colours: counts are a grey ramp (zero cells white) and
observed-against-expected a purple-white-green diverging ramp (with its own colour key).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence

import matplotlib as mpl
import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from amm58.analysis import OUTCOME_LEVELS
from amm58.display import evidence_table  # noqa: F401  (re-exported: plots.evidence_table)

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
    "black": "#000000",
}
STAGE_COLORS = {"pre-meeting": OKABE_ITO["orange"], "post-meeting": OKABE_ITO["blue"]}
DARK = "#222222"
MID_GREY = "#777777"
LIGHT_GREY = "#BBBBBB"
#: Extra sources (a third interview and beyond) take these, in order: none is near orange or blue.
EXTRA_COLORS = [OKABE_ITO["green"], OKABE_ITO["purple"], "#000000", OKABE_ITO["yellow"], MID_GREY]
#: Fill of "dropped" (agenda "not mentioned"): white, hatched in `HATCH_COLOR`.
DROPPED, HATCH, HATCH_COLOR = "#FFFFFF", "////", "#555555"
CATEGORY_COLORS = {
    # agreement progress
    "reported done": OKABE_ITO["green"],
    "under way": OKABE_ITO["yellow"],
    "planned or proposed": OKABE_ITO["purple"],
    "status not stated": OKABE_ITO["grey"],
    # agenda outcome levels (and the older three-way match)
    "reported achieved": OKABE_ITO["green"],
    "mentioned again": OKABE_ITO["yellow"],
    "not mentioned": DROPPED,
    "new": OKABE_ITO["blue"],
    "matched": OKABE_ITO["green"],
    "not mentioned again": DROPPED,
    # timeline categories (told apart by `TIMELINE_MARKERS` too)
    "role": DARK,
    "plan": OKABE_ITO["purple"],
    "accession": OKABE_ITO["green"],
    "meeting": LIGHT_GREY,
    "milestone": MID_GREY,
    "anniversary": "#FFFFFF",
    "vision": "#FFFFFF",
    # link targets
    "agreement link": "#555555",
    "meeting link": LIGHT_GREY,
}
#: Categories drawn empty and hatched (periods and bars), not filled.
HATCHED = {"not mentioned", "not mentioned again", "vision"}
#: Marker per timeline category, for single-year events (and the legend).
TIMELINE_MARKERS = {
    "role": "D",
    "plan": "s",
    "accession": "P",
    "meeting": "o",
    "milestone": "^",
    "anniversary": "*",
    "vision": "v",
}
WIDTH = 9.0  # inches; with DPI this gives 900 px, readable on GitHub's page
DPI = 100
PAD_PX = 8  # the margin around the canvas edge, in pixels
TITLE_SIZE, NOTE_SIZE, SMALL = 12.5, 8, 8
STYLE = {
    "font.size": 10,
    "axes.titlesize": 10,
    "axes.titleweight": "normal",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#444444",
    "axes.facecolor": "white",
    "figure.facecolor": "white",
    "axes.grid": False,
    "legend.frameon": False,
    "svg.hashsalt": "amm58",
}


# --- sources -------------------------------------------------------------------------------


def source_colors(sources: pd.DataFrame) -> dict[str, str]:
    """Colour per source_id: the first pre-meeting source orange, the first post-meeting one
    blue, any further source the next colour of `EXTRA_COLORS`."""
    colors: dict[str, str] = {}
    used: set[str] = set()
    extra = iter(EXTRA_COLORS)
    for sid, stage in zip(sources["source_id"].astype(str), sources["stage"].astype(str), strict=True):
        if stage in STAGE_COLORS and stage not in used:
            colors[sid] = STAGE_COLORS[stage]
            used.add(stage)
        else:
            colors[sid] = next(extra)
    return colors


def source_labels(
    sources: pd.DataFrame, counts: dict | pd.Series | None = None, unit: str = "passages"
) -> dict[str, str]:
    """Legend label per source_id: stage and interviewee ("pre-meeting: Ton Thi Ngoc Huong");
    with `counts` (per source_id, e.g. passages per interview) the denominator follows
    ("pre-meeting: Ton Thi Ngoc Huong (21 passages)")."""
    out = {}
    for s, st, who in zip(sources["source_id"], sources["stage"], sources["interviewee"], strict=True):
        out[str(s)] = f"{st}: {who}"
        if counts is not None and str(s) in counts:
            out[str(s)] += f" ({int(counts[str(s)])} {unit})"
    return out


def source_note(sources: pd.DataFrame, source_ids: Iterable[str] | None = None) -> str:
    """The source note printed under a figure, naming the interviews it draws on."""
    s = sources if source_ids is None else sources[sources["source_id"].astype(str).isin(list(source_ids))]
    parts = []
    for _, r in s.iterrows():
        bits = [f"{r['stage']} interview with {r['interviewee']}"]
        if pd.notna(r.get("outlet")):
            bits.append(str(r["outlet"]))
        if pd.notna(r.get("published")):
            bits.append(pd.Timestamp(r["published"]).strftime("%-d %B %Y"))
        parts.append(", ".join(bits))
    return "Source: amm58 dataset, hand-coded from the " + "; and the ".join(parts) + "."


def wilson_interval(k, n) -> tuple[np.ndarray, np.ndarray]:
    """Wilson 95% interval for the share k/n (arrays or scalars), from statsmodels via `stats.wilson`."""
    from .stats import wilson

    return wilson(k, n)


# --- measuring and laying out text ---------------------------------------------------------


def _renderer(fig: Figure):
    """The figure's Agg renderer (a bare `Figure` gets an Agg canvas first)."""
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


def text_size(fig: Figure, s: str, **props) -> tuple[float, float]:
    """Width and height in pixels of `s` as the figure's renderer draws it with `props`."""
    t = fig.text(0, 0, s, **props)
    try:
        bb = t.get_window_extent(_renderer(fig))
    finally:
        t.remove()
    return bb.width, bb.height


def wrap_to_width(fig: Figure, s: str, width_px: float, **props) -> str:
    """`s` broken at spaces into lines no wider than `width_px` as rendered with `props` (a
    single word wider than that stays on its own line). Existing line breaks are kept."""
    out = []
    for para in s.split("\n"):
        line = ""
        for word in para.split():
            cand = f"{line} {word}" if line else word
            if line and text_size(fig, cand, **props)[0] > width_px:
                out.append(line)
                line = word
            else:
                line = cand
        out.append(line)
    return "\n".join(out)


def new_figure(
    height: float, width: float = WIDTH, ncols: int = 1, nrows: int = 1, **subplot_kw
) -> tuple[Figure, np.ndarray | object]:
    """A white Figure of fixed size and DPI in the house style, with `nrows` x `ncols` axes."""
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, **subplot_kw)
    return fig, axes


def _fit_legend(fig: Figure, ax, avail_px: float) -> None:
    """Put the axes' legend just above the axes, starting at the figure's left margin (under
    the title), in as many columns as fit the figure's width."""
    leg = ax.get_legend()
    if leg is None:
        return
    handles, labels = leg.legend_handles, [t.get_text() for t in leg.get_texts()]
    ncol = len(labels)
    anchor = mpl.transforms.blended_transform_factory(fig.transFigure, ax.transAxes)
    x0 = PAD_PX / (fig.get_figwidth() * fig.dpi)
    while True:
        leg = ax.legend(
            handles,
            labels,
            loc="lower left",
            bbox_to_anchor=(x0, 1.0),
            bbox_transform=anchor,
            ncols=max(ncol, 1),
            fontsize=SMALL,
            frameon=False,
            borderaxespad=0.3,
            handlelength=1.6,
            columnspacing=1.4,
        )
        if ncol <= 1 or leg.get_window_extent(_renderer(fig)).width <= avail_px:
            return
        ncol -= 1


def decorate(
    fig: Figure,
    ax,
    *,
    title: str,
    xlabel: str | None = None,
    ylabel: str | None = None,
    note: str | None = None,
    legend_width: float | None = None,
    check: bool = True,
) -> Figure:
    """Finish a figure in the house style, laid out from measured sizes. Returns the figure.

    The title (bold, left) is wrapped to the figure's width and placed by the layout engine;
    the source note (small, grey) is wrapped likewise and the bottom margin reserved for it is
    its rendered height; each axes' legend goes above the axes in as many columns as fit.
    `ax` may be one axes or several (labels go on the first). `legend_width` (px) narrows the
    legends, for a chart that prints a column header right of the axes, above its plotting
    area. Last, `check_figure()` raises
    `LayoutError` if the finished figure has a layout or size problem (`check=False` skips it,
    for a figure that is drawn on after `decorate`; call `check_figure` yourself then).
    """
    axes = list(np.ravel(ax)) if isinstance(ax, (list, tuple, np.ndarray)) else [ax]
    W, H = fig.get_figwidth() * fig.dpi, fig.get_figheight() * fig.dpi
    avail = W - 2 * PAD_PX
    with mpl.rc_context(STYLE):
        props = dict(fontsize=TITLE_SIZE, fontweight="bold")
        fig.suptitle(wrap_to_width(fig, title, avail, **props), x=PAD_PX / W, ha="left", **props)
        if xlabel is not None:
            axes[0].set_xlabel(xlabel)
        if ylabel is not None:
            axes[0].set_ylabel(ylabel)
        for a in axes:
            _fit_legend(fig, a, avail if legend_width is None else min(avail, legend_width))
        bottom = 0.0
        if note:
            nprops = dict(fontsize=NOTE_SIZE, color="#444444")
            wrapped = wrap_to_width(fig, note, avail, **nprops)
            fig.text(PAD_PX / W, PAD_PX / 2 / H, wrapped, ha="left", va="bottom", **nprops)
            bottom = (text_size(fig, wrapped, **nprops)[1] + PAD_PX) / H
        fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom), h_pad=PAD_PX / 2 / DPI, w_pad=PAD_PX / DPI)
    return check_figure(fig) if check else fig


def _style_axes(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors="#333333")


def _no_spines(ax) -> None:
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)


def balanced_wrap(s: str, width: int) -> str:
    """`s` in as few lines of at most `width` characters as `textwrap` needs, the lines made as
    even as possible (no lone word on a last line)."""
    s = str(s)
    lines = textwrap.wrap(s, width, break_long_words=False)
    if len(lines) <= 1:
        return s
    longest = max(len(word) for word in s.split())
    for w in range(max(math.ceil(len(s) / len(lines)), longest), width + 1):
        even = textwrap.wrap(s, w, break_long_words=False)
        if len(even) <= len(lines):
            return "\n".join(even)
    return "\n".join(lines)


def _wrap_labels(labels: Sequence[str], width: int) -> list[str]:
    return [balanced_wrap(s, width) for s in labels]


# --- layout check --------------------------------------------------------------------------


def _short(s: str, n: int = 40) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _drawn_ticklabels(axis) -> list:
    """The tick labels matplotlib actually draws for `axis` (ticks within the view)."""
    out = []
    for tick in axis._update_ticks():
        for lab in (tick.label1, tick.label2):
            if lab.get_visible() and lab.get_text().strip():
                out.append(lab)
    return out


def layout_elements(fig: Figure) -> list[tuple[str, object]]:
    """(name, bbox) of every text block of a drawn figure: title, figure texts (the note),
    per axes its titles, axis labels, drawn tick labels, annotations, and legends."""
    r = _renderer(fig)
    out = []

    def add(name, artist):
        if (
            artist is not None
            and artist.get_visible()
            and (not hasattr(artist, "get_text") or artist.get_text().strip())
        ):
            bb = artist.get_window_extent(r)
            if bb.width > 0 and bb.height > 0:
                out.append((name, bb))

    if fig._suptitle is not None:
        add("title", fig._suptitle)
    for t in fig.texts:
        if t is fig._suptitle:
            continue
        add(f"figure text '{_short(t.get_text())}'", t)
    for i, ax in enumerate(fig.axes):
        if not ax.get_visible():
            continue
        tag = f"axes {i}"
        for t, pos in ((ax.title, "center"), (ax._left_title, "left"), (ax._right_title, "right")):
            add(f"{tag} {pos} title", t)
        if ax.axison:
            for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
                add(f"{tag} {name} label", axis.label)
                for lab in _drawn_ticklabels(axis):
                    add(f"{tag} {name} tick label '{_short(lab.get_text(), 25)}'", lab)
        for t in ax.texts:
            add(f"{tag} annotation '{_short(t.get_text(), 25)}'", t)
        leg = ax.get_legend()
        if leg is not None and leg.get_visible():
            out.append((f"{tag} legend", leg.get_window_extent(r)))
    for j, leg in enumerate(fig.legends):
        out.append((f"figure legend {j}", leg.get_window_extent(r)))
    return out


def _overlap(a, b) -> tuple[float, float]:
    """How far two boxes overlap along x and along y, in pixels (negative: that far apart)."""
    return min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0)


def layout_problems(fig: Figure, tolerance: float = 0.5) -> list[str]:
    """Draw `fig` and list what is wrong with its text layout, from the renderer's boxes.

    Flags every title, axis label, drawn tick label, annotation, figure text (the note) and
    legend that leaves the canvas; every two of them that overlap (by more than `tolerance`
    pixels each way); and every legend that covers the plotting area of an axes with visible
    axes. An empty list means no problem. Boxes are axis-aligned, so text rotated by other
    than 0 or 90 degrees is checked by its enclosing box (conservative).
    """
    _renderer(fig)  # gives a bare Figure its Agg canvas
    fig.canvas.draw()
    W, H = fig.bbox.width, fig.bbox.height
    els = layout_elements(fig)
    problems = []
    for name, bb in els:
        sides = [
            (s, d)
            for s, d in (("left", -bb.x0), ("bottom", -bb.y0), ("right", bb.x1 - W), ("top", bb.y1 - H))
            if d > tolerance
        ]
        for side, d in sides:
            problems.append(f"{name} leaves the canvas at the {side} by {d:.0f} px")
    for i in range(len(els)):
        for j in range(i + 1, len(els)):
            (na, a), (nb, b) = els[i], els[j]
            dx, dy = _overlap(a, b)
            if dx > tolerance and dy > tolerance:
                problems.append(f"{na} overlaps {nb} ({dx:.0f} x {dy:.0f} px)")
    r = _renderer(fig)
    for name, bb in els:
        if not name.endswith("legend"):
            continue
        for k, ax in enumerate(fig.axes):
            if not ax.axison or not ax.get_visible():
                continue
            dx, dy = _overlap(ax.get_window_extent(r), bb)
            if dx > tolerance and dy > tolerance:
                problems.append(f"{name} covers the plotting area of axes {k} ({dx:.0f} x {dy:.0f} px)")
    return problems


MIN_TEXT_PT = 8.0  # the smallest type a figure may use, in points at 100 dpi ...
MIN_CELL_PT = 7.5  # ... except the counts inside matrix cells


class LayoutError(ValueError):
    """A finished figure breaks the house layout; the message lists every problem."""


def _is_cell_label(text: str) -> bool:
    """A matrix cell label: a count, or "observed/expected"."""
    return all(part.replace(".", "", 1).isdigit() for part in text.split("/"))


def size_problems(fig: Figure) -> list[str]:
    """What is wrong with a figure's size and type: it must be drawn `WIDTH` x `DPI` = 900 px
    wide, so that the report shows it at full size, and no visible text may be smaller than
    `MIN_TEXT_PT` (`MIN_CELL_PT` for the counts inside matrix cells). An empty list: none."""
    problems = []
    width_px = fig.get_figwidth() * fig.dpi
    if abs(width_px - WIDTH * DPI) > 0.5:
        problems.append(f"the figure is {width_px:.0f} px wide, not {WIDTH * DPI:.0f} px")
    for t in fig.findobj(Text):
        text = t.get_text().strip()
        if not (t.get_visible() and text):
            continue
        smallest = MIN_CELL_PT if _is_cell_label(text) else MIN_TEXT_PT
        if t.get_fontsize() < smallest:
            problems.append(f"text '{_short(text, 25)}' is {t.get_fontsize():g} pt, below {smallest:g} pt")
    return problems


def check_figure(fig: Figure) -> Figure:
    """Return `fig` if it has no layout or size problem (`layout_problems`, `size_problems`);
    otherwise raise `LayoutError` listing them all."""
    problems = layout_problems(fig) + size_problems(fig)
    if problems:
        raise LayoutError("the figure's layout breaks the house style:\n- " + "\n- ".join(problems))
    return fig


# --- chart kinds -------------------------------------------------------------------------


def grouped_barh(
    df: pd.DataFrame,
    *,
    category: str,
    value: str,
    group: str,
    colors: dict[str, str],
    labels: dict[str, str] | None = None,
    title: str,
    xlabel: str,
    note: str,
    percent: bool = False,
    category_order: Sequence[str] | None = None,
) -> Figure:
    """Horizontal bars, one cluster per `category` (top to bottom in `category_order` or data
    order), one bar per `group` value (e.g. source_id), each labelled with its value.

    Columns: `category`, `group`, `value` (a share 0..1 when `percent`).
    """
    cats = list(category_order) if category_order is not None else list(dict.fromkeys(df[category]))
    groups = list(dict.fromkeys(df[group]))
    n_g = max(len(groups), 1)
    fig, ax = new_figure(height=1.2 + 0.32 * len(cats) * n_g)
    height = 0.8 / n_g
    y = np.arange(len(cats))
    vmax = float(df[value].max()) if len(df) else 1.0
    for i, g in enumerate(groups):
        sub = df[df[group] == g].set_index(category).reindex(cats)
        vals = sub[value].fillna(0).to_numpy(dtype=float)
        pos = y + (i - (n_g - 1) / 2) * height
        ax.barh(pos, vals, height=height * 0.92, color=colors.get(g, OKABE_ITO["grey"]), label=(labels or {}).get(g, g))
        for p, v in zip(pos, vals, strict=True):
            text = f"{v:.0%}" if percent else f"{v:g}"
            ax.text(v + vmax * 0.01, p, text, va="center", fontsize=SMALL, color="#333333")
    ax.set_yticks(y, cats)
    ax.invert_yaxis()
    ax.set_xlim(0, vmax * 1.12 if vmax > 0 else 1)
    if percent:
        ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0, decimals=0))
    _style_axes(ax)
    ax.legend()
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note)


def dumbbell(
    df: pd.DataFrame,
    *,
    category: str,
    left: str,
    right: str,
    colors: Sequence[str],
    labels: Sequence[str],
    title: str,
    xlabel: str,
    note: str,
    k: Sequence[str] | None = None,
    n: Sequence[str | int] | None = None,
    intervals: Sequence[tuple[str, str]] | None = None,
    sort_by: str | None = None,
    difference: tuple[str, str, str] | None = None,
    p: str | None = None,
    difference_xlabel: str = "difference, post − pre (points, 95% interval)",
    p_header: str = "adjusted p",
) -> Figure:
    """One row per `category`: a dot for the `left` share and one for the `right` share (0..1,
    e.g. pre- and post-meeting) joined by a line, on an x axis from 0 to 100%.

    Optional: `k` = (left count column, right count column) and `n` = (left total, right total),
    each a column name or a number, print "k/n" per dot in a column right of the axes (dark
    text under a header marker in each side's colour) and give Wilson 95% error bars;
    `intervals` = ((lo, hi) columns for left, (lo, hi) for right) gives the error bars directly
    instead. `sort_by` orders the rows by a column (descending), e.g. the
    shift. Zero shares are drawn whole, clear of the y axis.

    `difference` = (estimate, lo, hi) columns, in points, adds a right-hand panel with each
    row's difference and its interval (black, one error bar per row), a line at zero, and, with
    `p`, the p-value column (e.g. Holm-adjusted) printed right of it under `p_header`: the test
    of the difference, which overlapping share intervals are not.
    """
    if sort_by is not None:
        df = df.sort_values(sort_by, ascending=False, kind="stable")
    cats = list(df[category])
    if difference is not None:
        fig, (ax, dax) = new_figure(
            height=1.6 + 0.34 * len(cats), ncols=2, sharey=True, gridspec_kw={"width_ratios": [1.15, 1.0]}
        )
    else:
        fig, ax = new_figure(height=1.4 + 0.34 * len(cats))
        dax = None
    y = np.arange(len(cats))
    bounds = [None, None]
    if intervals is not None:
        bounds = [(df[lo].to_numpy(float), df[hi].to_numpy(float)) for lo, hi in intervals]
    elif k is not None and n is not None:
        bounds = [wilson_interval(df[kk], df[nn] if isinstance(nn, str) else nn) for kk, nn in zip(k, n, strict=True)]
    offsets = (-0.14, 0.14) if bounds[0] is not None else (0, 0)
    if bounds[0] is None:  # the plain dumbbell: a bar joins the two dots
        ax.hlines(y, df[left], df[right], color="#BBBBBB", lw=2, zorder=1)
    for side, (col, color, label, off, bnd) in enumerate(
        zip((left, right), colors, labels, offsets, bounds, strict=True)
    ):
        x = df[col].to_numpy(float)
        if bnd is not None:
            ax.errorbar(
                x,
                y + off,
                xerr=[x - bnd[0], bnd[1] - x],
                fmt="none",
                ecolor=color,
                elinewidth=1.2,
                capsize=2.5,
                zorder=2,
                clip_on=False,
            )
        ax.scatter(
            x, y + off, color=color, s=46, zorder=3 + side, label=label, clip_on=False, edgecolor="white", linewidth=0.6
        )
    if k is not None and n is not None:
        blended = mpl.transforms.blended_transform_factory(ax.transAxes, ax.transData)
        for side, (kk, nn, color) in enumerate(zip(k, n, colors, strict=True)):
            totals = df[nn] if isinstance(nn, str) else pd.Series([nn] * len(df), index=df.index)
            shifted = mpl.transforms.offset_copy(blended, fig, x=40 * side, units="dots")
            for yi, kv, nv in zip(y, df[kk], totals, strict=True):
                ax.text(
                    1.03,
                    yi,
                    f"{int(kv)}/{int(nv)}",
                    transform=shifted,
                    ha="left",
                    va="center",
                    fontsize=SMALL,
                    color=DARK,
                )
            # the column's key: a dot in the side's colour over its k/n column
            ax.plot(
                [1.03],
                [-0.85],
                transform=mpl.transforms.offset_copy(shifted, fig, x=8, units="dots"),
                marker="o",
                ms=6,
                color=color,
                ls="",
                clip_on=False,
            )
        ax.text(1.03, -1.25, "passages", transform=blended, ha="left", va="bottom", fontsize=SMALL, color="#444444")
    ax.set_yticks(y, cats)
    ax.set_ylim(len(cats) - 0.5, -0.6 if k is None else -1.1)
    ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0, decimals=0))
    if bounds[0] is not None:
        ax.set_xlim(0, 1)
    else:
        ax.set_xlim(0, max(float(df[[left, right]].max().max()) * 1.1, 0.1))
    ax.spines["left"].set_position(("outward", 8))
    ax.grid(axis="x", color="#EEEEEE")
    ax.set_axisbelow(True)
    _style_axes(ax)
    ax.legend()
    if dax is None:
        return decorate(fig, ax, title=title, xlabel=xlabel, note=note)
    est, lo, hi = (df[c].to_numpy(float) for c in difference)
    dax.errorbar(
        est, y, xerr=[est - lo, hi - est], fmt="o", color=DARK, ecolor=DARK, ms=5, elinewidth=1.2, capsize=2.5, zorder=3
    )
    dax.axvline(0, color="#444444", lw=1, ls="--", zorder=1)
    span = max(np.nanmax(np.abs(np.r_[lo, hi])) if len(df) else 10, 10)
    span = math.ceil(span / 10) * 10
    dax.set_xlim(-span, span)
    dax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:+.0f}" if v else "0"))
    dax.grid(axis="x", color="#EEEEEE")
    dax.set_axisbelow(True)
    dax.tick_params(axis="y", left=False, labelleft=False)
    dax.spines["left"].set_visible(False)
    _style_axes(dax)
    dax.set_xlabel(difference_xlabel)
    dblend = mpl.transforms.blended_transform_factory(dax.transAxes, dax.transData)
    dax.text(0.02, -0.85, "← lower after", transform=dblend, ha="left", va="center", fontsize=SMALL, color="#444444")
    dax.text(0.98, -0.85, "higher after →", transform=dblend, ha="right", va="center", fontsize=SMALL, color="#444444")
    if p is not None:
        for yi, pv in zip(y, df[p].to_numpy(float), strict=True):
            dax.text(1.03, yi, f"{pv:.2f}", transform=dblend, ha="left", va="center", fontsize=SMALL, color=DARK)
        dax.text(1.03, -1.25, p_header, transform=dblend, ha="left", va="bottom", fontsize=SMALL, color="#444444")
    return decorate(fig, [ax, dax], title=title, xlabel=xlabel, note=note)


def _pivot(df, row, col, value, row_order, col_order) -> pd.DataFrame:
    m = df.pivot_table(index=row, columns=col, values=value, aggfunc="sum", fill_value=0, observed=True)
    if row_order is not None:
        m = m.reindex(index=list(row_order), fill_value=0)
    if col_order is not None:
        m = m.reindex(columns=list(col_order), fill_value=0)
    return m


def _column_labels(fig, ax, labels: Sequence[str]) -> None:
    """Horizontal column labels wrapped to the cell width (measured after a layout pass);
    vertical when a single word is wider than a cell."""
    ax.set_xticks(range(len(labels)), ["" for _ in labels])
    fig.get_layout_engine().execute(fig)
    cell_px = ax.get_window_extent(_renderer(fig)).width / max(len(labels), 1)
    wrapped = [wrap_to_width(fig, str(s), cell_px - 8, fontsize=9) for s in labels]
    too_wide = any(text_size(fig, w, fontsize=9)[0] > cell_px - 6 for w in wrapped)
    if too_wide:
        ax.set_xticks(range(len(labels)), list(labels), rotation=90, fontsize=9)
    else:
        ax.set_xticks(range(len(labels)), wrapped, fontsize=9)


GREY_RAMP = mcolors.LinearSegmentedColormap.from_list("amm58_greys", ["#E6E6E6", "#2B2B2B"])
DIVERGING = mcolors.LinearSegmentedColormap.from_list(
    "amm58_diverging", ["#7B3294", "#C2A5CF", "#F7F7F7", "#A6DBA0", "#008837"]
)


def heatmap(
    df: pd.DataFrame,
    *,
    row: str,
    col: str,
    value: str,
    title: str,
    note: str,
    row_order: Sequence[str] | None = None,
    col_order: Sequence[str] | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    cbar_label: str = "passages",
    annotate: bool = True,
) -> Figure:
    """A count matrix from a tidy frame: one cell per (`row`, `col`) with the sum of `value`,
    on a grey ramp; zero cells stay white and unlabelled. When `annotate`, every non-zero cell
    carries its count and there is no colour bar; without labels a
    colour bar (`cbar_label`) gives the scale."""
    m = _pivot(df, row, col, value, row_order, col_order)
    fig, ax = new_figure(height=1.6 + 0.36 * len(m.index))  # WIDTH: every figure is 900 px wide
    vals = m.to_numpy(dtype=float)
    vmax = max(vals.max(), 1) if vals.size else 1
    cmap = GREY_RAMP.with_extremes(bad="white")
    im = ax.imshow(np.ma.masked_equal(vals, 0), cmap=cmap, aspect="auto", vmin=0, vmax=vmax)
    if annotate:
        for i in range(vals.shape[0]):
            for j in range(vals.shape[1]):
                if vals[i, j]:
                    dark = (vals[i, j] / vmax) > 0.45
                    ax.text(
                        j,
                        i,
                        f"{vals[i, j]:g}",
                        ha="center",
                        va="center",
                        fontsize=SMALL,
                        color="white" if dark else "#111111",
                    )
    ax.set_yticks(range(len(m.index)), list(m.index))
    ax.set_xticks(np.arange(-0.5, len(m.columns), 1), minor=True)
    ax.set_yticks(np.arange(-0.5, len(m.index), 1), minor=True)
    ax.grid(which="minor", color="#EEEEEE", lw=0.8)
    ax.tick_params(which="minor", length=0)
    _no_spines(ax)
    _column_labels(fig, ax, list(m.columns))
    if not annotate:
        fig.colorbar(im, ax=ax, shrink=0.6, label=cbar_label)
    return decorate(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, note=note)


def dot_matrix(
    df: pd.DataFrame,
    *,
    row: str,
    col: str,
    group: str,
    colors: dict[str, str],
    title: str,
    note: str,
    labels: dict[str, str] | None = None,
    row_order: Sequence[str] | None = None,
    group_order: Sequence[str] | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
) -> Figure:
    """Presence as dots: one row per `row` value (e.g. partner), one column per (`group`, `col`)
    pair that occurs (e.g. interview stage and agreement), columns grouped by `group` under a
    header in the group's colour (`labels` names it); a dot where the pair occurs. No colour
    bar: a cell is either named or not.

    Columns: `row`, `col`, `group`; one row per occurrence (duplicates draw one dot).
    """
    d = df[[row, col, group]].astype(str).drop_duplicates()
    groups = list(group_order) if group_order is not None else list(dict.fromkeys(d[group]))
    rows = list(row_order) if row_order is not None else sorted(set(d[row]))
    cols = [(g, c) for g in groups for c in sorted(set(d.loc[d[group] == g, col]))]
    xi = {gc: i for i, gc in enumerate(cols)}
    yi = {r: i for i, r in enumerate(rows)}
    fig, ax = new_figure(height=1.9 + 0.34 * len(rows))  # WIDTH: every figure is 900 px wide
    for g in groups:
        sub = d[d[group] == g]
        ax.scatter(
            [xi[(g, c)] for c in sub[col]],
            [yi[r] for r in sub[row]],
            s=90,
            color=colors.get(g, DARK),
            zorder=3,
            clip_on=False,
        )
    ax.set_yticks(range(len(rows)), rows)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(-0.5, len(cols) - 0.5)
    ax.grid(color="#EEEEEE", lw=0.8)
    ax.set_axisbelow(True)
    _no_spines(ax)
    _column_labels(fig, ax, [c for _, c in cols])
    ax.xaxis.tick_top()
    # the group headers above the columns, each over its run of columns, with a rule
    blended = mpl.transforms.blended_transform_factory(ax.transData, ax.transAxes)
    for g in groups:
        idx = [xi[gc] for gc in cols if gc[0] == g]
        if not idx:
            continue
        ax.plot(
            [min(idx) - 0.4, max(idx) + 0.4],
            [-0.06, -0.06],
            transform=blended,
            color=colors.get(g, DARK),
            lw=2.5,
            clip_on=False,
            solid_capstyle="butt",
        )
        ax.text(
            (min(idx) + max(idx)) / 2,
            -0.09,
            (labels or {}).get(g, g),
            transform=blended,
            ha="center",
            va="top",
            fontsize=9,
            fontweight="bold",
            color=colors.get(g, DARK),
        )
        if min(idx) > 0:
            ax.axvline(min(idx) - 0.5, color="#999999", lw=0.8)
    return decorate(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, note=note)


def cooccurrence(
    df: pd.DataFrame,
    *,
    row: str,
    col: str,
    value: str,
    n_total: int,
    title: str,
    note: str,
    order: Sequence[str] | None = None,
    highlight: tuple[str, str] | None = None,
    min_expected: float = 1.0,
    label_width: int = 22,
) -> Figure:
    """Which themes share passages more often than chance: the lower triangle of a symmetric
    co-occurrence matrix, each cell "observed/expected" (expected under independence:
    n_a * n_b / `n_total`, with n_a the diagonal), coloured by observed minus expected on a
    purple (fewer) to green (more) ramp, with a compact colour key in the empty upper triangle.
    Cells where fewer than `min_expected` passages are expected are left uncoloured, their
    text grey (too few to compare). `highlight` = (label, label) outlines one pair's cell. The
    diagonal is left out; row and column labels are wrapped to `label_width` characters.

    Columns: `row`, `col` (the two labels), `value` (passages with both; the diagonal the
    passages with the theme at all), as from `analysis.theme_cooccurrence`.
    """
    m = _pivot(df, row, col, value, order, order)
    labels = list(m.index)
    obs = m.to_numpy(dtype=float)
    marg = np.diag(obs)
    exp = np.outer(marg, marg) / max(n_total, 1)
    k = len(labels)
    lower = np.tril(np.ones((k, k), bool), -1)
    shaded = lower & (exp >= min_expected)
    diff = np.where(shaded, obs - exp, np.nan)
    span = max(np.nanmax(np.abs(diff)) if shaded.any() else 1, 1)
    fig, ax = new_figure(height=2.4 + 0.46 * k)
    cmap = DIVERGING.with_extremes(bad="white")
    im = ax.imshow(np.ma.masked_invalid(diff[1:, :-1]), cmap=cmap, vmin=-span, vmax=span, aspect="auto")
    faint = lower & ~shaded
    for i in range(1, k):
        for j in range(i):
            if faint[i, j]:
                ax.add_patch(
                    mpl.patches.Rectangle((j - 0.5, i - 1.5), 1, 1, facecolor="#F4F4F4", edgecolor="none", zorder=0.5)
                )
            ax.add_patch(
                mpl.patches.Rectangle((j - 0.5, i - 1.5), 1, 1, facecolor="none", edgecolor="#FFFFFF", lw=1, zorder=1)
            )
    for i in range(1, k):
        for j in range(i):
            strong = shaded[i, j] and abs(diff[i, j]) > 0.6 * span
            color = "white" if strong else ("#111111" if shaded[i, j] else "#8A8A8A")
            ax.text(j, i - 1, f"{obs[i, j]:g}/{exp[i, j]:.1f}", ha="center", va="center", fontsize=7.5, color=color)
    if highlight is not None and all(h in labels for h in highlight):
        i, j = sorted((labels.index(highlight[0]), labels.index(highlight[1])), reverse=True)
        if i != j:
            ax.add_patch(
                mpl.patches.Rectangle(
                    (j - 0.5, i - 1.5), 1, 1, facecolor="none", edgecolor="#000000", lw=2.2, zorder=4, clip_on=False
                )
            )
    # each column is named just above its first (top) cell, in the empty upper triangle
    for j, lab in enumerate(labels[:-1]):
        ax.text(
            j - 0.45,
            j - 0.56,
            balanced_wrap(lab, label_width),
            ha="left",
            va="bottom",
            fontsize=8.5,
            color="#222222",
            linespacing=1.0,
        )
    row_labels = _wrap_labels(labels[1:], label_width)
    ax.set_yticks(range(k - 1), row_labels, fontsize=8.5)
    ax.set_xticks([])
    ax.set_xlim(-0.5, k - 1.5)
    ax.set_ylim(k - 1.5, -1.5)
    _no_spines(ax)
    grey = " Grey text: fewer than 1 passage expected, left uncoloured." if faint.any() else ""
    box = " Outlined: the pair the finding names." if highlight is not None else ""
    # the key to the cells, under the title: wrapped to the width right of the row labels
    label_px = max(text_size(fig, s, fontsize=8.5)[0] for s in row_labels) if k > 1 else 0
    ax.set_title(
        wrap_to_width(
            fig,
            "Cell: passages with both themes / passages expected if the themes were independent." + grey + box,
            fig.get_figwidth() * DPI - 2 * PAD_PX - label_px - 20,
            fontsize=SMALL,
        ),
        fontsize=SMALL,
        color="#444444",
        loc="left",
        wrap=False,
    )
    if shaded.any():
        # the colour key, small, in the empty top-right corner of the triangle
        cax = ax.inset_axes([0.68, 0.93, 0.28, 0.025])
        cb = fig.colorbar(im, cax=cax, orientation="horizontal")
        cb.set_ticks([-span, 0, span], labels=[f"{-span:.0f} fewer", "0", f"+{span:.0f} more"])
        cb.ax.tick_params(labelsize=SMALL, length=2)
        cb.outline.set_visible(False)
        cax.set_title("observed − expected passages", fontsize=SMALL, color="#444444", loc="left")
    return decorate(fig, ax, title=title, note=note)


def stacked_barh(
    df: pd.DataFrame,
    *,
    category: str,
    stack: str,
    value: str,
    title: str,
    xlabel: str,
    note: str,
    category_order: Sequence[str] | None = None,
    stack_order: Sequence[str] | None = None,
    colors: dict[str, str] | None = None,
    sort_by_total: bool = False,
    totals: bool = False,
) -> Figure:
    """Horizontal stacked bars: one bar per `category` (top to bottom in `category_order`, in
    order of first appearance, or by total when `sort_by_total`), one segment per `stack` value
    coloured by `colors` or `CATEGORY_COLORS`, each labelled with its count; `totals` prints the
    bar's total at its end."""
    m = df.pivot_table(index=category, columns=stack, values=value, aggfunc="sum", fill_value=0, observed=True)
    order = list(category_order) if category_order is not None else list(dict.fromkeys(df[category]))
    m = m.reindex(index=order, fill_value=0)
    if stack_order is not None:
        m = m.reindex(columns=[s for s in stack_order if s in m.columns])
    if sort_by_total:
        m = m.iloc[np.argsort(-m.sum(axis=1).to_numpy(), kind="stable")]
    palette = {**CATEGORY_COLORS, **(colors or {})}
    fig, ax = new_figure(height=1.4 + 0.38 * len(m.index))
    left = np.zeros(len(m.index))
    y = np.arange(len(m.index))
    for s in m.columns:
        vals = m[s].to_numpy(dtype=float)
        c = palette.get(s, OKABE_ITO["grey"])
        ax.barh(y, vals, left=left, color=c, label=s, height=0.7, edgecolor="white")
        white = mcolors.rgb_to_hsv(mcolors.to_rgb(c))[2] < 0.6 or c == OKABE_ITO["blue"]  # dark fills
        for yi, (l0, v) in enumerate(zip(left, vals, strict=True)):
            if v:
                ax.text(
                    l0 + v / 2,
                    yi,
                    f"{v:g}",
                    ha="center",
                    va="center",
                    fontsize=SMALL,
                    color="white" if white else "black",
                )
        left += vals
    if totals:
        for yi, t in enumerate(left):
            ax.text(
                t + left.max() * 0.01, yi, f"{t:g}", va="center", fontsize=SMALL, color="#333333", fontweight="bold"
            )
    ax.set_yticks(y, list(m.index))
    ax.invert_yaxis()
    ax.set_xlim(0, max(left.max(), 1) * (1.08 if totals else 1.05))
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    _style_axes(ax)
    ax.legend()
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note)


def partner_bars(
    links: pd.DataFrame,
    *,
    name: str = "name",
    link_type: str = "target_type",
    title: str,
    note: str,
    xlabel: str = "links (meetings attended with Vietnam, agreements and plans)",
    type_order: Sequence[str] = ("agreement", "meeting"),
    type_labels: dict[str, str] | None = None,
) -> Figure:
    """Partners by how many agreements and meetings the interviews tie them to: one stacked
    horizontal bar per partner (most links on top), one segment per link type (named by
    `type_labels`; "agreement" reads "agreement or plan"), the total at the bar's end.

    Columns: `name` (the partner), `link_type` (e.g. "agreement", "meeting"); one row per link,
    as from `analysis.partner_links`.
    """
    names = {"agreement": "agreement or plan", **(type_labels or {})}
    counts = links.groupby([name, link_type]).size().rename("n").reset_index()
    counts[link_type] = counts[link_type].map(lambda t: names.get(t, t))
    order = sorted(set(counts[name]))
    return stacked_barh(
        counts,
        category=name,
        stack=link_type,
        value="n",
        category_order=order,
        stack_order=[names.get(t, t) for t in type_order],
        sort_by_total=True,
        totals=True,
        colors={names.get(t, t): CATEGORY_COLORS.get(f"{t} link", OKABE_ITO["grey"]) for t in type_order},
        title=title,
        xlabel=xlabel,
        note=note,
    )


def position_strip(
    df: pd.DataFrame,
    *,
    category: str,
    position: str,
    group: str,
    colors: dict[str, str],
    labels: dict[str, str],
    title: str,
    note: str,
    category_order: Sequence[str] | None = None,
    totals: dict | pd.Series | None = None,
    unit: str = "passages",
) -> Figure:
    """Where things occur along a text: one row per `category`, one marker per occurrence at its
    relative position (0 = start of the interview, 1 = end), each `group` (interview) on its own
    sub-row so no marker hides another. With `totals` (per group, e.g. passages per interview),
    each sub-row's count "k/n" is printed in a column right of the axes."""
    cats = list(category_order) if category_order is not None else list(dict.fromkeys(df[category]))
    groups = list(dict.fromkeys(df[group]))
    ng = max(len(groups), 1)
    fig, ax = new_figure(height=1.6 + 0.24 * ng * len(cats))
    step = 0.8 / ng
    offset = {g: (i - (ng - 1) / 2) * step for i, g in enumerate(groups)}
    for g in groups:
        sub = df[df[group] == g]
        ypos = sub[category].map({c: i for i, c in enumerate(cats)}) + offset[g]
        ax.scatter(
            sub[position],
            ypos,
            marker="|",
            s=110,
            linewidths=2.2,
            color=colors[g],
            label=labels.get(g, g),
            clip_on=False,
        )
    for i in range(1, len(cats)):
        ax.axhline(i - 0.5, color="#DDDDDD", lw=0.8, zorder=0)
    if totals is not None:
        blended = mpl.transforms.blended_transform_factory(ax.transAxes, ax.transData)
        for g in groups:
            k = df[df[group] == g].groupby(category).size().reindex(cats, fill_value=0)
            for i, c in enumerate(cats):
                ax.text(
                    1.015,
                    i + offset[g],
                    f"{int(k[c])}/{int(totals[g])}",
                    transform=blended,
                    va="center",
                    fontsize=SMALL,
                    color=DARK,
                )
        ax.text(1.015, -0.5, unit, transform=blended, va="bottom", fontsize=SMALL, color="#444444")
        widest = max(
            text_size(fig, s, fontsize=SMALL)[0] for s in [unit, *(f"{n}/{n}" for n in pd.Series(totals).astype(int))]
        )
        legend_width = fig.get_figwidth() * fig.dpi - widest - 6 * PAD_PX  # ends left of the header
    else:
        legend_width = None
    ax.set_yticks(range(len(cats)), cats)
    ax.set_ylim(len(cats) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["start", "¼", "½", "¾", "end"])
    ax.grid(axis="x", color="#EEEEEE")
    ax.set_axisbelow(True)
    _style_axes(ax)
    ax.legend()
    return decorate(
        fig, ax, title=title, xlabel="position in the interview (passage order)", note=note, legend_width=legend_width
    )


def barycentre_order(links: pd.DataFrame, left: str, right: str, sweeps: int = 8) -> tuple[list[str], list[str]]:
    """Orders of the left and right nodes of a two-column network that reduce line crossings:
    alternate sweeps placing each node at the mean position of its neighbours (ties by name)."""
    lnodes = sorted(set(links[left].astype(str)))
    rnodes = sorted(set(links[right].astype(str)))
    pairs = list(zip(links[left].astype(str), links[right].astype(str), strict=True))

    def crossings(lo, ro):
        lp, rp = {v: i for i, v in enumerate(lo)}, {v: i for i, v in enumerate(ro)}
        e = [(lp[a], rp[b]) for a, b in pairs]
        return sum(
            1 for i in range(len(e)) for j in range(i + 1, len(e)) if (e[i][0] - e[j][0]) * (e[i][1] - e[j][1]) < 0
        )

    best = (crossings(lnodes, rnodes), lnodes, rnodes)
    for _ in range(sweeps):
        rp = {v: i for i, v in enumerate(rnodes)}
        lnodes = sorted(lnodes, key=lambda v: (np.mean([rp[b] for a, b in pairs if a == v]), v))
        lp = {v: i for i, v in enumerate(lnodes)}
        rnodes = sorted(rnodes, key=lambda v: (np.mean([lp[a] for a, b in pairs if b == v]), v))
        c = crossings(lnodes, rnodes)
        if c < best[0]:
            best = (c, lnodes, rnodes)
    return best[1], best[2]


def bipartite(links: pd.DataFrame, *, left: str, right: str, right_type: str, title: str, note: str) -> Figure:
    """A two-column network: `left` nodes (partners) on the left, `right` nodes (meetings and
    agreements) on the right, one line per link coloured by the right node's type
    (`right_type`). Nodes are ordered to reduce crossings (`barycentre_order`)."""
    lnodes, rnodes = barycentre_order(links, left, right)
    rtype = dict(zip(links[right].astype(str), links[right_type].astype(str), strict=True))
    n = max(len(lnodes), len(rnodes), 2)
    fig, ax = new_figure(height=1.6 + 0.3 * n)
    ly = {v: (n - 1) * (1 - i / max(len(lnodes) - 1, 1)) for i, v in enumerate(lnodes)}
    ry = {v: (n - 1) * (1 - i / max(len(rnodes) - 1, 1)) for i, v in enumerate(rnodes)}
    for _, r in links.iterrows():
        c = CATEGORY_COLORS.get(f"{r[right_type]} link", OKABE_ITO["grey"])
        ax.plot([0, 1], [ly[str(r[left])], ry[str(r[right])]], color=c, lw=1.3, alpha=0.8)
    deg_l = links.groupby(links[left].astype(str)).size()
    ax.scatter([0] * len(lnodes), [ly[v] for v in lnodes], s=[30 + 14 * deg_l[v] for v in lnodes], color=DARK, zorder=3)
    ax.scatter(
        [1] * len(rnodes),
        [ry[v] for v in rnodes],
        s=36,
        color=[CATEGORY_COLORS.get(f"{rtype[v]} link", OKABE_ITO["grey"]) for v in rnodes],
        zorder=3,
    )
    for v in lnodes:
        ax.text(-0.03, ly[v], f"{v} ({deg_l[v]})", ha="right", va="center", fontsize=9)
    for v in rnodes:
        ax.text(1.03, ry[v], v, ha="left", va="center", fontsize=9)
    ax.set_xlim(-0.55, 1.6)
    ax.set_ylim(-0.6, n - 0.4)
    ax.axis("off")
    handles = [
        Line2D([], [], color=CATEGORY_COLORS.get(f"{t} link", OKABE_ITO["grey"]), lw=2, label=f"{t}")
        for t in sorted(set(rtype.values()))
    ]
    ax.legend(handles=handles)
    return decorate(fig, ax, title=title, note=note)


def _category_patch_kw(category: str, edge: str = "#333333") -> dict:
    """Face, edge and hatch of a bar of `category` (hatched categories are white with a hatch,
    edged in `HATCH_COLOR`; the others edged in `edge`)."""
    if category in HATCHED:
        return dict(facecolor=CATEGORY_COLORS.get(category, "#FFFFFF"), edgecolor=HATCH_COLOR, hatch=HATCH)
    return dict(facecolor=CATEGORY_COLORS.get(category, OKABE_ITO["grey"]), edgecolor=edge)


def timeline(
    df: pd.DataFrame,
    *,
    title: str,
    note: str,
    start: int,
    end: int,
    mark_year: int | None = None,
    mark_label: str | None = None,
    label_width: int = 48,
) -> Figure:
    """Events and periods on a year axis, one row per `label` (wrapped to `label_width`
    characters), told apart by `category` in colour and marker shape (`TIMELINE_MARKERS`):
    multi-year periods as bars labelled with their `period` (an arrow when `clipped`, i.e. the
    period runs past the window), single-year events as the category's marker at the year.
    `mark_year` is shaded, labelled `mark_label` (default: the year).

    Columns: label, category, period, start_year, end_year, clipped (as from
    `analysis.role_timeline`).
    """
    labels = _wrap_labels(df["label"], label_width)
    lines = sum(s.count("\n") + 1 for s in labels)
    fig, ax = new_figure(height=1.9 + 0.25 * len(df) + 0.12 * (lines - len(df)))
    # row centres: a two-line label takes a little more room than a one-line one
    heights = np.array([1.0 + 0.5 * s.count("\n") for s in labels])
    y = np.cumsum(heights) - heights / 2 - 0.5  # one-line rows at 0, 1, 2, ...
    df = df.assign(_event=(df["end_year"] == df["start_year"]) & ~df["clipped"])  # one year, not cut: a marker
    for yi, (_, r) in zip(y, df.iterrows(), strict=True):
        cat = r["category"]
        if r["_event"]:
            face = CATEGORY_COLORS.get(cat, OKABE_ITO["grey"])
            ax.scatter(
                r["start_year"] + 0.5,
                yi,
                marker=TIMELINE_MARKERS.get(cat, "o"),
                s=110 if cat == "anniversary" else 54,
                color=face,
                edgecolor="#222222",
                linewidth=0.8,
                zorder=3,
            )
        else:
            ax.barh(
                yi,
                r["end_year"] + 1 - r["start_year"],
                left=r["start_year"],
                height=0.6,
                linewidth=0.8,
                zorder=2,
                **_category_patch_kw(cat),
            )
            ax.text(
                r["end_year"] + 1.1,
                yi,
                str(r["period"]) + (" →" if r["clipped"] else ""),
                va="center",
                fontsize=SMALL,
                color="#333333",
            )
    ax.set_yticks(y, labels, fontsize=8.5, linespacing=1.0)
    ax.set_ylim(y[-1] + heights[-1] / 2 - 0.1 if len(y) else 0.5, -0.6)
    ax.set_xlim(start, end + 2.6)
    ax.set_xticks([v + 0.5 for v in range(start, end + 1)], [f"'{v % 100:02d}" for v in range(start, end + 1)])
    ax.tick_params(axis="x", length=0)
    ax.grid(axis="x", color="#EEEEEE")
    ax.set_axisbelow(True)
    if mark_year is not None:
        ax.axvspan(mark_year, mark_year + 1, color="#E8E8E8", zorder=0)
    cats = list(dict.fromkeys(df["category"]))
    handles = []
    for c in cats:
        face = CATEGORY_COLORS.get(c, OKABE_ITO["grey"])
        periods = df[(df["category"] == c) & ~df["_event"]]
        events = df[(df["category"] == c) & df["_event"]]
        if len(events) or not len(periods):
            handles.append(
                Line2D(
                    [],
                    [],
                    marker=TIMELINE_MARKERS.get(c, "o"),
                    ls="",
                    color=face,
                    markeredgecolor="#222222",
                    markersize=10 if c == "anniversary" else 7,
                    label=c,
                )
            )
        else:
            handles.append(Patch(linewidth=0.8, label=c, **_category_patch_kw(c)))
    if mark_year is not None:
        handles.append(Patch(color="#E8E8E8", label=mark_label or str(mark_year)))
    ax.legend(handles=handles)
    _style_axes(ax)
    return decorate(fig, ax, title=title, note=note)


def kappa_bars(
    df: pd.DataFrame,
    *,
    title: str,
    note: str,
    xlabel: str = "Cohen's kappa",
    label: str = "label",
    kappa: str = "kappa",
    core: str | None = "core",
    lo: str | None = None,
    hi: str | None = None,
    positives: str | None = None,
    positives_label: str = "coded passages",
    agreed: str | None = None,
    agreed_lo: str | None = None,
    agreed_hi: str | None = None,
    reference: float | None = 0.8,
    reference_label: str = "0.8 (“almost perfect”)",
) -> Figure:
    """Cohen's kappa per row as horizontal bars (core themes near-black, others grey), with
    the 95% interval as error bars when `lo` and `hi` are given, and the kappa and the number
    of positives (`positives` column, named `positives_label`, e.g. "5 coded passages")
    printed in a column right of the axes. With `agreed` (the positives both sides coded) and
    `agreed_lo`/`agreed_hi` (its Wilson 95% interval, 0..1) the column reads "3 of 5 coded
    passages agreed (23–88%)". A row whose interval collapses to a point (no disagreement:
    every bootstrap sample gives the same kappa) says so inside its bar, so that it does not
    read as certainty. A dashed line marks `reference`. An undefined kappa (NaN: no positives
    on either side) is drawn as a labelled placeholder, not dropped. The x label comes from
    the caller.

    Columns: `label`, `kappa`; optional `core` (bool), `lo`, `hi`, `positives` (int),
    `agreed` (int), `agreed_lo`, `agreed_hi`.
    """
    fig, ax = new_figure(height=1.4 + 0.3 * len(df))
    y = np.arange(len(df))
    k = df[kappa].to_numpy(float)
    is_core = df[core].astype(bool).to_numpy() if core is not None and core in df else np.ones(len(df), bool)
    colors = [DARK if c else LIGHT_GREY for c in is_core]
    ax.barh(y, np.nan_to_num(k), color=colors, height=0.6, zorder=2)
    lows = np.nanmin(df[lo].to_numpy(float)) if lo is not None and len(df) else 0.0
    xmin = min(0.0, np.nanmin(k) if np.isfinite(k).any() else 0.0, lows if np.isfinite(lows) else 0.0)
    xmin = math.floor(xmin * 10) / 10
    collapsed = np.zeros(len(df), bool)
    if lo is not None and hi is not None:
        low, high = df[lo].to_numpy(float), df[hi].to_numpy(float)
        ok = np.isfinite(k) & np.isfinite(low) & np.isfinite(high)
        collapsed = ok & (np.abs(high - low) < 1e-9)
        ax.errorbar(
            k[ok],
            y[ok],
            xerr=[k[ok] - low[ok], high[ok] - k[ok]],
            fmt="none",
            ecolor="#000000",
            elinewidth=1.1,
            capsize=3,
            zorder=3,
        )
    blended = mpl.transforms.blended_transform_factory(ax.transAxes, ax.transData)

    def count_text(i: int) -> str:
        if positives is None or pd.isna(df[positives].iloc[i]):
            return ""
        npos = int(df[positives].iloc[i])
        if agreed is None or pd.isna(df[agreed].iloc[i]):
            return f" · {npos} {positives_label}"
        out = f" · {int(df[agreed].iloc[i])} of {npos} {positives_label} agreed"
        if agreed_lo is not None and agreed_hi is not None and pd.notna(df[agreed_lo].iloc[i]):
            out += f" ({df[agreed_lo].iloc[i]:.0%}–{df[agreed_hi].iloc[i]:.0%})".replace("%–", "–")
        return out

    for i, (yi, kv) in enumerate(zip(y, k, strict=True)):
        pos = count_text(i)
        if np.isnan(kv):
            ax.barh(
                yi,
                1.0 - xmin,
                left=xmin,
                height=0.6,
                color="white",
                edgecolor=LIGHT_GREY,
                hatch="////",
                linewidth=0.6,
                zorder=1,
            )
            ax.text(
                0.5 * (1 + xmin),
                yi,
                "undefined: no positives",
                ha="center",
                va="center",
                fontsize=SMALL,
                color="#444444",
                bbox=dict(facecolor="white", edgecolor="none", pad=1),
                zorder=4,
            )
            ax.text(1.01, yi, "κ n/a" + pos, transform=blended, va="center", fontsize=SMALL, color="#333333")
        else:
            if collapsed[i]:
                ax.text(
                    kv - 0.02 * (1 - xmin),
                    yi,
                    "no disagreement: the interval collapses",
                    ha="right",
                    va="center",
                    fontsize=SMALL,
                    color="white" if is_core[i] else "#111111",
                    zorder=4,
                )
            ax.text(1.01, yi, f"κ {kv:.2f}" + pos, transform=blended, va="center", fontsize=SMALL, color="#333333")
    handles = []
    if core is not None and core in df:
        handles += [Patch(color=DARK, label="core theme"), Patch(color=LIGHT_GREY, label="other theme")]
    if lo is not None and hi is not None:
        handles.append(Line2D([], [], color="#000000", marker="|", markersize=8, lw=1.1, label="95% interval"))
    if reference is not None:
        ax.axvline(reference, color="#444444", lw=1, ls="--", zorder=1)
        handles.append(Line2D([], [], color="#444444", lw=1, ls="--", label=reference_label))
    ax.set_yticks(y, list(df[label]))
    ax.set_ylim(len(df) - 0.5, -0.5)
    ax.set_xlim(xmin, 1.0)
    ax.axvline(0, color="#444444", lw=0.8, zorder=1) if xmin < 0 else None
    _style_axes(ax)
    if handles:
        ax.legend(handles=handles)
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note)


def z_bars(
    df: pd.DataFrame,
    *,
    title: str,
    note: str,
    xlabel: str,
    term: str = "term",
    z: str = "z",
    count_pre: str = "count_pre",
    count_post: str = "count_post",
    threshold: float = 1.96,
    total_pre: int | None = None,
    total_post: int | None = None,
    negative_label: str = "← more typical before the meetings",
    positive_label: str = "more typical after the meetings →",
    pre_label: str = "more typical of the pre-meeting answers",
    post_label: str = "more typical of the post-meeting answers",
) -> Figure:
    """Fightin' Words: one horizontal bar per `term` with its z-score (sorted, highest on top),
    dashed lines at ±`threshold`. Bars are coloured by direction only, in the interview colours
    (negative z orange: more typical of the pre-meeting text; positive blue: of the
    post-meeting text); bars past the threshold are not singled out, since about 5% of terms
    pass it by chance alone. Each bar is labelled with its raw counts ("pre vs post", e.g.
    "12 vs 3") in a column right of the axes, whose header gives each side's total words
    (`total_pre`, `total_post`) when known.

    Columns: `term`, `z`, `count_pre`, `count_post`, as from `method.distinctive_terms`.
    """
    d = df.sort_values(z, ascending=False, kind="stable")
    vals = d[z].to_numpy(float)
    fig, ax = new_figure(height=1.8 + 0.3 * len(d))
    y = np.arange(len(d))
    pre_c, post_c = STAGE_COLORS["pre-meeting"], STAGE_COLORS["post-meeting"]
    ax.barh(y, vals, color=[post_c if v > 0 else pre_c for v in vals], height=0.65, zorder=2)
    span = max(np.abs(vals).max() if len(vals) else 1, threshold) * 1.15
    for t in (-threshold, threshold):
        ax.axvline(t, color="#444444", lw=1, ls="--", zorder=1)
    ax.axvline(0, color="#444444", lw=0.8, zorder=1)
    blended = mpl.transforms.blended_transform_factory(ax.transAxes, ax.transData)
    for yi, (a, b) in enumerate(zip(d[count_pre], d[count_post], strict=True)):
        ax.text(1.01, yi, f"{int(a)} vs {int(b)}", transform=blended, va="center", fontsize=SMALL, color="#333333")
    header = "pre vs post"
    if total_pre is not None and total_post is not None:
        header = f"pre vs post, of\n{int(total_pre):,} vs {int(total_post):,} words"
    ax.text(1.01, -0.7, header, transform=blended, va="bottom", fontsize=SMALL, color="#444444", linespacing=1.0)
    box = dict(facecolor="white", edgecolor="none", pad=1.5)
    ax.text(-0.06 * span, -1.1, negative_label, ha="right", va="center", fontsize=SMALL, color="#444444", bbox=box)
    ax.text(0.06 * span, -1.1, positive_label, ha="left", va="center", fontsize=SMALL, color="#444444", bbox=box)
    ax.set_yticks(y, list(d[term]))
    ax.set_ylim(len(d) - 0.5, -1.6)
    ax.set_xlim(-span, span)
    handles = [
        Patch(color=pre_c, label=pre_label),
        Patch(color=post_c, label=post_label),
        Line2D([], [], color="#444444", lw=1, ls="--", label=f"±{threshold:g}"),
    ]
    ax.legend(handles=handles)
    _style_axes(ax)
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note)


def agenda_diverging(
    items: pd.DataFrame,
    *,
    title: str,
    note: str,
    category: str = "theme",
    level: str = "outcome_level",
    item_label: str = "label",
    new: str = "match",
    new_value: str = "new",
    category_order: Sequence[str] | None = None,
    xlabel: str = "agenda items",
) -> Figure:
    """The pre-meeting agenda against the post-meeting report: one row per `category` (theme),
    the pre-meeting agenda items to the left of zero, stacked by outcome level
    (`OUTCOME_LEVELS`: reported achieved next to zero, then mentioned again, then not
    mentioned), and the items new after the meetings (rows where `items[new] == new_value`) to
    the right, in the post-meeting blue. Under the chart, the dropped items ("not mentioned")
    are listed by name.

    Columns: `category`, `level` (one of `OUTCOME_LEVELS` for agenda items; ignored for new
    items), `item_label`, `new`. One row per agenda item.
    """
    is_new = items[new].astype(str).eq(new_value).to_numpy()
    present = set(items[category])
    cats = [
        c for c in (category_order if category_order is not None else dict.fromkeys(items[category])) if c in present
    ]  # themes without agenda items are left out
    old = items[~is_new]
    dropped = old[old[level].astype(str) == "not mentioned"]
    fig_h = 1.8 + 0.34 * len(cats) + (0.5 + 0.19 * len(dropped) if len(dropped) else 0)
    ratios = [len(cats) * 0.34 + 0.4, 0.3 + 0.19 * len(dropped)] if len(dropped) else None
    fig, axes = new_figure(
        height=fig_h, nrows=2 if len(dropped) else 1, **({"height_ratios": ratios} if ratios else {})
    )
    ax = axes[0] if len(dropped) else axes
    y = np.arange(len(cats))
    left = np.zeros(len(cats))
    for lev in OUTCOME_LEVELS:
        sub = old[old[level].astype(str) == lev]
        vals = sub.groupby(category).size().reindex(cats, fill_value=0).to_numpy(float)
        ax.barh(
            y,
            -vals,
            left=-left,
            height=0.66,
            linewidth=[0.8 if v else 0 for v in vals],
            label=f"{lev} ({int(vals.sum())})",
            **_category_patch_kw(lev, edge="white"),
        )
        for yi, (l0, v) in enumerate(zip(left, vals, strict=True)):
            if v:
                ax.text(
                    -(l0 + v / 2),
                    yi,
                    f"{v:g}",
                    ha="center",
                    va="center",
                    fontsize=SMALL,
                    color="black",
                    bbox=dict(facecolor="white", edgecolor="none", pad=0.6) if lev in HATCHED else None,
                )
        left += vals
    nv = items[is_new].groupby(category).size().reindex(cats, fill_value=0).to_numpy(float)
    ax.barh(
        y,
        nv,
        color=OKABE_ITO["blue"],
        height=0.66,
        edgecolor="white",
        label=f"new after the meetings ({int(nv.sum())})",
    )
    for yi, v in enumerate(nv):
        if v:
            ax.text(v / 2, yi, f"{v:g}", ha="center", va="center", fontsize=SMALL, color="white")
    span = max(left.max() if len(left) else 1, nv.max() if len(nv) else 1, 1)
    ax.set_xlim(-span - 0.3, span + 0.3)
    ax.axvline(0, color="#333333", lw=0.8)
    ticks = np.arange(-int(span), int(span) + 1)
    ax.set_xticks(ticks, [f"{abs(t)}" for t in ticks])
    ax.set_yticks(y, cats)
    ax.set_ylim(len(cats) - 0.5, -1.3)
    ax.text(-0.15, -0.95, "← on the pre-meeting agenda", ha="right", va="center", fontsize=SMALL, color="#444444")
    ax.text(0.15, -0.95, "new after the meetings →", ha="left", va="center", fontsize=SMALL, color="#444444")
    ax.grid(axis="x", color="#EEEEEE")
    ax.set_axisbelow(True)
    _style_axes(ax)
    ax.legend()
    if len(dropped):
        lst = axes[1]
        lst.axis("off")
        lst.set_xlim(0, 1)
        lst.set_ylim(len(dropped) + 0.1, -1.1)
        # the list starts at the figure's left margin, like the title, and does not take part
        # in the layout (its width would squeeze the chart above)
        at_left = mpl.transforms.blended_transform_factory(fig.transFigure, lst.transData)
        x0 = PAD_PX / (fig.get_figwidth() * DPI)
        avail = fig.get_figwidth() * DPI - 2 * PAD_PX
        lines = [
            (f"Not mentioned after the meetings ({len(dropped)}):", dict(fontsize=9, fontweight="bold", color=DARK))
        ]
        for _, r in dropped.iterrows():
            props = dict(fontsize=SMALL + 0.5, color="#222222")
            line = wrap_to_width(fig, f"• {r[item_label]} ({r[category]})", avail, **props)
            lines.append((line.split("\n")[0] + (" …" if "\n" in line else ""), props))
        for i, (text, props) in enumerate(lines):
            t = lst.text(x0, i - 0.6, text, transform=at_left, va="center", **props)
            t.set_in_layout(False)
        return decorate(fig, [ax, lst], title=title, xlabel=xlabel, note=note)
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note)


def diverging_barh(
    df: pd.DataFrame,
    *,
    category: str,
    value: str,
    title: str,
    xlabel: str,
    note: str,
    positive_label: str,
    negative_label: str,
) -> Figure:
    """Horizontal bars around zero, one per `category` in data order: positive values in blue,
    negative in orange (the post- and pre-meeting colours: use it only when the sign is the
    pre/post direction), each labelled with its value. For z-scores prefer `z_bars`."""
    fig, ax = new_figure(height=1.4 + 0.32 * len(df))
    y = np.arange(len(df))
    vals = df[value].to_numpy(dtype=float)
    colors = [STAGE_COLORS["post-meeting"] if v > 0 else STAGE_COLORS["pre-meeting"] for v in vals]
    ax.barh(y, vals, color=colors, height=0.65)
    span = max(abs(vals).max(), 1.0)
    for yi, v in zip(y, vals, strict=True):
        ax.text(
            v + (0.015 if v >= 0 else -0.015) * span * 2,
            yi,
            f"{v:+.1f}",
            va="center",
            ha="left" if v >= 0 else "right",
            fontsize=SMALL,
        )
    ax.axvline(0, color="#444444", lw=0.8)
    ax.set_yticks(y, list(df[category]))
    ax.invert_yaxis()
    ax.set_xlim(-span * 1.25, span * 1.25)
    handles = [
        Patch(color=STAGE_COLORS["post-meeting"], label=positive_label),
        Patch(color=STAGE_COLORS["pre-meeting"], label=negative_label),
    ]
    ax.legend(handles=handles)
    _style_axes(ax)
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note)
