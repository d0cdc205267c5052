"""Presentation mode on screen: the story's sections as a slide deck for a projector.

Each slide is laid out once on a logical canvas (720 canvas pixels tall, 1280 or 960 wide) and
scaled to the screen, from a 4:3 projector to a 4K wall: text, cards, the chart (an SVG drawn for
the canvas) and the navigation grow with it, and what is on a slide never depends on the screen.
Sidebar and toolbar hidden, clicker keys (→/←, PageDown/PageUp, Space), on-screen previous/next
with a counter, optional auto-advance, a QR code to close. The slide order and URL logic live in
dxdash.render.slides.present; every title, takeaway, figure, row and note comes from the story
(dxdash.story); this module chooses only sizes, layout and how many rows a slide holds (a longer
section continues on the next slide, 「外部評価（2/3）」).
"""

from __future__ import annotations

import concurrent.futures
import html
import logging
import re
import time
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dxdash.charts import theme
from dxdash.charts.label_text import label_width_px
from dxdash.data.dataset import Dataset
from dxdash.locale import Locale
from dxdash.render import qr
from dxdash.render.slides import present
from dxdash.render.slides.canvas import (
    BODY_PX,
    LINE,
    NAV_HEIGHT,
    PAD_SIDE,
    PAD_TOP,
    SLIDE_HEIGHT,
    TAKEAWAY_PX,
    TITLE_PX,
    WIDE_FROM_ASPECT,
)
from dxdash.render.slides.slide_charts import NOTES_BESIDE, chart_html, chart_room
from dxdash.render.streamlit import language
from dxdash.render.streamlit.story import current_story
from dxdash.story import url_state
from dxdash.story.filters import Filters, describe_filters
from dxdash.story.model import DECK, Kind, Kpi, Section, Story
from dxdash.text import ruby

# Rows a slide holds; a longer section continues on the next slide, the same at every size
# and in both languages (English names and titles take two lines on the standard canvas).
FIGURE_ROWS_PER_SLIDE = 5
LIST_ROWS_PER_SLIDE = 4
CARDS_PER_SLIDE = 3  # one row of cards, their figures large
SHOWN_AT_KEY = "deck_shown_at"
SHOWN_SLIDE_KEY = "deck_shown_slide"

_CANVAS_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stSidebarNav"],
[data-testid="stExpandSidebarButton"] { display: none !important; }
:root { --dx-cw: 1280; --u: min(100vh / 720, 100vw / 1280); }
@media (max-aspect-ratio: WIDE_FROM) {
  :root { --dx-cw: 960; --u: min(100vh / 720, 100vw / 960); } }
html, body, [data-testid="stApp"], [data-testid="stMain"] { overflow: hidden !important; }
[data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"] {
  background: #20242A; }
[data-testid="stMainBlockContainer"] {
  position: fixed; left: 50%; top: 50%; transform: translate(-50%, -50%);
  width: calc(var(--dx-cw) * var(--u)); height: 720U; max-width: none; min-width: 0;
  padding: PAD_TOPU PAD_SIDEU 0 PAD_SIDEU; margin: 0; background: #FFFFFF; overflow: hidden;
  font-size: BODYU; color: TEXT; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0; }
.dx-wide-only { display: block; } .dx-standard-only { display: none; }
@media (max-aspect-ratio: WIDE_FROM) {
  .dx-wide-only { display: none; } .dx-standard-only { display: block; } }
.dx-slide { height: SLIDE_HEIGHTU; display: flex; flex-direction: column; min-width: 0; }
.dx-deck-title { font-size: TITLEU; font-weight: 700; line-height: 1.2; margin: 0 0 6U 0;
                 color: TEXT; }
.dx-deck-takeaway { font-size: TAKEAWAYU; font-weight: 600; line-height: 1.35; margin: 0 0 10U 0;
                    color: ACCENT; }
.dx-deck-body { flex: 1 1 auto; min-height: 0; display: flex; flex-direction: column; }
.dx-deck-source { font-size: BODYU; line-height: LINE; color: MUTED; margin: 8U 0 0 0; }
.dx-deck-note { font-size: BODYU; line-height: LINE; color: MUTED; margin: 4U 0 0 0; }
.dx-deck-cards { flex: 1 1 auto; display: grid; gap: 16U; grid-auto-rows: 1fr;
                 margin: 4U 0 8U 0; min-height: 0; }
.dx-deck-card { border: 2U solid #C9D3DF; border-left: 12U solid ACCENT; border-radius: 14U;
                padding: 10U 20U; background: #FFFFFF; min-width: 0; display: flex;
                flex-direction: column; justify-content: center; container-type: inline-size; }
.dx-deck-card .label { font-size: BODYU; color: MUTED; line-height: LINE; }
.dx-deck-card .number { font-size: min(72U, 100cqi / var(--dx-figure-em, 4)); font-weight: 700; line-height: 1.15; color: TEXT;
                        display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 0.2em; }
.dx-deck-card .figure { white-space: nowrap; }
.dx-deck-card .qualifier { font-size: 40U; font-weight: 700; line-height: 1.2; }
.dx-deck-card .text { font-size: 30U; font-weight: 700; line-height: 1.35; color: ACCENT; }
.dx-deck-card .note { font-size: BODYU; color: MUTED; line-height: LINE; }
.dx-deck-cards.cols-1 { grid-template-columns: minmax(0, 1fr); }
.dx-deck-cards.cols-2 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.dx-deck-cards.cols-3 { grid-template-columns: repeat(3, minmax(0, 1fr)); }
/* The standard canvas (4:3): three cards to a row still, their figures smaller */
@media (max-aspect-ratio: WIDE_FROM) {
  .dx-deck-card { padding: 8U 14U; } .dx-deck-card .qualifier { font-size: 32U; }
  .dx-deck-card .text { font-size: 26U; line-height: 1.25; } }
/* A list spreads its rows over the slide's room (up to 120U a row): no empty lower half */
.dx-deck-list { list-style: none; margin: 0 !important; padding: 0 !important;
                flex: 1 1 auto; display: flex; flex-direction: column; min-height: 0; }
.dx-deck-list li { font-size: BODYU; line-height: LINE; padding: 8U 0; margin: 0;
                   flex: 1 1 auto; max-height: 120U; align-content: center;
                   display: grid; grid-template-columns: 6.4em minmax(0, 1fr); column-gap: 0.6em;
                   border-bottom: 1U solid #E3E6EA; color: TEXT; }
.dx-deck-groups { flex: 1 1 auto; display: flex; flex-direction: column; min-height: 0; }
.dx-deck-group { display: flex; flex-direction: column; min-height: 0; }
.dx-deck-list .when { font-weight: 700; color: ACCENT; }
.dx-deck-group-title { font-size: 26U; font-weight: 700; color: TEXT; margin: 8U 0 0 0; }
.dx-deck-chart { margin: 0; flex: 1 1 auto; min-height: 0; }
.dx-deck-chart img { max-width: 100%; max-height: 100%; height: auto; object-fit: contain;
                     object-position: left top; }
.dx-deck-beside { flex: 1 1 auto; min-height: 0; display: flex; gap: 24U; }
.dx-deck-beside .dx-deck-chart { flex: 0 0 auto; }
.dx-deck-beside .dx-deck-notes { flex: 1 1 0; min-width: 0; }
.dx-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
              clip-path: inset(50%); white-space: nowrap; }
.dx-deck-cover { flex: 1 1 auto; display: flex; flex-direction: column; min-height: 0; }
.dx-deck-cover .main, .dx-deck-closing .main { font-size: 56U; font-weight: 700;
    line-height: 1.2; color: ACCENT; }
.dx-deck-cover .sub, .dx-deck-closing .sub { font-size: 30U; line-height: 1.3;
    margin: 8U 0 12U 0; color: TEXT; }
.dx-deck-when { font-size: 28U; font-weight: 600; color: TEXT; }
/* The standard canvas (4:3): the cover's title on one line in English too, so its cards, the
   date and a filtered view's source line (two lines) keep clear of one another */
@media (max-aspect-ratio: WIDE_FROM) {
  .dx-deck-cover .main { font-size: 44U; } .dx-deck-cover .sub { font-size: 26U; } }
.dx-deck-closing { flex: 1 1 auto; display: flex; gap: 48U; align-items: center; }
.dx-deck-closing > div { min-width: 0; }
.dx-deck-closing .dx-deck-source { overflow-wrap: anywhere; }
.dx-deck-closing img { width: 400U; height: 400U; flex: none; image-rendering: pixelated; }
.st-key-deck_nav { position: absolute !important; left: 0; right: 0; bottom: 0;
                   height: NAV_HEIGHTU; z-index: 10; background: #FFFFFF;
                   border-top: 2U solid #C9D3DF; padding: 10U PAD_SIDEU;
                   justify-content: center; }
.st-key-deck_nav [data-testid="stHorizontalBlock"] { gap: 20U; flex-wrap: nowrap; }
.st-key-deck_nav [data-testid="stColumn"] { min-width: 0; }
.st-key-deck_nav button { min-height: 52U; padding: 0 16U; border-radius: 10U; }
.st-key-deck_nav button *, .st-key-deck_nav p { font-size: BODYU !important; }
.dx-deck-counter { font-size: 28U; font-weight: 700; text-align: center; line-height: 52U;
                   color: TEXT; }
.st-key-deck_keys { position: absolute !important; width: 1px !important; height: 1px !important;
                    overflow: hidden !important; clip-path: inset(50%) !important; }
.st-key-deck_notices { position: absolute !important; left: PAD_SIDEU; right: PAD_SIDEU;
                       bottom: calc(NAV_HEIGHTU + 8U); z-index: 11; }
.st-key-deck_notices .dx-notice { font-size: BODYU; }
</style>
"""


def canvas_css(css: str) -> str:
    """CSS in canvas pixels: every ``24U`` becomes ``calc(24 * var(--u))`` (see CANVAS_HEIGHT)."""
    return re.sub(r"(?<![\w.])(\d+(?:\.\d+)?)U\b", r"calc(\1 * var(--u))", css)


def _deck_css() -> str:
    """The deck's stylesheet with its sizes and colours filled in."""
    css = _CANVAS_CSS
    for name, value in (
        ("SLIDE_HEIGHT", SLIDE_HEIGHT),
        ("NAV_HEIGHT", NAV_HEIGHT),
        ("PAD_TOP", PAD_TOP),
        ("PAD_SIDE", PAD_SIDE),
        ("TITLE", TITLE_PX),
        ("TAKEAWAY", TAKEAWAY_PX),
        ("BODY", BODY_PX),
        ("WIDE_FROM", WIDE_FROM_ASPECT),
        ("LINE", LINE),
        ("TEXT", theme.TEXT_COLOR),
        ("ACCENT", theme.ACCENT_COLOR),
        ("MUTED", theme.MUTED_TEXT_COLOR),
    ):
        css = re.sub(rf"\b{name}(?=U\b|\b)", str(value), css)
    return canvas_css(css)


DECK_CSS = _deck_css()


def _go(slide: int) -> None:
    """Button callback: show slide `slide` (its own URL)."""
    st.query_params[url_state.SLIDE_PARAM] = str(slide)


def _leave() -> None:
    """Button callback: back to the dashboard, filters kept."""
    for key in url_state.DECK_PARAMS:
        st.query_params.pop(key, None)


# Sections drawn as a dated list instead of their chart: a room cannot hover.
AS_LIST = frozenset({Kind.TIMELINE})


def _h(tag_class: str, text: str, tag: str = "p") -> str:
    """One escaped HTML element (data is always rendered as text; ふりがな as <ruby>)."""
    return f'<{tag} class="{tag_class}">{ruby.to_html(text)}</{tag}>'


def today_note(locale: Locale, day: date | None = None) -> str:
    """「2026年11月30日 時点のダッシュボードより」, the date said by the locale."""
    return locale._("{date} 時点のダッシュボードより").format(date=locale.date(day or date.today()))


def source_text(dataset: Dataset, story: Story) -> str:
    """The short source and the active filters, said under every slide."""
    locale = story.locale
    active = describe_filters(story.filters, locale)
    filters = locale._("絞り込み：") + locale.notes(active) if active else ""
    return locale.notes([dataset.short_source_note, filters])


def source_line(dataset: Dataset, story: Story) -> str:
    """The source line under every slide."""
    return _h("dx-deck-source", source_text(dataset, story))


def header_html(title: str, takeaway: str) -> str:
    """Slide title and the section's takeaway, word for word."""
    return _h("dx-deck-title", title, "div") + _h("dx-deck-takeaway", takeaway)


def notes_html(notes: Iterable[str]) -> str:
    """The section's notes (as-of, caps, method), each its own line."""
    return "".join(_h("dx-deck-note", note) for note in notes if note)


def _figure_html(card: Kpi) -> str:
    """A card's figure: the word with the digits large, the words around it smaller.

    「約80万人」 stays whole; 「（見込）」, "about", "people" and "(projected)" are set beside it
    smaller (and may wrap), so "about 800,000 people" still reads from the back of the room. A
    phrase (the story's ``Kpi.figure`` is None) is set as text.
    """
    figure = card.figure
    if figure is None:
        return _h("text", card.display, "div")
    return (
        '<div class="number">'
        + (_h("qualifier", figure.prefix, "span") if figure.prefix else "")
        + _h("figure", figure.number, "span")
        + (_h("qualifier", figure.suffix, "span") if figure.suffix else "")
        + "</div>"
    )


def cards_html(cards: Sequence[Kpi]) -> str:
    """KPI cards for a slide: numbers at ≥ 64 px, phrases at 28 px, one row of up to three."""
    items = []
    for card in cards:
        value = _figure_html(card)
        items.append(
            '<div class="dx-deck-card">'
            + _h("label", card.label, "div")
            + value
            + _h("note", card.as_of, "div")
            + (_h("note", card.change, "div") if card.change else "")
            + "</div>"
        )
    columns = max(min(len(cards), 3), 1)
    # The figures of one slide share a size: as large as the widest fits its card (cqi).
    cores = [card.figure.number for card in cards if card.figure is not None]
    widest = max((label_width_px(core) / theme.MARK_LABEL_SIZE for core in cores), default=1.0)
    return (
        f'<div class="dx-deck-cards cols-{columns}" style="--dx-figure-em: {widest + 0.15:.2f}">'
        + "".join(items)
        + "</div>"
    )


def _item(when: str, title: str, municipality: object, locale: Locale) -> str:
    """One dated line: 年月 then the report's title (and municipality)."""
    if isinstance(municipality, str) and municipality:
        title += locale.paren(municipality)
    return f'<li><span class="when">{html.escape(when)}</span>{html.escape(title)}</li>'


def dated_events(section: Section) -> pd.DataFrame:
    """The timeline's dated events in time order: its part the story made for a dated list
    (the undated are in the page's table only)."""
    dated = section.parts[0].rows if section.parts else None
    return dated if dated is not None else pd.DataFrame(columns=["date"])


def _table_rows(section: Section) -> list[tuple[str, dict[str, Any]]]:
    """The 外部評価 tables' rows in the story's order, each with its table's title."""
    return [
        (table.title, row)
        for table in section.tables
        if not table.table.empty
        for row in table.table.records()
    ]


def slide_rows(section: Section) -> tuple[int, int] | None:
    """How many rows the section's slides share and how many a slide holds; None: one slide.

    Charts of counts are one slide; the cards, the dated list, the titled tables and the
    figure bars continue on further slides when they have more than a slide holds.
    """
    if section.kpis:
        return len(section.kpis), CARDS_PER_SLIDE
    if section.empty:
        return None
    if section.kind in AS_LIST:
        return len(dated_events(section)), LIST_ROWS_PER_SLIDE
    if section.chart is not None:
        if section.chart.pageable and section.rows is not None:
            return len(section.rows), FIGURE_ROWS_PER_SLIDE
        return None
    if section.tables:
        return len(_table_rows(section)), LIST_ROWS_PER_SLIDE
    return None


def section_parts(section: Section) -> list[range]:
    """The rows each of the section's slides shows (one slide: one range, maybe empty)."""
    counts = slide_rows(section)
    return [range(0)] if counts is None else present.split_evenly(*counts)


def slides_of(story: Story) -> tuple[present.Slide, ...]:
    """The deck of a story: the cover, each section in as many slides as its rows need, the
    closing. The same at every screen size and in both languages (rows per slide are fixed)."""
    return present.deck_slides({key: len(section_parts(story[key])) for key in DECK})


def timeline_html(section: Section, locale: Locale, rows: range | None = None) -> str:
    """The dated events as a list (年月 + title) in time order: the slide's share of them."""
    dated = dated_events(section)
    shown = dated.iloc[rows.start : rows.stop] if rows is not None else dated
    items = [
        _item(locale.month(event["date"]), event["title"], event.get("municipality"), locale)
        for event in shown.to_dict("records")
    ]
    return '<ul class="dx-deck-list">' + "".join(items) + "</ul>"


def tables_html(section: Section, locale: Locale, rows: range | None = None) -> str:
    """The titled tables of events as lists: the slide's share of their rows, each group under
    its table's title (repeated on the next slide when a table continues there)."""
    every = _table_rows(section)
    shown = every[rows.start : rows.stop] if rows is not None else every
    groups: list[str] = []
    for title in dict.fromkeys(title for title, _row in shown):
        items = [
            _item(str(row["month"]), str(row["event"]), row.get("municipality"), locale)
            for table_title, row in shown
            if table_title == title
        ]
        groups.append(  # each group grows with its rows
            f'<div class="dx-deck-group" style="flex: {len(items)} 1 auto">'
            + _h("dx-deck-group-title", title, "div")
            + '<ul class="dx-deck-list">'
            + "".join(items)
            + "</ul></div>"
        )
    return '<div class="dx-deck-groups">' + "".join(groups) + "</div>"


def _chart_rows_text(section: Section, rows: range) -> str:
    """The chart's rows as text for screen readers (and tests): each name and its figure."""
    if section.rows is None or not {"label", "display"} <= set(section.rows.columns):
        return ""
    shown = section.rows.iloc[rows.start : rows.stop] if len(rows) else section.rows
    items = "".join(
        f"<li>{html.escape(str(r['label']))}: {html.escape(str(r['display']))}</li>"
        for r in shown.to_dict("records")
    )
    return f'<ul class="dx-sr-only">{items}</ul>'


def slide_title(section: Section, slide: present.Slide, locale: Locale) -> str:
    """The section's title, with 「（2/3）」 on a section that continues over slides."""
    if slide.parts <= 1:
        return section.title
    return section.title + locale.paren(f"{slide.part}/{slide.parts}")


def slide_html(
    dataset: Dataset, story: Story, section: Section, slide: present.Slide | None = None
) -> str:
    """A section's slide (`slide`'s part of its rows) as one HTML block on the canvas.

    Cards (the summary), the dated list (the timeline), the titled tables (外部評価), the
    chart, or, when nothing matches, the takeaway that says so — always with the section's
    notes and the short source.
    """
    slide = slide or present.Slide(section.key)
    locale = story.locale
    title = slide_title(section, slide, locale)
    parts = section_parts(section)
    rows = parts[min(slide.part, len(parts)) - 1]
    notes = list(section.notes)
    if section.kpis:
        body = cards_html(section.kpis[rows.start : rows.stop] if len(rows) else section.kpis)
    elif section.kind in AS_LIST and not section.empty:
        body = timeline_html(section, locale, rows)
    elif section.chart is not None:
        chart = section.chart
        if chart.pageable and section.rows is not None and len(parts) > 1:
            chart = chart.for_rows(section.rows.iloc[rows.start : rows.stop])
        below = [source_text(dataset, story)]
        beside = section.kind in NOTES_BESIDE
        if not beside:
            below = [*notes, *below]

        def room(canvas: int) -> int:
            return chart_room(title, ruby.plain(section.takeaway), below, canvas - 2 * PAD_SIDE)

        body = chart_html(chart, section.kind, story, slide.part, room)
        if beside:
            notes_beside = f'<div class="dx-deck-notes">{notes_html(notes)}</div>'
            body = f'<div class="dx-deck-beside">{body}{notes_beside}</div>'
            notes = []
        body += _chart_rows_text(section, rows) if chart.pageable else ""
    elif section.tables and not section.empty:
        body = tables_html(section, locale, rows)
    else:
        body = ""  # nothing matches: the takeaway says so
    return (
        '<div class="dx-slide">'
        + header_html(title, section.takeaway)
        + f'<div class="dx-deck-body">{body}</div>'
        + notes_html(notes)
        + source_line(dataset, story)
        + "</div>"
    )


def cover_html(dataset: Dataset, story: Story, day: date | None = None) -> str:
    """The cover: what the report is, its three headline figures, the date and the filters."""
    locale = story.locale
    report = locale.quoted(str(story.report["title"])) + locale.paren(
        str(story.report["published_text"])
    )
    return (
        '<div class="dx-slide"><div class="dx-deck-cover">'
        + _h("main", locale._(present.COVER_SLIDE.title), "div")
        + _h("sub", report, "div")
        + cards_html(story.headline_figures(3))
        + _h("dx-deck-when", today_note(locale, day), "div")
        + "</div>"
        + source_line(dataset, story)
        + "</div>"
    )


def closing_html(dataset: Dataset, story: Story, url: str) -> str:
    """The closing: a QR code of this view's dashboard URL (filters kept)."""
    _ = story.locale._
    alt = html.escape(_("ダッシュボードを開くQRコード：") + url)
    return (
        '<div class="dx-slide"><div class="dx-deck-closing">'
        + f'<img src="{qr.qr_data_uri(url)}" alt="{alt}">'
        + "<div>"
        + _h("main", _(present.CLOSING_SLIDE.title), "div")
        + _h("sub", _("QRコードから、この絞り込みのままダッシュボードを開けます。"), "div")
        + _h("dx-deck-source", url, "div")
        + "</div></div>"
        + source_line(dataset, story)
        + "</div>"
    )


def render_slide(dataset: Dataset, story: Story, slide: present.Slide) -> None:
    """Draw one slide of the story: one HTML block on the canvas."""
    if slide.key == present.COVER:
        st.html(cover_html(dataset, story))
    elif slide.key == present.CLOSING:
        url = present.dashboard_url(
            st.context.url or "http://localhost:8501/", st.query_params.to_dict()
        )
        st.html(closing_html(dataset, story, url))
    else:
        st.html(slide_html(dataset, story, story[slide.key], slide))


def _auto_advance(seconds: int, current: int, count: int) -> None:
    """Lobby screens: after `seconds` on a slide, move on (looping after the last slide)."""

    @st.fragment(run_every=1.0)
    def tick() -> None:
        shown_at = st.session_state.get(SHOWN_AT_KEY, time.monotonic())
        if time.monotonic() - shown_at >= seconds:
            _go(present.next_slide(current, count, loop=True))
            st.rerun(scope="app")

    tick()


# One worker per process draws the slides next to the one shown (their SVG charts, via
# vl-convert, 0.3–1.5 s a slide) while the room looks at it, so → shows a drawn slide.
_PREDRAW = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="dx-predraw")
_PREDRAWN: set[tuple] = set()  # (view, slide) already asked for: each is drawn once
_PREDRAWN_MAX = 4096


def predraw(dataset: Dataset, story: Story, slide: present.Slide) -> None:
    """Draw a slide in the background (the result lands in _chart_image's cache)."""
    if slide.key in (present.COVER, present.CLOSING):
        return
    key = (story.version, story.filters, story.locale.tag, slide.key, slide.part)
    if key in _PREDRAWN:
        return
    if len(_PREDRAWN) >= _PREDRAWN_MAX:
        _PREDRAWN.clear()
    _PREDRAWN.add(key)
    _PREDRAW.submit(_draw_quietly, dataset, story, slide)


def _draw_quietly(dataset: Dataset, story: Story, slide: present.Slide) -> None:
    """predraw's work; a failure is logged (the slide is then drawn when shown, as before)."""
    try:
        slide_html(dataset, story, story[slide.key], slide)
    except Exception:  # a background draw must never take the server down
        logging.getLogger(__name__).exception("pre-drawing slide %s failed", slide)


def render_deck(dataset: Dataset, filters: Filters) -> None:
    """The whole presentation view: CSS, the current slide, navigation, auto-advance."""
    st.html(DECK_CSS)
    story = current_story(dataset, filters)
    slides = slides_of(story)
    count = len(slides)
    current, notices = url_state.parse_slide(st.query_params.get(url_state.SLIDE_PARAM), count)
    auto, auto_notices = url_state.parse_auto(
        st.query_params.get(url_state.AUTO_PARAM),
        present.AUTO_MIN_SECONDS,
        present.AUTO_MAX_SECONDS,
    )
    with st.container(key="deck_notices"):  # a bad link is named on the slide too
        language.show_url_notices(extra=notices + auto_notices)
    if st.session_state.get(SHOWN_SLIDE_KEY) != current:
        st.session_state[SHOWN_SLIDE_KEY] = current
        st.session_state[SHOWN_AT_KEY] = time.monotonic()
    render_slide(dataset, story, slides[current - 1])

    previous, following = present.previous_slide(current, count), present.next_slide(current, count)
    for ahead in (following, previous):  # the next slide first: → is the usual key
        predraw(dataset, story, slides[ahead - 1])
    with st.container(key="deck_nav"):
        left, middle, right, leave = st.columns([3, 2, 3, 2], vertical_alignment="center")
        left.button(
            language._("◀ 前へ"),
            key="deck_prev",
            shortcut="Left",
            on_click=_go,
            args=(previous,),
            disabled=current == 1,
            width="stretch",
        )
        middle.html(_h("dx-deck-counter", f"{current} / {count}", "div"))
        right.button(
            language._("次へ ▶"),
            key="deck_next",
            shortcut="Right",
            on_click=_go,
            args=(following,),
            disabled=current == count,
            width="stretch",
            type="primary",
        )
        leave.button(
            language._("終了"), key="deck_leave", shortcut="Esc", on_click=_leave, width="stretch"
        )
    with st.container(key="deck_keys"):  # what presentation clickers send (hidden buttons)
        for label, key, shortcut, target in (
            ("次へ（PageDown）", "deck_next_pagedown", "PageDown", following),
            ("次へ（Space）", "deck_next_space", "Space", following),
            ("前へ（PageUp）", "deck_prev_pageup", "PageUp", previous),
        ):
            st.button(language._(label), key=key, shortcut=shortcut, on_click=_go, args=(target,))
    if auto:
        _auto_advance(auto, current, count)
