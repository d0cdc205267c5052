"""The one-sentence takeaway of each section, said through the Locale's sentence catalog.

Pure functions of the rows a section shows. One matching item states the figure itself
("DX Acceleration Program: 89% (projected)") rather than "0 of 1"; counts pick the right
plural in English. The wording lives in data/source/translations/sentences.csv.
"""

from __future__ import annotations

import pandas as pd

from dxdash.data.vocabulary import GUNMA_MODEL_TYPES
from dxdash.locale import Locale
from dxdash.story import figures
from dxdash.story.model import Kpi

LINE_ID = "line-digital-window"
LINE_FRIENDS = "友だち登録数"


def summary(cards: list[Kpi], locale: Locale) -> str:
    """The program-wide answer in one sentence, from the program cards (never literal figures)."""
    by_id = {card.initiative_id: card for card in cards}
    rate = by_id.get(figures.DX_PROGRAM_ID)
    models = by_id.get(figures.GUNMA_MODELS_ID)
    if rate and models:
        return locale.say("summary.program_models", rate=rate.display, models=models.display)
    if rate:
        return locale.say("summary.program", rate=rate.display)
    if models:
        return locale.say("summary.models", models=models.display)
    return locale.say("summary.none")


def headline(cards: list[Kpi], locale: Locale) -> str:
    """How many headline usage cards the filters leave."""
    if not cards:
        return locale.say("headline.none")
    return locale.say("headline.count", n=len(cards))


def _figure(row: pd.Series) -> dict[str, str]:
    """A labelled figure row's placeholders: name, metric, figure, as_of."""
    return {
        "name": row["short_name"],
        "metric": row["metric_label"],
        "figure": row["display"],
        "as_of": row["as_of_display"],
    }


def usage(figure_rows: pd.DataFrame, locale: Locale) -> str:
    """The largest use, and LINE's reach when it is shown but not the largest."""
    if figure_rows.empty:
        return locale.say("usage.none")
    top = figure_rows.iloc[0]
    if len(figure_rows) == 1:
        return locale.say("usage.one", **_figure(top))
    parts = [locale.say("usage.top", **_figure(top))]
    line = figures.find_figure(figure_rows, LINE_ID, LINE_FRIENDS)
    if line is not None and top["initiative_id"] != LINE_ID:
        parts.append(locale.say("usage.line", **_figure(line)))
    return locale.sentences(parts)


def rates(figure_rows: pd.DataFrame, locale: Locale) -> str:
    """How many rates reach 90%, and the DX program's rate when shown."""
    if figure_rows.empty:
        return locale.say("rates.none")
    if len(figure_rows) == 1:
        return locale.say("rates.one", **_figure(figure_rows.iloc[0]))
    high = int((figure_rows["value"] >= 90).sum())
    parts = [locale.say("rates.high", high=high, total=len(figure_rows))]
    program = figures.find_figure(figure_rows, figures.DX_PROGRAM_ID, figures.DX_PROGRAM_RATE)
    if program is not None:
        parts.append(locale.say("rates.program", **_figure(program)))
    return locale.sentences(parts)


def group(figure_rows: pd.DataFrame, spread: float, locale: Locale) -> str:
    """How many figures a group has and its largest; the log-scale offer when magnitudes differ."""
    top = figure_rows.iloc[0]
    if len(figure_rows) == 1:
        return locale.say("group.one", **_figure(top))
    parts = [locale.say("group.count", n=len(figure_rows), **_figure(top))]
    if spread >= figures.LOG_SPREAD:
        parts.append(locale.say("group.log", fold=f"{spread:,.0f}"))
    return locale.sentences(parts)


def models(counts: pd.DataFrame, shown: pd.DataFrame, locale: Locale) -> str:
    """The Gunma models shown: how many of each type, and the leading 分野."""
    if counts.empty:
        return locale.say("models.none")
    total = int(counts["count"].sum())
    if total == 1:
        model = shown.loc[shown["gunma_model"].notna()].iloc[0]
        return locale.say(
            "models.one",
            kind=locale.term("gunma_model_types", model["gunma_model"]),
            name=model["gunma_model_name"],
            field=locale.term("fields", model["field"]),
        )
    by_type = counts.groupby("gunma_model", observed=True)["count"].sum()
    parts = [
        locale.say("models.type", kind=locale.term("gunma_model_types", t), n=int(by_type[t]))
        for t in GUNMA_MODEL_TYPES
        if t in by_type
    ]
    top_field = counts.groupby("field", observed=True)["count"].sum().sort_values(ascending=False)
    return locale.sentences(
        [
            locale.say(
                "models.count", n=total, parts=("・" if not locale.english else ", ").join(parts)
            ),
            locale.say(
                "models.top_field",
                field=locale.term("fields", top_field.index[0]),
                n=int(top_field.iloc[0]),
            ),
        ]
    )


def survey(rows: pd.DataFrame, locale: Locale) -> str:
    """Per survey item: first and last 年度 shown, and the change in points."""
    if rows.empty:
        return locale.say("survey.none")
    parts = []
    for item, answers in rows.groupby("item", sort=False):
        answers = answers.sort_values("fiscal_year")
        first, last = answers.iloc[0], answers.iloc[-1]
        if len(answers) == 1:
            parts.append(
                locale.say(
                    "survey.one_year",
                    item=locale.quoted(str(item)),
                    fy=locale.fiscal_year(first["fiscal_year"]),
                    score=f"{first['score']:.1f}",
                )
            )
            continue
        parts.append(
            locale.say(
                "survey.change",
                item=locale.quoted(str(item)),
                fy_first=locale.fiscal_year(first["fiscal_year"]),
                first=f"{first['score']:.1f}",
                fy_last=locale.fiscal_year(last["fiscal_year"]),
                last=f"{last['score']:.1f}",
                change=f"{last['score'] - first['score']:+.1f}",
            )
        )
    return locale.sentences(parts)


EVALUATION_COUNTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("evaluations.meetings", ("会議開催",)),
    ("evaluations.awards", ("受賞",)),
    ("evaluations.listings", ("掲載", "発表")),
)


def evaluations(events: pd.DataFrame, locale: Locale) -> str:
    """External evaluations: meetings hosted, awards, listings — each counted."""
    parts = [
        locale.say(key, n=count)
        for key, kinds in EVALUATION_COUNTS
        if (count := int(events["kind"].isin(kinds).sum()))
    ]
    if not parts:
        return locale.say("evaluations.none")
    return locale.say("evaluations.summary", parts=locale.join(parts))


def timeline(events: pd.DataFrame, locale: Locale) -> str:
    """The dated milestones shown: from the first to the last (one event is simply stated)."""
    dated = events.loc[events["date"].notna()].sort_values("date", kind="stable")
    if dated.empty:
        return locale.say("timeline.none")
    first, last = dated.iloc[0], dated.iloc[-1]
    if len(dated) == 1:
        return locale.say(
            "timeline.one", month=locale.month(first["date"]), title=locale.quoted(first["title"])
        )
    return locale.say(
        "timeline.span",
        n=len(dated),
        first_month=locale.month(first["date"]),
        first=locale.quoted(first["title"]),
        last_month=locale.month(last["date"]),
        last=locale.quoted(last["title"]),
    )


def launches(counts: pd.DataFrame, locale: Locale) -> str:
    """Launches by 年度: the busiest year and its leading 分野."""
    if counts.empty:
        return locale.say("launches.none")
    per_year = counts.groupby("fiscal_year")["count"].sum()
    total = int(per_year.sum())
    if total == 1:
        row = counts.iloc[0]
        return locale.say(
            "launches.one",
            fy=locale.fiscal_year(row["fiscal_year"]),
            field=locale.term("fields", row["field"]),
        )
    busiest = int(per_year.idxmax())
    in_year = counts.loc[counts["fiscal_year"] == busiest]
    most = int(in_year["count"].max())
    leaders = [locale.term("fields", f) for f in in_year.loc[in_year["count"] == most, "field"]]
    lead = (
        locale.say("launches.lead", field=leaders[0], most=most)
        if len(leaders) == 1
        else locale.say(
            "launches.lead_tie",
            fields=locale.join(leaders) if locale.english else "・".join(leaders),
            most=most,
        )
    )
    return locale.sentences(
        [
            locale.say(
                "launches.busiest",
                n=total,
                fy=locale.fiscal_year(busiest),
                in_year=int(per_year.max()),
            ),
            lead,
        ]
    )
