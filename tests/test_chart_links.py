"""dxdash.story.chart_links, table-driven: which page draws which chart, its anchor, its
permalink and embed parameters, the app's root URL, the embed's height and its escaped code."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from dxdash.data.dataset import load_dataset
from dxdash.locale import get_locale
from dxdash.story import chart_links
from dxdash.story.build import GROUP_KEYS, build_story
from dxdash.story.filters import Filters

JA, EASY, EN = get_locale("ja"), get_locale("easy"), get_locale("en")
HEALTH_2022 = Filters(fields=("健康",), fiscal_years=(2022, 2023))


@pytest.mark.parametrize(
    ("raw", "page", "key", "named"),
    [
        ([], "", "", False),
        (["usage"], "", "usage", False),
        (["rates"], "", "rates", False),
        (["usage"], "history", "", True),  # drawn on the overview, not here
        (["timeline"], "history", "timeline", False),
        (["group.money"], "metrics", "group.money", False),
        ([" survey "], "evaluation", "survey", False),  # spaces around are forgiven
        (["usage", "models"], "gunma-model", "models", False),  # the last value wins
        (["<script>"], "", "", True),
        (["summary"], "", "", True),  # a section without a chart
    ],
)
def test_parse_chart(raw, page, key, named):
    parsed, notices = chart_links.parse_chart(raw, page)
    assert parsed == key
    assert bool(notices) == named
    if named:
        assert notices[0].value  # the URL's value is quoted back


@pytest.mark.parametrize(
    ("key", "anchor"),
    [("usage", "dx-chart-usage"), ("group.money", "dx-chart-group-money")],
)
def test_anchor_id(key, anchor):
    assert chart_links.anchor_id(key) == anchor


def test_every_group_is_a_chart_of_the_metrics_page_and_pages_list_their_charts():
    assert set(GROUP_KEYS) <= set(chart_links.CHART_PAGES)
    assert chart_links.charts_of("") == ("usage", "rates")
    assert chart_links.charts_of("history") == ("launches", "timeline")
    assert set(chart_links.charts_of("metrics")) == set(GROUP_KEYS)


def test_every_chart_key_is_a_story_section_with_a_chart():
    story = build_story(load_dataset(), Filters(), JA)
    sections = {
        section.key: section
        for page in ("overview", "gunma_model", "evaluation", "history")
        for section in story.page(page)
    }
    sections |= {section.key: section for section in story.sections(tuple(GROUP_KEYS))}
    for key in chart_links.CHART_PAGES:
        assert sections[key].chart is not None, key


@pytest.mark.parametrize(
    ("key", "options", "expected"),
    [
        ("usage", {}, {"chart": ["usage"]}),
        ("usage", {"locale": EN}, {"chart": ["usage"], "lang": ["en"]}),
        ("usage", {"locale": EASY}, {"chart": ["usage"], "lang": ["easy"]}),
        (
            "timeline",
            {"filters": HEALTH_2022},
            {"chart": ["timeline"], "field": ["健康"], "fy": ["2022", "2023"]},
        ),
        ("group.money", {}, {"group": ["money"], "chart": ["group.money"]}),
        (
            "group.money",
            {"scale": "対数"},
            {"group": ["money"], "scale": ["対数"], "chart": ["group.money"]},
        ),
        ("usage", {"scale": "対数"}, {"chart": ["usage"]}),  # the scale is 利用実績's only
        ("survey", {"snapshot": "abc123"}, {"chart": ["survey"], "snapshot": ["abc123"]}),
        ("models", {"embed": True}, {"chart": ["models"], "embed": ["true"]}),
    ],
)
def test_chart_params(key, options, expected):
    given = {"filters": Filters(), "locale": JA} | options
    assert chart_links.chart_params(key, **given) == expected


def test_chart_url_is_the_charts_page_with_its_parameters():
    url = chart_links.chart_url(
        "https://dx.example.jp/dash/", "group.money", filters=HEALTH_2022, locale=EN, embed=True
    )
    parts = urlsplit(url)
    assert parts.path == "/dash/metrics"
    assert parse_qs(parts.query) == {
        "group": ["money"],
        "chart": ["group.money"],
        "field": ["健康"],
        "fy": ["2022", "2023"],
        "lang": ["en"],
        "embed": ["true"],
    }


@pytest.mark.parametrize(
    ("url", "page", "root"),
    [
        ("http://localhost:8501/", "", "http://localhost:8501/"),
        ("http://localhost:8501/metrics?group=money", "metrics", "http://localhost:8501/"),
        ("https://dx.example.jp/dash/gunma-model", "gunma-model", "https://dx.example.jp/dash/"),
        ("https://dx.example.jp/dash/?chart=usage", "", "https://dx.example.jp/dash/"),
        (None, "", "/"),
        ("", "history", "/"),
    ],
)
def test_app_root(url, page, root):
    assert chart_links.app_root(url, page) == root


@pytest.mark.parametrize(
    ("spec", "height"),
    [
        ({"height": 300}, 300 + chart_links.EMBED_TEXT_PX),
        ({"height": {"step": 30}, "datasets": {"d": [{}] * 4}}, 120 + chart_links.EMBED_TEXT_PX),
        ({"height": {"step": 30}, "datasets": {}}, 30 + chart_links.EMBED_TEXT_PX),
        ({}, 400 + chart_links.EMBED_TEXT_PX),
        ({"height": {"step": 30}, "datasets": {"d": [{}] * 500}}, chart_links.MAX_EMBED_PX),
    ],
)
def test_embed_height(spec, height):
    assert chart_links.embed_height(spec) == height


def test_embed_height_counts_arrow_rows():
    import pyarrow as pa

    table = pa.table({"x": list(range(7))})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    spec = {"height": {"step": 20}, "datasets": {"d": sink.getvalue().to_pybytes()}}
    assert chart_links.embed_height(spec) == 140 + chart_links.EMBED_TEXT_PX


def test_embed_code_escapes_its_url_and_title():
    code = chart_links.embed_code(
        'https://x.jp/?chart=usage&q="><script>', title='A "B" <i>', height=640
    )
    assert code == (
        '<iframe src="https://x.jp/?chart=usage&amp;q=&quot;&gt;&lt;script&gt;" '
        'title="A &quot;B&quot; &lt;i&gt;" width="100%" height="640" style="border:0" '
        'loading="lazy"></iframe>'
    )
