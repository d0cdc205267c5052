"""A printable handout of a story (the current filtered view): an A4 landscape PDF for meetings.

``build_handout_pdf(story, base_url=...)`` returns the PDF bytes. Pure: no Streamlit. What the
handout says — sections, titles, takeaways, KPI cards, rows, caps, notes, sources — is the
story's (dxdash.story.build.build_story), the same objects the page and the slides draw; this
module only lays them out. Every fixed word (title page, table headings, footer) goes through
the story's Locale, so ``?lang=en`` gives an English handout. Charts are the sections' own
Altair charts drawn to PNG by dxdash.charts.images; the text is set in the project's own Noto
Sans JP (static/fonts/print/), embedded as a subset, so it prints the same on any PC.

Layout (docs/handout.md): a title page (report title, filters, print date, contents, QR code of
the live view), then the story's handout sections, each from a new page (the KPI-only sections
share one): heading, takeaway, KPI cards, chart, notes and source kept together, then the
section's table and its titled sub-tables, which may run on with their header row repeated.
Every page's footer carries the filters, the print date and "n / N".
"""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping, Sequence
from datetime import date
from functools import partial
from typing import Any
from urllib.parse import unquote, urlencode
from xml.sax.saxutils import escape

import segno
from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from dxdash.charts.images import chart_to_png
from dxdash.locale import Locale, get_locale
from dxdash.locale.locale import JAPANESE
from dxdash.render.pdf import handout_tables
from dxdash.render.pdf.handout_tables import cell_text, table_style
from dxdash.render.pdf.print_style import (
    ACCENT,
    FONT,
    FONT_BOLD,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_SIZE,
    RULE,
    register_fonts,
    styles,
)
from dxdash.render.qr import qr_png
from dxdash.story import url_state
from dxdash.story.filters import Filters, describe_filters
from dxdash.story.model import Chart, DisplayTable, Kind, Kpi, Section, Story
from dxdash.text import ruby

# Images as binary streams, not ASCII85 text: ReportLab's ASCII85 is pure Python here (0.1 s a
# chart image, a tenth of a handout) and makes the file a quarter larger; every PDF reader reads
# binary streams. Set for the process: the handout is its only PDF writer.
rl_config.useA85 = 0

CHART_WIDTH_PX = 880  # charts are drawn this wide, then fitted to the page
CHART_SCALE = 2  # PNG pixels per CSS pixel: ~190 dpi once fitted to the page
# size only, by the kind of section (the survey's lines need the height to read)
CHART_OPTIONS: Mapping[Kind, Mapping[str, Any]] = {Kind.LINES: {"height": 250}}
QR_SCALE = 10  # PNG pixels per QR module

# Fixed words, as msgids of data/source/translations/ui.csv (the Japanese is the msgid).
DOCUMENT_TITLE = "群馬県 DX推進実績"
HANDOUT_KIND = "配布資料"
FROM_DASHBOARD = "ダッシュボードより"
NO_FILTERS = "絞り込みなし（すべて）"
SHOWING = "表示中"
PRINTED = "印刷日"
PRINTED_FOOTER = "印刷日 {date}"
FIGURE_SOURCE = "数値の出典"
REPORT_CITATION = "{publisher}「{title}」（{published}）"
AS_PRINTED = (
    "数値はすべて報告書の表記のまま（約・超・以上・程度・見込を含む）、時点と出典を添えています。"
)
CONTENTS = "目次"
TABLE_HEADING = "一覧表"
KPI_SOURCE = "出典：{source}"
PAGE_NUMBER = "{page} / {total}"
QR_CAPTION = "スマートフォンで読み取ると、この絞り込みのままダッシュボードを開けます。"
QR_CAPTION_UNFILTERED = (
    "絞り込みが長すぎてQRコードにできないため、読み取ると絞り込みなしのダッシュボードを開きます。"
)

_LOGGER = logging.getLogger(__name__)
# The most characters one paragraph prints; longer text is cut with "…" (the screen and the
# downloads keep it whole). A paragraph cannot split inside a table cell or the title page,
# so without a cap a 3,000-character name or a 200-character report title cannot be laid out.
# Takeaways are never cut: they are printed word for word, outside any table.
MAX_TEXT = 600  # English runs longer than the Japanese it translates
TITLE_PAGE_LIMIT = 80  # the report title and the filters on the title page (one page)
TEXT_LIMITS = {"report": 120, "cover": 60, "h1": 100, "h2": 100, "head": 60, "kpi_number": 40}
TEXT_LIMITS |= {"kpi_label": 100, "kpi_text": 100, "kpi_note": 100, "kpi_source": 120}
TEXT_LIMITS |= {"takeaway": 100_000}


def cut_text(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, the last one "…" when anything was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def filter_query_params(filters: Filters) -> dict[str, list[str]]:
    """The dashboard URL parameters of `filters`: the same canonical values the app writes."""
    return url_state.encode_filters(filters)


def handout_url(base_url: str, filters: Filters, locale: Locale = JAPANESE) -> str:
    """The live dashboard URL of the same view, in the same reading (what the QR code opens)."""
    base = base_url.split("?", 1)[0].rstrip("/") + "/"
    params = filter_query_params(filters)
    language = url_state.encode_lang(locale)
    if language:
        params[url_state.LANG_PARAM] = language
    query = urlencode(params, doseq=True)
    return f"{base}?{query}" if query else base


def filters_text(filters: Filters, locale: Locale | None = None) -> str:
    """The filters in words: 「分野：教育 ／ 年度：2022年度」, or 「絞り込みなし（すべて）」."""
    locale = locale or get_locale("ja")
    parts = describe_filters(filters, locale)
    return locale.facts(parts) or locale._(NO_FILTERS)


class _Renderer:
    """Draws one story: paragraphs, cards, charts and tables in the story's language."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.locale = story.locale
        self._ = story.locale._
        self.styles = styles(story.locale.english)

    def p(self, text: object, style: str = "body") -> Paragraph:
        """A paragraph of data text: escaped (never markup), newlines kept, cut to its limit;
        ふりがな in brackets (a PDF paragraph has no ruby)."""
        shown = cut_text(ruby.plain(cell_text(text)), TEXT_LIMITS.get(style, MAX_TEXT))
        return Paragraph(escape(shown).replace("\n", "<br/>"), self.styles[style])

    def table(self, table: DisplayTable, note: str = "") -> Table:
        """A story table on the page (handout_tables lays it out by column id)."""
        return handout_tables.table_flowable(table, self.p, note)

    # --- cards and charts ---------------------------------------------------------------------

    def kpi_card(self, card: Kpi, width: float) -> Table:
        """One headline number: label, the report's wording (large when a number), as-of, source."""
        # a figure (the story says which) short enough for the large style in a third of a page
        numeric = card.figure is not None and len(card.display) <= 12
        cell = [
            self.p(card.label, "kpi_label"),
            self.p(card.display, "kpi_number" if numeric else "kpi_text"),
            self.p(card.as_of, "kpi_note"),
            *([self.p(card.change, "kpi_note")] if card.change else []),
            *([self.p(self._(KPI_SOURCE).format(source=card.source), "kpi_source")]),
        ]
        box = Table([[cell]], colWidths=[width])
        box.setStyle(
            table_style(
                [
                    ("BOX", (0, 0), (-1, -1), 0.8, RULE),
                    ("LINEBEFORE", (0, 0), (0, -1), 5, ACCENT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        return box

    def kpi_grid(self, cards: Sequence[Kpi], per_row: int = 3) -> Table:
        """The cards in rows of `per_row`, the full page width."""
        gap = 10
        width = (FRAME_WIDTH - gap * (per_row - 1)) / per_row
        cells: list[Any] = [self.kpi_card(card, width - 2) for card in cards]
        rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
        rows[-1] += [""] * (per_row - len(rows[-1]))
        grid = Table(rows, colWidths=[width + gap] * (per_row - 1) + [width], hAlign="LEFT")
        grid.setStyle(
            table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), gap),
                    ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), gap),
                ]
            )
        )
        return grid

    @staticmethod
    def chart_image(chart: Chart, kind: Kind, max_height: float) -> Image:
        """The section's chart as a PNG fitted to the page width and the room left for it."""
        built = chart.build(**CHART_OPTIONS.get(kind, {}))
        png = chart_to_png(built.properties(width=CHART_WIDTH_PX), scale=CHART_SCALE)
        width_px, height_px = ImageReader(io.BytesIO(png)).getSize()
        width, height = width_px / CHART_SCALE, height_px / CHART_SCALE  # 1 CSS px drawn as 1 pt
        fit = min(1.0, FRAME_WIDTH / width, max(max_height, 80) / height)
        image = Image(io.BytesIO(png), width=width * fit, height=height * fit)
        image.hAlign = "LEFT"
        return image

    # --- pages --------------------------------------------------------------------------------

    def section(self, section: Section) -> list[Flowable]:
        """A section: heading, takeaway, cards, chart, notes and source together; then tables."""
        text: list[Flowable] = [self.p(section.title, "h1"), self.p(section.takeaway, "takeaway")]
        if section.kpis:
            text.append(self.kpi_grid(section.kpis))
        after = [self.p(note, "note") for note in section.notes if note]
        after.append(self.p(section.source, "note"))
        head = list(text)
        if section.chart is not None:
            used = sum(_height(f) for f in (*text, *after)) + 12  # the image fills the rest
            head.append(self.chart_image(section.chart, section.kind, FRAME_HEIGHT - used))
        flow: list[Flowable] = [KeepTogether(head + after)]
        if section.table is not None and not section.table.empty:
            flow += [
                self.p(self._(TABLE_HEADING), "h2"),
                self.table(section.table, section.source),
            ]
        for sub in section.tables:
            flow.append(self.p(sub.title, "h2"))
            if sub.table.empty:
                flow.append(self.p(sub.empty_message))
            else:
                flow.append(self.table(sub.table, sub.source))
        return flow

    def title_page(self, url: str, printed_on: date, sections: Sequence[Section]) -> list[Flowable]:
        """Report title, 「群馬県 DX推進実績」, filters, print date, contents and the QR code."""
        _, locale, report = self._, self.locale, self.story.report
        title = cut_text(str(report["title"]), TITLE_PAGE_LIMIT)  # all of it must fit one page
        citation = _(REPORT_CITATION).format(
            publisher=cut_text(str(report["publisher"]), 60),
            title=title,
            published=report["published_text"],
        )
        filters = cut_text(filters_text(self.story.filters, locale), TITLE_PAGE_LIMIT)
        left: list[Flowable] = [
            self.p(_(HANDOUT_KIND) + locale.paren(_(FROM_DASHBOARD)), "kind"),
            self.p(locale.quoted(title), "report"),
            self.p(_(DOCUMENT_TITLE), "cover"),
            Spacer(1, 14),
            self.p(locale.pair(_(SHOWING), filters), "cover_item"),
            self.p(locale.pair(_(PRINTED), locale.date(printed_on)), "cover_item"),
            self.p(locale.pair(_(FIGURE_SOURCE), f"{citation} {report['url']}"), "cover_item"),
            self.p(_(AS_PRINTED), "cover_item"),
            Spacer(1, 14),
            self.p(_(CONTENTS), "h2"),
            self.p(
                (" · " if locale.english else "　").join(
                    f"{i}. {s.title}" for i, s in enumerate(sections, start=1)
                ),
                "body",
            ),
        ]
        qr_size = 150
        try:
            code, caption = qr_png(url, scale=QR_SCALE), _(QR_CAPTION)
        except segno.DataOverflowError:  # the filters make the URL too long for a QR code
            url = handout_url(url, Filters(), locale)
            code, caption = qr_png(url, scale=QR_SCALE), _(QR_CAPTION_UNFILTERED)
        right: list[Flowable] = [
            Image(io.BytesIO(code), width=qr_size, height=qr_size),
            self.p(caption, "note"),
            self.p(unquote(url), "url"),
        ]
        layout = Table([[left, right]], colWidths=[FRAME_WIDTH - 200, 200], hAlign="LEFT")
        layout.setStyle(
            table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, -1), 24),
                    ("TOPPADDING", (0, 0), (-1, -1), 40),
                ]
            )
        )
        return [layout]


def _height(flowable: Flowable) -> float:
    """How tall a flowable is at the page width, with the space around it."""
    _width, height = flowable.wrap(FRAME_WIDTH, FRAME_HEIGHT)
    return height + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def _short(section: Section) -> bool:
    """True for a section of text and cards alone: no chart and no table."""
    return (
        section.chart is None
        and not section.tables
        and (section.table is None or section.table.empty)
    )


def _same_page(previous: Section | None, section: Section) -> bool:
    """Cards and what follows them without a chart or table share a page (the summary, the
    headline uses — or its "nothing matches" sentence); every other section starts a page."""
    return previous is not None and bool(previous.kpis) and _short(previous) and _short(section)


class _FooterCanvas(Canvas):
    """A canvas that holds every page until the end, then writes "n / N" in each footer."""

    def __init__(
        self, *args: Any, footer: str, printed: str, page_number: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._printed = printed
        self._page_number = page_number
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        """Keep the finished page; it is drawn once the page count is known."""
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        """Draw each kept page with its footer, then write the file."""
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        """Rule, document and filters on the left; print date and "n / N" on the right."""
        width, _ = PAGE_SIZE
        y = MARGIN_BOTTOM - 9 * mm
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.6)
        self.line(MARGIN_X, MARGIN_BOTTOM - 4 * mm, width - MARGIN_X, MARGIN_BOTTOM - 4 * mm)
        self.setFillColor(MUTED)
        self.setFont(FONT, 8.5)
        room = FRAME_WIDTH - 220  # the print date and page number take the rest
        footer = self._footer
        while len(footer) > 1 and pdfmetrics.stringWidth(footer, FONT, 8.5) > room:
            footer = cut_text(footer, len(footer) - 1)  # a long keyword: cut, never overprint
        self.drawString(MARGIN_X, y, footer)
        self.setFont(FONT_BOLD, 9)
        page = self._page_number.format(page=self._pageNumber, total=total)
        self.drawRightString(width - MARGIN_X, y, page)
        self.setFont(FONT, 8.5)
        self.drawRightString(
            width - MARGIN_X - pdfmetrics.stringWidth(page, FONT_BOLD, 9) - 14, y, self._printed
        )
        self.restoreState()


def build_handout_pdf(story: Story, *, base_url: str, printed_on: date | None = None) -> bytes:
    """The handout of a story as A4 landscape PDF bytes, in the story's language.

    Parameters
    ----------
    story
        dxdash.story.build.build_story(localized dataset, filters, locale): its handout
        sections are printed, nothing else.
    base_url
        The dashboard's address (e.g. ``st.context.url``); the title page's QR code opens it
        with the same filters and language.
    printed_on
        The date printed on every page; today when not given.
    """
    register_fonts()
    day = printed_on or date.today()
    locale = story.locale
    _ = locale._
    renderer = _Renderer(story)
    sections = story.handout()
    url = handout_url(base_url, story.filters, locale)

    flow: list[Flowable] = renderer.title_page(url, day, sections)
    previous: Section | None = None
    for section in sections:
        if _same_page(previous, section):
            flow.append(Spacer(1, 10))
        else:
            flow.append(PageBreak())
        flow += renderer.section(section)
        previous = section

    shown_filters = filters_text(story.filters, locale)
    buffer = io.BytesIO()
    document = _document(
        buffer,
        title=f"{_(DOCUMENT_TITLE)} {_(HANDOUT_KIND)}{locale.paren(shown_filters)}",
        author=str(story.report["publisher"]),
        subject=str(story.report["title"]),
        lang="en" if locale.english else "ja-JP",
    )
    footer = f"{_(DOCUMENT_TITLE)} {_(HANDOUT_KIND)}｜{shown_filters}"
    if locale.english:
        footer = f"{_(DOCUMENT_TITLE)} {_(HANDOUT_KIND)} | {shown_filters}"
    document.build(
        flow,
        canvasmaker=partial(
            _FooterCanvas,
            footer=footer,
            printed=_(PRINTED_FOOTER).format(date=locale.date(day)),
            page_number=_(PAGE_NUMBER),
        ),
    )
    return buffer.getvalue()


def _document(buffer: io.BytesIO, **metadata: str) -> SimpleDocTemplate:
    """An A4 landscape document with the handout's margins, in the shipped font."""
    return SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        creator="dxdash",
        initialFontName=FONT,  # no unembedded Helvetica in the file
        **metadata,
    )


def build_handout_or_notice(
    story: Story, *, base_url: str, notice: str, printed_on: date | None = None
) -> bytes:
    """build_handout_pdf, or — when the handout cannot be made — a one-page PDF saying so.

    The download button fetches the file after the click; a failure there would only show as
    a button that does nothing, so the reader gets a PDF with `notice` instead (and the
    error is logged for the administrator).
    """
    try:
        return build_handout_pdf(story, base_url=base_url, printed_on=printed_on)
    except Exception:  # any failure: say so in the file rather than nothing at all
        _LOGGER.exception("handout could not be made")
        return notice_pdf(notice, story.locale)


def notice_pdf(message: str, locale: Locale | None = None) -> bytes:
    """A one-page A4 landscape PDF that carries `message` (in the shipped font)."""
    register_fonts()
    locale = locale or get_locale("ja")
    renderer_styles = styles(locale.english)
    title = locale._(DOCUMENT_TITLE)
    buffer = io.BytesIO()
    document = _document(
        buffer,
        title=f"{title} {locale._(HANDOUT_KIND)}",
        lang="en" if locale.english else "ja-JP",
    )
    document.build(
        [
            Paragraph(escape(title), renderer_styles["h1"]),
            Spacer(1, 12),
            Paragraph(escape(message), renderer_styles["cover_item"]),
        ]
    )
    return buffer.getvalue()


def handout_file_stem(filters: Filters, locale: Locale | None = None) -> str:
    """The download's file stem: 「配布資料」 ("Handout"), plus the filters when any are applied."""
    locale = locale or get_locale("ja")
    parts = describe_filters(filters, locale)
    return locale._(HANDOUT_KIND) + ("_" + "_".join(parts) if parts else "")


__all__ = [
    "build_handout_or_notice",
    "build_handout_pdf",
    "cut_text",
    "filter_query_params",
    "filters_text",
    "handout_file_stem",
    "handout_url",
    "notice_pdf",
    "register_fonts",
    "styles",
]
