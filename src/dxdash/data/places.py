"""Places: 全国地方公共団体コード of Gunma Prefecture and its 35 municipalities, and their names.

One table (data/source/municipalities.csv) and one check-digit rule, for the data's figures by
municipality (series, validation), the synthetic benchmark data and the open data's code columns.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from dxdash.locale import Locale

MUNICIPALITIES_CSV = Path(__file__).resolve().parents[3] / "data" / "source" / "municipalities.csv"
PREFECTURE_CODE = "100005"  # 群馬県


@cache
def municipalities() -> Mapping[str, tuple[str, str]]:
    """全国地方公共団体コード (6 digits) → (name, English name), from data/source/municipalities.csv."""
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: (row["name"], row["name_en"]) for row in csv.DictReader(handle)}


def check_digit(code5: str) -> int:
    """The check digit of a 5-digit 団体コード (総務省's rule: weights 6–2, 11 minus the remainder
    mod 11, its last digit)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def is_valid_code(code: str) -> bool:
    """True for a 6-digit code whose last digit is the check digit of the first five."""
    return bool(re.fullmatch(r"\d{6}", code)) and check_digit(code[:5]) == int(code[5])


def municipality_name(code: object, locale: Locale) -> str | None:
    """The name of a municipality code (None for no code, the code itself when unknown)."""
    if not isinstance(code, str) or not code:
        return None
    names = municipalities().get(code)
    if names is None:
        return code
    return names[1] if locale.english else names[0]


def japanese_name(code: object) -> str | None:
    """The Japanese name of a known code (102016 → 前橋市), or None."""
    names = municipalities().get(code) if isinstance(code, str) and code else None
    return names[0] if names else None


def code_of(name: object) -> str | None:
    """The code of a place named in Japanese or English (嬬恋村 / Tsumagoi Village), or None."""
    if not isinstance(name, str) or not name.strip():
        return None
    wanted = name.strip()
    return next((c for c, names in municipalities().items() if wanted in names), None)
