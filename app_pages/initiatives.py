"""施策一覧 (/initiatives): every initiative as a sortable table or as cards (?view=cards); ?id=… opens one."""

import streamlit as st

from dxdash.render import opendata
from dxdash.render.streamlit import ui
from dxdash.story import tables
from dxdash.story.filters import filter_initiatives

_ = ui._
lang = ui.lang()
dataset = ui.get_dataset()
filters = ui.current_filters(dataset)

initiative_id = st.query_params.get(ui.DETAIL_PARAM)
if initiative_id:
    ui.initiative_detail(dataset, initiative_id)
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
    ui.empty_result()
    st.stop()

table = tables.initiatives_table(
    shown, dataset.latest, lang, ui.first_figures(dataset, dataset.version, lang)
)
if ui.initiatives_view() == ui.VIEW_CARDS:  # only the chosen view is drawn
    ui.initiative_cards(table)
else:
    ui.initiatives_dataframe(table, key="initiatives_table")
    ui.download_buttons(
        lambda: opendata.initiatives_download(shown, dataset.metrics, lang),
        stem=_("施策一覧"),
        key="initiatives_download",
    )
ui.source_caption(dataset)
