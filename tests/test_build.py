"""build-data: deterministic, refuses bad source, and data/ is up to date with data/source/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dxdash.data.build import build_data, parse_started, read_source
from dxdash.data.dataset import DEFAULT_DATA_DIR, REPO_ROOT
from dxdash.data.schema import TABLE_NAMES, parquet_file_name
from dxdash.data.validation import DataError
from tests.fixtures import run_cli

SOURCE = DEFAULT_DATA_DIR / "source"


def _bytes(directory: Path) -> dict[str, bytes]:
    return {n: (directory / parquet_file_name(n)).read_bytes() for n in TABLE_NAMES}


def test_build_is_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build_data(SOURCE, first)
    build_data(SOURCE, second)
    assert _bytes(first) == _bytes(second)


def test_committed_data_is_up_to_date_with_source(tmp_path):
    build_data(SOURCE, tmp_path)
    stale = [n for n, b in _bytes(tmp_path).items() if b != _bytes(DEFAULT_DATA_DIR)[n]]
    assert not stale, f"data/ is stale for {stale}: run `python -m dxdash build-data`"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2020.12~", ("2020-12-01", 2020), id="month-with-tilde"),
        pytest.param("2021.10", ("2021-10-01", 2021), id="october-not-january"),
        pytest.param("2022.3～", ("2022-03-01", 2021), id="march-is-previous-fiscal-year"),
        pytest.param("2023年度～", (None, 2023), id="fiscal-year-only"),
        pytest.param(None, (None, None), id="no-date"),
    ],
)
def test_parse_started(text, expected):
    started, fiscal_year = parse_started(text)
    assert (started.isoformat() if started else None, fiscal_year) == expected


def _broken_source(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """Copy data/source/ and replace one snippet in one file."""
    source = tmp_path / "source"
    shutil.copytree(SOURCE, source)
    path = source / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return source


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        pytest.param(
            "initiatives.yaml",
            "figure: 約40万人",
            "figure: 約四十万人",
            "figure '約四十万人' を読めません",
            id="unreadable-figure",
        ),
        pytest.param(
            "initiatives.yaml",
            "started_text: 2020.12~",
            "started_text: 2020.13",
            "started_text '2020.13' を読めません",
            id="bad-month",
        ),
        pytest.param(
            "programs.yaml",
            "figure: 89%",
            "figure: 89%以上",
            "qualifier '見込' が figure '89%以上' と食い違います",
            id="qualifier-conflict",
        ),
        pytest.param(
            "survey.csv",
            "42.3",
            "四十二",
            "survey.csv の 2行目 列「2020年度」: 値 '四十二' が不正",
            id="survey-not-a-number",
        ),
    ],
)
def test_bad_source_is_refused_and_nothing_written(tmp_path, file, old, new, expected):
    out = tmp_path / "out"
    with pytest.raises(DataError) as caught:
        build_data(_broken_source(tmp_path, file, old, new), out)
    assert any(expected in p for p in caught.value.problems), caught.value.problems
    assert not out.exists()


def test_source_yaml_keeps_months_as_text():
    initiatives = read_source(SOURCE)["initiatives"].to_pylist()
    passport = next(i for i in initiatives if i["initiative_id"] == "vaccine-passport")
    assert passport["started_text"] == "2021.10"
    assert passport["started"].isoformat() == "2021-10-01"
    assert passport["gunma_model_no"] == 1


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m dxdash` from this checkout's src/ (whatever copy is pip-installed)."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "dxdash", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_cli_validate_passes_on_data():
    result = _cli("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK:")


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        pytest.param("missing-column", "列「qualifier」がありません", id="missing-column"),
        pytest.param(
            "corrupt", "metrics.parquet: Parquetファイルとして読めません", id="corrupt-file"
        ),
        pytest.param("duplicate-id", "が重複しています", id="duplicate-id"),
        pytest.param("missing-file", "survey.parquet: ファイルがありません", id="missing-file"),
    ],
)
def test_cli_validate_fails_on_a_broken_copy(tmp_path, breakage, expected):
    import pyarrow.parquet as pq

    copy = tmp_path / "data"
    copy.mkdir()
    for name in TABLE_NAMES:
        shutil.copy(DEFAULT_DATA_DIR / parquet_file_name(name), copy)
    if breakage == "missing-column":
        table = pq.read_table(copy / "metrics.parquet")
        pq.write_table(table.drop_columns(["qualifier"]), copy / "metrics.parquet")
    elif breakage == "corrupt":
        (copy / "metrics.parquet").write_bytes(b"not parquet at all")
    elif breakage == "duplicate-id":
        import pyarrow as pa

        table = pq.read_table(copy / "initiatives.parquet")
        pq.write_table(pa.concat_tables([table, table.slice(0, 1)]), copy / "initiatives.parquet")
    else:
        (copy / "survey.parquet").unlink()
    result = run_cli("validate", "--data-dir", str(copy))
    assert result.returncode == 1
    assert "データ" in result.stderr
    assert "に問題があります" in result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
