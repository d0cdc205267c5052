"""An initiative's detail, decided once: its facts, figure cards, 推移, texts, tables and links.

The 施策一覧 page (``/initiatives?id=…``) draws it as it is (render/streamlit/initiatives.py):
which figures get a card, which have a line, what each heading and line says, and the rows
behind each download are chosen here.
"""

from __future__ import annotations

from dataclasses import dataclass

from dxdash.data.dataset import Dataset
from dxdash.locale import Locale
from dxdash.story import figures, history, tables
from dxdash.story.figure_links import href_of
from dxdash.story.model import Kind, Kpi, Section, Table

DETAIL_KEY = "detail"
EVENTS_TABLE = f"{DETAIL_KEY}.events"  # its 外部評価・掲載 table
FIGURES_TABLE = f"{DETAIL_KEY}.figures"  # its 数値の詳細 table


@dataclass(frozen=True)
class GunmaModel:
    """The 群馬モデル an initiative is: its heading (type and number), name and summary."""

    heading: str
    name: str
    summary: str


@dataclass(frozen=True)
class InitiativePage:
    """What an initiative's detail says. ``section`` holds its title, figure cards, 推移 parts
    (``lines``, then ``places``: 市町村別 bars), the cap note and its tables (外部評価・掲載,
    数値の詳細)."""

    initiative_id: str
    short_name: str  # download file names
    section: Section
    lines: tuple[Section, ...]  # a figure's values over time, each (history.figure_lines)
    places: tuple[Section, ...]  # a figure's latest values by 市町村 (history.places)
    facts: tuple[str, ...]  # 分野, 開始, its note, 群馬モデル: one line
    firsts: tuple[str, ...]  # 全国初 … as badges
    summary: tuple[str, ...]  # 概要, a line each
    comments: tuple[str, ...]  # 利用者の反応・コメント
    model: GunmaModel | None
    related: tuple[tuple[str, str], ...]  # (initiative_id, name) of the related initiatives


def build_initiative_page(
    dataset: Dataset, initiative_id: str, locale: Locale
) -> InitiativePage | None:
    """The detail of the initiative a URL id names, or None when the data has no such one."""
    rows = dataset.initiatives.loc[dataset.initiatives["initiative_id"] == initiative_id]
    if rows.empty:
        return None
    item = rows.iloc[0]
    _ = locale._
    field = locale.term("fields", item["field"])
    facts = [
        _("分野：")
        + field
        + ("" if item["field_source"] == "report" else _("（dxdashによる分類）")),
        _("開始：") + tables.started_display(item["started_text"], item["fiscal_year"], locale),
    ]
    if isinstance(item["started_note"], str):
        facts.append(item["started_note"])
    model = None
    if isinstance(item["gunma_model"], str):
        kind = f"{locale.term('gunma_model_types', item['gunma_model'])} No.{int(item['gunma_model_no'])}"
        facts.append(_("群馬モデル：") + kind)
        model = GunmaModel(
            _("群馬モデル") + locale.paren(kind),
            str(item["gunma_model_name"]),
            str(item["gunma_model_summary"]),
        )
    owned = figures.with_labels(
        dataset.latest.loc[dataset.latest["initiative_id"] == initiative_id],
        dataset.initiatives,
        dataset.programs,
        locale,
    )
    # One card per prefecture-wide figure; a municipality's figures are in the 市町村別 charts.
    carded = owned.loc[owned["municipality_code"].isna()]
    kpis = tuple(
        Kpi(
            r["metric_label"],
            r["display"],
            r["as_of_display"],
            change=r["change_display"],
            href=href_of(initiative_id, r["metric"], locale),
            qualifier=figures.qualifier_of(r["qualifier"]),
        )
        for r in carded.to_dict("records")
    )
    lines = history.figure_lines(dataset, owned, locale, label="metric_label")
    places = history.places(dataset, owned, locale)
    events = dataset.events.loc[dataset.events["initiative_id"] == initiative_id]
    detail_tables = []
    if not events.empty:
        detail_tables.append(
            Table(
                EVENTS_TABLE,
                _("外部評価・掲載"),
                tables.events_table(events, locale=locale),
                events,
            )
        )
    if not owned.empty:
        detail_tables.append(
            Table(FIGURES_TABLE, _("数値の詳細"), tables.figure_table(owned, locale), owned)
        )
    related = dataset.initiatives.loc[dataset.initiatives["initiative_id"].isin(item["related"])]
    return InitiativePage(
        initiative_id=initiative_id,
        short_name=str(item["short_name"]),
        section=Section(
            key=DETAIL_KEY,
            kind=Kind.DETAIL,
            title=str(item["name"]),
            takeaway="",
            source=locale.notes([dataset.source_note, _("報告書の見出し：") + str(item["source"])]),
            kpis=kpis,
            rows=owned,
            notes=history.cap_note(
                history.MAX_HISTORY_CHARTS, len(figures.over_time(owned)), locale
            ),
            tables=tuple(detail_tables),
            parts=lines + places,
            shown=len(owned),
            total=len(owned),
            filtered=False,
        ),
        lines=lines,
        places=places,
        facts=tuple(facts),
        firsts=tuple(item["firsts"]),
        summary=tuple(item["summary"].splitlines()),
        comments=tuple(item["comments"]),
        model=model,
        related=tuple(zip(related["initiative_id"], related["name"], strict=True)),
    )
