"""Issue #18 item 10: long texts never stop the handout (reportlab LayoutError), and when a
handout still cannot be made the download carries a message instead of nothing."""

from __future__ import annotations

import dataclasses
import re

import pytest
from reportlab.platypus.doctemplate import LayoutError

from dxdash.render.pdf import handout
from dxdash.story.filters import Filters
from tests.test_handout import build, poppler, story_of

LONG_TITLE = "日本最先端クラスデジタル県の実現について" * 12  # 240 characters
LONG_NAME = "とても長い施策名" * 375  # 3,000 characters
LONG_KEYWORD = "キーワード" * 200  # 1,000 characters: too long for any QR code


@pytest.fixture(scope="module")
def long_texts(dataset):
    initiatives = dataset.initiatives.copy()
    hit = initiatives["initiative_id"] == "tsukurun"  # a Gunma model: in the models table
    for column in ("name", "short_name", "gunma_model_name", "summary"):
        initiatives.loc[hit, column] = LONG_NAME
    return dataclasses.replace(
        dataset, report={**dataset.report, "title": LONG_TITLE}, initiatives=initiatives
    )


def test_long_title_and_name_are_cut_and_the_handout_is_made(long_texts, tmp_path_factory):
    pdf = build(long_texts, Filters(), "handout-long-texts", tmp_path_factory)
    title_page = pdf.flat(1)
    assert LONG_TITLE[: handout.TITLE_PAGE_LIMIT - 1] + "…" in title_page
    assert LONG_TITLE not in title_page
    text = pdf.flat()
    assert "とても長い施策名" in text
    assert LONG_NAME not in text  # cut with …, not 3,000 characters in a table cell
    assert "…" in text
    assert pdf.pages >= 9  # title page and the story's sections


def test_keyword_too_long_for_a_qr_code(dataset, tmp_path_factory):
    pdf = build(dataset, Filters(keyword=LONG_KEYWORD), "handout-long-keyword", tmp_path_factory)
    assert "絞り込みなしのダッシュボードを開きます" in pdf.flat(1)
    footer = [line for line in pdf.page_texts[1].splitlines() if "配布資料｜" in line]
    assert footer
    assert "…" in footer[0]  # cut to fit the line, not printed over the page number


@pytest.mark.parametrize(("text", "limit", "expected"), [("abc", 3, "abc"), ("abcd", 3, "ab…")])
def test_cut_text(text, limit, expected):
    assert handout.cut_text(text, limit) == expected


@pytest.mark.parametrize(
    "language_notice", ["配布資料を作成できませんでした。", "could not be made"]
)
def test_a_handout_that_cannot_be_made_is_a_pdf_that_says_so(
    dataset, monkeypatch, tmp_path, language_notice
):
    def fail(*args, **kwargs):
        raise LayoutError("Flowable too large")

    monkeypatch.setattr(handout, "build_handout_pdf", fail)
    pdf = handout.build_handout_or_notice(
        story_of(dataset, Filters()), base_url="http://localhost:8501/", notice=language_notice
    )
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    assert language_notice.replace(" ", "") in re.sub(
        r"\s+", "", poppler("pdftotext", str(path), "-")
    )
