"""Meeting snapshots: a link (``?snapshot=<id>``) that pins the data version and the filters.

The numbers shown last month can be shown again exactly after the data changed: a snapshot of
an imported version points at that immutable version; a snapshot of the base tables (which a
rebuild may overwrite) keeps its own copy of them.

Anyone who can open the dashboard can save one, so saving is bounded: ids are unguessable
(128 random bits; the old ``YYYYMMDD-xxxxxx`` ids still open), creation is rate-limited per
client and overall (:class:`RateLimiter`), and at most :data:`MAX_SNAPSHOTS` are kept (the
oldest are removed first).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from dxdash.data import store
from dxdash.data.schema import TABLE_NAMES, parquet_file_name
from dxdash.data.validation import DataError

if TYPE_CHECKING:
    from collections.abc import Callable

SNAPSHOTS_DIR = "snapshots"
SNAPSHOT_PARAM = "snapshot"
SNAPSHOT_ID = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16): 128 random bits
OLD_SNAPSHOT_ID = re.compile(r"\d{8}-[0-9a-f]{6}")  # before #18: date + 24 random bits
MAX_SNAPSHOTS = 200  # kept on disk; saving one more removes the oldest
MAX_PARAM_VALUES = 20  # filter values kept per URL key (a snapshot pins filters, not payloads)
MAX_PARAM_LENGTH = 200  # characters per value
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


def is_snapshot_id(snapshot_id: object) -> bool:
    """True for a new (128-bit) or old (date + 24-bit) snapshot id; ids become paths."""
    text = snapshot_id if isinstance(snapshot_id, str) else ""
    return bool(SNAPSHOT_ID.fullmatch(text) or OLD_SNAPSHOT_ID.fullmatch(text))


def check_snapshot_id(snapshot_id: str) -> str:
    """Refuse anything that is not a snapshot id (ids become paths: no traversal)."""
    if not is_snapshot_id(snapshot_id):
        raise DataError(["スナップショットは見つかりません（IDの形式が違います）"])
    return snapshot_id


def new_snapshot_id() -> str:
    """An unguessable id: 128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


def _pinned_params(params: dict[str, list[str]], keys: tuple[str, ...]) -> dict[str, list[str]]:
    """Only the filters a snapshot restores, each cut to a sane size (never the whole URL)."""
    return {
        key: [str(v)[:MAX_PARAM_LENGTH] for v in params[key][:MAX_PARAM_VALUES]]
        for key in keys
        if params.get(key)
    }


def create_snapshot(
    directory: str | Path,
    params: dict[str, list[str]],
    note: str = "",
    *,
    keys: tuple[str, ...] | None = None,
    keep: int = MAX_SNAPSHOTS,
) -> Snapshot:
    """Pin the current data version and these URL filters; return the new snapshot.

    `keys` limits the stored parameters to those (each value cut to MAX_PARAM_LENGTH); after
    saving, the oldest snapshots beyond `keep` are removed. OSError when the data directory
    cannot be written (a read-only mount): callers say so instead of failing.
    """
    directory = Path(directory)
    now = datetime.now(UTC)
    snapshot_id = new_snapshot_id()
    if keys is not None:
        params = _pinned_params(params, keys)
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
                snapshot_id, now.isoformat(timespec="microseconds"), version_id, params, note
            )
            (temp / META_FILE).write_text(
                json.dumps(snapshot.__dict__, ensure_ascii=False, indent=2), encoding="utf-8"
            )
            os.replace(temp, root / snapshot_id)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
        prune_snapshots(directory, keep, protect=snapshot_id)
    return snapshot


def _created(path: Path) -> datetime:
    """When a snapshot was saved: its record's time, else its folder's modification time."""
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        created = datetime.fromisoformat(str(meta["created_at"]))
        return created if created.tzinfo else created.replace(tzinfo=UTC)
    except (OSError, ValueError, KeyError, TypeError):
        try:
            return datetime.fromtimestamp(path.stat().st_mtime, UTC)
        except OSError:
            return datetime.min.replace(tzinfo=UTC)


def list_snapshots(directory: str | Path) -> list[tuple[datetime, str]]:
    """(saved at, id) of every stored snapshot, oldest first."""
    root = _root(directory)
    if not root.is_dir():
        return []
    found = [(_created(p), p.name) for p in root.iterdir() if p.is_dir() and is_snapshot_id(p.name)]
    return sorted(found)


def prune_snapshots(
    directory: str | Path, keep: int = MAX_SNAPSHOTS, protect: str = ""
) -> list[str]:
    """Remove the oldest snapshots beyond `keep` (never `protect`, the one just saved); return
    the removed ids. The caller holds the data directory's lock."""
    stored = [sid for _, sid in list_snapshots(directory) if sid != protect]
    removed = stored[: max(len(stored) + (1 if protect else 0) - keep, 0)]
    for snapshot_id in removed:
        shutil.rmtree(_root(directory) / snapshot_id, ignore_errors=True)
    return removed


def created_since(directory: str | Path, seconds: float) -> int:
    """How many stored snapshots were saved in the last `seconds` (shared by all replicas)."""
    since = datetime.now(UTC) - timedelta(seconds=seconds)
    return sum(1 for created, _ in list_snapshots(directory) if created >= since)


class RateLimiter:
    """Sliding-window limits on saving snapshots: per client and for the whole process.

    Defaults: 10 per client per 10 minutes, 100 per hour in all. Process-wide (in memory);
    with several replicas the overall limit is also checked against the snapshots on disk.
    """

    def __init__(
        self,
        per_client: int = 10,
        client_window: float = 600.0,
        overall: int = 100,
        overall_window: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_client, self.client_window = per_client, client_window
        self.overall, self.overall_window = overall, overall_window
        self._clock = clock
        self._lock = threading.Lock()
        self._clients: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()

    @staticmethod
    def _trim(times: deque[float], since: float) -> None:
        while times and times[0] <= since:
            times.popleft()

    def allow(self, client: str) -> bool:
        """Record one attempt for `client` and say whether it is within the limits."""
        with self._lock:
            now = self._clock()
            self._trim(self._all, now - self.overall_window)
            for key in list(self._clients):  # forget idle clients (memory stays bounded)
                self._trim(self._clients[key], now - self.client_window)
                if not self._clients[key]:
                    del self._clients[key]
            mine = self._clients.setdefault(client, deque())
            if len(mine) >= self.per_client or len(self._all) >= self.overall:
                return False
            mine.append(now)
            self._all.append(now)
            return True


def load_snapshot(directory: str | Path, snapshot_id: str) -> Snapshot:
    """Read a snapshot's record; DataError in Japanese when it does not exist."""
    path = _root(directory) / check_snapshot_id(snapshot_id) / META_FILE
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        return Snapshot(
            meta["snapshot_id"],
            meta["created_at"],
            meta["version_id"],
            meta.get("params", {}),
            meta.get("note", ""),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(["スナップショットは見つかりません"]) from exc


def snapshot_data_dir(directory: str | Path, snapshot: Snapshot) -> Path:
    """Where the snapshot's tables are: its own copy, or the immutable version it pinned."""
    own = _root(directory) / snapshot.snapshot_id / TABLES_DIR
    if own.is_dir():
        return own
    return store.version_dir(directory, snapshot.version_id)  # StoreError if the id is bad
