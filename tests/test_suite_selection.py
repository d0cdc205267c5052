"""The fast default: plain `python -m pytest` leaves the browser tests out; asking runs them."""

from __future__ import annotations

import subprocess
import sys

from dxdash.data.dataset import REPO_ROOT


def _collected(*args: str) -> list[str]:
    """Test ids that `python -m pytest --collect-only` selects in this checkout."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-n",
            "0",  # collected in this process, listed one id a line
            "-p",
            "no:cacheprovider",
            *args,
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return [line for line in result.stdout.splitlines() if line.startswith("tests/")]


def test_default_selection_has_no_browser_tests():
    selected = _collected()
    assert len(selected) > 500  # the unit and AppTest tests are all there
    assert [test for test in selected if test.startswith("tests/browser/")] == []


def test_a_browser_test_named_by_path_still_runs():
    smoke = "tests/browser/test_smoke.py"
    assert _collected(smoke) == [f"{smoke}::test_overview_opens_and_draws_a_chart"]
