"""A newer value in a real Chromium: export → add a row → import → card, history chart → rollback."""

from __future__ import annotations

import openpyxl
import pytest

from dxdash.data.dataset import load_dataset
from dxdash.data.workbook import SHEET_BY_TABLE
from tests.browser.conftest import (
    new_page,
    screenshot,
    start_admin_server,
    stop_streamlit,
    wait_for_app,
)

pytestmark = pytest.mark.browser

PASSWORD = "gunma-dx-series-2026"
LINE = "line-digital-window"
CHANGE = "約80万人 → 約85万人（＋約5万人、2023年10月→2024年3月）"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own, on a copy of the data, with an admin password configured."""
    process, base, data = start_admin_server(tmp_path_factory.mktemp("series"), PASSWORD)
    yield base, data
    stop_streamlit(process)


def _add_newer_value(path) -> None:
    """In the exported workbook, add LINE 友だち登録数 約85万人 (2024年3月末) as a new row."""
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET_BY_TABLE["metrics"].title]
    headers = [cell.value for cell in sheet[1]]
    old = next(
        [cell.value for cell in row]
        for row in sheet.iter_rows(min_row=2)
        if row[headers.index("施策ID")].value == LINE
        and row[headers.index("指標")].value == "友だち登録数"
    )
    new = dict(zip(headers, old, strict=True))
    new.update(
        {
            "数値（表記）": "約85万人",
            "値": None,
            "時点": "2024年3月末",
            "時点（表記）": "2024年3月末",
        }
    )
    sheet.append([new[h] for h in headers])
    book.save(path)


def _history_points(page) -> int:
    """Points drawn on the page (Vega's SVG: one path per point; only the history chart has them)."""
    return page.locator("g.mark-symbol.role-mark path").count()  # not the legend's symbol


def test_a_newer_value_is_imported_shown_drawn_and_rolled_back(browser, server, tmp_path):
    base, data = server
    admin = new_page(browser)
    admin.goto(base + "/admin")
    wait_for_app(admin)
    admin.get_by_label("管理者パスワード").fill(PASSWORD)
    admin.get_by_role("button", name="ログイン").click()
    admin.get_by_role("heading", name="1. 現在のデータを書き出す").wait_for()

    # Export through the page, as staff do.
    with admin.expect_download() as download:
        admin.get_by_role("button", name="Excel（.xlsx）で書き出す").click()
    workbook = tmp_path / "LINE友だち追加.xlsx"
    download.value.save_as(workbook)
    _add_newer_value(workbook)

    admin.locator("input[type='file']").set_input_files(str(workbook))
    admin.get_by_text("プレビュー：「LINE友だち追加.xlsx」").wait_for(timeout=60_000)
    preview = admin.locator("[data-testid='stDataFrame']").first
    preview.wait_for()
    text = admin.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert "追加・変更・削除 1件" in text
    screenshot(admin, "series-preview")
    admin.get_by_label("更新の記録（担当者・内容）").fill("2024年3月末 LINE")
    admin.get_by_role("button", name="この内容で更新する").click()
    admin.get_by_text("に更新しました。").wait_for()
    assert len(load_dataset(data).metrics.query("metric == '友だち登録数'")) == 2

    # The overview card leads with 約85万人 and says how it moved.
    overview = new_page(browser)
    overview.goto(base + "/")
    wait_for_app(overview, charts=2)
    card = overview.locator(".dx-card", has_text="友だち").first
    card.wait_for()
    assert "約85万人" in card.inner_text()
    assert CHANGE in card.inner_text()
    card.scroll_into_view_if_needed()
    card.screenshot(path=str(screenshot(overview, "series-overview")).replace(".png", "-card.png"))
    overview.context.close()

    # The LINE detail page draws both values.
    detail = new_page(browser)
    detail.goto(base + f"/initiatives?id={LINE}")
    wait_for_app(detail, charts=1)
    detail.get_by_role("heading", name="推移：").first.wait_for()
    detail.wait_for_function("() => document.querySelectorAll('g.mark-symbol path').length >= 2")
    assert _history_points(detail) == 2
    body = detail.inner_text("body")
    assert "約85万人" in body
    assert CHANGE in body
    chart = detail.locator("[data-testid='stVegaLiteChart']").first
    chart.scroll_into_view_if_needed()
    chart.screenshot(path=str(screenshot(detail, "series-detail")).replace(".png", "-chart.png"))
    detail.context.close()

    # The figure's own page draws the same two values, with their table.
    figure = new_page(browser)
    figure.goto(base + "/figure?id=line-friends")
    wait_for_app(figure, charts=1)
    figure.wait_for_function("() => document.querySelectorAll('g.mark-symbol path').length >= 2")
    assert _history_points(figure) == 2
    assert "時点の異なる値が2件" in figure.inner_text("body")
    line = figure.locator("[data-testid='stVegaLiteChart']").first
    line.scroll_into_view_if_needed()
    line.screenshot(
        path=str(screenshot(figure, "series-figure-page")).replace(".png", "-chart.png")
    )
    figure.context.close()

    # Rollback restores one value: no change line, no history chart.
    admin.get_by_role("button", name="このバージョンに戻す").click()
    admin.get_by_text("バージョン base に戻しました。").wait_for()
    admin.context.close()
    detail = new_page(browser)
    detail.goto(base + f"/initiatives?id={LINE}")
    wait_for_app(detail)
    detail.get_by_text("約80万人").first.wait_for()
    body = detail.inner_text("body")
    assert "約85万人" not in body
    assert "推移：" not in body
    assert _history_points(detail) == 0
    assert len(load_dataset(data).metrics.query("metric == '友だち登録数'")) == 1
    detail.context.close()
