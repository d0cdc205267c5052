"""Figures over time on a page: a history chart per figure with two or more values, and 市町村別 charts."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from dxdash.charts import figure_bars, history_chart
from dxdash.data.dataset import (
    Dataset,
)
from dxdash.locale import Locale
from dxdash.opendata import page_tables
from dxdash.render.streamlit.blocks import chart_section, chart_slot, chart_spec, standby_chart
from dxdash.render.streamlit.language import _
from dxdash.story import figures, tables
from dxdash.story.build import label_figures
from dxdash.story.filters import Filters, filter_initiatives, filter_metrics

# At most this many history charts per page (1000× data: thousands of figures have a history).
MAX_HISTORY_CHARTS = 6


def history_sections(
    dataset: Dataset,
    figure_rows: pd.DataFrame,
    locale: Locale,
    *,
    key: str,
    total: int | None = None,
    places: bool = True,
    label: str = "label",
) -> None:
    """A 推移 chart for each figure with ≥ 2 values, and a 市町村 breakdown when figures have them.

    ``figures`` are labelled rows of ``Dataset.latest``; each chart's title is printed here,
    outside the spec, and the spec is cached per (figure, data version, reading). Charts are
    keyed by their place, and a place a filter leaves empty keeps its chart on standby
    (blocks.chart_slot): a filter change updates the history charts instead of embedding new.
    """
    drawn = 0
    moving = figures.over_time(figure_rows) if not figure_rows.empty else figure_rows
    for record in moving.head(MAX_HISTORY_CHARTS).to_dict("records"):
        ident = (record["initiative_id"], record["metric"], record["municipality_code"])
        history, history_table = _figure_history(dataset, dataset.version, ident, record, locale)
        if len(history) < 2:
            continue
        chart_section(
            dataset=dataset,
            title=_("推移：{label}").format(label=record[label]),
            message=record["change_display"],
            chart=chart_spec(
                ("history", ident, dataset.version, locale.tag),
                lambda history=history: history_chart.build_history_chart(
                    history, locale=locale.standard, as_spec=True
                ),
            ),
            table=history_table,
            download=lambda history=history: page_tables.figures_download(
                figures.with_labels(
                    history[list(dataset.metrics.columns)],
                    dataset.initiatives,
                    dataset.programs,
                    locale,
                ),
                locale,
            ),
            # by place, not by figure: another filter's figure updates the same chart in place
            key=f"{key}_history_{drawn}",
            # the same for every figure in this place: a new alt text makes Streamlit embed
            # the chart anew (the heading above names the figure)
            alt_text=_("上の見出しの数値の推移の折れ線グラフ"),
        )
        drawn += 1
    for place in range(drawn, MAX_HISTORY_CHARTS):  # places this session drew: on standby
        if standby_chart(f"{key}_history_{place}") is not None:
            chart_slot(f"{key}_history_{place}")
    if figure_rows.empty:
        return
    total = len(moving) if total is None else total
    if total > MAX_HISTORY_CHARTS:
        st.caption(
            _("推移のグラフは最初の{shown}件です（値が2つ以上ある数値は{total}件）。").format(
                shown=MAX_HISTORY_CHARTS, total=total
            )
        )
    if not places:
        return
    placed = figure_rows.loc[figure_rows["municipality_code"].notna()]
    for metric, rows in list(placed.groupby("metric", sort=False))[:MAX_HISTORY_CHARTS]:
        rows = rows.head(figures.MAX_FIGURES)
        title = _("市町村別：{metric}").format(metric=rows["metric_name"].iloc[0])
        chart_section(
            dataset=dataset,
            title=title,
            message=_("最新の値を市町村ごとに並べています。"),
            chart=chart_spec(
                (
                    "municipalities",
                    rows["initiative_id"].iloc[0],
                    metric,
                    dataset.version,
                    locale.tag,
                ),
                lambda rows=rows: figure_bars.build_figure_bars(
                    rows, title="", axis_title="", locale=locale.standard, as_spec=True
                ),
            ),
            table=tables.figure_table(rows, locale),
            download=lambda rows=rows: page_tables.figures_download(rows, locale),
            key=f"{key}_places_{_stable_key(metric)}",
            alt_text=_("{title}の横棒グラフ").format(title=title),
        )


def _stable_key(value: object) -> str:
    """A short widget-key part from any value, the same in every process (hash() is salted)."""
    return hashlib.sha1(repr(value).encode()).hexdigest()[:10]


@st.cache_data(max_entries=512, show_spinner=False)
def _figure_history(
    _dataset: Dataset, version: str, ident: tuple, _record: dict, locale: Locale
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One figure's values over time and their table, once per (figure, data version, reading)."""
    del version, ident  # the cache key, with the locale; the record is that figure's row
    owned = owner_values(_dataset, _dataset.version, _record["initiative_id"])
    history = figures.figure_history(owned, _record, locale)
    return history, tables.history_table(history)


@st.cache_data(max_entries=256, show_spinner=False)
def owner_values(_dataset: Dataset, version: str, owner: str) -> pd.DataFrame:
    """Every value of one initiative's or program's figures (one scan of the table, cached)."""
    del version
    return _dataset.metrics.loc[_dataset.metrics["initiative_id"] == owner]


def has_history(dataset: Dataset) -> bool:
    """True when any figure of the data has two or more values (a 推移 to show)."""
    return not figures.over_time(dataset.latest).empty


@st.cache_data(max_entries=256, show_spinner=False)
def moving_figures(
    _dataset: Dataset, version: str, filters: Filters, locale: Locale
) -> tuple[pd.DataFrame, int]:
    """The first shown figures that have two or more values, labelled, and how many there are."""
    del version
    shown = filter_initiatives(_dataset.initiatives, filters)
    metrics = filter_metrics(_dataset.latest, _dataset.initiatives, shown, filters)
    moving = figures.over_time(metrics)
    rows = moving.head(MAX_HISTORY_CHARTS)
    if rows.empty:  # the usual case: no figure has a history yet
        return rows, 0
    return label_figures(_dataset, rows, locale), len(moving)
