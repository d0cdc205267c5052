"""Altair chart builders: DataFrame in, configured ``alt.Chart`` out — no Streamlit here.

Every chart sets its own Japanese font, horizontal untruncated labels, 万/億 axis labels and
the one-colour-per-分野 palette, because Streamlit's chart theme has no CJK glyphs and cuts
labels at 100 px. Each builder names its selection parameter so pages can react to clicks.

A chart's spec without its data is the same for every filter (tests/test_charts.py checks it):
Streamlit's frontend updates a drawn chart in place only when that is so, and otherwise throws
the view away and embeds a new one. So sizes are Vega-Lite steps, not heights computed from the
row count; domains and legends come from the data inside Vega, not from values written into
the spec; and titles that count something are Streamlit text outside the chart.
"""

from __future__ import annotations

import copy
import functools
import json
import math
import re
import unicodedata
from typing import Any

import altair as alt
import pandas as pd

from dxdash.charts import theme
from dxdash.locale import catalog as i18n

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
BAR_ROW_PX = 64  # one row of the figure bars: the name above, the bar and its label below
COMPACT_ROW_PX = 37
MODEL_ROW_PX = 70
# The width of the element a chart is drawn in (a phone's is narrow), for choices that must not
# follow the width signal Vega's autosize changes; the width where there is none (images).
CONTAINER_WIDTH = "(containerSize()[0] > 0 ? containerSize()[0] : width)"
# The legend shows the 分野 label after its palette position ("03 教育" → "教育"); see _field_color.
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


def _field_color(legend: bool = True, lang: str = "ja") -> alt.Color:
    """Colour by 分野 with the fixed palette; the legend lists only the 分野 present.

    Both come from the data, so the spec is the same whichever 分野 a filter leaves: each row
    carries its 分野's colour (``field_color``) and a key that sorts in palette order
    (``field_key``, "03 教育"), and the scale's domain and range are read from those columns
    (Vega-Lite sorts both by the key, so each 分野 keeps its colour in both languages).
    """
    return alt.Color(
        "field_key:N",
        title=i18n.gettext("分野", lang),
        scale=alt.Scale(range=alt.FieldRange(field="field_color")),
        # aria off: the legend's own description would read the keys; every bar names its 分野
        legend=alt.Legend(symbolType="square", labelExpr=FIELD_KEY_LABEL_EXPR, aria=False)
        if legend
        else None,
    )


def _with_aria(frame: pd.DataFrame, fields: list[tuple[str, str]]) -> pd.DataFrame:
    """Add ``aria``, each bar's accessible label ("施策: …; 分野: …", the tooltip's fields): Vega's
    default would also read the colour key ("分野: 03 教育")."""
    return frame.assign(aria=_aria_labels([frame[column] for column, _ in fields], fields))


def _aria_labels(columns: list[Any], fields: list[tuple[str, str]]) -> list[str]:
    """Each row's accessible label from its values in ``columns`` (one per entry of fields)."""
    return [
        "; ".join(f"{title}: {value}" for (_, title), value in zip(fields, row, strict=True))
        for row in zip(*columns, strict=True)
    ]


def _with_field_label(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Add the 分野 label, colour and palette-order key the colour scale reads (a copy)."""
    return frame.assign(**_field_label_columns(list(frame["field"]), lang))


def _field_label_columns(fields: list[str], lang: str) -> dict[str, list[str]]:
    """The 分野 label, palette-order key and colour of each of ``fields`` (_with_field_label)."""
    order = {field: position for position, field in enumerate(theme.field_domain())}
    labels = [i18n.term("fields", f, lang) for f in fields]
    return {
        "field_label": labels,
        "field_key": [f"{order[f]:02d} {label}" for f, label in zip(fields, labels, strict=True)],
        "field_color": [theme.FIELD_COLORS[f] for f in fields],
    }


def _counts_by_field(
    counts: pd.DataFrame, label_column: str, labels: list[str], label_title: str, lang: str
) -> pd.DataFrame:
    """Counts per category and 分野 with the category's label, the 分野 columns and each bar's aria."""
    counts = _with_field_label(counts, lang).assign(**{label_column: labels})
    fields = [
        (label_column, label_title),
        ("field_label", i18n.gettext("分野", lang)),
        ("count", i18n.gettext("件数", lang)),
    ]
    return _with_aria(counts, fields)


def _count_bar_channels(
    label: str, label_title: str, pick: alt.Parameter, lang: str
) -> dict[str, Any]:
    """The channels of a clickable bar of counts stacked by 分野 (see _counts_by_field)."""
    return {
        "color": _field_color(lang=lang),
        "description": alt.Description("aria:N"),  # one row per category and 分野: kept by the sum
        "opacity": _picked_opacity(pick),
        "tooltip": [
            alt.Tooltip(label, title=label_title),
            alt.Tooltip("field_label:N", title=i18n.gettext("分野", lang)),
            alt.Tooltip("count:Q", title=i18n.gettext("件数", lang)),
        ],
    }


def _picked_opacity(pick: alt.Parameter) -> alt.OpacityValue:
    """Full opacity for the clicked bar (all bars when none is), faded for the others.

    The same spec as ``alt.condition(pick, alt.value(1.0), alt.value(0.35))``, built as a typed
    channel: Altair turns plain dicts into channels through a from_dict that re-hashes its whole
    schema each time (about 4 ms per channel, on every chart built for a new filter).
    """
    return alt.OpacityValue(
        0.35, condition=alt.ConditionalParameterValueDefnumberExprRef(param=pick.name, value=1.0)
    )


def _figure_tooltip(lang: str = "ja") -> list[alt.Tooltip]:
    """Tooltip for a figure: who, what, the report's wording, when and 分野."""
    _ = functools.partial(i18n.gettext, lang=lang)
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


# A bar label's width in em, per character: full-width ones 1, others (bold digits, Latin) 0.62.
_FULL_WIDTH_EM, _HALF_WIDTH_EM = 1.0, 0.62


def label_width_px(text: str) -> int:
    """About how wide a bar label is drawn at theme.MARK_LABEL_SIZE, in whole pixels (a little
    over, never under)."""
    em = sum(
        _FULL_WIDTH_EM if unicodedata.east_asian_width(ch) in "WFA" else _HALF_WIDTH_EM
        for ch in text
    )
    return math.ceil(em * theme.MARK_LABEL_SIZE)


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
    title: str,
    axis_title: str,
    log: bool = False,
    percent: bool = False,
    scale: float = 1.0,
    compact: bool = False,
    row_px: int | None = None,
    lang: str = "ja",
    as_spec: bool = False,
) -> Any:
    """Horizontal bars, one per figure, labelled with the report's wording (約80万人 …).

    Parameters
    ----------
    figures
        Rows from ``figures.with_labels``: label, value, display, field, as_of_display, …
    title, axis_title
        Japanese chart title and value-axis title (the unit).
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
        "title": title,
        "axis_title": axis_title,
        "log": log,
        "percent": percent,
        "scale": scale,
        "compact": compact,
        "row_px": row_px,
        "lang": lang,
    }
    data = figure_bars_data(figures, log=log, percent=percent, lang=lang)
    if as_spec:
        return _with_rows(_figure_bars_template(**options), FIGURE_BARS_DATA, data)
    return _figure_bars_chart(data, **options)


def figure_bars_data(
    figures: pd.DataFrame, *, log: bool = False, percent: bool = False, lang: str = "ja"
) -> pd.DataFrame:
    """The rows a figure-bar chart draws: the figures with their room, 分野 colour and aria."""
    _ = functools.partial(i18n.gettext, lang=lang)
    data = figures[list(FIGURE_COLUMNS)].reset_index(drop=True)
    room_low, room_high = _value_room(data["value"], log, percent)
    bar_labels = [str(text) for text in data["bar_label"]]
    names = [str(text) for text in data["label"]]
    wrapped_bar_labels = [wrap_label(text, units=0) for text in bar_labels]
    # Built as lists and joined once: a column at a time (assign) was most of a chart's cost.
    added: dict[str, list[Any]] = {
        **_field_label_columns(list(data["field"]), lang),
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
    added["aria"] = _aria_labels([named[name] for name, _ in fields], fields)
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
        empty, log=options["log"], percent=options["percent"], lang=options["lang"]
    )
    return _template(_figure_bars_chart(rows, **options), FIGURE_BARS_DATA)


def _template(chart: alt.TopLevelMixin, name: str) -> dict[str, Any]:
    """A chart's spec with its one top-level dataset taken out and the data renamed ``name``."""
    spec = chart.to_dict(validate=False)
    (built,) = spec.pop("datasets")
    if spec.get("data") != {"name": built}:
        raise ValueError(f"expected one top-level dataset, got {spec.get('data')}")
    spec["data"] = {"name": name}
    return spec


def _with_rows(template: dict[str, Any], name: str, data: pd.DataFrame) -> dict[str, Any]:
    """A copy of a template with ``data`` as its dataset, as Altair writes rows (missing → None,
    dates as full ISO strings: JavaScript reads those in local time)."""
    return {**copy.deepcopy(template), "datasets": {name: _records(data)}}


def _records(data: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as Altair writes them: Python values, missing → None, dates as ISO strings (``""``
    for a missing one). Column by column (a frame-wide ``astype(object)`` cost 4 ms a chart)."""
    columns = []
    for column in data.columns:
        values = data[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            columns.append(["" if pd.isna(x) else x.isoformat() for x in values])
            continue
        listed = values.tolist()
        missing = values.isna().to_numpy()
        if missing.any():
            listed = [None if gone else value for value, gone in zip(listed, missing, strict=True)]
        columns.append(listed)
    names = [str(column) for column in data.columns]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


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
    lang: str,
) -> alt.LayerChart:
    """The figure-bar chart of rows from figure_bars_data."""
    _ = functools.partial(i18n.gettext, lang=lang)
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
            labelExpr=JA_NUMBER_EXPR if lang == "ja" else EN_NUMBER_EXPR,
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
            color=_field_color(legend=not compact, lang=lang),
            opacity=_picked_opacity(pick),
            tooltip=_figure_tooltip(lang),
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


def build_usage_chart(
    figures: pd.DataFrame,
    *,
    log: bool = False,
    scale: float = 1.0,
    compact: bool = False,
    lang: str = "ja",
    row_px: int | None = None,
    as_spec: bool = False,
) -> Any:
    """Users and uses by initiative (人・回), largest first; compact (slides) drops the title.

    ``as_spec``: the Vega-Lite dict instead of the Altair chart (see build_figure_bars)."""
    _ = functools.partial(i18n.gettext, lang=lang)
    return build_figure_bars(
        figures,
        title="" if compact else _("利用者数・利用回数"),
        axis_title=_("人・回"),
        log=log,
        scale=scale,
        compact=compact,
        lang=lang,
        row_px=row_px,
        as_spec=as_spec,
    )


def build_rate_chart(
    figures: pd.DataFrame,
    *,
    scale: float = 1.0,
    compact: bool = False,
    lang: str = "ja",
    row_px: int | None = None,
    as_spec: bool = False,
) -> Any:
    """Rates (%) on a fixed 0–100 axis; the qualifier (以上, 見込) stays in each label.

    ``as_spec``: the Vega-Lite dict instead of the Altair chart (see build_figure_bars)."""
    _ = functools.partial(i18n.gettext, lang=lang)
    return build_figure_bars(
        figures,
        title="" if compact else _("達成率・割合（%）"),
        axis_title="%",
        percent=True,
        scale=scale,
        compact=compact,
        lang=lang,
        row_px=row_px,
        as_spec=as_spec,
    )


def build_models_chart(
    counts: pd.DataFrame, *, scale: float = 1.0, lang: str = "ja", height: float | None = None
) -> Any:
    """The 15 Gunma models: one stacked bar per type, coloured by 分野; click picks the type."""
    _ = functools.partial(i18n.gettext, lang=lang)
    pick = alt.selection_point(name=SELECT_MODEL, fields=["gunma_model"], on="click")
    types = ["ワイズスペンディング", "他自治体の見本"]
    counts = _counts_by_field(
        counts,
        "gunma_model_label",
        [i18n.term("gunma_model_types", t, lang) for t in counts["gunma_model"]],
        _("類型"),
        lang,
    )
    totals = counts.groupby(["gunma_model", "gunma_model_label"], as_index=False)["count"].sum()
    base = alt.Chart(counts, title=alt.Title(_("群馬モデルの類型と分野（件）")))
    type_labels = [i18n.term("gunma_model_types", t, lang) for t in types]
    y = alt.Y(
        "gunma_model_label:N",
        title=None,
        sort=type_labels,
        # a phone's container: a long type name on two lines, so the bars keep their room
        axis=alt.Axis(labelPadding=6, labelExpr=_two_lines_when_narrow(type_labels)),
    )
    bars = (
        base.mark_bar(size=40 * scale)
        .encode(
            y=y,
            x=alt.X("sum(count):Q", title=_("件数"), axis=alt.Axis(tickMinStep=1, format="d")),
            # keep the type's key (for the click) and the 分野's colour (the scale's range)
            # through the sum
            detail=[alt.Detail("gunma_model:N"), alt.Detail("field_color:N")],
            **_count_bar_channels("gunma_model_label:N", _("類型"), pick, lang),
        )
        .add_params(pick)
    )
    labels = (
        alt.Chart(totals)
        .mark_text(
            align="left", dx=6, fontSize=theme.MARK_LABEL_SIZE * scale, font=theme.FONT_FAMILY
        )
        .transform_calculate(label="datum.count + '件'" if lang == "ja" else "datum.count + ''")
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


def _two_lines_when_narrow(labels: list[str]) -> str:
    """A labelExpr: in a phone's container (< 560 px), each of `labels` on two lines
    (wrap_label), never cut; elsewhere as it is."""
    lines = json.dumps({label: wrap_label(label, units=0) for label in labels}, ensure_ascii=False)
    return (
        f"{CONTAINER_WIDTH} < 560 ? split({lines}[datum.label] || datum.label, '\\n') : datum.label"
    )


def build_survey_chart(
    survey: pd.DataFrame,
    *,
    scale: float = 1.0,
    height: float = 360,
    titled: bool = True,
    lang: str = "ja",
) -> Any:
    """The happiness-survey scores by 年度, one line per item, each point labelled.

    ``titled=False`` (a slide, whose title and takeaway say what it shows) drops the chart's
    own title for the plot's room."""
    _ = functools.partial(i18n.gettext, lang=lang)
    data = survey.assign(
        fiscal_year_label=[i18n.format_fiscal_year(int(y), lang) for y in survey["fiscal_year"]]
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
                labelExpr=_two_lines_when_narrow(items),
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


def build_launches_chart(counts: pd.DataFrame, *, scale: float = 1.0, lang: str = "ja") -> Any:
    """Initiatives launched per 年度, stacked by 分野; click picks the 年度."""
    _ = functools.partial(i18n.gettext, lang=lang)
    pick = alt.selection_point(name=SELECT_YEAR, fields=["fiscal_year_label"], on="click")
    counts = _counts_by_field(
        counts,
        "fiscal_year_label",
        [i18n.format_fiscal_year(int(y), lang) for y in counts["fiscal_year"]],
        _("年度"),
        lang,
    )
    chart = (
        alt.Chart(counts, title=alt.Title(_("開始年度別の施策数（件）")))
        .mark_bar(size=46 * scale)
        .encode(
            x=alt.X("fiscal_year_label:O", title=_("開始年度"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(count):Q", title=None, axis=alt.Axis(tickMinStep=1, format="d")),
            detail=alt.Detail("field_color:N"),  # the 分野's colour through the sum
            **_count_bar_channels("fiscal_year_label:O", _("年度"), pick, lang),
        )
        .add_params(pick)
        .properties(height=380 * scale)
    )
    return configure(chart, scale)


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
# A label wider than about 20 full-width or 40 half-width characters (≈ 300 px at 14 px) takes
# two lines, so it fits beside any point of a chart 600 px wide, on the side with more room.
TIMELINE_LABEL_UNITS = 40
# No line starts with closing punctuation or ends with opening punctuation (禁則).
_NO_LINE_START = set(
    "、。，．・：；！？」』）】〕,.:;!?)]ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々"
)
_NO_LINE_END = set("「『（【〔（([")


def _script(ch: str) -> str:
    """The script of a character, to prefer line breaks where it changes (カタカナ|漢字)."""
    if "\u30a0" <= ch <= "\u30ff":
        return "katakana"
    if "\u3040" <= ch <= "\u309f":
        return "hiragana"
    if "\u4e00" <= ch <= "\u9fff" or ch == "々":
        return "kanji"
    return "other"


# What a line break costs, in half-width units on the longer line: inside a katakana or kanji
# word it costs 6 characters more; before hiragana (a particle, an ending) 2 more.
_WORD_BREAK_COST = {
    ("katakana", "katakana"): 12,
    ("kanji", "kanji"): 12,
    ("hiragana", "hiragana"): 4,
    ("kanji", "hiragana"): 4,
    ("katakana", "hiragana"): 4,
    ("other", "hiragana"): 4,
}


def _text_units(text: str) -> int:
    """How wide a text is in half-width characters (full-width ones count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_label(text: str, units: int = TIMELINE_LABEL_UNITS) -> str:
    """Break a label into two balanced lines when it is wider than ``units`` (newline-separated).

    English breaks between words, Japanese between characters (not before 、。」 nor after 「);
    nothing is cut or dropped. A title too long for two lines of ``units`` gets two wider ones,
    so a label never runs into the next event's lane.
    """
    text = " ".join(text.split())
    total = _text_units(text)
    if total <= units:
        return text
    tokens = re.findall(r"[\x21-\x7e]+| |.", text)
    # The break where the longer line is shortest, skipping breaks that 禁則 forbids.
    best: tuple[int, int] | None = None
    width = 0
    for index in range(1, len(tokens)):
        before, after = tokens[index - 1], tokens[index]
        width += _text_units(before)
        if before.isascii() and after.isascii() and after != " ":
            continue  # inside English words: break only before a space
        if before in _NO_LINE_END or after[0] in _NO_LINE_START:
            continue
        # the longer line's width, plus a little for breaking inside a word of one script
        cost = max(width, total - width) + _WORD_BREAK_COST.get(
            (_script(before[-1]), _script(after[0])), 0
        )
        if best is None or cost < best[0]:
            best = (cost, index)
    if best is None:
        return text
    cut = best[1]
    return "".join(tokens[:cut]).strip() + "\n" + "".join(tokens[cut:]).strip()


def _timeline_rows(events: pd.DataFrame, lang: str, scale: float) -> pd.DataFrame:
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
    dated["date_label"] = [i18n.format_month(d, lang) for d in dated["date"]]
    dated["kind_label"] = [i18n.term("event_kinds", k, lang) for k in dated["kind"]]
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


def build_timeline_chart(events: pd.DataFrame, *, scale: float = 1.0, lang: str = "ja") -> Any:
    """Dated milestones on a time axis, one lane per event with its title beside its point.

    Undated events are left to the table. Labels are never cut: long titles wrap onto a second
    line, and a label sits on the side of its point with more room, so none overlaps another.
    """
    _ = functools.partial(i18n.gettext, lang=lang)
    dated = _timeline_rows(events, lang, scale)
    base = alt.Chart(dated, title=alt.Title(_("推進経過と外部評価（年月）"))).encode(
        x=alt.X(
            "date:T",
            title=None,
            axis=alt.Axis(format="%Y年" if lang == "ja" else "%Y", tickCount="year", labelAngle=0),
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


HISTORY_HEIGHT_PX = 240


HISTORY_DATA = "history"  # the dataset name of a history spec from its template


def build_history_chart(
    history: pd.DataFrame, *, scale: float = 1.0, lang: str = "ja", as_spec: bool = False
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
        return _with_rows(_history_template(scale, lang), HISTORY_DATA, data)
    return _history_chart(data, scale=scale, lang=lang)


def history_chart_data(history: pd.DataFrame) -> pd.DataFrame:
    """The rows a history chart draws: each value at the start of its month.

    Figures are dated to the month (「2024年3月末」), and a point on 31 March would sit at the
    April tick.
    """
    return history[["as_of", "value", "display", "when", "series"]].assign(
        as_of=pd.to_datetime(history["as_of"]).dt.to_period("M").dt.to_timestamp()
    )


@functools.lru_cache(maxsize=32)
def _history_template(scale: float, lang: str) -> dict[str, Any]:
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
    return _template(_history_chart(empty, scale=scale, lang=lang), HISTORY_DATA)


def _history_chart(data: pd.DataFrame, *, scale: float, lang: str) -> Any:
    """The history chart of rows from history_chart_data."""
    _ = functools.partial(i18n.gettext, lang=lang)
    x = alt.X(
        "as_of:T",
        title=None,
        # Ticks on months only (a month apart must not print one month twice); labels that would
        # overlap are dropped.
        axis=alt.Axis(
            format="%Y年%-m月" if lang == "ja" else "%b %Y",
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
        axis=alt.Axis(labelExpr=JA_NUMBER_EXPR if lang == "ja" else EN_NUMBER_EXPR, tickCount=4),
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
