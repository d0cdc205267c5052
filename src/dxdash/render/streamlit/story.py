"""The story a Streamlit run draws: built once per (data version, language, filters), shared.

Pages and the deck ask for sections here, so the page, the slides and the handout of one view
draw the same objects. cache_resource (not cache_data): a Story builds its sections lazily and
is never copied; callers must not mutate its frames.
"""

from __future__ import annotations

import streamlit as st

from dxdash.data.dataset import Dataset
from dxdash.locale import Locale, get_locale
from dxdash.render.streamlit import language
from dxdash.story.build import build_story
from dxdash.story.filters import Filters
from dxdash.story.initiative_page import InitiativePage, build_initiative_page
from dxdash.story.model import Story

# Each entry keeps its filtered tables; a few dozen views cover a meeting's worth of filters.
MAX_STORIES = 32


@st.cache_resource(max_entries=MAX_STORIES, show_spinner=False)
def _story(_dataset: Dataset, version: str, reading: str, filters: Filters) -> Story:
    """One cached story (the dataset itself is not hashed: its version stands for it)."""
    del version
    return build_story(_dataset, filters, get_locale(reading))


def current_story(dataset: Dataset, filters: Filters, locale: Locale | None = None) -> Story:
    """The story of the shown dataset (already in the run's language) under the filters, said
    in the page's reading (やさしい日本語 tells the Japanese data in plain words).

    ``locale``: the reading, read from the page when not given. A download's deferred data
    callable runs outside the script run (no session state to read): it passes the locale
    captured when the button was drawn."""
    shown = locale or language.locale()
    return _story(dataset, dataset.version, shown.tag, filters)


# Detail pages a meeting opens: each keeps its frames and chart parts (small).
MAX_INITIATIVE_PAGES = 128


@st.cache_resource(max_entries=MAX_INITIATIVE_PAGES, show_spinner=False)
def _initiative_page(
    _dataset: Dataset, version: str, reading: str, initiative_id: str
) -> InitiativePage | None:
    """One cached detail (the dataset is not hashed: its version stands for it)."""
    del version
    return build_initiative_page(_dataset, initiative_id, get_locale(reading))


def initiative_page(dataset: Dataset, initiative_id: str, locale: Locale) -> InitiativePage | None:
    """An initiative's detail as the story decides it, built once per (data version, reading,
    id) and shared: a rerun of the page (a click, a download) does not build it again."""
    return _initiative_page(dataset, dataset.version, locale.tag, initiative_id)
