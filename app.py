"""dxdash entry point: page config, the shared sidebar filters, and navigation over app_pages/."""

import sys
import time
from pathlib import Path

# Use the dxdash next to this file, even where another checkout is pip-installed.
sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

import streamlit as st

from dxdash.admin import ui as admin_ui
from dxdash.render import web_fonts
from dxdash.render.slides import deck
from dxdash.render.streamlit import (
    blocks,
    chart_share,
    chart_view,
    filters_button,
    language,
    loading,
    process,
    sidebar,
    sidebar_actions,
    snapshot_controls,
    url_guard,
)
from dxdash.render.streamlit.story import current_story

_started = time.perf_counter()
process.skip_chart_validation()  # tests validate the chart builders; requests need not

st.set_page_config(
    page_title="群馬県 DX推進実績ダッシュボード / Gunma DX Dashboard",
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="auto",  # collapsed on a phone (≤ 767 px): the answer first
)

given = url_guard.bound_url()  # before any work: every URL value within its limits, cuts named
embedding = url_guard.embedding()  # ?chart=…&embed=true: one chart alone, for an <iframe>
if embedding:
    language.settle_language()  # ?lang=, with no switch: the chart-only view has no sidebar
else:
    language.language_switch()  # first: every label below follows ?lang=
language.declare_page_language()  # <html lang="ja"> or "en" (Streamlit always writes "en")
dataset = loading.get_dataset(announce=True)  # data problems are shown here, once per run
if embedding:
    filters = sidebar.url_filters(dataset)
else:
    filters = sidebar.sidebar_filters(dataset)
    sidebar_actions.sidebar_actions(dataset, filters)  # presentation, handout, snapshot, clear
    # the collapsed sidebar's open button, on a phone: 「絞り込み（2）」
    filters_button.label_filters_button(filters, language.locale())
presenting = not embedding and url_guard.presenting()

navigation = st.navigation(
    [
        st.Page(
            "app_pages/overview.py",
            title=language._("概要"),
            icon=":material/home:",
            url_path="",
            default=True,
        ),
        st.Page(
            "app_pages/initiatives.py",
            title=language._("施策一覧"),
            icon=":material/list_alt:",
            url_path="initiatives",
        ),
        st.Page(
            "app_pages/metrics.py",
            title=language._("利用実績"),
            icon=":material/bar_chart:",
            url_path="metrics",
        ),
        st.Page(
            "app_pages/gunma_model.py",
            title=language._("群馬モデル"),
            icon=":material/star:",
            url_path="gunma-model",
        ),
        st.Page(
            "app_pages/evaluation.py",
            title=language._("外部評価"),
            icon=":material/workspace_premium:",
            url_path="evaluation",
        ),
        st.Page(
            "app_pages/history.py",
            title=language._("推進経過"),
            icon=":material/timeline:",
            url_path="history",
        ),
        st.Page(
            "app_pages/figure.py",
            title=language._("数値の定義"),
            icon=":material/menu_book:",
            url_path="figure",
        ),
        # Listed in the navigation only once this session has logged in as an administrator.
        st.Page(
            "app_pages/admin.py",
            title=language._("データ管理"),
            icon=":material/admin_panel_settings:",
            url_path="admin",
            visibility="visible" if admin_ui.is_authenticated(admin_ui.config()) else "hidden",
        ),
    ],
    position="hidden" if presenting or embedding else "sidebar",
)
url_guard.name_unused(given, navigation.url_path, presenting=presenting)  # e.g. ?view= on 推進経過
chart = url_guard.chart_asked(navigation.url_path)  # a chart's permalink: ?chart=usage
# The full Japanese font only where the core lacks a character of the data or of the link
# (echoed in notices; dxdash.render.web_fonts); always on データ管理, whose previews show new data.
blocks.inject_css(
    full_font=navigation.url_path == "admin"
    or web_fonts.needs_full_font(dataset, [*given, *(v for vs in given.values() for v in vs)])
)
if not presenting and not embedding:
    snapshot_controls.snapshot_banner(dataset)
if not presenting:
    language.show_url_notices()  # link values the app could not use, named (the deck shows its own)
try:
    if presenting:
        deck.render_deck(dataset, filters)  # the live data as slides (?present=1&slide=N)
    elif embedding:
        chart_view.render_chart_view(current_story(dataset, filters), chart)
    else:
        if chart:
            chart_share.scroll_to_chart(chart)  # the page opens at that chart
        navigation.run()
finally:  # the script's own run time, for bench/ (st.stop() ends pages early: still timed)
    st.session_state["_script_ms"] = (time.perf_counter() - _started) * 1000
    process.freeze_startup_heap()  # once per process: data and libraries are loaded by now
