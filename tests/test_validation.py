"""Validation: the tiny dataset passes, and each kind of bad data is named in Japanese."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pyarrow as pa
import pytest

from dxdash.data import load_dataset
from dxdash.validation import DataError, validate_tables
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
        "'line-window / 友だち登録数' が重複しています",
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
