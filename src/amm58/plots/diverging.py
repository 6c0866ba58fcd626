"""Diverging charts: bars to the left and right of zero, the side meaning a direction.

Which to copy:

- `z_dots`: one z-score per row as a dot, coloured by direction in the interview colours,
  labelled dashed lines at ±threshold, the rows past them marked, raw counts in a column
  right of the axes; copy it for any signed statistic with a threshold.
- `agenda_diverging`: stacked counts on both sides (the pre-meeting agenda by outcome to the
  left, new items to the right) with a list of named items under the chart; copy it to set
  two stacked compositions against each other.
- `diverging_barh`: the plain form, one signed value per row labelled with a true minus.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from amm58.analysis import OUTCOME_LEVELS

from .bars import _on_dark
from .style import (
    DARK,
    DPI,
    HATCHED,
    LABEL_SIZE,
    OKABE_ITO,
    OUTLINED,
    PAD_PX,
    REFERENCE_ZORDER,
    SMALL,
    STAGE_COLORS,
    TEXT_SIZE,
    _category_patch_kw,
    balanced_wrap,
    column_text,
    decorate,
    new_figure,
    number,
    signed,
    style_axes,
    text_size,
    typeset,
)

# --- z-scores ------------------------------------------------------------------------------


def _z_counts(ax, d, count_pre, count_post, total_pre, total_post) -> None:
    """The raw counts "pre vs post" right of the axes, under a heading naming each side's total
    words when known."""
    texts = [f"{int(a)} vs {int(b)}" for a, b in zip(d[count_pre], d[count_post], strict=True)]
    header = "pre vs post"
    if total_pre is not None and total_post is not None:
        header = f"pre vs post, of\n{int(total_pre):,} vs {int(total_post):,} words"
    column_text(ax, 1.01, np.arange(len(d)), texts, header=header, color="#333333")


def _direction_labels(ax, span: float, negative: str, positive: str, y: float = -1.1) -> None:
    """The two direction labels above the rows, either side of zero (no box: they stand in
    empty space), each in its side's interview colour (the key of the dots' colours)."""
    props = dict(va="center", fontsize=LABEL_SIZE)
    ax.text(-0.04 * span, y, negative, ha="right", ma="right", color=STAGE_COLORS["pre-meeting"], **props)
    ax.text(0.04 * span, y, positive, ha="left", ma="left", color=STAGE_COLORS["post-meeting"], **props)


def _shown_note(ax, n_pos: int, n_neg: int, n_ranked: int | None, threshold: float) -> None:
    """In the empty quadrant left of the top rows (between −`threshold` and zero, where the
    positive words' rows are; no box: the light row lines run on under it): which words are drawn, "Shown: the
    10 words leaning most each way; the other 102 of the 122 lie between"."""
    if not n_pos or not n_neg:
        return
    each = f"the {n_pos} words leaning most each way" if n_pos == n_neg else f"the {n_pos} and {n_neg} leaning most"
    text = f"Shown: {each}"
    if n_ranked is not None and n_ranked > n_pos + n_neg:
        text += f"; the other {n_ranked - n_pos - n_neg} of the {n_ranked} lie between"
    props = dict(ha="center", va="center", fontsize=TEXT_SIZE, color="#444444", zorder=5)
    ax.text(-threshold / 2, (n_pos - 1) / 2, balanced_wrap(text, 24), **props)


def _threshold_lines(ax, threshold: float, y: float, n_rows: int) -> None:
    """Dashed lines at ±`threshold` from the bottom row up to just under their labels, which
    stand at `y` (data units) in the empty band over the first row at the tick labels' size
    (no legend, no box: the line stops short of its label)."""
    for x in (-threshold, threshold):
        ax.vlines(x, n_rows - 0.5, y + 0.45, colors="#444444", lw=1.0, ls="--", zorder=REFERENCE_ZORDER)
        ax.text(x, y, signed(x, ".2f"), ha="center", va="center", fontsize=LABEL_SIZE, color="#444444", zorder=4)


def _passing_labels(ax, vals, y, past, span: float) -> None:
    """Each word past the lines: its z printed beside its dot, on the side away from zero (the
    axis leaves room for it). Row labels stay plain: bold marks core themes only, in every
    chart; the filled dot marks a passing word."""
    for v, yi in zip(vals[past], y[past], strict=True):
        ha, dx = ("left", 0.04 * span) if v > 0 else ("right", -0.04 * span)
        ax.text(v + dx, yi, signed(v, ".2f"), ha=ha, va="center", fontsize=TEXT_SIZE, color=DARK)


def z_dots(
    df: pd.DataFrame,
    *,
    title: str,
    note: str,
    xlabel: str = "z-score",
    term: str = "term",
    z: str = "z",
    count_pre: str = "count_pre",
    count_post: str = "count_post",
    threshold: float = 1.96,
    total_pre: int | None = None,
    total_post: int | None = None,
    negative_label: str = "← more typical of the\npre-meeting interview",
    positive_label: str = "more typical of the\npost-meeting interview →",
    subtitle: str | None = None,
    labels: dict[str, str] | None = None,
    n_ranked: int | None = None,
) -> Figure:
    """Fightin' Words as a dot plot: one dot per `term` at its z-score (sorted, highest on
    top), coloured by direction in the interview colours (negative z orange: more typical of
    the pre-meeting text; positive blue: of the post-meeting text); dashed lines at
    ±`threshold`, labelled with their values at the top. A word past the lines is a filled dot,
    its z printed beside it (row labels stay plain: bold marks core themes only); a word
    inside them a hollow dot (white,
    ringed in its colour: inside the range chance gives, the house meaning of a hollow dot);
    the `subtitle` says how many words random splits of the same answers put past them
    (`method.permutation_null`). With `n_ranked` (how many words were ranked), a note in the
    empty middle says which words are drawn. Each row's raw
    counts ("pre vs post", e.g. "12 vs 3") are printed right of the axes, under a heading
    with each side's total words (`total_pre`, `total_post`) when known. No legend: the
    direction labels over the dots say what each colour means.

    Rows are named by `labels` (term to readable name, e.g. `terms.readable_terms`), else by
    the term with its "_" written as spaces.

    Columns: `term`, `z`, `count_pre`, `count_post`, as from `method.distinctive_terms`.
    """
    d = df.sort_values(z, ascending=False, kind="stable")
    vals = d[z].to_numpy(float)
    fig, ax = new_figure(height=2.0 + 0.3 * len(d))
    y = np.arange(len(d))
    past = np.abs(vals) > threshold
    colors = [STAGE_COLORS["post-meeting"] if v > 0 else STAGE_COLORS["pre-meeting"] for v in vals]
    faces = [c if p else "white" for c, p in zip(colors, past, strict=True)]
    ax.scatter(vals, y, s=55, c=faces, edgecolors=colors, linewidths=1.6, zorder=4)
    span = max(np.abs(vals).max() if len(vals) else 1, threshold) * 1.35
    ax.axvline(0, color="#444444", lw=0.8, zorder=1)
    ax.grid(axis="y", color="#EEEEEE", lw=0.8)
    ax.set_axisbelow(True)
    _threshold_lines(ax, threshold, -0.9, len(d))
    _direction_labels(ax, span, negative_label, positive_label, y=-1.9)
    _z_counts(ax, d, count_pre, count_post, total_pre, total_post)
    _shown_note(ax, int((vals > 0).sum()), int((vals < 0).sum()), n_ranked, threshold)
    ax.set_yticks(y, [(labels or {}).get(t, str(t).replace("_", " ")) for t in d[term]])
    _passing_labels(ax, vals, y, past, span)
    ax.set_ylim(len(d) - 0.5, -2.5)
    ax.set_xlim(-span, span)
    style_axes(ax)
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note, subtitle=subtitle)


# --- the agenda ----------------------------------------------------------------------------


def _agenda_left(ax, old, category, level, cats) -> np.ndarray:
    """The pre-meeting agenda to the left of zero, stacked by outcome level (achieved next to
    zero), each segment labelled with its count. Returns each row's total."""
    y = np.arange(len(cats))
    left = np.zeros(len(cats))
    for lev in OUTCOME_LEVELS:
        vals = old[old[level].astype(str) == lev].groupby(category).size().reindex(cats, fill_value=0).to_numpy(float)
        widths = [(1.6 if lev in OUTLINED else 0.8) if v else 0 for v in vals]
        label = f"{lev[:1].upper() + lev[1:]} ({int(vals.sum())})"  # sentence case
        kw = _category_patch_kw(lev, edge="white")
        ax.barh(y, -vals, left=-left, height=0.62 if lev in OUTLINED else 0.66, linewidth=widths, label=label, **kw)
        dark = lev not in HATCHED and lev not in OUTLINED and _on_dark(kw["facecolor"])
        # every count inside its segment (no segment is hatched: "not mentioned" is flat grey)
        box = dict(facecolor="white", edgecolor="none", pad=1.2) if lev in HATCHED else None
        for yi, (l0, v) in enumerate(zip(left, vals, strict=True)):
            if v:
                color = "white" if dark else "black"
                ax.text(-(l0 + v / 2), yi, number(v), ha="center", va="center", fontsize=SMALL, color=color, bbox=box)
        left += vals
    return left


def _agenda_right(ax, new_items, category, cats) -> np.ndarray:
    """The items new in the post-meeting interview to the right of zero, in its blue."""
    nv = new_items.groupby(category).size().reindex(cats, fill_value=0).to_numpy(float)
    y = np.arange(len(cats))
    label = f"New in the post-meeting interview ({int(nv.sum())})"
    ax.barh(y, nv, color=OKABE_ITO["blue"], height=0.66, edgecolor="white", label=label)
    for yi, v in enumerate(nv):
        if v:
            ax.text(v / 2, yi, number(v), ha="center", va="center", fontsize=SMALL, color="white")
    return nv


def _agenda_axis(ax, cats, left: float, right: float, n_old: int, n_new: int) -> None:
    """A count axis (absolute values either side, one scale), each side as long as its longest
    bar, the zero line and the direction labels above the rows, each with its side's total."""
    ax.set_xlim(-left - 0.3, max(right, 1) + 0.3)
    ax.axvline(0, color="#333333", lw=0.8)
    ticks = np.arange(-int(left), int(max(right, 1)) + 1)
    ax.set_xticks(ticks, [f"{abs(t)}" for t in ticks])
    ax.set_yticks(np.arange(len(cats)), [typeset(c) for c in cats])
    ax.set_ylim(len(cats) - 0.5, -1.3)
    ax.text(
        -0.15, -0.95, f"← on the pre-meeting agenda ({n_old})", ha="right", va="center", fontsize=SMALL, color="#444444"
    )
    ax.text(
        0.15,
        -0.95,
        f"new items ({n_new}) →",
        ha="left",
        va="center",
        fontsize=SMALL,
        color="#444444",
    )
    ax.grid(axis="x", color="#EEEEEE")
    ax.set_axisbelow(True)
    style_axes(ax)
    # the key drawn from the categories (a bar's own handle would copy an empty first row's edge)
    handles, labels = ax.get_legend_handles_labels()
    keys = [
        Patch(linewidth=1.6 if lab.split(" (")[0].lower() in OUTLINED else 0.8, **_key_kw(h))
        for h, lab in zip(handles, labels, strict=True)
    ]
    ax.legend(keys, labels)


def _key_kw(handle) -> dict:
    """Face, edge and hatch of a bar container's key, from its first bar."""
    bar = handle.patches[0] if hasattr(handle, "patches") else handle
    return dict(facecolor=bar.get_facecolor(), edgecolor=bar.get_edgecolor(), hatch=bar.get_hatch())


LIST_SIZE = 9  # the dropped items' list: the subtitle's size


def _wrap_tokens(fig, tokens: Sequence[str], width_px: float) -> str:
    """`tokens` joined by spaces into lines no wider than `width_px` at the list's size; a token
    is never broken (a bracketed theme stays whole on one line)."""
    lines: list[str] = []
    for tok in tokens:
        cand = f"{lines[-1]} {tok}" if lines else tok
        if lines and text_size(fig, cand, fontsize=LIST_SIZE)[0] <= width_px:
            lines[-1] = cand
        else:
            lines.append(tok)
    return "\n".join(lines)


def _dropped_lines(fig, dropped, item_label, category) -> list[str]:
    """The dropped items as bullet lines ("• Sign the … (Free trade agreements)"), each wrapped
    to the figure's width, the bracketed theme kept whole on one line, a continuation line
    indented under the text."""
    avail = (fig.get_figwidth() * DPI - 2 * PAD_PX) * 0.97
    out = []
    for _, r in dropped.iterrows():
        tokens = [*typeset(f"• {r[item_label]}").split(), typeset(f"({r[category]})")]
        out.append(_wrap_tokens(fig, tokens, avail - 12).replace("\n", "\n   "))
    return out


def _dropped_list(lst, head: str, lines: list[str]) -> None:
    """Under the chart, `head` and the dropped items by name (`_dropped_lines`), starting at the
    figure's left margin like the title, the head on the top edge of `lst` and the items one
    list line under it (fixed in points, so that `lst` need only be as tall as the text). The
    texts take no part in the layout (their width would squeeze the chart above)."""
    fig = lst.figure
    lst.axis("off")
    top = mpl.transforms.blended_transform_factory(fig.transFigure, lst.transAxes)
    under = mpl.transforms.offset_copy(top, fig, y=-LIST_SIZE * 1.4 - 2, units="points")
    x0 = PAD_PX / (fig.get_figwidth() * DPI)
    kw = dict(va="top", fontsize=LIST_SIZE, color=DARK, linespacing=1.4)
    lst.text(x0, 1.0, head, transform=top, fontweight="bold", **kw).set_in_layout(False)
    lst.text(x0, 1.0, "\n".join(lines), transform=under, **kw).set_in_layout(False)  # one block: even spacing


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
    subtitle: str | None = None,
) -> Figure:
    """The pre-meeting agenda against the post-meeting report: one row per `category` (theme),
    the pre-meeting agenda items to the left of zero, stacked by outcome level
    (`OUTCOME_LEVELS`: reported achieved next to zero, then mentioned again, then not
    mentioned), and the items new in the post-meeting interview (rows where `items[new] ==
    new_value`) to the right, in its blue; each side of the axis as long as its longest bar.
    Under the chart, the dropped items ("not mentioned")
    are listed by name, at the subtitle's size, wrapped where long. `subtitle` (what an item
    is, where the counts come from) goes under the title.

    Columns: `category`, `level` (one of `OUTCOME_LEVELS` for agenda items; ignored for new
    items), `item_label`, `new`. One row per agenda item.
    """
    is_new = items[new].astype(str).eq(new_value).to_numpy()
    present = set(items[category])
    order = category_order if category_order is not None else dict.fromkeys(items[category])
    cats = [c for c in order if c in present]  # themes without agenda items are left out
    old = items[~is_new]
    dropped = old[old[level].astype(str) == "not mentioned"]
    if len(dropped):
        scratch, _ = new_figure(height=1)
        lines = _dropped_lines(scratch, dropped, item_label, category)
        n_lines = sum(line.count("\n") + 1 for line in lines)
        list_in = 0.05 + LIST_SIZE * 1.4 / 72 * (n_lines + 1)  # the head and the items, 1.4 spacing
        ratios = [len(cats) * 0.34 + 0.4, list_in]
        height = 1.8 + 0.34 * len(cats) + 0.4 + list_in
        fig, (ax, lst) = new_figure(height=height, nrows=2, height_ratios=ratios)
    else:
        fig, ax = new_figure(height=1.8 + 0.34 * len(cats))
    left = _agenda_left(ax, old, category, level, cats)
    nv = _agenda_right(ax, items[is_new], category, cats)
    _agenda_axis(
        ax, cats, max(left.max() if len(left) else 1, 1), nv.max() if len(nv) else 1, len(old), int(is_new.sum())
    )
    if not len(dropped):
        return decorate(fig, ax, title=title, xlabel=xlabel, note=note, subtitle=subtitle)
    head = f"Not mentioned in the post-meeting interview ({len(dropped)}; not mentioned is not dropped or failed):"
    _dropped_list(lst, head, lines)
    return decorate(fig, [ax, lst], title=title, xlabel=xlabel, note=note, subtitle=subtitle)


# --- plain -------------------------------------------------------------------------------


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
    pre/post direction), each labelled with its value, signed, with a true minus. For z-scores
    prefer `z_dots`."""
    fig, ax = new_figure(height=1.4 + 0.32 * len(df))
    y = np.arange(len(df))
    vals = df[value].to_numpy(dtype=float)
    pre_c, post_c = STAGE_COLORS["pre-meeting"], STAGE_COLORS["post-meeting"]
    ax.barh(y, vals, color=[post_c if v > 0 else pre_c for v in vals], height=0.65)
    span = max(abs(vals).max(), 1.0)
    for yi, v in zip(y, vals, strict=True):
        x, ha = (v + 0.03 * span, "left") if v >= 0 else (v - 0.03 * span, "right")
        ax.text(x, yi, number(v, "+.1f"), va="center", ha=ha, fontsize=SMALL)
    ax.axvline(0, color="#444444", lw=0.8)
    ax.set_yticks(y, list(df[category]))
    ax.invert_yaxis()
    ax.set_xlim(-span * 1.25, span * 1.25)
    ax.legend(handles=[Patch(color=post_c, label=positive_label), Patch(color=pre_c, label=negative_label)])
    style_axes(ax)
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note)
