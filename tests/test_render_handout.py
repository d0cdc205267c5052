"""The handout renders the story (issue #12): the story's takeaways word for word, its caps and
notes, in Japanese and in English — and nothing of its own choosing.

Read back with poppler's pdftotext (tests/test_handout.py). Each handout's pages are also saved
as PNG to artifacts/screenshots/handout_<name>_p<N>.png — look at them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from dxdash.data import synthetic
from dxdash.data.dataset import REPO_ROOT, load_dataset
from dxdash.render.pdf.handout import build_handout_pdf
from dxdash.story.filters import Filters
from dxdash.text import ruby
from tests.test_handout import Pdf, story_of

PRINTED = date(2026, 11, 26)
BASE_URL = "http://localhost:8501/"
SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"
HEALTH_AND_ADMIN = Filters(fields=("健康", "行政"))
# Japanese script: kana, CJK ideographs, CJK punctuation (「」、。〜) and full-width forms.
JAPANESE = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff00-\uffef]")
MAX_JAPANESE_IN_ENGLISH = 0.05
# The handout's own fixed words: none may be left in Japanese in the English handout.
FIXED_WORDS = ("配布資料", "印刷日", "表示中", "数値の出典", "目次", "一覧表", "出典：", "絞り込み")

# One worker builds these handouts (module fixtures) and writes their page images.
pytestmark = pytest.mark.xdist_group("render_handout")


def flat(text: str) -> str:
    """Text without whitespace: ReportLab wraps lines, pdftotext reads cells in its own order."""
    return re.sub(r"\s+", "", text)


def save_pages(pdf: Pdf, name: str) -> None:
    """Every page as PNG in artifacts/screenshots/ (pdftoppm, else pypdfium2, else nothing)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob(f"handout_{name}_p*.png"):
        old.unlink(missing_ok=True)  # another worker may have removed it already
    if shutil.which("pdftoppm"):
        prefix = SCREENSHOTS / f"handout_{name}_p"
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf.path), str(prefix)], check=True)
        return
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(str(pdf.path))
    for number, page in enumerate(document, start=1):
        image = page.render(scale=70 / 72).to_pil()
        image.save(SCREENSHOTS / f"handout_{name}_p-{number:02d}.png")


def make(story, name: str, tmp_path_factory) -> Pdf:
    """The story's handout, written, read back and saved as page images."""
    path = tmp_path_factory.mktemp("handouts") / f"{name}.pdf"
    path.write_bytes(build_handout_pdf(story, base_url=BASE_URL, printed_on=PRINTED))
    pdf = Pdf(path)
    save_pages(pdf, name)
    return pdf


@pytest.fixture(scope="module", params=["ja", "en"])
def filtered(request, dataset, tmp_path_factory):
    """(story, handout) for 分野 健康・行政, in each language."""
    story = story_of(dataset, HEALTH_AND_ADMIN, request.param)
    return story, make(story, f"{request.param}_health_admin", tmp_path_factory)


@pytest.fixture(scope="module")
def english(dataset, tmp_path_factory):
    """(story, handout) of the whole view in English, as ?lang=en downloads it."""
    story = story_of(dataset, Filters(), "en")
    return story, make(story, "en", tmp_path_factory)


@pytest.fixture(scope="module")
def japanese(dataset, tmp_path_factory):
    """(story, handout) of the whole view in Japanese."""
    story = story_of(dataset, Filters(), "ja")
    return story, make(story, "ja", tmp_path_factory)


def japanese_share(text: str) -> float:
    """Japanese characters over all non-space characters."""
    chars = flat(text)
    return len(JAPANESE.findall(chars)) / len(chars)


# --- the story, word for word ---------------------------------------------------------------


def test_every_takeaway_of_the_page_and_the_handout_is_printed(filtered):
    story, pdf = filtered
    text = pdf.flat()
    sections = {s.key: s for s in [*story.page("overview"), *story.handout()]}
    assert set(sections) >= {"summary", "headline", "usage", "rates", "timeline"}
    for key, section in sections.items():
        assert section.takeaway, key
        assert flat(section.takeaway) in text, (key, section.takeaway)


def test_sections_titles_notes_sources_and_cards_are_the_storys(filtered):
    story, pdf = filtered
    text = pdf.flat()
    for section in story.handout():
        assert flat(section.title) in text, section.key
        assert flat(section.source) in text, section.key
        for note in section.notes:
            assert flat(note) in text, (section.key, note)
        for card in section.kpis:
            for part in (card.label, card.display, card.as_of):
                assert flat(part) in text, (section.key, part)
        for table in section.tables:
            assert flat(table.title) in text, table.key


def test_tables_print_the_storys_rows(filtered):
    """Every row of the story's tables is printed (the renderer chooses columns, not rows)."""
    story, pdf = filtered
    text = pdf.flat()
    for key, column in (("usage", "display"), ("rates", "display"), ("timeline", "month")):
        for value in story[key].table.frame[column]:
            assert flat(str(value)) in text, (key, value)
    for sub in story["evaluations"].tables:
        for title in sub.table.frame["event"]:
            assert flat(str(title))[:12] in text, title


def test_the_filters_are_on_every_page(filtered):
    story, pdf = filtered
    words = "分野：健康、行政" if not story.locale.english else "Fields:HealthandAdministration"
    for page in range(1, pdf.pages + 1):
        assert words in pdf.flat(page), page


# --- English --------------------------------------------------------------------------------


def test_english_handout_is_english(english):
    _story, pdf = english
    share = japanese_share(pdf.all_text)
    assert share < MAX_JAPANESE_IN_ENGLISH, f"{share:.1%} Japanese"
    for word in FIXED_WORDS:
        assert word not in pdf.all_text, word
    first = pdf.flat(1)
    for words in ("Handout", "Showing:", "Printed:26November2026", "Figuresfrom:", "Contents"):
        assert words in first, words
    for page in range(1, pdf.pages + 1):
        assert f"{page}/{pdf.pages}" in pdf.flat(page)
        assert "Printed26November2026" in pdf.flat(page)
    assert "http://localhost:8501/?lang=en" in pdf.text(1)  # the QR code opens English


def test_filtered_handout_is_in_its_language(filtered):
    story, pdf = filtered
    share = japanese_share(pdf.all_text)
    if story.locale.english:
        assert share < MAX_JAPANESE_IN_ENGLISH, f"{share:.1%} Japanese"
        assert "?field=健康&field=行政&lang=en" in pdf.flat(1)
    else:
        assert share > 0.5
        assert "?field=健康&field=行政" in pdf.flat(1)


def test_english_metadata(english):
    _story, pdf = english
    assert re.search(
        r"^Title:\s+Gunma Prefecture DX Achievements Handout \(No filters \(everything\)\)$",
        pdf.info,
        re.M,
    )
    assert b"/Lang (en)" in pdf.path.read_bytes()


def test_japanese_handout_in_japanese(japanese):
    story, pdf = japanese
    assert japanese_share(pdf.all_text) > 0.5
    for section in story.handout():
        assert flat(section.takeaway) in pdf.flat(), section.key


# --- caps, as on the page -------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic_handout(tmp_path_factory):
    """The handout of `python -m dxdash.data.synthetic DIR --scale 2`, with its story."""
    directory = tmp_path_factory.mktemp("synthetic") / "data"
    assert synthetic.main([str(directory), "--scale", "2"]) == 0
    story = story_of(load_dataset(directory), Filters(), "ja")
    return story, make(story, "synthetic", tmp_path_factory)


def test_synthetic_caps_and_notes_are_the_storys(synthetic_handout):
    story, pdf = synthetic_handout
    text = pdf.flat()
    capped = [s for s in story.handout() if s.capped]
    assert capped, "scale 2 should cap some figures at 15"
    for section in capped:
        cap = f"上位{section.shown}件を表示（全{section.total:,}件）"
        assert cap in section.notes, section.key
        assert flat(cap) in text, section.key
        assert len(section.table) == section.shown  # the table shows the story's rows
    for section in story.handout():
        for note in section.notes:
            assert flat(note) in text, (section.key, note)
        assert flat(section.takeaway) in text, section.key


@pytest.fixture(scope="module")
def easy(dataset, tmp_path_factory):
    """(story, handout) of the whole view in やさしい日本語 (?lang=easy)."""
    story = story_of(dataset, Filters(), "easy")
    return story, make(story, "easy", tmp_path_factory)


def test_easy_handout_prints_each_takeaway_with_its_readings_in_brackets(easy):
    story, pdf = easy
    for section in story.handout():
        assert flat(ruby.plain(section.takeaway)) in pdf.flat(), section.key
    assert "割合（わりあい）" in pdf.flat()
    assert "《" not in pdf.all_text
    assert "Source:" not in pdf.all_text  # the Japanese data, cited in Japanese
    assert "lang=easy" in pdf.flat()  # the QR code's link opens the same reading
