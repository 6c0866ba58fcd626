"""Timelines: events and periods on a year axis.

Which to copy:

- `timeline`: one row per event or period, periods as bars (black for roles, white for plans,
  hatched for a vision past the axis), single-year events as markers (`TIMELINE_MARKERS`: a
  diamond for a role, an open circle for any other event), one year shaded, a key of the marks
  drawn; copy it for anything dated in years.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .style import (
    DARK,
    HATCHED,
    MARK_BAND,
    PAD_PX,
    SMALL,
    TIMELINE_MARKERS,
    _category_patch_kw,
    _wrap_labels,
    decorate,
    margin_transform,
    new_figure,
    style_axes,
    typeset,
)


def _draw_event(ax, yi: float, r: pd.Series) -> None:
    """A single-year event at the middle of its year: a role's a black diamond, any other
    event an open circle (`TIMELINE_MARKERS`); a folded row (`_rows`) is one open circle (its
    label describes it)."""
    role = r["category"] == "role"
    ax.scatter(r["start_year"] + 0.5, yi, zorder=3, **_event_kw(role))


def _event_kw(role: bool) -> dict:
    """The marker of a single-year event: a role's black diamond, another event's open circle."""
    if role:
        return dict(marker=TIMELINE_MARKERS["role"], s=54, color=DARK, edgecolor=DARK, linewidth=0.8)
    return dict(marker=TIMELINE_MARKERS["event"], s=54, color="white", edgecolor=DARK, linewidth=1.2)


def _draw_period(ax, yi: float, r: pd.Series, axis_end: float) -> None:
    """A period: a bar over its years (the axis gives them); one that runs past the window
    (`clipped`) runs on to the axis's end (`axis_end`), labelled with its `period` and an arrow
    after it."""
    end = axis_end if r["clipped"] else r["end_year"] + 1
    kw = _category_patch_kw(r["category"])
    ax.barh(yi, end - r["start_year"], left=r["start_year"], height=0.6, linewidth=0.8, zorder=2, **kw)
    if r["clipped"]:
        ax.text(end + 0.1, yi, _en_dash(str(r["period"])) + " →", va="center", fontsize=SMALL + 0.5, color=DARK)


def _repeats_period(label: str, period: str) -> bool:
    """Whether `label` already names `period` ("IAI 4th Work Plan (2021–2025)")."""
    return _en_dash(str(period)) in _en_dash(str(label))


def _display_label(label: str, period: str, names: dict[str, str] | None) -> str:
    """A row's label as printed: each entity named one way (`names`, alias to display name,
    whole words only; kept on one line), typographic quotes and dashes, and a period in brackets that merely
    repeats the bar's span dropped ("IAI 4th Work Plan (2021–2025)" reads "IAI 4th Work Plan")."""
    for alias, name in sorted((names or {}).items(), key=lambda kv: -len(kv[0])):
        label = re.sub(rf"(?<![\w]){re.escape(alias)}(?![\w])", name.replace(" ", "\u00a0"), label)
    label = typeset(label)
    return re.sub(rf"\s*\({re.escape(_en_dash(str(period)))}\)", "", label)


def _en_dash(s: str) -> str:
    """Year ranges written with an en dash: "2021-2025" reads "2021–2025"."""
    return re.sub(r"(\d{4})-(\d{4})", "\\1–\\2", s)


def _rows(df: pd.DataFrame, collapse_year: int | None, keep: Sequence[str]) -> pd.DataFrame:
    """The rows in the chart's order: the `keep` categories (Vietnam's roles) first, then the
    others; in each, periods, then single-year events, by start year. With `collapse_year`, the
    single-year events of that year not in `keep` become one last row of that year, labelled
    with their count and, under it, described by category (`_summary`, two lines)."""
    df = df.assign(_event=(df["end_year"] == df["start_year"]) & ~df["clipped"], _other=~df["category"].isin(keep))
    df = df.sort_values(["_other", "_event", "start_year"], kind="stable")
    if collapse_year is None:
        return df.assign(_summary="")
    folded = df._event & df._other & (df.start_year == collapse_year)
    if folded.sum() < 2:
        return df.assign(_summary="")
    counts = df[folded].category.value_counts(sort=False)
    parts = [f"{n} {c if n == 1 else _plural(c)}" for c, n in counts.sort_values(ascending=False).items()]
    half = (len(parts) + 1) // 2  # two lines, so that the label column stays narrow
    summary = ",\n".join(filter(None, [", ".join(parts[:half]), ", ".join(parts[half:])]))
    row = {
        "label": f"{folded.sum()} other events in {collapse_year}",
        "category": "summary",
        "period": str(collapse_year),
        "start_year": collapse_year,
        "end_year": collapse_year,
        "clipped": False,
        "_event": True,
        "_other": True,
    }
    out = pd.concat([df[~folded], pd.DataFrame([row])], ignore_index=True)
    return out.assign(_summary=[""] * (len(out) - 1) + [summary])


def _groups(df: pd.DataFrame, keep: Sequence[str]) -> list[str]:
    """Each row's group, named from its categories in sentence case: the `keep` ones ('Roles'),
    the other periods ('Plans and visions'), the other single-year events ('Events')."""

    def name(cats) -> str:
        out = _names_of([_plural(c) for c in dict.fromkeys(cats)])
        return out[:1].upper() + out[1:]

    kept = name(df.category[~df._other])
    periods = name(df.category[df._other & ~df._event])
    return [kept if not o else (periods if not e else "Events") for o, e in zip(df._other, df._event, strict=True)]


def _names_of(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _plural(c: str) -> str:
    return {"anniversary": "anniversaries", "accession": "accessions"}.get(c, c + "s")


def _year_axis(ax, start: int, end: int, mark_year: int | None) -> float:
    """Two-digit year ticks (’21, with an apostrophe) centred in their years, one empty year
    either side of the window (so that no bar starts or ends on the axis's ends), a light grid
    at the year boundaries (a bar from 2024 starts on a line), the marked year shaded. Returns
    the axis's end, where a period that runs past the window stops."""
    first, last = start - 1, end + 1
    ax.set_xlim(first, last + 2.6)
    ax.spines["bottom"].set_bounds(first, last + 1)  # the room right of the last year is for labels
    years = range(first, last + 1)
    ax.set_xticks([v + 0.5 for v in years], [f"\u2019{v % 100:02d}" for v in years])
    ax.set_xticks(range(first, last + 2), minor=True)
    ax.tick_params(axis="x", which="both", length=0)
    ax.grid(axis="x", which="minor", color="#E4E4E4")
    ax.grid(axis="x", which="major", visible=False)
    ax.set_axisbelow(True)
    if mark_year is not None:
        ax.axvspan(mark_year, mark_year + 1, color=MARK_BAND, zorder=0)
    return last + 1


def _key(ax, df: pd.DataFrame) -> None:
    """The chart's key, one entry per kind of mark drawn: a role's period (black bar), a role's
    single year (diamond), a plan (white bar), a vision running past the axis (hatched), another
    event (open circle)."""
    role, other = df.category == "role", df.category != "role"
    entries = [
        ((role & ~df._event).any(), Patch(**_category_patch_kw("role"), linewidth=0.8), "Role over several years"),
        ((role & df._event).any(), Line2D([], [], ls="", ms=7, **_marker_kw(True)), "Role in one year"),
        ((other & ~df._event & ~df.category.isin(HATCHED)).any(), Patch(**_category_patch_kw("plan")), "Plan"),
        ((other & df.category.isin(HATCHED)).any(), Patch(**_category_patch_kw("vision")), "Vision past the axis"),
        ((other & df._event).any(), Line2D([], [], ls="", ms=7, **_marker_kw(False)), "Other event"),
    ]
    handles = [h for shown, h, _ in entries if shown]
    ax.legend(handles, [lab for shown, _, lab in entries if shown])


def _marker_kw(role: bool) -> dict:
    """`_event_kw` as a legend marker's keywords."""
    kw = _event_kw(role)
    return dict(marker=kw["marker"], markerfacecolor=kw["color"], markeredgecolor=kw["edgecolor"], mew=kw["linewidth"])


def _mark_label(ax, mark_year: int | None, mark_label: str | None) -> None:
    """The marked year's label, directly over its band above the first row (no legend)."""
    if mark_year is not None:
        ax.text(mark_year + 0.5, -0.45, mark_label or str(mark_year), ha="center", va="center", fontsize=SMALL)


#: The height of a group heading's row, in rows.
HEAD_ROW = 0.8


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
    collapse_year: int | None = None,
    keep: Sequence[str] = ("role",),
    names: dict[str, str] | None = None,
    subtitle: str | None = None,
) -> Figure:
    """Events and periods on a year axis from `start` - 1 to `end` + 1 (an empty year either
    side), one row per `label` (wrapped to `label_width` characters): multi-year periods as
    bars (roles black, plans white, a vision hatched; a `clipped` period, one that runs past the
    window, runs on to the axis's end, labelled with its `period` and an arrow), single-year
    events as a marker at the year (`TIMELINE_MARKERS`: a role's diamond, any other event's
    open circle). `mark_year` is shaded in `MARK_BAND`, a very light warm grey, labelled
    `mark_label` (default: the year) over its band. Every row has the same height (a folded
    row, whose label describes its events, one and a half); labels name each entity one way
    (`names`) and drop a bracketed period the bar already shows. A key above the chart names each kind of
    mark drawn; group headings name the rows. Rows: periods first,
    then single-year events, the `keep` categories first in each; `collapse_year` folds that
    year's single-year events outside `keep` into one row (`_rows`). Year ranges are written
    with an en dash, and a bar whose label already gives its period is not labelled again.

    Columns: label, category, period, start_year, end_year, clipped (as from
    `analysis.role_timeline`).
    """
    df = _rows(df, collapse_year, keep)
    shown = [_display_label(lab, per, names) for lab, per in zip(df["label"], df["period"], strict=True)]
    labels = _wrap_labels(shown, label_width)
    summary = df["_summary"].astype(bool).to_numpy()
    labels = [f"{lab}:\n{d}" if f else lab for lab, d, f in zip(labels, df["_summary"], summary, strict=True)]
    groups = _groups(df, keep)
    starts = [i for i in range(len(df)) if i == 0 or groups[i] != groups[i - 1]]
    pitch = 0.36 if any("\n" in s for s in labels) else 0.25  # one row height for all rows
    # row centres: every row one unit, a folded row (three lines) one and a half; a group
    # starts with a heading HEAD_ROW units high, the heading nearer its own rows
    heights = np.where(summary, 1.5, 1.0)
    fig, ax = new_figure(height=2.1 + pitch * (heights.sum() + HEAD_ROW * len(starts)))
    y = np.cumsum(heights) - heights / 2 - 0.5 + HEAD_ROW * np.cumsum([i in starts for i in range(len(df))])
    x0 = PAD_PX / (fig.get_figwidth() * fig.dpi)
    for i in starts:
        top = y[i] - heights[i] / 2 - 0.25
        ax.text(x0, top, groups[i], transform=margin_transform(ax), fontweight="bold", va="center", fontsize=9)
    axis_end = _year_axis(ax, start, end, mark_year)
    for yi, (_, r) in zip(y, df.iterrows(), strict=True):
        if r["_event"]:
            _draw_event(ax, yi, r)
        else:
            _draw_period(ax, yi, r, axis_end)
    ax.set_yticks(y, labels, fontsize=8.5, linespacing=1.2)
    ax.set_ylim(y[-1] + heights[-1] / 2 - 0.1 if len(y) else 0.5, -0.8)
    _mark_label(ax, mark_year, mark_label)
    style_axes(ax)
    _key(ax, df)
    return decorate(fig, ax, title=title, note=note, subtitle=subtitle)
