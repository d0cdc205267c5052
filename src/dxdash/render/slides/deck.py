"""Presentation mode on screen: the story's sections as a slide deck for a projector.

Sidebar and toolbar hidden, large type, one section per slide, clicker keys (→/←, PageDown/PageUp,
Space), on-screen previous/next with a counter, optional auto-advance, a QR code to close.
The slide order and URL logic live in dxdash.render.slides.present; every title, takeaway,
figure, row and note comes from the story (dxdash.story); this module chooses only sizes and
layout (and, where a list is longer than a slide holds, how many rows fit — said in a note).
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dxdash.charts import theme
from dxdash.data.dataset import Dataset
from dxdash.locale import Locale
from dxdash.render import qr
from dxdash.render.slides import present
from dxdash.render.streamlit import ui
from dxdash.render.streamlit.story import current_story
from dxdash.story import url_state
from dxdash.story.filters import Filters, describe_filters
from dxdash.story.model import Kpi, Section, Story

# Fonts and marks for the back of the room: at 1280×720 chart text is ≥ 18 px, body ≥ 24 px.
CHART_SCALE = 1.35
RATES_SCALE = 1.3  # the smallest that keeps chart text at 18 px
SHOWN_AT_KEY = "deck_shown_at"
SHOWN_SLIDE_KEY = "deck_shown_slide"

DECK_CSS = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stSidebarNav"] {{
  display: none !important; }}
html, body, [data-testid="stApp"], [data-testid="stMain"] {{ overflow: hidden !important; }}
[data-testid="stMainBlockContainer"] {{ max-width: none; padding: 0.8rem 2.2rem 0 2.2rem; }}
[data-testid="stMain"] {{ font-size: 26px; color: {theme.TEXT_COLOR}; }}
[data-testid="stMain"] [data-testid="stVerticalBlock"] {{ gap: 0.4rem; }}
.dx-deck-title {{ font-size: 44px; font-weight: 700; line-height: 1.2; margin: 0 0 0.3rem 0;
                  color: {theme.TEXT_COLOR}; }}
.dx-deck-takeaway {{ font-size: 28px; font-weight: 600; line-height: 1.35; margin: 0 0 0.4rem 0;
                     color: {theme.ACCENT_COLOR}; }}
.dx-deck-source {{ font-size: 24px; line-height: 1.35; color: {theme.MUTED_TEXT_COLOR};
                   margin: 0.3rem 0 0 0; }}
.dx-deck-cards {{ display: grid; gap: 0.8rem; grid-template-columns: repeat(2, minmax(0, 1fr));
                  margin: 0.3rem 0 0.8rem 0; }}
.dx-deck-card {{ border: 2px solid #C9D3DF; border-left: 10px solid {theme.ACCENT_COLOR};
                 border-radius: 12px; padding: 0.5rem 0.9rem; background: #FFFFFF; min-width: 0; }}
.dx-deck-card .label {{ font-size: 24px; color: {theme.MUTED_TEXT_COLOR}; line-height: 1.3; }}
.dx-deck-card .number {{ font-size: 64px; font-weight: 700; line-height: 1.15;
                         color: {theme.TEXT_COLOR}; display: flex; flex-wrap: wrap;
                         align-items: baseline; column-gap: 0.2em; }}
.dx-deck-card .figure {{ white-space: nowrap; }}
.dx-deck-card .qualifier {{ font-size: 36px; font-weight: 700; line-height: 1.2; }}
.dx-deck-card .text {{ font-size: 28px; font-weight: 700; line-height: 1.35;
                       color: {theme.ACCENT_COLOR}; }}
.dx-deck-card .note {{ font-size: 24px; color: {theme.MUTED_TEXT_COLOR}; line-height: 1.3; }}
/* Six cards (headline usage) in two rows: 48 px figures so both rows fit a 1024x768 projector */
.dx-deck-cards.many {{ gap: 0.5rem; }}
.dx-deck-cards.many .dx-deck-card {{ padding: 0.3rem 0.7rem; }}
.dx-deck-cards.many .number {{ font-size: 48px; }}
.dx-deck-cards.many .qualifier {{ font-size: 28px; }}
.dx-deck-list {{ list-style: none; margin: 0 !important; padding: 0 !important; }}
.dx-deck-list li {{ font-size: 24px; line-height: 1.3; padding: 0.15rem 0; margin: 0;
                    display: grid; grid-template-columns: 6.2em minmax(0, 1fr); column-gap: 0.6em;
                    border-bottom: 1px solid #E3E6EA; color: {theme.TEXT_COLOR}; }}
.dx-deck-list .when {{ font-weight: 700; color: {theme.ACCENT_COLOR}; }}
.dx-deck-note {{ font-size: 24px; line-height: 1.3; color: {theme.MUTED_TEXT_COLOR};
                 margin: 0.2rem 0 0 0; }}
.dx-deck-group-title {{ font-size: 26px; font-weight: 700; color: {theme.TEXT_COLOR};
                        margin: 0.3rem 0 0 0; }}
.dx-deck-groups .dx-deck-list li {{ padding: 0.1rem 0; }}
.dx-deck-cover {{ padding-top: 1vh; }}
.dx-deck-cover .main, .dx-deck-closing .main {{ font-size: 52px; font-weight: 700;
    line-height: 1.2; color: {theme.ACCENT_COLOR}; }}
.dx-deck-cover .sub, .dx-deck-closing .sub {{ font-size: 28px; line-height: 1.3;
    margin: 0.4rem 0 0.7rem 0; color: {theme.TEXT_COLOR}; }}
.dx-deck-when {{ font-size: 26px; font-weight: 600; color: {theme.TEXT_COLOR}; }}
.dx-deck-closing {{ display: flex; gap: 2.5rem; align-items: center; padding-top: 6vh; }}
.dx-deck-closing > div {{ min-width: 0; }}
.dx-deck-closing .dx-deck-source {{ overflow-wrap: anywhere; }}
.dx-deck-closing img {{ width: min(40vh, 32vw); height: auto; flex: none;
                        image-rendering: pixelated; }}
.st-key-deck_nav {{ position: fixed; left: 0; right: 0; bottom: 0; z-index: 1000;
                    background: #FFFFFF; border-top: 2px solid #C9D3DF; padding: 0.4rem 2.2rem; }}
.st-key-deck_nav button *, .st-key-deck_nav p {{ font-size: 24px !important; }}
.st-key-deck_nav button {{ min-height: 3rem; }}
.dx-deck-counter {{ font-size: 26px; font-weight: 700; text-align: center; line-height: 3rem;
                    color: {theme.TEXT_COLOR}; }}
.st-key-deck_keys {{ position: absolute !important; width: 1px !important; height: 1px !important;
                     overflow: hidden !important; clip-path: inset(50%) !important; }}
</style>
"""


def _go(slide: int) -> None:
    """Button callback: show slide `slide` (its own URL)."""
    st.query_params[url_state.SLIDE_PARAM] = str(slide)


def _leave() -> None:
    """Button callback: back to the dashboard, filters kept."""
    for key in url_state.DECK_PARAMS:
        st.query_params.pop(key, None)


# The figure in a card: the first run with a digit, up to a space or a 見込 qualifier.
_FIGURE = re.compile(r"[^\s（(]*\d[^\s（(]*")

# Chart size options per section (each builder's own keywords; a renderer layout choice).
CHART_OPTIONS: dict[str, dict[str, Any]] = {
    "usage": {"scale": CHART_SCALE, "compact": True},
    "rates": {"scale": RATES_SCALE, "compact": True},  # seven rows and their notes at 720 px
    "models": {"scale": CHART_SCALE, "height": 300},
    "survey": {"scale": CHART_SCALE, "height": 160},
}
# Charts drawn beside their notes (the rest span the slide, notes below).
NOTES_BESIDE = ("models",)
# Sections drawn as a dated list instead of their chart: a room cannot hover.
AS_LIST = ("timeline",)
# Dated events a slide holds at 1024×768 in 24 px type (English titles wrap to two lines);
# a longer timeline shows the newest, the 外部評価 tables the first of each in turn, with a note.
TIMELINE_ROWS = {"ja": 8, "en": 6}
EVALUATION_ROWS = {"ja": 8, "en": 5}  # the 外部評価 tables' headings take a line each


def _h(tag_class: str, text: str, tag: str = "p") -> str:
    """One escaped HTML element (data is always rendered as text)."""
    return f'<{tag} class="{tag_class}">{html.escape(text)}</{tag}>'


def today_note(locale: Locale, day: date | None = None) -> str:
    """「2026年11月30日 時点のダッシュボードより」, the date said by the locale."""
    return locale._("{date} 時点のダッシュボードより").format(date=locale.date(day or date.today()))


def source_line(dataset: Dataset, story: Story) -> str:
    """The short source and the active filters, under every slide."""
    locale = story.locale
    active = describe_filters(story.filters, locale.code)
    filters = locale._("絞り込み：") + locale.notes(active) if active else ""
    return _h("dx-deck-source", locale.notes([dataset.short_source_note, filters]))


def header_html(title: str, takeaway: str) -> str:
    """Slide title and the section's takeaway, word for word."""
    return _h("dx-deck-title", title, "div") + _h("dx-deck-takeaway", takeaway)


def notes_html(notes: Iterable[str]) -> str:
    """The section's notes (as-of, caps, method), each its own line."""
    return "".join(_h("dx-deck-note", note) for note in notes if note)


def _figure_html(display: str) -> str:
    """A card's figure: the word with the digits at 64 px, the words around it smaller.

    「約80万人」 stays whole; 「（見込）」, "about", "people" and "(projected)" are set beside it
    in 36 px (and may wrap), so "about 800,000 people" still reads from the back of the room.
    """
    figure = _FIGURE.search(display)
    if figure is None:
        return _h("text", display, "div")
    before, core, after = display[: figure.start()], figure.group(), display[figure.end() :]
    if len(before) > 8 or len(core) > 10 or len(after) > 20:  # a phrase, not a figure
        return _h("text", display, "div")
    return (
        '<div class="number">'
        + (_h("qualifier", before, "span") if before else "")
        + _h("figure", core, "span")
        + (_h("qualifier", after, "span") if after else "")
        + "</div>"
    )


def cards_html(cards: Sequence[Kpi]) -> str:
    """KPI cards for a slide: numbers at ≥ 64 px, phrases at 28 px, one row of up to three."""
    items = []
    for card in cards:
        value = _figure_html(card.display)
        items.append(
            '<div class="dx-deck-card">'
            + _h("label", card.label, "div")
            + value
            + _h("note", card.as_of, "div")
            + (_h("note", card.change, "div") if card.change else "")
            + "</div>"
        )
    columns = max(min(len(cards), 3), 1)
    many = " many" if len(cards) > 3 else ""
    return (
        f'<div class="dx-deck-cards{many}" style="grid-template-columns: repeat({columns}, '
        f'minmax(0, 1fr))">' + "".join(items) + "</div>"
    )


def _item(when: str, title: str, municipality: object, locale: Locale) -> str:
    """One dated line: 年月 then the report's title (and municipality)."""
    if isinstance(municipality, str) and municipality:
        title += locale.paren(municipality)
    return f'<li><span class="when">{html.escape(when)}</span>{html.escape(title)}</li>'


def _shown_note(shown: int, total: int, locale: Locale) -> str:
    """「新しい7件を表示（全15件）」 when a list is longer than the slide holds."""
    return locale.say("deck.newest_shown", shown=shown, total=total) if shown < total else ""


def timeline_html(section: Section, locale: Locale, limit: int | None = None) -> str:
    """The dated events as a list (年月 + title), in time order; the newest `limit` of them."""
    limit = limit or TIMELINE_ROWS[locale.code]
    rows = section.rows if section.rows is not None else pd.DataFrame(columns=["date"])
    dated = rows.loc[rows["date"].notna()].sort_values("date", kind="stable")
    shown = dated.tail(limit)
    items = [
        _item(locale.month(event["date"]), event["title"], event.get("municipality"), locale)
        for event in shown.to_dict("records")
    ]
    return (
        '<ul class="dx-deck-list">'
        + "".join(items)
        + "</ul>"
        + notes_html([_shown_note(len(shown), len(dated), locale)])
    )


def _round_robin(sizes: Sequence[int], budget: int) -> list[int]:
    """How many rows of each table fit `budget`: one from each in turn, in the story's order."""
    taken = [0] * len(sizes)
    while budget > 0 and any(t < n for t, n in zip(taken, sizes, strict=True)):
        for index, size in enumerate(sizes):
            if budget > 0 and taken[index] < size:
                taken[index] += 1
                budget -= 1
    return taken


def tables_html(section: Section, locale: Locale, budget: int | None = None) -> str:
    """A section's titled tables of events as lists: the first rows of each, as many as fit."""
    when, what, where = (locale._(c) for c in ("年月", "出来事", "市町村"))
    tables = [table for table in section.tables if not table.frame.empty]
    sizes = [len(table.frame) for table in tables]
    taken = _round_robin(sizes, budget or EVALUATION_ROWS[locale.code])
    groups = []
    for table, count in zip(tables, taken, strict=True):
        items = [
            _item(str(row[when]), str(row[what]), row.get(where), locale)
            for row in table.frame.head(count).to_dict("records")
        ]
        groups.append(
            '<div class="dx-deck-group">'
            + _h("dx-deck-group-title", table.title, "div")
            + '<ul class="dx-deck-list">'
            + "".join(items)
            + "</ul></div>"
        )
    shown, total = sum(taken), sum(sizes)
    note = locale.say("deck.first_shown", shown=shown, total=total) if shown < total else ""
    return '<div class="dx-deck-groups">' + "".join(groups) + "</div>" + notes_html([note])


def _chart(section: Section, story: Story) -> None:
    """The section's chart with the deck's size options, its spec cached per view."""
    chart = section.chart
    assert chart is not None
    options = CHART_OPTIONS.get(chart.key, {"scale": CHART_SCALE})
    key = (
        "deck",
        chart.key,
        story.version,
        story.filters,
        story.locale.code,
        tuple(sorted(options.items())),
    )
    ui.draw_chart(
        ui.chart_spec(key, lambda: chart.spec(**options)),
        key=f"deck_{section.key}_chart",
        alt_text=chart.alt_text,
    )


def slide_html(dataset: Dataset, story: Story, section: Section) -> str | None:
    """A section's whole slide as HTML when it has no chart to draw (else None).

    Cards (the summary), the dated list (the timeline), the titled tables (外部評価) or, when
    nothing matches, the takeaway that says so — always with the notes and the short source.
    """
    locale = story.locale
    header, source = header_html(section.title, section.takeaway), source_line(dataset, story)
    notes = notes_html(section.notes)
    if section.kpis:
        return header + cards_html(section.kpis) + notes + source
    if section.key in AS_LIST and not section.empty:
        return header + timeline_html(section, locale) + notes + source
    if section.chart is not None:
        return None
    if section.tables and not section.empty:
        return header + tables_html(section, locale) + notes + source
    return header + notes + source  # nothing matches: the takeaway says so


def section_slide(dataset: Dataset, story: Story, section: Section) -> None:
    """One section as a slide: title, takeaway, then its cards, chart, list or tables."""
    whole = slide_html(dataset, story, section)
    if whole is not None:
        st.html(whole)
        return
    st.html(header_html(section.title, section.takeaway))
    notes, source = notes_html(section.notes), source_line(dataset, story)
    if section.key in NOTES_BESIDE:
        left, right = st.columns([3, 2], gap="medium")
        with left:
            _chart(section, story)
        right.html(notes)
        st.html(source)
    else:
        _chart(section, story)
        st.html(notes + source)


def cover_html(dataset: Dataset, story: Story, day: date | None = None) -> str:
    """The cover: what the report is, its three headline figures, the date and the filters."""
    locale = story.locale
    report = locale.quoted(str(story.report["title"])) + locale.paren(
        str(story.report["published_text"])
    )
    return (
        '<div class="dx-deck-cover">'
        + _h("main", locale._(present.SLIDES[0].title), "div")
        + _h("sub", report, "div")
        + cards_html(story.headline_figures(3))
        + _h("dx-deck-when", today_note(locale, day), "div")
        + "</div>"
        + source_line(dataset, story)
    )


def closing_html(dataset: Dataset, story: Story, url: str) -> str:
    """The closing: a QR code of this view's dashboard URL (filters kept)."""
    _ = story.locale._
    alt = html.escape(_("ダッシュボードを開くQRコード：") + url)
    return (
        '<div class="dx-deck-closing">'
        + f'<img src="{qr.qr_data_uri(url)}" alt="{alt}">'
        + "<div>"
        + _h("main", _(present.SLIDES[-1].title), "div")
        + _h("sub", _("QRコードから、この絞り込みのままダッシュボードを開けます。"), "div")
        + _h("dx-deck-source", url, "div")
        + "</div></div>"
        + source_line(dataset, story)
    )


def render_slide(dataset: Dataset, story: Story, slide: present.Slide) -> None:
    """Draw one slide of the story."""
    if slide.key == present.COVER:
        st.html(cover_html(dataset, story))
    elif slide.key == present.CLOSING:
        url = present.dashboard_url(
            st.context.url or "http://localhost:8501/", st.query_params.to_dict()
        )
        st.html(closing_html(dataset, story, url))
    else:
        section_slide(dataset, story, story[slide.key])


def _auto_advance(seconds: int, current: int) -> None:
    """Lobby screens: after `seconds` on a slide, move on (looping after the last slide)."""

    @st.fragment(run_every=1.0)
    def tick() -> None:
        shown_at = st.session_state.get(SHOWN_AT_KEY, time.monotonic())
        if time.monotonic() - shown_at >= seconds:
            _go(present.next_slide(current, loop=True))
            st.rerun(scope="app")

    tick()


def render_deck(dataset: Dataset, filters: Filters) -> None:
    """The whole presentation view: CSS, the current slide, navigation, auto-advance."""
    st.html(DECK_CSS)
    count = len(present.SLIDES)
    current, notices = url_state.parse_slide(st.query_params.get(url_state.SLIDE_PARAM), count)
    auto, auto_notices = url_state.parse_auto(
        st.query_params.get(url_state.AUTO_PARAM),
        present.AUTO_MIN_SECONDS,
        present.AUTO_MAX_SECONDS,
    )
    ui.show_url_notices(extra=notices + auto_notices)  # a bad link is named on the slide too
    if st.session_state.get(SHOWN_SLIDE_KEY) != current:
        st.session_state[SHOWN_SLIDE_KEY] = current
        st.session_state[SHOWN_AT_KEY] = time.monotonic()
    render_slide(dataset, current_story(dataset, filters), present.SLIDES[current - 1])

    previous, following = present.previous_slide(current, count), present.next_slide(current, count)
    with st.container(key="deck_nav"):
        left, middle, right, leave = st.columns([3, 2, 3, 2], vertical_alignment="center")
        left.button(
            ui._("◀ 前へ"),
            key="deck_prev",
            shortcut="Left",
            on_click=_go,
            args=(previous,),
            disabled=current == 1,
            width="stretch",
        )
        middle.html(_h("dx-deck-counter", f"{current} / {count}", "div"))
        right.button(
            ui._("次へ ▶"),
            key="deck_next",
            shortcut="Right",
            on_click=_go,
            args=(following,),
            disabled=current == count,
            width="stretch",
            type="primary",
        )
        leave.button(
            ui._("終了"), key="deck_leave", shortcut="Esc", on_click=_leave, width="stretch"
        )
    with st.container(key="deck_keys"):  # what presentation clickers send (hidden buttons)
        for label, key, shortcut, target in (
            ("次へ（PageDown）", "deck_next_pagedown", "PageDown", following),
            ("次へ（Space）", "deck_next_space", "Space", following),
            ("前へ（PageUp）", "deck_prev_pageup", "PageUp", previous),
        ):
            st.button(ui._(label), key=key, shortcut=shortcut, on_click=_go, args=(target,))
    if auto:
        _auto_advance(auto, current)
