"""Excel/CSV export and import of dxdash's tables, for staff who keep the figures current.

The public names, gathered from the modules that do each job:

- dxdash.data.workbook_sheets: the sheets and columns (Japanese headers, how cells are read).
- dxdash.data.workbook_export: ``export_workbook`` (one sheet per table and a 説明 sheet).
- dxdash.data.workbook_files: an upload's bytes, .xlsx sheets and CSV files into raw cells.
- dxdash.data.workbook_cells: one cell as people type it (numbers, dates, text limits).
- dxdash.data.workbook_import: ``read_import`` (rows into validated tables, every problem named).
- dxdash.data.workbook_guard: limits on hostile files, ``ImportProblems``.
- dxdash.data.import_preview: ``preview_changes``, ``format_changes``, ``mass_deletions``.
"""

from __future__ import annotations

from dxdash.data.import_preview import (
    NATURAL_KEYS,
    describe_mass_deletions,
    format_changes,
    mass_deletions,
    preview_changes,
)
from dxdash.data.workbook_export import export_workbook, tables_from_dataset
from dxdash.data.workbook_guard import MAX_IMPORT_BYTES, ImportProblems
from dxdash.data.workbook_import import read_import
from dxdash.data.workbook_sheets import EXPLANATION_SHEET, SHEET_BY_TABLE, SHEETS, Column, Sheet

__all__ = [
    "EXPLANATION_SHEET",
    "MAX_IMPORT_BYTES",
    "NATURAL_KEYS",
    "SHEETS",
    "SHEET_BY_TABLE",
    "Column",
    "ImportProblems",
    "Sheet",
    "describe_mass_deletions",
    "export_workbook",
    "format_changes",
    "mass_deletions",
    "preview_changes",
    "read_import",
    "tables_from_dataset",
]
