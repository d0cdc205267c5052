"""What every chart shares: the config (Japanese font, 万/億 axes, untruncated labels), the
selection names pages react to, the one-colour-per-分野 palette and the marks' aria labels.

Streamlit's chart theme has no CJK glyphs and cuts labels at 100 px, so every chart sets its own.
A chart's spec without its data is the same for every filter (tests/test_charts.py checks it):
Streamlit's frontend updates a drawn chart in place only when that is so, and otherwise throws
the view away and embeds a new one. So sizes are Vega-Lite steps, not heights computed from the
row count; domains and legends come from the data inside Vega, not from values written into
the spec; and titles that count something are Streamlit text outside the chart.
"""

from __future__ import annotations

import json
from typing import Any

import altair as alt
import pandas as pd

from dxdash.charts import theme
from dxdash.charts.label_text import wrap_label
from dxdash.locale import Locale
from dxdash.locale.locale import JAPANESE

# Axis labels in 万/億 as people read them: 1800000 → 180万, 350000000 → 3.5億.
JA_NUMBER_EXPR = (
    "abs(datum.value) >= 100000000 ? format(datum.value / 100000000, ',~r') + '億'"
    " : abs(datum.value) >= 10000 ? format(datum.value / 10000, ',~r') + '万'"
    " : format(datum.value, ',~r')"
)


# English axes: 800k, 1.8M.
EN_NUMBER_EXPR = "format(datum.value, '~s')"


SELECT_INITIATIVE = "pick_initiative"


SELECT_FIELD = "pick_field"


SELECT_MODEL = "pick_model"


SELECT_YEAR = "pick_year"


# The width of the element a chart is drawn in (a phone's is narrow), for choices that must not
# follow the width signal Vega's autosize changes; the width where there is none (images).
CONTAINER_WIDTH = "(containerSize()[0] > 0 ? containerSize()[0] : width)"


# The legend shows the 分野 label after its palette position ("03 教育" → "教育"); see field_color.
FIELD_KEY_LABEL_EXPR = "slice(datum.label, 3)"


def configure(chart: alt.TopLevelMixin, scale: float = 1.0) -> alt.TopLevelMixin:
    """Apply the dxdash look: Japanese font, readable sizes, horizontal labels, no frame.

    One ``configure`` call, not a chain of configure_axis/legend/title/view: each of those
    deep-copies the whole chart, which cost more than the rest of a chart's construction.
    """
    font = theme.FONT_FAMILY
    labels_and_titles = {  # axes and legends read alike
        "labelFont": font,
        "titleFont": font,
        "labelFontSize": theme.AXIS_LABEL_SIZE * scale,
        "titleFontSize": theme.AXIS_TITLE_SIZE * scale,
        "labelColor": theme.TEXT_COLOR,
        "titleColor": theme.TEXT_COLOR,
    }
    return chart.configure(
        font=font,
        padding={"left": 4, "right": 12, "top": 8, "bottom": 4},
        axis=alt.AxisConfig(
            **labels_and_titles,
            titleFontWeight="normal",
            labelLimit=theme.LABEL_LIMIT_PX * scale,
            labelAngle=0,
            gridColor="#E3E6EA",
            domainColor="#8A9099",
            tickColor="#8A9099",
        ),
        legend=alt.LegendConfig(
            **labels_and_titles,
            labelLimit=0,
            orient="bottom",
            direction="horizontal",
            # slides: fewer, larger legend entries per row; narrow (a phone, a tablet): one or
            # two (the width signal: a legend's columns do not change the chart's width)
            columns=3 if scale > 1 else {"expr": "width < 420 ? 1 : width < 800 ? 2 : 6"},
            symbolSize=160 * scale,
        ),
        title=alt.TitleConfig(
            font=font,
            fontSize=theme.CHART_TITLE_SIZE * scale,
            color=theme.TEXT_COLOR,
            anchor="start",
        ),
        view=alt.ViewConfig(stroke=None),
    )


def number_axis_expr(locale: Locale) -> str:
    """A value axis's labelExpr: 180万 / 3.5億 in Japanese, 1.8M / 350M in English."""
    return EN_NUMBER_EXPR if locale.english else JA_NUMBER_EXPR


def month_axis_format(locale: Locale) -> str:
    """A time axis's d3 format for months: 「2023年10月」 or "Oct 2023" (Locale.month's forms)."""
    return "%b %Y" if locale.english else "%Y年%-m月"


def year_axis_format(locale: Locale) -> str:
    """A time axis's d3 format for years: 「2023年」 or "2023"."""
    return "%Y" if locale.english else "%Y年"


def count_label_expr(locale: Locale) -> str:
    """A count bar's label as an expression: 「3件」 in Japanese, a bare "3" in English."""
    return "datum.count + ''" if locale.english else "datum.count + '件'"


def field_color(legend: bool = True, locale: Locale = JAPANESE) -> alt.Color:
    """Colour by 分野 with the fixed palette; the legend lists only the 分野 present.

    Both come from the data, so the spec is the same whichever 分野 a filter leaves: each row
    carries its 分野's colour (``field_color``) and a key that sorts in palette order
    (``field_key``, "03 教育"), and the scale's domain and range are read from those columns
    (Vega-Lite sorts both by the key, so each 分野 keeps its colour in both languages).
    """
    return alt.Color(
        "field_key:N",
        title=locale._("分野"),
        scale=alt.Scale(range=alt.FieldRange(field="field_color")),
        # aria off: the legend's own description would read the keys; every bar names its 分野
        legend=alt.Legend(symbolType="square", labelExpr=FIELD_KEY_LABEL_EXPR, aria=False)
        if legend
        else None,
    )


def _with_aria(frame: pd.DataFrame, fields: list[tuple[str, str]]) -> pd.DataFrame:
    """Add ``aria``, each bar's accessible label ("施策: …; 分野: …", the tooltip's fields): Vega's
    default would also read the colour key ("分野: 03 教育")."""
    return frame.assign(aria=aria_labels([frame[column] for column, _ in fields], fields))


def aria_labels(columns: list[Any], fields: list[tuple[str, str]]) -> list[str]:
    """Each row's accessible label from its values in ``columns`` (one per entry of fields)."""
    return [
        "; ".join(f"{title}: {value}" for (_, title), value in zip(fields, row, strict=True))
        for row in zip(*columns, strict=True)
    ]


def _with_field_label(frame: pd.DataFrame, locale: Locale) -> pd.DataFrame:
    """Add the 分野 label, colour and palette-order key the colour scale reads (a copy)."""
    return frame.assign(**field_label_columns(list(frame["field"]), locale))


def field_label_columns(fields: list[str], locale: Locale) -> dict[str, list[str]]:
    """The 分野 label, palette-order key and colour of each of ``fields`` (_with_field_label)."""
    order = {field: position for position, field in enumerate(theme.field_domain())}
    labels = [locale.term("fields", f) for f in fields]
    return {
        "field_label": labels,
        "field_key": [f"{order[f]:02d} {label}" for f, label in zip(fields, labels, strict=True)],
        "field_color": [theme.FIELD_COLORS[f] for f in fields],
    }


def counts_by_field(
    counts: pd.DataFrame, label_column: str, labels: list[str], label_title: str, locale: Locale
) -> pd.DataFrame:
    """Counts per category and 分野 with the category's label, the 分野 columns and each bar's aria."""
    counts = _with_field_label(counts, locale).assign(**{label_column: labels})
    fields = [
        (label_column, label_title),
        ("field_label", locale._("分野")),
        ("count", locale._("件数")),
    ]
    return _with_aria(counts, fields)


def count_bar_channels(
    label: str, label_title: str, pick: alt.Parameter, locale: Locale
) -> dict[str, Any]:
    """The channels of a clickable bar of counts stacked by 分野 (see counts_by_field)."""
    return {
        "color": field_color(locale=locale),
        "description": alt.Description("aria:N"),  # one row per category and 分野: kept by the sum
        "opacity": picked_opacity(pick),
        "tooltip": [
            alt.Tooltip(label, title=label_title),
            alt.Tooltip("field_label:N", title=locale._("分野")),
            alt.Tooltip("count:Q", title=locale._("件数")),
        ],
    }


def picked_opacity(pick: alt.Parameter) -> alt.OpacityValue:
    """Full opacity for the clicked bar (all bars when none is), faded for the others.

    The same spec as ``alt.condition(pick, alt.value(1.0), alt.value(0.35))``, built as a typed
    channel: Altair turns plain dicts into channels through a from_dict that re-hashes its whole
    schema each time (about 4 ms per channel, on every chart built for a new filter).
    """
    return alt.OpacityValue(
        0.35, condition=alt.ConditionalParameterValueDefnumberExprRef(param=pick.name, value=1.0)
    )


def two_lines_when_narrow(labels: list[str]) -> str:
    """A labelExpr: in a phone's container (< 560 px), each of `labels` on two lines
    (wrap_label), never cut; elsewhere as it is."""
    lines = json.dumps({label: wrap_label(label, units=0) for label in labels}, ensure_ascii=False)
    return (
        f"{CONTAINER_WIDTH} < 560 ? split({lines}[datum.label] || datum.label, '\\n') : datum.label"
    )
