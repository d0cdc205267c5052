"""Build the story: every section, for one (data version, filters, locale), in one place.

Filters and caps are applied here and nowhere else; the page, the deck and the handout draw
what this module decides. Each section has a builder in SECTION_BUILDERS (a registry, as
datasette's renderers), run lazily by the Story on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, partial

import pandas as pd

from dxdash.charts import count_bars, figure_bars, timeline_chart
from dxdash.data.dataset import Dataset
from dxdash.data.vocabulary import GUNMA_MODEL_PARTS
from dxdash.locale import Locale
from dxdash.story import figures, history, tables, takeaways
from dxdash.story.filters import (
    Filters,
    filter_events,
    filter_initiatives,
    filter_metrics,
    filter_survey,
)
from dxdash.story.model import HANDOUT, Chart, Kind, Section, Story, Table

GROUP_KEYS: tuple[str, ...] = tuple(f"group.{key}" for key, *_rest in figures.FIGURE_GROUPS)


class _Inputs:
    """The filtered tables a story's sections share, each computed once on first use."""

    def __init__(self, dataset: Dataset, filters: Filters, locale: Locale) -> None:
        self.dataset = dataset
        self.filters = filters
        self.locale = locale

    @cached_property
    def shown(self) -> pd.DataFrame:
        """Initiatives that match the filters."""
        return filter_initiatives(self.dataset.initiatives, self.filters)

    @cached_property
    def metrics(self) -> pd.DataFrame:
        """The newest value of every figure of the shown initiatives (and program-wide ones)."""
        return filter_metrics(
            self.dataset.latest, self.dataset.initiatives, self.shown, self.filters
        )

    @cached_property
    def events(self) -> pd.DataFrame:
        """Events that match the filters."""
        return filter_events(self.dataset.events, self.shown, self.filters)

    @cached_property
    def survey(self) -> pd.DataFrame:
        """Survey answers in the 年度 range."""
        return filter_survey(self.dataset.survey, self.filters)

    def label(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Figure rows with their names and display columns in the story's language."""
        return label_figures(self.dataset, rows, self.locale)

    def source(self, heading: str = "") -> str:
        """The citation under a section, with the report heading (in the story's language)."""
        return self.locale.notes(
            [self.dataset.source_note, self.locale._(heading) if heading else ""]
        )

    def events_source(self, events: pd.DataFrame) -> str:
        """The citation under events: the report and the headings the events come from."""
        headings = dict.fromkeys(
            self.locale._(h) for h in map(figures.heading_of, events["source"]) if h
        )
        return self.source(self.locale.join(headings) if headings else "")


# Above this many figures, labelling them all at once would hold up the first view after a
# data load (1000× synthetic data: 28,055 figures, 2.6 s per language); rows are then labelled
# as they are asked for, as before.
LABEL_ONCE_MAX_FIGURES = 5_000


def label_figures(dataset: Dataset, rows: pd.DataFrame, locale: Locale) -> pd.DataFrame:
    """Figure rows with their names and display columns in a language (figures.with_labels).

    Rows of the dataset's newest figures take their labels from labelled_latest (made once
    per dataset and language, up to LABEL_ONCE_MAX_FIGURES figures) instead of being labelled
    again for every filter: the same frame as figures.with_labels(rows, …) (tests/test_story.py
    checks it).
    """
    latest = dataset.latest
    if len(latest) > LABEL_ONCE_MAX_FIGURES or not rows.index.isin(latest.index).all():
        return figures.with_labels(rows, dataset.initiatives, dataset.programs, locale)
    labelled = labelled_latest(dataset, locale).loc[rows.index]
    if rows.columns.equals(latest.columns):  # rows of latest as they are (filtered, not changed)
        return labelled
    added = [c for c in labelled.columns if c not in latest.columns]
    out = pd.concat([rows, labelled[added]], axis=1)  # one concat, not a column at a time
    for column in figures.RELABELLED_COLUMNS:  # rewritten in place (English notes)
        out[column] = labelled[column]
    return out


def labelled_latest(dataset: Dataset, locale: Locale) -> pd.DataFrame:
    """The dataset's newest figures with their labels in a language, made once per dataset.

    Kept in ``dataset.derived`` (shared read-only by every session and filter; two sessions
    that make it at once make the same frame).
    """
    key = f"labelled_latest:{locale.code}"  # labels are the data language's (easy reads ja)
    if key not in dataset.derived:
        dataset.derived[key] = figures.with_labels(
            dataset.latest, dataset.initiatives, dataset.programs, locale
        )
    return dataset.derived[key]


def first_figures_once(dataset: Dataset, locale: Locale) -> dict[str, str]:
    """Each initiative's first figure, as the 施策一覧 shows it, made once per dataset and
    language (in ``dataset.derived``, like labelled_latest)."""
    key = f"first_figures:{locale.code}"
    if key not in dataset.derived:
        dataset.derived[key] = tables.first_figures(dataset.latest, locale)
    return dataset.derived[key]


def _figure_notes(figure_rows: pd.DataFrame, total: int, locale: Locale) -> tuple[str, ...]:
    """The as-of note and, when capped, 「上位15件を表示（全N件）」."""
    return tuple(
        note
        for note in (
            figures.as_of_note(figure_rows, locale),
            figures.capped_note(len(figure_rows), total, locale),
        )
        if note
    )


def _summary(inputs: _Inputs) -> Section:
    """The program-wide answers (DX program rate, Gunma models, evaluations): never filtered,
    so made once per dataset and language (kept in ``dataset.derived`` like labelled_latest)."""
    key = f"summary_section:{inputs.locale.tag}"
    if key not in inputs.dataset.derived:
        inputs.dataset.derived[key] = _program_summary(inputs)
    return inputs.dataset.derived[key]


def _program_summary(inputs: _Inputs) -> Section:
    """_summary's section, from the dataset's newest figures and events."""
    locale, dataset = inputs.locale, inputs.dataset
    cards = figures.headline_program_kpis(dataset.latest, dataset.events, locale)
    return Section(
        key="summary",
        kind=Kind.CARDS,
        title=locale._("DX推進実績のまとめ"),
        takeaway=takeaways.summary(cards, locale),
        source=inputs.source(),
        kpis=tuple(cards),
        notes=(locale._("県全体の成果（絞り込みの対象外）"),),
        shown=len(cards),
        total=len(cards),
        filtered=False,
    )


def _headline(inputs: _Inputs) -> Section:
    """The largest uses (LINE, vaccine booking …) still shown under the filters, as cards."""
    locale = inputs.locale
    cards = figures.headline_usage(inputs.label(figures.headline_rows(inputs.metrics)), locale)
    return Section(
        key="headline",
        kind=Kind.CARDS,
        title=locale._("主な利用実績"),
        takeaway=takeaways.headline(cards, locale),
        source=inputs.source(),
        kpis=tuple(cards),
        shown=len(cards),
        total=len(cards),
    )


def _figures(
    inputs: _Inputs,
    *,
    key: str,
    title: str,
    categories: tuple[str, ...],
    takeaway: Callable[[pd.DataFrame, Locale], str],
    chart_title: str,
    axis_title: str,
    alt_text: str,
    percent: bool = False,
) -> Section:
    """A chart of the largest figures of some categories, with its table and notes.

    ``chart_title`` and ``axis_title`` are printed inside the chart: the report's Japanese (or
    English), not the reading's plain words (a chart cannot draw ふりがな)."""
    locale = inputs.locale
    rows, total = figures.select_figures(inputs.metrics, categories)
    shown = inputs.label(rows).sort_values("value", ascending=False, kind="stable")
    return Section(
        key=key,
        kind=Kind.FIGURE_BARS,
        title=title,
        takeaway=takeaway(shown, locale),
        source=inputs.source(),
        chart=None
        if shown.empty
        else Chart(
            key,
            partial(figure_bars.build_figure_bars, shown, locale=locale.standard),
            alt_text,
            {"percent": percent},
            title=chart_title,
            axis_title=axis_title,
            fast_spec=True,
            pageable=True,
        ),
        table=tables.figure_table(shown, locale),
        rows=shown,
        notes=_figure_notes(shown, total, locale),
        shown=len(shown),
        total=total,
    )


def _usage(inputs: _Inputs) -> Section:
    """どれだけ使われているか: people and uses, largest first."""
    _ = inputs.locale._
    return _figures(
        inputs,
        key="usage",
        title=_("どれだけ使われているか"),
        categories=figures.USAGE_CATEGORIES,
        takeaway=takeaways.usage,
        chart_title=inputs.locale.standard._("利用者数・利用回数"),
        axis_title=inputs.locale.standard._("人・回"),
        alt_text=_("施策ごとの利用者数・利用回数の横棒グラフ"),
    )


def _rates(inputs: _Inputs) -> Section:
    """達成率と利用者の評価: percentages on a 0–100% axis."""
    _ = inputs.locale._
    return _figures(
        inputs,
        key="rates",
        title=_("達成率と利用者の評価"),
        categories=(figures.RATE_CATEGORY,),
        takeaway=takeaways.rates,
        chart_title=inputs.locale.standard._("達成率・割合（%）"),
        axis_title="%",
        alt_text=_("達成率・割合の横棒グラフ（0〜100%）"),
        percent=True,
    )


def _group(inputs: _Inputs, group: tuple[str, str, str, tuple[str, ...]]) -> Section:
    """One 利用実績 group (people, uses, money …); offers a log scale when magnitudes differ."""
    key, title, axis_title, categories = group
    _ = inputs.locale._
    shown_title = _(title)
    # its own largest figures, chosen and labelled alone: 利用実績 builds only the open tab's group
    section = _figures(
        inputs,
        key=f"group.{key}",
        title=shown_title,
        categories=categories,
        takeaway=lambda rows, locale: (
            locale.say("group.none")
            if rows.empty
            else takeaways.group(
                rows, figures.FigureGroup(key, title, axis_title, rows).spread, locale
            )
        ),
        chart_title=inputs.locale.standard._(title),
        axis_title=inputs.locale.standard._(axis_title),
        alt_text=_("{title}の横棒グラフ").format(title=shown_title),
        percent=key == "rates",
    )
    return section


def _models(inputs: _Inputs) -> Section:
    """群馬モデルの創出: models by type and 分野, then the list as the report prints it."""
    locale, shown = inputs.locale, inputs.shown
    _ = locale._
    counts = tables.models_by_type_and_field(shown)
    source = inputs.source(_("3.(2) 群馬モデルの創出"))
    return Section(
        key="models",
        kind=Kind.COUNT_BARS,
        title=_("群馬モデルの創出"),
        takeaway=takeaways.models(counts, shown, locale),
        source=source,
        chart=None
        if counts.empty
        else Chart(
            "models",
            partial(count_bars.build_models_chart, counts, locale=locale.standard),
            _("群馬モデルの類型別・分野別件数の積み上げ横棒グラフ"),
        ),
        table=tables.model_counts_table(counts, locale),
        rows=counts,
        notes=_report_model_note(inputs),
        tables=(
            Table(
                "models.list",
                _("群馬モデル一覧"),
                tables.models_table(shown, locale),
                shown.loc[shown["gunma_model"].notna()],
                source,
                _("該当する群馬モデルはありません。"),
            ),
        ),
        shown=int(counts["count"].sum()) if not counts.empty else 0,
        total=int(counts["count"].sum()) if not counts.empty else 0,
    )


def _report_model_note(inputs: _Inputs) -> tuple[str, ...]:
    """「報告書では計15件（ワイズスペンディング2件＋他自治体の見本13件）」, from the data."""
    metrics = inputs.dataset.latest
    models = metrics.loc[metrics["initiative_id"] == figures.GUNMA_MODELS_ID].set_index("metric")
    texts = models["value_text"]
    wanted = ("群馬モデル件数", *GUNMA_MODEL_PARTS)
    if not all(metric in texts.index for metric in wanted):
        return ()
    total, wise, example = (str(texts[m]) for m in wanted)
    if inputs.locale.english:  # 「15件」 → "15 initiatives"; the parts as plain counts
        total = figures.english_figure(figures.GUNMA_MODELS_ID, wanted[0], models.loc[wanted[0]])
        wise, example = wise.removesuffix("件"), example.removesuffix("件")
    return (
        inputs.locale._(
            "報告書では計{total}（ワイズスペンディング{wise}＋他自治体の見本{example}）"
        ).format(total=total, wise=wise, example=example),
    )


def _survey(inputs: _Inputs) -> Section:
    """県民幸福度アンケート: the digital items by 年度 (the first few items when there are many)."""
    locale = inputs.locale
    _ = locale._
    rows, items = figures.select_survey_items(inputs.survey)
    shown_items = int(rows["item"].nunique())
    method = str(rows["method"].iloc[0]) if not rows.empty else ""
    heading = str(rows["source"].iloc[0]) if not rows.empty else ""
    return Section(
        key="survey",
        kind=Kind.LINES,
        title=_("県民幸福度アンケート（デジタル関連の設問）"),
        takeaway=takeaways.survey(rows, locale),
        source=inputs.source(heading),
        chart=None
        if rows.empty
        else Chart(
            "survey",
            partial(count_bars.build_survey_chart, rows, locale=locale.standard),
            _("県民幸福度アンケートの年度別推移の折れ線グラフ"),
        ),
        table=tables.survey_table(rows, locale),
        rows=rows,
        notes=tuple(n for n in (method, figures.capped_note(shown_items, items, locale)) if n),
        shown=shown_items,
        total=items,
    )


def _evaluations(inputs: _Inputs) -> Section:
    """外部評価: awards, meetings hosted, listings — a table of each."""
    locale, events = inputs.locale, inputs.events
    _ = locale._
    kinds = [kind for _title, group in tables.EVALUATION_SECTIONS for kind in group]
    rows = events.loc[events["kind"].isin(kinds)]
    event_tables = []
    for title, group in tables.EVALUATION_SECTIONS:
        part = events.loc[events["kind"].isin(group)]
        event_tables.append(
            Table(
                f"evaluations.{group[0]}",
                _(title),
                tables.events_table(part, locale=locale),
                part,
                inputs.events_source(part) if not part.empty else inputs.source(),
                _("該当する出来事はありません。"),
            )
        )
    return Section(
        key="evaluations",
        kind=Kind.TABLES,
        title=_("外部評価"),
        takeaway=takeaways.evaluations(rows, locale),
        source=inputs.events_source(rows) if not rows.empty else inputs.source(),
        rows=rows,
        tables=tuple(event_tables),
        shown=len(rows),
        total=len(rows),
    )


def _timeline(inputs: _Inputs) -> Section:
    """推進経過と外部評価: dated milestones on a time axis, every event in the table."""
    locale, events = inputs.locale, inputs.events
    _ = locale._
    dated = events.loc[events["date"].notna()].sort_values("date", kind="stable")
    source = inputs.events_source(events) if not events.empty else inputs.source()
    return Section(
        key="timeline",
        kind=Kind.TIMELINE,
        title=_("推進経過と外部評価"),
        takeaway=takeaways.timeline(events, locale),
        source=source,
        chart=None
        if dated.empty
        else Chart(
            "timeline",
            partial(timeline_chart.build_timeline_chart, events, locale=locale.standard),
            _("組織・計画・受賞・会議開催などの出来事を年月で並べた年表"),
        ),
        table=tables.events_table(events, locale=locale),
        rows=events,
        notes=(_("年月の記載がない出来事は表にのみ表示"),) if len(dated) < len(events) else (),
        # its one part: the dated events in time order, what a time axis or a dated list shows
        parts=(
            Section(
                key="timeline.dated",
                kind=Kind.TIMELINE,
                title="",
                takeaway="",
                source=source,
                rows=dated,
                shown=len(dated),
                total=len(dated),
            ),
        ),
        shown=len(events),
        total=len(events),
    )


def _launches(inputs: _Inputs) -> Section:
    """開始年度別の施策: initiatives by the 年度 they started, stacked by 分野."""
    locale, shown = inputs.locale, inputs.shown
    _ = locale._
    counts = tables.launches_by_year(shown)
    return Section(
        key="launches",
        kind=Kind.COUNT_BARS,
        title=_("開始年度別の施策"),
        takeaway=takeaways.launches(counts, locale),
        source=inputs.source(),
        chart=None
        if counts.empty
        else Chart(
            "launches",
            partial(count_bars.build_launches_chart, counts, locale=locale.standard),
            _("開始年度別・分野別の施策数の積み上げ縦棒グラフ"),
        ),
        table=tables.launches_table(shown, locale),
        rows=shown,
        notes=(_("開始年度の記載がない施策は含みません"),),
        shown=int(counts["count"].sum()) if not counts.empty else 0,
        total=int(counts["count"].sum()) if not counts.empty else 0,
    )


INITIATIVES_KEY = "initiatives"
MAX_CARDS = 60  # more cards than this is a wall, not an overview: the table has every row


def _initiatives(inputs: _Inputs) -> Section:
    """施策一覧: the shown initiatives as a table (every row) and, as its one part, as cards
    (the first MAX_CARDS, the cap said)."""
    locale = inputs.locale
    shown = inputs.shown
    table = tables.initiatives_table(
        shown, inputs.dataset.latest, locale, first_figures_once(inputs.dataset, locale)
    )
    cards = table.head(MAX_CARDS)
    capped = figures.capped_note(len(cards), len(table), locale)
    return Section(
        key=INITIATIVES_KEY,
        kind=Kind.LIST,
        title=locale._("施策一覧"),
        takeaway=locale.say(
            "initiatives.shown", shown=len(shown), total=len(inputs.dataset.initiatives)
        ),
        source=inputs.source(),
        table=table,
        rows=shown,
        parts=(
            Section(
                key=f"{INITIATIVES_KEY}.cards",
                kind=Kind.LIST,
                title="",
                takeaway="",
                source=inputs.source(),
                table=cards,
                rows=shown.head(MAX_CARDS),
                notes=(capped,) if capped else (),
                shown=len(cards),
                total=len(table),
            ),
        ),
        shown=len(shown),
        total=len(shown),
    )


def _group_head(inputs: _Inputs, group: tuple[str, str, str, tuple[str, ...]]) -> tuple[str, int]:
    """A 利用実績 group's title and how many figures match, without choosing or labelling any
    (the same title and total as _group's section: tests/test_story.py checks it)."""
    _key, title, _axis_title, categories = group
    return inputs.locale._(title), int(inputs.metrics["category"].isin(categories).sum())


def _history_head(inputs: _Inputs) -> tuple[str, int]:
    """利用実績's 推移 tab: its title and how many shown figures have two or more values."""
    return inputs.locale._("推移"), len(figures.over_time(inputs.metrics))


def _history(inputs: _Inputs) -> Section:
    """利用実績's 推移 tab: a line for each of the first shown figures with two or more values."""
    moving = figures.over_time(inputs.metrics)
    rows = moving.head(history.MAX_HISTORY_CHARTS)
    labelled = inputs.label(rows) if not rows.empty else rows
    return history.history_section(
        inputs.dataset, labelled, len(moving), inputs.locale, source=inputs.source()
    )


# Sections whose title and total can be had without building them (Story.heads): 利用実績's
# tabs, whose titles and counts show before the open one is built.
HISTORY_KEY = history.HISTORY_PART
SECTION_HEADS: dict[str, Callable[[_Inputs], tuple[str, int]]] = {
    **{f"group.{g[0]}": partial(_group_head, group=g) for g in figures.FIGURE_GROUPS},
    HISTORY_KEY: _history_head,
}

SECTION_BUILDERS: dict[str, Callable[[_Inputs], Section]] = {
    "summary": _summary,
    "headline": _headline,
    "usage": _usage,
    "rates": _rates,
    "models": _models,
    "survey": _survey,
    "evaluations": _evaluations,
    "timeline": _timeline,
    "launches": _launches,
    **{f"group.{g[0]}": partial(_group, group=g) for g in figures.FIGURE_GROUPS},
    HISTORY_KEY: _history,
    INITIATIVES_KEY: _initiatives,
}


def build_story(dataset: Dataset, filters: Filters, locale: Locale) -> Story:
    """The story of one data version under one set of filters, in one language.

    ``dataset`` is the one shown (its texts already in the locale's language, see
    dxdash.story.content.localized). Sections are built when first asked for.
    """
    inputs = _Inputs(dataset, filters, locale)
    return Story(
        version=dataset.version,
        filters=filters,
        locale=locale,
        report=dataset.report,
        source_note=dataset.source_note,
        builders={key: partial(build, inputs) for key, build in SECTION_BUILDERS.items()},
        heads={key: partial(head, inputs) for key, head in SECTION_HEADS.items()},
        order=HANDOUT + GROUP_KEYS,
    )
