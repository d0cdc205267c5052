"""Downloads: CSV and .xlsx parsed back by real readers (pandas, csv, openpyxl), and file names."""

from __future__ import annotations

import codecs
import csv
import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from dxdash.locale import get_locale
from dxdash.opendata import export
from dxdash.opendata.export import download_file_name, table_to_csv_bytes, table_to_xlsx_bytes
from dxdash.story import tables

TODAY = date(2026, 11, 26)


def japanese_frame() -> pd.DataFrame:
    """Figures as the pages show them: Japanese headers and wording, numbers, a missing value."""
    return pd.DataFrame(
        {
            "施策": ["LINE「群馬県デジタル窓口」", "ワクチン接種予約", "ぐんまワクチン手帳"],
            "数値（報告書の表記）": ["約80万人", "約180万回", "約40万人"],
            "値（基本単位）": [800000, 1800000, 400000],
            "割合": [0.5, 89.0, 12.25],
            "時点": ["2023年10月時点", "2023年12月末実績", None],
        }
    )


def excel_decode(data: bytes) -> str:
    """Decode a CSV the way Excel on Japanese Windows does: UTF-8 only with a BOM, else CP932."""
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig")
    return data.decode("cp932", errors="replace")


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# --- CSV ------------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_and_crlf():
    data = table_to_csv_bytes(japanese_frame())
    assert data.startswith(codecs.BOM_UTF8)
    assert data.count(codecs.BOM_UTF8) == 1
    lines = data[len(codecs.BOM_UTF8) :].split(b"\r\n")
    assert len(lines) == 1 + 3 + 1  # header, three rows, nothing after the last CRLF
    assert lines[-1] == b""
    assert all(b"\n" not in line and b"\r" not in line for line in lines)


def test_csv_round_trips_through_pandas():
    frame = japanese_frame()
    back = pd.read_csv(io.BytesIO(table_to_csv_bytes(frame)), encoding="utf-8-sig")
    expected = frame.assign(時点=frame["時点"].astype(object))
    pd.testing.assert_frame_equal(back, expected, check_dtype=False)
    assert back.columns.tolist() == [
        "施策",
        "数値（報告書の表記）",
        "値（基本単位）",
        "割合",
        "時点",
    ]


def test_csv_round_trips_through_the_csv_module():
    rows = csv_rows(table_to_csv_bytes(japanese_frame()))
    assert rows[0] == ["施策", "数値（報告書の表記）", "値（基本単位）", "割合", "時点"]
    assert rows[1] == ["LINE「群馬県デジタル窓口」", "約80万人", "800000", "0.5", "2023年10月時点"]
    assert rows[3][-1] == ""  # missing as:of is an empty cell, not "None" or "nan"
    assert rows[2][3] == "89"  # 89.0 written as the number people write


def test_csv_opens_in_excel_as_japanese():
    data = table_to_csv_bytes(japanese_frame())
    text = excel_decode(data)
    assert "LINE「群馬県デジタル窓口」" in text
    assert "約80万人" in text
    # Without the BOM, Excel would read the same bytes as CP932 and garble the Japanese.
    assert "約80万人" not in excel_decode(data[len(codecs.BOM_UTF8) :])


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+81", "'+81"),
        ("-x", "'-x"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ('=HYPERLINK("http://example.invalid","x")', '\'=HYPERLINK("http://example.invalid","x")'),
        ("-5", "'-5"),  # text that looks like a number is still text
        ("約80万人", "約80万人"),
        ("1+1", "1+1"),
        ("G-WALK+", "G-WALK+"),
        ("", ""),
    ],
)
def test_csv_neutralises_formula_text(cell, written):
    data = table_to_csv_bytes(pd.DataFrame({"施策": [cell]}))
    assert csv_rows(data)[1] == [written]
    assert pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)[
        "施策"
    ].tolist() == [written]


@pytest.mark.parametrize("number", [-5, -0.5, -1800000, 0])
def test_csv_negative_numbers_stay_numbers(number):
    data = table_to_csv_bytes(pd.DataFrame({"値": [number]}))
    assert csv_rows(data)[1] == [str(number)]
    assert pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")["値"].tolist() == [number]


def test_csv_neutralises_header_names():
    rows = csv_rows(table_to_csv_bytes(pd.DataFrame({"=cmd": [1], "施策": ["x"]})))
    assert rows[0] == ["'=cmd", "施策"]


def test_csv_joins_lists_and_keeps_newlines_inside_cells():
    frame = pd.DataFrame(
        {"初の取組": [("全国初", "都道府県初"), ()], "概要": ["一行目\n二行目", "x"]}
    )
    rows = csv_rows(table_to_csv_bytes(frame))
    assert rows[1] == ["全国初、都道府県初", "一行目\n二行目"]
    assert rows[2] == ["", "x"]


def test_csv_of_the_real_initiatives_table(dataset):
    table = tables.initiatives_table(
        dataset.initiatives, dataset.metrics, locale=get_locale("ja")
    ).shown()
    back = pd.read_csv(io.BytesIO(table_to_csv_bytes(table)), encoding="utf-8-sig")
    assert len(back) == len(table) == 41
    assert back["施策"].tolist() == table["施策"].tolist()
    assert back.columns.tolist() == table.columns.tolist()
    assert "約80万人" in back["主な数値"].tolist()
    years = back["年度"].dropna().astype(int).tolist()
    assert years == [int(y) for y in table["年度"].dropna()]


# --- xlsx -----------------------------------------------------------------------------------


def load_sheet(data: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert len(workbook.worksheets) == 1
    return workbook.worksheets[0]


def test_xlsx_round_trips_through_openpyxl_and_pandas():
    frame = japanese_frame()
    data = table_to_xlsx_bytes(frame, "利用実績")
    sheet = load_sheet(data)
    assert sheet.title == "利用実績"
    assert [c.value for c in sheet[1]] == frame.columns.tolist()
    assert sheet["B2"].value == "約80万人"
    assert sheet["C2"].value == 800000
    assert sheet["C2"].data_type == "n"
    assert sheet["E4"].value is None
    assert sheet.freeze_panes == "A2"
    back = pd.read_excel(io.BytesIO(data), engine="openpyxl")
    pd.testing.assert_frame_equal(back, frame.assign(時点=frame["時点"]), check_dtype=False)


@pytest.mark.parametrize("text", ["=1+1", '=HYPERLINK("http://x")', "+81", "-x", "@SUM", "\t=1"])
def test_xlsx_text_is_never_a_formula(text):
    sheet = load_sheet(table_to_xlsx_bytes(pd.DataFrame({"施策": [text], "=見出し": [1]}), "x"))
    assert sheet["A2"].value == text  # kept exactly, no quote added
    assert sheet["A2"].data_type == "s"
    assert sheet["B1"].value == "=見出し"
    assert sheet["B1"].data_type == "s"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_negative_numbers_stay_numbers():
    sheet = load_sheet(table_to_xlsx_bytes(pd.DataFrame({"値": [-5, -0.5]}), "x"))
    assert (sheet["A2"].value, sheet["A3"].value) == (-5, -0.5)
    assert sheet["A2"].data_type == "n"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("施策一覧", "施策一覧"),
        ("利用実績/人:回", "利用実績_人_回"),
        ("[達成率]*?", "_達成率___"),
        ("あ" * 40, "あ" * 31),
        ("", "Sheet1"),
    ],
)
def test_xlsx_sheet_names_are_valid(name, title):
    assert load_sheet(table_to_xlsx_bytes(pd.DataFrame({"a": [1]}), name)).title == title


def test_xlsx_of_the_real_models_table(dataset):
    table = tables.models_table(dataset.initiatives, get_locale("ja")).shown()
    sheet = load_sheet(table_to_xlsx_bytes(table, "群馬モデル"))
    assert sheet.max_row == 1 + 15
    assert [c.value for c in sheet[1]] == table.columns.tolist()
    names = [sheet.cell(row=r, column=3).value for r in range(2, 17)]
    assert names == table["事業名"].tolist()


# --- file names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "ext", "expected"),
    [
        ("施策一覧", "csv", "dxdash_施策一覧_2026-11-26.csv"),
        ("利用実績", ".XLSX", "dxdash_利用実績_2026-11-26.xlsx"),
        ("利用者数・利用回数（人）", "png", "dxdash_利用者数_利用回数_人_2026-11-26.png"),
        ("ＬＩＮＥ 友だち", "csv", "dxdash_LINE_友だち_2026-11-26.csv"),
        ("../../etc/passwd", "csv", "dxdash_etc_passwd_2026-11-26.csv"),
        ('a<b>:"c"|?*', "pdf", "dxdash_a_b_c_2026-11-26.pdf"),
        ("dxdash_配布資料", "pdf", "dxdash_配布資料_2026-11-26.pdf"),
        ("", "csv", "dxdash_2026-11-26.csv"),
    ],
)
def test_download_file_name(stem, ext, expected):
    assert download_file_name(stem, ext, today=TODAY) == expected


def test_download_file_name_is_safe_and_dated_today():
    name = download_file_name("施策 一覧\n/\\", "csv")
    assert name.endswith(f"_{date.today().isoformat()}.csv")
    assert not set(name) & set(' /\\\n\r\t:*?"<>|')


def test_neutralize_formula_leaves_plain_text_alone():
    assert export.neutralize_formula("約80万人") == "約80万人"
    assert export.neutralize_formula("=x") == "'=x"


def test_missing_numbers_are_empty_cells_never_zero():
    """Nullable integers and floats (opendata's columns): a missing value is an empty cell."""
    frame = pd.DataFrame(
        {
            "年度": pd.array([2020, None], dtype="Int64"),
            "値": pd.array([0.5, None], dtype="Float64"),
            "修飾語": pd.Series(["約", None], dtype=object),
        }
    )
    assert csv_rows(table_to_csv_bytes(frame))[1:] == [["2020", "0.5", "約"], ["", "", ""]]
    sheet = load_sheet(table_to_xlsx_bytes(frame, "x"))
    assert [c.value for c in sheet[3]] == [None, None, None]
    assert (sheet["A2"].value, sheet["A2"].data_type) == (2020, "n")
