"""Figures as each section shows them: labelled in the story's language, selected and capped.

Pure functions from DataFrames to DataFrames, so every number on screen is tested here.
Figures always travel with their report wording (value_text), qualifier, as-of note and source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dxdash.data import places, series
from dxdash.data.vocabulary import GUNMA_MODEL_PARTS, PREFECTURE_WIDE
from dxdash.locale import Locale
from dxdash.locale import catalog as i18n
from dxdash.story.figure_links import href_of
from dxdash.story.model import Kpi

REPORT_DATE_NOTE = "2024年3月公表資料"


USAGE_CATEGORIES: tuple[str, ...] = ("人数", "利用回数")


RATE_CATEGORY = "割合"


DX_PROGRAM_ID = "dx-acceleration-program"


DX_PROGRAM_RATE = "達成率"


GUNMA_MODELS_ID = "gunma-models"


# The headline figures of the overview, in the order an executive reads them.
HEADLINE_USAGE: tuple[tuple[str, str, str], ...] = (
    ("line-digital-window", "友だち登録数", "LINE「群馬県デジタル窓口」友だち"),
    ("vaccine-reservation", "予約受付", "ワクチン接種予約"),
    ("vaccine-passport", "登録者数", "ぐんまワクチン手帳 登録者"),
    ("youtube-tsulunos", "総再生数", "YouTube tsulunos 総再生数"),
    ("digital-evacuation-drill", "訓練参加回数", "デジタル避難訓練 参加"),
    ("g-walk", "インストール数", "G-WALK+ インストール"),
)


def format_as_of(as_of_text: str | None, as_of: object, locale: Locale) -> str:
    """Say when a figure was true, in the report's words: 2023年10月 → 「2023年10月時点」."""
    if isinstance(as_of_text, str) and as_of_text.strip():
        text = as_of_text.strip()
        shown = locale.term("as_of_texts", text)
        if re.search(r"\d+月$", text):
            return locale.say("as_of.month", when=shown)
        if text in ("現在", "開設から"):  # the report's own words, dated by the report itself
            return locale.say("as_of.report_dated", when=shown)
        return shown
    if as_of is not None and not pd.isna(as_of):
        return locale.say("as_of.month", when=locale.month(as_of))
    return locale.say("as_of.not_stated")


def _english_metric(owner: str, metric: str, key: str) -> str | None:
    """The English text of one figure field (metric label, figure, note) from content.yaml."""
    text = i18n.content()
    for section in ("initiatives", "programs"):
        entry = text.get(section, {}).get(owner)
        if entry and metric in entry.get("metrics", {}):
            return entry["metrics"][metric].get(key)
    return None


def _english_figure(owner: str, metric: str, value_text: str) -> str | None:
    """content.yaml's English for a printed figure, only while the data still prints what was
    translated (its `of`): an imported newer or corrected value is written from its numbers."""
    text = i18n.content()
    for section in ("initiatives", "programs"):
        entry = text.get(section, {}).get(owner)
        figure = entry and entry.get("metrics", {}).get(metric)
        if figure:
            return figure.get("figure") if figure.get("of") == value_text else None
    return None


def english_figure(owner: str, metric: str, row: Mapping[str, Any]) -> str:
    """A figure in English: the reviewed translation while it still matches, else its numbers."""
    return _english_figure(owner, metric, row["value_text"]) or series.value_en(
        row["value"], row["unit"], row["qualifier"], row["value_text"]
    )


# The columns of a figure row that with_labels rewrites rather than adds (English notes).
RELABELLED_COLUMNS = ("note",)


def with_labels(
    metrics: pd.DataFrame, initiatives: pd.DataFrame, programs: pd.DataFrame, locale: Locale
) -> pd.DataFrame:
    """Join each figure to its initiative's short name and 分野, and add display columns.

    Program-wide figures get the 分野 「県全体」 and the program's name. In English the
    display columns (label, metric_label, display, as_of_display, bar_label, field_label) are
    English; the key columns (initiative_id, metric, field) stay as stored.
    """
    info = initiatives.set_index("initiative_id")[["short_name", "field"]]
    frame = metrics.join(info, on="initiative_id")
    program_names = programs.set_index("program_id")["name"]
    frame["field"] = frame["field"].fillna(PREFECTURE_WIDE)
    frame["short_name"] = frame["short_name"].fillna(frame["initiative_id"].map(program_names))
    frame["field_label"] = _texts(frame, [locale.term("fields", f) for f in frame["field"]])
    if locale.english:
        frame["short_name"] = _texts(
            frame,
            [
                _english_name(owner, name)
                for owner, name in zip(frame["initiative_id"], frame["short_name"], strict=True)
            ],
        )
        frame["metric_label"] = _texts(
            frame,
            [
                _english_metric(o, m, "metric") or m
                for o, m in zip(frame["initiative_id"], frame["metric"], strict=True)
            ],
        )
        frame["display"] = _texts(
            frame,
            [
                with_qualifier(_english_figure(o, m, t) or series.value_en(v, u, q, t), q, locale)
                for o, m, t, q, v, u in zip(
                    frame["initiative_id"],
                    frame["metric"],
                    frame["value_text"],
                    frame["qualifier"],
                    frame["value"],
                    frame["unit"],
                    strict=True,
                )
            ],
        )
        frame["label"] = frame["short_name"] + ": " + frame["metric_label"]
        frame["note"] = _texts(
            frame,
            [
                _english_metric(o, m, "note") or n if isinstance(n, str) and n else n
                for o, m, n in zip(
                    frame["initiative_id"], frame["metric"], frame["note"], strict=True
                )
            ],
        )
    else:
        frame["metric_label"] = frame["metric"]
        frame["display"] = _texts(
            frame,
            [
                with_qualifier(text, qualifier, locale)
                for text, qualifier in zip(frame["value_text"], frame["qualifier"], strict=True)
            ],
        )
        frame["label"] = frame["short_name"] + "：" + frame["metric"]
    frame["metric_name"] = frame["metric_label"]  # without a municipality
    if "municipality_code" in frame and frame["municipality_code"].notna().any():
        place = frame["municipality_code"].map(lambda c: places.municipality_name(c, locale))
        suffix = place.map(
            lambda p: (
                "" if not isinstance(p, str) else (f" ({p})" if locale.english else f"（{p}）")
            )
        )
        frame["metric_label"] = frame["metric_label"] + suffix
        frame["label"] = frame["label"] + suffix
    frame["change_display"] = _texts(frame, list(series.change_texts(frame, locale)))
    frame["as_of_display"] = _texts(
        frame,
        [
            format_as_of(text, date, locale)
            for text, date in zip(frame["as_of_text"], frame["as_of"], strict=True)
        ],
    )
    frame["bar_label"] = _texts(
        frame,
        [
            _bar_label(display, text, date, locale) + (f" {moved}" if moved else "")
            for display, text, date, moved in zip(
                frame["display"],
                frame["as_of_text"],
                frame["as_of"],
                series.change_texts(frame, locale, short=True),
                strict=True,
            )
        ],
    )
    return frame


def _texts(frame: pd.DataFrame, values: list[object]) -> pd.Series:
    """A text column of `frame` (str dtype even when empty: an empty list would be float64,
    and "float64 + str" raised _UFuncNoLoopError for pages with no figures in English)."""
    return pd.Series(values, index=frame.index, dtype="str")


def _english_name(owner: str, fallback: str) -> str:
    """An initiative's or program's short English name."""
    text = i18n.content()
    if owner in text.get("initiatives", {}):
        return text["initiatives"][owner].get("short_name") or fallback
    if owner in text.get("programs", {}):
        return text["programs"][owner].get("name") or fallback
    return fallback


# A bar's label carries its as-of when the report gives a short one: 「約180万回（2023年12月末実績）」.
BAR_LABEL_AS_OF_MAX = 12


def _bar_label(display: str, as_of_text: object, as_of: object, locale: Locale) -> str:
    """The report's wording, plus its as-of date when the report gives one briefly."""
    if not isinstance(as_of_text, str) or as_of is None or pd.isna(as_of):
        return display
    when = format_as_of(as_of_text, as_of, locale)
    if locale.english:
        return f"{display} ({when})" if len(when) <= 24 else display
    return f"{display}（{when}）" if len(when) <= BAR_LABEL_AS_OF_MAX else display


def with_qualifier(figure: str, qualifier: object, locale: Locale) -> str:
    """The figure as printed, with 見込 / "(projected)" added where the report marks it beside it."""
    marker = locale.say("qualifier.projected")
    if qualifier == "見込" and marker not in figure.lower():
        return figure + locale.paren(marker)
    return figure


def qualifier_of(value: object) -> str:
    """A row's qualifier (約, 超, 以上, 程度, 見込) as a card keeps it: "" when it has none."""
    return value if isinstance(value, str) else ""


def usage_figures(labelled: pd.DataFrame) -> pd.DataFrame:
    """People and uses (人数・利用回数), largest first: the 'how many use it' chart."""
    rows = labelled.loc[labelled["category"].isin(USAGE_CATEGORIES)]
    return rows.sort_values("value", ascending=False, kind="stable")


def rate_figures(labelled: pd.DataFrame) -> pd.DataFrame:
    """Percentages (割合), highest first: the rate chart."""
    rows = labelled.loc[labelled["category"] == RATE_CATEGORY]
    return rows.sort_values("value", ascending=False, kind="stable")


def find_figure(labelled: pd.DataFrame, owner: str, metric: str) -> pd.Series | None:
    """Return one figure row by (initiative or program id, metric), or None if filtered out."""
    rows = labelled.loc[(labelled["initiative_id"] == owner) & (labelled["metric"] == metric)]
    return None if rows.empty else rows.iloc[0]


def figure_positions(labelled: pd.DataFrame) -> dict[tuple[str, str], int]:
    """Each (initiative or program id, metric)'s first row position: one pass for many lookups
    (a find_figure per card compared two string columns each time, 0.7 ms a card)."""
    keys = zip(labelled["initiative_id"].tolist(), labelled["metric"].tolist(), strict=True)
    positions: dict[tuple[str, str], int] = {}
    for position, key in enumerate(keys):
        positions.setdefault(key, position)
    return positions


def headline_usage(labelled: pd.DataFrame, locale: Locale) -> list[Kpi]:
    """The overview's usage cards, those still present under the current filters."""
    cards = []
    positions = figure_positions(labelled)
    for owner, metric, label in HEADLINE_USAGE:
        if (owner, metric) in positions:
            row = labelled.iloc[positions[owner, metric]]
            shown = label if not locale.english else f"{row['short_name']}: {row['metric_label']}"
            cards.append(
                Kpi(
                    shown,
                    row["display"],
                    row["as_of_display"],
                    owner,
                    row["change_display"],
                    source=str(row["source"]),
                    href=href_of(owner, metric, locale),
                    qualifier=qualifier_of(row["qualifier"]),
                )
            )
    return cards


EVALUATION_HEADLINE = "G7・デジ田会議開催／Digi田甲子園優勝／日本DX大賞受賞"


EVALUATION_EVENT_IDS: tuple[str, ...] = (
    "g7-digital-ministers-meeting",
    "digiden-council-meeting",
    "digiden-koshien-2022-implementation-town-village",
    "japan-dx-award-2023",
)


def headline_program_kpis(metrics: pd.DataFrame, events: pd.DataFrame, locale: Locale) -> list[Kpi]:
    """The three answers of the report's summary slide: program rate, Gunma models, evaluations.

    Program-wide, so filters never change them.
    """
    _ = locale.standard._
    cards = []
    program = metrics.loc[
        (metrics["initiative_id"] == DX_PROGRAM_ID) & (metrics["metric"] == DX_PROGRAM_RATE)
    ]
    if not program.empty:
        row = program.iloc[0]
        display = (
            with_qualifier(
                english_figure(DX_PROGRAM_ID, DX_PROGRAM_RATE, row), row["qualifier"], locale
            )
            if locale.english
            else with_qualifier(row["value_text"], row["qualifier"], locale)
        )
        cards.append(
            Kpi(
                _("ぐんまDX加速化プログラム 達成率"),
                display,
                format_as_of(row["as_of_text"], row["as_of"], locale),
                DX_PROGRAM_ID,
                change=series.change_texts(program.iloc[:1], locale)[0],
                source=str(row["source"]),
                href=href_of(DX_PROGRAM_ID, DX_PROGRAM_RATE, locale),
                qualifier=qualifier_of(row["qualifier"]),
            )
        )
    models = metrics.loc[metrics["initiative_id"] == GUNMA_MODELS_ID].set_index("metric")
    if "群馬モデル件数" in models.index:
        wise = models["value_text"].get(GUNMA_MODEL_PARTS[0], "")
        example = models["value_text"].get(GUNMA_MODEL_PARTS[1], "")
        total = models.loc["群馬モデル件数", "value_text"]
        if locale.english:
            total = english_figure(GUNMA_MODELS_ID, "群馬モデル件数", models.loc["群馬モデル件数"])
        cards.append(
            Kpi(
                _("群馬モデルの創出"),
                total,
                _("ワイズスペンディング {wise}＋他自治体の見本 {example}").format(
                    wise=wise.removesuffix("件") if locale.english else wise,
                    example=example.removesuffix("件") if locale.english else example,
                ),
                GUNMA_MODELS_ID,
                source=str(models.loc["群馬モデル件数", "source"]),
                href=href_of(GUNMA_MODELS_ID, "群馬モデル件数", locale),
            )
        )
    evaluated = events.loc[events["event_id"].isin(EVALUATION_EVENT_IDS) & events["date"].notna()]
    if not evaluated.empty:
        first, last = min(evaluated["date"]), max(evaluated["date"])
        cards.append(
            Kpi(
                _("外部評価"),
                _(EVALUATION_HEADLINE),
                locale.say(
                    "span.months",
                    first=locale.month(first),
                    last=locale.month(last),
                ),
                source="、".join(dict.fromkeys(heading_of(s) for s in evaluated["source"])),
            )
        )
    return cards


def heading_of(source: object) -> str:
    """The report's section of a source heading: 「3.(3) 外部評価 — …」 → 「3.(3) 外部評価」."""
    return str(source).split(" — ", 1)[0].strip() if isinstance(source, str) else ""


LOG_SPREAD = 1000.0  # offer a log scale when the largest figure is 1000× the smallest


@dataclass(frozen=True)
class FigureGroup:
    """Figures that count the same kind of thing, drawn as one chart."""

    key: str
    title: str
    axis_title: str
    figures: pd.DataFrame
    percent: bool = False

    @property
    def spread(self) -> float:
        """Largest / smallest positive value: how many times the magnitudes differ."""
        values = self.figures["value"]
        positive = values[values > 0]
        return float(positive.max() / positive.min()) if len(positive) else 1.0


# (key, title, axis title, categories) — the order the 利用実績 page shows them in.
FIGURE_GROUPS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("people", "利用者数（人）", "人", ("人数",)),
    ("uses", "利用回数・再生回数（回）", "回", ("利用回数", "再生回数")),
    ("money", "金額（円）", "円", ("金額",)),
    ("rates", "割合（%）", "%", ("割合",)),
    ("counts", "件数・本数・台数など", "件・本・台など", ("件数",)),
    ("sizes", "規模（面積・長さ・時間・日数）", "単位はラベルのとおり", ("規模",)),
    ("ratios", "倍率", "倍", ("倍率",)),
)


def figure_groups(labelled: pd.DataFrame) -> list[FigureGroup]:
    """Split figures into the page's groups, largest first within each; empty groups dropped."""
    groups = []
    for key, title, axis_title, categories in FIGURE_GROUPS:
        rows = labelled.loc[labelled["category"].isin(categories)]
        if rows.empty:
            continue
        rows = rows.sort_values("value", ascending=False, kind="stable")
        groups.append(FigureGroup(key, title, axis_title, rows, percent=key == "rates"))
    return groups


def as_of_note(figures: pd.DataFrame, locale: Locale) -> str:
    """The as-of note under a figure chart: each distinct time after the figures it applies to
    (「LINE…：2023年10月時点／…」; each time already says what it is, 「…時点」 or 「現在」)."""
    if figures.empty:
        return ""
    groups = figures.groupby("as_of_display", sort=False)["short_name"].apply(list)
    return locale.notes(
        locale.pair(locale.join(dict.fromkeys(names)), when) for when, names in groups.items()
    )


# A chart never draws more bars than this (the report has at most 9 per chart); larger data
# (benchmarks at 1000×) shows the largest figures with a note of how many there are in all.
MAX_FIGURES = 15


def select_figures(
    metrics: pd.DataFrame, categories: tuple[str, ...], limit: int = MAX_FIGURES
) -> tuple[pd.DataFrame, int]:
    """The `limit` largest figures of some categories (before labelling: cheap at any size).

    Only the value column is ranked; the whole rows are taken for the `limit` winners alone.
    """
    mask = metrics["category"].isin(categories)
    total = int(mask.sum())
    if total <= limit:
        return metrics.loc[mask], total
    largest = metrics["value"].loc[mask].nlargest(limit, keep="first").index
    return metrics.loc[largest], total


def over_time(rows: pd.DataFrame) -> pd.DataFrame:
    """The figure rows (of Dataset.latest) with two or more values: those that have a 推移."""
    return rows.loc[rows["values"] >= 2]


def headline_rows(metrics: pd.DataFrame) -> pd.DataFrame:
    """The rows behind the overview's usage cards (looked up without scanning every figure)."""
    owners = {owner for owner, _metric, _label in HEADLINE_USAGE}
    candidates = metrics.loc[metrics["initiative_id"].isin(owners)]
    wanted = {(owner, metric) for owner, metric, _label in HEADLINE_USAGE}
    keep = [
        (o, m) in wanted
        for o, m in zip(candidates["initiative_id"], candidates["metric"], strict=True)
    ]
    return candidates.loc[keep]


def capped_note(shown: int, total: int, locale: Locale) -> str:
    """Say when a chart shows only the largest figures: 「上位15件を表示（全1,000件）」."""
    if total <= shown:
        return ""
    if locale.english:
        return f"Showing the largest {shown} of {total:,}"
    return f"上位{shown}件を表示（全{total:,}件）"


MAX_SURVEY_ITEMS = 6  # lines one chart can show legibly (the report has 2 items)


def select_survey_items(
    survey: pd.DataFrame, limit: int = MAX_SURVEY_ITEMS
) -> tuple[pd.DataFrame, int]:
    """The survey rows of the first `limit` items (report order), and how many items there are."""
    items = list(dict.fromkeys(survey["item"]))
    return survey.loc[survey["item"].isin(items[:limit])], len(items)


def figure_history(metrics: pd.DataFrame, figure: pd.Series | dict, locale: Locale) -> pd.DataFrame:
    """Every value of one figure (a row of ``Dataset.latest``), oldest first, for its chart/table.

    Columns: as_of, value, display (約85万人 / about 850,000 people), when (2024年3月末),
    series (the figure's label) and the stored ones.
    """
    rows = series.history(metrics, figure["initiative_id"], figure["metric"])
    code = figure.get("municipality_code")
    same_place = (
        rows["municipality_code"].isna()
        if not isinstance(code, str)
        else (rows["municipality_code"] == code)
    )
    rows = rows.loc[same_place & rows["as_of"].notna()]
    if locale.english:
        display = [
            series.value_en(v, u, q, t)
            for v, u, q, t in zip(
                rows["value"], rows["unit"], rows["qualifier"], rows["value_text"], strict=True
            )
        ]
    else:
        display = [
            with_qualifier(t, q, locale)
            for t, q in zip(rows["value_text"], rows["qualifier"], strict=True)
        ]
    when = [
        format_as_of(t, d, locale) for t, d in zip(rows["as_of_text"], rows["as_of"], strict=True)
    ]
    label = figure.get("metric_label", figure["metric"])
    return rows.assign(display=display, when=when, series=label)
