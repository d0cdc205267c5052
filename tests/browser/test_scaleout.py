"""Scale-out: two replicas behind nginx (deploy/run_replicas.sh), driven through nginx in Chromium.

Missing nginx FAILS this test (never skips): CI installs it with `apt-get install -y nginx`.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.browser.conftest import REPO, _free_port, new_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser

SCRIPT = REPO / "deploy" / "run_replicas.sh"
STARTUP_TIMEOUT_S = 45


def nginx_binary() -> str:
    """nginx from PATH or /usr/sbin; fail (not skip) when it is not installed."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        pytest.fail(
            "nginx is not installed: apt-get install -y nginx (the scale-out test fails, never skips)",
            pytrace=False,
        )
    return found


def _read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))


def _get(url: str, cookie: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode()


def _sidebar(page) -> str:
    return page.locator("[data-testid='stSidebar']").inner_text()


@pytest.mark.slow
def test_two_replicas_behind_nginx_keep_a_session_on_one_replica(browser, tmp_path):
    nginx = nginx_binary()
    port = _free_port()
    run_dir = tmp_path / "run"
    env = {
        **os.environ,
        "NGINX": nginx,
        "PYTHON": sys.executable,
        "DXDASH_RUN_DIR": str(run_dir),
    }
    env.pop("DXDASH_DATA_DIR", None)  # the replicas read the repository's data/
    process = subprocess.Popen(
        ["bash", str(SCRIPT), "2", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: stopped as one below
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True).start()
    output: list[str] = []
    try:
        replicas: list[str] = []
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not any(line.startswith("ready ") for line in output):
            assert process.poll() is None, "run_replicas.sh exited:\n" + "\n".join(output)
            assert time.monotonic() < deadline, "not ready in time:\n" + "\n".join(output)
            try:
                output.append(lines.get(timeout=1))
            except queue.Empty:
                continue
            if match := re.match(r"replica \d+ (http://127\.0\.0\.1:\d+)$", output[-1]):
                replicas.append(match.group(1))
        base = f"http://127.0.0.1:{port}"

        # Both replicas are healthy on their own ports, and nginx reaches them.
        assert len(replicas) == 2
        for replica in replicas:
            assert _get(f"{replica}/_stcore/health") == (200, "ok")
        assert _get(f"{base}/_stcore/health") == (200, "ok")
        assert _get(f"{base}/nginx-health") == (200, "ok\n")

        # A browser session through nginx: the filter from the URL, kept across pages and reload.
        page = new_page(browser)
        page.goto(f"{base}/?field=教育")
        wait_for_app(page)  # the page rendered, so nginx proxied the websocket
        assert "分野：教育" in _sidebar(page)
        page.locator("[data-testid='stSidebarNav']").get_by_text("施策一覧").click()
        page.wait_for_url("**/initiatives**")
        wait_for_app(page)
        assert "field=" in page.url
        assert "分野：教育" in _sidebar(page)
        page.reload()
        wait_for_app(page)
        assert "分野：教育" in _sidebar(page)
        screenshot(page, "scaleout-initiatives-through-nginx")
        cookies = {c["name"]: c["value"] for c in page.context.cookies()}
        assert page.console_errors == []
        page.context.close()

        # Other browsers (other sticky cookies) are spread over both replicas.
        for _ in range(24):
            _get(f"{base}/_stcore/health", cookie=f"dxdash_replica={uuid.uuid4().hex}")

        # nginx's log: the websocket was upgraded (101), and every request carrying this
        # browser's cookie went to one replica.
        assert "dxdash_replica" in cookies
        log = (run_dir / "access.log").read_text()
        upgraded = [line for line in log.splitlines() if "GET /_stcore/stream" in line]
        assert upgraded
        assert all('" 101 ' in line for line in upgraded), upgraded
        mine = {
            re.search(r"upstream=(\S+)", line).group(1)
            for line in log.splitlines()
            if f"route={cookies['dxdash_replica']}" in line
        }
        assert len(mine) == 1, mine
        used = set(re.findall(r"upstream=(127\.0\.0\.1:\d+)", log))
        assert used == {r.removeprefix("http://") for r in replicas}
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
    # Everything the script started is gone: no replica answers any more.
    for replica in replicas:
        with pytest.raises(urllib.error.URLError):
            _get(f"{replica}/_stcore/health")
