"""Shared links in a real Chromium: the same view in either language, filters kept on a language
switch, unknown values named on the page, and no query string that breaks a page or the deck."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.browser.conftest import new_page, screenshot, wait_for_app, wait_idle

pytestmark = pytest.mark.browser

PAGES = ["/", "/initiatives", "/metrics", "/gunma-model", "/evaluation", "/history"]
# The same view written by the Japanese page (canonical) and by hand with the English labels.
JAPANESE_LINK = "field=教育&field=行政&fy=2021&fy=2023"
ENGLISH_LINK = "field=Education&field=administration&fy=2021&fy=2023&lang=en"
CANONICAL = {"field": ["教育", "行政"], "fy": ["2021", "2023"]}
MAIN = "[data-testid='stMainBlockContainer']"


def query(page) -> dict[str, list[str]]:
    """The page's current URL query parameters, decoded."""
    return parse_qs(urlsplit(page.url).query)


def filters_in(page) -> dict[str, list[str]]:
    """The filter parameters of the page's URL (language and others left out)."""
    return {k: v for k, v in query(page).items() if k in ("field", "fy", "model", "q")}


KEYED_CHARTS_JS = """() => [...document.querySelectorAll('[class*="st-key-"]')]
  .filter(e => [...e.classList].some(c => /^st-key-(?!dx_slot_).*_chart$/.test(c)))
  .filter(e => e.checkVisibility({visibilityProperty: true})).length"""  # not a chart on standby (hidden)


def view_shape(page) -> list[int]:
    """What the page shows, independent of its language: charts, chart marks, initiative cards.
    Chart containers carry their key at once; their drawing is awaited before marks are counted."""
    charts = page.evaluate(KEYED_CHARTS_JS)
    wait_for_app(page, charts=charts)
    return page.evaluate(
        """() => [
          [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
            .filter(c => c.checkVisibility({visibilityProperty: true})).length,
          document.querySelectorAll('[data-testid="stVegaLiteChart"] path[aria-roledescription]').length,
          document.querySelectorAll('[class*="st-key-initiatives_card_"]').length,
        ]"""
    )


def initiative_count(page) -> int:
    """The number in 「N件の施策」 / "N initiatives" on the 施策一覧 page."""
    text = page.locator(MAIN).inner_text()
    match = re.search(r"(\d+)\s*(?:件の施策|initiatives?)", text)
    assert match, text[:300]
    return int(match.group(1))


def open_view(browser, url: str, path: str) -> dict:
    """Open `url` in a fresh browser context (a colleague's browser) and read what it shows."""
    page = new_page(browser)
    try:
        page.goto(url)
        wait_for_app(page)
        return {
            "shape": view_shape(page),
            "count": initiative_count(page) if path == "/initiatives" else None,
            "filters": filters_in(page),
            "lang": query(page).get("lang"),
            "html_lang": page.evaluate("document.documentElement.lang"),
            "sidebar": page.locator("[data-testid='stSidebar']").inner_text(),
            "url_notices": page.locator(".dx-notice").all_inner_texts(),
            "errors": page.console_errors,
        }
    finally:
        page.context.close()


@pytest.mark.parametrize("path", PAGES)
def test_a_link_shows_the_same_view_in_either_language(browser, app_url, path):
    """A link made in Japanese opened in English, and one written in English opened in
    Japanese, show the same rows; both URLs settle on the canonical Japanese values."""
    japanese = open_view(browser, f"{app_url}{path}?{JAPANESE_LINK}", path)
    in_english = open_view(browser, f"{app_url}{path}?{JAPANESE_LINK}&lang=en", path)
    english_words = open_view(browser, f"{app_url}{path}?{ENGLISH_LINK}", path)
    english_in_japanese = open_view(
        browser, f"{app_url}{path}?{ENGLISH_LINK.replace('&lang=en', '')}", path
    )
    for view in (japanese, in_english, english_words, english_in_japanese):
        assert view["filters"] == CANONICAL  # the URL settles on the canonical values
        assert (view["shape"], view["count"]) == (japanese["shape"], japanese["count"])
        assert view["url_notices"] == []
        assert view["errors"] == []
    for view in (in_english, english_words):
        assert view["lang"] == ["en"]
        assert view["html_lang"] == "en"
        assert "Fields: Education and Administration" in view["sidebar"]
    assert "分野：教育、行政" in english_in_japanese["sidebar"]
    assert english_in_japanese["html_lang"] == "ja"


def test_field_link_both_ways_on_the_initiatives_page(page, app_url):
    """The issue's example: ?field=健康 is 4 initiatives in Japanese, and in English."""
    for link in ("field=健康", "field=健康&lang=en", "field=Health", "field=health&lang=en"):
        page.goto(f"{app_url}/initiatives?{link}")
        wait_for_app(page)
        assert initiative_count(page) == 4, link
        assert filters_in(page) == {"field": ["健康"]}
    assert page.console_errors == []


def test_switching_language_keeps_every_filter(page, app_url):
    link = "field=健康&field=教育&fy=2021&fy=2022&q=ワクチン"
    page.goto(f"{app_url}/initiatives?{link}")
    wait_for_app(page)
    before, count = filters_in(page), initiative_count(page)
    page.locator("[data-testid='stSidebar']").get_by_text("English").click()
    page.wait_for_function("() => location.search.includes('lang=en')")
    wait_for_app(page)
    assert filters_in(page) == before
    assert initiative_count(page) == count
    assert page.evaluate("document.documentElement.lang") == "en"
    # moving to another page keeps the language and the filters
    page.locator("[data-testid='stSidebarNav']").get_by_text("Timeline", exact=True).click()
    page.wait_for_url("**/history**")
    wait_for_app(page)
    assert query(page)["lang"] == ["en"]
    assert filters_in(page) == before
    assert page.locator("h1").first.inner_text() == "Timeline"
    page.locator("[data-testid='stSidebar']").get_by_text("日本語", exact=True).click()
    page.wait_for_function("() => !location.search.includes('lang=')")
    wait_for_app(page)
    assert filters_in(page) == before
    assert page.evaluate("document.documentElement.lang") == "ja"
    assert page.console_errors == []


def test_a_filter_changed_in_english_writes_the_canonical_value(page, app_url):
    page.goto(f"{app_url}/gunma-model?lang=en")
    wait_for_app(page, charts=1)
    page.locator("[data-testid='stSidebar']").get_by_text("Wise spending").click()
    wait_idle(page)
    assert query(page)["model"] == ["ワイズスペンディング"]
    page.goto(app_url + "/gunma-model?" + urlsplit(page.url).query.replace("lang=en", ""))
    wait_for_app(page, charts=1)
    assert (
        "群馬モデル：ワイズスペンディング" in page.locator("[data-testid='stSidebar']").inner_text()
    )


def test_scale_link_works_in_both_languages(page, app_url):
    page.goto(f"{app_url}/metrics?scale=Log&group=counts")  # 件数 spans 6,000本 to 2件
    wait_for_app(page, charts=1)
    assert query(page)["scale"] == ["対数"]
    assert "目盛り：対数" in page.locator(MAIN).inner_text()
    page.goto(f"{app_url}/metrics?scale=対数&group=counts&lang=en")
    wait_for_app(page, charts=1)
    assert "scale: log" in page.locator(MAIN).inner_text()


def _open_tab(page) -> str:
    return page.locator("[role='tab'][aria-selected='true']").inner_text()


def test_group_tab_link_works_in_both_languages_and_a_click_writes_it(page, app_url):
    """利用実績's tab is in the link (?group=money, the same in either language); a click on
    another tab draws that group and writes its key; a filter change keeps the tab and
    updates its chart in place (the same Vega view element before and after)."""
    page.goto(f"{app_url}/metrics?group=money")
    wait_for_app(page, charts=1)
    assert _open_tab(page) == "金額（円）"
    assert "金額（円）" in page.locator("h3.dx-section-title").inner_text()
    page.goto(f"{app_url}/metrics?group=MONEY&lang=en")
    wait_for_app(page, charts=1)
    assert _open_tab(page) == "Money (yen)"
    assert query(page)["group"] == ["money"]  # written back in the canonical form
    page.get_by_role("tab", name="Rates (%)").click()
    page.wait_for_function(
        "() => document.querySelector('h3.dx-section-title')?.textContent === 'Rates (%)'"
    )
    wait_for_app(page, charts=1)
    assert query(page)["group"] == ["rates"]
    assert query(page)["lang"] == ["en"]
    page.evaluate(
        "() => { window.__dxView = document.querySelector(\"[data-testid='stVegaLiteChart'] svg\"); }"
    )
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Model for other municipalities").click()  # 2 of the 7 rates stay
    wait_idle(page)
    wait_for_app(page, charts=1)
    assert query(page)["model"] == ["他自治体の見本"]
    assert query(page)["group"] == ["rates"]
    assert _open_tab(page) == "Rates (%)"
    assert "Figures per group:" in page.locator(MAIN).inner_text()
    same = (
        "() => document.querySelector(\"[data-testid='stVegaLiteChart'] svg\") === window.__dxView"
    )
    assert page.evaluate(same)  # updated in place, not embedded anew
    screenshot(page, "metrics-group-tabs-en")
    assert page.console_errors == []


UNKNOWN = [
    ("/initiatives?field=宇宙", "宇宙"),
    ("/initiatives?model=謎", "謎"),
    ("/history?fy=abc", "abc"),
    ("/history?fy=2022", "2022"),
    ("/history?fy=2021&fy=2022&fy=2023", "2021, 2022, 2023"),
    ("/?fy=2023&fy=2021", "2023, 2021"),
    ("/?fy=1900&fy=9999", "1900, 9999"),
    ("/metrics?scale=謎", "謎"),
    ("/metrics?group=謎", "謎"),
    ("/evaluation?lang=xx", "xx"),
    ("/initiatives?id=no-such-initiative", "no-such-initiative"),
    ("/?present=1&slide=999", "999"),
    ("/?present=1&slide=-1", "-1"),
    ("/?present=1&auto=0", "0"),
    ("/?present=1&auto=abc", "abc"),
    # issue #29: the last silent values, and invisible characters shown by name
    ("/initiatives?view=%3Cscript%3E", "<script>"),
    ("/initiatives?view=cards&view=table", "table"),
    ("/history?view=cards&view=table", "view=cards, view=table"),
    ("/metrics?scale=%E2%80%AE", "<U+202E>"),
    ("/?field=%E2%80%8B", "<U+200B>"),
    ("/?present=abc", "abc"),
    ("/?q=" + "a" * 300, "q"),
]


@pytest.mark.parametrize(("path", "named"), UNKNOWN, ids=[p for p, _ in UNKNOWN])
def test_unknown_values_are_named_on_the_page(page, app_url, path, named):
    page.goto(app_url + path)
    ready = ".st-key-deck_nav" if "present=1" in path else "h1"
    wait_for_app(page, ready="[data-testid='stAlert']" if "id=" in path else ready)
    warnings = page.locator(".dx-notice, [data-testid='stAlert']").all_inner_texts()
    assert any(f"「{named}」" in w for w in warnings), warnings
    assert page.console_errors == []


def test_unknown_values_are_named_in_english(page, app_url):
    page.goto(app_url + "/initiatives?field=宇宙&fy=2023&fy=2021&lang=en")
    wait_for_app(page)
    text = " ".join(page.locator(".dx-notice").all_inner_texts())
    assert "The link’s field “宇宙” does not exist, so it was left out." in text
    assert "The link’s years “2023, 2021” are in reverse order: showing FY2021–FY2023." in text
    screenshot(page, "links-unknown-values-en")


def test_hostile_url_text_is_shown_as_text(page, app_url):
    hostile = "[evil](http://evil.example) **bold** $x^2$ :red[red] ![i](http://evil.example/i.png)"
    page.goto(app_url + "/initiatives?field=" + quote(hostile))
    wait_for_app(page)
    notice = page.locator(".dx-notice").first
    assert "[evil](http://evil.example) **bold** $x^" in notice.inner_text()  # as typed, cut
    assert notice.locator("a, img, strong, .katex").count() == 0
    screenshot(page, "links-hostile-value")


# The longest query string Streamlit's server (uvicorn) takes on a kept-alive connection: a
# request line of about 64 KB (a new connection takes about 128 KB; the browser reuses them).
LONGEST_QUERY = "q=" + quote(" ".join(f"w{i}" for i in range(7_400)))  # 60 KB, distinct terms
FUZZ = [
    "fy=abc",
    "fy=1900&fy=9999",
    "slide=-1",
    "slide=999",
    "auto=0",
    "lang=xx",
    "snapshot=../../etc",
    "q=" + "あ" * 2000,
    "q=(",
    "q=" + quote("[*+?\\"),
    "field=" + quote("宇宙") + "&model=" + quote("謎") + "&scale=" + quote("謎"),
    "fy=" + "9" * 40 + "&slide=" + "9" * 40 + "&auto=" + "9" * 40,
    # issue #29: a 60 KB keyword of distinct terms (it held a core for tens of seconds),
    # 990 repeated values, bidi controls in a value and in a name
    LONGEST_QUERY,
    "field=" + "&field=".join(["教育"] * 990),  # Streamlit drops a query of over 1,000 fields
    "scale=%E2%80%AE&lang=%E2%81%A6en%E2%81%A9&%E2%80%AEx=1&view=%EF%BB%BF",
]


@pytest.mark.parametrize("fuzz", FUZZ, ids=[f[:24] for f in FUZZ])
def test_fuzz_list_raises_nothing(page, app_url, fuzz):
    """Each query string on a page (in turn) and on the deck: no exception box, no console error."""
    path = PAGES[FUZZ.index(fuzz) % len(PAGES)]
    for url, ready in ((f"{path}?{fuzz}", "h1"), (f"/?present=1&{fuzz}", ".st-key-deck_nav")):
        page.goto(app_url + url)
        wait_for_app(page, ready=ready)
        assert page.locator("[data-testid='stException']").count() == 0, url
    assert page.console_errors == []


def _seconds_to_show(page, url: str, ready: str) -> float:
    """Seconds from opening `url` to the page drawn and idle (wait_for_app's own 0.5 s pause
    for fonts is taken off)."""
    started = time.monotonic()
    page.goto(url)
    wait_for_app(page, ready=ready, timeout=120_000)
    return time.monotonic() - started - 0.5


@pytest.mark.slow
def test_the_longest_query_a_server_takes_costs_about_nothing(page, app_url):
    """Issue #29: a 60,000-character ?q= held a core for 44 s. Now every page and the deck
    answers the largest query string the server accepts about as fast as without it (the
    bound is loose on purpose: this guards the cut, bench/ is where speed is measured)."""
    slower = {}
    for path, ready in [(p, "h1") for p in PAGES] + [("/?present=1&slide=3", ".st-key-deck_nav")]:
        joiner = "&" if "?" in path else "?"
        plain = _seconds_to_show(page, app_url + path, ready)
        hostile = _seconds_to_show(page, app_url + path + joiner + LONGEST_QUERY, ready)
        notices = " ".join(page.locator(".dx-notice").all_inner_texts())
        assert "「q」は200文字までです" in notices, (path, notices)
        slower[path] = round(hostile - plain, 2)
    print("seconds slower with a 60 KB query string:", slower)
    assert max(slower.values()) < 3.0, slower
    assert page.console_errors == []


def test_deck_keeps_the_canonical_filters_while_moving(page, app_url):
    page.goto(app_url + "/?present=1&slide=1&field=Education&field=administration&lang=en")
    wait_for_app(page, ready=".st-key-deck_nav")
    assert filters_in(page) == {"field": ["教育", "行政"]}
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('slide=2')")
    wait_idle(page)
    assert filters_in(page) == {"field": ["教育", "行政"]}
    assert query(page)["lang"] == ["en"]
    assert page.evaluate("document.documentElement.lang") == "en"
