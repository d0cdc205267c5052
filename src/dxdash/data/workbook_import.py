"""The import: an edited workbook (or one table as CSV) into validated Arrow tables.

``read_import`` reads the file (dxdash.data.workbook_files), parses every row with its
column's reader (dxdash.data.workbook_cells), checks that printed and typed figures and dates
agree, validates the tables as dxdash.data.validation does, and raises
:class:`ImportProblems` listing *every* problem at once — each naming the sheet or file, the
row as Excel shows it, the column header, the bad value and what is expected. Nothing is
written here; dxdash.data.store does that.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
from openpyxl.utils import get_column_letter

from dxdash.data.build import parse_started
from dxdash.data.schema import TABLE_NAMES, TABLE_SCHEMAS
from dxdash.data.validation import DataError, validate_tables
from dxdash.data.workbook_cells import Cell, Number, max_chars, quoted, read_cell
from dxdash.data.workbook_files import (
    CSV_SUFFIXES,
    XLSX_SUFFIXES,
    ProgressCallback,
    RawTable,
    Source,
    read_csv,
    read_xlsx,
    source_bytes,
)
from dxdash.data.workbook_guard import ImportProblems, ProblemList
from dxdash.data.workbook_sheets import (
    DATE,
    FISCAL_YEAR,
    INT,
    LIST,
    NUMBER_EXAMPLES,
    SCORE,
    SHEET_BY_TABLE,
    SHEETS,
    TEXT,
    VALUE,
    Column,
    Sheet,
    norm,
)
from dxdash.text.japanese import parse_figure_ja

# (sheet title, derived date column, text column) where a date and 年度 come from printed text.
_PRINTED_DATES: dict[str, tuple[str, str]] = {
    "initiatives": ("started", "started_text"),
    "programs": ("started", "started_text"),
    "events": ("date", "date_text"),
}


@dataclass
class _Parsed:
    """One table parsed from a sheet: rows, where they came from, which cells were bad."""

    place: str
    rows: list[dict[str, Any]]
    excel_rows: list[int]
    letters: dict[str, str]  # column name → column letter in the sheet
    reported: set[tuple[int, str]] = field(default_factory=set)  # (row index, column name)


def _map_headers(sheet: Sheet, raw: RawTable, problems: list[str]) -> dict[str, int] | None:
    """Map each column to its position; report missing, unknown and repeated headers."""
    lookup: dict[str, Column] = {}
    for column in sheet.columns:
        lookup[norm(column.header)] = column
        lookup[column.name] = column
    positions: dict[str, int] = {}
    ok = True
    for index, header in raw.headers:
        column = lookup.get(norm(header))
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


def _parse_table(sheet: Sheet, raw: RawTable, problems: list[str]) -> _Parsed | None:
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
        typed: dict[str, Number | None] = {}

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
                    f"{quoted(cell.value)} があります（見出しのある列に入力するか、消してください）"
                )
        for column in sheet.columns:
            at = positions.get(column.name)
            if at is None:  # an optional column the file does not have: every cell empty
                row[column.name] = None
                continue
            cell = (
                cells[at] if at < len(cells) else Cell(None, f"{get_column_letter(at + 1)}{number}")
            )
            value = read_cell(cell, column, bad, max_chars(sheet.table, column))
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
    typed: Number | None,
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
                f"（値 に数値を入力してください。{NUMBER_EXAMPLES}）",
            )
            return
        typed = Number(printed.value, printed.unit, printed.qualifier, None)
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
    data, label = source_bytes(source, name)
    suffix = Path(label).suffix.lower()
    report(0.05, f"「{label}」を開いています")
    problems = ProblemList()
    raw: dict[str, RawTable]
    if suffix in XLSX_SUFFIXES:
        raw = read_xlsx(data, label, problems, report)
    elif suffix in CSV_SUFFIXES:
        found = read_csv(data, label, problems)
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
