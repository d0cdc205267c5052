"""Build the Parquet tables from the human-reviewable source in data/source/.

The source keeps every figure as the report prints it ("約80万人"); the build parses it into
value + unit + qualifier, checks it, and writes byte-identical Parquet for the same source.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from dxdash.data.schema import TABLE_SCHEMAS, parquet_file_name
from dxdash.data.validation import DataError, validate_tables
from dxdash.locale.japanese import (
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

    initiative_rows: list[dict[str, Any]] = []
    metric_rows: list[dict[str, Any]] = []
    for order, item in enumerate(_read_yaml(source_dir / "initiatives.yaml") or [], start=1):
        where = f"initiatives.yaml の {item.get('id', f'{order}件目')}"
        started, fy = _started_or_problem(_text(item.get("started_text")), where, problems)
        model = item.get("gunma_model") or {}
        initiative_rows.append(
            {
                "initiative_id": _text(item.get("id")),
                "report_order": order,
                "name": _text(item.get("name")),
                "short_name": _text(item.get("short_name")),
                "field": _text(item.get("field")),
                "field_source": _text(item.get("field_source")),
                "started": started,
                "started_text": _text(item.get("started_text")),
                "started_note": _text(item.get("started_note")),
                "fiscal_year": fy,
                "gunma_model": _text(model.get("type")),
                "gunma_model_no": model.get("number"),
                "gunma_model_name": _text(model.get("name")),
                "gunma_model_summary": _text(model.get("summary")),
                "summary": _joined(item.get("summary")),
                "comments": [str(c).strip() for c in item.get("comments") or []],
                "firsts": [str(f).strip() for f in item.get("firsts") or []],
                "related": [str(r).strip() for r in item.get("related") or []],
                "source": _text(item.get("source")),
            }
        )
        metric_rows += _metric_rows(
            item.get("id"), item.get("metrics"), _text(item.get("source")), where, problems
        )

    program_rows: list[dict[str, Any]] = []
    for order, item in enumerate(_read_yaml(source_dir / "programs.yaml") or [], start=1):
        where = f"programs.yaml の {item.get('id', f'{order}件目')}"
        started, fy = _started_or_problem(_text(item.get("started_text")), where, problems)
        program_rows.append(
            {
                "program_id": _text(item.get("id")),
                "name": _text(item.get("name")),
                "started": started,
                "started_text": _text(item.get("started_text")),
                "fiscal_year": fy,
                "summary": _joined(item.get("summary")),
                "source": _text(item.get("source")),
            }
        )
        metric_rows += _metric_rows(
            item.get("id"), item.get("metrics"), _text(item.get("source")), where, problems
        )

    event_rows: list[dict[str, Any]] = []
    for order, item in enumerate(_read_yaml(source_dir / "events.yaml") or [], start=1):
        where = f"events.yaml の {item.get('id', f'{order}件目')}"
        when, fy = _started_or_problem(_text(item.get("date_text")), where, problems)
        event_rows.append(
            {
                "event_id": _text(item.get("id")),
                "date": when,
                "date_text": _text(item.get("date_text")),
                "fiscal_year": fy,
                "kind": _text(item.get("kind")),
                "title": _text(item.get("title")),
                "detail": _text(item.get("detail")) or "",
                "initiative_id": _text(item.get("initiative_id")),
                "program_id": _text(item.get("program_id")),
                "municipality": _text(item.get("municipality")),
                "award_category": _text(item.get("award_category")),
                "award_result": _text(item.get("award_result")),
                "firsts": [str(f).strip() for f in item.get("firsts") or []],
                "source": _text(item.get("source")),
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
