"""A section's chart on a slide: sized for the room the slide leaves it on each canvas, drawn
as SVG by vl-convert (cached per view, part and size), the image for the screen shown."""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from dxdash.charts import images, theme
from dxdash.charts.figure_bars import COMPACT_ROW_PX
from dxdash.charts.label_text import label_width_px
from dxdash.render.slides.canvas import (
    BODY_PX,
    CANVAS_WIDTHS,
    CHART_SCALE,
    LINE,
    PAD_SIDE,
    SLIDE_HEIGHT,
    TAKEAWAY_PX,
    TITLE_PX,
)
from dxdash.story.model import Chart, Kind, Story

# Chart options by the kind of section (each kind's builder's own keywords), given the canvas
# pixels the chart has (width, height) and the rows it draws: a renderer's layout choice, so a
# new section of a kind the deck knows is laid out as its kind is.
CHART_OPTIONS: dict[Kind, Callable[[int, int, pd.DataFrame | None], dict[str, Any]]] = {
    Kind.FIGURE_BARS: lambda width, room, rows: _bars_options(width, room, rows),
    # the bars' own height: the room less the title, the axis and the 分野 legend
    Kind.COUNT_BARS: lambda width, room, rows: {"height": max(room - 200, 120)},
    # the plot's height before scaling: the room less the axis and legend (two lines an item)
    Kind.LINES: lambda width, room, rows: {
        "height": max(room - 250, 100) / CHART_SCALE,
        "titled": False,  # the slide's title says it; its unit (点) is in the takeaway
    },
}
# Figure bars grow to fill the room (type and bars) up to 2×, and shrink to no less than 1.3×
# (chart text 18 canvas px: 2.5% of the screen's height).
BARS_SCALES = (1.3, 2.0)
TWO_LINE_ROW_PX = COMPACT_ROW_PX + round(theme.AXIS_LABEL_SIZE * 1.2)


def _bars_options(width: int, room: int, rows: pd.DataFrame | None) -> dict[str, Any]:
    """Compact figure bars filling `room`: rows of two lines when a name wraps at `width`."""
    labels = [] if rows is None else [str(label) for label in rows["label"]]
    count = max(len(labels), 1)
    fill = (room - 16) / (count * COMPACT_ROW_PX)
    scale = min(max(fill, BARS_SCALES[0]), BARS_SCALES[1])
    if any(label_width_px(label) * scale + 20 > width for label in labels):
        fill = (room - 16) / (count * TWO_LINE_ROW_PX)
        scale = min(max(fill, BARS_SCALES[0]), BARS_SCALES[1])
        return {"compact": True, "scale": round(scale, 2), "row_px": TWO_LINE_ROW_PX}
    return {"compact": True, "scale": round(scale, 2)}


# Charts drawn beside their notes, in this share of the slide's width (the rest span it): the
# figures' as-of notes are long, and a slide's height is what a chart lacks.
NOTES_BESIDE = {Kind.COUNT_BARS: 0.6, Kind.FIGURE_BARS: 0.64, Kind.LINES: 0.64}
# Kinds sized by a height option: drawn again shorter when they come out too tall (fitted_svg).
SIZED_BY_HEIGHT = frozenset({Kind.COUNT_BARS, Kind.LINES})


def _lines(text: str, size: float, width: float) -> int:
    """About how many lines `text` takes at `size` canvas px in `width` (a little over)."""
    if not text:
        return 0
    return max(1, math.ceil(label_width_px(text) * size / theme.MARK_LABEL_SIZE / width))


def chart_room(title: str, takeaway: str, below: Sequence[str], width: float) -> int:
    """The canvas pixels left for a chart under the title and takeaway, above its notes and
    source (`below`), on a canvas whose content is `width` wide."""
    used = _lines(title, TITLE_PX, width) * TITLE_PX * 1.2 + 6
    used += _lines(takeaway, TAKEAWAY_PX, width) * TAKEAWAY_PX * 1.35 + 10
    used += sum(_lines(text, BODY_PX, width) * BODY_PX * LINE + 8 for text in below)
    return int(SLIDE_HEIGHT - used - 8)


def _font_sizes(spec: Any) -> Iterator[float]:
    """Every font size a Vega-Lite spec sets (marks, axes, legends, titles)."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key.lower().endswith("fontsize") and isinstance(value, (int, float)):
                yield float(value)
            else:
                yield from _font_sizes(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _font_sizes(value)


def chart_canvas_spec(chart: Chart, kind: Kind, width: int, room: int) -> dict[str, Any]:
    """The chart's Vega-Lite spec for `width` × `room` canvas pixels of a slide, sized as a
    chart of its section's `kind`."""
    rows = chart.builder.args[0] if chart.pageable else None  # type: ignore[attr-defined]
    sized = CHART_OPTIONS.get(kind, lambda _w, _r, _n: {})
    options = {"scale": CHART_SCALE, **sized(width, room, rows)}
    spec = chart.spec(**options)
    return {**spec, "width": width, "autosize": {"type": "fit-x", "contains": "padding"}}


_SVG_HEIGHT = re.compile(r'<svg[^>]*?\sheight="([\d.]+)"')


def fitted_svg(chart: Chart, kind: Kind, width: int, room: int) -> tuple[str, dict[str, Any]]:
    """The chart's SVG for `width` × `room` canvas px, and its spec: a chart sized by a height
    option (count bars, survey lines) drawn too tall for the room is drawn again that much
    shorter."""
    spec = chart_canvas_spec(chart, kind, width, room)
    svg = images.chart_to_svg(spec)
    drawn = _SVG_HEIGHT.search(svg)
    if drawn and float(drawn.group(1)) > room and kind in SIZED_BY_HEIGHT:
        spec = chart_canvas_spec(chart, kind, width, 2 * room - math.ceil(float(drawn.group(1))))
        svg = images.chart_to_svg(spec)
    return svg, spec


@st.cache_data(max_entries=512, show_spinner=False)
def _chart_image(key: tuple, _draw: Callable[[], tuple[str, dict[str, Any]]]) -> tuple[str, float]:
    """A slide chart as an SVG data URI and its smallest font size, drawn once per key."""
    del key  # the cache key: the view, the slide's part and the chart's canvas size
    svg, spec = _draw()
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return uri, min(_font_sizes(spec), default=0.0)


def chart_html(
    chart: Chart, kind: Kind, story: Story, part: int, room_of: Callable[[int], int]
) -> str:
    """The chart drawn for each canvas (wide, standard), the one for the screen shown.

    An SVG image laid out in canvas pixels, so it scales with the slide like its text;
    ``data-canvas-width`` and ``data-min-font`` let a test measure its type as the room sees it.
    """
    share = NOTES_BESIDE.get(kind, 1.0)
    figures = []
    for variant, canvas in CANVAS_WIDTHS.items():
        width = int((canvas - 2 * PAD_SIDE) * share - (24 if share < 1 else 0))
        room = room_of(canvas)
        key = ("deck", chart.key, story.version, story.filters, story.locale.tag, part)

        def draw(width: int = width, room: int = room) -> tuple[str, dict[str, Any]]:
            return fitted_svg(chart, kind, width, room)

        uri, smallest = _chart_image((*key, width, room), draw)
        figures.append(
            f'<img class="dx-{variant}-only" src="{uri}" alt="{html.escape(chart.alt_text)}" '
            f'data-canvas-width="{width}" data-min-font="{smallest:g}" '
            f'style="width: calc({width} * var(--u))">'
        )
    return '<figure class="dx-deck-chart">' + "".join(figures) + "</figure>"
