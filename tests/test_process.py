"""Per-server tuning (dxdash.render.streamlit.process): what each switch does, and only once."""

import threading

import altair as alt

from dxdash.render.streamlit import process


def test_chart_validation_is_switched_off():
    """Altair validates a chart in its constructor only in debug mode; the app turns it off."""
    with alt.utils.schemapi.debug_mode(True):
        process.skip_chart_validation()
        assert alt.utils.schemapi.DEBUG_MODE is False


def test_the_startup_heap_is_frozen_once(monkeypatch):
    calls = []
    monkeypatch.setattr(process, "_FROZEN", threading.Event())
    monkeypatch.setattr(process.gc, "collect", lambda: calls.append("collect"))
    monkeypatch.setattr(process.gc, "freeze", lambda: calls.append("freeze"))
    process.freeze_startup_heap()
    process.freeze_startup_heap()
    assert calls == ["collect", "freeze"]
