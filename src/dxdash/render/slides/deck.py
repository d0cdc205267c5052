"""Presentation mode on screen: the live data as a slide deck for a projector.

Sidebar and toolbar hidden, large type, one message per slide, clicker keys (→/←, PageDown/PageUp,
Space), on-screen previous/next with a counter, optional auto-advance, a QR code to close.
The slide order and URL logic live in dxdash.render.slides.present; the numbers come from dxdash.story.views.
"""

from __future__ import annotations

import html
import time
from datetime import date

import pandas as pd
import streamlit as st

from dxdash.charts import builders as charts
from dxdash.charts import theme
from dxdash.data.dataset import Dataset
from dxdash.locale import catalog as i18n
from dxdash.render.slides import present
from dxdash.render.streamlit import ui
from dxdash.story import url_state, views
from dxdash.story.filters import (
    Filters,
    describe_filters,
    filter_events,
    filter_initiatives,
    filter_survey,
)

# Fonts and marks for the back of the room: at 1280×720 chart text is ≥ 18 px, body ≥ 24 px.
CHART_SCALE = 1.35
SHOWN_AT_KEY = "deck_shown_at"
SHOWN_SLIDE_KEY = "deck_shown_slide"

DECK_CSS = f"""
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stSidebarNav"] {{
  display: none !important; }}
html, body, [data-testid="stApp"], [data-testid="stMain"] {{ overflow: hidden !important; }}
[data-testid="stMainBlockContainer"] {{ max-width: none; padding: 1.1rem 2.2rem 0 2.2rem; }}
[data-testid="stMain"] {{ font-size: 26px; color: {theme.TEXT_COLOR}; }}
.dx-deck-title {{ font-size: 44px; font-weight: 700; line-height: 1.25; margin: 0 0 0.4rem 0;
                  color: {theme.TEXT_COLOR}; }}
.dx-deck-takeaway {{ font-size: 28px; font-weight: 600; line-height: 1.4; margin: 0 0 0.6rem 0;
                     color: {theme.ACCENT_COLOR}; }}
.dx-deck-source {{ font-size: 24px; line-height: 1.35; color: {theme.MUTED_TEXT_COLOR};
                   margin: 0.3rem 0 0 0; }}
.dx-deck-body {{ font-size: 26px; line-height: 1.45; color: {theme.TEXT_COLOR}; }}
.dx-deck-cards {{ display: grid; gap: 0.8rem; grid-template-columns: repeat(2, minmax(0, 1fr));
                  margin: 0.3rem 0 0.8rem 0; }}
.dx-deck-card {{ border: 2px solid #C9D3DF; border-left: 10px solid {theme.ACCENT_COLOR};
                 border-radius: 12px; padding: 0.5rem 0.9rem; background: #FFFFFF; min-width: 0; }}
.dx-deck-card .label {{ font-size: 24px; color: {theme.MUTED_TEXT_COLOR}; line-height: 1.3; }}
.dx-deck-card .number {{ font-size: 64px; font-weight: 700; line-height: 1.15;
                         color: {theme.TEXT_COLOR}; white-space: nowrap; }}
.dx-deck-card .qualifier {{ font-size: 36px; font-weight: 700; }}
.dx-deck-card .text {{ font-size: 28px; font-weight: 700; line-height: 1.35;
                       color: {theme.ACCENT_COLOR}; }}
.dx-deck-card .note {{ font-size: 24px; color: {theme.MUTED_TEXT_COLOR}; line-height: 1.3; }}
.dx-deck-list {{ list-style: none; margin: 0; padding: 0; }}
.dx-deck-list li {{ font-size: 26px; line-height: 1.4; padding: 0.25rem 0;
                    border-bottom: 1px solid #E3E6EA; color: {theme.TEXT_COLOR}; }}
.dx-deck-list .when {{ display: inline-block; min-width: 8.5em; font-weight: 700;
                       color: {theme.ACCENT_COLOR}; }}
.dx-deck-cover {{ padding-top: 8vh; }}
.dx-deck-cover .main {{ font-size: 60px; font-weight: 700; line-height: 1.25;
                        color: {theme.ACCENT_COLOR}; }}
.dx-deck-cover .sub {{ font-size: 32px; line-height: 1.4; margin-top: 1rem; color: {theme.TEXT_COLOR}; }}
.dx-deck-closing {{ display: flex; gap: 2.5rem; align-items: center; }}
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
    st.query_params[present.SLIDE_PARAM] = str(slide)


def _leave() -> None:
    """Button callback: back to the dashboard, filters kept."""
    for key in present.DECK_PARAMS:
        st.query_params.pop(key, None)


def _today_note() -> str:
    """「2026年11月26日 時点のダッシュボードより」, in the page's language."""
    today = date.today()
    if ui.lang() == "en":
        return f"From the dashboard as of {today:%-d %B %Y}"
    return f"{today:%Y年%-m月%-d日} 時点のダッシュボードより"


def _h(tag_class: str, text: str, tag: str = "p") -> str:
    """One escaped HTML element (data is always rendered as text)."""
    return f'<{tag} class="{tag_class}">{html.escape(text)}</{tag}>'


def _source(dataset: Dataset, filters: Filters, extra: str = "") -> None:
    """Source, as-of and active filters under every slide."""
    parts = [dataset.short_source_note]
    if extra:
        parts.append(extra)
    active = describe_filters(filters, ui.lang())
    if active:
        parts.append(ui._("絞り込み：") + "／".join(active))
    st.html(_h("dx-deck-source", "　".join(parts)))


def _header(title: str, message: str) -> None:
    """Slide title and its one-line message."""
    st.html(_h("dx-deck-title", title, "div") + _h("dx-deck-takeaway", message))


def _cards(cards: list[views.Kpi]) -> str:
    """KPI cards for a slide: numbers at ≥ 64 px, phrases at 28 px."""
    items = []
    for card in cards:
        number, suffix = card.display, ""
        for mark in ("（見込）", " (projected)"):  # keep 見込 beside the number, smaller
            if number.endswith(mark):
                number, suffix = number.removesuffix(mark), mark
        value = (
            f'<div class="number">{html.escape(number)}'
            f'<span class="qualifier">{html.escape(suffix)}</span></div>'
            if any(ch.isdigit() for ch in number) and len(number) <= 10
            else _h("text", card.display, "div")
        )
        items.append(
            '<div class="dx-deck-card">'
            + _h("label", card.label, "div")
            + value
            + _h("note", card.as_of, "div")
            + (_h("note", card.change, "div") if card.change else "")
            + "</div>"
        )
    return '<div class="dx-deck-cards">' + "".join(items) + "</div>"


def _chart(key: tuple, build: object, chart_key: str, alt_text: str) -> None:
    """A chart sized for the slide, its spec cached per (slide, data, filters, language)."""
    ui.draw_chart(ui.chart_spec(key, build), key=chart_key, alt_text=alt_text)


def _empty() -> None:
    """The friendly message when the deck's filters leave nothing for this slide."""
    st.html(_h("dx-deck-body", ui._("この絞り込みでは該当するデータがありません。")))


def _event_list(events: pd.DataFrame, lang: str = "ja") -> str:
    """Dated events as a large list: 年月 then the report's title (and municipality)."""
    rows = events.loc[events["date"].notna()].sort_values("date", kind="stable")
    items = []
    for event in rows.to_dict("records"):
        title = event["title"]
        if isinstance(event["municipality"], str):
            title += (
                f"（{event['municipality']}）" if lang == "ja" else f" ({event['municipality']})"
            )
        items.append(
            f'<li><span class="when">{html.escape(i18n.format_month(event["date"], lang))}</span>'
            f"{html.escape(title)}</li>"
        )
    return '<ul class="dx-deck-list">' + "".join(items) + "</ul>"


# Slides that list events: which kinds, and the sentence that sums them up.
EVENT_SLIDES = {
    "evaluations": (("受賞", "会議開催"), views.evaluations_takeaway),
    "timeline": (("組織", "計画", "会議開催", "公表"), views.timeline_takeaway),
}


def render_slide(dataset: Dataset, filters: Filters, slide: present.Slide) -> None:
    """Draw one slide's content from the live (filtered) data."""
    lang = ui.lang()
    title = ui._(slide.title)
    shown = filter_initiatives(dataset.initiatives, filters)
    figures = ui.overview_figures(dataset, dataset.version, filters, lang)
    events = filter_events(dataset.events, shown, filters)

    if slide.key == "title":
        active = describe_filters(filters, lang)
        sub = ui._("群馬県 DX推進実績（{published}資料より）").format(
            published=dataset.report["published_text"]
        )
        if active:
            sub += "　" + "／".join(active)
        st.html(
            '<div class="dx-deck-cover">'
            + _h("main", title, "div")
            + _h("sub", sub, "div")
            + _h("sub", _today_note(), "div")
            + "</div>"
        )
        _source(dataset, filters)
        return

    if slide.key == "kpis":
        # Four numbers a room can read at 1024×768: two program-wide, the two largest uses.
        program = ui.program_kpis(dataset, dataset.version, lang)[:2]
        usage = figures["headline"][:2]
        _header(
            title,
            ui._("DX加速化プログラムは89%達成見込、群馬モデルは15件。県民の利用も大きく広がった。")
            if program
            else ui._("まとめの数値はありません。"),
        )
        st.html(_cards(program + usage))
        _source(dataset, filters)
        return

    if slide.key in ("usage", "rates"):
        figures = figures["usage"] if slide.key == "usage" else figures["rates"]
        if figures.empty:
            _header(title, "")
            _empty()
        else:
            message = (
                views.usage_takeaway(figures, lang)
                if slide.key == "usage"
                else views.rate_takeaway(figures, lang)
            )
            _header(title, message)
            _chart(
                ("deck", slide.key, dataset.version, filters, lang),
                lambda: charts.build_figure_bars(
                    figures,
                    title="",
                    axis_title="",
                    percent=slide.key == "rates",
                    scale=CHART_SCALE,
                    compact=True,
                    lang=lang,
                ),
                f"deck_{slide.key}_chart",
                ui._("{title}の横棒グラフ").format(title=title),
            )
        _source(
            dataset,
            filters,
            ui._("時点は各数値の右に記載（記載のないものは2024年3月公表資料による）"),
        )
        return

    if slide.key == "models":
        counts = views.models_by_type_and_field(shown)
        _header(title, views.models_takeaway(counts, lang))
        if counts.empty:
            _empty()
        else:
            _chart(
                ("deck_models", dataset.version, filters, lang),
                lambda: charts.build_models_chart(counts, scale=CHART_SCALE, lang=lang, height=340),
                "deck_models_chart",
                ui._("群馬モデルの類型別・分野別件数"),
            )
        _source(dataset, filters)
        return

    if slide.key == "survey":
        survey = filter_survey(dataset.survey, filters)
        _header(title, views.survey_takeaway(survey, lang))
        if survey.empty:
            _empty()
        else:
            _chart(
                ("deck_survey", dataset.version, filters, lang),
                lambda: charts.build_survey_chart(survey, scale=CHART_SCALE, height=215, lang=lang),
                "deck_survey_chart",
                ui._("県民幸福度アンケートの年度別推移"),
            )
        _source(dataset, filters, ui._("「感じる」100点〜「感じない」0点の平均"))
        return

    if slide.key in EVENT_SLIDES:
        kinds, takeaway = EVENT_SLIDES[slide.key]
        rows = events.loc[events["kind"].isin(kinds)]
        _header(title, takeaway(rows, lang))
        if rows.empty:
            _empty()
        else:
            st.html(_event_list(rows, lang))
        _source(dataset, filters)
        return

    # closing
    url = present.dashboard_url(
        st.context.url or "http://localhost:8501/", st.query_params.to_dict()
    )
    st.html(
        '<div class="dx-deck-cover"><div class="dx-deck-closing">'
        + f'<img src="{present.qr_data_uri(url)}" alt="{html.escape(ui._("ダッシュボードを開くQRコード："))}{html.escape(url)}">'
        + "<div>"
        + _h("main", title, "div")
        + _h("sub", ui._("QRコードから、この絞り込みのままダッシュボードを開けます。"), "div")
        + _h("dx-deck-source", url, "div")
        + "</div></div></div>"
    )
    _source(dataset, filters)


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
    current, notices = url_state.parse_slide(st.query_params.get(present.SLIDE_PARAM), count)
    auto, auto_notices = url_state.parse_auto(
        st.query_params.get(present.AUTO_PARAM), present.AUTO_MIN_SECONDS, present.AUTO_MAX_SECONDS
    )
    ui.show_url_notices(extra=notices + auto_notices)  # a bad link is named on the slide too
    if st.session_state.get(SHOWN_SLIDE_KEY) != current:
        st.session_state[SHOWN_SLIDE_KEY] = current
        st.session_state[SHOWN_AT_KEY] = time.monotonic()
    render_slide(dataset, filters, present.SLIDES[current - 1])

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
