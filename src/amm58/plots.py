"""The house style and one function per chart kind.

Every function takes tidy DataFrames (from `amm58.analysis`) and returns a matplotlib
`Figure`. None reads files or calls `plt.show()`; figures are built on `Figure` objects,
not pyplot state, so a notebook cell that returns one displays it exactly once. Colours come
from the Okabe-Ito palette, which is colour-blind safe, and each category keeps its colour in
every figure: the pre-meeting interview is always orange, the post-meeting one always blue.
"""

from __future__ import annotations

import textwrap
from typing import Iterable, Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#999999", "black": "#000000",
}
STAGE_COLORS = {"pre-meeting": OKABE_ITO["orange"], "post-meeting": OKABE_ITO["blue"]}
#: Extra sources (a third interview and beyond) take these, in order.
EXTRA_COLORS = [OKABE_ITO[k] for k in ("green", "purple", "vermillion", "sky_blue", "yellow", "grey")]
CATEGORY_COLORS = {
    # agreement progress
    "reported done": OKABE_ITO["green"], "under way": OKABE_ITO["sky_blue"],
    "planned or proposed": OKABE_ITO["orange"], "status not stated": OKABE_ITO["grey"],
    # agenda match
    "matched": OKABE_ITO["green"], "not mentioned again": OKABE_ITO["vermillion"], "new": OKABE_ITO["blue"],
    # timeline categories
    "role": OKABE_ITO["vermillion"], "plan": OKABE_ITO["blue"], "vision": OKABE_ITO["sky_blue"],
    "anniversary": OKABE_ITO["orange"], "accession": OKABE_ITO["purple"], "meeting": OKABE_ITO["green"],
    "milestone": OKABE_ITO["grey"],
    # link targets
    "meeting link": OKABE_ITO["green"], "agreement link": OKABE_ITO["purple"],
}
WIDTH = 9.0  # inches; with DPI this gives 900 px, readable on GitHub's page
DPI = 100
STYLE = {
    "font.size": 10, "axes.titlesize": 12, "axes.titleweight": "bold", "axes.titlelocation": "left",
    "axes.labelsize": 10, "axes.spines.top": False, "axes.spines.right": False,
    "axes.edgecolor": "#444444", "axes.facecolor": "white", "figure.facecolor": "white",
    "axes.grid": False, "legend.frameon": False, "svg.hashsalt": "amm58",
}


def source_colors(sources: pd.DataFrame) -> dict[str, str]:
    """Colour per source_id: the first pre-meeting source orange, the first post-meeting one
    blue, any further source the next colour of `EXTRA_COLORS`."""
    colors: dict[str, str] = {}
    used: set[str] = set()
    extra = iter(EXTRA_COLORS)
    for sid, stage in zip(sources["source_id"].astype(str), sources["stage"].astype(str)):
        if stage in STAGE_COLORS and stage not in used:
            colors[sid] = STAGE_COLORS[stage]
            used.add(stage)
        else:
            colors[sid] = next(extra)
    return colors


def source_labels(sources: pd.DataFrame) -> dict[str, str]:
    """Legend label per source_id: stage and interviewee ("pre-meeting: Ton Thi Ngoc Huong")."""
    return {str(s): f"{st}: {who}" for s, st, who in zip(sources["source_id"], sources["stage"], sources["interviewee"])}


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


def new_figure(height: float, width: float = WIDTH, ncols: int = 1) -> tuple[Figure, np.ndarray | object]:
    """A white Figure of fixed size and DPI in the house style, with `ncols` axes."""
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
        axes = fig.subplots(1, ncols)
    return fig, axes


def decorate(fig: Figure, ax, *, title: str, xlabel: str | None = None, ylabel: str | None = None,
             note: str | None = None) -> Figure:
    """Finish a figure in the house style: title (the finding), axis labels with units, and the
    source note under the plot. Returns the figure."""
    with mpl.rc_context(STYLE):
        fig.suptitle(title, x=0.01, ha="left", fontsize=12.5, fontweight="bold")
        if xlabel is not None:
            ax.set_xlabel(xlabel)
        if ylabel is not None:
            ax.set_ylabel(ylabel)
        if note:
            # wrapped once here (about 4.6 pt per character at 8 pt) rather than with wrap=True,
            # which makes matplotlib re-measure the text at every draw
            width = int(fig.get_figwidth() * 72 / 4.6)
            fig.text(0.01, 0.0, textwrap.fill(note, width), fontsize=8, color="#444444", ha="left", va="bottom")
            fig.get_layout_engine().set(rect=(0, 0.06, 1, 0.94))
    return fig


def _style_axes(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors="#333333")


# --- chart kinds -------------------------------------------------------------------------

def grouped_barh(df: pd.DataFrame, *, category: str, value: str, group: str, colors: dict[str, str],
                 labels: dict[str, str] | None = None, title: str, xlabel: str, note: str,
                 percent: bool = False, category_order: Sequence[str] | None = None) -> Figure:
    """Horizontal bars, one cluster per `category` (top to bottom in `category_order` or data
    order), one bar per `group` value, each labelled with its value."""
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
        ax.barh(pos, vals, height=height * 0.92, color=colors.get(g, OKABE_ITO["grey"]),
                label=(labels or {}).get(g, g))
        for p, v in zip(pos, vals):
            ax.text(v + vmax * 0.01, p, f"{v:.0%}" if percent else f"{v:g}", va="center", fontsize=8, color="#333333")
    ax.set_yticks(y, cats)
    ax.invert_yaxis()
    ax.set_xlim(0, vmax * 1.12 if vmax > 0 else 1)
    if percent:
        ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0, decimals=0))
    _style_axes(ax)
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=4, fontsize=8)
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note)


def dumbbell(df: pd.DataFrame, *, category: str, left: str, right: str, colors: Sequence[str],
             labels: Sequence[str], title: str, xlabel: str, note: str) -> Figure:
    """One row per `category`: a dot for `left` and one for `right` (shares 0..1) joined by a
    line, so the shift between two values reads at a glance. Rows in data order."""
    cats = list(df[category])
    fig, ax = new_figure(height=1.4 + 0.34 * len(cats))
    y = np.arange(len(cats))
    ax.hlines(y, df[left], df[right], color="#BBBBBB", lw=2, zorder=1)
    ax.scatter(df[left], y, color=colors[0], s=46, zorder=2, label=labels[0])
    ax.scatter(df[right], y, color=colors[1], s=46, zorder=3, label=labels[1])
    ax.set_yticks(y, cats)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0, decimals=0))
    ax.set_xlim(0, max(float(df[[left, right]].max().max()) * 1.1, 0.1))
    ax.grid(axis="x", color="#EEEEEE")
    ax.set_axisbelow(True)
    _style_axes(ax)
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=4, fontsize=8)
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note)


def heatmap(df: pd.DataFrame, *, row: str, col: str, value: str, title: str, note: str,
            row_order: Sequence[str] | None = None, col_order: Sequence[str] | None = None,
            xlabel: str | None = None, ylabel: str | None = None, cbar_label: str = "passages") -> Figure:
    """A count matrix from a tidy frame: one cell per (`row`, `col`), annotated with its count
    (blank for zero), in a single-hue sequential colour map."""
    m = df.pivot_table(index=row, columns=col, values=value, aggfunc="sum", fill_value=0, observed=True)
    if row_order is not None:
        m = m.reindex(index=list(row_order), fill_value=0)
    if col_order is not None:
        m = m.reindex(columns=list(col_order), fill_value=0)
    fig, ax = new_figure(height=1.6 + 0.36 * len(m.index), width=max(WIDTH, 2.5 + 0.62 * len(m.columns)))
    vals = m.to_numpy(dtype=float)
    im = ax.imshow(vals, cmap="Blues", aspect="auto", vmin=0, vmax=max(vals.max(), 1))
    ax.set_xticks(range(len(m.columns)), list(m.columns), rotation=35, ha="right")
    ax.set_yticks(range(len(m.index)), list(m.index))
    for i in range(vals.shape[0]):
        for j in range(vals.shape[1]):
            if vals[i, j]:
                dark = vals[i, j] > 0.6 * vals.max()
                ax.text(j, i, f"{vals[i, j]:g}", ha="center", va="center", fontsize=8,
                        color="white" if dark else "#222222")
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)
    fig.colorbar(im, ax=ax, shrink=0.6, label=cbar_label)
    return decorate(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, note=note)


def stacked_barh(df: pd.DataFrame, *, category: str, stack: str, value: str, title: str, xlabel: str,
                 note: str, category_order: Sequence[str] | None = None,
                 stack_order: Sequence[str] | None = None) -> Figure:
    """Horizontal stacked bars: one bar per `category` (top to bottom in `category_order`, or
    in order of first appearance), segments per `stack` value coloured by `CATEGORY_COLORS`,
    each segment labelled with its count."""
    m = df.pivot_table(index=category, columns=stack, values=value, aggfunc="sum", fill_value=0, observed=True)
    order = list(category_order) if category_order is not None else list(dict.fromkeys(df[category]))
    m = m.reindex(index=order, fill_value=0)
    if stack_order is not None:
        m = m.reindex(columns=[s for s in stack_order if s in m.columns])
    fig, ax = new_figure(height=1.4 + 0.38 * len(m.index))
    left = np.zeros(len(m.index))
    y = np.arange(len(m.index))
    for s in m.columns:
        vals = m[s].to_numpy(dtype=float)
        ax.barh(y, vals, left=left, color=CATEGORY_COLORS.get(s, OKABE_ITO["grey"]), label=s, height=0.7,
                edgecolor="white")
        for yi, (l0, v) in enumerate(zip(left, vals)):
            if v:
                ax.text(l0 + v / 2, yi, f"{v:g}", ha="center", va="center", fontsize=8, color="black")
        left += vals
    ax.set_yticks(y, list(m.index))
    ax.invert_yaxis()
    ax.set_xlim(0, max(left.max(), 1) * 1.05)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    _style_axes(ax)
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=4, fontsize=8)
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note)


def position_strip(df: pd.DataFrame, *, category: str, position: str, group: str, colors: dict[str, str],
                   labels: dict[str, str], title: str, note: str,
                   category_order: Sequence[str] | None = None) -> Figure:
    """Where things occur along a text: one row per `category`, one marker per occurrence at its
    relative position (0 = start of the interview, 1 = end), one marker row per `group`."""
    cats = list(category_order) if category_order is not None else list(dict.fromkeys(df[category]))
    groups = list(dict.fromkeys(df[group]))
    fig, ax = new_figure(height=1.4 + 0.5 * len(cats))
    offset = {g: (i - (len(groups) - 1) / 2) * 0.22 for i, g in enumerate(groups)}
    for g in groups:
        sub = df[df[group] == g]
        ypos = sub[category].map({c: i for i, c in enumerate(cats)}) + offset[g]
        ax.scatter(sub[position], ypos, marker="|", s=220, linewidths=2.2, color=colors[g], label=labels.get(g, g))
    ax.set_yticks(range(len(cats)), cats)
    ax.set_ylim(len(cats) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["start", "¼", "½", "¾", "end"])
    ax.grid(axis="x", color="#EEEEEE")
    ax.set_axisbelow(True)
    _style_axes(ax)
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=len(groups), fontsize=8)
    return decorate(fig, ax, title=title, xlabel="position in the interview (passage order)", note=note)


def bipartite(links: pd.DataFrame, *, left: str, right: str, right_type: str, title: str, note: str) -> Figure:
    """A two-column network: `left` nodes (partners) on the left, `right` nodes (meetings and
    agreements, grouped by `right_type`) on the right, one line per link, coloured by the
    right node's type. Node order is alphabetical within each column and type."""
    lnodes = sorted(set(links[left]))
    rsorted = links[[right, right_type]].drop_duplicates().sort_values([right_type, right])
    rnodes = list(rsorted[right])
    n = max(len(lnodes), len(rnodes), 2)
    fig, ax = new_figure(height=1.6 + 0.3 * n)
    ly = {v: (n - 1) * (1 - i / max(len(lnodes) - 1, 1)) for i, v in enumerate(lnodes)}
    ry = {v: (n - 1) * (1 - i / max(len(rnodes) - 1, 1)) for i, v in enumerate(rnodes)}
    rtype = dict(zip(rsorted[right], rsorted[right_type]))
    for _, r in links.iterrows():
        c = CATEGORY_COLORS.get(f"{r[right_type]} link", OKABE_ITO["grey"])
        ax.plot([0, 1], [ly[r[left]], ry[r[right]]], color=c, lw=1.3, alpha=0.75)
    deg_l = links.groupby(left).size()
    ax.scatter([0] * len(lnodes), [ly[v] for v in lnodes], s=[30 + 14 * deg_l[v] for v in lnodes],
               color=OKABE_ITO["black"], zorder=3)
    ax.scatter([1] * len(rnodes), [ry[v] for v in rnodes], s=36,
               color=[CATEGORY_COLORS.get(f"{rtype[v]} link", OKABE_ITO["grey"]) for v in rnodes], zorder=3)
    for v in lnodes:
        ax.text(-0.03, ly[v], f"{v} ({deg_l[v]})", ha="right", va="center", fontsize=9)
    for v in rnodes:
        ax.text(1.03, ry[v], v, ha="left", va="center", fontsize=9)
    ax.set_xlim(-0.55, 1.6)
    ax.set_ylim(-0.8, n - 0.2)
    ax.axis("off")
    handles = [mpl.lines.Line2D([], [], color=CATEGORY_COLORS[f"{t} link"], lw=2, label=f"{t}")
               for t in sorted(set(rtype.values()))]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.06), ncol=len(handles), fontsize=8)
    return decorate(fig, ax, title=title, note=note)


def timeline(df: pd.DataFrame, *, title: str, note: str, start: int, end: int,
             mark_year: int | None = None) -> Figure:
    """Periods as horizontal bars on a year axis: one row per `label`, coloured by `category`;
    a single year spans one year's width. Each bar is labelled with its `period`; `clipped`
    rows (periods running past the window) get an arrow."""
    fig, ax = new_figure(height=2.0 + 0.3 * len(df), width=WIDTH + 1.5)
    y = np.arange(len(df))
    for yi, (_, r) in enumerate(df.iterrows()):
        c = CATEGORY_COLORS.get(r["category"], OKABE_ITO["grey"])
        ax.barh(yi, r["end_year"] + 1 - r["start_year"], left=r["start_year"], height=0.62, color=c)
        ax.text(r["end_year"] + 1.08, yi, str(r["period"]) + (" →" if r["clipped"] else ""), va="center", fontsize=8,
                color="#333333")
    ax.set_yticks(y, list(df["label"]))
    ax.invert_yaxis()
    ax.set_xlim(start, end + 2.4)
    ax.set_xticks([v + 0.5 for v in range(start, end + 1)], [f"'{v % 100:02d}" for v in range(start, end + 1)])
    ax.tick_params(axis="x", length=0)
    ax.grid(axis="x", color="#EEEEEE")
    ax.set_axisbelow(True)
    if mark_year is not None:
        ax.axvspan(mark_year, mark_year + 1, color=OKABE_ITO["yellow"], alpha=0.25, zorder=0)
    handles = [mpl.patches.Patch(color=CATEGORY_COLORS[c], label=c) for c in dict.fromkeys(df["category"])]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.05), ncol=min(len(handles), 4), fontsize=8)
    _style_axes(ax)
    return decorate(fig, ax, title=title, note=note)


def kappa_bars(df: pd.DataFrame, *, title: str, note: str) -> Figure:
    """Cohen's kappa per theme as horizontal bars (core themes in blue, others grey), with the
    conventional 0.8 line ("almost perfect" in Landis and Koch's reading)."""
    fig, ax = new_figure(height=1.4 + 0.3 * len(df))
    y = np.arange(len(df))
    colors = [OKABE_ITO["blue"] if c else OKABE_ITO["grey"] for c in df["core"]]
    ax.barh(y, df["kappa"].fillna(0), color=colors, height=0.65)
    for yi, k in zip(y, df["kappa"]):
        ax.text((0 if pd.isna(k) else k) + 0.01, yi, "n/a" if pd.isna(k) else f"{k:.2f}", va="center", fontsize=8)
    ax.axvline(0.8, color="#444444", lw=1, ls="--")
    ax.set_yticks(y, list(df["label"]))
    ax.invert_yaxis()
    ax.set_xlim(0, 1.1)
    handles = [mpl.patches.Patch(color=OKABE_ITO["blue"], label="core theme"),
               mpl.patches.Patch(color=OKABE_ITO["grey"], label="other theme")]
    ax.legend(handles=handles, loc="lower left", fontsize=8)
    _style_axes(ax)
    return decorate(fig, ax, title=title, xlabel="Cohen's kappa between the two coding passes", note=note)


def diverging_barh(df: pd.DataFrame, *, category: str, value: str, title: str, xlabel: str, note: str,
                   positive_label: str, negative_label: str) -> Figure:
    """Horizontal bars around zero, one per `category` in data order: positive values in blue,
    negative in orange (the post- and pre-meeting colours), each labelled with its value."""
    fig, ax = new_figure(height=1.4 + 0.32 * len(df))
    y = np.arange(len(df))
    vals = df[value].to_numpy(dtype=float)
    colors = [STAGE_COLORS["post-meeting"] if v > 0 else STAGE_COLORS["pre-meeting"] for v in vals]
    ax.barh(y, vals, color=colors, height=0.65)
    span = max(abs(vals).max(), 1.0)
    for yi, v in zip(y, vals):
        ax.text(v + (0.015 if v >= 0 else -0.015) * span * 2, yi, f"{v:+.1f}", va="center",
                ha="left" if v >= 0 else "right", fontsize=8)
    ax.axvline(0, color="#444444", lw=0.8)
    ax.set_yticks(y, list(df[category]))
    ax.invert_yaxis()
    ax.set_xlim(-span * 1.25, span * 1.25)
    handles = [mpl.patches.Patch(color=STAGE_COLORS["post-meeting"], label=positive_label),
               mpl.patches.Patch(color=STAGE_COLORS["pre-meeting"], label=negative_label)]
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    _style_axes(ax)
    return decorate(fig, ax, title=title, xlabel=xlabel, note=note)
