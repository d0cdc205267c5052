"""AppTest: every initiative's detail page, and every page and slide with a keyword matching
nothing, in Japanese and English (issue #18 item 4: English pages crashed on empty figures)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dxdash.data.dataset import load_dataset
from dxdash.render.slides import present
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
@pytest.mark.parametrize("number", range(1, len(present.SLIDES) + 1))
def test_every_slide_survives_a_keyword_matching_nothing(number, language):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(present="1", slide=str(number), q="zzzzzz", **_lang_params(language))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"{number} / {len(present.SLIDES)}" in " ".join(h.proto.body for h in at.get("html"))
