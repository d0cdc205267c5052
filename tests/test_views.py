"""Views: the figure rows, KPI cards and tables each section shows."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest

from dxdash.data.vocabulary import PREFECTURE_WIDE
from dxdash.locale import get_locale
from dxdash.story import figures, tables

WISE = "ワイズスペンディング"
EXAMPLE = "他自治体の見本"
NOTE = figures.REPORT_DATE_NOTE
GOV_ITEM = "行政手続きがデジタル化され、利便性が高まっている"
EDU_ITEM = "教育の充実を図るためにデジタルの活用を進める取組"


def _figures(*rows: tuple[str, str, str, float, str, Any]) -> pd.DataFrame:
    """Labelled figure rows: (initiative_id, metric, category, value, display, field)."""
    frame = pd.DataFrame(
        rows, columns=["initiative_id", "metric", "category", "value", "display", "field"]
    )
    frame["short_name"] = frame["initiative_id"]
    frame["as_of_display"] = "2023年10月時点"
    return frame


def _initiatives(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Initiatives with only the columns the count/table views need."""
    defaults = {
        "name": "施策",
        "gunma_model": None,
        "gunma_model_no": None,
        "gunma_model_name": None,
        "gunma_model_summary": None,
        "started": None,
        "started_text": None,
        "fiscal_year": None,
        "firsts": (),
    }
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    frame["fiscal_year"] = frame["fiscal_year"].astype("Int16")
    frame["gunma_model_no"] = frame["gunma_model_no"].astype("Int16")
    return frame


# ---------------------------------------------------------------- as-of wording


@pytest.mark.parametrize(
    ("as_of_text", "as_of", "expected"),
    [
        pytest.param("2023年10月", None, "2023年10月時点", id="month"),
        pytest.param(" 2023年10月 ", None, "2023年10月時点", id="month-padded"),
        pytest.param("2023年12月末実績", None, "2023年12月末実績", id="already-worded"),
        pytest.param("2023年12月末時点", None, "2023年12月末時点", id="already-as-of"),
        pytest.param("2020年度中", None, "2020年度中", id="fiscal-year"),
        pytest.param("現在", None, f"現在（{NOTE}）", id="now"),
        pytest.param("開設から", None, f"開設から（{NOTE}）", id="since-launch"),
        pytest.param(None, None, f"時点の記載なし（{NOTE}）", id="none"),
        pytest.param("", None, f"時点の記載なし（{NOTE}）", id="empty"),
        pytest.param(float("nan"), None, f"時点の記載なし（{NOTE}）", id="nan"),
        pytest.param(None, pd.NaT, f"時点の記載なし（{NOTE}）", id="nat"),
        pytest.param(None, date(2023, 10, 1), "2023年10月時点", id="date-only"),
        pytest.param("  ", date(2021, 3, 31), "2021年3月時点", id="blank-text-with-date"),
        pytest.param("2023年12月末実績", date(2023, 12, 31), "2023年12月末実績", id="text-wins"),
    ],
)
def test_format_as_of(as_of_text, as_of, expected):
    assert figures.format_as_of(as_of_text, as_of, get_locale("ja")) == expected


# ---------------------------------------------------------------- with_labels


def _label_inputs() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    metrics = pd.DataFrame(
        {
            "initiative_id": ["line", "line", "program", "walk"],
            "metric": ["友だち登録数", "割合", "達成率", "インストール数"],
            "value": [800_000.0, 50.0, 89.0, 54_000.0],
            "qualifier": ["約", "以上", "見込", None],
            "value_text": ["約80万人", "約半数以上", "89%", "約5万4千人見込"],
            "category": ["人数", "割合", "割合", "人数"],
            "as_of": [date(2023, 10, 1), None, date(2023, 12, 31), None],
            "as_of_text": ["2023年10月", None, "2023年12月末時点", "現在"],
        }
    )
    initiatives = pd.DataFrame(
        {
            "initiative_id": ["line", "walk"],
            "short_name": ["LINE", "G-WALK+"],
            "field": ["行政", "健康"],
        }
    )
    programs = pd.DataFrame({"program_id": ["program"], "name": ["ぐんまDX加速化プログラム"]})
    return metrics, initiatives, programs


@pytest.mark.parametrize(
    ("row", "column", "expected"),
    [
        pytest.param(0, "field", "行政", id="initiative-field"),
        pytest.param(0, "short_name", "LINE", id="initiative-name"),
        pytest.param(0, "label", "LINE：友だち登録数", id="label"),
        pytest.param(0, "display", "約80万人", id="display-is-report-wording"),
        pytest.param(0, "as_of_display", "2023年10月時点", id="as-of-month"),
        pytest.param(1, "display", "約半数以上", id="qualifier-already-in-text"),
        pytest.param(1, "as_of_display", f"時点の記載なし（{NOTE}）", id="no-as-of"),
        pytest.param(2, "field", PREFECTURE_WIDE, id="program-field"),
        pytest.param(2, "short_name", "ぐんまDX加速化プログラム", id="program-name"),
        pytest.param(2, "label", "ぐんまDX加速化プログラム：達成率", id="program-label"),
        pytest.param(2, "display", "89%（見込）", id="adds-estimate"),
        pytest.param(2, "as_of_display", "2023年12月末時点", id="as-of-worded"),
        pytest.param(3, "display", "約5万4千人見込", id="estimate-not-doubled"),
        pytest.param(3, "as_of_display", f"現在（{NOTE}）", id="as-of-now"),
    ],
)
def test_with_labels(row, column, expected):
    assert figures.with_labels(*_label_inputs(), get_locale("ja")).iloc[row][column] == expected


def test_with_labels_leaves_inputs_alone():
    metrics, initiatives, programs = _label_inputs()
    before = metrics.copy(deep=True)
    frame = figures.with_labels(metrics, initiatives, programs, get_locale("ja"))
    pd.testing.assert_frame_equal(metrics, before)
    assert len(frame) == len(metrics)
    assert {"label", "display", "as_of_display", "field", "short_name"} <= set(frame.columns)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_with_labels_of_no_figures(dataset, lang):
    """No figures (a 分野 without rates) label to an empty frame, in English too."""
    frame = figures.with_labels(
        dataset.metrics.iloc[0:0], dataset.initiatives, dataset.programs, get_locale(lang)
    )
    assert frame.empty
    assert "label" in frame.columns


def test_real_labels_have_no_gaps(labelled):
    for column in ("short_name", "field", "label", "display", "as_of_display"):
        assert labelled[column].notna().all(), column
    program = labelled.loc[labelled["initiative_id"] == figures.DX_PROGRAM_ID].iloc[0]
    assert program["field"] == PREFECTURE_WIDE
    assert program["short_name"] == "ぐんまDX加速化プログラム"
    assert program["display"] == "89%（見込）"


# ---------------------------------------------------------------- usage / rate figures

MIXED = _figures(
    ("a", "人", "人数", 10.0, "10人", "行政"),
    ("b", "回", "利用回数", 30.0, "30回", "健康"),
    ("c", "率", "割合", 50.0, "50%", "行政"),
    ("d", "円", "金額", 99.0, "99円", "健康"),
    ("e", "率", "割合", 90.0, "90%", "教育"),
    ("f", "人", "人数", 30.0, "30人", "教育"),
)


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        pytest.param(figures.usage_figures, ["b", "f", "a"], id="usage-largest-first-stable"),
        pytest.param(figures.rate_figures, ["e", "c"], id="rates-highest-first"),
    ],
)
def test_figure_selections(view, expected):
    assert view(MIXED)["initiative_id"].tolist() == expected


def test_real_usage_figures(labelled):
    usage = figures.usage_figures(labelled)
    assert set(usage["category"]) == set(figures.USAGE_CATEGORIES)
    assert usage["value"].is_monotonic_decreasing
    assert usage.iloc[0]["display"] == "約180万回"


def test_real_rate_figures(labelled):
    rates = figures.rate_figures(labelled)
    assert (rates["category"] == figures.RATE_CATEGORY).all()
    assert rates["value"].is_monotonic_decreasing
    assert len(rates) == 7


# ---------------------------------------------------------------- KPI cards


def test_headline_usage_on_real_data(labelled):
    cards = figures.headline_usage(labelled, get_locale("ja"))
    assert [c.initiative_id for c in cards] == [owner for owner, _, _ in figures.HEADLINE_USAGE]
    assert [c.display for c in cards] == [
        "約80万人",
        "約180万回",
        "約40万人",
        "約2,263万回",
        "23万回超",
        "約5万4千人",
    ]
    assert cards[0].label == "LINE「群馬県デジタル窓口」友だち"
    assert cards[0].as_of == "2023年10月時点"
    assert cards[1].as_of == "2023年12月末実績"
    assert cards[2].as_of == f"現在（{NOTE}）"


def test_headline_usage_skips_filtered_out_figures(labelled):
    some = labelled.loc[labelled["field"] == "健康"]
    cards = figures.headline_usage(some, get_locale("ja"))
    assert [c.initiative_id for c in cards] == ["vaccine-reservation", "vaccine-passport", "g-walk"]
    assert figures.headline_usage(labelled.iloc[0:0], get_locale("ja")) == []


def test_headline_program_kpis_on_real_data(dataset):
    cards = figures.headline_program_kpis(dataset.metrics, dataset.events, get_locale("ja"))
    assert [c.display for c in cards] == ["89%（見込）", "15件", figures.EVALUATION_HEADLINE]
    assert cards[0].as_of == "2023年12月末時点"
    assert cards[1].as_of == "ワイズスペンディング 2件＋他自治体の見本 13件"
    assert cards[2].as_of == "2022年8月〜2023年8月"
    assert [c.initiative_id for c in cards] == ["dx-acceleration-program", "gunma-models", None]


def test_headline_program_kpis_without_data(dataset):
    assert (
        figures.headline_program_kpis(
            dataset.metrics.iloc[0:0], dataset.events.iloc[0:0], get_locale("ja")
        )
        == []
    )


# ---------------------------------------------------------------- counts


def test_launches_by_year():
    initiatives = _initiatives(
        [
            {"initiative_id": "a", "field": "教育", "fiscal_year": 2022},
            {"initiative_id": "b", "field": "教育", "fiscal_year": 2022},
            {"initiative_id": "c", "field": "健康", "fiscal_year": 2021},
            {"initiative_id": "d", "field": "健康", "fiscal_year": None},
        ]
    )
    counts = tables.launches_by_year(initiatives)
    assert counts.to_dict("records") == [
        {"fiscal_year": 2021, "field": "健康", "count": 1, "fiscal_year_label": "2021年度"},
        {"fiscal_year": 2022, "field": "教育", "count": 2, "fiscal_year_label": "2022年度"},
    ]


def test_launches_by_year_on_real_data(dataset):
    counts = tables.launches_by_year(dataset.initiatives)
    assert counts["count"].sum() == 36  # 41 initiatives, 5 with no 年度
    per_year = counts.groupby("fiscal_year")["count"].sum().to_dict()
    assert per_year == {2020: 6, 2021: 7, 2022: 17, 2023: 6}
    assert set(counts["fiscal_year_label"]) == {"2020年度", "2021年度", "2022年度", "2023年度"}


def test_models_by_type_and_field_on_real_data(dataset):
    counts = tables.models_by_type_and_field(dataset.initiatives)
    assert counts["count"].sum() == 15
    assert counts.groupby("gunma_model")["count"].sum().to_dict() == {WISE: 2, EXAMPLE: 13}
    assert counts["gunma_model"].tolist()[:2] == [WISE, WISE]
    top = counts.loc[counts["gunma_model"] == EXAMPLE].iloc[0]
    assert (top["field"], top["count"]) == ("産業・人材", 6)


# ---------------------------------------------------------------- figure groups


def test_figure_groups_on_real_data(labelled):
    groups = figures.figure_groups(labelled)
    assert [g.key for g in groups] == [key for key, *_ in figures.FIGURE_GROUPS]
    assert sum(len(g.figures) for g in groups) == len(labelled)
    by_key = {g.key: g for g in groups}
    assert [g.key for g in groups if g.percent] == ["rates"]
    assert by_key["uses"].figures["metric"].tolist()[0] == "総再生数"  # 再生回数 joins 利用回数
    assert all(g.figures["value"].is_monotonic_decreasing for g in groups)
    assert by_key["counts"].spread >= figures.LOG_SPREAD  # 6,000本 vs 2件
    assert by_key["people"].spread < figures.LOG_SPREAD


def test_figure_groups_drop_empty_groups():
    groups = figures.figure_groups(MIXED)
    assert [g.key for g in groups] == ["people", "uses", "money", "rates"]
    assert groups[0].figures["initiative_id"].tolist() == ["f", "a"]


@pytest.mark.parametrize(
    ("values", "spread", "log_offered"),
    [
        pytest.param([1000.0, 1.0], 1000.0, True, id="exactly-log-spread"),
        pytest.param([999.0, 1.0], 999.0, False, id="just-under"),
        pytest.param([6000.0, 2.0, 0.0], 3000.0, True, id="zero-ignored"),
        pytest.param([5.0], 1.0, False, id="single"),
        pytest.param([0.0, -3.0], 1.0, False, id="no-positive"),
    ],
)
def test_figure_group_spread_and_log_rule(values, spread, log_offered):
    figure_rows = _figures(
        *[(f"x{i}", "件", "件数", v, f"{v}件", "行政") for i, v in enumerate(values)]
    )
    group = figures.FigureGroup("counts", "件数", "件", figure_rows)
    assert group.spread == pytest.approx(spread)
    assert (group.spread >= figures.LOG_SPREAD) is log_offered


# ---------------------------------------------------------------- started_display


@pytest.mark.parametrize(
    ("started_text", "fiscal_year", "expected"),
    [
        pytest.param("2021.10", 2021, "2021.10（2021年度）", id="month"),
        pytest.param("2022.3～", 2021, "2022.3～（2021年度）", id="march-is-previous-year"),
        pytest.param("2022年度", 2022, "2022年度", id="already-fiscal-year"),
        pytest.param("2021.10", pd.NA, "2021.10", id="no-year"),
        pytest.param(None, 2021, "記載なし", id="none"),
        pytest.param(" ", None, "記載なし", id="blank"),
    ],
)
def test_started_display(started_text, fiscal_year, expected):
    assert tables.started_display(started_text, fiscal_year, locale=get_locale("ja")) == expected


# ---------------------------------------------------------------- tables


def test_initiatives_table_on_real_data(dataset):
    built = tables.initiatives_table(dataset.initiatives, dataset.metrics, locale=get_locale("ja"))
    assert built.columns == (
        "name",
        "field",
        "started",
        "fiscal_year",
        "model",
        "figure",
        "firsts",
    )  # by id; initiative_id is kept (a row opens its initiative) but not shown
    assert "initiative_id" in built.frame.columns
    table = built.shown().assign(initiative_id=built.frame["initiative_id"])
    assert table.shape == (41, 8)
    assert list(table.columns) == [
        "施策",
        "分野",
        "開始",
        "年度",
        "群馬モデル",
        "主な数値",
        "初の取組",
        "initiative_id",
    ]
    rows = table.set_index("initiative_id")
    assert rows.loc["tsulunos-studio", "群馬モデル"] == "ワイズスペンディング No.2"
    assert rows.loc["tsulunos-studio", "開始"] == "2020.4~（2020年度）"
    assert rows.loc["lifelog", "開始"] == "2022年度"
    assert rows.loc["line-digital-window", "開始"] == "記載なし"
    assert rows.loc["line-digital-window", "群馬モデル"] == ""
    assert rows.loc["line-digital-window", "主な数値"] == "約80万人"
    assert rows.loc["vaccine-passport", "主な数値"] == "約40万人"
    assert rows.loc["netsugen", "主な数値"] == ""


@pytest.mark.filterwarnings("error::DeprecationWarning")
def test_initiatives_table_without_metrics(dataset):
    table = tables.initiatives_table(
        dataset.initiatives.head(3), dataset.metrics.iloc[0:0], locale=get_locale("ja")
    )
    assert table.frame["figure"].tolist() == ["", "", ""]


def test_events_table_on_real_data(dataset):
    table = tables.events_table(dataset.events, locale=get_locale("ja")).shown()
    assert table.shape == (18, 6)
    assert list(table.columns) == ["年月", "種類", "出来事", "内容", "市町村", "初の取組"]
    assert table["年月"].iloc[0] == "2020年4月"
    assert table["年月"].iloc[-3:].tolist() == ["記載なし", "記載なし", "2022年度"]  # undated last
    assert (
        table.loc[table["出来事"].str.contains("実装部門（町・村）"), "市町村"].item() == "嬬恋村"
    )


def test_events_table_by_kind(dataset):
    table = tables.events_table(dataset.events, kinds=("受賞",), locale=get_locale("ja")).shown()
    assert len(table) == 5
    assert set(table["種類"]) == {"受賞"}
    assert table["年月"].tolist() == sorted(
        table["年月"], key=lambda s: tuple(int(p) for p in s.rstrip("月").split("年"))
    )


def test_models_table_on_real_data(dataset):
    built = tables.models_table(dataset.initiatives, get_locale("ja"))
    table = built.shown().assign(initiative_id=built.frame["initiative_id"])
    assert table.shape == (15, 6)
    assert list(table.columns) == ["類型", "No.", "事業名", "概要", "分野", "initiative_id"]
    assert list(zip(table["類型"], table["No."], strict=True)) == [(WISE, 1), (WISE, 2)] + [
        (EXAMPLE, n) for n in range(1, 14)
    ]
    assert table["initiative_id"].tolist()[:2] == ["vaccine-passport", "tsulunos-studio"]
    assert table["事業名"].iloc[0] == "ぐんまワクチン手帳"


def test_survey_table_on_real_data(dataset):
    built = tables.survey_table(dataset.survey, locale=get_locale("ja"))
    assert built.columns == ("item", "fy2020", "fy2021", "fy2022")  # a 年度 column's id
    table = built.shown()
    assert list(table.columns) == ["設問（点）", "2020年度", "2021年度", "2022年度"]
    assert table["設問（点）"].tolist() == [GOV_ITEM, EDU_ITEM]
    assert table.iloc[0, 1:].tolist() == [42.3, 44.3, 44.6]
    assert table.iloc[1, 1:].tolist() == [45.8, 51.2, 52.1]


def test_launches_table_on_real_data(dataset):
    table = tables.launches_table(dataset.initiatives, locale=get_locale("ja")).shown()
    assert table.shape == (36, 4)
    assert list(table.columns) == ["開始年度", "開始", "施策", "分野"]
    assert table["開始年度"].iloc[0] == "2020年度"
    assert table["開始年度"].iloc[-1] == "2023年度"
    assert table["開始年度"].is_monotonic_increasing


def test_launches_table_orders_by_start_within_year():
    initiatives = _initiatives(
        [
            {
                "initiative_id": "late",
                "name": "後",
                "field": "教育",
                "fiscal_year": 2022,
                "started": date(2023, 3, 1),
                "started_text": "2023.3",
            },
            {
                "initiative_id": "undated",
                "name": "不明",
                "field": "教育",
                "fiscal_year": 2022,
                "started_text": "2022年度",
            },
            {
                "initiative_id": "early",
                "name": "先",
                "field": "健康",
                "fiscal_year": 2022,
                "started": date(2022, 4, 1),
                "started_text": "2022.4",
            },
            {"initiative_id": "none", "name": "無", "field": "健康"},
        ]
    )
    table = tables.launches_table(initiatives, locale=get_locale("ja")).shown()
    assert table["施策"].tolist() == ["先", "後", "不明"]
    assert table["開始年度"].tolist() == ["2022年度"] * 3


def test_english_figure_follows_an_imported_value(dataset):
    """content.yaml's English is used only while the data prints what it translated (`of`)."""
    metrics = dataset.metrics.copy()
    line = metrics["metric"] == "友だち登録数"
    metrics.loc[line, "value"] = 850000.0
    metrics.loc[line, "value_text"] = "約85万人"
    labelled = figures.with_labels(metrics, dataset.initiatives, dataset.programs, get_locale("en"))
    assert labelled.loc[labelled["metric"] == "友だち登録数", "display"].tolist() == [
        "about 850,000 people"
    ]
    first = tables.first_figures(metrics, get_locale("en"))
    assert first["line-digital-window"] == "about 850,000 people"
    untouched = figures.with_labels(
        dataset.metrics, dataset.initiatives, dataset.programs, get_locale("en")
    )
    assert "about 800,000 people" in untouched["display"].tolist()


# ---------------------------------------------------------------- display tables by column id


@pytest.mark.parametrize(
    ("code", "headers", "fields"),
    [
        ("ja", ["施策", "分野", "2023年度"], ["教育", "行政"]),
        ("easy", ["施策", "分野", "2023年度"], ["教育", "行政"]),
        ("en", ["Initiative", "Field", "FY2023"], ["Education", "Administration"]),
    ],
)
def test_display_table_names_columns_by_id_and_shows_them_in_words(code, headers, fields):
    """Renderers lay out by id; the header and the vocabulary cells are in the story's language;
    a column without a header (an id a click opens) is kept and not shown."""
    locale = get_locale(code)
    frame = pd.DataFrame(
        {
            "initiative_id": ["a", "b"],
            "name": ["甲", "乙"],
            "field": ["教育", "行政"],
            "fy2023": [1, 2],
        }
    )
    table = tables.display_table(frame, locale, {"fy2023": locale.fiscal_year(2023)})
    assert table.columns == ("name", "field", "fy2023")
    assert table.frame["initiative_id"].tolist() == ["a", "b"]
    assert table.frame["field"].tolist() == fields
    shown = table.shown()
    assert shown.columns.tolist() == headers
    assert [table.header(c) for c in table.columns] == headers
    assert table.head(1).records() == [
        {"initiative_id": "a", "name": "甲", "field": fields[0], "fy2023": 1}
    ]
    assert len(table) == 2
    assert not table.empty
    assert frame["field"].tolist() == ["教育", "行政"]  # the input frame is never changed


def test_every_vocabulary_column_is_a_known_column():
    """(Each header's English is checked with the catalog: tests/test_i18n.py.)"""
    assert set(tables.VOCABULARY_COLUMNS) <= set(tables.COLUMN_HEADERS)
