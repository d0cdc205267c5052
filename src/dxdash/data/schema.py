"""The shape of dxdash's data: table schemas and the allowed vocabularies, in one place.

Both the build (data/source → Parquet) and the loader (Parquet → app) check against these,
so the data on disk and the data the app trusts can never drift apart.
"""

from __future__ import annotations

import pyarrow as pa

# 分野. The first six are the labels the report itself prints on its slides; the rest are
# dxdash's own small vocabulary for slides that carry no label (docs/data.md says which is which).
REPORT_FIELDS: tuple[str, ...] = ("農業", "県土整備", "教育", "文化", "生活", "健康")
ASSIGNED_FIELDS: tuple[str, ...] = ("行政", "産業・人材", "環境・エネルギー", "防災・安全")
FIELDS: tuple[str, ...] = (
    "行政",
    "産業・人材",
    "農業",
    "環境・エネルギー",
    "県土整備",
    "教育",
    "文化",
    "生活",
    "健康",
    "防災・安全",
)
FIELD_SOURCES: tuple[str, ...] = ("report", "assigned")

GUNMA_MODEL_TYPES: tuple[str, ...] = ("ワイズスペンディング", "他自治体の見本")
QUALIFIERS: tuple[str, ...] = ("約", "超", "以上", "程度", "見込")

# What a figure counts; the metrics page groups by this.
METRIC_CATEGORIES: tuple[str, ...] = (
    "人数",
    "利用回数",
    "再生回数",
    "金額",
    "割合",
    "件数",
    "規模",
    "倍率",
)
PERCENT_UNIT = "%"

EVENT_KINDS: tuple[str, ...] = ("組織", "計画", "受賞", "会議開催", "掲載", "発表", "公表")

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
