"""Charts: pure Altair builders, one module per kind (``figure_bars``, ``count_bars``,
``timeline_chart``, ``history_chart``) over what they share (``common``, ``label_text``,
``spec_templates``), the chart theme and chart images (PNG/SVG)."""
