"""A phone (390×844) and a tablet (768×1024): every page readable, nothing cut off, 44 px targets.

What is pinned here relies on Streamlit 1.67's markup (issue #27): the page config's
initial_sidebar_state="auto" collapsing the sidebar at phone widths, the data-testid names
blocks.inject_css styles for touch targets, and the sidebar's open button
(render/streamlit/filters_button.py). Screenshots: artifacts/screenshots/mobile-*.png.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import new_page, screenshot, wait_for_app, wait_idle
from tests.browser.test_accessibility import RUN_AXE_JS, STILL_JS, WCAG_TAGS, _in, axe_path

pytestmark = pytest.mark.browser

PHONE = (390, 844)
TABLET = (768, 1024)
PAGES = [
    "/",
    "/initiatives",
    "/initiatives?id=line-digital-window",
    "/metrics",
    "/gunma-model",
    "/evaluation",
    "/history",
]

# Everything on the page that reaches past the screen's right edge and does not scroll inside
# a box of its own (a data grid, a row of tabs): the page would scroll sideways, or cut it off.
# Chart text past its chart's edge is cut off by the chart. Card text wider than its card too.
OVERFLOW_JS = """() => {
  const right = innerWidth + 1;
  const scrollsInside = (el) => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (['auto', 'scroll'].includes(style.overflowX) && up.getBoundingClientRect().right <= right)
        return true;
    }
    return false;
  };
  const name = (el) => `${el.tagName.toLowerCase()} "${(el.textContent || '').trim().slice(0, 40)}"`;
  const problems = [];
  if (document.documentElement.scrollWidth > innerWidth)
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px`);
  const main = document.querySelector('[data-testid="stMain"]');
  if (main.scrollWidth > main.clientWidth + 1)
    problems.push(`the main area scrolls sideways: ${main.scrollWidth}px`);
  for (const el of document.querySelectorAll('[data-testid="stMainBlockContainer"] *')) {
    if (el.closest('svg') || !el.checkVisibility({visibilityProperty: true})) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > right && !scrollsInside(el))
      problems.push(`past the screen: ${name(el)} right=${Math.round(box.right)}`);
  }
  for (const chart of document.querySelectorAll('[data-testid="stVegaLiteChart"] svg.marks')) {
    if (!chart.checkVisibility({visibilityProperty: true})) continue;
    const edge = chart.getBoundingClientRect();
    for (const text of chart.querySelectorAll('text')) {
      const box = text.getBoundingClientRect();
      if (box.width && (box.right > edge.right + 1 || box.left < edge.left - 1))
        problems.push(`cut off by its chart: ${name(text)}`);
    }
  }
  for (const el of document.querySelectorAll('.dx-card, .dx-card *')) {
    if (el.scrollWidth > el.clientWidth + 1)
      problems.push(`wider than its card: ${name(el)}`);
  }
  return problems;
}"""

# The controls a finger must hit, with their height and width (the sidebar open).
TARGETS_JS = """() => {
  const selectors = {
    navigation: '[data-testid="stSidebarNavLink"]',
    'segmented controls and pills': '[data-testid="stButtonGroup"] button',
    'multiselect': '[data-testid="stMultiSelect"] div:has(> [data-testid="stMultiSelectTagsContainer"])',
    'text input': '[data-testid="stTextInputRootElement"]',
    buttons: '[data-testid="stSidebar"] [data-testid^="stBaseButton-"]',
    'download buttons': '[data-testid="stDownloadButton"] button',
  };
  const small = [];
  for (const [kind, selector] of Object.entries(selectors)) {
    const found = [...document.querySelectorAll(selector)].filter(el => el.checkVisibility());
    if (!found.length) small.push(`${kind}: none found (${selector})`);
    for (const el of found) {
      const box = el.getBoundingClientRect();
      if (box.height < 44 || box.width < 44)
        small.push(`${kind} "${el.textContent.trim().slice(0, 20)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  // A slider's thumb is small to see; a touch 20 px beside it still takes it (its ::before).
  for (const thumb of document.querySelectorAll('[data-testid="stSlider"] [role="slider"]')) {
    const box = thumb.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    for (const [dx, dy] of [[0, 20], [0, -20], [20, 0]]) {
      const hit = document.elementFromPoint(x + dx, y + dy);
      if (!hit || !(hit === thumb || thumb.contains(hit)))
        small.push(`slider thumb "${thumb.getAttribute('aria-label')}": ${dx},${dy} misses it`);
    }
  }
  return small;
}"""


def _name(size: tuple[int, int], lang: str, path: str) -> str:
    slug = path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "overview"
    return f"mobile-{size[0]}-{lang}-{slug}"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone", "tablet"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_reads_on_a_phone_and_a_tablet(browser, app_url, path, size, lang):
    """No sideways scrolling, nothing cut off, no console error, axe 0 serious/critical."""
    page = new_page(browser, *size)
    try:
        page.goto(app_url + _in(lang, path))
        wait_for_app(page)
        page.wait_for_function(STILL_JS, timeout=30_000, polling=100)
        screenshot(page, _name(size, lang, path))
        assert page.evaluate(OVERFLOW_JS) == []
        # the sidebar starts collapsed on both (Streamlit's "auto": up to 768 px wide)
        assert page.locator("[data-testid='stSidebar']").get_attribute("data-collapsed") == "true"
        page.add_script_tag(path=str(axe_path()))
        assert page.evaluate(RUN_AXE_JS, WCAG_TAGS) == []
        assert page.console_errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize(
    ("lang", "label", "filtered"),
    [("ja", "絞り込み", "絞り込み（2）"), ("en", "Filters", "Filters (2)")],
)
def test_the_phone_opens_on_the_answer_with_the_filters_one_tap_away(
    browser, app_url, lang, label, filtered
):
    page = new_page(browser, *PHONE)
    try:
        page.goto(app_url + _in(lang, "/"))
        wait_for_app(page)
        # the first screen: the title, the summary's takeaway and its first headline card
        first = page.locator(".dx-card.hero").first
        assert first.bounding_box()["y"] + first.bounding_box()["height"] <= PHONE[1]
        assert page.locator(".dx-takeaway").first.is_visible()
        # the sidebar's open button says what is behind it, to the eye and to a screen reader
        button = page.locator("[data-testid='stExpandSidebarButton']")
        page.wait_for_function(
            "label => document.querySelector('[data-testid=\"stExpandSidebarButton\"]')"
            "?.getAttribute('aria-label') === label",
            arg=label,
        )
        shown = page.evaluate(
            "() => getComputedStyle(document.querySelector("
            "'[data-testid=\"stExpandSidebarButton\"]'), '::after').content"
        )
        assert shown == f'"{label}"'
        assert button.bounding_box()["height"] >= 44
        screenshot(page, f"mobile-first-screen-{lang}")
        # with two filters active, it counts them
        page.goto(app_url + _in(lang, "/?field=教育&fy=2022&fy=2022"))
        wait_for_app(page)
        page.wait_for_function(
            "label => document.querySelector('[data-testid=\"stExpandSidebarButton\"]')"
            "?.getAttribute('aria-label') === label",
            arg=filtered,
        )
        # one tap opens the filters; closing them brings the button back, named again
        button.click()
        sidebar = page.locator("[data-testid='stSidebar']")
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stSidebar\"]')"
            ".getAttribute('data-collapsed') === 'false'"
        )
        assert sidebar.locator("[data-testid='stMultiSelect']").is_visible()
        page.locator("[data-testid='stSidebarCollapseButton'] button").click()
        page.wait_for_function(
            "label => document.querySelector('[data-testid=\"stExpandSidebarButton\"]')"
            "?.getAttribute('aria-label') === label",
            arg=filtered,
        )
        assert page.console_errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("size", [PHONE, TABLET], ids=["phone", "tablet"])
def test_touch_targets_are_at_least_44_px(browser, app_url, size):
    page = new_page(browser, *size)
    try:
        page.goto(app_url + "/initiatives")
        wait_for_app(page)
        page.locator("[data-testid='stExpandSidebarButton']").click()
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stSidebar\"]')"
            ".getAttribute('data-collapsed') === 'false'"
        )
        page.wait_for_timeout(600)  # the sidebar slides in
        screenshot(page, f"mobile-{size[0]}-sidebar-open")
        assert page.evaluate(TARGETS_JS) == []
    finally:
        page.context.close()


def test_a_filter_still_works_by_touch_on_a_phone(browser, app_url):
    """Open the filters, pick a 分野 in the multiselect, see the page follow."""
    page = new_page(browser, *PHONE)
    try:
        page.goto(app_url + "/initiatives")
        wait_for_app(page)
        page.locator("[data-testid='stExpandSidebarButton']").click()
        field = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']")
        field.click()
        page.get_by_role("option", name="健康").click()
        page.wait_for_function("() => location.search.includes('field=')")
        wait_idle(page)
        page.locator("[data-testid='stSidebarCollapseButton'] button").click()
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stExpandSidebarButton\"]')"
            "?.getAttribute('aria-label') === '絞り込み（1）'"
        )
        assert page.evaluate(OVERFLOW_JS) == []
    finally:
        page.context.close()


def test_the_timeline_is_a_list_on_a_phone_and_a_chart_wider(browser, app_url):
    """Its labels need the room beside the chart: on a phone the same rows read as a list."""
    phone = new_page(browser, *PHONE)
    tablet = new_page(browser, *TABLET)
    try:
        for page in (phone, tablet):
            page.goto(app_url + "/history")
            wait_for_app(page)
        rows = phone.locator(".dx-narrow-list li")
        assert rows.count() >= 10  # the report's dated events, each with its date and kind
        assert "ぐんまDX加速化プログラムを策定" in phone.locator(".dx-narrow-list").inner_text()
        timeline = ".st-key-dx_slot_history_timeline_chart [data-testid='stVegaLiteChart']"
        assert not phone.locator(timeline).is_visible()
        # a chart draws after the script stops: on a loaded machine, later than the page title
        tablet.locator(timeline).wait_for(state="visible", timeout=30_000)
        assert not tablet.locator(".dx-narrow-list").is_visible()
        assert phone.console_errors == []
        assert tablet.console_errors == []
    finally:
        phone.context.close()
        tablet.context.close()


@pytest.mark.parametrize("size", [(390, 844), (844, 390)], ids=["portrait", "landscape"])
def test_the_deck_opens_on_a_phone(browser, app_url, size):
    """The deck draws on a phone as the same slide, scaled: the whole canvas on the screen
    (letterboxed), its navigation in reach, nothing scrolls sideways."""
    page = new_page(browser, *size)
    try:
        page.goto(app_url + "/?present=1")
        wait_for_app(page, ready=".st-key-deck_nav")
        screenshot(page, f"mobile-deck-{size[0]}x{size[1]}")
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
        assert page.locator(".st-key-deck_nav").is_visible()
        canvas = page.locator("[data-testid='stMainBlockContainer']").bounding_box()
        assert canvas["x"] >= -1
        assert canvas["y"] >= -1
        assert canvas["x"] + canvas["width"] <= size[0] + 1
        assert canvas["y"] + canvas["height"] <= size[1] + 1
        # portrait takes the 4:3 canvas (960×720), landscape the 16:9 one (1280×720)
        ratio = canvas["width"] / canvas["height"]
        assert ratio == pytest.approx(960 / 720 if size[0] < size[1] else 1280 / 720, rel=0.01)
        assert page.console_errors == []
    finally:
        page.context.close()
