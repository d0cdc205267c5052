"""The chart-only view an <iframe> shows (?chart=<key>&embed=true): title, takeaway, chart,
as-of and source, and a link to the dashboard. No sidebar, no other section is built."""

from __future__ import annotations

import html

import streamlit as st

from dxdash.render.streamlit import blocks, chart_share
from dxdash.render.streamlit.language import _, show_url_notices
from dxdash.render.streamlit.sections import caption, section_spec
from dxdash.story import chart_links, url_state
from dxdash.story.build import GROUP_KEYS
from dxdash.story.model import Story

# Streamlit's embed mode already drops its header and toolbar; the page's padding goes too.
EMBED_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding: 0.5rem 1rem 0.5rem 1rem; max-width: none; }
.dx-embed-link { font-size: 0.9rem; margin: 0; }
</style>
"""


def scale_asked() -> str:
    """The 利用実績 scale a group chart's link carries (?scale=対数); an unknown one is named."""
    scale, notices = url_state.parse_scale(st.query_params.get_all(url_state.SCALE_PARAM))
    show_url_notices(groups=(), extra=notices)
    return scale


def render_chart_view(story: Story, key: str) -> None:
    """One chart as the story tells it (the same section and cached spec as its page's)."""
    st.html(EMBED_CSS)
    scale = scale_asked() if key in GROUP_KEYS else url_state.DEFAULT_SCALE
    if not key:  # the URL's ?chart= names no chart of this page: the notice above says so
        st.info(_("このグラフは表示できません。"), icon=":material/info:")
        return
    section, options = chart_links.on_scale(story[key], scale, story.locale)
    blocks.section_heading(section.title, section.takeaway, level=1)
    if not section.empty and section.chart is not None:  # else the takeaway says none match
        chart = section_spec(section, story, options)
        blocks.draw_chart(chart, key=f"embed_{key}", alt_text=section.chart.alt_text)
    caption(story.locale.notes([*section.notes, section.source]))
    link = chart_share.permalink(section, story, scale=scale)
    label = _("群馬県 DX推進実績ダッシュボードで見る")
    st.html(
        f'<p class="dx-embed-link"><a href="{html.escape(link)}" target="_blank" '
        f'rel="noopener">{html.escape(label)} ↗</a></p>'
    )
