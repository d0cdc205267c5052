"""The admin page's Streamlit parts: login, export, upload → preview → commit, versions, rollback.

The rules live elsewhere: dxdash.auth (who), dxdash.workbook (reading and checking files),
dxdash.store (versions). Every text from a file is shown as plain text (tables), never as HTML.
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pyarrow as pa
import streamlit as st

from dxdash import auth, store
from dxdash.data import Dataset, read_tables, resolve_data_dir
from dxdash.ui import _
from dxdash.workbook import (
    MAX_IMPORT_BYTES,
    SHEET_BY_TABLE,
    ImportProblems,
    export_workbook,
    preview_changes,
    read_import,
)

AUTH_KEY = "admin_authenticated"
ATTEMPTS_KEY = "admin_attempts"
PENDING_KEY = "admin_pending_import"
UPLOAD_KEY = "admin_upload"


def config() -> auth.AdminConfig:
    """The deployment's admin settings (environment and st.secrets)."""
    return auth.load_config(st.secrets)


def is_authenticated(settings: auth.AdminConfig) -> bool:
    """True when this session logged in with the password or an allowed OIDC account."""
    if not settings.enabled:
        return False
    if st.session_state.get(AUTH_KEY):
        return True
    if settings.oidc and settings.admin_emails:
        try:
            return bool(st.user.is_logged_in) and auth.email_allowed(st.user.get("email"), settings)
        except Exception:  # st.user needs [auth] in secrets; treat any failure as logged out
            return False
    return False


def show_how_to_enable() -> None:
    """With nothing configured the admin page is off: say how to turn it on."""
    st.info(
        _(
            "管理ページは無効です（認証が設定されていません）。有効にするには次のいずれかを設定してください。"
            "\n\n- 環境変数 `{env}` に8文字以上のパスワード"
            '\n- `.streamlit/secrets.toml` に `{secret} = "…"`（8文字以上）'
            '\n- `.streamlit/secrets.toml` の `[auth]`（OIDC）と `{emails} = ["…"]`'
            "\n\n詳しくは docs/import.md を参照してください。"
        ).format(
            env=auth.PASSWORD_ENV, secret=auth.PASSWORD_SECRET, emails=auth.ADMIN_EMAILS_SECRET
        ),
        icon=":material/lock:",
    )


def login_form(settings: auth.AdminConfig) -> None:
    """Password form (and OIDC button when configured); nothing else is shown before login."""
    attempts: auth.Attempts = st.session_state.setdefault(ATTEMPTS_KEY, auth.Attempts())
    if settings.password:
        with st.form("admin_login"):
            typed = st.text_input(
                _("管理者パスワード"), type="password", key="admin_password_input"
            )
            submitted = st.form_submit_button(_("ログイン"), type="primary")
        if submitted:
            if attempts.locked():
                st.error(_("ログインの失敗が続いたため、しばらく待ってから再度お試しください。"))
            elif auth.password_matches(typed, settings.password):
                st.session_state[AUTH_KEY] = True
                st.rerun()
            else:
                attempts.record_failure()
                st.error(_("パスワードが違います。"))
    if settings.oidc and settings.admin_emails:
        st.button(_("組織のアカウントでログイン"), key="admin_oidc_login", on_click=st.login)


def _logout() -> None:
    """Forget this session's admin login (and the OIDC cookie when used)."""
    st.session_state.pop(AUTH_KEY, None)
    st.session_state.pop(PENDING_KEY, None)


def _workbook_bytes(dataset: Dataset) -> bytes:
    """The current data as the .xlsx import template."""
    buffer = io.BytesIO()
    export_workbook(dataset, buffer)
    return buffer.getvalue()


def _show(value: object) -> str:
    """A value as staff read it in the preview: 850000.0 → 850,000; None → 空欄."""
    if value is None or (isinstance(value, float) and value != value):
        return "（空欄）"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, (list, tuple)):
        return "／".join(str(v) for v in value)
    return str(value)


def _changes_frame(changes: dict) -> pd.DataFrame:
    """The preview as a table in the workbook's words: sheet, key, column, old → new."""
    rows = []
    for table, kinds in changes.items():
        sheet = SHEET_BY_TABLE[table]
        headers = {column.name: column.header for column in sheet.columns}

        def key_text(key: object) -> str:
            if isinstance(key, tuple):  # metrics: (施策ID, 指標, 時点, 市町村コード)
                return " / ".join(str(k) for k in key if k is not None)
            return str(key)

        moved = dict(kinds.get("moved", []))  # a newer value: 「友だち登録数：約80万人 → 約85万人」
        for kind, label in (("added", "追加"), ("removed", "削除")):
            for key in kinds.get(kind, []):
                old, new = moved.get(key, ("", "")) if kind == "added" else ("", "")
                column = headers["value_text"] if new else ""
                rows.append((sheet.title, label, key_text(key), column, old, new))
        for key, column, old, new in kinds.get("changed", []):
            rows.append(
                (
                    sheet.title,
                    "変更",
                    key_text(key),
                    headers.get(column, column),
                    _show(old),
                    _show(new),
                )
            )
    return pd.DataFrame(rows, columns=["シート", "種類", "キー", "列", "変更前", "変更後"])


def _read_upload(upload: object, current: dict[str, pa.Table]) -> None:
    """Read and check an uploaded file with progress; keep a valid result for the preview."""
    st.session_state.pop(PENDING_KEY, None)
    with st.status(
        _("「{name}」を確認しています…").format(name=upload.name), expanded=True
    ) as status:
        bar = st.progress(0.0)

        def progress(fraction: float, message: str) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=message)

        try:
            tables = read_import(
                upload.getvalue(), name=upload.name, current=current, progress=progress
            )
        except ImportProblems as exc:
            status.update(
                label=_("取り込めません（{n}件の問題）").format(n=len(exc.problems)), state="error"
            )
            problems = exc.problems
        else:
            status.update(
                label=_("確認しました。下のプレビューを見て更新してください。"), state="complete"
            )
            st.session_state[PENDING_KEY] = (upload.name, tables, preview_changes(current, tables))
            return
    # Outside the status box, so the list stays open: every problem, as plain text.
    st.error(_("何も書き込んでいません。ファイルを直して、もう一度アップロードしてください。"))
    st.dataframe(pd.DataFrame({"問題": problems}), hide_index=True, width="stretch")


def _commit(directory: object, note: str) -> None:
    """Button callback: store the checked tables as a new version and make it current."""
    name, tables, _changes = st.session_state.pop(PENDING_KEY)
    version = store.write_version(directory, tables, f"{name}：{note}".strip("："))
    st.session_state["admin_message"] = _("バージョン {version} に更新しました。").format(
        version=version
    )


def _rollback(directory: object, version_id: str) -> None:
    """Button callback: make an earlier version current."""
    store.rollback(directory, version_id)
    st.session_state["admin_message"] = _("バージョン {version} に戻しました。").format(
        version=version_id
    )


def admin_tools(dataset: Dataset) -> None:
    """Everything an authenticated administrator can do."""
    directory = resolve_data_dir()
    message = st.session_state.pop("admin_message", None)
    if message:
        st.success(message, icon=":material/check_circle:")

    st.subheader(_("1. 現在のデータを書き出す"), anchor=False)
    st.download_button(
        _("Excel（.xlsx）で書き出す（取り込み用テンプレート）"),
        data=_workbook_bytes(dataset),
        file_name=f"dxdash_data_{date.today():%Y-%m-%d}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="admin_export",
        icon=":material/download:",
    )

    st.subheader(_("2. 更新したファイルを取り込む"), anchor=False)
    st.caption(
        _(
            ".xlsx または .csv（UTF-8・BOM付きUTF-8・Shift_JIS）、{mb}MBまで。"
            "すべて正しい場合だけ、プレビューの後に更新できます。"
        ).format(mb=MAX_IMPORT_BYTES // 1_000_000)
    )
    upload = st.file_uploader(_("ファイル"), type=["xlsx", "csv"], key=UPLOAD_KEY)
    pending = st.session_state.get(PENDING_KEY)
    if upload is not None and (pending is None or pending[0] != upload.name):
        _read_upload(upload, read_tables(directory))
        pending = st.session_state.get(PENDING_KEY)
    if upload is not None and pending is not None:
        name, _tables, changes = pending
        frame = _changes_frame(changes)
        st.markdown(
            _("**プレビュー：「{name}」** 追加・変更・削除 {n}件").format(name=name, n=len(frame))
        )
        if frame.empty:
            st.info(_("現在のデータと同じです。更新の必要はありません。"))
        else:
            st.dataframe(frame, hide_index=True, width="stretch")
            note = st.text_input(
                _("更新の記録（担当者・内容）"), key="admin_note", placeholder=_("例：10月分 山田")
            )
            st.button(
                _("この内容で更新する"),
                key="admin_commit",
                type="primary",
                on_click=_commit,
                args=(directory, note),
            )

    st.subheader(_("3. バージョン"), anchor=False)
    versions = store.list_versions(directory)
    st.dataframe(
        pd.DataFrame(
            {
                "現在": ["●" if v.current else "" for v in versions],
                "バージョン": [v.version_id for v in versions],
                "日時": [v.created_at or "" for v in versions],
                "記録": [v.note for v in versions],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    choices = [v.version_id for v in versions if not v.current]
    if choices:
        target = st.selectbox(_("戻すバージョン"), choices, key="admin_rollback_target")
        st.button(
            _("このバージョンに戻す"),
            key="admin_rollback",
            on_click=_rollback,
            args=(directory, target),
        )
    st.divider()
    st.button(_("ログアウト"), key="admin_logout", on_click=_logout)
