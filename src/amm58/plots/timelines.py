"""Timelines: events and periods on a year axis.

Which to copy:

- `timeline`: one row per event or period, told apart by colour and marker shape
  (`TIMELINE_MARKERS`), periods as bars labelled with their span, single-year events as
  markers, one year shaded; copy it for anything dated in years.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from amm58.prose import typeset

from .style import (
    CATEGORY_COLORS,
    MARK_BAND,
    MID_GREY,
    OKABE_ITO,
    PAD_PX,
    SMALL,
    TIMELINE_MARKERS,
    _category_patch_kw,
    _wrap_labels,
    decorate,
    margin_transform,
    new_figure,
    style_axes,
)


def _draw_event(ax, yi: float, r: pd.Series) -> None:
    """A single-year event: the category's marker at the middle of its year; a folded row
    (`_rows`) is a hollow grey circle at its year, its description in small type after it."""
    cat = r["category"]
    if r.get("_summary"):
        ax.scatter(
            r["start_year"] + 0.5, yi, marker="o", s=54, color="white", edgecolor=MID_GREY, linewidth=1.2, zorder=3
        )
        ax.text(
            r["start_year"] + 0.85, yi, r["_summary"], va="center", fontsize=SMALL, color="#333333", linespacing=1.0
        )
        return
    ax.scatter(
        r["start_year"] + 0.5,
        yi,
        marker=TIMELINE_MARKERS.get(cat, "o"),
        s=110 if cat == "anniversary" else 54,
        color=CATEGORY_COLORS.get(cat, OKABE_ITO["grey"]),
        edgecolor="#222222",
        linewidth=0.8,
        zorder=3,
    )


def _draw_period(ax, yi: float, r: pd.Series) -> None:
    """A period: a bar over its years (the axis gives them); one that runs past the window is
    labelled with its `period` and an arrow after its end."""
    width = r["end_year"] + 1 - r["start_year"]
    ax.barh(yi, width, left=r["start_year"], height=0.6, linewidth=0.8, zorder=2, **_category_patch_kw(r["category"]))
    if r["clipped"]:
        ax.text(
            r["end_year"] + 1.1, yi, _en_dash(str(r["period"])) + " →", va="center", fontsize=SMALL, color="#333333"
        )


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
    with their count and described by category beside it (`_summary`)."""
    df = df.assign(_event=(df["end_year"] == df["start_year"]) & ~df["clipped"], _other=~df["category"].isin(keep))
    df = df.sort_values(["_other", "_event", "start_year"], kind="stable")
    if collapse_year is None:
        return df.assign(_summary="")
    folded = df._event & df._other & (df.start_year == collapse_year)
    if folded.sum() < 2:
        return df.assign(_summary="")
    counts = df[folded].category.value_counts(sort=False)
    parts = [f"{n} {c if n == 1 else _plural(c)}" for c, n in counts.sort_values(ascending=False).items()]
    half = (len(parts) + 1) // 2  # two lines, so that the description stays within the axis
    summary = ",\n".join(filter(None, [", ".join(parts[:half]), ", ".join(parts[half:])]))
    row = {
        "label": f"{folded.sum()} other events\nin {collapse_year}",
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
    """Each row's group, named from its categories: the `keep` ones ('roles'), the other
    periods ('plans and visions'), the other single-year events ('events')."""

    def name(cats) -> str:
        return _names_of([_plural(c) for c in dict.fromkeys(cats)])

    kept = name(df.category[~df._other])
    periods = name(df.category[df._other & ~df._event])
    return [kept if not o else (periods if not e else "events") for o, e in zip(df._other, df._event, strict=True)]


def _names_of(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _plural(c: str) -> str:
    return {"anniversary": "anniversaries", "accession": "accessions"}.get(c, c + "s")


def _year_axis(ax, start: int, end: int, mark_year: int | None) -> None:
    """Two-digit year ticks ('21) centred in their years, a light grid at the year boundaries
    (a bar from 2024 starts on a line), the marked year shaded."""
    ax.set_xlim(start, end + 2.6)
    ax.spines["bottom"].set_bounds(start, end + 1)  # the room right of the last year is for labels
    ax.set_xticks([v + 0.5 for v in range(start, end + 1)], [f"'{v % 100:02d}" for v in range(start, end + 1)])
    ax.set_xticks(range(start, end + 2), minor=True)
    ax.tick_params(axis="x", which="both", length=0)
    ax.grid(axis="x", which="minor", color="#E4E4E4")
    ax.grid(axis="x", which="major", visible=False)
    ax.set_axisbelow(True)
    if mark_year is not None:
        ax.axvspan(mark_year, mark_year + 1, color=MARK_BAND, zorder=0)


def _mark_label(ax, mark_year: int | None, mark_label: str | None) -> None:
    """The marked year's label, directly over its band above the first row (no legend)."""
    if mark_year is not None:
        ax.text(mark_year + 0.5, -0.45, mark_label or str(mark_year), ha="center", va="center", fontsize=SMALL)


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
    """Events and periods on a year axis, one row per `label` (wrapped to `label_width`
    characters), told apart by `category` in colour and marker shape (`TIMELINE_MARKERS`):
    multi-year periods as bars labelled with their `period` (an arrow when `clipped`, i.e. the
    period runs past the window), single-year events as the category's marker at the year.
    `mark_year` is shaded pale yellow, labelled `mark_label` (default: the year) over its band.
    Every row has the same height; labels name each entity one way (`names`) and drop a
    bracketed period the bar already shows. No legend: group headings and `subtitle` say what
    the marks are. Rows: periods first,
    then single-year events, the `keep` categories first in each; `collapse_year` folds that
    year's single-year events outside `keep` into one row (`_rows`). Year ranges are written
    with an en dash, and a bar whose label already gives its period is not labelled again.

    Columns: label, category, period, start_year, end_year, clipped (as from
    `analysis.role_timeline`).
    """
    df = _rows(df, collapse_year, keep)
    shown = [_display_label(lab, per, names) for lab, per in zip(df["label"], df["period"], strict=True)]
    labels = _wrap_labels(shown, label_width)
    groups = _groups(df, keep)
    starts = [i for i in range(len(df)) if i == 0 or groups[i] != groups[i - 1]]
    pitch = 0.32 if any("\n" in s for s in labels) else 0.25  # one row height for all rows
    fig, ax = new_figure(height=2.1 + pitch * (len(df) + len(starts)))
    # row centres: every row one unit; a group starts with a row for its name
    heights = np.ones(len(df))
    y = np.cumsum(heights) - heights / 2 - 0.5 + np.cumsum([i in starts for i in range(len(df))])
    x0 = PAD_PX / (fig.get_figwidth() * fig.dpi)
    for i in starts:
        top = y[i] - heights[i] / 2 - 0.5
        ax.text(x0, top, groups[i], transform=margin_transform(ax), fontweight="bold", va="center", fontsize=SMALL)
    for yi, (_, r) in zip(y, df.iterrows(), strict=True):
        (_draw_event if r["_event"] else _draw_period)(ax, yi, r)
    ax.set_yticks(y, labels, fontsize=8.5, linespacing=1.0)
    ax.set_ylim(y[-1] + heights[-1] / 2 - 0.1 if len(y) else 0.5, -0.8)
    _year_axis(ax, start, end, mark_year)
    _mark_label(ax, mark_year, mark_label)
    style_axes(ax)
    return decorate(fig, ax, title=title, note=note, subtitle=subtitle)
