"""Initiatives on a page: the 施策一覧 table and cards, the detail view, and clicks on charts that open or filter."""

from __future__ import annotations

import html
from typing import Any

import streamlit as st

from dxdash.charts.common import SELECT_INITIATIVE, SELECT_MODEL, SELECT_YEAR
from dxdash.data.dataset import (
    Dataset,
)
from dxdash.locale import Locale
from dxdash.opendata import page_tables
from dxdash.render.markup import escape_markdown
from dxdash.render.streamlit.blocks import kpi_cards, selected_values, table_block
from dxdash.render.streamlit.figure_history import history_parts
from dxdash.render.streamlit.language import (
    _,
    set_notices,
    set_url_param,
    show_url_notices,
)
from dxdash.render.streamlit.sidebar import MODEL_KEY, YEARS_KEY
from dxdash.render.streamlit.story import initiative_page
from dxdash.story import url_state
from dxdash.story.initiative_page import EVENTS_TABLE
from dxdash.story.model import DisplayTable, Section
from dxdash.story.url_state import DETAIL_PARAM, VIEW_PARAM
from dxdash.text import ruby
from dxdash.text.japanese import parse_fiscal_year_ja

PENDING_INITIATIVE_KEY = "_open_initiative"


INITIATIVES_PAGE = "app_pages/initiatives.py"


def open_initiative_from_chart(chart_key: str) -> None:
    """on_select callback: remember the clicked initiative, to open its detail page."""
    picked = selected_values(chart_key, SELECT_INITIATIVE, "initiative_id")
    if picked:
        st.session_state[PENDING_INITIATIVE_KEY] = picked[0]


def follow_pending_initiative() -> None:
    """Open the detail page of an initiative clicked on a chart (at the end of a page run)."""
    initiative_id = st.session_state.pop(PENDING_INITIATIVE_KEY, None)
    if initiative_id:
        st.switch_page(INITIATIVES_PAGE, query_params={"id": initiative_id})


def open_initiative(initiative_id: str) -> None:
    """Show one initiative's detail on the 施策一覧 page (its own URL: /initiatives?id=…)."""
    st.query_params[DETAIL_PARAM] = initiative_id


def close_initiative() -> None:
    """Back from the detail view to the list."""
    st.query_params.pop(DETAIL_PARAM, None)


def initiative_detail(dataset: Dataset, initiative_id: str, locale: Locale) -> None:
    """Everything the report says about one initiative, as the story decided it
    (dxdash.story.initiative_page): facts, figure cards, 推移, summary, comments, model, tables."""
    st.button(_("← 施策一覧に戻る"), key="initiatives_back", on_click=close_initiative)
    page = initiative_page(dataset, initiative_id, locale)
    if page is None:
        st.warning(
            _("施策「{id}」は見つかりません。URLを確認してください。").format(
                id=escape_markdown(url_state.shown_value(initiative_id))
            )
        )
        return
    section = page.section
    st.title(escape_markdown(section.title), anchor=False)
    st.markdown(locale.facts(escape_markdown(ruby.plain(f)) for f in page.facts))
    if page.firsts:
        st.markdown(" ".join(f":blue-badge[{escape_markdown(f)}]" for f in page.firsts))
    if section.kpis:
        kpi_cards(section.kpis, columns=min(len(section.kpis), 3))
    history_parts(
        page.lines,
        page.places,
        notes=section.notes,
        dataset=dataset,
        locale=locale,
        key=f"detail_{initiative_id}",
    )
    st.subheader(_("概要"), anchor=False)
    st.markdown("\n".join(f"- {escape_markdown(line)}" for line in page.summary))
    if page.comments:
        st.subheader(_("利用者の反応・コメント"), anchor=False)
        st.html("".join(f'<p class="dx-comment">{html.escape(c)}</p>' for c in page.comments))
    if page.model is not None:
        st.subheader(ruby.plain(page.model.heading), anchor=False)
        st.markdown(f"**{escape_markdown(page.model.name)}**")
        st.markdown(escape_markdown(page.model.summary))
    for table in section.tables:  # 外部評価・掲載 (events), 数値の詳細 (figures)
        events = table.key == EVENTS_TABLE
        st.subheader(ruby.plain(table.title), anchor=False)
        table_block(
            table.table,
            download=lambda table=table, events=events: (
                page_tables.events_download(table.rows, locale)
                if events
                else page_tables.figures_download(table.rows, locale)
            ),
            stem=f"{page.short_name}_{_('外部評価' if events else '数値')}",
            key=table.key.replace(".", "_"),
        )
    if page.related:
        st.subheader(_("関連する施策"), anchor=False)
        for other_id, name in page.related:
            st.button(
                escape_markdown(name),
                key=f"initiatives_related_{other_id}",
                on_click=open_initiative,
                args=(other_id,),
                icon=":material/arrow_forward:",
            )
    st.html(f'<p class="dx-source">{html.escape(ruby.plain(section.source))}</p>')


SELECT_BY = "initiative_id"  # the hidden column of a table whose rows are initiatives


def _open_selected_row(table: DisplayTable, key: str) -> None:
    """on_select callback of an initiatives table: open the chosen row's detail."""
    state = st.session_state.get(key)
    rows = state.selection.rows if state is not None else []
    if rows:
        open_initiative(table.frame.iloc[rows[0]][SELECT_BY])


TABLE_ROW_PX = 35  # st.dataframe's row (and header) height in Streamlit 1.67


TABLE_ROWS_SHOWN = 15  # rows the 施策一覧 table shows without scrolling inside it (1280×800)


FISCAL_YEAR_COLUMN_PX = 88


def select_hint() -> str:
    """How a row of an initiatives table opens, said with the table (cards have a 詳細 button)."""
    return _("行を選ぶと詳細を開きます。")


def initiatives_dataframe(table: DisplayTable, locale: Locale, *, key: str) -> None:
    """A sortable table of initiatives; selecting a row opens its detail (the caller says so).

    Tall enough for TABLE_ROWS_SHOWN rows (fewer when fewer are shown) without scrolling
    inside the table: Streamlit's default shows about 10.
    """
    rows = min(len(table), TABLE_ROWS_SHOWN)
    settings = {  # the name pinned: on a phone the grid scrolls inside itself, the name in view
        "name": st.column_config.TextColumn(width="large", pinned=True),
        # sized for 「2023年度」 and "FY2023": the grid sizes a number column by the bare number
        "fiscal_year": st.column_config.NumberColumn(
            format=locale.fiscal_year_pattern, width=FISCAL_YEAR_COLUMN_PX
        ),
    }
    st.dataframe(
        table.shown(),
        hide_index=True,
        width="stretch",
        height=(rows + 1) * TABLE_ROW_PX + 3,  # the header row and the 1 px borders
        key=key,
        on_select=lambda: _open_selected_row(table, key),
        selection_mode="single-row",
        column_config={
            table.header(column): config
            for column, config in settings.items()
            if column in table.columns
        },
    )


VIEW_KEY = "initiatives_view"  # the 表 / カード switch


def _sync_initiatives_view() -> None:
    """表 / カード callback: the URL holds the choice (clicking the chosen one again keeps it)."""
    chosen = st.session_state.get(VIEW_KEY)
    if chosen in url_state.VIEWS:
        set_url_param(VIEW_PARAM, url_state.encode_view(chosen))
        set_notices("view", [])


def initiatives_view() -> str:
    """The 施策一覧's 表 / カード switch, read from ?view= by the codec (an unknown value is named
    and the table shown); returns "table" or "cards".

    Only the chosen view is drawn (st.tabs would draw both on every filter change).
    """
    raw = st.query_params.get_all(VIEW_PARAM)
    wanted, notices = url_state.parse_view(raw)
    if raw:  # a link's value: named when unknown, written back in its canonical form
        set_notices("view", notices)
        set_url_param(VIEW_PARAM, url_state.encode_view(wanted))
    show_url_notices(groups=("view",))
    if st.session_state.get(VIEW_KEY) != wanted:
        st.session_state[VIEW_KEY] = wanted
    labels = {key: _(label) for key, label in url_state.VIEWS.items()}
    st.segmented_control(
        _("表示"),
        options=list(url_state.VIEWS),
        format_func=labels.get,
        key=VIEW_KEY,
        on_change=_sync_initiatives_view,
        label_visibility="collapsed",  # still its accessible name; 15 table rows fit at 1280×800
    )
    return wanted


def _card_html(record: dict[str, Any], locale: Locale) -> str:
    """One initiative card's text as escaped HTML (one element instead of four per card)."""
    field = html.escape(str(record["field"]))
    parts = [
        f'<div class="dx-card-meta"><span class="dx-badge">{field}</span> '
        f"{html.escape(str(record['started']))}</div>",
        f'<div class="dx-card-name">{html.escape(str(record["name"]))}</div>',
    ]
    if record["figure"]:
        parts.append(f'<div class="dx-card-figure">{html.escape(str(record["figure"]))}</div>')
    if record["model"]:
        model = locale.standard._("群馬モデル：") + str(record["model"])
        parts.append(f'<div class="dx-card-note">{html.escape(model)}</div>')
    return "".join(parts)


def initiative_cards(cards: Section, locale: Locale, per_row: int = 3) -> None:
    """The story's initiative cards (its table's rows, capped by the story, which says so):
    name, 分野, start, headline figure, and a button to the detail."""
    assert cards.table is not None
    records = cards.table.records()
    for note in cards.notes:
        st.caption(note)
    for start in range(0, len(records), per_row):
        columns = st.columns(per_row)
        for column, record in zip(columns, records[start : start + per_row], strict=False):
            with column.container(border=True):
                st.html(_card_html(record, locale))
                st.button(
                    _("詳細"),
                    key=f"initiatives_card_{record['initiative_id']}",
                    on_click=open_initiative,
                    args=(record["initiative_id"],),
                    icon=":material/arrow_forward:",
                )


def filter_model_from_chart(chart_key: str) -> None:
    """on_select callback: clicking a model type on a chart filters to that type."""
    picked = selected_values(chart_key, SELECT_MODEL, "gunma_model")
    if picked:
        st.session_state[MODEL_KEY] = [picked[0]]


def filter_year_from_chart(chart_key: str) -> None:
    """on_select callback: clicking a 年度 on a chart narrows the 年度 filter to it."""
    picked = selected_values(chart_key, SELECT_YEAR, "fiscal_year_label")
    if picked:
        year = parse_fiscal_year_ja(picked[0])
        st.session_state[YEARS_KEY] = (year, year)
