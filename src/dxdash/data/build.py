"""Build the Parquet tables from the human-reviewable source in data/source/.

The source keeps every figure as the report prints it ("約80万人"); the build parses it into
value + unit + qualifier, checks it, and writes byte-identical Parquet for the same source.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from dxdash.data.schema import TABLE_SCHEMAS, parquet_file_name
from dxdash.data.validation import DataError, validate_tables
from dxdash.text.japanese import (
    fiscal_year,
    parse_figure_ja,
    parse_fiscal_year_ja,
    parse_month_ja,
)

SOURCE_FILES: tuple[str, ...] = (
    "report.yaml",
    "initiatives.yaml",
    "programs.yaml",
    "events.yaml",
    "survey.yaml",
    "survey.csv",
)


def parse_started(text: str | None) -> tuple[date | None, int | None]:
    """Turn a printed start ("2020.12~", "2023年度～", None) into (first day of month, 年度).

    A 年度-only start has no month, so its date stays null while its 年度 is kept.
    """
    if text is None or str(text).strip() == "":
        return None, None
    text = str(text)
    if "年度" in text:
        return None, parse_fiscal_year_ja(text)
    started = parse_month_ja(text)
    return started, fiscal_year(started)


class SourceLoader(yaml.SafeLoader):
    """YAML loader that keeps "2021.10" and "no" as text: dates and keys are never floats/bools.

    Plain YAML reads the month 2021.10 as the float 2021.1 (January) and the key `no` as False.
    """


SourceLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag
        not in (
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:bool",
        )
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read_yaml(path: Path) -> Any:
    """Read one YAML source file, naming the file in any error."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=SourceLoader)
    except FileNotFoundError as exc:
        raise DataError([f"{path.name}: ソースファイルが見つかりません（{path}）"]) from exc
    except yaml.YAMLError as exc:
        raise DataError([f"{path.name}: YAMLとして読めません: {exc}"]) from exc


def _text(value: Any) -> str | None:
    """Normalise an optional YAML scalar to a stripped string or None."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _joined(lines: Iterable[str] | str | None) -> str:
    """Join a list of bullet points into one newline-separated summary."""
    if lines is None:
        return ""
    if isinstance(lines, str):
        return lines.strip()
    return "\n".join(str(line).strip() for line in lines)


def _as_of(value: Any, where: str, problems: list[str]) -> date | None:
    """Accept an as-of date written as a YAML date or ISO string; report anything else."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{where}: as_of '{value}' は日付（YYYY-MM-DD）ではありません")
        return None


def _metric_rows(
    owner_id: str,
    metrics: list[dict[str, Any]] | None,
    source: str,
    where: str,
    problems: list[str],
) -> list[dict[str, Any]]:
    """Parse an owner's printed figures into metric rows, checking value, unit and qualifier."""
    rows = []
    for index, metric in enumerate(metrics or [], start=1):
        here = f"{where} の metrics[{index}]"
        figure_text = _text(metric.get("figure"))
        if figure_text is None:
            problems.append(f"{here}: figure がありません")
            continue
        try:
            figure = parse_figure_ja(figure_text)
        except ValueError as exc:
            problems.append(f"{here}: figure '{figure_text}' を読めません: {exc}")
            continue
        qualifier = _text(metric.get("qualifier"))
        if qualifier and figure.qualifier and qualifier != figure.qualifier:
            problems.append(
                f"{here}: qualifier '{qualifier}' が figure '{figure_text}' と食い違います"
            )
        rows.append(
            {
                "initiative_id": owner_id,
                "metric": _text(metric.get("metric")),
                "value": figure.value,
                "unit": figure.unit,
                "qualifier": qualifier or figure.qualifier,
                "value_text": figure_text,
                "category": _text(metric.get("category")),
                "as_of": _as_of(metric.get("as_of"), here, problems),
                "as_of_text": _text(metric.get("as_of_text")),
                "note": _text(metric.get("note")),
                "source": source,
                "municipality_code": _text(metric.get("municipality_code")),
            }
        )
    return rows


def _started_or_problem(
    text: str | None, where: str, problems: list[str]
) -> tuple[date | None, int | None]:
    """parse_started, turning a parse failure into a named problem."""
    try:
        return parse_started(text)
    except ValueError as exc:
        problems.append(f"{where}: started_text '{text}' を読めません: {exc}")
        return None, None


def _texts(item: dict[str, Any], *keys: str) -> dict[str, str | None]:
    """The named scalars of a YAML item, each normalised by _text (the row's plain text columns)."""
    return {key: _text(item.get(key)) for key in keys}


def _items(item: dict[str, Any], key: str) -> list[str]:
    """A YAML list of an item as stripped strings (missing or empty → [])."""
    return [str(entry).strip() for entry in item.get(key) or []]


def _dated_items(
    source_dir: Path, file_name: str, text_key: str, problems: list[str]
) -> Iterator[tuple[int, dict[str, Any], str, date | None, int | None]]:
    """Each item of a YAML list file with its position, its name for problems, its date and 年度."""
    for order, item in enumerate(_read_yaml(source_dir / file_name) or [], start=1):
        where = f"{file_name} の {item.get('id', f'{order}件目')}"
        when, fy = _started_or_problem(_text(item.get(text_key)), where, problems)
        yield order, item, where, when, fy


def _owners(
    source_dir: Path,
    file_name: str,
    id_column: str,
    problems: list[str],
    metric_rows: list[dict[str, Any]],
) -> Iterator[tuple[int, dict[str, Any], dict[str, Any]]]:
    """Each initiative or program with the columns both tables have; its figures go to metric_rows."""
    for order, item, where, started, fy in _dated_items(
        source_dir, file_name, "started_text", problems
    ):
        row = {
            **_texts(item, "name", "started_text", "source"),
            id_column: _text(item.get("id")),
            "started": started,
            "fiscal_year": fy,
            "summary": _joined(item.get("summary")),
        }
        yield order, item, row
        metric_rows += _metric_rows(
            item.get("id"), item.get("metrics"), row["source"], where, problems
        )


def read_source(source_dir: Path) -> dict[str, pa.Table]:
    """Read data/source/ into Arrow tables (unvalidated), collecting every problem at once."""
    problems: list[str] = []

    report = _read_yaml(source_dir / "report.yaml")
    published = parse_month_ja(str(report["published"]))
    report_rows = [
        {
            "title": report["title"],
            "publisher": report["publisher"],
            "published": published,
            "published_text": report["published_text"],
            "url": report["url"],
        }
    ]

    metric_rows: list[dict[str, Any]] = []
    initiative_rows: list[dict[str, Any]] = []
    for order, item, row in _owners(
        source_dir, "initiatives.yaml", "initiative_id", problems, metric_rows
    ):
        model = item.get("gunma_model") or {}
        initiative_rows.append(
            {
                **row,
                **_texts(item, "short_name", "field", "field_source", "started_note"),
                "report_order": order,
                "gunma_model": _text(model.get("type")),
                "gunma_model_no": model.get("number"),
                "gunma_model_name": _text(model.get("name")),
                "gunma_model_summary": _text(model.get("summary")),
                "comments": _items(item, "comments"),
                "firsts": _items(item, "firsts"),
                "related": _items(item, "related"),
            }
        )
    program_rows = [
        row
        for _, _, row in _owners(source_dir, "programs.yaml", "program_id", problems, metric_rows)
    ]

    event_rows: list[dict[str, Any]] = []
    for _order, item, _where, when, fy in _dated_items(
        source_dir, "events.yaml", "date_text", problems
    ):
        event_rows.append(
            {
                **_texts(item, "date_text", "kind", "title", "initiative_id", "program_id"),
                **_texts(item, "municipality", "award_category", "award_result", "source"),
                "event_id": _text(item.get("id")),
                "date": when,
                "fiscal_year": fy,
                "detail": _text(item.get("detail")) or "",
                "firsts": _items(item, "firsts"),
            }
        )

    survey_rows = _survey_rows(source_dir, problems)

    if problems:
        raise DataError(problems)
    rows = {
        "report": report_rows,
        "initiatives": initiative_rows,
        "programs": program_rows,
        "metrics": metric_rows,
        "survey": survey_rows,
        "events": event_rows,
    }
    tables = {}
    for name, table_rows in rows.items():
        try:
            tables[name] = pa.Table.from_pylist(table_rows, schema=TABLE_SCHEMAS[name])
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            problems.append(f"{name}: 型が合いません: {exc}")
    if problems:
        raise DataError(problems)
    return tables


def _survey_rows(source_dir: Path, problems: list[str]) -> list[dict[str, Any]]:
    """Read the survey table, kept wide as in the report (one row per item, one column per 年度)."""
    meta = _read_yaml(source_dir / "survey.yaml")
    path = source_dir / "survey.csv"
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for line_no, record in enumerate(reader, start=2):
            for column, cell in record.items():
                if column == "item":
                    continue
                try:
                    fy = parse_fiscal_year_ja(column)
                    score = float(cell)
                except (TypeError, ValueError):
                    problems.append(
                        f"survey.csv の {line_no}行目 列「{column}」: 値 '{cell}' が不正"
                    )
                    continue
                rows.append(
                    {
                        "item": record["item"],
                        "fiscal_year": fy,
                        "score": score,
                        "unit": meta["unit"],
                        "method": meta["method"],
                        "source": meta["source"],
                    }
                )
    return rows


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write one table deterministically and atomically (temp file + rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(
            table,
            tmp_name,
            compression="zstd",
            use_dictionary=True,
            write_statistics=True,
            store_schema=True,
        )
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)


def build_data(source_dir: Path, out_dir: Path, today: date | None = None) -> dict[str, Path]:
    """Validate data/source/ and write every table to out_dir; nothing is written if invalid."""
    tables = read_source(source_dir)
    validate_tables(tables, today=today)
    written = {}
    for name, table in tables.items():
        path = out_dir / parquet_file_name(name)
        write_parquet(table, path)
        written[name] = path
    return written
