"""The page's language (?lang=en, ?lang=easy): the switch, translation of UI text, <html lang>,
URL notices. The session keeps the reading ("ja", "easy" or "en"); locale() is the Locale every
renderer takes."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import streamlit as st

from dxdash.locale import Locale, get_locale
from dxdash.locale import catalog as i18n
from dxdash.story import url_state
from dxdash.text import ruby

LANG_KEY = "lang"


LANG_SWITCH_KEY = "sidebar_language"


READING_NAMES = {"ja": "日本語", "easy": "やさしい日本語", "en": "English"}  # each in itself


LANG_STATE_KEY = "_lang"  # the page's reading, kept when navigation drops ?lang= from the URL


NOTICES_KEY = "_url_notices"  # URL values the app could not use, per group, until acted on


HTML_LANG_JS = """
export default function (component) {
  const lang = component.data && component.data.lang;
  const reading = component.data && component.data.reading;
  if (lang !== "ja" && lang !== "en") return;
  const root = document.documentElement;  // only what changed: <html> restyles the whole page
  if (root.lang !== lang) root.lang = lang;
  if (root.dataset.dxReading !== (reading || lang)) root.dataset.dxReading = reading || lang;
  if (root.dataset.dxLang !== lang) root.dataset.dxLang = lang;  // tests wait for it: it has run
}
"""


_html_lang_component: Any = None


def reading() -> str:
    """The page's reading (?lang=en / easy, kept across pages): "ja", "easy" or "en"."""
    chosen = st.session_state.get(LANG_STATE_KEY)
    if chosen in i18n.READINGS:
        return chosen
    return url_state.parse_lang(st.query_params.get_all(LANG_KEY))[0]


def locale() -> Locale:
    """The page's Locale: what every story, table and card is said through."""
    return get_locale(reading())


def _(text: str) -> str:
    """Translate one UI text into the page's reading (the msgid is the Japanese text); a
    widget label takes plain text, so ふりがな come in brackets (dxdash.text.ruby.plain)."""
    return ruby.plain(locale()._(text))


def set_url_param(key: str, values: list[str]) -> None:
    """Write one URL parameter's canonical values (only when they differ: each write is sent)."""
    if st.query_params.get_all(key) == values:
        return
    if values:
        st.query_params[key] = values
    else:
        st.query_params.pop(key, None)


def set_notices(group: str, notices: list[url_state.Notice]) -> None:
    """Remember (or, with [], forget) the URL values of one group the app could not use."""
    stored = dict(st.session_state.get(NOTICES_KEY) or {})
    if notices:
        stored[group] = list(notices)
    else:
        stored.pop(group, None)
    st.session_state[NOTICES_KEY] = stored


def get_notices(group: str) -> list[url_state.Notice]:
    """The remembered URL values of one group the app could not use."""
    return list((st.session_state.get(NOTICES_KEY) or {}).get(group, []))


def show_url_notices(
    groups: Sequence[str] = ("url", "present", "unused", "lang", "filters", "chart"),
    extra: Sequence[url_state.Notice] = (),
) -> None:
    """Name every URL value the app could not use, and what it shows instead (as plain text)."""
    stored = st.session_state.get(NOTICES_KEY) or {}
    notices = [n for group in groups for n in stored.get(group, [])]
    shown = locale()
    for notice in [*notices, *extra]:
        text = ruby.plain(url_state.notice_text(notice, shown))
        if notice.msgid.startswith("URLの言語") and not shown.english:
            # asked for another language: said in English too
            text += " / " + url_state.notice_text(notice, get_locale("en"))
        # HTML-escaped text, not Markdown: URL text is hostile, and Markdown would still turn
        # http://… into a link even with every punctuation mark escaped.
        st.html(f'<div class="dx-notice" role="status">{html.escape(text)}</div>')


def _sync_language() -> None:
    """Switch callback: the chosen language is the session's, and ?lang= in the URL (absent
    for Japanese, the default); filters stay as they are."""
    chosen = (
        st.session_state.get(LANG_SWITCH_KEY)
        or st.session_state.get(LANG_STATE_KEY)
        or i18n.DEFAULT_LANG
    )
    st.session_state[LANG_STATE_KEY] = chosen
    set_url_param(LANG_KEY, url_state.encode_lang(get_locale(chosen)))
    set_notices("lang", [])


def language_switch() -> None:
    """日本語 / やさしい日本語 / English. The URL holds the reading as ?lang=en or ?lang=easy
    (not the button's label), so the switch syncs the URL itself instead of binding; drawn
    first so every label follows. A page change (which drops the query) keeps the session's."""
    settle_language()
    with st.sidebar:
        st.segmented_control(
            "言語 / Language",
            options=list(i18n.READINGS),
            format_func=READING_NAMES.get,
            key=LANG_SWITCH_KEY,
            on_change=_sync_language,
        )


def settle_language() -> None:
    """The page's language from ?lang= (a link's wins) or the session's, with no switch drawn
    (the chart-only view has no sidebar); the URL then holds it."""
    raw = st.query_params.get_all(LANG_KEY)
    seen = st.session_state.get(LANG_STATE_KEY)
    if seen not in i18n.READINGS or (raw and raw != url_state.encode_lang(get_locale(seen))):
        language, notices = url_state.parse_lang(raw)  # a link's ?lang= wins over the old state
        set_notices("lang", notices)
    else:
        language = seen
    st.session_state[LANG_STATE_KEY] = language
    set_url_param(LANG_KEY, url_state.encode_lang(get_locale(language)))
    if st.session_state.get(LANG_SWITCH_KEY) != language:
        st.session_state[LANG_SWITCH_KEY] = language


def declare_page_language() -> None:
    """Set <html lang> to the page's language (Streamlit always writes lang="en"): a
    components-v2 script, which runs in the page itself (no iframe), in a hidden container."""
    global _html_lang_component
    if _html_lang_component is None:
        _html_lang_component = st.components.v2.component("dxdash_html_lang", js=HTML_LANG_JS)
    with st.container(key="dx_html_lang"):
        shown = locale()
        _html_lang_component(
            data={"lang": shown.html_lang, "reading": shown.tag}, key="dx_html_lang_script"
        )
