"""Bars of counts: 群馬モデル by type and 分野, the survey's items by 年度, and initiatives by
the 年度 they started."""

from __future__ import annotations

import json
from typing import Any

import altair as alt
import pandas as pd

from dxdash.charts import theme
from dxdash.charts.common import (
    CONTAINER_WIDTH,
    SELECT_MODEL,
    SELECT_YEAR,
    configure,
    count_bar_channels,
    count_label_expr,
    counts_by_field,
    two_lines_when_narrow,
)
from dxdash.charts.label_text import wrap_label
from dxdash.data.vocabulary import GUNMA_MODEL_TYPES
from dxdash.locale import Locale
from dxdash.locale.locale import JAPANESE

MODEL_ROW_PX = 70


def build_models_chart(
    counts: pd.DataFrame,
    *,
    scale: float = 1.0,
    locale: Locale = JAPANESE,
    height: float | None = None,
) -> Any:
    """The 15 Gunma models: one stacked bar per type, coloured by 分野; click picks the type."""
    _ = locale._
    pick = alt.selection_point(name=SELECT_MODEL, fields=["gunma_model"], on="click")
    types = list(GUNMA_MODEL_TYPES)
    counts = counts_by_field(
        counts,
        "gunma_model_label",
        [locale.term("gunma_model_types", t) for t in counts["gunma_model"]],
        _("類型"),
        locale,
    )
    totals = counts.groupby(["gunma_model", "gunma_model_label"], as_index=False)["count"].sum()
    base = alt.Chart(counts, title=alt.Title(_("群馬モデルの類型と分野（件）")))
    type_labels = [locale.term("gunma_model_types", t) for t in types]
    y = alt.Y(
        "gunma_model_label:N",
        title=None,
        sort=type_labels,
        # a phone's container: a long type name on two lines, so the bars keep their room
        axis=alt.Axis(labelPadding=6, labelExpr=two_lines_when_narrow(type_labels)),
    )
    bars = (
        base.mark_bar(size=40 * scale)
        .encode(
            y=y,
            x=alt.X("sum(count):Q", title=_("件数"), axis=alt.Axis(tickMinStep=1, format="d")),
            # keep the type's key (for the click) and the 分野's colour (the scale's range)
            # through the sum
            detail=[alt.Detail("gunma_model:N"), alt.Detail("field_color:N")],
            **count_bar_channels("gunma_model_label:N", _("類型"), pick, locale),
        )
        .add_params(pick)
    )
    labels = (
        alt.Chart(totals)
        .mark_text(
            align="left", dx=6, fontSize=theme.MARK_LABEL_SIZE * scale, font=theme.FONT_FAMILY
        )
        .transform_calculate(label=count_label_expr(locale))
        .encode(y=y, x=alt.X("count:Q"), text=alt.Text("label:N"))
    )
    # invisible: the value axis reaches past the longest bar, so its count label is never cut
    room = (
        alt.Chart(totals)
        .transform_aggregate(longest="max(count)")
        .transform_calculate(room="datum.longest * 1.12 + 1")
        .mark_rule(opacity=0, strokeWidth=0, aria=False)
        .encode(x=alt.X("room:Q"))
    )
    size = alt.Step(MODEL_ROW_PX * scale) if height is None else height
    return configure(alt.layer(bars, labels, room).properties(height=size), scale)


def build_survey_chart(
    survey: pd.DataFrame,
    *,
    scale: float = 1.0,
    height: float = 360,
    titled: bool = True,
    locale: Locale = JAPANESE,
) -> Any:
    """The happiness-survey scores by 年度, one line per item, each point labelled.

    ``titled=False`` (a slide, whose title and takeaway say what it shows) drops the chart's
    own title for the plot's room."""
    _ = locale._
    data = survey.assign(
        fiscal_year_label=[locale.fiscal_year(int(y)) for y in survey["fiscal_year"]]
    )
    # Label the higher line above its points and the others below, so labels never collide;
    # which line that is travels in the data, so the spec is the same for any filter.
    means = data.groupby("item", sort=False)["score"].mean()
    data = data.assign(label_above=data["item"] == str(means.idxmax()))
    colors = ["#1D4E89", "#CC6677"]
    items = list(dict.fromkeys(data["item"]))
    title = _("県民幸福度アンケート（施策実感、点）")
    narrow_title = json.dumps(wrap_label(title, units=0).split("\n"), ensure_ascii=False)
    # a phone's container: the title on two lines (a chart's title is not wrapped by Vega)
    title_text = {"expr": f"{CONTAINER_WIDTH} < 420 ? {narrow_title} : {json.dumps(title)}"}
    base = alt.Chart(data, title=alt.Title(title_text) if titled else alt.Undefined).encode(
        x=alt.X("fiscal_year_label:O", title=_("年度"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("score:Q", title=None, scale=alt.Scale(domain=[30, 60])),
        color=alt.Color(
            "item:N",
            title=_("設問"),
            scale=alt.Scale(domain=items, range=colors[: len(items)]),
            # a phone's container: each long question on two lines (never cut)
            legend=alt.Legend(
                orient="bottom",
                direction="vertical",
                columns=1,
                labelExpr=two_lines_when_narrow(items),
            ),
        ),
    )
    lines = base.mark_line(strokeWidth=3 * scale, point=alt.OverlayMarkDef(size=90 * scale))
    label_style = {"fontSize": theme.MARK_LABEL_SIZE * scale, "font": theme.FONT_FAMILY}
    labels_above = (
        base.transform_filter(alt.datum.label_above)
        .mark_text(dy=-16 * scale, **label_style)
        .encode(text=alt.Text("score:Q", format=".1f"))
    )
    labels_below = (
        base.transform_filter(~alt.datum.label_above)
        .mark_text(dy=20 * scale, **label_style)
        .encode(text=alt.Text("score:Q", format=".1f"))
    )
    tooltip = base.mark_point(size=300 * scale, opacity=0).encode(
        tooltip=[
            alt.Tooltip("item:N", title=_("設問")),
            alt.Tooltip("fiscal_year_label:O", title=_("年度")),
            alt.Tooltip("score:Q", title=_("点"), format=".1f"),
        ]
    )
    return configure(
        alt.layer(lines, labels_above, labels_below, tooltip).properties(height=height * scale),
        scale,
    )


def build_launches_chart(
    counts: pd.DataFrame, *, scale: float = 1.0, locale: Locale = JAPANESE
) -> Any:
    """Initiatives launched per 年度, stacked by 分野; click picks the 年度."""
    _ = locale._
    pick = alt.selection_point(name=SELECT_YEAR, fields=["fiscal_year_label"], on="click")
    counts = counts_by_field(
        counts,
        "fiscal_year_label",
        [locale.fiscal_year(int(y)) for y in counts["fiscal_year"]],
        _("年度"),
        locale,
    )
    chart = (
        alt.Chart(counts, title=alt.Title(_("開始年度別の施策数（件）")))
        .mark_bar(size=46 * scale)
        .encode(
            x=alt.X("fiscal_year_label:O", title=_("開始年度"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(count):Q", title=None, axis=alt.Axis(tickMinStep=1, format="d")),
            detail=alt.Detail("field_color:N"),  # the 分野's colour through the sum
            **count_bar_channels("fiscal_year_label:O", _("年度"), pick, locale),
        )
        .add_params(pick)
        .properties(height=380 * scale)
    )
    return configure(chart, scale)
