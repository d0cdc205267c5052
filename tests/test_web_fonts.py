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
from dxdash.data.dataset import REPO_ROOT, load_dataset
from dxdash.locale import get_locale
from dxdash.render import web_fonts
from dxdash.render.streamlit import blocks
from dxdash.story import content as localize

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
    declared = web_fonts.parse_unicode_range(face["unicodeRange"])
    assert set(TTFont(path).getBestCmap()) == declared
    assert path.stat().st_size < 300 * 1024  # the point of the core font: one small file


def test_every_character_of_the_apps_text_is_in_the_core_font():
    """Fails after new text (data, translations, code) brings characters the core lacks."""
    declared = web_fonts.parse_unicode_range(_core_faces()[0]["unicodeRange"])
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
        assert web_fonts.parse_unicode_range(
            re.search(r"unicode-range: ([^;]+);", rule)[1].replace(" ", "")
        )
    assert not [face for face in FACES if face["family"] == "Noto Sans JP Full"]
    assert "app/static/fonts/" + FULL_CSS.name == blocks.FULL_FONT_CSS


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
    assert web_fonts.parse_unicode_range(text) == codes


def test_text_files_include_data_translations_and_pages():
    names = {Path(p).name for p in build_web_fonts.text_files()}
    assert {"ui.csv", "content.yaml", "initiatives.yaml", "app.py", "overview.py"} <= names


# ---- which pages import the full font (dxdash.render.web_fonts) ----


def test_the_app_reads_the_core_range_the_config_declares():
    (face,) = [f for f in _core_faces() if str(f["weight"]) == "400"]
    assert web_fonts.core_code_points() == web_fonts.parse_unicode_range(face["unicodeRange"])
    assert web_fonts.core_code_points(REPO_ROOT / "no-such-config.toml") is None


@pytest.mark.parametrize("code", ["ja", "en"])
def test_the_committed_data_needs_only_the_core(code):
    """The core is built from data/source: the report's pages import no further faces."""
    data = localize.localized(load_dataset(), get_locale(code))
    assert not web_fonts.dataset_needs_full_font(data)
    assert data.derived["needs_full_font"] is False  # worked out once per dataset


@pytest.mark.parametrize(
    ("shown", "needed"),
    [
        ((), False),
        (("ぐんまワクチン手帳 約40万人", "LINE", "FY2023"), False),
        (("埴輪",), False),  # in the data, so in the core
        (("𠮷野家",), True),  # a character beyond the core: its slice must be declared
        (("Zürich", "\n"), False),
    ],
)
def test_text_beyond_the_core_brings_the_full_font(dataset, shown, needed):
    assert web_fonts.needs_full_font(dataset, shown) is needed


def test_an_unknown_core_assumes_the_full_font():
    assert web_fonts.outside_core(["abc"], None)


def _imports_full_font(at) -> bool:
    return any(blocks.FULL_FONT_CSS in h.proto.body for h in at.get("html"))


def test_pages_import_the_full_font_only_when_their_text_needs_it():
    """The overview with the report's data imports only the core; a link whose keyword has a
    character beyond it (shown in the search box and the notices) and データ管理 (its previews
    show data not yet checked) import the full font's slices."""
    from tests.test_app_pages import run_app

    assert not _imports_full_font(run_app())
    assert _imports_full_font(run_app(q="𠮷"))
    assert _imports_full_font(run_app("app_pages/admin.py"))
