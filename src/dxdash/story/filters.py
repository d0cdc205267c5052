"""The sidebar filters as a value, and the pure functions that apply them to each table.

Pages never filter by hand: they build a Filters from the URL-bound widgets and call these,
so every page (and every test) agrees on what "教育・2022年度" means.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from dxdash.story.visible_text import drop_invisible, visible
from dxdash.text.japanese import fiscal_year as fiscal_year_of

if TYPE_CHECKING:  # the type only: filters stays free of the catalogs' file reading
    from dxdash.locale import Locale


@dataclass(frozen=True)
class Filters:
    """What the user asked to see; the empty default shows everything."""

    fields: tuple[str, ...] = ()
    fiscal_years: tuple[int, int] | None = None
    models: tuple[str, ...] = ()
    keyword: str = ""

    @property
    def is_active(self) -> bool:
        """True when anything narrows the view."""
        return bool(self.fields or self.fiscal_years or self.models or self.keyword.strip())

    @property
    def active_count(self) -> int:
        """How many filters narrow the view (分野, 年度, 群馬モデル, keyword): the phone's filter
        button says it."""
        kinds = (self.fields, self.fiscal_years, self.models, self.keyword.strip())
        return sum(bool(kind) for kind in kinds)

    @property
    def narrows_initiatives(self) -> bool:
        """True when a filter other than 年度 applies (program-wide figures are then hidden)."""
        return bool(self.fields or self.models or self.keyword.strip())


def normalize_text(text: str) -> str:
    """Fold width and case (ＬＩＮＥ → line) so keyword search matches as people expect."""
    return unicodedata.normalize("NFKC", text).casefold()


SEARCH_TEXT = "search_text"  # optional column: both languages' text, so ?q= finds the same rows


def _search_text(initiatives: pd.DataFrame) -> pd.Series:
    """Join every searchable text of an initiative: name, summary, comments, model text
    (the precomputed bilingual column when the dataset has one)."""
    if SEARCH_TEXT in initiatives.columns:
        return initiatives[SEARCH_TEXT]
    parts = [
        initiatives["name"].fillna(""),
        initiatives["short_name"].fillna(""),
        initiatives["summary"].fillna(""),
        initiatives["comments"].map(" ".join),
        initiatives["firsts"].map(" ".join),
        initiatives["gunma_model_name"].fillna(""),
        initiatives["gunma_model_summary"].fillna(""),
    ]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + " " + part
    return joined.map(normalize_text)


def event_search_text(events: pd.DataFrame) -> pd.Series:
    """An event's searchable text: title and detail (the bilingual column when there is one)."""
    if SEARCH_TEXT in events.columns:
        return events[SEARCH_TEXT]
    return (events["title"].fillna("") + " " + events["detail"].fillna("")).map(normalize_text)


def initiative_search_text(initiatives: pd.DataFrame) -> pd.Series:
    """An initiative's searchable text, folded (public for dxdash.story.content)."""
    return _search_text(initiatives)


def term_matches(text: pd.Series, term: str) -> pd.Series:
    """Where a folded search text holds `term`. A term that starts with a Latin letter must start
    a Latin word, so "line" finds 公式LINE but not the English "online" (both languages' text is
    searched)."""
    if term[:1].isascii() and term[:1].isalpha():
        return text.str.contains(r"(?<![a-z])" + re.escape(term), regex=True)
    return text.str.contains(term, regex=False)


def keyword_terms(keyword: str) -> list[str]:
    """Split a keyword on spaces (full- or half-width) into distinct terms, every one of which
    must match; invisible characters are no part of a term (a pasted U+200B would match
    nothing). Each term is one pass over the texts, so repeats are searched once."""
    text, _ = drop_invisible(normalize_text(keyword))
    return list(dict.fromkeys(t for t in text.split() if t))


def filter_initiatives(initiatives: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Return the initiatives matching every filter (a new frame; the input is never changed).

    An initiative the report gives no 年度 for is dropped only once the 年度 range is narrowed.
    """
    mask = pd.Series(True, index=initiatives.index)
    if filters.fields:
        mask &= initiatives["field"].isin(filters.fields)
    if filters.models:
        mask &= initiatives["gunma_model"].isin(filters.models)
    if filters.fiscal_years:
        first, last = filters.fiscal_years
        years = initiatives["fiscal_year"]
        mask &= years.notna() & (years >= first) & (years <= last)
    terms = keyword_terms(filters.keyword)
    if terms:
        text = _search_text(initiatives)
        for term in terms:
            mask &= term_matches(text, term)
    return initiatives.loc[mask.fillna(False).astype(bool)]


def filter_metrics(
    metrics: pd.DataFrame, initiatives: pd.DataFrame, shown: pd.DataFrame, filters: Filters
) -> pd.DataFrame:
    """Return the figures of the shown initiatives, plus program-wide figures when unfiltered.

    Program-wide figures (DX加速化プログラム 89% …) belong to no 分野, so any 分野, model or
    keyword filter hides them; a 年度 range keeps those whose as-of date falls inside it.
    """
    of_shown = metrics["initiative_id"].isin(shown["initiative_id"])
    if filters.narrows_initiatives:  # no program-wide figure stays: skip looking for them
        return metrics.loc[of_shown]
    keep_program = ~metrics["initiative_id"].isin(initiatives["initiative_id"])
    if filters.fiscal_years and keep_program.any():
        first, last = filters.fiscal_years
        # Undated program figures (群馬モデル 15件) hold for the whole period: keep them.
        # Only the program-wide rows are looked at (a handful, even beside a million figures).
        dates = metrics.loc[keep_program, "as_of"]
        in_range = dates.map(lambda d: pd.isna(d) or first <= fiscal_year_of(d) <= last)
        keep_program &= in_range.astype(bool).reindex(metrics.index, fill_value=False)
    return metrics.loc[of_shown | keep_program]


def filter_events(events: pd.DataFrame, shown: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Return events in the 年度 range; events tied to an initiative follow that initiative.

    Prefecture-wide events (G7, awards) stay under a 分野 filter: they are the whole DX effort's.
    """
    mask = pd.Series(True, index=events.index)
    if filters.fiscal_years:
        first, last = filters.fiscal_years
        years = events["fiscal_year"]
        mask &= years.notna() & (years >= first) & (years <= last)
    linked = events["initiative_id"].notna()
    if filters.narrows_initiatives:
        mask &= ~linked | events["initiative_id"].isin(shown["initiative_id"])
    terms = keyword_terms(filters.keyword)
    if terms:
        text = event_search_text(events)
        matches = pd.Series(True, index=events.index)
        for term in terms:
            matches &= term_matches(text, term)
        mask &= matches | (linked & events["initiative_id"].isin(shown["initiative_id"]))
    return events.loc[mask.fillna(False).astype(bool)]


def filter_survey(survey: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Return survey scores in the 年度 range (the survey has no 分野)."""
    if not filters.fiscal_years:
        return survey
    first, last = filters.fiscal_years
    return survey.loc[(survey["fiscal_year"] >= first) & (survey["fiscal_year"] <= last)]


def describe_filters(filters: Filters, locale: Locale) -> list[str]:
    """Return one phrase per active filter, for the 'now showing' summary, said by `locale`."""
    parts = []
    if filters.fields:
        values = [locale.term("fields", f) for f in filters.fields]
        parts.append(locale.say("filters.fields", n=len(values), values=locale.join(values)))
    if filters.fiscal_years:
        first, last = filters.fiscal_years
        span = (
            locale.fiscal_year(first)
            if first == last
            else locale.say("filters.year_span", first=str(first), last=str(last))
        )
        parts.append(locale.say("filters.years", span=span))
    if filters.models:
        values = [locale.term("gunma_model_types", m) for m in filters.models]
        parts.append(locale.say("filters.models", n=len(values), values=locale.join(values)))
    if filters.keyword.strip():
        typed = visible(filters.keyword.strip())  # a pasted U+202E shown, never reordering
        parts.append(locale.say("filters.keyword", keyword=locale.quoted(typed)))
    return parts
