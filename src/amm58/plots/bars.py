"""Bar charts: one bar (or a cluster, or a stack) per category, with counts or shares.

Which to copy:

- `grouped_barh`: one value per (category, interview), the interviews side by side in their
  colours; copy it for a count or share compared between the two interviews.
- `stacked_barh`: parts of a whole per category (e.g. agreements by progress), one segment per
  part in its `CATEGORY_COLORS` colour; copy it for any composition.
- `partner_bars`: counts a long table (one row per link) into one panel per link type, bars
  on a shared scale, headed by direct labels; copy it for small multiples of counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .style import (
    CATEGORY_COLORS,
    DARK,
    EDGED,
    OKABE_ITO,
    SMALL,
    STYLE,
    SUBTITLE_SIZE,
    column_text,
    decorate,
    new_figure,
    number,
    row_transform,
    sentence_case,
    style_axes,
)


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
            text = number(v, ".0%") if percent else number(v)
            ax.text(v + vmax * 0.01, p, text, va="center", fontsize=SMALL, color="#333333")
    ax.set_yticks(y, cats)
    ax.set_ylim(len(cats) - 0.55, -0.45)  # tight: no empty band above the first or under the last cluster
    ax.set_xlim(0, vmax * 1.12 if vmax > 0 else 1)
    if percent:
        ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0, decimals=0))
    style_axes(ax)
    ax.legend()
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note)


def _stack_table(df, category, stack, value, category_order, stack_order, sort_by_total) -> pd.DataFrame:
    """One row per category, one column per stack value, in the chart's order (top first)."""
    m = df.pivot_table(index=category, columns=stack, values=value, aggfunc="sum", fill_value=0, observed=True)
    order = list(category_order) if category_order is not None else list(dict.fromkeys(df[category]))
    m = m.reindex(index=order, fill_value=0)
    if stack_order is not None:
        m = m.reindex(columns=[s for s in stack_order if s in m.columns])
    if sort_by_total:
        m = m.iloc[np.argsort(-m.sum(axis=1).to_numpy(), kind="stable")]
    return m


def _fold_single(m: pd.DataFrame, label: str | None) -> pd.DataFrame:
    """`m` with its rows of total one folded into one last row, "k {label}, one each"; `m`
    itself when `label` is None or fewer than two rows have a total of one."""
    single = m.sum(axis=1) == 1
    if label is None or single.sum() < 2:
        return m
    folded = m[single].sum().to_frame(f"{single.sum()} {label}, one each").T
    return pd.concat([m[~single], folded])


def _on_dark(color: str) -> bool:
    """Whether text on a fill of `color` should be white (dark fills, and the blue)."""
    return mcolors.rgb_to_hsv(mcolors.to_rgb(color))[2] < 0.6 or color == OKABE_ITO["blue"]


def _draw_stacks(ax, m: pd.DataFrame, palette: dict[str, str], *, label_single: bool, y=None) -> np.ndarray:
    """Draw the segments of every bar (at rows `y`, default 0, 1, ...), each labelled with its
    count at its centre; with `label_single=False` a bar made of one segment is left
    unlabelled (its total says it). Returns the bars' totals."""
    y = np.arange(len(m.index)) if y is None else np.asarray(y, float)
    left = np.zeros(len(m.index))
    n_segments = (m.to_numpy() > 0).sum(axis=1)
    for s in m.columns:
        vals = m[s].to_numpy(dtype=float)
        c = palette.get(s, OKABE_ITO["grey"])
        edge = dict(edgecolor=EDGED[s], linewidth=1.0) if s in EDGED else dict(edgecolor="white")
        ax.barh(y, vals, left=left, color=c, label=s, height=0.7, **edge)
        for i, (l0, v) in enumerate(zip(left, vals, strict=True)):
            if v and (label_single or n_segments[i] > 1):
                color = "white" if _on_dark(c) else "black"
                ax.text(l0 + v / 2, y[i], number(v), ha="center", va="center", fontsize=SUBTITLE_SIZE, color=color)
        left += vals
    return left


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
    subtitle: str | None = None,
    fold_single: str | None = None,
    legend_totals: bool = False,
    labels: dict[str, str] | None = None,
    value_axis: bool = True,
) -> Figure:
    """Horizontal stacked bars: one bar per `category` (top to bottom in `category_order`, in
    order of first appearance, or by total when `sort_by_total`), one segment per `stack` value
    coloured by `colors` or `CATEGORY_COLORS`, each labelled with its count (a bar of one
    segment too, so every bar reads alike); `totals` prints the bar's total at its end (in
    bold). `subtitle` goes under the title, above the legend (`decorate`). `fold_single` (a
    label, e.g. "other kinds") folds the categories with a total of one into one bar at the
    bottom, set apart by a gap and named "k {fold_single}, one each"; `legend_totals` follows
    each stack value in the legend with its total. `labels` renames categories for display
    (e.g. "FTA" to "free trade agreement"). Category and legend labels are printed in sentence
    case. With `value_axis=False` the count axis is left out (every segment carries its count,
    every bar its total)."""
    m = _stack_table(df, category, stack, value, category_order, stack_order, sort_by_total)
    m = _fold_single(m.rename(index=lambda c: (labels or {}).get(c, c)), fold_single)
    folded = fold_single is not None and len(m.index) and str(m.index[-1]).endswith(", one each")
    y = np.arange(len(m.index)) + np.where(folded & (np.arange(len(m.index)) == len(m.index) - 1), 0.4, 0)
    fig, ax = new_figure(height=1.4 + 0.38 * len(m.index) + (0.15 if folded else 0))
    left = _draw_stacks(ax, m, {**CATEGORY_COLORS, **(colors or {})}, label_single=True, y=y)
    if totals:
        for yi, t in zip(y, left, strict=True):
            ax.text(
                t + left.max() * 0.01, yi, number(t), va="center", fontsize=SUBTITLE_SIZE, color=DARK, fontweight="bold"
            )
    ax.set_yticks(y, [sentence_case(c) for c in m.index])
    ax.set_ylim(y[-1] + 0.55 if len(y) else 0.5, -0.55)
    ax.set_xlim(0, max(left.max(), 1) * (1.08 if totals else 1.05))
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    style_axes(ax)
    if not value_axis:
        ax.spines["bottom"].set_visible(False)
        ax.tick_params(axis="x", bottom=False, labelbottom=False)
        xlabel = None
    handles, labels = ax.get_legend_handles_labels()
    labels = [f"{sentence_case(s)} ({number(m[s].sum())})" if legend_totals else sentence_case(s) for s in labels]
    ax.legend(handles, labels)
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note, subtitle=subtitle)


def _panels(height: float, n: int) -> tuple[Figure, list]:
    """A figure of `n` side-by-side panels sharing both axes, under a thin empty axes across
    them all that carries the subtitle (a legend on one panel would squeeze it)."""
    fig, head = new_figure(height=height)
    with mpl.rc_context(STYLE):
        grid = fig.add_gridspec(2, n, height_ratios=[0.001, 1])
        head.set_subplotspec(grid[0, :])
        head.axis("off")
        first = fig.add_subplot(grid[1, 0])
        axes = [first] + [fig.add_subplot(grid[1, j], sharex=first, sharey=first) for j in range(1, n)]
    for ax in axes[1:]:
        ax.tick_params(axis="y", labelleft=False)
    return fig, axes


def _link_panel(ax, y, counts: np.ndarray, heading: str, color: str) -> None:
    """One panel of `partner_bars`: a bar per row with its count at its end (a zero a faint "0"
    at the axis, so that an empty row reads as none, not as missing), the panel's heading above
    the first row (a direct label, no legend)."""
    ax.barh(y, counts, color=color, height=0.62)
    for yi, v in zip(y, counts, strict=True):
        ax.text(v + 0.08, yi, number(v), va="center", fontsize=SMALL, color=DARK if v else "#999999")
    ax.text(0, -1.0, heading, transform=row_transform(ax, 6), va="center", ha="left", fontsize=9, fontweight="bold")
    for t in ax.texts[:-1]:
        t.set_fontsize(SUBTITLE_SIZE)
    ax.grid(axis="x", color="#EEEEEE", lw=0.8)
    ax.set_axisbelow(True)
    style_axes(ax)


def partner_bars(
    links: pd.DataFrame,
    *,
    name: str = "name",
    link_type: str = "target_type",
    title: str,
    note: str,
    xlabel: str = "links",
    type_order: Sequence[str] = ("agreement", "meeting"),
    type_labels: dict[str, str] | None = None,
    order: Sequence[str] | None = None,
    subtitle: str | None = None,
) -> Figure:
    """Partners by how many agreements and meetings the interviews tie them to: one panel per
    link type (in `type_order`, headed by its name from `type_labels`, "agreement" reading
    "agreements or plans", and its number of links), one bar per partner in each, on a shared
    scale, the partner's total right of the last panel. Rows in `order` (partners without a link
    are left out), else most links on top (ties by name). `subtitle` says what a link is.

    Columns: `name` (the partner), `link_type` (e.g. "agreement", "meeting"); one row per link,
    as from `analysis.partner_links`.
    """
    names = {"agreement": "agreements or plans", "meeting": "meetings", **(type_labels or {})}
    m = pd.crosstab(links[name], links[link_type]).reindex(columns=list(type_order), fill_value=0)
    if order is not None:
        m = m.reindex([p for p in order if p in m.index])
    else:
        m = m.sort_index().iloc[np.argsort(-m.sort_index().sum(axis=1).to_numpy(), kind="stable")]
    y = np.arange(len(m.index))
    fig, axes = _panels(1.8 + 0.3 * len(m.index), len(type_order))
    for ax, t in zip(axes, type_order, strict=True):
        k = int(m[t].sum())
        heading = f"{sentence_case(names.get(t, t))} ({number(k)} {'link' if k == 1 else 'links'})"
        _link_panel(ax, y, m[t].to_numpy(float), heading, CATEGORY_COLORS.get(f"{t} link", "#555555"))
    axes[0].set_yticks(y, list(m.index))
    axes[0].set_ylim(len(y) - 0.5, -1.5)
    axes[0].set_xlim(0, max(float(m.to_numpy().max()), 1) * 1.18)
    axes[0].xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    for ax in axes[1:]:
        ax.tick_params(axis="y", length=0)
    totals = column_text(axes[-1], 1.02, y, [number(v) for v in m.sum(axis=1)], header="Total", header_y=-0.78)
    for t in totals:
        t.set_fontsize(SUBTITLE_SIZE)
    for ax in axes:
        ax.set_xlabel(xlabel)
    return decorate(fig, [fig.axes[0], *axes], title=title, note=note, subtitle=subtitle)
