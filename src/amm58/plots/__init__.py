"""Figures in the house style: `from amm58 import plots`, then `plots.dumbbell(...)`.

Every chart function takes a tidy DataFrame (from `amm58.analysis` or `amm58.method`), the
names of the columns to read as keyword arguments, and the title from the caller, and returns
a matplotlib `Figure`. None reads files or calls `plt.show()`; figures are built on `Figure`
objects, not pyplot state, so a notebook cell that returns one displays it exactly once.

Where things are (to add a chart, copy the closest one in its module):

==================  ==========================================================================
`style`             palette and colour meanings, `STYLE`, `new_figure`, `decorate`,
                    `source_note`, `interview_key`, `stage_labels`, `number`/`signed`
                    (true minus), `typeset` (curly quotes, en dashes), `column_text`,
                    `column_header` (the one place of a column heading), `reference_line`,
                    `row_transform` (x in axes fractions, y in data), measured text,
                    `layout_problems`,
                    `size_problems`, `check_figure`, `LayoutError`
`bars`              `grouped_barh` (two interviews side by side), `stacked_barh`
                    (composition; can fold single-item rows, total the legend),
                    `partner_bars` (counts a long table, then stacks)
`dots`              `dumbbell` (two shares per row, difference panel), `position_strip`
                    (occurrences along a text), `kappa_dots` (kappa and share agreed, each
                    with its interval), `kappa_bars` (older bar form), `pair_dots`
                    (observed against the chance range, `chance_range`), `stage_dots` (two
                    counts per row, grouped by where the row occurs; `stage_order` shares
                    its row order)
`matrices`          `heatmap` (counts; with `unit`, totals on top and right),
                    `main_column_order`, `total_order`, `presence_table` (who is named
                    where, as a compact table), `dot_matrix` (presence), `cooccurrence`
                    (pairs, observed against expected)
`networks`          `bipartite` (two-column network), `barycentre_order`
`timelines`         `timeline` (events and periods by year; can fold a year's one-offs)
`diverging`         `z_dots` (signed statistic with threshold), `agenda_diverging`
                    (two compositions either side of zero), `diverging_barh`
==================  ==========================================================================

`evidence_table` (a passage table for the notebooks) lives in `amm58.display` and is
re-exported here.
"""

from amm58.display import evidence_table

from .bars import grouped_barh, partner_bars, stacked_barh
from .diverging import agenda_diverging, diverging_barh, z_dots
from .dots import chance_range, dumbbell, kappa_bars, kappa_dots, pair_dots, position_strip, stage_dots, stage_order
from .matrices import (
    DIVERGING,
    GREY_RAMP,
    cooccurrence,
    dot_matrix,
    group_label,
    heatmap,
    main_column_order,
    presence_table,
    total_order,
)
from .networks import barycentre_order, bipartite
from .style import (
    CATEGORY_COLORS,
    CHANCE_GREY,
    DARK,
    DPI,
    DROPPED,
    EXTRA_COLORS,
    HATCH,
    HATCH_COLOR,
    HATCHED,
    LABEL_SIZE,
    LIGHT_GREY,
    MARK_BAND,
    MID_GREY,
    MIN_CELL_PT,
    MIN_TEXT_PT,
    MINUS,
    NOT_STATED,
    NOTE_SIZE,
    OKABE_ITO,
    OUTLINED,
    PAD_PX,
    PROGRESS_GREENS,
    RANGE_GREY,
    REFERENCE_ZORDER,
    RIGHT_MARGIN_PX,
    SAVE_SCALE,
    SMALL,
    STAGE_COLORS,
    STYLE,
    TEXT_COLOR,
    TEXT_SIZE,
    TIMELINE_MARKERS,
    TITLE_SIZE,
    WIDTH,
    LayoutError,
    balanced_wrap,
    check_figure,
    column_header,
    column_text,
    column_transform,
    decorate,
    draw_scaled,
    interview_key,
    layout_elements,
    layout_problems,
    margin_transform,
    new_figure,
    no_spines,
    number,
    reference_line,
    row_transform,
    scaled_pixels,
    sentence_case,
    set_key,
    signed,
    signed_formatter,
    size_problems,
    source_colors,
    source_labels,
    source_note,
    stage_labels,
    style_axes,
    text_size,
    typeset,
    wilson_interval,
    wrap_to_width,
)
from .timelines import timeline

__all__ = [
    "CATEGORY_COLORS",
    "DARK",
    "DIVERGING",
    "DPI",
    "DROPPED",
    "EXTRA_COLORS",
    "GREY_RAMP",
    "HATCH",
    "HATCH_COLOR",
    "HATCHED",
    "LIGHT_GREY",
    "MID_GREY",
    "MIN_CELL_PT",
    "MIN_TEXT_PT",
    "MARK_BAND",
    "MINUS",
    "NOT_STATED",
    "NOTE_SIZE",
    "OKABE_ITO",
    "OUTLINED",
    "PAD_PX",
    "PROGRESS_GREENS",
    "RANGE_GREY",
    "REFERENCE_ZORDER",
    "SAVE_SCALE",
    "LABEL_SIZE",
    "SMALL",
    "STAGE_COLORS",
    "STYLE",
    "TIMELINE_MARKERS",
    "TITLE_SIZE",
    "WIDTH",
    "LayoutError",
    "agenda_diverging",
    "balanced_wrap",
    "barycentre_order",
    "bipartite",
    "chance_range",
    "check_figure",
    "column_header",
    "column_text",
    "column_transform",
    "cooccurrence",
    "decorate",
    "draw_scaled",
    "diverging_barh",
    "dot_matrix",
    "dumbbell",
    "evidence_table",
    "group_label",
    "grouped_barh",
    "heatmap",
    "interview_key",
    "kappa_bars",
    "kappa_dots",
    "layout_elements",
    "layout_problems",
    "main_column_order",
    "margin_transform",
    "new_figure",
    "no_spines",
    "number",
    "pair_dots",
    "partner_bars",
    "position_strip",
    "presence_table",
    "reference_line",
    "row_transform",
    "scaled_pixels",
    "signed",
    "signed_formatter",
    "size_problems",
    "source_colors",
    "source_labels",
    "source_note",
    "stacked_barh",
    "stage_dots",
    "stage_labels",
    "stage_order",
    "style_axes",
    "text_size",
    "timeline",
    "typeset",
    "total_order",
    "wilson_interval",
    "wrap_to_width",
    "z_dots",
    "CHANCE_GREY",
    "RIGHT_MARGIN_PX",
    "TEXT_COLOR",
    "TEXT_SIZE",
    "sentence_case",
    "set_key",
]
