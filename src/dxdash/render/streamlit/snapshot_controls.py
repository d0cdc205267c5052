"""Saved views (会議用スナップショット): saving one from the sidebar (rate-limited per client
and overall), and the banner that says which one is on screen and what changed since."""

from __future__ import annotations

import ipaddress
import secrets

import streamlit as st

from dxdash.data import snapshots
from dxdash.data.dataset import Dataset, resolve_data_dir
from dxdash.data.validation import DataError
from dxdash.render.markup import escape_markdown
from dxdash.render.streamlit.language import _, locale
from dxdash.render.streamlit.loading import active_snapshot, get_current_dataset, snapshot_dataset
from dxdash.render.streamlit.sidebar import FILTER_KEYS, SNAPSHOT_SEEDED_KEY
from dxdash.story import tables, url_state

# Saving snapshots is open to every visitor: limited per client and overall (see snapshots).
SNAPSHOT_LIMITS = snapshots.RateLimiter()


SNAPSHOT_NOTICE_KEY = "_snapshot_notice"


def _client_key() -> str:
    """Who is saving, for the per-client limit: the client's address (behind the local nginx
    of deploy/, its X-Real-IP), else this session."""
    address = st.context.ip_address
    address = address if isinstance(address, str) else ""  # None (or a mock under AppTest)
    try:
        proxied = ipaddress.ip_address(address).is_loopback
    except ValueError:
        proxied = False
    if proxied:
        forwarded = st.context.headers.get("X-Real-IP")
        address = forwarded if isinstance(forwarded, str) and forwarded else address
    if address:
        return "ip:" + address
    return "session:" + str(st.session_state.setdefault("_client_session", secrets.token_hex(8)))


def save_snapshot() -> None:
    """Button callback: pin the data version and the filters; the URL becomes the shareable link.

    Never fails the page: too many saves, a read-only data folder or a busy lock become a
    notice at the top of the page (snapshot_banner)."""
    directory = resolve_data_dir()
    params = {key: st.query_params.get_all(key) for key in FILTER_KEYS if key in st.query_params}
    if snapshots.created_since(
        directory, SNAPSHOT_LIMITS.overall_window
    ) >= SNAPSHOT_LIMITS.overall or not SNAPSHOT_LIMITS.allow(_client_key()):
        st.session_state[SNAPSHOT_NOTICE_KEY] = "rate"
        return
    try:
        snapshot = snapshots.create_snapshot(directory, params, keys=FILTER_KEYS)
    except OSError:
        st.session_state[SNAPSHOT_NOTICE_KEY] = "read_only"
        return
    except DataError:  # the lock stayed busy, or the current version cannot be named
        st.session_state[SNAPSHOT_NOTICE_KEY] = "failed"
        return
    st.query_params[snapshots.SNAPSHOT_PARAM] = snapshot.snapshot_id
    st.session_state[SNAPSHOT_SEEDED_KEY] = snapshot.snapshot_id
    st.session_state["_snapshot_saved"] = snapshot.snapshot_id


def _leave_snapshot() -> None:
    """Button callback: back to the latest data, filters kept."""
    st.query_params.pop(snapshots.SNAPSHOT_PARAM, None)


def snapshot_banner(shown: Dataset) -> None:
    """Say which snapshot is on screen, and list every figure changed since (old → new); or
    why a snapshot could not be saved or shown (the current data is shown instead)."""
    notice = st.session_state.pop(SNAPSHOT_NOTICE_KEY, None)
    notices = {
        "rate": _(
            "スナップショットの保存が多すぎます（1人10分に10件、全体で1時間に100件まで）。"
            "しばらくしてからもう一度保存してください。"
        ),
        "read_only": _(
            "このサーバーではスナップショットを保存できません（データフォルダが読み取り専用です）。"
            "管理者に連絡してください。"
        ),
        "failed": _(
            "スナップショットを保存できませんでした。しばらくしてからもう一度保存してください。"
        ),
    }
    if notice in notices:
        st.warning(notices[notice], icon=":material/warning:")
    snapshot_id = st.query_params.get(snapshots.SNAPSHOT_PARAM)
    if not snapshot_id:
        return
    snapshot = active_snapshot()
    if snapshot is not None and snapshot_dataset(snapshot) is None:
        st.warning(
            _(
                "スナップショット「{id}」が固定したデータ版はもう保存されていないため、表示できません。"
                "最新のデータを表示しています。"
            ).format(id=escape_markdown(snapshot.snapshot_id)),
            icon=":material/info:",
        )
        return
    if snapshot is None:
        st.warning(
            _("スナップショット「{id}」は見つかりません。最新のデータを表示しています。").format(
                id=escape_markdown(url_state.shown_value(snapshot_id))
            ),
            icon=":material/info:",
        )
        return
    created = snapshot.created_at.replace("T", " ")[:16]
    saved = st.session_state.pop("_snapshot_saved", None) == snapshot.snapshot_id
    lead = (
        _("スナップショットを保存しました。このURLを共有すると、同じ数値と絞り込みを表示できます。")
        if saved
        else ""
    )
    st.info(
        lead
        + _(
            "会議用スナップショット **{id}**（{created} UTC 保存、データ版 {version}）の数値を表示しています。"
        ).format(
            id=escape_markdown(snapshot.snapshot_id),
            created=escape_markdown(created),
            version=escape_markdown(snapshot.version_id),
        ),
        icon=":material/push_pin:",
    )
    current = get_current_dataset()
    changes = tables.figure_changes(shown.metrics, current.metrics, current.initiatives)
    label = _("このスナップショット以降に変わった数値（{n}件）").format(n=len(changes))
    with st.expander(label, expanded=False):
        if changes.empty:
            st.write(_("変わった数値はありません。"))
        else:
            shown = tables.changes_table(changes, locale()).shown()
            st.dataframe(shown, hide_index=True, width="stretch")
    st.button(_("最新のデータで表示する"), key="snapshot_leave", on_click=_leave_snapshot)
