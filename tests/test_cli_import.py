"""CLI: export, import (with --dry-run and preview), versions, rollback — exit codes and messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest

from dxdash.cli import main
from dxdash.data import store
from dxdash.data.dataset import REPO_ROOT
from dxdash.data.schema import TABLE_NAMES, parquet_file_name
from tests.fixtures import copy_repo_data, run_cli

# Subprocesses import this checkout's dxdash, whatever copy happens to be installed.
SRC = os.pathsep.join(filter(None, [str(REPO_ROOT / "src"), os.environ.get("PYTHONPATH")]))


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return copy_repo_data(tmp_path / "data")


def _cli(*args: str, data_dir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m dxdash`` with the data directory in DXDASH_DATA_DIR."""
    env = {**os.environ, "DXDASH_DATA_DIR": str(data_dir), "PYTHONPATH": SRC}
    return subprocess.run(
        [sys.executable, "-m", "dxdash", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=cwd,
    )


def _edit_line_figure(path: Path, printed: str, value: object) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["数値"]
    for row in ws.iter_rows(min_row=2):
        if (row[0].value, row[1].value) == ("line-digital-window", "友だち登録数"):
            row[2].value, row[3].value = printed, value
    wb.save(path)


def test_export_edit_import_versions_rollback(data_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DXDASH_DATA_DIR", str(data_dir))
    book = tmp_path / "更新.xlsx"
    result = _cli("export", str(book), data_dir=data_dir, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "書き出しました" in result.stdout
    _edit_line_figure(book, "約85万人", "約85万")

    dry = _cli("import", str(book), "--dry-run", data_dir=data_dir, cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "数値: 追加 0件、変更 1件（2項目）、削除 0件" in dry.stdout
    assert "列「値」: 800,000 → 850,000" in dry.stdout
    assert "何も書き込んでいません" in dry.stdout
    assert not (data_dir / store.CURRENT_FILE).exists()
    assert not (data_dir / "versions").exists()

    done = _cli("import", str(book), "--note", "10月分 山田", data_dir=data_dir, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    version = store.current_version_id(data_dir)
    assert version in done.stdout

    assert main(["versions"]) == 0  # DXDASH_DATA_DIR is honoured in-process too
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"* {version}")
    assert "更新.xlsx — 10月分 山田" in lines[0]
    assert lines[1].startswith("  base")

    assert main(["rollback", "base"]) == 0
    assert "今のバージョンを base にしました" in capsys.readouterr().out
    assert store.current_version_id(data_dir) == store.BASE_VERSION

    assert main(["import", str(book), "--dry-run"]) == 0
    assert "列「値」: 800,000 → 850,000" in capsys.readouterr().out  # base is current again


def test_bad_import_lists_every_problem_in_japanese_and_writes_nothing(data_dir, tmp_path):
    book = tmp_path / "bad.xlsx"
    assert main(["export", str(book), "--data-dir", str(data_dir)]) == 0
    _edit_line_figure(book, "約80万人", "約八十万")
    wb = openpyxl.load_workbook(book)
    wb["施策"]["E2"] = "宇宙"
    wb.save(book)

    result = run_cli("import", str(book), data_dir=data_dir, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("bad.xlsx を取り込めません。何も書き込んでいません（2件）")
    assert (
        "シート「数値」の 19行目 列「値」（D19）: '約八十万' は数値として読めません"
        in result.stderr
    )
    assert (
        "シート「施策」の 2行目（netsugen） 列「分野」（E2）: '宇宙' は使えません" in result.stderr
    )
    assert sorted(p.name for p in data_dir.iterdir()) == sorted(
        parquet_file_name(n) for n in TABLE_NAMES
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(
            ("import", "missing.xlsx"), "ファイル「missing.xlsx」がありません", id="no-file"
        ),
        pytest.param(("rollback", "nope"), "バージョン 'nope' はありません", id="unknown-version"),
        pytest.param(("export", "out.csv"), "拡張子は .xlsx にしてください", id="export-not-xlsx"),
    ],
)
def test_errors_exit_non_zero_without_a_traceback(data_dir, tmp_path, args, expected):
    result = run_cli(*args, data_dir=data_dir, cwd=tmp_path)
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_data_dir_option_wins_over_the_environment(data_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DXDASH_DATA_DIR", str(tmp_path / "elsewhere"))
    book = tmp_path / "a.xlsx"
    assert main(["export", str(book), "--data-dir", str(data_dir)]) == 0
    _edit_line_figure(book, "約85万人", 850000)
    assert main(["import", str(book), "--data-dir", str(data_dir)]) == 0
    assert store.current_version_id(data_dir) != store.BASE_VERSION
    assert main(["versions", "--data-dir", str(data_dir)]) == 0
    assert main(["validate", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "取り込みました" in out
    assert "OK:" in out


def test_importing_the_same_data_makes_no_version(data_dir, tmp_path, capsys):
    book = tmp_path / "same.xlsx"
    assert main(["export", str(book), "--data-dir", str(data_dir)]) == 0
    assert main(["import", str(book), "--data-dir", str(data_dir)]) == 0
    assert "今のデータと同じです" in capsys.readouterr().out
    assert not (data_dir / "versions").exists()


def test_csv_import_updates_one_table(data_dir, tmp_path, capsys):
    csv_file = tmp_path / "survey.csv"
    rows = ["設問,年度,点数,単位,集計方法,出典"]
    for r in pq.read_table(data_dir / "survey.parquet").to_pylist():
        score = 47.0 if r["fiscal_year"] == 2022 and r["score"] == 44.6 else r["score"]
        rows.append(
            f'"{r["item"]}",{r["fiscal_year"]},{score},{r["unit"]},"{r["method"]}","{r["source"]}"'
        )
    csv_file.write_text("\n".join(rows), encoding="utf-8-sig")  # Excel's 「CSV UTF-8」
    assert main(["import", str(csv_file), "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "アンケート: 追加 0件、変更 1件（1項目）、削除 0件" in out
    assert "44.6 → 47" in out


def test_two_concurrent_imports_keep_the_first_and_refuse_the_second(data_dir, tmp_path):
    """Two `python -m dxdash import` processes, both previewed on the same version.

    The test holds the data directory's lock until both have read the data and printed their
    preview, so both wait at the commit: whichever gets the lock first stores its version, the
    other finds CURRENT moved and refuses, writing nothing.
    """
    books = {}
    for value in (850_000, 900_000):
        book = tmp_path / f"{value}.xlsx"
        assert main(["export", str(book), "--data-dir", str(data_dir)]) == 0
        _edit_line_figure(book, f"約{value // 10_000}万人", f"約{value // 10_000}万")
        books[value] = book
    env = {
        **os.environ,
        "DXDASH_DATA_DIR": str(data_dir),
        "PYTHONPATH": SRC,
        "PYTHONUNBUFFERED": "1",
    }
    with store.locked(data_dir):
        processes = {
            value: subprocess.Popen(
                [sys.executable, "-m", "dxdash", "import", str(book), "--note", str(value)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                cwd=tmp_path,
            )
            for value, book in books.items()
        }
        for process in processes.values():  # both have read the data and shown their preview
            while not process.stdout.readline().startswith("数値:"):
                assert process.poll() is None, process.stderr.read()
    results = {value: process.communicate(timeout=60) for value, process in processes.items()}
    codes = {value: process.returncode for value, process in processes.items()}
    assert sorted(codes.values()) == [0, 1], results
    (kept,) = [value for value, code in codes.items() if code == 0]
    (refused,) = [value for value, code in codes.items() if code == 1]
    assert "取り込みました" in results[kept][0]
    assert "取り込みました" not in results[refused][0]
    assert "今のバージョンが変わりました" in results[refused][1]
    assert "何も書き込んでいません" in results[refused][1]
    versions = store.list_versions(data_dir)
    assert [v.note for v in versions[:-1]] == [f"{kept}.xlsx — {kept}"]
    assert versions[0].current
    figures = pq.read_table(store.current_version_dir(data_dir) / "metrics.parquet").to_pylist()
    line = next(r for r in figures if r["metric"] == "友だち登録数")
    assert line["value"] == kept


def test_a_header_only_csv_needs_allow_mass_delete(data_dir, tmp_path, capsys):
    """A CSV with only its header row would delete every figure: refused without the flag."""
    csv_file = tmp_path / "metrics.csv"
    csv_file.write_text(
        "施策ID,指標,数値（表記）,値,単位,修飾語,分類,時点,時点（表記）,注記,出典\n",
        encoding="utf-8",
    )
    before = pq.read_table(data_dir / "metrics.parquet").num_rows
    assert main(["import", str(csv_file), "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert f"数値 {before}件中{before}件" in err
    assert "--allow-mass-delete" in err
    assert "何も書き込んでいません" in err
    assert not (data_dir / "versions").exists()

    assert main(["import", str(csv_file), "--allow-mass-delete", "--data-dir", str(data_dir)]) == 0
    assert pq.read_table(store.current_version_dir(data_dir) / "metrics.parquet").num_rows == 0


def test_deleting_less_than_half_needs_no_confirmation(data_dir, tmp_path, capsys):
    book = tmp_path / "one-less.xlsx"
    assert main(["export", str(book), "--data-dir", str(data_dir)]) == 0
    wb = openpyxl.load_workbook(book)
    wb["数値"].delete_rows(2)
    wb.save(book)
    assert main(["import", str(book), "--data-dir", str(data_dir)]) == 0
    assert "削除 1件" in capsys.readouterr().out
