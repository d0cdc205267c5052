"""Takeaways: each section's sentence, said from its rows through the Locale (both languages)."""

from typing import Any

import pandas as pd
import pytest

from dxdash.locale import get_locale
from dxdash.story import figures, tables, takeaways

JA, EN = get_locale("ja"), get_locale("en")
GOV_ITEM = "行政手続きがデジタル化され、利便性が高まっている"
EDU_ITEM = "教育の充実を図るためにデジタルの活用を進める取組"


def _figures(*rows: tuple[str, str, str, float, str, Any]) -> pd.DataFrame:
    """Labelled figure rows: (initiative_id, metric, category, value, display, field)."""
    frame = pd.DataFrame(
        rows, columns=["initiative_id", "metric", "category", "value", "display", "field"]
    )
    frame["short_name"] = frame["initiative_id"]
    frame["metric_label"] = frame["metric"]
    frame["as_of_display"] = "2023年10月時点"
    return frame


def test_usage_takeaway_on_real_data(labelled):
    assert takeaways.usage(figures.usage_figures(labelled), JA) == (
        "最も大きいのはワクチン接種予約の予約受付で約180万回。"
        "LINE友だちは約80万人（2023年10月時点）。"
    )


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        pytest.param(
            _figures(
                ("line-digital-window", "友だち登録数", "人数", 800_000.0, "約80万人", "行政"),
                ("g-walk", "インストール数", "人数", 54_000.0, "約5万4千人", "健康"),
            ),
            "最も大きいのはline-digital-windowの友だち登録数で約80万人。",
            id="line-on-top-not-repeated",
        ),
        pytest.param(
            _figures(("g-walk", "インストール数", "人数", 54_000.0, "約5万4千人", "健康")),
            "g-walkのインストール数は約5万4千人（2023年10月時点）。",
            id="one-figure-is-stated",
        ),
        pytest.param(_figures(), "該当する利用実績はありません。", id="empty"),
    ],
)
def test_usage_takeaway(figures, expected):
    assert takeaways.usage(figures, JA) == expected


def test_rate_takeaway_on_real_data(labelled):
    assert takeaways.rates(figures.rate_figures(labelled), JA) == (
        "7件の割合の指標のうち4件が90%以上。DX加速化プログラムは89%（見込）（2023年12月末時点）。"
    )


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param([100.0, 90.0, 89.9], "3件の割合の指標のうち2件が90%以上。", id="boundary-90"),
        pytest.param([50.0, 60.0], "2件の割合の指標のうち0件が90%以上。", id="none-high"),
        pytest.param([50.0], "r0の率は50.0%（2023年10月時点）。", id="one-rate-is-stated"),
        pytest.param([], "該当する割合の指標はありません。", id="empty"),
    ],
)
def test_rate_takeaway(values, expected):
    figures = _figures(*[(f"r{i}", "率", "割合", v, f"{v}%", "行政") for i, v in enumerate(values)])
    assert takeaways.rates(figures, JA) == expected


def test_survey_takeaway_on_real_data(dataset):
    text = takeaways.survey(dataset.survey, JA)
    first = text.split("。")[0] + "。"
    assert first == f"「{GOV_ITEM}」は2020年度の42.3点から2022年度の44.6点へ（+2.3点）。"
    assert text.endswith(f"「{EDU_ITEM}」は2020年度の45.8点から2022年度の52.1点へ（+6.3点）。")


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param([(2022, 44.6)], f"「{GOV_ITEM}」は2022年度に44.6点。", id="single-year"),
        pytest.param(
            [(2022, 44.6), (2021, 45.0)],
            f"「{GOV_ITEM}」は2021年度の45.0点から2022年度の44.6点へ（-0.4点）。",
            id="unsorted-and-falling",
        ),
        pytest.param([], "該当する年度のアンケート結果はありません。", id="empty"),
    ],
)
def test_survey_takeaway(rows, expected):
    survey = pd.DataFrame(
        {
            "item": [GOV_ITEM] * len(rows),
            "fiscal_year": [y for y, _ in rows],
            "score": [s for _, s in rows],
        }
    )
    assert takeaways.survey(survey, JA) == expected


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        pytest.param(
            lambda: takeaways.launches(pd.DataFrame(columns=["fiscal_year", "field", "count"]), JA),
            "該当する開始年度の施策はありません。",
            id="launches",
        ),
        pytest.param(
            lambda: takeaways.models(
                pd.DataFrame(columns=["gunma_model", "field", "count"]), None, JA
            ),
            "該当する群馬モデルはありません。",
            id="models",
        ),
        pytest.param(
            lambda: takeaways.timeline(pd.DataFrame({"date": [None], "title": ["x"]}), JA),
            "該当する出来事はありません。",
            id="timeline-undated-only",
        ),
    ],
)
def test_empty_takeaways_are_friendly(view, expected):
    assert view() == expected


def test_launches_takeaway_on_real_data(dataset):
    text = takeaways.launches(tables.launches_by_year(dataset.initiatives), JA)
    assert text.startswith("開始年度が分かる施策は36件。最も多いのは2022年度の17件。")


def test_models_takeaway_on_real_data(dataset):
    assert takeaways.models(
        tables.models_by_type_and_field(dataset.initiatives), dataset.initiatives, JA
    ) == (
        "群馬モデル15件（ワイズスペンディング2件・他自治体の見本13件）。"
        "分野別では産業・人材が最多の6件。"
    )


def test_timeline_takeaway_on_real_data(dataset):
    text = takeaways.timeline(dataset.events, JA)
    assert text.startswith("2020年4月の「デジタルトランスフォーメーション課")
    assert text.endswith("まで、15件の出来事。")


@pytest.mark.parametrize(
    ("values", "log_offered"),
    [
        pytest.param([1000.0, 1.0], True, id="exactly-log-spread"),
        pytest.param([999.0, 1.0], False, id="just-under"),
    ],
)
def test_group_takeaway_offers_the_log_scale(values, log_offered):
    figure_rows = _figures(
        *[(f"x{i}", "件", "件数", v, f"{v}件", "行政") for i, v in enumerate(values)]
    )
    spread = figures.FigureGroup("counts", "件数", "件", figure_rows).spread
    assert ("対数目盛り" in takeaways.group(figure_rows, spread, JA)) is log_offered


@pytest.mark.parametrize(
    ("events", "ja", "en"),
    [
        pytest.param(
            {"kind": ["受賞"]},
            "受賞1件。",
            "1 award.",
            id="one-award",
        ),
        pytest.param(
            {"kind": ["受賞", "受賞", "会議開催"]},
            "国際会議・全国会議の開催1件、受賞2件。",
            "1 international or national meeting hosted and 2 awards.",
            id="meeting-and-awards",
        ),
    ],
)
def test_evaluations_count_in_both_languages(events, ja, en):
    frame = pd.DataFrame(events)
    assert takeaways.evaluations(frame, JA) == ja
    assert takeaways.evaluations(frame, EN) == en


def test_one_event_is_stated_not_counted():
    events = pd.DataFrame({"date": [pd.Timestamp("2022-08-01")], "title": ["Award"]})
    assert takeaways.timeline(events, EN) == "Aug 2022: \u201cAward\u201d."
    assert "1 events" not in takeaways.timeline(events, EN)


@pytest.mark.parametrize(
    ("code", "ending"),
    [
        ("ja", "最も多いのは2022年度の7件。うち行政・教育が各3件。"),
        (
            "en",
            "most started in FY2022 (7). Administration and Education lead that year with 3 each.",
        ),
    ],
)
def test_launches_lead_is_said_of_the_busiest_year(code, ending):
    """The fields that lead are the busiest year's (「うち」, "that year"), not all years'."""
    from dxdash.locale import get_locale

    counts = pd.DataFrame(
        {
            "fiscal_year": [2021, 2022, 2022, 2022],
            "field": ["行政", "行政", "教育", "健康"],
            "count": [1, 3, 3, 1],
        }
    )
    text = takeaways.launches(counts, get_locale(code))
    assert text.endswith(ending), text
