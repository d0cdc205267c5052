"""Real-browser fixtures: a `streamlit run app.py` server and Debian's Chromium via Playwright.

A missing browser FAILS these tests (never skips): CI must prove the dashboard in a browser.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM_ENV = "DXDASH_CHROMIUM"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# On a deep link such as /initiatives, Streamlit's frontend first probes for a base path at
# /initiatives/_stcore/health and /initiatives/_stcore/host-config (404), then uses /. Those
# probes are expected; every other failed request or console error fails the test.
BASE_PATH_PROBES = ("/_stcore/health", "/_stcore/host-config")


def chromium_path() -> str:
    """Find Chromium: $DXDASH_CHROMIUM, else /usr/bin/chromium; fail loudly when absent."""
    path = os.environ.get(CHROMIUM_ENV) or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(
            f"Chromium not found at {path}: install it (apt-get install -y chromium) "
            f"or set {CHROMIUM_ENV}. Browser tests fail rather than skip.",
            pytrace=False,
        )
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_streamlit(env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run app.py` headless on a free port; return the process and base URL."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--global.developmentMode",
        "false",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    log = open(REPO / "artifacts" / f"streamlit-{port}.log", "w")  # noqa: SIM115 - lives with the server
    process = subprocess.Popen(
        command, cwd=REPO, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}; see {log.name}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


def stop_streamlit(process: subprocess.Popen) -> None:
    """Stop a server started by start_streamlit."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def start_admin_server(directory: Path, password: str) -> tuple[subprocess.Popen, str, Path]:
    """A server of its own on a copy of the repository's data (in `directory`/data), with an
    admin password configured; returns the process, its base URL and the data directory."""
    from tests.fixtures import copy_repo_data

    data = copy_repo_data(directory / "data")
    process, base = start_streamlit(
        {"DXDASH_DATA_DIR": str(data), "DXDASH_ADMIN_PASSWORD": password}
    )
    return process, base, data


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """Base URL of one shared app server for the browser tests."""
    (REPO / "artifacts").mkdir(exist_ok=True)
    process, base = start_streamlit()
    yield base
    stop_streamlit(process)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def new_page(browser, width: int = 1280, height: int = 800):
    """A page that records console errors and failed requests in page.console_errors."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
    page = context.new_page()
    page.console_errors = []

    def on_console(msg) -> None:
        # Failed loads are judged by URL in on_response (the console text has no URL).
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            page.console_errors.append(msg.text)

    def on_response(response) -> None:
        probe = response.status == 404 and response.url.endswith(BASE_PATH_PROBES)
        if response.status >= 400 and not probe:
            page.console_errors.append(f"HTTP {response.status} {response.url}")

    def on_failed(request) -> None:
        page.in_flight.discard(request)
        page.console_errors.append(f"failed {request.url}")

    page.in_flight = set()  # HTTP requests not yet answered (wait_for_app waits for them)
    page.on("request", lambda request: page.in_flight.add(request))
    page.on("requestfinished", lambda request: page.in_flight.discard(request))
    page.on("console", on_console)
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    return page


@pytest.fixture
def page(browser):
    """A fresh 1280×800 page (see new_page)."""
    fresh = new_page(browser)
    yield fresh
    fresh.context.close()


# The charts on screen: not those a slot keeps hidden on standby (dxdash's blocks.chart_slot).
SHOWN_CHARTS_JS = (
    "[...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
    ".filter(c => c.checkVisibility({visibilityProperty: true}))"
)


def wait_for_app(
    page,
    charts: int = 0,
    timeout: float = 30_000,
    ready: str = "[data-testid='stMainBlockContainer'] h1",
) -> None:
    """Wait until the script has run (`ready` is drawn: a page title by default), at least
    `charts` charts exist, Streamlit is idle, and every chart has drawn."""
    page.wait_for_selector(ready, timeout=timeout)
    # app.py's <html lang> script has run (its code loads after the page: wait, or a next
    # page.goto would abort that load and count as a failed request)
    page.wait_for_function("() => document.documentElement.dataset.dxLang", timeout=timeout)
    page.wait_for_function(f"n => {SHOWN_CHARTS_JS}.length >= n", arg=charts, timeout=timeout)
    page.wait_for_function(
        "() => { const s = document.querySelector('[data-test-script-state]');"
        " return s && s.getAttribute('data-test-script-state') === 'notRunning'; }",
        timeout=timeout,
    )
    page.wait_for_function(
        f"() => {SHOWN_CHARTS_JS}"
        ".every(c => { const g = c.querySelector('canvas, svg.marks');"
        " return g && g.getBoundingClientRect().width > 50 && g.getBoundingClientRect().height > 50; })",
        timeout=timeout,
    )
    page.wait_for_timeout(500)  # let fonts settle before screenshots
    _wait_for_requests(page, timeout)


def _wait_for_requests(page, timeout: float) -> None:
    """Wait until the page's HTTP requests are answered: Streamlit loads an element's code
    when it first draws it, after the script has finished, and a test's next page.goto would
    abort that load (a failed request: on a loaded 2-core machine it happened in CI)."""
    deadline = time.monotonic() + timeout / 1000
    while getattr(page, "in_flight", None) and time.monotonic() < deadline:
        page.wait_for_timeout(50)


def wait_idle(page) -> None:
    """Wait for the rerun a click or keystroke started to finish."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => document.querySelector('[data-test-script-state]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'"
    )
    page.wait_for_timeout(300)


def screenshot(page, name: str) -> Path:
    """Save a screenshot under artifacts/screenshots/ (look at them: a dashboard is judged by eye)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
