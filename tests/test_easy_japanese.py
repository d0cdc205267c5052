"""やさしい日本語 (?lang=easy): the third reading of the Japanese data — its catalogs, ふりがな, the
story's takeaways said plainly with the same figures, and every page through app.py."""

from __future__ import annotations

import csv
import re
import string
from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

from dxdash.data.dataset import REPO_ROOT, load_dataset
from dxdash.locale import catalog, get_locale
from dxdash.locale.locale import sentences
from dxdash.story.build import build_story
from dxdash.story.filters import Filters
from dxdash.story.url_state import encode_lang, parse_lang
from dxdash.text import ruby
from tests.test_app_pages import PAGES

APP = str(REPO_ROOT / "app.py")
JA, EASY, EN = get_locale("ja"), get_locale("easy"), get_locale("en")
NUMBER = re.compile(r"[+-]?\d[\d,.]*")
STORY_PAGES = ("overview", "gunma_model", "evaluation", "history")


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize(
    ("text", "plain", "html"),
    [
        (
            "｜割合《わりあい》です",
            "割合（わりあい）です",
            "<ruby>割合<rp>（</rp><rt>わりあい</rt><rp>）</rp></ruby>です",
        ),
        ("ふりがな なし", "ふりがな なし", "ふりがな なし"),
        (
            "<b>｜賞《しょう》</b>",
            "<b>賞（しょう）</b>",
            "&lt;b&gt;<ruby>賞<rp>（</rp><rt>しょう</rt><rp>）</rp></ruby>&lt;/b&gt;",
        ),
        (
            "｜x《<script>》",
            "x（<script>）",
            "<ruby>x<rp>（</rp><rt>&lt;script&gt;</rt><rp>）</rp></ruby>",
        ),
        ("《ひらく》だけ", "《ひらく》だけ", "《ひらく》だけ"),  # no ｜: not a reading
    ],
)
def test_ruby_is_plain_in_brackets_or_escaped_html(text, plain, html):
    assert ruby.plain(text) == plain
    assert ruby.to_html(text) == html


@pytest.mark.parametrize(
    ("raw", "reading"),
    [
        (["easy"], "easy"),
        (["やさしい日本語"], "easy"),
        (["Easy"], "easy"),
        (["en"], "en"),
        ([], "ja"),
    ],
)
def test_the_url_names_the_reading_and_only_japanese_is_left_out(raw, reading):
    assert parse_lang(raw) == (reading, [])
    assert encode_lang(get_locale(reading)) == ([] if reading == "ja" else [reading])


def test_the_easy_locale_reads_the_japanese_data_and_says_it_plainly():
    assert (EASY.code, EASY.tag, EASY.html_lang, EASY.english) == ("ja", "easy", "ja", False)
    assert EASY.fiscal_year(2023) == JA.fiscal_year(2023)  # 年度 and numbers as in Japanese
    assert EASY._("利用実績") == "どれだけ つかわれたか"
    assert EASY._("キャンセル") == "キャンセル"  # not in easy.csv: the Japanese stays
    assert EASY.say("evaluations.awards", n=5) != JA.say("evaluations.awards", n=5)
    assert EASY.say("filters.keyword", keyword="x") == JA.say("filters.keyword", keyword="x")
    assert EASY.pick({"ja": "あ", "en": "a"}) == "あ"
    assert EASY.pick({"ja": "あ", "en": "a", "easy": "い"}) == "い"


def test_easy_catalog_entries_are_msgids_plain_and_different():
    with catalog.EASY_CATALOG.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    msgids = set(catalog.ui_catalog())
    assert rows
    assert len({r["ja"] for r in rows}) == len(rows)
    for row in rows:
        assert row["ja"] in msgids, row["ja"]  # a UI text the app writes
        assert row["easy"].strip(), row["ja"]
        assert row["easy"] != row["ja"], row["ja"]
        assert not ruby.has_ruby(row["easy"]), row["ja"]  # labels and titles: plain words
        assert _names(row["easy"]) == _names(row["ja"]), row["ja"]


def test_easy_sentences_keep_their_placeholders_and_well_formed_readings():
    easy = [entry for entry in sentences().values() if entry.easy]
    assert len(easy) >= 40
    for entry in easy:
        assert _names(entry.easy) == _names(entry.ja), entry.key
        assert not re.search("[｜《》]", ruby.bare(entry.easy)), entry.key


@pytest.fixture(scope="module")
def stories():
    dataset = load_dataset()
    return {code: build_story(dataset, Filters(), get_locale(code)) for code in ("ja", "easy")}


@pytest.mark.parametrize("page", STORY_PAGES)
def test_every_takeaway_is_said_plainly_with_the_same_figures(stories, page):
    standard, easy = stories["ja"].page(page), stories["easy"].page(page)
    assert [s.key for s in standard] == [s.key for s in easy]
    for ja_section, easy_section in zip(standard, easy, strict=True):
        assert easy_section.takeaway != ja_section.takeaway, ja_section.key
        assert sorted(NUMBER.findall(ruby.bare(easy_section.takeaway))) == sorted(
            NUMBER.findall(ja_section.takeaway)
        ), ja_section.key
        figures_only = [replace(k, href="") for k in easy_section.kpis]
        assert figures_only == [replace(k, href="") for k in ja_section.kpis]  # as printed
        # a card's link to its figure's page keeps the reading
        assert all("lang=easy" in k.href for k in easy_section.kpis if k.href)


def _easy_page(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "easy"
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> list[str]:
    texts = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "button"):
        texts += [
            str(getattr(e, "value", None) or getattr(e, "label", "")) for e in getattr(at, kind)
        ]
    return texts


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_easy_japanese_with_readings_drawn(page):
    at = _easy_page(page)
    assert at.query_params["lang"] in ("easy", ["easy"])  # kept in the URL for a shared link
    plain = _texts(at)
    blocks = [h.proto.body for h in at.get("html")]
    assert [t for t in plain if re.search("[｜《》]", t)] == []  # never the raw notation
    assert [b for b in blocks if re.search("[｜《》]", b)] == []
    assert at.sidebar.segmented_control[0].value == "easy"


def test_the_overview_in_easy_japanese_has_its_title_readings_and_the_reports_figures():
    at = _easy_page()
    assert at.title[0].value == "群馬県の デジタルの とりくみ"
    page = " ".join(h.proto.body for h in at.get("html"))
    assert "<ruby>" in page
    assert "<rt>" in page
    assert "約180万回" in page
    assert "約80万人" in page
    assert "89%（見込）" in page


def test_a_figure_page_in_easy_japanese_says_what_it_counts_plainly():
    at = _easy_page("app_pages/figure.py", id="line-friends")
    page = " ".join(h.proto.body for h in at.get("html"))
    assert "友だちに <ruby>登録" in page  # the easy definition, with its reading
    assert "何を 数えたか" in page
    assert "だいたいの 数です。" in page  # 約, said plainly
