"""Admin takeover through a leaked session id, and password guessing across sessions (#18).

The attacker is a websocket client (bench.protocol_sessions) with none of the admin's cookies:
it knows only the Streamlit session id, which every upload request carries in its path
(`PUT /_stcore/upload_file/<session id>/…`) and nginx's default access log records.
"""

from __future__ import annotations

import asyncio
import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.protocol_sessions import ProtocolSession
from dxdash.admin import auth
from dxdash.data import store
from tests.browser.conftest import (
    new_page,
    screenshot,
    start_admin_server,
    stop_streamlit,
    wait_for_app,
)
from tests.browser.test_admin_flow import _edited_workbook

pytestmark = pytest.mark.browser

PASSWORD = "gunma-dx-admin-2026"
UPLOAD_PATH = re.compile(r"/_stcore/upload_file/([^/]+)/")


@pytest.fixture
def server(tmp_path):
    """A server of its own (the lockout store is per process), on a copy of the data."""
    process, base, data = start_admin_server(tmp_path, PASSWORD)
    yield base, data
    stop_streamlit(process)


def _widget_ids(frames: list[bytes]) -> dict[str, str]:
    """Widget ids by user key, from the ForwardMsgs the admin's browser received."""
    ids = {}
    for frame in frames:
        msg = ForwardMsg()
        msg.ParseFromString(frame)
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            inner = getattr(element, element.WhichOneof("type"))
            widget_id = getattr(inner, "id", "")
            if widget_id.startswith("$$ID"):
                ids[widget_id.rsplit("-", 1)[-1]] = widget_id
    return ids


def _trigger(widget_id: str) -> WidgetState:
    state = WidgetState(id=widget_id)
    state.trigger_value = True
    return state


async def _attack(
    base: str, session_id: str, triggers: list[str], headers: dict[str, str]
) -> ProtocolSession:
    """Resume the admin's session by its id, open /admin, then press the admin's buttons."""
    attacker = ProtocolSession(base, existing_session_id=session_id, headers=headers)
    await attacker.open()
    try:
        await attacker.run_page("admin")
        seen = list(attacker.texts)
        await attacker.run_page("admin", [_trigger(widget_id) for widget_id in triggers])
        attacker.texts = seen + attacker.texts
    finally:
        await attacker.close()
    return attacker


def _run(coroutine_function, *args):
    """Run a coroutine in a thread of its own (Playwright's sync API holds this one's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_function(*args))).result()


@pytest.mark.parametrize(
    ("admin_tab_open", "attacker_has_a_cookie"),
    [
        pytest.param(False, False, id="admin-walked-away-attacker-without-cookies"),
        pytest.param(True, True, id="admin-tab-open-attacker-with-its-own-cookie"),
    ],
)
def test_leaked_session_id_does_not_grant_admin(
    browser, server, tmp_path, admin_tab_open, attacker_has_a_cookie
):
    base, data = server
    admin = new_page(browser)
    frames: list[bytes] = []
    admin.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived",
            lambda payload: frames.append(payload) if isinstance(payload, bytes) else None,
        ),
    )
    uploads: list[str] = []
    admin.on("request", lambda r: uploads.extend(UPLOAD_PATH.findall(r.url)))
    admin.goto(base + "/admin")
    wait_for_app(admin)
    admin.get_by_label("管理者パスワード").fill(PASSWORD)
    admin.get_by_role("button", name="ログイン").click()
    admin.get_by_role("heading", name="1. 現在のデータを書き出す").wait_for()

    # The admin imports one file (version 1), then previews a second one: a commit is pending.
    first = _edited_workbook(data, tmp_path / "一回目.xlsx", 850_000, "約85万人")
    admin.locator("input[type='file']").set_input_files(str(first))
    admin.get_by_role("button", name="この内容で更新する").click()
    admin.get_by_text("に更新しました。").wait_for(timeout=60_000)
    version = store.current_version_id(data)
    assert version != store.BASE_VERSION
    second = _edited_workbook(data, tmp_path / "二回目.xlsx", 900_000, "約90万人")
    admin.locator("input[type='file']").set_input_files(str(second))
    admin.get_by_text("プレビュー：「二回目.xlsx」").wait_for(timeout=60_000)
    admin.get_by_role("button", name="このバージョンに戻す").wait_for()
    assert uploads, "the upload request carries the session id in its path"
    session_id = uploads[-1]
    ids = _widget_ids(frames)
    if admin_tab_open:
        # Streamlit hands a live session to whoever presents its id and drops the admin's
        # websocket; the admin's tab would reconnect at once and take it back, so its new
        # websockets are held here, leaving the session to the attacker for the test.
        admin.route_web_socket(re.compile(r".*/_stcore/stream$"), lambda ws: None)
    else:
        # The admin walks away; the session stays on the server (kept for reconnects).
        admin.context.close()

    headers = {"Cookie": _fresh_cookie(base)} if attacker_has_a_cookie else {}
    triggers = [ids["admin_rollback"], ids["admin_commit"]]
    attacker = _run(_attack, base, session_id, triggers, headers)
    if admin_tab_open:
        admin.context.close()
    assert attacker.session_id == session_id  # the attacker really is in the admin's session
    shown = "\n".join(attacker.texts)
    assert "1. 現在のデータを書き出す" not in shown
    assert "このブラウザでのログインではありません" in shown
    assert not any(key.endswith("-admin_rollback") for key in attacker.widgets)
    # Neither the rollback nor the pending commit ran.
    assert store.current_version_id(data) == version
    assert [v.version_id for v in store.list_versions(data)] == [version, store.BASE_VERSION]


def _fresh_cookie(base: str) -> str:
    """Get an XSRF cookie as the browser does: the server sets one on /_stcore/health."""
    with urllib.request.urlopen(base + "/_stcore/health") as response:
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
    return f"{auth.XSRF_COOKIE}={cookies[auth.XSRF_COOKIE].value}"


async def _guess(base: str, password: str) -> ProtocolSession:
    """A new browser-like session (as after a reload, with a fresh cookie) submits a password."""
    guesser = ProtocolSession(base, headers={"Cookie": _fresh_cookie(base)})
    await guesser.open()
    try:
        await guesser.run_page("admin")
        typed = WidgetState(id=guesser.widget("admin_password_input"))
        typed.string_value = password
        submit = next(w for w, kind in guesser.widgets.items() if "FormSubmitter" in w)
        await guesser.run_page("admin", [typed, _trigger(submit)])
    finally:
        await guesser.close()
    return guesser


def test_guessing_across_sessions_locks_the_password_login(browser, server):
    """Every guess in a session of its own; then the right password, in a browser: refused."""
    base, _data = server
    for _ in range(auth.ADDRESS_MAX_FAILURES):
        guesser = _run(_guess, base, "wrong-password")
    assert any("分ほど待ってから" in text for text in guesser.texts), guesser.texts
    page = new_page(browser)
    page.goto(base + "/admin")
    wait_for_app(page)
    page.get_by_label("管理者パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.get_by_text("パスワードでのログインを受け付けていません").wait_for()
    assert page.get_by_role("heading", name="1. 現在のデータを書き出す").count() == 0
    screenshot(page, "admin-locked-out")
    page.context.close()
