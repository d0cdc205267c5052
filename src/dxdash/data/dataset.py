"""Load dxdash's Parquet tables from the data directory, validated, as one read-only Dataset.

The directory is the repository's data/ unless DXDASH_DATA_DIR names another. Anything wrong —
a missing, corrupt or schema-breaking file — raises DataError with Japanese sentences that name
the file and the problem, so pages and the CLI can show them instead of a traceback.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dxdash.data import series, store
from dxdash.data.schema import TABLE_NAMES, parquet_file_name
from dxdash.data.validation import DataError, validate_tables

DATA_DIR_ENV = "DXDASH_DATA_DIR"
REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DATA_DIR = REPO_ROOT / "data"
SOURCE_DIR_NAME = "source"


def resolve_data_dir(data_dir: str | Path | None = None) -> Path:
    """Return the data directory: the argument, else $DXDASH_DATA_DIR, else the repo's data/."""
    if data_dir is not None:
        return Path(data_dir)
    from_env = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(from_env) if from_env else DEFAULT_DATA_DIR


def data_version(data_dir: str | Path | None = None) -> str:
    """Return a short fingerprint of the active tables, to key caches on.

    It covers the active version (store's CURRENT pointer) and the size and modification time
    of that version's Parquet files: switching versions or rewriting a base file changes it.
    """
    directory = resolve_data_dir(data_dir)
    digest = hashlib.sha256(str(directory.resolve()).encode())
    try:
        version_id = store.current_version_id(directory)  # CURRENT is read once
        active = store.version_dir(directory, version_id)
        digest.update(f"version:{version_id};".encode())
    except DataError as exc:  # a broken pointer: read_tables reports it; keep the key distinct
        digest.update(f"broken:{exc};".encode())
        return digest.hexdigest()[:16]
    for name in TABLE_NAMES:
        path = active / parquet_file_name(name)
        try:
            stat = path.stat()
            digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
        except OSError:
            digest.update(f"{name}:missing;".encode())
    return digest.hexdigest()[:16]


def _upgrade(name: str, table: pa.Table) -> pa.Table:
    """Add columns that versions stored before them lack (metrics.municipality_code: null)."""
    if name == "metrics" and "municipality_code" not in table.column_names:
        return table.append_column(
            pa.field("municipality_code", pa.string()), pa.nulls(table.num_rows, pa.string())
        )
    return table


def read_tables(data_dir: str | Path | None = None) -> dict[str, pa.Table]:
    """Read every table of the active version, reporting missing and unreadable files by name.

    The active version is the one the data directory's CURRENT file names (see dxdash.data.store);
    without CURRENT it is the Parquet files directly in the directory.
    """
    directory = resolve_data_dir(data_dir)
    if not directory.is_dir():
        raise DataError([f"データフォルダ {directory} がありません"])
    return _read_tables_in(store.current_version_dir(directory))


def _read_tables_in(active: Path) -> dict[str, pa.Table]:
    """Read every table from one version's folder (read_tables without the CURRENT pointer)."""
    tables: dict[str, pa.Table] = {}
    problems: list[str] = []
    for name in TABLE_NAMES:
        path = active / parquet_file_name(name)
        if not path.exists():
            problems.append(f"{path.name}: ファイルがありません（{active}）")
            continue
        try:
            tables[name] = _upgrade(name, pq.read_table(path))
        except (pa.ArrowException, OSError, ValueError) as exc:
            problems.append(f"{path.name}: Parquetファイルとして読めません（壊れています）: {exc}")
    if problems:
        raise DataError(problems)
    return tables


@dataclass(frozen=True)
class Dataset:
    """All of dxdash's validated tables; shared read-only across sessions, never mutate."""

    report: dict[str, Any]
    initiatives: pd.DataFrame
    programs: pd.DataFrame
    metrics: pd.DataFrame
    survey: pd.DataFrame
    events: pd.DataFrame
    version: str
    data_dir: Path
    # Tables later layers derive from exactly this data (the story's labelled figures, see
    # dxdash.story.build), made once per loaded dataset and shared read-only like the rest.
    derived: dict[str, Any] = dataclasses.field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @cached_property
    def latest(self) -> pd.DataFrame:
        """One row per figure, its newest value, with the previous one (see dxdash.data.series)."""
        return series.latest(self.metrics)

    @property
    def source_note(self) -> str:
        """The citation printed under every figure and chart (an English dataset's report
        carries its own: dxdash.story.content.localized)."""
        report = self.report
        return report.get("source_note") or (
            f"出典：群馬県「{report['title']}」（{report['published_text']}）"
        )

    @property
    def short_source_note(self) -> str:
        """The citation in one short line, for slides read from the back of a room."""
        report = self.report
        return report.get("short_source_note") or (
            f"出典：群馬県 DX推進実績（{report['published_text']}）"
        )


# Integer columns with gaps (年度, 群馬モデル番号) stay integers in pandas instead of floats.
_NULLABLE_INTS = {pa.int16(): pd.Int16Dtype()}


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    """Convert to pandas with list columns as plain tuples and dates as datetime.date."""
    frame = table.to_pandas(date_as_object=True, types_mapper=_NULLABLE_INTS.get)
    for field in table.schema:
        if pa.types.is_list(field.type):
            frame[field.name] = [tuple(v) if v is not None else () for v in frame[field.name]]
    return frame


def load_dataset(data_dir: str | Path | None = None, today: date | None = None) -> Dataset:
    """Read and validate every table; raise DataError naming each file and problem."""
    directory = resolve_data_dir(data_dir)
    version = data_version(directory)
    return _dataset_from(read_tables(directory), version, directory, today)


def load_newest_valid(data_dir: str | Path | None = None) -> tuple[Dataset, str] | None:
    """The newest version on disk other than the current one that reads and validates, and its
    id (versions newest first, then the base tables); None when there is none.

    A restart with a broken current version serves this instead of nothing, so viewers see
    the last good figures and an administrator can reach /admin to roll back.
    """
    directory = resolve_data_dir(data_dir)
    for info in store.list_versions(directory):
        if info.current:
            continue
        active = directory if info.version_id == store.BASE_VERSION else info.path
        try:
            tables = _read_tables_in(active)
            key = hashlib.sha256(f"{directory.resolve()}:{info.version_id}".encode())
            return _dataset_from(tables, "fallback-" + key.hexdigest()[:16], active), (
                info.version_id
            )
        except DataError:
            continue
    return None


def _dataset_from(
    tables: dict[str, pa.Table], version: str, directory: Path, today: date | None = None
) -> Dataset:
    """Validate the tables and convert them into a Dataset."""
    validate_tables(tables, today=today)
    report = tables["report"].to_pylist()[0]
    dataset = Dataset(
        report=report,
        initiatives=_to_pandas(tables["initiatives"]),
        programs=_to_pandas(tables["programs"]),
        metrics=_to_pandas(tables["metrics"]),
        survey=_to_pandas(tables["survey"]),
        events=_to_pandas(tables["events"]),
        version=version,
        data_dir=directory,
    )
    # Computed once here on Arrow (fast at a million rows), not on a page's first view.
    dataset.__dict__["latest"] = _to_pandas(series.latest_table(tables["metrics"]))
    return dataset
