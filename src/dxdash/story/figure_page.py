"""A figure's own page, decided once: what it counts, its value as printed, as-of, source, history.

Every figure of the data has a page (``/figure?id=…``): its definition (data/source/
definitions.yaml) when it has one, and always what the data says of it. The index of every
figure (``/figure`` with no id) is a section too. Renderers draw these sections as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dxdash.data.dataset import Dataset
from dxdash.data.definitions import Definitions
from dxdash.locale import Locale, get_locale
from dxdash.story import figures
from dxdash.story import history as history_of
from dxdash.story.build import labelled_latest
from dxdash.story.figure_links import (
    FIGURE_PAGE,
    figure_href,
    figure_id,
    figure_of,
    initiative_href,
)
from dxdash.story.model import Kind, Kpi, Section

MAX_INDEX_FIGURES = 300  # the index lists at most this many (1000× data: 28,055 figures)


@dataclass(frozen=True)
class Fact:
    """One line of a figure's definition list: a term, its text, and a link when it has one."""

    term: str
    text: str
    href: str = ""


@dataclass(frozen=True)
class FigurePage:
    """What a figure's page says: its section (title, takeaway, card, history) and its facts."""

    section: Section
    facts: tuple[Fact, ...]
    defined: bool  # False: definitions.yaml has no entry for it yet (the page says so)


def _row(dataset: Dataset, owner: str, metric: str, locale: Locale) -> pd.Series | None:
    """The figure's newest value, labelled in the reader's language (first place if several)."""
    return figures.find_figure(labelled_latest(dataset, locale), owner, metric)


def _qualifier_text(definitions: Definitions, qualifier: object, locale: Locale) -> str:
    """「約」: what it means, or that the figure is given as it is."""
    if not isinstance(qualifier, str) or not qualifier:
        return locale._("なし（報告書の値そのまま）")
    meaning = locale.pick(definitions.qualifiers.get(qualifier, {}))
    shown = locale.quoted(locale.term("qualifiers", qualifier))
    return locale.pair(shown, meaning) if meaning else shown


def _owner(dataset: Dataset, owner: str, locale: Locale) -> tuple[str, str]:
    """The initiative's or program's name in the dataset's language, and its page link (an
    initiative has a detail page; a program has none)."""
    initiatives = dataset.initiatives.loc[dataset.initiatives["initiative_id"] == owner]
    if not initiatives.empty:
        return str(initiatives["name"].iloc[0]), initiative_href(owner, locale)
    programs = dataset.programs.loc[dataset.programs["program_id"] == owner]
    return (str(programs["name"].iloc[0]) if not programs.empty else owner), ""


def build_figure_page(
    dataset: Dataset, definitions: Definitions, value: str, locale: Locale
) -> FigurePage | None:
    """The page of the figure a URL id names, or None when the data has no such figure."""
    named = figure_of(definitions, value)
    row = _row(dataset, *named, locale) if named else None
    if row is None:
        return None
    owner, metric = named
    entry = definitions.of(owner, metric)
    # two or more dated values: the line of the 推移 tab, its table and its labelled rows
    line = history_of.figure_line(dataset, row, locale, key=FIGURE_PAGE, title="")
    owner_name, owner_href = _owner(dataset, owner, locale)
    counts = (
        locale.pick(entry.counts) if entry else locale._("この数値の定義はまだ登録されていません。")
    )
    facts = [
        Fact(locale._("数えているもの"), counts),
        # as the report prints it, in either language (the card above says it in English)
        Fact(
            locale._("報告書の表記"),
            figures.with_qualifier(row["value_text"], row["qualifier"], get_locale("ja")),
        ),
        Fact(locale._("単位"), locale.term("units", row["unit"]) or locale._("なし")),
        Fact(locale._("表記の意味"), _qualifier_text(definitions, row["qualifier"], locale)),
        Fact(locale._("時点"), str(row["as_of_display"])),
        Fact(locale._("分類"), locale.term("metric_categories", row["category"])),
        Fact(locale._("分野"), str(row["field_label"])),
        Fact(locale._("施策"), owner_name, owner_href),
        Fact(locale._("出典（報告書の見出し）"), str(row["source"])),
    ]
    if entry and entry.note:
        facts.insert(1, Fact(locale._("読み方"), locale.pick(entry.note)))
    if isinstance(row["note"], str) and row["note"].strip():  # the report's own words on it
        facts.insert(2 if entry and entry.note else 1, Fact(locale._("報告書の注記"), row["note"]))
    notes = (locale.say("figure_page.values", count=line.shown),) if line else ()
    # the open data of the page: every dated value, or the newest when none is dated
    if line is not None:
        rows = line.rows
    else:
        dated = figures.figure_history(history_of.owner_metrics(dataset, owner), row, locale)
        rows = (
            history_of.labelled_values(dataset, dated, locale)
            if len(dated)
            else labelled_latest(dataset, locale).loc[[row.name]]
        )
    section = Section(
        key=FIGURE_PAGE,
        kind=Kind.HISTORY,
        title=locale.pair(str(row["short_name"]), str(row["metric_label"])),
        takeaway=counts,
        source=locale.notes([dataset.source_note, figures.heading_of(row["source"])]),
        kpis=(
            Kpi(
                str(row["metric_label"]),
                str(row["display"]),
                str(row["as_of_display"]),
                owner,
                str(row["change_display"]),
                source=str(row["source"]),
                qualifier=figures.qualifier_of(row["qualifier"]),
            ),
        ),
        chart=line.chart if line else None,
        table=line.table if line else None,
        rows=rows,
        notes=notes,
        shown=1,
        total=1,
        filtered=False,
    )
    return FigurePage(section, tuple(facts), entry is not None)


def figure_index(dataset: Dataset, definitions: Definitions, locale: Locale) -> Section:
    """Every figure of the data, by initiative, each linked to its page: the definitions index."""
    labelled = labelled_latest(dataset, locale)
    every = labelled.drop_duplicates(["initiative_id", "metric"])
    rows = every.head(MAX_INDEX_FIGURES)
    keys = list(zip(rows["initiative_id"], rows["metric"], strict=True))
    ids = [figure_id(definitions, owner, metric) for owner, metric in keys]
    entries = [definitions.of(owner, metric) for owner, metric in keys]
    counts = [locale.pick(entry.counts) if entry else "" for entry in entries]
    links = pd.DataFrame(
        {
            "figure_id": ids,
            "href": [figure_href(i, locale) for i in ids],
            "initiative": rows["short_name"].tolist(),
            "metric": rows["metric_label"].tolist(),
            "display": rows["display"].tolist(),
            "counts": counts,
        }
    )
    groups = tuple(  # one part per initiative, in the data's order, its figures' links its rows
        Section(
            key=f"figure_index.{number}",
            kind=Kind.INDEX,
            title=str(initiative),
            takeaway="",
            source=dataset.source_note,
            rows=group.reset_index(drop=True),
            shown=len(group),
            total=len(group),
            filtered=False,
        )
        for number, (initiative, group) in enumerate(links.groupby("initiative", sort=False))
    )
    return Section(
        key="figure_index",
        kind=Kind.INDEX,
        title=locale._("数値の定義"),
        takeaway=locale.say("figure_page.index", count=len(every)),
        source=dataset.source_note,
        rows=rows,
        parts=groups,
        notes=(locale.say("figure_page.index_capped", shown=len(links), total=len(every)),)
        if len(links) < len(every)
        else (),
        shown=len(links),
        total=len(every),
        filtered=False,
    )
