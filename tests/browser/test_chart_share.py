"""Each chart's link and embed in a real Chromium: every permalink opens its page at that chart,
and the embed code, pasted into a plain HTML page of another origin, shows the chart alone."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from dxdash.locale import get_locale
from dxdash.story import chart_links
from dxdash.story.filters import Filters
from tests.browser.conftest import new_page, screenshot, wait_for_app, wait_idle

pytestmark = pytest.mark.browser

MAIN = "[data-testid='stMainBlockContainer']"
ANCHOR_TOP_PX = 120  # a permalink's chart heading starts at the top of the window (header 44 px)


@pytest.fixture(scope="module")
def host_page_dir(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    """A plain static web server on another port (another origin): the page that embeds."""
    directory = tmp_path_factory.mktemp("host")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield directory, f"http://localhost:{server.server_address[1]}"
    server.shutdown()


def _open_in_host_page(browser, host_page_dir, name, markup, *, size):
    """Serve `markup` (a plain page with the copied iframe) from the other origin; open it and
    return the page and the iframe's frame once its chart has drawn."""
    directory, host = host_page_dir
    (directory / name).write_text(markup, encoding="utf-8")
    view = new_page(browser, *size)
    view.goto(f"{host}/{name}")
    frame = view.locator("iframe").element_handle().content_frame()
    wait_for_app(frame, charts=1)
    return view, frame


@pytest.mark.parametrize("key", list(chart_links.CHART_PAGES))
def test_every_permalink_opens_its_page_at_its_chart(browser, app_url, key):
    page = new_page(browser, 1280, 800)
    url = chart_links.chart_url(app_url, key, filters=Filters(), locale=get_locale("ja"))
    page.goto(url)
    wait_for_app(page, charts=1)
    anchor = chart_links.anchor_id(key)
    page.wait_for_function(
        "id => document.documentElement.dataset.dxScrolledTo === id", arg=anchor, timeout=15_000
    )
    heading = page.locator(f"#{anchor}")
    # the second scroll, once the charts above have their height (later on a busy machine);
    # if it never comes, the assertion below says where the heading is
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(
            "([id, most]) => { const t = document.getElementById(id).getBoundingClientRect().top;"
            " return t >= 0 && t <= most; }",
            arg=[anchor, ANCHOR_TOP_PX],
            timeout=5_000,
        )
    page.wait_for_timeout(300)  # and it stays there
    top = heading.evaluate("h => h.getBoundingClientRect().top")
    assert 0 <= top <= ANCHOR_TOP_PX, (key, top)
    assert heading.evaluate("h => document.activeElement === h")  # keyboard starts here
    assert page.console_errors == []
    if key in ("timeline", "group.money"):
        screenshot(page, f"permalink_{key.replace('.', '_')}")
    page.context.close()


def _assert_fits(frame, last) -> None:
    """The view fits its iframe: nothing wider than it, and its last line inside its height."""
    sizes = frame.evaluate(
        "() => ({w: document.documentElement.scrollWidth, iw: window.innerWidth,"
        " ih: window.innerHeight})"
    )
    assert sizes["w"] <= sizes["iw"], sizes
    bottom = last.evaluate("a => a.getBoundingClientRect().bottom")
    assert bottom <= sizes["ih"], (bottom, sizes)


def _panel_codes(page, label: str = "リンク・埋め込み") -> list[str]:
    """Open the first chart's 「リンク・埋め込み」 panel; its permalink and embed code."""
    page.locator("[data-testid='stExpander'] summary").filter(has_text=label).first.click()
    wait_idle(page)
    codes = page.locator("[data-testid='stCode'] code")
    codes.first.wait_for()
    return [codes.nth(i).inner_text() for i in range(codes.count())]


def test_the_embed_code_shows_the_chart_alone_inside_another_sites_page(
    browser, app_url, host_page_dir
):
    page = new_page(browser, 1280, 900)
    page.goto(app_url + "/metrics?group=money&field=健康")
    wait_for_app(page, charts=1)
    link, code = _panel_codes(page)
    assert "chart=group.money" in link
    assert "group=money" in link
    assert "%E5%81%A5%E5%BA%B7" in link  # 健康, the filter kept
    assert code.startswith('<iframe src="')
    assert "embed=true" in code
    assert 'title="' in code
    page.context.close()

    host_view, frame = _open_in_host_page(
        browser,
        host_page_dir,
        "news.html",
        "<!doctype html><html lang='ja'><head><meta charset='utf-8'><title>ニュース</title><link rel='icon' href='data:,'>"
        "</head><body style='max-width:720px;margin:2rem auto;font-family:sans-serif'>"
        f"<h1>県のDX、医療費の削減効果</h1><p>群馬県のダッシュボードより：</p>{code}"
        "<p>記事の続き。</p></body></html>",
        size=(1000, 1100),
    )
    assert "金額" in frame.locator("h1").inner_text()
    assert frame.locator("[data-testid='stSidebar']").count() == 0  # no sidebar, no navigation
    assert frame.locator("[data-testid='stHeader'] [data-testid='stToolbar']").count() == 0
    text = frame.locator(MAIN).inner_text()
    for expected in ("出典", "時点", "群馬県 DX推進実績ダッシュボードで見る"):
        assert expected in text, (expected, text)
    assert frame.locator("[data-testid='stVegaLiteChart']").count() == 1
    assert frame.locator("[data-testid='stExpander']").count() == 0  # the chart alone
    # the chart fits the iframe: nothing wider than it, and the iframe holds the whole view
    link_out = frame.get_by_role("link", name="群馬県 DX推進実績ダッシュボードで見る ↗")
    _assert_fits(frame, link_out)
    assert "chart=group.money" in link_out.get_attribute("href")
    assert link_out.get_attribute("target") == "_blank"
    assert host_view.console_errors == []
    screenshot(host_view, "embed_in_news_page_ja")
    host_view.context.close()


def test_the_english_embed_is_english(browser, app_url, host_page_dir):
    page = new_page(browser, 1280, 900)
    page.goto(app_url + "/?lang=en")
    wait_for_app(page, charts=2)
    link, code = _panel_codes(page, "Link and embed")
    assert "chart=usage" in link
    assert "lang=en" in link
    page.context.close()
    view, frame = _open_in_host_page(
        browser,
        host_page_dir,
        "partner.html",
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Partner</title>"
        "<link rel='icon' href='data:,'></head><body><h1>Gunma's DX</h1>"
        f"{code}</body></html>",
        size=(800, 800),
    )
    assert frame.evaluate("document.documentElement.lang") == "en"
    text = frame.locator(MAIN).inner_text()
    assert "Source" in text
    assert "View in the Gunma DX dashboard" in text
    assert "出典" not in text
    _assert_fits(frame, frame.get_by_role("link", name="View in the Gunma DX dashboard ↗"))
    screenshot(view, "embed_in_partner_page_en")
    view.context.close()
