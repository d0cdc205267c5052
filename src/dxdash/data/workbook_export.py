"""Writing dxdash's tables as an Excel workbook for staff to edit: one sheet per table with
Japanese headers, dropdowns for vocabularies, and a 説明 sheet; importing it unedited gives back
identical tables."""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import openpyxl
import pyarrow as pa
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dxdash.data.schema import TABLE_NAMES, TABLE_SCHEMAS
from dxdash.data.validation import DataError
from dxdash.data.workbook_cells import escape_ooxml
from dxdash.data.workbook_sheets import (
    DATE,
    DATE_EXAMPLES,
    DATE_HELP,
    EXPLANATION_SHEET,
    FISCAL_YEAR,
    FY_EXAMPLES,
    FY_HELP,
    ID_HELP,
    INT,
    LIST,
    LIST_HELP,
    NUMBER_EXAMPLES,
    SCORE,
    SHEETS,
    TEXT,
    VALUE,
    Column,
    Sheet,
)

if TYPE_CHECKING:
    from dxdash.data.dataset import Dataset


def _py(value: Any) -> Any:
    """Turn a pandas/numpy cell into a plain Python value (NA → None, tuple → list)."""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value.item() if hasattr(value, "item") else value


def tables_from_dataset(dataset: Dataset) -> dict[str, pa.Table]:
    """Rebuild Arrow tables with the official schemas from a loaded Dataset."""
    tables = {"report": pa.Table.from_pylist([dataset.report], schema=TABLE_SCHEMAS["report"])}
    for name in TABLE_NAMES:
        if name == "report":
            continue
        frame = getattr(dataset, name)
        columns = [f.name for f in TABLE_SCHEMAS[name]]
        rows = [{c: _py(record[c]) for c in columns} for record in frame.to_dict("records")]
        tables[name] = pa.Table.from_pylist(rows, schema=TABLE_SCHEMAS[name])
    return {name: tables[name] for name in TABLE_NAMES}


def _as_tables(source: Dataset | Mapping[str, pa.Table]) -> dict[str, pa.Table]:
    """Accept a Dataset or a mapping of Arrow tables."""
    if isinstance(source, Mapping):
        missing = [name for name in TABLE_NAMES if name not in source]
        if missing:
            raise DataError([f"書き出すテーブルがありません: {'、'.join(missing)}"])
        return {name: source[name] for name in TABLE_NAMES}
    return tables_from_dataset(source)


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def _write_cell(ws: Any, row: int, col: int, column: Column, value: Any) -> None:
    """Write one value the way it reads back identically (text stays text, dates stay dates)."""
    cell = ws.cell(row=row, column=col)
    if column.kind == LIST:
        value = "\n".join(value or []) or None
    if value is None:
        cell.value = None
    elif column.kind in (TEXT, LIST):
        cell.value = escape_ooxml(value)
        if value.startswith("="):  # text, never a formula
            cell.data_type = "s"
    elif column.kind == DATE:
        cell.value = value
    else:
        cell.value = value
    if column.kind in (TEXT, LIST):
        cell.number_format = "@"  # what staff type here stays text (2021.10 is not 2021.1)
        cell.alignment = _WRAP if column.kind == LIST or column.name == "summary" else _TOP
    elif column.kind == DATE:
        cell.number_format = "yyyy-mm-dd"
        cell.alignment = _TOP
    else:
        cell.alignment = _TOP


def _column_width(column: Column, values: Iterable[Any]) -> float:
    """A readable column width: the longest line (full-width counted double), capped."""

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    longest = width(column.header)
    for value in values:
        if value is None:
            continue
        lines = value if isinstance(value, list) else str(value).split("\n")
        for line in lines:
            longest = max(longest, width(str(line)))
    return min(max(longest + 2, 8), 60)


def _write_sheet(wb: Any, sheet: Sheet, table: pa.Table) -> None:
    """Write one table as a sheet: bold header, frozen first row, dropdowns for vocabularies."""
    ws = wb.create_sheet(sheet.title)
    data = table.select([c.name for c in sheet.columns]).to_pylist()
    for col, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=col, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        for row, record in enumerate(data, start=2):
            _write_cell(ws, row, col, column, record[column.name])
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = _column_width(
            column, (record[column.name] for record in data)
        )
        if column.allowed:
            listed = f'"{",".join(column.allowed)}"'
            check = DataValidation(type="list", formula1=listed, allow_blank=True)
            check.error = f"使える値: {'、'.join(column.allowed)}"
            check.errorTitle = column.header
            check.showErrorMessage = True
            ws.add_data_validation(check)
            check.add(f"{letter}2:{letter}{max(len(data) + 200, 500)}")
    ws.freeze_panes = "A2"


def _write_explanation(wb: Any) -> None:
    """The 説明 sheet: how to edit, and every column with its allowed values."""
    ws = wb.create_sheet(EXPLANATION_SHEET)
    intro = [
        "dxdash の数値更新用ブックです。編集して `python -m dxdash import このファイル.xlsx` で取り込みます。",
        "1行目は見出しです。見出しの文字は変えず、列を足したり消したりしないでください（列の順序は自由です）。",
        "数式は使えません（取り込み時にエラーになります）。値を直接入力するか「値の貼り付け」をしてください。",
        f"数値の書き方: {NUMBER_EXAMPLES}。修飾語（約・超・以上・程度・見込）は 修飾語 列と食い違ってはいけません。",
        f"日付の書き方: 日付のセル、または {DATE_EXAMPLES}。",
        f"年度の書き方: {FY_EXAMPLES}。",
        "一覧の列（コメント・初の取組・関連施策ID）は、セルの中で1行に1項目です（改行は Alt+Enter）。",
        "行を足すと追加、消すと削除、書き換えると変更として、取り込む前に一覧で確認できます（--dry-run）。",
        "数値が新しくなったら、元の行は残して「数値」シートに行を足します（同じ施策ID・指標で、新しい時点と数値表記を入れる）。"
        "ダッシュボードは最新の時点の値を示し、前回からの変化と推移のグラフを添えます。"
        "元の行を書き換えると以前の値は残りません。同じ数値に値が2つ以上あるときは、どの行にも時点が必要です。",
        "市町村ごとの数値は 市町村コード 列に全国地方公共団体コード（6桁。例: 前橋市 102016）を入れます。県全体の数値は空欄です。",
        "このシート（説明）は取り込まれません。",
    ]
    for row, line in enumerate(intro, start=1):
        ws.cell(row=row, column=1, value=line)
    start = len(intro) + 2
    headers = ("シート", "列", "内容", "書き方・使える値", "空欄")
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=start, column=col, value=text)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    row = start + 1
    for sheet in SHEETS:
        schema = TABLE_SCHEMAS[sheet.table]
        ws.cell(row=row, column=1, value=sheet.title)
        ws.cell(row=row, column=3, value=sheet.help)
        row += 1
        for column in sheet.columns:
            nullable = schema.field(column.name).nullable
            ws.cell(row=row, column=1, value=sheet.title)
            ws.cell(row=row, column=2, value=column.header)
            ws.cell(row=row, column=3, value=column.help)
            ws.cell(row=row, column=4, value=_how_to_write(column))
            blank = "可" if nullable or column.allow_empty or column.kind == LIST else "不可"
            ws.cell(row=row, column=5, value=blank)
            row += 1
    for letter, width in zip("ABCDE", (14, 22, 60, 70, 6), strict=True):
        ws.column_dimensions[letter].width = width


def _how_to_write(column: Column) -> str:
    """What a column accepts, for the 説明 sheet."""
    if column.allowed:
        return "次のいずれか: " + "、".join(column.allowed)
    if column.name.endswith("_id") and column.kind == TEXT:
        return ID_HELP
    return {
        TEXT: "文字",
        INT: "整数",
        FISCAL_YEAR: FY_HELP,
        DATE: DATE_HELP,
        VALUE: NUMBER_EXAMPLES,
        SCORE: "0〜100 の数値",
        LIST: LIST_HELP,
    }[column.kind]


def export_workbook(
    source: Dataset | Mapping[str, pa.Table], path: str | os.PathLike[str] | BinaryIO
) -> None:
    """Write the tables as an Excel workbook: one sheet per table plus a 説明 sheet.

    ``path`` may be a file name (written atomically: temp file + rename) or a binary file
    object (e.g. io.BytesIO for a download button). Importing the result without edits gives
    back identical tables.
    """
    tables = _as_tables(source)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in SHEETS:
        _write_sheet(wb, sheet, tables[sheet.table])
    _write_explanation(wb)
    if not isinstance(path, (str, os.PathLike)):
        wb.save(path)
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".xlsx", dir=target.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
