"""Bar charts: one bar (or a cluster, or a stack) per category, with counts or shares.

Which to copy:

- `grouped_barh`: one value per (category, interview), the interviews side by side in their
  colours; copy it for a count or share compared between the two interviews.
- `stacked_barh`: parts of a whole per category (e.g. agreements by progress), one segment per
  part in its `CATEGORY_COLORS` colour; copy it for any composition.
- `partner_bars`: a thin wrapper that counts a long table (one row per link) and hands the
  counts to `stacked_barh`; copy it to turn a list of rows into a stacked chart.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .style import CATEGORY_COLORS, OKABE_ITO, SMALL, decorate, new_figure, number, style_axes


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
    """`m` with its rows of total one folded into one last row, "{label} (k, one each)"; `m`
    itself when `label` is None or fewer than two rows have a total of one."""
    single = m.sum(axis=1) == 1
    if label is None or single.sum() < 2:
        return m
    folded = m[single].sum().to_frame(f"{label} ({single.sum()}, one each)").T
    return pd.concat([m[~single], folded])


def _on_dark(color: str) -> bool:
    """Whether text on a fill of `color` should be white (dark fills, and the blue)."""
    return mcolors.rgb_to_hsv(mcolors.to_rgb(color))[2] < 0.6 or color == OKABE_ITO["blue"]


def _draw_stacks(ax, m: pd.DataFrame, palette: dict[str, str], *, label_single: bool) -> np.ndarray:
    """Draw the segments of every bar, each labelled with its count at its centre; with
    `label_single=False` a bar made of one segment is left unlabelled (its total says it).
    Returns the bars' totals."""
    y = np.arange(len(m.index))
    left = np.zeros(len(m.index))
    n_segments = (m.to_numpy() > 0).sum(axis=1)
    for s in m.columns:
        vals = m[s].to_numpy(dtype=float)
        c = palette.get(s, OKABE_ITO["grey"])
        ax.barh(y, vals, left=left, color=c, label=s, height=0.7, edgecolor="white")
        for yi, (l0, v) in enumerate(zip(left, vals, strict=True)):
            if v and (label_single or n_segments[yi] > 1):
                color = "white" if _on_dark(c) else "black"
                ax.text(l0 + v / 2, yi, number(v), ha="center", va="center", fontsize=SMALL, color=color)
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
) -> Figure:
    """Horizontal stacked bars: one bar per `category` (top to bottom in `category_order`, in
    order of first appearance, or by total when `sort_by_total`), one segment per `stack` value
    coloured by `colors` or `CATEGORY_COLORS`, each labelled with its count (a bar of one
    segment too, so every bar reads alike); `totals` prints the bar's total at its end (in
    bold). `subtitle` goes under the title, above the legend (`decorate`). `fold_single` (a
    label, e.g. "other kinds") folds the categories with a total
    of one into one bar at the bottom, named "{fold_single} (k, one each)"; `legend_totals`
    follows each stack value in the legend with its total."""
    m = _fold_single(_stack_table(df, category, stack, value, category_order, stack_order, sort_by_total), fold_single)
    fig, ax = new_figure(height=1.4 + 0.38 * len(m.index))
    left = _draw_stacks(ax, m, {**CATEGORY_COLORS, **(colors or {})}, label_single=True)
    if totals:
        for yi, t in enumerate(left):
            ax.text(
                t + left.max() * 0.01, yi, number(t), va="center", fontsize=SMALL, color="#333333", fontweight="bold"
            )
    ax.set_yticks(np.arange(len(m.index)), list(m.index))
    ax.invert_yaxis()
    ax.set_xlim(0, max(left.max(), 1) * (1.08 if totals else 1.05))
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    style_axes(ax)
    handles, labels = ax.get_legend_handles_labels()
    if legend_totals:
        labels = [f"{s} ({number(m[s].sum())})" for s in labels]
    ax.legend(handles, labels)
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note, subtitle=subtitle)


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
    order: Sequence[str] | None = None,
) -> Figure:
    """Partners by how many agreements and meetings the interviews tie them to: one stacked
    horizontal bar per partner (in `order`, the partners' shared order, else most links on
    top), one segment per link type (named by `type_labels`; "agreement" reads "agreement or
    plan", each with its number of links in the legend), the total at the bar's end, and a
    subtitle saying what a link is and how many there are.

    Columns: `name` (the partner), `link_type` (e.g. "agreement", "meeting"); one row per link,
    as from `analysis.partner_links`.
    """
    per_type = links[link_type].value_counts()
    names = {"agreement": "agreement or plan", **(type_labels or {})}
    names = {t: f"{names.get(t, t)} ({per_type.get(t, 0)})" for t in type_order}
    counts = links.groupby([name, link_type]).size().rename("n").reset_index()
    counts[link_type] = counts[link_type].map(lambda t: names.get(t, t))
    present = set(counts[name])
    rows = [p for p in order if p in present] if order is not None else sorted(present)
    fig = stacked_barh(
        counts,
        category=name,
        stack=link_type,
        value="n",
        category_order=rows,
        stack_order=list(names.values()),
        sort_by_total=order is None,
        totals=True,
        colors={names[t]: CATEGORY_COLORS.get(f"{t} link", OKABE_ITO["grey"]) for t in type_order},
        title=title,
        xlabel=xlabel,
        note=note,
        subtitle=(
            "A link: a meeting a passage names the partner as taking part in, or an agreement or plan it is a "
            f"partner of; {number(len(links))} links of {len(present)} partners"
        ),
    )
    return fig
