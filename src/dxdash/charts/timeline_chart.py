"""The 推進経過 timeline: one lane per event, its kind as colour and shape, its label beside
it in up to two lines."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from dxdash.charts import theme
from dxdash.charts.common import FIELD_KEY_LABEL_EXPR, configure, year_axis_format
from dxdash.charts.label_text import wrap_label
from dxdash.locale import Locale
from dxdash.locale.locale import JAPANESE

EVENT_KIND_ORDER = ["組織", "計画", "掲載", "発表", "受賞", "会議開催", "公表"]


# One colour (Dark2) and one shape per kind, in EVENT_KIND_ORDER: the same on every filter.
EVENT_KIND_COLORS = ["#1B9E77", "#D95F02", "#7570B3", "#E7298A", "#66A61E", "#A6761D", "#666666"]


# The last shape is a star (an SVG path in Vega's unit square): 公表.
EVENT_KIND_SHAPES = [
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "triangle-down",
    "cross",
    "M0,-1L0.24,-0.33L0.95,-0.31L0.38,0.12L0.59,0.81L0,0.4L-0.59,0.81L-0.38,0.12L-0.95,-0.31"
    "L-0.24,-0.33Z",
]


TIMELINE_LANE_PX = 40  # one event a lane: a label of up to two lines beside its point


TIMELINE_LINE_HEIGHT = 1.25  # of the label font size


def _timeline_rows(events: pd.DataFrame, locale: Locale, scale: float) -> pd.DataFrame:
    """The dated events, one lane each in date order, with their labels and where they go.

    Everything that depends on the events travels in the data (lane, label side, kind colour
    and shape), so the chart's spec is the same for any filter.
    """
    dated = events.loc[events["date"].notna()].copy()
    dated["date"] = pd.to_datetime(dated["date"])
    order = {kind: position for position, kind in enumerate(EVENT_KIND_ORDER)}
    dated["kind_order"] = [order.get(k, len(order)) for k in dated["kind"]]
    dated = dated.sort_values(["date", "kind_order", "title"], kind="stable")
    dated["lane"] = range(len(dated))
    dated["date_label"] = [locale.month(d) for d in dated["date"]]
    dated["kind_label"] = [locale.term("event_kinds", k) for k in dated["kind"]]
    # "03 掲載": sorts in EVENT_KIND_ORDER, so the legend and the colours keep that order
    dated["kind_key"] = [
        f"{o:02d} {label}"
        for o, label in zip(dated["kind_order"], dated["kind_label"], strict=True)
    ]
    dated["kind_color"] = [
        EVENT_KIND_COLORS[o % len(EVENT_KIND_COLORS)] for o in dated["kind_order"]
    ]
    dated["kind_shape"] = [
        EVENT_KIND_SHAPES[o % len(EVENT_KIND_SHAPES)] for o in dated["kind_order"]
    ]
    dated["label"] = [wrap_label(str(t)) for t in dated["title"]]
    # A label's offset from the top of its lane: its middle at the point, so a two-line label
    # keeps to its own lane.
    line = theme.MARK_LABEL_SIZE * TIMELINE_LINE_HEIGHT * scale
    middle = TIMELINE_LANE_PX * scale / 2
    dated["label_dy"] = [middle - line / 2 if "\n" in label else middle for label in dated["label"]]
    # A label goes right of its point in the first half of the years shown, left in the second.
    first, last = dated["date"].min(), dated["date"].max()
    span = (last - first) / 2
    dated["label_left"] = [bool(span) and d - first > span for d in dated["date"]]
    return dated.drop(columns="kind_order")


def build_timeline_chart(
    events: pd.DataFrame, *, scale: float = 1.0, locale: Locale = JAPANESE
) -> Any:
    """Dated milestones on a time axis, one lane per event with its title beside its point.

    Undated events are left to the table. Labels are never cut: long titles wrap onto a second
    line, and a label sits on the side of its point with more room, so none overlaps another.
    """
    _ = locale._
    dated = _timeline_rows(events, locale, scale)
    base = alt.Chart(dated, title=alt.Title(_("推進経過と外部評価（年月）"))).encode(
        x=alt.X(
            "date:T",
            title=None,
            axis=alt.Axis(format=year_axis_format(locale), tickCount="year", labelAngle=0),
            scale=alt.Scale(padding=20 * scale),
        ),
        y=alt.Y("lane:O", title=None, axis=None),
    )
    points = base.mark_point(filled=True, size=220 * scale, opacity=0.9).encode(
        color=alt.Color(
            "kind_key:N",
            title=_("種類"),
            scale=alt.Scale(range=alt.FieldRange(field="kind_color")),
            legend=alt.Legend(labelExpr=FIELD_KEY_LABEL_EXPR),
        ),
        shape=alt.Shape("kind_key:N", scale=alt.Scale(range=alt.FieldRange(field="kind_shape"))),
        tooltip=[
            alt.Tooltip("date_label:N", title=_("年月")),
            alt.Tooltip("kind_label:N", title=_("種類")),
            alt.Tooltip("title:N", title=_("出来事")),
        ],
    )
    label_style = {
        "baseline": "middle",
        "lineBreak": "\n",
        "limit": 0,  # never cut a title; wrap_label keeps each line short
        "fontSize": theme.MARK_LABEL_SIZE * scale,
        "lineHeight": theme.MARK_LABEL_SIZE * TIMELINE_LINE_HEIGHT * scale,
        "font": theme.FONT_FAMILY,
        "color": theme.TEXT_COLOR,
    }
    # One text layer a side: right of the point (align left), or left of it (align right).
    labels = [
        base.transform_filter(alt.datum.label_left if left else ~alt.datum.label_left)
        .mark_text(
            align="right" if left else "left", dx=(-12 if left else 12) * scale, **label_style
        )
        .encode(text=alt.Text("label:N"), yOffset=alt.YOffset("label_dy:Q", scale=None))
        for left in (False, True)
    ]
    chart = alt.layer(points, *labels).properties(height=alt.Step(TIMELINE_LANE_PX * scale))
    return configure(chart, scale)
