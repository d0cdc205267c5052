"""Japanese number and date handling for the Gunma Prefecture DX dashboard.

Pure functions only: parsing figures such as 「約5万4千人」 or 「6,000本超」 into
structured values, formatting them back the way the report prints them, and
handling Japanese fiscal years (年度) and era-based month dates (令和/平成).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

__all__ = [
    "QUALIFIERS",
    "AsOf",
    "Figure",
    "fiscal_year",
    "fiscal_year_range",
    "format_count_ja",
    "format_figure_ja",
    "format_fiscal_year",
    "format_month_ja",
    "parse_figure_ja",
    "parse_fiscal_year_ja",
    "parse_month_ja",
    "read_as_of",
]

QUALIFIERS: tuple[str, ...] = ("約", "超", "以上", "程度", "見込")

# Trailing qualifier spellings (after NFKC), longest first so "見込み" wins over "見込".
_TRAILING_QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("(見込み)", "見込"),
    ("(見込)", "見込"),
    ("見込み", "見込"),
    ("見込", "見込"),
    ("以上", "以上"),
    ("程度", "程度"),
    ("超", "超"),
)

# NFKC turns area/volume symbols into ASCII ("㎡" -> "m2"); map the unit back.
_UNIT_RESTORE: dict[str, str] = {"m2": "㎡", "km2": "㎢", "cm2": "㎠", "m3": "㎥"}

_NEGATIVE_SIGNS = ("-", "\u2212", "\u2010", "\u2013", "▲", "△")

# A decimal number with optional, correctly grouped thousands separators.
_NUMBER_RE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_FRACTION_RE = re.compile(rf"({_NUMBER_RE.pattern})/({_NUMBER_RE.pattern})")

_SMALL_UNITS: dict[str, int] = {"千": 1_000, "百": 100}
_LARGE_UNITS: dict[str, int] = {"兆": 10**12, "億": 10**8, "万": 10**4}

_ERA_BASE: dict[str, int] = {
    "令和": 2018,
    "平成": 1988,
    "昭和": 1925,
    "R": 2018,
    "H": 1988,
    "S": 1925,
}

_TILDES = "~〜～"

_MONTH_JA_RE = re.compile(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?")
_MONTH_SEP_RE = re.compile(r"(\d{4})([./-])(\d{1,2})(?:\2(\d{1,2}))?")
_MONTH_ERA_JA_RE = re.compile(r"(令和|平成|昭和)(\d{1,2}|元)年(\d{1,2})月(?:(\d{1,2})日)?")
_MONTH_ERA_LETTER_RE = re.compile(r"([RHS])(\d{1,2}|元)([./-])(\d{1,2})(?:\3(\d{1,2}))?")

_FY_RE = re.compile(r"(\d{4})年度")
_FY_PREFIX_RE = re.compile(r"FY(\d{4})")
_FY_ERA_RE = re.compile(r"(令和|平成|昭和|[RHS])(\d{1,2}|元)年度")


@dataclass(frozen=True)
class Figure:
    """A parsed figure: numeric value, unit text and optional qualifier (約/超/以上/程度/見込)."""

    value: float
    unit: str
    qualifier: str | None


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """NFKC-normalise and drop all whitespace, so full-width input reads like ASCII."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _decimal_to_ratio(token: str) -> tuple[int, int]:
    """Turn "1,234.5" into an exact (numerator, denominator) pair to avoid float drift."""
    digits = token.replace(",", "")
    whole, _, frac = digits.partition(".")
    return int(whole + frac), 10 ** len(frac)


def _parse_japanese_number(s: str, text: str) -> tuple[float, str]:
    """Read a numeral like "3億5,000万" from the start of s; return (value, rest)."""
    num, den = 0, 1  # running total as an exact fraction
    group_num, group_den = 0, 1  # current sub-万 group (千/百 accumulate here)
    last_large = math.inf
    last_small = math.inf
    pos = 0
    seen = False

    def add(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
        """Add two exact fractions."""
        return a[0] * b[1] + b[0] * a[1], a[1] * b[1]

    while True:
        m = _NUMBER_RE.match(s, pos)
        if m is None:
            break
        seen = True
        n_num, n_den = _decimal_to_ratio(m.group())
        pos = m.end()
        nxt = s[pos : pos + 1]
        if nxt in _SMALL_UNITS and _SMALL_UNITS[nxt] < last_small:
            last_small = _SMALL_UNITS[nxt]
            group_num, group_den = add((group_num, group_den), (n_num * last_small, n_den))
            pos += 1
            nxt = s[pos : pos + 1]
            if nxt in _LARGE_UNITS and _LARGE_UNITS[nxt] < last_large:
                last_large = _LARGE_UNITS[nxt]
                num, den = add((num, den), (group_num * last_large, group_den))
                group_num, group_den, last_small = 0, 1, math.inf
                pos += 1
            continue
        if nxt in _LARGE_UNITS and _LARGE_UNITS[nxt] < last_large:
            last_large = _LARGE_UNITS[nxt]
            group_num, group_den = add((group_num, group_den), (n_num, n_den))
            num, den = add((num, den), (group_num * last_large, group_den))
            group_num, group_den, last_small = 0, 1, math.inf
            pos += 1
            continue
        # A bare number ends the numeral.
        group_num, group_den = add((group_num, group_den), (n_num, n_den))
        break

    if not seen:
        raise ValueError(f"数値として読めません: {text!r}")
    num, den = add((num, den), (group_num, group_den))
    return num / den, s[pos:]


def _clean_unit(unit: str, text: str) -> str:
    """Restore symbols NFKC expanded (m2 → ㎡) and reject leftovers that look numeric."""
    unit = _UNIT_RESTORE.get(unit, unit)
    if re.search(r"[\d.,/]", unit):
        raise ValueError(f"数値として読めません: {text!r}")
    return unit


def _era_year(era: str, year_text: str, text: str) -> int:
    """Convert an era name/letter and its year ("元" = 1) to a Gregorian year."""
    n = 1 if year_text == "元" else int(year_text)
    if n < 1:
        raise ValueError(f"元号の年が不正です: {text!r}")
    return _ERA_BASE[era] + n


def _strip_trailing_tilde(s: str) -> str:
    """Drop a trailing range marker (~, 〜, ～) as in 「2023.10～」 meaning "from then on"."""
    return s.rstrip(_TILDES)


def _round_text(q: float, decimals: int) -> str:
    """Format q with thousands separators, at most `decimals` places, trailing zeros stripped."""
    s = f"{q:,.{decimals}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def _sig_decimals(q: float, digits: int) -> int:
    """Decimal places that keep `digits` significant digits, never rounding integer digits away."""
    if q == 0:
        return 0
    int_digits = math.floor(math.log10(q)) + 1
    return max(0, digits - int_digits)


# ---------------------------------------------------------------------------
# figures
# ---------------------------------------------------------------------------


def parse_figure_ja(text: str) -> Figure:
    """Parse a figure as written in the report (e.g. 「約5万4千人」) into value, unit and qualifier.

    Parameters
    ----------
    text : str
        Figure text such as "6,000本超", "約3億5,000万円", "89%（見込）", "1/150", "約半数以上".
        Full-width characters are accepted (NFKC normalisation); whitespace is ignored.

    Returns
    -------
    Figure
        ``value`` as float (negative for "-5", "−5", "▲5"), ``unit`` as the text after the
        number ("" if none; "㎡" kept as "㎡"), and ``qualifier`` from :data:`QUALIFIERS` or
        ``None``. A trailing qualifier wins over a leading 約.

    Raises
    ------
    ValueError
        If no number can be read, or the denominator of a fraction is zero.
    """
    s = _normalise(text)
    qualifier: str | None = None
    for suffix, qual in _TRAILING_QUALIFIERS:
        if s.endswith(suffix) and len(s) > len(suffix):
            qualifier = qual
            s = s[: -len(suffix)]
            break
    if s.startswith("約"):
        s = s[1:]
        if qualifier is None:
            qualifier = "約"

    sign = 1.0
    if s[:1] in _NEGATIVE_SIGNS:
        sign = -1.0
        s = s[1:]
    elif s.startswith("+"):
        s = s[1:]

    if s.startswith("半数"):
        if s != "半数":
            raise ValueError(f"数値として読めません: {text!r}")
        return Figure(sign * 50.0, "%", qualifier)

    frac = _FRACTION_RE.match(s)
    if frac is not None:
        n_num, n_den = _decimal_to_ratio(frac.group(1))
        d_num, d_den = _decimal_to_ratio(frac.group(2))
        if d_num == 0:
            raise ValueError(f"分母が0です: {text!r}")
        value = (n_num * d_den) / (n_den * d_num)
        return Figure(sign * value, _clean_unit(s[frac.end() :], text), qualifier)

    value, rest = _parse_japanese_number(s, text)
    return Figure(sign * value, _clean_unit(rest, text), qualifier)


def format_count_ja(value: float, digits: int = 3) -> str:
    """Format a count in Japanese short form (「5.4万」, 「3.5億」) for reading at a glance.

    Parameters
    ----------
    value : float
        The number to format. NaN and ±infinity give "—".
    digits : int, default 3
        Significant digits for non-integral 万/億 figures (integer digits are never dropped).

    Returns
    -------
    str
        Below 10,000: thousands separators, at most one decimal ("6,000", "12.3").
        From 10,000: in 万 units ("80万", "2,263万", "5.4万"); from 1億: in 億 units
        ("1億", "3.5億"). Negative values keep a leading "-".

    Raises
    ------
    ValueError
        If ``digits`` is less than 1.
    """
    if digits < 1:
        raise ValueError(f"有効桁数は1以上にしてください: {digits}")
    if not math.isfinite(value):
        return "—"
    sign = "-" if value < 0 else ""
    a = abs(value)

    tiers: tuple[tuple[str, float], ...] = (("", 1.0), ("万", 1e4), ("億", 1e8))
    idx = 0 if a < 1e4 else (1 if a < 1e8 else 2)
    while True:
        suffix, scale = tiers[idx]
        q = a / scale
        if q.is_integer():
            text = f"{int(q):,}"
            rounded = q
        else:
            decimals = 1 if idx == 0 else _sig_decimals(q, digits)
            rounded = round(q, decimals)
            text = _round_text(q, decimals)
        # Rounding may reach the next tier (e.g. 9,999.96 → 1万): move up instead.
        if rounded >= 1e4 and idx + 1 < len(tiers):
            idx += 1
            continue
        break
    if text == "0":
        sign = ""
    return f"{sign}{text}{suffix}"


def format_figure_ja(value: float, unit: str, qualifier: str | None) -> str:
    """Render a figure as display text with its qualifier where the report puts it.

    Parameters
    ----------
    value : float
        Numeric value; shown via :func:`format_count_ja`, or as "1/N" when the unit is
        "" or "倍", ``0 < |value| < 1`` and ``1/value`` is an integer within 1e-6.
    unit : str
        Unit text appended directly after the number (no space), e.g. "人", "%", "㎡".
    qualifier : str or None
        One of :data:`QUALIFIERS` or ``None``. 約 goes before the number; 超/以上/程度 after
        the unit; 見込 after the unit as "（見込）".

    Returns
    -------
    str
        E.g. "約80万人", "6,000本超", "89%（見込）", "約1/150". Non-finite values give "—".

    Raises
    ------
    ValueError
        If ``qualifier`` is not ``None`` and not in :data:`QUALIFIERS`.
    """
    if qualifier is not None and qualifier not in QUALIFIERS:
        raise ValueError(f"不明な修飾語です: {qualifier!r}")
    if not math.isfinite(value):
        return "—"

    number: str | None = None
    if unit in ("", "倍") and 0 < abs(value) < 1:
        inverse = 1 / abs(value)
        nearest = round(inverse)
        if abs(inverse - nearest) <= 1e-6:
            number = f"{'-' if value < 0 else ''}1/{nearest}"
    if number is None:
        number = format_count_ja(value)

    body = f"{number}{unit}"
    if qualifier == "約":
        return f"約{body}"
    if qualifier == "見込":
        return f"{body}（見込）"
    if qualifier is not None:
        return f"{body}{qualifier}"
    return body


# ---------------------------------------------------------------------------
# fiscal years and months
# ---------------------------------------------------------------------------


def fiscal_year(d: date) -> int:
    """Return the Japanese fiscal year (年度, April–March) that contains a date.

    Parameters
    ----------
    d : datetime.date
        Any date (a ``datetime`` works too).

    Returns
    -------
    int
        The calendar year in which that fiscal year starts (2024-03-31 → 2023).
    """
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_range(fy: int) -> tuple[date, date]:
    """Return the first and last day of a Japanese fiscal year, for filtering by 年度.

    Parameters
    ----------
    fy : int
        Fiscal year, e.g. 2023.

    Returns
    -------
    tuple of datetime.date
        (April 1 of ``fy``, March 31 of ``fy + 1``), both inclusive.
    """
    return date(fy, 4, 1), date(fy + 1, 3, 31)


def format_fiscal_year(fy: int) -> str:
    """Format a fiscal year the way the report labels it (「2023年度」).

    Parameters
    ----------
    fy : int
        Fiscal year.

    Returns
    -------
    str
        E.g. "2023年度".
    """
    return f"{fy}年度"


def format_month_ja(d: date) -> str:
    """Format a date at month precision in Japanese (「2023年10月」) for labels.

    Parameters
    ----------
    d : datetime.date
        Any date; the day is ignored.

    Returns
    -------
    str
        E.g. "2023年10月" (month without zero padding).
    """
    return f"{d.year}年{d.month}月"


def parse_month_ja(text: str) -> date:
    """Parse a month-precision date as people type it (「2023.10～」, 「令和5年10月」, 「R5.10」).

    Parameters
    ----------
    text : str
        Forms accepted: "2023.10", "2023/10", "2023-10", "2023年10月", optionally with a day
        ("2023-10-01", "2023/10/15", "2023年10月15日"); era forms "令和5年10月", "令和元年5月",
        "平成31年4月", "R5.10", "R5/10", "H31.4". Full-width digits are accepted and a trailing
        "~", "～" or "〜" is ignored.

    Returns
    -------
    datetime.date
        The first day of that month, or the given day when one is present.

    Raises
    ------
    ValueError
        If the text matches none of the forms, or the month/day is out of range.
    """
    s = _strip_trailing_tilde(_normalise(text))
    year: int
    month_text: str
    day_text: str | None
    if m := _MONTH_JA_RE.fullmatch(s):
        year, month_text, day_text = int(m.group(1)), m.group(2), m.group(3)
    elif m := _MONTH_SEP_RE.fullmatch(s):
        year, month_text, day_text = int(m.group(1)), m.group(3), m.group(4)
    elif m := _MONTH_ERA_JA_RE.fullmatch(s):
        year = _era_year(m.group(1), m.group(2), text)
        month_text, day_text = m.group(3), m.group(4)
    elif m := _MONTH_ERA_LETTER_RE.fullmatch(s.upper()):
        year = _era_year(m.group(1), m.group(2), text)
        month_text, day_text = m.group(4), m.group(5)
    else:
        raise ValueError(f"年月として読めません: {text!r}")

    month = int(month_text)
    if not 1 <= month <= 12:
        raise ValueError(f"月が範囲外です（1〜12）: {text!r}")
    day = int(day_text) if day_text is not None else 1
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"日付として不正です: {text!r}") from None


def parse_fiscal_year_ja(text: str) -> int:
    """Parse a fiscal-year label (「2023年度」, 「令和5年度」, 「FY2023」) into its starting year.

    Parameters
    ----------
    text : str
        Forms accepted: "2023年度", "令和5年度", "令和元年度", "平成31年度", "R5年度", "FY2023";
        full-width characters accepted, whitespace and a trailing "~"/"～"/"〜" ignored.

    Returns
    -------
    int
        The fiscal year, e.g. 2023.

    Raises
    ------
    ValueError
        If the text is not a recognised fiscal-year form.
    """
    s = _strip_trailing_tilde(_normalise(text)).upper()
    if m := _FY_RE.fullmatch(s):
        return int(m.group(1))
    if m := _FY_PREFIX_RE.fullmatch(s):
        return int(m.group(1))
    if m := _FY_ERA_RE.fullmatch(s):
        return _era_year(m.group(1), m.group(2), text)
    raise ValueError(f"年度として読めません: {text!r}")


# Words an as-of text may end with (「2024年3月末時点」, 「2023年12月末実績」, 「2024年3月現在」).
AS_OF_MARKERS: tuple[str, ...] = ("時点", "実績", "現在")
_DAY_GIVEN_RE = re.compile(r".*\d日|\d{4}([./-])\d{1,2}\1\d{1,2}")
_YEAR_RE = re.compile(r"(\d{4})年")


@dataclass(frozen=True)
class AsOf:
    """An as-of text read as a date form: 「2024年3月末時点」 → month 2024-03, end, marker 時点."""

    kind: str  # "day", "month", "fiscal_year" or "year": how precise the text is
    year: int  # the calendar year, or the 年度's first year
    month: int = 1
    day: int = 1
    end: bool = False  # 「末」: at its end
    during: bool = False  # 「中」: some time within it
    marker: str = ""  # one of AS_OF_MARKERS, or ""


def read_as_of(text: str) -> AsOf | None:
    """Read an as-of text of a date form (「2024年3月末」, 「2023年度中」, 「令和6年3月末時点」,
    「2024年3月31日現在」), so it can be said in English; None for other words (「現在」, 「開設から」)."""
    s = _normalise(text)
    if not s or s[-1] in _TILDES:  # 「2024年3月～」 is a span, not an as-of
        return None
    marker = next((m for m in AS_OF_MARKERS if s.endswith(m) and len(s) > len(m)), "")
    s = s[: len(s) - len(marker)]
    end, during = s.endswith("末"), s.endswith("中")
    s = s[:-1] if end or during else s
    flags = {"end": end, "during": during, "marker": marker}
    try:
        return AsOf("fiscal_year", parse_fiscal_year_ja(s), **flags)
    except ValueError:
        pass
    if m := _YEAR_RE.fullmatch(s):
        return AsOf("year", int(m.group(1)), **flags)
    try:
        day = parse_month_ja(s)
    except ValueError:
        return None
    kind = "day" if _DAY_GIVEN_RE.fullmatch(s) else "month"
    return AsOf(kind, day.year, day.month, day.day, **flags)
