"""The admin page in a real Chromium: login, upload → preview → commit, the app updates, rollback."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from dxdash.data import store
from dxdash.data.dataset import load_dataset
from dxdash.data.workbook import SHEET_BY_TABLE, export_workbook
from tests.browser.conftest import (
    new_page,
    screenshot,
    start_admin_server,
    stop_streamlit,
    wait_for_app,
)

pytestmark = pytest.mark.browser

PASSWORD = "gunma-dx-admin-2026"


@pytest.fixture(scope="module")
def admin_server(tmp_path_factory):
    """A server of its own, on a copy of the data, with an admin password configured."""
    process, base, data = start_admin_server(tmp_path_factory.mktemp("admin"), PASSWORD)
    yield base, data
    stop_streamlit(process)


def _edited_workbook(data: Path, path: Path, new_value: int, new_text: str) -> Path:
    """Export the current data and change LINE's 友だち登録数, as staff would in Excel."""
    export_workbook(load_dataset(data), path)
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET_BY_TABLE["metrics"].title]
    headers = {cell.value: cell.column for cell in sheet[1]}
    for row in sheet.iter_rows(min_row=2):
        owner = row[headers["施策ID"] - 1].value
        metric = row[headers["指標"] - 1].value
        if owner == "line-digital-window" and metric == "友だち登録数":
            row[headers["値"] - 1].value = new_value
            row[headers["数値（表記）"] - 1].value = new_text
    book.save(path)
    return path


def _login(page, base: str) -> None:
    page.goto(base + "/admin")
    wait_for_app(page)
    page.get_by_label("管理者パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.get_by_role("heading", name="1. 現在のデータを書き出す").wait_for()


def test_admin_needs_login_and_is_not_in_the_navigation(browser, admin_server):
    base, _data = admin_server
    page = new_page(browser)
    page.goto(base + "/admin")
    wait_for_app(page)
    assert page.get_by_label("管理者パスワード").is_visible()
    assert page.get_by_role("heading", name="1. 現在のデータを書き出す").count() == 0
    assert "データ管理" not in page.locator("[data-testid='stSidebarNav']").inner_text()
    page.get_by_label("管理者パスワード").fill("wrong-password")
    page.get_by_role("button", name="ログイン").click()
    page.get_by_text("パスワードが違います。").wait_for()
    assert page.get_by_role("heading", name="1. 現在のデータを書き出す").count() == 0
    page.context.close()


def test_upload_preview_commit_then_rollback(browser, admin_server, tmp_path):
    base, data = admin_server
    page = new_page(browser)
    _login(page, base)
    assert "データ管理" in page.locator("[data-testid='stSidebarNav']").inner_text()

    workbook = _edited_workbook(data, tmp_path / "数値更新.xlsx", 850_000, "約85万人")
    page.locator("input[type='file']").set_input_files(str(workbook))
    page.get_by_text("プレビュー：「数値更新.xlsx」").wait_for(timeout=60_000)
    preview = page.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert "追加・変更・削除" in preview
    screenshot(page, "admin-preview")
    page.get_by_label("更新の記録（担当者・内容）").fill("10月分 テスト")
    page.get_by_role("button", name="この内容で更新する").click()
    page.get_by_text("に更新しました。").wait_for()
    screenshot(page, "admin-committed")

    # The running app shows the new version without a restart.
    overview = new_page(browser)
    overview.goto(base + "/")
    wait_for_app(overview, charts=2)
    assert "約85万人" in overview.inner_text("body")
    overview.context.close()

    # Roll back to the committed data: the app shows the report's figure again.
    # The only other version is "base" (the data committed in git), preselected.
    page.get_by_role("button", name="このバージョンに戻す").click()
    page.get_by_text("バージョン base に戻しました。").wait_for()
    overview = new_page(browser)
    overview.goto(base + "/")
    wait_for_app(overview, charts=2)
    assert "約80万人" in overview.inner_text("body")
    assert "約85万人" not in overview.inner_text("body")
    overview.context.close()
    page.context.close()


def test_bad_upload_lists_problems_and_writes_nothing(browser, admin_server, tmp_path):
    base, data = admin_server
    page = new_page(browser)
    _login(page, base)
    workbook = _edited_workbook(data, tmp_path / "負の値.xlsx", -5, "-5人")
    page.locator("input[type='file']").set_input_files(str(workbook))
    page.get_by_text("取り込めません").wait_for(timeout=60_000)
    text = page.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert "何も書き込んでいません" in text
    assert "負の値" in text or "0以上" in text  # the problem itself is listed
    assert page.get_by_role("button", name="この内容で更新する").count() == 0
    screenshot(page, "admin-bad-upload")
    assert load_dataset(data).metrics.query("metric == '友だち登録数'")["value"].iloc[0] == 800_000
    page.context.close()


def test_an_import_previewed_before_another_commit_is_refused(browser, admin_server, tmp_path):
    """X previews, Y commits, X commits: X is refused, Y's change is kept (#18 item 3)."""
    base, data = admin_server
    x, y = new_page(browser), new_page(browser)
    _login(x, base)
    _login(y, base)
    x_book = _edited_workbook(data, tmp_path / "X.xlsx", 850_000, "約85万人")
    y_book = _edited_workbook(data, tmp_path / "Y.xlsx", 900_000, "約90万人")
    x.locator("input[type='file']").set_input_files(str(x_book))
    x.get_by_text("プレビュー：「X.xlsx」").wait_for(timeout=60_000)
    y.locator("input[type='file']").set_input_files(str(y_book))
    y.get_by_text("プレビュー：「Y.xlsx」").wait_for(timeout=60_000)
    y.get_by_role("button", name="この内容で更新する").click()
    y.get_by_text("に更新しました。").wait_for()
    y_version = store.current_version_id(data)

    x.get_by_role("button", name="この内容で更新する").click()
    x.get_by_text("今のバージョンが変わりました").wait_for()
    text = x.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert "何も書き込んでいません" in text
    assert "に更新しました。" not in text
    # The file is checked again against the new current version: a fresh preview.
    x.get_by_text("プレビュー：「X.xlsx」").wait_for(timeout=60_000)
    screenshot(x, "admin-import-refused-base-moved")
    assert store.current_version_id(data) == y_version
    assert load_dataset(data).metrics.query("metric == '友だち登録数'")["value"].iloc[0] == 900_000
    x.context.close()
    y.context.close()
    store.rollback(data, store.BASE_VERSION)


def test_a_header_only_csv_needs_an_explicit_confirmation(browser, admin_server, tmp_path):
    """Deleting more than half of a table: the commit button waits for a checkbox (#18 12c)."""
    base, data = admin_server
    page = new_page(browser)
    _login(page, base)
    header_only = tmp_path / "数値.csv"
    header_only.write_text(
        "施策ID,指標,数値（表記）,値,単位,修飾語,分類,時点,時点（表記）,注記,出典\n",
        encoding="utf-8",
    )
    rows = load_dataset(data).metrics.shape[0]
    page.locator("input[type='file']").set_input_files(str(header_only))
    page.get_by_text("プレビュー：「数値.csv」").wait_for(timeout=60_000)
    page.get_by_text(f"シート「数値」の{rows}件中{rows}件が削除されます").wait_for()
    commit = page.get_by_role("button", name="この内容で更新する")
    assert commit.is_disabled()
    commit.scroll_into_view_if_needed()
    screenshot(page, "admin-mass-delete-confirmation")
    page.get_by_text(f"シート「数値」の{rows}件中{rows}件の削除を確認しました").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('button')]"
        ".some(b => b.innerText.includes('この内容で更新する') && !b.disabled)"
    )
    commit.click()
    page.get_by_text("に更新しました。").wait_for()
    assert load_dataset(data).metrics.empty
    page.context.close()
    store.rollback(data, store.BASE_VERSION)
