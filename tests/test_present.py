"""Presentation mode: slide logic as pure functions, and every slide through AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dxdash.data.dataset import REPO_ROOT
from dxdash.render import qr
from dxdash.render.slides import present
from dxdash.story.model import DECK
from tests.fixtures import SECTION_TITLES_JA, deck_slides

APP = str(REPO_ROOT / "app.py")
SLIDES = deck_slides()
COUNT = len(SLIDES)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param({"present": "1"}, True, id="one"),
        pytest.param({"present": "true"}, True, id="true"),
        pytest.param({"present": "0"}, False, id="zero"),
        pytest.param({}, False, id="absent"),
    ],
)
def test_is_presenting(params, expected):
    assert present.is_presenting(params) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3), (None, 1), ("x", 1), ("0", 1), ("-2", 1), ("99", COUNT), (" 4 ", 4)],
)
def test_parse_slide_clamps(value, expected):
    assert present.parse_slide(value, COUNT) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("30", 30),
        ("1", present.AUTO_MIN_SECONDS),
        ("0", None),
        ("abc", None),
        ("999999", present.AUTO_MAX_SECONDS),
    ],
)
def test_parse_auto(value, expected):
    assert present.parse_auto(value) == expected


@pytest.mark.parametrize(
    ("current", "loop", "expected"),
    [(1, False, 2), (COUNT, False, COUNT), (COUNT, True, 1), (COUNT - 1, True, COUNT)],
)
def test_next_slide(current, loop, expected):
    assert present.next_slide(current, COUNT, loop=loop) == expected


@pytest.mark.parametrize(("current", "expected"), [(1, 1), (2, 1), (COUNT, COUNT - 1)])
def test_previous_slide(current, expected):
    assert present.previous_slide(current, COUNT) == expected


def test_dashboard_url_keeps_filters_and_drops_deck_params():
    url = present.dashboard_url(
        "http://example.test:8501/initiatives",
        {"present": "1", "slide": "4", "auto": "30", "field": ["教育", "健康"], "q": "LINE"},
    )
    assert url == (
        "http://example.test:8501/initiatives/?field=%E6%95%99%E8%82%B2&field=%E5%81%A5%E5%BA%B7&q=LINE"
    )


def test_qr_code_is_made_locally():
    uri = qr.qr_data_uri("http://localhost:8501/?field=教育")
    assert uri.startswith("data:image/png;base64,")


def test_deck_follows_the_story():
    keys = [s.key for s in SLIDES]
    assert list(dict.fromkeys(keys)) == ["title", *DECK, "closing"]
    parts = {key: keys.count(key) for key in DECK}
    # a list longer than a slide holds continues: 3 cards, 5 bars, 4 listed events a slide
    assert parts == {
        "summary": 1,
        "headline": 2,
        "usage": 1,
        "rates": 2,
        "models": 1,
        "survey": 1,
        "evaluations": 3,
        "timeline": 4,
    }


def test_deck_slides_number_each_part():
    slides = present.deck_slides({"rates": 2})
    rates = [s for s in slides if s.key == "rates"]
    assert [(s.part, s.parts) for s in rates] == [(1, 2), (2, 2)]
    assert slides[0] == present.COVER_SLIDE
    assert slides[-1] == present.CLOSING_SLIDE


# Each slide's title as the story says it in Japanese (section slides take their section's).
SECTION_TITLES = {
    "title": "群馬県 DX推進実績",
    **SECTION_TITLES_JA,
    "closing": "ダッシュボードで最新の数値を",
}
TITLES = [
    SECTION_TITLES[s.key] + (f"（{s.part}/{s.parts}）" if s.parts > 1 else "") for s in SLIDES
]


def _deck(slide: int, **params: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["present"] = "1"
    at.query_params["slide"] = str(slide)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _html(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


@pytest.mark.parametrize("number", range(1, COUNT + 1))
def test_every_slide_renders_with_counter_and_source(number):
    at = _deck(number)
    body = _html(at)
    assert f"{number} / {COUNT}" in body
    assert "出典：群馬県" in body
    assert TITLES[number - 1] in body


EMPTY_COUNT = len(deck_slides(fields=("農業",), models=("ワイズスペンディング",)))


@pytest.mark.parametrize("number", range(1, EMPTY_COUNT + 1))
def test_every_slide_survives_an_empty_filter(number):
    at = _deck(number, field=["農業"], model=["ワイズスペンディング"])
    assert f"{number} / {EMPTY_COUNT}" in _html(at)


def test_slide_figures_keep_their_qualifiers():
    summary = _html(_deck(2))
    assert "89%" in summary
    assert "（見込）" in summary
    cover = _html(_deck(1))  # the cover's headline figures: the program's, then LINE
    assert "約80万人" in cover
    assert "2023年10月時点" in cover


def test_next_and_previous_buttons_move_the_url():
    at = _deck(2)
    at.button(key="deck_next").click().run()
    assert at.query_params["slide"] == "3"
    at.button(key="deck_prev").click().run()
    at.button(key="deck_prev").click().run()
    assert at.query_params["slide"] == "1"
    assert at.button(key="deck_prev").disabled


def test_leaving_the_deck_keeps_filters():
    at = _deck(3, field=["教育"])
    at.button(key="deck_leave").click().run()
    assert "present" not in at.query_params
    assert at.query_params["field"] == "教育"
    assert at.title[0].value == "群馬県 DX推進実績"


def test_filters_carry_into_the_deck():
    body = _html(_deck(1, field=["教育"]))
    assert "分野：教育" in body
