"""Presentation mode in a real Chromium: every slide from a 4:3 projector to a 4K wall.

The deck is laid out on one logical canvas and scaled to the screen, so each size must show the
same slides with the same rows, larger or smaller, and read from the back of the room.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import new_page, screenshot, wait_for_app
from tests.fixtures import deck_slides

DECK_READY = ".st-key-deck_nav"
SLIDES = deck_slides()

pytestmark = pytest.mark.browser

SIZES = [(1024, 768), (1280, 720), (1280, 800), (1920, 1080), (3840, 2160)]
MIN_BODY = 0.033  # body text: 3.3% of the screen's height
MIN_CHART = 0.025  # chart text: 2.5%
MIN_KPI = 0.05  # a card's figure: 1.5× body text, as large as the widest figure fits its card

# Measures the slide as the back of the room sees it; returns its problems and its measures.
MEASURE_JS = """
({minBody, minChart}) => {
  const problems = [];
  const vw = window.innerWidth, vh = window.innerHeight;
  const main = document.querySelector('[data-testid="stMain"]');
  const canvas = main.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect();
  const root = document.scrollingElement;
  if (root.scrollHeight > root.clientHeight + 1 || root.scrollWidth > root.clientWidth + 1)
    problems.push(`page scrolls: ${root.scrollWidth}x${root.scrollHeight} in ${vw}x${vh}`);
  const nav = document.querySelector('.st-key-deck_nav');
  const navTop = nav ? nav.getBoundingClientRect().top : vh;
  const visible = el => {
    const r = el.getBoundingClientRect();
    return r.width > 2 && r.height > 2 && el.checkVisibility({visibilityProperty: true})
      && !el.closest('.st-key-deck_keys');
  };
  const texts = [...main.querySelectorAll('*')].filter(el =>
    [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) && visible(el));
  const sizes = [];
  for (const el of texts) {
    const r = el.getBoundingClientRect();
    const label = el.textContent.trim().slice(0, 30);
    if (r.left < canvas.left - 1 || r.top < canvas.top - 1 || r.right > canvas.right + 1
        || r.bottom > canvas.bottom + 1)
      problems.push(`outside the slide: "${label}" ${JSON.stringify(r)}`);
    if (!el.closest('.st-key-deck_nav') && r.bottom > navTop + 1)
      problems.push(`hidden behind the navigation bar: "${label}"`);
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible')
      problems.push(`text cut off: "${label}"`);
    const size = parseFloat(getComputedStyle(el).fontSize);
    sizes.push(size);
    if (size < minBody * vh) problems.push(`text ${size}px < ${minBody * vh}: "${label}"`);
  }
  // The slide's parts never overlap: each block ends before the next begins.
  // (the cover's title, cards and date too: its cards' content must not run into the date)
  for (const parts of ['.dx-slide > *', '.dx-deck-cover > *']) {
    const blocks = [...main.querySelectorAll(parts)].filter(visible);
    for (let i = 1; i < blocks.length; i++) {
      const above = blocks[i - 1].getBoundingClientRect(), below = blocks[i].getBoundingClientRect();
      const reach = Math.max(above.bottom, ...[...blocks[i - 1].querySelectorAll('*')]
        .filter(visible).map(el => el.getBoundingClientRect().bottom));
      if (reach > below.top + 1)
        problems.push(`${blocks[i - 1].className} runs into ${blocks[i].className}`);
    }
  }
  for (const el of main.querySelectorAll('.dx-deck-body *')) {
    if (!visible(el)) continue;
    const body = el.closest('.dx-deck-body').getBoundingClientRect();
    if (el.getBoundingClientRect().bottom > body.bottom + 1)
      problems.push(`runs out of its body: "${el.textContent.trim().slice(0, 30)}"`);
  }
  // A chart is an image drawn for the canvas: its type as drawn times the scale it is shown at.
  const charts = [];
  for (const img of main.querySelectorAll('.dx-deck-chart img')) {
    if (!visible(img)) continue;
    const r = img.getBoundingClientRect();
    const logicalWidth = +img.dataset.canvasWidth;
    const logicalHeight = logicalWidth * img.naturalHeight / img.naturalWidth;
    const scale = Math.min(r.width / logicalWidth, r.height / logicalHeight);
    const font = +img.dataset.minFont * scale;
    charts.push(font);
    if (font < minChart * vh) problems.push(`chart text ${font}px < ${minChart * vh}`);
  }
  for (const card of main.querySelectorAll('.dx-deck-card')) {
    const box = card.getBoundingClientRect();
    for (const el of card.querySelectorAll('div, span')) {
      const r = el.getBoundingClientRect();
      if (r.right > box.right + 1 || r.bottom > box.bottom + 1 || el.scrollWidth > el.clientWidth + 1)
        problems.push(`card content cut: "${el.textContent.trim().slice(0, 20)}"`);
    }
  }
  // How much of the screen the slide takes, and how far down its content reaches (the source
  // line and the navigation left out: they are at the bottom of every slide).
  const content = [...texts, ...main.querySelectorAll('.dx-slide img, .dx-deck-card')]
    .filter(el => visible(el) && el.closest('.dx-slide') && !el.closest('.dx-deck-source'));
  const reach = Math.max(...content.map(el => el.getBoundingClientRect().bottom));
  return {
    problems,
    coverage: canvas.width * canvas.height / (vw * vh),
    lowerHalf: (reach - canvas.top) / canvas.height,
    body: Math.min(...sizes),
    chart: charts.length ? Math.min(...charts) : null,
    title: parseFloat(getComputedStyle(main.querySelector('.dx-deck-title, .main')).fontSize),
    kpis: [...main.querySelectorAll('.dx-deck-card .number')]
      .map(el => parseFloat(getComputedStyle(el).fontSize)),
    text: [...main.querySelectorAll('.dx-slide li, .dx-deck-title, .dx-deck-card')]
      .map(el => el.textContent.trim()),
  };
}
"""


def slide_of(page) -> int:
    return int(parse_qs(urlsplit(page.url).query)["slide"][0])


def _measure_deck(browser, app_url, width, height, lang):
    """Every slide at one screen size: its measures, its screenshot saved."""
    page = new_page(browser, width, height)
    measured = {}
    suffix = "&lang=en" if lang == "en" else ""
    for number, slide in enumerate(SLIDES, start=1):
        page.goto(f"{app_url}/?present=1&slide={number}{suffix}")
        wait_for_app(page, ready=DECK_READY)
        page.wait_for_function(
            "t => document.body.innerText.includes(t)", arg=f"{number} / {len(SLIDES)}"
        )
        page.wait_for_function(  # the chart images have been decoded
            "() => [...document.querySelectorAll('img')].every(i => i.complete)"
        )
        page.wait_for_timeout(200)
        screenshot(page, f"slide-{number}-{slide.key}{slide.part}-{width}x{height}-{lang}")
        measured[number] = page.evaluate(MEASURE_JS, {"minBody": MIN_BODY, "minChart": MIN_CHART})
    assert page.console_errors == []
    page.context.close()
    return measured


@pytest.fixture(scope="module")
def decks(browser, app_url):
    """Each (size, language)'s deck, measured once for the tests of this module."""
    cache: dict[tuple, dict] = {}

    def get(width, height, lang):
        if (width, height, lang) not in cache:
            cache[width, height, lang] = _measure_deck(browser, app_url, width, height, lang)
        return cache[width, height, lang]

    return get


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_slide_fills_the_screen_and_reads_from_the_back(decks, width, height, lang):
    measured = decks(width, height, lang)
    problems = {n: m["problems"] for n, m in measured.items() if m["problems"]}
    assert problems == {}
    for number, slide in enumerate(SLIDES, start=1):
        m = measured[number]
        assert m["coverage"] >= 0.75, (slide, m["coverage"])  # letterboxed, never a corner
        assert m["lowerHalf"] >= 0.55, (slide, m["lowerHalf"])  # no empty lower half
        if slide.key in ("title", "summary", "headline"):
            assert m["kpis"], "the cover, the summary and the headline usage show numbers"
            assert min(m["kpis"]) >= MIN_KPI * height
        if slide.key in ("usage", "rates", "models", "survey"):
            assert m["chart"] is not None, slide


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_same_slides_at_every_size_only_larger(decks, lang):
    base = decks(1280, 720, lang)
    for width, height in SIZES:
        measured = decks(width, height, lang)
        assert len(measured) == len(base) == len(SLIDES)
        for number in base:  # the same rows, cards and titles on every slide
            assert measured[number]["text"] == base[number]["text"], (width, height, number)
    large = decks(1920, 1080, lang)
    for number in base:  # 1.5× the screen: text and charts 1.5× (at least 1.3×)
        assert large[number]["body"] >= 1.3 * base[number]["body"]
        assert large[number]["title"] >= 1.3 * base[number]["title"]
        if base[number]["chart"]:
            assert large[number]["chart"] >= 1.3 * base[number]["chart"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_filtered_cover_fits_the_standard_canvas(browser, app_url, lang):
    """On a 4:3 projector the cover of a filtered view (its source line says the filters, on two
    lines) keeps its title, cards, date and source clear of one another, in English too."""
    page = new_page(browser, 1024, 768)
    query = "field=健康&field=教育&model=ワイズスペンディング" + (
        "&lang=en" if lang == "en" else ""
    )
    page.goto(f"{app_url}/?present=1&slide=1&{query}")
    wait_for_app(page, ready=DECK_READY)
    measured = page.evaluate(MEASURE_JS, {"minBody": MIN_BODY, "minChart": MIN_CHART})
    screenshot(page, f"slide-cover-filtered-1024x768-{lang}")
    assert measured["problems"] == []
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
    count = len(deck_slides(fields=("教育",)))  # the deck for 教育 only
    assert f"1 / {count}" in page.inner_text("body")
    page.get_by_role("button", name="次へ ▶").click()
    page.wait_for_function("() => location.search.includes('slide=2')")
    wait_for_app(page, ready=DECK_READY)
    assert f"2 / {count}" in page.inner_text("body")
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
    last = len(deck_slides(fields=("教育",)))
    page.goto(f"{app_url}/?present=1&slide={last}&field=教育")
    wait_for_app(page, ready=DECK_READY)
    image = page.locator("img[alt^='ダッシュボードを開くQRコード']")
    assert image.is_visible()
    assert image.get_attribute("src").startswith("data:image/png;base64,")
    assert "field=%E6%95%99%E8%82%B2" in image.get_attribute("alt")
    assert page.console_errors == []
