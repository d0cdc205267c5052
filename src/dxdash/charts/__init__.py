"""Altair chart builders, the chart theme and chart images (PNG/SVG)."""
