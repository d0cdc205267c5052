"""Figure bars: one bar per figure, its name above and its value as the report prints it
(約80万人) beside it; the usage and rate charts are two of them. Rows are Vega-Lite steps."""

from __future__ import annotations

import functools
from typing import Any

import altair as alt
import pandas as pd

from dxdash.charts import theme
from dxdash.charts.common import (
    CONTAINER_WIDTH,
    SELECT_INITIATIVE,
    aria_labels,
    configure,
    field_color,
    field_label_columns,
    number_axis_expr,
    picked_opacity,
)
from dxdash.charts.label_text import label_width_px, wrap_label
from dxdash.charts.spec_templates import template, with_rows
from dxdash.locale import Locale
from dxdash.locale.locale import JAPANESE

BAR_ROW_PX = 64  # one row of the figure bars: the name above, the bar and its label below


COMPACT_ROW_PX = 37


def _figure_tooltip(locale: Locale = JAPANESE) -> list[alt.Tooltip]:
    """Tooltip for a figure: who, what, the report's wording, when and 分野."""
    _ = locale._
    return [
        alt.Tooltip("short_name:N", title=_("施策")),
        alt.Tooltip("metric_label:N", title=_("指標")),
        alt.Tooltip("display:N", title=_("数値")),
        alt.Tooltip("as_of_display:N", title=_("時点")),
        alt.Tooltip("field_label:N", title=_("分野")),
    ]


PERCENT_ROOM = 145  # a rate chart's axis reaches at least 145%: room right of a 100% bar


def _value_room(
    values: pd.Series, log: bool, percent: bool = False
) -> tuple[list[float], list[float]]:
    """Each row's least span of the value axis: room right of its bar for the label, and on a
    log scale a start below the smallest figure. An invisible layer spans them (widened in the
    browser where the chart is narrow: _room_layer), so the scale's domain ([0, longest × 1.55],
    [smallest positive / 2, longest × 12], or [0, 145] for rates) is computed by Vega from the
    data and the spec stays the same for any filter."""
    if percent:
        return [0.0] * len(values), [float(PERCENT_ROOM)] * len(values)
    if not log:
        return [0.0] * len(values), [float(v) * 1.55 for v in values]
    bottom = max(float(values[values > 0].min()) / 2, 0.1) if (values > 0).any() else 0.1
    return [bottom] * len(values), [max(float(v), bottom) * 12 for v in values]


def _value_scale(log: bool, percent: bool) -> alt.Scale:
    """The domain the data spans (the invisible room layer): log for magnitudes, else from 0."""
    if log and not percent:
        return alt.Scale(type="log", nice=False)
    return alt.Scale(zero=True, nice=False)


def _wraps_value_label(scale: float) -> str:
    """The Vega test for a bar's value label taking two lines: wider than 55% of the chart's
    container (a phone's; never on a desktop or a slide, where every label fits on one)."""
    return f"datum.label_px * {scale:g} + {10 * scale:g} > {CONTAINER_WIDTH} * 0.55"


def _room_layer(data: pd.DataFrame, *, axis_title: str, log: bool, percent: bool, scale: float):
    """The invisible mark that makes the value domain span every row's room, one for the chart.

    Each row's end is at least its room_high (_value_room) and, where the chart is narrow (a
    phone), as far as lets its label fit right of its bar: a bar of value v ends at v/end of
    the width W, and its label (label_px wide) must fit in the rest. Vega computes it from its
    own ``width`` signal, so the spec stays the same at any size and any filter.
    """
    # the label (its longer line where it wraps), its dx and a margin
    width = f"({_wraps_value_label(scale)} ? datum.label_wrapped_px : datum.label_px)"
    label = f"({width} * {scale:g} + {10 * scale:g})"
    share = f"(width / max(width - {label}, width * 0.3))"  # end / v, for the label to fit
    if log and not percent:
        fit = f"datum.room_low * pow(max(datum.value, datum.room_low) / datum.room_low, {share})"
    else:
        fit = f"datum.value * {share}"
    return (
        alt.Chart(data)
        .transform_calculate(room_end=f"max(datum.room_high, {fit})")
        .transform_aggregate(room_low="min(room_low)", room_high="max(room_end)")
        .mark_rule(opacity=0, strokeWidth=0, aria=False)
        .encode(
            x=alt.X("room_low:Q", title=axis_title, scale=_value_scale(log, percent)),
            x2=alt.X2("room_high:Q"),
        )
    )


FIGURE_COLUMNS = (
    "initiative_id",
    "label",
    "short_name",
    "metric",
    "value",
    "display",
    "bar_label",
    "as_of_display",
    "field",
)


# The dataset name of a figure-bar spec built from its template (as_spec=True): the same
# for every filter, so the page swaps the rows of a chart it keeps (no new dataset, no re-embed).
FIGURE_BARS_DATA = "figure_bars"


def build_figure_bars(
    figures: pd.DataFrame,
    *,
    title: str = "",
    axis_title: str = "",
    log: bool = False,
    percent: bool = False,
    scale: float = 1.0,
    compact: bool = False,
    row_px: int | None = None,
    locale: Locale = JAPANESE,
    as_spec: bool = False,
) -> Any:
    """Horizontal bars, one per figure, labelled with the report's wording (約80万人 …).

    Parameters
    ----------
    figures
        Rows from ``figures.with_labels``: label, value, display, field, as_of_display, …
    title, axis_title
        Chart title and value-axis title (the unit), as the story words them (model.Chart);
        a compact chart (a slide, whose heading says it) prints no title.
    log
        Use a log scale, for figures whose magnitudes differ a thousandfold.
    percent
        Fix the axis to 0–100% (with room for labels).
    scale
        Multiplier for fonts and bar sizes (presentation mode).
    compact
        Slides: no value axis and no legend (every bar is labelled), tighter rows.
    row_px
        A row's height before scaling, instead of the default (a slide whose names take two
        lines gives them the room).
    as_spec
        Return the Vega-Lite spec (a dict) instead of the Altair chart: what the page draws,
        from a template cached per options plus the rows (_figure_bars_template), without
        building an Altair chart per filter.

    Returns
    -------
    alt.LayerChart
        Bars + value labels; clicking a bar selects its ``initiative_id``. (With ``as_spec``,
        its Vega-Lite dict.)
    """
    options = {
        "title": "" if compact else title,
        "axis_title": axis_title,
        "log": log,
        "percent": percent,
        "scale": scale,
        "compact": compact,
        "row_px": row_px,
        "locale": locale,
    }
    data = figure_bars_data(figures, log=log, percent=percent, locale=locale)
    if as_spec:
        return with_rows(_figure_bars_template(**options), FIGURE_BARS_DATA, data)
    return _figure_bars_chart(data, **options)


def figure_bars_data(
    figures: pd.DataFrame, *, log: bool = False, percent: bool = False, locale: Locale = JAPANESE
) -> pd.DataFrame:
    """The rows a figure-bar chart draws: the figures with their room, 分野 colour and aria."""
    _ = locale._
    data = figures[list(FIGURE_COLUMNS)].reset_index(drop=True)
    room_low, room_high = _value_room(data["value"], log, percent)
    bar_labels = [str(text) for text in data["bar_label"]]
    names = [str(text) for text in data["label"]]
    wrapped_bar_labels = [wrap_label(text, units=0) for text in bar_labels]
    # Built as lists and joined once: a column at a time (assign) was most of a chart's cost.
    added: dict[str, list[Any]] = {
        **field_label_columns(list(data["field"]), locale),
        "label_px": [label_width_px(text) for text in bar_labels],
        "bar_label_wrapped": wrapped_bar_labels,
        "label_wrapped_px": [
            max(label_width_px(line) for line in text.split("\n")) for text in wrapped_bar_labels
        ],
        "name_px": [label_width_px(text) for text in names],
        "label_wrapped": [wrap_label(text, units=0) for text in names],
        "metric_label": list(
            figures["metric_label"] if "metric_label" in figures else data["metric"]
        ),
        "room_low": room_low,
        "room_high": room_high,
    }
    fields = [
        ("short_name", _("施策")),
        ("metric_label", _("指標")),
        ("display", _("数値")),
        ("as_of_display", _("時点")),
        ("field_label", _("分野")),
    ]
    named = {name: list(data[name]) for name in ("short_name", "display", "as_of_display")}
    named |= added
    added["aria"] = aria_labels([named[name] for name, _ in fields], fields)
    return pd.concat([data, pd.DataFrame(added, index=data.index)], axis=1)


@functools.lru_cache(maxsize=128)
def _figure_bars_template(**options: Any) -> dict[str, Any]:
    """A figure-bar spec with no rows, its one dataset named FIGURE_BARS_DATA (never mutated).

    The spec without its data is the same for every filter (that is what lets the page update
    a chart in place), so it is built once per set of options (build_figure_bars' keywords)
    and each filter only computes the rows: about 2 ms instead of the 60–100 ms of building an
    Altair chart for a filter's first view. tests/test_charts.py checks both give the same spec
    and rows.
    """
    empty = pd.DataFrame({column: pd.Series(dtype=object) for column in FIGURE_COLUMNS})
    empty["value"] = empty["value"].astype(float)
    rows = figure_bars_data(
        empty, log=options["log"], percent=options["percent"], locale=options["locale"]
    )
    return template(_figure_bars_chart(rows, **options), FIGURE_BARS_DATA)


def _figure_bars_chart(
    data: pd.DataFrame,
    *,
    title: str,
    axis_title: str,
    log: bool,
    percent: bool,
    scale: float,
    compact: bool,
    row_px: int | None,
    locale: Locale,
) -> alt.LayerChart:
    """The figure-bar chart of rows from figure_bars_data."""
    _ = locale._
    pick = alt.selection_point(name=SELECT_INITIATIVE, fields=["initiative_id"], on="click")
    axis_values = [0, 20, 40, 60, 80, 100] if percent else alt.Undefined
    x = alt.X(
        "value:Q",
        title=axis_title,
        scale=_value_scale(log, percent),
        stack=None,  # one bar per row: nothing to stack (a stack's 0 start breaks a log scale)
        axis=None
        if compact
        else alt.Axis(
            labelExpr=number_axis_expr(locale),
            values=axis_values,
            # with fixed values (percent) a tick count would thin them to 0, 40, 80
            tickCount=alt.Undefined if percent else 5,
            orient="top",
        ),
    )
    # Each row: the name on its own line above the bar, so no label is ever cut at any width.
    y = alt.Y("label:N", sort=None, title=None, axis=None)
    bar_offset, bar_size = (9 * scale, 16 * scale) if compact else (10 * scale, 20 * scale)
    base = alt.Chart(data, title=alt.Title(title) if title else alt.Undefined).encode(y=y)
    bars = (
        base.mark_bar(size=bar_size, yOffset=bar_offset, cornerRadiusEnd=3)
        .encode(
            x=x,
            color=field_color(legend=not compact, locale=locale),
            opacity=picked_opacity(pick),
            tooltip=_figure_tooltip(locale),
            description=alt.Description("aria:N"),
        )
        .add_params(pick)
    )
    # A value label too wide for its row in a phone's container (an English one with its
    # as-of) takes two lines from the bar's top down, into the gap before the next row's name.
    wrapped = _wraps_value_label(scale)
    value_style = {
        "align": "left",
        "dx": 6 * scale,
        "fontSize": theme.MARK_LABEL_SIZE * scale,
        "fontWeight": "bold",
        "color": theme.TEXT_COLOR,
        "font": theme.FONT_FAMILY,
    }
    values = (
        base.transform_filter(f"!({wrapped})")
        .mark_text(baseline="middle", yOffset=bar_offset, **value_style)
        .encode(x=x, text=alt.Text("bar_label:N"))
    )
    values_wrapped = (
        base.transform_filter(wrapped)
        .mark_text(
            baseline="top",
            yOffset=bar_offset - bar_size / 2,
            lineBreak="\n",
            lineHeight=theme.MARK_LABEL_SIZE * scale * 1.2,
            **value_style,
        )
        .encode(x=x, text=alt.Text("bar_label_wrapped:N"))
    )
    # A name wider than the chart's container (a phone) takes two lines, upwards into the
    # room above it (the row's step holds both): never cut, and never wider than the chart,
    # which Vega's autosize would otherwise shrink to make room for it. containerSize(), not
    # the width signal that autosize changes; 0 where there is no container (images).
    # Rows of two lines (row_px, a slide): every name takes both, a one-line name the lower,
    # so each sits just above its bar and a wrapped one never runs into it.
    line_px = theme.AXIS_LABEL_SIZE * scale * 1.2
    one_line = "' \\n' + datum.label" if row_px else "datum.label"
    names = (
        base.transform_calculate(
            name_text=f"datum.name_px * {scale:g} + 20 > {CONTAINER_WIDTH} "
            f"? datum.label_wrapped : {one_line}"
        )
        .mark_text(
            align="left",
            baseline="bottom",
            yOffset=-2 * scale - (line_px if row_px else 0),
            fontSize=theme.AXIS_LABEL_SIZE * scale,
            lineBreak="\n",
            lineHeight=line_px,
            color=theme.TEXT_COLOR,
            font=theme.FONT_FAMILY,
        )
        .encode(x=alt.XValue(0), text=alt.Text("name_text:N"))
    )
    # Invisible: makes the value domain span every row's room, labels fitting at any width.
    # One mark for the whole chart (the rows' widest span), not one per row: a quarter fewer
    # SVG elements for the browser to update on every filter change.
    room = _room_layer(data, axis_title=axis_title, log=log, percent=percent, scale=scale)
    layers = [bars, values, names, room, values_wrapped]
    # A step per row, not a height from the row count: the spec stays the same for any filter.
    row_px = row_px or (COMPACT_ROW_PX if compact else BAR_ROW_PX)
    return configure(alt.layer(*layers).properties(height=alt.Step(row_px * scale)), scale)
