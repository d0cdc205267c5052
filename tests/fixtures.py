"""Small datasets made in code: a valid minimal set of tables to break one rule at a time."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from dxdash.data.build import write_parquet
from dxdash.data.schema import TABLE_SCHEMAS, parquet_file_name

TODAY = date(2026, 11, 26)


def tiny_rows() -> dict[str, list[dict[str, Any]]]:
    """Return rows for a tiny but complete, valid dataset (fresh lists every call)."""
    initiative = {
        "initiative_id": "line-window",
        "report_order": 1,
        "name": "県公式LINEアカウント",
        "short_name": "LINE",
        "field": "行政",
        "field_source": "assigned",
        "started": None,
        "started_text": None,
        "started_note": None,
        "fiscal_year": None,
        "gunma_model": None,
        "gunma_model_no": None,
        "gunma_model_name": None,
        "gunma_model_summary": None,
        "summary": "デジタル手続の窓口",
        "comments": ["便利"],
        "firsts": [],
        "related": [],
        "source": "3.(1)",
    }
    walk = {
        **initiative,
        "initiative_id": "g-walk",
        "report_order": 2,
        "name": "G-WALK+",
        "field": "健康",
        "field_source": "report",
        "started": date(2021, 6, 1),
        "started_text": "2021.6~",
        "fiscal_year": 2021,
        "gunma_model": "ワイズスペンディング",
        "gunma_model_no": 1,
        "gunma_model_name": "G-WALK+",
        "gunma_model_summary": "健康アプリ",
        "related": ["line-window"],
    }
    return {
        "report": [
            {
                "title": "日本最先端クラスデジタル県の実現について－DX推進実績－",
                "publisher": "群馬県",
                "published": date(2024, 3, 1),
                "published_text": "2024年3月公表",
                "url": "https://www.pref.gunma.jp/page/635104.html",
            }
        ],
        "initiatives": [initiative, walk],
        "programs": [
            {
                "program_id": "dx-program",
                "name": "ぐんまDX加速化プログラム",
                "started": date(2021, 11, 1),
                "started_text": "2021.11",
                "fiscal_year": 2021,
                "summary": "策定",
                "source": "1.",
            }
        ],
        "metrics": [
            {
                "initiative_id": "line-window",
                "metric": "友だち登録数",
                "value": 800000.0,
                "unit": "人",
                "qualifier": "約",
                "value_text": "約80万人",
                "category": "人数",
                "as_of": date(2023, 10, 1),
                "as_of_text": "2023年10月",
                "note": None,
                "source": "3.(1)",
            },
            {
                "initiative_id": "dx-program",
                "metric": "達成率",
                "value": 89.0,
                "unit": "%",
                "qualifier": "見込",
                "value_text": "89%",
                "category": "割合",
                "as_of": date(2023, 12, 31),
                "as_of_text": "2023年12月末時点",
                "note": None,
                "source": "3.",
            },
        ],
        "survey": [
            {
                "item": "行政手続きがデジタル化され、利便性が高まっている",
                "fiscal_year": year,
                "score": score,
                "unit": "点",
                "method": "平均値",
                "source": "3.(3)",
            }
            for year, score in ((2020, 42.3), (2021, 44.3), (2022, 44.6))
        ],
        "events": [
            {
                "event_id": "g7",
                "date": date(2023, 4, 1),
                "date_text": "2023.4",
                "fiscal_year": 2023,
                "kind": "会議開催",
                "title": "G7群馬高崎デジタル・技術大臣会合の開催",
                "detail": "Gメッセ群馬にて開催",
                "initiative_id": None,
                "program_id": None,
                "municipality": None,
                "award_category": None,
                "award_result": None,
                "firsts": [],
                "source": "3.(3)",
            }
        ],
    }


def tables_from_rows(rows: dict[str, list[dict[str, Any]]]) -> dict[str, pa.Table]:
    """Build Arrow tables with the official schemas from plain rows."""
    return {name: pa.Table.from_pylist(rows[name], schema=TABLE_SCHEMAS[name]) for name in rows}


def write_tables(tables: dict[str, pa.Table], directory: Path) -> Path:
    """Write tables as Parquet files into directory and return it."""
    for name, table in tables.items():
        write_parquet(table, directory / parquet_file_name(name))
    return directory


def copy_repo_data(directory: Path) -> Path:
    """A data directory holding a copy of the repository's base tables (tests write freely)."""
    from dxdash.data.dataset import DEFAULT_DATA_DIR

    directory.mkdir(parents=True, exist_ok=True)
    for name in TABLE_SCHEMAS:
        file = parquet_file_name(name)
        (directory / file).write_bytes((DEFAULT_DATA_DIR / file).read_bytes())
    return directory


@functools.cache
def _deck_slides(code: str, filters: tuple[tuple[str, Any], ...]) -> tuple:
    """The deck's slides, made once per process for each (language, filters): test modules
    ask for them at import, to parametrize (each made ~0.7 s of every worker's collection)."""
    from dxdash.data.dataset import load_dataset
    from dxdash.locale import get_locale
    from dxdash.render.slides.deck import slides_of
    from dxdash.story.build import build_story
    from dxdash.story.content import localized
    from dxdash.story.filters import Filters

    story = build_story(
        localized(load_dataset(), get_locale(code)), Filters(**dict(filters)), get_locale(code)
    )
    return slides_of(story)


def deck_slides(code: str = "ja", **filters: Any) -> tuple:
    """The slides of the deck of the report's data (unfiltered unless `filters` say so)."""
    return _deck_slides(code, tuple(sorted(filters.items())))


# Each story section's title as the story says it in Japanese (the deck, the handout).
SECTION_TITLES_JA = {
    "summary": "DX推進実績のまとめ",
    "headline": "主な利用実績",
    "usage": "どれだけ使われているか",
    "rates": "達成率と利用者の評価",
    "models": "群馬モデルの創出",
    "survey": "県民幸福度アンケート（デジタル関連の設問）",
    "evaluations": "外部評価",
    "launches": "開始年度別の施策",
    "timeline": "推進経過と外部評価",
}


def usage_chart(rows: Any, **options: Any) -> Any:
    """The 'how many use it' bars as the story words them (story.build's usage section)."""
    from dxdash.charts.figure_bars import build_figure_bars

    return build_figure_bars(rows, title="利用者数・利用回数", axis_title="人・回", **options)


def rate_chart(rows: Any, **options: Any) -> Any:
    """The rate bars on a 0–100% axis as the story words them (story.build's rates section)."""
    from dxdash.charts.figure_bars import build_figure_bars

    return build_figure_bars(
        rows, title="達成率・割合（%）", axis_title="%", percent=True, **options
    )


def shown_markdown(markdown: str) -> str:
    """What Markdown with backslash escapes displays (the escapes removed)."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown)


def page_html(at: Any) -> str:
    """Every st.html body an AppTest run sent, joined."""
    return " ".join(h.proto.body for h in at.get("html"))


def run_cli(
    *args: str, data_dir: Path | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The command line (``python -m dxdash ARGS``) run by its ``main()`` in this process, its
    stdout, stderr and exit code captured: what the command does, without starting an
    interpreter per test (about a second each). An exception fails the test with its traceback;
    the entry point itself is run as a real process by test_cli_validate_passes_on_data and
    test_export_edit_import_versions_rollback."""
    from dxdash.cli import main
    from dxdash.data.dataset import DATA_DIR_ENV

    out, err = io.StringIO(), io.StringIO()
    before = os.environ.get(DATA_DIR_ENV)
    if data_dir is not None:
        os.environ[DATA_DIR_ENV] = str(data_dir)
    try:
        with (
            contextlib.chdir(cwd or Path.cwd()),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            try:
                code = main(list(args))
            except SystemExit as stopped:  # argparse's usage errors
                code = stopped.code if isinstance(stopped.code, int) else 2
    finally:
        if before is None:
            os.environ.pop(DATA_DIR_ENV, None)
        else:
            os.environ[DATA_DIR_ENV] = before
    return subprocess.CompletedProcess(["dxdash", *args], code, out.getvalue(), err.getvalue())
