"""The pages draw the story: every section's takeaway appears word for word on its page."""

from __future__ import annotations

import html

import pytest
from streamlit.testing.v1 import AppTest

from dxdash.locale import get_locale
from dxdash.story.build import GROUP_KEYS, build_story
from dxdash.story.content import localized
from dxdash.story.filters import Filters
from dxdash.story.model import PAGES
from tests.test_app_pages import run_app

# page script → the story sections it draws (metrics: every group, the open tab's one per run)
PAGE_SECTIONS = {
    "app_pages/overview.py": PAGES["overview"],
    "app_pages/metrics.py": GROUP_KEYS,
    "app_pages/gunma_model.py": PAGES["gunma_model"],
    "app_pages/evaluation.py": PAGES["evaluation"],
    "app_pages/history.py": PAGES["history"],
}
VIEWS = {
    "ja": {"field": ["健康", "行政"]},
    "en": {"field": ["Health", "Administration"], "lang": "en"},
}


def page_text(at: AppTest) -> str:
    """Every text the page shows: markdown, HTML blocks, captions, messages and headings."""
    parts = [m.value for m in at.markdown]
    parts += [h.proto.body for h in at.get("html")]
    parts += [c.value for c in at.caption]
    parts += [i.value for i in at.info]
    parts += [s.value for s in at.subheader]
    return "\n".join(parts)


def escaped(text: str) -> set[str]:
    """The text as plain text and as st.html shows it (escaped)."""
    return {text, html.escape(text), html.escape(text, quote=False)}


@pytest.mark.parametrize("lang", list(VIEWS))
@pytest.mark.parametrize("page", list(PAGE_SECTIONS))
def test_every_takeaway_is_on_its_page(dataset, page, lang):
    # 利用実績 draws the open tab's group: one run per group (?group=people …)
    groups = [key.removeprefix("group.") for key in GROUP_KEYS] if "metrics" in page else [None]
    runs = [run_app(page, **VIEWS[lang], **({"group": group} if group else {})) for group in groups]
    filters = Filters(fields=tuple(runs[0].session_state["field"]))
    assert len(filters.fields) == 2
    story = build_story(localized(dataset, get_locale(lang)), filters, get_locale(lang))
    sections = [story[key] for key in PAGE_SECTIONS[page]]
    assert sections
    for at, section in zip(runs * len(sections) if len(runs) == 1 else runs, sections, strict=True):
        text = page_text(at)
        assert section.takeaway, section.key
        assert any(form in text for form in escaped(section.takeaway)), (
            section.key,
            section.takeaway,
        )
        headings = [s.value for s in at.subheader] + [h.proto.body for h in at.get("html")]
        title = f">{html.escape(section.title)}</h3>"  # with or without the chart's anchor id
        assert section.title in headings or any(
            'class="dx-section-title"' in h and title in h for h in headings
        ), section.key
