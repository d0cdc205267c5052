"""The handout's page and type: A4 landscape geometry, the shipped Noto Sans JP (registered
once per process), colours from the chart theme, and the paragraph styles (Japanese line
breaking, or at spaces for English)."""

from __future__ import annotations

import threading
from functools import cache, partial
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from dxdash.charts import theme
from dxdash.charts.images import PRINT_FONT_FILES

PAGE_SIZE = landscape(A4)  # 841.9 × 595.3 pt
MARGIN_X = 14 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 16 * mm  # the footer sits in this band
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM

FONT = "NotoSansJP"
FONT_BOLD = "NotoSansJP-Bold"

ACCENT = colors.HexColor(theme.ACCENT_COLOR)
TEXT = colors.HexColor(theme.TEXT_COLOR)
MUTED = colors.HexColor(theme.MUTED_TEXT_COLOR)
RULE = colors.HexColor("#C9D3DF")
HEADER_FILL = colors.HexColor("#E8EEF5")
ZEBRA_FILL = colors.HexColor("#F6F8FA")

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


def _style(
    name: str, size: float, wrap: str | None, *, bold: bool = False, **kwargs: Any
) -> ParagraphStyle:
    """A paragraph style in the shipped font: Japanese line breaking, or at spaces for English."""
    return ParagraphStyle(
        name,
        fontName=FONT_BOLD if bold else FONT,
        fontSize=size,
        leading=kwargs.pop("leading", size * 1.4),
        textColor=kwargs.pop("textColor", TEXT),
        wordWrap=wrap,
        splitLongWords=1,  # a Japanese citation inside English text still wraps in its cell
        **kwargs,
    )


@cache
def styles(english: bool = False) -> dict[str, ParagraphStyle]:
    """The handout's paragraph styles; English breaks lines at spaces, Japanese anywhere."""
    s = partial(_style, wrap=None if english else "CJK")
    return {
        "kind": s("kind", 14, textColor=MUTED),
        "report": s("report", 15, leading=22, spaceBefore=6),
        "cover": s("cover", 34, bold=True, textColor=ACCENT, leading=44, spaceBefore=8),
        "cover_item": s("cover_item", 13, leading=20, spaceBefore=4),
        "h1": s("h1", 20, bold=True, textColor=ACCENT, leading=26, spaceAfter=2, keepWithNext=1),
        "h2": s("h2", 13, bold=True, leading=18, spaceBefore=10, spaceAfter=4, keepWithNext=1),
        "takeaway": s("takeaway", 12, bold=True, leading=17, spaceAfter=4),
        "body": s("body", 10.5, leading=15),
        "note": s("note", 8.5, textColor=MUTED, leading=12, spaceBefore=3),
        "cell": s("cell", 8.5, leading=11.5),
        "cell_bold": s("cell_bold", 8.5, bold=True, leading=11.5),
        "head": s("head", 8.5, bold=True, leading=11.5),
        "kpi_label": s("kpi_label", 9.5, textColor=MUTED, leading=13),
        "kpi_number": s("kpi_number", 24, bold=True, leading=30),
        "kpi_text": s("kpi_text", 12.5, bold=True, textColor=ACCENT, leading=17),
        "kpi_note": s("kpi_note", 8.5, textColor=MUTED, leading=12),
        "kpi_source": s("kpi_source", 7, textColor=MUTED, leading=9.5, spaceBefore=2),
        "url": s("url", 8.5, textColor=MUTED, leading=11),
    }


STYLES = styles(False)  # the Japanese styles (kept for callers that set their own paragraphs)
