"""The printable handout, read back with poppler (pdftotext, pdfinfo, pdfimages, pdftoppm).

poppler-utils must be installed (apt-get install -y poppler-utils); without it these tests
fail, they never skip. Page 1 of each handout is saved to artifacts/handout/ — look at it.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
from PIL import Image

from dxdash.data.dataset import REPO_ROOT
from dxdash.locale import get_locale
from dxdash.render import qr
from dxdash.render.pdf import handout, handout_tables
from dxdash.render.pdf.handout import build_handout_pdf, filter_query_params, handout_url
from dxdash.story.build import build_story
from dxdash.story.content import localized
from dxdash.story.filters import Filters
from tests.fixtures import SECTION_TITLES_JA

PRINTED = date(2026, 11, 26)
BASE_URL = "http://localhost:8501/"
ARTIFACTS = REPO_ROOT / "artifacts" / "handout"
EDUCATION = Filters(fields=("教育",))
NOTHING_MATCHES = Filters(keyword="該当なしのキーワードxyz")
# The story's handout sections (titles in Japanese); the cards share the first page.
TITLES = SECTION_TITLES_JA
PAGE_STARTS = [key for key in TITLES if key != "headline"]  # each of these starts a page
CHART_SECTIONS = ("usage", "rates", "models", "survey", "launches", "timeline")


def poppler(tool: str, *args: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} is missing: apt-get install -y poppler-utils"
    return subprocess.run([path, *args], check=True, capture_output=True, text=True).stdout


class Pdf:
    """A handout on disk and what poppler reads from it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.info = poppler("pdfinfo", str(path))
        self.pages = int(re.search(r"^Pages:\s+(\d+)", self.info, re.M).group(1))
        self.page_texts = [self.text(i) for i in range(1, self.pages + 1)]
        self.all_text = poppler("pdftotext", str(path), "-")

    def text(self, page: int) -> str:
        return poppler("pdftotext", "-f", str(page), "-l", str(page), str(self.path), "-")

    def flat(self, page: int | None = None) -> str:
        """Text without whitespace, so words wrapped inside table cells read as one."""
        text = self.all_text if page is None else self.page_texts[page - 1]
        return re.sub(r"\s+", "", text)

    def images_on(self, page: int) -> int:
        listing = poppler("pdfimages", "-list", "-f", str(page), "-l", str(page), str(self.path))
        return sum(1 for line in listing.splitlines()[2:] if line.split()[2] == "image")

    def first_line(self, page: int) -> str:
        return next(line.strip() for line in self.page_texts[page - 1].splitlines() if line.strip())


def story_of(dataset, filters: Filters, lang: str = "ja"):
    """The story the page draws: the dataset in `lang`, under `filters`."""
    return build_story(localized(dataset, get_locale(lang)), filters, get_locale(lang))


def build(dataset, filters: Filters, name: str, tmp_path_factory, lang: str = "ja") -> Pdf:
    story = story_of(dataset, filters, lang)
    pdf = build_handout_pdf(story, base_url=BASE_URL, printed_on=PRINTED)
    assert pdf.startswith(b"%PDF-")
    path = tmp_path_factory.mktemp("handout") / f"{name}.pdf"
    path.write_bytes(pdf)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, ARTIFACTS / f"{name}.pdf")
    poppler(
        "pdftoppm",
        "-png",
        "-r",
        "80",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        str(path),
        str(ARTIFACTS / f"{name}-page1"),
    )
    return Pdf(path)


@pytest.fixture(scope="module")
def full(dataset, tmp_path_factory):
    return build(dataset, Filters(), "handout-all", tmp_path_factory)


@pytest.fixture(scope="module")
def education(dataset, tmp_path_factory):
    return build(dataset, EDUCATION, "handout-education", tmp_path_factory)


@pytest.fixture(scope="module")
def nothing(dataset, tmp_path_factory):
    return build(dataset, NOTHING_MATCHES, "handout-nothing", tmp_path_factory)


def section_starts(pdf: Pdf) -> dict[str, int]:
    """The page each section starts on: the first page whose first line is its heading."""
    starts = {}
    for key in PAGE_STARTS:
        title = TITLES[key]
        pages = [p for p in range(2, pdf.pages + 1) if pdf.first_line(p) == title]
        assert pages, f"no page starts with {title}"
        starts[key] = pages[0]
    return starts


# --- page setup -----------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["full", "education", "nothing"])
def test_a4_landscape(which, request):
    pdf = request.getfixturevalue(which)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", pdf.info, re.M)
    assert (round(float(size.group(1))), round(float(size.group(2)))) == (842, 595)


@pytest.mark.parametrize("which", ["full", "education", "nothing"])
def test_every_page_has_its_number_and_the_print_date(which, request):
    pdf = request.getfixturevalue(which)
    for page in range(1, pdf.pages + 1):
        flat = pdf.flat(page)
        assert f"{page}/{pdf.pages}" in flat
        assert "印刷日2026年11月26日" in flat


def test_fonts_are_the_shipped_ones_embedded(full):
    fonts = poppler("pdffonts", str(full.path)).splitlines()[2:]
    assert fonts
    for line in fonts:
        assert re.match(r"[A-Z]{6}\+NotoSansJP-(Regular|Bold)\s", line), line
        assert " yes yes yes " in line  # embedded, subset, with a Unicode map


# --- what the handout says ------------------------------------------------------------------


def test_title_page(full, dataset):
    first = full.flat(1)
    assert "群馬県DX推進実績" in first
    assert dataset.report["title"] in first
    assert "絞り込みなし（すべて）" in first
    assert "印刷日：2026年11月26日" in first
    assert "目次" in first
    for title in TITLES.values():  # the contents: the story's sections
        assert re.sub(r"\s+", "", title) in first, title
    assert full.images_on(1) == 1  # the QR code
    assert BASE_URL in full.text(1)


def test_sections_in_order_each_on_a_new_page(full):
    starts = section_starts(full)
    assert list(starts.values()) == sorted(starts.values())
    assert starts["summary"] == 2
    assert TITLES["headline"] in full.flat(2)  # the cards share the first page
    assert full.pages >= len(PAGE_STARTS) + 1


def test_each_chart_is_on_its_headings_page(full):
    starts = section_starts(full)
    for key in CHART_SECTIONS:
        assert full.images_on(starts[key]) == 1, key
    assert full.images_on(starts["summary"]) == 0


def test_metadata_title_and_language(full):
    assert re.search(
        r"^Title:\s+群馬県 DX推進実績 配布資料（絞り込みなし（すべて））$", full.info, re.M
    )
    assert b"/Lang (ja-JP)" in full.path.read_bytes()


def test_report_figures_with_wording_as_of_and_source(full):
    flat = full.flat()
    for wording in (
        "約80万人",
        "約180万回",
        "89%（見込）",
        "15件",
        "約5万4千人",
        "23万回超",
        "90%以上",
    ):
        assert wording in flat, wording
    for as_of in (
        "2023年10月時点",
        "2023年12月末実績",
        "2023年12月末時点",
        "調査期間2022.12～2023.2",
    ):
        assert as_of in flat, as_of
    assert "時点の記載なし（2024年3月公表資料）" in flat
    assert (
        "出典：群馬県「日本最先端クラスデジタル県の実現について－DX推進実績－」（2024年3月公表）"
        in flat
    )


def test_overview_page(full):
    page = full.flat(section_starts(full)["summary"])
    for text in ("89%（見込）", "2023年12月末時点", "15件", "約80万人", "2023年10月時点", "出典："):
        assert text in page


def test_usage_and_rate_tables(full):
    starts = section_starts(full)
    usage = "".join(full.flat(p) for p in range(starts["usage"], starts["rates"]))
    assert "一覧表" in usage
    assert "出典（報告書の見出し）" in usage
    assert "LINE「群馬県デジタル窓口」" in usage
    rates = "".join(full.flat(p) for p in range(starts["rates"], starts["models"]))
    assert "89%（見込）" in rates
    assert "見込" in rates
    assert "約半数以上" in rates


def test_gunma_models_table_lists_all_fifteen(full, dataset):
    starts = section_starts(full)
    text = "".join(full.flat(p) for p in range(starts["models"], starts["survey"]))
    assert "群馬モデル一覧" in text
    models = dataset.initiatives.loc[dataset.initiatives["gunma_model"].notna()]
    assert len(models) == 15
    for name in models["gunma_model_name"]:
        # The start of each 事業名 (a long one wraps, and pdftotext may read its cell's second
        # line after the next cell's first).
        assert re.sub(r"\s+", "", name)[:12] in text, name


def test_evaluations_and_timeline(full):
    starts = section_starts(full)
    evaluations = "".join(full.flat(p) for p in range(starts["survey"], starts["launches"]))
    for text in (
        "県民幸福度アンケート",
        "52.1",
        "受賞",
        "日本DX大賞",
        "嬬恋村",
        "国際会議・全国会議の開催",
    ):
        assert text in evaluations, text
    timeline = "".join(full.flat(p) for p in range(starts["timeline"], full.pages + 1))
    assert "一覧表" in timeline  # every event readable without hovering the chart
    assert "2020年4月" in timeline
    assert "デジタルトランスフォーメーション課及び業務プロセス改革課を創設" in timeline


# --- filters --------------------------------------------------------------------------------


def test_filtered_handout_shows_the_filter_everywhere(education):
    assert "表示中：分野：教育" in education.flat(1)
    for page in range(1, education.pages + 1):
        assert "分野：教育" in education.flat(page)


def test_filtered_handout_shows_only_the_view(education, full):
    flat = education.flat()
    assert "約80万人" not in flat  # LINE is 行政
    assert "約180万回" not in flat
    assert "100%" in flat  # 1人1台PC, 教育
    assert "90%以上" in flat
    assert "89%（見込）" in flat  # program-wide headline, shown under any filter (as on screen)
    assert education.pages < full.pages


def test_filtered_qr_url_is_printed(education):
    assert "http://localhost:8501/?field=教育" in education.flat(1)


def test_qr_code_is_the_live_url_of_the_view(education, tmp_path):
    """The QR image in the PDF is, pixel for pixel, segno's code of the filtered URL."""
    poppler("pdfimages", "-png", "-f", "1", "-l", "1", str(education.path), str(tmp_path / "qr"))
    (extracted,) = sorted(tmp_path.glob("qr-*.png"))
    expected = qr.qr_png("http://localhost:8501/?field=%E6%95%99%E8%82%B2", scale=handout.QR_SCALE)
    with Image.open(extracted) as drawn, Image.open(io.BytesIO(expected)) as made:
        assert drawn.size == made.size
        assert np.array_equal(np.asarray(drawn.convert("L")), np.asarray(made.convert("L")))


def test_nothing_matches_gives_one_page_per_empty_section(nothing, dataset):
    story = story_of(dataset, NOTHING_MATCHES)
    starts = section_starts(nothing)
    for key in ("usage", "rates", "models", "launches", "timeline"):
        # the story's takeaway says nothing matches; the handout prints it as the message
        assert re.sub(r"\s+", "", story[key].takeaway) in nothing.flat(starts[key]), key
    for key in ("usage", "rates", "models"):
        following = PAGE_STARTS[PAGE_STARTS.index(key) + 1]
        assert starts[following] == starts[key] + 1, key
    assert starts["timeline"] == nothing.pages  # no events match: one page
    assert "89%（見込）" in nothing.flat(starts["summary"])


# --- URL and helpers ------------------------------------------------------------------------


def test_handout_url_carries_the_filters():
    filters = Filters(
        fields=("教育", "健康"),
        fiscal_years=(2021, 2022),
        models=("他自治体の見本",),
        keyword=" LINE ",
    )
    url = handout_url("https://dx.example.jp/dash/?present=1&slide=3", filters, get_locale("en"))
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://dx.example.jp/dash/"
    assert parse_qs(parts.query) == {
        "field": ["教育", "健康"],
        "fy": ["2021", "2022"],
        "model": ["他自治体の見本"],
        "q": ["LINE"],
        "lang": ["en"],
    }
    assert handout_url(BASE_URL, Filters()) == BASE_URL
    assert handout_url(BASE_URL, Filters(), get_locale("en")) == BASE_URL + "?lang=en"


def test_filter_params_use_the_dashboard_url_keys():
    from dxdash.render.streamlit import sidebar

    params = filter_query_params(
        Filters(
            fields=("教育",), fiscal_years=(2022, 2022), models=("他自治体の見本",), keyword="x"
        )
    )
    assert tuple(params) == sidebar.FILTER_KEYS


def test_filters_text():
    assert handout.filters_text(Filters()) == "絞り込みなし（すべて）"
    assert handout.filters_text(EDUCATION) == "分野：教育"
    english = get_locale("en")
    assert handout.filters_text(Filters(), english) == "No filters (everything)"
    assert handout.filters_text(EDUCATION, english) == "Field: Education"


def test_handout_file_stem_names_the_filters():
    from dxdash.opendata.export import download_file_name

    assert handout.handout_file_stem(Filters()) == "配布資料"
    name = download_file_name(handout.handout_file_stem(EDUCATION), "pdf", today=PRINTED)
    assert name == "dxdash_配布資料_分野_教育_2026-11-26.pdf"
    english = handout.handout_file_stem(EDUCATION, get_locale("en"))
    assert download_file_name(english, "pdf", today=PRINTED) == (
        "dxdash_Handout_Field_Education_2026-11-26.pdf"
    )


@pytest.mark.parametrize("code", ["ja", "en"])
def test_every_handout_table_is_laid_out_by_its_column_ids(dataset, code):
    """Each table of the handout takes a layout by what it holds, which sizes every column it
    shows (a 年度 column of the survey by the layout's default); headers come from the story."""
    story = story_of(dataset, Filters(), code)
    for section in story.handout():
        shown = [section.table] if section.table is not None else []
        for table in [*shown, *(sub.table for sub in section.tables)]:
            layout = handout_tables.table_layout(table)
            assert layout, (section.key, table.columns)
            sized = set(layout["widths"]) | set(layout.get("drop", ()))
            sized |= {part for parts in layout.get("merge", {}).values() for part in parts}
            unsized = set(table.columns) - sized
            assert not unsized or "default" in layout, (section.key, unsized)
            assert all(table.header(c) for c in table.columns)
