"""推進経過 (/history): initiative launches by 年度 and field, and the organisation's milestones."""

import streamlit as st

from dxdash.render.streamlit import initiatives, language, loading, sidebar
from dxdash.render.streamlit.sections import render_section
from dxdash.render.streamlit.story import current_story

_ = language._
dataset = loading.get_dataset()
story = current_story(dataset, sidebar.current_filters(dataset))

st.title(_("推進経過"), anchor=False)
LAYOUT = {
    "launches": {
        "key": "history_launches_chart",
        "extra_note": _("棒をクリックするとその年度で絞り込みます"),
        "on_select": lambda: initiatives.filter_year_from_chart("history_launches_chart"),
    },
    "timeline": {"key": "history_timeline_chart"},
}
for section in story.page("history"):
    render_section(section, story=story, **LAYOUT[section.key])
