"""Chart images: real charts from real data rendered by vl-convert with the shipped font."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import altair as alt
import numpy as np
import pandas as pd
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfbase.ttfonts import TTFont

from dxdash.charts import count_bars, theme, timeline_chart
from dxdash.charts import images as chart_images
from dxdash.charts.images import (
    PRINT_FONT_FAMILY,
    PRINT_FONT_FILES,
    chart_to_pdf,
    chart_to_png,
    chart_to_svg,
)
from dxdash.data.dataset import REPO_ROOT, load_dataset
from dxdash.story import figures, tables
from tests import fixtures

JAPANESE = "群馬県デジタル窓口"
BOXES = "□" * len(JAPANESE)
TEXT_SIZE = 48


@pytest.fixture(scope="module")
def usage_chart(labelled):
    return fixtures.usage_chart(figures.usage_figures(labelled))


def grey(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        return np.asarray(image.convert("L"))


def dark_pixels(pixels: np.ndarray) -> int:
    return int((pixels < 128).sum())


def text_chart(text: str, font: str) -> alt.Chart:
    """One line of black text on white, nothing else."""
    return (
        alt.Chart(pd.DataFrame({"t": [text]}))
        .mark_text(font=font, fontSize=TEXT_SIZE, color="black", align="left", baseline="top")
        .encode(text="t:N", x=alt.value(4), y=alt.value(4))
        .properties(width=560, height=80)
        .configure_view(stroke=None)
    )


# --- the shipped font -----------------------------------------------------------------------


@pytest.mark.parametrize(("weight", "style"), [("regular", "Regular"), ("bold", "Bold")])
def test_print_fonts_are_shipped_named_noto_sans_jp(weight, style):
    path = PRINT_FONT_FILES[weight]
    assert path.parent == REPO_ROOT / "static" / "fonts" / "print"
    assert path.stat().st_size < 5_000_000
    assert ImageFont.truetype(str(path), 12).getname() == (PRINT_FONT_FAMILY, style)


def test_charts_ask_for_the_shipped_family_first():
    assert theme.FONT_FAMILY.split(",")[0].strip().strip('"') == PRINT_FONT_FAMILY


def _characters(paths) -> set[str]:
    chars: set[str] = set()
    for path in paths:
        chars |= {c for c in path.read_text(encoding="utf-8") if c.isprintable() and c != " "}
    return chars


NOT_IN_NOTO_CJK = {"≒"}  # U+2252: in no Noto Sans CJK v2 build (static/fonts/README.md)


def test_print_font_covers_the_data_and_the_handout_texts():
    sources = [
        *sorted(p for p in (REPO_ROOT / "data" / "source").glob("*") if p.is_file()),
        *sorted((REPO_ROOT / "data" / "source" / "translations").glob("*.csv")),  # English
        REPO_ROOT / "src" / "dxdash" / "render" / "pdf" / "handout.py",
        REPO_ROOT / "src" / "dxdash" / "story" / "figures.py",
        REPO_ROOT / "src" / "dxdash" / "story" / "tables.py",
        REPO_ROOT / "src" / "dxdash" / "story" / "filters.py",
    ]
    for weight, path in PRINT_FONT_FILES.items():
        covered = TTFont(f"coverage-{weight}", str(path)).face.charToGlyph
        missing = sorted(c for c in _characters(sources) - NOT_IN_NOTO_CJK if ord(c) not in covered)
        assert not missing, (
            f"{path.name} lacks {missing}: rebuild it with tools/build_print_fonts.py"
        )


# --- real charts ----------------------------------------------------------------------------


def test_usage_chart_png_is_a_real_picture(usage_chart):
    pixels = grey(chart_to_png(usage_chart))
    height, width = pixels.shape
    assert width > 600
    assert height > 600
    ink = dark_pixels(pixels) + int(((pixels >= 128) & (pixels < 250)).sum())
    assert ink > 0.03 * pixels.size  # bars, labels and axis, not a blank page
    assert pixels.std() > 20
    assert pixels[0, 0] == 255  # on white, as printed


def test_png_scale_multiplies_the_pixels(usage_chart):
    small = grey(chart_to_png(usage_chart, scale=1))
    large = grey(chart_to_png(usage_chart, scale=2))
    assert abs(large.shape[1] - 2 * small.shape[1]) <= 2
    assert abs(large.shape[0] - 2 * small.shape[0]) <= 2


def test_png_rendering_is_deterministic(usage_chart):
    assert chart_to_png(usage_chart) == chart_to_png(usage_chart)


@pytest.mark.parametrize(
    "build",
    [
        lambda lab: fixtures.rate_chart(figures.rate_figures(lab)),
        lambda lab: count_bars.build_models_chart(
            tables.models_by_type_and_field(load_dataset().initiatives)
        ),
        lambda lab: count_bars.build_survey_chart(load_dataset().survey),
        lambda lab: timeline_chart.build_timeline_chart(load_dataset().events),
    ],
    ids=["rates", "models", "survey", "timeline"],
)
def test_every_chart_kind_renders(labelled, build):
    pixels = grey(chart_to_png(build(labelled), scale=1))
    assert dark_pixels(pixels) > 500


def test_usage_chart_svg_keeps_the_report_wording(usage_chart):
    svg = chart_to_svg(usage_chart)
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag.endswith("svg")
    texts = "".join(root.itertext())
    for wording in ("約80万人", "約180万回", "利用者数・利用回数", "分野"):
        assert wording in texts
    assert re.search(r'font-family="[^"]*Noto Sans JP', svg)


def test_chart_pdf_embeds_the_shipped_font_and_no_other(usage_chart):
    pdf = chart_to_pdf(usage_chart)
    assert pdf.startswith(b"%PDF")
    names = set(re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([A-Za-z0-9-]+)", pdf))
    assert names == {b"NotoSansJP-Regular", b"NotoSansJP-Bold"}  # labels and bold values


# --- Japanese glyphs ------------------------------------------------------------------------


def pillow_ink(text: str, path: str) -> int:
    """Dark pixels of `text` drawn by Pillow (FreeType) straight from the font file."""
    image = Image.new("L", (700, 100), 255)
    ImageDraw.Draw(image).text((4, 4), text, font=ImageFont.truetype(path, TEXT_SIZE), fill=0)
    return dark_pixels(np.asarray(image))


def test_japanese_renders_with_the_shipped_glyphs():
    japanese = grey(chart_to_png(text_chart(JAPANESE, PRINT_FONT_FAMILY), scale=1))
    boxes = grey(chart_to_png(text_chart(BOXES, PRINT_FONT_FAMILY), scale=1))
    ink = dark_pixels(japanese)
    # Real kanji and kana carry far more ink than nine outline boxes (tofu) would.
    assert ink > 1.6 * dark_pixels(boxes)
    # …and as much as the shipped font's own glyphs drawn by FreeType (within 10 %); a serif or
    # bold fallback differs by more than 30 %.
    reference = pillow_ink(JAPANESE, str(PRINT_FONT_FILES["regular"]))
    assert abs(ink - reference) < 0.10 * reference


def test_the_theme_font_stack_resolves_to_the_shipped_font():
    stack = grey(chart_to_png(text_chart(JAPANESE, theme.FONT_FAMILY), scale=1))
    shipped = grey(chart_to_png(text_chart(JAPANESE, PRINT_FONT_FAMILY), scale=1))
    assert np.array_equal(stack, shipped)


def test_an_unknown_family_does_not_draw_the_same_glyphs():
    shipped = grey(chart_to_png(text_chart(JAPANESE, PRINT_FONT_FAMILY), scale=1))
    unknown = grey(chart_to_png(text_chart(JAPANESE, "No Such Font dxdash"), scale=1))
    assert shipped.shape != unknown.shape or not np.array_equal(shipped, unknown)


def test_fonts_are_registered_once(monkeypatch):
    calls = []
    monkeypatch.setattr(chart_images, "_registered", False)
    monkeypatch.setattr(chart_images.vl_convert, "register_font_directory", calls.append)
    chart_images.ensure_fonts()
    chart_images.ensure_fonts()
    assert calls == [str(chart_images.PRINT_FONT_DIR)]


def test_a_cached_spec_with_arrow_datasets_draws_the_same_chart(usage_chart):
    """dxdash.render.streamlit.blocks.chart_spec stores datasets as Arrow bytes; images are drawn from the rows."""
    from streamlit import dataframe_util

    spec = usage_chart.to_dict()
    cached = {
        **spec,
        "datasets": {
            name: dataframe_util.convert_anything_to_arrow_bytes(rows)
            for name, rows in spec["datasets"].items()
        },
    }
    assert all(isinstance(rows, bytes) for rows in cached["datasets"].values())
    assert chart_images.chart_spec(cached) == spec
    clip_ids = re.compile(r"clip\d+")  # vl-convert numbers clip paths per process, not per chart
    assert clip_ids.sub("clip", chart_to_svg(cached)) == clip_ids.sub("clip", chart_to_svg(spec))
