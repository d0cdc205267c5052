"""利用実績's tabs: one per figure group, only the chosen group drawn, and kept in ?group=."""

from __future__ import annotations

import html
from collections.abc import Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dxdash.render.streamlit.language import (
    locale as page_locale,
)
from dxdash.render.streamlit.language import (
    set_notices,
    set_url_param,
    show_url_notices,
)
from dxdash.story import url_state

GROUP_KEY = "metrics_group"  # the tabs widget: its value is the open tab's label
GROUP_STATE_KEY = "_metrics_group"  # the chosen group's key, kept while other pages are shown


def group_key(section_key: str) -> str:
    """The group's key in links and widget keys: group.money → money."""
    return section_key.removeprefix("group.")


def _encode_group(chosen: str, keys: Sequence[str]) -> list[str]:
    """?group= holds the group's key (the same in either language); the first group is absent."""
    return [] if chosen == keys[0] else [chosen]


def _sync_group(keys_by_label: dict[str, str], keys: list[str]) -> None:
    """Tab callback: remember the chosen group and write its key to the URL (?group=money)."""
    chosen = keys_by_label.get(st.session_state.get(GROUP_KEY, ""), keys[0])
    st.session_state[GROUP_STATE_KEY] = chosen
    set_url_param(url_state.GROUP_PARAM, _encode_group(chosen, keys))
    set_notices("group", [])


def group_tab(heads: Sequence[tuple[str, str, int]]) -> tuple[DeltaGenerator, str]:
    """Draw a tab per figure group (and 推移); return the open tab and its section key.

    ``heads`` are (section key, title, total) from Story.heads: the sections of the groups
    not shown are not built. The 推移 tab's key is build.HISTORY_KEY (?group=history).

    Only the open tab is drawn (lazy tabs): a filter change then updates one chart instead of
    all seven (and six history charts), which cost /metrics most of its time per change
    (docs/benchmarks.md). The labels are the groups' titles, which no filter changes: the tabs,
    and the chart in the open one, stay the same elements and are updated in place. A link's
    ?group= wins over the session's choice; an unknown value is named on the page and the first
    group is shown.
    """
    locale = page_locale()
    sections = [section_key for section_key, _title, _total in heads]
    keys = [group_key(section_key) for section_key in sections]
    titles = [title for _key, title, _total in heads]
    counts = [total for _key, _title, total in heads]
    raw = st.query_params.get_all(url_state.GROUP_PARAM)
    seen = st.session_state.get(GROUP_STATE_KEY)
    if seen not in keys or (raw and raw != _encode_group(seen, keys)):
        chosen, notices = url_state.parse_group(raw, keys)
        set_notices("group", notices)
    else:
        chosen = seen
    st.session_state[GROUP_STATE_KEY] = chosen
    set_url_param(url_state.GROUP_PARAM, _encode_group(chosen, keys))
    show_url_notices(groups=("group",))
    line = locale.notes(
        locale.say("groups.tab", title=title, n=count)
        for title, count in zip(titles, counts, strict=True)
    )  # which tabs have figures under these filters (labels that change would reset the tabs)
    text = locale._("グループごとの数値の件数：{counts}").format(counts=line)
    st.html(f'<p class="dx-source">{html.escape(text)}</p>')
    index = keys.index(chosen)
    st.session_state[GROUP_KEY] = titles[index]  # the tab to open (set before the widget exists)
    tabs = st.tabs(
        titles,
        key=GROUP_KEY,
        on_change=_sync_group,
        args=(dict(zip(titles, keys, strict=True)), keys),
    )
    return tabs[index], sections[index]
