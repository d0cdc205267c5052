"""施策一覧 (/initiatives): every initiative as a sortable table or as cards (?view=cards); ?id=… opens one."""

import streamlit as st

from dxdash.opendata import page_tables
from dxdash.render.streamlit import blocks, initiatives, language, loading, sidebar
from dxdash.render.streamlit.story import current_story
from dxdash.story import url_state
from dxdash.story.build import INITIATIVES_KEY
from dxdash.text import ruby

_ = language._
locale = language.locale()
dataset = loading.get_dataset()
filters = sidebar.current_filters(dataset)

initiative_id = st.query_params.get(url_state.DETAIL_PARAM)
if initiative_id:
    initiatives.initiative_detail(dataset, initiative_id, locale)
    st.stop()

story = current_story(dataset, filters, locale)
section = story[INITIATIVES_KEY]  # the shown initiatives, their count said by the story
st.title(ruby.plain(section.title), anchor=False)
takeaway = st.empty()  # the story's sentence; with the table, how a row opens (one line)
if section.empty:
    takeaway.markdown(ruby.plain(section.takeaway))
    blocks.empty_result()
    st.stop()

view = initiatives.initiatives_view()  # the 表 / カード switch; only the chosen view is drawn
hint = "" if view == url_state.VIEW_CARDS else initiatives.select_hint()
takeaway.markdown(locale.sentences([ruby.plain(section.takeaway), hint]))
if view == url_state.VIEW_CARDS:  # the cards open with their 詳細 button
    initiatives.initiative_cards(section.parts[0], locale)
else:
    initiatives.initiatives_dataframe(section.table, locale, key="initiatives_table")
    blocks.download_buttons(
        lambda: page_tables.initiatives_download(section.rows, dataset.metrics, locale),
        stem=_("施策一覧"),
        key="initiatives_download",
    )
blocks.source_caption(dataset)
