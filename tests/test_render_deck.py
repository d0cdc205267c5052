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
from dxdash.render.slides import deck, present
from dxdash.story.build import build_story
from dxdash.story.content import localized
from dxdash.story.filters import Filters
from dxdash.story.model import DECK
from tests.fixtures import deck_slides

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
    return build_story(localized(dataset, get_locale(code)), Filters(**filters), get_locale(code))


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
            count = len(deck_slides(code, fields=("健康", "行政")))
            cache[code] = [slide_text(n, params) for n in range(1, count + 1)]
        return cache[code]

    return get


@pytest.mark.parametrize(("code", "params"), VIEWS)
def test_every_takeaway_is_on_a_slide_word_for_word(dataset, slides, code, params):
    story = story_of(dataset, code, fields=("健康", "行政"))
    shown = slides(code, params)
    sections = story.page("overview") + story.deck()
    missing = {s.key: s.takeaway for s in sections if not any(s.takeaway in t for t in shown)}
    assert missing == {}
    deck_of = deck.slides_of(story)
    assert [s.key for s in deck_of][1:-1:] == [  # the story's order, a section's parts together
        key for key in DECK for _part in range(len(deck.section_parts(story[key])))
    ]
    for number, slide in enumerate(deck_of[1:-1], start=2):  # every part says it all again
        section = story[slide.key]
        assert deck.slide_title(section, slide, story.locale) in shown[number - 1]
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
    keys = [s.key for s in deck_slides("en", fields=("健康", "行政"))]
    japanese = {keys[n]: CJK.findall(text) for n, text in enumerate(shown) if CJK.search(text)}
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


def test_timeline_continues_over_slides_in_time_order(dataset):
    story = story_of(dataset, "ja")
    timeline = story["timeline"]
    dated = timeline.rows.loc[timeline.rows["date"].notna()].sort_values("date", kind="stable")
    parts = deck.section_parts(timeline)
    assert [len(p) for p in parts] == [4, 4, 4, 3]  # 15 dated events, 4 a slide at most
    shown = [deck.timeline_html(timeline, story.locale, rows) for rows in parts]
    assert sum(text.count("<li>") for text in shown) == len(dated)
    for title, rows in zip(
        dated["title"], [i for i, p in enumerate(parts) for _ in p], strict=True
    ):
        assert html.escape(title) in shown[rows]  # in time order, each on its part's slide
    slides = [s for s in deck.slides_of(story) if s.key == "timeline"]
    assert [deck.slide_title(timeline, s, story.locale) for s in slides][-1] == (
        "推進経過と外部評価（4/4）"
    )


def test_evaluation_tables_continue_with_their_titles(dataset):
    story = story_of(dataset, "en")
    evaluations = story["evaluations"]
    parts = deck.section_parts(evaluations)
    assert [len(p) for p in parts] == [4, 4, 4]  # 12 events: evenly, never 4 + 4 + 4 + 0
    shown = [deck.tables_html(evaluations, story.locale, rows) for rows in parts]
    assert sum(text.count("<li>") for text in shown) == 12
    for table in evaluations.tables:  # each table's title over its rows, wherever they are
        assert any(html.escape(table.title) in text for text in shown)


@pytest.mark.parametrize(
    ("count", "per_slide", "sizes"),
    [(15, 4, [4, 4, 4, 3]), (12, 5, [4, 4, 4]), (7, 5, [4, 3]), (5, 5, [5]), (0, 5, [0])],
)
def test_rows_are_split_evenly(count, per_slide, sizes):
    assert [len(r) for r in present.split_evenly(count, per_slide)] == sizes


def test_the_deck_is_the_same_in_both_languages(dataset):
    ja, en = (deck.slides_of(story_of(dataset, code)) for code in ("ja", "en"))
    assert ja == en
    assert len(ja) == 17


def test_slide_charts_are_drawn_for_the_canvas_with_readable_type(dataset):
    for code in ("ja", "en"):
        story = story_of(dataset, code)
        for slide in deck.slides_of(story)[1:-1]:
            if story[slide.key].chart is None or story[slide.key].kind in deck.AS_LIST:
                continue
            text = deck.slide_html(dataset, story, story[slide.key], slide)
            widths = re.findall(r'data-canvas-width="(\d+)"', text)
            fonts = [float(f) for f in re.findall(r'data-min-font="([\d.]+)"', text)]
            assert len(widths) == 2  # one per canvas: wide and standard
            assert min(fonts) >= 18, (code, slide)  # 2.5% of a 720-px-high canvas


def test_canvas_css_counts_in_canvas_pixels():
    assert deck.canvas_css("font-size: 24U; gap: 1.5U") == (
        "font-size: calc(24 * var(--u)); gap: calc(1.5 * var(--u))"
    )
    assert "U;" not in deck.DECK_CSS


def test_cover_date_is_said_by_the_locale():
    day = date(2026, 11, 30)
    assert deck.today_note(get_locale("ja"), day) == "2026年11月30日 時点のダッシュボードより"
    assert deck.today_note(get_locale("en"), day) == "From the dashboard as of 30 November 2026"


def test_the_slides_beside_the_shown_one_are_drawn_in_the_background(dataset, monkeypatch):
    """predraw draws a slide once per view on the background worker (its charts land in the
    image cache, so → shows a drawn slide); the cover and closing have no chart to draw."""
    story = story_of(dataset, "ja", fields=("健康",))
    drawn = []
    monkeypatch.setattr(deck, "slide_html", lambda d, s, section, slide: drawn.append(slide))
    monkeypatch.setattr(deck, "_PREDRAWN", set())
    slides = deck.slides_of(story)
    for slide in [*slides, *slides]:  # asked twice: drawn once
        deck.predraw(dataset, story, slide)
    deck._PREDRAW.submit(lambda: None).result(timeout=60)  # the worker has caught up
    expected = [s for s in slides if s.key not in (present.COVER, present.CLOSING)]
    assert drawn == expected
    assert len(expected) < len(slides)


def test_a_failing_background_draw_is_logged_not_raised(dataset, monkeypatch, caplog):
    story = story_of(dataset, "en")

    def broken(*_args):
        raise RuntimeError("vl-convert went away")

    monkeypatch.setattr(deck, "slide_html", broken)
    monkeypatch.setattr(deck, "_PREDRAWN", set())
    slide = next(s for s in deck.slides_of(story) if s.key == "usage")
    deck.predraw(dataset, story, slide)
    deck._PREDRAW.submit(lambda: None).result(timeout=60)
    assert "pre-drawing slide" in caplog.text
