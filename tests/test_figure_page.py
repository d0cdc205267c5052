"""A figure's page and the figures' index, as the story builds them, in both languages."""

from __future__ import annotations

import pandas as pd
import pytest

from dxdash.data.dataset import load_dataset
from dxdash.data.definitions import Definitions, parse_definitions, read_definitions
from dxdash.locale import get_locale
from dxdash.story.content import localized
from dxdash.story.figure_links import figure_href, figure_id, figure_of, href_of, index_href
from dxdash.story.figure_page import build_figure_page, figure_index

LINE = ("line-digital-window", "友だち登録数")
DEFINITIONS = parse_definitions(
    {
        "figures": [
            {
                "id": "line-friends",
                "initiative_id": LINE[0],
                "metric": LINE[1],
                "counts": {"ja": "友だち登録した人の数です。", "en": "People who added it."},
                "note": {"ja": "重複は不明です。", "en": "Duplicates are not stated."},
            }
        ],
        "qualifiers": {"約": {"ja": "おおよその値です。", "en": "An approximate value."}},
    }
)


@pytest.fixture(scope="module", params=["ja", "en"])
def shown(request):
    """(dataset in the language, its locale)."""
    return localized(load_dataset(), get_locale(request.param)), get_locale(request.param)


def _facts(page):
    return {fact.term: fact for fact in page.facts}


def test_a_defined_figure_has_its_definition_value_as_of_source_and_initiative(shown):
    dataset, locale = shown
    page = build_figure_page(dataset, DEFINITIONS, "line-friends", locale)
    facts = _facts(page)
    assert page.defined
    what = locale._("数えているもの")
    assert facts[what].text == DEFINITIONS.figures[0].counts[locale.code]
    assert page.section.takeaway == facts[what].text
    assert facts[locale._("読み方")].text == DEFINITIONS.figures[0].note[locale.code]
    assert facts[locale._("報告書の表記")].text == "約80万人"  # as printed, in either language
    assert page.section.kpis[0].display == (
        "約80万人" if not locale.english else "about 800,000 people"
    )
    meaning = facts[locale._("表記の意味")].text
    assert meaning == locale.pair(
        locale.quoted(locale.term("qualifiers", "約")), DEFINITIONS.qualifiers["約"][locale.code]
    )
    assert facts[locale._("出典（報告書の見出し）")].text.startswith("3.")
    initiative = facts[locale._("施策")]
    assert initiative.href.startswith("initiatives?id=line-digital-window")
    assert initiative.href.endswith("&lang=en") == locale.english
    assert page.section.rows is not None
    assert len(page.section.rows) == 1


def test_the_title_names_the_initiative_and_the_figure(shown):
    dataset, locale = shown
    page = build_figure_page(dataset, DEFINITIONS, "line-friends", locale)
    separator = ": " if locale.english else "："
    assert separator in page.section.title
    assert page.section.kpis[0].href == ""  # the card of the page itself links nowhere


def test_a_figure_without_a_definition_still_has_its_page_and_says_so(shown):
    dataset, locale = shown
    value = figure_id(DEFINITIONS, "g-walk", "インストール数")
    assert value == "g-walk~インストール数"
    page = build_figure_page(dataset, DEFINITIONS, value, locale)
    assert not page.defined
    assert page.section.takeaway == locale._("この数値の定義はまだ登録されていません。")
    qualifier = locale.quoted(locale.term("qualifiers", "約"))
    assert _facts(page)[locale._("表記の意味")].text.startswith(qualifier)


@pytest.mark.parametrize("value", ["", "nothing", "g-walk~", "~インストール数", "g-walk~無い数値"])
def test_an_unknown_id_gives_no_page(value):
    assert build_figure_page(load_dataset(), DEFINITIONS, value, get_locale("ja")) is None


def test_ids_and_links_round_trip():
    assert figure_of(DEFINITIONS, "line-friends") == LINE
    assert figure_of(DEFINITIONS, figure_id(DEFINITIONS, "g-walk", "インストール数")) == (
        "g-walk",
        "インストール数",
    )
    assert figure_href("line-friends", get_locale("ja")) == "figure?id=line-friends"
    assert figure_href("line-friends", get_locale("en")) == "figure?id=line-friends&lang=en"
    assert index_href(get_locale("en")) == "figure?lang=en"


def index_links(index):
    """The index's links, every group's rows in order."""
    return pd.concat([part.rows for part in index.parts], ignore_index=True)


def test_the_index_groups_its_links_by_initiative_in_the_datas_order():
    dataset, locale = load_dataset(), get_locale("ja")
    index = figure_index(dataset, read_definitions(), locale)
    titles = [part.title for part in index.parts]
    assert len(titles) == len(set(titles))  # one group per initiative
    for part in index.parts:
        assert set(part.rows["initiative"]) == {part.title}
    first_seen = list(dict.fromkeys(index.rows["short_name"]))
    assert titles == first_seen


def test_every_figure_of_the_data_has_a_page_and_an_index_entry_in_both_languages():
    definitions = read_definitions()
    for code in ("ja", "en"):
        dataset, locale = localized(load_dataset(), get_locale(code)), get_locale(code)
        index = figure_index(dataset, definitions, locale)
        links = index_links(index)
        assert index.total == len(dataset.metrics) == len(links)
        assert links["counts"].str.len().min() > 0  # every one defined
        for value in links["figure_id"]:
            page = build_figure_page(dataset, definitions, value, locale)
            assert page is not None, value
            assert page.defined, value


def test_the_cards_link_to_their_figures_pages():
    from dxdash.story.build import build_story
    from dxdash.story.filters import Filters

    for code in ("ja", "en"):
        locale = get_locale(code)
        story = build_story(localized(load_dataset(), get_locale(code)), Filters(), locale)
        cards = [*story["summary"].kpis, *story["headline"].kpis]
        linked = [card for card in cards if card.href]
        assert len(linked) >= 8, [card.label for card in cards]
        line = next(card for card in linked if card.initiative_id == LINE[0])
        assert line.href == href_of(*LINE, locale)
        assert ("lang=en" in line.href) == locale.english


def test_no_definitions_file_still_gives_every_page():
    empty = Definitions((), {})
    page = build_figure_page(load_dataset(), empty, "g-walk~インストール数", get_locale("ja"))
    assert page is not None
    assert not page.defined


CJK = __import__("re").compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def test_english_pages_have_no_japanese_outside_what_is_quoted_as_printed():
    definitions = read_definitions()
    dataset, locale = localized(load_dataset(), get_locale("en")), get_locale("en")
    as_printed = {locale._("報告書の表記"), locale._("出典（報告書の見出し）")}
    index = figure_index(dataset, definitions, locale)
    links = index_links(index)
    assert not [part.title for part in index.parts if CJK.search(part.title)]
    for column in ("initiative", "metric", "display", "counts"):
        assert not [v for v in links[column] if CJK.search(v)], column
    for value in links["figure_id"]:
        page = build_figure_page(dataset, definitions, value, locale)
        texts = [page.section.title, page.section.takeaway]
        texts += [f.term for f in page.facts]
        texts += [f.text for f in page.facts if f.term not in as_printed]
        assert not [text for text in texts if CJK.search(text)], value


@pytest.mark.parametrize("code", ["ja", "en", "easy"])
def test_figure_tables_link_each_row_to_its_figures_page(code):
    from dxdash.story import tables
    from dxdash.story.build import build_story
    from dxdash.story.filters import Filters

    locale = get_locale(code)
    dataset = localized(load_dataset(), get_locale(code))
    section = build_story(dataset, Filters(), locale).page("overview")[2]  # usage
    header = (locale.code == "en" and "Figure definitions") or "数値の定義"
    assert section.table.header(tables.DEFINITION_COLUMN) == header
    links = list(section.table.frame[tables.DEFINITION_COLUMN])
    expected = [
        href_of(owner, metric, locale)
        for owner, metric in zip(section.rows["initiative_id"], section.rows["metric"], strict=True)
    ]
    assert links == expected
    assert links[0].startswith("figure?id=")
    assert ("lang=" + code in links[0]) == (code != "ja")


def test_the_page_draws_the_definition_column_as_links():
    import json

    from streamlit.testing.v1 import AppTest

    from dxdash.data.dataset import REPO_ROOT

    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    at.run()
    at.session_state["overview_usage_chart_table"] = True  # open its lazy 表で見る
    at.run()
    assert not at.exception
    table = at.dataframe[0]
    assert "数値の定義" in table.value.columns
    config = json.loads(table.proto.columns)
    assert config["数値の定義"]["type_config"] == {
        "type": "link",
        "display_text": "この数値について",
    }
