"""Fixtures shared by the unit tests (the report's data as the app loads it), and the test
selection: browser tests run only when asked for (the fast default leaves them out)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Bytecode caches on, whatever the environment says: a machine image that sets
# PYTHONDONTWRITEBYTECODE=1 (this one does) makes every test process — each xdist worker, each
# app server and CLI a test starts — compile the tests (assertion rewriting), dxdash and the app
# from source again: 7 of the 13 s a worker took to collect. The caches go where Python puts
# them (__pycache__/, ignored by git). Set before any test module is imported; the workers and
# subprocesses inherit the environment.
if sys.dont_write_bytecode:
    sys.dont_write_bytecode = False
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

from dxdash.data.dataset import load_dataset
from dxdash.locale import get_locale
from dxdash.story import figures


@pytest.fixture(scope="session", autouse=True)
def _component_manifests_scanned_once():
    """Scan the installed packages for Streamlit component manifests once per test process.

    Every `AppTest` run builds a BidiComponentManager that reads the metadata of every
    installed distribution (about 0.45 s a run on this machine: most of an AppTest test's
    time). The packages do not change during a test run, so the first scan's answer is kept.
    Touches Streamlit 1.67's `manifest_scanner.scan_component_manifests` (not public API);
    test_app_pages' page tests (the filters button is a v2 component) would fail if it changed.
    """
    from streamlit.components.v2 import manifest_scanner

    scan = manifest_scanner.scan_component_manifests
    found = scan()
    manifest_scanner.scan_component_manifests = lambda max_workers=None: list(found)
    yield
    manifest_scanner.scan_component_manifests = scan


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A served copy of the repository's data: DXDASH_DATA_DIR points the app at it (tests
    import into it, snapshot it and break it freely). Modules that need a bare folder define
    their own."""
    from tests.fixtures import copy_repo_data

    directory = copy_repo_data(tmp_path / "data")
    monkeypatch.setenv("DXDASH_DATA_DIR", str(directory))
    return directory


@pytest.fixture(scope="module")
def dataset():
    """The committed data (data/), loaded once per test module."""
    return load_dataset()


@pytest.fixture(scope="module")
def labelled(dataset):
    """Every figure with its display columns (figures.with_labels), in Japanese."""
    return figures.with_labels(
        dataset.metrics, dataset.initiatives, dataset.programs, get_locale("ja")
    )


BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_addoption(parser):
    parser.addoption(
        "--with-browser",
        action="store_true",
        help="also run the browser tests (tests/browser/); scripts/test passes it",
    )


def _names_browser_tests(config) -> bool:
    """True when the command line names tests/browser/ or something inside it."""
    for arg in config.args:
        path = Path(config.invocation_params.dir, arg.split("::")[0]).resolve()
        if path == BROWSER_TESTS or BROWSER_TESTS in path.parents:
            return True
    return False


def pytest_report_header(config):
    """Say in the header when the browser tests are left out, and how to run them."""
    if not _browser_tests_selected(config):
        return "browser tests deselected (fast loop): scripts/test or --with-browser runs them"
    return None


def _browser_tests_selected(config) -> bool:
    """Browser tests run with --with-browser, a -m expression, or a path into tests/browser/."""
    return (
        config.getoption("--with-browser")
        or bool(config.option.markexpr)
        or _names_browser_tests(config)
    )


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    """Mark everything under tests/browser/ as `browser`; leave it out of the fast default.

    Browser tests also share one pytest-xdist group, so with `-n` (pyproject's addopts) they run
    one after another on one worker, with one app server and one Chromium, while the other
    workers take the unit and AppTest tests."""
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))
    if _browser_tests_selected(config):
        return
    browser = [item for item in items if item.get_closest_marker("browser")]
    if browser:
        config.hook.pytest_deselected(items=browser)
        items[:] = [item for item in items if not item.get_closest_marker("browser")]
