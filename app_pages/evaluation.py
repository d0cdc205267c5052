"""外部評価 (/evaluation): the happiness survey by 年度, awards, meetings hosted, listings."""

import streamlit as st

from dxdash.render.streamlit import language, loading, sidebar
from dxdash.render.streamlit.sections import render_section
from dxdash.render.streamlit.story import current_story

_ = language._
dataset = loading.get_dataset()
story = current_story(dataset, sidebar.current_filters(dataset))

st.title(_("外部評価"), anchor=False)
# The survey chart keeps its key; the evaluations' tables are evaluation_{kind} (受賞 …).
KEYS = {"survey": "evaluation_survey_chart", "evaluations": "evaluation"}
for section in story.page("evaluation"):
    render_section(section, story=story, key=KEYS[section.key])
