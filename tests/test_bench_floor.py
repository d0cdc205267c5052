"""The benchmark's floor app offers the control dxdash's sidebar offers (bench/floor_app.py)."""

import ast
from pathlib import Path

from dxdash.data.vocabulary import FIELDS

FLOOR = Path(__file__).resolve().parents[1] / "bench" / "floor_app.py"


def _floor_fields() -> list[str]:
    """The FIELDS list the floor app assigns (read from its source: running it needs Streamlit)."""
    for node in ast.parse(FLOOR.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["FIELDS"]:
            return ast.literal_eval(node.value)
    raise AssertionError("bench/floor_app.py assigns no FIELDS")


def test_the_floor_multiselect_has_dxdash_s_ten_fields_in_order():
    """Same options, same order: a longer list scrolls, and the widget's cost changes with it."""
    assert _floor_fields() == list(FIELDS)


def test_the_benchmark_clicks_fields_the_floor_offers():
    """bench/browser_bench.FIELD_CYCLE picks options both apps have."""
    import sys

    sys.path.insert(0, str(FLOOR.parent))
    try:
        import browser_bench
    finally:
        sys.path.remove(str(FLOOR.parent))
    assert set(browser_bench.FIELD_CYCLE) <= set(_floor_fields())
