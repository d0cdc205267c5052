"""Presentation mode as pure logic: which slides, in what order, and how URLs move between them.

The slides follow the story: a cover, the sections of ``story.deck()`` in order, a closing QR.
A section with more rows than a slide holds continues on the next slides (「外部評価（2/3）」):
how many parts each section takes is the deck's count of rows per slide, never the screen's, so
the deck has the same slides, with the same rows, at every size and in both languages.

The deck is entered with ``?present=1`` and each slide has its own URL (``&slide=N``, 1-based).
Filters in the URL carry into the deck; ``&auto=SECONDS`` advances on its own and loops.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from dxdash.story.model import DECK
from dxdash.story.url_state import DECK_PARAMS, PRESENT_PARAM  # the URL's names: in the codec

AUTO_MIN_SECONDS = 5
AUTO_MAX_SECONDS = 3600


COVER = "title"
CLOSING = "closing"


@dataclass(frozen=True)
class Slide:
    """One slide: a stable key, its part of the section, and for the cover and closing a title.

    A section slide's key is the story's section key (dxdash.story.model.DECK) and its title
    is the section's own (said by the story in the page's language), so ``title`` is empty.
    ``part`` of ``parts``: which share of the section's rows this slide shows (1 of 1 mostly).
    """

    key: str
    title: str = ""
    part: int = 1
    parts: int = 1


COVER_SLIDE = Slide(COVER, "群馬県 DX推進実績")
CLOSING_SLIDE = Slide(CLOSING, "ダッシュボードで最新の数値を")


def deck_slides(parts: Mapping[str, int]) -> tuple[Slide, ...]:
    """The story's order: the cover, each deck section in its parts, the QR code to close.

    ``parts`` says how many slides each section of DECK takes (at least one: a section that
    matches nothing still has its slide, whose takeaway says so).
    """
    counts = {key: max(parts.get(key, 1), 1) for key in DECK}
    sections = (
        Slide(key, part=part, parts=count)
        for key, count in counts.items()
        for part in range(1, count + 1)
    )
    return (COVER_SLIDE, *sections, CLOSING_SLIDE)


def split_evenly(count: int, per_slide: int) -> list[range]:
    """Row ranges of `count` rows on as few slides as hold `per_slide` each, evenly filled.

    15 rows at 5 a slide are 5 + 5 + 5; 12 at 5 are 4 + 4 + 4 (not 5 + 5 + 2), so no slide
    of a section looks nearly empty beside the others. No rows: one empty range.
    """
    if count <= 0:
        return [range(0)]
    slides = -(-count // per_slide)
    base, extra = divmod(count, slides)
    ranges, start = [], 0
    for index in range(slides):
        size = base + (1 if index < extra else 0)
        ranges.append(range(start, start + size))
        start += size
    return ranges


def is_presenting(params: Mapping[str, object]) -> bool:
    """True when the URL asks for the deck (``present=1``, also ``true``)."""
    value = params.get(PRESENT_PARAM)
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def parse_slide(value: object, count: int) -> int:
    """Read ``slide=N`` (1-based), clamped to the deck; anything unreadable is slide 1."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), count)


def parse_auto(value: object) -> int | None:
    """Read ``auto=SECONDS`` for a looping lobby screen; None when absent or unreadable."""
    if value is None:
        return None
    try:
        seconds = int(str(value).strip())
    except ValueError:
        return None
    return min(max(seconds, AUTO_MIN_SECONDS), AUTO_MAX_SECONDS) if seconds > 0 else None


def next_slide(current: int, count: int, loop: bool = False) -> int:
    """The slide after `current`; stays on the last one unless looping."""
    if current >= count:
        return 1 if loop else count
    return current + 1


def previous_slide(current: int, count: int) -> int:
    """The slide before `current`; stays on the first one."""
    return max(min(current, count) - 1, 1)


def dashboard_query(params: Mapping[str, object]) -> str:
    """The URL query of the same filtered view as the dashboard (deck parameters removed)."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        if key in DECK_PARAMS:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs += [(key, str(v)) for v in values]
    return urlencode(pairs)


def dashboard_url(base_url: str, params: Mapping[str, object]) -> str:
    """The live dashboard URL a QR code on the closing slide points to (filters kept)."""
    base = base_url.split("?", 1)[0].rstrip("/") + "/"
    query = dashboard_query(params)
    return f"{base}?{query}" if query else base
