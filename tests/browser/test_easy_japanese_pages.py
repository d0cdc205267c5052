"""やさしい日本語 in a real Chromium: ?lang=easy draws plain sentences with ふりがな (<ruby>), the
report's figures unchanged, <html lang="ja">; the switch offers it and keeps the filters.
Screenshots: artifacts/screenshots/easy-*.png."""

from __future__ import annotations

import pytest

from tests.browser.conftest import new_page, screenshot, wait_for_app, wait_idle
from tests.browser.test_links import filters_in, query
from tests.browser.test_mobile import OVERFLOW_JS, PHONE

pytestmark = pytest.mark.browser

MAIN = "[data-testid='stMainBlockContainer']"
SIDEBAR = "[data-testid='stSidebar']"
# Every <ruby> on the page with its reading drawn above the text: [text, reading, rt height].
RUBY_JS = """() => [...document.querySelectorAll('ruby')].map(r => {
  const rt = r.querySelector('rt');
  return [r.firstChild.textContent, rt.textContent, rt.getBoundingClientRect().height];
})"""


@pytest.mark.parametrize("size", [(1280, 800), PHONE], ids=["laptop", "phone"])
def test_the_overview_reads_in_easy_japanese_with_its_readings_drawn(browser, app_url, size):
    page = new_page(browser, *size)
    page.goto(f"{app_url}/?lang=easy")
    wait_for_app(page, charts=2)
    assert page.evaluate("document.documentElement.lang") == "ja"
    assert page.evaluate("document.documentElement.dataset.dxReading") == "easy"
    assert page.locator("h1").first.inner_text() == "群馬県の デジタルの とりくみ"
    text = page.locator(MAIN).inner_text()
    for figure in ("89%（見込）", "約180万回", "約80万人"):  # the report's figures, as printed
        assert figure in text
    readings = page.evaluate(RUBY_JS)
    assert ["割合", "わりあい"] in [r[:2] for r in readings]
    assert all(height > 4 for _, _, height in readings), readings  # drawn, not hidden
    assert "《" not in text
    assert "｜" not in text
    assert page.evaluate(OVERFLOW_JS) == []
    screenshot(page, f"easy-overview-{size[0]}")
    assert page.console_errors == []
    page.context.close()


def test_the_switch_offers_easy_japanese_and_keeps_the_filters(page, app_url):
    page.goto(f"{app_url}/metrics?field=健康&fy=2021&fy=2023")
    wait_for_app(page, charts=1)
    before = filters_in(page)
    page.locator(SIDEBAR).get_by_text("やさしい日本語", exact=True).click()
    page.wait_for_function("() => location.search.includes('lang=easy')")
    wait_for_app(page, charts=1)
    assert filters_in(page) == before
    nav = page.locator("[data-testid='stSidebarNav']")
    assert nav.get_by_text("どれだけ つかわれたか", exact=True).is_visible()
    nav.get_by_text("これまでの あゆみ", exact=True).click()  # 推進経過, in easy words
    page.wait_for_url("**/history**")
    wait_for_app(page, charts=1)
    assert query(page)["lang"] == ["easy"]
    assert filters_in(page) == before
    assert page.locator("h1").first.inner_text() == "これまでの あゆみ"
    wait_idle(page)
    page.locator(SIDEBAR).get_by_text("日本語", exact=True).click()
    page.wait_for_function("() => !location.search.includes('lang=')")
    wait_for_app(page, charts=1)
    assert page.locator("h1").first.inner_text() == "推進経過"
    assert page.console_errors == []


def test_a_figure_page_in_easy_japanese(page, app_url):
    page.goto(f"{app_url}/figure?id=line-friends&lang=easy")
    wait_for_app(page)
    text = page.locator(MAIN).inner_text()
    assert "何を 数えたか" in text
    assert "だいたいの 数です。" in text
    assert "約80万人" in text
    assert ["登録", "とうろく"] in [r[:2] for r in page.evaluate(RUBY_JS)]
    screenshot(page, "easy-figure-line-friends")
    assert page.console_errors == []
