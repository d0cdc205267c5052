"""The dashboard in a real Chromium: every page, URL round trips, filters across pages, clicks."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    new_page,
    screenshot,
    start_streamlit,
    stop_streamlit,
    wait_for_app,
    wait_idle,
)

pytestmark = pytest.mark.browser

# URL path → (page title, charts drawn with no filter)
PAGES = {
    "/": ("群馬県 DX推進実績", 2),
    "/initiatives": ("施策一覧", 0),
    "/metrics": ("利用実績", 1),  # the open tab's group
    "/gunma-model": ("群馬モデル", 1),
    "/evaluation": ("外部評価", 1),
    "/history": ("推進経過", 2),
}
FILTERED_QUERY = "?field=教育&fy=2021&fy=2022"


def query(page) -> dict[str, list[str]]:
    """The page's current URL query parameters, decoded."""
    return parse_qs(urlsplit(page.url).query)


def sidebar_summary(page) -> str:
    """The sidebar's 'now showing' text."""
    return page.locator("[data-testid='stSidebar']").inner_text()


def click_mark(page, chart_index: int, aria_text: str) -> None:
    """Click a chart mark by its accessible label (Vega draws SVG with an aria-label per mark)."""
    chart = page.locator("[data-testid='stVegaLiteChart']").nth(chart_index)
    mark = chart.locator(f"g.mark-rect path[aria-label*='{aria_text}']").first
    mark.scroll_into_view_if_needed()
    mark.click()
    wait_idle(page)


@pytest.mark.parametrize(("path", "expected"), list(PAGES.items()), ids=list(PAGES))
def test_every_page_draws_without_console_errors(page, app_url, path, expected):
    title, charts = expected
    page.goto(app_url + path)
    wait_for_app(page, charts=charts)
    assert page.locator("h1").first.inner_text() == title
    assert page.locator("[data-testid='stVegaLiteChart']").count() == charts
    name = "overview" if path == "/" else path.strip("/")
    screenshot(page, f"page-{name}")
    assert page.console_errors == []


@pytest.mark.parametrize("path", list(PAGES), ids=list(PAGES))
def test_url_round_trip(browser, app_url, path):
    """A copied URL opened in a new browser shows the same filtered view."""
    first = new_page(browser)
    first.goto(app_url + path + FILTERED_QUERY)
    wait_for_app(first)
    assert query(first)["field"] == ["教育"]
    assert query(first)["fy"] == ["2021", "2022"]
    summary = sidebar_summary(first)
    assert "分野：教育" in summary
    assert "年度：2021〜2022年度" in summary
    shared_url = first.url
    first.context.close()

    colleague = new_page(browser)
    colleague.goto(shared_url)
    wait_for_app(colleague)
    assert "分野：教育" in sidebar_summary(colleague)
    assert "年度：2021〜2022年度" in sidebar_summary(colleague)
    assert colleague.console_errors == []
    colleague.context.close()


def test_filters_are_kept_when_moving_between_pages(page, app_url):
    page.goto(app_url + "/?field=健康")
    wait_for_app(page, charts=1)  # 健康 has usage figures but no rates
    page.locator("[data-testid='stSidebarNav']").get_by_text("施策一覧").click()
    page.wait_for_url("**/initiatives**")
    wait_for_app(page)
    assert query(page)["field"] == ["健康"]
    assert "分野：健康" in sidebar_summary(page)
    body = page.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert "4件の施策" in body
    page.locator("[data-testid='stSidebarNav']").get_by_text("利用実績").click()
    page.wait_for_url("**/metrics**")
    wait_for_app(page)
    assert query(page)["field"] == ["健康"]
    assert page.console_errors == []


def test_typing_a_keyword_updates_the_view_and_the_url(page, app_url):
    page.goto(app_url + "/initiatives")
    wait_for_app(page)
    box = page.get_by_placeholder("例：LINE、ワクチン、埴輪")
    box.fill("ワクチン")
    box.press("Enter")
    wait_idle(page)
    assert query(page)["q"] == ["ワクチン"]
    assert "3件の施策" in page.locator("[data-testid='stMainBlockContainer']").inner_text()
    page.get_by_role("button", name="すべて解除").click()
    wait_idle(page)
    assert "q" not in query(page)
    assert "41件の施策" in page.locator("[data-testid='stMainBlockContainer']").inner_text()


def test_clicking_a_model_bar_filters_by_that_type(page, app_url):
    page.goto(app_url + "/gunma-model")
    wait_for_app(page, charts=1)
    click_mark(page, 0, "類型: ワイズスペンディング")
    assert query(page)["model"] == ["ワイズスペンディング"]
    assert "群馬モデル：ワイズスペンディング" in sidebar_summary(page)
    screenshot(page, "click-gunma-model")
    assert page.console_errors == []


def test_clicking_a_year_bar_narrows_the_year(page, app_url):
    page.goto(app_url + "/history")
    wait_for_app(page, charts=2)
    click_mark(page, 0, "年度: 2022年度")
    assert query(page)["fy"] == ["2022", "2022"]
    assert "年度：2022年度" in sidebar_summary(page)


def test_clicking_a_usage_bar_opens_the_initiative(page, app_url):
    page.goto(app_url + "/")
    wait_for_app(page, charts=2)
    click_mark(page, 0, "施策: ワクチン接種予約")
    assert query(page)["id"] == ["vaccine-reservation"]
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == "ワクチン接種予約システムを県が開発"
    screenshot(page, "click-usage-opens-detail")
    assert page.console_errors == []


@pytest.mark.slow
def test_detail_deep_link_on_a_fresh_server(browser):
    """A shared detail link works even as the first request a new server gets."""
    process, base = start_streamlit()
    try:
        page = new_page(browser)
        page.goto(base + "/initiatives?id=g-walk&field=健康")
        wait_for_app(page)
        assert page.locator("h1").first.inner_text() == "G-WALK+"
        assert "分野：健康" in sidebar_summary(page)  # the shared sidebar ran: app.py was used
        assert "約5万4千人" in page.locator("[data-testid='stMainBlockContainer']").inner_text()
        screenshot(page, "detail-g-walk")
        page.get_by_role("button", name="← 施策一覧に戻る").click()
        wait_idle(page)
        assert "id" not in query(page)
        assert query(page)["field"] == ["健康"]
        assert page.console_errors == []
        page.context.close()
    finally:
        stop_streamlit(process)


def test_selecting_a_table_row_opens_its_detail(page, app_url):
    page.goto(app_url + "/initiatives?q=LINE")
    wait_for_app(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # The row-selection checkbox column is at the left edge; row 1 is below the header.
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 18)
    wait_idle(page)
    assert query(page).get("id") == ["line-digital-window"]
    assert "約80万人" in page.locator("[data-testid='stMainBlockContainer']").inner_text()


def test_language_switch_in_the_sidebar(page, app_url):
    page.goto(app_url + "/initiatives?field=健康")
    wait_for_app(page)
    page.locator("[data-testid='stSidebar']").get_by_text("English").click()
    page.wait_for_function("() => location.search.includes('lang=en')")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == "Initiatives"
    assert "Field: Health" in sidebar_summary(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    # the chosen 分野 under its English label (the browser kept 「健康」 before relabel_choices)
    tags = sidebar.locator("[data-testid='stMultiSelectTagsContainer']").first
    expect(tags).to_contain_text("Health")
    assert "健康" not in tags.inner_text()
    assert "**" not in sidebar.inner_text()  # "Showing:" in bold, no markup left
    screenshot(page, "page-initiatives-en")
    page.locator("[data-testid='stSidebar']").get_by_text("日本語", exact=True).click()
    page.wait_for_function("() => !location.search.includes('lang=')")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == "施策一覧"
    assert page.console_errors == []


def test_initiatives_table_shows_15_rows_and_cards_on_request(page, app_url):
    """At 1280×800 the 施策一覧 table shows 15 rows within the window without scrolling inside
    it; only the chosen view is drawn, and ?view=cards keeps the choice in the URL."""
    page.goto(app_url + "/initiatives")
    wait_for_app(page)
    grid = page.locator("[data-testid='stDataFrame']")
    grid.first.wait_for()
    box = grid.first.bounding_box()
    assert box["height"] >= 16 * 35  # the header and 15 rows
    assert box["y"] + 16 * 35 <= 800  # … all inside the 1280×800 window
    screenshot(page, "initiatives-table-1280x800")
    main = page.locator("[data-testid='stMain']")
    assert "行を選ぶと詳細を開きます。" in main.inner_text()  # how a row opens, with the table
    assert page.get_by_role("button", name="詳細").count() == 0  # the cards are not drawn
    page.locator(".st-key-initiatives_view").get_by_text("カード", exact=True).click()
    page.wait_for_function("() => location.search.includes('view=cards')")
    wait_for_app(page)
    assert page.get_by_role("button", name="詳細").count() == 41
    assert grid.count() == 0
    assert "行を選ぶ" not in main.inner_text()  # cards open with their 詳細 button
    screenshot(page, "initiatives-cards-1280x800")
    page.get_by_role("button", name="詳細").first.click()
    wait_idle(page)
    assert "id" in query(page)
    assert page.console_errors == []
