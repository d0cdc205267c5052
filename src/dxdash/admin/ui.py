"""The admin page's Streamlit parts: login, export, upload → preview → commit, versions, rollback.

The rules live elsewhere: dxdash.admin.auth (who), dxdash.data.workbook (reading and checking files),
dxdash.data.store (versions). Every text from a file is shown as plain text (tables), never as HTML.
Authorisation is re-checked on every run and again inside every admin callback (commit,
rollback), against the browser of the current connection: see auth.AdminLogin.
"""

from __future__ import annotations

import io
import math
import time
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pyarrow as pa
import streamlit as st

from dxdash.admin import auth
from dxdash.data import store
from dxdash.data.dataset import Dataset, read_tables, resolve_data_dir
from dxdash.data.workbook import (
    MAX_IMPORT_BYTES,
    SHEET_BY_TABLE,
    ImportProblems,
    export_workbook,
    mass_deletions,
    preview_changes,
    read_import,
)
from dxdash.render.markup import escape_markdown
from dxdash.render.streamlit.language import _, locale

AUTH_KEY = "admin_authenticated"
NOTICE_KEY = "admin_login_notice"
PENDING_KEY = "admin_pending_import"
UPLOAD_KEY = "admin_upload"
CONFIRM_KEY = "admin_confirm_mass_delete"


@dataclass(frozen=True)
class PendingImport:
    """A checked upload waiting for the commit button, and the version it was previewed on."""

    name: str
    tables: dict[str, pa.Table]
    changes: dict
    base: str  # the current version when the file was checked: the commit must still find it
    deletions: list[tuple[str, int, int]]  # tables losing more than half their rows


def config() -> auth.AdminConfig:
    """The deployment's admin settings (environment and st.secrets)."""
    return auth.load_config(st.secrets)


def _xsrf_cookie() -> str | None:
    """Streamlit's XSRF cookie as sent on this connection's websocket upgrade (None if absent).

    st.context.cookies belongs to the connection now driving the session: a client that resumes
    the session with a leaked id shows its own cookies here, not the administrator's.
    """
    try:
        return st.context.cookies.get(auth.XSRF_COOKIE)
    except Exception:  # no client context (bare script runs)
        return None


def _client_address() -> str:
    """The address failed logins are counted under (X-Forwarded-For only from trusted proxies)."""
    try:
        peer = st.context.ip_address
        forwarded = st.context.headers.get("X-Forwarded-For")
    except Exception:  # no client context
        peer, forwarded = None, None
    return auth.client_address(peer, forwarded, auth.trusted_proxies())


def is_authenticated(settings: auth.AdminConfig) -> bool:
    """True when this browser logged in with the password, or with an allowed OIDC account.

    A password login counts only for the browser that typed the password (the token in its
    XSRF cookie) and only until LOGIN_IDLE_SECONDS after the last admin request.
    """
    if not settings.enabled:
        return False
    login = st.session_state.get(AUTH_KEY)
    if isinstance(login, auth.AdminLogin) and settings.password:
        now = time.monotonic()
        if login.valid_for(auth.browser_binding(_xsrf_cookie()), now):
            login.touch(now)
            return True
        if now >= login.expires_at:
            _logout()
            st.session_state[NOTICE_KEY] = _(
                "{minutes}分間操作がなかったため、ログアウトしました。もう一度ログインしてください。"
            ).format(minutes=auth.LOGIN_IDLE_SECONDS // 60)
        else:  # another browser resumed this session with its id: not the administrator
            st.session_state[NOTICE_KEY] = _(
                "このブラウザでのログインではありません。管理ページを使うには、ログインしてください。"
            )
    elif login is not None:
        st.session_state.pop(AUTH_KEY, None)
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


def _locked_message(seconds: float) -> str:
    """「…分ほど待って…」 for a locked-out address (rounded up to whole minutes)."""
    return _(
        "ログインの失敗が続いたため、パスワードでのログインを受け付けていません。"
        "{minutes}分ほど待ってから再度お試しください。"
    ).format(minutes=max(1, math.ceil(seconds / 60)))


def login_form(settings: auth.AdminConfig) -> None:
    """Password form (and OIDC button when configured); nothing else is shown before login."""
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.warning(notice, icon=":material/lock:")
    if settings.password:
        with st.form("admin_login"):
            typed = st.text_input(
                _("管理者パスワード"), type="password", key="admin_password_input"
            )
            submitted = st.form_submit_button(_("ログイン"), type="primary")
        if submitted:
            address = _client_address()
            binding = auth.browser_binding(_xsrf_cookie())
            wait = auth.THROTTLE.locked_for(address)
            if wait:  # locked: the password is not even compared
                st.error(_locked_message(wait))
            elif binding is None:
                st.error(
                    _(
                        "このブラウザを確認できないため、ログインできません。"
                        "Cookie を有効にして、ページを再読み込みしてください。"
                    )
                )
            elif auth.password_matches(typed, settings.password):
                auth.THROTTLE.record_success(address)
                st.session_state[AUTH_KEY] = auth.new_login(binding, time.monotonic())
                st.rerun()
            else:
                auth.THROTTLE.record_failure(address)
                wait = auth.THROTTLE.locked_for(address)
                st.error(_locked_message(wait) if wait else _("パスワードが違います。"))
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


def _read_upload(upload: object, current: dict[str, pa.Table], base: str) -> None:
    """Read and check an uploaded file with progress; keep a valid result for the preview."""
    st.session_state.pop(PENDING_KEY, None)
    with st.status(
        _("「{name}」を確認しています…").format(name=escape_markdown(upload.name)), expanded=True
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
                label=locale().say("admin.import_refused", n=len(exc.problems)), state="error"
            )
            problems = exc.problems
        else:
            status.update(
                label=_("確認しました。下のプレビューを見て更新してください。"), state="complete"
            )
            changes = preview_changes(current, tables)
            st.session_state[PENDING_KEY] = PendingImport(
                upload.name, tables, changes, base, mass_deletions(current, changes)
            )
            for key in [k for k in st.session_state if str(k).startswith(CONFIRM_KEY)]:
                del st.session_state[key]  # a new file needs its own confirmation
            return
    # Outside the status box, so the list stays open: every problem, as plain text.
    st.error(_("何も書き込んでいません。ファイルを直して、もう一度アップロードしてください。"))
    st.dataframe(pd.DataFrame({"問題": problems}), hide_index=True, width="stretch")


def _authorised() -> bool:
    """Re-check the login inside a callback: callbacks run before the page script does."""
    return is_authenticated(config())


def _commit(directory: object, note: str) -> None:
    """Button callback: store the checked tables as a new version, if nothing moved since."""
    if not _authorised():
        return
    pending: PendingImport | None = st.session_state.get(PENDING_KEY)
    if pending is None:
        return
    if not all(st.session_state.get(f"{CONFIRM_KEY}-{sheet}") for sheet, *_n in pending.deletions):
        return  # the button is disabled until every mass deletion is confirmed
    st.session_state.pop(PENDING_KEY)
    try:
        version = store.write_version(
            directory,
            pending.tables,
            f"{pending.name}：{note}".strip("："),
            expected_base=pending.base,
        )
    except store.StoreError as exc:
        st.session_state["admin_problem"] = "\n".join(exc.problems)
        return
    st.session_state["admin_message"] = _("バージョン {version} に更新しました。").format(
        version=version
    )


def _rollback(directory: object, version_id: str) -> None:
    """Button callback: make an earlier version current."""
    if not _authorised():
        return
    try:
        store.rollback(directory, version_id)
    except store.StoreError as exc:
        st.session_state["admin_problem"] = "\n".join(exc.problems)
        return
    st.session_state["admin_message"] = _("バージョン {version} に戻しました。").format(
        version=version_id
    )


def admin_tools(dataset: Dataset) -> None:
    """Everything an authenticated administrator can do."""
    directory = resolve_data_dir()
    message = st.session_state.pop("admin_message", None)
    if message:
        st.success(message, icon=":material/check_circle:")
    problem = st.session_state.pop("admin_problem", None)
    if problem:
        st.error(problem, icon=":material/error:")

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
    pending: PendingImport | None = st.session_state.get(PENDING_KEY)
    if upload is not None and (pending is None or pending.name != upload.name):
        base = store.current_version_id(directory)  # before reading: a later switch is noticed
        _read_upload(upload, read_tables(directory), base)
        pending = st.session_state.get(PENDING_KEY)
    if upload is not None and pending is not None:
        frame = _changes_frame(pending.changes)
        st.markdown(locale().say("admin.preview", name=escape_markdown(pending.name), n=len(frame)))
        if frame.empty:
            st.info(_("現在のデータと同じです。更新の必要はありません。"))
        else:
            for sheet, removed, total in pending.deletions:  # more than half of a table: first
                st.warning(
                    _(
                        "この取り込みで、シート「{sheet}」の{total}件中{removed}件が削除されます"
                        "（半分を超えます）。見出しだけのCSVなど、意図しない削除でないか確かめてください。"
                    ).format(sheet=sheet, total=total, removed=removed),
                    icon=":material/warning:",
                )
            st.dataframe(frame, hide_index=True, width="stretch")
            note = st.text_input(
                _("更新の記録（担当者・内容）"), key="admin_note", placeholder=_("例：10月分 山田")
            )
            confirmed = True
            for sheet, removed, total in pending.deletions:
                confirmed &= st.checkbox(
                    _("シート「{sheet}」の{total}件中{removed}件の削除を確認しました").format(
                        sheet=sheet, total=total, removed=removed
                    ),
                    key=f"{CONFIRM_KEY}-{sheet}",
                )
            st.button(
                _("この内容で更新する"),
                key="admin_commit",
                type="primary",
                on_click=_commit,
                args=(directory, note),
                disabled=not confirmed,
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
