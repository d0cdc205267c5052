"""Browser figures in headless Chromium (Playwright): page load, filter round trip, 20 sessions.

Used by bench/run.py; every function takes running servers and returns plain dicts. Times are
wall-clock ms measured in this process around the Playwright calls, until Streamlit's
[data-test-script-state] is notRunning and every chart has drawn (see _common.READY_JS) — except
the "until quiet" figures (until_quiet_navigation, until_quiet_filter), which are page time from
the navigation or key press to the last DOM mutation before 600 ms without one: what the eye
sees, redraws included.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from _common import (
    CHART_COUNT_JS,
    CHART_VIEWS_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    QUIET_INIT_JS,
    QUIET_JS,
    QUIET_MS,
    READY_JS,
    RESULTS,
    fmt,
    median,
    percentile,
    ratio,
    rss_mb,
)

TIMEOUT_MS = 120_000
RERUN_TIMEOUT_MS = 30_000
SIDEBAR = "[data-testid='stSidebar']"
MAIN = "[data-testid='stMain']"
SIDEBAR_FIELD_BOX = "[data-testid='stSidebar'] [data-testid='stMultiSelect']"


async def launch(playwright: object) -> object:
    """Debian's Chromium, headless."""
    return await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)  # type: ignore[attr-defined]


async def new_page(browser: object, quiet: bool = False) -> object:
    """A page in a fresh browser context; with `quiet`, it records DOM mutations (until quiet)."""
    context = await browser.new_context(viewport={"width": 1280, "height": 800}, locale="ja-JP")  # type: ignore[attr-defined]
    page = await context.new_page()
    if quiet:
        await page.add_init_script(QUIET_INIT_JS)
        QUIET_PAGES.add(id(page))
    return page


QUIET_TIMEOUT_MS = 30_000
# The page's size and how much it changed: load-independent companions of the until-quiet time.
DOM_COUNTS_JS = (
    "() => ({mutations: window.__dxQuiet.mutations,"
    " elements: document.getElementsByTagName('*').length})"
)
# Pages that record DOM mutations: their filter changes also take the until-quiet figure and
# count the charts embedded anew, left in LAST_QUIET[id(page)].
QUIET_PAGES: set[int] = set()
LAST_QUIET: dict[int, dict[str, float]] = {}


async def wait_quiet(page: object, t0: float) -> tuple[float, float]:
    """Wait until nothing changed for QUIET_MS after page time t0 (see _common.QUIET_INIT_JS).

    Returns ms from t0 to the last change a person can see, and to the last DOM mutation of
    any kind (the first definition of the figure, which also counts assistive-only content)."""
    await page.wait_for_function(  # type: ignore[attr-defined]
        QUIET_JS, arg=[t0, QUIET_MS], timeout=QUIET_TIMEOUT_MS, polling=50
    )
    seen, dom = await page.evaluate("[window.__dxQuiet.last, window.__dxQuiet.lastDom]")  # type: ignore[attr-defined]
    return max(float(seen) - t0, 0.0), max(float(dom) - t0, 0.0)


def _chart_changes(before: dict[str, bool], after: dict[str, bool]) -> dict[str, float]:
    """Charts on screen before and after a change: kept (same Vega view), re-embedded, new, gone."""
    stayed = [key for key in after if key in before]
    return {
        "kept": sum(1 for key in stayed if after[key]),
        "re_embedded": sum(1 for key in stayed if not after[key]),
        "added": sum(1 for key in after if key not in before),
        "removed": sum(1 for key in before if key not in after),
    }


Expect = tuple[str, str, bool] | None  # (selector, text, present): see _common.READY_JS


async def wait_ready(
    page: object, charts: int, expect: Expect = None, timeout: float = TIMEOUT_MS
) -> None:
    await page.wait_for_function(  # type: ignore[attr-defined]
        READY_JS, arg=[charts, list(expect) if expect else None], timeout=timeout, polling="raf"
    )


class WsTimer:
    """Server-side rerun time seen on the page's websocket: from the BackMsg that asks for a
    rerun (rerun_script) to the ForwardMsg script_finished — no page rendering included."""

    def __init__(self) -> None:
        self.sent: list[float] = []
        self.finished: list[float] = []

    def on_websocket(self, ws: object) -> None:
        if "/_stcore/stream" in ws.url:  # type: ignore[attr-defined]
            ws.on("framesent", self._sent)  # type: ignore[attr-defined]
            ws.on("framereceived", self._received)  # type: ignore[attr-defined]

    def _sent(self, payload: bytes | str) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        if isinstance(payload, bytes):
            msg = BackMsg()
            with contextlib.suppress(Exception):
                msg.ParseFromString(payload)
                if msg.WhichOneof("type") == "rerun_script":
                    self.sent.append(time.perf_counter())

    def _received(self, payload: bytes | str) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if isinstance(payload, bytes):
            msg = ForwardMsg()
            with contextlib.suppress(Exception):
                msg.ParseFromString(payload)
                if msg.WhichOneof("type") == "script_finished":
                    self.finished.append(time.perf_counter())

    def server_ms(self, since: int) -> float:
        """First rerun request after index `since` → the last script_finished after it (ms)."""
        if len(self.sent) <= since:
            return float("nan")
        start = self.sent[since]
        done = [t for t in self.finished if t > start]
        return (done[-1] - start) * 1000 if done else float("nan")


TIMERS: dict[int, WsTimer] = {}


def attach_timer(page: object) -> WsTimer:
    """Time the page's reruns on its websocket (call before the page opens the app)."""
    timer = TIMERS[id(page)] = WsTimer()
    page.on("websocket", timer.on_websocket)  # type: ignore[attr-defined]
    return timer


LAST_SERVER_MS: dict[int, float] = {}
# Pages whose charts are hidden (display: none), so that they load the server like a user but
# cost this machine's CPU little: the "light" load sessions of the concurrency benchmark.
HIDDEN_CHARTS: set[int] = set()
HIDE_CHARTS_CSS = "[data-testid='stVegaLiteChart'] { display: none !important; }"


async def open_app(page: object, url: str, charts: int) -> float:
    """Navigate and wait until every chart is drawn; return ms."""
    began = time.perf_counter()
    await page.goto(url, timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    await wait_ready(page, charts)
    return (time.perf_counter() - began) * 1000


# What a first visit downloads, by kind (Resource Timing: transferSize, bytes on the wire).
RESOURCES_JS = """
() => {
  const kinds = {};
  for (const r of performance.getEntriesByType('resource')) {
    const path = new URL(r.name).pathname;
    const kind = /\\.woff2?$/.test(path) ? 'fonts' : /\\.js$/.test(path) ? 'js'
      : /\\.css$/.test(path) ? 'css' : 'other';
    kinds[kind] = kinds[kind] || {count: 0, kb: 0};
    kinds[kind].count += 1;
    kinds[kind].kb += (r.transferSize || r.encodedBodySize || 0) / 1024;
  }
  return kinds;
}
"""


async def count_charts(browser: object, url: str) -> tuple[int, dict[str, object]]:
    """Learn how many charts a page draws (and warm the server): load it once, settle, count.

    Also returns what that first visit downloaded, by kind (fonts, js, css, other)."""
    page = await new_page(browser)
    await page.goto(url, timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    await wait_ready(page, 1)
    await page.wait_for_timeout(1500)  # type: ignore[attr-defined]
    await wait_ready(page, 1)
    count = await page.evaluate(CHART_COUNT_JS)  # type: ignore[attr-defined]
    resources = await page.evaluate(RESOURCES_JS)  # type: ignore[attr-defined]
    await page.context.close()  # type: ignore[attr-defined]
    return int(count), resources


# --------------------------------------------------------------------------- filter actions


async def _timed(page: object, action: Awaitable[None], expect: Expect) -> float:
    """Do `action` (a click, a key), wait until the rerun it starts has shown `expect` and
    finished. `action` is a coroutine not yet awaited: the clock starts just before it.

    Returns the round trip in ms; the websocket part (when a WsTimer is attached) is left in
    LAST_SERVER_MS[id(page)], the until-quiet figures (quiet pages) in LAST_QUIET[id(page)]."""
    timer = TIMERS.get(id(page))
    since = len(timer.sent) if timer else 0
    quiet = id(page) in QUIET_PAGES
    if quiet:
        before = await page.evaluate(CHART_VIEWS_JS, True)  # type: ignore[attr-defined]
        t0, mutations = await page.evaluate(  # type: ignore[attr-defined]
            "[performance.now(), window.__dxQuiet.mutations]"
        )
    began = time.perf_counter()
    await action
    # A filter may leave no chart (0); pages in HIDDEN_CHARTS skip the chart check (-1).
    await wait_ready(page, -1 if id(page) in HIDDEN_CHARTS else 0, expect, RERUN_TIMEOUT_MS)
    took = (time.perf_counter() - began) * 1000
    LAST_SERVER_MS[id(page)] = timer.server_ms(since) if timer else float("nan")
    if quiet:
        quiet_ms, dom_quiet_ms = await wait_quiet(page, t0)
        after = await page.evaluate(CHART_VIEWS_JS, False)  # type: ignore[attr-defined]
        counts = await page.evaluate(DOM_COUNTS_JS)  # type: ignore[attr-defined]
        LAST_QUIET[id(page)] = {
            "quiet_ms": quiet_ms,
            "dom_quiet_ms": dom_quiet_ms,
            **_chart_changes(before, after),
            "mutations": counts["mutations"] - mutations,
            "elements": counts["elements"],
        }
    return took


FIELD_CYCLE = ("教育", "健康", "行政", "農業", "防災・安全")  # each draws ≥ 1 chart at report size


async def click_toggle(page: object, step: int) -> float:
    """A 分野 chosen with the mouse, as a person does it, in the sidebar's first multiselect
    (dxdash's 分野 and the floor's, the same widget): even steps open the box with a click and
    click the next of FIELD_CYCLE (timed from that click); odd steps click the chosen tag's
    × (timed from it), back to the unfiltered view. Both wait for the sidebar's 「分野：…」."""
    box = page.locator(SIDEBAR_FIELD_BOX).first  # type: ignore[attr-defined]
    if step % 2 == 0:
        name = FIELD_CYCLE[(step // 2) % len(FIELD_CYCLE)]
        await box.locator("input").click()
        option = page.get_by_role("option", name=name, exact=True)  # type: ignore[attr-defined]
        await option.wait_for(timeout=RERUN_TIMEOUT_MS)
        took = await _timed(page, option.click(), (SIDEBAR, f"分野：{name}", True))
        await page.keyboard.press("Escape")  # type: ignore[attr-defined]  # the list closes
        return took
    remove = box.get_by_role("button", name=re.compile(r"^Remove "))
    return await _timed(page, remove.first.click(), (SIDEBAR, "分野：", False))


async def deck_next(page: object, step: int) -> float:
    """The clicker's → key on a slide (dxdash's deck or the deck floor), until the slide number
    shown has moved on; the floor's slide says 「slide N / 8」, dxdash's navigation 「N / 17」."""
    shown = await page.locator(MAIN).inner_text()  # type: ignore[attr-defined]
    match = re.search(r"(\d+) / (\d+)", shown)
    number, count = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
    after = f"{number % count + 1} / {count}"
    return await _timed(page, page.keyboard.press("ArrowRight"), (MAIN, after, True))  # type: ignore[attr-defined]


Toggle = Callable[[object, int], Awaitable[float]]


@dataclass
class App:
    label: str
    url: str
    toggle: Toggle
    charts: int = 1
    slides: int = 0  # a deck: how many slides (its first pass through them is cold)


# --------------------------------------------------------------------------- A/B benchmarks


async def navigation(browser: object, apps: list[App], runs: int) -> dict[str, object]:
    """Fresh browser context → every chart drawn, A/B interleaved (order flipped each round)."""
    samples: dict[str, list[float]] = {app.label: [] for app in apps}
    for round_no in range(runs):
        for app in apps if round_no % 2 == 0 else apps[::-1]:
            page = await new_page(browser)
            samples[app.label].append(
                await _guarded(page, f"nav-{app.label}", open_app(page, app.url, app.charts))
            )
            await page.context.close()  # type: ignore[attr-defined]
    return _ab(samples, apps)


async def _guarded(page: object, name: str, measurement: Awaitable[float]) -> float:
    """Run one measurement; on failure print why, save a screenshot, and return NaN."""
    try:
        return await measurement
    except Exception as exc:
        shot = RESULTS / f"failed-{name}.png"
        with contextlib.suppress(Exception):
            await page.screenshot(path=str(shot))  # type: ignore[attr-defined]
        print(f"    {name} failed ({str(exc).splitlines()[0]}); see {shot}", flush=True)
        return float("nan")


async def filter_round_trip(browser: object, apps: list[App], runs: int) -> dict[str, object]:
    """Change the filter (dxdash 分野, floor selectbox) → rerun finished and charts redrawn."""
    pages = {}
    for app in apps:
        pages[app.label] = await new_page(browser)
        attach_timer(pages[app.label])
        await open_app(pages[app.label], app.url, app.charts)
        await pages[app.label].wait_for_timeout(500)
    samples: dict[str, list[float]] = {app.label: [] for app in apps}
    server: dict[str, list[float]] = {app.label: [] for app in apps}
    by_kind: dict[str, dict[str, list[float]]] = {
        app.label: {"add": [], "remove": []} for app in apps
    }
    for step in range(runs + 2):  # two warm-up toggles per app are discarded
        for app in apps if step % 4 < 2 else apps[::-1]:
            page = pages[app.label]
            took = await _guarded(page, f"filter-{app.label}", app.toggle(page, step))
            if step >= 2:
                samples[app.label].append(took)
                by_kind[app.label]["add" if step % 2 == 0 else "remove"].append(took)
                server[app.label].append(LAST_SERVER_MS.get(id(page), float("nan")))
    for page in pages.values():
        await page.context.close()
    result = _ab(samples, apps)
    for app in apps:
        for kind, values in by_kind[app.label].items():
            ok = [t for t in values if t == t]
            result[app.label][f"{kind}_median_ms"] = median(ok)  # type: ignore[index]
        ok = [t for t in server[app.label] if t == t]
        result[app.label]["websocket_median_ms"] = median(ok)  # type: ignore[index]
    return result


# --------------------------------------------------------------------------- until quiet


async def until_quiet_navigation(browser: object, apps: list[App], runs: int) -> dict[str, object]:
    """Fresh browser context → the page stops changing (nothing for QUIET_MS); page time from the
    navigation's start (performance.now() = 0) to the last change seen. A/B interleaved. Each
    app's entry also has the same figures to the last DOM mutation of any kind (`dom`)."""
    samples: dict[str, list[float]] = {app.label: [] for app in apps}
    dom: dict[str, list[float]] = {app.label: [] for app in apps}
    for round_no in range(runs):
        for app in apps if round_no % 2 == 0 else apps[::-1]:
            page = await new_page(browser, quiet=True)

            async def measure(page: object = page, app: App = app) -> float:
                await page.goto(app.url, timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
                await wait_ready(page, app.charts)
                seen, any_mutation = await wait_quiet(page, 0.0)
                dom[app.label].append(any_mutation)
                return seen

            samples[app.label].append(await _guarded(page, f"quiet-nav-{app.label}", measure()))
            QUIET_PAGES.discard(id(page))
            await page.context.close()  # type: ignore[attr-defined]
    result = _ab(samples, apps)
    dom_result = _ab(dom, apps)
    for app in apps:
        ok = result[app.label]["runs_ms"]  # type: ignore[index]
        result[app.label]["p95_ms"] = percentile(ok, 95)  # type: ignore[index]
        result[app.label]["dom"] = {  # type: ignore[index]
            "median_ms": dom_result[app.label]["median_ms"],  # type: ignore[index]
            "p95_ms": percentile(dom_result[app.label]["runs_ms"], 95),  # type: ignore[index]
        }
    result["dom_ratios_vs_floor"] = dom_result["ratios_vs_floor"]
    return result


def _quiet_stats(samples: list[dict[str, object]]) -> dict[str, object]:
    """p50/p95 of the until-quiet times (all, cold, warm) and the charts embedded anew."""
    ok = [s for s in samples if s["quiet_ms"] == s["quiet_ms"]]  # failures are NaN

    def times(rows: list[dict[str, object]]) -> dict[str, object]:
        values = [float(r["quiet_ms"]) for r in rows]  # type: ignore[arg-type]
        return {"p50": median(values), "p95": percentile(values, 95), "n": len(values)}

    def dom_times(rows: list[dict[str, object]]) -> dict[str, object]:
        values = [float(r["dom_quiet_ms"]) for r in rows if "dom_quiet_ms" in r]  # type: ignore[arg-type]
        return {"p50": median(values), "p95": percentile(values, 95), "n": len(values)}

    re_embedded = [int(s["re_embedded"]) for s in ok]  # type: ignore[call-overload]
    return {
        **times(ok),
        "dom": dom_times(ok),
        "cold": times([s for s in ok if s["cold"]]),
        "warm": times([s for s in ok if not s["cold"]]),
        "re_embeds_per_change": (sum(re_embedded) / len(ok)) if ok else None,
        "re_embeds_max": max(re_embedded) if ok else None,
        "charts_kept_per_change": (sum(int(s["kept"]) for s in ok) / len(ok)) if ok else None,  # type: ignore[call-overload]
        "mutations_p50": median([float(s.get("mutations", 0)) for s in ok]),  # type: ignore[arg-type]
        "elements_p50": median([float(s.get("elements", 0)) for s in ok]),  # type: ignore[arg-type]
        "failed": len(samples) - len(ok),
        "samples": samples,
    }


async def until_quiet_filter(
    browser: object, apps: list[App], paths: list[str], runs: int
) -> dict[str, object]:
    """Filter change → the page stops changing, on each dxdash page in `paths`, A/B against the
    floor's multiselect in the same rounds. For every change: the until-quiet time, whether it
    was the page's first view of that 分野 on its server (cold: dxdash's caches miss) and how
    many of the charts on screen before and after were embedded anew instead of updated in place.

    `apps` are opened at `path` (dxdash servers) or at their own URL (the floor). Call this on
    servers that have not yet seen these filters, so that cold changes are cache misses.
    """
    result: dict[str, object] = {}
    seen: dict[tuple[str, str], set[str]] = {}
    for path in paths:
        urls = {
            app.label: app.url if app.label == "floor" else app.url.rstrip("/") + path
            for app in apps
        }

        def cold(app: App, step: int, path: str = path) -> bool:
            """True for a 分野's first use on this page of a dxdash server (a cache miss)."""
            field = FIELD_CYCLE[(step // 2) % len(FIELD_CYCLE)]
            known = seen.setdefault((app.label, path), set())
            first = app.label != "floor" and step % 2 == 0 and field not in known
            if step % 2 == 0:
                known.add(field)
            return first

        result[path] = await _quiet_rounds(browser, apps, urls, runs, cold)
    return result


async def until_quiet_slides(browser: object, apps: list[App], runs: int) -> dict[str, object]:
    """The deck's → key → the page stops changing, dxdash's deck A/B against the deck floor
    (bench/floor_deck_app.py) in the same rounds; every slide a change (cold on its first show)."""
    urls = {app.label: app.url for app in apps}

    def cold(app: App, step: int) -> bool:
        """Step k shows slide k + 2: the first pass through dxdash's slides draws them anew."""
        return app.label != "floor" and step + 2 <= app.slides

    return await _quiet_rounds(browser, apps, urls, runs, cold)


async def _quiet_rounds(
    browser: object,
    apps: list[App],
    urls: dict[str, str],
    runs: int,
    cold: Callable[[App, int], bool],
) -> dict[str, object]:
    """Open each app at its URL until quiet, then `runs` changes each (app.toggle), A/B
    interleaved after two warm-up changes; p50/p95 per app and the ratios to the floor."""
    pages: dict[str, object] = {}
    for app in apps:
        page = pages[app.label] = await new_page(browser, quiet=True)

        async def settle(page: object = page, url: str = urls[app.label]) -> float:
            await open_app(page, url, 0)
            return (await wait_quiet(page, 0.0))[0]

        name = re.sub(r"\W+", "_", urls[app.label].split("//")[-1].split("/", 1)[-1])
        await _guarded(page, f"quiet-open-{app.label}-{name}", settle())
    samples: dict[str, list[dict[str, object]]] = {app.label: [] for app in apps}
    for step in range(runs + 2):  # two warm-up changes per app are discarded
        for app in apps if step % 4 < 2 else apps[::-1]:
            page = pages[app.label]
            first = cold(app, step)
            LAST_QUIET.pop(id(page), None)
            await _guarded(page, f"quiet-change-{app.label}", app.toggle(page, step))
            if step < 2:
                continue
            measured = LAST_QUIET.get(id(page)) or {
                "quiet_ms": float("nan"),
                "dom_quiet_ms": float("nan"),
                **dict.fromkeys(("kept", "re_embedded", "added", "removed"), 0),
                **dict.fromkeys(("mutations", "elements"), 0),
            }
            samples[app.label].append({**measured, "cold": first, "step": step})
    for page in pages.values():
        QUIET_PAGES.discard(id(page))
        await page.context.close()  # type: ignore[attr-defined]
    entry: dict[str, object] = {app.label: _quiet_stats(samples[app.label]) for app in apps}
    floor = entry["floor"]
    entry["ratios_vs_floor"] = {
        app.label: {
            "p50": ratio(entry[app.label]["p50"], floor["p50"]),  # type: ignore[index]
            "p95": ratio(entry[app.label]["p95"], floor["p95"]),  # type: ignore[index]
            "dom_p50": ratio(entry[app.label]["dom"]["p50"], floor["dom"]["p50"]),  # type: ignore[index]
        }
        for app in apps
        if app.label != "floor"
    }
    return entry


def _ab(samples: dict[str, list[float]], apps: list[App]) -> dict[str, object]:
    result: dict[str, object] = {}
    for app in apps:
        ok = [t for t in samples[app.label] if t == t]  # failures are NaN
        result[app.label] = {
            "median_ms": median(ok),
            "runs_ms": ok,
            "failed": len(samples[app.label]) - len(ok),
        }
    floor = result["floor"]["median_ms"]  # type: ignore[index]
    result["ratios_vs_floor"] = {
        app.label: ratio(result[app.label]["median_ms"], floor)  # type: ignore[index]
        for app in apps
        if app.label != "floor"
    }
    result["ratio"] = result["ratios_vs_floor"]["dxdash"]  # type: ignore[index]
    return result


# --------------------------------------------------------------------------- concurrency


async def _session_loop(
    page: object, toggle: Toggle, count: int, rng: random.Random, think: tuple[float, float]
) -> list[tuple[float, float]]:
    times = []
    for step in range(count):
        await asyncio.sleep(rng.uniform(*think))
        took = await _guarded(page, "concurrent-rerun", toggle(page, step))
        times.append((took, LAST_SERVER_MS.get(id(page), float("nan"))))
    return times


def _stats(times: list[float]) -> dict[str, float | int | None]:
    ok = [t for t in times if t == t]  # failed reruns are NaN
    return {
        "p50": median(ok),
        "p95": percentile(ok, 95),
        "max": max(ok) if ok else None,
        "n": len(ok),
        "failed": len(times) - len(ok),
    }


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds used so far by these processes (those still alive)."""
    import psutil

    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def _browser_pids() -> list[int]:
    """Chromium's processes: descendants of this process whose name says chrom(e|ium)."""
    import psutil

    return [p.pid for p in psutil.Process().children(recursive=True) if "chrom" in p.name().lower()]


async def _phase(
    pages: list[object],
    toggle: Toggle,
    reruns: int,
    think: tuple[float, float],
    seed: int,
    pid: int,
    observer: object | None = None,
) -> dict[str, object]:
    """All `pages` change the filter `reruns` times each (after think time); times and CPU use.

    With `observer`, its own round trips are also reported separately (under "observer")."""
    browser_pids = _browser_pids()
    server_cpu, browser_cpu = _cpu_seconds([pid]), _cpu_seconds(browser_pids)
    began = time.perf_counter()
    loops = [
        _session_loop(p, toggle, reruns, random.Random(seed * 1000 + i), think)
        for i, p in enumerate(pages)
    ]
    results = await asyncio.gather(*loops)
    pairs = [t for result in results for t in result]
    wall = time.perf_counter() - began
    stats = _stats([total for total, _ in pairs])
    on_socket = [ws for total, ws in pairs if total == total and ws == ws]
    stats["websocket_p50"] = median(on_socket)
    stats["websocket_p95"] = percentile(on_socket, 95)
    stats["wall_s"] = wall
    stats["server_cpu_s"] = _cpu_seconds([pid]) - server_cpu
    stats["browser_cpu_s"] = _cpu_seconds(browser_pids) - browser_cpu
    stats["server_cpu_ms_per_rerun"] = (
        stats["server_cpu_s"] * 1000 / stats["n"] if stats["n"] else None  # type: ignore[operator]
    )
    if observer is not None:
        own = results[pages.index(observer)]
        stats["observer"] = _stats([total for total, _ in own])
    return stats


async def _protocol_phase(
    page: object,
    app: App,
    others: int,
    reruns: int,
    think: tuple[float, float],
    seed: int,
    pid: int,
) -> dict[str, object]:
    """One browser session and `others` ProtocolSessions change the filter, all at once.

    Returns the browser's round-trip statistics (as _phase), plus "clients": the protocol
    sessions' own round trips (rerun request → script_finished), which go on until the
    browser has made its `reruns` changes.
    """
    from protocol_sessions import ProtocolSession

    clients = [ProtocolSession(app.url) for _ in range(others)]
    for batch in range(0, others, 5):
        await asyncio.gather(*(c.open() for c in clients[batch : batch + 5]))
    done = asyncio.Event()
    client_times: list[float] = []

    async def client_loop(client: ProtocolSession, rng: random.Random) -> None:
        step = 0
        while not done.is_set():
            await asyncio.sleep(rng.uniform(*think))
            if done.is_set():
                break
            client_times.append(await client.toggle(step, FIELD_CYCLE))
            step += 1

    loops = [
        asyncio.create_task(client_loop(c, random.Random(seed * 1000 + 1 + i)))
        for i, c in enumerate(clients)
    ]
    try:
        stats = await _phase([page], app.toggle, reruns, think, seed, pid)
    finally:
        done.set()
        await asyncio.gather(*loops, return_exceptions=True)
        for client in clients:
            await client.close()
    stats["clients"] = _stats(client_times)
    stats["clients"]["sessions"] = others  # type: ignore[index]
    reruns_served = stats["n"] + stats["clients"]["n"]  # type: ignore[operator]
    stats["server_cpu_ms_per_rerun"] = stats["server_cpu_s"] * 1000 / reruns_served  # type: ignore[operator]
    return stats


async def concurrency(
    browser: object,
    app: App,
    pid: int,
    sessions: int,
    reruns: int,
    think: tuple[float, float] = (2.0, 8.0),
    seed: int = 1,
) -> dict[str, object]:
    """RSS after 1 vs N open sessions, and rerun round trips with 1 vs N active sessions.

    Every session is its own browser context, like a separate user. (Tabs of one context are
    not equivalent: on headless Chromium a tab that is not the front one took about 1 s per
    rerun to redraw while its websocket part took 0.15 s.) Each active session changes the
    分野 filter `reruns` times, waiting a random think time (uniform in `think` seconds)
    before each change.
    """
    rss_start = rss_mb(pid)
    first = await new_page(browser)
    attach_timer(first)
    await open_app(first, app.url, app.charts)
    await asyncio.sleep(2)
    rss_1 = rss_mb(pid)
    # Warm the server's caches for every 分野 the phases select, so that no phase (the
    # single-session baseline included) pays a first view of a filter.
    for step in range(len(FIELD_CYCLE) * 2):
        await app.toggle(first, step)
    one = await _phase([first], app.toggle, reruns * 4, think, seed, pid)
    print(
        f"    1 session: p95 rerun {fmt(one['p95'], ' ms')} (n={one['n']}; websocket part "
        f"{fmt(one['websocket_p95'], ' ms')})",
        flush=True,
    )

    pages = [first]
    began = time.perf_counter()
    for batch_start in range(1, sessions, 5):  # open the others five at a time
        batch = [await new_page(browser) for _ in range(min(5, sessions - batch_start))]
        for page in batch:
            attach_timer(page)
        await asyncio.gather(*(open_app(p, app.url, app.charts) for p in batch))
        pages += batch
    open_s = time.perf_counter() - began
    await asyncio.sleep(3)
    rss_n = rss_mb(pid)
    print(
        f"    {sessions} sessions open in {open_s:.1f} s; RSS {rss_1:.0f} → {rss_n:.0f} MB",
        flush=True,
    )
    idle = await _phase([first], app.toggle, reruns * 2, think, seed + 1, pid)
    print(
        f"    {sessions} open, 1 active: p95 {fmt(idle['p95'], ' ms')} (websocket part "
        f"{fmt(idle['websocket_p95'], ' ms')})",
        flush=True,
    )
    active = await _phase(pages, app.toggle, reruns, think, seed + 2, pid)
    print(
        f"    {sessions} active, all drawing: p95 {fmt(active['p95'], ' ms')} (n={active['n']}, "
        f"failed {active['failed']}; websocket part {fmt(active['websocket_p95'], ' ms')});"
        f" CPU in {active['wall_s']:.0f} s: server "
        f"{active['server_cpu_s']:.0f} s, Chromium {active['browser_cpu_s']:.0f} s",
        flush=True,
    )
    # The same load with the other sessions' charts hidden: the server does the same work per
    # rerun, but this machine's CPU is no longer spent drawing 19 other users' charts.
    for page in pages[1:]:
        await page.add_style_tag(content=HIDE_CHARTS_CSS)  # type: ignore[attr-defined]
        HIDDEN_CHARTS.add(id(page))
    light = await _phase(pages, app.toggle, reruns * 2, think, seed + 3, pid, observer=first)
    print(
        f"    {sessions} active, 1 drawing + {sessions - 1} with charts hidden: p95 "
        f"{fmt(light['p95'], ' ms')} (all sessions, n={light['n']}); the drawing one: p95 "
        f"{fmt(light['observer']['p95'], ' ms')}; websocket part "  # type: ignore[index]
        f"{fmt(light['websocket_p95'], ' ms')}; CPU: server {light['server_cpu_s']:.0f} s, "
        f"Chromium {light['browser_cpu_s']:.0f} s in {light['wall_s']:.0f} s",
        flush=True,
    )
    rss_after = rss_mb(pid)
    for page in pages[1:]:
        await page.context.close()  # type: ignore[attr-defined]
    HIDDEN_CHARTS.clear()
    # The same load again, the other sessions now protocol clients: real sessions on the server
    # doing the same reruns, without 19 browsers drawing on this machine's 2 cores.
    protocol = await _protocol_phase(first, app, sessions - 1, reruns * 4, think, seed + 4, pid)
    print(
        f"    1 browser + {sessions - 1} protocol sessions, all active: the browser's p95 "
        f"{fmt(protocol['p95'], ' ms')} (n={protocol['n']}; websocket part "
        f"{fmt(protocol['websocket_p95'], ' ms')}); the protocol sessions' p95 "
        f"{fmt(protocol['clients']['p95'], ' ms')} (n={protocol['clients']['n']}); CPU: server "
        f"{protocol['server_cpu_s']:.0f} s, Chromium {protocol['browser_cpu_s']:.0f} s in "
        f"{protocol['wall_s']:.0f} s",
        flush=True,
    )
    await first.context.close()  # type: ignore[attr-defined]
    await asyncio.sleep(2)
    per_session = (rss_n - rss_1) / (sessions - 1) if sessions > 1 else None
    return {
        "sessions": sessions,
        "reruns_per_session": reruns,
        "think_time_s": list(think),
        "open_sessions_s": open_s,
        "rss_mb": {
            "server_started": rss_start,
            "after_1_session": rss_1,
            f"after_{sessions}_sessions": rss_n,
            f"after_{sessions}_sessions_reruns": rss_after,
            "after_closing": rss_mb(pid),
        },
        "per_session_mb": per_session,
        "rerun_ms": {
            "1_session": one,
            f"{sessions}_open_1_active": idle,
            f"{sessions}_active": active,
            f"{sessions}_active_light": light,
            f"1_browser_{sessions - 1}_protocol": protocol,
        },
        "p95_ratio": ratio(active["p95"], one["p95"]),  # type: ignore[arg-type]
        "websocket_p95_ratio": ratio(active["websocket_p95"], one["websocket_p95"]),  # type: ignore[arg-type]
        "light_p95_ratio": ratio(light["observer"]["p95"], one["p95"]),  # type: ignore[index]
        "light_websocket_p95_ratio": ratio(light["websocket_p95"], one["websocket_p95"]),  # type: ignore[arg-type]
        "p95_ratio_1_active": ratio(idle["p95"], one["p95"]),  # type: ignore[arg-type]
        "protocol_p95_ratio": ratio(protocol["p95"], one["p95"]),  # type: ignore[arg-type]
        "protocol_websocket_p95_ratio": ratio(protocol["websocket_p95"], one["websocket_p95"]),  # type: ignore[arg-type]
    }


async def open_and_measure_rss(browser: object, url: str, pid: int, ready: str) -> dict[str, float]:
    """Open one page (no chart wait: `ready` selector), then return the server's RSS."""
    page = await new_page(browser)
    began = time.perf_counter()
    await page.goto(url, timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    await page.wait_for_selector(ready, timeout=TIMEOUT_MS * 3)  # type: ignore[attr-defined]
    await wait_ready(page, 0)
    took = time.perf_counter() - began
    await asyncio.sleep(2)
    rss = rss_mb(pid)
    await page.context.close()  # type: ignore[attr-defined]
    return {"first_load_s": took, "rss_mb": rss}
