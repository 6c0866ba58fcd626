"""The house style: palette, type sizes, `new_figure`, `decorate`, the source note, measured
text layout and the layout check. Every chart module (`bars`, `dots`, `matrices`, `networks`,
`timelines`, `diverging`) draws with these and nothing else.

Small helpers that every chart uses, so that each detail is written once:

- `interview_key(stage, interviewee, n)`: the one written form of an interview in a legend or
  header, "pre-meeting interview (Ton Thi Ngoc Huong, 21 passages)";
- `number(v, spec)` and `signed(v, spec)`: numbers with a true minus sign (U+2212), and
  `signed_formatter()` for the tick labels of a difference axis;
- `column_text(ax, x, rows, texts)`: a column of text right of (or over) an axes, at `x` in
  axes fractions and each row at its data y;
- `row_transform(ax, dx_px)`, `column_transform(ax)`, `margin_transform(ax)`: the mixed
  coordinates that text beside rows, over columns or from the figure's left edge needs;
- `reference_line(ax, x)`: a dashed reference line drawn above bars and error bars;
- `style_axes(ax)`, `no_spines(ax)`: the axes' frame.

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
                            agenda items new in the post-meeting interview (raised only there)
greens  ``#1B7A55``,        progress, an ordered scale (darker = further along): agreement
``#6DBE9A``, ``#CDEBDC``    "reported done", "under way", "planned or proposed"; the agenda's
                            "reported achieved" is the dark green ("mentioned again" an empty
                            bar outlined in it). Nothing else is green but the co-occurrence
                            ramp, which has its own key
light grey ``#D9D9D9``      "nothing said", flat (outside the ordered scale): an agreement's
                            "status not stated", an agenda item "not mentioned" again
warm grey ``#EFECE6``       the marked year on a timeline (the year of the meeting), a band
                            behind the rows; nothing else uses this warm neutral (the
                            greys above are cool, and none is a band across a chart)
near-black ``#222222``      Vietnam's own roles (timeline), core themes (kappa)
white, hatched ``////``     the long-range vision that runs past a timeline's axis
white, outlined             other timeline plans (bars) and events (one open circle)
dark grey ``#555555``       plain count bars with no category (partner links, in two panels)
==========================  ================================================================

On a timeline a role's single year is a black diamond and every other event an open circle
(`TIMELINE_MARKERS`), both in the chart's key. Continuous
scales never use the stage colours: counts are a grey ramp (zero cells white) and
observed-against-expected a purple-white-green diverging ramp (with its own colour key).

Symbols
-------
Each mark keeps one meaning in every figure (the other helpers' charts follow the same table):

==============================  =============================================================
filled dot                      an estimate or an observed value (near-black, or the colour
                                of its interview)
light grey band (`RANGE_GREY`)  the 95% confidence interval of the dot on it, and nothing
                                else (a dot with no band: its interval has no width)
thin grey line with end ticks   the range of 95% of chance arrangements (`CHANCE_GREY`): what
                                chance alone would give, never a confidence interval
short dark vertical tick        the count chance alone would give on average (the expected
                                count), on its chance range
hollow dot (white, outlined)    an observed value at or inside the range chance gives, or
                                inside the chance lines (`z_dots`): no clear signal. Its
                                filled twin is the value past that range. Hollow means nothing
                                else: no chart uses it for a category or for a missing value
ringed dot                      not used (a ring round a dot would be a second "past chance"
                                mark; the filled/hollow pair says it)
dashed dark grey line           a reference value (`reference_line`): a threshold, zero, or
                                the chance lines of `z_dots`
==============================  =============================================================

Event categories (a timeline) are told apart by marker shape, all filled; a category that
must look "lighter" takes a lighter fill, not a hollow marker.
Text and frame greys (`#222222` to `#777777`) carry no data.

Type and margins
----------------
Legend entries and column texts are set at `TEXT_SIZE`, the subtitle's size and colour; text
that names a line, a direction, a column or a panel (reference-line labels, direction cues,
column headings, panel headings) at `LABEL_SIZE`, the tick labels' size, with no box behind it
(it stands in empty space, or its line stops short of it). Bold has one meaning inside a
chart: a core theme's label (besides the figure's title); panel and column headings, words past
a threshold and group headings stay plain. No text comes within `RIGHT_MARGIN_PX` (at 1x) of
the canvas' right edge, which `decorate` reserves and `layout_problems` checks.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

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
#: Hatching (a vision that runs past a timeline's axis): white, hatched in `HATCH_COLOR`.
HATCH, HATCH_COLOR = "////", "#555555"
#: Progress, an ordered scale: one green, darker the further along (reported done darkest).
PROGRESS_GREENS = {"done": "#1B7A55", "under way": "#6DBE9A", "planned": "#CDEBDC"}
#: "Nothing said": a flat light grey, outside the ordered scale, for an agreement whose status
#: the interviews do not state and an agenda item the post-meeting interview does not mention.
NOT_STATED = "#D9D9D9"
#: Fill of "dropped" (agenda "not mentioned"): the same "nothing said" grey, flat.
DROPPED = NOT_STATED
#: Categories drawn with an edge in this colour where their fill is near the "nothing said"
#: grey in value (the palest green), so that the two stay apart in greyscale.
EDGED = {"planned or proposed": PROGRESS_GREENS["under way"]}
CATEGORY_COLORS = {
    # agreement progress: the ordered green scale, and a neutral for "not stated"
    "reported done": PROGRESS_GREENS["done"],
    "under way": PROGRESS_GREENS["under way"],
    "planned or proposed": PROGRESS_GREENS["planned"],
    "status not stated": NOT_STATED,
    # agenda outcome levels: achieved is "reported done" (same dark green); "mentioned again"
    # is an empty bar outlined in that green (`OUTLINED`); "not mentioned" the flat grey of
    # "nothing said"
    "reported achieved": PROGRESS_GREENS["done"],
    "mentioned again": "#FFFFFF",
    "not mentioned": DROPPED,
    "new": OKABE_ITO["blue"],
    "matched": PROGRESS_GREENS["done"],
    "not mentioned again": DROPPED,
    # timeline categories: black for Vietnam's roles, everything else empty (white): a role's
    # single year is a black diamond, any other single-year event one open circle
    "role": DARK,
    "plan": "#FFFFFF",
    "accession": "#FFFFFF",
    "meeting": "#FFFFFF",
    "milestone": "#FFFFFF",
    "anniversary": "#FFFFFF",
    "vision": "#FFFFFF",
    # link targets: one neutral bar colour (the two kinds are panels, not colours)
    "agreement link": "#555555",
    "meeting link": "#555555",
}
#: Categories drawn empty with an outline in this colour (not filled, not hatched).
OUTLINED = {"mentioned again": PROGRESS_GREENS["done"]}
#: The marked year (the year of the meeting) on a timeline: a very light warm grey band, its
#: only use (no hue of its own, so that it reads as a background, never as an interview colour).
MARK_BAND = "#EFECE6"
#: Categories drawn empty and hatched (periods and bars), not filled: only the long-range
#: vision that runs past a timeline's axis.
HATCHED = {"vision"}
#: Marker of a single-year event on a timeline: a diamond for Vietnam's roles, one open circle
#: for every other event (the key names both; no shape per category to learn).
TIMELINE_MARKERS = {"role": "D", "event": "o"}
WIDTH = 9.0  # inches; with DPI this gives 900 px, readable on GitHub's page
# The figures are laid out at DPI; `amm58.display.show_figure` saves each PNG at twice DPI
# (1800 px) and its output metadata says width 900: sharp on a high-density screen, shown at
# 900 px.
DPI = 100
PAD_PX = 8  # the margin around the canvas edge, in pixels
LEGEND_GAP_PX = 6  # between a legend (or the subtitle) and the axes under it
TITLE_SIZE, NOTE_SIZE, SMALL = 12.5, 9, 8
SUBTITLE_SIZE = 9
#: Text that names a line, a direction or a column (reference-line labels, direction cues,
#: column headings, panel headings): the tick labels' size, so that it reads as part of the chart.
LABEL_SIZE = 10
#: A 95% range (interval or chance range) as a band behind its estimate; see "Colours".
RANGE_GREY = "#D0D0D0"
#: The range of 95% of chance arrangements: a thin line of this grey with end ticks.
CHANCE_GREY = "#8C8C8C"
#: Legend entries, column texts and headings: the subtitle's size and colour.
TEXT_SIZE, TEXT_COLOR = SUBTITLE_SIZE, "#333333"
#: No text nearer the canvas' right edge than this (pixels at 1x); `decorate` keeps a little more.
RIGHT_MARGIN_PX = 20
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


def interview_key(stage: str, interviewee: str | None = None, n: int | None = None, unit: str = "passages") -> str:
    """The one written form of an interview in a legend, header or key: "pre-meeting interview",
    "pre-meeting interview (Ton Thi Ngoc Huong)", "pre-meeting interview (21 passages)" or
    "pre-meeting interview (Ton Thi Ngoc Huong, 21 passages)". Every chart writes it this way."""
    details = [str(interviewee)] if interviewee is not None and pd.notna(interviewee) else []
    if n is not None:
        details.append(f"{int(n)} {unit}")
    return f"{stage} interview" + (f" ({', '.join(details)})" if details else "")


def source_labels(
    sources: pd.DataFrame, counts: dict | pd.Series | None = None, unit: str = "passages"
) -> dict[str, str]:
    """Legend label per source_id, written by `interview_key`: stage and interviewee
    ("pre-meeting interview (Ton Thi Ngoc Huong)"); with `counts` (per source_id, e.g. passages
    per interview) the denominator follows ("pre-meeting interview (Ton Thi Ngoc Huong, 21
    passages)")."""
    out = {}
    for s, st, who in zip(sources["source_id"], sources["stage"], sources["interviewee"], strict=True):
        n = counts[str(s)] if counts is not None and str(s) in counts else None
        out[str(s)] = interview_key(st, who, n, unit)
    return out


def stage_labels(sources: pd.DataFrame, counts: dict | pd.Series, unit: str = "passages") -> dict[str, str]:
    """Legend label per stage, in reading order, written by `interview_key`: the stage, its
    interviewees (joined by "and") and `counts` summed over the stage's sources (per
    source_id), "pre-meeting interview (Ton Thi Ngoc Huong, 21 passages)"."""
    out = {}
    for st, g in sources.groupby("stage", sort=False, observed=True):
        n = sum(int(counts.get(str(s), 0)) for s in g["source_id"])
        out[str(st)] = interview_key(str(st), " and ".join(g["interviewee"].astype(str)), n, unit)
    return out


_COUNT_WORDS = "no one two three four five six seven eight nine ten".split()


def _source_details(r: pd.Series) -> str:
    """Outlet and date of one interview, "(Báo Quốc Tế, 3 July 2025)"; a field the text does not
    give reads "not given in the text" ("(outlet and date not given in the text)")."""
    stated, missing = [], []
    if pd.notna(r.get("outlet")) and str(r.get("outlet")).strip():
        stated.append(str(r["outlet"]))
    else:
        missing.append("outlet")
    if pd.notna(r.get("published")):
        stated.append(pd.Timestamp(r["published"]).strftime("%-d %B %Y"))
    else:
        missing.append("date")
    if missing:
        stated.append(" and ".join(missing) + " not given in the text")
    return "(" + ", ".join(stated) + ")"


def source_note(
    sources: pd.DataFrame, source_ids: Iterable[str] | None = None, *, data: str = "hand-coded passages"
) -> str:
    """The source note printed under a figure: what the chart's data are (`data`, e.g. "word
    counts of the answers") and the interviews they come from, each with its interviewee,
    outlet and date: "Source: hand-coded passages of two interviews: the pre-meeting interview
    with Ann (Outlet A, 1 July 2025) and the post-meeting interview with Bob (outlet and date
    not given in the text)." Every interview is described alike."""
    s = sources if source_ids is None else sources[sources["source_id"].astype(str).isin(list(source_ids))]
    parts = [f"the {r['stage']} interview with {r['interviewee']} {_source_details(r)}" for _, r in s.iterrows()]
    if len(parts) == 1:
        return f"Source: {data} of {parts[0]}."
    n = len(parts)
    many = _COUNT_WORDS[n] if n < len(_COUNT_WORDS) else str(n)
    listed = ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Source: {data} of {many} interviews: {listed}."


MINUS = "\u2212"  # the true minus sign, printed wherever a number is negative


def number(v: float, spec: str = "g") -> str:
    """`v` formatted with `spec`, with a true minus sign (U+2212) instead of a hyphen:
    number(-0.25, ".2f") == "−0.25"."""
    return format(v, spec).replace("-", MINUS)


def signed(v: float, spec: str = ".0f") -> str:
    """`v` with its sign always shown, a true minus for negatives, and plain "0" for zero:
    signed(-12) == "−12", signed(5) == "+5", signed(0) == "0"."""
    return number(v, "+" + spec) if v else "0"


def signed_formatter(spec: str = ".0f") -> mpl.ticker.FuncFormatter:
    """Tick labels for a difference axis: "−20", "0", "+20" (`signed`)."""
    return mpl.ticker.FuncFormatter(lambda v, _: signed(v, spec))


_YEAR_RANGE = re.compile(r"\b((?:19|20)\d{2})-((?:19|20)\d{2})\b")


def typeset(s: str) -> str:
    """`s` with the house typography: curly quotes and apostrophes ("Vietnam’s", “almost
    perfect”, ‘meeting’) and an en dash in a year range ("2022–2026"). Mathtext ($...$) is
    left alone. `decorate` applies it to every text of a figure, tick labels and legends too."""
    if not s or "$" in s:
        return s
    s = _YEAR_RANGE.sub("\\1\u2013\\2", s)
    s = re.sub(r"(?<=\w)'(?=\w)", "\u2019", s)
    s = re.sub(r"(^|[\s(\[{/\u2014\u2013-])'", "\\1\u2018", s)
    s = s.replace("'", "\u2019")
    s = re.sub(r'(^|[\s(\[{/\u2014\u2013-])"', "\\1\u201c", s)
    return s.replace('"', "\u201d")


def _typeset_func(func):
    """`func` (a tick formatter's function) with `typeset` applied to what it returns."""

    def typeset_func(v, pos=None):
        return typeset(func(v, pos))

    typeset_func.typeset = True
    return typeset_func


def _typeset_figure(fig: Figure) -> None:
    """`typeset` every text of `fig`: fixed tick labels (their formatter's strings, which
    matplotlib redraws from), then every other text artist, legends' included."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            fmt = axis.get_major_formatter()
            if isinstance(fmt, mpl.ticker.FixedFormatter):
                fmt.seq = [typeset(str(t)) for t in fmt.seq]
            elif isinstance(fmt, mpl.ticker.FuncFormatter) and not getattr(fmt.func, "typeset", False):
                fmt.func = _typeset_func(fmt.func)
    for t in fig.findobj(Text):
        text = t.get_text()
        if text and typeset(text) != text:
            t.set_text(typeset(text))


def wilson_interval(k, n) -> tuple[np.ndarray, np.ndarray]:
    """Wilson 95% interval for the share k/n (arrays or scalars), from statsmodels via `stats.wilson`."""
    from amm58.stats import wilson

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


def set_key(ax, handles: Sequence) -> None:
    """The axes' legend from `handles`, kept as given: `decorate` refits the legend from them
    (not from the legend's drawn artists), so a composite handle (an errorbar with its caps)
    keeps every part."""
    ax._key_handles = list(handles)
    ax.legend(handles=handles)


def sentence_case(s: str) -> str:
    """`s` (as a string) with its first letter capitalised and the rest as written: the case of a
    legend entry or category label ("plan" reads "Plan", "Above the range" stays)."""
    s = str(s)
    return s[:1].upper() + s[1:]


def _fit_legend(fig: Figure, ax, avail_px: float, subtitle: str | None = None) -> None:
    """Put the axes' legend just above the axes, starting at the figure's left margin (under
    the title), in as many columns as fit the figure's width. `subtitle`, wrapped to the
    width, is the legend's title: a line of plain type between the title and the key (the axes
    gets an empty legend to carry it if it has none)."""
    leg = ax.get_legend()
    if leg is None and not subtitle:
        return
    handles = getattr(ax, "_key_handles", None) or (leg.legend_handles if leg else [])
    labels = [t.get_text() for t in leg.get_texts()] if leg else []
    sub = (
        dict(title=wrap_to_width(fig, subtitle, avail_px, fontsize=SUBTITLE_SIZE), alignment="left") if subtitle else {}
    )
    ncol = len(labels)
    # flush left with the title and the note: no pad inside or around the (frameless) legend;
    # it stands LEGEND_GAP_PX above the axes
    anchor = mpl.transforms.blended_transform_factory(fig.transFigure, ax.transAxes)
    anchor = mpl.transforms.offset_copy(anchor, fig, y=LEGEND_GAP_PX * 72 / DPI, units="points")
    x0 = PAD_PX / (fig.get_figwidth() * fig.dpi)
    kw = dict(
        loc="lower left",
        bbox_to_anchor=(x0, 1.0),
        bbox_transform=anchor,
        fontsize=TEXT_SIZE,
        labelcolor=TEXT_COLOR,
        frameon=False,
        borderpad=0,
        borderaxespad=0,
        handlelength=1.6,
        columnspacing=1.4,
    )
    while ncol > 1:  # the columns are fitted to the entries; the subtitle is wrapped on its own
        if ax.legend(handles, labels, ncols=ncol, **kw).get_window_extent(_renderer(fig)).width <= avail_px:
            break
        ncol -= 1
    leg = ax.legend(handles, labels, ncols=max(ncol, 1), **kw, **sub)
    if subtitle:
        leg.get_title().set_fontsize(SUBTITLE_SIZE)
        leg.get_title().set_color(TEXT_COLOR)


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
    subtitle: str | None = None,
) -> Figure:
    """Finish a figure in the house style, laid out from measured sizes. Returns the figure.

    The title (bold, left) is wrapped to the figure's width and placed by the layout engine;
    the source note (small, grey) is wrapped likewise and the bottom margin reserved for it is
    its rendered height; each axes' legend goes above the axes in as many columns as fit.
    `subtitle` (plain type, wrapped) goes between the title and the first axes' legend: the
    place for what the chart counts or which rows it shows, never in the legend row itself.
    `ax` may be one axes or several (labels go on the first). `legend_width` (px) narrows the
    legends, for a chart that prints a column header right of the axes, above its plotting
    area. Last, `check_figure()` raises
    `LayoutError` if the finished figure has a layout or size problem (`check=False` skips it,
    for a figure that is drawn on after `decorate`; call `check_figure` yourself then).
    """
    axes = list(np.ravel(ax)) if isinstance(ax, (list, tuple, np.ndarray)) else [ax]
    W, H = fig.get_figwidth() * fig.dpi, fig.get_figheight() * fig.dpi
    # text set at twice the resolution runs a little wider than at 1x: keep 3% in hand, so that the
    # title, legends and note end outside RIGHT_MARGIN_PX; the axes and the texts beside them are
    # laid out inside `right` pixels of the right edge
    right = RIGHT_MARGIN_PX + 8
    avail = (W - PAD_PX - RIGHT_MARGIN_PX) * 0.97
    with mpl.rc_context(STYLE):
        title, note, subtitle = typeset(title), typeset(note or "") or None, typeset(subtitle or "") or None
        props = dict(fontsize=TITLE_SIZE, fontweight="bold")
        fig.suptitle(wrap_to_width(fig, title, avail, **props), x=PAD_PX / W, ha="left", **props)
        if xlabel is not None:
            axes[0].set_xlabel(xlabel)
        if ylabel is not None:
            axes[0].set_ylabel(ylabel)
        for i, a in enumerate(axes):
            _fit_legend(
                fig, a, avail if legend_width is None else min(avail, legend_width), subtitle if i == 0 else None
            )
        bottom = 0.0
        if note:
            nprops = dict(fontsize=NOTE_SIZE, color="#444444")
            wrapped = wrap_to_width(fig, note, avail, **nprops)
            fig.text(PAD_PX / W, PAD_PX / 2 / H, wrapped, ha="left", va="bottom", **nprops)
            bottom = (text_size(fig, wrapped, **nprops)[1] + PAD_PX) / H
        # the layout engine pads each side by PAD_PX; the right side gets RIGHT_MARGIN_PX and a few more
        rect = (0, bottom, 1 - (right - PAD_PX) / W, 1 - bottom)
        fig.get_layout_engine().set(rect=rect, h_pad=PAD_PX / 2 / DPI, w_pad=PAD_PX / DPI)
        _typeset_figure(fig)
    return check_figure(fig) if check else fig


def style_axes(ax) -> None:
    """The house frame: no top or right spine, dark grey ticks."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors="#333333")


def no_spines(ax) -> None:
    """No frame and no tick marks (matrices, whose cells are their own frame)."""
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)


def row_transform(ax, dx_px: float = 0):
    """Coordinates for marks beside the rows: x in axes fractions (0 = left edge, 1 = right
    edge), y in data units (a row's y), shifted `dx_px` pixels right (pixels of the figure at
    its own `DPI`: the shift is in points, so it keeps its size in a PNG saved at a higher
    resolution)."""
    where = mpl.transforms.blended_transform_factory(ax.transAxes, ax.transData)
    return mpl.transforms.offset_copy(where, ax.figure, x=dx_px * 72 / DPI, units="points") if dx_px else where


def column_transform(ax):
    """Coordinates for marks above or below the columns: x in data units (a column's x), y in
    axes fractions (0 = bottom edge, 1 = top edge)."""
    return mpl.transforms.blended_transform_factory(ax.transData, ax.transAxes)


def margin_transform(ax):
    """Coordinates for text that starts at the figure's left edge: x in figure fractions, y in
    the axes' data units."""
    return mpl.transforms.blended_transform_factory(ax.figure.transFigure, ax.transData)


HEADER_COLOR = "#222222"  # column headings: the colour of the values under them


def column_header(ax, x: float, header: str, *, dx_px: float = 0, y: float | None = None) -> Text:
    """The heading of a column of text beside an axes, in its one standard place: at `x` in axes
    fractions, shifted `dx_px` pixels right, its top on the axes' top edge (inside the plotting
    area's height, so it reads as the column's heading, not as part of the legend above). The
    chart leaves a line of room above its first row for it. `y` (data units, text standing on
    it) is only for a chart whose top edge is taken, e.g. by a row of column totals."""
    where = row_transform(ax, dx_px) if y is not None else _top_transform(ax, dx_px)
    va = "bottom" if y is not None else "top"
    kw = dict(ha="left", va=va, fontsize=LABEL_SIZE, color=HEADER_COLOR, linespacing=1.0)
    return ax.text(x, 1.0 if y is None else y, header, transform=where, **kw)


def _top_transform(ax, dx_px: float = 0):
    """Axes fractions, shifted `dx_px` pixels right."""
    return mpl.transforms.offset_copy(ax.transAxes, ax.figure, x=dx_px * 72 / DPI, units="points")


def column_text(
    ax,
    x: float,
    rows: Sequence[float],
    texts: Sequence[str],
    *,
    dx_px: float = 0,
    header: str | None = None,
    header_y: float | None = None,
    color: str = DARK,
    **props,
) -> list[Text]:
    """A column of texts at `x` in axes fractions (1.01: just right of the axes), each at its
    row's data y, shifted `dx_px` pixels right; with `header`, the column's heading in its
    standard place (`column_header`; `header_y` only where the axes' top edge is taken).
    Returns the texts, so a test can read them. Every chart that prints values beside its rows
    uses this."""
    kw = dict(transform=row_transform(ax, dx_px), ha="left", va="center", fontsize=TEXT_SIZE, color=color)
    kw.update(props)
    out = [ax.text(x, y, t, **kw) for y, t in zip(rows, texts, strict=True) if t]
    if header is not None:
        out.append(column_header(ax, x, header, dx_px=dx_px, y=header_y))
    return out


REFERENCE_ZORDER = 3.5  # above bars (2) and error bars (3), under text labels (4)


def reference_line(ax, x: float, label: str | None = None, *, lw: float = 1.0) -> Line2D | None:
    """A dashed vertical reference line at data `x`, drawn above the bars and error bars so it
    stays visible where they cross it. Returns its legend handle when `label` is given."""
    ax.axvline(x, color="#444444", lw=lw, ls="--", zorder=REFERENCE_ZORDER)
    if label is None:
        return None
    return Line2D([], [], color="#444444", lw=lw, ls="--", label=label)


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
    legend that leaves the canvas or comes within `RIGHT_MARGIN_PX` (at 1x, scaled to the
    figure's resolution) of its right edge; every two of them that overlap (by more than `tolerance`
    pixels each way); and every legend that covers the plotting area of an axes with visible
    axes. An empty list means no problem. Boxes are axis-aligned, so text rotated by other
    than 0 or 90 degrees is checked by its enclosing box (conservative).
    """
    _renderer(fig)  # gives a bare Figure its Agg canvas
    fig.canvas.draw()
    W, H = fig.bbox.width, fig.bbox.height
    margin = RIGHT_MARGIN_PX * fig.dpi / DPI  # the right margin at the resolution drawn
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
        if not sides and bb.x1 - (W - margin) > tolerance:
            problems.append(f"{name} ends {W - bb.x1:.0f} px from the right edge, inside the {margin:.0f} px margin")
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


#: The PNGs are saved at this multiple of `DPI` (`display.figure_png`), sharp on a high-density
#: screen and shown at 900 px. The layout is checked at that resolution, on the pixels that the PNG
#: is made of: text does not scale exactly with the resolution, and no figure is drawn at 1x.
SAVE_SCALE = 2


def draw_scaled(fig: Figure, scale: int = SAVE_SCALE) -> tuple[list[str], np.ndarray]:
    """Draw `fig` at `scale` times its resolution: its `layout_problems` there, and its pixels
    (one row per pixel row, RGBA). The figure's own resolution is restored.

    It is laid out twice: the first pass at a new resolution (without rendering) places the axis
    labels from the tick labels' new sizes, so only the second, drawn, shows the layout that any
    later draw repeats."""
    dpi = fig.dpi
    try:
        fig.set_dpi(dpi * scale)
        _renderer(fig)  # gives a bare Figure its Agg canvas
        fig.draw_without_rendering()
        problems = layout_problems(fig)
        pixels = np.asarray(fig.canvas.buffer_rgba()).copy()
    finally:
        fig.set_dpi(dpi)
    return problems, pixels


def check_figure(fig: Figure) -> Figure:
    """Return `fig` if it has no layout or size problem (`layout_problems` at `SAVE_SCALE` times
    its resolution, `size_problems`); otherwise raise `LayoutError` listing them all.

    The pixels drawn for the check are kept with the figure for `scaled_pixels`, so a figure that
    is shown unchanged is not drawn twice."""
    problems, pixels = draw_scaled(fig)
    problems = [f"{p} (at {SAVE_SCALE}x resolution)" for p in problems] + size_problems(fig)
    if problems:
        raise LayoutError("the figure's layout breaks the house style:\n- " + "\n- ".join(problems))
    fig._checked_pixels = pixels
    fig.stale = False  # restoring the resolution changed no artist; any later change sets it again
    return fig


def scaled_pixels(fig: Figure, scale: int = SAVE_SCALE) -> np.ndarray:
    """The figure's pixels at `scale` times its resolution (as `draw_scaled`): those that
    `check_figure` drew if the figure has not changed since (matplotlib marks a changed figure
    stale), otherwise drawn now."""
    kept = getattr(fig, "_checked_pixels", None)
    if scale == SAVE_SCALE and kept is not None and not fig.stale:
        return kept
    return draw_scaled(fig, scale)[1]


def _category_patch_kw(category: str, edge: str = "#333333") -> dict:
    """Face, edge and hatch of a bar of `category`: hatched categories are white with a hatch,
    edged in `HATCH_COLOR`; outlined ones (`OUTLINED`) white, edged in their colour; the others
    filled, edged in `edge`."""
    if category in HATCHED:
        return dict(facecolor=CATEGORY_COLORS.get(category, "#FFFFFF"), edgecolor=HATCH_COLOR, hatch=HATCH)
    if category in OUTLINED:
        return dict(facecolor="#FFFFFF", edgecolor=OUTLINED[category])
    return dict(facecolor=CATEGORY_COLORS.get(category, OKABE_ITO["grey"]), edgecolor=edge)
