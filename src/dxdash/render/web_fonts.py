"""Which web font a page needs: the core Noto Sans JP subset, or also the full font's slices.

The core font (.streamlit/config.toml, built by tools/build_web_fonts.py) holds every character
of dxdash's own text and of the committed data. The full font's stylesheet declares 124 more
faces; importing it on every page cost about 0.13 s of a first view on 2 cores (the browser
matches every text run against all of them). So a page imports it only when text it shows —
the dataset's cells, the link's values — has a character the core lacks (new data from an
import, a rare kanji typed into the search box); such a page looks the same as before.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from dxdash.data.dataset import REPO_ROOT, Dataset

CONFIG = REPO_ROOT / ".streamlit" / "config.toml"
CORE_FAMILY = "Noto Sans JP"


def parse_unicode_range(text: str) -> frozenset[int]:
    """The code points of a CSS unicode-range ("U+0020-007E,U+3042")."""
    codes: set[int] = set()
    for part in text.split(","):
        match = re.fullmatch(r"\s*U\+([0-9A-Fa-f]+)(?:-([0-9A-Fa-f]+))?\s*", part)
        if not match:
            raise ValueError(f"not a unicode-range part: {part!r}")
        start = int(match.group(1), 16)
        codes.update(range(start, int(match.group(2) or match.group(1), 16) + 1))
    return frozenset(codes)


@functools.cache
def core_code_points(config: Path = CONFIG) -> frozenset[int] | None:
    """The code points the core font declares (its regular face), or None when the config is
    not there (an installed package without the checkout: then every page imports the full)."""
    try:
        faces = tomllib.loads(config.read_text(encoding="utf-8"))["theme"]["fontFaces"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None
    for face in faces:
        if face.get("family") == CORE_FAMILY and str(face.get("weight")) == "400":
            return parse_unicode_range(face["unicodeRange"])
    return None


def outside_core(texts: Iterable[str], core: frozenset[int] | None) -> set[str]:
    """The characters of ``texts`` the core font lacks (controls and line breaks aside)."""
    if core is None:
        return {"\ufffd"}  # unknown core: assume the full font is needed
    return {c for c in set("".join(texts)) if ord(c) >= 0x20 and ord(c) not in core}


def dataset_texts(dataset: Dataset) -> list[str]:
    """Every distinct text a page can show from a dataset: each table's non-numeric cells (each
    item of a list cell, which the dataset holds as a tuple) and the report's fields."""
    texts = [str(value) for value in dataset.report.values()]
    for frame in (
        dataset.initiatives,
        dataset.programs,
        dataset.metrics,
        dataset.survey,
        dataset.events,
    ):
        for column in frame.columns:
            values = frame[column]
            if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
                continue
            for value in values.dropna().unique():
                texts.extend(map(str, value) if isinstance(value, tuple) else [str(value)])
    return texts


def dataset_needs_full_font(dataset: Dataset) -> bool:
    """True when the dataset has a character the core font lacks; worked out once per dataset
    (kept in ``dataset.derived``, shared read-only like the story's tables)."""
    key = "needs_full_font"
    if key not in dataset.derived:
        dataset.derived[key] = bool(outside_core(dataset_texts(dataset), core_code_points()))
    return dataset.derived[key]


def needs_full_font(dataset: Dataset, shown: Iterable[str] = ()) -> bool:
    """True when the page should import the full font: the dataset or other text it shows (the
    link's values, echoed in notices and the search box) has a character the core lacks."""
    return dataset_needs_full_font(dataset) or bool(outside_core(shown, core_code_points()))
