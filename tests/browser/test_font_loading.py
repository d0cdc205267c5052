"""The page's Japanese fonts in a real Chromium: the core subset always, the full font's slices
only on a page whose text has a character the core lacks (dxdash.render.web_fonts)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser

FACES_JS = "() => [...document.fonts].map(f => [f.family.replace(/\"/g, ''), f.status])"
RARE = "鬱"  # JIS level 2, in no text of dxdash or its data: beyond the core


def test_the_report_pages_declare_only_the_core_font(page, app_url):
    page.goto(app_url + "/")
    wait_for_app(page, charts=2)
    families = {family for family, _status in page.evaluate(FACES_JS)}
    assert "Noto Sans JP" in families
    assert "Noto Sans JP Full" not in families
    assert page.console_errors == []


def test_a_character_beyond_the_core_is_drawn_in_the_full_font(page, app_url):
    """A keyword with a rare kanji (in the search box and the no-match message) brings the full
    font's slices, and the slice holding that kanji is the one that loads."""
    page.goto(app_url + f"/initiatives?q={RARE}")
    wait_for_app(page)
    page.wait_for_function(
        "() => [...document.fonts].some(f => f.family.includes('Noto Sans JP Full'))"
    )
    loaded = page.evaluate(
        "async (ch) => (await document.fonts.load('16px \"Noto Sans JP Full\"', ch)).length", RARE
    )
    assert loaded >= 1
    faces = page.evaluate(FACES_JS)
    full = [status for family, status in faces if family == "Noto Sans JP Full"]
    assert len(full) == 124  # every slice declared; only the ones in use are downloaded
    assert 1 <= full.count("loaded") <= 4  # only the slices the page's text uses
    assert page.get_by_role("textbox").first.input_value() == RARE
    screenshot(page, "web-fonts-rare-keyword")
    assert page.console_errors == []
