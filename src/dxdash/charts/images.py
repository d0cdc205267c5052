"""Charts as image files (SVG, PNG) drawn with the project's own Japanese font.

vl-convert renders the same Vega-Lite spec the dashboard shows, without a browser. Its text
goes through the fonts it knows, so this module registers ``static/fonts/print/`` (Noto Sans
JP Regular and Bold, shipped with the project) once per process: the family the charts ask
for first (``theme.FONT_FAMILY``) then resolves to that font, never to whatever the machine
happens to have. The PNG therefore looks the same on a laptop, a server and CI.

The SVG keeps its text as ``<text>`` (searchable, editable in PowerPoint/Illustrator), laid out
with the shipped font's metrics; a viewer without Noto Sans JP uses its own Japanese font.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import altair as alt
import pyarrow as pa
import vl_convert

REPO_ROOT = Path(__file__).resolve().parents[3]
PRINT_FONT_DIR = REPO_ROOT / "static" / "fonts" / "print"
PRINT_FONT_FAMILY = "Noto Sans JP"
PRINT_FONT_FILES: dict[str, Path] = {
    "regular": PRINT_FONT_DIR / "NotoSansJP-Regular.ttf",
    "bold": PRINT_FONT_DIR / "NotoSansJP-Bold.ttf",
}

_registered = False
_lock = threading.Lock()


def ensure_fonts() -> Path:
    """Register the shipped fonts with vl-convert (once per process); return their folder."""
    global _registered
    with _lock:
        if not _registered:
            missing = [str(p) for p in PRINT_FONT_FILES.values() if not p.is_file()]
            if missing:
                raise FileNotFoundError(f"印刷用フォントがありません: {', '.join(missing)}")
            vl_convert.register_font_directory(str(PRINT_FONT_DIR))
            _registered = True
    return PRINT_FONT_DIR


def _vl_version() -> str | None:
    """The Vega-Lite version Altair writes (6.4 for v6.4.1), when vl-convert bundles it."""
    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return major_minor if major_minor in vl_convert.get_vegalite_versions() else None


def chart_spec(chart: Any) -> dict[str, Any]:
    """The Vega-Lite spec of an Altair chart (a dict is taken as a spec already).

    Datasets the dashboard cached as Arrow IPC bytes (dxdash.render.streamlit.blocks.chart_spec) become rows again.
    """
    # not validated against the schema again (0.13 s a chart): the builders' specs are, in tests
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    datasets = spec.get("datasets") or {}
    if any(isinstance(rows, bytes) for rows in datasets.values()):
        spec = {
            **spec,
            "datasets": {
                name: _arrow_rows(rows) if isinstance(rows, bytes) else rows
                for name, rows in datasets.items()
            },
        }
    return spec


def _arrow_rows(data: bytes) -> list[dict[str, Any]]:
    """Rows of an Arrow IPC stream, as JSON-ready dicts (dates as ISO text)."""
    frame = pa.ipc.open_stream(data).read_all().to_pandas()
    return json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))


def chart_to_svg(chart: Any) -> str:
    """The chart as an SVG document (text kept as text, laid out with the shipped font)."""
    ensure_fonts()
    return vl_convert.vegalite_to_svg(chart_spec(chart), vl_version=_vl_version())


def chart_to_png(chart: Any, scale: float = 2) -> bytes:
    """The chart as PNG bytes, `scale` pixels per CSS pixel (2 = crisp in print and on HiDPI)."""
    ensure_fonts()
    return vl_convert.vegalite_to_png(chart_spec(chart), vl_version=_vl_version(), scale=scale)


def chart_to_pdf(chart: Any) -> bytes:
    """The chart as a one-page vector PDF with the shipped font embedded (subset)."""
    ensure_fonts()
    return vl_convert.vegalite_to_pdf(chart_spec(chart), vl_version=_vl_version())
