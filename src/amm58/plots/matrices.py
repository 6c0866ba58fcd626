"""Matrices: one cell per (row, column) pair.

Which to copy:

- `heatmap`: counts per (row, column) on a grey ramp, each cell labelled; copy it for any
  cross-tabulation of counts.
- `dot_matrix`: presence only, one dot where a (row, column) pair occurs, columns grouped
  under coloured headers; copy it when a cell is either named or not.
- `presence_table`: who is named where as a compact table, one column per group, each cell
  a dot in the group's colour and the names; copy it when the cells hold few, named items.
- `cooccurrence`: a symmetric matrix (lower triangle), each cell "observed/expected",
  coloured on a diverging ramp with a compact colour key; copy it for pairs of the same set.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .style import (
    DARK,
    DPI,
    PAD_PX,
    SMALL,
    _renderer,
    _wrap_labels,
    balanced_wrap,
    column_text,
    column_transform,
    decorate,
    interview_key,
    new_figure,
    no_spines,
    number,
    row_transform,
    signed,
    text_size,
    typeset,
    wrap_to_width,
)


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


def _cell_counts(ax, vals: np.ndarray, vmax: float, size: float = SMALL) -> None:
    """Each non-zero cell's count at its centre, white on the darker half of the ramp (an
    infinite `vmax`: all dark, for unshaded cells)."""
    for i, j in zip(*np.nonzero(vals), strict=True):
        color = "white" if vals[i, j] / vmax > 0.45 else "#111111"
        ax.text(j, i, number(vals[i, j]), ha="center", va="center", fontsize=size, color=color)


def main_column_order(df: pd.DataFrame, *, row: str, col: str, value: str, col_order: Sequence[str]) -> list[str]:
    """The rows of a count matrix grouped by their main column (the one with most counts, the
    first of `col_order` on a tie), in `col_order`; within a group, the largest total first,
    then by name."""
    m = _pivot(df, row, col, value, None, col_order)
    keys = pd.DataFrame({"main": np.argmax(m.to_numpy(), axis=1), "total": -m.sum(axis=1).to_numpy()})
    keys["row"] = [str(r) for r in m.index]
    return list(keys.sort_values(["main", "total", "row"]).row)


def total_order(df: pd.DataFrame, *, by: str, value: str, order: Sequence[str]) -> list[str]:
    """The values of `by` from the largest sum of `value` to the smallest, ties in `order`."""
    sums = df.groupby(by, observed=True)[value].sum().reindex(list(order), fill_value=0)
    return list(sums.sort_values(ascending=False, kind="stable").index)


def _totals(fig, ax, m: pd.DataFrame, total_label: str = "total") -> None:
    """Column totals under the column labels (at the top), row totals right of the rows, and
    their header `total_label` over the grand total, on the lines of the column labels and
    their totals, so that both sets of totals read as one row and one column; the header and
    the row totals are centred on one line, as the column labels are over their cells."""
    ax.xaxis.tick_top()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    ax.set_xticks(range(len(labels)), [f"{lab}\n{number(v)}" for lab, v in zip(labels, m.sum(), strict=True)])
    ax.tick_params(axis="x", length=0)
    half = text_size(fig, total_label, fontsize=9)[0] / 2
    for t in column_text(ax, 1.01, range(len(m.index)), [number(v) for v in m.sum(axis=1)], dx_px=half, ha="center"):
        t.set_fontsize(9)
    pad = ax.xaxis.get_major_ticks()[0].get_pad() if len(labels) else 3.5
    ax.annotate(
        f"{total_label}\n{number(m.to_numpy().sum())}",
        (1.01, 1.0),
        xycoords="axes fraction",
        xytext=(half * 72 / fig.dpi, pad),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=9,
        color=DARK,
        linespacing=ax.get_xticklabels()[0].get_linespacing() if len(labels) else 1.2,
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
    unit: str | None = None,
    total_label: str = "total",
    shade: bool = True,
    subtitle: str | None = None,
) -> Figure:
    """A count matrix from a tidy frame: one cell per (`row`, `col`) with the sum of `value`,
    on a grey ramp (with `shade=False`, every cell white: a table of counts, where the printed
    numbers carry the reading alone); zero cells stay white and unlabelled. When `annotate`, every non-zero cell
    carries its count and there is no colour bar; without labels a
    colour bar (`cbar_label`) gives the scale. With `unit` (what a cell counts), the column
    labels go on top with each column's total, each row's total is printed at its right, and
    `unit` is stated in the subtitle ("{unit}; totals on top and at the right", or `subtitle`
    when given); `total_label` heads the row totals (name the unit there, e.g. "mentions",
    when a neighbouring chart's totals count something else)."""
    m = _pivot(df, row, col, value, row_order, col_order)
    if unit is None:
        fig, ax = new_figure(height=1.6 + 0.36 * len(m.index))  # WIDTH: every figure is 900 px wide
        head = None
    else:  # a thin empty axes on top carries the subtitle, clear of the column labels on top
        fig, (head, ax) = new_figure(height=1.8 + 0.36 * len(m.index), nrows=2, height_ratios=[0.001, 1])
        head.axis("off")
    vals = m.to_numpy(dtype=float)
    vmax = max(vals.max(), 1) if vals.size else 1
    cmap = GREY_RAMP.with_extremes(bad="white")
    shown = np.ma.masked_equal(vals, 0) if shade else np.ma.masked_all(vals.shape)
    im = ax.imshow(shown, cmap=cmap, aspect="auto", vmin=0, vmax=vmax)
    if annotate:
        _cell_counts(ax, vals, vmax if shade else np.inf, size=SMALL if shade else 9)
    ax.set_yticks(range(len(m.index)), list(m.index))
    ax.set_xticks(np.arange(-0.5, len(m.columns), 1), minor=True)
    ax.set_yticks(np.arange(-0.5, len(m.index), 1), minor=True)
    ax.grid(which="minor", color="#EEEEEE", lw=0.8)
    ax.tick_params(which="minor", length=0)
    no_spines(ax)
    _column_labels(fig, ax, [str(c)[:1].upper() + str(c)[1:] for c in m.columns])  # sentence case
    if unit is not None:
        _totals(fig, ax, m, total_label)
        subtitle = subtitle or f"{unit}; totals on top and at the right"
    if not annotate:
        fig.colorbar(im, ax=ax, shrink=0.6, label=cbar_label)
    if head is None:
        return decorate(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, note=note, subtitle=subtitle)
    ax.set_xlabel(xlabel or "")
    ax.set_ylabel(ylabel or "")
    return decorate(fig, [head, ax], title=title, note=note, subtitle=subtitle)


def group_label(group: str, labels: dict[str, str]) -> str:
    """A column group's header: its label from `labels`; a bare interview stage
    ("pre-meeting") is written as the interview key, "pre-meeting interview"."""
    label = labels.get(group, group)
    return interview_key(label) if label in ("pre-meeting", "post-meeting") else label


def _group_headers(ax, groups, cols, xi, colors, labels) -> None:
    """Above the columns, each group's header over its run of columns, with a rule in the
    group's colour, and a grey line between groups."""
    where = column_transform(ax)
    for g in groups:
        idx = [xi[gc] for gc in cols if gc[0] == g]
        if not idx:
            continue
        color = colors.get(g, DARK)
        rule = dict(transform=where, color=color, lw=2.5, clip_on=False, solid_capstyle="butt")
        ax.plot([min(idx) - 0.4, max(idx) + 0.4], [-0.06, -0.06], **rule)
        text = dict(transform=where, ha="center", va="top", fontsize=9, fontweight="bold", color=color)
        ax.text((min(idx) + max(idx)) / 2, -0.09, group_label(g, labels), **text)
        if min(idx) > 0:
            ax.axvline(min(idx) - 0.5, color="#999999", lw=0.8)


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
    header in the group's colour (`labels` names it; a bare stage reads as the interview
    key, "pre-meeting interview"); a dot where the pair occurs. No colour
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
    no_spines(ax)
    _column_labels(fig, ax, [c for _, c in cols])
    ax.xaxis.tick_top()
    _group_headers(ax, groups, cols, xi, colors, labels or {})
    return decorate(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, note=note)


def _cell(ax, i: int, j: int, **props) -> None:
    """A rectangle over the lower-triangle cell (i, j) (drawn at row i - 1: the diagonal's
    first row is left out)."""
    ax.add_patch(mpl.patches.Rectangle((j - 0.5, i - 1.5), 1, 1, **props))


def _triangle_cells(ax, obs, exp, diff, shaded, faint, span) -> None:
    """Each lower-triangle cell: a white outline, a pale fill when too few passages are
    expected to compare (`faint`, grey text), and its "observed/expected" text."""
    for i in range(1, len(obs)):
        for j in range(i):
            if faint[i, j]:
                _cell(ax, i, j, facecolor="#F4F4F4", edgecolor="none", zorder=0.5)
            _cell(ax, i, j, facecolor="none", edgecolor="#FFFFFF", lw=1, zorder=1)
            strong = shaded[i, j] and abs(diff[i, j]) > 0.6 * span
            color = "white" if strong else ("#111111" if shaded[i, j] else "#8A8A8A")
            text = f"{number(obs[i, j])}/{number(exp[i, j], '.1f')}"
            ax.text(j, i - 1, text, ha="center", va="center", fontsize=7.5, color=color)


def _triangle_labels(ax, labels: Sequence[str], width: int) -> list[str]:
    """Row labels on the y axis, and each column named just above its first (top) cell, in the
    empty upper triangle. Returns the wrapped row labels."""
    for j, lab in enumerate(labels[:-1]):
        props = dict(ha="left", va="bottom", fontsize=8.5, color="#222222", linespacing=1.0)
        ax.text(j - 0.45, j - 0.56, balanced_wrap(lab, width), **props)
    row_labels = _wrap_labels(labels[1:], width)
    k = len(labels)
    ax.set_yticks(range(k - 1), row_labels, fontsize=8.5)
    ax.set_xticks([])
    ax.set_xlim(-0.5, k - 1.5)
    ax.set_ylim(k - 1.5, -1.5)
    return row_labels


def _cell_key(ax, text: str, row_labels: Sequence[str]) -> None:
    """The key to the cells as the axes' title, wrapped to the width right of the row labels."""
    fig = ax.figure
    label_px = max((text_size(fig, s, fontsize=8.5)[0] for s in row_labels), default=0)
    avail = fig.get_figwidth() * DPI - 2 * PAD_PX - label_px - 20
    wrapped = wrap_to_width(fig, text, avail, fontsize=SMALL)
    ax.set_title(wrapped, fontsize=SMALL, color="#444444", loc="left", wrap=False)


def _colour_key(ax, im, span: float) -> None:
    """The colour key, small, in the empty top-right corner of the triangle; its ends read
    "−3 fewer" and "+3 more" (a true minus)."""
    cax = ax.inset_axes([0.68, 0.93, 0.28, 0.025])
    cb = ax.figure.colorbar(im, cax=cax, orientation="horizontal")
    cb.set_ticks([-span, 0, span], labels=[f"{signed(-span)} fewer", "0", f"{signed(span)} more"])
    cb.ax.tick_params(labelsize=SMALL, length=2)
    cb.outline.set_visible(False)
    cax.set_title("observed − expected passages", fontsize=SMALL, color="#444444", loc="left")


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
    labels, obs = list(m.index), m.to_numpy(dtype=float)
    k = len(labels)
    exp = np.outer(np.diag(obs), np.diag(obs)) / max(n_total, 1)
    lower = np.tril(np.ones((k, k), bool), -1)
    shaded = lower & (exp >= min_expected)
    diff = np.where(shaded, obs - exp, np.nan)
    span = max(np.nanmax(np.abs(diff)) if shaded.any() else 1, 1)
    fig, ax = new_figure(height=2.4 + 0.46 * k)
    cmap = DIVERGING.with_extremes(bad="white")
    im = ax.imshow(np.ma.masked_invalid(diff[1:, :-1]), cmap=cmap, vmin=-span, vmax=span, aspect="auto")
    faint = lower & ~shaded
    _triangle_cells(ax, obs, exp, diff, shaded, faint, span)
    if highlight is not None and all(h in labels for h in highlight):
        i, j = sorted((labels.index(highlight[0]), labels.index(highlight[1])), reverse=True)
        if i != j:
            _cell(ax, i, j, facecolor="none", edgecolor="#000000", lw=2.2, zorder=4, clip_on=False)
    row_labels = _triangle_labels(ax, labels, label_width)
    no_spines(ax)
    grey = " Grey text: fewer than 1 passage expected, left uncoloured." if faint.any() else ""
    box = " Outlined: the pair the finding names." if highlight is not None else ""
    _cell_key(
        ax,
        "Cell: passages with both themes / passages expected if the themes were independent." + grey + box,
        row_labels,
    )
    if shaded.any():
        _colour_key(ax, im, span)
    return decorate(fig, ax, title=title, note=note)


def _presence_edges(fig, ax, widths: Sequence[float]) -> np.ndarray:
    """Each column's left edge (and the last one's right edge) in axes fractions, every column
    as wide as its content (`widths`, px) from the axes' left, squeezed only if they overflow."""
    fig.get_layout_engine().execute(fig)
    axes_px = ax.get_window_extent(_renderer(fig)).width
    edges = np.cumsum([0, *widths]) / max(axes_px, 1)
    return edges / max(edges[-1], 1)


def _presence_column(ax, x: float, y, rows, cells, g: str, color: str, header: str) -> None:
    """One group's column: its header (first line bold, after a dot in the group's colour; any
    further line plain, under it), and per row a dot in that colour and the texts named there;
    a run of consecutive rows that all name the same text shows it once, beside a bracket
    joining their dots, with a short tick at each end."""
    where = row_transform(ax)
    first, _, rest = header.partition("\n")
    ax.plot([x + 0.012], [-1.05], "o", transform=where, color=color, ms=7, clip_on=False)
    ax.text(x + 0.035, -1.05, first, transform=where, color=DARK, fontweight="bold", fontsize=9, va="center")
    if rest:
        ax.text(x + 0.035, -0.5, rest, transform=where, color=DARK, fontsize=9, va="center")
    at = [i for i, r in enumerate(rows) if (r, g) in cells]
    texts = {cells[(rows[i], g)] for i in at}
    merged = len(at) > 1 and len(texts) == 1 and at == list(range(at[0], at[-1] + 1))
    for i in at:
        ax.plot([x + 0.012], [y[i]], "o", transform=where, color=color, ms=8)
        if not merged:
            ax.text(x + 0.035, y[i], cells[(rows[i], g)], transform=where, va="center", fontsize=9)
    if merged:
        ax.text(x + 0.04, (y[at[0]] + y[at[-1]]) / 2, texts.pop(), transform=where, va="center", fontsize=9)
        ax.vlines(x + 0.03, y[at[0]], y[at[-1]], transform=where, color=color, lw=1.2)
        ax.hlines([y[at[0]], y[at[-1]]], x + 0.022, x + 0.03, transform=where, color=color, lw=1.2)


def presence_table(
    df: pd.DataFrame,
    *,
    row: str,
    col: str,
    group: str,
    colors: dict[str, str],
    title: str,
    note: str,
    group_order: Sequence[str],
    labels: dict[str, str] | None = None,
    subtitle: str | None = None,
) -> Figure:
    """A compact table of who is named where: one row per `row` value (rows in every group
    first, then by name), one column per `group` (headed by its label in black after a dot in
    the group's colour, the first line bold, a second line plain, e.g. the passages it rests
    on; a thin rule under the headers; as wide as its longest text), each cell a dot in the
    group's colour and
    the `col` values named there (each wrapped to 60 characters, so that no column runs wide
    for one long name). A column whose cells, on consecutive rows, all
    name the same text shows it once, beside a bracket joining their dots. No rules: the rows
    are spaced apart instead.

    Columns: `row`, `col`, `group`; one row per occurrence (duplicates are shown once).
    """
    d = df[[row, col, group]].astype(str).drop_duplicates()
    cells = d.groupby([row, group])[col].agg(
        lambda s: "\n".join(balanced_wrap(typeset(t), 60) for t in dict.fromkeys(s))
    )
    reach = d.groupby(row)[group].nunique()
    rows = sorted(reach.index, key=lambda r: (-reach[r], r))
    lines = [max((cells.get((r, g), "").count("\n") + 1) for g in group_order) for r in rows]
    fig, ax = new_figure(height=1.55 + 0.25 * sum(lines) + 0.14 * len(rows))
    y = np.concatenate([[0], np.cumsum(lines)[:-1]]) + np.asarray(lines) / 2 + 0.35 * np.arange(len(rows))
    ax.set_yticks(y, rows)
    ax.set_ylim(y[-1] + lines[-1] / 2 + 0.2, -1.4)
    # a thin rule under the headers, as in a table
    ax.axhline(-0.15, color="#BBBBBB", lw=0.8, xmin=0, xmax=1, clip_on=False)
    ax.set_xticks([])
    no_spines(ax)
    ax.tick_params(axis="y", length=0)
    widths = [
        max((text_size(fig, c, fontsize=9)[0] for c in cells.xs(g, level=1)), default=0) + 70 for g in group_order
    ]
    widths = [
        max(w, text_size(fig, group_label(g, labels or {}), fontsize=9, fontweight="bold")[0] + 60)
        for w, g in zip(widths, group_order, strict=True)
    ]
    edges = _presence_edges(fig, ax, widths)
    for j, g in enumerate(group_order):
        _presence_column(ax, edges[j], y, rows, cells, g, colors.get(g, DARK), group_label(g, labels or {}))
    return decorate(fig, ax, title=title, note=note, subtitle=subtitle)
