"""Issue #18 item 5 in a real Chromium: hostile imported text and URL values are shown as text —
no outside link, no outside image, no KaTeX, no colour from the payload, nothing fetched."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pytest

from dxdash.data import store
from tests.browser.conftest import new_page, screenshot, start_streamlit, stop_streamlit
from tests.fixtures import copy_repo_data
from tests.test_app_pages_markup import HOSTILE, HOSTILE_ID, hostile_tables

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """A server of its own, on data whose current version carries hostile text."""
    data = copy_repo_data(tmp_path_factory.mktemp("hostile") / "data")
    store.write_version(data, hostile_tables(data), "hostile.xlsx")
    process, base = start_streamlit({"DXDASH_DATA_DIR": str(data)})
    yield base
    stop_streamlit(process)


CHECK = """() => {
  const main = document.body;
  const evilLinks = [...main.querySelectorAll('a[href]')].filter(a => new URL(a.href, location.href).host.includes('evil'));
  const evilImages = [...main.querySelectorAll('img')].filter(i => new URL(i.src || 'about:blank', location.href).host.includes('evil'));
  const katex = main.querySelectorAll('.katex, .katex-display').length;
  const coloured = [...main.querySelectorAll('span')].filter(
    s => s.textContent === '赤' || (s.className || '').toString().includes('ColoredText')
  ).filter(s => s.textContent.includes('赤')).length;
  const bold = [...main.querySelectorAll('strong, b')].filter(
    b => b.textContent.trim() === '太字').length;
  const icons = [...main.querySelectorAll(
    '[data-testid="stMarkdownContainer"] [data-testid="stIconMaterial"]')].length;
  const text = document.body.innerText.replace(/\u2060/g, '');  // the escaper's word joiners
  return {evilLinks: evilLinks.length, evilImages: evilImages.length, katex, coloured, bold,
          icons, text};
}"""


def test_hostile_text_is_shown_as_text(browser, hostile_server):
    page = new_page(browser)
    fetched = []
    page.on(
        "request", lambda r: fetched.append(r.url) if "evil" in urlsplit(r.url).netloc else None
    )
    query = urlencode({"id": HOSTILE_ID, "q": HOSTILE, "snapshot": HOSTILE})
    page.goto(f"{hostile_server}/initiatives?{query}")
    page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=30_000)
    page.wait_for_function(
        "() => document.body.innerText.includes('概要') && document.body.innerText.includes('注記')",
        timeout=30_000,
    )
    page.wait_for_timeout(1000)
    screenshot(page, "hostile_detail")
    found = page.evaluate(CHECK)
    assert found["evilLinks"] == 0
    assert found["evilImages"] == 0
    assert found["katex"] == 0
    assert found["coloured"] == 0
    assert found["bold"] == 0
    assert found["icons"] == 0  # :material/home: from the payload is not an icon
    assert fetched == []
    text = found["text"]
    # The payload is on the page as its own characters: title, note, 初の取組, summary, the
    # sidebar's keyword, the snapshot notice.
    assert "[リンク](http://evil.example/x)" in text
    assert ":red[赤]" in text
    assert "$E=mc^2$" in text
    assert "**太字**" in text
    assert text.count("<img src=http://evil.example/h.png>") >= 4
    page.context.close()
