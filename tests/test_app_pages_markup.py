"""Every page under hostile text (docs/hardening.md 5): text from the URL and from imported data
is shown as text, never Markdown (links, images, bold, colour, KaTeX, HTML) — AppTest on the
Markdown each element receives."""

from __future__ import annotations

import re

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dxdash.data import store
from dxdash.data.dataset import read_tables
from tests.fixtures import copy_repo_data
from tests.test_app_pages import APP, PAGES

EVIL = "http://evil.example"
HOSTILE = (
    f"[リンク]({EVIL}/x) ![画像]({EVIL}/i.png) <img src={EVIL}/h.png> :red[赤] "
    f"$E=mc^2$ **太字** :material/home: <{EVIL}/auto>"
)
HOSTILE_ID = "tsukurun"  # a Gunma model with 初の取組 and a related initiative


def hostile_tables(directory) -> dict[str, pa.Table]:
    """The report's tables with hostile text in one initiative's imported fields."""
    tables = read_tables(directory)
    rows = tables["initiatives"].to_pylist()
    for row in rows:
        if row["initiative_id"] == HOSTILE_ID:
            row.update(
                name="施策" + HOSTILE,
                short_name="略" + HOSTILE[:40],
                started_note="注記" + HOSTILE,
                firsts=["初" + HOSTILE],
                summary="概要" + HOSTILE + "\n# 見出し\n" + HOSTILE,
                gunma_model_name="モデル" + HOSTILE,
                gunma_model_summary="説明" + HOSTILE,
                comments=["声" + HOSTILE],
            )
    tables["initiatives"] = pa.Table.from_pylist(rows, schema=tables["initiatives"].schema)
    return tables


@pytest.fixture
def hostile_data(tmp_path, monkeypatch):
    directory = copy_repo_data(tmp_path / "data")
    store.write_version(directory, hostile_tables(directory), "hostile.xlsx")
    monkeypatch.setenv("DXDASH_DATA_DIR", str(directory))
    return directory


MARKDOWN_ELEMENTS = ("markdown", "caption", "title", "subheader", "header", "info", "warning")
MARKDOWN_ELEMENTS += ("error", "success", "toast")


def markdown_bodies(at: AppTest) -> list[str]:
    """Every Markdown source the page sends: element bodies and widget/expander/tab labels."""
    bodies = [e.value for kind in MARKDOWN_ELEMENTS for e in at.get(kind)]
    bodies += [b.proto.label for kind in ("button", "download_button") for b in at.get(kind)]
    bodies += [e.label for e in at.expander] + [t.label for t in at.tabs]
    return bodies


LIVE_MARKUP = [
    re.compile(r"(?<!\\)\]\(http"),  # link or image target
    re.compile(r"(?<!\\)!(?<!\\)\["),  # image
    re.compile(r"(?<!\\)<(img|http)"),  # HTML or autolink
    re.compile(r"(?<!\\):red(?<!\\)\["),  # colour
    re.compile(r"(?<!\\):material"),  # icon shortcode
    re.compile(r"(?<!\\)\$E"),  # KaTeX
    re.compile(r"(?<!\\)\*\*太字"),  # bold
]


def assert_no_live_markup(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for body in markdown_bodies(at):
        for pattern in LIVE_MARKUP:
            assert not pattern.search(body), (pattern.pattern, body)


def _run(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


@pytest.mark.parametrize("language", ["ja", "en"])
def test_hostile_initiative_detail_is_escaped(hostile_data, language):
    params = {"lang": "en"} if language == "en" else {}
    at = _run("app_pages/initiatives.py", **params)
    at.query_params["id"] = HOSTILE_ID
    at.run()
    assert_no_live_markup(at)
    bodies = " ".join(markdown_bodies(at))
    assert EVIL.replace(".", "\\.").replace(":", "\\:").replace("/", "\\/") in bodies
    for shown in ("注記", "初", "概要", "モデル", "説明") if language == "ja" else ("注記", "初"):
        assert shown in bodies, shown
    html_bodies = " ".join(h.proto.body for h in at.get("html"))
    assert "<img" not in html_bodies
    if language == "ja":  # English shows the translated comment
        assert "&lt;img" in html_bodies  # the comment, as text


def test_hostile_names_on_cards_and_related_buttons_are_escaped(hostile_data):
    at = _run("app_pages/initiatives.py")  # table and cards of every initiative
    assert_no_live_markup(at)
    at.query_params["id"] = "tsukurun-meta"  # its related button names the hostile one
    at.run()
    assert_no_live_markup(at)


@pytest.mark.parametrize("page", list(PAGES))
def test_hostile_keyword_in_the_url_is_escaped(hostile_data, page):
    assert_no_live_markup(_run(page, q=HOSTILE))


@pytest.mark.parametrize("param", ["snapshot", "id"])
def test_hostile_snapshot_and_id_in_the_url_are_escaped(hostile_data, param):
    at = _run("app_pages/initiatives.py", **{param: HOSTILE})
    assert_no_live_markup(at)
    assert "見つかりません" in at.warning[0].value
