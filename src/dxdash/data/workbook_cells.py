"""Reading one cell of an imported sheet or CSV: numbers and dates as people type them,
text limits, invisible and control characters, formulas and error values — each bad cell a
sentence saying what is wrong and what is expected."""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from dxdash.data.workbook_sheets import (
    DATE,
    DATE_EXAMPLES,
    FISCAL_YEAR,
    FY_EXAMPLES,
    INT,
    LIST,
    NUMBER_EXAMPLES,
    SCORE,
    TEXT,
    VALUE,
    Column,
    norm,
)
from dxdash.text.japanese import parse_figure_ja, parse_fiscal_year_ja, parse_month_ja

_QUALIFIER_SPELLINGS = {"見込み": "見込", "(見込)": "見込", "(見込み)": "見込"}


# OOXML's escape for characters XML cannot hold: _x001B_ is ESC, _x005F_ is the underscore.
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def escape_ooxml(text: str) -> str:
    """Write a literal _xHHHH_ as Excel does (_x005F_xHHHH_), so it reads back unchanged."""
    return _OOXML_ESCAPE.sub(lambda m: "_x005F_" + m[0][1:], text) if "_x" in text else text


def unescape_ooxml(text: str) -> str:
    """Decode OOXML's _xHHHH_ escapes (how Excel stores control characters; _x005F_ is _)."""
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text) if "_x" in text else text


@dataclass(frozen=True)
class Cell:
    """One cell as read from a sheet or a CSV file."""

    value: Any
    coordinate: str
    formula: bool = False
    error: bool = False
    number_format: str = "General"


class _Bad(ValueError):
    """A cell cannot be read; the message says what is wrong and what is expected."""


def quoted(value: Any) -> str:
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
        raise _Bad(f"{quoted(value)} は論理値（TRUE/FALSE）です。文字を入力してください")
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        return text or None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        raise _Bad(
            f"数値のセル {quoted(value)} です。Excel が数値に変えると 2021.10 が 2021.1 になるため、"
            "文字として入力してください（セルの書式を「文字列」にするか、先頭に ' を付ける）"
        )
    if isinstance(value, (date, time, timedelta)):
        raise _Bad(
            f"日付のセル {quoted(value)} です。この列は表記どおりの文字です"
            "（セルの書式を「文字列」にするか、先頭に ' を付けて入力してください）"
        )
    return str(value)


def _read_text(cell: Cell, column: Column) -> str | None:
    text = _as_text(cell.value)
    if text is not None and column.allowed and text not in column.allowed:
        normal = norm(text)
        normal = _QUALIFIER_SPELLINGS.get(normal, normal)
        if normal in column.allowed:
            return normal
    return text


def _read_int(cell: Cell, column: Column) -> int | None:
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
        text = norm(value).replace(",", "")
        if column.kind == FISCAL_YEAR and not re.fullmatch(r"\d+", text):
            try:
                number = parse_fiscal_year_ja(value)
            except ValueError:
                number = None
        elif re.fullmatch(r"[+-]?\d+", text):
            number = int(text)
    if number is None:
        expected = FY_EXAMPLES if column.kind == FISCAL_YEAR else "例: 3"
        what = "年度" if column.kind == FISCAL_YEAR else "整数"
        raise _Bad(f"{quoted(value)} は{what}として読めません（{expected}）")
    if not -32768 <= number <= 32767:
        raise _Bad(f"{number} は大きすぎます（-32768〜32767）")
    return number


def _read_date(cell: Cell, column: Column) -> date | None:
    del column
    value = cell.value
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.time() != time(0, 0):
            raise _Bad(
                f"日付のセル {quoted(value)} に時刻が入っています。日付のセルに 2023.1 のような数値を"
                f"入力した可能性があります。日付だけを入力してください（{DATE_EXAMPLES}）"
            )
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise _Bad(
            f"数値 {quoted(value)} は日付として読めません（2023.10 と 2023.1 を区別できないため）。"
            f"日付のセルにするか、文字で入力してください（{DATE_EXAMPLES}）"
        )
    text = _as_text(value)
    if text is None:
        return None
    normal = norm(text)
    try:
        if normal.endswith("末"):
            first = parse_month_ja(normal[:-1])
            if first.day != 1:
                raise ValueError(text)
            return first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return parse_month_ja(normal)
    except ValueError:
        raise _Bad(f"{quoted(value)} は日付として読めません（{DATE_EXAMPLES}）") from None


@dataclass(frozen=True)
class Number:
    """A figure read from a 値 cell: value and, when typed in the cell, unit and qualifier."""

    value: float
    unit: str | None
    qualifier: str | None
    typed: str | None  # the text as typed, when the cell was text


def _read_number(cell: Cell, column: Column) -> Number | None:
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (bool, date, time, timedelta)):
        raise _Bad(f"{quoted(value)} は数値として読めません（{NUMBER_EXAMPLES}）")
    if isinstance(value, (int, float)):
        number = float(value)
        if "%" in cell.number_format:  # Excel keeps 「90%」 as 0.9 with a percent format
            number = float(Decimal(repr(value)) * 100)
        if not math.isfinite(number):
            raise _Bad(f"{quoted(value)} は数値ではありません")
        return Number(number, None, None, None)
    text = str(value).strip()
    try:
        figure = parse_figure_ja(text)
    except ValueError:
        raise _Bad(f"{quoted(value)} は数値として読めません（{NUMBER_EXAMPLES}）") from None
    if column.kind == SCORE and (figure.qualifier or figure.unit not in ("", "点")):
        raise _Bad(f"{quoted(value)} は点数として読めません（0〜100 の数値。例: 44.6）")
    return Number(figure.value, figure.unit or None, figure.qualifier, text)


def _read_list(cell: Cell, column: Column) -> list[str]:
    del column
    text = _as_text(cell.value)
    if text is None:
        return []
    return [line.strip() for line in text.split("\n") if line.strip()]


_READERS: dict[str, Callable[[Cell, Column], Any]] = {
    TEXT: _read_text,
    INT: _read_int,
    FISCAL_YEAR: _read_int,
    DATE: _read_date,
    VALUE: _read_number,
    SCORE: _read_number,
    LIST: _read_list,
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
                    f"{number}項目め（{quoted(item)}）が {len(item):,}文字あります。"
                    f"上限は 1項目 {limit:,}文字です（短くするか分けてください）"
                )
    return None


def read_cell(
    cell: Cell, column: Column, bad: Callable[[str, str], None], limit: int = MAX_PROSE_CHARS
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
            bad(column.name, f"{quoted(shown)} の {problem}")
            return None
    if cell.formula:
        shown = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", "")
        bad(
            column.name,
            f"数式 {quoted(shown)} は取り込めません"
            "（数式は計算しません。値を入力するか「値の貼り付け」をしてください）",
        )
        return None
    if cell.error:
        bad(column.name, f"エラー値 {quoted(cell.value)} です。正しい値を入力してください")
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
