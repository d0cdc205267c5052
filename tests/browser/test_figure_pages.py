"""A figure's page in a real Chromium: reached from a card, it says what the figure counts and
links back to its initiative; the index lists every figure; both languages; a phone."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from dxdash.data.dataset import load_dataset
from tests.browser.conftest import new_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser

MAIN = "[data-testid='stMainBlockContainer']"


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_from_a_card_to_its_definition_and_on_to_its_initiative_and_back(page, app_url):
    page.goto(app_url + "/")
    wait_for_app(page, charts=2)
    link = page.get_by_role("link", name="この数値について：LINE「群馬県デジタル窓口」友だち")
    link.click()
    page.wait_for_url("**/figure?id=line-friends")
    wait_for_app(page)
    main = page.locator(MAIN)
    assert "友だち登録数" in main.locator("h1").inner_text()
    facts = main.locator("dl.dx-facts").inner_text()
    for expected in ("数えているもの", "約80万人", "2023年10月", "「約」", "出典", "3."):
        assert expected in facts, (expected, facts)
    assert page.evaluate("document.documentElement.lang") == "ja"
    screenshot(page, "figure_line_friends_ja")

    main.locator("dl.dx-facts a").click()  # its initiative
    page.wait_for_url("**/initiatives?id=line-digital-window")
    wait_for_app(page)
    assert "群馬県デジタル窓口" in page.locator(MAIN).locator("h1").inner_text()
    # the initiative's own card links to the same figure page
    back = page.get_by_role("link", name="この数値について：友だち登録数")
    assert back.get_attribute("href") == "figure?id=line-friends"

    page.go_back()
    page.wait_for_url("**/figure?id=line-friends")
    wait_for_app(page)
    assert "友だち登録数" in page.locator(MAIN).locator("h1").inner_text()


def test_the_english_page_is_english_and_keeps_the_language_in_its_links(page, app_url):
    page.goto(app_url + "/?lang=en")
    wait_for_app(page, charts=2)
    page.locator('a.dx-card-link[href*="line-friends"]').click()
    page.wait_for_url("**/figure?**")
    wait_for_app(page)
    assert _query(page)["lang"] == ["en"]
    assert page.evaluate("document.documentElement.lang") == "en"
    facts = page.locator(MAIN).locator("dl.dx-facts").inner_text()
    assert "What it counts" in facts
    assert "What the qualifier means" in facts
    initiative = page.locator(MAIN).locator("dl.dx-facts a").get_attribute("href")
    assert initiative.endswith("&lang=en")
    screenshot(page, "figure_first_card_en")


def test_the_index_lists_every_figure_and_opens_one(page, app_url):
    page.goto(app_url + "/figure")
    wait_for_app(page)
    links = page.locator(".dx-figure-index a")
    assert links.count() == len(load_dataset().metrics)
    screenshot(page, "figure_index_ja")
    page.locator(".dx-figure-index a", has_text="インストール数").click()
    page.wait_for_url("**/figure?id=**")
    wait_for_app(page)
    assert "インストール数" in page.locator(MAIN).locator("h1").inner_text()


def test_an_unknown_figure_is_named_and_the_index_shown(page, app_url):
    page.goto(app_url + "/figure?id=no-such-figure")
    wait_for_app(page)
    text = page.locator(MAIN).inner_text()
    assert "数値「no-such-figure」は見つかりません" in text
    assert page.locator(".dx-figure-index a").count() == len(load_dataset().metrics)


def test_a_figure_page_on_a_phone(browser, app_url):
    phone = new_page(browser, width=390, height=844)
    try:
        phone.goto(app_url + "/figure?id=line-friends")
        wait_for_app(phone)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390  # nothing wider than the screen
        screenshot(phone, "figure_line_friends_phone")
    finally:
        phone.context.close()


def test_a_tables_definition_link_opens_the_figures_page_in_a_new_tab(page, app_url):
    """表で見る's 数値の定義 column: each row's link (a canvas grid: found by its pointer cursor)."""
    page.goto(app_url + "/")
    wait_for_app(page, charts=2)
    page.get_by_text("表で見る・ダウンロード").first.click()
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for()
    page.wait_for_timeout(500)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    row_y = box["y"] + 55  # the first row, under the header
    canvas = grid.locator("canvas").first
    link_x = None
    for x in range(int(box["x"]) + 10, int(box["x"] + box["width"]) - 10, 15):
        page.mouse.move(x, row_y)
        page.wait_for_timeout(30)
        if canvas.evaluate("c => getComputedStyle(c).cursor") == "pointer":
            link_x = x
            break
    assert link_x is not None, "no link cell in the first row"
    with page.context.expect_page(timeout=15_000) as opened:
        page.mouse.click(link_x, row_y)
    figure = opened.value
    figure.wait_for_url("**/figure?id=*")
    wait_for_app(figure)
    assert "予約受付" in figure.locator(MAIN).locator("h1").inner_text()
    assert page.url.rstrip("/") == app_url.rstrip("/")  # the dashboard stays in its own tab
    assert page.console_errors == []
