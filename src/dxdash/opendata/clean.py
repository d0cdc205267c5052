"""Characters and dates of an open-data cell: no platform-dependent characters, no layout
spaces or line breaks, units in plain characters, months as ISO 8601 (the rule's 機種依存文字)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache, lru_cache

import pandas as pd

LIST_SEPARATOR = (
    "；"  # joins list items in a single-table page download (the bundle uses long tables)
)


# Where Windows (CP932) and JIS (Shift_JIS, JIS X 0208) map the same code to different
# characters, use the JIS one: 0x8160 is 〜 (U+301C) in JIS, ～ (U+FF5E) only on Windows.
_JIS_EQUIVALENT = {
    "\uff5e": "\u301c",  # ～ → 〜
    "\uff0d": "\u2212",  # － → −
    "\u2225": "\u2016",  # parallel to → double vertical line
    "\uffe0": "\u00a2",  # ￠ → ¢
    "\uffe1": "\u00a3",  # ￡ → £
    "\uffe2": "\u00ac",  # ￢ → ¬
    "\u00a5": "\uffe5",  # ¥ → ￥
}
_CIRCLED = {chr(0x2460 + n - 1): f"({n})" for n in range(1, 21)}  # ①..⑳ → (1)..(20)


@cache
def is_platform_dependent(char: str) -> bool:
    """True where CP932 (Windows) and Shift_JIS (JIS X 0208) disagree on a character.

    That is the rule's 機種依存文字: NEC/IBM extensions (circled digits, Roman
    numerals, ㎡ …) exist only in CP932, and ～ － ￠ ￡ ￢ ¥ encode differently. Characters in neither (é, emoji) are not
    platform-dependent: the files are UTF-8.
    """

    def encoded(codec: str) -> bytes | None:
        try:
            return char.encode(codec)
        except UnicodeEncodeError:
            return None

    return encoded("cp932") != encoded("shift_jis")


def safe_char(char: str) -> str:
    """One character without platform dependence: JIS equivalent, (1) for ①, else NFKC."""
    if not is_platform_dependent(char):
        return char
    if char in _JIS_EQUIVALENT:
        return _JIS_EQUIVALENT[char]
    if char in _CIRCLED:
        return _CIRCLED[char]
    return unicodedata.normalize("NFKC", char)  # Ⅱ → II, ㎡ → m2


@lru_cache(maxsize=1 << 16)  # tables repeat their texts (source, unit, category) row after row
def clean_text(text: str) -> str:
    """A cell's text by the rules: no platform-dependent characters, no layout spaces, one line.

    U+3000 and runs of spaces become one space, cells are trimmed, and line breaks become
    「；」 (LIST_SEPARATOR) between the lines, so each cell stays a single line.
    """
    text = "".join(safe_char(c) for c in text)
    lines = re.split(r"\r\n|\r|\n", text)
    kept = [re.sub(r"[ \t\u3000]+", " ", line).strip() for line in lines]
    return LIST_SEPARATOR.join(line for line in kept if line)


@lru_cache(maxsize=1024)
def clean_unit(unit: str) -> str:
    """A unit in plain characters: ㎡ and m² both become m2."""
    return clean_text(unicodedata.normalize("NFKC", unit))


def month_text(value: object) -> str | None:
    """A date as ISO 8601 year-month (2023-10), or None when there is none."""
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    return f"{value.year:04d}-{value.month:02d}"


def fiscal_year_in(text: object) -> int | None:
    """The 年度 a text names (「2020年度中」 → 2020), or None."""
    match = re.search(r"(\d{4})年度", text) if isinstance(text, str) else None
    return int(match.group(1)) if match else None
