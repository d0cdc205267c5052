"""The dataset a run shows: the current version (or the last good one), a saved snapshot, in the page's language."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from dxdash.data import snapshots
from dxdash.data.dataset import (
    Dataset,
    data_version,
    load_dataset,
    load_newest_valid,
    resolve_data_dir,
)
from dxdash.data.validation import DataError
from dxdash.render.markup import escape_markdown
from dxdash.render.streamlit.language import _, locale
from dxdash.story import content as localize

# The last dataset that validated, per directory: a broken update never takes the app down.
_LAST_GOOD: dict[str, Dataset] = {}


@st.cache_resource(show_spinner=False, max_entries=4)
def _load_cached(directory: str, version: str) -> Dataset:
    """Load one data version once per process; all sessions share it read-only."""
    del version  # part of the cache key only
    return load_dataset(Path(directory))


def active_snapshot() -> snapshots.Snapshot | None:
    """The snapshot named in the URL (?snapshot=…), or None; a bad id is reported on the page."""
    snapshot_id = st.query_params.get(snapshots.SNAPSHOT_PARAM)
    if not snapshot_id:
        return None
    try:
        return snapshots.load_snapshot(resolve_data_dir(), snapshot_id)
    except DataError:
        return None  # snapshot_banner says so, once


def snapshot_dataset(snapshot: snapshots.Snapshot) -> Dataset | None:
    """The data a snapshot pinned, or None when it is gone (its version pruned) or unreadable:
    the page then shows the current data and snapshot_banner says why."""
    try:
        directory = snapshots.snapshot_data_dir(resolve_data_dir(), snapshot)
        return _load_cached(str(directory), snapshot.snapshot_id)
    except DataError:
        return None


# Localised datasets per (data directory, version, language): made once, shared read-only.
_LOCALIZED: dict[tuple[str, str, str], Dataset] = {}


MAX_LOCALIZED = 8  # (version × language) pairs kept per process; a data update adds one


def shown_dataset(*, announce: bool = False) -> Dataset:
    """The data on screen, as stored (Japanese): a snapshot's pinned data, else the current."""
    snapshot = active_snapshot()
    pinned = snapshot_dataset(snapshot) if snapshot is not None else None
    return pinned if pinned is not None else get_current_dataset(announce=announce)


def get_dataset(*, announce: bool = False) -> Dataset:
    """Return the dataset to show, in the page's language: a snapshot's pinned data, or the
    current data. On bad data keep the last good data; `announce` (app.py's call, once per
    run) shows the problems on the page."""
    dataset = shown_dataset(announce=announce)
    page = locale()
    key = (str(dataset.data_dir), dataset.version, page.code)  # the data's language
    if key not in _LOCALIZED:
        while len(_LOCALIZED) >= MAX_LOCALIZED:  # keep recent versions only (oldest first out)
            _LOCALIZED.pop(next(iter(_LOCALIZED)))
        _LOCALIZED[key] = localize.localized(dataset, page)
    return _LOCALIZED[key]


def get_current_dataset(*, announce: bool = False) -> Dataset:
    """Return the current dataset; on bad data show the problems and keep the last good data.

    After a restart with a broken current version (nothing good in this process yet), serve
    the newest valid version on disk with one warning, so /admin stays reachable to roll back.
    `announce` shows the problems (app.py's call; pages and the snapshot banner ask again).
    With no good data at all the problems are always shown and the run stops.
    """
    directory = resolve_data_dir()
    key = str(directory.resolve())
    version = data_version(directory)
    try:
        dataset = _load_cached(key, version)
    except DataError as exc:
        last_good = _LAST_GOOD.get(key)
        if last_good is not None:
            if announce:
                show_data_problems(exc.problems, serving_last_good=True)
            return last_good
        fallback = _newest_valid(key, version)
        if fallback is None:
            show_data_problems(exc.problems, serving_last_good=False)
            st.stop()
        dataset, version_id = fallback
        if announce:
            shown = _("基本データ") if version_id == "base" else version_id
            st.warning(
                _(
                    "現在のデータ版を読み込めないため、前回の正しいデータ版（{version}）を"
                    "表示しています。管理者はデータ管理ページで正しい版に戻してください。"
                ).format(version=escape_markdown(shown)),
                icon=":material/warning:",
            )
        return dataset
    _LAST_GOOD[key] = dataset
    return dataset


# The newest valid version per (data directory, broken version): searched once, not per run.
_FALLBACK: dict[tuple[str, str], tuple[Dataset, str] | None] = {}


def _newest_valid(directory: str, broken_version: str) -> tuple[Dataset, str] | None:
    """load_newest_valid once per broken data version (it reads every version on disk)."""
    key = (directory, broken_version)
    if key not in _FALLBACK:
        if len(_FALLBACK) >= MAX_LOCALIZED:
            _FALLBACK.clear()
        _FALLBACK[key] = load_newest_valid(Path(directory))
    return _FALLBACK[key]


def show_data_problems(problems: Sequence[str], *, serving_last_good: bool) -> None:
    """Show data problems in Japanese on the page — never a bare traceback."""
    lead = (
        "データの更新に問題があるため、前回の正しいデータを表示しています。"
        if serving_last_good
        else "データを読み込めませんでした。管理者に連絡してください。"
    )
    lines = "\n".join(f"- {escape_markdown(p)}" for p in problems[:30])
    more = f"\n- ほか {len(problems) - 30}件" if len(problems) > 30 else ""
    st.error(f"{lead}\n\n{lines}{more}", icon=":material/warning:")
