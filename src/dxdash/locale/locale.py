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
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from dxdash.locale import catalog

SENTENCES = catalog.TRANSLATIONS_DIR / "sentences.csv"


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
    def english(self) -> bool:
        """True for English."""
        return self.code == "en"

    def _(self, text: str) -> str:
        """Translate one UI text (msgid = the Japanese); a missing English or やさしい日本語 entry
        falls back (to the Japanese for やさしい日本語, which may carry ｜漢字《かんじ》 readings)."""
        if self.easy:
            return catalog.easy_catalog().get(text, text)
        return catalog.gettext(text, self.code)

    gettext = _

    def term(self, section: str, value: object) -> str:
        """Translate a vocabulary word (分野, 類型, 種類 …) from content.yaml."""
        return catalog.term(section, value, self.code)

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
        """A whole number with thousands separators: 1,167."""
        return f"{value:,}"

    def fiscal_year(self, fy: int) -> str:
        """2023 → 「2023年度」 or "FY2023"."""
        return catalog.format_fiscal_year(int(fy), self.code)

    def month(self, day: Any) -> str:
        """A date as a month: 「2023年10月」 or "Oct 2023"."""
        return catalog.format_month(day, self.code)

    def date(self, day: date) -> str:
        """A full date: 「2026年11月30日」 or "30 November 2026"."""
        if self.english:
            return f"{day.day} {day:%B %Y}"
        return f"{day.year}年{day.month}月{day.day}日"

    def join(self, items: Iterable[str]) -> str:
        """A list in running text: 「A、B、C」 or "A, B and C"."""
        parts = [str(item) for item in items]
        if not self.english:
            return "、".join(parts)
        if len(parts) <= 2:
            return " and ".join(parts)
        return ", ".join(parts[:-1]) + " and " + parts[-1]

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

    def notes(self, parts: Iterable[str]) -> str:
        """Short notes on one line: 「A／B」 or "A; B"."""
        return ("; " if self.english else "／").join(p for p in parts if p)


@cache
def get_locale(code: object) -> Locale:
    """The Locale for a reading (?lang=en, ?lang=easy); anything unknown is Japanese."""
    reading = catalog.normalize_reading(code)
    if reading == catalog.EASY:
        return Locale(catalog.DEFAULT_LANG, easy=True)
    return Locale(reading)
