"""Dot charts: a value per row drawn as a dot (or a tick, or a bar end) with its interval.

Which to copy:

- `dumbbell`: two shares per row (pre- and post-meeting) with their intervals, optionally a
  second panel with the difference and its p-value; copy it to compare two groups row by row.
- `position_strip`: where things occur along a text, one tick per occurrence; copy it for
  positions or dates of single events per row.
- `kappa_bars`: one estimate per row (Cohen's kappa) with its interval, a reference line and
  a text column of counts right of the axes; copy it for any estimate with an interval.
- `kappa_dots`: two estimates per row in two panels, each with its own keyed interval (a
  line, a pale band), hollow where an interval collapses; copy it to set two measures side
  by side.
- `pair_dots`: an observed count against the range chance gives (a grey bar); copy it to
  compare counts with a null model.
- `stage_dots`: two counts per row in the interview colours, rows grouped by where they
  occur, totals beside them; copy it for a compact before/after count.

Text beside the rows goes through `style.column_text`, reference lines through
`style.reference_line`, numbers through `style.number` / `style.signed`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .style import (
    CHANCE_GREY,
    DARK,
    LABEL_SIZE,
    LIGHT_GREY,
    RANGE_GREY,
    REFERENCE_ZORDER,
    SMALL,
    STAGE_COLORS,
    TEXT_COLOR,
    TEXT_SIZE,
    column_text,
    decorate,
    new_figure,
    number,
    reference_line,
    row_transform,
    sentence_case,
    set_key,
    signed,
    signed_formatter,
    style_axes,
    text_size,
    wilson_interval,
)

# --- dumbbell ------------------------------------------------------------------------------


def _share_bounds(df, k, n, intervals) -> list:
    """Per side, the (lo, hi) arrays of the share's interval, or None: from the `intervals`
    columns, else the Wilson interval of k/n, else none."""
    if intervals is not None:
        return [(df[lo].to_numpy(float), df[hi].to_numpy(float)) for lo, hi in intervals]
    if k is not None and n is not None:
        return [wilson_interval(df[kk], df[nn] if isinstance(nn, str) else nn) for kk, nn in zip(k, n, strict=True)]
    return [None, None]


def _draw_share_dots(ax, df, y, columns, colors, labels, bounds) -> None:
    """One dot per row and side (with its error bar when bounded); unbounded sides are joined
    by a grey bar, bounded ones drawn on two sub-rows so the bars do not overlap."""
    offsets = (-0.14, 0.14) if bounds[0] is not None else (0, 0)
    if bounds[0] is None:  # the plain dumbbell: a bar joins the two dots
        ax.hlines(y, df[columns[0]], df[columns[1]], color="#BBBBBB", lw=2, zorder=1)
    labels = [sentence_case(label) for label in labels]
    for side, (col, color, label, off, bnd) in enumerate(zip(columns, colors, labels, offsets, bounds, strict=True)):
        x = df[col].to_numpy(float)
        if bnd is not None:
            xerr = [x - bnd[0], bnd[1] - x]
            ax.errorbar(
                x, y + off, xerr=xerr, fmt="none", ecolor=color, elinewidth=1.2, capsize=0, zorder=2, clip_on=False
            )
        ax.scatter(x, y + off, color=color, s=46, zorder=3 + side, label=label, clip_on=False, linewidth=0)


def _count_columns(ax, df, y, k, n, colors, gap_px: float = 14) -> None:
    """The "k/n" columns right of the axes, one per side, each as wide as the widest "k/n" of
    either side plus `gap_px` (so the columns line up whatever the counts), each under a dot in
    its side's colour, and the heading "passages" over both."""
    columns = []
    for kk, nn in zip(k, n, strict=True):
        totals = df[nn] if isinstance(nn, str) else pd.Series([nn] * len(df), index=df.index)
        columns.append([f"{int(kv)}/{int(nv)}" for kv, nv in zip(df[kk], totals, strict=True)])
    step = max(text_size(ax.figure, t, fontsize=TEXT_SIZE)[0] for col in columns for t in col) + gap_px
    for side, (texts, color) in enumerate(zip(columns, colors, strict=True)):
        column_text(ax, 1.03, y, texts, dx_px=step * side)
        key = row_transform(ax, step * side + 8)
        ax.plot([1.03], [-0.75], transform=key, marker="o", ms=6, color=color, ls="", clip_on=False)
    column_text(ax, 1.03, [], [], header="passages")


def _share_axis(ax, df, cats, columns, bounded: bool, counted: bool) -> None:
    """Row labels, a 0–100% x axis (or to the largest share when unbounded), light grid."""
    ax.set_yticks(np.arange(len(cats)), cats)
    ax.set_ylim(len(cats) - 0.5, -1.45 if counted else -0.6)
    ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0, decimals=0))
    ax.set_xlim(0, 1) if bounded else ax.set_xlim(0, max(float(df[list(columns)].max().max()) * 1.1, 0.1))
    ax.spines["left"].set_position(("outward", 8))
    ax.grid(axis="x", color="#EEEEEE")
    ax.set_axisbelow(True)
    style_axes(ax)
    ax.legend()


#: The difference panel's direction labels: a difference between two texts, not a change in time.
DIRECTIONS = ("← lower in\npost-meeting", "higher in\npost-meeting →")


def _difference_panel(dax, df, y, difference, p, p_header: str, xlabel: str, directions) -> None:
    """The right-hand panel: each row's difference (points), a dot on its interval (a grey
    band), a dashed zero line, signed tick labels with a true minus, the two `directions` over
    it (at the column headings' height) and, with `p`, the p-value column under `p_header`."""
    est, lo, hi = (df[c].to_numpy(float) for c in difference)
    dax.hlines(y, lo, hi, color=RANGE_GREY, lw=7, zorder=2)
    dax.plot(est, y, "o", color=DARK, ms=6, ls="", zorder=3)
    dax.axvline(0, color="#444444", lw=1, ls="--", zorder=2.5)
    span = math.ceil(max(np.nanmax(np.abs(np.r_[lo, hi])) if len(df) else 10, 10) / 10) * 10
    dax.set_xlim(-span, span)
    dax.xaxis.set_major_formatter(signed_formatter())
    dax.grid(axis="x", color="#EEEEEE")
    dax.set_axisbelow(True)
    dax.tick_params(axis="y", left=False, labelleft=False)
    dax.spines["left"].set_visible(False)
    style_axes(dax)
    dax.set_xlabel(xlabel)
    for x, ha, s in ((0.0, "left", directions[0]), (1.0, "right", directions[1])):
        dax.text(x, 1.0, s, transform=dax.transAxes, ha=ha, va="top", fontsize=LABEL_SIZE, color="#444444", ma=ha)
    if p is not None:
        column_text(dax, 1.03, y, [number(v, ".2f") for v in df[p].to_numpy(float)], header=p_header)


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
    difference_xlabel: str = "difference (percentage points)",
    p_header: str = "adjusted p",
    directions: tuple[str, str] = DIRECTIONS,
    difference_header: str | None = None,
    share_header: str | None = None,
    bold: Sequence[str] = (),
    subtitle: str | None = None,
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
    row's difference, a dot on its interval (a grey band), a line at zero, `directions` over
    it, and, with `p`, a p-value column printed right of it under `p_header` (leave it out
    when the intervals already carry the adjustment), and `difference_header` over it (e.g.
    "Post − pre (99.6% interval)"), and `share_header` over the shares' panel. Row labels in
    `bold` (core themes) are set bold.
    `subtitle` goes under the title: how to read the chart and the rows' order.
    """
    if sort_by is not None:
        df = df.sort_values(sort_by, ascending=False, kind="stable")
    cats = list(df[category])
    if difference is not None:  # a key axes over both panels carries the legend and subtitle
        shape = dict(height_ratios=[0.001, 1], width_ratios=[1.05, 1.0])
        fig, grid = new_figure(height=1.7 + 0.34 * len(cats), nrows=2, ncols=2, **shape)
        ax, dax, key = grid[1, 0], grid[1, 1], _key_axes(grid)
        dax.sharey(ax)
    else:
        fig, ax = new_figure(height=1.4 + 0.34 * len(cats))
    y = np.arange(len(cats))
    bounds = _share_bounds(df, k, n, intervals)
    _draw_share_dots(ax, df, y, (left, right), colors, labels, bounds)
    if k is not None and n is not None:
        _count_columns(ax, df, y, k, n, colors)
    _share_axis(ax, df, cats, (left, right), bounded=bounds[0] is not None, counted=k is not None)
    for t in ax.get_yticklabels():
        t.set_fontweight("bold" if t.get_text() in set(bold) else "normal")
    if difference is None:
        return decorate(fig, ax, title=title, xlabel=xlabel, note=note, subtitle=subtitle)
    _difference_panel(dax, df, y, difference, p, p_header, difference_xlabel, directions)
    if difference_header:
        panel_heading(dax, difference_header)
    if share_header:
        panel_heading(ax, share_header)
    key.legend(*ax.get_legend_handles_labels())
    ax.get_legend().remove()
    ax.set_xlabel(xlabel)
    return decorate(fig, [key, ax, dax], title=title, note=note, subtitle=subtitle)


# --- position strip ------------------------------------------------------------------------


def _strip_counts(ax, df, cats, groups, offset, category, group, totals, unit, colors) -> None:
    """The "k/n" column right of the axes, one entry per sub-row, each after a tick in its
    group's colour (the chart's own mark, so the column keys itself), under the heading `unit`
    (inside the axes' height, so the legend above the axes may run over it)."""
    for g in groups:
        k = df[df[group] == g].groupby(category).size().reindex(cats, fill_value=0)
        rows = [i + offset[g] for i in range(len(cats))]
        ax.scatter(
            [1.015] * len(rows),
            rows,
            marker="|",
            s=50,
            linewidths=2.4,
            color=colors[g],
            transform=row_transform(ax, 4),
            clip_on=False,
        )
        column_text(ax, 1.015, rows, [f"{int(k[c])}/{int(totals[g])}" for c in cats], dx_px=12)
    column_text(ax, 1.015, [], [], header=unit)


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
    bold: Sequence[str] = (),
    subtitle: str | None = None,
) -> Figure:
    """Where things occur along a text: one row per `category`, one bold tick per occurrence
    at its relative position (0 = start of the interview, 1 = end), each `group` (interview)
    on its own sub-row so no tick hides another. With `totals` (per group, e.g. passages per
    interview), each sub-row's count "k/n" is printed right of the axes after a tick in the
    group's colour. Row labels in `bold` (core themes) are set bold. `subtitle` (what the rows
    are, what a tick is) goes under the title."""
    cats = list(category_order) if category_order is not None else list(dict.fromkeys(df[category]))
    groups = list(dict.fromkeys(df[group]))
    ng = max(len(groups), 1)
    fig, ax = new_figure(height=1.7 + 0.24 * ng * len(cats))
    offset = {g: (i - (ng - 1) / 2) * 0.8 / ng for i, g in enumerate(groups)}
    for g in groups:
        sub = df[df[group] == g]
        ypos = sub[category].map({c: i for i, c in enumerate(cats)}) + offset[g]
        ax.scatter(
            sub[position],
            ypos,
            marker="|",
            s=130,
            linewidths=3.4,
            color=colors[g],
            label=sentence_case(labels.get(g, g)),
            clip_on=False,
        )
    for i in range(1, len(cats)):
        ax.axhline(i - 0.5, color="#DDDDDD", lw=0.8, zorder=0)
    if totals is not None:
        _strip_counts(ax, df, cats, groups, offset, category, group, totals, unit, colors)
    ax.set_yticks(range(len(cats)), cats)
    for t in ax.get_yticklabels():
        t.set_fontweight("bold" if t.get_text() in set(bold) else "normal")
    ax.set_ylim(len(cats) - 0.5, -0.85)
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["start", "¼", "½", "¾", "end"])
    ax.grid(axis="x", color="#EEEEEE")
    ax.set_axisbelow(True)
    style_axes(ax)
    ax.legend()
    xlabel = "position in the interview (passage order)"
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note, subtitle=subtitle)


# --- kappa ---------------------------------------------------------------------------------


def _count_text(row: pd.Series, positives, positives_label, agreed, agreed_lo, agreed_hi) -> str:
    """The counts after a row's kappa: " · 5 coded passages", or " · 3 of 5 coded passages
    agreed (23–88%)" with the agreed count and its interval."""
    if positives is None or pd.isna(row[positives]):
        return ""
    npos = int(row[positives])
    if agreed is None or pd.isna(row[agreed]):
        return f" · {npos} {positives_label}"
    out = f" · {int(row[agreed])} of {npos} {positives_label} agreed"
    if agreed_lo is not None and agreed_hi is not None and pd.notna(row[agreed_lo]):
        out += f" ({row[agreed_lo]:.0%}–{row[agreed_hi]:.0%})".replace("%–", "–")
    return out


def _kappa_intervals(ax, k, y, low, high) -> np.ndarray:
    """Black error bars for the finite intervals; returns which rows' intervals collapse to a
    point (no disagreement: every bootstrap sample gives the same kappa)."""
    ok = np.isfinite(k) & np.isfinite(low) & np.isfinite(high)
    xerr = [k[ok] - low[ok], high[ok] - k[ok]]
    ax.errorbar(k[ok], y[ok], xerr=xerr, fmt="none", ecolor="#000000", elinewidth=1.1, capsize=3, zorder=3)
    return ok & (np.abs(high - low) < 1e-9)


def _undefined_kappa(ax, yi: float, xmin: float) -> None:
    """A hatched placeholder across the row for a kappa with no positives on either side."""
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
    box = dict(facecolor="white", edgecolor="none", pad=1)
    ax.text(
        0.5 * (1 + xmin),
        yi,
        "undefined: no positives",
        ha="center",
        va="center",
        fontsize=SMALL,
        color="#444444",
        bbox=box,
        zorder=4,
    )


def _kappa_rows(ax, k, xmin: float, is_core, collapsed, counts: Sequence[str]) -> None:
    """Per row: the placeholder of an undefined kappa, or the note inside a bar whose interval
    collapses; then the row's kappa and counts in the column right of the axes."""
    for i, kv in enumerate(k):
        if np.isnan(kv):
            _undefined_kappa(ax, i, xmin)
        elif collapsed[i]:
            color = "white" if is_core[i] else "#111111"
            text = "no disagreement: the interval collapses"
            ax.text(kv - 0.02 * (1 - xmin), i, text, ha="right", va="center", fontsize=SMALL, color=color, zorder=4)
        kappa_text = "κ n/a" if np.isnan(kv) else f"κ {number(kv, '.2f')}"
        column_text(ax, 1.01, [i], [kappa_text + counts[i]], color="#333333")


def _kappa_xmin(df, k, lo) -> float:
    """The x axis' left end: 0, or the lowest kappa or interval bound rounded down to 0.1."""
    lows = np.nanmin(df[lo].to_numpy(float)) if lo is not None and len(df) else 0.0
    xmin = min(0.0, np.nanmin(k) if np.isfinite(k).any() else 0.0, lows if np.isfinite(lows) else 0.0)
    return math.floor(xmin * 10) / 10


def _kappa_handles(has_core: bool, has_interval: bool) -> list:
    handles = []
    if has_core:
        handles += [Patch(color=DARK, label="core theme"), Patch(color=LIGHT_GREY, label="other theme")]
    if has_interval:
        handles.append(Line2D([], [], color="#000000", marker="|", markersize=8, lw=1.1, label="95% interval"))
    return handles


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
    read as certainty. A dashed line, drawn above the bars, marks `reference`. An undefined
    kappa (NaN: no positives on either side) is drawn as a labelled placeholder, not dropped.
    The x label comes from the caller.

    Columns: `label`, `kappa`; optional `core` (bool), `lo`, `hi`, `positives` (int),
    `agreed` (int), `agreed_lo`, `agreed_hi`.
    """
    fig, ax = new_figure(height=1.4 + 0.3 * len(df))
    y = np.arange(len(df))
    k = df[kappa].to_numpy(float)
    has_core = core is not None and core in df
    is_core = df[core].astype(bool).to_numpy() if has_core else np.ones(len(df), bool)
    ax.barh(y, np.nan_to_num(k), color=[DARK if c else LIGHT_GREY for c in is_core], height=0.6, zorder=2)
    xmin = _kappa_xmin(df, k, lo)
    collapsed = np.zeros(len(df), bool)
    if lo is not None and hi is not None:
        collapsed = _kappa_intervals(ax, k, y, df[lo].to_numpy(float), df[hi].to_numpy(float))
    counts = [_count_text(r, positives, positives_label, agreed, agreed_lo, agreed_hi) for _, r in df.iterrows()]
    _kappa_rows(ax, k, xmin, is_core, collapsed, counts)
    handles = _kappa_handles(has_core, lo is not None and hi is not None)
    if reference is not None:
        handles.append(reference_line(ax, reference, reference_label))
    ax.set_yticks(y, list(df[label]))
    ax.set_ylim(len(df) - 0.5, -0.5)
    ax.set_xlim(xmin, 1.0)
    if xmin < 0:
        ax.axvline(0, color="#444444", lw=0.8, zorder=1)
    style_axes(ax)
    if handles:
        ax.legend(handles=handles)
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note)


# --- pair dots: observed against the range chance gives ------------------------------------


def chance_range(n_a, n_b, n_total, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """The central `level` range of the passages two codes would share if they were
    independent: the hypergeometric count of `n_b` passages drawn from `n_total` of which
    `n_a` carry the other code (`scipy.stats.hypergeom`)."""
    from scipy.stats import hypergeom

    dist = hypergeom(np.asarray(n_total), np.asarray(n_a), np.asarray(n_b))
    tail = (1 - level) / 2
    return dist.ppf(tail), dist.ppf(1 - tail)


def _chance_ranges(ax, lo, hi, y):
    """Each pair's chance range as a thin grey line with end ticks (`CHANCE_GREY`: the house
    mark of a range chance gives, never a confidence interval). Returns its legend handle."""
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    return ax.errorbar(mid, y, xerr=half, fmt="none", ecolor=CHANCE_GREY, elinewidth=1.3, capsize=4, capthick=1.3)


def _pair_handles(ranges) -> list:
    """The key of `pair_dots`: filled and hollow dots, the chance range and the expected count."""
    dot = dict(ls="", marker="o", markersize=6.5)
    ranges.set_label("95% range if the themes were independent")
    return [
        Line2D([], [], color=DARK, **dot, label="Above the range"),
        Line2D([], [], mfc="white", mec=DARK, mew=1.3, **dot, label="At or inside it"),
        ranges,
        Line2D([], [], ls="", marker="|", markersize=11, mew=1.4, color=DARK, label="Expected if independent"),
    ]


def pair_dots(
    df: pd.DataFrame,
    *,
    title: str,
    note: str,
    min_observed: int = 3,
    highlight: tuple[str, str] | None = None,
    xlabel: str = "passages coded with both themes",
    subtitle: str | None = None,
) -> Figure:
    """Which pairs of codes share passages more often than chance: one row per pair sharing at
    least `min_observed` passages (or the most shared, if none does), ordered by observed minus
    expected passages (most above expectation first), a
    dot at the passages with both, over the range 95% of chance arrangements give if the two
    were independent (`chance_range`, both ends included; a thin grey line with end ticks),
    with a short dark tick at the expected count, behind the dot. A dot right of its range is filled (above
    the unadjusted 95% range), any other hollow. `highlight` = (label, label) sets that pair's
    row in italics. `subtitle` goes under the title: say there what is counted, of how many
    passages, which pairs are drawn, and how many would clear their range by chance alone;
    each range is one pair's, unadjusted for the many pairs.

    Columns: `label_a`, `label_b`, `n_a`, `n_b`, `n_total`, `observed`, `expected`, as from
    `stats.cooccurrence_vs_chance`.
    """
    d = df[df.observed >= min(min_observed, df.observed.max())]
    d = d.assign(_excess=d.observed - d.expected).sort_values(["_excess", "observed"], ascending=[False, False])
    lo, hi = chance_range(d.n_a, d.n_b, d.n_total)
    y, obs = np.arange(len(d)), d.observed.to_numpy(float)
    fig, ax = new_figure(height=1.6 + 0.27 * len(d))
    ranges = _chance_ranges(ax, np.asarray(lo, float), np.asarray(hi, float), y)
    ax.plot(d.expected, y, "|", color=DARK, markersize=13, mew=1.4, zorder=2.5)  # behind the dots, taller than them
    above = obs > hi
    ax.plot(obs[above], y[above], "o", color=DARK, markersize=6.5, zorder=3)
    ax.plot(obs[~above], y[~above], "o", mfc="white", mec=DARK, mew=1.3, markersize=6.5, zorder=3)
    labels = [f"{a} + {b}" for a, b in zip(d.label_a, d.label_b, strict=True)]
    ax.set_yticks(y, labels)
    if highlight is not None:
        for t, (a, b) in zip(ax.get_yticklabels(), zip(d.label_a, d.label_b, strict=True), strict=True):
            t.set_fontstyle("italic" if {a, b} == set(highlight) else "normal")
    ax.set_ylim(len(d) - 0.5, -0.5)
    ax.set_xlim(-0.3, max(obs.max(), np.max(hi)) + 0.7)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.grid(axis="y", visible=False)
    style_axes(ax)
    set_key(ax, _pair_handles(ranges))
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note, subtitle=subtitle)


# --- stage dots: two counts per row, grouped by where the row occurs ------------------------


def _stage_groups(m: pd.DataFrame, names: Sequence[str]) -> list[tuple[str, pd.DataFrame]]:
    """The rows of the (row x stage) count table `m` in three groups, each sorted by total
    (ties keep `m`'s order): rows counted in both stages, only in the second, only in the
    first, named by `names`; empty groups are left out."""
    first, second = m.columns
    masks = [(m[first] > 0) & (m[second] > 0), (m[first] == 0) & (m[second] > 0), (m[first] > 0) & (m[second] == 0)]
    out = []
    for name, mask in zip(names, masks, strict=True):
        g = m[mask]
        if len(g):
            out.append((name, g.iloc[np.argsort(-g.sum(axis=1).to_numpy(), kind="stable")]))
    return out


def _stage_table(df, category, value, stages, stage, order) -> pd.DataFrame:
    m = df.pivot_table(index=category, columns=stage, values=value, aggfunc="sum", fill_value=0, observed=True)
    return m.reindex(index=list(order) if order is not None else m.index, columns=list(stages), fill_value=0)


def stage_order(
    df: pd.DataFrame,
    *,
    category: str,
    value: str,
    stages: Sequence[str],
    stage: str = "stage",
    order: Sequence[str] | None = None,
) -> list[str]:
    """The rows in `stage_dots`' order (in both stages, then only the second, then only the
    first; each by total, ties in `order`), for other charts of the same rows to share."""
    m = _stage_table(df, category, value, stages, stage, order)
    return [r for _, g in _stage_groups(m, ("", "", "")) for r in g.index]


def _stage_rows(ax, g: pd.DataFrame, rows: np.ndarray, labels: dict[str, str]) -> None:
    """One group's rows: a grey line joining a row's two dots, each dot in its stage's colour;
    where both counts are equal, one split dot (left half the first stage's colour, right half
    the second's), so that every row follows one rule: one mark per distinct count."""
    first, second = list(labels)
    ax.hlines(rows, g.where(g > 0).min(axis=1), g.max(axis=1), color=LIGHT_GREY, lw=2, zorder=2)
    same = (g[first] == g[second]).to_numpy()
    for s in labels:
        v = g[s].to_numpy(float)
        ax.plot(np.where((v > 0) & ~same, v, np.nan), rows, "o", color=STAGE_COLORS.get(s, DARK), ms=7, zorder=3)
    if same.any():
        c1, c2 = STAGE_COLORS.get(first, DARK), STAGE_COLORS.get(second, DARK)
        kw = dict(ms=8, zorder=3, fillstyle="left", markerfacecoloralt=c2, markeredgecolor="none", color=c1)
        ax.plot(g[first].to_numpy(float)[same], rows[same], "o", **kw)


def _stage_columns(ax, m: pd.DataFrame, ticks, labels: dict[str, str], n: dict[str, int] | None, head_y) -> float:
    """Right of the axes, per row its count in each stage over the stage's passages ("2/21",
    a zero too: "0/24") and the total ("4/45"), under short headers in sentence case ("Pre",
    "Post", "Total"), at the subtitle's size; without `n`, the bare counts. Returns where the
    next column may start (pixels right of the axes' edge)."""
    cols = [*labels, None]
    total_n = sum(n.values()) if n else None
    step = max(text_size(ax.figure, t, fontsize=TEXT_SIZE)[0] for t in ("Total", f"{total_n or 99}/{total_n or 99}"))
    step += 14
    for j, s in enumerate(cols):
        vals = m.sum(axis=1) if s is None else m[s]
        den = total_n if s is None else (n or {}).get(s)
        texts = [number(v) + (f"/{den}" if den else "") for v in vals]
        header = "Total" if s is None else str(s).split("-")[0].capitalize()
        column_text(ax, 1.02, ticks, texts, dx_px=step * j)
        # on one baseline (va="bottom" would lift the headers with a descender, "pre", "post")
        kw = dict(transform=row_transform(ax, step * j), va="baseline", fontsize=TEXT_SIZE, color=DARK)
        ax.text(1.02, head_y + 0.25, header, **kw)
    return step * len(cols) + 4


def _difference_column(ax, diff: pd.DataFrame, rows: Sequence[str], ticks, head_y, dx_px: float, header: str) -> None:
    """A text column of each row's difference and its interval, "+17 (−13, +46)", in points
    (columns est, lo, hi of `diff`, indexed by row), under `header`."""
    d = diff.reindex(list(rows))
    texts = [f"{signed(e)} ({signed(lo)}, {signed(hi)})" for e, lo, hi in d.to_numpy(float)]
    column_text(ax, 1.02, ticks, texts, dx_px=dx_px)
    kw = dict(transform=row_transform(ax, dx_px), va="baseline", fontsize=TEXT_SIZE, color=DARK)
    ax.text(1.02, head_y + 0.25, header, **kw)


def _same_label(ax, groups, labels: dict[str, str], ticks_of: dict[str, float]) -> None:
    """A direct label at the first split dot (equal counts in both stages): "same count in
    both", right of the dot, instead of a legend entry."""
    first, second = list(labels)
    for _, g in groups:
        same = g.index[(g[first] == g[second]) & (g[first] > 0)]
        if len(same):
            x = float(g.loc[same[0], first])
            ax.annotate(
                "same count in both",
                (x, ticks_of[same[0]]),
                xytext=(9, 0),
                textcoords="offset points",
                va="center",
                fontsize=TEXT_SIZE,
                color=TEXT_COLOR,
            )
            return


def stage_dots(
    df: pd.DataFrame,
    *,
    category: str,
    value: str,
    labels: dict[str, str],
    title: str,
    note: str,
    stage: str = "stage",
    order: Sequence[str] | None = None,
    group_names: Sequence[str] = (
        "named in both interviews",
        "post-meeting interview only",
        "pre-meeting interview only",
    ),
    xlabel: str | None = None,
    n: dict[str, int] | None = None,
    difference: pd.DataFrame | None = None,
    difference_header: str = "Post − pre, points",
    subtitle: str | None = None,
) -> Figure:
    """Two counts per row (one per stage, in the stage colours) as dots on a shared axis, the
    rows grouped "in both / second only / first only" under bold headings in the label column,
    each group sorted by total (ties in `order`); a grey line joins a row's two dots, and equal
    counts are one split dot (half in each colour, labelled directly at its first use). A zero
    is not drawn (its group says so). Right of the axes, each row's counts over `n` (passages
    per stage, e.g. "2/21") and its total, so that counts from texts of different length carry
    their denominators; with `difference` (indexed by `category`, columns estimate, lo, hi in
    points), a last column of the difference and its interval under `difference_header`.

    Columns: `category`, `stage` (two stages, keys of `labels`, in `labels`' order), `value`.
    """
    m = _stage_table(df, category, value, labels, stage, order)
    groups = _stage_groups(m, group_names)
    fig, ax = new_figure(height=1.3 + 0.26 * (len(m) + len(groups)))
    y, ticks, names, heads = 0, [], [], []
    for _, g in groups:
        heads.append(y)
        rows = y + 1 + np.arange(len(g))
        _stage_rows(ax, g, rows, labels)
        ticks += list(rows)
        names += list(g.index)
        y = rows[-1] + 1.3
    head_y = heads[0] if heads else -0.5
    dx = _stage_columns(ax, m.loc[names], ticks, labels, n, head_y)
    if difference is not None:
        _difference_column(ax, difference, names, ticks, head_y, dx, difference_header)
    ax.set_yticks([*heads, *ticks], [name for name, _ in groups] + names)
    for lab, tick in zip(ax.get_yticklabels()[: len(heads)], ax.yaxis.get_major_ticks()[: len(heads)], strict=True):
        lab.set_fontweight("bold")
        lab.set_fontsize(SMALL)
        tick.tick1line.set_visible(False)
    ax.set_ylim(y - 0.8, -0.6)
    ax.set_xlim(0, m.to_numpy().max() + 0.5)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.grid(axis="x", color="#EEEEEE", lw=0.8)
    style_axes(ax)
    _same_label(ax, groups, labels, dict(zip(names, ticks, strict=True)))
    handles = [
        Line2D([], [], ls="", marker="o", ms=7, color=STAGE_COLORS.get(s, DARK), label=t) for s, t in labels.items()
    ]
    ax.legend(handles=handles)
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note, subtitle=subtitle)


# --- kappa dots: the estimate and its interval, then the share agreed and its interval -------


def _interval_dots(ax, x, lo, hi, y) -> None:
    """Filled dots at `x` on their 95% confidence interval, a light grey band (`RANGE_GREY`, as
    every confidence interval in the house style); where the interval has no width there is no
    band. Dots stay inside the axes (the x axis runs a little past 0 and 1)."""
    ok = np.isfinite(x)
    wide = ok & (np.abs(hi - lo) >= 1e-9)
    ax.hlines(y[wide], lo[wide], hi[wide], color=RANGE_GREY, lw=7, zorder=2)
    ax.plot(x[ok], y[ok], "o", color=DARK, ms=6.5, ls="", zorder=3)


def _collapsed_counts(ax, x, lo, hi, y, n) -> list:
    """Beside each dot whose interval has no width (the codings never disagree), the passages
    that rests on ("n = 3"), left of the dot, so that a dot without a band does not read as
    certainty. Returns the texts."""
    out = []
    for xi, li, hi_, yi, ni in zip(x, lo, hi, y, n, strict=True):
        if np.isfinite(xi) and abs(hi_ - li) < 1e-9:
            dot = mpl.transforms.offset_copy(ax.transData, ax.figure, x=-5, units="points")
            s = f"n\u2009=\u2009{int(ni)}"  # thin spaces: the label fits between the dot and the 0.80 line
            out.append(ax.text(xi, yi, s, transform=dot, ha="right", va="center", fontsize=TEXT_SIZE))
    return out


def _key_axes(grid):
    """An empty axes over the whole top row of a 2 x 2 `grid` (whose top axes it replaces), to
    carry the subtitle as wide as the figure."""
    gs = grid[0, 0].get_gridspec()
    grid[0, 0].remove()
    grid[0, 1].remove()
    key = grid[1, 0].figure.add_subplot(gs[0, :])
    key.axis("off")
    return key


def panel_heading(ax, heading: str) -> None:
    """A panel's heading over its plotting area, left-aligned, at `LABEL_SIZE` in plain type
    (bold in a chart marks core themes only)."""
    ax.set_title(heading, loc="left", fontsize=LABEL_SIZE + 0.5, fontweight="normal", color=DARK, pad=6)


def _agreement_panel(ax, heading: str, *, percent: bool, low: float = 0.0) -> None:
    """One panel of `kappa_dots`: the x axis from `low` (0 unless an interval runs below it) to
    1, with a little room past both ends, so that a band ending at 0 or 1 is seen to end there;
    its heading over the panel."""
    ax.set_xlim(low - 0.04, 1.04)
    ax.set_xticks(np.linspace(0, 1, 5) if low == 0 else np.arange(low, 1.0001, 0.2).round(1))
    if percent:
        ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0, decimals=0))
    panel_heading(ax, heading)
    style_axes(ax)


def _kappa_reference(ax, reference: float, n_rows: int) -> None:
    """The dashed line at kappa = `reference`, from the bottom of the rows up to just under its
    label, which stands over the first row."""
    ax.vlines(reference, n_rows - 0.5, -0.62, colors="#444444", lw=1.0, ls="--", zorder=REFERENCE_ZORDER)
    label = f"{number(reference, '.2f')} “almost perfect”"
    ax.text(reference, -0.98, label, ha="center", va="center", fontsize=LABEL_SIZE, color="#444444", zorder=4)


def kappa_note(df: pd.DataFrame, reference: float) -> str:
    """The method lines of `kappa_dots`' note: what kappa and the right-hand share are, what
    the bands are, what a dot with no band means, and, when an interval ends exactly at 0, why."""
    out = (
        f"Kappa: agreement beyond chance (1 = full, {number(reference, '.2f')} or more “almost perfect”). "
        "Right: of the "
        "passages either coding marked, the share both marked. Bands: 95% intervals (bootstrap for kappa, Wilson for "
        "the share); a dot without a band: the codings never disagree on its n passages."
    )
    if (np.abs(df.kappa_lo.to_numpy(float)) < 1e-9).any():
        out += " A band ending at 0: some resamples leave one coding without the theme (kappa 0)."
    return out


def kappa_dots(
    df: pd.DataFrame,
    *,
    title: str,
    note: str,
    reference: float = 0.8,
    compared: str | None = None,
    method: str | None = None,
    order: str = "codebook order",
) -> Figure:
    """Agreement per theme in two panels on shared rows, both on a 0-to-1 scale: left, Cohen's
    kappa; right, the share of the passages either coding coded that both coded, with
    "both/either" counts beside it. Each estimate is a filled dot on its 95% confidence
    interval, a grey band (bootstrap for kappa, Wilson for the share); where the two codings
    never disagree the kappa interval has no width, there is no band, and "n = …" (the
    passages either coded) stands left of the dot. A dashed line, labelled on the chart, marks
    kappa = `reference`. Core themes' labels are bold. The subtitle is `compared` (what two
    codings are compared) and the rows' `order`; the note starts with `method` (how the
    codings were made), then what kappa, the share and the bands are (`kappa_note`).

    Columns: label, core (bool), kappa, kappa_lo, kappa_hi, n_both, n_either, agreed_lo,
    agreed_hi (0..1), as from `stats.kappa_intervals` (renaming positive_agreement_lo/_hi).
    """
    fig, grid = new_figure(
        height=1.9 + 0.3 * len(df), nrows=2, ncols=2, height_ratios=[0.001, 1], width_ratios=[1.3, 1]
    )
    ax, bx, key = grid[1, 0], grid[1, 1], _key_axes(grid)
    bx.sharey(ax)
    y = np.arange(len(df))
    col = {c: df[c].to_numpy(float) for c in ["kappa", "kappa_lo", "kappa_hi", "agreed_lo", "agreed_hi"]}
    _interval_dots(ax, col["kappa"], col["kappa_lo"], col["kappa_hi"], y)
    _collapsed_counts(ax, col["kappa"], col["kappa_lo"], col["kappa_hi"], y, df.n_either.to_numpy())
    _kappa_reference(ax, reference, len(df))
    share = (df.n_both / df.n_either).to_numpy(float)
    _interval_dots(bx, share, col["agreed_lo"], col["agreed_hi"], y)
    counts = [f"{int(b)}/{int(n)}" for b, n in zip(df.n_both, df.n_either, strict=True)]
    column_text(bx, 1.0, y, counts, dx_px=10)
    ax.set_yticks(y, list(df.label))
    for t, core in zip(ax.get_yticklabels(), df.core.astype(bool), strict=True):
        t.set_fontweight("bold" if core else "normal")
    ax.set_ylim(len(df) - 0.5, -1.35)
    low = min(0.0, math.floor(np.nanmin(np.r_[0.0, col["kappa_lo"]]) * 10) / 10)
    _agreement_panel(ax, "Cohen’s kappa", percent=False, low=low)
    _agreement_panel(bx, "Coded by both / by either", percent=True)
    bx.tick_params(axis="y", left=False, labelleft=False)
    subtitle = ". ".join([*([compared] if compared else []), f"Themes in {order}; core themes in bold"])
    note = " ".join([*([method] if method else []), kappa_note(df, reference), note])
    return decorate(fig, [key, ax, bx], title=title, note=note, subtitle=subtitle)
