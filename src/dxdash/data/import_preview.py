"""What an import would change, before it is stored: rows added, changed and removed per table
(on each table's natural key), newer values of a figure, and imports that delete more than half
a table (which must be confirmed)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pyarrow as pa

from dxdash.data.schema import TABLE_NAMES, TABLE_SCHEMAS
from dxdash.data.workbook_sheets import SHEETS

# Natural key of each table, for preview_changes; () = the row's position (the one report row).
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "report": (),
    "initiatives": ("initiative_id",),
    "programs": ("program_id",),
    "metrics": ("initiative_id", "metric", "as_of", "municipality_code"),
    "survey": ("item", "fiscal_year"),
    "events": ("event_id",),
}


def _key(record: Mapping[str, Any], columns: tuple[str, ...], position: int) -> Any:
    if not columns:
        return position
    if len(columns) == 1:
        return record[columns[0]]
    return tuple(record.get(c) for c in columns)


def _figure_notes(new_rows: list[dict[str, Any]], added: list[Any]) -> dict[Any, tuple[str, str]]:
    """For each added value of a figure that had one before: (previous value, added value) texts.

    The previous value is the figure's latest value dated before the added one.
    """
    if not added:
        return {}
    by_figure: dict[tuple, list[dict[str, Any]]] = {}
    for row in new_rows:
        figure = (row["initiative_id"], row["metric"], row.get("municipality_code"))
        by_figure.setdefault(figure, []).append(row)
    notes = {}
    for owner, metric, as_of, code in added:
        earlier = [
            r
            for r in by_figure.get((owner, metric, code), [])
            if r["as_of"] is not None and as_of is not None and r["as_of"] < as_of
        ]
        new = next(
            (r for r in by_figure.get((owner, metric, code), []) if r["as_of"] == as_of), None
        )
        if earlier and new is not None:
            old = max(earlier, key=lambda r: r["as_of"])
            notes[(owner, metric, as_of, code)] = (old["value_text"], new["value_text"])
    return notes


def preview_changes(
    old_tables: Mapping[str, pa.Table], new_tables: Mapping[str, pa.Table]
) -> dict[str, dict[str, list[Any]]]:
    """Compare two sets of tables row by row on each table's natural key.

    Returns ``{table: {"added": [key, ...], "changed": [(key, column, old, new), ...],
    "removed": [key, ...]}}`` for every table; keys are ``initiative_id``,
    ``(initiative_id, metric)``, ``(item, fiscal_year)``, ``event_id``, ``program_id``, and the
    row position for the single report row.
    """
    result: dict[str, dict[str, list[Any]]] = {}
    for name in TABLE_NAMES:
        columns = NATURAL_KEYS[name]
        old = old_tables.get(name)
        new = new_tables.get(name)
        old_rows = old.to_pylist() if old is not None else []
        new_rows = new.to_pylist() if new is not None else []
        before = {_key(r, columns, i): r for i, r in enumerate(old_rows)}
        after = {_key(r, columns, i): r for i, r in enumerate(new_rows)}
        fields = [f.name for f in TABLE_SCHEMAS[name]]
        changed = [
            (key, column, before[key].get(column), row.get(column))
            for key, row in after.items()
            if key in before
            for column in fields
            if before[key].get(column) != row.get(column)
        ]
        result[name] = {
            "added": [key for key in after if key not in before],
            "changed": changed,
            "removed": [key for key in before if key not in after],
        }
        if name == "metrics":  # a newer value of a figure: [(key, (old text, new text)), …]
            result[name]["moved"] = list(_figure_notes(new_rows, result[name]["added"]).items())
    return result


def mass_deletions(
    old_tables: Mapping[str, pa.Table], changes: Mapping[str, Mapping[str, list[Any]]]
) -> list[tuple[str, int, int]]:
    """Tables an import would shrink by more than half: (sheet title, rows removed, rows before).

    A CSV with only its header row is a valid, empty table: importing it deletes every row.
    Such an import must be confirmed explicitly (the admin page's checkbox, the CLI's
    --allow-mass-delete) instead of going through like any other.
    """
    found = []
    for sheet in SHEETS:
        old = old_tables.get(sheet.table)
        removed = len(changes.get(sheet.table, {}).get("removed", []))
        if old is not None and old.num_rows and removed * 2 > old.num_rows:
            found.append((sheet.title, removed, old.num_rows))
    return found


def describe_mass_deletions(found: list[tuple[str, int, int]]) -> str:
    """E.g. 「数値 34件中34件」, for the confirmation texts."""
    return "、".join(f"{title} {total}件中{removed}件" for title, removed, total in found)


def _show_value(value: Any) -> str:
    if value is None or value == []:
        return "（空）"
    if isinstance(value, list):
        return "／".join(value)
    if isinstance(value, float):
        return f"{value:,.15g}"
    text = str(value).replace("\n", "⏎")
    return text if len(text) <= 40 else text[:40] + "…"


def _show_key(key: Any) -> str:
    if isinstance(key, tuple):
        return " / ".join(_show_part(k) for k in key if k is not None)
    if isinstance(key, int):
        return f"{key + 1}行目"
    return str(key)


def _show_part(part: Any) -> str:
    """One part of a key: dates as 2024-03-31, the rest as text."""
    return part.isoformat() if isinstance(part, date) else str(part)


def format_changes(changes: Mapping[str, Mapping[str, list[Any]]], limit: int = 50) -> list[str]:
    """Describe preview_changes' result in Japanese lines (a summary line per table first)."""
    lines: list[str] = []
    for sheet in SHEETS:
        change = changes.get(sheet.table)
        if not change:
            continue
        added, edited, removed = change["added"], change["changed"], change["removed"]
        if not (added or edited or removed):
            continue
        rows = len({key for key, *_ in edited})
        lines.append(
            f"{sheet.title}: 追加 {len(added)}件、変更 {rows}件（{len(edited)}項目）、削除 {len(removed)}件"
        )
        header_of = {c.name: c.header for c in sheet.columns}
        moved = dict(change.get("moved", []))
        details = [
            f"  + 追加 {_show_key(k)}"
            + (f"（{k[1]}：{moved[k][0]} → {moved[k][1]}）" if k in moved else "")
            for k in added
        ]
        details += [
            f"  ~ 変更 {_show_key(k)} 列「{header_of.get(c, c)}」: {_show_value(o)} → {_show_value(n)}"
            for k, c, o, n in edited
        ]
        details += [f"  - 削除 {_show_key(k)}" for k in removed]
        lines += details[:limit]
        if len(details) > limit:
            lines.append(f"  ほか {len(details) - limit}件")
    return lines or ["変更はありません"]
