"""Excel/CSV export and import: identity, numbers and dates as people type them, every bad input."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from dxdash.data.build import write_parquet
from dxdash.data.dataset import DEFAULT_DATA_DIR, load_dataset, read_tables
from dxdash.data.schema import TABLE_NAMES, parquet_file_name
from dxdash.data.vocabulary import EVENT_KINDS, FIELDS, METRIC_CATEGORIES, QUALIFIERS
from dxdash.data.workbook import (
    EXPLANATION_SHEET,
    MAX_IMPORT_BYTES,
    SHEET_BY_TABLE,
    SHEETS,
    ImportProblems,
    export_workbook,
    format_changes,
    preview_changes,
    read_import,
)

TODAY = date(2026, 11, 26)
LINE = ("line-digital-window", "友だち登録数")  # 約80万人, 2023年10月
LINE_KEY = (*LINE, date(2023, 10, 1), None)  # its value's key: (施策ID, 指標, 時点, 市町村コード)
CURRENT = read_tables(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def exported() -> bytes:
    """The repository's data exported once per module."""
    buffer = io.BytesIO()
    export_workbook(CURRENT, buffer)
    return buffer.getvalue()


@pytest.fixture
def book(tmp_path, exported) -> Path:
    """A fresh copy of the export, to edit."""
    path = tmp_path / "dxdash.xlsx"
    path.write_bytes(exported)
    return path


def _headers(ws: Any) -> dict[str, int]:
    return {cell.value: cell.column for cell in ws[1] if cell.value is not None}


def _find_row(ws: Any, key: dict[str, Any]) -> int:
    headers = _headers(ws)
    for row in range(2, ws.max_row + 1):
        if all(ws.cell(row, headers[h]).value == v for h, v in key.items()):
            return row
    raise AssertionError(f"no row {key}")


def _edit(
    path: Path,
    sheet: str,
    key: dict[str, Any],
    changes: dict[str, Any],
    *,
    formats: dict[str, str] | None = None,
) -> int:
    """Change cells of one row (found by key) and save; return the row number."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    row = _find_row(ws, key)
    headers = _headers(ws)
    for header, value in changes.items():
        cell = ws.cell(row, headers[header])
        cell.value = value
        default = "yyyy-mm-dd" if isinstance(value, datetime) else "General"
        cell.number_format = (formats or {}).get(header, default)
    wb.save(path)
    return row


def _metric_key(owner: str = LINE[0], metric: str = LINE[1]) -> dict[str, str]:
    return {"施策ID": owner, "指標": metric}


def _metric(tables: dict, owner: str = LINE[0], metric: str = LINE[1]) -> dict[str, Any]:
    rows = tables["metrics"].to_pylist()
    return next(r for r in rows if (r["initiative_id"], r["metric"]) == (owner, metric))


def _problems(path: Path | bytes, **kwargs: Any) -> list[str]:
    with pytest.raises(ImportProblems) as caught:
        read_import(path, today=TODAY, current=CURRENT, **kwargs)
    return caught.value.problems


# ---------------------------------------------------------------------------
# export and identity
# ---------------------------------------------------------------------------


def _parquet_bytes(tables: dict, directory: Path) -> dict[str, bytes]:
    for name, table in tables.items():
        write_parquet(table, directory / parquet_file_name(name))
    return {n: (directory / parquet_file_name(n)).read_bytes() for n in TABLE_NAMES}


@pytest.mark.parametrize("source", ["tables", "dataset"])
def test_export_then_import_gives_identical_parquet(tmp_path, source):
    path = tmp_path / "out.xlsx"
    export_workbook(CURRENT if source == "tables" else load_dataset(DEFAULT_DATA_DIR), path)
    tables = read_import(path, today=TODAY)
    (tmp_path / "pq").mkdir()
    original = {n: (DEFAULT_DATA_DIR / parquet_file_name(n)).read_bytes() for n in TABLE_NAMES}
    assert _parquet_bytes(tables, tmp_path / "pq") == original


def test_export_has_a_sheet_per_table_and_an_explanation(book):
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == [*(s.title for s in SHEETS), EXPLANATION_SHEET]
    assert [c.value for c in wb["数値"][1]] == [
        "施策ID",
        "指標",
        "数値（表記）",
        "値",
        "単位",
        "修飾語",
        "分類",
        "時点",
        "時点（表記）",
        "注記",
        "出典",
        "市町村コード",
    ]
    explanation = "\n".join(
        str(c.value) for row in wb[EXPLANATION_SHEET].iter_rows() for c in row if c.value
    )
    for sheet in SHEETS:
        for column in sheet.columns:
            assert column.header in explanation
    for word in (*FIELDS, *QUALIFIERS, *METRIC_CATEGORIES, *EVENT_KINDS):
        assert word in explanation


def test_list_columns_are_one_item_per_line(book):
    ws = openpyxl.load_workbook(book)["施策"]
    row = _find_row(ws, {"施策ID": "line-digital-window"})
    cell = ws.cell(row, _headers(ws)["関連施策ID"]).value
    assert cell.split("\n") == [
        "digital-evacuation-drill",
        "vaccine-reservation",
        "vaccine-passport",
        "gunmaas",
    ]


def test_export_to_a_file_object(tmp_path):
    buffer = io.BytesIO()
    export_workbook(CURRENT, buffer)
    tables = read_import(buffer.getvalue(), name="upload.xlsx", today=TODAY)
    assert all(tables[n].equals(CURRENT[n]) for n in TABLE_NAMES)


def test_script_text_round_trips_unchanged_as_data(book):
    text = "<script>alert('x')</script> & <b>太字</b>"
    _edit(book, "施策", {"施策ID": "g-walk"}, {"コメント": f"{text}\n二つ目", "略称": text})
    tables = read_import(book, today=TODAY)
    walk = next(r for r in tables["initiatives"].to_pylist() if r["initiative_id"] == "g-walk")
    assert walk["comments"] == [text, "二つ目"]
    assert walk["short_name"] == text


# ---------------------------------------------------------------------------
# numbers and dates as people type them
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "printed", "unit", "qualifier", "expected"),
    [
        pytest.param(850000, "約85万人", "人", "約", (850000, "人", "約"), id="number-cell"),
        pytest.param("850000", "約85万人", "人", "約", (850000, "人", "約"), id="digits"),
        pytest.param("850,000", "約85万人", "人", "約", (850000, "人", "約"), id="commas"),
        pytest.param(
            "８５０，０００", "約85万人", "人", "約", (850000, "人", "約"), id="full-width"
        ),
        pytest.param("85万", "約85万人", "人", "約", (850000, "人", "約"), id="man"),
        pytest.param(
            "約85万", "約85万人", "人", None, (850000, "人", "約"), id="qualifier-in-cell"
        ),
        pytest.param("約85万人", "約85万人", None, None, (850000, "人", "約"), id="unit-in-cell"),
        pytest.param("3億5,000万", "3億5,000万人", "人", None, (3.5e8, "人", None), id="oku"),
        pytest.param("6,000超", "6,000人超", "人", None, (6000, "人", "超"), id="cho"),
        pytest.param(None, "約85万人", None, None, (850000, "人", "約"), id="empty-reads-printed"),
    ],
)
def test_numbers_as_people_type_them(book, cell, printed, unit, qualifier, expected):
    changes = {"値": cell, "数値（表記）": printed, "単位": unit, "修飾語": qualifier}
    _edit(book, "数値", _metric_key(), changes)
    row = _metric(read_import(book, today=TODAY))
    assert (row["value"], row["unit"], row["qualifier"]) == expected
    assert row["value_text"] == printed


def test_excel_percent_cell_is_read_as_shown(book):
    key = _metric_key("dx-acceleration-program", "達成率")
    _edit(book, "数値", key, {"値": 0.9, "数値（表記）": "90%"}, formats={"値": "0%"})
    row = _metric(read_import(book, today=TODAY), "dx-acceleration-program", "達成率")
    assert (row["value"], row["unit"], row["qualifier"]) == (90.0, "%", "見込")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("2023年10月", date(2023, 10, 1), id="nen-gatsu"),
        pytest.param("2023/10", date(2023, 10, 1), id="slash"),
        pytest.param("2023-10-01", date(2023, 10, 1), id="iso"),
        pytest.param("2023/10/15", date(2023, 10, 15), id="slash-day"),
        pytest.param("令和5年10月", date(2023, 10, 1), id="reiwa"),
        pytest.param("R5.10", date(2023, 10, 1), id="r-letter"),
        pytest.param("２０２３年１０月", date(2023, 10, 1), id="full-width"),
        pytest.param("2023年12月末", date(2023, 12, 31), id="month-end"),
        pytest.param(datetime(2023, 10, 1), date(2023, 10, 1), id="excel-date-cell"),
    ],
)
def test_dates_as_people_type_them(book, cell, expected):
    _edit(book, "数値", _metric_key(), {"時点": cell})
    assert _metric(read_import(book, today=TODAY))["as_of"] == expected


@pytest.mark.parametrize("cell", [2021, "2021", "2021年度", "令和3年度", "R3年度", "FY2021"])
def test_fiscal_years_as_people_type_them(book, cell):
    _edit(book, "施策", {"施策ID": "g-walk"}, {"年度": cell})
    rows = read_import(book, today=TODAY)["initiatives"].to_pylist()
    assert next(r for r in rows if r["initiative_id"] == "g-walk")["fiscal_year"] == 2021


def test_printed_start_fills_empty_date_and_year(book):
    _edit(book, "施策", {"施策ID": "g-walk"}, {"開始": None, "年度": None})
    rows = read_import(book, today=TODAY)["initiatives"].to_pylist()
    walk = next(r for r in rows if r["initiative_id"] == "g-walk")
    assert (walk["started"], walk["fiscal_year"]) == (date(2021, 6, 1), 2021)


# ---------------------------------------------------------------------------
# bad input: every problem named, nothing accepted
# ---------------------------------------------------------------------------


def _set(sheet: str, key: dict[str, Any], changes: dict[str, Any]) -> Callable[[Path], None]:
    return lambda path: _edit(path, sheet, key, changes)


def _workbook(change: Callable[[Any], None]) -> Callable[[Path], None]:
    def apply(path: Path) -> None:
        wb = openpyxl.load_workbook(path)
        change(wb)
        wb.save(path)

    return apply


def _delete_column(sheet: str, header: str) -> Callable[[Path], None]:
    return _workbook(lambda wb: wb[sheet].delete_cols(_headers(wb[sheet])[header]))


def _add_column(sheet: str, header: str) -> Callable[[Path], None]:
    def change(wb: Any) -> None:
        ws = wb[sheet]
        ws.cell(1, ws.max_column + 1).value = header

    return _workbook(change)


def _formula(wb: Any) -> None:
    ws = wb["数値"]
    ws.cell(_find_row(ws, _metric_key()), _headers(ws)["値"]).value = "=800000*1"


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


LINE_ROW = "シート「数値」の 19行目"  # line-digital-window / 友だち登録数 in the export

BAD_WORKBOOKS = [
    pytest.param(_truncate, "を Excel ブック（.xlsx）として読めません", id="truncated-xlsx"),
    pytest.param(
        lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 100),
        "壊れているか途中までしか保存されていません",
        id="corrupt-zip",
    ),
    pytest.param(
        _workbook(lambda wb: wb.remove(wb["数値"])),
        "ファイル「dxdash.xlsx」にシート「数値」がありません",
        id="missing-sheet",
    ),
    pytest.param(
        _workbook(lambda wb: wb.create_sheet("Sheet1")),
        "シート「Sheet1」は取り込めません",
        id="unknown-sheet",
    ),
    pytest.param(
        _delete_column("数値", "単位"),
        "シート「数値」: 列「単位」がありません",
        id="missing-column",
    ),
    pytest.param(
        _add_column("数値", "メモ"),
        "シート「数値」の 1行目 M列: 見出し「メモ」は使えません",
        id="extra-column",
    ),
    pytest.param(
        _set("施策", {"施策ID": "g-walk"}, {"施策ID": "netsugen"}),
        "シート「施策」の 30行目 列「施策ID」（A30）: 'netsugen' が重複しています（2行目と同じ）",
        id="duplicate-id",
    ),
    pytest.param(
        _set("施策", {"施策ID": "g-walk"}, {"分野": "宇宙"}),
        "シート「施策」の 30行目（g-walk） 列「分野」（E30）: '宇宙' は使えません（使える値: 行政、",
        id="unknown-field",
    ),
    pytest.param(
        _set("数値", _metric_key(), {"施策ID": "ghost"}),
        f"{LINE_ROW}（ghost） 列「施策ID」（A19）: 'ghost' は 「施策」 / 「プログラム」 にありません",
        id="metric-for-unknown-initiative",
    ),
    pytest.param(
        _set("数値", _metric_key(), {"値": -5, "数値（表記）": "-5人", "修飾語": None}),
        f"{LINE_ROW}（line-digital-window / 友だち登録数） 列「値」（D19）: -5 は負の値です",
        id="negative-count",
    ),
    pytest.param(
        _set(
            "数値",
            _metric_key("dx-acceleration-program", "達成率"),
            {"値": 120, "数値（表記）": "120%"},
        ),
        "シート「数値」の 32行目（dx-acceleration-program / 達成率） 列「値」（D32）: 120% は100%を超えています",
        id="percent-over-100",
    ),
    pytest.param(
        _set("数値", _metric_key(), {"時点": "2019年10月"}),
        f"{LINE_ROW} 列「時点」（H19）: 日付 2019-10-01 が範囲外です（2020-01-01 から 2026-11-26 まで）",
        id="date-before-2020",
    ),
    pytest.param(
        _set("数値", _metric_key(), {"時点": "2027年1月"}),
        f"{LINE_ROW} 列「時点」（H19）: 日付 2027-01-01 が範囲外です",
        id="date-in-future",
    ),
    pytest.param(
        _workbook(_formula),
        f"{LINE_ROW} 列「値」（D19）: 数式 '=800000*1' は取り込めません",
        id="formula-cell",
    ),
    pytest.param(
        _set("数値", _metric_key(), {"値": "約八十万"}),
        f"{LINE_ROW} 列「値」（D19）: '約八十万' は数値として読めません（例: 12300、",
        id="unreadable-number",
    ),
    pytest.param(
        _set("数値", _metric_key(), {"値": "約80万", "修飾語": "超"}),
        f"{LINE_ROW} 列「修飾語」（F19）: '超' は 値 '約80万' の修飾語「約」と食い違います",
        id="qualifier-contradicts-cell",
    ),
    pytest.param(
        _set("数値", _metric_key(), {"値": 850000}),
        f"{LINE_ROW} 列「数値（表記）」（C19）: '約80万人' は 値 850,000 と合いません",
        id="value-contradicts-printed-text",
    ),
    pytest.param(
        _set("数値", _metric_key(), {"時点": "来年"}),
        f"{LINE_ROW} 列「時点」（H19）: '来年' は日付として読めません（例: 2023-10-01",
        id="unreadable-date",
    ),
    pytest.param(
        _set("数値", _metric_key(), {"時点": 2023.1}),
        f"{LINE_ROW} 列「時点」（H19）: 数値 '2023.1' は日付として読めません",
        id="number-in-date-column",
    ),
    pytest.param(
        _set("施策", {"施策ID": "g-walk"}, {"年度": "去年"}),
        "シート「施策」の 30行目 列「年度」（J30）: '去年' は年度として読めません",
        id="unreadable-fiscal-year",
    ),
    pytest.param(
        _set("施策", {"施策ID": "g-walk"}, {"年度": 2022}),
        "列「年度」（J30）: 2022年度 は 開始（報告書の表記） '2021.6~' の年度（2021年度）と合いません",
        id="year-contradicts-printed-start",
    ),
    pytest.param(
        _set("施策", {"施策ID": "g-walk"}, {"施策名": None}),
        "シート「施策」の 30行目 列「施策名」（C30）: 空欄です（必須の列です",
        id="empty-required-cell",
    ),
    pytest.param(
        _set("施策", {"施策ID": "g-walk"}, {"開始（報告書の表記）": 2021.1}),
        "列「開始（報告書の表記）」（H30）: 数値のセル '2021.1' です",
        id="number-in-printed-text-column",
    ),
]


@pytest.mark.parametrize(("break_it", "expected"), BAD_WORKBOOKS)
def test_bad_workbooks_are_refused_with_a_named_problem(book, break_it, expected):
    break_it(book)
    problems = _problems(book)
    assert any(expected in p for p in problems), problems


def test_every_problem_is_listed_at_once(book):
    _edit(book, "数値", _metric_key(), {"値": "約八十万", "時点": "2019年1月"})
    _edit(book, "施策", {"施策ID": "g-walk"}, {"分野": "宇宙", "施策名": None})
    _edit(book, "出来事", {"出来事ID": "xr-kaigi-award"}, {"種類": "宴会"})
    problems = _problems(book)
    for expected in ("'約八十万'", "2019-01-01", "'宇宙'", "列「施策名」", "'宴会'"):
        assert any(expected in p for p in problems), (expected, problems)


def test_row_numbers_are_those_excel_shows_even_after_blank_rows(book):
    wb = openpyxl.load_workbook(book)
    wb["数値"].insert_rows(3, amount=2)  # two empty rows above the line-digital-window row
    wb.save(book)
    _edit(book, "数値", _metric_key(), {"値": "x"})
    assert any(p.startswith("シート「数値」の 21行目 列「値」（D21）") for p in _problems(book))


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "huge.xlsx"
    path.write_bytes(b"\0" * (MAX_IMPORT_BYTES + 1))
    assert "上限 10MB を超えています" in _problems(path)[0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("old.xls", "古い Excel 形式（.xls）"), ("data.json", "取り込めない種類")],
)
def test_unsupported_file_types_are_named(tmp_path, name, expected):
    path = tmp_path / name
    path.write_bytes(b"whatever")
    assert expected in _problems(path)[0]


def test_import_writes_nothing(book, tmp_path):
    before = sorted(p.name for p in tmp_path.iterdir())
    read_import(book, today=TODAY)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------


def _metrics_csv(book: Path, encoding: str, delimiter: str = ",") -> bytes:
    """The 数値 sheet as Excel would save it as CSV.

    Shift_JIS has no em dash (—): Windows writes its nearest character, the horizontal bar (―).
    """
    ws = openpyxl.load_workbook(book)["数値"]
    out = io.StringIO()
    import csv

    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in ws.iter_rows(values_only=True):
        writer.writerow(
            [
                "" if v is None else v.date().isoformat() if isinstance(v, datetime) else v
                for v in row
            ]
        )
    text = out.getvalue()
    return (text.replace("—", "―") if encoding == "cp932" else text).encode(encoding)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        pytest.param("utf-8", ",", id="utf-8"),
        pytest.param("utf-8-sig", ",", id="utf-8-bom"),
        pytest.param("cp932", ",", id="shift-jis-cp932"),
        pytest.param("utf-16", "\t", id="utf-16-tab"),
    ],
)
def test_csv_encodings(book, tmp_path, encoding, delimiter):
    _edit(book, "数値", _metric_key(), {"値": "約８５万", "数値（表記）": "約85万人"})
    path = tmp_path / "数値.csv"
    path.write_bytes(_metrics_csv(book, encoding, delimiter))
    tables = read_import(path, today=TODAY, current=CURRENT)
    assert _metric(tables)["value"] == 850000
    changed = {c[:2] for c in preview_changes(CURRENT, tables)["metrics"]["changed"]}
    if encoding == "cp932":  # the preview shows what Shift_JIS could not keep
        assert {column for _, column in changed} == {"value", "value_text", "source"}
    else:
        assert changed == {(LINE_KEY, "value"), (LINE_KEY, "value_text")}
    assert all(tables[n].equals(CURRENT[n]) for n in TABLE_NAMES if n != "metrics")


def test_a_file_made_before_the_municipality_column_still_imports(book, tmp_path):
    """市町村コード came later: a 数値 CSV without that header reads as prefecture-wide figures."""
    import csv

    rows = list(csv.reader(io.StringIO(_metrics_csv(book, "utf-8").decode("utf-8"))))
    drop = rows[0].index("市町村コード")
    path = tmp_path / "metrics.csv"
    path.write_text(
        "\n".join(",".join(f'"{c}"' for i, c in enumerate(r) if i != drop) for r in rows),
        encoding="utf-8",
    )
    tables = read_import(path, today=TODAY, current=CURRENT)
    assert tables["metrics"].equals(CURRENT["metrics"])


def test_csv_is_identified_by_its_headers_in_any_order(tmp_path):
    path = tmp_path / "anything.csv"
    rows = CURRENT["survey"].to_pylist()
    lines = ["出典,点数,年度,設問,単位,集計方法"] + [
        f"{r['source']},{r['score']},{r['fiscal_year']}年度,{r['item']},{r['unit']},{r['method']}"
        for r in rows
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    tables = read_import(path, today=TODAY, current=CURRENT)
    assert tables["survey"].equals(CURRENT["survey"])


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param("こんにちは\n世界\n".encode(), "どの表のCSVか分かりません", id="not-a-table"),
        pytest.param(b"", "は空です", id="empty"),
        pytest.param(bytes(range(256)) * 4, "文字コードを読めません", id="binary"),
        pytest.param(b"a,b\x00,c\n", "バイナリファイル", id="nul-bytes"),
        pytest.param(
            "施策ID,指標,数値（表記）,値,単位,修飾語,分類,時点,時点（表記）,注記,出典\n"
            'a,"b"x,c\n'.encode(),
            "2行目付近を CSV として読めません",
            id="broken-quotes",
        ),
    ],
)
def test_bad_csv_is_refused(tmp_path, content, expected):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    problems = _problems(path)
    assert any(expected in p for p in problems), problems


def test_csv_formula_text_is_refused(book, tmp_path):
    path = tmp_path / "metrics.csv"
    text = _metrics_csv(book, "utf-8").decode().replace("約80万人,800000", "約80万人,=800000", 1)
    path.write_text(text, encoding="utf-8")
    problems = _problems(path)
    assert any(
        p.startswith("ファイル「metrics.csv」の 19行目 列「値」（D19）: 数式 '=800000'")
        for p in problems
    ), problems


def test_csv_from_an_xlsx_file_is_named(book, tmp_path):
    path = tmp_path / "renamed.csv"
    shutil.copy(book, path)
    assert "Excel ブックです" in _problems(path)[0]


# ---------------------------------------------------------------------------
# preview and progress
# ---------------------------------------------------------------------------


def test_preview_lists_added_changed_and_removed_by_natural_key(book):
    wb = openpyxl.load_workbook(book)
    ws = wb["数値"]
    ws.delete_rows(_find_row(ws, _metric_key("g-walk", "インストール数")))
    ws.append(["g-walk", "新しい指標", "10件", 10, "件", None, "件数", None, None, None, "3.(1)"])
    wb.save(book)
    _edit(book, "数値", _metric_key(), {"値": None, "数値（表記）": "約85万人"})
    changes = preview_changes(CURRENT, read_import(book, today=TODAY))
    assert changes["metrics"] == {
        "added": [("g-walk", "新しい指標", None, None)],
        "changed": [
            (LINE_KEY, "value", 800000.0, 850000.0),
            (LINE_KEY, "value_text", "約80万人", "約85万人"),
        ],
        "removed": [("g-walk", "インストール数", None, None)],
        "moved": [],
    }
    assert changes["initiatives"] == {"added": [], "changed": [], "removed": []}
    lines = format_changes(changes)
    assert lines[0] == "数値: 追加 1件、変更 1件（2項目）、削除 1件"
    assert (
        "  ~ 変更 line-digital-window / 友だち登録数 / 2023-10-01 列「値」: 800,000 → 850,000"
        in lines
    )


def _add_newer_line_value(book: Path, **cells: Any) -> None:
    """Add LINE 友だち登録数 約85万人 (2024年3月末) as a new row of the 数値 sheet, as staff would."""
    wb = openpyxl.load_workbook(book)
    ws = wb["数値"]
    headers = [c.value for c in ws[1]]
    row = {
        "施策ID": LINE[0],
        "指標": LINE[1],
        "数値（表記）": "約85万人",
        "分類": "人数",
        "時点": "2024年3月末",
        "時点（表記）": "2024年3月末",
        "出典": "県公式LINE（2024年3月末）",
        **cells,
    }
    ws.append([row.get(h) for h in headers])
    wb.save(book)


def test_a_newer_value_is_previewed_as_added_with_old_and_new(book):
    _add_newer_line_value(book)
    tables = read_import(book, today=TODAY)
    changes = preview_changes(CURRENT, tables)
    newer = (*LINE, date(2024, 3, 31), None)
    assert changes["metrics"] == {
        "added": [newer],
        "changed": [],
        "removed": [],
        "moved": [(newer, ("約80万人", "約85万人"))],
    }
    assert (
        "  + 追加 line-digital-window / 友だち登録数 / 2024-03-31（友だち登録数：約80万人 → 約85万人）"
        in format_changes(changes)
    )
    assert tables["metrics"].num_rows == CURRENT["metrics"].num_rows + 1


def test_a_newer_value_at_the_same_as_of_is_a_named_duplicate(book):
    _add_newer_line_value(book, **{"時点": "2023年10月"})
    problems = _problems(book)
    assert any(
        "時点 + 市町村コード」: 'line-digital-window / 友だち登録数（時点 2023-10-01）' が重複しています"
        in p
        for p in problems
    ), problems


def test_a_newer_value_without_as_of_is_named(book):
    _add_newer_line_value(book, **{"時点": None, "時点（表記）": None})
    problems = _problems(book)
    assert any("列「時点」" in p and "時点が必要です" in p for p in problems), problems


def test_a_municipality_code_is_checked(book):
    _add_newer_line_value(book, **{"市町村コード": "102017"})
    problems = _problems(book)
    assert any("列「市町村コード」" in p and "'102017'" in p for p in problems), problems


def test_progress_is_reported(book):
    seen: list[tuple[float, str]] = []
    read_import(book, today=TODAY, progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert any("シート「数値」" in m for _, m in seen)


def test_sheet_titles_match_tables():
    assert sorted(SHEET_BY_TABLE) == sorted(TABLE_NAMES)
