"""Versioned, atomic storage of dxdash's tables in the data directory.

Layout of a data directory (``DXDASH_DATA_DIR`` or the repository's ``data/``)::

    data/
      *.parquet                     the base tables, committed in git: version "base"
      versions/<version_id>/        one imported version, never changed once written
        *.parquet                   every table, written with build.write_parquet
        meta.json                   created_at, note, user, parent, row counts, file hashes
      CURRENT                       the active version id; no file (or "base") = base tables
      .lock                         flock()ed while an import or a rollback runs

A new version is written into ``versions/.tmp-*``, every file fsync()ed, the directory renamed
to its final id, and only then is ``CURRENT`` replaced atomically (write ``CURRENT.tmp``, fsync,
``os.replace``). Readers resolve ``CURRENT`` once and read every table from that one immutable
directory, so all tables switch together and a crash at any point leaves the previous version
served. Rolling back only rewrites ``CURRENT``.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dxdash.data.build import write_parquet

try:  # POSIX (the server); Windows falls back to msvcrt so reading data still works there
    import fcntl
except ImportError:  # pragma: no cover - exercised on Windows only
    fcntl = None  # type: ignore[assignment]
    import msvcrt
from dxdash.data.schema import TABLE_NAMES, parquet_file_name
from dxdash.data.validation import DataError, validate_tables

BASE_VERSION = "base"
VERSIONS_DIR = "versions"
CURRENT_FILE = "CURRENT"
LOCK_FILE = ".lock"
META_FILE = "meta.json"
TMP_PREFIX = ".tmp-"
# How long an import or rollback waits for another one to finish before giving up.
LOCK_TIMEOUT_SECONDS = 30.0
_LOCK_POLL_SECONDS = 0.05

# 20261126T083144.123456Z-1a2b3c4d: UTC time to the microsecond + content hash; sorts by time.
VERSION_ID_PATTERN = re.compile(r"^\d{8}T\d{6}\.\d{6}Z-[0-9a-f]{8}$")
_TIME_FORMAT = "%Y%m%dT%H%M%S.%fZ"

# Called after each table file of a new version is written (table name, file path). Tests use
# it to simulate a crash between two table writes; it must not be used for anything else.
TableWrittenHook = Callable[[str, Path], None]


class StoreError(DataError):
    """A version cannot be written, found or switched to; ``problems`` are Japanese sentences."""


@dataclass(frozen=True)
class VersionInfo:
    """One version of the tables, as listed by :func:`list_versions`."""

    version_id: str
    path: Path
    created_at: str | None
    note: str
    parent: str | None
    row_counts: dict[str, int] = field(default_factory=dict)
    user: str | None = None
    current: bool = False


# ---------------------------------------------------------------------------
# small file-system helpers
# ---------------------------------------------------------------------------


def _fsync_file(path: Path) -> None:
    """Flush one file's contents (or a directory's entries) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    """Flush a directory entry (a rename or a new file inside it) to disk (POSIX only)."""
    if os.name == "nt":  # pragma: no cover - directories cannot be opened on Windows
        return
    _fsync_file(path)


def _sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _versions_dir(directory: Path) -> Path:
    return directory / VERSIONS_DIR


def _check_version_id(version_id: str) -> None:
    """Refuse anything that is not a version id (also keeps paths inside versions/)."""
    if version_id != BASE_VERSION and not VERSION_ID_PATTERN.match(version_id):
        raise StoreError(
            [
                f"'{version_id}' はバージョンIDではありません"
                f"（例: 20261126T083144.123456Z-1a2b3c4d、または {BASE_VERSION}）"
            ]
        )


# ---------------------------------------------------------------------------
# the lock
# ---------------------------------------------------------------------------


def _try_lock(fd: int) -> None:
    """Take an exclusive lock on fd without waiting; BlockingIOError when someone holds it."""
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    try:  # pragma: no cover - Windows
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError as exc:  # pragma: no cover - Windows
        raise BlockingIOError from exc


@contextlib.contextmanager
def locked(directory: str | Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the data directory's lock (``.lock``, flock) while imports or rollbacks run.

    Waits up to ``timeout`` seconds for another holder, then raises StoreError in Japanese.
    The lock is released when the block ends, and by the kernel if the process dies.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise StoreError([f"データフォルダ {directory} がありません"])
    path = directory / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                _try_lock(fd)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    try:
                        holder = path.read_text(encoding="utf-8", errors="replace").strip()
                    except OSError:
                        holder = ""
                    who = f"（実行中: {holder}）" if holder else ""
                    raise StoreError(
                        [
                            f"データフォルダ {directory} では別の取り込みかロールバックが実行中です{who}。"
                            f"{timeout:g}秒待ちましたが終わりませんでした。"
                            "しばらくしてからもう一度実行してください"
                        ]
                    ) from None
                time.sleep(_LOCK_POLL_SECONDS)
        holder = f"pid {os.getpid()}, {datetime.now(UTC).isoformat(timespec='seconds')}"
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, holder.encode())
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


# ---------------------------------------------------------------------------
# reading the pointer
# ---------------------------------------------------------------------------


def current_version_id(directory: str | Path) -> str:
    """Return the active version id: the content of ``CURRENT``, or "base" when there is none."""
    directory = Path(directory)
    pointer = directory / CURRENT_FILE
    try:
        text = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return BASE_VERSION
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError([f"{pointer}: 現在のバージョンを示すファイルを読めません: {exc}"]) from exc
    if not text:
        raise StoreError(
            [f"{pointer}: 空です（バージョンIDか {BASE_VERSION} が1行書かれているはずです）"]
        )
    try:
        _check_version_id(text)
    except StoreError as exc:
        raise StoreError([f"{pointer}: {exc.problems[0]}"]) from None
    return text


def version_dir(directory: str | Path, version_id: str) -> Path:
    """Return where a version's tables live (the data directory itself for "base")."""
    _check_version_id(version_id)
    directory = Path(directory)
    return directory if version_id == BASE_VERSION else _versions_dir(directory) / version_id


def current_version_dir(directory: str | Path) -> Path:
    """Return the directory holding the active tables; StoreError if CURRENT points nowhere."""
    directory = Path(directory)
    version_id = current_version_id(directory)
    path = version_dir(directory, version_id)
    if not path.is_dir():
        raise StoreError(
            [
                f"{directory / CURRENT_FILE}: 現在のバージョン {version_id} のフォルダ {path} がありません"
                f"（`python -m dxdash versions` で一覧し、`python -m dxdash rollback` で戻してください）"
            ]
        )
    return path


# ---------------------------------------------------------------------------
# listing
# ---------------------------------------------------------------------------


def _read_meta(path: Path) -> dict[str, Any]:
    """Read a version's meta.json; an unreadable one gives an empty dict (listing never fails)."""
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _base_info(directory: Path, current: str) -> VersionInfo | None:
    """Describe the base tables (data/*.parquet), if the directory holds any."""
    files = [directory / parquet_file_name(name) for name in TABLE_NAMES]
    present = [path for path in files if path.exists()]
    if not present:
        return None
    newest = max(path.stat().st_mtime for path in present)
    counts: dict[str, int] = {}
    for name, path in zip(TABLE_NAMES, files, strict=True):
        with contextlib.suppress(OSError, pa.ArrowException):
            counts[name] = pq.ParquetFile(path).metadata.num_rows
    return VersionInfo(
        version_id=BASE_VERSION,
        path=directory,
        created_at=datetime.fromtimestamp(newest, UTC).isoformat(timespec="seconds"),
        note="データフォルダ直下の *.parquet（git 管理の基本データ）",
        parent=None,
        row_counts=counts,
        current=current == BASE_VERSION,
    )


def list_versions(directory: str | Path) -> list[VersionInfo]:
    """Return every version, newest first, with "base" last; ``current`` marks the active one.

    Temporary directories left by an interrupted import (``versions/.tmp-*``) are not versions.
    """
    directory = Path(directory)
    try:
        current = current_version_id(directory)
    except StoreError:
        current = ""
    infos: list[VersionInfo] = []
    root = _versions_dir(directory)
    names = (
        sorted(
            (p.name for p in root.iterdir() if p.is_dir() and VERSION_ID_PATTERN.match(p.name)),
            reverse=True,
        )
        if root.is_dir()
        else []
    )
    for name in names:
        meta = _read_meta(root / name)
        counts = meta.get("row_counts") if isinstance(meta.get("row_counts"), dict) else {}
        infos.append(
            VersionInfo(
                version_id=name,
                path=root / name,
                created_at=meta.get("created_at"),
                note=str(meta.get("note") or "") if meta else "meta.json を読めません",
                parent=meta.get("parent"),
                row_counts=dict(counts),
                user=meta.get("user"),
                current=name == current,
            )
        )
    base = _base_info(directory, current)
    if base is not None:
        infos.append(base)
    return infos


# ---------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------


def _switch_current(directory: Path, version_id: str) -> None:
    """Point CURRENT at a version atomically: write CURRENT.tmp, fsync, os.replace, fsync dir."""
    tmp = directory / f"{CURRENT_FILE}.tmp"
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(f"{version_id}\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(tmp, 0o644)
    os.replace(tmp, directory / CURRENT_FILE)
    _fsync_dir(directory)


def _remove_stale_temporaries(root: Path) -> None:
    """Delete what interrupted imports left behind (only ever called while holding the lock)."""
    for path in root.glob(f"{TMP_PREFIX}*"):
        shutil.rmtree(path, ignore_errors=True)


def _new_version_id(root: Path, content_hash: str) -> str:
    """Return a fresh id, later than every existing one even if the clock went backwards."""
    now = datetime.now(UTC)
    existing = sorted(p.name for p in root.iterdir() if VERSION_ID_PATTERN.match(p.name))
    if existing:
        latest = datetime.strptime(existing[-1].split("-")[0], _TIME_FORMAT).replace(tzinfo=UTC)
        if now <= latest:
            now = latest + timedelta(microseconds=1)
    return f"{now.strftime(_TIME_FORMAT)}-{content_hash[:8]}"


def write_version(
    directory: str | Path,
    tables: Mapping[str, pa.Table],
    note: str,
    *,
    today: date | None = None,
    lock_timeout: float = LOCK_TIMEOUT_SECONDS,
    on_table_written: TableWrittenHook | None = None,
    expected_base: str | None = None,
) -> str:
    """Validate the tables, store them as a new version and make it current; return its id.

    Nothing is written when the tables are invalid (DataError). The new version becomes
    visible only through the final atomic replacement of CURRENT, so readers see either the
    previous version or the complete new one. ``expected_base`` is the version the tables were
    read and previewed against: when CURRENT names another one by the time the lock is held,
    another import or a rollback came in between, and StoreError is raised with nothing
    written (else the new version would silently undo that change). ``on_table_written`` is a
    test hook.
    """
    directory = Path(directory)
    unknown = sorted(set(tables) - set(TABLE_NAMES))
    if unknown:
        raise StoreError([f"不明なテーブルです: {'、'.join(unknown)}"])
    validate_tables(dict(tables), today=today)
    with locked(directory, timeout=lock_timeout):
        parent = current_version_id(directory)
        if expected_base is not None and parent != expected_base:
            raise StoreError([base_moved_message(expected_base, parent)])
        root = _versions_dir(directory)
        root.mkdir(exist_ok=True)
        _remove_stale_temporaries(root)
        tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=root))
        try:
            digest = hashlib.sha256()
            hashes: dict[str, str] = {}
            for name in TABLE_NAMES:
                path = tmp / parquet_file_name(name)
                write_parquet(tables[name], path)
                _fsync_file(path)
                hashes[name] = _sha256(path)
                digest.update(f"{name}:{hashes[name]};".encode())
                if on_table_written is not None:
                    on_table_written(name, path)
            version_id = _new_version_id(root, digest.hexdigest())
            meta = {
                "version_id": version_id,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "note": note,
                "user": _user(),
                "parent": parent,
                "row_counts": {name: tables[name].num_rows for name in TABLE_NAMES},
                "sha256": hashes,
            }
            meta_path = tmp / META_FILE
            meta_path.write_text(
                json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            _fsync_file(meta_path)
            os.chmod(tmp, 0o755)
            _fsync_dir(tmp)
            os.rename(tmp, root / version_id)
            _fsync_dir(root)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _switch_current(directory, version_id)
    return version_id


def base_moved_message(expected: str, current: str) -> str:
    """The Japanese refusal when the current version changed between preview and commit."""
    return (
        f"確認（プレビュー）の後に、別の取り込みかロールバックで今のバージョンが変わりました"
        f"（確認したとき: {expected}、今: {current}）。このまま保存すると、その変更が消えてしまうため、"
        "何も書き込んでいません。もう一度ファイルを確認（プレビュー）してから取り込んでください"
    )


def _user() -> str | None:
    """The operating-system user running the import, for meta.json (None when unknown)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return None


# ---------------------------------------------------------------------------
# rollback
# ---------------------------------------------------------------------------


def resolve_version_id(directory: str | Path, wanted: str) -> str:
    """Return the full id for "base", an exact id or a unique prefix of one; StoreError if not."""
    wanted = wanted.strip()
    if wanted == BASE_VERSION:
        return BASE_VERSION
    ids = [info.version_id for info in list_versions(directory) if info.version_id != BASE_VERSION]
    if wanted in ids:
        return wanted
    matches = [version_id for version_id in ids if wanted and version_id.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise StoreError([f"'{wanted}' に当てはまるバージョンが複数あります: {'、'.join(matches)}"])
    raise StoreError(
        [
            f"バージョン '{wanted}' はありません"
            "（`python -m dxdash versions` で一覧を確認してください）"
        ]
    )


def _check_intact(path: Path, version_id: str) -> None:
    """Refuse to switch to a version whose files are missing or differ from meta.json."""
    meta = _read_meta(path)
    hashes = meta.get("sha256") if isinstance(meta.get("sha256"), dict) else {}
    problems = []
    for name in TABLE_NAMES:
        file = path / parquet_file_name(name)
        if not file.exists():
            problems.append(f"バージョン {version_id}: {file.name} がありません")
        elif name in hashes and _sha256(file) != hashes[name]:
            problems.append(
                f"バージョン {version_id}: {file.name} が書き込み後に変更されています"
                "（meta.json のハッシュと一致しません）"
            )
    if version_id != BASE_VERSION and not hashes:
        problems.append(f"バージョン {version_id}: meta.json がないか読めません")
    if problems:
        raise StoreError(problems)


def rollback(
    directory: str | Path, version_id: str, *, lock_timeout: float = LOCK_TIMEOUT_SECONDS
) -> str:
    """Make an existing version (or "base") current again by rewriting CURRENT atomically.

    The version's files were never changed after they were written, so the tables served
    afterwards are byte-identical to those first imported. Returns the full version id.
    """
    directory = Path(directory)
    with locked(directory, timeout=lock_timeout):
        target = resolve_version_id(directory, version_id)
        _check_intact(version_dir(directory, target), target)
        _switch_current(directory, target)
    return target
