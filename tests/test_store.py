"""Versioned storage: atomic switch, crash safety, rollback to identical bytes, the lock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyarrow as pa
import pytest

from dxdash.data import store
from dxdash.data.dataset import DEFAULT_DATA_DIR, REPO_ROOT, data_version, load_dataset, read_tables
from dxdash.data.schema import TABLE_NAMES, parquet_file_name
from dxdash.data.validation import DataError
from tests.fixtures import copy_repo_data

LINE = ("line-digital-window", "友だち登録数")


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A data directory holding a copy of the repository's base tables."""
    return copy_repo_data(tmp_path / "data")


def _with_figure(tables: dict[str, pa.Table], value: float, text: str) -> dict[str, pa.Table]:
    """The tables with the LINE friends figure changed."""
    rows = tables["metrics"].to_pylist()
    for row in rows:
        if (row["initiative_id"], row["metric"]) == LINE:
            row.update(value=value, value_text=text)
    metrics = pa.Table.from_pylist(rows, schema=tables["metrics"].schema)
    return {**tables, "metrics": metrics}


def _figure(directory: Path) -> str:
    metrics = load_dataset(directory).metrics
    row = metrics[(metrics.initiative_id == LINE[0]) & (metrics.metric == LINE[1])]
    return row.value_text.item()


def _bytes(directory: Path) -> dict[str, bytes]:
    return {n: (directory / parquet_file_name(n)).read_bytes() for n in TABLE_NAMES}


def test_without_current_the_base_tables_are_served(data_dir):
    assert store.current_version_id(data_dir) == store.BASE_VERSION
    assert store.current_version_dir(data_dir) == data_dir
    assert _figure(data_dir) == "約80万人"


def test_write_version_switches_every_table_at_once(data_dir):
    before = data_version(data_dir)
    tables = _with_figure(read_tables(data_dir), 850000.0, "約85万人")
    version = store.write_version(data_dir, tables, "test.xlsx — 10月分")

    assert store.VERSION_ID_PATTERN.match(version)
    assert (data_dir / store.CURRENT_FILE).read_text() == f"{version}\n"
    assert store.current_version_dir(data_dir) == data_dir / "versions" / version
    assert _figure(data_dir) == "約85万人"
    assert data_version(data_dir) != before  # caches keyed on it reload without a restart
    meta = json.loads((data_dir / "versions" / version / "meta.json").read_text())
    assert meta["note"] == "test.xlsx — 10月分"
    assert meta["parent"] == store.BASE_VERSION
    assert meta["row_counts"]["metrics"] == tables["metrics"].num_rows
    assert meta["created_at"].endswith("+00:00")
    assert _bytes(data_dir) == _bytes(DEFAULT_DATA_DIR)  # base files untouched


def test_invalid_tables_write_nothing(data_dir):
    tables = _with_figure(read_tables(data_dir), -1.0, "-1人")
    with pytest.raises(DataError, match="負の値です"):
        store.write_version(data_dir, tables, "bad")
    assert not (data_dir / "versions").exists()
    assert not (data_dir / store.CURRENT_FILE).exists()


class Crash(Exception):
    """Stands in for the process dying."""


def test_a_crash_between_two_table_writes_leaves_the_old_version_served(data_dir):
    first = store.write_version(
        data_dir, _with_figure(read_tables(data_dir), 850000.0, "約85万人"), "first"
    )
    written: list[str] = []

    def crash_after_first_table(name: str, path: Path) -> None:
        written.append(name)
        if len(written) == 2:
            raise Crash

    with pytest.raises(Crash):
        store.write_version(
            data_dir,
            _with_figure(read_tables(data_dir), 900000.0, "約90万人"),
            "second",
            on_table_written=crash_after_first_table,
        )
    assert written == list(TABLE_NAMES[:2])
    assert store.current_version_id(data_dir) == first
    assert _figure(data_dir) == "約85万人"
    assert [v.version_id for v in store.list_versions(data_dir)] == [first, store.BASE_VERSION]
    assert not list((data_dir / "versions").glob(".tmp-*"))


CRASHING_IMPORT = """
import os, sys
from dxdash.data import store
from dxdash.data.dataset import read_tables

directory = sys.argv[1]
tables = read_tables(directory)
store.write_version(directory, tables, "dies", on_table_written=lambda name, path: os._exit(3))
"""


def test_a_killed_import_leaves_the_old_version_served_and_is_cleaned_up(data_dir):
    src = os.pathsep.join(filter(None, [str(REPO_ROOT / "src"), os.environ.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", CRASHING_IMPORT, str(data_dir)],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONPATH": src},
    )
    assert result.returncode == 3
    assert list((data_dir / "versions").glob(".tmp-*"))  # the half-written version is left
    assert store.current_version_id(data_dir) == store.BASE_VERSION
    assert _figure(data_dir) == "約80万人"
    assert [v.version_id for v in store.list_versions(data_dir)] == [store.BASE_VERSION]
    # the lock died with the process, and the next import clears the leftovers
    store.write_version(data_dir, _with_figure(read_tables(data_dir), 1.0, "1人"), "next")
    assert not list((data_dir / "versions").glob(".tmp-*"))
    assert _figure(data_dir) == "1人"


def test_rollback_restores_byte_identical_files(data_dir):
    first = store.write_version(
        data_dir, _with_figure(read_tables(data_dir), 850000.0, "約85万人"), "first"
    )
    first_bytes = _bytes(store.current_version_dir(data_dir))
    second = store.write_version(
        data_dir, _with_figure(read_tables(data_dir), 900000.0, "約90万人"), "second"
    )
    assert _figure(data_dir) == "約90万人"
    serving_second = data_version(data_dir)

    assert store.rollback(data_dir, first) == first
    assert _bytes(store.current_version_dir(data_dir)) == first_bytes
    assert _figure(data_dir) == "約85万人"
    assert data_version(data_dir) != serving_second

    assert store.rollback(data_dir, store.BASE_VERSION) == store.BASE_VERSION
    assert store.current_version_dir(data_dir) == data_dir
    assert _bytes(store.current_version_dir(data_dir)) == _bytes(DEFAULT_DATA_DIR)

    assert store.rollback(data_dir, second[:20]) == second  # a unique prefix is enough
    assert _figure(data_dir) == "約90万人"


def test_list_versions_newest_first_with_current_marked(data_dir):
    ids = [
        store.write_version(data_dir, _with_figure(read_tables(data_dir), v, f"{v:g}人"), f"n{v}")
        for v in (1.0, 2.0, 3.0)
    ]
    store.rollback(data_dir, ids[1])
    versions = store.list_versions(data_dir)
    assert [v.version_id for v in versions] == [*reversed(ids), store.BASE_VERSION]
    assert [v.current for v in versions] == [False, True, False, False]
    assert [v.note for v in versions[:3]] == ["n3.0", "n2.0", "n1.0"]
    assert versions[0].parent == ids[1]
    assert ids == sorted(ids)


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        pytest.param("nope", "バージョン 'nope' はありません", id="unknown"),
        pytest.param("", "バージョン '' はありません", id="empty"),
    ],
)
def test_rollback_to_an_unknown_version_changes_nothing(data_dir, wanted, expected):
    with pytest.raises(store.StoreError) as caught:
        store.rollback(data_dir, wanted)
    assert expected in caught.value.problems[0]
    assert store.current_version_id(data_dir) == store.BASE_VERSION


def test_rollback_refuses_a_version_whose_files_were_changed(data_dir):
    first = store.write_version(
        data_dir, _with_figure(read_tables(data_dir), 850000.0, "約85万人"), "first"
    )
    store.rollback(data_dir, store.BASE_VERSION)
    (data_dir / "versions" / first / "metrics.parquet").write_bytes(
        (DEFAULT_DATA_DIR / "metrics.parquet").read_bytes()
    )
    with pytest.raises(store.StoreError, match="書き込み後に変更されています"):
        store.rollback(data_dir, first)
    assert store.current_version_id(data_dir) == store.BASE_VERSION


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param("20990101T000000.000000Z-00000000\n", "のフォルダ", id="missing-version"),
        pytest.param("../../etc\n", "バージョンIDではありません", id="not-an-id"),
        pytest.param("\n", "空です", id="empty"),
    ],
)
def test_a_broken_pointer_is_a_japanese_data_error(data_dir, content, expected):
    (data_dir / store.CURRENT_FILE).write_text(content)
    data_version(data_dir)  # never raises: the app keys its cache on it
    with pytest.raises(DataError) as caught:
        load_dataset(data_dir)
    assert expected in caught.value.problems[0]
    assert "CURRENT" in caught.value.problems[0]


def test_concurrent_imports_are_serialised(data_dir):
    base = read_tables(data_dir)
    events: list[str] = []
    first_inside = threading.Event()
    results: dict[str, str] = {}

    def slow(name: str, path: Path) -> None:
        first_inside.set()
        if name == TABLE_NAMES[0]:
            events.append("first writing")
            time.sleep(0.3)

    def run(label: str, value: float, hook: store.TableWrittenHook | None) -> None:
        results[label] = store.write_version(
            data_dir, _with_figure(base, value, f"{value:g}人"), label, on_table_written=hook
        )
        events.append(f"{label} done")

    first = threading.Thread(target=run, args=("first", 1.0, slow))
    first.start()
    first_inside.wait(5)
    second = threading.Thread(target=run, args=("second", 2.0, None))
    second.start()
    first.join(10)
    second.join(10)

    assert events == ["first writing", "first done", "second done"]
    assert store.current_version_id(data_dir) == results["second"]
    second_meta = store.list_versions(data_dir)[0]
    assert (second_meta.version_id, second_meta.parent) == (results["second"], results["first"])
    assert _figure(data_dir) == "2人"


def test_a_held_lock_times_out_with_a_japanese_error(data_dir):
    tables = _with_figure(read_tables(data_dir), 1.0, "1人")
    with store.locked(data_dir):
        with pytest.raises(store.StoreError) as caught:
            store.write_version(data_dir, tables, "waits", lock_timeout=0.2)
        with pytest.raises(store.StoreError):
            store.rollback(data_dir, store.BASE_VERSION, lock_timeout=0.2)
    assert "別の取り込みかロールバックが実行中です" in caught.value.problems[0]
    assert "0.2秒待ちましたが" in caught.value.problems[0]
    assert store.current_version_id(data_dir) == store.BASE_VERSION


def test_version_dir_refuses_paths_outside_versions(data_dir):
    with pytest.raises(store.StoreError):
        store.version_dir(data_dir, "../outside")


def test_an_import_based_on_an_older_version_is_refused(data_dir):
    """X previews, Y commits, X commits: X's commit would silently undo Y's, so it is refused."""
    base = store.current_version_id(data_dir)
    tables = read_tables(data_dir)
    y = store.write_version(data_dir, _with_figure(tables, 2.0, "2人"), "Y", expected_base=base)
    with pytest.raises(store.StoreError) as caught:
        store.write_version(data_dir, _with_figure(tables, 1.0, "1人"), "X", expected_base=base)
    assert "今のバージョンが変わりました" in caught.value.problems[0]
    assert f"確認したとき: {base}、今: {y}" in caught.value.problems[0]
    assert "何も書き込んでいません" in caught.value.problems[0]
    assert store.current_version_id(data_dir) == y
    assert [v.version_id for v in store.list_versions(data_dir)] == [y, store.BASE_VERSION]
    assert not list((data_dir / store.VERSIONS_DIR).glob(f"{store.TMP_PREFIX}*"))
    assert _figure(data_dir) == "2人"
    # A rollback moves CURRENT too; a commit previewed on the version it left is refused.
    store.rollback(data_dir, store.BASE_VERSION)
    with pytest.raises(store.StoreError):
        store.write_version(data_dir, _with_figure(tables, 3.0, "3人"), "Z", expected_base=y)
    assert store.current_version_id(data_dir) == store.BASE_VERSION


def test_concurrent_imports_from_the_same_base_keep_the_first(data_dir):
    """Two imports previewed on the same version, committed at once: the second is refused."""
    base = store.current_version_id(data_dir)
    tables = read_tables(data_dir)
    first_inside = threading.Event()
    outcome: dict[str, object] = {}

    def slow(name: str, path: Path) -> None:
        first_inside.set()
        time.sleep(0.05)

    def run(label: str, value: float, hook: store.TableWrittenHook | None) -> None:
        try:
            outcome[label] = store.write_version(
                data_dir,
                _with_figure(tables, value, f"{value:g}人"),
                label,
                on_table_written=hook,
                expected_base=base,
            )
        except store.StoreError as exc:
            outcome[label] = exc

    first = threading.Thread(target=run, args=("first", 1.0, slow))
    first.start()
    first_inside.wait(5)
    second = threading.Thread(target=run, args=("second", 2.0, None))
    second.start()
    first.join(10)
    second.join(10)
    assert isinstance(outcome["first"], str)
    assert isinstance(outcome["second"], store.StoreError)
    assert store.current_version_id(data_dir) == outcome["first"]
    assert _figure(data_dir) == "1人"
