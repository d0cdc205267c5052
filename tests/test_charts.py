"""Charts: asserted through the Vega-Lite spec (``chart.to_dict()``), on the real data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pandas as pd
import pytest

from dxdash import charts, theme, views


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
        lambda ds, lab, s: charts.build_usage_chart(views.usage_figures(lab), scale=s), id="usage"
    ),
    pytest.param(
        lambda ds, lab, s: charts.build_usage_chart(views.usage_figures(lab), log=True, scale=s),
        id="usage-log",
    ),
    pytest.param(
        lambda ds, lab, s: charts.build_rate_chart(views.rate_figures(lab), scale=s), id="rate"
    ),
    pytest.param(
        lambda ds, lab, s: charts.build_figure_bars(
            views.figure_groups(lab)[0].figures, title="利用者数", axis_title="人", scale=s
        ),
        id="figure-bars",
    ),
    pytest.param(
        lambda ds, lab, s: charts.build_models_chart(
            views.models_by_type_and_field(ds.initiatives), scale=s
        ),
        id="models",
    ),
    pytest.param(
        lambda ds, lab, s: charts.build_launches_chart(
            views.launches_by_year(ds.initiatives), scale=s
        ),
        id="launches",
    ),
    pytest.param(lambda ds, lab, s: charts.build_survey_chart(ds.survey, scale=s), id="survey"),
    pytest.param(lambda ds, lab, s: charts.build_timeline_chart(ds.events, scale=s), id="timeline"),
    pytest.param(
        lambda ds, lab, s: charts.build_history_chart(_line_history(), scale=s), id="history"
    ),
]


def _line_history(values: int = 2) -> pd.DataFrame:
    """LINE 友だち登録数 over time, as views.figure_history gives it (約80万人 → 約85万人 …)."""
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
    height = specs[(chart_id, 2.0)]["height"]
    assert normal["axis"]["labelFontSize"] == theme.AXIS_LABEL_SIZE
    assert big["axis"]["labelFontSize"] == 2 * theme.AXIS_LABEL_SIZE
    assert big["axis"]["titleFontSize"] == 2 * normal["axis"]["titleFontSize"]
    assert big["legend"]["labelFontSize"] == 2 * normal["legend"]["labelFontSize"]
    assert big["title"]["fontSize"] == 2 * normal["title"]["fontSize"]
    assert big["axis"]["labelLimit"] == 2 * normal["axis"]["labelLimit"]
    assert height == pytest.approx(2 * specs[(chart_id, 1.0)]["height"])


@pytest.mark.parametrize(
    "chart_id", ["usage", "usage-log", "rate", "figure-bars", "models", "launches"]
)
def test_field_colours_are_the_same_on_every_chart(specs, chart_id):
    color = _bar(specs[(chart_id, 1.0)])["encoding"]["color"]
    assert color["field"] == "field_label"
    assert color["scale"]["domain"] == theme.field_domain()
    assert color["scale"]["range"] == theme.field_range()
    # the legend lists only the 分野 present, in palette order
    shown = color["legend"]["values"]
    assert shown == [f for f in theme.field_domain() if f in shown]


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
    assert [_mark_type(layer) for layer in layers] == ["bar", "text", "text"]
    assert (
        layers[1]["encoding"]["text"]["field"] == "bar_label"
    )  # value labels (wording + short as-of)
    assert layers[2]["encoding"]["text"]["field"] == "label"  # names above bars
    assert layers[0]["encoding"]["y"]["sort"] is None  # rows stay largest first
    params = _params(spec)
    assert set(params) == {charts.SELECT_INITIATIVE}
    select = params[charts.SELECT_INITIATIVE]["select"]
    assert select["type"] == "point"
    assert select["fields"] == ["initiative_id"]
    assert layers[0]["encoding"]["opacity"]["condition"]["param"] == charts.SELECT_INITIATIVE


@pytest.mark.parametrize("chart_id", ["usage", "usage-log", "rate", "figure-bars"])
def test_value_axis_speaks_man_and_oku(specs, chart_id):
    x = _bar(specs[(chart_id, 1.0)])["encoding"]["x"]
    assert x["field"] == "value"
    assert x["axis"]["labelExpr"] == charts.JA_NUMBER_EXPR


def test_ja_number_expr_uses_man_and_oku():
    assert "'億'" in charts.JA_NUMBER_EXPR
    assert "'万'" in charts.JA_NUMBER_EXPR
    assert "100000000" in charts.JA_NUMBER_EXPR
    assert "10000" in charts.JA_NUMBER_EXPR


@pytest.mark.parametrize(
    ("chart_id", "scale_type", "domain"),
    [
        pytest.param("usage", None, [0, 1_800_000 * 1.55], id="linear-with-room"),
        pytest.param("usage-log", "log", [54_000 / 2, 1_800_000 * 12], id="log"),
        pytest.param("rate", None, [0, 145], id="percent"),
    ],
)
def test_value_scale(specs, chart_id, scale_type, domain):
    scale = _bar(specs[(chart_id, 1.0)])["encoding"]["x"]["scale"]
    assert scale.get("type") == scale_type
    assert scale["domain"] == pytest.approx(domain)
    assert scale["nice"] is False


def test_rate_axis_ticks_stop_at_100(specs):
    axis = _bar(specs[("rate", 1.0)])["encoding"]["x"]["axis"]
    assert axis["values"] == [0, 20, 40, 60, 80, 100]


def test_usage_axis_has_no_fixed_ticks(specs):
    assert "values" not in _bar(specs[("usage", 1.0)])["encoding"]["x"]["axis"]


def test_figure_bars_height_grows_with_rows(labelled):
    figures = views.rate_figures(labelled)
    short = charts.build_rate_chart(figures.head(2)).to_dict()["height"]
    tall = charts.build_rate_chart(figures).to_dict()["height"]
    assert tall - short == (len(figures) - 2) * charts.BAR_ROW_PX


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
    spec = charts.build_figure_bars(figures, title="t", axis_title="件", log=True).to_dict()
    assert _bar(spec)["encoding"]["x"]["scale"]["domain"][0] == 0.1


# ---------------------------------------------------------------- other charts


def test_models_chart(specs):
    spec = specs[("models", 1.0)]
    params = _params(spec)
    assert set(params) == {charts.SELECT_MODEL}
    assert params[charts.SELECT_MODEL]["select"]["fields"] == ["gunma_model"]
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
    assert set(params) == {charts.SELECT_YEAR}
    assert params[charts.SELECT_YEAR]["select"]["fields"] == ["fiscal_year_label"]
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
    assert "発表" not in spec["encoding"]["y"]["sort"]  # the only 発表 event is undated
    assert spec["encoding"]["x"]["type"] == "temporal"


def test_timeline_chart_on_a_tiny_frame():
    events = pd.DataFrame(
        {
            "date": [date(2023, 4, 1), None, date(2020, 4, 1)],
            "kind": ["会議開催", "組織", "組織"],
            "title": ["G7", "本部設置", "課の創設"],
        }
    )
    spec = charts.build_timeline_chart(events).to_dict()
    rows = _rows(spec)
    assert sorted(row["title"] for row in rows) == ["G7", "課の創設"]
    assert {row["date_label"] for row in rows} == {"2023年4月", "2020年4月"}
    assert spec["encoding"]["y"]["sort"] == ["組織", "会議開催"]
    assert spec["height"] == 2 * 44


def test_history_chart_spec_does_not_depend_on_the_data():
    """Only the inline data changes with the values: height, title and encodings stay (in place)."""

    def shape(spec: dict[str, Any]) -> str:
        spec = dict(spec)
        spec.pop("datasets")
        return json.dumps(spec, sort_keys=True, default=str).replace(spec["data"]["name"], "DATA")

    two = charts.build_history_chart(_line_history(2)).to_dict()
    five = charts.build_history_chart(_line_history(5)).to_dict()
    assert shape(two) == shape(five)
    assert "title" not in two
    assert [_mark_type(layer) for layer in _layers(two)] == ["line", "point", "text"]
    assert [row["display"] for row in _rows(two)] == ["約80万人", "約85万人"]
