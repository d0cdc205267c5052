"""Text from outside (a link's values, a typed keyword) as the app shows it: nothing invisible.

A link can carry characters a reader cannot see: bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE,
U+2066–U+2069) reorder the text around them, zero-width ones (U+200B, U+FEFF) hide inside a
word, control characters (NUL, line breaks) break a line. Wherever the app quotes such text
back, each one is written as its code point, ``<U+202E>`` (the form the import's messages use),
so the reader sees what the link held and nothing can reorder the sentence around it.
"""

from __future__ import annotations

import unicodedata

# Control (Cc), format (Cf: bidi, zero-width, BOM), surrogate, private-use and unassigned
# code points, and the line and paragraph separators: nothing a reader can see as written.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def is_invisible(char: str) -> bool:
    """True for a character a reader cannot see as written (see INVISIBLE_CATEGORIES)."""
    return unicodedata.category(char) in INVISIBLE_CATEGORIES


def code_point(char: str) -> str:
    """One character as the app names it: ``<U+202E>``."""
    return f"<U+{ord(char):04X}>"


def visible(text: str, limit: int | None = None) -> str:
    """`text` with every invisible character named (``<U+200B>``), cut with … after `limit`
    shown characters (a name is never cut in half)."""
    shown: list[str] = []
    length = 0
    for char in text:
        piece = code_point(char) if is_invisible(char) else char
        if limit is not None and length + len(piece) > limit:
            return "".join(shown) + "…"
        shown.append(piece)
        length += len(piece)
    return "".join(shown)


def drop_invisible(text: str) -> tuple[str, tuple[str, ...]]:
    """`text` without its invisible characters (line breaks and tabs become spaces), and the
    distinct characters dropped, in order (for a notice that names them)."""
    kept: list[str] = []
    dropped: list[str] = []
    for char in text:
        if not is_invisible(char):
            kept.append(char)
            continue
        if char in "\t\n\r\x0b\x0c\x85\u2028\u2029":
            kept.append(" ")
        if char not in dropped:
            dropped.append(char)
    return "".join(kept), tuple(dropped)
