"""AppTest: every initiative's detail page, and every page and slide with a keyword matching
nothing, in Japanese and English (docs/hardening.md 4: English pages crashed on empty figures), and
URL values cut or named."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dxdash.data.dataset import load_dataset
from tests.fixtures import deck_slides
from tests.test_app_pages import APP, PAGES, run_app

INITIATIVE_IDS = list(load_dataset().initiatives["initiative_id"])
LANGS = ["ja", "en"]


def _lang_params(language: str) -> dict[str, str]:
    return {"lang": "en"} if language == "en" else {}


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("initiative_id", INITIATIVE_IDS)
def test_every_initiative_detail_renders(initiative_id, language):
    at = run_app("app_pages/initiatives.py")
    at.query_params["id"] = initiative_id
    for key, value in _lang_params(language).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title  # the initiative's own title
    assert not at.warning  # no "not found"


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_survives_a_keyword_matching_nothing(page, language):
    at = run_app(page, q="zzzzzz", **_lang_params(language))
    assert at.title


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("number", range(1, len(deck_slides(keyword="zzzzzz")) + 1))
def test_every_slide_survives_a_keyword_matching_nothing(number, language):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(present="1", slide=str(number), q="zzzzzz", **_lang_params(language))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"{number} / {len(deck_slides(keyword='zzzzzz'))}" in " ".join(
        h.proto.body for h in at.get("html")
    )


# ---- Issue #29: long, repeated, unused and invisible URL values (AppTest) ----

HUGE_KEYWORD = "a " * 50_000  # a 100 KB query string: about the largest a server takes


def _notices(at: AppTest) -> str:
    """The URL notices on the page (HTML-escaped text in .dx-notice boxes)."""
    return " ".join(h.proto.body for h in at.get("html") if 'class="dx-notice"' in h.proto.body)


def _deep_link(page: str | None, **params: str | list[str]) -> AppTest:
    """Open a page as a shared link does: the page and its query at once (no first run on /)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", list(PAGES))
def test_a_100_kb_keyword_is_cut_and_named_on_every_page(page):
    at = _deep_link(page, q=HUGE_KEYWORD)
    assert "「q」は200文字までです（100000文字）" in _notices(at)
    assert at.query_params["q"] == HUGE_KEYWORD[:200].strip()  # the address bar: what is used
    assert at.session_state["q"] == HUGE_KEYWORD[:200].strip()


def test_a_100_kb_keyword_is_cut_and_named_in_the_deck():
    at = _deep_link(None, present="1", slide="2", q=HUGE_KEYWORD)
    assert "「q」は200文字までです" in _notices(at)


@pytest.mark.parametrize(
    ("page", "params", "named"),
    [
        (
            "app_pages/initiatives.py",
            {"view": "<script>"},
            "URLの表示「&lt;script&gt;」はありません",
        ),
        (
            "app_pages/history.py",
            {"view": ["cards", "table"]},
            "URLの「view=cards, view=table」はこのページでは使わないため",
        ),
        ("app_pages/initiatives.py", {"view": ["cards", "table"]}, "最後の「table」を使っています"),
        (None, {"present": "abc"}, "URLのプレゼンテーション「abc」は読めません"),
        (None, {"slide": "3"}, "URLの「slide=3」はこのページでは使わないため"),
        ("app_pages/metrics.py", {"scale": "\u202e"}, "URLの目盛り「&lt;U+202E&gt;」"),
        ("app_pages/metrics.py", {"group": "\u2066x\u2069"}, "「&lt;U+2066&gt;x&lt;U+2069&gt;」"),
        ("app_pages/initiatives.py", {"field": "\ufeff"}, "「&lt;U+FEFF&gt;」"),
    ],
)
def test_silent_values_are_named_and_invisible_ones_shown(page, params, named):
    at = _deep_link(page, **params)
    assert named in _notices(at), _notices(at)
    every_text = " ".join(h.proto.body for h in at.get("html")) + " ".join(
        m.value for m in at.markdown
    )
    for invisible in ("\u202e", "\u2066", "\u2069", "\ufeff"):
        assert invisible not in every_text


def test_an_unknown_view_shows_the_table_and_writes_the_canonical_url():
    at = _deep_link("app_pages/initiatives.py", view="<script>")
    assert at.dataframe  # the table
    assert "view" not in at.query_params


def test_an_invisible_snapshot_id_is_named_visibly():
    at = _deep_link(None, snapshot="\u202eabc")
    warnings = " ".join(w.value for w in at.warning)
    assert "\\<U\\+202E\\>abc" in warnings  # Markdown-escaped: shown as text
    assert "\u202e" not in warnings
