"""Presentation mode in a real Chromium: every slide at 1920×1080, 1280×720 and 1024×768."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from dxdash.render.slides.present import SLIDES
from tests.browser.conftest import new_page, screenshot, wait_for_app

DECK_READY = ".st-key-deck_nav"

pytestmark = pytest.mark.browser

SIZES = [(1920, 1080), (1280, 720), (1024, 768)]
MIN_BODY_PX = 24
MIN_CHART_PX = 18
MIN_KPI_PX = 64
MANY_KPI_PX = 48

# Measures the slide as the back of the room sees it; returns a list of problems.
LAYOUT_PROBLEMS_JS = """
({minBody, minChart}) => {
  const problems = [];
  const vw = window.innerWidth, vh = window.innerHeight;
  const main = document.querySelector('[data-testid="stMain"]');
  const root = document.scrollingElement;
  if (root.scrollHeight > root.clientHeight + 1 || root.scrollWidth > root.clientWidth + 1)
    problems.push(`page scrolls: ${root.scrollWidth}x${root.scrollHeight} in ${vw}x${vh}`);
  for (const el of [main, main.querySelector('[data-testid="stMainBlockContainer"]')]) {
    if (el && el.scrollHeight > el.clientHeight + 1)
      problems.push(`${el.dataset.testid} overflows: ${el.scrollHeight} > ${el.clientHeight}`);
  }
  const nav = document.querySelector('.st-key-deck_nav');
  const navTop = nav ? nav.getBoundingClientRect().top : vh;
  const visible = el => {
    const r = el.getBoundingClientRect();
    return r.width > 2 && r.height > 2 && el.checkVisibility({visibilityProperty: true})
      && !el.closest('.st-key-deck_keys');
  };
  const texts = [...main.querySelectorAll('*')].filter(el =>
    [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) && visible(el));
  for (const el of texts) {
    const r = el.getBoundingClientRect();
    const label = el.textContent.trim().slice(0, 30);
    if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1)
      problems.push(`outside the viewport: "${label}" ${JSON.stringify(r)}`);
    if (!el.closest('.st-key-deck_nav') && r.bottom > navTop + 1)
      problems.push(`hidden behind the navigation bar: "${label}"`);
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible')
      problems.push(`text cut off: "${label}"`);
    const isSvg = el instanceof SVGElement;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (isSvg && size < minChart) problems.push(`chart text ${size}px < ${minChart}: "${label}"`);
    if (!isSvg && size < minBody) problems.push(`text ${size}px < ${minBody}: "${label}"`);
  }
  // Text inside a card must fit its card (a number wider than its card is cut for the room).
  for (const card of main.querySelectorAll('.dx-deck-card')) {
    const box = card.getBoundingClientRect();
    for (const el of card.querySelectorAll('div, span')) {
      const r = el.getBoundingClientRect();
      if (r.right > box.right + 1 || el.scrollWidth > el.clientWidth + 1)
        problems.push(`card content cut: "${el.textContent.trim().slice(0, 20)}"`);
    }
  }
  return problems;
}
"""

KPI_SIZES_JS = """
() => [...document.querySelectorAll('.dx-deck-card .number')]
        .map(el => parseFloat(getComputedStyle(el).fontSize))
"""


def slide_of(page) -> int:
    return int(parse_qs(urlsplit(page.url).query)["slide"][0])


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_slide_fits_and_reads_from_the_back(browser, app_url, width, height, lang):
    page = new_page(browser, width, height)
    problems = {}
    suffix = "&lang=en" if lang == "en" else ""
    for number, slide in enumerate(SLIDES, start=1):
        page.goto(f"{app_url}/?present=1&slide={number}{suffix}")
        wait_for_app(page, ready=DECK_READY)
        page.wait_for_function(
            "t => document.body.innerText.includes(t)", arg=f"{number} / {len(SLIDES)}"
        )
        page.wait_for_timeout(300)
        screenshot(page, f"slide-{number}-{slide.key}-{width}x{height}-{lang}")
        found = page.evaluate(
            LAYOUT_PROBLEMS_JS, {"minBody": MIN_BODY_PX, "minChart": MIN_CHART_PX}
        )
        if found:
            problems[f"{number} {slide.key}"] = found
        if slide.key in ("title", "summary", "headline"):
            sizes = page.evaluate(KPI_SIZES_JS)
            assert sizes, "the cover, the summary and the headline usage show numbers"
            # six cards in two rows (headline) are set at 48 px so both rows fit 1024×768
            assert min(sizes) >= (MIN_KPI_PX if slide.key != "headline" else MANY_KPI_PX)
    assert problems == {}
    assert page.console_errors == []
    page.context.close()


@pytest.mark.parametrize(
    ("key", "expected_after"),
    [
        pytest.param("ArrowRight", 3, id="right"),
        pytest.param("PageDown", 3, id="pagedown"),
        pytest.param("Space", 3, id="space"),
        pytest.param("ArrowLeft", 1, id="left"),
        pytest.param("PageUp", 1, id="pageup"),
    ],
)
def test_clicker_keys_move_slides(page, app_url, key, expected_after):
    page.goto(f"{app_url}/?present=1&slide=2")
    wait_for_app(page, ready=DECK_READY)
    page.mouse.click(8, 8)  # focus the page, not a widget
    page.wait_for_timeout(800)  # let the buttons register their keyboard shortcuts
    page.keyboard.press(key)
    page.wait_for_function(
        "n => new URLSearchParams(location.search).get('slide') === String(n)",
        arg=expected_after,
        timeout=20_000,
    )
    assert slide_of(page) == expected_after


def test_on_screen_buttons_and_counter(page, app_url):
    page.goto(f"{app_url}/?present=1&slide=1&field=教育")
    wait_for_app(page, ready=DECK_READY)
    assert f"1 / {len(SLIDES)}" in page.inner_text("body")
    page.get_by_role("button", name="次へ ▶").click()
    page.wait_for_function("() => location.search.includes('slide=2')")
    wait_for_app(page, ready=DECK_READY)
    assert f"2 / {len(SLIDES)}" in page.inner_text("body")
    query = parse_qs(urlsplit(page.url).query)
    assert query["field"] == ["教育"]  # the deck for 教育 only is one link
    assert "分野：教育" in page.inner_text("body")
    page.get_by_role("button", name="終了").click()
    page.wait_for_function("() => !location.search.includes('present')")
    wait_for_app(page)
    assert parse_qs(urlsplit(page.url).query)["field"] == ["教育"]
    assert page.locator("[data-testid='stSidebar']").is_visible()


def test_sidebar_button_enters_the_deck_with_filters(page, app_url):
    page.goto(f"{app_url}/?field=健康")
    wait_for_app(page, charts=1)
    page.get_by_role("button", name="プレゼンテーション").click()
    page.wait_for_function("() => location.search.includes('present=1')")
    wait_for_app(page, ready=DECK_READY)
    assert parse_qs(urlsplit(page.url).query)["field"] == ["健康"]
    assert not page.locator("[data-testid='stSidebar']").is_visible()


def test_auto_advance_loops(page, app_url):
    page.goto(f"{app_url}/?present=1&slide={len(SLIDES)}&auto=5")
    wait_for_app(page, ready=DECK_READY)
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('slide') === '1'", timeout=20_000
    )
    assert "auto" in parse_qs(urlsplit(page.url).query)


def test_closing_slide_has_a_local_qr_code(page, app_url):
    page.goto(f"{app_url}/?present=1&slide={len(SLIDES)}&field=教育")
    wait_for_app(page, ready=DECK_READY)
    image = page.locator("img[alt^='ダッシュボードを開くQRコード']")
    assert image.is_visible()
    assert image.get_attribute("src").startswith("data:image/png;base64,")
    assert "field=%E6%95%99%E8%82%B2" in image.get_attribute("alt")
    assert page.console_errors == []
