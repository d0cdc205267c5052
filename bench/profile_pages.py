"""cProfile of dxdash's page scripts (the hot spots behind bench/run.py's page timings).

    python bench/profile_pages.py [--data-dir DIR] [--page app_pages/metrics.py ...] [--top 25]

AppTest runs a page in a script thread while its main thread only waits, so profiling the
main thread shows nothing but sleep. This profiles the script thread (threading.setprofile
switches a cProfile.Profile on inside it). For each page it profiles one warm run (no filter,
dxdash's result caches hit) and one run with a 分野 selection not seen before (caches miss),
prints the top functions by cumulative time (dxdash code and the libraries it calls) and by
own time, and writes the full listing to bench/results/profile-<page>-<warm|new-filter>.txt.
The default data is the synthetic 1000× set that bench/run.py generates.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _common import REPO, RESULTS
from page_times import PAGES


def profiled_run(at: object) -> tuple[float, cProfile.Profile]:
    """Run the AppTest once with the profiler enabled in the script thread."""
    profile = cProfile.Profile()

    def start(*_: object) -> None:
        sys.setprofile(None)
        threading.setprofile(None)
        profile.enable()

    threading.setprofile(start)
    began = time.perf_counter()
    try:
        at.run()  # type: ignore[attr-defined]
    finally:
        threading.setprofile(None)
    return (time.perf_counter() - began) * 1000, profile


def listing(profile: cProfile.Profile, sort: str, top: int, pattern: str = "") -> str:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats(sort)
    if pattern:
        stats.print_stats(pattern, top)
    else:
        stats.print_stats(top)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=str(RESULTS / "synthetic-scale1000"))
    parser.add_argument("--page", action="append", help="page script (repeatable); default all")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    if not Path(args.data_dir).is_dir():
        print(
            f"{args.data_dir} does not exist: run bench/run.py (or python -m dxdash.data.synthetic)"
        )
        return 2
    os.environ["DXDASH_DATA_DIR"] = str(Path(args.data_dir).resolve())
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=900)
    began = time.perf_counter()
    at.run()
    print(f"data load (first run of app.py): {(time.perf_counter() - began) * 1000:.0f} ms")
    RESULTS.mkdir(parents=True, exist_ok=True)
    fields = iter(
        [["教育", "健康"], ["農業", "文化"], ["行政", "生活"], ["県土整備", "防災・安全"]] * 3
    )
    for page in args.page or PAGES:
        at.switch_page(page)
        at.run()  # warm-up: the page's own caches fill
        for kind in ("warm", "new-filter"):
            if kind == "new-filter":
                at.session_state["field"] = next(fields)
            at.switch_page(page)
            took, profile = profiled_run(at)
            at.session_state["field"] = []
            name = Path(page).stem
            errors = [str(e.value)[:200] for e in at.exception]
            head = f"{page} ({kind}): {took:.0f} ms (profiled){' ERROR ' + errors[0] if errors else ''}"
            full = (
                head
                + "\n\n"
                + listing(profile, "cumulative", 80)
                + "\n"
                + listing(profile, "tottime", 40)
            )
            (RESULTS / f"profile-{name}-{kind}.txt").write_text(full)
            print("\n" + "=" * 100 + "\n" + head)
            print(
                listing(
                    profile,
                    "cumulative",
                    args.top,
                    r"dxdash|app_pages|altair|pandas/core/(frame|groupby|series)",
                )
            )
            print(listing(profile, "tottime", 12))
    return 0


if __name__ == "__main__":
    sys.exit(main())
