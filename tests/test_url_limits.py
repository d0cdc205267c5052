"""URL values within limits before any work, every ignored value named, invisible characters shown.

Issue #29 (a second adversarial pass): a 60,000-character ``?q=`` held a core for 44 s, an
unknown or repeated ``?view=`` and parameters a page does not use passed silently, and a bidi
control in a link (U+202E) was echoed raw in a notice. Table-driven on the pure codec.
"""

from __future__ import annotations

import time

import pandas as pd
import pytest

from dxdash.locale import get_locale
from dxdash.story import url_state
from dxdash.story.filters import Filters, filter_initiatives, keyword_terms

BOUNDS = (2016, 2024)


def _texts(notices: list[url_state.Notice]) -> list[str]:
    """Every notice in both languages, with each placeholder filled (checked here)."""
    texts = [
        url_state.notice_text(n, get_locale(language)) for n in notices for language in ("ja", "en")
    ]
    assert not [t for t in texts if "{" in t], texts
    return texts


# ---- lengths and counts, before any work ----


@pytest.mark.parametrize(
    ("params", "expected", "named"),
    [
        ({"q": ["a" * 60_000]}, {"q": ["a" * 200]}, "「q」は200文字まで"),
        ({"q": ["あ" * 201]}, {"q": ["あ" * 200]}, "（201文字）"),
        ({"q": ["a" * 200]}, {"q": ["a" * 200]}, None),  # at the limit: untouched
        ({"id": ["x" * 5000]}, {"id": ["x" * 100]}, "「id」は100文字まで"),
        ({"snapshot": ["s" * 101]}, {"snapshot": ["s" * 100]}, "「snapshot」は100文字まで"),
        ({"field": ["宇" * 1000]}, {"field": ["宇" * 100]}, "「field」は100文字まで"),
        ({"field": ["教育"] * 5000}, {"field": ["教育"] * 20}, "5000個あります。最初の20個"),
        ({"fy": ["2021"] * 30}, {"fy": ["2021"] * 20}, "「fy」の値が30個"),
        ({"view": ["cards", "table"]}, {"view": ["table"]}, "最後の「table」"),
        ({"lang": ["en", "ja", "en"]}, {"lang": ["en"]}, "「lang」が3個"),
        ({"slide": ["1", "9" * 500]}, {"slide": ["9" * 100]}, "「slide」は100文字まで"),
        ({"field": ["教育", "行政"], "fy": ["2021", "2023"]}, None, None),  # nothing to do
    ],
)
def test_bound_params_cuts_before_any_work_and_says_so(params, expected, named):
    bounded, notices = url_state.bound_params(params)
    assert bounded == (params if expected is None else expected)
    if named is None:
        assert notices == []
    else:
        assert any(named in text for text in _texts(notices)), _texts(notices)
        assert all(len(text) < 300 for text in _texts(notices))  # a notice quotes, cut


def test_bound_params_is_fast_on_the_largest_query_a_server_takes():
    params = {f"k{i}": ["v" * 10] for i in range(6000)} | {"q": ["a " * 50_000]}
    started = time.perf_counter()
    bounded, _ = url_state.bound_params(params)
    assert time.perf_counter() - started < 1.0  # generous: it is a few milliseconds
    assert len(bounded["q"][0]) == url_state.MAX_KEYWORD_CHARS


def test_the_english_notices_read_as_english():
    notices = url_state.bound_params({"q": ["a" * 300], "view": ["cards", "table"]})[1]
    assert url_state.notice_text(notices[0], get_locale("en")) == (
        "The link’s “q” holds 300 characters, more than the 200 allowed: using the first 200."
    )
    assert url_state.notice_text(notices[1], get_locale("en")) == (
        "The link gives 2 values of “view” (cards, table): using the last, “table”."
    )


# ---- parameters a page does not use ----


@pytest.mark.parametrize(
    ("page", "presenting", "params", "named"),
    [
        ("history", False, {"view": ["cards", "table"]}, "view=cards, view=table"),
        ("", False, {"scale": ["対数"]}, "scale=対数"),
        ("", False, {"slide": ["3"]}, "slide=3"),  # a slide without the deck
        ("initiatives", False, {"group": ["money"], "foo": ["1"]}, "group=money, foo=1"),
        ("metrics", False, {"scale": ["対数"], "group": ["money"]}, None),
        ("initiatives", False, {"id": ["g-walk"], "view": ["cards"]}, None),
        ("metrics", True, {"slide": ["2"], "auto": ["30"], "scale": ["対数"]}, None),
        ("", False, {"field": ["教育"], "fy": ["2021"], "q": ["x"], "lang": ["en"]}, None),
        ("", False, {"snapshot": ["abc"], "present": ["0"], "model": ["謎"]}, None),
        # Streamlit's own parameters and the tracking tags that sharing adds: not the app's
        ("", False, {"embed": ["true"], "embed_options": ["light_theme"]}, None),
        ("", False, {"utm_source": ["line"], "fbclid": ["x"], "gclid": ["y"]}, None),
    ],
)
def test_parameters_a_page_does_not_use_are_named(page, presenting, params, named):
    notices = url_state.unused_params(params, page, presenting=presenting)
    if named is None:
        assert notices == []
    else:
        assert len(notices) == 1
        texts = _texts(notices)
        assert f"「{named}」" in texts[0], texts
        assert f"“{named}”" in texts[1], texts


def test_thousands_of_unknown_parameters_are_one_short_notice():
    params = {f"k{i}": ["v"] for i in range(5000)}
    (notice,) = url_state.unused_params(params, "", presenting=False)
    assert len(url_state.notice_text(notice, get_locale("ja"))) < 200


# ---- the 表 / カード switch and the deck switch ----


@pytest.mark.parametrize(
    ("raw", "view", "count"),
    [
        ([], "table", 0),
        (["table"], "table", 0),
        (["cards"], "cards", 0),
        (["Cards"], "cards", 0),
        (["カード"], "cards", 0),
        (["表"], "table", 0),
        (["<script>"], "table", 1),
        (["謎"], "table", 1),
    ],
)
def test_parse_view(raw, view, count):
    shown, notices = url_state.parse_view(raw)
    assert (shown, len(notices)) == (view, count)
    for text in _texts(notices):
        assert raw[-1] in text


@pytest.mark.parametrize(
    ("raw", "presenting", "count"),
    [
        ([], False, 0),
        (["1"], True, 0),
        (["true"], True, 0),
        (["0"], False, 0),
        (["off"], False, 0),
        (["abc"], False, 1),
    ],
)
def test_parse_present(raw, presenting, count):
    shown, notices = url_state.parse_present(raw)
    assert (shown, len(notices)) == (presenting, count)


# ---- invisible characters: never echoed raw ----


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\u202e", "<U+202E>"),
        ("ab\u200bcd", "ab<U+200B>cd"),
        ("\u2066x\u2069", "<U+2066>x<U+2069>"),
        ("\u2067\u2068", "<U+2067><U+2068>"),
        ("\ufeffbom", "<U+FEFF>bom"),
        ("nul\x00", "nul<U+0000>"),
        ("line\nbreak", "line<U+000A>break"),
        ("sep\u2028", "sep<U+2028>"),
        ("普通の文字　と space", "普通の文字　と space"),  # ordinary spaces stay
    ],
)
def test_shown_value_names_invisible_characters(raw, shown):
    assert url_state.shown_value(raw) == shown


def test_shown_value_cuts_long_text_after_naming_characters():
    shown = url_state.shown_value("\u200b" * 100)
    assert shown.endswith("…")
    assert len(shown) <= url_state.SHOWN_VALUE_CHARS + 1
    assert "<U+200B>" in shown
    assert not shown.endswith("<U+200B…")
    assert "\u200b" not in shown


def test_an_invisible_scale_is_named_visibly():
    (notice,) = url_state.parse_scale(["\u202e"])[1]
    assert "「<U+202E>」" in url_state.notice_text(notice, get_locale("ja"))


def test_invisible_characters_in_the_keyword_are_dropped_and_named():
    filters, notices = url_state.parse_filters({"q": ["ワクチン\u200b\u202e"]}, BOUNDS)
    assert filters == Filters(keyword="ワクチン")
    (text, _english) = _texts(notices)
    assert "<U+200B>" in text
    assert "<U+202E>" in text
    assert "\u200b" not in text
    assert "\u202e" not in text


# ---- the search: linear in the text, whatever the keyword ----


def test_keyword_terms_are_unique():
    assert keyword_terms("a a　A ａ b a") == ["a", "b"]
    assert len(keyword_terms(" ".join(["x"] * 10_000))) == 1


def test_a_keyword_of_many_distinct_terms_is_cut_before_searching():
    filters, notices = url_state.parse_filters(
        {"q": [" ".join(f"w{i}" for i in range(20_000))]}, BOUNDS
    )
    assert len(filters.keyword) <= url_state.MAX_KEYWORD_CHARS
    assert notices
    frame = pd.DataFrame({"search_text": ["w1 w2"] * 40, "field": ["教育"] * 40})
    frame["initiative_id"] = range(40)
    started = time.perf_counter()
    filter_initiatives(frame, filters)
    assert time.perf_counter() - started < 2.0  # was ~0.5 ms a term: 20,000 terms took 10 s
