"""ふりがな in catalog text: 青空文庫's ``｜漢字《かんじ》``, drawn as <ruby> on a web page and as
「漢字（かんじ）」 where only plain text goes (widget labels, PDF, CSV).

The やさしい日本語 catalog entries write their readings this way so a reviewer reads them in the
CSV as they are printed in Japanese books; nothing else in dxdash uses ｜ or 《》.
"""

from __future__ import annotations

import html as _html
import re

RUBY = re.compile(r"｜([^｜《》]+)《([^｜《》]+)》")


def plain(text: str) -> str:
    """Readings in brackets after their kanji: 「｜申請《しんせい》」 → 「申請（しんせい）」."""
    return RUBY.sub(r"\1（\2）", text)


def bare(text: str) -> str:
    """The kanji alone, readings dropped: for measuring and comparing text."""
    return RUBY.sub(r"\1", text)


def to_html(text: str) -> str:
    """Escaped HTML with <ruby> for each reading (<rp> brackets where ruby is not drawn)."""
    return RUBY.sub(
        r"<ruby>\1<rp>（</rp><rt>\2</rt><rp>）</rp></ruby>", _html.escape(text, quote=True)
    )


def has_ruby(text: str) -> bool:
    """True when the text carries a reading."""
    return bool(RUBY.search(text))
