"""The URL codec: every query string is read without an exception, and nothing is dropped silently.

Table-driven on the pure parser, then AppTest on every page and the deck with a fuzz list.
"""

from __future__ import annotations

import ast
import csv

import pytest
from streamlit.testing.v1 import AppTest

from dxdash.data.dataset import REPO_ROOT
from dxdash.locale import catalog as i18n
from dxdash.locale import get_locale
from dxdash.story import url_state
from dxdash.story.filters import Filters

APP = str(REPO_ROOT / "app.py")
BOUNDS = (2016, 2024)
WISE = "ワイズスペンディング"


# (params, expected filters, how many notices, words every notice must name)
FILTER_CASES = [
    ({}, Filters(), 0, ""),
    ({"field": ["健康"]}, Filters(fields=("健康",)), 0, ""),
    ({"field": ["Health"]}, Filters(fields=("健康",)), 0, ""),
    ({"field": ["health"]}, Filters(fields=("健康",)), 0, ""),
    ({"field": ["ＨＥＡＬＴＨ"]}, Filters(fields=("健康",)), 0, ""),
    ({"field": ["Industry & talent"]}, Filters(fields=("産業・人材",)), 0, ""),
    ({"field": ["健康", "教育", "健康"]}, Filters(fields=("健康", "教育")), 0, ""),
    ({"field": ["宇宙"]}, Filters(), 1, "宇宙"),
    ({"field": ["宇宙", "教育"]}, Filters(fields=("教育",)), 1, "宇宙"),
    ({"field": [""]}, Filters(), 0, ""),
    ({"model": [WISE]}, Filters(models=(WISE,)), 0, ""),
    ({"model": ["wise spending"]}, Filters(models=(WISE,)), 0, ""),
    ({"model": ["謎"]}, Filters(), 1, "謎"),
    ({"fy": ["2021", "2022"]}, Filters(fiscal_years=(2021, 2022)), 0, ""),
    ({"fy": ["２０２１", "FY2022"]}, Filters(fiscal_years=(2021, 2022)), 0, ""),
    ({"fy": ["2022年度", "2022年度"]}, Filters(fiscal_years=(2022, 2022)), 0, ""),
    ({"fy": ["2016", "2024"]}, Filters(), 0, ""),  # the whole range is no filter
    ({"fy": ["abc"]}, Filters(), 1, "abc"),
    ({"fy": ["2022"]}, Filters(fiscal_years=(2022, 2022)), 1, "2022"),
    ({"fy": ["2021", "2022", "2023"]}, Filters(fiscal_years=(2021, 2023)), 1, "2021, 2022, 2023"),
    ({"fy": ["2023", "2021"]}, Filters(fiscal_years=(2021, 2023)), 1, "2023, 2021"),
    ({"fy": ["1900", "9999"]}, Filters(), 1, "1900, 9999"),
    ({"fy": ["1900", "1901"]}, Filters(), 1, "1900, 1901"),
    ({"fy": ["2010", "2020"]}, Filters(fiscal_years=(2016, 2020)), 1, "2010, 2020"),
    ({"fy": ["abc", "2022"]}, Filters(fiscal_years=(2022, 2022)), 2, ""),
    ({"fy": ["-1", "1e9"]}, Filters(), 2, ""),
    ({"fy": ["99999999999999999999", "2022"]}, Filters(fiscal_years=(2022, 2022)), 2, ""),
    ({"q": ["LINE"]}, Filters(keyword="LINE"), 0, ""),
    ({"q": ["(", "[*+?\\"]}, Filters(keyword="( [*+?\\"), 1, ""),
    ({"q": ["x" * 2000]}, Filters(keyword="x" * 200), 1, "200"),  # cut to its limit (#29)
    ({"q": ["ワクチン\u200b"]}, Filters(keyword="ワクチン"), 1, "<U+200B>"),
]


@pytest.mark.parametrize(("params", "expected", "count", "named"), FILTER_CASES)
def test_parse_filters(params, expected, count, named):
    filters, notices = url_state.parse_filters(params, BOUNDS)
    assert filters == expected
    assert len(notices) == count
    for notice in notices:
        for language in ("ja", "en"):
            text = url_state.notice_text(notice, get_locale(language))
            assert named in text
            assert "{" not in text  # every placeholder filled


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(fields=("健康", "産業・人材"), fiscal_years=(2021, 2022)),
        Filters(models=(WISE,), keyword="LINE ワクチン"),
        Filters(fiscal_years=(2022, 2022)),
    ],
)
def test_canonical_values_read_back_to_the_same_filters(filters):
    encoded = url_state.encode_filters(filters)
    assert url_state.parse_filters(encoded, BOUNDS) == (filters, [])


def test_english_labels_are_read_as_the_canonical_japanese():
    english = {"field": ["Health", "Education"], "model": ["Wise spending"]}
    filters, notices = url_state.parse_filters(english, BOUNDS)
    assert notices == []
    assert url_state.encode_filters(filters) == {"field": ["健康", "教育"], "model": [WISE]}


@pytest.mark.parametrize(
    ("raw", "language", "count"),
    [
        ([], "ja", 0),
        (["en"], "en", 0),
        (["EN"], "en", 0),
        (["en-US"], "en", 0),
        (["English"], "en", 0),
        (["ja"], "ja", 0),
        (["日本語"], "ja", 0),
        (["xx"], "ja", 1),
        (["<script>"], "ja", 1),
    ],
)
def test_parse_lang(raw, language, count):
    assert url_state.parse_lang(raw)[0] == language
    assert len(url_state.parse_lang(raw)[1]) == count


@pytest.mark.parametrize(
    ("raw", "scale", "count"),
    [
        ([], "線形", 0),
        (["対数"], "対数", 0),
        (["Log"], "対数", 0),
        (["linear"], "線形", 0),
        (["謎"], "線形", 1),
    ],
)
def test_parse_scale(raw, scale, count):
    assert url_state.parse_scale(raw)[0] == scale
    assert len(url_state.parse_scale(raw)[1]) == count


GROUPS = ("people", "uses", "money")


@pytest.mark.parametrize(
    ("raw", "group", "count"),
    [
        ([], "people", 0),
        (["money"], "money", 0),
        (["Money"], "money", 0),
        (["ＭＯＮＥＹ"], "money", 0),
        (["uses", "money"], "money", 0),  # the last value, as for every parameter
        (["金額"], "people", 1),
        ([""], "people", 1),
    ],
)
def test_parse_group(raw, group, count):
    assert url_state.parse_group(raw, GROUPS)[0] == group
    assert len(url_state.parse_group(raw, GROUPS)[1]) == count


@pytest.mark.parametrize(
    ("raw", "slide", "count"),
    [
        (None, 1, 0),
        ("3", 3, 0),
        ("９", 9, 0),
        ("-1", 1, 1),
        ("0", 1, 1),
        ("999", 9, 1),
        ("abc", 1, 1),
        ("1.5", 1, 1),
        ("99999999999999999999999", 9, 1),
    ],
)
def test_parse_slide(raw, slide, count):
    shown, notices = url_state.parse_slide(raw, 9)
    assert (shown, len(notices)) == (slide, count)
    for notice in notices:
        assert f"slide {slide}" in url_state.notice_text(notice, get_locale("en"))


@pytest.mark.parametrize(
    ("raw", "seconds", "count"),
    [
        (None, None, 0),
        ("30", 30, 0),
        ("0", None, 1),
        ("-5", None, 1),
        ("abc", None, 1),
        ("1", 5, 1),
        ("99999", 3600, 1),
    ],
)
def test_parse_auto(raw, seconds, count):
    shown, notices = url_state.parse_auto(raw, 5, 3600)
    assert (shown, len(notices)) == (seconds, count)


def test_notice_quotes_hostile_text_as_plain_text():
    notice = url_state.parse_fields(["[x](http://evil.example) **b** $x$ :red[r]\n# h" * 3])[1][0]
    assert len(notice.value) <= url_state.SHOWN_VALUE_CHARS + 1  # cut, with …
    assert "\n" not in notice.value
    assert notice.value.startswith("[x](http://evil.example) **b** $x$ :red")  # as typed


def test_english_grammar_of_counts():
    notice = url_state.parse_years(["2021", "2022", "2023"], BOUNDS)[1][0]
    assert url_state.notice_text(notice, get_locale("en")) == (
        "The link gives 3 years (2021, 2022, 2023): showing FY2021–FY2023."
    )
    single = url_state.parse_years(["2022"], BOUNDS)[1][0]
    assert (
        url_state.notice_text(single, get_locale("en"))
        == "The link gives only one year (2022): showing FY2022."
    )


def test_every_notice_has_an_english_row():
    tree = ast.parse(
        (REPO_ROOT / "src" / "dxdash" / "story" / "url_state.py").read_text(encoding="utf-8")
    )
    msgids = {  # every message literal: they all start with URL
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith("URL")
    }
    with i18n.UI_CATALOG.open(encoding="utf-8", newline="") as handle:
        catalog = {row["ja"]: row["en"] for row in csv.DictReader(handle)}
    assert len(msgids) == 22
    assert sorted(msgids - set(catalog)) == []
    for msgid in msgids:  # the same placeholders in both languages
        placeholders = {p.split("}")[0] for p in msgid.split("{")[1:]}
        assert placeholders == {p.split("}")[0] for p in catalog[msgid].split("{")[1:]}


# ---- AppTest: the fuzz list on every page and the deck: never an exception ----

PAGES = [
    None,
    "app_pages/initiatives.py",
    "app_pages/metrics.py",
    "app_pages/gunma_model.py",
    "app_pages/evaluation.py",
    "app_pages/history.py",
]
FUZZ: list[dict[str, str | list[str]]] = [
    {"fy": "abc"},
    {"fy": ["1900", "9999"]},
    {"fy": ["2023", "2021"]},
    {"fy": ["2021", "2022", "2023"]},
    {"field": "宇宙", "model": "謎", "scale": "謎", "group": "謎"},
    {"slide": "-1"},
    {"slide": "999"},
    {"auto": "0"},
    {"lang": "xx"},
    {"snapshot": "../../etc"},
    {"id": "no-such-initiative"},
    {"q": "あ" * 2000},
    {"q": "("},
    {"q": "[*+?\\"},
    {"q": "$x$ **b** [l](http://e.example)"},
]


def _run(page: str | None, params: dict, *, present: bool = False) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    if present:
        at.query_params["present"] = "1"
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def _texts(at: AppTest) -> str:
    """The URL notices on the page (HTML-escaped text in .dx-notice boxes)."""
    return " ".join(h.proto.body for h in at.get("html") if "dx-notice" in h.proto.body)


@pytest.mark.parametrize("params", FUZZ, ids=[repr(p)[:40] for p in FUZZ])
def test_fuzz_list_raises_nothing_on_any_page(params):
    for page in PAGES:
        at = _run(page, params)
        assert not at.exception, (page, [e.value for e in at.exception])


@pytest.mark.parametrize("params", FUZZ, ids=[repr(p)[:40] for p in FUZZ])
def test_fuzz_list_raises_nothing_in_the_deck(params):
    at = _run(None, params, present=True)
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"field": "宇宙"}, "宇宙"),
        ({"model": "謎"}, "謎"),
        ({"fy": "abc"}, "abc"),
        ({"fy": ["1900", "9999"]}, "1900, 9999"),
        ({"field": "<b>x</b>"}, "&lt;b&gt;x&lt;/b&gt;"),
        ({"lang": "xx"}, "xx"),
    ],
)
def test_unknown_values_are_named_on_the_page(params, named):
    at = _run("app_pages/initiatives.py", params)
    assert named in _texts(at)


def test_unknown_scale_is_named_on_the_metrics_page():
    at = _run("app_pages/metrics.py", {"scale": "謎"})
    assert "URLの目盛り「謎」" in _texts(at)


def test_unknown_group_is_named_on_the_metrics_page():
    at = _run("app_pages/metrics.py", {"group": "謎"})
    assert "URLの数値のグループ「謎」はありません。最初のグループを表示しています。" in _texts(at)
    assert "group" not in at.query_params  # the first group: written back as no parameter


@pytest.mark.parametrize(("params", "named"), [({"slide": "999"}, "999"), ({"auto": "0"}, "0")])
def test_unknown_deck_values_are_named_on_the_slide(params, named):
    at = _run(None, params, present=True)
    assert f"「{named}」" in _texts(at)


def test_english_link_value_filters_the_japanese_page():
    japanese = _run("app_pages/initiatives.py", {"field": "健康"})
    english_link = _run("app_pages/initiatives.py", {"field": "Health"})
    assert "**4件**" in japanese.markdown[0].value
    assert "**4件**" in english_link.markdown[0].value
    assert english_link.query_params["field"] == "健康"  # written back in the canonical form
