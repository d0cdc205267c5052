"""Draw a story Section on a Streamlit page: heading, takeaway, cards, chart, notes, tables.

Thin on purpose: the story (dxdash.story.build) decides every row, cap, title and word; this
module only lays them out with the shared blocks (dxdash.render.streamlit.blocks: cards, cached
chart specs, the lazy 表で見る expander, tables with their open-data downloads) and the
initiatives' selectable table (dxdash.render.streamlit.initiatives).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from dxdash.locale import Locale
from dxdash.opendata import page_tables
from dxdash.render.streamlit import blocks, chart_share, initiatives
from dxdash.story import chart_links
from dxdash.story.model import Kind, Section, Story, Table
from dxdash.text import ruby

# The open-data table behind each section's (or titled table's) download, by story key.
# Every table download of a page goes through dxdash.opendata.page_tables (tests/test_opendata.py).
DOWNLOADS: Mapping[str, Callable[[pd.DataFrame, Locale], pd.DataFrame]] = {
    "usage": page_tables.figures_download,
    "rates": page_tables.figures_download,
    "group": page_tables.figures_download,  # every group.* section of the 利用実績 page
    "models": page_tables.model_counts_download,
    "models.list": page_tables.models_download,
    "survey": page_tables.survey_download,
    "evaluations": page_tables.events_download,  # each of its tables (evaluations.受賞 …)
    "timeline": page_tables.events_download,
    "launches": page_tables.launches_download,
}

# Charts whose labels need room beside them: a phone shows their table as a list instead.
AS_LIST_ON_A_PHONE = frozenset({Kind.TIMELINE})


def download_for(key: str, rows: pd.DataFrame, locale: Locale) -> pd.DataFrame:
    """The open-data rows of a section or table (by its story key), made on click."""
    builder = DOWNLOADS.get(key) or DOWNLOADS[key.split(".", 1)[0]]
    return builder(rows, locale)


def section_spec(section: Section, story: Story, options: Mapping[str, Any] | None = None) -> dict:
    """A section's chart spec, cached per data version, language, filters and options (the
    page and the chart-only view share it)."""
    chosen = dict(options or {})
    built = section.chart
    assert built is not None
    return blocks.chart_spec(
        (
            "section",
            story.version,
            story.locale.code,
            story.filters,
            section.key,
            tuple(sorted(chosen.items())),
        ),
        lambda: built.spec(**chosen),
    )


def caption(text: str) -> None:
    """The one-line notes and source under a section (escaped: data is never HTML)."""
    if text:
        st.html(caption_html(text))


def caption_html(text: str) -> str:
    """caption's HTML ("" for no text)."""
    return f'<p class="dx-source">{html.escape(text)}</p>' if text else ""


def render_section(
    section: Section,
    *,
    story: Story,
    key: str,
    on_select: Callable[[], None] | None = None,
    extra_note: str = "",
    chart_options: Mapping[str, Any] | None = None,
    hero: bool = False,
    kpi_columns: int | None = None,
    table_keys: Mapping[str, str] | None = None,
) -> None:
    """One section as the page shows it; an empty one says its takeaway as the message.

    ``key`` is the chart's widget key (its 表で見る expander and downloads derive from it, and
    a titled table's key is ``{key}_{suffix}`` unless ``table_keys`` names it);
    ``chart_options`` go to the chart builder and into the spec's cache key (e.g. log=True).
    The section is one keyed container (its slot, see blocks.chart_slot), so a filter that adds or
    removes a section before it does not move it: its chart is updated in place.
    """
    with st.container(key=blocks.SLOT_PREFIX + key):
        _render_section(
            section,
            story=story,
            key=key,
            on_select=on_select,
            extra_note=extra_note,
            chart_options=chart_options,
            hero=hero,
            kpi_columns=kpi_columns,
            table_keys=table_keys,
        )


def _render_section(
    section: Section,
    *,
    story: Story,
    key: str,
    on_select: Callable[[], None] | None,
    extra_note: str,
    chart_options: Mapping[str, Any] | None,
    hero: bool,
    kpi_columns: int | None,
    table_keys: Mapping[str, str] | None,
) -> None:
    """render_section's body, inside the section's slot."""
    anchor = chart_links.anchor_id(section.key) if section.key in chart_links.CHART_PAGES else ""
    if section.empty:
        standby = blocks.standby_chart(key)
        # the title where a section's heading goes; with the section's chart after it, hidden
        # and with no rows, when this session has drawn it (see blocks.chart_slot)
        blocks.section_heading(section.title, "", standby=standby is not None, anchor=anchor)
        if standby is not None:
            blocks.draw_chart(standby[0], key=key, alt_text=standby[1], on_select=on_select)
        st.info(ruby.plain(section.takeaway), icon=":material/info:")
        blocks.empty_result()
        return
    locale = story.locale
    rows = section.rows if section.rows is not None else pd.DataFrame()
    notes = [*section.notes, extra_note]
    if section.kpis and section.chart is None and not section.tables:
        # cards alone: heading, cards and source as one element (a rerun redraws each element)
        st.html(
            '<div class="dx-card-section"><div>'
            + blocks.section_heading_html(section.title, section.takeaway, anchor=anchor)
            + "</div>"
            + blocks.kpi_cards_html(section.kpis, hero=hero, columns=kpi_columns)
            + caption_html(locale.notes([*notes, section.source]))
            + "</div>"
        )
        return
    # one element (less to redraw); a chart's heading is where its permalink opens the page
    blocks.section_heading(section.title, section.takeaway, anchor=anchor)
    blocks.kpi_cards(section.kpis, hero=hero, columns=kpi_columns)
    chart = None
    if section.chart is not None:
        chart = section_spec(section, story, chart_options)
        built = section.chart
        blocks.draw_chart(chart, key=key, alt_text=built.alt_text, on_select=on_select)
        # for blocks.chart_slot, when a filter empties it
        blocks.remember_chart(key, chart, built.alt_text)
        if section.kind in AS_LIST_ON_A_PHONE and section.table is not None:
            blocks.narrow_list(section.table)
    # Under the chart (or cards): its notes and source on one line. A section of tables alone
    # has each table's source under that table, and its notes after them.
    alone = chart is None and not section.kpis and bool(section.tables)
    if not alone:
        caption(story.locale.notes([*notes, section.source]))
    if chart is not None and section.table is not None:
        blocks.table_alternative(
            section.table,
            chart,
            lambda: download_for(section.key, rows, locale),
            stem=section.title,
            key=key,
        )
    if chart is not None and section.key in chart_links.CHART_PAGES:
        chart_share.share_panel(
            section, story, chart, lambda: download_for(section.key, rows, locale), key=key
        )
    names = table_keys or {}
    for table in section.tables:
        suffix = table.key.split(".", 1)[-1]
        render_table(
            table,
            locale=locale,
            key=names.get(table.key, f"{key}_{suffix}"),
            source=(table.source or section.source)
            if alone or table.source != section.source
            else "",
        )
    if alone:
        caption(story.locale.notes(notes))


def render_table(table: Table, *, locale: Locale, key: str, source: str = "") -> None:
    """A titled table of a section with its downloads (or its message when it has no rows)."""
    st.subheader(table.title, anchor=False)
    if table.table.empty:
        st.info(table.empty_message, icon=":material/info:")
        return
    if initiatives.SELECT_BY in table.table.frame.columns:  # rows are initiatives: one opens
        st.markdown(initiatives.select_hint())
        initiatives.initiatives_dataframe(table.table, locale, key=f"{key}_table")
        blocks.download_buttons(
            lambda: download_for(table.key, table.rows, locale),
            stem=table.title,
            key=f"{key}_download",
        )
    else:
        blocks.table_block(
            table.table,
            download=lambda: download_for(table.key, table.rows, locale),
            stem=table.title,
            key=key,
        )
    caption(source)
