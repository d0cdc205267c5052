"""The shared sidebar's filters: read from and written to the URL, the 年度 bounds, and what
they select. Its buttons are dxdash.render.streamlit.sidebar_actions; saved views
dxdash.render.streamlit.snapshot_controls."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dxdash.data.dataset import (
    Dataset,
)
from dxdash.data.vocabulary import FIELDS, GUNMA_MODEL_TYPES
from dxdash.render.markup import escape_markdown
from dxdash.render.streamlit.language import (
    _,
    locale,
    set_notices,
    set_url_param,
)
from dxdash.render.streamlit.loading import active_snapshot
from dxdash.story import url_state
from dxdash.story.filters import Filters, describe_filters

# The filter widgets' keys are the URL's parameter names (one copy: dxdash.story.url_state).
FIELD_KEY = url_state.FIELD_PARAM
YEARS_KEY = url_state.YEARS_PARAM
MODEL_KEY = url_state.MODEL_PARAM
KEYWORD_KEY = url_state.KEYWORD_PARAM


FILTER_KEYS = (FIELD_KEY, YEARS_KEY, MODEL_KEY, KEYWORD_KEY)


def fiscal_year_bounds(dataset: Dataset) -> tuple[int, int]:
    """The 年度 range the data covers (starts, events and survey alike)."""
    return _fiscal_year_bounds(dataset, dataset.version)


@st.cache_data(max_entries=64, show_spinner=False)
def _fiscal_year_bounds(_dataset: Dataset, version: str) -> tuple[int, int]:
    """fiscal_year_bounds once per data version (every rerun asks twice: sidebar and page)."""
    del version
    years = pd.concat(
        [
            _dataset.initiatives["fiscal_year"].dropna(),
            _dataset.events["fiscal_year"].dropna(),
            _dataset.survey["fiscal_year"],
        ]
    ).astype(int)
    return int(years.min()), int(years.max())


def reset_filters(bounds: tuple[int, int]) -> None:
    """Put every shared filter back to its default (which also clears it from the URL)."""
    st.session_state[FIELD_KEY] = []
    st.session_state[YEARS_KEY] = bounds
    st.session_state[MODEL_KEY] = []
    st.session_state[KEYWORD_KEY] = ""


SNAPSHOT_SEEDED_KEY = "_snapshot_seeded"


def _seed_filters_from_snapshot(bounds: tuple[int, int]) -> bool:
    """Opening ?snapshot=… alone restores the filters it pinned (once per session and snapshot);
    True when it did. Pinned values go through the same codec as a link's."""
    snapshot = active_snapshot()
    if snapshot is None or st.session_state.get(SNAPSHOT_SEEDED_KEY) == snapshot.snapshot_id:
        return False
    st.session_state[SNAPSHOT_SEEDED_KEY] = snapshot.snapshot_id
    if any(key in st.query_params for key in FILTER_KEYS):
        return False  # the link carries filters of its own: the URL wins
    pinned = {key: [str(v) for v in snapshot.params.get(key, [])] for key in FILTER_KEYS}
    filters, notices = url_state.parse_filters(pinned, bounds)
    _apply_filters(filters, bounds)
    set_notices("filters", notices)
    return True


FILTERS_SEEN_KEY = "_url_filters"  # the canonical filter parameters last read or written
# The reading the 分野 and 群馬モデル choices were last labelled in. The browser keeps a choice
# by its label, so after a language switch it showed 「健康」 among English options until the
# choice was given again (relabel_choices).
LABELLED_IN_KEY = "_filters_labelled_in"


def _apply_filters(filters: Filters, bounds: tuple[int, int]) -> None:
    """Put `filters` into the sidebar widgets' state (before the widgets are drawn)."""
    st.session_state[FIELD_KEY] = list(filters.fields)
    st.session_state[YEARS_KEY] = filters.fiscal_years or bounds
    st.session_state[MODEL_KEY] = list(filters.models)
    st.session_state[KEYWORD_KEY] = filters.keyword


def _url_filter_params() -> dict[str, list[str]]:
    """The filter parameters the URL holds now."""
    return {key: st.query_params.get_all(key) for key in FILTER_KEYS if key in st.query_params}


def _read_filters_from_url(bounds: tuple[int, int]) -> bool:
    """Before the widgets: a URL the app did not write (a shared link, a switch to a page with
    its own query) sets the filters, through the codec; True when it did. A page change drops
    the query: then the session's filters stay, and are written back."""
    url = _url_filter_params()
    seen = st.session_state.get(FILTERS_SEEN_KEY)
    if seen is not None and (url == seen or not url):
        return False
    filters, notices = url_state.parse_filters(url, bounds)
    _apply_filters(filters, bounds)
    set_notices("filters", notices)
    return True


def _keep_in_bounds(bounds: tuple[int, int]) -> None:
    """Keep the 年度 state inside the shown data's range (another version may span less)."""
    years = st.session_state.get(YEARS_KEY)
    try:
        first, last = (int(y) for y in years)
    except (TypeError, ValueError):
        st.session_state[YEARS_KEY] = bounds
        return
    first, last = max(first, bounds[0]), min(last, bounds[1])
    st.session_state[YEARS_KEY] = (first, last) if first <= last else bounds


def _write_filters_to_url(filters: Filters, *, from_url: bool) -> None:
    """After the widgets: the URL holds the filters' canonical values (Japanese words, plain
    years), whatever the page's language. A change by the user retires the old URL notices."""
    canonical = url_state.encode_filters(filters)
    seen = st.session_state.get(FILTERS_SEEN_KEY)
    if not from_url and seen is not None and canonical != seen:
        for group in ("filters", "lang", "url"):
            set_notices(group, [])
    for key in FILTER_KEYS:
        set_url_param(key, canonical.get(key, []))
    st.session_state[FILTERS_SEEN_KEY] = canonical


def url_filters(dataset: Dataset) -> Filters:
    """The shared filters as the URL gives them, with no widgets (the chart-only view): the
    same codec, and the same notices for values it cannot use."""
    bounds = fiscal_year_bounds(dataset)
    _read_filters_from_url(bounds)
    _keep_in_bounds(bounds)
    return current_filters(dataset)


def sidebar_filters(dataset: Dataset) -> Filters:
    """Draw the shared sidebar filters, bound to the URL, and return what they select."""
    bounds = fiscal_year_bounds(dataset)
    from_url = _read_filters_from_url(bounds)
    from_url = _seed_filters_from_snapshot(bounds) or from_url
    for key in (FIELD_KEY, MODEL_KEY):
        st.session_state.setdefault(key, [])
    st.session_state.setdefault(KEYWORD_KEY, "")
    _keep_in_bounds(bounds)
    page = locale()
    relabel_choices(page.tag)
    with st.sidebar:
        st.markdown("### " + _("絞り込み"))
        st.multiselect(
            _("分野"),
            options=list(FIELDS),
            format_func=lambda f: page.term("fields", f),
            key=FIELD_KEY,
            placeholder=_("すべての分野"),
        )
        st.slider(
            _("年度（開始・出来事）"),
            min_value=bounds[0],
            max_value=bounds[1],
            step=1,
            format=page.fiscal_year_pattern,
            key=YEARS_KEY,
        )
        st.pills(
            _("群馬モデル"),
            options=list(GUNMA_MODEL_TYPES),
            format_func=lambda t: page.term("gunma_model_types", t),
            selection_mode="multi",
            key=MODEL_KEY,
        )
        st.text_input(
            _("キーワード"),
            key=KEYWORD_KEY,
            placeholder=_("例：LINE、ワクチン、埴輪"),
            max_chars=url_state.MAX_KEYWORD_CHARS,  # as a link's ?q= (issue #29)
            help=_("施策名・概要・利用者のコメントから探します（スペース区切りですべてを含む）"),
        )
        filters = current_filters(dataset)
        _write_filters_to_url(filters, from_url=from_url)
        summary = describe_filters(filters, page)
        if summary:
            st.markdown(
                page.pair(
                    "**" + _("表示中") + "**", page.facts(escape_markdown(s) for s in summary)
                )
            )
    return filters


def relabel_choices(reading: str) -> None:
    """After a language switch, give the 分野 and 群馬モデル choices again, so the browser shows
    them under the new labels (a multiselect keeps its value as the labels it showed, and is
    sent a value only when session state sets one)."""
    if st.session_state.get(LABELLED_IN_KEY, reading) != reading:
        for key in (FIELD_KEY, MODEL_KEY):
            st.session_state[key] = list(st.session_state.get(key, []))
    st.session_state[LABELLED_IN_KEY] = reading


def current_filters(dataset: Dataset) -> Filters:
    """Read the shared filters from the session (the widgets keep them in sync with the URL)."""
    bounds = fiscal_year_bounds(dataset)
    years = st.session_state.get(YEARS_KEY, bounds)
    years = (int(years[0]), int(years[1])) if years else bounds
    return Filters(
        fields=tuple(st.session_state.get(FIELD_KEY) or ()),
        fiscal_years=None if years == bounds else years,
        models=tuple(st.session_state.get(MODEL_KEY) or ()),
        keyword=str(st.session_state.get(KEYWORD_KEY) or ""),
    )
