"""The app opens in a real Chromium and draws its charts."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_overview_opens_and_draws_a_chart(page, app_url):
    page.goto(app_url + "/")
    wait_for_app(page, charts=2)
    assert page.get_by_role("heading", name="群馬県 DX推進実績").is_visible()
    charts = page.locator("[data-testid='stVegaLiteChart']")
    assert charts.count() >= 2
    box = charts.first.locator("canvas, svg.marks").first.bounding_box()
    assert box["width"] > 300
    assert box["height"] > 100
    assert page.get_by_text("約80万人").first.is_visible()
    assert page.get_by_text("89%（見込）").first.is_visible()
    screenshot(page, "smoke-overview")
    assert page.console_errors == []
