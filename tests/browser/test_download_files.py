"""Downloads in a real Chromium: the filtered table as CSV/Excel, a chart as PNG, the PDF handout."""

from __future__ import annotations

import io
import subprocess

import openpyxl
import pandas as pd
import pytest
from PIL import Image

from dxdash.data import load_dataset
from dxdash.filters import Filters, filter_initiatives
from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser


def _download(page, button_name: str, nth: int = 0):
    with page.expect_download() as info:
        # exact: Streamlit's own table toolbar has a "Download as CSV" button too
        page.get_by_role("button", name=button_name, exact=True).nth(nth).click()
    return info.value


def test_filtered_table_downloads_as_csv_and_excel(page, app_url, tmp_path):
    page.goto(app_url + "/initiatives?field=教育")
    wait_for_app(page)
    expected = filter_initiatives(load_dataset().initiatives, Filters(fields=("教育",)))

    csv_path = tmp_path / "table.csv"
    download = _download(page, "CSV")
    assert download.suggested_filename.endswith(".csv")
    download.save_as(csv_path)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel on Japanese Windows opens it as UTF-8
    table = pd.read_csv(csv_path, encoding="utf-8-sig")
    assert list(table["initiative_id"]) == list(expected["initiative_id"])
    assert set(table["分野"]) == {"教育"}
    assert "1人1台PCの整備状況 2020年度中に県立高校で100%" in set(table["施策"])

    xlsx_path = tmp_path / "table.xlsx"
    _download(page, "Excel").save_as(xlsx_path)
    sheet = openpyxl.load_workbook(xlsx_path).active
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == list(expected["initiative_id"])


def test_chart_downloads_as_png_with_japanese(page, app_url, tmp_path):
    page.goto(app_url + "/")
    wait_for_app(page, charts=2)
    page.get_by_text("表で見る・ダウンロード").first.click()
    path = tmp_path / "chart.png"
    _download(page, "画像（PNG）").save_as(path)
    image = Image.open(io.BytesIO(path.read_bytes())).convert("L")
    dark = sum(image.histogram()[:128])  # pixels darker than mid-grey
    assert image.width > 600
    assert dark > 2000  # bars and Japanese labels were drawn (not blank)


def test_handout_pdf_of_the_filtered_view(page, app_url, tmp_path):
    page.goto(app_url + "/?field=教育")
    wait_for_app(page, charts=1)
    path = tmp_path / "handout.pdf"
    download = _download(page, "配布資料（PDF）")
    assert download.suggested_filename.endswith(".pdf")
    download.save_as(path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "群馬県 DX推進実績" in text
    assert "分野：教育" in text
    assert "約80万人" not in text  # LINE is 行政: not in an 教育 handout
    assert "印刷日" in text
