"""The self-hosted web fonts: the core font holds every character dxdash's own text uses.

A first visit downloads the two core files instead of dozens of unicode-range slices
(tools/build_web_fonts.py says why); these tests fail when new text needs a rebuild.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from dxdash.charts import theme
from dxdash.data.dataset import REPO_ROOT
from dxdash.render.streamlit import blocks as ui

CONFIG = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
FACES = CONFIG["theme"]["fontFaces"]
PRINT_FONT = REPO_ROOT / "static" / "fonts" / "print" / "NotoSansJP-Regular.ttf"


def _tool():
    spec = importlib.util.spec_from_file_location(
        "build_web_fonts", REPO_ROOT / "tools" / "build_web_fonts.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_web_fonts = _tool()


def _core_faces() -> list[dict]:
    return [face for face in FACES if face["family"] == build_web_fonts.CORE_FAMILY]


def test_the_core_family_comes_first_everywhere():
    for key in ("font", "headingFont"):
        assert CONFIG["theme"][key].split(",")[0].strip() == "Noto Sans JP"
    assert theme.FONT_FAMILY.startswith('"Noto Sans JP", "Noto Sans JP Full"')


def test_core_font_has_two_weights_with_the_same_range():
    faces = _core_faces()
    assert sorted(face["weight"] for face in faces) == ["400", "700"]
    assert faces[0]["unicodeRange"] == faces[1]["unicodeRange"]


@pytest.mark.parametrize("weight", [400, 700])
def test_core_file_covers_exactly_its_declared_range(weight):
    face = next(f for f in _core_faces() if f["weight"] == str(weight))
    path = REPO_ROOT / "static" / face["url"].removeprefix("app/static/")
    declared = build_web_fonts.parse_unicode_range(face["unicodeRange"])
    assert set(TTFont(path).getBestCmap()) == declared
    assert path.stat().st_size < 300 * 1024  # the point of the core font: one small file


def test_every_character_of_the_apps_text_is_in_the_core_font():
    """Fails after new text (data, translations, code) brings characters the core lacks."""
    declared = build_web_fonts.parse_unicode_range(_core_faces()[0]["unicodeRange"])
    in_print_font = set(TTFont(PRINT_FONT).getBestCmap())  # JIS X 0208 and more
    missing = sorted(
        c
        for c in build_web_fonts.app_characters()
        if ord(c) not in declared and ord(c) in in_print_font
    )
    assert not missing, f"run `python tools/build_web_fonts.py`: the core font lacks {missing}"


FULL_CSS = REPO_ROOT / "static" / "fonts" / "noto-sans-jp-full.css"


def test_the_full_slices_are_still_declared_for_other_characters():
    """In a stylesheet the page imports, not in the theme (sent on every rerun)."""
    rules = re.findall(r"@font-face \{(.*?)\}", FULL_CSS.read_text(encoding="utf-8"), re.S)
    assert len(rules) == 124
    for rule in rules:
        assert 'font-family: "Noto Sans JP Full"' in rule
        (name,) = re.findall(r'url\("([^"]+)"\)', rule)
        assert (FULL_CSS.parent / name).is_file()
        assert build_web_fonts.parse_unicode_range(
            re.search(r"unicode-range: ([^;]+);", rule)[1].replace(" ", "")
        )
    assert not [face for face in FACES if face["family"] == "Noto Sans JP Full"]
    assert "app/static/fonts/" + FULL_CSS.name == ui.FULL_FONT_CSS


@pytest.mark.parametrize(
    ("codes", "text"),
    [
        ({0x20}, "U+0020"),
        ({0x20, 0x21, 0x22}, "U+0020-0022"),
        ({0x3042, 0x20, 0x21}, "U+0020-0021,U+3042"),
        ({0x20000}, "U+20000"),
    ],
)
def test_unicode_range_round_trips(codes, text):
    assert build_web_fonts.unicode_range(codes) == text
    assert build_web_fonts.parse_unicode_range(text) == codes


def test_text_files_include_data_translations_and_pages():
    names = {Path(p).name for p in build_web_fonts.text_files()}
    assert {"ui.csv", "content.yaml", "initiatives.yaml", "app.py", "overview.py"} <= names
