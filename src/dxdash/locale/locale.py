"""One Locale object per run: translation, plurals, 年度/FY, months, dates, lists and sentences.

In the spirit of tornado.locale and Babel's ``Format``: a renderer asks the locale how to say a
thing instead of threading a language string through every call. Japanese is the source of
truth; English never changes a number, only how it is said.

Sentences (the takeaways of the story) are catalog entries with named placeholders in
data/source/translations/sentences.csv, with an English singular and plural form chosen by the
count named in the entry's ``plural_by`` column, so translators review whole sentences. The
``easy`` column says the sentence in やさしい日本語 (short, plain words, ふりがな as
``｜漢字《かんじ》``, see dxdash.text.ruby); a Locale with ``easy`` uses it, and the Japanese data.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, lru_cache
from typing import Any

from babel import Locale as BabelLocale
from babel.dates import format_date
from babel.numbers import format_decimal

from dxdash.locale import catalog
from dxdash.text import japanese

SENTENCES = catalog.TRANSLATIONS_DIR / "sentences.csv"
AS_OF_TEXTS = "as_of_texts"  # content.yaml's section of as-of words; other date forms are read
# What each of japanese.AS_OF_MARKERS says, as a catalog sentence around the date.
AS_OF_MARKER_SENTENCES = {
    "時点": "as_of_text.as_of",
    "現在": "as_of_text.as_of",
    "実績": "as_of_text.actual",
}


@dataclass(frozen=True)
class Sentence:
    """One catalog sentence: its Japanese, English singular and plural, and the count to pick by."""

    key: str
    plural_by: str
    ja: str
    en_one: str
    en_other: str
    easy: str = ""


@cache
def sentences() -> dict[str, Sentence]:
    """The sentence catalog, read once per process."""
    with SENTENCES.open(encoding="utf-8", newline="") as handle:
        return {
            row["key"]: Sentence(
                row["key"],
                row["plural_by"].strip(),
                row["ja"],
                row["en_one"] or row["en_other"],
                row["en_other"],
                row.get("easy") or "",
            )
            for row in csv.DictReader(handle)
        }


@dataclass(frozen=True)
class Locale:
    """How to say things in one language: ``code`` "ja" or "en" (the data's language), and
    ``easy`` for やさしい日本語 — the Japanese data, said in plain words with ふりがな."""

    code: str
    easy: bool = False

    @property
    def tag(self) -> str:
        """The reading's name in ?lang= and the switch: "ja", "easy" or "en"."""
        return catalog.EASY if self.easy else self.code

    @property
    def html_lang(self) -> str:
        """The page's <html lang>: やさしい日本語 is Japanese."""
        return self.code

    @property
    def standard(self) -> Locale:
        """This language in its standard reading: for sinks that cannot show ふりがな (a chart's
        Vega-Lite text), やさしい日本語 falls back to the Japanese the report prints."""
        return replace(self, easy=False) if self.easy else self

    @property
    def english(self) -> bool:
        """True for English."""
        return self.code == "en"

    @property
    def babel(self) -> str:
        """The CLDR locale Babel formats this language's dates and numbers in ("Sep 2023", as
        the charts' d3 axes print it)."""
        return "en" if self.english else "ja"

    @property
    def babel_lists(self) -> str:
        """The CLDR locale of running lists: British English for English ("A, B and C", no
        serial comma, as GOV.UK writes and as the dates' day-month-year order reads)."""
        return "en_GB" if self.english else "ja"

    def _(self, text: str) -> str:
        """Translate one UI text (msgid = the Japanese); a missing English or やさしい日本語 entry
        falls back (to the Japanese for やさしい日本語, which may carry ｜漢字《かんじ》 readings)."""
        if self.easy:
            return catalog.easy_catalog().get(text, text)
        if not self.english:
            return text
        return catalog.ui_catalog().get(text) or text

    gettext = _

    def term(self, section: str, value: object) -> str:
        """Translate a vocabulary word (分野, 類型, 分類, 種類, 単位 …) from content.yaml."""
        if not isinstance(value, str):
            return ""
        if not self.english:
            return value
        found = catalog.content().get(section, {}).get(value)
        if found is None and section == AS_OF_TEXTS:  # a date typed in Excel: read, not listed
            found = self._as_of_words(value)
        return value if found is None else found

    def _as_of_words(self, text: str) -> str | None:
        """An as-of text of a date form in this locale's words (「2024年3月末時点」 → "as of end of
        Mar 2024"); None when it is not one (it then shows as printed)."""
        read = japanese.read_as_of(text)
        if read is None:
            return None
        if read.kind == "day":
            when = self.date(date(read.year, read.month, read.day))
        elif read.kind == "month":
            when = self.month(date(read.year, read.month, 1))
        elif read.kind == "fiscal_year":
            when = self.fiscal_year(read.year)
        else:
            when = str(read.year)
        if read.end:
            when = self.say("as_of_text.end", when=when)
        if read.during:
            when = self.say("as_of_text.during", when=when)
        if read.marker:
            when = self.say(AS_OF_MARKER_SENTENCES[read.marker], when=when)
        return when

    def pick(self, texts: Mapping[str, str]) -> str:
        """This reading's text of a {ja, en, easy} mapping (やさしい日本語 falls back to ja)."""
        return texts.get(self.tag) or texts.get(self.code) or ""

    def say(self, key: str, **values: Any) -> str:
        """A catalog sentence with its placeholders filled, in the plural form its count asks for."""
        entry = sentences()[key]
        if self.easy and entry.easy:
            template = entry.easy
        elif not self.english:
            template = entry.ja
        else:
            count = values.get(entry.plural_by) if entry.plural_by else None
            template = entry.en_one if count == 1 else entry.en_other
        shown = {k: self.number(v) if isinstance(v, int) else v for k, v in values.items()}
        return template.format(**shown)

    def number(self, value: int) -> str:
        """A whole number with thousands separators, Babel's grouping: 1,167."""
        return _number(self.babel, int(value))

    def fiscal_year(self, fy: int) -> str:
        """2023 → 「2023年度」 or "FY2023" (年度 runs April–March: japanese.fiscal_year)."""
        return f"FY{int(fy)}" if self.english else japanese.format_fiscal_year(int(fy))

    @property
    def fiscal_year_pattern(self) -> str:
        """fiscal_year as a printf pattern, for a table's number column: 「%d年度」 or "FY%d"."""
        return "FY%d" if self.english else "%d年度"

    def month(self, day: Any) -> str:
        """A date as a month: 「2023年10月」 or "Oct 2023" (Babel's, whatever the process's
        LC_TIME)."""
        return _month(self.babel, day.year, day.month)

    def date(self, day: date) -> str:
        """A full date: 「2026年11月30日」 or "30 November 2026"."""
        return format_date(day, "d MMMM y" if self.english else "y年M月d日", locale=self.babel)

    def join(self, items: Iterable[str]) -> str:
        """A list in running text: 「A、B、C」 or "A, B and C": Babel's format_list, from its
        CLDR patterns read once (format_list itself re-reads them: 10 µs a call, and the 施策一覧
        joins a cell per initiative on every filter change)."""
        parts = [str(item) for item in items]
        if len(parts) < 2:
            return parts[0] if parts else ""
        patterns = _list_patterns(self.babel_lists)
        if len(parts) == 2:
            return patterns["2"].format(*parts)
        joined = patterns["end"].format(parts[-2], parts[-1])
        for part in reversed(parts[1:-2]):
            joined = patterns["middle"].format(part, joined)
        return patterns["start"].format(parts[0], joined)

    def sentences(self, parts: Iterable[str]) -> str:
        """Sentences one after another: no space in Japanese, one in English."""
        return ("" if not self.english else " ").join(p for p in parts if p)

    def quoted(self, text: str) -> str:
        """A quotation: 「…」 (unless the text is already quoted) or “…”."""
        if self.english:
            return text if text.startswith("\u201c") else f"\u201c{text}\u201d"
        return text if text.startswith("「") else f"「{text}」"

    def paren(self, text: str) -> str:
        """An aside: 「（…）」 or " (…)"."""
        return f" ({text})" if self.english else f"（{text}）"

    def pair(self, head: str, tail: str) -> str:
        """A name and what follows it: 「A：B」 or "A: B" (a figure's title, a term's meaning)."""
        return f"{head}: {tail}" if self.english else f"{head}：{tail}"

    def span(self, first: object, last: object) -> str:
        """A range of two values: 「1〜5」 or "1–5"."""
        return f"{first}{'–' if self.english else '〜'}{last}"

    def facts(self, parts: Iterable[str]) -> str:
        """Facts each with its own label on one line: 「分野：教育 ／ 開始：…」 or
        "Field: Education; Started: …" (the filters shown, an initiative's facts)."""
        return ("; " if self.english else " ／ ").join(p for p in parts if p)

    def notes(self, parts: Iterable[str]) -> str:
        """Short notes on one line: 「A／B」 or "A; B"."""
        return ("; " if self.english else "／").join(p for p in parts if p)


@cache
def _list_patterns(babel_locale: str) -> dict[str, str]:
    """The CLDR standard list patterns of a locale ("2", "start", "middle", "end")."""
    return dict(BabelLocale.parse(babel_locale).list_patterns["standard"])


@lru_cache(maxsize=4096)
def _number(babel_locale: str, value: int) -> str:
    """A whole number as Babel writes it in a locale (cached: sentences repeat their counts)."""
    return format_decimal(value, locale=babel_locale)


@cache
def _month(babel_locale: str, year: int, month: int) -> str:
    """One month in words, once per process (a table of figures asks for the same few)."""
    return format_date(
        date(year, month, 1), "MMM y" if babel_locale == "en" else "y年M月", locale=babel_locale
    )


JAPANESE = Locale("ja")  # the data's language, standard reading: builders' default
ENGLISH = Locale("en")  # a URL value's English spelling (?view=Cards) is read through it


@cache
def get_locale(code: object) -> Locale:
    """The Locale for a reading (?lang=en, ?lang=easy); anything unknown is Japanese."""
    reading = catalog.normalize_reading(code)
    if reading == catalog.EASY:
        return Locale(catalog.DEFAULT_LANG, easy=True)
    return Locale(reading)
