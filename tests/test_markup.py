"""The one Markdown escaper: every payload of issue #18 item 5 renders as its own characters."""

from __future__ import annotations

import re

import pytest

from dxdash.render.markup import WORD_JOINER, escape_markdown, shorten

# (payload, what it would have become unescaped)
PAYLOADS = [
    ("[click](http://evil.example/x)", "link"),
    ("<http://evil.example>", "autolink"),
    ("http://evil.example/path", "bare URL"),
    ("www.evil.example", "bare www"),
    ("http://www.evil.example HTTPS://EVIL.EXAMPLE", "URL inside URL, capitals"),
    ("mail evil@evil.example mailto:a@evil.example", "e-mail"),
    ("![](http://evil.example/a.png)", "image"),
    ("**bold** __bold__ *it* _it_", "emphasis"),
    (":red[赤い文字] :blue-background[青]", "colour"),
    (":blue-badge[バッジ] :material/home: :smile:", "badge, icon, emoji"),
    ("$x^2$ と $$\\int$$", "KaTeX"),
    ("<img src=http://evil.example/a.png>", "HTML"),
    ("<script>alert(1)</script>", "HTML"),
    ("&lt;b&gt; &amp;", "entities"),
    ("# 見出し", "heading"),
    ("- 箇条書き\n1. 番号", "list / new block"),
    ("> 引用", "quote"),
    ("`code` ~~strike~~ | a | b |", "code, strike, table"),
    ("a\\*b\\", "backslashes"),
    ("line one\n\n[x](http://evil.example)", "new paragraph"),
]


def _unescaped(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


@pytest.mark.parametrize(("payload", "kind"), PAYLOADS, ids=[k for _, k in PAYLOADS])
def test_every_payload_renders_as_plain_text(payload, kind):
    escaped = escape_markdown(payload)
    assert "\n" not in escaped  # one line: a value cannot open a new block
    # Every ASCII punctuation character is preceded by a backslash (CommonMark: shown as
    # itself), so no link, image, emphasis, colour, badge, icon, KaTeX or HTML can start.
    # (What Streamlit's renderer makes of it is checked in tests/browser/test_markup.py.)
    unescaped_punctuation = re.sub(r"\\.", "", escaped)
    assert not re.search(r"[!-/:-@\[-`{-~]", unescaped_punctuation), kind
    assert _unescaped(escaped) == re.sub(r"\n+", " ", payload)
    # Bare URLs and e-mail addresses link only after a space or punctuation: a word joiner
    # stands before each, so GitHub's autolinks (found after escapes) never start.
    assert not re.search(r"(?i)(?<!\u2060)(https?\\?:|www\\?\.|\\@)", escaped)


def test_plain_text_is_unchanged_apart_from_escapes():
    text = "県公式LINE「群馬県デジタル窓口」（約80万人）"
    assert escape_markdown(text) == text
    assert escape_markdown("G-WALK+ 2023.4") == "G\\-WALK\\+ 2023\\.4"
    assert escape_markdown(None) == ""


def test_shorten_cuts_long_values():
    assert shorten("abc") == "abc"
    assert shorten("x" * 500) == "x" * 59 + "…"
