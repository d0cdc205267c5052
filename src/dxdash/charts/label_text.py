"""Chart text measured and broken into lines: a label's width in px, and Japanese line breaking
(禁則: no line starts with 。、」 or ends with 「（)."""

from __future__ import annotations

import math
import re
import unicodedata

from dxdash.charts import theme

# A bar label's width in em, per character: full-width ones 1, others (bold digits, Latin) 0.62.
_FULL_WIDTH_EM, _HALF_WIDTH_EM = 1.0, 0.62


def label_width_px(text: str) -> int:
    """About how wide a bar label is drawn at theme.MARK_LABEL_SIZE, in whole pixels (a little
    over, never under)."""
    em = sum(
        _FULL_WIDTH_EM if unicodedata.east_asian_width(ch) in "WFA" else _HALF_WIDTH_EM
        for ch in text
    )
    return math.ceil(em * theme.MARK_LABEL_SIZE)


# A label wider than about 20 full-width or 40 half-width characters (≈ 300 px at 14 px) takes
# two lines, so it fits beside any point of a chart 600 px wide, on the side with more room.
TIMELINE_LABEL_UNITS = 40


# No line starts with closing punctuation or ends with opening punctuation (禁則).
# English quotes too: no line starts with ” or ’ (“Gunma Digital Window / ”: Registered …).
_NO_LINE_START = set(
    "、。，．・：；！？」』）】〕,.:;!?)]ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々”’"
)


_NO_LINE_END = set("「『（【〔（([“‘")


def _script(ch: str) -> str:
    """The script of a character, to prefer line breaks where it changes (カタカナ|漢字)."""
    if "\u30a0" <= ch <= "\u30ff":
        return "katakana"
    if "\u3040" <= ch <= "\u309f":
        return "hiragana"
    if "\u4e00" <= ch <= "\u9fff" or ch == "々":
        return "kanji"
    return "other"


# What a line break costs, in half-width units on the longer line: inside a katakana or kanji
# word it costs 6 characters more; before hiragana (a particle, an ending) 2 more.
_WORD_BREAK_COST = {
    ("katakana", "katakana"): 12,
    ("kanji", "kanji"): 12,
    ("hiragana", "hiragana"): 4,
    ("kanji", "hiragana"): 4,
    ("katakana", "hiragana"): 4,
    ("other", "hiragana"): 4,
}


def _text_units(text: str) -> int:
    """How wide a text is in half-width characters (full-width ones count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_label(text: str, units: int = TIMELINE_LABEL_UNITS) -> str:
    """Break a label into two balanced lines when it is wider than ``units`` (newline-separated).

    English breaks between words, Japanese between characters (not before 、。」 nor after 「);
    nothing is cut or dropped. A title too long for two lines of ``units`` gets two wider ones,
    so a label never runs into the next event's lane.
    """
    text = " ".join(text.split())
    total = _text_units(text)
    if total <= units:
        return text
    tokens = re.findall(r"[\x21-\x7e]+| |.", text)
    # The break where the longer line is shortest, skipping breaks that 禁則 forbids.
    best: tuple[int, int] | None = None
    width = 0
    for index in range(1, len(tokens)):
        before, after = tokens[index - 1], tokens[index]
        width += _text_units(before)
        if before.isascii() and after.isascii() and after != " ":
            continue  # inside English words: break only before a space
        if before in _NO_LINE_END or after[0] in _NO_LINE_START:
            continue
        # the longer line's width, plus a little for breaking inside a word of one script
        cost = max(width, total - width) + _WORD_BREAK_COST.get(
            (_script(before[-1]), _script(after[0])), 0
        )
        if best is None or cost < best[0]:
            best = (cost, index)
    if best is None:
        return text
    cut = best[1]
    return "".join(tokens[:cut]).strip() + "\n" + "".join(tokens[cut:]).strip()
