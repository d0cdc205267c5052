"""Excel/CSV export and import of dxdash's tables, for staff who keep the figures current.

``export_workbook`` writes one sheet per table with Japanese headers and a 説明 sheet.
``read_import`` reads such a workbook (or one table as CSV) back into Arrow tables, accepting
numbers and dates as people type them, and raises :class:`ImportProblems` listing *every*
problem at once — each naming the sheet or file, the row as Excel shows it, the column header,
the bad value and what is expected. Nothing is written by this module; dxdash.data.store does that.
"""

from __future__ import annotations

import calendar
import codecs
import csv
import io
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import openpyxl
import pyarrow as pa
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dxdash.data.build import parse_started
from dxdash.data.schema import (
    EVENT_KINDS,
    FIELD_SOURCES,
    FIELDS,
    GUNMA_MODEL_TYPES,
    METRIC_CATEGORIES,
    QUALIFIERS,
    TABLE_NAMES,
    TABLE_SCHEMAS,
)
from dxdash.data.validation import DataError, validate_tables
from dxdash.data.workbook_guard import (
    MAX_COLUMNS,
    MAX_IMPORT_BYTES,
    MAX_ROWS,
    ImportProblems,
    ProblemList,
    SheetScan,
    check_xlsx,
)
from dxdash.locale.japanese import parse_figure_ja, parse_fiscal_year_ja, parse_month_ja

if TYPE_CHECKING:
    from dxdash.data.dataset import Dataset

EXPLANATION_SHEET = "説明"
XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")

ProgressCallback = Callable[[float, str], None]
Source = str | os.PathLike[str] | bytes | BinaryIO


# ---------------------------------------------------------------------------
# the sheets and their columns
# ---------------------------------------------------------------------------

TEXT, INT, FISCAL_YEAR, DATE, VALUE, SCORE, LIST = (
    "text",
    "int",
    "fiscal_year",
    "date",
    "value",
    "score",
    "list",
)


@dataclass(frozen=True)
class Column:
    """One column of a sheet: schema name, Japanese header, how cells are read, what it means."""

    name: str
    header: str
    kind: str
    help: str
    allowed: tuple[str, ...] = ()
    allow_empty: bool = False  # a required text column that may be "" (e.g. 単位 of a ratio)
    optional: bool = False  # the header may be missing (files made before the column existed)


@dataclass(frozen=True)
class Sheet:
    """One table as a sheet of the workbook."""

    table: str
    title: str
    help: str
    columns: tuple[Column, ...]


_DATE_HELP = "日付のセル、または 2023-10-01・2023/10・2023年10月・2023年12月末・令和5年10月・R5.10"
_FY_HELP = "2023・2023年度・令和5年度・R5年度・FY2023（4月〜翌3月）"
_LIST_HELP = "1行に1項目（セル内の改行は Alt+Enter）"
_ID_HELP = "英小文字・数字・ハイフン（例: g-walk）。一度使ったIDは変えない・使い回さない"

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "initiatives",
        "施策",
        "施策（取組）1件が1行",
        (
            Column("initiative_id", "施策ID", TEXT, "施策のID", allowed=()),
            Column("report_order", "掲載順", INT, "報告書での掲載順（1 = 最初のスライド）"),
            Column("name", "施策名", TEXT, "スライドの見出し"),
            Column("short_name", "略称", TEXT, "グラフ・カード用の短い名前（dxdash独自）"),
            Column("field", "分野", TEXT, "分野", allowed=FIELDS),
            Column(
                "field_source",
                "分野の根拠",
                TEXT,
                "report = スライドに印字された分野、assigned = dxdash が付けた分野",
                allowed=FIELD_SOURCES,
            ),
            Column(
                "started",
                "開始",
                DATE,
                "開始した月の1日（空欄なら 開始（報告書の表記）から読み取る）",
            ),
            Column(
                "started_text",
                "開始（報告書の表記）",
                TEXT,
                "報告書の表記どおり（例: 2021.6~、2023年度～）。開始・年度と食い違ってはいけない",
            ),
            Column("started_note", "開始の注記", TEXT, "日付が開始でないときの意味"),
            Column("fiscal_year", "年度", FISCAL_YEAR, "開始の年度"),
            Column(
                "gunma_model", "群馬モデル", TEXT, "群馬モデルの種類", allowed=GUNMA_MODEL_TYPES
            ),
            Column(
                "gunma_model_no",
                "群馬モデルNo",
                INT,
                "群馬モデルの表の No.（群馬モデル と両方入れるか両方空）",
            ),
            Column("gunma_model_name", "群馬モデル事業名", TEXT, "群馬モデルの表の事業名"),
            Column("gunma_model_summary", "群馬モデル概要", TEXT, "群馬モデルの表の概要"),
            Column("summary", "概要", TEXT, "スライドの箇条書き（1行に1つ）", allow_empty=True),
            Column("comments", "コメント", LIST, "利用者の反応・コメント"),
            Column("firsts", "初の取組", LIST, "全国初・都道府県初などの記載"),
            Column("related", "関連施策ID", LIST, "一緒に説明されている施策の施策ID"),
            Column("source", "出典", TEXT, "報告書の見出し"),
        ),
    ),
    Sheet(
        "metrics",
        "数値",
        "数値（実績）1件が1行。新しい時点の値は行を足して入れる（施策ID・指標・時点・市町村コードの組は重複しない）",
        (
            Column(
                "initiative_id",
                "施策ID",
                TEXT,
                "施策シートの施策ID、またはプログラムシートのプログラムID",
            ),
            Column("metric", "指標", TEXT, "何を数えた数値か"),
            Column(
                "value_text",
                "数値（表記）",
                TEXT,
                "報告書・資料の表記どおり（例: 約80万人）。ダッシュボードに表示されるのはこの列。値と食い違ってはいけない",
            ),
            Column(
                "value",
                "値",
                VALUE,
                "数値（12300・１２，３００・80万・3億5,000万・約80万・6,000超 など）。空欄なら 数値（表記）から読み取る",
            ),
            Column("unit", "単位", TEXT, "人、回、円、%、件 など（比率は空欄）", allow_empty=True),
            Column("qualifier", "修飾語", TEXT, "正確な数値なら空欄", allowed=QUALIFIERS),
            Column(
                "category",
                "分類",
                TEXT,
                "何を数えたか（割合 の単位は %）",
                allowed=METRIC_CATEGORIES,
            ),
            Column("as_of", "時点", DATE, "数値がいつ時点のものか（月末は 2023年12月末 のように）"),
            Column("as_of_text", "時点（表記）", TEXT, "時点の表記どおり（例: 2023年12月末実績）"),
            Column("note", "注記", TEXT, "報告書の注記（※…）"),
            Column("source", "出典", TEXT, "報告書の見出し"),
            Column(
                "municipality_code",
                "市町村コード",
                TEXT,
                "市町村ごとの数値なら全国地方公共団体コード6桁（例: 前橋市 102016、群馬県 100005）。"
                "県全体の数値は空欄",
                optional=True,
            ),
        ),
    ),
    Sheet(
        "programs",
        "プログラム",
        "県全体の取組（DX加速化プログラムなど）1件が1行",
        (
            Column("program_id", "プログラムID", TEXT, "プログラムのID（施策IDと重複しない）"),
            Column("name", "名称", TEXT, "名称"),
            Column("started", "開始", DATE, "開始した月の1日"),
            Column("started_text", "開始（報告書の表記）", TEXT, "報告書の表記どおり"),
            Column("fiscal_year", "年度", FISCAL_YEAR, "開始の年度"),
            Column("summary", "概要", TEXT, "概要", allow_empty=True),
            Column("source", "出典", TEXT, "報告書の見出し"),
        ),
    ),
    Sheet(
        "events",
        "出来事",
        "出来事・外部評価 1件が1行",
        (
            Column("event_id", "出来事ID", TEXT, "出来事のID"),
            Column("date", "日付", DATE, "出来事の月の1日（空欄なら 日付（表記）から読み取る）"),
            Column("date_text", "日付（表記）", TEXT, "報告書の表記どおり（例: 2023.4）"),
            Column("fiscal_year", "年度", FISCAL_YEAR, "出来事の年度"),
            Column("kind", "種類", TEXT, "出来事の種類", allowed=EVENT_KINDS),
            Column("title", "件名", TEXT, "件名"),
            Column("detail", "内容", TEXT, "報告書の記述", allow_empty=True),
            Column("initiative_id", "施策ID", TEXT, "関係する施策の施策ID（なければ空欄）"),
            Column("program_id", "プログラムID", TEXT, "関係するプログラムID（なければ空欄）"),
            Column("municipality", "市町村", TEXT, "受賞した市町村など"),
            Column("award_category", "部門", TEXT, "受賞の部門"),
            Column("award_result", "結果", TEXT, "受賞の結果（優勝など）"),
            Column("firsts", "初の取組", LIST, "全国初などの記載"),
            Column("source", "出典", TEXT, "報告書の見出し"),
        ),
    ),
    Sheet(
        "survey",
        "アンケート",
        "県民幸福度アンケート：設問と年度の組が1行",
        (
            Column("item", "設問", TEXT, "設問"),
            Column("fiscal_year", "年度", FISCAL_YEAR, "調査の年度"),
            Column("score", "点数", SCORE, "0〜100 の点数（例: 44.6）"),
            Column("unit", "単位", TEXT, "点"),
            Column("method", "集計方法", TEXT, "点数の付け方"),
            Column("source", "出典", TEXT, "報告書の見出し"),
        ),
    ),
    Sheet(
        "report",
        "報告書",
        "出典の報告書（1行だけ）",
        (
            Column("title", "表題", TEXT, "報告書の表題"),
            Column("publisher", "発行者", TEXT, "発行した課"),
            Column("published", "公表日", DATE, "公表した月の1日"),
            Column("published_text", "公表（表記）", TEXT, "例: 2024年3月公表"),
            Column("url", "URL", TEXT, "報告書のURL"),
        ),
    ),
)

SHEET_BY_TABLE: dict[str, Sheet] = {sheet.table: sheet for sheet in SHEETS}

# Natural key of each table, for preview_changes; () = the row's position (the one report row).
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "report": (),
    "initiatives": ("initiative_id",),
    "programs": ("program_id",),
    "metrics": ("initiative_id", "metric", "as_of", "municipality_code"),
    "survey": ("item", "fiscal_year"),
    "events": ("event_id",),
}

# (sheet title, derived date column, text column) where a date and 年度 come from printed text.
_PRINTED_DATES: dict[str, tuple[str, str]] = {
    "initiatives": ("started", "started_text"),
    "programs": ("started", "started_text"),
    "events": ("date", "date_text"),
}

_QUALIFIER_SPELLINGS = {"見込み": "見込", "(見込)": "見込", "(見込み)": "見込"}

_NUMBER_EXAMPLES = "例: 12300、12,300、１２，３００、80万、3億5,000万、約80万、6,000超"
_DATE_EXAMPLES = "例: 2023-10-01、2023/10、2023年10月、2023年12月末、令和5年10月、R5.10"
_FY_EXAMPLES = "例: 2023、2023年度、令和5年度、R5年度"


def _norm(text: str) -> str:
    """Normalise a header or sheet name for matching: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


# ---------------------------------------------------------------------------
# export
# ---------------------------------------------------------------------------


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


# OOXML's escape for characters XML cannot hold: _x001B_ is ESC, _x005F_ is the underscore.
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _escape(text: str) -> str:
    """Write a literal _xHHHH_ as Excel does (_x005F_xHHHH_), so it reads back unchanged."""
    return _OOXML_ESCAPE.sub(lambda m: "_x005F_" + m[0][1:], text) if "_x" in text else text


def _write_cell(ws: Any, row: int, col: int, column: Column, value: Any) -> None:
    """Write one value the way it reads back identically (text stays text, dates stay dates)."""
    cell = ws.cell(row=row, column=col)
    if column.kind == LIST:
        value = "\n".join(value or []) or None
    if value is None:
        cell.value = None
    elif column.kind in (TEXT, LIST):
        cell.value = _escape(value)
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
        f"数値の書き方: {_NUMBER_EXAMPLES}。修飾語（約・超・以上・程度・見込）は 修飾語 列と食い違ってはいけません。",
        f"日付の書き方: 日付のセル、または {_DATE_EXAMPLES}。",
        f"年度の書き方: {_FY_EXAMPLES}。",
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
        return _ID_HELP
    return {
        TEXT: "文字",
        INT: "整数",
        FISCAL_YEAR: _FY_HELP,
        DATE: _DATE_HELP,
        VALUE: _NUMBER_EXAMPLES,
        SCORE: "0〜100 の数値",
        LIST: _LIST_HELP,
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


# ---------------------------------------------------------------------------
# reading cells
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    """One cell as read from a sheet or a CSV file."""

    value: Any
    coordinate: str
    formula: bool = False
    error: bool = False
    number_format: str = "General"


@dataclass
class _RawTable:
    """A sheet or CSV file before its cells are parsed."""

    place: str  # シート「数値」 or ファイル「metrics.csv」
    headers: list[tuple[int, str]]  # (0-based column, header text)
    rows: list[tuple[int, list[_Cell]]]  # (row number as Excel shows it, cells)


class _Bad(ValueError):
    """A cell cannot be read; the message says what is wrong and what is expected."""


def _show(value: Any) -> str:
    """A cell value as quoted in a message."""
    if isinstance(value, datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, float):
        text = f"{value:.15g}"
    else:
        text = str(value)
    text = text.replace("\n", "⏎")
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _as_text(value: Any) -> str | None:
    """A cell as stripped text; None when empty. Numbers only when they are whole."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise _Bad(f"{_show(value)} は論理値（TRUE/FALSE）です。文字を入力してください")
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        return text or None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        raise _Bad(
            f"数値のセル {_show(value)} です。Excel が数値に変えると 2021.10 が 2021.1 になるため、"
            "文字として入力してください（セルの書式を「文字列」にするか、先頭に ' を付ける）"
        )
    if isinstance(value, (date, time, timedelta)):
        raise _Bad(
            f"日付のセル {_show(value)} です。この列は表記どおりの文字です"
            "（セルの書式を「文字列」にするか、先頭に ' を付けて入力してください）"
        )
    return str(value)


def _read_text(cell: _Cell, column: Column) -> str | None:
    text = _as_text(cell.value)
    if text is not None and column.allowed and text not in column.allowed:
        normal = _norm(text)
        normal = _QUALIFIER_SPELLINGS.get(normal, normal)
        if normal in column.allowed:
            return normal
    return text


def _read_int(cell: _Cell, column: Column) -> int | None:
    value = cell.value
    number: int | None = None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        text = _norm(value).replace(",", "")
        if column.kind == FISCAL_YEAR and not re.fullmatch(r"\d+", text):
            try:
                number = parse_fiscal_year_ja(value)
            except ValueError:
                number = None
        elif re.fullmatch(r"[+-]?\d+", text):
            number = int(text)
    if number is None:
        expected = _FY_EXAMPLES if column.kind == FISCAL_YEAR else "例: 3"
        what = "年度" if column.kind == FISCAL_YEAR else "整数"
        raise _Bad(f"{_show(value)} は{what}として読めません（{expected}）")
    if not -32768 <= number <= 32767:
        raise _Bad(f"{number} は大きすぎます（-32768〜32767）")
    return number


def _read_date(cell: _Cell, column: Column) -> date | None:
    del column
    value = cell.value
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.time() != time(0, 0):
            raise _Bad(
                f"日付のセル {_show(value)} に時刻が入っています。日付のセルに 2023.1 のような数値を"
                f"入力した可能性があります。日付だけを入力してください（{_DATE_EXAMPLES}）"
            )
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise _Bad(
            f"数値 {_show(value)} は日付として読めません（2023.10 と 2023.1 を区別できないため）。"
            f"日付のセルにするか、文字で入力してください（{_DATE_EXAMPLES}）"
        )
    text = _as_text(value)
    if text is None:
        return None
    normal = _norm(text)
    try:
        if normal.endswith("末"):
            first = parse_month_ja(normal[:-1])
            if first.day != 1:
                raise ValueError(text)
            return first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return parse_month_ja(normal)
    except ValueError:
        raise _Bad(f"{_show(value)} は日付として読めません（{_DATE_EXAMPLES}）") from None


@dataclass(frozen=True)
class _Number:
    """A figure read from a 値 cell: value and, when typed in the cell, unit and qualifier."""

    value: float
    unit: str | None
    qualifier: str | None
    typed: str | None  # the text as typed, when the cell was text


def _read_number(cell: _Cell, column: Column) -> _Number | None:
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (bool, date, time, timedelta)):
        raise _Bad(f"{_show(value)} は数値として読めません（{_NUMBER_EXAMPLES}）")
    if isinstance(value, (int, float)):
        number = float(value)
        if "%" in cell.number_format:  # Excel keeps 「90%」 as 0.9 with a percent format
            number = float(Decimal(repr(value)) * 100)
        if not math.isfinite(number):
            raise _Bad(f"{_show(value)} は数値ではありません")
        return _Number(number, None, None, None)
    text = str(value).strip()
    try:
        figure = parse_figure_ja(text)
    except ValueError:
        raise _Bad(f"{_show(value)} は数値として読めません（{_NUMBER_EXAMPLES}）") from None
    if column.kind == SCORE and (figure.qualifier or figure.unit not in ("", "点")):
        raise _Bad(f"{_show(value)} は点数として読めません（0〜100 の数値。例: 44.6）")
    return _Number(figure.value, figure.unit or None, figure.qualifier, text)


def _read_list(cell: _Cell, column: Column) -> list[str]:
    del column
    text = _as_text(cell.value)
    if text is None:
        return []
    return [line.strip() for line in text.split("\n") if line.strip()]


_READERS: dict[str, Callable[[_Cell, Column], Any]] = {
    TEXT: _read_text,
    INT: _read_int,
    FISCAL_YEAR: _read_int,
    DATE: _read_date,
    VALUE: _read_number,
    SCORE: _read_number,
    LIST: _read_list,
}


# ---------------------------------------------------------------------------
# reading files
# ---------------------------------------------------------------------------


def _read_source(source: Source, name: str | None) -> tuple[bytes, str]:
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


def _unescape(text: str) -> str:
    """Decode OOXML's _xHHHH_ escapes (how Excel stores control characters; _x005F_ is _)."""
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text) if "_x" in text else text


def _excel_cell(cell: Any, row: int, col: int) -> _Cell:
    """Wrap an openpyxl cell: its value, whether it is a formula or an error value."""
    value = getattr(cell, "value", None)
    if isinstance(value, str):
        value = _unescape(value)
    data_type = getattr(cell, "data_type", None)
    is_formula = data_type == "f" or (isinstance(value, str) and value.startswith("="))
    return _Cell(
        value=value,
        coordinate=f"{get_column_letter(col + 1)}{row}",
        formula=is_formula,
        error=data_type == "e",
        number_format=getattr(cell, "number_format", None) or "General",
    )


def _raw_from_sheet(
    ws: Any, place: str, problems: list[str], scan: SheetScan | None = None
) -> _RawTable | None:
    """Read a worksheet's header row and data rows (blank rows are skipped)."""
    ws.reset_dimensions()  # never trust a stored size: rows past it would be lost
    headers: list[tuple[int, str]] = []
    rows: list[tuple[int, list[_Cell]]] = []
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
    return _RawTable(place, headers, rows)


def _sheet_for(title: str) -> Sheet | None:
    """The sheet a workbook tab stands for: its Japanese title or the table's name."""
    normal = _norm(title)
    for sheet in SHEETS:
        if normal in (_norm(sheet.title), sheet.table):
            return sheet
    return None


def _read_xlsx(
    data: bytes, label: str, problems: list[str], progress: ProgressCallback
) -> dict[str, _RawTable]:
    """Read every data sheet of a workbook; report wrong, missing and repeated sheets."""
    wb, scans = _open_workbook(data, label)
    raw: dict[str, _RawTable] = {}
    try:
        titles = wb.sheetnames
        expected = "、".join(f"「{s.title}」" for s in SHEETS)
        worksheets = {ws.title: ws for ws in wb.worksheets}
        for index, title in enumerate(titles):
            if _norm(title) == _norm(EXPLANATION_SHEET):
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
    given = {_norm(h) for _, h in headers}
    best, best_score = None, 0.0
    for sheet in SHEETS:
        matched = {
            column.name
            for column in sheet.columns
            if _norm(column.header) in given or column.name in given
        }
        score = len(matched) / max(len(given), len(sheet.columns))
        if score > best_score:
            best, best_score = sheet, score
    return best if best_score >= 0.5 else None


def _read_csv(data: bytes, label: str, problems: list[str]) -> tuple[str, _RawTable] | None:
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
    rows: list[tuple[int, list[_Cell]]] = []
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
                _Cell(
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
    return sheet.table, _RawTable(place, headers, rows)


# ---------------------------------------------------------------------------
# parsing rows into tables
# ---------------------------------------------------------------------------


@dataclass
class _Parsed:
    """One table parsed from a sheet: rows, where they came from, which cells were bad."""

    place: str
    rows: list[dict[str, Any]]
    excel_rows: list[int]
    letters: dict[str, str]  # column name → column letter in the sheet
    reported: set[tuple[int, str]] = field(default_factory=set)  # (row index, column name)


def _map_headers(sheet: Sheet, raw: _RawTable, problems: list[str]) -> dict[str, int] | None:
    """Map each column to its position; report missing, unknown and repeated headers."""
    lookup: dict[str, Column] = {}
    for column in sheet.columns:
        lookup[_norm(column.header)] = column
        lookup[column.name] = column
    positions: dict[str, int] = {}
    ok = True
    for index, header in raw.headers:
        column = lookup.get(_norm(header))
        letter = get_column_letter(index + 1)
        if column is None:
            problems.append(
                f"{raw.place}の 1行目 {letter}列: 見出し「{header}」は使えません"
                f"（使える見出し: {'、'.join(c.header for c in sheet.columns)}）"
            )
            ok = False
        elif column.name in positions:
            problems.append(
                f"{raw.place}の 1行目 {letter}列: 見出し「{header}」が2回あります"
                f"（{get_column_letter(positions[column.name] + 1)}列と同じ）"
            )
            ok = False
        else:
            positions[column.name] = index
    missing = [c.header for c in sheet.columns if c.name not in positions and not c.optional]
    if missing:
        problems.append(f"{raw.place}: 列「{'」「'.join(missing)}」がありません（1行目の見出し）")
        ok = False
    return positions if ok else None


# Stand-ins for required cells that are empty or unreadable. The cell's own problem is already
# listed; the stand-in only lets validation check everything else in the same pass.
_PLACEHOLDERS: dict[str, Any] = {
    TEXT: "",
    INT: 0,
    FISCAL_YEAR: 0,
    DATE: date(2020, 1, 1),
    VALUE: 0.0,
    SCORE: 0.0,
    LIST: [],
}


# Text lengths (characters) an import accepts; the longest texts of the report's data are
# 施策名 54, 概要 285, 群馬モデル概要 145, one コメント 161, 出典 82, 表題 28.
MAX_NAME_CHARS = 100  # names, ids, 略称, printed figures and dates: one line on a card or chart
MAX_PROSE_CHARS = 1_000  # 概要, 内容, 注記, 出典 …; each item of コメント and 初の取組
MAX_TITLE_CHARS = 200  # 報告書の表題
_PROSE_COLUMNS = frozenset(
    {
        "summary",
        "gunma_model_summary",
        "detail",
        "note",
        "started_note",
        "method",
        "source",
        "publisher",
        "url",
        "comments",
        "firsts",
    }
)


def max_chars(table: str, column: Column) -> int:
    """The most characters a text cell (or one item of a list cell) may hold."""
    if (table, column.name) == ("report", "title"):
        return MAX_TITLE_CHARS
    return MAX_PROSE_CHARS if column.name in _PROSE_COLUMNS else MAX_NAME_CHARS


# Invisible characters that make a text look like another (a question with U+200B looks
# identical to one without): refused, with their names, wherever they are.
_INVISIBLE_NAMES = {
    "\u00ad": "ソフトハイフン",
    "\u200b": "ゼロ幅スペース",
    "\u200c": "ゼロ幅非接合子",
    "\u200d": "ゼロ幅接合子",
    "\u200e": "書字方向マーク（LRM）",
    "\u200f": "書字方向マーク（RLM）",
    "\u2028": "行区切り",
    "\u2029": "パラグラフ区切り",
    "\u2060": "単語結合子",
    "\ufeff": "ゼロ幅ノーブレークスペース（BOM）",
}


def _text_problem(text: str) -> str | None:
    """Why a cell's text cannot be stored: a control or invisible character (None if fine)."""
    for position, ch in enumerate(text, start=1):
        if ch in "\n\r\t" or ch.isprintable():
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            return (
                f"{position}文字目に制御文字 U+{ord(ch):04X} があります（画面に出ない文字で、"
                "取り込めません。その文字を削除して入力し直してください）"
            )
        if category in ("Cf", "Zl", "Zp"):
            name = _INVISIBLE_NAMES.get(ch, "書式制御文字")
            return (
                f"{position}文字目に見えない文字 U+{ord(ch):04X}（{name}）があります。"
                "見た目が同じ別の値になるため取り込めません（その文字を削除してください。"
                "Web ページや PDF からの貼り付けで入ることがあります）"
            )
    return None


def _length_problem(value: Any, limit: int) -> str | None:
    """A text, or an item of a list, longer than the column's limit."""
    if isinstance(value, str) and len(value) > limit:
        return f"{len(value):,}文字あります。上限は {limit:,}文字です（短くしてください）"
    if isinstance(value, list):
        for number, item in enumerate(value, start=1):
            if len(item) > limit:
                return (
                    f"{number}項目め（{_show(item)}）が {len(item):,}文字あります。"
                    f"上限は 1項目 {limit:,}文字です（短くするか分けてください）"
                )
    return None


def _cell_value(
    cell: _Cell, column: Column, bad: Callable[[str, str], None], limit: int = MAX_PROSE_CHARS
) -> Any:
    """Read one cell with its column's reader; report formulas, error values and bad input."""
    if isinstance(cell.value, str) and not cell.formula:
        problem = _text_problem(cell.value)
        if problem is not None:
            shown = "".join(
                ch
                if ch in "\n\t" or ch.isprintable() or unicodedata.category(ch) == "Zs"
                # an invisible or control character is shown by its code, never sent as is
                else f"<U+{ord(ch):04X}>"
                for ch in cell.value
            )
            bad(column.name, f"{_show(shown)} の {problem}")
            return None
    if cell.formula:
        shown = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", "")
        bad(
            column.name,
            f"数式 {_show(shown)} は取り込めません"
            "（数式は計算しません。値を入力するか「値の貼り付け」をしてください）",
        )
        return None
    if cell.error:
        bad(column.name, f"エラー値 {_show(cell.value)} です。正しい値を入力してください")
        return None
    try:
        value = _READERS[column.kind](cell, column)
    except _Bad as exc:
        bad(column.name, str(exc))
        return None
    if column.kind in (TEXT, LIST):
        problem = _length_problem(value, limit)
        if problem is not None:
            bad(column.name, problem)
            return None
    return value


def _parse_table(sheet: Sheet, raw: _RawTable, problems: list[str]) -> _Parsed | None:
    """Parse every cell of a sheet; collect every bad cell rather than stopping at the first."""
    positions = _map_headers(sheet, raw, problems)
    if positions is None:
        return None
    schema = TABLE_SCHEMAS[sheet.table]
    header_of = {c.name: c.header for c in sheet.columns}
    parsed = _Parsed(
        raw.place,
        [],
        [],
        {name: get_column_letter(i + 1) for name, i in positions.items()},
    )
    used = set(positions.values())
    for number, cells in raw.rows:
        index = len(parsed.rows)
        row: dict[str, Any] = {}
        typed: dict[str, _Number | None] = {}

        def bad(column: str, message: str, *, number: int = number, index: int = index) -> None:
            letter = parsed.letters[column]
            problems.append(
                f"{raw.place}の {number}行目 列「{header_of[column]}」（{letter}{number}）: {message}"
            )
            parsed.reported.add((index, column))

        for i, cell in enumerate(cells):
            if i not in used and cell.value is not None:
                problems.append(
                    f"{raw.place}の {number}行目 セル {cell.coordinate}: 見出しのない列に値 "
                    f"{_show(cell.value)} があります（見出しのある列に入力するか、消してください）"
                )
        for column in sheet.columns:
            at = positions.get(column.name)
            if at is None:  # an optional column the file does not have: every cell empty
                row[column.name] = None
                continue
            cell = (
                cells[at]
                if at < len(cells)
                else _Cell(None, f"{get_column_letter(at + 1)}{number}")
            )
            value = _cell_value(cell, column, bad, max_chars(sheet.table, column))
            if column.kind in (VALUE, SCORE):
                typed[column.name] = value
                value = value.value if value is not None else None
            row[column.name] = value
        if sheet.table == "metrics":
            _check_metric_row(row, typed["value"], bad, parsed.reported, index)
        if sheet.table in _PRINTED_DATES:
            _check_printed_date(sheet.table, row, bad, header_of, parsed.reported, index)
        for column in sheet.columns:
            if row[column.name] is not None:
                continue
            if column.kind == LIST or (column.kind == TEXT and column.allow_empty):
                row[column.name] = _PLACEHOLDERS[column.kind]
            elif not schema.field(column.name).nullable:
                if (index, column.name) not in parsed.reported:
                    bad(column.name, f"空欄です（必須の列です: {column.help}）")
                row[column.name] = _PLACEHOLDERS[column.kind]
        parsed.rows.append(row)
        parsed.excel_rows.append(number)
    return parsed


def _check_metric_row(
    row: dict[str, Any],
    typed: _Number | None,
    bad: Callable[[str, str], None],
    reported: set[tuple[int, str]],
    index: int,
) -> None:
    """Value, unit and qualifier must agree between 値, 単位, 修飾語 and 数値（表記）."""
    if (index, "value") in reported:
        return
    text = row.get("value_text")
    printed = None
    if text is not None:
        try:
            printed = parse_figure_ja(text)
        except ValueError:
            printed = None  # words such as 「約半数以上」 are allowed as printed text
    if typed is None:
        if text is None:
            return  # 値 and 数値（表記） both empty: validation names the empty 数値（表記）
        if printed is None:
            bad(
                "value",
                f"空欄なので 数値（表記） '{text}' から読み取ろうとしましたが、数値として読めません"
                f"（値 に数値を入力してください。{_NUMBER_EXAMPLES}）",
            )
            return
        typed = _Number(printed.value, printed.unit, printed.qualifier, None)
        row["value"] = printed.value
    column_q = row.get("qualifier")
    column_u = row.get("unit") or ""
    if typed.qualifier and column_q and typed.qualifier != column_q:
        bad(
            "qualifier",
            f"'{column_q}' は 値 '{typed.typed}' の修飾語「{typed.qualifier}」と食い違います"
            "（どちらかに揃えてください）",
        )
        return
    if typed.unit and column_u and typed.unit != column_u:
        bad(
            "unit",
            f"'{column_u}' は 値 '{typed.typed}' の単位「{typed.unit}」と食い違います"
            "（どちらかに揃えてください）",
        )
        return
    qualifier = column_q or typed.qualifier
    unit = column_u or typed.unit or ""
    if printed is not None:
        if printed.qualifier and qualifier and printed.qualifier != qualifier:
            bad(
                "value_text",
                f"'{text}' の修飾語「{printed.qualifier}」が 修飾語 '{qualifier}' と食い違います",
            )
            return
        if printed.unit != unit:
            bad(
                "value_text",
                f"'{text}' の単位「{printed.unit}」が 単位 '{unit}' と食い違います"
                "（表示されるのは 数値（表記） です。両方を揃えてください）",
            )
            return
        if not math.isclose(printed.value, typed.value, rel_tol=1e-9, abs_tol=1e-12):
            bad(
                "value_text",
                f"'{text}' は 値 {typed.value:,.15g} と合いません（ダッシュボードに表示されるのは "
                "数値（表記） です。両方を直すか、値 を空欄にすると 数値（表記） から読み取ります）",
            )
            return
        qualifier = qualifier or printed.qualifier
    row["qualifier"] = qualifier
    row["unit"] = unit


def _check_printed_date(
    table: str,
    row: dict[str, Any],
    bad: Callable[[str, str], None],
    header_of: dict[str, str],
    reported: set[tuple[int, str]],
    index: int,
) -> None:
    """A printed date (2021.6~, 2023年度～) fills 開始/年度 when empty and must agree otherwise."""
    date_column, text_column = _PRINTED_DATES[table]
    text = row.get(text_column)
    if text is None or (index, text_column) in reported:
        return
    try:
        when, year = parse_started(text)
    except ValueError:
        bad(
            text_column,
            f"'{text}' を年月として読めません（例: 2021.6~、2023年10月、令和5年10月、2023年度～）",
        )
        return
    if (index, date_column) not in reported:
        if row.get(date_column) is None:
            row[date_column] = when
        elif row[date_column] != when:
            expected = when.isoformat() if when else "空欄（表記に月がないため）"
            bad(
                date_column,
                f"{row[date_column].isoformat()} は {header_of[text_column]} '{text}' と合いません"
                f"（{expected} のはずです）",
            )
    if (index, "fiscal_year") not in reported:
        if row.get("fiscal_year") is None:
            row["fiscal_year"] = year
        elif row["fiscal_year"] != year:
            bad(
                "fiscal_year",
                f"{row['fiscal_year']}年度 は {header_of[text_column]} '{text}' の年度（{year}年度）と合いません",
            )


# ---------------------------------------------------------------------------
# translating validation's messages into sheet, row and header
# ---------------------------------------------------------------------------

_VALIDATION_ROW = re.compile(
    r"^(?P<table>[a-z]+)\.parquet の (?P<row>\d+)行目(?P<ident>（.*?）)? 列「(?P<col>[^」]+)」: (?P<rest>.*)$",
    re.S,
)
_VALIDATION_FILE = re.compile(r"(?P<table>[a-z]+)\.parquet")


def _replace_names(text: str, table: str) -> str:
    """Replace schema column and table names outside quoted values with their Japanese names."""
    local = {c.name: c.header for c in SHEET_BY_TABLE[table].columns}
    names: dict[str, str] = {}
    for sheet in SHEETS:
        for column in sheet.columns:
            names.setdefault(column.name, column.header)
    names.update(local)
    names.update({s.table: f"「{s.title}」" for s in SHEETS if s.table != "report"})
    pattern = re.compile(
        r"(?<![A-Za-z0-9_])("
        + "|".join(sorted(map(re.escape, names), key=len, reverse=True))
        + r")(?![A-Za-z0-9_])"
    )
    parts = re.split(r"('[^']*')", text)
    return "".join(
        part if part.startswith("'") else pattern.sub(lambda m: names[m.group(1)], part)
        for part in parts
    )


def _excel_row(parsed: _Parsed, index: int) -> int:
    """The row number Excel shows for a table's 0-based row."""
    return parsed.excel_rows[index] if index < len(parsed.excel_rows) else index + 2


def _translate(problem: str, parsed: Mapping[str, _Parsed]) -> str | None:
    """Rewrite one validation sentence for people editing the workbook; None if already named."""
    match = _VALIDATION_ROW.match(problem)
    if match:
        table = match["table"]
        target = parsed[table]
        index = int(match["row"]) - 1
        columns = [c.strip() for c in match["col"].split("+")]
        if any((index, c) in target.reported for c in columns):
            return None  # this cell's own problem is already listed
        number = _excel_row(target, index)
        rest = re.sub(
            r"（(\d+)行目と同じ）",
            lambda m: f"（{_excel_row(target, int(m[1]) - 1)}行目と同じ）",
            match["rest"],
        )
        header_of = {c.name: c.header for c in SHEET_BY_TABLE[table].columns}
        header = " + ".join(header_of.get(c, c) for c in columns)
        letter = target.letters.get(columns[0])
        where = f"（{letter}{number}）" if letter and len(columns) == 1 else ""
        return (
            f"{target.place}の {number}行目{match['ident'] or ''} 列「{header}」{where}: "
            f"{_replace_names(rest, table)}"
        )
    file = _VALIDATION_FILE.search(problem)
    if file and file["table"] in parsed:
        table = file["table"]
        head = problem.replace(file.group(0), parsed[table].place, 1)
        header_of = {c.name: c.header for c in SHEET_BY_TABLE[table].columns}
        head = re.sub(r"列「([^」]+)」", lambda m: f"列「{header_of.get(m[1], m[1])}」", head)
        return _replace_names(head, table)
    return problem


# ---------------------------------------------------------------------------
# the import
# ---------------------------------------------------------------------------


def _no_progress(fraction: float, message: str) -> None:
    del fraction, message


def read_import(
    source: Source,
    *,
    name: str | None = None,
    current: Mapping[str, pa.Table] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    today: date | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, pa.Table]:
    """Read an edited workbook (.xlsx) or one table as CSV into validated Arrow tables.

    Parameters
    ----------
    source
        A file path, the file's bytes, or a binary file object (e.g. a Streamlit upload).
    name
        The file name when ``source`` is not a path (its extension picks the format).
    current
        The tables now served. A CSV holds one table; the others are taken from here
        (read from ``data_dir``'s current version when not given).
    today
        Dates after this are refused (default: today).
    progress
        Called as ``progress(fraction, message)`` while the import runs.

    Raises
    ------
    ImportProblems
        Listing every problem found (the first MAX_PROBLEMS, then how many more), each naming
        the sheet (or CSV file), the row as Excel shows it, the column header, the bad value
        and what is expected. Nothing is written.
    """
    report = progress or _no_progress
    data, label = _read_source(source, name)
    suffix = Path(label).suffix.lower()
    report(0.05, f"「{label}」を開いています")
    problems = ProblemList()
    raw: dict[str, _RawTable]
    if suffix in XLSX_SUFFIXES:
        raw = _read_xlsx(data, label, problems, report)
    elif suffix in CSV_SUFFIXES:
        found = _read_csv(data, label, problems)
        raw = dict([found]) if found else {}
    elif suffix == ".xls":
        raise ImportProblems(
            [
                f"ファイル「{label}」は古い Excel 形式（.xls）です。Excel で .xlsx として保存し直してください"
            ]
        )
    else:
        raise ImportProblems(
            [
                f"ファイル「{label}」は取り込めない種類です（.xlsx か .csv のファイルを指定してください）"
            ]
        )

    parsed: dict[str, _Parsed] = {}
    for sheet in SHEETS:
        if sheet.table in raw:
            report(
                0.7 + 0.15 * len(parsed) / len(SHEETS), f"{raw[sheet.table].place}を確認しています"
            )
            table = _parse_table(sheet, raw[sheet.table], problems)
            if table is not None:
                parsed[sheet.table] = table

    tables: dict[str, pa.Table] = {}
    structural = any(name not in parsed for name in raw) or (
        suffix in XLSX_SUFFIXES and len(raw) < len(SHEETS)
    )
    if structural:
        raise ImportProblems(problems)
    if suffix in CSV_SUFFIXES:
        if current is None:
            from dxdash.data.dataset import read_tables

            try:
                current = read_tables(data_dir)
            except DataError as exc:
                raise ImportProblems(
                    [
                        *problems.listed(),
                        "CSV は1つの表だけなので、残りの表を今のデータから補いますが、今のデータを読めません:",
                        *exc.problems,
                    ]
                ) from None
        for name_ in TABLE_NAMES:
            if name_ not in parsed:
                sheet = SHEET_BY_TABLE[name_]
                tables[name_] = current[name_]
                parsed[name_] = _Parsed(
                    f"今のデータ「{sheet.title}」",
                    [],
                    [n + 2 for n in range(current[name_].num_rows)],
                    {c.name: get_column_letter(i + 1) for i, c in enumerate(sheet.columns)},
                )
    for name_ in TABLE_NAMES:
        if name_ not in tables:
            try:
                tables[name_] = pa.Table.from_pylist(
                    parsed[name_].rows, schema=TABLE_SCHEMAS[name_]
                )
            except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
                problems.append(f"{parsed[name_].place}: 表に変換できません: {exc}")
    if len(tables) < len(TABLE_NAMES):
        raise ImportProblems(problems)

    report(0.85, "表どうしの整合を検証しています")
    try:
        validate_tables(tables, today=today)
    except DataError as exc:
        for problem in exc.problems:
            translated = _translate(problem, parsed)
            if translated is not None:
                problems.append(translated)
    if problems:
        raise ImportProblems(problems)
    report(1.0, "取り込めます")
    return tables


# ---------------------------------------------------------------------------
# preview
# ---------------------------------------------------------------------------


def _key(record: Mapping[str, Any], columns: tuple[str, ...], position: int) -> Any:
    if not columns:
        return position
    if len(columns) == 1:
        return record[columns[0]]
    return tuple(record.get(c) for c in columns)


def _figure_notes(new_rows: list[dict[str, Any]], added: list[Any]) -> dict[Any, tuple[str, str]]:
    """For each added value of a figure that had one before: (previous value, added value) texts.

    The previous value is the figure's latest value dated before the added one.
    """
    if not added:
        return {}
    by_figure: dict[tuple, list[dict[str, Any]]] = {}
    for row in new_rows:
        figure = (row["initiative_id"], row["metric"], row.get("municipality_code"))
        by_figure.setdefault(figure, []).append(row)
    notes = {}
    for owner, metric, as_of, code in added:
        earlier = [
            r
            for r in by_figure.get((owner, metric, code), [])
            if r["as_of"] is not None and as_of is not None and r["as_of"] < as_of
        ]
        new = next(
            (r for r in by_figure.get((owner, metric, code), []) if r["as_of"] == as_of), None
        )
        if earlier and new is not None:
            old = max(earlier, key=lambda r: r["as_of"])
            notes[(owner, metric, as_of, code)] = (old["value_text"], new["value_text"])
    return notes


def preview_changes(
    old_tables: Mapping[str, pa.Table], new_tables: Mapping[str, pa.Table]
) -> dict[str, dict[str, list[Any]]]:
    """Compare two sets of tables row by row on each table's natural key.

    Returns ``{table: {"added": [key, ...], "changed": [(key, column, old, new), ...],
    "removed": [key, ...]}}`` for every table; keys are ``initiative_id``,
    ``(initiative_id, metric)``, ``(item, fiscal_year)``, ``event_id``, ``program_id``, and the
    row position for the single report row.
    """
    result: dict[str, dict[str, list[Any]]] = {}
    for name in TABLE_NAMES:
        columns = NATURAL_KEYS[name]
        old = old_tables.get(name)
        new = new_tables.get(name)
        old_rows = old.to_pylist() if old is not None else []
        new_rows = new.to_pylist() if new is not None else []
        before = {_key(r, columns, i): r for i, r in enumerate(old_rows)}
        after = {_key(r, columns, i): r for i, r in enumerate(new_rows)}
        fields = [f.name for f in TABLE_SCHEMAS[name]]
        changed = [
            (key, column, before[key].get(column), row.get(column))
            for key, row in after.items()
            if key in before
            for column in fields
            if before[key].get(column) != row.get(column)
        ]
        result[name] = {
            "added": [key for key in after if key not in before],
            "changed": changed,
            "removed": [key for key in before if key not in after],
        }
        if name == "metrics":  # a newer value of a figure: [(key, (old text, new text)), …]
            result[name]["moved"] = list(_figure_notes(new_rows, result[name]["added"]).items())
    return result


def mass_deletions(
    old_tables: Mapping[str, pa.Table], changes: Mapping[str, Mapping[str, list[Any]]]
) -> list[tuple[str, int, int]]:
    """Tables an import would shrink by more than half: (sheet title, rows removed, rows before).

    A CSV with only its header row is a valid, empty table: importing it deletes every row.
    Such an import must be confirmed explicitly (the admin page's checkbox, the CLI's
    --allow-mass-delete) instead of going through like any other.
    """
    found = []
    for sheet in SHEETS:
        old = old_tables.get(sheet.table)
        removed = len(changes.get(sheet.table, {}).get("removed", []))
        if old is not None and old.num_rows and removed * 2 > old.num_rows:
            found.append((sheet.title, removed, old.num_rows))
    return found


def describe_mass_deletions(found: list[tuple[str, int, int]]) -> str:
    """E.g. 「数値 34件中34件」, for the confirmation texts."""
    return "、".join(f"{title} {total}件中{removed}件" for title, removed, total in found)


def _show_value(value: Any) -> str:
    if value is None or value == []:
        return "（空）"
    if isinstance(value, list):
        return "／".join(value)
    if isinstance(value, float):
        return f"{value:,.15g}"
    text = str(value).replace("\n", "⏎")
    return text if len(text) <= 40 else text[:40] + "…"


def _show_key(key: Any) -> str:
    if isinstance(key, tuple):
        return " / ".join(_show_part(k) for k in key if k is not None)
    if isinstance(key, int):
        return f"{key + 1}行目"
    return str(key)


def _show_part(part: Any) -> str:
    """One part of a key: dates as 2024-03-31, the rest as text."""
    return part.isoformat() if isinstance(part, date) else str(part)


def format_changes(changes: Mapping[str, Mapping[str, list[Any]]], limit: int = 50) -> list[str]:
    """Describe preview_changes' result in Japanese lines (a summary line per table first)."""
    lines: list[str] = []
    for sheet in SHEETS:
        change = changes.get(sheet.table)
        if not change:
            continue
        added, edited, removed = change["added"], change["changed"], change["removed"]
        if not (added or edited or removed):
            continue
        rows = len({key for key, *_ in edited})
        lines.append(
            f"{sheet.title}: 追加 {len(added)}件、変更 {rows}件（{len(edited)}項目）、削除 {len(removed)}件"
        )
        header_of = {c.name: c.header for c in sheet.columns}
        moved = dict(change.get("moved", []))
        details = [
            f"  + 追加 {_show_key(k)}"
            + (f"（{k[1]}：{moved[k][0]} → {moved[k][1]}）" if k in moved else "")
            for k in added
        ]
        details += [
            f"  ~ 変更 {_show_key(k)} 列「{header_of.get(c, c)}」: {_show_value(o)} → {_show_value(n)}"
            for k, c, o, n in edited
        ]
        details += [f"  - 削除 {_show_key(k)}" for k in removed]
        lines += details[:limit]
        if len(details) > limit:
            lines.append(f"  ほか {len(details) - limit}件")
    return lines or ["変更はありません"]


__all__ = [
    "EXPLANATION_SHEET",
    "MAX_IMPORT_BYTES",
    "NATURAL_KEYS",
    "SHEETS",
    "Column",
    "ImportProblems",
    "Sheet",
    "describe_mass_deletions",
    "export_workbook",
    "format_changes",
    "mass_deletions",
    "preview_changes",
    "read_import",
    "tables_from_dataset",
]
