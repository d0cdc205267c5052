"""A printable handout of the current (filtered) dashboard: an A4 landscape PDF for meetings.

``build_handout_pdf(dataset, filters, base_url=...)`` returns the PDF bytes. Pure: no
Streamlit; charts come from dxdash.charts.builders rendered by dxdash.charts.images, numbers from
dxdash.story.views after the same dxdash.story.filters the pages apply, so the handout shows exactly the
view on screen. Every figure is printed in the report's wording with its qualifier, as-of and
source; the Japanese text is set in the project's own Noto Sans JP (static/fonts/print/),
embedded as a subset, so it prints the same on any PC.

Layout (docs/handout.md): a title page (report title, filters, print date, QR code of the
live view), then one section per page — 概要, 利用実績, 達成率, 群馬モデル, 外部評価, 推進経過.
A chart is always on the same page as its heading; tables may run on to following pages with
their header row repeated. Every page's footer carries the filters, the print date and "n / N".
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any
from urllib.parse import unquote
from xml.sax.saxutils import escape

import pandas as pd
import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
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
    TableStyle,
)

from dxdash.charts import builders as charts
from dxdash.charts import theme
from dxdash.charts.images import PRINT_FONT_FILES, chart_to_png
from dxdash.data.dataset import Dataset
from dxdash.render.slides import present
from dxdash.story import url_state, views
from dxdash.story.filters import (
    Filters,
    describe_filters,
    filter_events,
    filter_initiatives,
    filter_metrics,
    filter_survey,
)

PAGE_SIZE = landscape(A4)  # 841.9 × 595.3 pt
MARGIN_X = 14 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 16 * mm  # the footer sits in this band
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM
CHART_RESERVE = 118  # pt kept free on a chart's page for its heading, takeaway and notes
CHART_WIDTH_PX = 880  # charts are drawn this wide, then fitted to the page
CHART_SCALE = 2  # PNG pixels per CSS pixel: ~190 dpi once fitted to the page

FONT = "NotoSansJP"
FONT_BOLD = "NotoSansJP-Bold"

DOCUMENT_TITLE = "群馬県 DX推進実績"
HANDOUT_KIND = "配布資料"
NO_FILTERS = "絞り込みなし（すべて）"
EMPTY_MESSAGE = "この絞り込みでは該当するデータがありません。"
QR_CAPTION = "スマートフォンで読み取ると、この絞り込みのままダッシュボードを開けます。"
QR_CAPTION_UNFILTERED = (
    "絞り込みが長すぎてQRコードにできないため、読み取ると絞り込みなしのダッシュボードを開きます。"
)


@dataclass(frozen=True)
class Section:
    """One section of the handout: its heading, which starts a new page."""

    key: str
    title: str


SECTIONS: tuple[Section, ...] = (
    Section("overview", "概要"),
    Section("usage", "利用実績"),
    Section("rates", "達成率"),
    Section("models", "群馬モデル"),
    Section("evaluations", "外部評価"),
    Section("timeline", "推進経過"),
)

ACCENT = colors.HexColor(theme.ACCENT_COLOR)
TEXT = colors.HexColor(theme.TEXT_COLOR)
MUTED = colors.HexColor(theme.MUTED_TEXT_COLOR)
RULE = colors.HexColor("#C9D3DF")
HEADER_FILL = colors.HexColor("#E8EEF5")
ZEBRA_FILL = colors.HexColor("#F6F8FA")

_LOGGER = logging.getLogger(__name__)
_fonts_registered = False
_fonts_lock = threading.Lock()


def register_fonts() -> None:
    """Register the shipped Noto Sans JP (Regular, Bold) with ReportLab, once per process."""
    global _fonts_registered
    with _fonts_lock:
        if _fonts_registered:
            return
        pdfmetrics.registerFont(TTFont(FONT, str(PRINT_FONT_FILES["regular"])))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(PRINT_FONT_FILES["bold"])))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
        )
        _fonts_registered = True


def _style(name: str, size: float, *, bold: bool = False, **kwargs: Any) -> ParagraphStyle:
    """A paragraph style in the shipped font, with Japanese line breaking."""
    return ParagraphStyle(
        name,
        fontName=FONT_BOLD if bold else FONT,
        fontSize=size,
        leading=kwargs.pop("leading", size * 1.4),
        textColor=kwargs.pop("textColor", TEXT),
        wordWrap="CJK",
        **kwargs,
    )


STYLES: dict[str, ParagraphStyle] = {
    "kind": _style("kind", 14, textColor=MUTED),
    "report": _style("report", 15, leading=22, spaceBefore=6),
    "cover": _style("cover", 34, bold=True, textColor=ACCENT, leading=44, spaceBefore=8),
    "cover_item": _style("cover_item", 13, leading=20, spaceBefore=4),
    "h1": _style("h1", 20, bold=True, textColor=ACCENT, leading=26, spaceAfter=2, keepWithNext=1),
    "h2": _style("h2", 13, bold=True, leading=18, spaceBefore=10, spaceAfter=4, keepWithNext=1),
    "takeaway": _style("takeaway", 12, bold=True, leading=17, spaceAfter=4),
    "body": _style("body", 10.5, leading=15),
    "note": _style("note", 8.5, textColor=MUTED, leading=12, spaceBefore=3),
    "cell": _style("cell", 8.5, leading=11.5),
    "cell_bold": _style("cell_bold", 8.5, bold=True, leading=11.5),
    "head": _style("head", 8.5, bold=True, leading=11.5),
    "kpi_label": _style("kpi_label", 9.5, textColor=MUTED, leading=13),
    "kpi_number": _style("kpi_number", 24, bold=True, leading=30),
    "kpi_text": _style("kpi_text", 12.5, bold=True, textColor=ACCENT, leading=17),
    "kpi_note": _style("kpi_note", 8.5, textColor=MUTED, leading=12),
    "kpi_source": _style("kpi_source", 7, textColor=MUTED, leading=9.5, spaceBefore=2),
    "url": _style("url", 8.5, textColor=MUTED, leading=11),
}


# The most characters one paragraph prints; longer text is cut with "…" (the screen and the
# downloads keep it whole). A paragraph cannot split inside a table cell or the title page,
# so without a cap a 3,000-character name or a 200-character report title cannot be laid out.
MAX_TEXT = 300
TITLE_PAGE_LIMIT = 80  # the report title and the filters on the title page (one page)
TEXT_LIMITS = {"report": 120, "cover": 60, "h1": 100, "h2": 100, "head": 60, "kpi_number": 40}
TEXT_LIMITS |= {"kpi_label": 100, "kpi_text": 100, "kpi_note": 100, "kpi_source": 120}


def cut_text(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, the last one "…" when anything was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _p(text: object, style: str = "body") -> Paragraph:
    """A paragraph of data text: escaped (never markup), newlines kept, cut to its limit."""
    shown = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
    shown = cut_text(shown, TEXT_LIMITS.get(style, MAX_TEXT))
    return Paragraph(escape(shown).replace("\n", "<br/>"), STYLES[style])


def format_date_ja(day: date) -> str:
    """2026-11-26 → 「2026年11月26日」."""
    return f"{day.year}年{day.month}月{day.day}日"


def filter_query_params(filters: Filters) -> dict[str, list[str]]:
    """The dashboard URL parameters of `filters`: the same canonical values the app writes."""
    return url_state.encode_filters(filters)


def handout_url(base_url: str, filters: Filters) -> str:
    """The live dashboard URL showing the same filtered view (what the QR code opens)."""
    return present.dashboard_url(base_url, filter_query_params(filters))


def filters_text(filters: Filters) -> str:
    """The filters in words: 「分野：教育 ／ 年度：2022年度」, or 「絞り込みなし（すべて）」."""
    return " ／ ".join(describe_filters(filters, "ja")) or NO_FILTERS


def qr_png(url: str) -> bytes:
    """A QR code of `url` as PNG bytes (segno, made locally: no network).

    segno.DataOverflowError when the URL is too long for any QR code (a very long keyword).
    """
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def figure_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures as the handout prints them: report wording, qualifier, as-of, 分野, note, source."""
    return pd.DataFrame(
        {
            "施策": figures["short_name"].to_numpy(),
            "指標": figures["metric"].to_numpy(),
            "数値（報告書の表記）": figures["display"].to_numpy(),
            "修飾語": figures["qualifier"].fillna("").to_numpy(),
            "時点": figures["as_of_display"].to_numpy(),
            "分野": figures["field"].to_numpy(),
            # A figure with a previous value says how it moved, before the report's note.
            "注記": [
                "\n".join(part for part in (change, note) if part)
                for change, note in zip(
                    figures.get("change_display", pd.Series("", figures.index)).fillna(""),
                    figures["note"].fillna(""),
                    strict=True,
                )
            ],
            "出典（報告書の見出し）": figures["source"].to_numpy(),
        }
    )


FIGURE_COLUMNS_PT = (95, 150, 75, 34, 85, 46, 130, 205)
MODEL_COLUMNS_PT = (78, 30, 170, 422, 70)
EVENT_COLUMNS_PT = (62, 48, 170, 320, 60, 110)
BOLD_COLUMNS = ("数値（報告書の表記）", "年月")


def _table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A table style whose plain-string cells also use the shipped font (never Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def _table(frame: pd.DataFrame, widths: Sequence[float] | None = None, note: str = "") -> Table:
    """A table of Paragraph cells that wraps Japanese text, header repeated on every page.

    `note` (the source) is the table's last row, spanning every column, so it always prints
    right beneath the table and is never left alone at the top of a page.
    """
    header = [_p(name, "head") for name in frame.columns]
    body = [
        [
            _p(value, "cell_bold" if name in BOLD_COLUMNS else "cell")
            for name, value in zip(frame.columns, row, strict=True)
        ]
        for row in frame.itertuples(index=False)
    ]
    rows = [header, *body]
    scale = FRAME_WIDTH / sum(widths) if widths else 1.0
    col_widths = [w * scale for w in widths] if widths else None
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, len(body)), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), ZEBRA_FILL) for r in range(2, len(body) + 1, 2)]
    if note:
        rows.append([_p(note, "note")] + [""] * (len(frame.columns) - 1))
        style += [("SPAN", (0, -1), (-1, -1)), ("LEFTPADDING", (0, -1), (-1, -1), 0)]
    table = Table(rows, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(_table_style(style))
    return table


def _chart_image(chart: Any, max_height: float = FRAME_HEIGHT - CHART_RESERVE) -> Image:
    """The chart as a PNG image fitted to the page width and the room left under its heading."""
    png = chart_to_png(chart.properties(width=CHART_WIDTH_PX), scale=CHART_SCALE)
    width_px, height_px = ImageReader(io.BytesIO(png)).getSize()
    width, height = width_px / CHART_SCALE, height_px / CHART_SCALE  # 1 CSS px drawn as 1 pt
    fit = min(1.0, FRAME_WIDTH / width, max_height / height)
    image = Image(io.BytesIO(png), width=width * fit, height=height * fit)
    image.hAlign = "LEFT"
    return image


def _chart_block(
    title: str, takeaway: str, chart: Any, notes: Sequence[str], *, level: str = "h1"
) -> KeepTogether:
    """Heading, takeaway, chart and the notes beneath it, kept together on one page."""
    parts: list[Flowable] = [_p(title, level), _p(takeaway, "takeaway"), _chart_image(chart)]
    parts += [_p(note, "note") for note in notes if note]
    return KeepTogether(parts)


def _empty_section(title: str, source: str) -> list[Flowable]:
    """A section whose data the filters leave empty: its heading and a plain sentence."""
    return [_p(title, "h1"), Spacer(1, 8), _p(EMPTY_MESSAGE, "body"), _p(source, "note")]


def _source(dataset: Dataset, heading: str = "") -> str:
    """The citation under a figure or table, with the report heading where one applies."""
    return dataset.source_note + (f"／{heading}" if heading else "")


def _kpi_card(card: views.Kpi, source: str, width: float) -> Table:
    """One headline number: label, the report's wording (large when a number), as-of, source."""
    numeric = any(ch.isdigit() for ch in card.display) and len(card.display) <= 12
    cell = [
        _p(card.label, "kpi_label"),
        _p(card.display, "kpi_number" if numeric else "kpi_text"),
        _p(card.as_of, "kpi_note"),
        *([_p(card.change, "kpi_note")] if card.change else []),
        _p(f"出典：{source}" if source else "", "kpi_source"),
    ]
    box = Table([[cell]], colWidths=[width])
    box.setStyle(
        _table_style(
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


def _kpi_grid(cards: Sequence[tuple[views.Kpi, str]], per_row: int = 3) -> Table:
    """(card, source heading) pairs in rows of `per_row`, the full page width."""
    gap = 10
    width = (FRAME_WIDTH - gap * (per_row - 1)) / per_row
    cells: list[Any] = [_kpi_card(card, source, width - 2) for card, source in cards]
    rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    rows[-1] += [""] * (per_row - len(rows[-1]))
    grid = Table(rows, colWidths=[width + gap] * (per_row - 1) + [width], hAlign="LEFT")
    grid.setStyle(
        _table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), gap),
                ("BOTTOMPADDING", (0, 0), (-1, -1), gap),
            ]
        )
    )
    return grid


def _heading_of(source: object) -> str:
    """The report's section of a source heading: 「3.(3) 外部評価 — …」 → 「3.(3) 外部評価」."""
    return str(source).split(" — ", 1)[0].strip() if isinstance(source, str) else ""


def _events_source(dataset: Dataset, events: pd.DataFrame) -> str:
    """The citation under a table of events: the report and the sections the events are from."""
    headings = "、".join(dict.fromkeys(h for h in map(_heading_of, events["source"]) if h))
    return _source(dataset, headings)


def _program_sources(dataset: Dataset) -> list[str]:
    """The report headings behind views.headline_program_kpis, card by card, in its order."""
    metrics, events = dataset.latest, dataset.events
    sources = []
    rate = metrics.loc[
        (metrics["initiative_id"] == views.DX_PROGRAM_ID)
        & (metrics["metric"] == views.DX_PROGRAM_RATE)
    ]
    if not rate.empty:
        sources.append(str(rate["source"].iloc[0]))
    models = metrics.loc[
        (metrics["initiative_id"] == views.GUNMA_MODELS_ID)
        & (metrics["metric"] == "群馬モデル件数")
    ]
    if not models.empty:
        sources.append(str(models["source"].iloc[0]))
    evaluated = events.loc[
        events["event_id"].isin(views.EVALUATION_EVENT_IDS) & events["date"].notna()
    ]
    if not evaluated.empty:
        sources.append("、".join(dict.fromkeys(_heading_of(s) for s in evaluated["source"])))
    return sources


def _usage_source(labelled: pd.DataFrame, card: views.Kpi) -> str:
    """The report heading of a usage card's figure."""
    for owner, metric, label in views.HEADLINE_USAGE:
        if owner == card.initiative_id and label == card.label:
            row = views.find_figure(labelled, owner, metric)
            return "" if row is None else str(row["source"])
    return ""


@dataclass(frozen=True)
class _View:
    """The tables after the filters, as the pages compute them."""

    shown: pd.DataFrame
    labelled: pd.DataFrame
    events: pd.DataFrame
    survey: pd.DataFrame


def _apply(dataset: Dataset, filters: Filters) -> _View:
    """Apply the dashboard's filters exactly as its pages do."""
    shown = filter_initiatives(dataset.initiatives, filters)
    metrics = filter_metrics(dataset.latest, dataset.initiatives, shown, filters)
    return _View(
        shown=shown,
        labelled=views.with_labels(metrics, dataset.initiatives, dataset.programs, lang="ja"),
        events=filter_events(dataset.events, shown, filters),
        survey=filter_survey(dataset.survey, filters),
    )


def _title_page(dataset: Dataset, filters: Filters, url: str, printed_on: date) -> list[Flowable]:
    """Report title, 「群馬県 DX推進実績」, filters, print date, contents and the QR code."""
    report = dataset.report
    title = cut_text(str(report["title"]), TITLE_PAGE_LIMIT)  # all of it must fit one page
    left: list[Flowable] = [
        _p(f"{HANDOUT_KIND}（ダッシュボードより）", "kind"),
        _p(f"「{title}」", "report"),
        _p(DOCUMENT_TITLE, "cover"),
        Spacer(1, 14),
        _p(f"表示中：{cut_text(filters_text(filters), TITLE_PAGE_LIMIT)}", "cover_item"),
        _p(f"印刷日：{format_date_ja(printed_on)}", "cover_item"),
        _p(
            f"数値の出典：{cut_text(str(report['publisher']), 40)}「{title}」"
            f"（{report['published_text']}）{report['url']}",
            "cover_item",
        ),
        _p(
            "数値はすべて報告書の表記のまま（約・超・以上・程度・見込を含む）、時点と出典を添えています。",
            "cover_item",
        ),
        Spacer(1, 14),
        _p("内容", "h2"),
        _p("　".join(f"{i}. {s.title}" for i, s in enumerate(SECTIONS, start=1)), "body"),
    ]
    qr_size = 150
    try:
        code, caption = qr_png(url), QR_CAPTION
    except segno.DataOverflowError:  # the filters make the URL too long for a QR code
        code, caption = qr_png(present.dashboard_url(url, {})), QR_CAPTION_UNFILTERED
    right: list[Flowable] = [
        Image(io.BytesIO(code), width=qr_size, height=qr_size),
        _p(caption, "note"),
        _p(unquote(url), "url"),
    ]
    layout = Table([[left, right]], colWidths=[FRAME_WIDTH - 200, 200], hAlign="LEFT")
    layout.setStyle(
        _table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 24),
                ("TOPPADDING", (0, 0), (-1, -1), 40),
            ]
        )
    )
    return [layout]


def _overview(dataset: Dataset, view: _View) -> list[Flowable]:
    """概要: the program-wide answers, then the largest usage figures still shown."""
    program = views.headline_program_kpis(dataset.latest, dataset.events, lang="ja")
    program_sources = _program_sources(dataset)
    if len(program_sources) != len(program):  # never pair a card with another's source
        program_sources = [""] * len(program)
    usage = views.headline_usage(view.labelled, lang="ja")
    story: list[Flowable] = [
        _p(SECTIONS[0].title, "h1"),
        _p("「日本最先端クラスのデジタル県」の実現に向けた取組の成果", "takeaway"),
        _p("県全体の成果（絞り込みの対象外）", "h2"),
        _kpi_grid(list(zip(program, program_sources, strict=True))),
        _p(dataset.source_note, "note"),
        _p("主な利用実績", "h2"),
    ]
    if usage:
        story += [
            _kpi_grid([(card, _usage_source(view.labelled, card)) for card in usage]),
            _p(dataset.source_note, "note"),
        ]
    else:
        story.append(_p(EMPTY_MESSAGE, "body"))
    return story


def _figures_section(
    dataset: Dataset, section: Section, figures: pd.DataFrame, *, rates: bool
) -> list[Flowable]:
    """利用実績 / 達成率: the chart with its as-of note, then every figure in a table."""
    if figures.empty:
        return _empty_section(section.title, dataset.source_note)
    if rates:
        chart, takeaway = charts.build_rate_chart(figures), views.rate_takeaway(figures, lang="ja")
    else:
        chart, takeaway = (
            charts.build_usage_chart(figures),
            views.usage_takeaway(figures, lang="ja"),
        )
    return [
        _chart_block(
            section.title,
            takeaway,
            chart,
            [views.as_of_note(figures, lang="ja"), dataset.source_note],
        ),
        _p("数値の一覧（報告書の表記）", "h2"),
        _table(figure_table(figures), FIGURE_COLUMNS_PT, dataset.source_note),
    ]


def _models(dataset: Dataset, view: _View) -> list[Flowable]:
    """群馬モデル: types by 分野 as a chart, then the table as the report prints it."""
    section = SECTIONS[3]
    source = _source(dataset, "3.(2) 群馬モデルの創出")
    counts = views.models_by_type_and_field(view.shown)
    if counts.empty:
        return _empty_section(section.title, source)
    table = views.models_table(view.shown).drop(columns=["initiative_id"])
    return [
        _chart_block(
            section.title,
            views.models_takeaway(counts, lang="ja"),
            charts.build_models_chart(counts),
            ["報告書では計15件（ワイズスペンディング2件＋他自治体の見本13件）", source],
        ),
        _p("群馬モデル一覧", "h2"),
        _table(table, MODEL_COLUMNS_PT, source),
    ]


def _evaluations(dataset: Dataset, view: _View) -> list[Flowable]:
    """外部評価: the happiness survey (chart and table), then awards, meetings and listings."""
    section = SECTIONS[4]
    story: list[Flowable] = []
    if view.survey.empty:
        story += [_p(section.title, "h1"), _p("県民幸福度アンケート", "h2"), _p(EMPTY_MESSAGE)]
    else:
        source = _source(dataset, str(view.survey["source"].iloc[0]))
        method = str(view.survey["method"].iloc[0])
        survey_table = _survey_table(view.survey)
        story += [
            _chart_block(
                section.title,
                views.survey_takeaway(view.survey, lang="ja"),
                charts.build_survey_chart(view.survey, height=250),
                [f"県民幸福度アンケート（デジタル関連の設問抜粋）。{method}", source],
            ),
            _p("県民幸福度アンケート（点）", "h2"),
            _table(survey_table, (420,) + (90,) * (len(survey_table.columns) - 1), source),
        ]
    for title, kinds in views.EVALUATION_SECTIONS:
        rows = view.events.loc[view.events["kind"].isin(kinds)]
        story.append(_p(title, "h2"))
        if rows.empty:
            story.append(_p("該当する出来事はありません。"))
        else:
            table = views.events_table(rows, kinds, lang="ja")
            story.append(_table(table, EVENT_COLUMNS_PT, _events_source(dataset, rows)))
    return story


def _survey_table(survey: pd.DataFrame) -> pd.DataFrame:
    """views.survey_table with scores printed to one decimal, as the report does."""
    table = views.survey_table(survey, lang="ja")
    for column in table.columns[1:]:
        table[column] = table[column].map(lambda v: "" if pd.isna(v) else f"{v:.1f}")
    return table


def _timeline(dataset: Dataset, view: _View) -> list[Flowable]:
    """推進経過: the dated milestones on a time axis, then every event in a table."""
    section = SECTIONS[5]
    if view.events.empty:
        return _empty_section(section.title, dataset.source_note)
    source = _events_source(dataset, view.events)
    story: list[Flowable] = []
    if view.events["date"].notna().any():
        story.append(
            _chart_block(
                section.title,
                views.timeline_takeaway(view.events, lang="ja"),
                charts.build_timeline_chart(view.events),
                ["年月の記載がない出来事は表にのみ掲載", source],
            )
        )
    else:
        story.append(_p(section.title, "h1"))
    story += [
        _p("出来事の一覧", "h2"),
        _table(views.events_table(view.events, lang="ja"), EVENT_COLUMNS_PT, source),
    ]
    return story


class _FooterCanvas(Canvas):
    """A canvas that holds every page until the end, then writes "n / N" in each footer."""

    def __init__(self, *args: Any, footer: str, printed: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._printed = printed
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
        room = FRAME_WIDTH - 200  # the print date and page number take the rest
        footer = self._footer
        while len(footer) > 1 and pdfmetrics.stringWidth(footer, FONT, 8.5) > room:
            footer = cut_text(footer, len(footer) - 1)  # a long keyword: cut, never overprint
        self.drawString(MARGIN_X, y, footer)
        self.setFont(FONT_BOLD, 9)
        page = f"{self._pageNumber} / {total}"
        self.drawRightString(width - MARGIN_X, y, page)
        self.setFont(FONT, 8.5)
        self.drawRightString(
            width - MARGIN_X - pdfmetrics.stringWidth(page, FONT_BOLD, 9) - 14,
            y,
            f"印刷日 {self._printed}",
        )
        self.restoreState()


def build_handout_pdf(
    dataset: Dataset,
    filters: Filters,
    *,
    base_url: str,
    printed_on: date | None = None,
) -> bytes:
    """The handout of the current view as A4 landscape PDF bytes.

    Parameters
    ----------
    dataset
        The loaded tables (dxdash.data.dataset.load_dataset).
    filters
        The sidebar's filters; every section shows exactly what the pages show under them.
    base_url
        The dashboard's address (e.g. ``st.context.url``); the title page's QR code opens it
        with the same filters.
    printed_on
        The date printed on every page; today when not given.
    """
    register_fonts()
    day = printed_on or date.today()
    view = _apply(dataset, filters)
    url = handout_url(base_url, filters)

    story: list[Flowable] = _title_page(dataset, filters, url, day)
    sections = (
        _overview(dataset, view),
        _figures_section(dataset, SECTIONS[1], views.usage_figures(view.labelled), rates=False),
        _figures_section(dataset, SECTIONS[2], views.rate_figures(view.labelled), rates=True),
        _models(dataset, view),
        _evaluations(dataset, view),
        _timeline(dataset, view),
    )
    for flowables in sections:
        story += [PageBreak(), *flowables]

    buffer = io.BytesIO()
    document = _document(
        buffer,
        title=f"{DOCUMENT_TITLE} {HANDOUT_KIND}（{filters_text(filters)}）",
        author=dataset.report["publisher"],
        subject=dataset.report["title"],
        lang="ja-JP",
    )
    footer = f"{DOCUMENT_TITLE} {HANDOUT_KIND}｜{filters_text(filters)}"
    document.build(
        story,
        canvasmaker=partial(_FooterCanvas, footer=footer, printed=format_date_ja(day)),
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
    dataset: Dataset,
    filters: Filters,
    *,
    base_url: str,
    notice: str,
    printed_on: date | None = None,
) -> bytes:
    """build_handout_pdf, or — when the handout cannot be made — a one-page PDF saying so.

    The download button fetches the file after the click; a failure there would only show as
    a button that does nothing, so the reader gets a PDF with `notice` instead (and the
    error is logged for the administrator).
    """
    try:
        return build_handout_pdf(dataset, filters, base_url=base_url, printed_on=printed_on)
    except Exception:  # any failure: say so in the file rather than nothing at all
        _LOGGER.exception("handout could not be made")
        return notice_pdf(notice)


def notice_pdf(message: str) -> bytes:
    """A one-page A4 landscape PDF that carries `message` (in the shipped font)."""
    register_fonts()
    buffer = io.BytesIO()
    document = _document(buffer, title=f"{DOCUMENT_TITLE} {HANDOUT_KIND}")
    document.build([_p(DOCUMENT_TITLE, "h1"), Spacer(1, 12), _p(message, "cover_item")])
    return buffer.getvalue()


def handout_file_stem(filters: Filters) -> str:
    """The download's file stem: 「配布資料」, plus the filters when any are applied."""
    parts = describe_filters(filters, "ja")
    return HANDOUT_KIND + ("_" + "_".join(parts) if parts else "")


__all__ = [
    "SECTIONS",
    "build_handout_or_notice",
    "build_handout_pdf",
    "cut_text",
    "filter_query_params",
    "filters_text",
    "handout_file_stem",
    "handout_url",
    "notice_pdf",
    "register_fonts",
]
