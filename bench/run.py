"""dxdash benchmarks: prints figures and ratios (never pass/fail) and writes bench/results/latest.json.

    python bench/run.py            # full run, about 6–10 minutes on 2 cores
    python bench/run.py --quick    # fewer runs, about 2 minutes

What it measures (see bench/README.md):
1. script run time per page with warm caches, report size vs the synthetic 1000× set (AppTest);
2. headless Chromium: navigation → every chart drawn, dxdash's overview vs bench/floor_app.py;
3. filter change, made with the mouse (click the sidebar 分野 box, click an option; click a
   tag's × to remove it) → rerun finished and charts redrawn, dxdash vs the floor's same
   multiselect; and then (on fresh servers that have not seen the filters) both until the page
   stops changing (nothing seen changing for 600 ms; see _common.QUIET_INIT_JS) on /, /metrics
   and /initiatives, with the charts re-embedded; the deck's → key until quiet vs the deck floor;
4. 20 concurrent browser sessions on one server: RSS per session, p95 rerun round trip vs 1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import browser_bench as bb
from _common import BENCH, REPO, RESULTS, fmt, machine, ratio, start_server

SYNTHETIC_SOURCE = REPO / "src" / "dxdash" / "data" / "synthetic.py"
LARGE = "dxdash-1000x"
QUIET_PATHS = ["/", "/metrics", "/initiatives"]
DECK_SLIDES = 17  # the report's deck (tests/test_render_deck.py pins it)
TARGETS = {
    "page_ms_report": 50.0,
    "page_large_factor": 2.0,
    "per_session_mb": 5.0,
    "p95_ratio": 2.0,
}


def ensure_synthetic(scale: int) -> tuple[Path, float | None]:
    """The synthetic data set under bench/results/, regenerated when the generator changed."""
    out = RESULTS / f"synthetic-scale{scale}"
    marker = out / "SYNTHETIC.md"
    if marker.exists() and marker.stat().st_mtime >= SYNTHETIC_SOURCE.stat().st_mtime:
        print(f"  reusing {out.relative_to(REPO)}", flush=True)
        return out, None
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "dxdash.data.synthetic", str(out), "--scale", str(scale)],
        cwd=REPO,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    return out, time.perf_counter() - began


def page_times(large: Path, runs: int, large_runs: int, miss_runs: int) -> dict[str, object]:
    """Run bench/page_times.py in its own process (its memory and caches stay out of ours)."""
    out = RESULTS / "page_times.json"
    subprocess.run(
        [
            sys.executable,
            str(BENCH / "page_times.py"),
            "--large",
            str(large),
            "--runs",
            str(runs),
            "--large-runs",
            str(large_runs),
            "--miss-runs",
            str(miss_runs),
            "--json",
            str(out),
        ],
        cwd=REPO,
        check=True,
        stderr=subprocess.DEVNULL,  # AppTest's "missing ScriptRunContext" warnings
    )
    return json.loads(out.read_text())


async def browser_part(args: argparse.Namespace, large: Path) -> dict[str, object]:
    from playwright.async_api import async_playwright

    result: dict[str, object] = {}
    async with async_playwright() as playwright:
        browser = await bb.launch(playwright)
        dxdash = start_server("app.py", label="dxdash")
        floor = start_server(BENCH / "floor_app.py", cwd=BENCH, label="floor")
        big = start_server("app.py", env={"DXDASH_DATA_DIR": str(large)}, label="dxdash-large")
        try:
            apps = [
                bb.App("dxdash", dxdash.url + "/", bb.click_toggle),
                bb.App("floor", floor.url + "/", bb.click_toggle),
                bb.App(LARGE, big.url + "/", bb.click_toggle),
            ]
            for server in (dxdash, floor, big):
                server.check()
            downloads = {}
            for app in apps:
                app.charts, downloads[app.label] = await bb.count_charts(browser, app.url)
            result["charts"] = {app.label: app.charts for app in apps}
            result["first_visit_downloads"] = downloads
            for label, kinds in downloads.items():
                parts = ", ".join(
                    f"{kind} {v['count']} files {v['kb']:.0f} KB"
                    for kind, v in sorted(kinds.items())
                )
                print(f"    first visit of {label}: {parts}")
            if not args.only_quiet:
                print(
                    f"\n[2] navigation → every chart drawn ({args.nav_runs} runs each, "
                    f"interleaved; {LARGE} = dxdash serving the {args.scale}× synthetic data)"
                )
                nav = await bb.navigation(browser, apps, args.nav_runs)
                _print_ab(nav)
                result["navigation"] = nav
                print(f"\n[3] filter change → rerun done, charts redrawn ({args.filter_runs} each)")
                flt = await bb.filter_round_trip(browser, apps, args.filter_runs)
                _print_ab(flt)
                result["filter"] = flt
            dxdash.stop()
            big.stop()
            await quiet_part(browser, apps, args, large, result)
        finally:
            dxdash.stop()
            floor.stop()
            big.stop()
        if args.only_quiet:
            await browser.close()
            return result

        print(f"\n[4] {args.sessions} concurrent sessions on one server (overview page)")
        server = start_server("app.py", label="dxdash-concurrency")
        try:
            app = bb.App("dxdash", server.url + "/", bb.click_toggle)
            app.charts, _ = await bb.count_charts(browser, app.url)
            conc = await bb.concurrency(
                browser, app, server.pid, args.sessions, args.reruns, think=args.think
            )
            result["concurrency"] = conc
        finally:
            server.stop()

        if not args.quick:
            print(f"\n[5] server RSS with the {args.scale}× synthetic data loaded (/initiatives)")
            fresh = start_server(
                "app.py", env={"DXDASH_DATA_DIR": str(large)}, label="dxdash-synthetic"
            )
            try:
                before = bb.rss_mb(fresh.pid)
                loaded = await bb.open_and_measure_rss(
                    browser, fresh.url + "/initiatives", fresh.pid, "h1"
                )
                loaded["rss_mb_before"] = before
                result["large_server"] = loaded
                print(
                    f"    RSS {before:.0f} MB → {loaded['rss_mb']:.0f} MB after the first page "
                    f"(first load {loaded['first_load_s']:.1f} s)"
                )
            finally:
                fresh.stop()
        await browser.close()
    return result


async def quiet_part(
    browser: object,
    apps: list[bb.App],
    args: argparse.Namespace,
    large: Path,
    result: dict[str, object],
) -> None:
    """The until-quiet figures, on fresh dxdash servers (report size and 1000×) that have not
    seen the filters, so a 分野's first use on a page is a cache miss; the floor of `apps` is
    reused. Filter change first, then navigation."""
    deck_floor = start_server(BENCH / "floor_deck_app.py", cwd=BENCH, label="floor-deck")
    fresh = start_server("app.py", label="dxdash-quiet")
    fresh_big = start_server(
        "app.py", env={"DXDASH_DATA_DIR": str(large)}, label="dxdash-large-quiet"
    )
    charts = {app.label: app.charts for app in apps}
    floor = next(app for app in apps if app.label == "floor")
    apps = [
        bb.App("dxdash", fresh.url + "/", bb.click_toggle, charts["dxdash"]),
        floor,
        bb.App(LARGE, fresh_big.url + "/", bb.click_toggle, charts[LARGE]),
    ]
    decks = [
        bb.App("dxdash", fresh.url + "/?present=1", bb.deck_next, slides=DECK_SLIDES),
        bb.App("floor", deck_floor.url + "/", bb.deck_next),
    ]
    try:
        await _quiet_phases(browser, apps, args, result)
        await _deck_phase(browser, decks, args, result)
    finally:
        fresh.stop()
        fresh_big.stop()
        deck_floor.stop()


async def _quiet_phases(
    browser: object, apps: list[bb.App], args: argparse.Namespace, result: dict[str, object]
) -> None:
    print(
        f"\n[3q] filter change → page quiet (nothing seen changing for {bb.QUIET_MS} ms), "
        f"{args.quiet_runs} changes per page after 2 warm-up; floor in the same rounds"
    )
    flt = await bb.until_quiet_filter(browser, apps, QUIET_PATHS, args.quiet_runs)
    result["quiet_filter"] = flt
    for path, entry in flt.items():
        print(f"  {path}")
        for label in ("dxdash", "floor", LARGE):
            e = entry[label]
            print(
                f"    {label:13s} p50 {fmt(e['p50'], ' ms')}, p95 {fmt(e['p95'], ' ms')} "
                f"(n={e['n']}{', ' + str(e['failed']) + ' failed' if e['failed'] else ''})"
                f";  any DOM mutation p50 {fmt(e['dom']['p50'], ' ms')}, "
                f"p95 {fmt(e['dom']['p95'], ' ms')}"
                + (
                    f";  cold p50 {fmt(e['cold']['p50'], ' ms')} (n={e['cold']['n']}), "
                    f"warm p50 {fmt(e['warm']['p50'], ' ms')}"
                    if label != "floor"
                    else ""
                )
                + f";  re-embeds per change {fmt(e['re_embeds_per_change'], '', 2)} "
                f"(max {e['re_embeds_max']}), charts kept {fmt(e['charts_kept_per_change'], '', 1)}"
                f";  DOM mutations per change {fmt(e['mutations_p50'])}, elements "
                f"{fmt(e['elements_p50'])}"
            )
        for label, r in entry["ratios_vs_floor"].items():
            print(
                f"    ratio {label}/floor: p50 {fmt(r['p50'], '×', 2)}, p95 {fmt(r['p95'], '×', 2)}"
                f";  to any DOM mutation p50 {fmt(r['dom_p50'], '×', 2)}"
            )
        big, rep = entry[LARGE], entry["dxdash"]
        print(
            f"    {LARGE} vs report size: cold p50 "
            f"{fmt(ratio(big['cold']['p50'], rep['cold']['p50']), '×', 2)}, warm p50 "
            f"{fmt(ratio(big['warm']['p50'], rep['warm']['p50']), '×', 2)}"
        )
    print(f"\n[2q] navigation → page quiet ({args.nav_runs} runs each, fresh context, interleaved)")
    nav = await bb.until_quiet_navigation(browser, apps, args.nav_runs)
    result["quiet_navigation"] = nav
    for label in ("dxdash", "floor", LARGE):
        e = nav[label]
        print(
            f"    {label:13s} p50 {fmt(e['median_ms'], ' ms')}, p95 {fmt(e['p95_ms'], ' ms')}"
            f"  ({', '.join(f'{r:.0f}' for r in e['runs_ms'])})"
        )
    for label, value in nav["ratios_vs_floor"].items():
        print(
            f"    ratio {label}/floor (p50): {fmt(value, '×', 2)};  to any DOM mutation "
            f"{fmt(nav['dom_ratios_vs_floor'][label], '×', 2)}"
        )


async def _deck_phase(
    browser: object, decks: list[bb.App], args: argparse.Namespace, result: dict[str, object]
) -> None:
    print(
        f"\n[3d] the deck's → key → page quiet, {args.quiet_runs} slide changes after 2 warm-up "
        f"(dxdash /?present=1, {DECK_SLIDES} slides, first pass: cold) vs bench/floor_deck_app.py"
    )
    entry = await bb.until_quiet_slides(browser, decks, args.quiet_runs)
    result["quiet_deck"] = entry
    for label in ("dxdash", "floor"):
        e = entry[label]  # type: ignore[index]
        print(
            f"    {label:13s} p50 {fmt(e['p50'], ' ms')}, p95 {fmt(e['p95'], ' ms')} "
            f"(n={e['n']}{', ' + str(e['failed']) + ' failed' if e['failed'] else ''})"
            f";  any DOM mutation p50 {fmt(e['dom']['p50'], ' ms')}, "
            f"p95 {fmt(e['dom']['p95'], ' ms')}"
        )
    r = entry["ratios_vs_floor"]["dxdash"]  # type: ignore[index]
    print(
        f"    ratio dxdash/floor: p50 {fmt(r['p50'], '×', 2)}, p95 {fmt(r['p95'], '×', 2)}"
        f";  to any DOM mutation p50 {fmt(r['dom_p50'], '×', 2)}"
    )


def _print_ab(result: dict[str, object]) -> None:
    for label in ("dxdash", "floor", LARGE):
        entry = result.get(label)
        if not entry:
            continue
        runs = ", ".join(f"{r:.0f}" for r in entry["runs_ms"])  # type: ignore[index]
        failed = f"  {entry['failed']} failed" if entry["failed"] else ""  # type: ignore[index]
        print(f"    {label:13s} median {fmt(entry['median_ms'], ' ms')}  ({runs}){failed}")  # type: ignore[index]
        if "add_median_ms" in entry:  # type: ignore[operator]
            kinds = "add a 分野" if label != "floor" else "select B"
            print(
                f"    {'':13s} {kinds}: {fmt(entry['add_median_ms'], ' ms')}, "  # type: ignore[index]
                f"back: {fmt(entry['remove_median_ms'], ' ms')}; websocket part (rerun request →"  # type: ignore[index]
                f" script finished): {fmt(entry['websocket_median_ms'], ' ms')}"  # type: ignore[index]
            )
    for label, value in result["ratios_vs_floor"].items():  # type: ignore[union-attr]
        print(f"    ratio {label}/floor: {fmt(value, '×', 2)}")


def summary(results: dict[str, object]) -> None:
    """The headline figures and how they compare with the targets (figures, not verdicts)."""
    print("\n" + "=" * 78 + "\nSummary (targets in brackets)\n" + "=" * 78)
    pages = results.get("page_times", {}).get("pages", {})  # type: ignore[union-attr]
    if pages:
        print(
            f"{'page (warm, no filter)':26s}{'report':>9s}{'1000×':>9s}{'ratio':>7s}"
            f"   {'new filter: report':>18s}{'1000×':>8s}{'ratio':>7s}   [≤50 ms, ≤2×]"
        )
        for page, entry in pages.items():
            rep, big = entry["report"], entry["large"]
            flags = " ".join(f"({e[:50]})" for e in (rep["error"], big["error"]) if e)
            print(
                f"{Path(page).name:26s}{fmt(rep['median_ms'], ' ms', 1):>9s}"
                f"{fmt(big['median_ms'], ' ms', 1):>9s}"
                f"{fmt(ratio(big['median_ms'], rep['median_ms']), '×', 1):>7s}"
                f"   {fmt(rep['miss_median_ms'], ' ms'):>18s}{fmt(big['miss_median_ms'], ' ms'):>8s}"
                f"{fmt(ratio(big['miss_median_ms'], rep['miss_median_ms']), '×', 1):>7s}  {flags}"
            )
    nav = results.get("quiet_navigation")
    if nav:
        print(
            f"{'first page until quiet':28s} dxdash p50 {fmt(nav['dxdash']['median_ms'], ' ms')} vs "
            f"floor {fmt(nav['floor']['median_ms'], ' ms')} → {fmt(nav['ratio'], '×', 2)}"
            f" (any DOM mutation {fmt(nav['dom_ratios_vs_floor']['dxdash'], '×', 2)})"
            f"   [≤1.3×];  at 1000× → {fmt(nav['ratios_vs_floor'][LARGE], '×', 2)}"
        )
    for path, entry in (results.get("quiet_filter") or {}).items():  # type: ignore[union-attr]
        d, big = entry["dxdash"], entry[LARGE]
        r = entry["ratios_vs_floor"]
        print(
            f"{'filter until quiet ' + path:28s} p50 {fmt(d['p50'], ' ms')} → "
            f"{fmt(r['dxdash']['p50'], '×', 2)} (p95 {fmt(r['dxdash']['p95'], '×', 2)}; any DOM "
            f"mutation {fmt(r['dxdash']['dom_p50'], '×', 2)}) [≤1.3×];"
            f" re-embeds {fmt(d['re_embeds_per_change'], '', 2)} [0]; 1000×/report cold "
            f"{fmt(ratio(big['cold']['p50'], d['cold']['p50']), '×', 2)}, warm "
            f"{fmt(ratio(big['warm']['p50'], d['warm']['p50']), '×', 2)} [≤2×]"
        )
    deck = results.get("quiet_deck")
    if deck:
        r = deck["ratios_vs_floor"]["dxdash"]  # type: ignore[index]
        print(
            f"{'slide change (→) until quiet':28s} p50 {fmt(deck['dxdash']['p50'], ' ms')} vs "  # type: ignore[index]
            f"floor {fmt(deck['floor']['p50'], ' ms')} → {fmt(r['p50'], '×', 2)} (p95 "  # type: ignore[index]
            f"{fmt(r['p95'], '×', 2)}; any DOM mutation {fmt(r['dom_p50'], '×', 2)})"
        )
    for key, title in (("navigation", "navigation"), ("filter", "filter round trip")):
        entry = results.get(key)
        if entry:
            print(
                f"{title:28s} dxdash {fmt(entry['dxdash']['median_ms'], ' ms')} vs floor "
                f"{fmt(entry['floor']['median_ms'], ' ms')} → {fmt(entry['ratio'], '×', 2)}"
                f";  at 1000× {fmt(entry[LARGE]['median_ms'], ' ms')}"
                f" → {fmt(entry['ratios_vs_floor'][LARGE], '×', 2)}"
            )
    conc = results.get("concurrency")
    if conc:
        n = conc["sessions"]
        rerun = conc["rerun_ms"]
        print(
            f"{'memory per session':28s} {fmt(conc['per_session_mb'], ' MB', 2)}"
            f"   [≤5 MB]  (RSS {conc['rss_mb']['after_1_session']:.0f} → "
            f"{conc['rss_mb'][f'after_{n}_sessions']:.0f} MB)"
        )
        print(
            f"{'p95 rerun, 1 vs ' + str(n) + ' active':28s} "
            f"{fmt(rerun['1_session']['p95'], ' ms')} vs {fmt(rerun[f'{n}_active']['p95'], ' ms')}"
            f" → {fmt(conc['p95_ratio'], '×', 2)}   [≤2×]"
        )
        print(
            f"{'p95 rerun, ' + str(n) + ' open/1 active':28s} "
            f"{fmt(rerun[f'{n}_open_1_active']['p95'], ' ms')}"
            f" → {fmt(conc['p95_ratio_1_active'], '×', 2)}"
        )
        active = rerun[f"{n}_active"]
        light = rerun[f"{n}_active_light"]
        print(
            f"{'p95, 1 drawing + ' + str(n - 1) + ' light':28s} "
            f"{fmt(rerun['1_session']['p95'], ' ms')} vs {fmt(light['observer']['p95'], ' ms')}"
            f" → {fmt(conc['light_p95_ratio'], '×', 2)}   [≤2×]  (websocket part of all: "
            f"{fmt(light['websocket_p95'], ' ms')} → {fmt(conc['light_websocket_p95_ratio'], '×', 2)})"
        )
        protocol = rerun.get(f"1_browser_{n - 1}_protocol")
        if protocol:
            print(
                f"{'p95, 1 browser + ' + str(n - 1) + ' protocol':28s} "
                f"{fmt(rerun['1_session']['p95'], ' ms')} vs {fmt(protocol['p95'], ' ms')}"
                f" → {fmt(conc['protocol_p95_ratio'], '×', 2)}   [≤2×]  (their own p95: "
                f"{fmt(protocol['clients']['p95'], ' ms')}, n={protocol['clients']['n']})"
            )
        print(
            f"{'  websocket part, 1 vs ' + str(n):28s} "
            f"{fmt(rerun['1_session']['websocket_p95'], ' ms')} vs "
            f"{fmt(active['websocket_p95'], ' ms')} → {fmt(conc['websocket_p95_ratio'], '×', 2)}"
            f"   (CPU: server {active['server_cpu_s']:.0f} s, Chromium "
            f"{active['browser_cpu_s']:.0f} s in {active['wall_s']:.0f} s on "
            f"{os.cpu_count()} cores)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description="dxdash benchmarks (figures, no pass/fail)")
    parser.add_argument("--quick", action="store_true", help="fewer runs: about 2 minutes")
    parser.add_argument("--scale", type=int, default=1000, help="synthetic data scale")
    parser.add_argument("--sessions", type=int, default=20, help="(--quick: 5)")
    parser.add_argument("--skip-pages", action="store_true", help="no AppTest page timings")
    parser.add_argument("--skip-browser", action="store_true", help="no browser figures")
    parser.add_argument(
        "--only-quiet",
        action="store_true",
        help="browser: only the until-quiet figures (filter change and navigation); no [1]",
    )
    parser.add_argument("--json", default=str(RESULTS / "latest.json"))
    args = parser.parse_args()
    args.page_runs, args.large_runs = (3, 2) if args.quick else (8, 6)
    args.miss_runs = 1 if args.quick else 3
    args.nav_runs, args.filter_runs = (3, 4) if args.quick else (10, 12)
    args.quiet_runs = 4 if args.quick else 12
    if args.only_quiet:
        args.skip_pages = True
    args.reruns = 2 if args.quick else 4
    args.think = (1.0, 3.0) if args.quick else (2.0, 8.0)
    if args.quick and args.sessions == 20:
        args.sessions = 5

    began = time.perf_counter()
    RESULTS.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "machine": machine(),
        "targets": TARGETS,
        "settings": {k: v for k, v in vars(args).items() if k != "json"},
    }
    load = os.getloadavg()[0]
    print(
        f"dxdash benchmarks ({results['mode']}) on {results['machine']['cpu']}, "
        f"{results['machine']['cores']} cores, load average {load:.2f}"
    )
    if load > 0.5:
        print("    note: the machine is busy; figures will be noisy (loadavg is in the JSON)")
    print(f"\n[0] synthetic data, scale {args.scale}")
    large, generated_s = ensure_synthetic(args.scale)
    results["synthetic"] = {"dir": str(large), "generated_s": generated_s}
    if generated_s is not None:
        print(f"    generated (and validated) in {generated_s:.1f} s")
    if not args.skip_pages:
        print(
            f"\n[1] script run time per page, warm caches (AppTest; report {args.page_runs} runs, "
            f"{args.scale}× {args.large_runs}; interleaved; first run of a page dropped if >1;"
            f" then {args.miss_runs} run(s) with a 分野 selection not seen before)"
        )
        results["page_times"] = page_times(large, args.page_runs, args.large_runs, args.miss_runs)
        load = results["page_times"]["load_ms"]  # type: ignore[index]
        print(
            f"    data load (first run of app.py): report {load['report']:.0f} ms, "
            f"{args.scale}× {load['large']:.0f} ms"
        )
    if not args.skip_browser:
        results.update(asyncio.run(browser_part(args, large)))
    results["elapsed_s"] = round(time.perf_counter() - began, 1)
    results["loadavg_at_end"] = os.getloadavg()
    summary(results)
    Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    print(f"\nwrote {args.json} ({results['elapsed_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
