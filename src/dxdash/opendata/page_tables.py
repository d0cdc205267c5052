"""The rows a page shows, as its CSV/Excel download: the same tidy columns as the bundle,
one table per download, lists joined in a cell (the bundle uses long tables instead)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from dxdash.data.vocabulary import GUNMA_MODEL_TYPES
from dxdash.locale import Locale
from dxdash.opendata.clean import LIST_SEPARATOR, fiscal_year_in, month_text
from dxdash.opendata.columns import finish
from dxdash.opendata.frames import (
    events_frame,
    initiatives_frame,
    places_columns,
    survey_frame,
    text_or_none,
)

# What a page's download button is given: made only when clicked.
DownloadBuilder = Callable[[], pd.DataFrame]


def figures_download(labelled: pd.DataFrame, locale: Locale) -> pd.DataFrame:
    """The figures a chart or detail page shows (figures.with_labels rows), by the rules."""
    frame = pd.DataFrame(
        {
            "owner_id": labelled["initiative_id"].to_numpy(),
            "owner_name": labelled["short_name"].to_numpy(),
            "field": labelled["field"].to_numpy(),
            # without the municipality in brackets: it has its own columns below
            "metric": labelled.get("metric_name", labelled["metric_label"]).to_numpy(),
            "value": labelled["value"].to_numpy(),
            "unit": labelled["unit"].to_numpy(),
            "qualifier": [text_or_none(v) for v in labelled["qualifier"]],
            "value_text": labelled["display"].to_numpy(),
            "as_of_month": [month_text(v) for v in labelled["as_of"]],
            "as_of_fiscal_year": [fiscal_year_in(t) for t in labelled["as_of_text"]],
            "as_of_text": [text_or_none(v) for v in labelled["as_of_text"]],
            "note": [text_or_none(v) for v in labelled["note"]],
            "source": labelled["source"].to_numpy(),
            **places_columns(
                labelled.get("municipality_code", pd.Series(None, index=labelled.index))
            ),
        }
    )
    return finish(frame, locale)


def _joined(values: Iterable[tuple]) -> list[str | None]:
    """List cells joined with LIST_SEPARATOR (already in the dataset's language)."""
    return [LIST_SEPARATOR.join(items) or None for items in values]


def initiatives_download(
    initiatives: pd.DataFrame, metrics: pd.DataFrame, locale: Locale
) -> pd.DataFrame:
    """The 施策一覧 rows: start as year-month and 年度, model, the first figure split apart."""
    first = metrics.drop_duplicates("initiative_id").set_index("initiative_id")
    figure = [first.loc[i] if i in first.index else None for i in initiatives["initiative_id"]]
    english = {}
    if locale.english:
        from dxdash.story.figures import _english_metric, english_figure  # content.yaml's English

        english = {
            i: (
                _english_metric(i, row["metric"], "metric"),
                english_figure(i, row["metric"], row),
            )
            for i, row in first.iterrows()
        }
    tidy = initiatives_frame(initiatives)
    frame = pd.DataFrame(
        {
            "initiative_id": tidy["initiative_id"],
            "name": tidy["name"],
            "field": tidy["field"],
            "started_month": tidy["started_month"],
            "started_fiscal_year": tidy["started_fiscal_year"],
            "started_note": tidy["started_note"],
            "gunma_model": tidy["gunma_model"],
            "gunma_model_no": tidy["gunma_model_no"],
            "headline_metric": [
                None if f is None else (english.get(i, (None,))[0] or f["metric"])
                for i, f in zip(initiatives["initiative_id"], figure, strict=True)
            ],
            "headline_value": [None if f is None else f["value"] for f in figure],
            "headline_unit": [None if f is None else f["unit"] for f in figure],
            "headline_qualifier": [
                None if f is None else text_or_none(f["qualifier"]) for f in figure
            ],
            "headline_value_text": [
                None if f is None else (english.get(i, (None, None))[1] or f["value_text"])
                for i, f in zip(initiatives["initiative_id"], figure, strict=True)
            ],
            "firsts_joined": _joined(initiatives["firsts"]),
        }
    )
    return finish(frame, locale)


def events_download(events: pd.DataFrame, locale: Locale) -> pd.DataFrame:
    """The events a table shows (dated first, in date order), with municipality codes."""
    rows = events.assign(_undated=events["date"].isna()).sort_values(
        ["_undated", "date"], kind="stable"
    )
    frame = events_frame(rows).drop(columns=["initiative_id", "program_id", "source"])
    frame["firsts_joined"] = _joined(rows["firsts"])
    return finish(frame, locale)


def survey_download(survey: pd.DataFrame, locale: Locale) -> pd.DataFrame:
    """The survey in long format: one row per question × 年度."""
    return finish(survey_frame(survey)[["item", "fiscal_year", "score"]], locale)


def launches_download(initiatives: pd.DataFrame, locale: Locale) -> pd.DataFrame:
    """Initiatives with a 年度 of start, by 年度 (the table behind the launches chart)."""
    dated = initiatives.loc[initiatives["fiscal_year"].notna()].sort_values(
        ["fiscal_year", "started"], na_position="last", kind="stable"
    )
    tidy = initiatives_frame(dated)
    return finish(
        tidy[["started_fiscal_year", "started_month", "initiative_id", "name", "field"]], locale
    )


def models_download(initiatives: pd.DataFrame, locale: Locale) -> pd.DataFrame:
    """The 群馬モデル rows (type, No., 事業名, 概要, 分野) in the report's order."""
    models = initiatives.loc[initiatives["gunma_model"].notna()]
    order = {t: i for i, t in enumerate(GUNMA_MODEL_TYPES)}
    models = models.assign(_type=models["gunma_model"].map(order)).sort_values(
        ["_type", "gunma_model_no"]
    )
    tidy = initiatives_frame(models)
    columns = ["initiative_id", "gunma_model", "gunma_model_no", "gunma_model_name"]
    return finish(tidy[[*columns, "gunma_model_summary", "field"]], locale)


def model_counts_download(counts: pd.DataFrame, locale: Locale) -> pd.DataFrame:
    """Gunma models counted by type and 分野."""
    frame = pd.DataFrame(
        {
            "gunma_model": counts["gunma_model"].to_numpy(),
            "field": counts["field"].to_numpy(),
            "count": counts["count"].to_numpy(),
        }
    )
    return finish(frame, locale)
