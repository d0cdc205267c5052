"""The story builder: each section's rows, caps, title, takeaway and notes, in both languages."""

import dataclasses

import pytest

from dxdash.data.dataset import load_dataset
from dxdash.locale import get_locale
from dxdash.story.build import GROUP_KEYS, SECTION_BUILDERS, build_story
from dxdash.story.content import localized
from dxdash.story.filters import Filters
from dxdash.story.model import DECK, HANDOUT, PAGES, Kind, Kpi


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def story(dataset, code="ja", **filters):
    return build_story(localized(dataset, get_locale(code)), Filters(**filters), get_locale(code))


@pytest.mark.parametrize("code", ["ja", "en"])
def test_every_section_builds_with_a_title_a_takeaway_and_a_source(dataset, code):
    built = story(dataset, code)
    for key in (*HANDOUT, *GROUP_KEYS):
        section = built[key]
        assert section.key == key
        assert section.title, key
        assert section.takeaway, key
        assert section.source, key
        assert section.shown <= section.total, key
        if section.chart is not None:
            section.chart.build().to_dict(validate=False)


def test_sections_are_built_once_and_shared(dataset):
    built = story(dataset)
    assert built["usage"] is built["usage"]
    assert [s.key for s in built.deck()] == list(DECK)
    assert [s.key for s in built.page("overview")] == list(PAGES["overview"])


def test_summary_is_said_from_the_data(dataset):
    ja, en = story(dataset, "ja")["summary"], story(dataset, "en")["summary"]
    assert ja.takeaway == "DX加速化プログラムは89%（見込）、群馬モデルは15件。"
    assert en.takeaway == "DX Acceleration Program: 89% (projected); Gunma models: 15 initiatives."
    assert not ja.filtered
    assert [k.display for k in ja.kpis][:2] == ["89%（見込）", "15件"]


def test_summary_follows_an_import_that_changes_the_rate(dataset):
    metrics = dataset.metrics.copy()
    rate = (metrics["initiative_id"] == "dx-acceleration-program") & (metrics["metric"] == "達成率")
    metrics.loc[rate, "value_text"] = "95%"
    changed = dataclasses.replace(dataset, metrics=metrics)
    built = build_story(changed, Filters(), get_locale("ja"))
    assert built["summary"].takeaway.startswith("DX加速化プログラムは95%（見込）")


def test_a_single_rate_is_stated_not_counted(dataset):
    built = story(dataset, "en", keyword="病害虫")
    rates = built["rates"]
    assert rates.shown == 1
    assert "of 1" not in rates.takeaway
    assert rates.takeaway.startswith("Pest & disease diagnosis AI")
    assert "80% or more" in rates.takeaway


def test_filters_reach_every_filtered_section(dataset):
    everything = story(dataset)
    health = story(dataset, fields=("健康",))
    assert health["usage"].total < everything["usage"].total
    assert health["summary"].kpis == everything["summary"].kpis  # program-wide: never filtered
    assert set(health["models"].rows["field"]) <= {"健康"}


@pytest.mark.parametrize("code", ["ja", "en"])
def test_english_sections_carry_no_japanese_takeaways(dataset, code):
    import re

    cjk = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    built = story(dataset, code)
    for section in built.handout():
        if code == "en":
            assert not cjk.search(section.takeaway), (section.key, section.takeaway)
            assert not cjk.search(section.title), section.key
        else:
            assert cjk.search(section.takeaway), section.key


@pytest.fixture(scope="module")
def synthetic_dataset(tmp_path_factory):
    """`python -m dxdash.data.synthetic DIR --scale 2`: municipalities, history, many figures."""
    from dxdash.data import synthetic

    directory = tmp_path_factory.mktemp("synthetic") / "data"
    assert synthetic.main([str(directory), "--scale", "2"]) == 0
    return load_dataset(directory)


@pytest.mark.parametrize("which", ["report", "synthetic"])
@pytest.mark.parametrize("code", ["ja", "en"])
def test_labels_from_the_labelled_latest_are_with_labels(
    dataset, synthetic_dataset, monkeypatch, which, code
):
    """Every figure row a story labels gets the same frame from the labels made once per
    dataset (build.labelled_latest) as from labelling it again (figures.with_labels)."""
    from dxdash.story import build, figures

    data = localized(dataset if which == "report" else synthetic_dataset, get_locale(code))
    compared = []
    label = build._Inputs.label

    def checked(inputs, rows):
        got = label(inputs, rows)
        expected = figures.with_labels(rows, data.initiatives, data.programs, get_locale(code))
        assert list(got.columns) == list(expected.columns)
        assert got.equals(expected)
        compared.append(len(rows))
        return got

    monkeypatch.setattr(build._Inputs, "label", checked)
    for filters in (
        Filters(),
        Filters(fields=("健康",)),
        Filters(fields=("行政", "教育")),
        Filters(fiscal_years=(2022, 2023)),
        Filters(keyword="LINE"),
        Filters(models=("他自治体の見本",)),
    ):
        built = build_story(data, filters, get_locale(code))
        for key in (*HANDOUT, *GROUP_KEYS):
            built[key]
    assert len(compared) >= 12
    assert sum(compared) > 0
    assert f"labelled_latest:{code}" in data.derived


def test_large_data_is_labelled_as_asked(dataset, monkeypatch):
    """Above LABEL_ONCE_MAX_FIGURES figures nothing is labelled up front (a first view after a
    data load would wait seconds at 1000×); the labels are the same."""
    from dxdash.story import build, figures

    data = localized(dataset, get_locale("ja"))
    rows = data.latest.head(5)
    monkeypatch.setattr(build, "LABEL_ONCE_MAX_FIGURES", 3)
    got = build.label_figures(data, rows, get_locale("ja"))
    assert got.equals(figures.with_labels(rows, data.initiatives, data.programs, get_locale("ja")))
    assert not data.derived


@pytest.mark.parametrize("which", ["report", "synthetic"])
@pytest.mark.parametrize("code", ["ja", "en"])
def test_heads_tell_the_groups_title_and_total_without_building_them(
    dataset, synthetic_dataset, which, code
):
    """Story.heads (利用実績's tabs) gives each group's title and total without building the
    group's section — and the very title and total the built section has."""
    data = localized(dataset if which == "report" else synthetic_dataset, get_locale(code))
    for filters in (
        Filters(),
        Filters(fields=("健康",)),
        Filters(fields=("教育",), models=("他自治体の見本",)),
    ):
        story = build_story(data, filters, get_locale(code))
        heads = story.heads(GROUP_KEYS)
        assert not story._built  # nothing built to tell them
        assert heads == [(key, story[key].title, story[key].total) for key in GROUP_KEYS]
        assert story.heads(GROUP_KEYS) == heads  # and the same from the built sections


KINDS = {
    "summary": Kind.CARDS,
    "headline": Kind.CARDS,
    "usage": Kind.FIGURE_BARS,
    "rates": Kind.FIGURE_BARS,
    "models": Kind.COUNT_BARS,
    "survey": Kind.LINES,
    "evaluations": Kind.TABLES,
    "timeline": Kind.TIMELINE,
    "launches": Kind.COUNT_BARS,
    "history": Kind.PARTS,
    "initiatives": Kind.LIST,
}


@pytest.mark.parametrize(("key", "kind"), sorted(KINDS.items()))
def test_every_section_says_its_kind(dataset, key, kind):
    """Renderers switch on a section's kind, never on its key."""
    assert story(dataset)[key].kind is kind


def test_every_section_of_the_story_has_a_kind_listed(dataset):
    built = story(dataset)
    groups = {key for key in SECTION_BUILDERS if key.startswith("group.")}
    assert set(SECTION_BUILDERS) - groups == set(KINDS)
    assert {built[key].kind for key in groups} == {Kind.FIGURE_BARS}


@pytest.mark.parametrize(
    ("display", "runs"),
    [
        ("約80万人", ("", "約80万人", "")),  # one word in Japanese: it stays whole
        ("89%（見込）", ("", "89%", "（見込）")),
        ("about 800,000 people", ("about ", "800,000", " people")),
        ("92% (projected)", ("", "92%", " (projected)")),
        ("15件", ("", "15件", "")),
        ("G7・デジ田会議開催／Digi田甲子園優勝／日本DX大賞受賞", None),  # a phrase
        ("全国初", None),  # no digits
        ("", None),
    ],
)
def test_a_card_says_once_whether_it_is_a_figure_and_its_runs(display, runs):
    card = Kpi("label", display, "2024年3月末")
    got = card.figure and (card.figure.prefix, card.figure.number, card.figure.suffix)
    assert got == runs


@pytest.mark.parametrize("code", ["ja", "en"])
def test_cards_carry_the_reports_qualifier(dataset, code):
    cards = {card.initiative_id: card for card in story(dataset, code)["headline"].kpis}
    line = cards["line-digital-window"]
    assert line.qualifier == "約"
    assert line.figure is not None
    assert (line.figure.prefix, line.figure.number) == (
        ("", "約80万人") if code == "ja" else ("about ", "800,000")
    )


@pytest.mark.parametrize(
    ("code", "key", "title", "axis"),
    [
        ("ja", "usage", "利用者数・利用回数", "人・回"),
        ("ja", "rates", "達成率・割合（%）", "%"),
        ("en", "usage", "Users and uses", "people / uses"),
        ("easy", "usage", "利用者数・利用回数", "人・回"),  # a chart cannot draw ふりがな
    ],
)
def test_a_charts_words_are_on_its_section(dataset, code, key, title, axis):
    chart = story(dataset, code)[key].chart
    assert (chart.title, chart.axis_title) == (title, axis)
    titles = [layer.get("title") for layer in chart.spec()["layer"]]
    assert {"text": title} in titles
    compact = [layer.get("title") for layer in chart.spec(compact=True)["layer"]]
    assert not any(compact)  # a slide's heading says it


def test_the_timelines_part_is_its_dated_events_in_time_order(dataset):
    """The deck's dated list and the chart's axis show the story's part; the table has all."""
    section = build_story(dataset, Filters(), get_locale("ja"))["timeline"]
    [dated] = section.parts
    assert dated.kind is Kind.TIMELINE
    assert dated.rows["date"].notna().all()
    assert dated.rows["date"].is_monotonic_increasing
    assert len(dated.rows) == section.rows["date"].notna().sum() < len(section.table)
    assert "年月の記載がない出来事は表にのみ表示" in section.notes


@pytest.mark.parametrize(
    ("code", "times", "note"),
    [
        (
            "ja",
            ["2023年10月時点", "現在（2024年3月公表資料）", "2023年10月時点"],
            "A、C：2023年10月時点／B：現在（2024年3月公表資料）",
        ),
        (
            "en",
            ["as of Oct 2023", "current (report of March 2024)", "as of Oct 2023"],
            "A and C: as of Oct 2023; B: current (report of March 2024)",
        ),
    ],
)
def test_as_of_note_names_each_time_once_after_its_figures(code, times, note):
    """Each time says what it is (「…時点」, "as of …"): no 「時点：…時点」 / "As of: as of"."""
    import pandas as pd

    from dxdash.story import figures

    rows = pd.DataFrame({"as_of_display": times, "short_name": ["A", "B", "C"]})
    assert figures.as_of_note(rows, get_locale(code)) == note
