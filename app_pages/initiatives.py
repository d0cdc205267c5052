"""施策一覧 (/initiatives): every initiative as a sortable table or as cards (?view=cards); ?id=… opens one."""

import streamlit as st

from dxdash.opendata import page_tables
from dxdash.render.streamlit import blocks, initiatives, language, loading, sidebar
from dxdash.story import tables, url_state
from dxdash.story.filters import filter_initiatives

_ = language._
locale = language.locale()
dataset = loading.get_dataset()
filters = sidebar.current_filters(dataset)

initiative_id = st.query_params.get(url_state.DETAIL_PARAM)
if initiative_id:
    initiatives.initiative_detail(dataset, initiative_id, locale)
    st.stop()

st.title(_("施策一覧"), anchor=False)
shown = filter_initiatives(dataset.initiatives, filters)
st.markdown(
    _(
        "**{shown}件**の施策（全{total}件）。行を選ぶと詳細を開きます。"
        "キーワード・分野・年度はサイドバーで絞り込めます。"
    ).format(shown=len(shown), total=len(dataset.initiatives))
)
if shown.empty:
    blocks.empty_result()
    st.stop()

table = tables.initiatives_table(
    shown,
    dataset.latest,
    locale,
    initiatives.first_figures(dataset, dataset.version, locale),
)
if initiatives.initiatives_view() == url_state.VIEW_CARDS:  # only the chosen view is drawn
    initiatives.initiative_cards(table, locale)
else:
    initiatives.initiatives_dataframe(table, locale, key="initiatives_table")
    blocks.download_buttons(
        lambda: page_tables.initiatives_download(shown, dataset.metrics, locale),
        stem=_("施策一覧"),
        key="initiatives_download",
    )
blocks.source_caption(dataset)
