"""Per-process tuning of the server: what a request should not pay for (validation, old-heap GC)."""

from __future__ import annotations

import gc
import threading

import altair as alt

_FROZEN = threading.Event()


def skip_chart_validation() -> None:
    """Stop Altair validating each chart against the Vega-Lite schema as it is constructed.

    Altair's debug mode runs a full jsonschema validation inside every Chart/LayerChart
    constructor: 40–70 ms of a filter's first view on the overview. tests/test_charts.py
    validates every builder's output (``to_dict()``) instead, so a broken spec fails CI, not
    a meeting.
    """
    alt.utils.schemapi.disable_debug_mode()


def freeze_startup_heap() -> None:
    """Move everything alive after the first complete run into the permanent GC generation.

    The data, pandas, pyarrow and Altair's schemas are read-only for the life of the process,
    but Python's full (generation 2) collections walk them each time: about 110 ms with the
    GIL held, at random within some request. Once frozen they are never walked again; what
    requests allocate later is collected as usual. Runs once per process.
    """
    if _FROZEN.is_set():
        return
    _FROZEN.set()
    gc.collect()
    gc.freeze()
