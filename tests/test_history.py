"""dxdash.story.history: the 推移 parts are chosen, capped and worded in the story."""

from __future__ import annotations

from pathlib import Path

import pytest

from dxdash.data.dataset import REPO_ROOT, load_dataset
from dxdash.locale import get_locale
from dxdash.story import history
from dxdash.story.build import HISTORY_KEY, build_story
from dxdash.story.filters import Filters
from tests.test_series import newer_line_data


@pytest.fixture(scope="module")
def newer(tmp_path_factory) -> Path:
    return newer_line_data(tmp_path_factory.mktemp("newer") / "data")


@pytest.mark.parametrize(
    ("code", "title", "line_title", "change"),
    [
        ("ja", "推移", "推移：", "約80万人 → 約85万人"),
        ("en", "Over time", "History: ", "about 800,000 → about 850,000 people"),
    ],
)
def test_the_history_section_is_a_line_per_figure_with_its_rows(
    newer, code, title, line_title, change
):
    from dxdash.story.content import localized

    locale = get_locale(code)
    section = build_story(localized(load_dataset(newer), locale), Filters(), locale)[HISTORY_KEY]
    assert (section.title, section.total, section.shown, section.notes) == (title, 1, 1, ())
    [line] = section.parts
    assert line.key == "history.0"
    assert line.title.startswith(line_title)
    assert line.takeaway.startswith(change)
    assert list(line.rows["value_text"]) == ["約80万人", "約85万人"]  # the download's rows
    assert len(line.table) == 2
    assert line.chart is not None
    assert line.chart.spec()["data"] == {"name": "history"}


def test_no_history_says_so(newer):
    locale = get_locale("ja")
    section = build_story(load_dataset(newer), Filters(fields=("教育",)), locale)[HISTORY_KEY]
    assert section.empty
    assert section.parts == ()
    assert section.takeaway == "この絞り込みでは、値が2つ以上ある数値はありません。"
    report = build_story(load_dataset(REPO_ROOT / "data"), Filters(), locale)[HISTORY_KEY]
    assert report.empty  # the report prints one value per figure


@pytest.mark.parametrize(("shown", "total", "notes"), [(6, 6, 0), (6, 7, 1), (6, 0, 0)])
def test_the_cap_is_stated_by_the_story(shown, total, notes):
    said = history.cap_note(shown, total, get_locale("ja"))
    assert len(said) == notes
    if said:
        assert "最初の6件" in said[0]
        assert "7件" in said[0]


def test_an_owners_values_are_found_once_per_dataset(newer):
    dataset = load_dataset(newer)
    line = history.owner_metrics(dataset, "line-digital-window")
    assert set(line["initiative_id"]) == {"line-digital-window"}
    assert len(line) == (dataset.metrics["initiative_id"] == "line-digital-window").sum()
    assert "metric_positions_by_owner" in dataset.derived  # the positions, kept
    assert history.owner_metrics(dataset, "no-such-initiative").empty


def test_the_detail_and_the_figure_page_draw_the_tabs_line(newer):
    """One builder for a figure's line: the 推移 tab, the initiative's detail, its own page."""
    from dxdash.data.definitions import load_definitions
    from dxdash.story.figure_page import build_figure_page
    from dxdash.story.initiative_page import build_initiative_page

    dataset, locale = load_dataset(newer), get_locale("ja")
    [tab] = build_story(dataset, Filters(), locale)[HISTORY_KEY].parts
    detail = build_initiative_page(dataset, "line-digital-window", locale)
    assert detail is not None
    assert detail.places == ()
    [line] = detail.lines
    assert detail.section.parts == detail.lines
    page = build_figure_page(dataset, load_definitions(), "line-friends", locale)
    assert page is not None
    assert page.section.chart is not None
    for drawn in (line, page.section):
        assert drawn.chart.key == tab.chart.key
        assert drawn.chart.spec() == tab.chart.spec()
        assert drawn.table.frame.equals(tab.table.frame)
        assert drawn.table.headers == tab.table.headers
