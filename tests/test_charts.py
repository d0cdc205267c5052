"""Charts: asserted through the Vega-Lite spec (``chart.to_dict()``), on the real data."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pandas as pd
import pytest

from dxdash.charts import (
    common,
    count_bars,
    figure_bars,
    history_chart,
    label_text,
    theme,
    timeline_chart,
)
from dxdash.locale import get_locale
from dxdash.render.streamlit import blocks
from dxdash.story import figures, tables
from dxdash.story.filters import Filters
from tests.fixtures import rate_chart, usage_chart


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every dict in a spec, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _params(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Selection parameters by name, wherever Altair put them (top level or a layer)."""
    return {p["name"]: p for d in _walk(spec) for p in d.get("params", []) if "select" in p}


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return spec.get("layer", [spec])


def _mark_type(layer: dict[str, Any]) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def _rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """All inline data rows of a spec."""
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def _bar(spec: dict[str, Any]) -> dict[str, Any]:
    return next(layer for layer in _layers(spec) if _mark_type(layer) == "bar")


BUILDERS = [
    pytest.param(
        lambda ds, lab, s: usage_chart(figures.usage_figures(lab), scale=s),
        id="usage",
    ),
    pytest.param(
        lambda ds, lab, s: usage_chart(figures.usage_figures(lab), log=True, scale=s),
        id="usage-log",
    ),
    pytest.param(
        lambda ds, lab, s: rate_chart(figures.rate_figures(lab), scale=s),
        id="rate",
    ),
    pytest.param(
        lambda ds, lab, s: figure_bars.build_figure_bars(
            figures.figure_groups(lab)[0].figures, title="利用者数", axis_title="人", scale=s
        ),
        id="figure-bars",
    ),
    pytest.param(
        lambda ds, lab, s: count_bars.build_models_chart(
            tables.models_by_type_and_field(ds.initiatives), scale=s
        ),
        id="models",
    ),
    pytest.param(
        lambda ds, lab, s: count_bars.build_launches_chart(
            tables.launches_by_year(ds.initiatives), scale=s
        ),
        id="launches",
    ),
    pytest.param(lambda ds, lab, s: count_bars.build_survey_chart(ds.survey, scale=s), id="survey"),
    pytest.param(
        lambda ds, lab, s: timeline_chart.build_timeline_chart(ds.events, scale=s), id="timeline"
    ),
    pytest.param(
        lambda ds, lab, s: history_chart.build_history_chart(_line_history(), scale=s), id="history"
    ),
]


def _line_history(values: int = 2) -> pd.DataFrame:
    """LINE 友だち登録数 over time, as figures.figure_history gives it (約80万人 → 約85万人 …)."""
    return pd.DataFrame(
        {
            "as_of": [date(2023, 10 + i, 1) if i < 3 else date(2024, i, 1) for i in range(values)],
            "value": [800_000.0 + 50_000 * i for i in range(values)],
            "display": [f"約{80 + 5 * i}万人" for i in range(values)],
            "when": [f"{i}月" for i in range(values)],
            "series": ["友だち登録数"] * values,
        }
    )


@pytest.fixture(scope="module")
def specs(dataset, labelled):
    """to_dict() of every builder at scale 1 and 2, computed once."""
    return {
        (p.id, scale): p.values[0](dataset, labelled, scale).to_dict()
        for p in BUILDERS
        for scale in (1.0, 2.0)
    }


CHART_IDS = [p.id for p in BUILDERS]


# ---------------------------------------------------------------- shared look


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_japanese_font_and_untruncated_horizontal_labels(specs, chart_id):
    config = specs[(chart_id, 1.0)]["config"]
    font = theme.FONT_FAMILY
    assert config["font"] == font
    assert config["axis"]["labelFont"] == font
    assert config["axis"]["titleFont"] == font
    assert config["legend"]["labelFont"] == font
    assert config["legend"]["titleFont"] == font
    assert config["title"]["font"] == font
    assert config["axis"]["labelAngle"] == 0
    assert config["axis"]["labelLimit"] >= 400
    assert config["legend"]["labelLimit"] == 0  # 0 = no limit in Vega


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_text_marks_use_the_japanese_font(specs, chart_id):
    text_marks = [
        d["mark"]
        for d in _walk(specs[(chart_id, 1.0)])
        if isinstance(d.get("mark"), dict) and d["mark"].get("type") == "text"
    ]
    assert all(mark["font"] == theme.FONT_FAMILY for mark in text_marks)


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_scale_two_doubles_fonts(specs, chart_id):
    normal, big = specs[(chart_id, 1.0)]["config"], specs[(chart_id, 2.0)]["config"]
    height, normal_height = specs[(chart_id, 2.0)]["height"], specs[(chart_id, 1.0)]["height"]
    assert normal["axis"]["labelFontSize"] == theme.AXIS_LABEL_SIZE
    assert big["axis"]["labelFontSize"] == 2 * theme.AXIS_LABEL_SIZE
    assert big["axis"]["titleFontSize"] == 2 * normal["axis"]["titleFontSize"]
    assert big["legend"]["labelFontSize"] == 2 * normal["legend"]["labelFontSize"]
    assert big["title"]["fontSize"] == 2 * normal["title"]["fontSize"]
    assert big["axis"]["labelLimit"] == 2 * normal["axis"]["labelLimit"]
    if isinstance(height, dict):  # a step per row
        assert height["step"] == pytest.approx(2 * normal_height["step"])
    else:
        assert height == pytest.approx(2 * normal_height)


@pytest.mark.parametrize(
    "chart_id", ["usage", "usage-log", "rate", "figure-bars", "models", "launches"]
)
def test_field_colours_are_the_same_on_every_chart(specs, chart_id):
    spec = specs[(chart_id, 1.0)]
    color = _bar(spec)["encoding"]["color"]
    # domain and range are read from the data: each row's key sorts in palette order and
    # carries its 分野's colour, so the legend lists only the 分野 present, in palette order
    assert color["field"] == "field_key"
    assert color["scale"] == {"range": {"field": "field_color"}}
    assert color["legend"]["labelExpr"] == common.FIELD_KEY_LABEL_EXPR
    rows = _rows(spec)
    assert rows
    for row in rows:
        if "field_key" in row:
            position = theme.field_domain().index(row["field"])
            assert row["field_key"] == f"{position:02d} {row['field_label']}"
            assert row["field_color"] == theme.FIELD_COLORS[row["field"]]
    keys = sorted({row["field_key"] for row in rows if "field_key" in row})
    assert [k[3:] for k in keys] == [f for f in theme.field_domain() if f in {k[3:] for k in keys}]


@pytest.mark.parametrize("chart_id", ["usage", "rate", "models", "launches"])
def test_bars_are_described_without_the_colour_key(specs, chart_id):
    """Screen readers hear "分野: 教育", not the palette key "05 教育" the colour scale sorts by."""
    spec = specs[(chart_id, 1.0)]
    assert _bar(spec)["encoding"]["description"]["field"] == "aria"
    assert _bar(spec)["encoding"]["color"]["legend"]["aria"] is False
    for row in _rows(spec):
        if "aria" in row:
            assert f"分野: {row['field_label']}" in row["aria"]
            assert row["field_key"] not in row["aria"]


def test_field_colours_survive_the_sum_of_stacked_bars(specs):
    """Aggregated bars keep the colour column (Vega-Lite reads the scale's range from it)."""
    for chart_id in ("models", "launches"):
        detail = _bar(specs[(chart_id, 1.0)])["encoding"]["detail"]
        details = detail if isinstance(detail, list) else [detail]
        assert "field_color" in {d["field"] for d in details}


# ---------------------------------------------------------------- figure bars


@pytest.mark.parametrize(
    ("chart_id", "wording"),
    [
        pytest.param("usage", "約80万人", id="usage"),
        pytest.param("usage", "約180万回", id="usage-top"),
        pytest.param("rate", "89%（見込）", id="rate-estimate"),
        pytest.param("rate", "約半数以上", id="rate-qualifier"),
    ],
)
def test_inline_data_keeps_the_report_wording(specs, chart_id, wording):
    assert wording in {row["display"] for row in _rows(specs[(chart_id, 1.0)])}


@pytest.mark.parametrize("chart_id", ["usage", "usage-log", "rate", "figure-bars"])
def test_figure_bars_layers_and_selection(specs, chart_id):
    spec = specs[(chart_id, 1.0)]
    layers = spec["layer"]
    assert [_mark_type(layer) for layer in layers][:3] == ["bar", "text", "text"]
    assert (
        layers[1]["encoding"]["text"]["field"] == "bar_label"
    )  # value labels (wording + short as-of)
    # names above bars: the name, or its two lines where the chart's container is narrower
    assert layers[2]["encoding"]["text"]["field"] == "name_text"
    (calculate,) = layers[2]["transform"]
    assert "containerSize()" in calculate["calculate"]
    assert "datum.label_wrapped" in calculate["calculate"]
    assert layers[2]["mark"]["lineBreak"] == "\n"
    assert layers[0]["encoding"]["y"]["sort"] is None  # rows stay largest first
    params = _params(spec)
    assert set(params) == {common.SELECT_INITIATIVE}
    select = params[common.SELECT_INITIATIVE]["select"]
    assert select["type"] == "point"
    assert select["fields"] == ["initiative_id"]
    assert layers[0]["encoding"]["opacity"]["condition"]["param"] == common.SELECT_INITIATIVE


@pytest.mark.parametrize("chart_id", ["usage", "usage-log", "rate", "figure-bars"])
def test_value_axis_speaks_man_and_oku(specs, chart_id):
    x = _bar(specs[(chart_id, 1.0)])["encoding"]["x"]
    assert x["field"] == "value"
    assert x["axis"]["labelExpr"] == common.JA_NUMBER_EXPR


def test_ja_number_expr_uses_man_and_oku():
    assert "'億'" in common.JA_NUMBER_EXPR
    assert "'万'" in common.JA_NUMBER_EXPR
    assert "100000000" in common.JA_NUMBER_EXPR
    assert "10000" in common.JA_NUMBER_EXPR


@pytest.mark.parametrize(
    ("chart_id", "scale_type", "domain"),
    [
        pytest.param("usage", None, [0, 1_800_000 * 1.55], id="linear-with-room"),
        pytest.param("usage-log", "log", [54_000 / 2, 1_800_000 * 12], id="log"),
    ],
)
def test_value_scale_spans_the_room_in_the_data(specs, chart_id, scale_type, domain):
    """The domain is not in the spec: an invisible rule per row spans room_low–room_high."""
    spec = specs[(chart_id, 1.0)]
    scale = _bar(spec)["encoding"]["x"]["scale"]
    assert scale.get("type") == scale_type
    assert "domain" not in scale
    assert scale["nice"] is False
    room = spec["layer"][3]
    assert _mark_type(room) == "rule"
    assert room["mark"]["opacity"] == 0
    assert room["encoding"]["x"]["field"] == "room_low"
    assert room["encoding"]["x2"]["field"] == "room_high"
    rows = _rows(spec)
    low = min(row["room_low"] for row in rows)
    high = max(row["room_high"] for row in rows)
    assert [0.0 if scale_type is None else low, high] == pytest.approx(domain)


def test_percent_scale_spans_at_least_145(specs):
    """Rates: room for a 100% bar's label (0–145), widened in the browser where it is narrow."""
    spec = specs[("rate", 1.0)]
    assert _bar(spec)["encoding"]["x"]["scale"] == {"zero": True, "nice": False}
    assert {(row["room_low"], row["room_high"]) for row in _rows(spec)} == {(0.0, 145.0)}


@pytest.mark.parametrize("chart_id", ["usage", "usage-log", "rate"])
def test_room_widens_for_labels_on_a_narrow_chart(specs, chart_id):
    """The room layer's end is computed from Vega's width signal and each row's label width,
    so a phone-width chart still has its labels inside it (issue #27)."""
    spec = specs[(chart_id, 1.0)]
    room = spec["layer"][3]
    (calculate,) = [t for t in room["transform"] if "calculate" in t]
    assert calculate["as"] == "room_end"
    assert "width" in calculate["calculate"]
    assert "datum.label_px" in calculate["calculate"]
    assert all(row["label_px"] > 0 for row in _rows(spec))


@pytest.mark.parametrize(
    ("text", "least", "most"),
    [
        # least: the text's full-width characters at 1 em and the others at 8 px (14 px type)
        ("約80万人", 3 * 14 + 2 * 8, 5 * 14),
        ("100%（2024年度見込）", 6 * 14 + 8 * 8, 14 * 14),
        ("", 0, 0),
    ],
)
def test_label_width_is_a_little_over_never_under(text, least, most):
    assert least <= label_text.label_width_px(text) <= most


def test_rate_axis_ticks_stop_at_100(specs):
    axis = _bar(specs[("rate", 1.0)])["encoding"]["x"]["axis"]
    assert axis["values"] == [0, 20, 40, 60, 80, 100]
    assert "tickCount" not in axis  # Vega would thin the values to 0, 40, 80


def test_rate_axis_draws_every_tick_label():
    """Every 20 % is labelled on the drawn chart (the SVG), not only in the spec."""
    from dxdash.charts import images

    shown = pd.DataFrame(
        {
            "initiative_id": ["a"],
            "label": ["A：率"],
            "short_name": ["A"],
            "metric": ["率"],
            "value": [90.0],
            "display": ["90%"],
            "bar_label": ["90%"],
            "as_of_display": [""],
            "field": ["教育"],
        }
    )
    svg = images.chart_to_svg(rate_chart(shown))
    labels = re.findall(r"<text[^>]*>(\d+)</text>", svg)
    assert [n for n in labels if n in {"0", "20", "40", "60", "80", "100"}] == [
        "0",
        "20",
        "40",
        "60",
        "80",
        "100",
    ]


def test_usage_axis_has_no_fixed_ticks(specs):
    assert "values" not in _bar(specs[("usage", 1.0)])["encoding"]["x"]["axis"]


def test_figure_bars_grow_by_a_step_per_row(labelled):
    shown = figures.rate_figures(labelled)
    assert rate_chart(shown.head(2)).to_dict()["height"] == {"step": figure_bars.BAR_ROW_PX}


def test_log_scale_without_positive_values_still_builds():
    figures = pd.DataFrame(
        {
            "initiative_id": ["a"],
            "label": ["A：x"],
            "short_name": ["A"],
            "metric": ["x"],
            "value": [0.0],
            "display": ["0件"],
            "bar_label": ["0件（2023年10月時点）"],
            "as_of_display": ["2023年10月時点"],
            "field": ["行政"],
        }
    )
    spec = figure_bars.build_figure_bars(figures, title="t", axis_title="件", log=True).to_dict()
    assert [(r["room_low"], r["room_high"]) for r in _rows(spec)] == [(0.1, pytest.approx(1.2))]


# ---------------------------------------------------------------- other charts


def test_models_chart(specs):
    spec = specs[("models", 1.0)]
    params = _params(spec)
    assert set(params) == {common.SELECT_MODEL}
    assert params[common.SELECT_MODEL]["select"]["fields"] == ["gunma_model"]
    bar = _bar(spec)
    assert (
        bar["encoding"]["y"]["field"] == "gunma_model_label"
    )  # the display label; the selection keeps the key
    assert bar["encoding"]["y"]["sort"] == ["ワイズスペンディング", "他自治体の見本"]
    assert bar["encoding"]["x"]["aggregate"] == "sum"
    totals = {
        row["gunma_model"]: row["count"]
        for row in spec["datasets"][spec["layer"][1]["data"]["name"]]
    }
    assert totals == {"ワイズスペンディング": 2, "他自治体の見本": 13}


def test_launches_chart(specs):
    spec = specs[("launches", 1.0)]
    params = _params(spec)
    assert set(params) == {common.SELECT_YEAR}
    assert params[common.SELECT_YEAR]["select"]["fields"] == ["fiscal_year_label"]
    x = spec["encoding"]["x"]
    assert x["field"] == "fiscal_year_label"
    assert x["type"] == "ordinal"
    assert sum(row["count"] for row in _rows(spec)) == 36


def test_survey_chart(specs):
    spec = specs[("survey", 1.0)]
    layers = spec["layer"]
    color = layers[0]["encoding"]["color"]
    assert len(color["scale"]["domain"]) == 2
    assert len(color["scale"]["range"]) == 2
    assert layers[0]["encoding"]["y"]["scale"]["domain"] == [30, 60]
    assert layers[0]["encoding"]["x"]["field"] == "fiscal_year_label"
    assert {row["fiscal_year_label"] for row in _rows(spec)} == {"2020年度", "2021年度", "2022年度"}
    assert _mark_type(layers[0]) == "line"


def test_timeline_chart_drops_undated_events(specs, dataset):
    spec = specs[("timeline", 1.0)]
    rows = _rows(spec)
    assert len(rows) == dataset.events["date"].notna().sum() == 15
    assert "発表" not in {row["kind"] for row in rows}  # the only 発表 event is undated
    points = _layers(spec)[0]
    assert points["encoding"]["x"]["type"] == "temporal"
    assert points["encoding"]["color"]["field"] == "kind_key"
    # one lane per event, in date order
    lanes = sorted(rows, key=lambda row: row["lane"])
    assert [row["lane"] for row in lanes] == list(range(15))
    assert [row["date"] for row in lanes] == sorted(row["date"] for row in rows)
    # kinds keep EVENT_KIND_ORDER in the legend ("00 組織" …) and one colour each
    keys = {row["kind"]: row["kind_key"] for row in rows}
    assert keys["組織"] == "00 組織"
    assert keys["公表"] == "06 公表"
    assert {row["kind_color"] for row in rows if row["kind"] == "受賞"} == {
        timeline_chart.EVENT_KIND_COLORS[timeline_chart.EVENT_KIND_ORDER.index("受賞")]
    }


def test_timeline_chart_labels_every_event_beside_its_point(specs, dataset):
    """Each dated event's title is on the chart: a text layer reads the label field, which holds
    the whole title (at most two lines), never cut, on the side of its point with more room."""
    spec = specs[("timeline", 1.0)]
    texts = [layer for layer in _layers(spec) if _mark_type(layer) == "text"]
    assert len(texts) == 2  # right of the point, left of the point
    for layer in texts:
        assert layer["encoding"]["text"]["field"] == "label"
        assert layer["encoding"]["yOffset"] == {
            "field": "label_dy",
            "type": "quantitative",
            "scale": None,
        }
        assert layer["mark"]["limit"] == 0
        assert layer["mark"]["lineBreak"] == "\n"
        assert layer["mark"]["font"] == theme.FONT_FAMILY
    assert {layer["mark"]["align"] for layer in texts} == {"left", "right"}
    rows = _rows(spec)
    for row in rows:
        assert "".join(row["label"].split()) == "".join(row["title"].split())  # nothing cut
        assert row["label"].count("\n") <= 1
    sides = {row["title"]: row["label_left"] for row in rows}
    assert sides["デジタルトランスフォーメーション課及び業務プロセス改革課を創設"] is False
    assert sides["デジタル田園都市国家構想実現会議の開催"] is True
    assert spec["height"] == {"step": timeline_chart.TIMELINE_LANE_PX}


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("日本DX大賞 2部門受賞", ["日本DX大賞 2部門受賞"]),
        (
            "デジタルトランスフォーメーション課及び業務プロセス改革課を創設",
            ["デジタルトランスフォーメーション", "課及び業務プロセス改革課を創設"],
        ),
        (
            "「未利用食品マッチングシステム」が先進政策バンクに掲載",
            ["「未利用食品マッチングシステム」が", "先進政策バンクに掲載"],
        ),
        (
            "Hosting the Council for the Realization of the Vision for a Digital Garden City Nation",
            [
                "Hosting the Council for the Realization of",
                "the Vision for a Digital Garden City Nation",
            ],
        ),
    ],
)
def test_wrap_label_breaks_between_words_and_keeps_every_character(title, lines):
    assert label_text.wrap_label(title).split("\n") == lines


@pytest.mark.parametrize(
    ("label", "lines"),
    [  # a bar label on a slide (units=0: always two lines); no line starts with ” nor ends with “
        (
            "LINE \u201cGunma Digital Window\u201d: Registered friends",
            ["LINE \u201cGunma Digital", "Window\u201d: Registered friends"],
        ),
        (
            "LINE「群馬県デジタル窓口」：友だち登録数",
            ["LINE「群馬県デジタル", "窓口」：友だち登録数"],
        ),
    ],
)
def test_wrap_label_keeps_quotes_with_their_words(label, lines):
    assert label_text.wrap_label(label, units=0).split("\n") == lines


def test_timeline_chart_on_a_tiny_frame():
    events = pd.DataFrame(
        {
            "date": [date(2023, 4, 1), None, date(2020, 4, 1)],
            "kind": ["会議開催", "組織", "組織"],
            "title": ["G7", "本部設置", "課の創設"],
        }
    )
    spec = timeline_chart.build_timeline_chart(events).to_dict()
    rows = sorted(_rows(spec), key=lambda row: row["lane"])
    assert [row["title"] for row in rows] == ["課の創設", "G7"]
    assert [row["date_label"] for row in rows] == ["2020年4月", "2023年4月"]
    assert [row["label_left"] for row in rows] == [False, True]
    assert spec["height"] == {"step": timeline_chart.TIMELINE_LANE_PX}


def test_history_chart_spec_does_not_depend_on_the_data():
    """Only the inline data changes with the values: height, title and encodings stay (in place)."""

    def shape(spec: dict[str, Any]) -> str:
        spec = dict(spec)
        spec.pop("datasets")
        return json.dumps(spec, sort_keys=True, default=str).replace(spec["data"]["name"], "DATA")

    two = history_chart.build_history_chart(_line_history(2)).to_dict()
    five = history_chart.build_history_chart(_line_history(5)).to_dict()
    assert shape(two) == shape(five)
    assert "title" not in two
    assert [_mark_type(layer) for layer in _layers(two)] == ["line", "point", "text"]
    assert [row["display"] for row in _rows(two)] == ["約80万人", "約85万人"]


# ---------------------------------------------------------------- updated in place, not re-embedded


def _base_spec_key(chart: Any) -> str:
    """What Streamlit's frontend compares to decide between updating a drawn chart and embedding
    a new one: the spec as st.vega_lite_chart sends it, without its datasets, dataset names
    replaced by their position and the container width dropped (streamlit 1.67, frontend
    ArrowVegaLiteChart: useVegaElementPreprocessor's baseSpecKey; useVegaEmbed re-embeds when it
    changes and otherwise only swaps the datasets in the live view)."""
    from streamlit.elements.vega_charts import (
        VegaLiteChartProto,
        _marshall_chart_data,
        _prepare_vega_lite_spec,
        _stabilize_vega_json_spec,
    )

    proto = VegaLiteChartProto()
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    spec = _prepare_vega_lite_spec(spec, use_container_width=True)
    _marshall_chart_data(proto, spec)
    sent = json.loads(_stabilize_vega_json_spec(json.dumps(spec)))
    names = {d.name: f"__st_dataset_{i}" for i, d in enumerate(proto.datasets)}
    for node in _walk(sent):
        data = node.get("data")
        if isinstance(data, dict) and data.get("name") in names:
            data["name"] = names[data["name"]]
    sent.pop("width", None)
    return json.dumps(sent, ensure_ascii=False, sort_keys=True)


# No filter, three 分野, a 年度, a keyword and a 群馬モデル type: different rows, bars and legends.
SPEC_FILTERS = {
    "none": Filters(),
    "健康": Filters(fields=("健康",)),
    "教育": Filters(fields=("教育",)),
    "行政": Filters(fields=("行政",)),
    "2022年度": Filters(fiscal_years=(2022, 2022)),
    "keyword": Filters(keyword="デジタル"),
    "model": Filters(models=("他自治体の見本",)),
}


def _page_charts(dataset: Any, filters: Filters, lang: str) -> dict[str, Any]:
    """Every chart the pages draw for these filters: the story's sections' specs, as the pages
    get them (``Chart.spec``: the figure bars from their template)."""
    from dxdash.locale import get_locale
    from dxdash.story.build import build_story
    from dxdash.story.content import localized

    drawn: dict[str, Any] = {}
    story = build_story(localized(dataset, get_locale(lang)), filters, get_locale(lang))
    for section in story:
        if section.chart is None:
            continue
        drawn[section.key] = section.chart.spec()
        if section.key.startswith("group.") and (
            figures.FigureGroup(section.key, "", "", section.rows).spread >= figures.LOG_SPREAD
        ):
            drawn[f"{section.key}_log"] = section.chart.spec(log=True)
    return drawn


def _named_data(spec: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """A spec with one dataset: the spec without it (its name replaced, and the view names that
    Altair hashes from the data, which Streamlit replaces too) and its rows, as JSON."""
    ((name, rows),) = spec["datasets"].items()
    rest = json.dumps({k: v for k, v in spec.items() if k != "datasets"}, sort_keys=True)
    rest = re.sub(r"view_[0-9a-f]+_(\d+)", r"view_\1", rest.replace(json.dumps(name), '"DATA"'))
    return rest, json.loads(json.dumps(rows))


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("filter_name", ["none", "健康", "2022年度", "keyword"])
def test_figure_bars_from_the_template_are_the_altair_spec(dataset, lang, filter_name):
    """The page's figure bars (Chart.spec: a cached template plus the rows) are exactly what
    Altair builds (Chart.build().to_dict()), spec and rows, for every section and size option."""
    from dxdash.locale import get_locale
    from dxdash.story.build import build_story
    from dxdash.story.content import localized

    story = build_story(
        localized(dataset, get_locale(lang)), SPEC_FILTERS[filter_name], get_locale(lang)
    )
    checked = 0
    for section in story:
        chart = section.chart
        if chart is None or not chart.fast_spec:
            continue
        # every size option under no filter; under a filter (other rows, same template) the
        # page's own size: the options are the template's key, the rows are the filter's
        sizes = [{}]
        if filter_name == "none":
            sizes.append({"scale": 1.35, "compact": True})
            if section.key != "rates":
                sizes.append({"log": True})
        for options in sizes:
            fast = chart.spec(**options)
            assert fast["data"] == {"name": figure_bars.FIGURE_BARS_DATA}
            # Altair validates against the schema once per size (no filter); a filter changes
            # the rows only, which the comparison checks
            built = chart.build(**options).to_dict(validate=filter_name == "none")
            assert _named_data(fast) == _named_data(built), (
                section.key,
                options,
            )
            checked += 1
    assert checked >= (6 if filter_name == "none" else 2)


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("values", [2, 5])
@pytest.mark.parametrize("series", [1, 3])
def test_history_from_the_template_is_the_altair_spec(lang, values, series):
    """The page's history charts (as_spec: a template per options plus the rows) are exactly
    what Altair builds, spec and rows (dates as Altair writes them), with or without a legend."""
    history = pd.concat(
        [_line_history(values).assign(series=f"系列{i}") for i in range(series)],
        ignore_index=True,
    )
    fast = history_chart.build_history_chart(history, locale=get_locale(lang), as_spec=True)
    assert fast["data"] == {"name": history_chart.HISTORY_DATA}
    assert _named_data(fast) == _named_data(
        history_chart.build_history_chart(history, locale=get_locale(lang)).to_dict()
    )
    # one series or several, the same spec: another figure in the same place updates in place
    one = history_chart.build_history_chart(_line_history(3), locale=get_locale(lang), as_spec=True)
    assert _named_data(one)[0] == _named_data(fast)[0]


def test_figure_bars_template_is_not_shared_with_callers(labelled):
    """A caller that edits the spec it got does not change the next one (the template is cached)."""
    shown = figures.rate_figures(labelled)
    first = rate_chart(shown, as_spec=True)
    first["layer"][0]["mark"]["type"] = "point"
    first["config"]["font"] = "x"
    again = rate_chart(shown, as_spec=True)
    assert _named_data(again) == _named_data(rate_chart(shown).to_dict())


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_filter_change_never_re_embeds_a_chart(dataset, lang):
    """For every chart, the spec without its data is the same under every filter, so a chart
    that stays on screen through a filter change is updated in place (by construction)."""
    keys: dict[str, dict[str, str]] = {}
    for name, filters in SPEC_FILTERS.items():
        for chart_id, chart in _page_charts(dataset, filters, lang).items():
            keys.setdefault(chart_id, {})[name] = _base_spec_key(chart)
    # every chart is drawn under several filters, with different data
    assert {"usage", "rates", "models", "launches", "timeline", "survey"} <= set(keys)
    drawn = {chart_id: sorted(by_filter) for chart_id, by_filter in keys.items()}
    assert all(len(names) >= 2 for names in drawn.values()), drawn
    for chart_id, by_filter in keys.items():
        first = next(iter(by_filter.values()))
        differing = [name for name, key in by_filter.items() if key != first]
        assert not differing, f"{chart_id}: spec differs under {differing}"


def test_base_spec_key_sees_what_re_embeds(labelled):
    """The key above is not blind: a different height or title changes it."""
    shown = figures.rate_figures(labelled)
    chart = rate_chart(shown)
    assert _base_spec_key(chart) == _base_spec_key(rate_chart(shown.head(2)))
    assert _base_spec_key(chart) != _base_spec_key(chart.properties(height=300))
    assert _base_spec_key(chart) != _base_spec_key(
        figure_bars.build_figure_bars(shown, title="別の題", axis_title="%", percent=True)
    )


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_cached_datasets_are_the_bytes_streamlit_would_send(specs, chart_id):
    """blocks.chart_spec writes each dataset's Arrow IPC itself (pyarrow): the same bytes as
    Streamlit's own conversion of the rows, which st.vega_lite_chart then passes through."""
    from streamlit import dataframe_util  # the reference only: dxdash does not call it

    datasets = specs[(chart_id, 1.0)].get("datasets") or {}
    assert datasets
    for rows in datasets.values():
        assert blocks.arrow_ipc(rows) == dataframe_util.convert_anything_to_arrow_bytes(rows)
