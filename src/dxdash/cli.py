"""Command line: ``python -m dxdash build-data | validate | export | import | versions | rollback``
and ``export-opendata``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from dxdash.data import store
from dxdash.data.build import build_data
from dxdash.data.dataset import (
    DEFAULT_DATA_DIR,
    SOURCE_DIR_NAME,
    Dataset,
    load_dataset,
    read_tables,
    resolve_data_dir,
)
from dxdash.data.schema import TABLE_NAMES
from dxdash.data.validation import DataError
from dxdash.data.workbook import (
    SHEET_BY_TABLE,
    ImportProblems,
    describe_mass_deletions,
    export_workbook,
    format_changes,
    mass_deletions,
    preview_changes,
    read_import,
)

T = TypeVar("T")


def _print_problems(title: str, error: DataError) -> None:
    """Print a Japanese headline and one line per problem to stderr."""
    print(f"{title}（{len(error.problems)}件）", file=sys.stderr)
    for problem in error.problems:
        print(f"  - {problem}", file=sys.stderr)


def _attempt(step: Callable[[], T], refused: str, unwritable: Callable[[OSError], str]) -> T | None:
    """Run a step that writes data: on failure print why to stderr and return None (exit 1).

    A DataError prints ``refused`` and its problems; an OSError prints ``unwritable(error)``.
    """
    try:
        return step()
    except DataError as exc:
        _print_problems(refused, exc)
    except OSError as exc:
        print(unwritable(exc), file=sys.stderr)
    return None


def _load(directory: Path, headline: str) -> Dataset | None:
    """Load and check the current data; on problems print them under ``headline`` (None)."""
    try:
        return load_dataset(directory)
    except DataError as exc:
        _print_problems(headline, exc)
        return None


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
    dataset = _load(directory, f"データ {directory} に問題があります")
    if dataset is None:
        return 1
    print(
        f"OK: {directory} — 施策 {len(dataset.initiatives)}件、数値 {len(dataset.metrics)}件、"
        f"アンケート {len(dataset.survey)}件、出来事 {len(dataset.events)}件"
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write the current tables to an Excel workbook for staff to edit."""
    directory = resolve_data_dir(args.data_dir)
    target = Path(args.file)
    if target.suffix.lower() != ".xlsx":
        print(f"書き出し先 {target} の拡張子は .xlsx にしてください", file=sys.stderr)
        return 1

    def export() -> str:
        version = store.current_version_id(directory)
        export_workbook(read_tables(directory), target)
        return version

    version = _attempt(
        export,
        f"データ {directory} を読めません。書き出していません",
        lambda exc: f"{target} に書き込めません: {exc.strerror or exc}",
    )
    if version is None:
        return 1
    print(f"書き出しました: {target}（バージョン {version}）")
    print("Excel で編集したら `python -m dxdash import` で取り込んでください（説明シート参照）")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Check an edited workbook or CSV, show what would change, and store it as a new version."""
    directory = resolve_data_dir(args.data_dir)
    source = Path(args.file)
    try:  # read before the tables: the commit refuses if CURRENT moved after this point
        base: str | None = store.current_version_id(directory)
    except DataError:
        base = None
    try:
        current = read_tables(directory)
    except DataError:
        current = None  # a full workbook can still replace broken data; a CSV cannot
    try:
        tables = read_import(source, current=current, data_dir=directory)
    except ImportProblems as exc:
        _print_problems(f"{source.name} を取り込めません。何も書き込んでいません", exc)
        return 1
    changes = preview_changes(current or {}, tables)
    for line in format_changes(changes):
        print(line)
    if current is not None and all(tables[n].equals(current[n]) for n in TABLE_NAMES):
        print("今のデータと同じです。新しいバージョンは作りません")
        return 0
    deletions = mass_deletions(current or {}, changes)
    if deletions and not args.allow_mass_delete and not args.dry_run:
        print(
            f"この取り込みでは {describe_mass_deletions(deletions)} の行が削除されます"
            "（半分を超えます）。見出しだけのCSVなど、意図しない削除でないか確かめてください。"
            "本当に削除する場合は --allow-mass-delete を付けて実行してください。"
            "何も書き込んでいません",
            file=sys.stderr,
        )
        return 1
    if args.dry_run:
        if deletions:
            print(
                f"注意: {describe_mass_deletions(deletions)} の行が削除されます（半分を超えます）。"
                "取り込むには --allow-mass-delete が要ります"
            )
        print("確認のみ（--dry-run）: 何も書き込んでいません")
        return 0
    note = source.name if not args.note else f"{source.name} — {args.note}"
    version = _attempt(
        lambda: store.write_version(directory, tables, note, expected_base=base),
        f"{source.name} を保存できません。今のデータのままです",
        lambda exc: f"{directory} に書き込めません。今のデータのままです: {exc}",
    )
    if version is None:
        return 1
    print(f"取り込みました: バージョン {version}（今のバージョンになりました）")
    print(f"戻すには: python -m dxdash rollback {store.BASE_VERSION} または以前のバージョンID")
    return 0


def cmd_export_opendata(args: argparse.Namespace) -> int:
    """Write the open-data bundle (tidy CSVs, metadata, README, licence and the ZIP) into DIR."""
    from dxdash.opendata import bundle  # only this command needs it

    directory = resolve_data_dir(args.data_dir)
    target = Path(args.dir)
    dataset = _load(directory, f"データ {directory} に問題があります。書き出していません")
    if dataset is None:
        return 1
    try:
        written = bundle.write_bundle(dataset, target)
    except OSError as exc:
        print(f"{target} に書き込めません: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"書き出しました: {path}")
    for name in bundle.unknown_places(dataset):
        print(
            f"注意: 地名「{name}」は data/source/municipalities.csv にないため、"
            "全国地方公共団体コードが空欄です",
            file=sys.stderr,
        )
    print(f"ライセンス: {bundle.LICENCE}（README.txt・LICENSE.txt 参照）")
    return 0


def _counts(info: store.VersionInfo) -> str:
    """Row counts of a version, e.g. 施策41・数値34."""
    return "・".join(
        f"{SHEET_BY_TABLE[name].title}{count}"
        for name, count in info.row_counts.items()
        if name in SHEET_BY_TABLE and name != "report"
    )


def cmd_versions(args: argparse.Namespace) -> int:
    """List the stored versions, newest first, marking the current one with *."""
    directory = resolve_data_dir(args.data_dir)
    try:
        current = store.current_version_id(directory)
    except DataError as exc:
        _print_problems("現在のバージョンを示すファイル CURRENT に問題があります", exc)
        current = None
    versions = store.list_versions(directory)
    if not versions:
        print(f"{directory} にはバージョンがありません")
        return 0 if current is not None else 1
    for info in versions:
        mark = "*" if info.current else " "
        details = [info.created_at or "作成日時不明", info.note]
        if info.user:
            details.append(f"取り込んだ人: {info.user}")
        if info.parent:
            details.append(f"直前: {info.parent}")
        if info.row_counts:
            details.append(_counts(info))
        print(f"{mark} {info.version_id}  " + "  ".join(d for d in details if d))
    print(f"（* が今のバージョン: {current}）" if current else "（今のバージョンは不明です）")
    return 0 if current is not None else 1


def cmd_rollback(args: argparse.Namespace) -> int:
    """Make an earlier version (or base) current again."""
    directory = resolve_data_dir(args.data_dir)
    try:
        before = store.current_version_id(directory)
    except DataError:
        before = "不明"
    target = _attempt(
        lambda: store.rollback(directory, args.version),
        "ロールバックできません。今のバージョンのままです",
        lambda exc: f"{directory} に書き込めません。今のバージョンのままです: {exc}",
    )
    if target is None:
        return 1
    print(f"今のバージョンを {target} にしました（直前: {before}）")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one sub-command per task."""
    parser = argparse.ArgumentParser(prog="python -m dxdash", description="dxdash のデータ操作")
    sub = parser.add_subparsers(dest="command", required=True)
    data_dir_help = "データフォルダ（既定: DXDASH_DATA_DIR か data/）"

    build = sub.add_parser("build-data", help="data/source/ を検証して Parquet を書き出す")
    build.add_argument("--source", help="ソースのフォルダ（既定: data/source）")
    build.add_argument("--out", help="出力先（既定: --data-dir か DXDASH_DATA_DIR か data/）")
    build.add_argument("--data-dir", help="出力先のデータフォルダ")
    build.set_defaults(func=cmd_build_data)

    validate = sub.add_parser("validate", help="データフォルダの今のバージョンを検証する")
    validate.add_argument("--data-dir", help="検証するフォルダ（既定: DXDASH_DATA_DIR か data/）")
    validate.set_defaults(func=cmd_validate)

    export = sub.add_parser("export", help="今のデータを Excel ブック（.xlsx）に書き出す")
    export.add_argument("file", metavar="FILE.xlsx", help="書き出すファイル")
    export.add_argument("--data-dir", help=data_dir_help)
    export.set_defaults(func=cmd_export)

    imp = sub.add_parser("import", help="編集したブック（.xlsx）か CSV を検証して取り込む")
    imp.add_argument("file", metavar="FILE", help=".xlsx（全シート）か .csv（1表）")
    imp.add_argument("--dry-run", action="store_true", help="検証と変更一覧だけで、書き込まない")
    imp.add_argument("--note", help="バージョンに残すメモ（誰が・何のために）")
    imp.add_argument(
        "--allow-mass-delete",
        action="store_true",
        help="表の半分を超える行を削除する取り込みを許す（ないと、その取り込みは断る）",
    )
    imp.add_argument("--data-dir", help=data_dir_help)
    imp.set_defaults(func=cmd_import)

    versions = sub.add_parser("versions", help="保存されたバージョンを新しい順に一覧する")
    versions.add_argument("--data-dir", help=data_dir_help)
    versions.set_defaults(func=cmd_versions)

    opendata = sub.add_parser(
        "export-opendata", help="オープンデータ（縦持ちCSV・列の説明・README・ZIP）を書き出す"
    )
    opendata.add_argument("dir", metavar="DIR", help="書き出すフォルダ（なければ作る）")
    opendata.add_argument("--data-dir", help=data_dir_help)
    opendata.set_defaults(func=cmd_export_opendata)

    back = sub.add_parser("rollback", help="以前のバージョン（か base）に戻す")
    back.add_argument("version", metavar="VERSION", help="バージョンID（先頭の一部でも可）か base")
    back.add_argument("--data-dir", help=data_dir_help)
    back.set_defaults(func=cmd_rollback)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = build_parser().parse_args(argv)
    return args.func(args)
