"""Tables as files to take away: CSV for Excel, .xlsx, and a safe dated file name.

Pure functions from a DataFrame to bytes (no Streamlit), so every download is tested by
parsing it back. The report's wording travels unchanged; only what a spreadsheet would
misread is guarded:

* CSV is UTF-8 with a BOM (Excel otherwise decodes it as CP932 and garbles the Japanese) and
  CRLF line ends; text cells that a spreadsheet would run as a formula (starting with = + - @,
  tab or CR) get a leading ``'`` (OWASP "CSV injection"). Numbers stay numbers, so -5 is -5.
* .xlsx stores every text cell as a string (data_type ``s``), never a formula, so it keeps
  the text exactly as printed.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

CSV_ENCODING = "utf-8-sig"  # UTF-8 with BOM: what Excel needs to read Japanese CSV
CSV_LINE_END = "\r\n"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
INJECTION_GUARD = "'"
LIST_SEPARATOR = "、"  # tuples such as firsts (全国初、都道府県初) as the pages show them
FILE_PREFIX = "dxdash"
SHEET_NAME_MAX = 31  # Excel's limit
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
COLUMN_WIDTH_MAX = 60


def neutralize_formula(text: str) -> str:
    """Prefix text a spreadsheet would evaluate (=1+1, +81, -x, @SUM, tab, CR) with ``'``."""
    return INJECTION_GUARD + text if text.startswith(FORMULA_PREFIXES) else text


def _is_missing(value: object) -> bool:
    """True for None, NaN, NaT and pd.NA (but not for lists or tuples)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _plain(value: object) -> Any:
    """One cell as a plain Python value: lists joined, numpy scalars unwrapped, NA as None."""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if _is_missing(value):
        return None
    if isinstance(value, np.generic):  # numpy int64, float64, bool_ → int, float, bool
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 800000.0 → 800000: the same number, as people write it
    return value


def _plain_rows(df: pd.DataFrame) -> list[list[Any]]:
    """The frame's rows with every cell plain, so text and numbers can be told apart."""
    columns = [[_plain(v) for v in df.iloc[:, i]] for i in range(df.shape[1])]
    return [list(row) for row in zip(*columns, strict=True)] if columns else [[]] * len(df)


def _header(df: pd.DataFrame) -> list[str]:
    """Column names as text (a MultiIndex is joined with ／)."""
    return [
        "／".join(str(part) for part in name) if isinstance(name, tuple) else str(name)
        for name in df.columns
    ]


def table_to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The table as CSV for Excel: UTF-8 with BOM, CRLF, formula-like text neutralised.

    The index is not written; column names are the header row. Text cells (and header names)
    starting with = + - @, tab or CR get a leading ``'``; numeric cells are written as numbers.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=CSV_LINE_END)
    writer.writerow([neutralize_formula(name) for name in _header(df)])
    for row in _plain_rows(df):
        writer.writerow([neutralize_formula(v) if isinstance(v, str) else v for v in row])
    return buffer.getvalue().encode(CSV_ENCODING)


def _sheet_title(name: str) -> str:
    """A valid Excel sheet name: no []:*?/\\, at most 31 characters, never empty."""
    cleaned = SHEET_NAME_FORBIDDEN.sub("_", name).strip().strip("'")
    return cleaned[:SHEET_NAME_MAX] or "Sheet1"


def _display_width(text: str) -> int:
    """Width in Excel columns: full-width (Japanese) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _xlsx_value(value: object) -> Any:
    """A cell value openpyxl can store: text without illegal control characters."""
    value = _plain(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, (int, float, bool, date, datetime)) or value is None:
        return value
    return str(value)


def table_to_xlsx_bytes(df: pd.DataFrame, sheet_name: str) -> bytes:
    """The table as an .xlsx workbook of one sheet: bold frozen header, text never a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(sheet_name)
    header = _header(df)
    widths = [_display_width(name) for name in header]
    for col, name in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=col, value=ILLEGAL_CHARACTERS_RE.sub("", name))
        cell.data_type = "s"
        cell.font = Font(bold=True)
    for row_number, row in enumerate(_plain_rows(df), start=2):
        for col, raw in enumerate(row, start=1):
            value = _xlsx_value(raw)
            cell = sheet.cell(row=row_number, column=col, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # "=1+1" stays the text =1+1, never a formula
                if "\n" in value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                longest = max(_display_width(line) for line in value.split("\n"))
            else:
                longest = _display_width(str(value)) if value is not None else 0
            widths[col - 1] = max(widths[col - 1], longest)
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = min(width + 2, COLUMN_WIDTH_MAX)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _safe_part(text: str) -> str:
    """Letters and digits of any script (Japanese kept), - and _; everything else becomes _."""
    normalized = unicodedata.normalize("NFKC", text)
    kept = [
        c if c in "-_" or (unicodedata.category(c)[0] in "LN" and c.isprintable()) else "_"
        for c in normalized
    ]
    return re.sub(r"_+", "_", "".join(kept)).strip("_-")


STEM_MAX = 60


def download_file_name(stem: str, ext: str, *, today: date | None = None) -> str:
    """A safe dated file name: ``download_file_name("施策一覧", "csv")`` → dxdash_施策一覧_2026-11-26.csv.

    Japanese letters and ASCII letters, digits, - and _ are kept; spaces, slashes, dots and
    other punctuation become _, so the name is safe on Windows, macOS and in a URL header.
    """
    day = today or date.today()
    part = _safe_part(stem)[:STEM_MAX].rstrip("_-")
    if part.casefold().startswith(FILE_PREFIX):
        part = part[len(FILE_PREFIX) :].lstrip("_-")
    extension = re.sub(r"[^a-z0-9]", "", ext.lower().lstrip("."))
    name = "_".join(p for p in (FILE_PREFIX, part, day.isoformat()) if p)
    return f"{name}.{extension}" if extension else name
