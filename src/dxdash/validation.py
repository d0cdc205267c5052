"""Check dxdash's tables: columns, types, ids, links between tables, vocabularies and ranges.

Every problem becomes one Japanese sentence naming the file, the row and the column, and all
problems are collected before anything is reported — a reviewer fixes them in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from dxdash.japanese import fiscal_year
from dxdash.schema import (
    EARLIEST_DATE_ISO,
    EVENT_KINDS,
    FIELD_SOURCES,
    FIELDS,
    GUNMA_MODEL_TYPES,
    METRIC_CATEGORIES,
    PERCENT_UNIT,
    QUALIFIERS,
    REPORT_FIELDS,
    TABLE_SCHEMAS,
    parquet_file_name,
)

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# At most this many rows are named per check, so a badly broken file still gives a readable list.
MAX_ROWS_PER_CHECK = 10


class DataError(Exception):
    """Raised when data cannot be trusted; ``problems`` holds one Japanese sentence per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _rows(indices: Iterable[int]) -> list[int]:
    """Return the first few offending 0-based row indices."""
    return list(indices)[:MAX_ROWS_PER_CHECK]


def _where(table: str, row: int, ident: str | None = None) -> str:
    """Name a place as a person reads it: file, 1-based row and the row's id when it has one."""
    label = f"{parquet_file_name(table)} の {row + 1}行目"
    return f"{label}（{ident}）" if ident else label


def check_columns(name: str, table: pa.Table) -> list[str]:
    """Check that every required column exists with the right type and no forbidden nulls."""
    problems = []
    file = parquet_file_name(name)
    for field in TABLE_SCHEMAS[name]:
        if field.name not in table.column_names:
            problems.append(f"{file}: 列「{field.name}」がありません")
            continue
        actual = table.schema.field(field.name).type
        if not actual.equals(field.type):
            problems.append(
                f"{file}: 列「{field.name}」の型が {actual} です（期待される型: {field.type}）"
            )
            continue
        if not field.nullable and table.column(field.name).null_count:
            mask = pc.is_null(table.column(field.name))
            for row in _rows(pc.indices_nonzero(mask).to_pylist()):
                problems.append(f"{_where(name, row)} 列「{field.name}」: 値が空です")
    return problems


def _ids(table: pa.Table, column: str) -> list[str | None]:
    """Return a column as a Python list (for the small id columns)."""
    return table.column(column).to_pylist()


def _check_unique(name: str, values: list, column: str) -> list[str]:
    """Report every repeat of a value that must be unique."""
    seen: dict = {}
    problems = []
    for row, value in enumerate(values):
        if value in seen:
            problems.append(
                f"{_where(name, row)} 列「{column}」: '{value}' が重複しています"
                f"（{seen[value] + 1}行目と同じ）"
            )
        else:
            seen[value] = row
    return problems[:MAX_ROWS_PER_CHECK]


def _check_vocab(
    name: str, table: pa.Table, column: str, allowed: Sequence[str], id_column: str | None
) -> list[str]:
    """Report values outside an allowed vocabulary (nulls are left to the schema check)."""
    col = table.column(column)
    bad = pc.and_(pc.is_valid(col), pc.invert(pc.is_in(col, value_set=pa.array(allowed))))
    ids = _ids(table, id_column) if id_column else None
    values = col.to_pylist()
    return [
        f"{_where(name, row, ids[row] if ids else None)} 列「{column}」: "
        f"'{values[row]}' は使えません（使える値: {'、'.join(allowed)}）"
        for row in _rows(pc.indices_nonzero(bad).to_pylist())
    ]


def _check_links(
    name: str, table: pa.Table, column: str, targets: set[str], target_name: str, id_column: str
) -> list[str]:
    """Report references to ids that do not exist in the target table."""
    ids = _ids(table, id_column)
    return [
        f"{_where(name, row, ids[row])} 列「{column}」: '{value}' は {target_name} にありません"
        for row, value in enumerate(_ids(table, column))
        if value is not None and value not in targets
    ][:MAX_ROWS_PER_CHECK]


def _check_dates(
    name: str, table: pa.Table, column: str, id_column: str | None, today: date
) -> list[str]:
    """Report dates before 2020 or after today."""
    earliest = date.fromisoformat(EARLIEST_DATE_ISO)
    ids = _ids(table, id_column) if id_column else None
    return [
        f"{_where(name, row, ids[row] if ids else None)} 列「{column}」: "
        f"日付 {value} が範囲外です（{earliest} から {today} まで）"
        for row, value in enumerate(_ids(table, column))
        if value is not None and not earliest <= value <= today
    ][:MAX_ROWS_PER_CHECK]


def _check_fiscal_year(
    name: str, table: pa.Table, date_column: str, id_column: str, today: date
) -> list[str]:
    """Check that 年度 lies between 2020 and this 年度 and agrees with the date when there is one."""
    problems = []
    last = fiscal_year(today)
    ids = _ids(table, id_column)
    dates = _ids(table, date_column)
    for row, fy in enumerate(_ids(table, "fiscal_year")):
        if fy is None:
            if dates[row] is not None:
                problems.append(
                    f"{_where(name, row, ids[row])} 列「fiscal_year」: 空ですが {date_column} があります"
                )
            continue
        if not 2020 <= fy <= last:
            problems.append(
                f"{_where(name, row, ids[row])} 列「fiscal_year」: {fy}年度 は範囲外です"
                f"（2020年度から{last}年度まで）"
            )
        elif dates[row] is not None and fiscal_year(dates[row]) != fy:
            problems.append(
                f"{_where(name, row, ids[row])} 列「fiscal_year」: {fy}年度 は "
                f"{date_column} {dates[row]} の年度（{fiscal_year(dates[row])}年度）と合いません"
            )
    return problems[:MAX_ROWS_PER_CHECK]


def _check_initiatives(t: pa.Table, today: date) -> list[str]:
    """Initiative-specific rules: ids, fields, Gunma-model pairs, related ids, dates."""
    name = "initiatives"
    ids = _ids(t, "initiative_id")
    problems = _check_unique(name, ids, "initiative_id")
    problems += [
        f"{_where(name, row)} 列「initiative_id」: '{value}' は英小文字・数字・ハイフンのIDではありません"
        for row, value in enumerate(ids)
        if value is not None and not ID_PATTERN.match(value)
    ]
    problems += _check_vocab(name, t, "field", FIELDS, "initiative_id")
    problems += _check_vocab(name, t, "field_source", FIELD_SOURCES, "initiative_id")
    problems += [
        f"{_where(name, row, ids[row])} 列「field」: '{field}' は報告書に印字された分野ではありません"
        f"（field_source が report のときは {'、'.join(REPORT_FIELDS)} のいずれか）"
        for row, (field, source) in enumerate(
            zip(_ids(t, "field"), _ids(t, "field_source"), strict=True)
        )
        if source == "report" and field not in REPORT_FIELDS
    ]
    problems += _check_vocab(name, t, "gunma_model", GUNMA_MODEL_TYPES, "initiative_id")
    models = _ids(t, "gunma_model")
    numbers = _ids(t, "gunma_model_no")
    for row, (model, number) in enumerate(zip(models, numbers, strict=True)):
        if (model is None) != (number is None):
            problems.append(
                f"{_where(name, row, ids[row])} 列「gunma_model_no」: "
                "gunma_model と gunma_model_no は両方あるか両方空のどちらかです"
            )
        elif number is not None and number < 1:
            problems.append(
                f"{_where(name, row, ids[row])} 列「gunma_model_no」: {number} は1以上の番号ではありません"
            )
    seen_models: dict[str, int] = {}
    for row, (model, number) in enumerate(zip(models, numbers, strict=True)):
        if model is None or number is None:
            continue
        key = f"{model} No.{number}"
        if key in seen_models:
            problems.append(
                f"{_where(name, row, ids[row])} 列「gunma_model_no」: 群馬モデル {key} が重複しています"
                f"（{seen_models[key] + 1}行目と同じ）"
            )
        seen_models.setdefault(key, row)
    known = set(ids)
    for row, related in enumerate(_ids(t, "related")):
        for other in related or []:
            if other not in known:
                problems.append(
                    f"{_where(name, row, ids[row])} 列「related」: '{other}' は initiatives にありません"
                )
    problems += _check_dates(name, t, "started", "initiative_id", today)
    problems += _check_fiscal_year(name, t, "started", "initiative_id", today)
    return problems


def _check_metrics(t: pa.Table, owners: set[str], today: date) -> list[str]:
    """Metric rules: owners exist, one row per (owner, metric), vocabularies, value ranges."""
    name = "metrics"
    owners_col = _ids(t, "initiative_id")
    problems = _check_links(
        name, t, "initiative_id", owners, "initiatives / programs", "initiative_id"
    )
    keys = [f"{o} / {m}" for o, m in zip(owners_col, _ids(t, "metric"), strict=True)]
    problems += _check_unique(name, keys, "initiative_id + metric")
    problems += _check_vocab(name, t, "qualifier", QUALIFIERS, "initiative_id")
    problems += _check_vocab(name, t, "category", METRIC_CATEGORIES, "initiative_id")
    values = _ids(t, "value")
    units = _ids(t, "unit")
    categories = _ids(t, "category")
    for row, (value, unit, category) in enumerate(zip(values, units, categories, strict=True)):
        here = f"{_where(name, row, keys[row])} 列「value」"
        if value is None:
            continue
        if value != value:  # NaN
            problems.append(f"{here}: 値が数値ではありません（NaN）")
        elif value < 0:
            problems.append(f"{here}: {value:g} は負の値です（件数・金額・割合は0以上）")
        elif unit == PERCENT_UNIT and value > 100:
            problems.append(f"{here}: {value:g}% は100%を超えています")
        if (category == "割合") != (unit == PERCENT_UNIT):
            problems.append(
                f"{_where(name, row, keys[row])} 列「category」: 割合 の単位は % です"
                f"（category '{category}'・unit '{unit}'）"
            )
    problems += _check_dates(name, t, "as_of", None, today)
    return problems


def _check_survey(t: pa.Table, today: date) -> list[str]:
    """Survey rules: one score per (item, 年度), scores 0–100, 年度 in range."""
    name = "survey"
    items = _ids(t, "item")
    years = _ids(t, "fiscal_year")
    problems = _check_unique(
        name, [f"{i} / {y}年度" for i, y in zip(items, years, strict=True)], "item + fiscal_year"
    )
    last = fiscal_year(today)
    for row, (year, score) in enumerate(zip(years, _ids(t, "score"), strict=True)):
        if year is not None and not 2020 <= year <= last:
            problems.append(f"{_where(name, row)} 列「fiscal_year」: {year}年度 は範囲外です")
        if score is not None and not 0 <= score <= 100:
            problems.append(f"{_where(name, row)} 列「score」: {score:g} は0〜100点の範囲外です")
    return problems[: MAX_ROWS_PER_CHECK * 2]


def _check_events(t: pa.Table, initiatives: set[str], programs: set[str], today: date) -> list[str]:
    """Event rules: unique ids, kinds, links to initiatives/programs, dates."""
    name = "events"
    problems = _check_unique(name, _ids(t, "event_id"), "event_id")
    problems += _check_vocab(name, t, "kind", EVENT_KINDS, "event_id")
    problems += _check_links(name, t, "initiative_id", initiatives, "initiatives", "event_id")
    problems += _check_links(name, t, "program_id", programs, "programs", "event_id")
    problems += _check_dates(name, t, "date", "event_id", today)
    problems += _check_fiscal_year(name, t, "date", "event_id", today)
    return problems


def validate_tables(tables: dict[str, pa.Table], today: date | None = None) -> None:
    """Validate a complete set of tables; raise DataError listing every problem found."""
    today = today or date.today()
    problems: list[str] = []
    for name in TABLE_SCHEMAS:
        if name not in tables:
            problems.append(f"{parquet_file_name(name)}: テーブルがありません")
            continue
        problems += check_columns(name, tables[name])
    if problems:  # later rules need the columns to be there and typed
        raise DataError(problems)

    report = tables["report"]
    if report.num_rows != 1:
        problems.append(f"report.parquet: 行数が {report.num_rows} です（1行であること）")
    initiatives = set(_ids(tables["initiatives"], "initiative_id"))
    programs = set(_ids(tables["programs"], "program_id"))
    problems += _check_initiatives(tables["initiatives"], today)
    problems += _check_unique("programs", _ids(tables["programs"], "program_id"), "program_id")
    problems += [
        f"programs.parquet 列「program_id」: '{pid}' は initiatives の initiative_id と重複しています"
        for pid in sorted(initiatives & programs)
    ]
    problems += _check_dates("programs", tables["programs"], "started", "program_id", today)
    problems += _check_metrics(tables["metrics"], initiatives | programs, today)
    problems += _check_survey(tables["survey"], today)
    problems += _check_events(tables["events"], initiatives, programs, today)
    problems += _check_dates("report", report, "published", None, today)
    if problems:
        raise DataError(problems)
