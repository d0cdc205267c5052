"""The slide deck renders the story: every takeaway word for word, the story's order and caps."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dxdash.data.dataset import REPO_ROOT, load_dataset
from dxdash.locale import get_locale
from dxdash.locale.content import localized
from dxdash.render.slides import deck, present
from dxdash.story.build import build_story
from dxdash.story.filters import Filters

APP = str(REPO_ROOT / "app.py")
CJK = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff5e]")
TAG = re.compile(r"<[^>]+>")

# The same view twice: ?field=健康&field=行政 and its English link.
VIEWS = [
    pytest.param("ja", {"field": ["健康", "行政"]}, id="ja"),
    pytest.param("en", {"field": ["Health", "Administration"], "lang": "en"}, id="en"),
]


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def story_of(dataset, code, **filters):
    return build_story(localized(dataset, code), Filters(**filters), get_locale(code))


def slide_text(slide: int, params: dict) -> str:
    """Every word a slide shows (its HTML blocks and markdown), as plain text."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["present"] = "1"
    at.query_params["slide"] = str(slide)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    blocks = [h.proto.body for h in at.get("html")] + [m.value for m in at.markdown]
    return html.unescape(" ".join(TAG.sub(" ", block) for block in blocks))


@pytest.fixture(scope="module")
def slides():
    """Each view's slides as text, run once per module (18 app runs)."""
    cache: dict[str, list[str]] = {}

    def get(code: str, params: dict) -> list[str]:
        if code not in cache:
            cache[code] = [slide_text(n, params) for n in range(1, len(present.SLIDES) + 1)]
        return cache[code]

    return get


@pytest.mark.parametrize(("code", "params"), VIEWS)
def test_every_takeaway_is_on_a_slide_word_for_word(dataset, slides, code, params):
    story = story_of(dataset, code, fields=("健康", "行政"))
    shown = slides(code, params)
    sections = story.page("overview") + story.deck()
    missing = {s.key: s.takeaway for s in sections if not any(s.takeaway in t for t in shown)}
    assert missing == {}
    for number, section in enumerate(story.deck(), start=2):  # each on its own slide, in order
        assert section.title in shown[number - 1]
        assert section.takeaway in shown[number - 1]
        for note in section.notes:
            assert note in shown[number - 1], (section.key, note)


@pytest.mark.parametrize(("code", "params"), VIEWS)
def test_cover_has_the_report_headlines_date_and_filters(dataset, slides, code, params):
    story = story_of(dataset, code, fields=("健康", "行政"))
    locale = story.locale
    cover = slides(code, params)[0]
    assert locale._("群馬県 DX推進実績") in cover
    assert story.report["title"] in cover
    for card in story.headline_figures(3):
        assert card.label in cover
        assert card.as_of in cover
    assert locale.date(date.today()) in cover
    assert ("Fields: Health and Administration" if locale.english else "分野：健康、行政") in cover


def test_english_slides_say_nothing_in_japanese(slides):
    shown = slides("en", {"field": ["Health", "Administration"], "lang": "en"})
    japanese = {
        present.SLIDES[n].key: CJK.findall(text) for n, text in enumerate(shown) if CJK.search(text)
    }
    assert japanese == {}


def test_summary_slide_follows_an_import_that_changes_the_rate(dataset):
    metrics = dataset.metrics.copy()
    rate = (metrics["initiative_id"] == "dx-acceleration-program") & (metrics["metric"] == "達成率")
    metrics.loc[rate, "value_text"] = "95%"
    changed = dataclasses.replace(dataset, metrics=metrics)
    story = build_story(changed, Filters(), get_locale("ja"))
    slide = deck.slide_html(changed, story, story["summary"])
    assert story["summary"].takeaway.startswith("DX加速化プログラムは95%（見込）")
    assert html.escape(story["summary"].takeaway) in slide
    assert "95%" in slide
    assert "89%" not in slide


def test_timeline_shows_the_newest_events_with_a_note(dataset):
    story = story_of(dataset, "ja")
    timeline = story["timeline"]
    dated = timeline.rows.loc[timeline.rows["date"].notna()]
    text = deck.timeline_html(timeline, story.locale, limit=3)
    newest = dated.sort_values("date", kind="stable").tail(3)
    for title in newest["title"]:
        assert html.escape(title) in text
    assert text.count("<li>") == 3
    assert f"新しい3件を表示（全{len(dated)}件）" in text
    everything = deck.timeline_html(timeline, story.locale, limit=len(dated))
    assert "新しい" not in everything
    assert everything.count("<li>") == len(dated)


def test_evaluation_tables_take_rows_in_turn(dataset):
    assert deck._round_robin([5, 2, 5], 5) == [2, 2, 1]
    assert deck._round_robin([5, 2, 5], 8) == [3, 2, 3]
    assert deck._round_robin([1, 0], 5) == [1, 0]
    story = story_of(dataset, "en")
    text = deck.tables_html(story["evaluations"], story.locale, budget=5)
    assert text.count("<li>") == 5
    assert "Showing 5 of 12 events, the first of each list" in text
    for table in story["evaluations"].tables:
        assert html.escape(table.title) in text


def test_cover_date_is_said_by_the_locale():
    day = date(2026, 11, 30)
    assert deck.today_note(get_locale("ja"), day) == "2026年11月30日 時点のダッシュボードより"
    assert deck.today_note(get_locale("en"), day) == "From the dashboard as of 30 November 2026"
