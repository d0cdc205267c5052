"""How a chart is shared: its page, its permalink, its chart-only view and the <iframe> that embeds it.

A chart is named by its story section's key (``usage``, ``group.money``). Its permalink is its
page's URL with ``?chart=<key>`` (the page opens scrolled to it), the filters, the language, a
snapshot and the 利用実績 page's tab and scale; the same URL with Streamlit's ``?embed=true`` is
the chart-only view an ``<iframe>`` shows (dxdash.render.streamlit.chart_view). Pure: no Streamlit.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from dxdash.locale import Locale
from dxdash.story import figures
from dxdash.story.build import GROUP_KEYS
from dxdash.story.filters import Filters
from dxdash.story.model import Section
from dxdash.story.url_state import (
    CHART_PARAM,
    DEFAULT_SCALE,
    EMBED_PARAM,
    GROUP_PARAM,
    LANG_PARAM,
    SCALE_PARAM,
    SNAPSHOT_PARAM,
    Notice,
    encode_filters,
    encode_lang,
    shown_value,
)

LOG_SCALE = "対数"
METRICS_PAGE = "metrics"

# Every section with a chart, and the url_path of the page that draws it ("" is the overview).
CHART_PAGES: Mapping[str, str] = {
    "usage": "",
    "rates": "",
    "models": "gunma-model",
    "survey": "evaluation",
    "launches": "history",
    "timeline": "history",
    **dict.fromkeys(GROUP_KEYS, METRICS_PAGE),
}

ANCHOR_PREFIX = "dx-chart-"  # a chart section's heading id on its page: dx-chart-group-money
# An embed's title, takeaway, axes, legend, notes, source and link around the drawing (px), as
# measured in Chromium on a 720 px column (tests/browser/test_chart_share.py)
EMBED_TEXT_PX = 520
MAX_EMBED_PX = 1400


def anchor_id(key: str) -> str:
    """The id of a chart section's heading, which its permalink scrolls to (group.money → …-group-money)."""
    return ANCHOR_PREFIX + key.replace(".", "-")


def charts_of(page: str) -> tuple[str, ...]:
    """The chart keys of a page (its url_path), in the story's order."""
    return tuple(key for key, owner in CHART_PAGES.items() if owner == page)


def parse_chart(raw: Sequence[str], page: str) -> tuple[str, list[Notice]]:
    """``?chart=usage`` → that chart's key when the page (its url_path) draws it; "" when absent;
    anything else "", said so (the page then opens at its top, the embed says what is missing)."""
    if not raw:
        return "", []
    value = raw[-1].strip()
    if CHART_PAGES.get(value) == page:
        return value, []
    return "", [
        Notice(
            "URLのグラフ「{value}」はこのページにありません。ページの先頭から表示しています。",
            shown_value(raw[-1]),
        )
    ]


def wants_log(section: Section, scale: str) -> bool:
    """True when 対数 is chosen and the section's figures span enough for it (利用実績's rule)."""
    return (
        scale == LOG_SCALE
        and section.key in GROUP_KEYS
        and not section.empty
        and figures.FigureGroup(section.key, section.title, "", section.rows).spread
        >= figures.LOG_SPREAD
    )


LOG_NOTE = "目盛り：対数"  # said under a chart drawn on a log scale (page, embed)


def on_scale(section: Section, scale: str, locale: Locale) -> tuple[Section, dict[str, Any]]:
    """The section as drawn on the scale asked for (利用実績's switch, a link's ?scale=), and its
    chart's options: on 対数, where its figures span enough, the log option and the note that
    says so; otherwise the section as it is."""
    if not wants_log(section, scale):
        return section, {}
    return replace(section, notes=(*section.notes, locale._(LOG_NOTE))), {"log": True}


def chart_params(
    key: str,
    *,
    filters: Filters,
    locale: Locale,
    snapshot: str = "",
    scale: str = DEFAULT_SCALE,
    embed: bool = False,
) -> dict[str, list[str]]:
    """The URL parameters of a chart's permalink (or, with ``embed``, of its chart-only view)."""
    params: dict[str, list[str]] = {}
    if CHART_PAGES[key] == METRICS_PAGE:
        params[GROUP_PARAM] = [key.removeprefix("group.")]
        if scale == LOG_SCALE:
            params[SCALE_PARAM] = [LOG_SCALE]
    params[CHART_PARAM] = [key]
    params.update(encode_filters(filters))
    if snapshot:
        params[SNAPSHOT_PARAM] = [snapshot]
    if language := encode_lang(locale):
        params[LANG_PARAM] = language
    if embed:
        params[EMBED_PARAM] = ["true"]
    return params


def chart_url(root: str, key: str, **params: Any) -> str:
    """The absolute URL of a chart's permalink (or embed view) under the app's root URL."""
    query = urlencode(chart_params(key, **params), doseq=True)
    return f"{root.rstrip('/')}/{CHART_PAGES[key]}?{query}"


def app_root(url: str | None, page: str) -> str:
    """The app's root URL from the URL of the page shown (its url_path at the end), with "/"."""
    base = (url or "").split("?", 1)[0].rstrip("/")
    if page and base.endswith("/" + page):
        base = base[: -len(page) - 1]
    return base + "/"


def embed_height(spec: Mapping[str, Any]) -> int:
    """The <iframe> height, in px, for a chart's spec: its drawing plus the text around it."""
    height = spec.get("height")
    if isinstance(height, int | float):
        chart = float(height)
    elif isinstance(height, Mapping) and "step" in height:
        rows = max((_row_count(rows) for rows in spec.get("datasets", {}).values()), default=1)
        chart = float(height["step"]) * max(rows, 1)
    else:
        chart = 400.0
    return min(round(chart) + EMBED_TEXT_PX, MAX_EMBED_PX)


def _row_count(rows: Any) -> int:
    """Rows of a spec's inline dataset: a list of records, or Arrow IPC bytes (blocks.chart_spec)."""
    if isinstance(rows, bytes | bytearray):
        import pyarrow as pa  # only for a cached spec's bytes

        return pa.ipc.open_stream(rows).read_all().num_rows
    return len(rows)


def embed_code(src: str, *, title: str, height: int) -> str:
    """The <iframe> a page pastes to show the chart: full width, its height, a title for screen
    readers, lazily loaded, no border."""
    return (
        f'<iframe src="{html.escape(src)}" title="{html.escape(title)}" width="100%" '
        f'height="{height}" style="border:0" loading="lazy"></iframe>'
    )
