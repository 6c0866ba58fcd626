"""Networks: links between two kinds of node, drawn as two columns joined by lines.

Which to copy:

- `bipartite`: partners on the left, meetings and agreements on the right, one line per link
  coloured by the right node's type; copy it for any two-sided network.
- `barycentre_order`: the node orders that reduce line crossings, for any two-column layout.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .style import CATEGORY_COLORS, DARK, OKABE_ITO, decorate, new_figure


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
