"""利用実績 (/metrics): every figure by initiative, a tab per group of what it counts."""

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
# ?group=money; only the open tab is drawn, so a filter change updates its one chart in place
tab, section = ui.group_tab(groups)
key = f"metrics_chart_{ui.group_key(section)}"
on_select = lambda: ui.open_initiative_from_chart(key)  # noqa: E731
with tab:  # an empty group says so, its chart kept hidden for when a filter brings it back
    log = (
        scale == "対数"
        and not section.empty
        and figures.FigureGroup(section.key, section.title, "", section.rows).spread
        >= figures.LOG_SPREAD
    )
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
