"""Command line: ``python -m dxdash build-data`` and ``python -m dxdash validate``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dxdash.build import build_data
from dxdash.data import DEFAULT_DATA_DIR, SOURCE_DIR_NAME, load_dataset, resolve_data_dir
from dxdash.validation import DataError


def _print_problems(title: str, error: DataError) -> None:
    """Print a Japanese headline and one line per problem to stderr."""
    print(f"{title}（{len(error.problems)}件）", file=sys.stderr)
    for problem in error.problems:
        print(f"  - {problem}", file=sys.stderr)


def cmd_build_data(args: argparse.Namespace) -> int:
    """Validate data/source/ and write the Parquet tables."""
    source = Path(args.source) if args.source else DEFAULT_DATA_DIR / SOURCE_DIR_NAME
    out = Path(args.out) if args.out else resolve_data_dir(args.data_dir)
    try:
        written = build_data(source, out)
    except DataError as exc:
        _print_problems(f"ソース {source} に問題があります。何も書き込んでいません", exc)
        return 1
    for name, path in written.items():
        print(f"{name}: {path}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Check a data directory and print every problem; exit non-zero when anything is wrong."""
    directory = resolve_data_dir(args.data_dir)
    try:
        dataset = load_dataset(directory)
    except DataError as exc:
        _print_problems(f"データ {directory} に問題があります", exc)
        return 1
    print(
        f"OK: {directory} — 施策 {len(dataset.initiatives)}件、数値 {len(dataset.metrics)}件、"
        f"アンケート {len(dataset.survey)}件、出来事 {len(dataset.events)}件"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one sub-command per task."""
    parser = argparse.ArgumentParser(prog="python -m dxdash", description="dxdash のデータ操作")
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build-data", help="data/source/ を検証して Parquet を書き出す")
    build.add_argument("--source", help="ソースのフォルダ（既定: data/source）")
    build.add_argument("--out", help="出力先（既定: --data-dir か DXDASH_DATA_DIR か data/）")
    build.add_argument("--data-dir", help="出力先のデータフォルダ")
    build.set_defaults(func=cmd_build_data)

    validate = sub.add_parser("validate", help="データフォルダの Parquet を検証する")
    validate.add_argument("--data-dir", help="検証するフォルダ（既定: DXDASH_DATA_DIR か data/）")
    validate.set_defaults(func=cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = build_parser().parse_args(argv)
    return args.func(args)
