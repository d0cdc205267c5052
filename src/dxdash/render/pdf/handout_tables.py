"""The handout's tables: a story table laid out on the page by its column ids.

Which columns a table prints, how wide, which in bold and which merged into one cell is chosen
here by id (a table takes the first layout whose marker column it holds); every row is the
story's, every header the story's words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
from reportlab.platypus import Paragraph, Table, TableStyle

from dxdash.render.pdf.print_style import ACCENT, FONT, FRAME_WIDTH, HEADER_FILL, RULE, ZEBRA_FILL
from dxdash.story import tables
from dxdash.story.model import DisplayTable

Paragraphs = Callable[[object, str], Paragraph]  # text and style name → a cell's paragraph


def cell_text(value: object, decimals: int | None = None) -> str:
    """A table value as printed: missing → empty, numbers to `decimals` places when given."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if not isinstance(value, str) and pd.isna(value):
        return ""
    if isinstance(value, float) and decimals is not None:
        return f"{value:.{decimals}f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A table style whose plain-string cells also use the shipped font (never Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


# How the story's tables fit the page, by column id: relative widths, the columns left out
# (they repeat another: the base-unit value of the report's wording), the columns printed in
# one cell, and the number of decimals. A table takes the first layout whose marker column it
# has (what it holds, not which section it is in). Rows are always all the story's.
FIGURES_LAYOUT: dict[str, Any] = {
    "widths": {
        "name": 95,
        "metric": 130,
        "display": 80,
        "qualifier": 48,
        "as_of": 85,
        "field_label": 76,
        "note": 118,
        "source": 185,
    },
    "drop": ("value", "unit", tables.DEFINITION_COLUMN),  # a link: the web's
    "merge": {"note": ("moved", "note")},  # how it moved, then the report's note
}
TABLE_LAYOUTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("display", FIGURES_LAYOUT),
    (
        "event",
        {
            "widths": {
                "month": 62,
                "kind": 62,
                "event": 170,
                "detail": 300,
                "municipality": 76,
                "firsts": 110,
            }
        },
    ),
    (
        "model_summary",
        {
            "widths": {
                "model_type": 78,
                "model_no": 30,
                "model_name": 170,
                "model_summary": 422,
                "field": 70,
            }
        },
    ),
    ("count", {"widths": {"model_type": 200, "field": 160, "count": 70}, "full": False}),
    ("item", {"widths": {"item": 420}, "default": 90, "decimals": 1}),
    ("start_year", {"widths": {"start_year": 80, "started": 130, "name": 450, "field": 110}}),
)
BOLD_COLUMNS = ("display", "month")


def table_layout(table: DisplayTable) -> dict[str, Any]:
    """The layout of a story table: the first whose marker column the table has."""
    return next((layout for marker, layout in TABLE_LAYOUTS if marker in table.columns), {})


def fitted(table: DisplayTable) -> tuple[list[str], pd.DataFrame, list[float]]:
    """The table's shown column ids with the layout's merged or left out, its cells, and
    each column's width."""
    layout = table_layout(table)
    columns = list(table.columns)
    out = table.frame[columns].copy()
    for target, parts in layout.get("merge", {}).items():
        present = [part for part in parts if part in columns]
        if target in columns and present:
            out[target] = [
                "\n".join(t for t in map(cell_text, values) if t)
                for values in zip(*(out[c] for c in present), strict=True)
            ]
            columns = [c for c in columns if c == target or c not in present]
    columns = [c for c in columns if c not in layout.get("drop", ())]
    weights = layout.get("widths", {})
    widths = [float(weights.get(c, layout.get("default", 80))) for c in columns]
    if layout.get("full", True):
        widths = [w * FRAME_WIDTH / sum(widths) for w in widths]
    return columns, out[columns], widths


def table_flowable(table: DisplayTable, paragraph: Paragraphs, note: str = "") -> Table:
    """A table of Paragraph cells that wraps its text, header repeated on every page.

    `note` (the source) is the table's last row, spanning every column, so it always prints
    right beneath the table and is never left alone at the top of a page. `paragraph` makes a
    cell's paragraph (the handout's escaped, cut text in one of its styles).
    """
    columns, shown, widths = fitted(table)
    decimals = table_layout(table).get("decimals")
    header = [paragraph(table.header(column), "head") for column in columns]
    body = [
        [
            paragraph(
                cell_text(value, decimals),
                "cell_bold" if column in BOLD_COLUMNS else "cell",
            )
            for column, value in zip(columns, row, strict=True)
        ]
        for row in shown.itertuples(index=False)
    ]
    rows: list[list[Any]] = [header, *body]
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, len(body)), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), ZEBRA_FILL) for r in range(2, len(body) + 1, 2)]
    if note:
        rows.append([paragraph(note, "note")] + [""] * (len(columns) - 1))
        style += [("SPAN", (0, -1), (-1, -1)), ("LEFTPADDING", (0, -1), (-1, -1), 0)]
    drawn = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    drawn.setStyle(table_style(style))
    return drawn
