"""Hostile and damaged workbooks: refused in Japanese, naming sheet and cell, fast and small."""

from __future__ import annotations

import io
import json
import os
import re
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest

from dxdash.data.dataset import DEFAULT_DATA_DIR, REPO_ROOT, read_tables
from dxdash.data.workbook import (
    MAX_IMPORT_BYTES,
    ImportProblems,
    export_workbook,
    read_import,
)
from dxdash.data.workbook_guard import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_PROBLEMS,
    MAX_ROWS,
    ProblemList,
    column_letter,
)

TODAY = date(2026, 11, 26)
CURRENT = read_tables(DEFAULT_DATA_DIR)
METRICS_PART = "xl/worksheets/sheet2.xml"  # openpyxl writes the sheets in order: 施策, 数値, …
LINE_VALUE = '<c r="D19" s="3" t="n"><v>800000</v></c>'  # 友だち登録数 約80万人 in the export
SRC = os.pathsep.join(filter(None, [str(REPO_ROOT / "src"), os.environ.get("PYTHONPATH")]))


@pytest.fixture(scope="module")
def exported() -> bytes:
    buffer = io.BytesIO()
    export_workbook(CURRENT, buffer)
    data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert LINE_VALUE in archive.read(METRICS_PART).decode()
    return data


def _rewrite(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one zip member's bytes changed (everything else copied)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def _replace(old: str, new: str) -> Callable[[bytes], bytes]:
    def change(content: bytes) -> bytes:
        assert old.encode() in content
        return content.replace(old.encode(), new.encode(), 1)

    return change


def _problems(data: bytes, name: str = "damaged.xlsx") -> list[str]:
    with pytest.raises(ImportProblems) as caught:
        read_import(data, name=name, today=TODAY, current=CURRENT)
    return caught.value.problems


# ---------------------------------------------------------------------------
# item 6: damaged XML inside a valid zip
# ---------------------------------------------------------------------------

DAMAGED = [
    pytest.param(
        METRICS_PART,
        lambda content: content[: len(content) // 2],
        r"^シート「数値」（セル [A-Z]+\d+ の付近）の XML が壊れています: 途中で切れています",
        id="sheet-cut-in-half",
    ),
    pytest.param(
        METRICS_PART,
        _replace(LINE_VALUE, '<c r="D19" s="3" t="n"><v>8&#0;</v></c>'),
        r"^シート「数値」（セル D19 の付近）の XML が壊れています: 使えない文字の参照（&#0; など）",
        id="nul-character-reference",
    ),
    pytest.param(
        METRICS_PART,
        _replace(LINE_VALUE, '<c r="D19" s="3" t="n"><v>NaN</v></c>'),
        r"^シート「数値」のセル D19: 数値のセルの値 'NaN' を数値として読めません",
        id="nan-number",
    ),
    pytest.param(
        METRICS_PART,
        _replace(LINE_VALUE, '<c r="D19" s="3" t="n"><v>inf</v></c>'),
        r"^シート「数値」のセル D19: 数値のセルの値 'inf' を数値として読めません",
        id="inf-number",
    ),
    pytest.param(
        METRICS_PART,
        _replace(LINE_VALUE, '<c r="D19" s="3"><v>1e999</v></c>'),
        r"^シート「数値」のセル D19: 数値のセルの値 '1e999'",
        id="overflowing-number",
    ),
    pytest.param(
        METRICS_PART,
        _replace(LINE_VALUE, '<c r="D19" s="3" t="b"><v>yes</v></c>'),
        r"^シート「数値」のセル D19: 論理値のセルの値 'yes' を読めません",
        id="bad-boolean",
    ),
    pytest.param(
        METRICS_PART,
        _replace(LINE_VALUE, '<c r="D19" s="3" t="s"><v>7</v></c>'),
        r"^シート「数値」のセル D19: 文字列の番号 '7' がありません",
        id="shared-string-out-of-range",
    ),
    pytest.param(
        METRICS_PART,
        _replace(LINE_VALUE, '<c r="D19" s="3" t="d"><v>someday</v></c>'),
        r"^シート「数値」のセル D19: 日付のセルの値 'someday' を日付として読めません",
        id="bad-iso-date",
    ),
    pytest.param(
        METRICS_PART,
        _replace(LINE_VALUE, '<c r="D19" s="999"><v>800000</v></c>'),
        r"^シート「数値」のセル D19: 書式の番号 '999' がありません",
        id="unknown-style",
    ),
    pytest.param(
        METRICS_PART,
        _replace(LINE_VALUE, '<c r="19D" s="3"><v>800000</v></c>'),
        r"^シート「数値」: セル番地 '19D' を読めません",
        id="bad-coordinate",
    ),
    pytest.param(
        METRICS_PART,
        lambda content: (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + content.split(b"?>", 1)[-1]
        ),
        r"^シート「数値」: DTD（<!DOCTYPE>）は使えません",
        id="doctype-entities",
    ),
    pytest.param(
        "xl/styles.xml",
        lambda content: content[:100],
        r"^ファイル「damaged.xlsx」の部品 xl/styles.xml の XML が壊れています: 途中で切れています",
        id="styles-cut",
    ),
    pytest.param(
        "xl/worksheets/sheet7.xml",
        lambda content: content[:-50],
        r"^シート「説明」（セル [A-Z]+\d+ の付近）の XML が壊れています|^シート「説明」の XML",
        id="explanation-sheet-cut",
    ),
]


@pytest.mark.parametrize(("part", "damage", "expected"), DAMAGED)
def test_damaged_xml_is_refused_naming_sheet_and_cell(exported, part, damage, expected):
    problems = _problems(_rewrite(exported, part, damage))
    assert any(re.search(expected, p) for p in problems), problems


def test_damaged_xml_is_a_message_from_the_cli_too(exported, tmp_path):
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(_rewrite(exported, METRICS_PART, _replace("<v>800000</v>", "<v>NaN</v>")))
    env = {**os.environ, "DXDASH_DATA_DIR": str(DEFAULT_DATA_DIR), "PYTHONPATH": SRC}
    result = subprocess.run(
        [sys.executable, "-m", "dxdash", "import", str(path), "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "シート「数値」のセル D19: 数値のセルの値 'NaN'" in result.stderr


# ---------------------------------------------------------------------------
# item 7: hostile sizes, shapes and problem counts
# ---------------------------------------------------------------------------


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed_problems(data: bytes, name: str) -> tuple[list[str], float]:
    start = time.perf_counter()
    problems = _problems(data, name)
    return problems, time.perf_counter() - start


def _zip_bomb() -> bytes:
    """A zip whose one member unpacks to 1 GiB of zeros, written in 1 MiB steps (≈1 MB file)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(1024):
                member.write(block)
    return out.getvalue()


def test_zip_bomb_is_refused_quickly_without_unpacking(tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_zip_bomb())
    assert path.stat().st_size < MAX_IMPORT_BYTES
    measured = _measure(path)
    assert len(measured["problems"]) == 1
    assert measured["problems"][0].startswith("ファイル「bomb.xlsx」は展開すると 1,073,741,8")
    assert measured["seconds"] < 10, measured
    assert measured["rss_mb"] < 300, measured
    print(
        f"zip bomb ({path.stat().st_size:,} bytes → 1 GiB): refused in "
        f"{measured['seconds']:.3f}s, peak RSS {measured['rss_mb']:.0f} MB"
    )


def test_tightly_packed_part_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (20 * 1024 * 1024))
    problems = _problems(out.getvalue(), "packed.xlsx")
    assert "倍に圧縮されていて、Excel のブックではありえません" in problems[0], problems


def _stray_cells(
    exported: bytes, rows: int, columns: int, first_column: int = 20, *, varied: bool = True
) -> bytes:
    """The export with stray numbers right of the 数値 table, streamed into the zip."""
    letters = [column_letter(c) for c in range(first_column, first_column + columns)]

    def value(row: int, index: int) -> int:
        return (row * 7919 + index * 104729) % 1000003 if varied else 1

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(exported)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename != METRICS_PART:
                target.writestr(info.filename, content)
                continue
            head, _, rest = content.partition(b"</sheetData>")
            with target.open(METRICS_PART, "w", force_zip64=True) as member:
                member.write(head)
                for row in range(40, 40 + rows):
                    cells = "".join(
                        f'<c r="{letter}{row}"><v>{value(row, i)}</v></c>'
                        for i, letter in enumerate(letters)
                    )
                    member.write(f'<row r="{row}">{cells}</row>'.encode())
                member.write(b"</sheetData>" + rest)
    return out.getvalue()


_MEASURE = """
import json, sys, time
from dxdash.data.workbook import ImportProblems, read_import
start = time.perf_counter()
try:
    read_import(sys.argv[1])
    problems = []
except ImportProblems as exc:
    problems = exc.problems
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so it would count the forking
# pytest process (several hundred MB in a full run) instead of this one.
status = open("/proc/self/status", encoding="ascii").read()
rss = int(status.split("VmHWM:")[1].split()[0]) / 1024
print(json.dumps({"problems": problems, "seconds": seconds, "rss_mb": rss}))
"""


def _measure(path: Path) -> dict:
    """Import a file in a fresh process: its problems, seconds and peak RSS (whole process)."""
    env = {**os.environ, "DXDASH_DATA_DIR": str(DEFAULT_DATA_DIR), "PYTHONPATH": SRC}
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        pytest.param(
            {"rows": MAX_ROWS - 40, "columns": 300, "varied": False},
            f"は表の範囲の外です（{MAX_ROWS + 1:,}行目・{column_letter(MAX_COLUMNS)}列まで）",
            id="3-million-cells-10000-rows-300-columns",
        ),
        pytest.param(
            {"rows": 30_000, "columns": 30},
            f"セルが多すぎます（ブック全体で {MAX_CELLS:,}個まで）",
            id="900000-varied-cells-30-columns",
        ),
    ],
)
def test_six_megabytes_of_stray_cells_are_refused_fast_and_small(
    exported, tmp_path, shape, expected
):
    path = tmp_path / "stray.xlsx"
    path.write_bytes(_stray_cells(exported, **shape))
    assert 5_000_000 < path.stat().st_size < MAX_IMPORT_BYTES
    measured = _measure(path)
    assert any(expected in p for p in measured["problems"]), measured["problems"]
    assert measured["seconds"] < 10, measured
    assert measured["rss_mb"] < 300, measured
    print(
        f"stray cells {shape} ({path.stat().st_size:,} bytes): refused in "
        f"{measured['seconds']:.2f}s, peak RSS {measured['rss_mb']:.0f} MB"
    )


def test_many_stray_cells_within_the_caps_stop_listing_at_the_cap(exported):
    book = _stray_cells(exported, rows=5_000, columns=10)  # 50,000 problems
    problems, seconds = _timed_problems(book, "stray.xlsx")
    assert len(problems) == MAX_PROBLEMS + 1
    more = int(re.match(r"ほか ([\d,]+)件の問題があります", problems[-1])[1].replace(",", ""))
    assert more >= 50_000 - MAX_PROBLEMS  # the stray cells, and the rows' empty required cells
    assert seconds < 30, seconds
    print(f"50,000 stray cells ({len(book):,} bytes): {seconds:.2f}s")


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        pytest.param(f"A{MAX_ROWS + 2}", f"セル A{MAX_ROWS + 2} は表の範囲の外です", id="row"),
        pytest.param(
            f"{column_letter(MAX_COLUMNS + 1)}5",
            f"セル {column_letter(MAX_COLUMNS + 1)}5 は表の範囲の外です",
            id="column",
        ),
        pytest.param("XFD1048576", "セル XFD1048576 は表の範囲の外です", id="last-cell"),
    ],
)
def test_a_cell_outside_the_table_range_is_refused(exported, where, expected):
    row = re.sub(r"\D", "", where)

    def change(content: bytes) -> bytes:
        return content.replace(
            b"</sheetData>",
            f'<row r="{row}"><c r="{where}"><v>1</v></c></row></sheetData>'.encode(),
        )

    problems = _problems(_rewrite(exported, METRICS_PART, change))
    assert any(p.startswith(f"シート「数値」: {expected}") for p in problems), problems


def test_too_many_xml_elements_are_refused(exported):
    def change(content: bytes) -> bytes:
        elements = "".join(f'<x a="{n * 7919 % 100_003}"/>' for n in range(1_100_000))
        return content.replace(b"</sheetData>", b"</sheetData>" + elements.encode())

    problems = _problems(_rewrite(exported, METRICS_PART, change))
    assert any("要素が多すぎます" in p for p in problems), problems


def test_csv_with_too_many_columns_is_refused(tmp_path):
    path = tmp_path / "wide.csv"
    header = "設問,年度,点数,単位,集計方法,出典"
    path.write_text(header + "\n" + ",".join(["x"] * 1_000_000) + "\n", encoding="utf-8")
    with pytest.raises(ImportProblems) as caught:
        read_import(path, today=TODAY, current=CURRENT)
    assert "ファイル「wide.csv」の 2行目: 列が多すぎます（1,000,000列" in caught.value.problems[0]


def test_problem_list_counts_what_it_does_not_keep():
    problems = ProblemList(limit=3)
    problems.extend(f"p{i}" for i in range(10))
    assert problems.listed()[:3] == ["p0", "p1", "p2"]
    assert problems.listed()[3].startswith("ほか 7件の問題があります")
    assert ImportProblems(problems).problems == problems.listed()


def test_a_full_workbook_at_the_row_limit_imports_in_time(exported, tmp_path):
    """The legitimate worst case: every sheet as exported plus 数値 at MAX_ROWS rows."""
    ids = [f"m-{n}" for n in range(MAX_ROWS - 40)]

    def change(content: bytes) -> bytes:
        text = content.decode()
        rows = "".join(
            f'<row r="{40 + n}"><c r="A{40 + n}" t="inlineStr"><is><t>netsugen</t></is></c>'
            f'<c r="B{40 + n}" t="inlineStr"><is><t>{metric}</t></is></c>'
            f'<c r="C{40 + n}" t="inlineStr"><is><t>{n}件</t></is></c>'
            f'<c r="D{40 + n}"><v>{n}</v></c>'
            f'<c r="E{40 + n}" t="inlineStr"><is><t>件</t></is></c>'
            f'<c r="G{40 + n}" t="inlineStr"><is><t>件数</t></is></c>'
            f'<c r="K{40 + n}" t="inlineStr"><is><t>出典</t></is></c></row>'
            for n, metric in enumerate(ids)
        )
        return text.replace("</sheetData>", rows + "</sheetData>").encode()

    book = _rewrite(exported, METRICS_PART, change)
    start = time.perf_counter()
    tables = read_import(book, name="big.xlsx", today=TODAY, current=CURRENT)
    seconds = time.perf_counter() - start
    assert tables["metrics"].num_rows == CURRENT["metrics"].num_rows + len(ids)
    assert seconds < 30, seconds
    print(f"{tables['metrics'].num_rows:,} metric rows imported in {seconds:.2f}s")


# ---------------------------------------------------------------------------
# items 10 and 12: text lengths, invisible and control characters
# ---------------------------------------------------------------------------


def _with_cell(exported: bytes, sheet: str, coordinate: str, value: str) -> bytes:
    """The export with one cell's text replaced (openpyxl writes it as typed)."""
    wb = openpyxl.load_workbook(io.BytesIO(exported))
    wb[sheet][coordinate].value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


SURVEY_ITEM = CURRENT["survey"].column("item")[0].as_py()  # row 2 of アンケート
GWALK = "シート「施策」の 30行目"  # g-walk in the export

BAD_TEXT = [
    pytest.param(
        "施策",
        "C30",
        "あ" * 101,
        f"{GWALK} 列「施策名」（C30）: 101文字あります。上限は 100文字です",
        id="name-over-100",
    ),
    pytest.param(
        "報告書",
        "A2",
        "表" * 201,
        "シート「報告書」の 2行目 列「表題」（A2）: 201文字あります。上限は 200文字です",
        id="report-title-over-200",
    ),
    pytest.param(
        "施策",
        "O30",
        "概" * 1001,
        f"{GWALK} 列「概要」（O30）: 1,001文字あります。上限は 1,000文字です",
        id="prose-over-1000",
    ),
    pytest.param(
        "施策",
        "P30",
        "短いコメント\n" + "長" * 1001,
        f"{GWALK} 列「コメント」（P30）: 2項目め（'長長",
        id="list-item-over-1000",
    ),
    pytest.param(
        "アンケート",
        "A2",
        SURVEY_ITEM + "\u200b",
        "シート「アンケート」の 2行目 列「設問」（A2）: "
        f"'{SURVEY_ITEM}<U+200B>' の {len(SURVEY_ITEM) + 1}文字目に見えない文字 U+200B（ゼロ幅スペース）",
        id="zero-width-space-in-key",
    ),
    pytest.param(
        "施策",
        "A30",
        "g-\u200cwalk",
        "3文字目に見えない文字 U+200C（ゼロ幅非接合子）",
        id="zero-width-non-joiner",
    ),
    pytest.param(
        "施策",
        "C30",
        "G-WALK\u200d+",
        "7文字目に見えない文字 U+200D（ゼロ幅接合子）",
        id="zero-width-joiner",
    ),
    pytest.param(
        "施策",
        "O30",
        "概要\u2060です",
        "3文字目に見えない文字 U+2060（単語結合子）",
        id="word-joiner-in-prose",
    ),
    pytest.param(
        "施策",
        "C30",
        "\ufeffG-WALK+",
        "1文字目に見えない文字 U+FEFF（ゼロ幅ノーブレークスペース（BOM））",
        id="bom-inside-text",
    ),
    pytest.param(
        "施策",
        "C30",
        "G-WALK+\u202e",
        "8文字目に見えない文字 U+202E（書式制御文字）",
        id="bidi-override",
    ),
    pytest.param(
        "施策",
        "C30",
        "G-WALK_x001B_[31m",
        f"{GWALK} 列「施策名」（C30）: 'G-WALK<U+001B>[31m' の 7文字目に制御文字 U+001B",
        id="escaped-escape-character",
    ),
    pytest.param(
        "施策",
        "O30",
        "ベル_x0007_",
        "3文字目に制御文字 U+0007",
        id="escaped-bell-in-prose",
    ),
    pytest.param(
        "数値",
        "D19",
        "80万_x0000_",
        "シート「数値」の 19行目 列「値」（D19）: '80万<U+0000>' の 4文字目に制御文字 U+0000",
        id="escaped-nul-in-number",
    ),
]


@pytest.mark.parametrize(("sheet", "coordinate", "value", "expected"), BAD_TEXT)
def test_long_invisible_and_control_text_is_refused_naming_the_cell(
    exported, sheet, coordinate, value, expected
):
    problems = _problems(_with_cell(exported, sheet, coordinate, value), "dxdash.xlsx")
    assert any(expected in p for p in problems), problems


GOOD_TEXT = [
    pytest.param("施策", "C30", "あ" * 100, "name", "あ" * 100, id="name-at-100"),
    pytest.param("報告書", "A2", "表" * 200, "title", "表" * 200, id="title-at-200"),
    pytest.param("施策", "O30", "概" * 1000, "summary", "概" * 1000, id="prose-at-1000"),
    pytest.param("施策", "C30", "G-WALK＋　歩く", "name", "G-WALK＋　歩く", id="ideographic-space"),
    pytest.param("施策", "O30", "一\n二\tタブ", "summary", "一\n二\tタブ", id="newline-and-tab"),
    pytest.param("施策", "C30", "a_x005F_x0041_b", "name", "a_x0041_b", id="escaped-underscore"),
    pytest.param("施策", "C30", "改_x000D__x000A_行", "name", "改\n行", id="escaped-line-break"),
]


@pytest.mark.parametrize(("sheet", "coordinate", "value", "column", "stored"), GOOD_TEXT)
def test_text_within_the_rules_is_stored(exported, sheet, coordinate, value, column, stored):
    book = _with_cell(exported, sheet, coordinate, value)
    tables = read_import(book, name="dxdash.xlsx", today=TODAY, current=CURRENT)
    table = "report" if sheet == "報告書" else "initiatives"
    rows = tables[table].to_pylist()
    row = rows[0] if table == "report" else next(r for r in rows if r["initiative_id"] == "g-walk")
    assert row[column] == stored


def test_literal_ooxml_escape_text_round_trips(tmp_path):
    tables = dict(CURRENT)
    rows = tables["initiatives"].to_pylist()
    rows[0]["name"] = "名前_x0041_そのまま"
    tables["initiatives"] = pa.Table.from_pylist(rows, schema=tables["initiatives"].schema)
    path = tmp_path / "escape.xlsx"
    export_workbook(tables, path)
    back = read_import(path, today=TODAY, current=CURRENT)
    assert back["initiatives"].column("name")[0].as_py() == "名前_x0041_そのまま"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("歩く\x1b[2J", "3文字目に制御文字 U+001B", id="escape-character"),
        pytest.param(
            "歩\u200bく", "2文字目に見えない文字 U+200B（ゼロ幅スペース）", id="zero-width-space"
        ),
    ],
)
def test_csv_control_and_invisible_characters_are_refused(tmp_path, cell, expected):
    rows = CURRENT["survey"].to_pylist()
    lines = ["設問,年度,点数,単位,集計方法,出典"] + [
        f'"{r["item"]}",{r["fiscal_year"]},{r["score"]},{r["unit"]},"{r["method"]}","{r["source"]}"'
        for r in rows
    ]
    lines[1] = lines[1].replace(f'"{rows[0]["item"]}"', f'"{cell}"', 1)
    path = tmp_path / "survey.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ImportProblems) as caught:
        read_import(path, today=TODAY, current=CURRENT)
    assert any(
        p.startswith("ファイル「survey.csv」の 2行目 列「設問」（A2）") and expected in p
        for p in caught.value.problems
    ), caught.value.problems


def _lying_bomb(exported: bytes) -> bytes:
    """The export with 数値 replaced by 200 MB of zeros whose zip headers claim 1,000 bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(exported)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            if info.filename != METRICS_PART:
                target.writestr(info.filename, source.read(info))
                continue
            with target.open(METRICS_PART, "w") as member:
                for _ in range(200):
                    member.write(b"\0" * (1024 * 1024))
    data = bytearray(out.getvalue())
    name = METRICS_PART.encode()
    size = (200 * 1024 * 1024).to_bytes(4, "little")
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                assert data[start + size_at : start + size_at + 4] == size
                data[start + size_at : start + size_at + 4] = (1000).to_bytes(4, "little")
            start += 4
    return bytes(data)


def test_zip_member_that_lies_about_its_size_is_refused_quickly(exported):
    problems, seconds = _timed_problems(_lying_bomb(exported), "lying.xlsx")
    assert any(p.startswith("シート「数値」") for p in problems), problems
    assert seconds < 10, seconds


def test_damage_the_guards_do_not_know_is_still_a_message(exported, monkeypatch):
    from openpyxl.worksheet._reader import WorkSheetParser

    def broken(self, element):
        raise ValueError("a kind of damage nobody has seen yet")

    monkeypatch.setattr(WorkSheetParser, "parse_cell", broken)
    problems = _problems(exported)
    assert problems[0].startswith(
        "シート「施策」の 1行目の付近を読めません（ファイルが壊れています"
    ), problems


def test_cells_count_even_when_the_sheet_cannot_be_mapped_to_a_tab(exported):
    """A workbook whose relationships the guard cannot follow still has its cells capped."""
    stray = _stray_cells(exported, rows=6_000, columns=30)  # 180,000 cells
    book = _rewrite(stray, "xl/_rels/workbook.xml.rels", lambda content: content + b"<broken")
    problems = _problems(book)
    assert any("セルが多すぎます" in p or "XML が壊れています" in p for p in problems), problems
    unmapped = _rewrite(
        stray,
        "xl/_rels/workbook.xml.rels",
        lambda content: content.replace(b'Id="rId2"', b'Id="rIdX"'),
    )
    problems = _problems(unmapped)
    assert any(
        p.startswith("ファイル「damaged.xlsx」の部品 xl/worksheets/sheet2.xml: セルが多すぎます")
        for p in problems
    ), problems
