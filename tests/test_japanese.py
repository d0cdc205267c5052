"""Tests for dxdash.text.japanese: Japanese figure parsing/formatting and fiscal-year dates."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest

from dxdash.text.japanese import (
    QUALIFIERS,
    AsOf,
    Figure,
    fiscal_year,
    fiscal_year_range,
    format_count_ja,
    format_figure_ja,
    format_fiscal_year,
    format_month_ja,
    parse_figure_ja,
    parse_fiscal_year_ja,
    parse_month_ja,
    read_as_of,
)

# ---------------------------------------------------------------------------
# parse_figure_ja
# ---------------------------------------------------------------------------

PARSE_FIGURE_CASES = [
    # (text, value, unit, qualifier)
    ("20", 20, "", None),
    ("3,300", 3300, "", None),
    ("12.3", 12.3, "", None),
    ("80万", 800_000, "", None),
    ("約5万4千人", 54_000, "人", "約"),
    ("約3億5,000万円", 350_000_000, "円", "約"),
    ("2,263万回", 22_630_000, "回", None),
    ("180万回", 1_800_000, "回", None),
    ("1億", 100_000_000, "", None),
    ("3.5億", 350_000_000, "", None),
    ("5千", 5000, "", None),
    ("1千万円", 10_000_000, "円", None),
    ("5万4000人", 54_000, "人", None),
    ("1/150", 1 / 150, "", None),
    ("約1/150", 1 / 150, "", "約"),
    ("11/47都道府県", 11 / 47, "都道府県", None),
    ("約半数以上", 50, "%", "以上"),
    ("半数", 50, "%", None),
    ("約半数", 50, "%", "約"),
    ("6,000本超", 6000, "本", "超"),
    ("80%以上", 80, "%", "以上"),
    ("670万円程度", 6_700_000, "円", "程度"),
    ("89%見込", 89, "%", "見込"),
    ("89%見込み", 89, "%", "見込"),
    ("89%（見込）", 89, "%", "見込"),
    ("89%(見込)", 89, "%", "見込"),
    ("89%（見込み）", 89, "%", "見込"),
    ("約80万人", 800_000, "人", "約"),
    ("約5万人超", 50_000, "人", "超"),
    ("-5人", -5, "人", None),
    ("−5", -5, "", None),
    ("▲5", -5, "", None),
    ("１２，０００件", 12_000, "件", None),
    ("８０％以上", 80, "%", "以上"),
    ("1,200㎡", 1200, "㎡", None),
    ("1,200m²", 1200, "㎡", None),
    ("20台", 20, "台", None),
    ("300m", 300, "m", None),
    ("1.5時間", 1.5, "時間", None),
    ("2.5倍", 2.5, "倍", None),
    ("35施設", 35, "施設", None),
    ("12窓口", 12, "窓口", None),
    (" 約 80 万 人 ", 800_000, "人", "約"),
]


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    PARSE_FIGURE_CASES,
    ids=[c[0].strip() for c in PARSE_FIGURE_CASES],
)
def test_parse_figure_ja(text, value, unit, qualifier):
    fig = parse_figure_ja(text)
    assert isinstance(fig, Figure)
    assert fig.value == pytest.approx(value, rel=1e-12)
    assert fig.unit == unit
    assert fig.qualifier == qualifier


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "約", "人", "超", "半数の職員", "1/0", "1,23人", "2時間30分"],
    ids=[
        "empty",
        "blank",
        "abc",
        "only-qualifier",
        "only-unit",
        "only-trailing",
        "hansu-extra",
        "zero-denominator",
        "bad-grouping",
        "digits-in-unit",
    ],
)
def test_parse_figure_ja_errors(text):
    with pytest.raises(ValueError, match=r"読めません|分母"):
        parse_figure_ja(text)


def test_figure_is_frozen():
    fig = Figure(1.0, "人", None)
    with pytest.raises(AttributeError):
        fig.value = 2.0  # type: ignore[misc]


def test_qualifiers_constant():
    assert QUALIFIERS == ("約", "超", "以上", "程度", "見込")


# ---------------------------------------------------------------------------
# format_count_ja
# ---------------------------------------------------------------------------

FORMAT_COUNT_CASES = [
    (6000, "6,000"),
    (20, "20"),
    (89, "89"),
    (12.3, "12.3"),
    (12.34, "12.3"),
    (12.04, "12"),
    (0, "0"),
    (9999, "9,999"),
    (9999.96, "1万"),
    (10_000, "1万"),
    (800_000, "80万"),
    (1_800_000, "180万"),
    (22_630_000, "2,263万"),
    (54_000, "5.4万"),
    (12_500, "1.25万"),
    (12_345, "1.23万"),
    (99_999_999, "1億"),
    (100_000_000, "1億"),
    (350_000_000, "3.5億"),
    (1_200_000_000, "12億"),
    (123_456_789_012, "1,235億"),
    (-5, "-5"),
    (-54_000, "-5.4万"),
    (-350_000_000, "-3.5億"),
    (-0.01, "0"),
    (math.nan, "—"),
    (math.inf, "—"),
]


@pytest.mark.parametrize(
    ("value", "expected"),
    FORMAT_COUNT_CASES,
    ids=[f"{v!r}->{e}" for v, e in FORMAT_COUNT_CASES],
)
def test_format_count_ja(value, expected):
    assert format_count_ja(value) == expected


def test_format_count_ja_digits():
    assert format_count_ja(12_345, digits=2) == "1.2万"
    assert format_count_ja(12_345, digits=5) == "1.2345万"


def test_format_count_ja_bad_digits():
    with pytest.raises(ValueError, match="有効桁数"):
        format_count_ja(1.0, digits=0)


# ---------------------------------------------------------------------------
# format_figure_ja
# ---------------------------------------------------------------------------

FORMAT_FIGURE_CASES = [
    (800_000, "人", "約", "約80万人"),
    (6000, "本", "超", "6,000本超"),
    (350_000_000, "円", "約", "約3.5億円"),
    (89, "%", "見込", "89%（見込）"),
    (80, "%", "以上", "80%以上"),
    (6_700_000, "円", "程度", "670万円程度"),
    (20, "台", None, "20台"),
    (1 / 150, "", "約", "約1/150"),
    (1 / 150, "", None, "1/150"),
    (0.5, "倍", None, "1/2倍"),
    (0.3, "", None, "0.3"),
    (0.5, "%", None, "0.5%"),
    (54_000, "人", "約", "約5.4万人"),
    (1200, "㎡", None, "1,200㎡"),
    (math.nan, "人", None, "—"),
]


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "expected"),
    FORMAT_FIGURE_CASES,
    ids=[c[3] for c in FORMAT_FIGURE_CASES],
)
def test_format_figure_ja(value, unit, qualifier, expected):
    assert format_figure_ja(value, unit, qualifier) == expected


def test_format_figure_ja_unknown_qualifier():
    with pytest.raises(ValueError, match="修飾語"):
        format_figure_ja(1, "人", "およそ")


ROUND_TRIP_CASES = [
    (800_000, "人", "約"),
    (6000, "本", "超"),
    (350_000_000, "円", "約"),
    (89, "%", "見込"),
    (80, "%", "以上"),
    (6_700_000, "円", "程度"),
    (20, "台", None),
    (22_630_000, "回", None),
    (1_800_000, "回", None),
    (54_000, "人", "約"),
    (12_500, "件", None),
    (100_000_000, "円", None),
    (1_200_000_000, "円", "超"),
    (1 / 150, "", "約"),
    (50, "%", "以上"),
    (12.3, "時間", None),
    (1200, "㎡", "程度"),
    (-5, "人", None),
    (3, "倍", "見込"),
]


@pytest.mark.parametrize(
    ("value", "unit", "qualifier"),
    ROUND_TRIP_CASES,
    ids=[f"{v:g}{u}{q or ''}" for v, u, q in ROUND_TRIP_CASES],
)
def test_figure_round_trip(value, unit, qualifier):
    text = format_figure_ja(value, unit, qualifier)
    fig = parse_figure_ja(text)
    assert fig.value == pytest.approx(value, rel=1e-9)
    assert fig.unit == unit
    assert fig.qualifier == qualifier


# ---------------------------------------------------------------------------
# fiscal years
# ---------------------------------------------------------------------------

FISCAL_YEAR_CASES = [
    (date(2023, 4, 1), 2023),
    (date(2024, 3, 31), 2023),
    (date(2024, 1, 15), 2023),
    (date(2023, 3, 31), 2022),
    (date(2023, 12, 31), 2023),
    (datetime(2024, 4, 1, 9, 30), 2024),
]


@pytest.mark.parametrize(
    ("d", "expected"),
    FISCAL_YEAR_CASES,
    ids=[str(d) for d, _ in FISCAL_YEAR_CASES],
)
def test_fiscal_year(d, expected):
    assert fiscal_year(d) == expected


@pytest.mark.parametrize(
    ("fy", "expected"),
    [
        (2023, (date(2023, 4, 1), date(2024, 3, 31))),
        (2019, (date(2019, 4, 1), date(2020, 3, 31))),
    ],
    ids=["2023", "2019"],
)
def test_fiscal_year_range(fy, expected):
    start, end = fiscal_year_range(fy)
    assert (start, end) == expected
    assert fiscal_year(start) == fy
    assert fiscal_year(end) == fy


def test_format_fiscal_year():
    assert format_fiscal_year(2023) == "2023年度"


@pytest.mark.parametrize(
    ("d", "expected"),
    [(date(2023, 10, 1), "2023年10月"), (date(2024, 1, 31), "2024年1月")],
    ids=["oct", "jan-no-padding"],
)
def test_format_month_ja(d, expected):
    assert format_month_ja(d) == expected


# ---------------------------------------------------------------------------
# parse_month_ja
# ---------------------------------------------------------------------------

PARSE_MONTH_CASES = [
    ("2023.10", date(2023, 10, 1)),
    ("2023.10~", date(2023, 10, 1)),
    ("2023.10～", date(2023, 10, 1)),
    ("2023.10〜", date(2023, 10, 1)),
    ("2023年10月", date(2023, 10, 1)),
    ("2023年10月～", date(2023, 10, 1)),
    ("2023年10月15日", date(2023, 10, 15)),
    ("2023/10", date(2023, 10, 1)),
    ("2023-10", date(2023, 10, 1)),
    ("2023-10-01", date(2023, 10, 1)),
    ("2023/10/15", date(2023, 10, 15)),
    ("2023.4", date(2023, 4, 1)),
    ("令和5年10月", date(2023, 10, 1)),
    ("令和元年5月", date(2019, 5, 1)),
    ("平成31年4月", date(2019, 4, 1)),
    ("R5.10", date(2023, 10, 1)),
    ("R5/10", date(2023, 10, 1)),
    ("r5.10", date(2023, 10, 1)),
    ("H31.4", date(2019, 4, 1)),
    ("２０２３．１０", date(2023, 10, 1)),
    ("２０２３年１０月", date(2023, 10, 1)),
    ("令和５年１０月", date(2023, 10, 1)),
    ("Ｒ５．１０", date(2023, 10, 1)),
    (" 2023.10 ", date(2023, 10, 1)),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    PARSE_MONTH_CASES,
    ids=[c[0].strip() for c in PARSE_MONTH_CASES],
)
def test_parse_month_ja(text, expected):
    assert parse_month_ja(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "2023年13月",
        "2023.0",
        "2023.13",
        "2023-02-30",
        "2023/10-01",
        "令和0年5月",
        "10月",
        "2023",
    ],
    ids=[
        "empty",
        "abc",
        "month-13-ja",
        "month-0",
        "month-13-dot",
        "feb-30",
        "mixed-sep",
        "reiwa-0",
        "no-year",
        "no-month",
    ],
)
def test_parse_month_ja_errors(text):
    with pytest.raises(ValueError, match=r"読めません|範囲外|不正"):
        parse_month_ja(text)


# ---------------------------------------------------------------------------
# parse_fiscal_year_ja
# ---------------------------------------------------------------------------

PARSE_FY_CASES = [
    ("2023年度", 2023),
    ("2023年度～", 2023),
    ("2023年度~", 2023),
    ("令和5年度", 2023),
    ("令和元年度", 2019),
    ("平成31年度", 2019),
    ("R5年度", 2023),
    ("FY2023", 2023),
    ("fy2023", 2023),
    ("ＦＹ２０２３", 2023),
    ("２０２３年度", 2023),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    PARSE_FY_CASES,
    ids=[c[0] for c in PARSE_FY_CASES],
)
def test_parse_fiscal_year_ja(text, expected):
    assert parse_fiscal_year_ja(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "abc", "2023", "2023年", "FY23", "令和年度"],
    ids=["empty", "abc", "bare-year", "calendar-year", "fy-2digit", "era-no-year"],
)
def test_parse_fiscal_year_ja_errors(text):
    with pytest.raises(ValueError, match="読めません"):
        parse_fiscal_year_ja(text)


# ---------------------------------------------------------------------------
# read_as_of: an as-of text typed in Excel, read so English can say it
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("2024年3月", AsOf("month", 2024, 3)),
        ("2024年3月末", AsOf("month", 2024, 3, end=True)),
        ("2023年12月末実績", AsOf("month", 2023, 12, end=True, marker="実績")),
        ("令和6年3月末時点", AsOf("month", 2024, 3, end=True, marker="時点")),
        ("２０２４年３月末", AsOf("month", 2024, 3, end=True)),  # full-width digits
        ("2024年3月31日現在", AsOf("day", 2024, 3, 31, marker="現在")),
        ("2024/3/31時点", AsOf("day", 2024, 3, 31, marker="時点")),
        ("2023年度中", AsOf("fiscal_year", 2023, during=True)),
        ("R5年度末", AsOf("fiscal_year", 2023, end=True)),
        ("2024年", AsOf("year", 2024)),
        ("現在", None),  # the report's own words, not a date form
        ("開設から", None),
        ("調査期間2022.12～2023.2", None),
        ("2024年3月～", None),  # a span onward, not an as-of
        ("末", None),
        ("", None),
    ],
)
def test_read_as_of(text, read):
    assert read_as_of(text) == read
