"""Admin access: configuration, constant-time password check, lockout, and the page via AppTest.

AppTest has no browser, so no cookies: the tests stand in Streamlit's XSRF cookie (the browser
the login is bound to) by replacing admin_ui._xsrf_cookie. tests/browser/test_admin_security.py
checks the same against a real server, a real Chromium and a websocket attacker.
"""

from __future__ import annotations

import binascii

import pytest
from streamlit.testing.v1 import AppTest

from dxdash.admin import auth
from dxdash.admin import ui as admin_ui
from dxdash.data.dataset import REPO_ROOT

APP = str(REPO_ROOT / "app.py")


def _cookie(token: bytes, mask: bytes = b"\x01\x02\x03\x04") -> str:
    """An XSRF cookie as Streamlit writes it: "2|mask|masked token|timestamp"."""
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(token))
    return f"2|{binascii.b2a_hex(mask).decode()}|{binascii.b2a_hex(masked).decode()}|1700000000"


# Two browsers' XSRF cookies.
BROWSER_A = _cookie(bytes(range(16)))
BROWSER_B = _cookie(bytes(range(16, 32)))
TOOLS = ["1. 現在のデータを書き出す", "2. 更新したファイルを取り込む", "3. バージョン"]


class Clock:
    """A settable monotonic clock for the lockout."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch) -> Clock:
    """Each test starts with no failed logins on record, on a clock it controls."""
    clock = Clock()
    monkeypatch.setattr(auth, "THROTTLE", auth.LoginThrottle(clock=clock))
    return clock


@pytest.fixture
def browser(monkeypatch) -> dict[str, str | None]:
    """The XSRF cookie the current connection presents; change ["cookie"] to switch browsers."""
    current: dict[str, str | None] = {"cookie": BROWSER_A}
    monkeypatch.setattr(admin_ui, "_xsrf_cookie", lambda: current["cookie"])
    return current


@pytest.mark.parametrize(
    ("environ", "secrets", "enabled", "password"),
    [
        pytest.param({}, {}, False, None, id="nothing-configured"),
        pytest.param({"DXDASH_ADMIN_PASSWORD": "long-enough"}, {}, True, "long-enough", id="env"),
        pytest.param({}, {"admin_password": "from-secrets"}, True, "from-secrets", id="secrets"),
        pytest.param(
            {"DXDASH_ADMIN_PASSWORD": "env-wins-here"},
            {"admin_password": "from-secrets"},
            True,
            "env-wins-here",
            id="env-over-secrets",
        ),
        pytest.param({"DXDASH_ADMIN_PASSWORD": "short"}, {}, False, None, id="too-short-is-off"),
        pytest.param({}, {"auth": {"client_id": "x"}}, False, None, id="oidc-without-admin-list"),
        pytest.param(
            {},
            {"auth": {"client_id": "x"}, "admin_emails": ["A@pref.gunma.lg.jp"]},
            True,
            None,
            id="oidc-with-admin-list",
        ),
    ],
)
def test_load_config(environ, secrets, enabled, password):
    config = auth.load_config(secrets, environ)
    assert config.enabled is enabled
    assert config.password == password


def test_missing_secrets_file_is_not_an_error():
    class Raising:
        def get(self, key):
            raise FileNotFoundError("no secrets.toml")

    assert not auth.load_config(Raising(), {}).enabled


@pytest.mark.parametrize(
    ("given", "expected", "matches"),
    [
        ("correct-horse", "correct-horse", True),
        ("correct-hors", "correct-horse", False),
        ("", "correct-horse", False),
        ("パスワード長め", "パスワード長め", True),
    ],
)
def test_password_matches(given, expected, matches):
    assert auth.password_matches(given, expected) is matches


def test_email_allowed_is_case_insensitive():
    config = auth.load_config({"auth": {"x": 1}, "admin_emails": ["Staff@Pref.Gunma.lg.jp"]}, {})
    assert auth.email_allowed("staff@pref.gunma.lg.jp", config)
    assert not auth.email_allowed("other@example.com", config)
    assert not auth.email_allowed(None, config)


def test_failures_lock_the_address_then_everyone():
    clock = Clock()
    throttle = auth.LoginThrottle(clock=clock)
    for _ in range(auth.ADDRESS_MAX_FAILURES - 1):
        throttle.record_failure("10.0.0.1")
    assert throttle.locked_for("10.0.0.1") == 0
    throttle.record_failure("10.0.0.1")
    assert throttle.locked_for("10.0.0.1") == auth.ADDRESS_LOCKOUT_SECONDS
    assert throttle.locked_for("10.0.0.2") == 0  # another address may still try
    clock.now += auth.ADDRESS_LOCKOUT_SECONDS
    assert throttle.locked_for("10.0.0.1") == 0

    # Many addresses, a few guesses each: the global limit locks every address, new ones too.
    throttle = auth.LoginThrottle(clock=clock)
    for n in range(auth.GLOBAL_MAX_FAILURES):
        throttle.record_failure(f"192.0.2.{n}")
    assert throttle.locked_for("198.51.100.7") == auth.GLOBAL_LOCKOUT_SECONDS
    clock.now += auth.GLOBAL_LOCKOUT_SECONDS
    assert throttle.locked_for("198.51.100.7") == 0


def test_old_failures_fall_out_of_the_window_and_success_clears_the_address():
    clock = Clock()
    throttle = auth.LoginThrottle(clock=clock)
    for _ in range(auth.ADDRESS_MAX_FAILURES - 1):
        throttle.record_failure("10.0.0.1")
    clock.now += auth.FAILURE_WINDOW_SECONDS
    throttle.record_failure("10.0.0.1")
    assert throttle.locked_for("10.0.0.1") == 0
    for _ in range(auth.ADDRESS_MAX_FAILURES - 2):
        throttle.record_failure("10.0.0.1")
    throttle.record_success("10.0.0.1")
    throttle.record_failure("10.0.0.1")
    assert throttle.locked_for("10.0.0.1") == 0


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        pytest.param("203.0.113.5", None, "", "203.0.113.5", id="direct"),
        pytest.param(None, None, "", "127.0.0.1", id="loopback-is-none-in-st-context"),
        pytest.param(None, "203.0.113.5", "", "127.0.0.1", id="xff-ignored-by-default"),
        pytest.param(None, "203.0.113.5", "127.0.0.1", "203.0.113.5", id="trusted-nginx"),
        pytest.param(
            None, "1.1.1.1, 203.0.113.5", "127.0.0.1", "203.0.113.5", id="client-written-ignored"
        ),
        pytest.param("203.0.113.9", "1.1.1.1", "127.0.0.1", "203.0.113.9", id="untrusted-peer"),
        pytest.param(None, "not-an-ip", "127.0.0.1", "127.0.0.1", id="garbage"),
    ],
)
def test_client_address(peer, forwarded, trusted, expected):
    proxies = auth.trusted_proxies({auth.TRUSTED_PROXIES_ENV: trusted})
    assert auth.client_address(peer, forwarded, proxies) == expected


def test_xsrf_token_is_read_through_the_mask():
    token = bytes(range(16))
    cookie = _cookie(token, mask=b"\x09\x08\x07\x06")  # a new mask on every page load
    assert cookie != BROWSER_A
    assert auth.xsrf_token(cookie) == token
    assert auth.xsrf_token(token.hex()) == token
    assert auth.browser_binding(cookie) == auth.browser_binding(BROWSER_A)
    for bad in (None, "", "2|zz|00|1", "2|0102|00|1", "abc", "2|01020304|00|1"):
        assert auth.xsrf_token(bad) is None


def test_login_is_bound_to_the_browser_and_expires_when_idle():
    login = auth.new_login(auth.browser_binding(BROWSER_A), now=0.0)
    assert login.valid_for(auth.browser_binding(BROWSER_A), now=1.0)
    assert not login.valid_for(auth.browser_binding(BROWSER_B), now=1.0)
    assert not login.valid_for(None, now=1.0)
    login.touch(now=auth.LOGIN_IDLE_SECONDS - 1)  # sliding: each admin request extends it
    assert login.valid_for(auth.browser_binding(BROWSER_A), now=2 * auth.LOGIN_IDLE_SECONDS - 2)
    assert not login.valid_for(auth.browser_binding(BROWSER_A), now=2 * auth.LOGIN_IDLE_SECONDS)


def _admin(monkeypatch, password: str | None) -> AppTest:
    if password:
        monkeypatch.setenv("DXDASH_ADMIN_PASSWORD", password)
    else:
        monkeypatch.delenv("DXDASH_ADMIN_PASSWORD", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/admin.py")
    at.run()
    assert not at.exception
    return at


def test_admin_page_is_off_and_says_how_to_enable(monkeypatch):
    at = _admin(monkeypatch, None)
    assert "管理ページは無効です" in at.info[0].value
    assert "DXDASH_ADMIN_PASSWORD" in at.info[0].value
    assert not at.subheader


def test_admin_page_shows_nothing_before_login(monkeypatch):
    at = _admin(monkeypatch, "correct-horse")
    assert at.text_input(key="admin_password_input")
    assert not at.subheader  # no tools, no data, before authentication


def _login(at: AppTest, password: str) -> AppTest:
    at.text_input(key="admin_password_input").input(password)
    return at.button[0].click().run()


def test_wrong_then_right_password(monkeypatch, browser):
    at = _admin(monkeypatch, "correct-horse")
    _login(at, "wrong-horse")
    assert at.error[0].value == "パスワードが違います。"
    _login(at, "correct-horse")
    assert [s.value for s in at.subheader] == TOOLS
    at.button(key="admin_logout").click().run()
    assert not at.subheader


def test_no_browser_cookie_no_login(monkeypatch, browser):
    """Without Streamlit's XSRF cookie there is nothing to bind a login to: refused."""
    browser["cookie"] = None
    at = _admin(monkeypatch, "correct-horse")
    _login(at, "correct-horse")
    assert "このブラウザを確認できない" in at.error[0].value
    assert not at.subheader


def test_another_browser_in_the_same_session_is_not_admin(monkeypatch, browser):
    """A client resuming the session with its id presents its own cookie: no admin tools."""
    at = _admin(monkeypatch, "correct-horse")
    _login(at, "correct-horse")
    assert [s.value for s in at.subheader] == TOOLS
    browser["cookie"] = BROWSER_B
    at.run()
    assert not at.subheader
    assert "このブラウザでのログインではありません" in at.warning[0].value
    assert at.text_input(key="admin_password_input")
    browser["cookie"] = BROWSER_A  # the administrator's own browser reconnects: still logged in
    at.run()
    assert [s.value for s in at.subheader] == TOOLS


def test_idle_login_ends(monkeypatch, browser):
    at = _admin(monkeypatch, "correct-horse")
    _login(at, "correct-horse")
    at.session_state[admin_ui.AUTH_KEY].expires_at = 0.0  # LOGIN_IDLE_SECONDS have passed
    at.run()
    assert not at.subheader
    assert "操作がなかったため、ログアウトしました" in at.warning[0].value


def test_lockout_holds_across_sessions_until_it_ends(monkeypatch, browser, fresh_throttle):
    """Reloading gives a new session; the failures are counted per address, not per session."""
    for _ in range(auth.ADDRESS_MAX_FAILURES):
        at = _admin(monkeypatch, "correct-horse")  # a new session each time, as after a reload
        _login(at, "wrong-horse")
    assert "分ほど待ってから" in at.error[0].value
    at = _admin(monkeypatch, "correct-horse")
    _login(at, "correct-horse")  # the right password, in a fresh session: still refused
    assert "パスワードでのログインを受け付けていません" in at.error[0].value
    assert not at.subheader
    fresh_throttle.now += auth.ADDRESS_LOCKOUT_SECONDS
    _login(at, "correct-horse")
    assert [s.value for s in at.subheader] == TOOLS
