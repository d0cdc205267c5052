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
        # libyaml's loader where PyYAML has it: the same documents, 10× faster (0.3 s → 0.03 s)
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


def normalize_reading(value: object) -> str:
    """The reading asked for (ja, easy or en), or Japanese."""
    text = str(value or "").strip().lower()
    return text if text in READINGS else DEFAULT_LANG
