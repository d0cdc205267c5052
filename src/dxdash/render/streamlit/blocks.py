"""The building blocks of a page: CSS, KPI cards, chart sections and their slots, cached chart specs, tables with downloads."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from dxdash.charts import images as chart_images
from dxdash.charts import theme
from dxdash.data.dataset import (
    Dataset,
)
from dxdash.opendata import bundle, export, page_tables
from dxdash.render.streamlit.language import _, locale
from dxdash.render.streamlit.loading import shown_dataset
from dxdash.story import tables
from dxdash.story.model import DisplayTable, Kpi
from dxdash.text import ruby

# "Noto Sans JP Full" (static/fonts/README.md): a stylesheet the browser loads once, not theme
# fontFaces, which Streamlit would send (97 KB) and the browser re-hash on every rerun. Relative
# to the page, like the theme's own font URLs (app/static/… is server.enableStaticServing).
FULL_FONT_CSS = "app/static/fonts/noto-sans-jp-full.css"


def inject_css(*, full_font: bool = True) -> None:
    """Page-wide styles: cards, large numbers, readable captions; with ``full_font`` also the
    full Japanese font's slices (dxdash.render.web_fonts says when a page needs them)."""
    font_import = f'@import url("{FULL_FONT_CSS}");' if full_font else ""
    st.html(
        f"""
<style>
{font_import}
:root {{ --dx-text: {theme.TEXT_COLOR}; --dx-muted: {theme.MUTED_TEXT_COLOR};
         --dx-accent: {theme.ACCENT_COLOR}; }}
/* a section of cards alone is one element (sections.py): its parts spaced as elements are */
.dx-card-section {{ display: flex; flex-direction: column; gap: 1rem; }}
.dx-cards-box {{ container-type: inline-size; }}  /* the cards reflow to their own width */
.dx-cards {{ display: grid; gap: 0.6rem; margin: 0.2rem 0 0.6rem 0; }}
.dx-card {{ border: 1px solid #D5DAE0; border-radius: 0.6rem; padding: 0.55rem 0.8rem;
            background: #FFFFFF; color: var(--dx-text); min-width: 0; }}
.dx-card.hero {{ border-left: 0.45rem solid var(--dx-accent); }}
.dx-card .dx-label {{ font-size: 0.95rem; color: var(--dx-muted); line-height: 1.3; }}
/* A figure stays on one line where it fits, and wraps (never cut off, with its qualifier) where not */
.dx-card .dx-value {{ font-size: 2.1rem; font-weight: 700; line-height: 1.2;
                      color: var(--dx-text); word-break: keep-all; overflow-wrap: anywhere; }}
.dx-card.hero .dx-value {{ font-size: 2.3rem; color: var(--dx-accent); }}
.dx-card .dx-value.dx-small {{ font-size: 1.25rem; white-space: normal; line-height: 1.45; }}
.dx-card .dx-note {{ font-size: 0.85rem; color: var(--dx-muted); line-height: 1.3; }}
.dx-card .dx-card-link {{ display: inline-block; margin-top: 0.3rem; font-size: 0.85rem;
                          color: var(--dx-accent); }}
/* A figure's page: its definition as terms and texts, two columns where there is room */
.dx-facts {{ display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: 0.35rem 1rem;
             margin: 0.4rem 0 0.8rem 0; color: var(--dx-text); }}
.dx-facts dt {{ font-weight: 700; color: var(--dx-muted); }}
.dx-facts dd {{ margin: 0; overflow-wrap: anywhere; }}
@media (max-width: 640px) {{ .dx-facts {{ grid-template-columns: 1fr; gap: 0.1rem; }}
                             .dx-facts dd {{ margin-bottom: 0.5rem; }} }}
.dx-figure-index h4 {{ font-size: 1.05rem; margin: 0.9rem 0 0.2rem 0; color: var(--dx-text); }}
.dx-figure-index ul {{ margin: 0; padding-left: 1.2rem; }}
.dx-figure-index li {{ margin: 0.15rem 0; }}
.dx-figure-index .dx-figure-value {{ margin-left: 0.6rem; font-weight: 700; }}
.dx-figure-index .dx-figure-counts {{ display: block; font-size: 0.9rem; color: var(--dx-muted); }}
.dx-section-title {{ font-size: 1.75rem; font-weight: 600; line-height: 1.2; margin: 0;
                      padding: 0.75rem 0 1rem 0; letter-spacing: -0.005em; }}  /* = st.subheader */
.dx-section-title[id] {{ scroll-margin-top: 3.5rem; outline: none; }}  /* under the header */
.dx-takeaway {{ font-size: 1.1rem; font-weight: 600; color: var(--dx-text); margin: 0 0 0.3rem 0; }}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {{
  color: var(--dx-muted); opacity: 1; }}  /* Streamlit's faded caption is < 4.5:1; this is 7.6:1 */
[data-testid="stHeader"] {{ height: 2.75rem; min-height: 2.75rem; }}
[data-testid="stMainBlockContainer"] {{ padding-top: 3rem; }}
.dx-comment {{ border-left: 0.3rem solid #C9D3DF; padding: 0.2rem 0 0.2rem 0.8rem;
                margin: 0 0 0.5rem 0; color: var(--dx-text); font-size: 1rem; }}
.dx-source {{ font-size: 0.85rem; color: var(--dx-muted); }}
.dx-card-meta {{ font-size: 0.95rem; color: var(--dx-text); margin-bottom: 0.4rem; }}
.dx-badge {{ background: #EEF0F2; color: #31333F; border-radius: 0.5rem; padding: 0.1rem 0.45rem;
             font-size: 0.875rem; }}
.dx-card-name {{ font-weight: 700; font-size: 1rem; color: var(--dx-text); margin-bottom: 0.3rem; }}
.dx-card-figure {{ font-size: 1.5rem; font-weight: 700; line-height: 1.3; color: var(--dx-text);
                   margin-bottom: 0.3rem; }}
.dx-card-note {{ font-size: 0.875rem; color: var(--dx-muted); }}
/* the page-language and filters-button scripts: nothing to see … */
.st-key-dx_html_lang, .st-key-dx_filters_button, .st-key-dx_scroll_chart {{ display: none; }}
/* … and their wrappers too, or the column's gap (1rem) would push every page and slide down */
[data-testid="stLayoutWrapper"]:has(> .st-key-dx_html_lang),
[data-testid="stLayoutWrapper"]:has(> .st-key-dx_filters_button),
[data-testid="stLayoutWrapper"]:has(> .st-key-dx_scroll_chart) {{ display: none; }}
/* The sidebar's open button says what is behind it (render/streamlit/filters_button.py) */
[data-testid="stExpandSidebarButton"] {{ gap: 0.3rem; padding: 0 0.5rem; }}
[data-testid="stExpandSidebarButton"]::after {{ content: var(--dx-filters-label, ""); font-size: 1rem;
  font-weight: 600; color: var(--dx-text); white-space: nowrap; }}
/* Touch screens and narrow windows: every control at least 44 px high (WCAG 2.5.5) — the
   navigation, the language switch and other segmented controls, pills, filter fields,
   buttons and download buttons, tabs, the header's buttons; the slider's thumbs get a 44 px
   hit area around them. Streamlit 1.67's data-testid selectors: tests/browser/test_mobile.py. */
@media (max-width: 1024px), (pointer: coarse) {{
  [data-testid="stSidebarNavLink"] {{ min-height: 44px; align-items: center; }}
  [data-testid="stButtonGroup"] button, [data-testid="stBaseButton-secondary"],
  [data-testid="stBaseButton-primary"], [data-testid="stBaseButton-tertiary"],
  [data-testid="stDownloadButton"] button, [data-testid="stTab"],
  [data-testid="stExpander"] summary {{ min-height: 44px; }}
  [data-testid="stMultiSelect"] div:has(> [data-testid="stMultiSelectTagsContainer"]),
  [data-testid="stTextInputRootElement"] {{ min-height: 44px; }}
  [data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"] button,
  [data-testid="stMainMenuButton"] {{ min-height: 44px; min-width: 44px; }}
  [data-testid="stSlider"] [role="slider"]::before {{ content: ""; position: absolute;
    inset: -14px; }}
}}
/* a chart section a filter leaves out keeps its place (chart_slot) but takes no space */
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-dx_slot_"]:empty) {{ display: none; }}
/* … also with its chart kept on standby (no rows) for when the section comes back: not
   display:none, which gives the chart no width, and Streamlit then drops its Vega view (and
   embeds a new one when it is shown again). No height, no visibility (nor for screen readers),
   and -1rem for the column's gap. */
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-dx_slot_"] .{STANDBY_CLASS}),
[class*="st-key-dx_slot_"]:has(.{STANDBY_CHART_CLASS})
  > [data-testid="stElementContainer"]:has([data-testid="stVegaLiteChart"]) {{
  height: 0; min-height: 0; overflow: hidden; visibility: hidden; margin-top: -1rem; }}
/* Narrow (a phone, a tablet beside the sidebar): number cards two to a row, the headline
   cards one to a row; figures a little smaller, so the report's keep to one line.
   !important: over the card row's own column count (kpi_cards' inline style). */
@container (max-width: 40rem) {{
  .dx-cards {{ grid-template-columns: repeat(2, minmax(0, 1fr)) !important; }}
  .dx-card .dx-value {{ font-size: 1.45rem; }}
  .dx-card .dx-value.dx-small {{ font-size: 1.1rem; }}
}}
@container (max-width: 36rem) {{
  .dx-cards:has(> .dx-card.hero) {{ grid-template-columns: minmax(0, 1fr) !important; }}
  .dx-card.hero .dx-value:not(.dx-small) {{ font-size: 2.1rem; }}
}}
@container (max-width: 20rem) {{
  .dx-cards {{ grid-template-columns: minmax(0, 1fr) !important; }}
}}
/* A phone: a chart with a narrow_list shows the list instead (its labels need the room) */
.dx-narrow-list {{ display: none; }}
@media (max-width: 640px) {{
  .dx-narrow-list {{ display: block; list-style: none; padding: 0; margin: 0 0 0.5rem 0; }}
  .dx-narrow-list li {{ border-left: 0.3rem solid #C9D3DF; padding: 0.25rem 0 0.25rem 0.7rem;
                       margin: 0 0 0.5rem 0; }}
  .dx-list-meta {{ display: block; font-size: 0.9rem; color: var(--dx-muted); }}
  .dx-list-title {{ display: block; font-size: 1rem; color: var(--dx-text); }}
  [class*="st-key-dx_slot_"]:has(.dx-narrow-list)
    > [data-testid="stElementContainer"]:has([data-testid="stVegaLiteChart"]) {{ display: none; }}
}}
.dx-notice {{ background: #FFF6D6; border-left: 0.35rem solid #B7791F; border-radius: 0.4rem;
              padding: 0.55rem 0.9rem; color: var(--dx-text); font-size: 1rem; line-height: 1.5; }}
</style>
"""
    )


def kpi_cards(cards: Sequence[Kpi], *, hero: bool = False, columns: int | None = None) -> None:
    """Draw number cards; every text is escaped (data is never rendered as HTML)."""
    if cards:
        st.html(kpi_cards_html(cards, hero=hero, columns=columns))


def kpi_cards_html(cards: Sequence[Kpi], *, hero: bool = False, columns: int | None = None) -> str:
    """The number cards' HTML (kpi_cards; a section of cards alone puts it in its one element)."""
    count = columns or len(cards)
    items = []
    for card in cards:
        small = " dx-small" if len(card.display) > 12 else ""
        items.append(
            f'<div class="dx-card{" hero" if hero else ""}" role="group" '
            f'aria-label="{html.escape(card.label)}">'
            f'<div class="dx-label">{html.escape(card.label)}</div>'
            f'<div class="dx-value{small}">{html.escape(card.display)}</div>'
            f'<div class="dx-note">{html.escape(card.as_of)}</div>'
            + (
                f'<div class="dx-note dx-change">{html.escape(card.change)}</div>'
                if card.change
                else ""
            )
            + (_card_link(card) if card.href else "")
            + "</div>"
        )
    return (
        '<div class="dx-cards-box">'
        f'<div class="dx-cards" style="grid-template-columns: repeat({count}, minmax(0, 1fr));">'
        + "".join(items)
        + "</div></div>"
    )


def _card_link(card: Kpi) -> str:
    """A card's link to its figure's page (what it counts, as-of, source), named by the card."""
    text = _("この数値について")
    return (
        f'<a class="dx-card-link" href="{html.escape(card.href)}" target="_self" '
        f'aria-label="{html.escape(locale().pair(text, card.label))}">'
        f"{html.escape(text)}</a>"
    )


def narrow_list(table: DisplayTable) -> None:
    """A chart whose labels need room beside it (the timeline), as a list of its table's rows
    for a phone: 年月 and 種類 above 出来事. inject_css shows it, and hides the chart, only
    where the screen is narrow; every text is escaped."""
    items = []
    for row in table.records():
        meta = " · ".join(html.escape(str(row[c])) for c in ("month", "kind") if str(row[c]))
        items.append(
            f'<li><span class="dx-list-meta">{meta}</span>'
            f'<span class="dx-list-title">{html.escape(str(row["event"]))}</span></li>'
        )
    st.html(f'<ul class="dx-narrow-list">{"".join(items)}</ul>')


def section_heading(
    title: str, message: str, *, standby: bool = False, anchor: str = "", level: int = 3
) -> None:
    """A chart's title (h3) and takeaway as one element: fewer for the browser to redraw.

    ``standby``: the section's chart follows with no rows, hidden (inject_css, chart_slot).
    ``anchor``: the heading's id, which a chart's permalink scrolls to (chart_share);
    ``level``: 1 where the section is the whole page (the chart-only view).
    """
    st.html(section_heading_html(title, message, standby=standby, anchor=anchor, level=level))


def section_heading_html(
    title: str, message: str, *, standby: bool = False, anchor: str = "", level: int = 3
) -> str:
    """section_heading's HTML: plain and escaped (no Markdown pass and no heading anchor icons,
    which st.subheader has); ふりがな (やさしい日本語's ｜漢字《かんじ》) as <ruby>."""
    mark = f'<span class="{STANDBY_CHART_CLASS}"></span>' if standby else ""
    takeaway = f'<p class="dx-takeaway">{ruby.to_html(message)}</p>' if message else ""
    target = f' id="{html.escape(anchor)}" tabindex="-1"' if anchor else ""
    return (
        f'<h{level} class="dx-section-title"{target}>{ruby.to_html(title)}</h{level}>'
        f"{takeaway}{mark}"
    )


def source_caption(dataset: Dataset, extra: str = "") -> None:
    """Source (and as-of) note printed under every chart and table."""
    note = dataset.source_note + (f"／{extra}" if extra else "")
    st.html(f'<p class="dx-source">{html.escape(note)}</p>')


def empty_result() -> None:
    """A friendly message instead of an empty chart."""
    st.info(
        _(
            "条件に合うデータはありません。サイドバーの絞り込みを緩めるか「すべて解除」を押してください。"
        ),
        icon=":material/search:",
    )


def chart_section(
    *,
    dataset: Dataset,
    title: str,
    message: str,
    chart: Any,
    table: DisplayTable,
    download: page_tables.DownloadBuilder,
    key: str,
    alt_text: str,
    note: str = "",
    on_select: Callable[[], None] | None = None,
) -> None:
    """A chart with its title, takeaway, source note and a 表で見る table alternative.

    `download` builds the machine-readable table the CSV/Excel buttons give (dxdash.opendata.page_tables).
    The section is one keyed container (its slot: see chart_slot).
    """
    with st.container(key=SLOT_PREFIX + key):
        section_heading(title, message)
        draw_chart(chart, key=key, alt_text=alt_text, on_select=on_select)
        if isinstance(chart, dict):
            remember_chart(key, chart, alt_text)  # for chart_slot, when a filter empties it
        source_caption(dataset, note)
        table_alternative(table, chart, download, stem=title, key=key)


SLOT_PREFIX = "dx_slot_"  # chart sections' containers; an empty one is hidden (inject_css)
# session_state: a slot's last drawn chart (spec with no rows, alt text), kept on standby
STANDBY_PREFIX = "_dx_standby_"
STANDBY_CLASS = "dx-standby"  # marks a slot whose chart is on standby: inject_css hides it
STANDBY_CHART_CLASS = "dx-standby-chart"  # marks a section whose chart alone is on standby


def standby_chart(key: str) -> tuple[dict, str] | None:
    """The chart this session last drew in slot ``key`` (spec with no rows, alt text), if any."""
    return st.session_state.get(STANDBY_PREFIX + key)


def chart_slot(key: str, *, on_select: Callable[[], None] | None = None) -> None:
    """The place of a chart section a filter leaves out (`key` as chart_section's).

    Keeps every later section at the same position in the page, so a chart that stays on
    screen is updated in place: when a section was inserted before it, Streamlit's frontend
    could draw the new section over the chart's old position before the chart itself arrived,
    and the chart was then embedded anew (seen under load on /metrics when a 分野 is removed).

    The slot also keeps its own chart, hidden and with no rows, once this session has seen it
    (remember_chart): when the filter brings the section back, the browser only gives the
    chart its rows again. Embedding a new Vega view instead was the largest part of a filter
    change on /metrics (five charts coming back when a 分野 is removed). ``on_select`` must be
    the section's own, so that the chart element stays the same.
    """
    with st.container(key=SLOT_PREFIX + key):
        standby = standby_chart(key)
        if standby is None:
            return
        spec, alt_text = standby
        st.html(f'<span class="{STANDBY_CLASS}"></span>')  # where the section's heading goes
        draw_chart(spec, key=key, alt_text=alt_text, on_select=on_select)


def remember_chart(key: str, spec: dict, alt_text: str) -> None:
    """Keep a slot's chart for chart_slot: its spec with every dataset emptied (a few KB)."""
    empty = dict.fromkeys(spec.get("datasets", {}), EMPTY_ROWS)
    st.session_state[STANDBY_PREFIX + key] = ({**spec, "datasets": empty}, alt_text)


@st.fragment
def table_alternative(
    table: DisplayTable, chart: Any, download: page_tables.DownloadBuilder, *, stem: str, key: str
) -> None:
    """The chart's 表で見る expander, whose table and downloads are built only while it is open.

    Lazy on purpose: a closed expander sends no table, so a first visit does not load the
    data-grid code (1.2 MB of JS) and a filter change re-sends no table. Opening it reruns
    only this fragment; it stays open across filter changes (state under `{key}_table`).
    """
    panel = st.expander(_("表で見る・ダウンロード"), key=f"{key}_table", on_change="rerun")
    if panel.open:
        with panel:
            table_block(table, download=download, stem=stem, key=key)
            chart_image_buttons(chart, stem=stem, key=key)


def selected_values(chart_key: str, param: str, column: str) -> list[Any]:
    """Return the values a click selected on a chart (read inside its on_select callback)."""
    state = st.session_state.get(chart_key)
    if state is None:
        return []
    points = state.selection.get(param, []) if hasattr(state, "selection") else []
    return [p[column] for p in points if column in p]


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download_row(stem: str, key: str, icon: str, files: list[tuple[str, str, str, Any]]) -> None:
    """Download buttons side by side; each file is made only when clicked (lazy, no rerun).

    files: (label, extension, MIME type, zero-argument function returning the bytes or text).
    """
    columns = st.columns([1] * len(files) + [3])
    for column, (label, extension, mime, make) in zip(columns, files, strict=False):
        column.download_button(
            label,
            data=make,
            file_name=export.download_file_name(stem, extension),
            mime=mime,
            key=f"{key}_{extension}",
            icon=icon,
            on_click="ignore",
            width="stretch",
        )


def download_buttons(download: page_tables.DownloadBuilder, *, stem: str, key: str) -> None:
    """CSV (UTF-8 with BOM, formula-safe) and Excel of the rows shown, machine-readable.

    `download` returns the rows as dxdash.opendata.page_tables builds them (one header row, numbers apart
    from units and qualifiers, YYYY-MM dates, codes beside place names); it runs on click only.
    """
    _download_row(
        stem,
        key,
        ":material/download:",
        [
            ("CSV", "csv", "text/csv", lambda: export.table_to_csv_bytes(download())),
            (
                "Excel",
                "xlsx",
                XLSX_MIME,
                lambda: export.table_to_xlsx_bytes(download(), stem[:31]),
            ),
        ],
    )


def table_block(
    table: DisplayTable, *, download: page_tables.DownloadBuilder, stem: str, key: str
) -> None:
    """A table as the page shows it, with its machine-readable CSV and Excel downloads; a figure
    table's definition column is a link per row to the figure's page."""
    links = {
        table.header(column): st.column_config.LinkColumn(
            table.header(column), display_text=_("この数値について")
        )
        for column in (tables.DEFINITION_COLUMN,)
        if column in table.columns
    }
    st.dataframe(table.shown(), hide_index=True, width="stretch", column_config=links or None)
    download_buttons(download, stem=stem, key=key)


def opendata_download() -> None:
    """The open-data bundle (every table, metadata, README, licence) as one ZIP, with its licence.

    Made on click from the data shown (a snapshot's pinned data, else the current version), in
    Japanese whatever the page language: the same files as ``python -m dxdash export-opendata``.
    """
    source = shown_dataset()
    about = _(
        "すべての表を縦持ちのCSV（UTF-8 BOM付き）にし、列の説明（metadata.csv）・README・"
        "利用条件を付けたZIPです。ライセンス：公共データ利用規約 第1.0版（PDL1.0、"
        "CC BY 4.0 互換）。同じファイルはコマンド python -m dxdash export-opendata DIR "
        "でも作れます。"
    )
    # heading and what the ZIP holds as one element (a rerun redraws each element)
    st.html(
        section_heading_html(_("オープンデータ"), "")
        + f'<p class="dx-source">{html.escape(about)}</p>'
    )
    st.download_button(
        _("オープンデータ（ZIP）"),
        data=lambda: bundle.bundle_zip(source),
        file_name=export.download_file_name("opendata", "zip"),
        mime="application/zip",
        key="opendata_zip",
        icon=":material/folder_zip:",
        on_click="ignore",
    )


def chart_image_buttons(chart: Any, *, stem: str, key: str) -> None:
    """PNG and SVG of a chart, drawn with the shipped Japanese font (made only when clicked)."""
    _download_row(
        stem,
        key,
        ":material/image:",
        [
            (_("画像（PNG）"), "png", "image/png", lambda: chart_images.chart_to_png(chart)),
            (_("画像（SVG）"), "svg", "image/svg+xml", lambda: chart_images.chart_to_svg(chart)),
        ],
    )


def arrow_ipc(rows: list[dict[str, Any]]) -> bytes:
    """Rows as an Arrow IPC stream: what Streamlit sends a chart's dataset as (pyarrow's API)."""
    table = pa.Table.from_pandas(pd.DataFrame(rows))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


EMPTY_ROWS = arrow_ipc([])  # a dataset with no rows (a chart on standby, see chart_slot)


@st.cache_data(max_entries=1024, show_spinner=False)
def chart_spec(key: tuple, _build: Callable[[], Any]) -> dict:
    """A chart's Vega-Lite spec, built once per key (data version, filters, language, options).

    ``_build`` returns an Altair chart or the spec itself (a story chart's ``spec()``).
    Not validated against the Vega-Lite schema here (that doubled the cost of a chart built
    for a new filter): tests/test_charts.py validates every builder's output instead. Its
    inline datasets are stored as Arrow IPC bytes, the form Streamlit sends them in, so a rerun
    does not convert them again (st.vega_lite_chart passes bytes through as they are; a
    pyarrow Table instead would cost /metrics about 10 ms of CPU per rerun).
    """
    del key  # the cache key; the builder itself is not hashed
    built = _build()
    spec = built if isinstance(built, dict) else built.to_dict(validate=False)
    if "datasets" in spec:
        spec["datasets"] = {name: arrow_ipc(rows) for name, rows in spec["datasets"].items()}
    return spec


def draw_chart(
    chart: Any, *, key: str, alt_text: str, on_select: Callable[[], None] | None = None
) -> None:
    """Draw an Altair chart or a cached spec (our own fonts and sizes: Streamlit theme off)."""
    on_select_arg = on_select if on_select else "ignore"
    if isinstance(chart, dict):
        st.vega_lite_chart(
            chart, width="stretch", theme=None, key=key, on_select=on_select_arg, alt=alt_text
        )
    else:
        st.altair_chart(
            chart, width="stretch", theme=None, key=key, on_select=on_select_arg, alt=alt_text
        )
