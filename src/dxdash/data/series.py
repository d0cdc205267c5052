"""Figures over time: the newest value of each figure, its change since the previous one, history.

A figure is identified by (initiative or program id, metric, municipality code); each of its
rows is one value at one as-of date. Everything here is vectorised over the metrics table
(one sort, no per-row Python loop), except :func:`figure_change`, which writes one sentence.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dxdash.locale import Locale

# The key of one figure; a row of the metrics table adds its as_of to this.
FIGURE_KEY: tuple[str, ...] = ("initiative_id", "metric", "municipality_code")
# The columns of the previous value attached to each figure's newest row.
PREVIOUS_COLUMNS: tuple[str, ...] = (
    "value",
    "value_text",
    "unit",
    "qualifier",
    "as_of",
    "as_of_text",
)

# Qualifiers that make a value approximate (its difference is approximate too) and those that
# make it a bound (超80万: the difference to another value is not known, so none is shown).
APPROXIMATE = frozenset({"約", "程度", "見込"})
BOUNDS = frozenset({"超", "以上"})

_UNITS_EN = {"人": "people", "回": "times", "件": "cases", "円": "yen", "本": "items"}
_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
_MULTIPLIERS = {"万": 1e4, "億": 1e8, "千": 1e3}


def _dates(values: pd.Series) -> np.ndarray:
    """As-of dates as int64 days for sorting; no date sorts first (oldest)."""
    stamps = pd.to_datetime(values, errors="coerce")
    days = stamps.to_numpy(dtype="datetime64[D]").astype("int64")
    return np.where(stamps.isna().to_numpy(), np.iinfo(np.int64).min, days)


@dataclass(frozen=True)
class _Positions:
    """Where each figure's newest and previous values are, in a metrics table's rows."""

    last: np.ndarray  # row of each figure's newest value, figures in first-appearance order
    previous: np.ndarray  # row of its previous value (0 where there is none)
    has_previous: np.ndarray
    counts: np.ndarray  # values per figure


def _positions(codes: np.ndarray, dates: np.ndarray) -> _Positions:
    """One sort by (figure code, date): the last row of each run is the newest value.

    ``codes`` number the figures in order of first appearance, so the result keeps that order.
    """
    order = np.lexsort((dates, codes))
    sorted_codes = codes[order]
    is_last = np.ones(len(order), dtype=bool)
    is_last[:-1] = sorted_codes[1:] != sorted_codes[:-1]
    ends = np.flatnonzero(is_last)
    before = np.maximum(ends - 1, 0)
    has_previous = (ends > 0) & (sorted_codes[before] == sorted_codes[ends])
    counts = np.bincount(codes, minlength=len(ends)) if len(codes) else np.zeros(0, np.int64)
    return _Positions(order[ends], np.where(has_previous, order[before], 0), has_previous, counts)


def latest(metrics: pd.DataFrame) -> pd.DataFrame:
    """One row per figure — its newest value — with the previous value in ``previous_*`` columns.

    Figures keep the order in which they first appear in the table (the report's order), so a
    newer value added at the end of the workbook does not move its figure. ``values`` counts
    each figure's values (1 when it has no history). For a large table read from Parquet,
    :func:`latest_table` does the same on Arrow (no conversion of a million dates).
    """
    key = [c for c in FIGURE_KEY if c in metrics.columns]
    codes = metrics.groupby(key, sort=False, dropna=False).ngroup().to_numpy()
    at = _positions(codes, _dates(metrics["as_of"]))
    frame = metrics.iloc[at.last].copy()
    frame["values"] = at.counts
    for column in PREVIOUS_COLUMNS:
        previous = metrics[column].iloc[at.previous].to_numpy(dtype=object)
        frame[f"previous_{column}"] = np.where(at.has_previous, previous, None)
    return frame


def latest_table(metrics: pa.Table) -> pa.Table:
    """:func:`latest` on an Arrow metrics table, vectorised with pyarrow.compute and one sort."""
    codes = None
    for column in FIGURE_KEY:
        encoded = pc.dictionary_encode(metrics.column(column), null_encoding="encode")
        encoded = encoded.combine_chunks() if isinstance(encoded, pa.ChunkedArray) else encoded
        part = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        if codes is None:
            codes = part
        else:  # pair codes, renumbered in order of first appearance (never overflows)
            pair = codes * len(encoded.dictionary) + part
            codes = _first_appearance(pair)
    dates = pc.fill_null(pc.cast(metrics.column("as_of"), pa.int32()), np.iinfo(np.int32).min)
    at = _positions(codes, dates.to_numpy().astype(np.int64))
    out = metrics.take(pa.array(at.last))
    previous = metrics.select(list(PREVIOUS_COLUMNS)).take(pa.array(at.previous))
    has_previous = pa.array(at.has_previous)
    for column in PREVIOUS_COLUMNS:
        kept = pc.if_else(
            has_previous,
            previous.column(column),
            pa.scalar(None, previous.schema.field(column).type),
        )
        out = out.append_column(f"previous_{column}", kept)
    return out.append_column("values", pa.array(at.counts, pa.int64()))


def _first_appearance(values: np.ndarray) -> np.ndarray:
    """Number equal values 0, 1, 2 … in the order in which each first appears (one hash pass)."""
    return pc.dictionary_encode(pa.array(values)).indices.to_numpy().astype(np.int64)


def history(metrics: pd.DataFrame, owner: str, metric: str | None = None) -> pd.DataFrame:
    """Every value of one owner's figures (or one figure), oldest first."""
    mask = metrics["initiative_id"] == owner
    if metric is not None:
        mask &= metrics["metric"] == metric
    rows = metrics.loc[mask]
    return rows.iloc[np.lexsort((_dates(rows["as_of"]),))]


@dataclass(frozen=True)
class Value:
    """One value of a figure as printed: number, unit, qualifier, text and as-of."""

    value: float
    unit: str
    qualifier: str | None
    value_text: str
    as_of: date | None = None
    as_of_text: str | None = None


def step(value_text: str) -> float:
    """The place of the last printed digit: 約80万人 → 10,000; 5万4千 → 1,000; 1.5% → 0.1."""
    text = unicodedata.normalize("NFKC", value_text)
    found = list(_NUMBER.finditer(text))
    if not found:
        return 1.0
    last = found[-1]
    decimals = len(last.group(2) or "")
    after = text[last.end() : last.end() + 1]
    return _MULTIPLIERS.get(after, 1.0) * 10.0**-decimals


def _decimals(place: float) -> int:
    """Decimal places needed to print multiples of ``place``."""
    return max(0, -math.floor(math.log10(place) + 1e-9))


def _amount_ja(amount: float, place: float) -> str:
    """A non-negative amount rounded to ``place``, in 万/億 when the place allows: 50000 → 5万."""
    if amount == 0:
        return "0"
    # In 億 with up to 3 decimals (1.43億), in 万 with up to 1 (5.4万); finer places in digits.
    for unit, scale, finest in (("億", 1e8, 1e5), ("万", 1e4, 1e3)):
        if amount >= scale and place >= finest:
            q = amount / scale
            return f"{q:,.{_decimals(place / scale)}f}{unit}"
    return f"{amount:,.{_decimals(place)}f}"


def _amount_en(amount: float, place: float) -> str:
    """A non-negative amount rounded to ``place``, in full digits: 50000 → 50,000."""
    return f"{amount:,.{_decimals(place)}f}"


def _unit_en(unit: str) -> str:
    """An English unit word (people, times …), or the unit as stored."""
    return _UNITS_EN.get(unit, unit)


def _figure_en(value: Value, unit: bool = False) -> str:
    """A value in English digits: "about 850,000" (with ``unit``: "about 850,000 people")."""
    words = {"約": "about ", "程度": "about ", "超": "over ", "以上": "at least "}
    number = _amount_en(abs(value.value), step(value.value_text))
    sign = "-" if value.value < 0 else ""
    text = f"{words.get(value.qualifier or '', '')}{sign}{number}"
    if unit:
        text = _with_unit_en(text, value.unit)
    return text + (" (projected)" if value.qualifier == "見込" else "")


def _with_unit_en(text: str, unit: str) -> str:
    """Join an English number and unit: "89%", "about 850,000 people"."""
    word = _unit_en(unit)
    if not word:
        return text
    return f"{text}{word}" if word == "%" else f"{text} {word}"


def value_en(value: float, unit: str, qualifier: object, value_text: str) -> str:
    """One value in English from its numbers: "about 850,000 people", "92% (projected)"."""
    q = qualifier if isinstance(qualifier, str) else None
    return _figure_en(Value(float(value), unit or "", q, value_text), unit=True)


def _month(d: date | None, locale: Locale) -> str | None:
    """A month as the change line prints it: 2023年10月 / Oct 2023."""
    if d is None or (not isinstance(d, date) and pd.isna(d)):
        return None
    return locale.month(d)


def difference_text(old: Value, new: Value, locale: Locale) -> str | None:
    """The difference alone, 「＋約5万人」 / "+about 50,000"; None when it cannot be known.

    Approximate (約/程度/見込) on either side: approximate, rounded to the coarser printed place.
    A bound (超/以上) on either side, or different units: None.
    """
    qualifiers = {old.qualifier, new.qualifier}
    if old.unit != new.unit or qualifiers & BOUNDS:
        return None
    approximate = bool(qualifiers & APPROXIMATE)
    # Approximate: no finer than the coarser value. Exact: the exact difference.
    places = (step(old.value_text), step(new.value_text))
    place = max(places) if approximate else min(places)
    change = new.value - old.value
    # Half away from zero, as people round by hand; round() would give 2.5 → 2.
    amount = math.copysign(math.floor(abs(change) / place + 0.5 + 1e-9), change) * place
    if locale.english:
        sign = "+" if amount > 0 else ("−" if amount < 0 else "±")
        return f"{sign}{'about ' if approximate else ''}{_amount_en(abs(amount), place)}"
    sign = "＋" if amount > 0 else ("－" if amount < 0 else "±")
    return f"{sign}{'約' if approximate else ''}{_amount_ja(abs(amount), place)}{new.unit}"


def figure_change(old: Value, new: Value, locale: Locale) -> str:
    """Say how a figure moved: 「約80万人 → 約85万人（＋約5万人、2023年10月→2024年3月）」.

    Never invents precision: when either value is approximate (約/程度/見込) the difference is
    approximate and rounded to the coarser printed place; when either is a bound (超/以上) or the
    units differ, no difference is given — only the two values and their months.
    """
    same_unit = old.unit == new.unit
    difference = difference_text(old, new, locale)
    months = [_month(old.as_of, locale), _month(new.as_of, locale)]
    if locale.english:
        unit_once = same_unit and _unit_en(new.unit) != "%"  # "about 800,000 → … people"
        values = f"{_figure_en(old, unit=not unit_once)} → {_figure_en(new, unit=True)}"
        when = f"{months[0]} → {months[1]}" if all(months) else None
        details = ", ".join(part for part in (difference, when) if part)
        return f"{values} ({details})" if details else values
    values = f"{_text_ja(old)} → {_text_ja(new)}"
    when = f"{months[0]}→{months[1]}" if all(months) else None
    details = "、".join(part for part in (difference, when) if part)
    return f"{values}（{details}）" if details else values


def _text_ja(value: Value) -> str:
    """The printed text, with （見込） where the report marks a projection beside the number."""
    if value.qualifier == "見込" and "見込" not in value.value_text:
        return f"{value.value_text}（見込）"
    return value.value_text


_VALUE_FIELDS = ("qualifier", "as_of", "value", "unit", "value_text", "as_of_text")


def _value(record: Mapping, prefix: str = "") -> Value:
    """A Value from a row of :func:`latest` (prefix ``previous_`` for the previous value)."""
    qualifier = record[f"{prefix}qualifier"]
    as_of = record[f"{prefix}as_of"]
    return Value(
        value=float(record[f"{prefix}value"]),
        unit=record[f"{prefix}unit"] or "",
        qualifier=qualifier if isinstance(qualifier, str) else None,
        value_text=record[f"{prefix}value_text"],
        as_of=as_of if isinstance(as_of, date) else None,
        as_of_text=record[f"{prefix}as_of_text"],
    )


def change_texts(rows: pd.DataFrame, locale: Locale, short: bool = False) -> list[str]:
    """The change line of each row of :func:`latest` ("" when the figure has one value).

    ``short``: the difference alone (「＋約5万人」), for a bar's label ("" when unknown).

    Only the rows with a previous value are formatted, so a page of figures costs one sentence
    per figure that moved.
    """
    if "previous_value_text" not in rows.columns:
        return [""] * len(rows)
    out = [""] * len(rows)
    moved = [isinstance(text, str) for text in rows["previous_value_text"]]
    if not any(moved):
        return out
    columns = [f"{prefix}{field}" for prefix in ("", "previous_") for field in _VALUE_FIELDS]
    records = rows.loc[moved, columns].to_dict("records")  # only what a Value needs
    places = [i for i, m in enumerate(moved) if m]
    for place, record in zip(places, records, strict=True):
        old, new = _value(record, "previous_"), _value(record)
        out[place] = (
            (difference_text(old, new, locale) or "") if short else figure_change(old, new, locale)
        )
    return out
