"""利用実績 (/metrics): every figure by initiative, a tab per group of what it counts."""

import streamlit as st

from dxdash.render.streamlit import (
    figure_history,
    group_tabs,
    initiatives,
    language,
    loading,
    scale_control,
    sidebar,
)
from dxdash.render.streamlit.sections import render_section
from dxdash.render.streamlit.story import current_story
from dxdash.story import chart_links
from dxdash.story.build import GROUP_KEYS, HISTORY_KEY

_ = language._
locale = language.locale()
dataset = loading.get_dataset()
filters = sidebar.current_filters(dataset)
story = current_story(dataset, filters)

st.title(_("利用実績"), anchor=False)
st.markdown(
    _("報告書のすべての数値を、数えているもの（人数・回数・金額・割合など）ごとに並べています。")
)
scale = (
    scale_control.scale_control()
)  # ?scale=対数 (also Log/log); an unknown value is named on the page

# A tab per group, ?group=money; only the open tab is drawn (its section alone is built), so a
# filter change updates its one chart in place. A 推移 tab (?group=history) follows the groups
# when any figure of the data has a history.
tabs = GROUP_KEYS + ((HISTORY_KEY,) if figure_history.has_history(dataset) else ())
tab, open_key = group_tabs.group_tab(story.heads(tabs))
with tab:
    if open_key == HISTORY_KEY:
        figure_history.history_section(
            story[HISTORY_KEY], dataset=dataset, locale=locale, key="metrics"
        )
    else:  # an empty group says so, its chart kept hidden for when a filter brings it back
        # 対数, where the figures span enough: the story's log option and the note saying so
        section, options = chart_links.on_scale(story[open_key], scale, locale)
        key = f"metrics_chart_{group_tabs.group_key(open_key)}"
        render_section(
            section,
            story=story,
            key=key,
            chart_options=options,
            on_select=lambda: initiatives.open_initiative_from_chart(key),
        )
initiatives.follow_pending_initiative()
