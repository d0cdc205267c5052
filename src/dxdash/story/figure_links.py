"""How a figure is named in a link: its URL id (its definition's, or a fallback) and its page's URL."""

from __future__ import annotations

from urllib.parse import urlencode

from dxdash.data.definitions import Definitions, load_definitions
from dxdash.data.validation import DataError
from dxdash.locale import Locale
from dxdash.story.url_state import DETAIL_PARAM, LANG_PARAM, encode_lang

FIGURE_PAGE = "figure"  # the page's url_path
INITIATIVES_PAGE = "initiatives"  # 施策一覧, whose ?id= opens an initiative's detail
FALLBACK_SEPARATOR = "~"  # a figure with no definition yet: ?id=<initiative_id>~<metric>


def definitions_or_none() -> Definitions:
    """The definitions; an unreadable file gives none (every figure keeps its fallback id)."""
    try:
        return load_definitions()
    except DataError:
        return Definitions((), {})


def figure_id(definitions: Definitions, owner: str, metric: str) -> str:
    """The URL id of a figure: its definition's id, or ``<owner>~<metric>`` while it has none."""
    entry = definitions.of(owner, metric)
    return entry.id if entry else f"{owner}{FALLBACK_SEPARATOR}{metric}"


def figure_of(definitions: Definitions, value: str) -> tuple[str, str] | None:
    """The (initiative or program id, metric) a URL id names, or None when it names none."""
    entry = definitions.by_id(value)
    if entry is not None:
        return entry.initiative_id, entry.metric
    owner, separator, metric = value.partition(FALLBACK_SEPARATOR)
    return (owner, metric) if separator and owner and metric else None


def page_href(path: str, locale: Locale, **params: str) -> str:
    """A page-relative link with its parameters and the reader's ?lang= (url_state's encoding)."""
    query = urlencode({**params, LANG_PARAM: encode_lang(locale)}, doseq=True)
    return f"{path}?{query}" if query else path


def figure_href(figure: str, locale: Locale) -> str:
    """The link to a figure's page, in the reader's language."""
    return page_href(FIGURE_PAGE, locale, **{DETAIL_PARAM: figure})


def index_href(locale: Locale) -> str:
    """The link to the index of every figure, in the reader's language."""
    return page_href(FIGURE_PAGE, locale)


def initiative_href(initiative_id: str, locale: Locale) -> str:
    """The link to an initiative's detail on 施策一覧, in the reader's language."""
    return page_href(INITIATIVES_PAGE, locale, **{DETAIL_PARAM: initiative_id})


def href_of(owner: str, metric: str, locale: Locale) -> str:
    """The link to a figure's page from its (initiative or program id, metric)."""
    return figure_href(figure_id(definitions_or_none(), owner, metric), locale)
