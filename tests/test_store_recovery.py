"""dxdash.data.store on a restart with a broken current version: the newest valid version
(then the base data) is served with one warning, and /admin can roll back (docs/hardening.md 9)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dxdash.admin import auth
from dxdash.admin import ui as admin_ui
from dxdash.data import store
from tests.fixtures import page_html as _page_html
from tests.fixtures import shown_markdown as _shown
from tests.test_admin import BROWSER_A
from tests.test_app_pages import APP
from tests.test_snapshots import _import_new_line_figure


@pytest.fixture
def broken_current(data_dir):
    """Two imported versions; the current (second) one's metrics.parquet is then corrupted."""
    good = _import_new_line_figure(data_dir, 850_000, "約85万人")
    broken = _import_new_line_figure(data_dir, 900_000, "約90万人")
    assert store.current_version_id(data_dir) == broken
    (store.version_dir(data_dir, broken) / "metrics.parquet").write_bytes(b"corrupt")
    return good


@pytest.mark.parametrize("language", ["ja", "en"])
def test_broken_current_version_serves_the_newest_valid_one(broken_current, language):
    at = AppTest.from_file(APP, default_timeout=60)  # a fresh process state: nothing good yet
    if language == "en":
        at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert not at.error
    assert len(at.warning) == 1
    warning = _shown(at.warning[0].value)
    assert broken_current in warning
    assert ("/" not in warning.replace(broken_current, "")) or language == "en"
    assert "parquet" not in warning.lower()
    assert "Parquet" not in warning
    if language == "en":
        assert "last valid version" in warning
    else:
        assert "前回の正しいデータ版" in warning
    page = _page_html(at)
    assert "85" in page  # the previous good version's figure (約85万人 / about 850,000)
    assert len(at.get("vega_lite_chart")) == 2


def test_broken_current_version_keeps_admin_reachable(broken_current, monkeypatch):
    monkeypatch.setenv("DXDASH_ADMIN_PASSWORD", "correct-horse")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/admin.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "データ管理"
    assert at.text_input  # the login form


def test_admin_can_roll_back_a_broken_current_version(broken_current, data_dir, monkeypatch):
    """The recovery needs no shell: log in on /admin, roll back, the warning is gone."""
    monkeypatch.setenv("DXDASH_ADMIN_PASSWORD", "correct-horse")
    # AppTest has no browser cookies: stand in the XSRF cookie the login is bound to.
    monkeypatch.setattr(admin_ui, "_xsrf_cookie", lambda: BROWSER_A)
    monkeypatch.setattr(auth, "THROTTLE", auth.LoginThrottle())
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/admin.py")
    at.run()
    at.text_input(key="admin_password_input").input("correct-horse")
    at.button[0].click().run()
    assert not at.exception
    at.selectbox(key="admin_rollback_target").select(broken_current)
    at.button(key="admin_rollback").click().run()
    assert not at.exception
    assert store.current_version_id(data_dir) == broken_current
    at.switch_page("app_pages/overview.py")
    at.run()
    assert not at.warning


def test_falls_back_to_base_when_no_imported_version_is_valid(data_dir):
    only = _import_new_line_figure(data_dir, 900_000, "約90万人")
    (store.version_dir(data_dir, only) / "events.parquet").write_bytes(b"corrupt")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "基本データ" in at.warning[0].value
    assert "約80万人" in _page_html(at)
