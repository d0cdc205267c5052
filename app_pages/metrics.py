"""利用実績 (/metrics): every figure by initiative, grouped by what it counts."""

import streamlit as st

from dxdash.render.streamlit import ui
from dxdash.render.streamlit.sections import render_section
from dxdash.render.streamlit.story import current_story
from dxdash.story import figures
from dxdash.story.build import GROUP_KEYS

_ = ui._
lang = ui.lang()
dataset = ui.get_dataset()
filters = ui.current_filters(dataset)
story = current_story(dataset, filters)

st.title(_("利用実績"), anchor=False)
st.markdown(
    _("報告書のすべての数値を、数えているもの（人数・回数・金額・割合など）ごとに並べています。")
)
scale = ui.scale_control()  # ?scale=対数 (also Log/log); an unknown value is named on the page

groups = story.sections(GROUP_KEYS)
if all(section.empty for section in groups):
    ui.empty_result()
for section in groups:  # every group keeps its place, so the charts that stay update in place
    key = f"metrics_chart_{section.key.removeprefix('group.')}"
    on_select = lambda key=key: ui.open_initiative_from_chart(key)  # noqa: E731
    if section.empty:
        ui.chart_slot(key, on_select=on_select)  # its chart waits there, hidden, with no rows
        continue
    spread = figures.FigureGroup(section.key, section.title, "", section.rows).spread
    log = scale == "対数" and spread >= figures.LOG_SPREAD
    render_section(
        section,
        story=story,
        key=key,
        chart_options={"log": True} if log else None,
        extra_note=_("目盛り：対数") if log else "",
        on_select=on_select,
    )
moving, moving_total = ui.moving_figures(dataset, dataset.version, filters, lang)
ui.history_sections(dataset, moving, lang, key="metrics", total=moving_total, places=False)
ui.follow_pending_initiative()
