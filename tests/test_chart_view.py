"""The chart-only view (?chart=<key>&embed=true) through app.py with AppTest: one chart with its
title, takeaway, source and a link back, no sidebar; an unknown chart is named, not drawn.

AppTest cannot put Streamlit's own ?embed=true in the URL (st.query_params hides it), so
url_guard.is_embedded — the one place that reads st.context.is_embedded — is patched; the
browser test (tests/browser/test_chart_share.py) opens the real ?embed=true in an <iframe>."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dxdash.data.dataset import REPO_ROOT
from dxdash.render.streamlit import url_guard

APP = str(REPO_ROOT / "app.py")


@pytest.fixture
def embedded(monkeypatch):
    monkeypatch.setattr(url_guard, "is_embedded", lambda: True)


def _embed(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _html(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


@pytest.mark.parametrize(
    ("params", "title", "link"),
    [
        ({"chart": "usage"}, "どれだけ使われているか", "?chart=usage"),
        ({"chart": "usage", "lang": "en"}, "How much the services are used", "lang=en"),
        ({"chart": "timeline", "field": "健康"}, "推進経過と外部評価", "field="),
    ],
)
def test_the_embed_view_is_one_chart_with_its_title_source_and_a_link(
    embedded, params, title, link
):
    path = {"timeline": "app_pages/history.py"}.get(params["chart"])
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if path:
        at.switch_page(path)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    page = _html(at)
    assert f">{title}</h1>" in page
    assert len(at.get("vega_lite_chart")) == 1
    assert not at.sidebar.multiselect  # no filter widgets: filters come from the URL only
    assert "dx-embed-link" in page
    assert link in page
    assert "embed=true" not in page.split("dx-embed-link", 1)[1]  # the link opens the dashboard


def test_an_unknown_chart_is_named_and_nothing_is_drawn(embedded):
    at = _embed(chart="nope")
    assert not at.get("vega_lite_chart")
    assert at.info[0].value == "このグラフは表示できません。"
    assert "「nope」" in _html(at)


def test_the_embed_view_in_easy_japanese_draws_its_readings(embedded):
    at = _embed(chart="rates", lang="easy")
    page = _html(at)
    assert "<ruby>割合<rp>" in page
    assert len(at.get("vega_lite_chart")) == 1
