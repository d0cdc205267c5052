"""Japanese/English (and やさしい日本語): the UI catalogs (msgid = the Japanese text) and the
report content in English.

All live as reviewable files under data/source/translations/: ui.csv (ja,en) for every string
the app itself writes, easy.csv (ja,easy) for the UI texts that やさしい日本語 says otherwise,
content.yaml for the report's own texts. Japanese is the default and the source of truth;
English and やさしい日本語 never change a number, only how it is said.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from dxdash.text import japanese

LANGS: tuple[str, ...] = ("ja", "en")  # the languages of the data and its content
DEFAULT_LANG = "ja"
EASY = "easy"  # やさしい日本語: a reading of the Japanese data, not a language of its own
READINGS: tuple[str, ...] = ("ja", EASY, "en")  # what ?lang= and the language switch offer
TRANSLATIONS_DIR = Path(__file__).resolve().parents[3] / "data" / "source" / "translations"
UI_CATALOG = TRANSLATIONS_DIR / "ui.csv"
CONTENT = TRANSLATIONS_DIR / "content.yaml"
EASY_CATALOG = TRANSLATIONS_DIR / "easy.csv"


@cache
def ui_catalog() -> dict[str, str]:
    """Japanese UI text → English, read once per process."""
    with UI_CATALOG.open(encoding="utf-8", newline="") as handle:
        return {row["ja"]: row["en"] for row in csv.DictReader(handle)}


@cache
def easy_catalog() -> dict[str, str]:
    """Japanese UI text → やさしい日本語, read once per process (texts not listed stay as they are)."""
    with EASY_CATALOG.open(encoding="utf-8", newline="") as handle:
        return {row["ja"]: row["easy"] for row in csv.DictReader(handle) if row["easy"]}


@cache
def content() -> dict[str, Any]:
    """The report's texts in English (content.yaml), read once per process."""
    if not CONTENT.exists():
        return {}
    with CONTENT.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def normalize_lang(value: object) -> str:
    """The language asked for in the URL (?lang=en), or Japanese (also for やさしい日本語)."""
    text = str(value or "").strip().lower()
    return text if text in LANGS else DEFAULT_LANG


def normalize_reading(value: object) -> str:
    """The reading asked for (ja, easy or en), or Japanese."""
    text = str(value or "").strip().lower()
    return text if text in READINGS else DEFAULT_LANG


def gettext(text: str, lang: str) -> str:
    """Translate one UI text; Japanese passes through, and a missing English entry falls back."""
    if lang == DEFAULT_LANG:
        return text
    return ui_catalog().get(text) or text


def term(section: str, value: object, lang: str) -> str:
    """Translate a vocabulary word (分野, 類型, 分類, 種類, 単位 …) from content.yaml."""
    if lang == DEFAULT_LANG or not isinstance(value, str):
        return value if isinstance(value, str) else ""
    return content().get(section, {}).get(value, value)


def format_fiscal_year(fy: int, lang: str) -> str:
    """2023 → 「2023年度」 (japanese.format_fiscal_year) or "FY2023"."""
    return f"FY{fy}" if lang == "en" else japanese.format_fiscal_year(fy)


def format_month(d: Any, lang: str) -> str:
    """A date as a month: 「2023年10月」 (japanese.format_month_ja) or "Oct 2023"."""
    return f"{d:%b %Y}" if lang == "en" else japanese.format_month_ja(d)
