"""dxdash.story.initiative_page: an initiative's detail is decided in the story."""

from __future__ import annotations

import pytest

from dxdash.data.dataset import REPO_ROOT, load_dataset
from dxdash.locale import get_locale
from dxdash.story.content import localized
from dxdash.story.initiative_page import build_initiative_page

LINE = "line-digital-window"


@pytest.mark.parametrize(
    ("code", "facts", "cards", "separator"),
    [
        ("ja", ("分野：行政（dxdashによる分類）", "開始：記載なし"), "友だち登録数", "／"),
        (
            "en",
            ("Field: Administration (classified by dxdash)", "Started: not stated"),
            "Registered friends",
            "; ",  # no Japanese punctuation in English text
        ),
    ],
)
def test_the_detail_says_its_facts_cards_tables_and_source(code, facts, cards, separator):
    locale = get_locale(code)
    page = build_initiative_page(localized(load_dataset(REPO_ROOT / "data"), locale), LINE, locale)
    assert page is not None
    assert page.facts == facts
    assert page.section.kpis[0].label == cards
    assert [t.key for t in page.section.tables] == ["detail.figures"]
    assert page.section.tables[0].rows["initiative_id"].eq(LINE).all()  # the download's rows
    assert page.related[0][0] == "vaccine-passport"
    assert separator in page.section.source
    assert page.section.parts == ()  # the report prints one value per figure: no line


def test_a_gunma_model_and_its_events_are_in_the_detail():
    locale = get_locale("ja")
    dataset = load_dataset(REPO_ROOT / "data")
    modelled = dataset.initiatives.dropna(subset=["gunma_model"])
    with_events = set(dataset.events["initiative_id"].dropna())
    initiative = next(i for i in modelled["initiative_id"] if i in with_events)
    page = build_initiative_page(dataset, initiative, locale)
    assert page is not None
    assert page.model is not None
    assert page.model.heading.startswith("群馬モデル（")
    assert any(f.startswith("群馬モデル：") for f in page.facts)
    assert "detail.events" in [t.key for t in page.section.tables]


def test_an_unknown_initiative_has_no_detail():
    assert build_initiative_page(load_dataset(REPO_ROOT / "data"), "nope", get_locale("ja")) is None
