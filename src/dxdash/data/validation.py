"""Check dxdash's tables: columns, types, ids, links between tables, vocabularies and ranges.

Every problem becomes one Japanese sentence naming the file, the row and the column, and all
problems are collected before anything is reported — a reviewer fixes them in one pass.

The checks that run over the large tables find the offending rows with ``pyarrow.compute``
masks and only then format sentences for those rows, so a valid million-row metrics table is
checked without a per-row Python loop. Small tables keep plain loops where that reads better.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from dxdash.data.schema import EARLIEST_DATE_ISO, TABLE_SCHEMAS, parquet_file_name
from dxdash.data.vocabulary import (
    EVENT_KINDS,
    FIELD_SOURCES,
    FIELDS,
    GUNMA_MODEL_TYPES,
    METRIC_CATEGORIES,
    PERCENT_UNIT,
    QUALIFIERS,
    REPORT_FIELDS,
)
from dxdash.text.japanese import fiscal_year

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# At most this many rows are named per check, so a badly broken file still gives a readable list.
MAX_ROWS_PER_CHECK = 10


class DataError(Exception):
    """Raised when data cannot be trusted; ``problems`` holds one Japanese sentence per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


ArrowValues = pa.Array | pa.ChunkedArray


def _rows(mask: ArrowValues, limit: int | None = MAX_ROWS_PER_CHECK) -> list[int]:
    """Return the 0-based rows where a boolean mask is true (null is false): the first few, or all."""
    rows = pc.indices_nonzero(mask)
    return (rows if limit is None else rows.slice(0, limit)).to_pylist()


def _take(table: pa.Table, column: str | None, rows: list[int]) -> list:
    """Return a column's values at a few rows as Python objects for the sentences (None: no column)."""
    if column is None or not rows:  # take() on a chunked column costs time even for no rows
        return [None] * len(rows)
    return table.column(column).take(pa.array(rows, pa.int64())).to_pylist()


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
            for row in _rows(pc.is_null(table.column(field.name))):
                problems.append(f"{_where(name, row)} 列「{field.name}」: 値が空です")
    return problems


def _ids(table: pa.Table, column: str) -> list:
    """Return a column as a Python list (only for the small tables' per-row rules)."""
    return table.column(column).to_pylist()


def _codes(values: ArrowValues) -> tuple[pa.Array, pa.Array]:
    """Number each row's value in order of first appearance (null is a value too).

    Returns the numbers, one per row, and the distinct values they index, so equal values get
    equal numbers and value ``k`` first appears before value ``k + 1``.
    """
    encoded = pc.dictionary_encode(values, null_encoding="encode")
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()  # one dictionary; cheap when the chunks share it
    return encoded.indices, encoded.dictionary


def _repeats(keys: ArrowValues) -> list[tuple[int, int]]:
    """Return (row, row of its first occurrence) for the first few rows that repeat a key."""
    codes, distinct = _codes(keys)
    if len(distinct) == len(codes):  # the usual case: nothing repeats
        return []
    # Codes are numbered by first appearance, so a row is a first occurrence exactly when its
    # code is larger than every code before it.
    before = pa.concat_arrays(
        [pa.array([-1], codes.type), pc.cumulative_max(codes).slice(0, len(codes) - 1)]
    )
    is_first = pc.greater(codes, before)
    first_rows = pc.indices_nonzero(is_first)  # first_rows[k]: where code k first appears
    rows = _rows(pc.invert(is_first))
    repeated_codes = codes.take(pa.array(rows, pa.int64()))
    return list(zip(rows, first_rows.take(repeated_codes).to_pylist(), strict=True))


def _check_unique(
    name: str, keys: ArrowValues, column: str, shown: Callable[[int], object] | None = None
) -> list[str]:
    """Report repeats of a value that must be unique, naming the row it first appeared in.

    ``shown`` gives the text printed for a row when ``keys`` are codes rather than the values.
    """
    show = shown or (lambda row: keys[row].as_py())
    return [
        f"{_where(name, row)} 列「{column}」: '{show(row)}' が重複しています（{first + 1}行目と同じ）"
        for row, first in _repeats(keys)
    ]


def _flagged(
    name: str,
    table: pa.Table,
    column: str,
    id_column: str | None,
    mask: ArrowValues,
    says: Callable[[object], str],
) -> list[str]:
    """One sentence per row the mask flags (the first few): the place, the column, says(value)."""
    rows = _rows(mask)
    ids = _take(table, id_column, rows)
    return [
        f"{_where(name, row, ident)} 列「{column}」: {says(value)}"
        for row, ident, value in zip(rows, ids, _take(table, column, rows), strict=True)
    ]


def _not_in(col: ArrowValues, allowed: pa.Array) -> ArrowValues:
    """Mask of the values present but outside ``allowed`` (nulls are left to the schema check)."""
    return pc.and_(pc.is_valid(col), pc.invert(pc.is_in(col, value_set=allowed)))


def _check_vocab(
    name: str, table: pa.Table, column: str, allowed: Sequence[str], id_column: str | None
) -> list[str]:
    """Report values outside an allowed vocabulary (nulls are left to the schema check)."""
    bad = _not_in(table.column(column), pa.array(allowed))
    listed = "、".join(allowed)
    return _flagged(
        name,
        table,
        column,
        id_column,
        bad,
        lambda value: f"'{value}' は使えません（使える値: {listed}）",
    )


def _check_links(
    name: str, table: pa.Table, column: str, targets: set[str], target_name: str, id_column: str
) -> list[str]:
    """Report references to ids that do not exist in the target table (nulls link to nothing)."""
    unknown = _not_in(table.column(column), pa.array(list(targets), pa.string()))
    return _flagged(
        name,
        table,
        column,
        id_column,
        unknown,
        lambda value: f"'{value}' は {target_name} にありません",
    )


def _check_dates(
    name: str, table: pa.Table, column: str, id_column: str | None, today: date
) -> list[str]:
    """Report dates before 2020 or after today."""
    earliest = date.fromisoformat(EARLIEST_DATE_ISO)
    col = table.column(column)
    outside = pc.or_(
        pc.less(col, pa.scalar(earliest, pa.date32())),
        pc.greater(col, pa.scalar(today, pa.date32())),
    )  # null dates compare as null and are skipped
    return _flagged(
        name,
        table,
        column,
        id_column,
        outside,
        lambda value: f"日付 {value} が範囲外です（{earliest} から {today} まで）",
    )


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
    problems = _check_unique(name, t.column("initiative_id"), "initiative_id")
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


def _check_metric_values(t: pa.Table) -> list[str]:
    """Report NaN, negative and over-100% values and 割合 rows without the % unit.

    The rows are found with masks; the sentences are then written only for the first
    MAX_ROWS_PER_CHECK of them, and one more sentence counts the rest (a broken column of a
    million figures gives a readable list, not a million lines).
    """
    name = "metrics"
    values = t.column("value")
    percent = pc.fill_null(pc.equal(t.column("unit"), PERCENT_UNIT), False)
    rate = pc.fill_null(pc.equal(t.column("category"), "割合"), False)
    bad_value = pc.or_kleene(
        pc.or_kleene(pc.is_nan(values), pc.less(values, 0.0)),
        pc.and_kleene(percent, pc.greater(values, 100.0)),
    )
    mismatch = pc.not_equal(rate, percent)
    # Every row the loop below reports, perhaps more; rows with a null value are skipped as before.
    suspect = pc.and_kleene(pc.is_valid(values), pc.or_kleene(bad_value, mismatch))
    suspects = pc.sum(suspect).as_py() or 0
    rows = _rows(suspect)
    problems = []
    for row, owner, metric, value, unit, category in zip(
        rows,
        *(_take(t, c, rows) for c in ("initiative_id", "metric", "value", "unit", "category")),
        strict=True,
    ):
        where = _where(name, row, f"{owner} / {metric}")
        if value != value:  # NaN
            problems.append(f"{where} 列「value」: 値が数値ではありません（NaN）")
        elif value < 0:
            problems.append(
                f"{where} 列「value」: {value:g} は負の値です（件数・金額・割合は0以上）"
            )
        elif unit == PERCENT_UNIT and value > 100:
            problems.append(f"{where} 列「value」: {value:g}% は100%を超えています")
        if (category == "割合") != (unit == PERCENT_UNIT):
            problems.append(
                f"{where} 列「category」: 割合 の単位は % です"
                f"（category '{category}'・unit '{unit}'）"
            )
    if suspects > len(rows):
        problems.append(
            f"{parquet_file_name(name)}: ほかに {suspects - len(rows):,} 行の値（value・category）"
            f"に同じ種類の問題があります（最初の{len(rows)}行だけを挙げました）"
        )
    return problems


def _combined_codes(t: pa.Table, columns: Sequence[str]) -> pa.Array:
    """One dense int64 code per row, equal exactly when the rows' values in ``columns`` are equal."""
    codes, _ = _codes(t.column(columns[0]))
    combined = pc.cast(codes, pa.int64())
    for column in columns[1:]:
        more, distinct = _codes(t.column(column))
        pair = pc.add(pc.multiply(combined, len(distinct)), pc.cast(more, pa.int64()))
        combined = pc.cast(_codes(pair)[0], pa.int64())  # re-numbered: never overflows
    return combined


def _figure_text(t: pa.Table, row: int, with_as_of: bool) -> str:
    """Name one figure for a sentence: 'line-digital-window / 友だち登録数（時点 2023-10-01）'."""
    text = f"{t.column('initiative_id')[row].as_py()} / {t.column('metric')[row].as_py()}"
    extras = []
    if with_as_of and t.column("as_of")[row].is_valid:
        extras.append(f"時点 {t.column('as_of')[row].as_py()}")
    if t.column("municipality_code")[row].is_valid:
        extras.append(f"市町村コード {t.column('municipality_code')[row].as_py()}")
    return text + (f"（{'、'.join(extras)}）" if extras else "")


def _check_figure_series(t: pa.Table) -> list[str]:
    """A figure (owner, metric, municipality) may have several values, each with its own as_of.

    Rows repeating (owner, metric, as_of, municipality) are duplicates; when a figure has more
    than one value, every value needs an as_of (otherwise which is the newest is unknown).
    """
    name = "metrics"
    if t.num_rows == 0:
        return []
    figure = _combined_codes(t, ("initiative_id", "metric", "municipality_code"))
    keys = _combined_codes(t, ("initiative_id", "metric", "municipality_code", "as_of"))
    problems = _check_unique(
        name,
        keys,
        "initiative_id + metric + as_of + municipality_code",
        shown=lambda row: _figure_text(t, row, True),
    )
    counts = pc.value_counts(figure)
    many = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    if len(many):
        undated = pc.and_(pc.is_in(figure, value_set=many), pc.is_null(t.column("as_of")))
        problems += [
            f"{_where(name, row, _figure_text(t, row, False))} 列「as_of」: "
            "同じ数値に値が複数あるので、時点が必要です（どれが最新か決められません）"
            for row in _rows(undated)
        ]
    return problems


def _check_municipalities(t: pa.Table) -> list[str]:
    """municipality_code must be a 6-digit 全国地方公共団体コード of 群馬県 or its municipalities."""
    from dxdash.data.places import municipalities

    name = "metrics"
    known = pa.array(sorted(municipalities()), pa.string())
    rows = _rows(_not_in(t.column("municipality_code"), known))
    return [
        f"{_where(name, row, _figure_text(t, row, False))} 列「municipality_code」: "
        f"'{value}' は群馬県・県内35市町村の全国地方公共団体コード（6桁、検査数字付き。"
        "例: 群馬県 100005、前橋市 102016）ではありません"
        for row, value in zip(rows, _take(t, "municipality_code", rows), strict=True)
    ]


def _check_metrics(t: pa.Table, owners: set[str], today: date) -> list[str]:
    """Metric rules: owners exist, one row per (owner, metric, as_of, municipality), vocabularies."""
    name = "metrics"
    problems = _check_links(
        name, t, "initiative_id", owners, "initiatives / programs", "initiative_id"
    )
    problems += _check_figure_series(t)
    problems += _check_municipalities(t)
    problems += _check_vocab(name, t, "qualifier", QUALIFIERS, "initiative_id")
    problems += _check_vocab(name, t, "category", METRIC_CATEGORIES, "initiative_id")
    problems += _check_metric_values(t)
    problems += _check_dates(name, t, "as_of", None, today)
    return problems


def _check_survey(t: pa.Table, today: date) -> list[str]:
    """Survey rules: one score per (item, 年度), scores 0–100, 年度 in range."""
    name = "survey"
    items = _ids(t, "item")
    years = _ids(t, "fiscal_year")
    keys = pa.array([f"{i} / {y}年度" for i, y in zip(items, years, strict=True)], pa.string())
    problems = _check_unique(name, keys, "item + fiscal_year")
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
    problems = _check_unique(name, t.column("event_id"), "event_id")
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
    problems += _check_unique("programs", tables["programs"].column("program_id"), "program_id")
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
