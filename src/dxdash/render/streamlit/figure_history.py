"""Figures over time on a page: draws the 推移 parts the story chose (dxdash.story.history) — a
line per figure with two or more values, and 市町村別 bars — each in a slot of its own."""

from __future__ import annotations

import hashlib

import streamlit as st

from dxdash.data.dataset import Dataset
from dxdash.locale import Locale
from dxdash.opendata import page_tables
from dxdash.render.streamlit.blocks import chart_section, chart_slot, chart_spec, standby_chart
from dxdash.story import figures
from dxdash.story.history import MAX_HISTORY_CHARTS
from dxdash.story.model import Section
from dxdash.text import ruby


def history_parts(
    lines: tuple[Section, ...],
    places: tuple[Section, ...] = (),
    *,
    notes: tuple[str, ...] = (),
    dataset: Dataset,
    locale: Locale,
    key: str,
) -> None:
    """Draw the story's 推移 parts: its ``lines``, then ``notes`` (only the first lines drawn),
    then its 市町村別 bars (``places``).

    Lines are keyed by their place (``{key}_history_{n}``), so another filter's figure in the
    same place updates the chart in place, and a place a filter leaves empty keeps its chart
    on standby (blocks.chart_slot); 市町村別 bars are keyed by their figure. Each spec is cached
    per (part, data version, reading).
    """
    for place, part in enumerate(lines):
        _part(part, dataset=dataset, locale=locale, key=f"{key}_history_{place}")
    for place in range(len(lines), MAX_HISTORY_CHARTS):  # places this session drew: standby
        if standby_chart(f"{key}_history_{place}") is not None:
            chart_slot(f"{key}_history_{place}")
    for note in notes:
        st.caption(ruby.plain(note))
    for part in places:
        _part(part, dataset=dataset, locale=locale, key=f"{key}_places_{_stable_key(part.key)}")


def _part(part: Section, *, dataset: Dataset, locale: Locale, key: str) -> None:
    """One 推移 part: its chart section, with its table and download."""
    built = part.chart
    assert built is not None  # every 推移 part is a chart
    chart_section(
        dataset=dataset,
        title=ruby.plain(part.title),
        message=ruby.plain(part.takeaway),
        chart=chart_spec((built.key, dataset.version, locale.tag), built.spec),
        table=part.table,
        download=lambda: page_tables.figures_download(part.rows, locale),
        key=key,
        alt_text=built.alt_text,
    )


def history_section(section: Section, *, dataset: Dataset, locale: Locale, key: str) -> None:
    """利用実績's 推移 tab: the story's history section, and its takeaway when it has no line."""
    history_parts(section.parts, notes=section.notes, dataset=dataset, locale=locale, key=key)
    if section.empty and section.takeaway:
        st.info(ruby.plain(section.takeaway), icon=":material/info:")


def _stable_key(value: object) -> str:
    """A short widget-key part from any value, the same in every process (hash() is salted)."""
    return hashlib.sha1(repr(value).encode()).hexdigest()[:10]


def has_history(dataset: Dataset) -> bool:
    """True when any figure of the data has two or more values (a 推移 to show)."""
    return not figures.over_time(dataset.latest).empty
