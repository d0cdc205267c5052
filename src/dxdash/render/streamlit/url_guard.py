"""The URL before any work and after navigation: values within their limits, nothing ignored silently.

``bound_url`` runs first in app.py: a link's values are cut to their limits (a 100 KB ?q= held a
core for tens of seconds, issue #29) and the address bar shows what is used. ``name_unused``
runs once the page is known: a parameter that page does not read (``?view=cards`` on 推進経過,
a misspelt name) is named on the page for as long as the URL holds it.
"""

from __future__ import annotations

import streamlit as st

from dxdash.render.streamlit.language import get_notices, set_notices
from dxdash.story import chart_links, url_state


def _url_params() -> dict[str, list[str]]:
    """Every URL parameter with all its values."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def bound_url() -> dict[str, list[str]]:
    """Cut every URL value to its limits before anything reads it; the cut is named on the page
    (until the user changes a filter) and written back to the address bar. Returns the URL's
    parameters as given (name_unused quotes them)."""
    params = _url_params()
    bounded, notices = url_state.bound_params(params)
    if notices:
        for key, values in bounded.items():
            if values != params[key]:
                st.query_params[key] = values
        set_notices("url", notices)
    return params


def presenting() -> bool:
    """Whether the URL asks for the slide deck (?present=1); an unreadable value is named."""
    shown, notices = url_state.parse_present(st.query_params.get_all(url_state.PRESENT_PARAM))
    set_notices("present", notices)
    return shown


def is_embedded() -> bool:
    """Whether the URL has Streamlit's ?embed=true (which st.query_params never shows)."""
    return bool(st.context.is_embedded)


def embedding() -> bool:
    """Whether the URL asks for one chart alone, for an <iframe> (?chart=…&embed=true)."""
    return bool(st.query_params.get_all(url_state.CHART_PARAM)) and is_embedded()


def chart_asked(page: str) -> str:
    """The chart ?chart= names on this page (its url_path), or ""; one it does not draw is named."""
    key, notices = chart_links.parse_chart(st.query_params.get_all(url_state.CHART_PARAM), page)
    set_notices("chart", notices)
    return key


def name_unused(given: dict[str, list[str]], page: str, *, presenting: bool) -> None:
    """Name the URL parameters the page (its url_path) does not read, as `given`, on every run
    that has them; such a parameter's cut is not named as well (one notice says it all)."""
    set_notices("unused", url_state.unused_params(given, page, presenting=presenting))
    used = url_state.used_params(page, presenting=presenting)
    cuts = get_notices("url")
    if any(notice.name not in used for notice in cuts):
        set_notices("url", [notice for notice in cuts if notice.name in used])
