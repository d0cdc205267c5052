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
st.markdown(ruby.plain(section.takeaway))
if section.empty:
    blocks.empty_result()
    st.stop()

if initiatives.initiatives_view() == url_state.VIEW_CARDS:  # only the chosen view is drawn
    initiatives.initiative_cards(section.parts[0], locale)
else:
    initiatives.initiatives_dataframe(section.table, locale, key="initiatives_table")
    blocks.download_buttons(
        lambda: page_tables.initiatives_download(section.rows, dataset.metrics, locale),
        stem=_("施策一覧"),
        key="initiatives_download",
    )
blocks.source_caption(dataset)
