"""Meeting snapshots: a link (``?snapshot=<id>``) that pins the data version and the filters.

The numbers shown last month can be shown again exactly after the data changed: a snapshot of
an imported version points at that immutable version; a snapshot of the base tables (which a
rebuild may overwrite) keeps its own copy of them.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dxdash import store
from dxdash.schema import TABLE_NAMES, parquet_file_name
from dxdash.validation import DataError

SNAPSHOTS_DIR = "snapshots"
SNAPSHOT_PARAM = "snapshot"
SNAPSHOT_ID = re.compile(r"^\d{8}-[0-9a-f]{6}$")
META_FILE = "snapshot.json"
TABLES_DIR = "tables"


@dataclass(frozen=True)
class Snapshot:
    """A pinned view: which data, which filters, when."""

    snapshot_id: str
    created_at: str
    version_id: str
    params: dict[str, list[str]] = field(default_factory=dict)
    note: str = ""


def _root(directory: str | Path) -> Path:
    return Path(directory) / SNAPSHOTS_DIR


def check_snapshot_id(snapshot_id: str) -> str:
    """Refuse anything that is not a snapshot id (ids become paths: no traversal)."""
    if not SNAPSHOT_ID.match(snapshot_id or ""):
        raise DataError(
            [f"スナップショット '{snapshot_id}' は見つかりません（IDの形式が違います）"]
        )
    return snapshot_id


def create_snapshot(
    directory: str | Path, params: dict[str, list[str]], note: str = ""
) -> Snapshot:
    """Pin the current data version and these URL filters; return the new snapshot."""
    directory = Path(directory)
    now = datetime.now(UTC)
    snapshot_id = f"{now:%Y%m%d}-{secrets.token_hex(3)}"
    with store.locked(directory):
        version_id = store.current_version_id(directory)
        root = _root(directory)
        root.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
        try:
            if version_id == store.BASE_VERSION:  # base may be rebuilt in place: keep a copy
                (temp / TABLES_DIR).mkdir()
                for name in TABLE_NAMES:
                    shutil.copy2(directory / parquet_file_name(name), temp / TABLES_DIR)
            snapshot = Snapshot(
                snapshot_id, now.isoformat(timespec="seconds"), version_id, params, note
            )
            (temp / META_FILE).write_text(
                json.dumps(snapshot.__dict__, ensure_ascii=False, indent=2), encoding="utf-8"
            )
            os.replace(temp, root / snapshot_id)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
    return snapshot


def load_snapshot(directory: str | Path, snapshot_id: str) -> Snapshot:
    """Read a snapshot's record; DataError in Japanese when it does not exist."""
    path = _root(directory) / check_snapshot_id(snapshot_id) / META_FILE
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError([f"スナップショット '{snapshot_id}' は見つかりません"]) from exc
    return Snapshot(
        meta["snapshot_id"],
        meta["created_at"],
        meta["version_id"],
        meta.get("params", {}),
        meta.get("note", ""),
    )


def snapshot_data_dir(directory: str | Path, snapshot: Snapshot) -> Path:
    """Where the snapshot's tables are: its own copy, or the immutable version it pinned."""
    own = _root(directory) / snapshot.snapshot_id / TABLES_DIR
    if own.is_dir():
        return own
    return store.version_dir(directory, snapshot.version_id)
