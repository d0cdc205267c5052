"""Filters: what each sidebar choice keeps, on tiny frames made in code and on the real data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest

from dxdash.data.dataset import _to_pandas
from dxdash.locale import get_locale
from dxdash.story.filters import (
    Filters,
    describe_filters,
    filter_events,
    filter_initiatives,
    filter_metrics,
    filter_survey,
    keyword_terms,
    normalize_text,
)
from tests.fixtures import tables_from_rows, tiny_rows

WISE = "ワイズスペンディング"
EXAMPLE = "他自治体の見本"


def _initiatives() -> pd.DataFrame:
    """Three initiatives: line-window (行政, no 年度, no model), g-walk (健康, 2021, ワイズ),
    lifelog (教育, 2022, 他自治体の見本) — as the loader's pandas frame."""
    rows = tiny_rows()["initiatives"]
    rows[1]["short_name"] = "G-WALK+"  # tiny_rows copies the LINE row's short name
    rows.append(
        {
            **rows[0],
            "initiative_id": "lifelog",
            "report_order": 3,
            "name": "ライフ・ログ",
            "short_name": "ライフ・ログ",
            "field": "教育",
            "field_source": "report",
            "started_text": "2022年度",
            "fiscal_year": 2022,
            "gunma_model": EXAMPLE,
            "gunma_model_no": 1,
            "gunma_model_name": "民間企業と連携したデータ活用",
            "gunma_model_summary": "児童生徒のメンタルケア",
            "summary": "1人1台端末の活用",
            "comments": ["文科省の会議で発表"],
        }
    )
    return _to_pandas(tables_from_rows({"initiatives": rows})["initiatives"])


def _metrics(*, undated_program_figure: bool = False) -> pd.DataFrame:
    rows: list[dict[str, Any]] = [
        {"initiative_id": "line-window", "metric": "友だち登録数", "as_of": date(2023, 10, 1)},
        {"initiative_id": "g-walk", "metric": "インストール数", "as_of": None},
        {"initiative_id": "lifelog", "metric": "参加校数", "as_of": date(2022, 6, 1)},
        # program-wide (no initiative): as of 2023-12-31, i.e. 2023年度
        {"initiative_id": "dx-program", "metric": "達成率", "as_of": date(2023, 12, 31)},
    ]
    if undated_program_figure:
        rows.append({"initiative_id": "gunma-models", "metric": "群馬モデル件数", "as_of": None})
    return pd.DataFrame(rows)


def _events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["g7", "award-g-walk", "lifelog-presented", "headquarters"],
            "fiscal_year": pd.array([2023, 2022, 2022, None], dtype="Int16"),
            "initiative_id": [None, "g-walk", "lifelog", None],
            "title": [
                "G7群馬高崎デジタル・技術大臣会合の開催",
                "G-WALK+が受賞",
                "ライフ・ログ利活用成果を発表",
                "DX推進本部を設置",
            ],
            "detail": ["Gメッセ群馬にて開催", "健康アプリ", "先進事例", "トップダウン"],
        }
    )


def _survey() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "item": ["行政手続き"] * 3,
            "fiscal_year": pd.array([2020, 2021, 2022], dtype="Int16"),
            "score": [42.3, 44.3, 44.6],
        }
    )


def _ids(frame: pd.DataFrame, column: str = "initiative_id") -> list[str]:
    return frame[column].tolist()


# ---------------------------------------------------------------- Filters value


@pytest.mark.parametrize(
    ("filters", "is_active", "narrows"),
    [
        pytest.param(Filters(), False, False, id="empty"),
        pytest.param(Filters(fields=("教育",)), True, True, id="field"),
        pytest.param(Filters(fiscal_years=(2022, 2022)), True, False, id="years-only"),
        pytest.param(Filters(models=(WISE,)), True, True, id="model"),
        pytest.param(Filters(keyword="LINE"), True, True, id="keyword"),
        pytest.param(Filters(keyword="   "), False, False, id="blank-keyword"),
        pytest.param(Filters(keyword="\u3000"), False, False, id="full-width-space-keyword"),
        pytest.param(
            Filters(fiscal_years=(2021, 2022), keyword=" "),
            True,
            False,
            id="years-and-blank-keyword",
        ),
    ],
)
def test_filters_flags(filters, is_active, narrows):
    assert filters.is_active is is_active
    assert filters.narrows_initiatives is narrows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("ＬＩＮＥ", "line", id="full-width"),
        pytest.param("LINE", "line", id="upper-case"),
        pytest.param("ｇ－ｗａｌｋ＋", "g-walk+", id="full-width-symbols"),
        pytest.param("ｶﾞｲﾄﾞ", "ガイド", id="half-width-kana"),
    ],
)
def test_normalize_text(text, expected):
    assert normalize_text(text) == expected


@pytest.mark.parametrize(
    ("keyword", "terms"),
    [
        pytest.param("", [], id="empty"),
        pytest.param("  LINE  ", ["line"], id="trimmed"),
        pytest.param("LINE 避難", ["line", "避難"], id="half-width-space"),
        pytest.param("ＬＩＮＥ\u3000避難", ["line", "避難"], id="full-width-space"),
    ],
)
def test_keyword_terms(keyword, terms):
    assert keyword_terms(keyword) == terms


# ---------------------------------------------------------------- initiatives


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param(Filters(), ["line-window", "g-walk", "lifelog"], id="no-filter"),
        pytest.param(Filters(fields=("健康",)), ["g-walk"], id="one-field"),
        pytest.param(Filters(fields=("健康", "教育")), ["g-walk", "lifelog"], id="two-fields"),
        pytest.param(Filters(fields=("農業",)), [], id="field-without-initiatives"),
        pytest.param(Filters(models=(WISE,)), ["g-walk"], id="model-wise"),
        pytest.param(Filters(models=(EXAMPLE,)), ["lifelog"], id="model-example"),
        pytest.param(Filters(models=(WISE, EXAMPLE)), ["g-walk", "lifelog"], id="both-models"),
        pytest.param(Filters(fiscal_years=(2021, 2021)), ["g-walk"], id="one-year"),
        pytest.param(Filters(fiscal_years=(2021, 2022)), ["g-walk", "lifelog"], id="year-range"),
        pytest.param(
            Filters(fiscal_years=(2000, 2100)),
            ["g-walk", "lifelog"],
            id="wide-range-drops-undated",
        ),
        pytest.param(Filters(fiscal_years=(2023, 2024)), [], id="range-after-all"),
        pytest.param(
            Filters(fields=("行政",), fiscal_years=(2020, 2030)),
            [],
            id="undated-field-under-range",
        ),
        pytest.param(
            Filters(fields=("健康", "教育"), fiscal_years=(2022, 2022)),
            ["lifelog"],
            id="field-and-year",
        ),
        pytest.param(Filters(fields=("教育",), models=(WISE,)), [], id="field-and-model-disagree"),
    ],
)
def test_filter_initiatives(filters, expected):
    assert _ids(filter_initiatives(_initiatives(), filters)) == expected


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        pytest.param("LINE", ["line-window"], id="exact"),
        pytest.param("line", ["line-window"], id="lower-case"),
        pytest.param("ＬＩＮＥ", ["line-window"], id="full-width"),
        pytest.param("  LINE ", ["line-window"], id="padded"),
        pytest.param("ｇ－ｗａｌｋ", ["g-walk"], id="full-width-name"),
        pytest.param("便利", ["line-window", "g-walk"], id="comment"),
        pytest.param("文科省", ["lifelog"], id="comment-only-match"),
        pytest.param("健康アプリ", ["g-walk"], id="gunma-model-summary"),
        pytest.param("メンタルケア", ["lifelog"], id="gunma-model-summary-2"),
        pytest.param("データ活用", ["lifelog"], id="gunma-model-name"),
        pytest.param("LINE 便利", ["line-window"], id="two-terms-all-match"),
        pytest.param("LINE\u3000便利", ["line-window"], id="full-width-space-between"),
        pytest.param("LINE 健康アプリ", [], id="terms-in-different-initiatives"),
        pytest.param("存在しない", [], id="no-match"),
        pytest.param("", ["line-window", "g-walk", "lifelog"], id="empty"),
    ],
)
def test_filter_initiatives_by_keyword(keyword, expected):
    assert _ids(filter_initiatives(_initiatives(), Filters(keyword=keyword))) == expected


def test_filter_initiatives_keeps_columns_and_index():
    initiatives = _initiatives()
    shown = filter_initiatives(initiatives, Filters(fields=("教育",)))
    assert list(shown.columns) == list(initiatives.columns)
    assert shown.index.tolist() == [2]


# ---------------------------------------------------------------- metrics


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param(Filters(), ["line-window", "g-walk", "lifelog", "dx-program"], id="no-filter"),
        pytest.param(
            Filters(fiscal_years=(2023, 2023)), ["dx-program"], id="year-holding-program-as-of"
        ),
        pytest.param(
            Filters(fiscal_years=(2021, 2023)),
            ["g-walk", "lifelog", "dx-program"],
            id="range-holding-program-as-of",
        ),
        pytest.param(
            Filters(fiscal_years=(2021, 2022)),
            ["g-walk", "lifelog"],
            id="range-before-program-as-of",
        ),
        pytest.param(Filters(fields=("行政",)), ["line-window"], id="field-hides-program"),
        pytest.param(Filters(models=(WISE,)), ["g-walk"], id="model-hides-program"),
        pytest.param(Filters(keyword="LINE"), ["line-window"], id="keyword-hides-program"),
        pytest.param(
            Filters(fields=("教育",), fiscal_years=(2022, 2023)),
            ["lifelog"],
            id="field-and-range-hide-program",
        ),
    ],
)
def test_filter_metrics(filters, expected):
    initiatives = _initiatives()
    shown = filter_initiatives(initiatives, filters)
    kept = filter_metrics(_metrics(), initiatives, shown, filters)
    assert _ids(kept) == expected


def test_filter_metrics_keeps_undated_program_figures_under_a_year_range():
    initiatives = _initiatives()
    filters = Filters(fiscal_years=(2023, 2023))
    shown = filter_initiatives(initiatives, filters)
    kept = filter_metrics(_metrics(undated_program_figure=True), initiatives, shown, filters)
    assert _ids(kept) == ["dx-program", "gunma-models"]


# ---------------------------------------------------------------- events


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param(
            Filters(),
            ["g7", "award-g-walk", "lifelog-presented", "headquarters"],
            id="no-filter",
        ),
        pytest.param(
            Filters(fiscal_years=(2022, 2022)),
            ["award-g-walk", "lifelog-presented"],
            id="year-drops-undated",
        ),
        pytest.param(Filters(fiscal_years=(2023, 2030)), ["g7"], id="later-range"),
        pytest.param(
            Filters(fields=("教育",)),
            ["g7", "lifelog-presented", "headquarters"],
            id="field-keeps-prefecture-wide",
        ),
        pytest.param(
            Filters(fields=("教育",), fiscal_years=(2023, 2023)),
            ["g7"],
            id="field-and-year",
        ),
        pytest.param(
            Filters(models=(WISE,)),
            ["g7", "award-g-walk", "headquarters"],
            id="model-follows-initiative",
        ),
        pytest.param(Filters(keyword="ｇ７"), ["g7"], id="keyword-in-title"),
        pytest.param(Filters(keyword="トップダウン"), ["headquarters"], id="keyword-in-detail"),
        pytest.param(
            Filters(keyword="ライフ"),
            ["lifelog-presented"],
            id="keyword-linked-initiative-shown",
        ),
        pytest.param(
            Filters(keyword="文科省"),
            ["lifelog-presented"],
            id="linked-event-follows-initiative-match",
        ),
        pytest.param(Filters(keyword="受賞"), [], id="linked-event-of-hidden-initiative-dropped"),
    ],
)
def test_filter_events(filters, expected):
    shown = filter_initiatives(_initiatives(), filters)
    assert _ids(filter_events(_events(), shown, filters), "event_id") == expected


# ---------------------------------------------------------------- survey


@pytest.mark.parametrize(
    ("filters", "years"),
    [
        pytest.param(Filters(), [2020, 2021, 2022], id="no-filter"),
        pytest.param(Filters(fiscal_years=(2021, 2022)), [2021, 2022], id="range"),
        pytest.param(Filters(fiscal_years=(2020, 2020)), [2020], id="one-year"),
        pytest.param(Filters(fiscal_years=(2023, 2024)), [], id="outside"),
        pytest.param(Filters(fields=("教育",)), [2020, 2021, 2022], id="field-ignored"),
        pytest.param(Filters(keyword="LINE"), [2020, 2021, 2022], id="keyword-ignored"),
    ],
)
def test_filter_survey(filters, years):
    assert filter_survey(_survey(), filters)["fiscal_year"].tolist() == years


# ---------------------------------------------------------------- describe


@pytest.mark.parametrize(
    ("filters", "phrases"),
    [
        pytest.param(Filters(), [], id="empty"),
        pytest.param(Filters(fields=("健康", "教育")), ["分野：健康、教育"], id="fields"),
        pytest.param(Filters(fiscal_years=(2022, 2022)), ["年度：2022年度"], id="one-year"),
        pytest.param(Filters(fiscal_years=(2021, 2022)), ["年度：2021〜2022年度"], id="range"),
        pytest.param(Filters(models=(WISE,)), ["群馬モデル：ワイズスペンディング"], id="model"),
        pytest.param(
            Filters(models=(WISE, EXAMPLE)),
            ["群馬モデル：ワイズスペンディング、他自治体の見本"],
            id="two-models",
        ),
        pytest.param(Filters(keyword=" LINE "), ["キーワード：「LINE」"], id="keyword"),
        pytest.param(Filters(keyword="  "), [], id="blank-keyword"),
        pytest.param(
            Filters(fields=("教育",), fiscal_years=(2022, 2022), models=(EXAMPLE,), keyword="ログ"),
            ["分野：教育", "年度：2022年度", "群馬モデル：他自治体の見本", "キーワード：「ログ」"],
            id="all-in-order",
        ),
    ],
)
def test_describe_filters(filters, phrases):
    assert describe_filters(filters, get_locale("ja")) == phrases


@pytest.mark.parametrize(
    ("filters", "phrases"),
    [
        pytest.param(Filters(fields=("健康",)), ["Field: Health"], id="one-field"),
        pytest.param(
            Filters(fields=("健康", "教育", "行政")),
            ["Fields: Health, Education and Administration"],
            id="fields",
        ),
        pytest.param(Filters(fiscal_years=(2021, 2022)), ["Year: FY2021–FY2022"], id="range"),
        pytest.param(Filters(models=(WISE,)), ["Gunma model: Wise spending"], id="model"),
        pytest.param(Filters(keyword="LINE"), ["Keyword: \u201cLINE\u201d"], id="keyword"),
    ],
)
def test_describe_filters_in_english(filters, phrases):
    assert describe_filters(filters, get_locale("en")) == phrases


# ---------------------------------------------------------------- inputs untouched

EVERYTHING = Filters(fields=("教育", "健康"), fiscal_years=(2021, 2023), keyword="ログ")


@pytest.mark.parametrize(
    "filters",
    [
        pytest.param(Filters(), id="no-filter"),
        pytest.param(EVERYTHING, id="every-filter"),
        pytest.param(Filters(fiscal_years=(2023, 2023)), id="years-only"),
    ],
)
def test_inputs_are_never_mutated(filters):
    initiatives, metrics, events, survey = _initiatives(), _metrics(), _events(), _survey()
    before = [frame.copy(deep=True) for frame in (initiatives, metrics, events, survey)]

    shown = filter_initiatives(initiatives, filters)
    filter_metrics(metrics, initiatives, shown, filters)
    filter_events(events, shown, filters)
    filter_survey(survey, filters)

    for frame, copy in zip((initiatives, metrics, events, survey), before, strict=True):
        pd.testing.assert_frame_equal(frame, copy)


def test_result_is_a_new_frame():
    initiatives = _initiatives()
    shown = filter_initiatives(initiatives, Filters())
    assert shown is not initiatives
    pd.testing.assert_frame_equal(shown, initiatives)


# ---------------------------------------------------------------- real data


def test_real_data_has_41_initiatives(dataset):
    assert len(filter_initiatives(dataset.initiatives, Filters())) == 41


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param(
            Filters(fields=("教育",), fiscal_years=(2022, 2022)),
            {"digital-innovation-challenge", "lifelog", "multi-view-video"},
            id="education-2022",
        ),
        pytest.param(
            Filters(models=(WISE,)),
            {"vaccine-passport", "tsulunos-studio"},
            id="wise-spending",
        ),
        pytest.param(
            Filters(keyword="ＬＩＮＥ"),
            {"line-digital-window", "vaccine-reservation", "digital-evacuation-drill"},
            id="line-full-width",
        ),
    ],
)
def test_real_data_acceptance_questions(dataset, filters, expected):
    shown = filter_initiatives(dataset.initiatives, filters)
    assert set(shown["initiative_id"]) == expected
    assert len(shown) == len(expected)


def test_real_data_keyword_case_and_width_agree(dataset):
    results = [
        _ids(filter_initiatives(dataset.initiatives, Filters(keyword=k)))
        for k in ("LINE", "line", "ＬＩＮＥ", "ｌｉｎｅ")
    ]
    assert results[0]
    assert all(r == results[0] for r in results)


def test_real_data_models_count_15(dataset):
    shown = filter_initiatives(dataset.initiatives, Filters(models=(WISE, EXAMPLE)))
    assert len(shown) == 15


@pytest.mark.parametrize(
    ("filters", "has_program_rate"),
    [
        pytest.param(Filters(), True, id="no-filter"),
        pytest.param(Filters(fiscal_years=(2023, 2023)), True, id="as-of-year"),
        pytest.param(Filters(fiscal_years=(2020, 2022)), False, id="before-as-of"),
        pytest.param(Filters(fields=("教育",)), False, id="field"),
        pytest.param(Filters(models=(WISE,)), False, id="model"),
        pytest.param(Filters(keyword="LINE"), False, id="keyword"),
    ],
)
def test_real_data_program_rate_visibility(dataset, filters, has_program_rate):
    shown = filter_initiatives(dataset.initiatives, filters)
    kept = filter_metrics(dataset.metrics, dataset.initiatives, shown, filters)
    assert ("dx-acceleration-program" in set(kept["initiative_id"])) is has_program_rate


def test_real_data_unfiltered_keeps_every_figure_and_event(dataset):
    filters = Filters()
    shown = filter_initiatives(dataset.initiatives, filters)
    assert len(filter_metrics(dataset.metrics, dataset.initiatives, shown, filters)) == len(
        dataset.metrics
    )
    assert len(filter_events(dataset.events, shown, filters)) == len(dataset.events)
    assert len(filter_survey(dataset.survey, filters)) == len(dataset.survey)


def test_real_data_education_2022_figures_and_events(dataset):
    filters = Filters(fields=("教育",), fiscal_years=(2022, 2022))
    shown = filter_initiatives(dataset.initiatives, filters)
    metrics = filter_metrics(dataset.metrics, dataset.initiatives, shown, filters)
    assert set(metrics["initiative_id"]) <= set(shown["initiative_id"])
    events = filter_events(dataset.events, shown, filters)
    linked = set(events["initiative_id"].dropna())
    assert linked == {"digital-innovation-challenge", "lifelog"}
    assert (events["fiscal_year"] == 2022).all()
    # prefecture-wide 2022 events (Digi田甲子園) stay under the 分野 filter
    assert "digiden-koshien-2022-idea" in set(events["event_id"])


def test_a_keyword_finds_the_same_initiatives_in_either_language():
    """?q= searches both languages' text: a link's keyword shows the same rows in ja and en."""
    from dxdash.data.dataset import load_dataset
    from dxdash.story import content as localize

    dataset = load_dataset()
    japanese, english = (
        localize.localized(dataset, get_locale("ja")),
        localize.localized(dataset, get_locale("en")),
    )
    for keyword in ("ワクチン", "vaccine", "LINE", "(", "[*+?\\", "x" * 2000):
        filters = Filters(keyword=keyword)
        in_japanese = filter_initiatives(japanese.initiatives, filters)["initiative_id"]
        in_english = filter_initiatives(english.initiatives, filters)["initiative_id"]
        assert list(in_japanese) == list(in_english), keyword
        shown = filter_initiatives(japanese.initiatives, filters)
        events_ja = filter_events(japanese.events, shown, filters)["event_id"]
        events_en = filter_events(english.events, shown, filters)["event_id"]
        assert list(events_ja) == list(events_en), keyword
    assert len(filter_initiatives(japanese.initiatives, Filters(keyword="vaccine"))) > 0


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("LINE", ["line-digital-window", "vaccine-reservation", "digital-evacuation-drill"]),
        ("line", ["line-digital-window", "vaccine-reservation", "digital-evacuation-drill"]),
        ("online", ["tsulunos-studio", "tsukurun-meta"]),
        ("ワクチン", ["vaccine-passport", "line-digital-window", "vaccine-reservation"]),
    ],
)
def test_a_latin_keyword_starts_a_word_in_either_language(dataset, language, keyword, expected):
    """Both languages' text is searched, so "LINE" must not find the English "online"."""
    from dxdash.story import content as localize

    shown = localize.localized(dataset, get_locale(language)).initiatives
    result = filter_initiatives(shown, Filters(keyword=keyword))
    assert result["initiative_id"].tolist() == expected
