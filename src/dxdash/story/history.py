"""推移 as Sections: each figure with two or more values as a line with its table and download
rows, and figures by 市町村 side by side — chosen, capped and worded here, drawn by renderers.

The 利用実績 page's 推移 tab (build.py's ``history`` section) and an initiative's detail show
the same parts; the renderer only lays them out (render/streamlit/figure_history.py).
"""

from __future__ import annotations

from functools import partial

import pandas as pd

from dxdash.charts import figure_bars, history_chart
from dxdash.data.dataset import Dataset
from dxdash.locale import Locale
from dxdash.story import figures, tables
from dxdash.story.model import Chart, Kind, Section

# At most this many history charts (and 市町村 charts) per view: at 1000× data thousands of
# figures have a history, and a page of thousands of charts is no answer.
MAX_HISTORY_CHARTS = 6

HISTORY_PART = "history"  # a figure's line: part key "history.<n>"
PLACES_PART = "places"  # a figure's latest values by 市町村: part key "places.<metric>"


def owner_metrics(dataset: Dataset, owner: str) -> pd.DataFrame:
    """Every value (all dates, all places) of one initiative's or program's figures.

    The positions by owner are found once per dataset (kept in ``dataset.derived``, like
    build.labelled_latest): at 1000× data a scan of ``metrics`` per line cost a page a scan
    per chart.
    """
    key = "metric_positions_by_owner"
    if key not in dataset.derived:
        dataset.derived[key] = dataset.metrics.groupby("initiative_id", sort=False).indices
    positions = dataset.derived[key].get(owner)
    return dataset.metrics.iloc[positions if positions is not None else []]


def labelled_values(dataset: Dataset, history: pd.DataFrame, locale: Locale) -> pd.DataFrame:
    """A figure's values as its download gives them: the stored columns, labelled."""
    return figures.with_labels(
        history[list(dataset.metrics.columns)], dataset.initiatives, dataset.programs, locale
    )


def figure_line(
    dataset: Dataset, record: pd.Series | dict, locale: Locale, *, key: str, title: str
) -> Section | None:
    """One figure's values over time as a line with its table and download rows (None when it
    has fewer than two dated values): the part the 推移 tab, the detail and its page all draw."""
    history = figures.figure_history(
        owner_metrics(dataset, record["initiative_id"]), record, locale
    )
    if len(history) < 2:
        return None
    ident = (record["initiative_id"], record["metric"], record["municipality_code"])
    return Section(
        key=key,
        kind=Kind.HISTORY,
        title=title,
        takeaway=str(record["change_display"]),
        source=dataset.source_note,
        chart=Chart(
            f"{HISTORY_PART}:{ident}",
            partial(history_chart.build_history_chart, history, locale=locale.standard),
            # the same for every figure in a place: a new alt text makes Streamlit embed the
            # chart anew (the heading above names the figure)
            locale._("上の見出しの数値の推移の折れ線グラフ"),
            fast_spec=True,
        ),
        table=tables.history_table(history, locale),
        rows=labelled_values(dataset, history, locale),
        shown=len(history),
        total=len(history),
    )


def figure_lines(
    dataset: Dataset, figure_rows: pd.DataFrame, locale: Locale, *, label: str = "label"
) -> tuple[Section, ...]:
    """A line for each of the first MAX_HISTORY_CHARTS labelled figure rows that have a history.

    ``label`` names the column that titles each line (the 利用実績 page says 施策 and 指標; an
    initiative's detail the 指標 alone).
    """
    moving = figures.over_time(figure_rows) if not figure_rows.empty else figure_rows
    parts: list[Section] = []
    for record in moving.head(MAX_HISTORY_CHARTS).to_dict("records"):
        title = locale._("推移：{label}").format(label=record[label])
        line = figure_line(dataset, record, locale, key=f"{HISTORY_PART}.{len(parts)}", title=title)
        if line is not None:
            parts.append(line)
    return tuple(parts)


def places(dataset: Dataset, figure_rows: pd.DataFrame, locale: Locale) -> tuple[Section, ...]:
    """For each figure counted by 市町村 (up to MAX_HISTORY_CHARTS), its latest values side by
    side, the largest MAX_FIGURES of them."""
    placed = figure_rows.loc[figure_rows["municipality_code"].notna()]
    parts = []
    for metric, rows in list(placed.groupby("metric", sort=False))[:MAX_HISTORY_CHARTS]:
        shown = rows.head(figures.MAX_FIGURES)
        title = locale._("市町村別：{metric}").format(metric=shown["metric_name"].iloc[0])
        parts.append(
            Section(
                key=f"{PLACES_PART}.{metric}",
                kind=Kind.FIGURE_BARS,
                title=title,
                takeaway=locale._("最新の値を市町村ごとに並べています。"),
                source=dataset.source_note,
                chart=Chart(
                    f"{PLACES_PART}:{shown['initiative_id'].iloc[0]}:{metric}",
                    partial(
                        figure_bars.build_figure_bars,
                        shown,
                        title="",
                        axis_title="",
                        locale=locale.standard,
                    ),
                    locale._("{title}の横棒グラフ").format(title=title),
                    fast_spec=True,
                ),
                table=tables.figure_table(shown, locale),
                rows=shown,
                shown=len(shown),
                total=len(rows),
            )
        )
    return tuple(parts)


def cap_note(shown: int, total: int, locale: Locale) -> tuple[str, ...]:
    """The line that says only the first lines are drawn, when more figures have a history."""
    if total <= shown:
        return ()
    return (
        locale._("推移のグラフは最初の{shown}件です（値が2つ以上ある数値は{total}件）。").format(
            shown=shown, total=total
        ),
    )


def history_section(
    dataset: Dataset, figure_rows: pd.DataFrame, total: int, locale: Locale, *, source: str
) -> Section:
    """利用実績's 推移 tab: a line per shown figure with a history (the first
    MAX_HISTORY_CHARTS of ``total``), said so when there are more or none."""
    parts = figure_lines(dataset, figure_rows, locale)
    return Section(
        key=HISTORY_PART,
        kind=Kind.PARTS,
        title=locale._("推移"),
        takeaway="" if total else locale._("この絞り込みでは、値が2つ以上ある数値はありません。"),
        source=source,
        notes=cap_note(MAX_HISTORY_CHARTS, total, locale),
        parts=parts,
        rows=figure_rows,
        shown=len(parts),
        total=total,
    )
