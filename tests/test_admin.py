"""Admin access: configuration, constant-time password check, lockout, and the page via AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dxdash import auth
from dxdash.data import REPO_ROOT

APP = str(REPO_ROOT / "app.py")


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


def test_repeated_failures_lock_the_session():
    attempts = auth.Attempts()
    for _ in range(auth.MAX_FAILURES):
        attempts.record_failure(now=100.0)
    assert attempts.locked(now=100.0 + auth.LOCKOUT_SECONDS - 1)
    assert not attempts.locked(now=100.0 + auth.LOCKOUT_SECONDS + 1)


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


def test_wrong_then_right_password(monkeypatch):
    at = _admin(monkeypatch, "correct-horse")
    at.text_input(key="admin_password_input").input("wrong-horse")
    at.button[0].click().run()
    assert at.error[0].value == "パスワードが違います。"
    at.text_input(key="admin_password_input").input("correct-horse")
    at.button[0].click().run()
    assert [s.value for s in at.subheader] == [
        "1. 現在のデータを書き出す",
        "2. 更新したファイルを取り込む",
        "3. バージョン",
    ]
    at.button(key="admin_logout").click().run()
    assert not at.subheader
