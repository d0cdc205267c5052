"""概要 (/): how far Gunma's DX has come, in five seconds — the story's overview sections."""

import streamlit as st

from dxdash.render.streamlit import blocks, initiatives, language, loading, sidebar
from dxdash.render.streamlit.sections import render_section
from dxdash.render.streamlit.story import current_story

_ = language._
dataset = loading.get_dataset()
story = current_story(dataset, sidebar.current_filters(dataset))

st.title(_("群馬県 DX推進実績"), anchor=False)
st.caption(_("「日本最先端クラスのデジタル県」の実現に向けた取組の成果（2024年3月公表資料より）"))

# How each section is drawn here (the story decides what it says): cards, chart keys, clicks.
LAYOUT = {
    "summary": {"key": "overview_summary", "hero": True},
    "headline": {"key": "overview_headline", "kpi_columns": 3},
    "usage": {
        "key": "overview_usage_chart",
        "on_select": lambda: initiatives.open_initiative_from_chart("overview_usage_chart"),
    },
    "rates": {
        "key": "overview_rate_chart",
        "on_select": lambda: initiatives.open_initiative_from_chart("overview_rate_chart"),
    },
}
for section in story.page("overview"):
    render_section(section, story=story, **LAYOUT[section.key])
blocks.opendata_download()
initiatives.follow_pending_initiative()
