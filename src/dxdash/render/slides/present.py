"""Presentation mode as pure logic: which slides, in what order, and how URLs move between them.

The slides follow the story: a cover, one slide per section of ``story.deck()``, a closing QR.

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
    """One slide: a stable key and, for the cover and the closing, its Japanese title.

    A section slide's key is the story's section key (dxdash.story.model.DECK) and its title
    is the section's own (said by the story in the page's language), so ``title`` is empty.
    """

    key: str
    title: str = ""


# The story's order: the cover, one slide per deck section, then the QR code to the dashboard.
SLIDES: tuple[Slide, ...] = (
    Slide(COVER, "群馬県 DX推進実績"),
    *(Slide(key) for key in DECK),
    Slide(CLOSING, "ダッシュボードで最新の数値を"),
)


def is_presenting(params: Mapping[str, object]) -> bool:
    """True when the URL asks for the deck (``present=1``, also ``true``)."""
    value = params.get(PRESENT_PARAM)
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def parse_slide(value: object, count: int = len(SLIDES)) -> int:
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


def next_slide(current: int, count: int = len(SLIDES), loop: bool = False) -> int:
    """The slide after `current`; stays on the last one unless looping."""
    if current >= count:
        return 1 if loop else count
    return current + 1


def previous_slide(current: int, count: int = len(SLIDES)) -> int:
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
