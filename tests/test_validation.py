"""Validation: the tiny dataset passes, and each kind of bad data is named in Japanese."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pyarrow as pa
import pytest

from dxdash.data.dataset import load_dataset
from dxdash.data.schema import TABLE_SCHEMAS
from dxdash.data.validation import MAX_ROWS_PER_CHECK, DataError, validate_tables
from tests.fixtures import TODAY, tables_from_rows, tiny_rows, write_tables

Rows = dict[str, list[dict[str, Any]]]


def test_tiny_dataset_is_valid():
    validate_tables(tables_from_rows(tiny_rows()), today=TODAY)


def _set(table: str, row: int, column: str, value: Any) -> Callable[[Rows], None]:
    """Return a mutation that sets one cell."""

    def mutate(rows: Rows) -> None:
        rows[table][row][column] = value

    return mutate


def _duplicate_initiative(rows: Rows) -> None:
    rows["initiatives"][1]["initiative_id"] = rows["initiatives"][0]["initiative_id"]
    rows["initiatives"][1]["related"] = []


def _duplicate_metric(rows: Rows) -> None:
    rows["metrics"].append(dict(rows["metrics"][0]))


def _duplicate_model_number(rows: Rows) -> None:
    rows["initiatives"][0].update(
        gunma_model="ワイズスペンディング", gunma_model_no=1, gunma_model_name="x"
    )


BAD_ROWS = [
    pytest.param(
        _duplicate_initiative,
        "initiatives.parquet の 2行目 列「initiative_id」: 'line-window' が重複しています",
        id="duplicate-initiative-id",
    ),
    pytest.param(
        _set("initiatives", 0, "initiative_id", "LINE Window"),
        "英小文字・数字・ハイフンのIDではありません",
        id="non-slug-id",
    ),
    pytest.param(
        _set("initiatives", 0, "field", "宇宙"),
        "列「field」: '宇宙' は使えません",
        id="unknown-field",
    ),
    pytest.param(
        _set("initiatives", 0, "field_source", "report"),
        "'行政' は報告書に印字された分野ではありません",
        id="report-field-not-printed",
    ),
    pytest.param(
        _set("initiatives", 1, "gunma_model", "見本"),
        "列「gunma_model」: '見本' は使えません",
        id="unknown-model-type",
    ),
    pytest.param(
        _set("initiatives", 1, "gunma_model_no", None),
        "gunma_model と gunma_model_no は両方あるか両方空",
        id="model-without-number",
    ),
    pytest.param(
        _duplicate_model_number,
        "群馬モデル ワイズスペンディング No.1 が重複しています",
        id="duplicate-model-number",
    ),
    pytest.param(
        _set("initiatives", 1, "related", ["nowhere"]),
        "列「related」: 'nowhere' は initiatives にありません",
        id="unknown-related",
    ),
    pytest.param(
        _set("initiatives", 1, "started", date(2019, 12, 1)),
        "日付 2019-12-01 が範囲外です",
        id="date-before-2020",
    ),
    pytest.param(
        _set("initiatives", 1, "started", date(2027, 1, 1)),
        "日付 2027-01-01 が範囲外です",
        id="date-in-future",
    ),
    pytest.param(
        _set("initiatives", 1, "fiscal_year", 2022),
        "2022年度 は started 2021-06-01 の年度（2021年度）と合いません",
        id="fiscal-year-mismatch",
    ),
    pytest.param(
        _set("metrics", 0, "initiative_id", "ghost"),
        "列「initiative_id」: 'ghost' は initiatives / programs にありません",
        id="metric-for-unknown-initiative",
    ),
    pytest.param(
        _duplicate_metric,
        "'line-window / 友だち登録数（時点 2023-10-01）' が重複しています",
        id="duplicate-metric",
    ),
    pytest.param(
        _set("metrics", 0, "value", -5.0),
        "-5 は負の値です",
        id="negative-count",
    ),
    pytest.param(
        _set("metrics", 1, "value", 120.0),
        "120% は100%を超えています",
        id="percent-over-100",
    ),
    pytest.param(
        _set("metrics", 0, "qualifier", "たぶん"),
        "列「qualifier」: 'たぶん' は使えません",
        id="unknown-qualifier",
    ),
    pytest.param(
        _set("metrics", 0, "category", "割合"),
        "割合 の単位は % です",
        id="rate-without-percent",
    ),
    pytest.param(
        _set("survey", 0, "score", 142.3),
        "142.3 は0〜100点の範囲外です",
        id="survey-score-out-of-range",
    ),
    pytest.param(
        _set("events", 0, "kind", "宴会"),
        "列「kind」: '宴会' は使えません",
        id="unknown-event-kind",
    ),
    pytest.param(
        _set("events", 0, "initiative_id", "ghost"),
        "events.parquet の 1行目（g7） 列「initiative_id」: 'ghost' は initiatives にありません",
        id="event-for-unknown-initiative",
    ),
    pytest.param(
        _set("initiatives", 0, "name", None),
        "initiatives.parquet の 1行目 列「name」: 値が空です",
        id="null-in-required-column",
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), BAD_ROWS)
def test_bad_rows_are_named(mutate: Callable[[Rows], None], expected: str):
    rows = tiny_rows()
    mutate(rows)
    with pytest.raises(DataError) as caught:
        validate_tables(tables_from_rows(rows), today=TODAY)
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems


def test_missing_column_is_named():
    tables = tables_from_rows(tiny_rows())
    tables["metrics"] = tables["metrics"].drop_columns(["qualifier"])
    with pytest.raises(DataError) as caught:
        validate_tables(tables, today=TODAY)
    assert caught.value.problems == ["metrics.parquet: 列「qualifier」がありません"]


def test_wrong_type_is_named():
    tables = tables_from_rows(tiny_rows())
    index = tables["metrics"].schema.get_field_index("value")
    as_text = pa.array(["80万"] * tables["metrics"].num_rows)
    tables["metrics"] = tables["metrics"].set_column(index, "value", as_text)
    with pytest.raises(DataError) as caught:
        validate_tables(tables, today=TODAY)
    assert "metrics.parquet: 列「value」の型が string です（期待される型: double）" in (
        caught.value.problems
    )


def test_every_problem_is_listed_at_once():
    rows = tiny_rows()
    rows["metrics"][0]["value"] = -1.0
    rows["initiatives"][0]["field"] = "宇宙"
    rows["events"][0]["kind"] = "宴会"
    with pytest.raises(DataError) as caught:
        validate_tables(tables_from_rows(rows), today=TODAY)
    assert len(caught.value.problems) == 3


def test_extra_columns_are_allowed():
    tables = tables_from_rows(tiny_rows())
    tables["metrics"] = tables["metrics"].append_column(
        "memo", pa.array(["x"] * tables["metrics"].num_rows)
    )
    validate_tables(tables, today=TODAY)


def test_load_dataset_reads_a_good_directory(tmp_path):
    write_tables(tables_from_rows(tiny_rows()), tmp_path)
    dataset = load_dataset(tmp_path, today=TODAY)
    assert list(dataset.initiatives["initiative_id"]) == ["line-window", "g-walk"]
    assert dataset.initiatives.loc[1, "related"] == ("line-window",)
    assert dataset.metrics.loc[0, "value_text"] == "約80万人"
    assert "2024年3月公表" in dataset.source_note


def test_load_dataset_names_a_missing_file(tmp_path):
    write_tables(tables_from_rows(tiny_rows()), tmp_path)
    (tmp_path / "events.parquet").unlink()
    with pytest.raises(DataError) as caught:
        load_dataset(tmp_path, today=TODAY)
    assert caught.value.problems[0].startswith("events.parquet: ファイルがありません")


@pytest.mark.parametrize(
    "content",
    [pytest.param(b"", id="empty"), pytest.param(b"PAR1garbagePAR1", id="garbage")],
)
def test_load_dataset_names_a_corrupt_file(tmp_path, content: bytes):
    write_tables(tables_from_rows(tiny_rows()), tmp_path)
    (tmp_path / "metrics.parquet").write_bytes(content)
    with pytest.raises(DataError) as caught:
        load_dataset(tmp_path, today=TODAY)
    assert caught.value.problems[0].startswith("metrics.parquet: Parquetファイルとして読めません")


def test_load_dataset_names_a_missing_directory(tmp_path):
    with pytest.raises(DataError, match=r"データフォルダ .* がありません"):
        load_dataset(tmp_path / "nowhere")


def test_data_dir_comes_from_the_environment(tmp_path, monkeypatch):
    write_tables(tables_from_rows(tiny_rows()), tmp_path)
    monkeypatch.setenv("DXDASH_DATA_DIR", str(tmp_path))
    assert load_dataset(today=TODAY).data_dir == tmp_path


def _problems(tables: dict[str, pa.Table]) -> list[str]:
    """Return validate_tables' problems for tables that must be invalid."""
    with pytest.raises(DataError) as caught:
        validate_tables(tables, today=TODAY)
    return caught.value.problems


def _negative_rate(rows: Rows) -> None:
    """Break two rules in one row: a negative value, and 割合 without the % unit."""
    rows["metrics"][0]["category"] = "割合"
    rows["metrics"][0]["value"] = -1.0


def _repeat_first_initiative(rows: Rows) -> None:
    """Append a third initiative repeating the first one's id."""
    rows["initiatives"].append({**rows["initiatives"][0], "report_order": 3})


EXACT_PROBLEMS = [
    pytest.param(
        _duplicate_metric,
        [
            "metrics.parquet の 3行目 列「initiative_id + metric + as_of + municipality_code」: "
            "'line-window / 友だち登録数（時点 2023-10-01）' が重複しています（1行目と同じ）"
        ],
        id="duplicate-metric",
    ),
    pytest.param(
        _set("metrics", 0, "value", float("nan")),
        [
            "metrics.parquet の 1行目（line-window / 友だち登録数） 列「value」: 値が数値ではありません（NaN）"
        ],
        id="nan-value",
    ),
    pytest.param(
        _set("metrics", 0, "value", -5.0),
        [
            "metrics.parquet の 1行目（line-window / 友だち登録数） 列「value」: "
            "-5 は負の値です（件数・金額・割合は0以上）"
        ],
        id="negative-value",
    ),
    pytest.param(
        _set("metrics", 0, "value", -0.0),
        None,
        id="negative-zero-is-fine",
    ),
    pytest.param(
        _set("metrics", 1, "value", 100.5),
        [
            "metrics.parquet の 2行目（dx-program / 達成率） 列「value」: 100.5% は100%を超えています"
        ],
        id="percent-over-100",
    ),
    pytest.param(
        _set("metrics", 0, "value", 120.0),  # not a percentage, so not capped at 100
        None,
        id="count-over-100-is-fine",
    ),
    pytest.param(
        _negative_rate,
        [
            "metrics.parquet の 1行目（line-window / 友だち登録数） 列「value」: "
            "-1 は負の値です（件数・金額・割合は0以上）",
            "metrics.parquet の 1行目（line-window / 友だち登録数） 列「category」: "
            "割合 の単位は % です（category '割合'・unit '人'）",
        ],
        id="value-then-category-in-one-row",
    ),
    pytest.param(
        _set("metrics", 1, "as_of", date(2019, 12, 31)),
        [
            "metrics.parquet の 2行目 列「as_of」: 日付 2019-12-31 が範囲外です（2020-01-01 から 2026-11-26 まで）"
        ],
        id="as-of-before-2020",
    ),
    pytest.param(
        _set("metrics", 1, "as_of", date(2026, 11, 27)),
        [
            "metrics.parquet の 2行目 列「as_of」: 日付 2026-11-27 が範囲外です（2020-01-01 から 2026-11-26 まで）"
        ],
        id="as-of-tomorrow",
    ),
    pytest.param(
        _set("metrics", 1, "as_of", TODAY),
        None,
        id="as-of-today-is-fine",
    ),
    pytest.param(
        _repeat_first_initiative,
        [
            "initiatives.parquet の 3行目 列「initiative_id」: 'line-window' が重複しています（1行目と同じ）"
        ],
        id="duplicate-initiative-names-first-row",
    ),
    pytest.param(
        _set("events", 0, "program_id", "nowhere"),
        ["events.parquet の 1行目（g7） 列「program_id」: 'nowhere' は programs にありません"],
        id="event-for-unknown-program",
    ),
    pytest.param(
        _set("report", 0, "published", date(2027, 1, 1)),
        [
            "report.parquet の 1行目 列「published」: 日付 2027-01-01 が範囲外です（2020-01-01 から 2026-11-26 まで）"
        ],
        id="report-published-in-future",
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), EXACT_PROBLEMS)
@pytest.mark.parametrize("chunk_rows", [None, 1], ids=["one-chunk", "row-chunks"])
def test_exact_problems(
    mutate: Callable[[Rows], None], expected: list[str] | None, chunk_rows: int | None
):
    """The whole list of sentences, also when every row is its own chunk (as Parquet may give)."""
    rows = tiny_rows()
    mutate(rows)
    tables = _chunked(tables_from_rows(rows), chunk_rows)
    if expected is None:
        validate_tables(tables, today=TODAY)
    else:
        assert _problems(tables) == expected


def _chunked(tables: dict[str, pa.Table], chunk_rows: int | None) -> dict[str, pa.Table]:
    """Split every table into chunks of chunk_rows rows (None: leave them whole)."""
    if chunk_rows is None:
        return tables
    return {
        name: pa.concat_tables(
            [t.slice(start, chunk_rows) for start in range(0, t.num_rows, chunk_rows)] or [t]
        )
        for name, t in tables.items()
    }


BIG = 20_000


def _big_metrics(changes: dict[str, dict[int, Any]]) -> dict[str, pa.Table]:
    """The tiny tables with a valid BIG-row metrics table, cells changed, in 7,000-row chunks."""
    columns: dict[str, list[Any]] = {
        "initiative_id": ["line-window"] * BIG,
        "metric": [f"指標{i}" for i in range(BIG)],
        "value": [float(i % 50) for i in range(BIG)],
        "unit": ["人"] * BIG,
        "qualifier": ["約"] * BIG,
        "value_text": ["約1人"] * BIG,
        "category": ["人数"] * BIG,
        "as_of": [date(2023, 10, 1)] * BIG,
        "as_of_text": [None] * BIG,
        "note": [None] * BIG,
        "source": ["3.(1)"] * BIG,
        "municipality_code": [None] * BIG,
    }
    for column, cells in changes.items():
        for row, value in cells.items():
            columns[column][row] = value
    metrics = pa.table(columns, schema=TABLE_SCHEMAS["metrics"])
    tables = tables_from_rows(tiny_rows())
    tables["metrics"] = pa.concat_tables(
        [metrics.slice(start, 7_000) for start in range(0, BIG, 7_000)]
    )
    return tables


LAST = BIG - 1
LATE_ROWS = [
    pytest.param(
        {"as_of": {LAST - 1: date(2019, 12, 31), LAST: date(2026, 11, 27)}},
        [
            f"metrics.parquet の {BIG - 1}行目 列「as_of」: "
            "日付 2019-12-31 が範囲外です（2020-01-01 から 2026-11-26 まで）",
            f"metrics.parquet の {BIG}行目 列「as_of」: "
            "日付 2026-11-27 が範囲外です（2020-01-01 から 2026-11-26 まで）",
        ],
        id="dates",
    ),
    pytest.param(
        {"value": {LAST - 1: -2.5, LAST: float("nan")}},
        [
            f"metrics.parquet の {BIG - 1}行目（line-window / 指標{LAST - 1}） 列「value」: "
            "-2.5 は負の値です（件数・金額・割合は0以上）",
            f"metrics.parquet の {BIG}行目（line-window / 指標{LAST}） 列「value」: "
            "値が数値ではありません（NaN）",
        ],
        id="negative-and-nan",
    ),
    pytest.param(
        {"value": {LAST: 250.0}, "unit": {LAST: "%"}, "category": {LAST: "割合"}},
        [
            f"metrics.parquet の {BIG}行目（line-window / 指標{LAST}） 列「value」: 250% は100%を超えています"
        ],
        id="percent-over-100",
    ),
    pytest.param(
        {"metric": {LAST: "指標5"}},
        [
            f"metrics.parquet の {BIG}行目 列「initiative_id + metric + as_of + municipality_code」: "
            "'line-window / 指標5（時点 2023-10-01）' が重複しています（6行目と同じ）"
        ],
        id="duplicate",
    ),
    pytest.param(
        {"initiative_id": {LAST: "ghost"}},
        [
            f"metrics.parquet の {BIG}行目（ghost） 列「initiative_id」: 'ghost' は initiatives / programs にありません"
        ],
        id="unknown-owner",
    ),
    pytest.param(
        {"qualifier": {LAST: "たぶん"}},
        [
            f"metrics.parquet の {BIG}行目（line-window） 列「qualifier」: "
            "'たぶん' は使えません（使える値: 約、超、以上、程度、見込）"
        ],
        id="unknown-qualifier",
    ),
]


def test_big_metrics_table_is_valid():
    validate_tables(_big_metrics({}), today=TODAY)


@pytest.mark.parametrize(("changes", "expected"), LATE_ROWS)
def test_bad_rows_at_the_end_of_a_big_table(
    changes: dict[str, dict[int, Any]], expected: list[str]
):
    assert _problems(_big_metrics(changes)) == expected


def _last_rows(value: Any, count: int = 25) -> dict[int, Any]:
    """The same value in the table's last count rows."""
    return dict.fromkeys(range(BIG - count, BIG), value)


CAPPED = [
    pytest.param(
        "metric",
        "指標0",
        "'line-window / 指標0（時点 2023-10-01）' が重複しています（1行目と同じ）",
        id="dup",
    ),
    pytest.param(
        "initiative_id", "ghost", "'ghost' は initiatives / programs にありません", id="link"
    ),
    pytest.param("qualifier", "たぶん", "'たぶん' は使えません", id="vocab"),
    pytest.param("as_of", date(2030, 1, 1), "日付 2030-01-01 が範囲外です", id="date"),
]


@pytest.mark.parametrize(("column", "value", "expected"), CAPPED)
def test_each_check_names_at_most_a_few_rows(column: str, value: Any, expected: str):
    problems = _problems(_big_metrics({column: _last_rows(value)}))
    assert len(problems) == MAX_ROWS_PER_CHECK
    assert all(expected in problem for problem in problems)
    assert [p.split("行目")[0] for p in problems] == [
        f"metrics.parquet の {row}" for row in range(BIG - 24, BIG - 24 + MAX_ROWS_PER_CHECK)
    ]


def test_value_rules_name_the_first_rows_and_count_the_rest():
    """Value and category sentences name the first rows, then one sentence counts the others."""
    problems = _problems(_big_metrics({"value": _last_rows(-1.0)}))
    assert len(problems) == MAX_ROWS_PER_CHECK + 1
    assert problems[0].startswith(f"metrics.parquet の {BIG - 24}行目")
    assert problems[-1] == (
        f"metrics.parquet: ほかに {25 - MAX_ROWS_PER_CHECK} 行の値（value・category）に"
        f"同じ種類の問題があります（最初の{MAX_ROWS_PER_CHECK}行だけを挙げました）"
    )


# --- figures over time (as_of, municipality_code) --------------------------------------------


def _newer_line_value(rows: Rows, **changes: Any) -> None:
    """Append a newer value of LINE 友だち登録数 (約85万人, 2024年3月末), with cells changed."""
    newer = {
        **rows["metrics"][0],
        "value": 850000.0,
        "value_text": "約85万人",
        "as_of": date(2024, 3, 31),
        "as_of_text": "2024年3月末",
    }
    rows["metrics"].append({**newer, **changes})


def test_a_newer_value_of_a_figure_is_valid():
    rows = tiny_rows()
    _newer_line_value(rows)
    validate_tables(tables_from_rows(rows), today=TODAY)


def test_values_per_municipality_are_valid():
    rows = tiny_rows()
    _newer_line_value(rows, municipality_code="102016", as_of=date(2023, 10, 1))
    _newer_line_value(rows, municipality_code="102024", as_of=date(2023, 10, 1))
    validate_tables(tables_from_rows(rows), today=TODAY)


SERIES_PROBLEMS = [
    pytest.param(
        {"as_of": date(2023, 10, 1)},
        [
            "metrics.parquet の 3行目 列「initiative_id + metric + as_of + municipality_code」: "
            "'line-window / 友だち登録数（時点 2023-10-01）' が重複しています（1行目と同じ）"
        ],
        id="same-as-of-twice",
    ),
    pytest.param(
        {"as_of": None},
        [
            "metrics.parquet の 3行目（line-window / 友だち登録数） 列「as_of」: "
            "同じ数値に値が複数あるので、時点が必要です（どれが最新か決められません）"
        ],
        id="second-value-without-as-of",
    ),
    pytest.param(
        {"municipality_code": "102017"},
        [
            "metrics.parquet の 3行目（line-window / 友だち登録数（市町村コード 102017）） "
            "列「municipality_code」: '102017' は群馬県・県内35市町村の全国地方公共団体コード"
            "（6桁、検査数字付き。例: 群馬県 100005、前橋市 102016）ではありません"
        ],
        id="wrong-check-digit",
    ),
    pytest.param(
        {"municipality_code": "10201"},
        [
            "metrics.parquet の 3行目（line-window / 友だち登録数（市町村コード 10201）） "
            "列「municipality_code」: '10201' は群馬県・県内35市町村の全国地方公共団体コード"
            "（6桁、検査数字付き。例: 群馬県 100005、前橋市 102016）ではありません"
        ],
        id="five-digits",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), SERIES_PROBLEMS)
def test_series_problems_are_named(changes: dict[str, Any], expected: list[str]):
    rows = tiny_rows()
    _newer_line_value(rows, **changes)
    with pytest.raises(DataError) as caught:
        validate_tables(tables_from_rows(rows), today=TODAY)
    assert caught.value.problems == expected


def test_an_undated_single_value_is_still_valid():
    rows = tiny_rows()
    rows["metrics"][0]["as_of"] = None
    validate_tables(tables_from_rows(rows), today=TODAY)
