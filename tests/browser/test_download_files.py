"""Downloads in a real Chromium: the filtered table as CSV/Excel, a chart as PNG, the PDF handout."""

from __future__ import annotations

import io
import subprocess
import zipfile

import openpyxl
import pandas as pd
import pytest
from PIL import Image

from dxdash.data.dataset import load_dataset
from dxdash.opendata import bundle
from dxdash.story.filters import Filters, filter_initiatives
from tests.browser.conftest import screenshot, wait_for_app
from tests.test_opendata import check_csv, check_xlsx, types_of

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
    assert list(table["施策ID"]) == list(expected["initiative_id"])
    assert set(table["分野"]) == {"教育"}
    assert "1人1台PCの整備状況 2020年度中に県立高校で100%" in set(table["施策名"])
    assert pd.api.types.is_numeric_dtype(table["開始年度"])  # 年度 as numbers, not 「2020年度」
    check_csv(raw, types_of(table, "ja"))  # the machine-readability rules, as downloaded

    xlsx_path = tmp_path / "table.xlsx"
    _download(page, "Excel").save_as(xlsx_path)
    sheet = openpyxl.load_workbook(xlsx_path).active
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == list(expected["initiative_id"])
    check_xlsx(xlsx_path.read_bytes(), types_of(table, "ja"))


def test_data_grid_toolbar_has_no_csv_of_the_display_table(page, app_url):
    """The grid's own CSV would be the table as displayed; only dxdash's buttons download."""
    page.goto(app_url + "/initiatives")
    wait_for_app(page)
    page.locator("[data-testid='stDataFrame']").first.hover()
    toolbar = page.locator("[data-testid='stElementToolbar']").first
    toolbar.wait_for(state="visible")
    assert toolbar.get_by_role("button").count() > 0  # the toolbar is there (search, fullscreen)
    assert page.get_by_role("button", name="Download as CSV").count() == 0


def test_english_download_has_english_headers_and_the_same_columns(page, app_url, tmp_path):
    page.goto(app_url + "/initiatives?lang=en")
    wait_for_app(page)
    path = tmp_path / "table.csv"
    _download(page, "CSV").save_as(path)
    table = pd.read_csv(path, encoding="utf-8-sig")
    assert table.columns[:3].tolist() == ["Initiative ID", "Initiative", "Field"]
    assert "Education" in set(table["Field"])  # vocabulary in English too
    check_csv(path.read_bytes(), types_of(table, "en"))


def test_opendata_zip_from_the_overview_page(page, app_url, tmp_path):
    page.goto(app_url + "/")
    wait_for_app(page, charts=2)
    caption = page.get_by_text("公共データ利用規約 第1.0版（PDL1.0", exact=False)
    assert caption.is_visible()  # the page says under what licence the bundle is
    path = tmp_path / "opendata.zip"
    download = _download(page, "オープンデータ（ZIP）")
    assert download.suggested_filename.endswith(".zip")
    download.save_as(path)
    assert path.read_bytes() == bundle.bundle_zip(load_dataset())  # the CLI's bundle
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path / "unzipped")
    folder = tmp_path / "unzipped" / bundle.BUNDLE_DIR
    metrics = pd.read_csv(folder / "metrics.csv", encoding="utf-8-sig")
    assert pd.api.types.is_numeric_dtype(metrics["値"])
    assert (folder / "README.txt").exists()
    assert (folder / "LICENSE.txt").exists()
    caption.scroll_into_view_if_needed()
    screenshot(page, "overview_opendata")


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


def test_english_handout_pdf(page, app_url, tmp_path):
    """?lang=en downloads the English handout of the same story (file name in English too)."""
    page.goto(app_url + "/?lang=en&field=教育")
    wait_for_app(page, charts=1)
    path = tmp_path / "handout.pdf"
    download = _download(page, "Handout (PDF)")
    assert download.suggested_filename.startswith("dxdash_Handout_Field_Education_")
    download.save_as(path)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Gunma Prefecture DX Achievements" in text
    assert "Field: Education" in text
    assert "配布資料" not in text
    assert "印刷日" not in text


def test_easy_japanese_handout_pdf(page, app_url, tmp_path):
    """?lang=easy downloads the handout in やさしい日本語: readings in brackets, cited in Japanese."""
    page.goto(app_url + "/?lang=easy&field=教育")
    wait_for_app(page, charts=1)
    path = tmp_path / "handout.pdf"
    download = _download(page, "くばる 資料（PDF）")
    download.save_as(path)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    assert "割合（わりあい）" in flat  # the summary's takeaway, said plainly
    assert "出典：" in flat
    assert "Source:" not in text
