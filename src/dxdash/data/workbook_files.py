"""Reading an imported file into raw sheets: the upload's bytes (size-capped), each data
sheet of an .xlsx (after dxdash.data.workbook_guard's checks) or one table as CSV (encoding,
delimiter and which table its header row names), as cells not yet parsed."""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl
from openpyxl.utils import get_column_letter

from dxdash.data.workbook_cells import Cell, unescape_ooxml
from dxdash.data.workbook_guard import (
    MAX_COLUMNS,
    MAX_IMPORT_BYTES,
    MAX_ROWS,
    ImportProblems,
    SheetScan,
    check_xlsx,
)
from dxdash.data.workbook_sheets import EXPLANATION_SHEET, SHEETS, Sheet, norm

XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
ProgressCallback = Callable[[float, str], None]
Source = str | os.PathLike[str] | bytes | BinaryIO


@dataclass
class RawTable:
    """A sheet or CSV file before its cells are parsed."""

    place: str  # シート「数値」 or ファイル「metrics.csv」
    headers: list[tuple[int, str]]  # (0-based column, header text)
    rows: list[tuple[int, list[Cell]]]  # (row number as Excel shows it, cells)


def source_bytes(source: Source, name: str | None) -> tuple[bytes, str]:
    """Return the file's bytes and its name, refusing files over MAX_IMPORT_BYTES."""
    limit = f"{MAX_IMPORT_BYTES // (1024 * 1024)}MB"
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        label = name or path.name
        try:
            size = path.stat().st_size
            if size > MAX_IMPORT_BYTES:
                raise ImportProblems(
                    [f"ファイル「{label}」は {size:,} バイトで、上限 {limit} を超えています"]
                )
            return path.read_bytes(), label
        except FileNotFoundError:
            raise ImportProblems([f"ファイル「{path}」がありません"]) from None
        except IsADirectoryError:
            raise ImportProblems(
                [f"「{path}」はフォルダです。ファイルを指定してください"]
            ) from None
        except OSError as exc:
            raise ImportProblems(
                [f"ファイル「{path}」を読めません: {exc.strerror or exc}"]
            ) from None
    label = name or getattr(source, "name", None) or "アップロードされたファイル"
    data = (
        bytes(source)
        if isinstance(source, (bytes, bytearray))
        else source.read(MAX_IMPORT_BYTES + 1)
    )
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportProblems([f"ファイル「{label}」は上限 {limit} を超えています"])
    return data, Path(str(label)).name


def _open_workbook(data: bytes, label: str) -> tuple[Any, dict[str, SheetScan]]:
    """Open .xlsx bytes after the guards; zip and XML damage become Japanese sentences."""
    scans = check_xlsx(data, label, lambda title: _sheet_for(title) is not None)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on damaged parts; all mean the same here
        raise ImportProblems(
            [
                f"ファイル「{label}」を Excel ブック（.xlsx）として読めません。"
                "壊れているか途中までしか保存されていません。Excel で開き直して .xlsx で保存してください"
            ]
        ) from None
    return book, scans


def _excel_cell(cell: Any, row: int, col: int) -> Cell:
    """Wrap an openpyxl cell: its value, whether it is a formula or an error value."""
    value = getattr(cell, "value", None)
    if isinstance(value, str):
        value = unescape_ooxml(value)
    data_type = getattr(cell, "data_type", None)
    is_formula = data_type == "f" or (isinstance(value, str) and value.startswith("="))
    return Cell(
        value=value,
        coordinate=f"{get_column_letter(col + 1)}{row}",
        formula=is_formula,
        error=data_type == "e",
        number_format=getattr(cell, "number_format", None) or "General",
    )


def _raw_from_sheet(
    ws: Any, place: str, problems: list[str], scan: SheetScan | None = None
) -> RawTable | None:
    """Read a worksheet's header row and data rows (blank rows are skipped)."""
    ws.reset_dimensions()  # never trust a stored size: rows past it would be lost
    headers: list[tuple[int, str]] = []
    rows: list[tuple[int, list[Cell]]] = []
    last_row = scan.last_row if scan is not None and scan.last_row else None
    number = 0
    try:
        for number, cells in enumerate(ws.iter_rows(max_row=last_row), start=1):
            wrapped = [_excel_cell(c, number, i) for i, c in enumerate(cells)]
            if number == 1:
                headers = [
                    (i, str(c.value).strip())
                    for i, c in enumerate(wrapped)
                    if c.value is not None and str(c.value).strip()
                ]
                continue
            if all(
                c.value is None or (isinstance(c.value, str) and not c.value.strip())
                for c in wrapped
            ):
                continue
            if len(rows) >= MAX_ROWS:
                problems.append(f"{place}: 行が多すぎます（{MAX_ROWS:,}行まで）")
                return None
            rows.append((number, wrapped))
    except Exception:  # the guards catch known damage first; anything else is damage too
        problems.append(
            f"{place}の {number + 1}行目の付近を読めません（ファイルが壊れています。"
            "Excel で開き直して .xlsx で保存してください）"
        )
        return None
    if not headers:
        problems.append(f"{place}: 1行目に見出しがありません（1行目は列の見出しです）")
        return None
    return RawTable(place, headers, rows)


def _sheet_for(title: str) -> Sheet | None:
    """The sheet a workbook tab stands for: its Japanese title or the table's name."""
    normal = norm(title)
    for sheet in SHEETS:
        if normal in (norm(sheet.title), sheet.table):
            return sheet
    return None


def read_xlsx(
    data: bytes, label: str, problems: list[str], progress: ProgressCallback
) -> dict[str, RawTable]:
    """Read every data sheet of a workbook; report wrong, missing and repeated sheets."""
    wb, scans = _open_workbook(data, label)
    raw: dict[str, RawTable] = {}
    try:
        titles = wb.sheetnames
        expected = "、".join(f"「{s.title}」" for s in SHEETS)
        worksheets = {ws.title: ws for ws in wb.worksheets}
        for index, title in enumerate(titles):
            if norm(title) == norm(EXPLANATION_SHEET):
                continue
            sheet = _sheet_for(title)
            if sheet is None:
                problems.append(
                    f"ファイル「{label}」のシート「{title}」は取り込めません"
                    f"（取り込むシート: {expected}、{EXPLANATION_SHEET}。不要なシートは削除してください）"
                )
                continue
            if sheet.table in raw:
                problems.append(
                    f"ファイル「{label}」にシート「{sheet.title}」が2つあります（「{title}」）"
                )
                continue
            if title not in worksheets:
                problems.append(f"ファイル「{label}」のシート「{title}」は表のシートではありません")
                continue
            progress(0.1 + 0.6 * index / max(len(titles), 1), f"シート「{title}」を読んでいます")
            table = _raw_from_sheet(
                worksheets[title], f"シート「{title}」", problems, scans.get(title)
            )
            if table is not None:
                raw[sheet.table] = table
        for sheet in SHEETS:
            if sheet.table not in raw and not any(_sheet_for(t) is sheet for t in titles):
                problems.append(
                    f"ファイル「{label}」にシート「{sheet.title}」がありません"
                    f"（必要なシート: {expected}。`python -m dxdash export` で書き出したブックを使ってください）"
                )
    finally:
        wb.close()
    return raw


def _decode_csv(data: bytes, label: str) -> str:
    """Decode a CSV: UTF-8 (with or without BOM), UTF-16 with BOM, or Shift_JIS/CP932."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", "UTF-8（BOM付き）")]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", "UTF-16")]
    else:
        candidates = [("utf-8", "UTF-8"), ("cp932", "Shift_JIS（CP932）")]
    for encoding, _ in candidates:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    names = "・".join(n for _, n in candidates)
    raise ImportProblems(
        [
            f"ファイル「{label}」の文字コードを読めません（{names} として読めませんでした）。"
            "Excel で「CSV UTF-8（コンマ区切り）」か「CSV（コンマ区切り）」で保存してください"
        ]
    )


def _identify(headers: list[tuple[int, str]]) -> Sheet | None:
    """Which table a CSV holds: the sheet whose columns its header row names the most.

    A header may be the Japanese header or the column's name; the file name does not matter.
    At least half of the header row and half of the table's columns must match.
    """
    given = {norm(h) for _, h in headers}
    best, best_score = None, 0.0
    for sheet in SHEETS:
        matched = {
            column.name
            for column in sheet.columns
            if norm(column.header) in given or column.name in given
        }
        score = len(matched) / max(len(given), len(sheet.columns))
        if score > best_score:
            best, best_score = sheet, score
    return best if best_score >= 0.5 else None


def read_csv(data: bytes, label: str, problems: list[str]) -> tuple[str, RawTable] | None:
    """Read a CSV file as one table, identified by its header row."""
    if data.startswith(b"PK\x03\x04"):
        raise ImportProblems(
            [f"ファイル「{label}」は Excel ブックです。拡張子を .xlsx にして取り込んでください"]
        )
    text = _decode_csv(data, label)
    if "\x00" in text:
        raise ImportProblems(
            [f"ファイル「{label}」は表（CSV）ではありません（バイナリファイルです）"]
        )
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    place = f"ファイル「{label}」"
    headers: list[tuple[int, str]] = []
    rows: list[tuple[int, list[Cell]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            if len(record) > MAX_COLUMNS:
                while record and not record[-1].strip():
                    record.pop()  # Excel pads every row to the widest one
                if len(record) > MAX_COLUMNS:
                    raise ImportProblems(
                        [
                            f"{place}の {number}行目: 列が多すぎます（{len(record):,}列。"
                            f"{MAX_COLUMNS}列まで）"
                        ]
                    )
            cells = [
                Cell(
                    value=value if value.strip() else None,
                    coordinate=f"{get_column_letter(i + 1)}{number}",
                    formula=value.startswith("="),
                )
                for i, value in enumerate(record)
            ]
            if number == 1:
                headers = [(i, v.strip()) for i, v in enumerate(record) if v.strip()]
                continue
            if all(c.value is None for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportProblems([f"{place}: 行が多すぎます（{MAX_ROWS:,}行まで）"])
            rows.append((number, cells))
    except csv.Error as exc:
        raise ImportProblems(
            [
                f"{place}の {reader.line_num}行目付近を CSV として読めません"
                f'（引用符 " の対応を確認してください: {exc}）'
            ]
        ) from None
    if not headers:
        raise ImportProblems([f"{place} は空です（1行目に列の見出しが必要です）"])
    sheet = _identify(headers)
    if sheet is None:
        tables = "; ".join(f"{s.title}: {'、'.join(c.header for c in s.columns)}" for s in SHEETS)
        raise ImportProblems(
            [
                f"{place} はどの表のCSVか分かりません。1行目の見出し"
                f"（{'、'.join(h for _, h in headers[:8])}）がどの表とも合いません"
                f"（表ごとの見出し — {tables}）"
            ]
        )
    return sheet.table, RawTable(place, headers, rows)
