"""A figure's values over time: a line through its as-of dates, each point labelled as the
report prints it (約85万人)."""

from __future__ import annotations

import functools
from typing import Any

import altair as alt
import pandas as pd

from dxdash.charts import theme
from dxdash.charts.common import configure, month_axis_format, number_axis_expr
from dxdash.charts.spec_templates import template, with_rows
from dxdash.locale import Locale
from dxdash.locale.locale import JAPANESE

HISTORY_HEIGHT_PX = 240


HISTORY_DATA = "history"  # the dataset name of a history spec from its template


def build_history_chart(
    history: pd.DataFrame, *, scale: float = 1.0, locale: Locale = JAPANESE, as_spec: bool = False
) -> Any:
    """A figure's values over time: a line through its as-of dates, each point labelled 約85万人.

    ``history`` comes from ``figures.figure_history`` (as_of, value, display, when, series). The
    spec never depends on the rows' count or values (fixed height, no title: the page prints
    it), so a new value — or another figure in the same place — updates the chart in place.
    Several series (municipalities) get one colour each. ``as_spec``: the Vega-Lite dict from a template per
    options, as for the figure bars (the page's fast path; tests/test_charts.py compares them).
    """
    data = history_chart_data(history)
    if as_spec:
        return with_rows(_history_template(scale, locale), HISTORY_DATA, data)
    return _history_chart(data, scale=scale, locale=locale)


def history_chart_data(history: pd.DataFrame) -> pd.DataFrame:
    """The rows a history chart draws: each value at the start of its month.

    Figures are dated to the month (「2024年3月末」), and a point on 31 March would sit at the
    April tick.
    """
    return history[["as_of", "value", "display", "when", "series"]].assign(
        as_of=pd.to_datetime(history["as_of"]).dt.to_period("M").dt.to_timestamp()
    )


@functools.lru_cache(maxsize=32)
def _history_template(scale: float, locale: Locale) -> dict[str, Any]:
    """A history spec with no rows, its dataset named HISTORY_DATA (never mutated)."""
    empty = history_chart_data(
        pd.DataFrame(
            {
                "as_of": pd.Series(dtype="datetime64[ns]"),
                "value": pd.Series(dtype=float),
                **{column: pd.Series(dtype=object) for column in ("display", "when", "series")},
            }
        )
    )
    return template(_history_chart(empty, scale=scale, locale=locale), HISTORY_DATA)


def _history_chart(data: pd.DataFrame, *, scale: float, locale: Locale) -> Any:
    """The history chart of rows from history_chart_data."""
    _ = locale._
    x = alt.X(
        "as_of:T",
        title=None,
        # Ticks on months only (a month apart must not print one month twice); labels that would
        # overlap are dropped.
        axis=alt.Axis(
            format=month_axis_format(locale),
            labelAngle=0,
            tickCount={"interval": "month", "step": 1},
            labelOverlap="greedy",
            grid=False,
        ),
        scale=alt.Scale(padding=48 * scale),
    )
    y = alt.Y(
        "value:Q",
        title=None,
        axis=alt.Axis(labelExpr=number_axis_expr(locale), tickCount=4),
        scale=alt.Scale(zero=True, nice=True),
    )
    color = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(range=[theme.TEXT_COLOR, *theme.field_range()]),
        # always a legend (one entry names a single line): with a legend only for several
        # series, the next figure in the same place changed the spec and was embedded anew
        legend=alt.Legend(orient="bottom"),
    )
    base = alt.Chart(data).encode(x=x, y=y, color=color)
    tooltip = [
        alt.Tooltip("series:N", title=_("指標")),
        alt.Tooltip("when:N", title=_("時点")),
        alt.Tooltip("display:N", title=_("数値")),
    ]
    line = base.mark_line(strokeWidth=3 * scale)
    points = base.mark_point(filled=True, size=100 * scale, opacity=1).encode(tooltip=tooltip)
    # The first and the newest value are labelled (a monthly series would print a smear).
    labels = (
        base.mark_text(
            dy=-16 * scale,
            fontSize=theme.MARK_LABEL_SIZE * scale,
            fontWeight="bold",
            font=theme.FONT_FAMILY,
        )
        .encode(text=alt.Text("display:N"))
        .transform_joinaggregate(first="min(as_of)", last="max(as_of)", groupby=["series"])
        .transform_filter("time(datum.as_of) == datum.first || time(datum.as_of) == datum.last")
    )
    chart = alt.layer(line, points, labels).properties(
        height=HISTORY_HEIGHT_PX * scale,
        padding={"left": 4, "right": 12, "top": 28 * scale, "bottom": 4},  # the top label
    )
    return configure(chart, scale)
