"""Where a filter change's until-quiet time goes: A/B of two dxdash checkouts and the floor.

    python bench/quiet_probe.py --base /tmp/dxdash-base [--paths / /metrics] [--runs 6]

Starts the floor, this checkout's dxdash and (with --base) another checkout's dxdash, then on
each page does the [3q] filter changes (bench/browser_bench.py) on all of them in the same
rounds and prints p50 until quiet, and for the last add and the last removal of each app its
DOM mutations by closest data-testid and the latest (what kept the page from going quiet). A development
tool for A/B-ing a rendering change; bench/run.py --only-quiet gives the reported figures.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser_bench as bb
from _common import REPO, median, start_server

# Records every mutation's time and closest data-testid (after QUIET_INIT_JS's observer).
TRACE_JS = """
(() => {
  const log = window.__dxTrace = [];
  new MutationObserver((records) => {
    const now = performance.now();
    for (const r of records) {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const owner = node && node.closest('[data-testid]');
      const id = owner ? owner.getAttribute('data-testid') : (node ? node.tagName : '?');
      log.push([now, id + ':' + r.type + (r.attributeName ? '@' + r.attributeName : '')]);
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();
"""


async def probe(paths: list[str], runs: int, base: Path | None) -> None:
    from playwright.async_api import async_playwright

    servers = {"dxdash": start_server(REPO / "app.py", label="probe-new")}
    if base:
        servers["base"] = start_server(base / "app.py", cwd=base, label="probe-base")
    floor = start_server(REPO / "bench" / "floor_app.py", cwd=REPO / "bench", label="probe-floor")
    try:
        async with async_playwright() as playwright:
            browser = await bb.launch(playwright)
            for path in paths:
                pages = {}
                apps = {label: server.url + path for label, server in servers.items()}
                apps["floor"] = floor.url + "/"
                for label, url in apps.items():
                    page = pages[label] = await bb.new_page(browser, quiet=True)
                    await page.add_init_script(TRACE_JS)
                    await bb.open_app(page, url, 0)
                    await bb.wait_quiet(page, 0.0)
                times: dict[str, list[float]] = {label: [] for label in apps}
                for step in range(runs + 2):
                    order = list(apps) if step % 4 < 2 else list(apps)[::-1]
                    for label in order:
                        page = pages[label]
                        t0 = await page.evaluate("performance.now()")
                        await bb.click_toggle(page, step)
                        if step >= 2:
                            measured = bb.LAST_QUIET[id(page)]
                            times[label].append(measured["quiet_ms"])
                            if measured["re_embedded"]:
                                print(
                                    f"    {label} step {step}: {measured['re_embedded']} re-embedded"
                                )
                            if step >= runs:  # the last add (even) and the last removal
                                trace = await page.evaluate(
                                    "(t0) => window.__dxTrace.filter(r => r[0] >= t0)", t0
                                )
                                kind = "add" if step % 2 == 0 else "remove"
                                report(f"{label} {kind}", path, trace, t0)
                floor_p50 = median(times["floor"])
                print(f"{path}: until quiet p50 (ms, ratio to floor), {runs} changes")
                for label, values in times.items():
                    p50 = median(values)
                    print(
                        f"    {label:7s} {p50:6.0f}  {p50 / floor_p50:4.2f}×   "
                        + " ".join(f"{v:.0f}" for v in values)
                    )
                for page in pages.values():
                    await page.context.close()
            await browser.close()
    finally:
        for server in [*servers.values(), floor]:
            server.stop()


def report(label: str, path: str, trace: list[list], t0: float) -> None:
    """One change's mutations until the page went quiet, in 100 ms bins by closest data-testid."""
    end = len(trace)
    for i in range(1, len(trace)):
        if trace[i][0] - trace[i - 1][0] >= bb.QUIET_MS:  # the quiet gap: later ones are Escape
            end = i
            break
    trace = trace[:end]
    owners = Counter(entry.split(":")[0] for _, entry in trace)
    last = trace[-1][0] - t0 if trace else 0
    print(
        f"  [{label} {path}] {len(trace)} mutations until +{last:.0f} ms: {owners.most_common(6)}"
    )
    bins: dict[int, Counter] = {}
    for when, entry in trace:
        bins.setdefault(int((when - t0) // 100), Counter())[entry.split(":")[0]] += 1
    for b, counts in sorted(bins.items()):
        print(f"      +{b * 100:5d} ms  {dict(counts.most_common(4))}")
    for when, entry in trace[-6:]:
        print(f"        last: +{when - t0:5.0f} ms  {entry}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="another dxdash checkout to compare with")
    parser.add_argument("--paths", nargs="+", default=["/", "/metrics", "/initiatives"])
    parser.add_argument("--runs", type=int, default=6)
    args = parser.parse_args()
    asyncio.run(probe(args.paths, args.runs, args.base))
    return 0


if __name__ == "__main__":
    sys.exit(main())
