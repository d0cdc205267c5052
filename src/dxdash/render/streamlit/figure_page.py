"""A figure's page and the index of every figure, drawn as the story decided them
(story.figure_page); ふりがな of やさしい日本語 as <ruby> (dxdash.text.ruby)."""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dxdash.locale import Locale
from dxdash.render.streamlit import blocks
from dxdash.story.figure_page import FigurePage
from dxdash.story.model import Section
from dxdash.text import ruby


def _title(section: Section) -> None:
    """The page's title (h1) and its takeaway: what the figure counts, or what the index holds."""
    st.title(ruby.plain(section.title), anchor=False)
    st.html(f'<p class="dx-takeaway">{ruby.to_html(section.takeaway)}</p>')


def facts_list(page: FigurePage) -> None:
    """The definition as a list of terms and texts (escaped; a link where the fact has one)."""
    items = []
    for fact in page.facts:
        text = ruby.to_html(fact.text)
        if fact.href:
            text = f'<a href="{html.escape(fact.href)}" target="_self">{text}</a>'
        items.append(f"<dt>{html.escape(fact.term)}</dt><dd>{text}</dd>")
    st.html(f'<dl class="dx-facts">{"".join(items)}</dl>')


def render_figure_page(
    page: FigurePage, locale: Locale, *, download: Callable[[], pd.DataFrame], index_href: str
) -> None:
    """One figure: title and what it counts, its card, the facts, its values over time, data."""
    section = page.section
    _title(section)
    if not page.defined:
        st.warning(ruby.plain(section.takeaway), icon=":material/help:")
    blocks.kpi_cards(section.kpis, columns=1)
    facts_list(page)
    if section.chart is not None:  # its values over time
        blocks.section_heading(locale._("推移"), "", level=2)
        blocks.draw_chart(
            section.chart.spec(), key="figure_history_chart", alt_text=section.chart.alt_text
        )
    for note in section.notes:
        st.caption(ruby.plain(note))
    if section.table is not None:
        blocks.table_block(section.table, download=download, stem=section.title, key="figure_table")
    else:
        blocks.download_buttons(download, stem=section.title, key="figure_download")
    st.html(f'<p class="dx-source">{html.escape(section.source)}</p>')
    st.html(
        f'<p><a href="{html.escape(index_href)}" target="_self">'
        f"{html.escape(locale._('数値の定義の一覧へ'))}</a></p>"
    )


def render_figure_index(section: Section, locale: Locale) -> None:
    """Every figure by initiative, each name a link to its page (escaped; one element)."""
    _title(section)
    if not section.parts:
        st.info(locale._("表示する数値はありません。"), icon=":material/info:")
        return
    groups = []
    for group in section.parts:  # the story's groups: one per initiative
        assert group.rows is not None
        items = "".join(
            f'<li><a href="{html.escape(row.href)}" target="_self">{html.escape(row.metric)}</a>'
            f'<span class="dx-figure-value">{html.escape(row.display)}</span>'
            + (
                f'<span class="dx-figure-counts">{ruby.to_html(row.counts)}</span>'
                if row.counts
                else ""
            )
            + "</li>"
            for row in group.rows.itertuples(index=False)
        )
        groups.append(f"<h4>{html.escape(group.title)}</h4><ul>{items}</ul>")
    st.html(f'<div class="dx-figure-index">{"".join(groups)}</div>')
    for note in section.notes:
        st.caption(note)
    st.html(f'<p class="dx-source">{html.escape(section.source)}</p>')
