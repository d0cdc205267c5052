"""The story model: what each section of the dashboard says, decided once for every renderer.

A Section carries everything the page, the slides and the handout need — title, takeaway,
KPI cards with their sources, a chart (its builder with the data bound), the table, notes
(as-of, caps), the source and how many rows are shown of how many. Renderers loop over
sections and choose only how to draw them, never which rows, caps or words.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import partial
from typing import Any

import pandas as pd

from dxdash.locale import Locale
from dxdash.story.filters import Filters

# The figure in a card's words: the first run with a digit, up to a space or a 見込 qualifier.
_FIGURE = re.compile(r"[^\s（(]*\d[^\s（(]*")


@dataclass(frozen=True)
class FigureText:
    """A card's figure as printed, in three runs: 「」「約80万人」「（見込）」, "about " "800,000"
    " people (projected)". A renderer sets ``number`` large and the words around it smaller."""

    prefix: str  # "about ", "over " … (English words before the digits; 約 stays in the number)
    number: str  # the run with the digits, as one word: 約80万人, 89%, 800,000
    suffix: str  # （見込）, " people (projected)" … (may wrap)

    @classmethod
    def of(cls, display: str) -> FigureText | None:
        """The runs of a figure, or None when the text is a phrase, not a figure (外部評価's
        「G7・デジ田会議開催／…」): a long run before or after the digits, or no digits."""
        found = _FIGURE.search(display)
        if found is None:
            return None
        prefix, number, suffix = display[: found.start()], found.group(), display[found.end() :]
        if len(prefix) > 8 or len(number) > 10 or len(suffix) > 20:
            return None
        return cls(prefix, number, suffix)


@dataclass(frozen=True)
class Kpi:
    """One headline number as a card shows it, with the report heading it comes from.

    ``display`` is the figure as printed (「約80万人（見込）」); ``figure`` the same split into its
    runs, or None for a phrase — decided here once, so the page, the slides and the handout agree
    on what is a number. ``qualifier`` is the report's own mark (約, 超, 以上, 程度, 見込) or "".
    """

    label: str
    display: str
    as_of: str
    initiative_id: str | None = None
    change: str = ""  # how it moved since its previous value (series.figure_change), or ""
    source: str = ""  # the report heading of the figure (出典)
    href: str = ""  # the figure's own page (what it counts, story.figure_links), for one figure
    qualifier: str = ""
    figure: FigureText | None = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "figure", FigureText.of(self.display))


@dataclass(frozen=True)
class Chart:
    """A section's chart: an Altair builder with its data bound; renderers pick size options.

    ``build(scale=1.35, compact=True)`` for a slide, ``build()`` for the page and the handout.
    ``key`` identifies the spec for caching (section key; the story key adds data and filters).
    ``title`` and ``axis_title``: the words a figure-bar chart prints above its bars and under
    its value axis (「利用者数・利用回数」, 「人・回」), chosen by the story in the report's
    Japanese or English (Vega-Lite cannot draw ふりがな); None for charts that print none.
    """

    key: str
    builder: Callable[..., Any]
    alt_text: str
    options: Mapping[str, Any] = field(default_factory=dict)
    title: str | None = None
    axis_title: str | None = None
    # The builder also takes as_spec=True and then returns the Vega-Lite dict from a template
    # (charts.figure_bars.build_figure_bars): the page's fast path for a filter's first view.
    fast_spec: bool = False
    # The builder is partial(draw, rows, …): the chart can be drawn of a share of its rows (a
    # slide's part of a section too long for one slide; for_rows).
    pageable: bool = False

    def for_rows(self, rows: pd.DataFrame) -> Chart:
        """The same chart of other rows (a share of its own): a slide's part of the section."""
        builder = self.builder
        if not (self.pageable and isinstance(builder, partial)):
            raise TypeError(f"chart {self.key!r} is not drawn from rows it can be given")
        return replace(
            self, builder=partial(builder.func, rows, *builder.args[1:], **builder.keywords)
        )

    def _keywords(self, overrides: Mapping[str, Any]) -> dict[str, Any]:
        """The builder's keywords: the chart's words, its options, the renderer's sizes."""
        words = {
            name: value
            for name, value in (("title", self.title), ("axis_title", self.axis_title))
            if value is not None
        }
        return {**words, **self.options, **overrides}

    def build(self, **overrides: Any) -> Any:
        """The Altair chart, with the renderer's size options over the section's own."""
        return self.builder(**self._keywords(overrides))

    def spec(self, **overrides: Any) -> dict[str, Any]:
        """The chart's Vega-Lite spec (inline datasets), the same as ``build(...).to_dict()``."""
        if self.fast_spec:
            return self.builder(**self._keywords(overrides), as_spec=True)
        return self.build(**overrides).to_dict(validate=False)


@dataclass(frozen=True)
class DisplayTable:
    """A table as the story tells it: cells in the story's language, columns by id, and each
    shown column's header in words (a renderer lays out by id and prints the header).

    A column without a header is not shown: it is an id a renderer links rows by
    (``initiative_id``, the row a click opens).
    """

    frame: pd.DataFrame  # columns are ids (tables.COLUMN_HEADERS, or a 年度's "fy2023")
    headers: Mapping[str, str]  # id → header in the story's language, in the shown order

    @property
    def empty(self) -> bool:
        """True when the table has no rows."""
        return self.frame.empty

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def columns(self) -> tuple[str, ...]:
        """The ids of the shown columns, in order."""
        return tuple(c for c in self.headers if c in self.frame.columns)

    def header(self, column: str) -> str:
        """The header of a column, in the story's language."""
        return self.headers[column]

    def shown(self) -> pd.DataFrame:
        """The shown columns under their headers: what a page's table and a download print."""
        columns = self.columns
        return self.frame[list(columns)].rename(columns={c: self.headers[c] for c in columns})

    def head(self, count: int) -> DisplayTable:
        """The first `count` rows (the cards' share of the 施策一覧)."""
        return replace(self, frame=self.frame.head(count))

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts keyed by column id (hidden ids included)."""
        return self.frame.to_dict("records")


@dataclass(frozen=True)
class Table:
    """A titled table inside a section (the 外部評価 section has one per kind of event)."""

    key: str
    title: str
    table: DisplayTable  # headers and vocabulary in the story's language
    rows: pd.DataFrame  # the records behind it (for open-data downloads)
    source: str = ""
    empty_message: str = ""


class Kind(StrEnum):
    """What a section shows: each renderer switches on it, never on a section's key."""

    CARDS = "cards"  # figure cards alone (the summary, the headline)
    FIGURE_BARS = "figure_bars"  # a bar per figure, its value as printed (usage, rates, 市町村別)
    COUNT_BARS = "count_bars"  # counts by type or 年度, stacked by 分野 (models, launches)
    LINES = "lines"  # scores by 年度 (the survey)
    # dated events on a time axis, a dated list where room is short: its one part holds the
    # dated events in time order (the undated are in its table only)
    TIMELINE = "timeline"
    TABLES = "tables"  # titled tables alone (外部評価)
    HISTORY = "history"  # one figure's values over time (a 推移 line, a figure's page)
    PARTS = "parts"  # sections one after another (the 推移 tab)
    LIST = "list"  # initiatives as a table or cards (施策一覧)
    DETAIL = "detail"  # one initiative (its page's parts and tables)
    INDEX = "index"  # a list of links (every figure's definition)


@dataclass(frozen=True)
class Section:
    """One section of the story, as every renderer draws it."""

    key: str
    title: str
    takeaway: str
    source: str
    kind: Kind = Kind.CARDS  # what it shows (renderers switch on it)
    kpis: tuple[Kpi, ...] = ()
    chart: Chart | None = None
    table: DisplayTable | None = None  # display table in the story's language
    rows: pd.DataFrame | None = None  # the records behind chart and table (downloads, clicks)
    notes: tuple[str, ...] = ()  # as-of, caps, method — each a short line
    tables: tuple[Table, ...] = ()  # further titled tables (外部評価: awards, meetings, listings)
    # parts drawn one after another, each a section of its own (推移: a line per figure)
    parts: tuple[Section, ...] = ()
    shown: int = 0  # rows drawn
    total: int = 0  # rows that match the filters (shown < total when capped)
    filtered: bool = True  # False for program-wide sections the filters never change

    @property
    def empty(self) -> bool:
        """True when nothing matches the filters (the takeaway then says so)."""
        return self.total == 0

    @property
    def capped(self) -> bool:
        """True when only the largest rows are drawn."""
        return self.shown < self.total


# Which sections each renderer shows, in order (the story's order is the deck's and handout's).
PAGES: Mapping[str, tuple[str, ...]] = {
    "overview": ("summary", "headline", "usage", "rates"),
    "gunma_model": ("models",),
    "evaluation": ("survey", "evaluations"),
    "history": ("launches", "timeline"),
}
DECK: tuple[str, ...] = (
    "summary",
    "headline",
    "usage",
    "rates",
    "models",
    "survey",
    "evaluations",
    "timeline",
)
HANDOUT: tuple[str, ...] = (
    "summary",
    "headline",
    "usage",
    "rates",
    "models",
    "survey",
    "evaluations",
    "launches",
    "timeline",
)


class Story:
    """The sections for one (data version, filters, locale); each is built on first use.

    Lazy so a page pays only for its own sections; shared (cached per version, filters and
    locale) so the page, the deck and the handout draw the very same objects. Never mutate a
    section's frames: they are shared between sessions.
    """

    def __init__(
        self,
        *,
        version: str,
        filters: Filters,
        locale: Locale,
        report: Mapping[str, Any],
        source_note: str,
        builders: Mapping[str, Callable[[], Section]],
        order: tuple[str, ...],
        heads: Mapping[str, Callable[[], tuple[str, int]]] | None = None,
    ) -> None:
        self.version = version
        self.filters = filters
        self.locale = locale
        self.report = report
        self.source_note = source_note
        self._builders = builders
        self._heads = heads or {}
        self._heads_known: dict[str, tuple[str, int]] = {}
        self._order = order
        self._built: dict[str, Section] = {}
        self._lock = threading.Lock()

    def __getitem__(self, key: str) -> Section:
        with self._lock:
            if key not in self._built:
                self._built[key] = self._builders[key]()
            return self._built[key]

    def keys(self) -> tuple[str, ...]:
        """Every section key, in the story's order."""
        return self._order

    def __iter__(self) -> Iterator[Section]:
        return (self[key] for key in self._order)

    def sections(self, keys: tuple[str, ...]) -> list[Section]:
        """The sections named, in that order (a page's, the deck's or the handout's)."""
        return [self[key] for key in keys]

    def heads(self, keys: tuple[str, ...]) -> list[tuple[str, str, int]]:
        """(key, title, total) of the sections named, without building those that have a
        cheaper way to tell (利用実績's tabs: seven titles and counts, one group drawn)."""
        heads = []
        for key in keys:
            with self._lock:
                built = self._built.get(key)
                head = (built.title, built.total) if built else self._heads_known.get(key)
                if head is None and key in self._heads:
                    head = self._heads_known[key] = self._heads[key]()
            if head is None:
                section = self[key]
                head = (section.title, section.total)
            heads.append((key, *head))
        return heads

    def page(self, name: str) -> list[Section]:
        """The sections a dashboard page shows."""
        return self.sections(PAGES[name])

    def deck(self) -> list[Section]:
        """The sections the slide deck shows, one slide each, between cover and closing."""
        return self.sections(DECK)

    def handout(self) -> list[Section]:
        """The sections the PDF handout prints, after its title page."""
        return self.sections(HANDOUT)

    def headline_figures(self, count: int = 3) -> list[Kpi]:
        """The cover's headline figures: the program-wide answers, then the largest uses."""
        cards = [*self["summary"].kpis[:2], *self["headline"].kpis]
        return cards[:count]
