"""The tidy tables of the open-data bundle, one per subject: column ids as headers, long
format, codes beside names (initiatives, texts, firsts, related, programs, metrics, survey,
events, municipalities)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dxdash.data import places
from dxdash.opendata.clean import fiscal_year_in, month_text
from dxdash.opendata.columns import TEXT_KINDS


def text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _int_or_none(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def initiatives_frame(initiatives: pd.DataFrame) -> pd.DataFrame:
    """One row per initiative; lists (summary, comments, firsts, related) are separate tables."""
    return pd.DataFrame(
        {
            "initiative_id": initiatives["initiative_id"].to_numpy(),
            "report_order": [int(v) for v in initiatives["report_order"]],
            "name": initiatives["name"].to_numpy(),
            "short_name": initiatives["short_name"].to_numpy(),
            "field": initiatives["field"].to_numpy(),
            "field_source": initiatives["field_source"].to_numpy(),
            "started_month": [month_text(v) for v in initiatives["started"]],
            "started_fiscal_year": [_int_or_none(v) for v in initiatives["fiscal_year"]],
            "started_note": [text_or_none(v) for v in initiatives["started_note"]],
            "gunma_model": [text_or_none(v) for v in initiatives["gunma_model"]],
            "gunma_model_no": [_int_or_none(v) for v in initiatives["gunma_model_no"]],
            "gunma_model_name": [text_or_none(v) for v in initiatives["gunma_model_name"]],
            "gunma_model_summary": [text_or_none(v) for v in initiatives["gunma_model_summary"]],
            "source": initiatives["source"].to_numpy(),
        }
    )


def initiative_texts_frame(initiatives: pd.DataFrame) -> pd.DataFrame:
    """Long: each summary line and each comment of each initiative on its own row."""
    rows = []
    for record in initiatives.to_dict("records"):
        lines = [line for line in str(record["summary"]).splitlines() if line.strip()]
        for kind, items in ((TEXT_KINDS[0], lines), (TEXT_KINDS[1], record["comments"])):
            for order, text in enumerate(items, start=1):
                rows.append((record["initiative_id"], kind, order, text))
    return pd.DataFrame(rows, columns=["initiative_id", "text_kind", "order", "text"])


def _list_frame(
    ids: Iterable[str], lists: Iterable[tuple], id_column: str, item: str
) -> pd.DataFrame:
    rows = [
        (owner, order, value)
        for owner, values in zip(ids, lists, strict=True)
        for order, value in enumerate(values, start=1)
    ]
    return pd.DataFrame(rows, columns=[id_column, "order", item])


def initiative_firsts_frame(initiatives: pd.DataFrame) -> pd.DataFrame:
    """Long: one row per distinction (全国初 …) of an initiative."""
    return _list_frame(
        initiatives["initiative_id"], initiatives["firsts"], "initiative_id", "first"
    )


def initiative_related_frame(initiatives: pd.DataFrame) -> pd.DataFrame:
    """Long: one row per pair of initiatives the report describes together."""
    rows = [
        (owner, other)
        for owner, related in zip(initiatives["initiative_id"], initiatives["related"], strict=True)
        for other in related
    ]
    return pd.DataFrame(rows, columns=["initiative_id", "related_initiative_id"])


def programs_frame(programs: pd.DataFrame) -> pd.DataFrame:
    """Program-wide entities (DX加速化プログラム, 群馬モデルの創出, 総合計画)."""
    return pd.DataFrame(
        {
            "program_id": programs["program_id"].to_numpy(),
            "program_name": programs["name"].to_numpy(),
            "started_month": [month_text(v) for v in programs["started"]],
            "started_fiscal_year": [_int_or_none(v) for v in programs["fiscal_year"]],
            "summary": programs["summary"].to_numpy(),
            "source": programs["source"].to_numpy(),
        }
    )


def _owner_names(initiatives: pd.DataFrame, programs: pd.DataFrame) -> dict[str, str]:
    names = dict(zip(programs["program_id"], programs["name"], strict=True))
    names.update(zip(initiatives["initiative_id"], initiatives["short_name"], strict=True))
    return names


def metrics_frame(
    metrics: pd.DataFrame, initiatives: pd.DataFrame, programs: pd.DataFrame
) -> pd.DataFrame:
    """One row per figure: value, unit and qualifier apart; when as a month and a 年度."""
    names = _owner_names(initiatives, programs)
    return pd.DataFrame(
        {
            "owner_id": metrics["initiative_id"].to_numpy(),
            "owner_name": [names.get(o, o) for o in metrics["initiative_id"]],
            "metric": metrics["metric"].to_numpy(),
            "value": metrics["value"].to_numpy(),
            "unit": metrics["unit"].to_numpy(),
            "qualifier": [text_or_none(v) for v in metrics["qualifier"]],
            "value_text": metrics["value_text"].to_numpy(),
            "category": metrics["category"].to_numpy(),
            "as_of_month": [month_text(v) for v in metrics["as_of"]],
            "as_of_fiscal_year": [fiscal_year_in(t) for t in metrics["as_of_text"]],
            "as_of_text": [text_or_none(v) for v in metrics["as_of_text"]],
            "note": [text_or_none(v) for v in metrics["note"]],
            "source": metrics["source"].to_numpy(),
            **places_columns(
                metrics.get("municipality_code", pd.Series(None, index=metrics.index))
            ),
        }
    )


def survey_frame(survey: pd.DataFrame) -> pd.DataFrame:
    """Long: one row per question × 年度 (the report prints it wide)."""
    return pd.DataFrame(
        {
            "item": survey["item"].to_numpy(),
            "fiscal_year": [int(v) for v in survey["fiscal_year"]],
            "score": survey["score"].to_numpy(),
            "method": survey["method"].to_numpy(),
            "source": survey["source"].to_numpy(),
        }
    )


def events_frame(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event, with the 全国地方公共団体コード beside the municipality."""
    return pd.DataFrame(
        {
            "event_id": events["event_id"].to_numpy(),
            "event_month": [month_text(v) for v in events["date"]],
            "fiscal_year": [_int_or_none(v) for v in events["fiscal_year"]],
            "kind": events["kind"].to_numpy(),
            "title": events["title"].to_numpy(),
            "detail": events["detail"].to_numpy(),
            "initiative_id": [text_or_none(v) for v in events["initiative_id"]],
            "program_id": [text_or_none(v) for v in events["program_id"]],
            "municipality_code": [places.code_of(v) for v in events["municipality"]],
            "municipality": [text_or_none(v) for v in events["municipality"]],
            "award_category": [text_or_none(v) for v in events["award_category"]],
            "award_result": [text_or_none(v) for v in events["award_result"]],
            "source": events["source"].to_numpy(),
        }
    )


def event_firsts_frame(events: pd.DataFrame) -> pd.DataFrame:
    """Long: one row per distinction of an event."""
    return _list_frame(events["event_id"], events["firsts"], "event_id", "first")


def municipalities_frame() -> pd.DataFrame:
    """The code table itself: 群馬県 and its 35 municipalities."""
    table = places.municipalities()
    return pd.DataFrame(
        {
            "code": list(table),
            "place_name": [names[0] for names in table.values()],
            "place_name_en": [names[1] for names in table.values()],
        }
    )


def places_columns(codes: Iterable[object]) -> dict[str, list[str | None]]:
    """The code and name columns of figures that may belong to one municipality."""
    codes = [c if isinstance(c, str) and c else None for c in codes]
    return {"municipality_code": codes, "municipality": [places.japanese_name(c) for c in codes]}
