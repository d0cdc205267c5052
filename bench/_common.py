"""Shared helpers of the benchmark scripts: servers on loopback, statistics, the browser waits."""

from __future__ import annotations

import contextlib
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
RESULTS = BENCH / "results"
CHROMIUM = os.environ.get("DXDASH_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]

# True once the script has finished (notRunning), at least `n` charts are shown and every shown
# chart has drawn its canvas/SVG. With `expect` = [selector, text, present], also only once the element's
# text does (present) or does not (absent) contain `text`: the visible result of the rerun an
# action started. (Counting "running" states alone misses reruns that React renders in one go.)
READY_JS = """
([n, expect]) => {
  const s = document.querySelector('[data-test-script-state]');
  if (!s || s.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (expect) {
    const el = document.querySelector(expect[0]);
    if (!el || el.innerText.includes(expect[1]) !== expect[2]) return false;
  }
  if (n < 0) return true;  // a page whose charts are hidden on purpose: no chart check
  // charts on screen: not those kept hidden on standby in a slot (dxdash's blocks.chart_slot)
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .filter(c => c.checkVisibility({visibilityProperty: true}));
  if (charts.length < n) return false;
  return charts.every(c => {
    const g = c.querySelector('canvas, svg.marks');
    if (!g) return false;
    const r = g.getBoundingClientRect();
    return r.width > 50 && r.height > 50;
  });
}
"""

# Installed in every benchmark page before its own scripts (page.add_init_script): records the
# time of the latest change a person can see, for the "until quiet" figure, and of the latest
# DOM mutation of any kind.
# - seen (`last`): DOM mutations, except inside content only assistive technology reads — React
#   Aria's live announcer (a 1 px clipped region; its "N options available." lines are removed
#   about a second after typing in any select box) and a <canvas>'s fallback content (the data
#   grid's cell table, updated ~200 ms after the grid has drawn) — plus draw calls on a canvas in
#   the document (a canvas's pixels change with no DOM mutation: the data grid draws that way).
# - any (`lastDom`): every DOM mutation, the first definition of #14; printed next to it.
QUIET_INIT_JS = """
(() => {
  const state = window.__dxQuiet = {
    last: performance.now(), lastDom: performance.now(), mutations: 0, unseen: 0, draws: 0,
  };
  const unseen = (node) => {
    const el = node.nodeType === 1 ? node : node.parentElement;
    return !!el && !!el.closest('[data-live-announcer], canvas');
  };
  new MutationObserver((records) => {
    const now = performance.now();
    state.lastDom = now;
    for (const r of records) {
      if (unseen(r.target)) { state.unseen++; } else { state.last = now; state.mutations++; }
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  const proto = CanvasRenderingContext2D.prototype;
  for (const name of ['clearRect', 'fillRect', 'strokeRect', 'fillText', 'strokeText', 'fill',
                      'stroke', 'drawImage', 'putImageData']) {
    const draw = proto[name];
    proto[name] = function (...args) {
      if (this.canvas && this.canvas.isConnected) { state.last = performance.now(); state.draws++; }
      return draw.apply(this, args);
    };
  }
})();
"""
# True once nothing has changed — seen or not — for `quiet_ms` after `t0` (page time, ms).
QUIET_JS = (
    "([t0, quietMs]) => performance.now() - "
    "Math.max(window.__dxQuiet.last, window.__dxQuiet.lastDom, t0) >= quietMs"
)
QUIET_MS = 600

# Tag each chart's Vega view element (its svg.marks / canvas.marks) with the chart's key, before
# a change; afterwards, a chart whose view element is not the tagged one was embedded anew
# (re-embedded, or new on the page). Keyed Streamlit elements carry an `st-key-<key>` class; an
# unkeyed chart is named by its position.
CHART_VIEWS_JS = """
(tag) => {
  const views = {};
  document.querySelectorAll('[data-testid="stVegaLiteChart"]').forEach((chart, i) => {
    const keyed = chart.closest('[class*="st-key-"]');
    const key = keyed ? [...keyed.classList].find(c => c.startsWith('st-key-')).slice(7) : '#' + i;
    const view = chart.querySelector('svg.marks, canvas.marks');
    if (tag && view) view.__dxChart = key;
    views[key] = !!view && view.__dxChart === key;
  });
  return views;
}
"""

CHART_COUNT_JS = "() => document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]').length"


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A `streamlit run` process on loopback."""

    process: subprocess.Popen
    url: str
    log: Path
    label: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.process.pid

    def check(self) -> None:
        """Raise if the server has exited (e.g. killed from outside)."""
        code = self.process.poll()
        if code is not None:
            raise RuntimeError(f"{self.label} server exited with {code}; see {self.log}")

    def stop(self) -> None:
        """Stop this server (only the process we started, by its id)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(
    script: str | Path,
    *,
    cwd: Path = REPO,
    env: dict[str, str] | None = None,
    label: str = "server",
    timeout: float = 90.0,
) -> Server:
    """Start `streamlit run SCRIPT` headless on a free loopback port and wait for /_stcore/health."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
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
        "--server.fileWatcherType",
        "none",
    ]
    log = RESULTS / f"server-{label}.log"
    handle = log.open("w")
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    handle.close()
    url = f"http://127.0.0.1:{port}"
    server = Server(process, url, log, label)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{label}: streamlit exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"{label}: streamlit did not become healthy in {timeout:.0f} s; see {log}")


def rss_mb(pid: int) -> float:
    """Resident set size of a process in MB (psutil if installed, else /proc/<pid>/status)."""
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / 2**20
    except ImportError:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no RSS for pid {pid}")


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100), nearest-rank on the sorted values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def fmt(value: float | None, unit: str = "", digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}{unit}"


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gb = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        first = Path("/proc/meminfo").read_text().splitlines()[0]
        memory_gb = round(int(first.split()[1]) / 2**20, 1)
    versions = {}
    for name in ("streamlit", "pandas", "pyarrow", "altair", "playwright"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            versions[name] = version(name)
    chromium = ""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        chromium = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=20, check=False
        ).stdout.strip()
    commit = ""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        commit = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout.strip()
    return {
        "commit": commit,
        "loadavg_at_start": os.getloadavg(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "chromium": chromium,
        **versions,
    }
