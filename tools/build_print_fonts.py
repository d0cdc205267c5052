"""Rebuild the print fonts (NotoSansJP-Regular.ttf, NotoSansJP-Bold.ttf) in this folder.

A one-off tool, not run by the app or CI: the TTF files it writes are committed.

    apt-get install -y fonts-noto-cjk          # Debian 1:20220127+repack1-1
    pip install fonttools brotli                # build tool only, not in requirements.txt
    python tools/build_print_fonts.py

It subsets Debian's Noto Sans CJK JP (font number 0 of NotoSansCJK-{Regular,Bold}.ttc) to
ASCII, Latin-1, JIS X 0208, the CP932 (Windows) extensions, full-width forms, kana and the
characters dxdash's data and code use; converts the CFF (cubic) outlines to TrueType (quadratic)
glyf outlines, because ReportLab embeds only TrueType outlines; and renames the family
"Noto Sans JP", the name the charts ask for (dxdash.charts.theme.FONT_FAMILY).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

REPO_ROOT = Path(__file__).resolve().parents[1]
HERE = REPO_ROOT / "static" / "fonts" / "print"  # where the built fonts go (and are served from)
SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
JP_FONT_NUMBER = 0  # Noto Sans CJK JP in Debian's TTC
FAMILY = "Noto Sans JP"
STYLES = ("Regular", "Bold")
MAX_ERROR = 1.0  # font units (of 1000 per em) allowed between cubic and quadratic curves

RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1
    (0x0391, 0x03C9),  # Greek
    (0x2010, 0x203B),  # dashes, quotes, ※
    (0x2160, 0x217B),  # Roman numerals
    (0x2190, 0x2193),  # arrows
    (0x2460, 0x2473),  # ① … ⑳
    (0x3000, 0x30FF),  # CJK symbols, hiragana, katakana
    (0xFF01, 0xFF9F),  # full-width ASCII and half-width katakana
    (0xFFE0, 0xFFE6),  # full-width signs
)


def _two_byte_chars(encoding: str, leads: range, trails: range) -> set[str]:
    """Every single character a two-byte code of `encoding` decodes to (no private use)."""
    found = set()
    for lead in leads:
        for trail in trails:
            try:
                text = bytes([lead, trail]).decode(encoding)
            except UnicodeDecodeError:
                continue
            if len(text) == 1 and not 0xE000 <= ord(text) <= 0xF8FF:
                found.add(text)
    return found


def wanted_characters() -> set[str]:
    """The characters the print fonts cover."""
    chars = {chr(c) for low, high in RANGES for c in range(low, high + 1)}
    chars |= _two_byte_chars("euc_jp", range(0xA1, 0xFF), range(0xA1, 0xFF))  # JIS X 0208
    chars |= _two_byte_chars("cp932", range(0x81, 0xFD), range(0x40, 0xFD))  # + NEC/IBM
    texts = [*(REPO_ROOT / "data" / "source").glob("*"), *(REPO_ROOT / "src").rglob("*.py")]
    for path in texts:
        chars |= {c for c in path.read_text(encoding="utf-8") if c.isprintable()}
    return chars


def _to_truetype(font: TTFont) -> None:
    """Replace the CFF table by glyf/loca with quadratic outlines (after fontTools' otf2ttf)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    for name in order:  # bounding boxes for hmtx left side bearings
        glyf[name].recalcBounds(glyf)
    font["maxp"] = newTable("maxp")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.numGlyphs = len(order)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0


def _rename(font: TTFont, style: str) -> None:
    """Name the family "Noto Sans JP" (the OFL's Reserved Font Name is 'Source', not used)."""
    names = font["name"]
    full = f"{FAMILY} {style}"
    postscript = f"NotoSansJP-{style}"
    # Every language's family and style names go (the Japanese ones say "Noto Sans CJK JP"), and
    # the typographic names too: the plain ones suffice for two weights.
    for name_id in (1, 2, 3, 4, 6, 16, 17, 21, 22):
        names.removeNames(nameID=name_id)
    for name_id, text in (
        (1, FAMILY),
        (2, style),
        (3, f"dxdash print subset;{postscript}"),
        (4, full),
        (6, postscript),
    ):
        names.setName(text, name_id, 3, 1, 0x409)
        names.setName(text, name_id, 1, 0, 0)
    names.names = [r for r in names.names if r.platformID in (1, 3)]


def build(style: str, chars: set[str]) -> Path:
    """Subset, convert and rename one weight; return the written file."""
    source = SOURCE_DIR / f"NotoSansCJK-{style}.ttc"
    font = TTCollection(source).fonts[JP_FONT_NUMBER]
    # Ideographic variation sequences (cmap format 14) would double the glyphs: not needed.
    cmap = font["cmap"]
    cmap.tables = [table for table in cmap.tables if table.format != 14]
    options = subset.Options()
    # No "locl": its Chinese and Korean forms would double the glyphs.
    options.layout_features = ["ccmp", "kern", "liga", "mark", "mkmk", "palt"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    options.notdef_outline = True
    options.drop_tables += ["VORG", "vhea", "vmtx", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    _to_truetype(font)
    _rename(font, style)
    target = HERE / f"NotoSansJP-{style}.ttf"
    font.recalcTimestamp = False  # keep the source's dates: the same input gives the same bytes
    font.save(target)
    return target


def main() -> int:
    """Write both weights and report their sizes."""
    chars = wanted_characters()
    for style in STYLES:
        target = build(style, chars)
        glyphs = len(TTFont(target).getGlyphOrder())
        print(f"{target.name}: {glyphs} glyphs, {target.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
