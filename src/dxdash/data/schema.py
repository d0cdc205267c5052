"""The shape of dxdash's data: table schemas, checked against by both the build (data/source →
Parquet) and the loader (Parquet → app), so the data on disk and the data the app trusts can
never drift apart. The words a column may hold are dxdash.data.vocabulary's.
"""

from __future__ import annotations

import pyarrow as pa

# The earliest date any figure or event may carry: the DX divisions were created in April 2020.
EARLIEST_DATE_ISO = "2020-01-01"

_str = pa.string()
_list_str = pa.list_(pa.string())

TABLE_SCHEMAS: dict[str, pa.Schema] = {
    "report": pa.schema(
        [
            pa.field("title", _str, nullable=False),
            pa.field("publisher", _str, nullable=False),
            pa.field("published", pa.date32(), nullable=False),
            pa.field("published_text", _str, nullable=False),
            pa.field("url", _str, nullable=False),
        ]
    ),
    "initiatives": pa.schema(
        [
            pa.field("initiative_id", _str, nullable=False),
            pa.field("report_order", pa.int16(), nullable=False),
            pa.field("name", _str, nullable=False),
            pa.field("short_name", _str, nullable=False),
            pa.field("field", _str, nullable=False),
            pa.field("field_source", _str, nullable=False),
            pa.field("started", pa.date32()),
            pa.field("started_text", _str),
            pa.field("started_note", _str),
            pa.field("fiscal_year", pa.int16()),
            pa.field("gunma_model", _str),
            pa.field("gunma_model_no", pa.int16()),
            pa.field("gunma_model_name", _str),
            pa.field("gunma_model_summary", _str),
            pa.field("summary", _str, nullable=False),
            pa.field("comments", _list_str, nullable=False),
            pa.field("firsts", _list_str, nullable=False),
            pa.field("related", _list_str, nullable=False),
            pa.field("source", _str, nullable=False),
        ]
    ),
    "programs": pa.schema(
        [
            pa.field("program_id", _str, nullable=False),
            pa.field("name", _str, nullable=False),
            pa.field("started", pa.date32()),
            pa.field("started_text", _str),
            pa.field("fiscal_year", pa.int16()),
            pa.field("summary", _str, nullable=False),
            pa.field("source", _str, nullable=False),
        ]
    ),
    "metrics": pa.schema(
        [
            pa.field("initiative_id", _str, nullable=False),
            pa.field("metric", _str, nullable=False),
            pa.field("value", pa.float64(), nullable=False),
            pa.field("unit", _str, nullable=False),
            pa.field("qualifier", _str),
            pa.field("value_text", _str, nullable=False),
            pa.field("category", _str, nullable=False),
            pa.field("as_of", pa.date32()),
            pa.field("as_of_text", _str),
            pa.field("note", _str),
            pa.field("source", _str, nullable=False),
            # 全国地方公共団体コード (6 digits) when a figure is one municipality's; else null.
            pa.field("municipality_code", _str),
        ]
    ),
    "survey": pa.schema(
        [
            pa.field("item", _str, nullable=False),
            pa.field("fiscal_year", pa.int16(), nullable=False),
            pa.field("score", pa.float64(), nullable=False),
            pa.field("unit", _str, nullable=False),
            pa.field("method", _str, nullable=False),
            pa.field("source", _str, nullable=False),
        ]
    ),
    "events": pa.schema(
        [
            pa.field("event_id", _str, nullable=False),
            pa.field("date", pa.date32()),
            pa.field("date_text", _str),
            pa.field("fiscal_year", pa.int16()),
            pa.field("kind", _str, nullable=False),
            pa.field("title", _str, nullable=False),
            pa.field("detail", _str, nullable=False),
            pa.field("initiative_id", _str),
            pa.field("program_id", _str),
            pa.field("municipality", _str),
            pa.field("award_category", _str),
            pa.field("award_result", _str),
            pa.field("firsts", _list_str, nullable=False),
            pa.field("source", _str, nullable=False),
        ]
    ),
}

TABLE_NAMES: tuple[str, ...] = tuple(TABLE_SCHEMAS)


def parquet_file_name(table: str) -> str:
    """Return the file name a table is stored under, e.g. ``metrics.parquet``."""
    return f"{table}.parquet"
