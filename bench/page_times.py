"""Script run time of every dxdash page with warm caches, at the report's size and at N× (AppTest).

    python bench/page_times.py --large DIR [--runs 6] [--large-runs 3] [--json OUT]

Each data set gets its own AppTest session. The first run of app.py loads (and validates) the
data into st.cache_resource — reported as the load time, not as a page time. Then, page by page,
the two data sets are run alternately (A/B interleaved, the order flipped every round), with
DXDASH_DATA_DIR switched between runs; the first run of each page is discarded as warm-up when a
page has more than one run. Then each page runs with 分野 selections not seen before in this
process (st.cache_data misses: the cost of the first view of a filter). Figures are wall-clock
ms of AppTest.run() (app.py + the page).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _common import REPO, fmt, median, ratio

PAGES = (
    "app_pages/overview.py",
    "app_pages/initiatives.py",
    "app_pages/metrics.py",
    "app_pages/gunma_model.py",
    "app_pages/evaluation.py",
    "app_pages/history.py",
)
TARGET_MS = 50.0
TARGET_LARGE_FACTOR = 2.0
DATA_ENV = "DXDASH_DATA_DIR"


def _run(at: object, data_dir: str | None) -> tuple[float, str | None]:
    """One AppTest run with DXDASH_DATA_DIR pointing at data_dir; (ms, first exception or None)."""
    if data_dir is None:
        os.environ.pop(DATA_ENV, None)
    else:
        os.environ[DATA_ENV] = data_dir
    began = time.perf_counter()
    at.run()  # type: ignore[attr-defined]
    took = (time.perf_counter() - began) * 1000
    errors = [e.value for e in at.exception]  # type: ignore[attr-defined]
    return took, (str(errors[0])[:300] if errors else None)


def _filter_combos() -> list[list[str]]:
    """分野 selections never used before in this process: single fields, then pairs."""
    from itertools import combinations

    from dxdash.data.vocabulary import FIELDS

    return [[f] for f in FIELDS] + [list(pair) for pair in combinations(FIELDS, 2)]


def measure(
    sets: dict[str, str | None],
    runs: dict[str, int],
    pages: tuple[str, ...] = PAGES,
    miss_runs: int = 2,
) -> dict[str, object]:
    """Interleaved page timings for each data set (label → data dir, None = repository data/).

    Per page: `runs` warm runs with no filter (results caches hit after the first), then
    `miss_runs` runs each with a 分野 selection this process has not seen yet (caches miss).
    """
    from streamlit.testing.v1 import AppTest

    combos = {label: iter(_filter_combos()) for label in sets}

    sessions = {
        label: AppTest.from_file(str(REPO / "app.py"), default_timeout=900) for label in sets
    }
    load_ms: dict[str, float] = {}
    for label, data_dir in sets.items():
        load_ms[label], error = _run(sessions[label], data_dir)
        if error:
            print(f"  [{label}] app.py: {error}", flush=True)
    results: dict[str, dict[str, object]] = {}
    labels = list(sets)
    for page in pages:
        samples: dict[str, list[float]] = {label: [] for label in labels}
        errors: dict[str, str | None] = dict.fromkeys(labels)
        for round_no in range(max(runs.values())):
            order = labels if round_no % 2 == 0 else labels[::-1]
            for label in order:
                if round_no >= runs[label]:
                    continue
                sessions[label].switch_page(page)
                took, error = _run(sessions[label], sets[label])
                samples[label].append(took)
                errors[label] = errors[label] or error
        misses: dict[str, list[float]] = {label: [] for label in labels}
        for round_no in range(miss_runs):
            for label in labels if round_no % 2 == 0 else labels[::-1]:
                session = sessions[label]
                session.session_state["field"] = next(combos[label])
                session.switch_page(page)
                took, error = _run(session, sets[label])
                misses[label].append(took)
                errors[label] = errors[label] or error
                session.session_state["field"] = []
        entry: dict[str, object] = {}
        for label in labels:
            warm = samples[label][1:] if len(samples[label]) > 1 else samples[label]
            entry[label] = {
                "median_ms": median(warm),
                "runs_ms": [round(s, 1) for s in samples[label]],
                "warm_runs": len(warm),
                "miss_median_ms": median(misses[label]),
                "miss_runs_ms": [round(s, 1) for s in misses[label]],
                "error": errors[label],
            }
        results[page] = entry
        line = (
            "  "
            + page.ljust(28)
            + "  ".join(f"{label} {fmt(entry[label]['median_ms'], ' ms', 1)}" for label in labels)
        )
        if len(labels) == 2:
            a, b = (entry[label]["median_ms"] for label in labels)
            line += f"  ratio {fmt(ratio(b, a), '×', 1)}"
        line += "  | new filter: " + "  ".join(
            f"{label} {fmt(entry[label]['miss_median_ms'], ' ms', 0)}" for label in labels
        )
        print(line, flush=True)
    return {"load_ms": load_ms, "pages": results}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", help="a second data dir (the synthetic 1000× set)")
    parser.add_argument("--runs", type=int, default=6, help="runs per page at report size")
    parser.add_argument("--large-runs", type=int, default=3, help="runs per page on --large")
    parser.add_argument("--miss-runs", type=int, default=2, help="runs with a new filter")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    sets: dict[str, str | None] = {"report": None}
    runs = {"report": args.runs}
    if args.large:
        sets["large"] = str(Path(args.large).resolve())
        runs["large"] = args.large_runs
    result = measure(sets, runs, miss_runs=args.miss_runs)
    result["runs"] = runs
    result["targets"] = {"report_ms": TARGET_MS, "large_factor": TARGET_LARGE_FACTOR}
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
