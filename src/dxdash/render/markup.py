"""Show data and URL text as text in Streamlit's Markdown: one escaper for every element.

Streamlit renders st.markdown, st.caption, st.info/warning/error, st.title/subheader and
widget labels (buttons, expanders) as Markdown with its own extensions — links, images,
``:red[…]`` colours, ``:blue-badge[…]``, ``:material/…:`` icons and emoji shortcodes, and
KaTeX between ``$``. Text from the URL (?q=, ?snapshot=, ?id=) or from an imported workbook
must never become any of those. CommonMark lets a backslash escape every ASCII punctuation
character, so escaping all of them (which includes ``:`` ``[`` ``$`` ``<`` ``&``) neutralises
every construct, and line breaks become spaces so a value cannot start a new block.

One construct survives escapes: GitHub's bare-URL autolinks (``http://…``, ``www.…``,
``name@host``) are found in the text after escapes are resolved. They link only when the
character before them is a space or punctuation, so an invisible WORD JOINER (U+2060) goes
before each ``http``, ``www.`` and ``@``: the text reads the same and never becomes a link.
"""

from __future__ import annotations

import re
import string

_PUNCTUATION = frozenset(string.punctuation)  # !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_AUTOLINK_STARTS = re.compile(r"(?i)(https?:|www\.|@)")
WORD_JOINER = "\u2060"


def escape_markdown(text: object) -> str:
    """`text` as literal characters in Streamlit Markdown (one line; every markup escaped)."""
    flat = _LINE_BREAKS.sub(" ", "" if text is None else str(text))
    flat = _AUTOLINK_STARTS.sub(WORD_JOINER + r"\1", flat)
    return "".join("\\" + c if c in _PUNCTUATION else c for c in flat)


def shorten(text: object, limit: int = 60) -> str:
    """`text` cut to `limit` characters with … (a URL value quoted back in a notice)."""
    flat = "" if text is None else str(text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
