"""The open-data bundle: every tidy table, metadata.csv (the column dictionary), files.csv,
README and licence (PDL1.0), as files or one ZIP (``python -m dxdash export-opendata``)."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from dxdash.data import places, store
from dxdash.data.dataset import Dataset
from dxdash.data.validation import DataError
from dxdash.locale.locale import JAPANESE
from dxdash.opendata import export
from dxdash.opendata.clean import LIST_SEPARATOR, clean_text, clean_unit, safe_char
from dxdash.opendata.columns import TYPE_LABELS, Column, columns_of, finish
from dxdash.opendata.frames import (
    event_firsts_frame,
    events_frame,
    initiative_firsts_frame,
    initiative_related_frame,
    initiative_texts_frame,
    initiatives_frame,
    metrics_frame,
    municipalities_frame,
    programs_frame,
    survey_frame,
)

ENCODING_LABEL = "UTF-8（BOM付き）、改行CRLF"
ENCODING_LABEL_EN = "UTF-8 with BOM, CRLF line ends"
BUNDLE_DIR = "dxdash-opendata"
BUNDLE_ZIP = "dxdash-opendata.zip"
LICENCE = "公共データ利用規約（第1.0版）（PDL1.0）"
LICENCE_EN = "Public Data License (Version 1.0) (PDL1.0)"
LICENCE_URL = "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0"
CC_BY_URL = "https://creativecommons.org/licenses/by/4.0/legalcode.ja"


@dataclass(frozen=True)
class BundleFile:
    """One CSV of the bundle: file name, titles and its tidy frame (column ids as headers)."""

    file: str
    title_ja: str
    title_en: str
    frame: pd.DataFrame


def bundle_tables(dataset: Dataset) -> list[BundleFile]:
    """Every table of the (Japanese) dataset as long, tidy frames."""
    ini, programs, events = dataset.initiatives, dataset.programs, dataset.events
    return [
        BundleFile("initiatives.csv", "施策", "Initiatives", initiatives_frame(ini)),
        BundleFile(
            "initiative_texts.csv",
            "施策の概要とコメント（1行1項目）",
            "Initiative summaries and comments (one item per row)",
            initiative_texts_frame(ini),
        ),
        BundleFile(
            "initiative_firsts.csv",
            "施策の「初」の表現（1行1件）",
            "Initiative distinctions (one per row)",
            initiative_firsts_frame(ini),
        ),
        BundleFile(
            "initiative_related.csv",
            "関連する施策（1行1組）",
            "Related initiatives (one pair per row)",
            initiative_related_frame(ini),
        ),
        BundleFile("programs.csv", "県全体のプログラム", "Programs", programs_frame(programs)),
        BundleFile(
            "metrics.csv",
            "数値（1行1数値）",
            "Figures (one per row)",
            metrics_frame(dataset.metrics, ini, programs),
        ),
        BundleFile(
            "survey.csv",
            "県民幸福度アンケート（1行1設問×年度）",
            "Happiness survey (one row per question and fiscal year)",
            survey_frame(dataset.survey),
        ),
        BundleFile(
            "events.csv", "推進経過と外部評価", "Events and evaluations", events_frame(events)
        ),
        BundleFile(
            "event_firsts.csv",
            "出来事の「初」の表現（1行1件）",
            "Event distinctions (one per row)",
            event_firsts_frame(events),
        ),
        BundleFile(
            "municipalities.csv",
            "全国地方公共団体コード（群馬県と35市町村）",
            "Local government codes (Gunma and its 35 municipalities)",
            municipalities_frame(),
        ),
    ]


METADATA_FILE = "metadata.csv"
FILES_FILE = "files.csv"
README_FILE = "README.txt"
LICENCE_FILE = "LICENSE.txt"

_META_COLUMNS = (
    ("ファイル名", "File", "string", "表のファイル名"),
    ("列名", "Column", "string", "ファイルの見出し（1行目）の列名"),
    ("列ID", "Column ID", "string", "dxdash の列の識別子"),
    ("日本語ラベル", "Japanese label", "string", "列の日本語名"),
    ("英語ラベル", "English label", "string", "列の英語名"),
    ("型", "Type", "string", "文字列・整数・数値・年月・コード"),
    ("単位", "Unit", "string", "列の単位。空欄は単位なし"),
    ("許容値", "Allowed values", "string", "取り得る値（「；」区切り）。空欄は自由記述"),
    ("説明", "Description", "string", "列の意味"),
)
_FILES_COLUMNS = (
    ("ファイル名", "File", "string", "表のファイル名"),
    ("表題", "Title", "string", "表の日本語名"),
    ("英語表題", "English title", "string", "表の英語名"),
    ("行数", "Rows", "integer", "見出しを除く行数"),
    ("列数", "Columns", "integer", "列の数"),
    ("文字コード", "Encoding", "string", "ファイルの文字コードと改行"),
    ("出典", "Source", "string", "元の資料"),
    ("出典URL", "Source URL", "string", "元の資料の公開ページ"),
    ("更新日", "Updated", "string", "データの更新日（ISO 8601 YYYY-MM-DD）"),
    ("データバージョン", "Data version", "string", "dxdash のデータバージョン"),
    ("ライセンス", "Licence", "string", "利用条件"),
    ("ライセンスURL", "Licence URL", "string", "利用条件の全文"),
    ("出典の記載例", "Attribution", "string", "利用するときの出典の記載例"),
)


def attribution(dataset: Dataset) -> str:
    """The attribution PDL1.0 asks for, naming the report and saying it was processed."""
    published = dataset.report["published"]
    return (
        f"出典：群馬県「{dataset.report['title']}」"
        f"（{published.year}年{published.month}月）を加工して作成"
    )


def version_id(dataset: Dataset) -> str:
    """The data version shown (store's id: "base" or an import's id), or "" when unknown."""
    try:
        return store.current_version_id(dataset.data_dir)
    except (DataError, OSError):
        return ""


def update_date(dataset: Dataset) -> str:
    """When the data was last updated (YYYY-MM-DD): an import's day, else the report's date.

    The base data is the report as published, so its date is the publication date (not the
    modification time of a checkout, which would differ between machines).
    """
    current = version_id(dataset)
    if current and current != store.BASE_VERSION:
        try:
            for info in store.list_versions(dataset.data_dir):
                if info.version_id == current and info.created_at:
                    return info.created_at[:10]
        except (DataError, OSError):
            pass
    published = dataset.report["published"]
    return f"{published.year:04d}-{published.month:02d}-{published.day:02d}"


def _allowed_text(column: Column, frame: pd.DataFrame | None = None) -> str:
    if column.allowed:
        return LIST_SEPARATOR.join(column.allowed)
    if column.vocab == "units" and frame is not None and column.id in frame.columns:
        units = sorted({clean_unit(u) for u in frame[column.id] if isinstance(u, str) and u})
        return LIST_SEPARATOR.join(units)
    if column.type == "month":
        return "YYYY-MM"
    if column.type == "code":
        return "6桁の数字（municipalities.csv のコード）"
    return ""


def _meta_row(file: str, column: Column, frame: pd.DataFrame | None = None) -> list[Any]:
    return [
        file,
        column.ja,
        column.id,
        column.ja,
        column.en,
        TYPE_LABELS[column.type],
        column.unit,
        _allowed_text(column, frame),
        column.description,
    ]


def _plain_columns(specs: tuple[tuple[str, str, str, str], ...]) -> list[Column]:
    return [Column(ja, ja, en, kind, text) for ja, en, kind, text in specs]


def metadata_frame(files: list[BundleFile]) -> pd.DataFrame:
    """One row per column of every file (the metadata and files tables included)."""
    rows = [_meta_row(f.file, c, f.frame) for f in files for c in columns_of(f.frame)]
    rows += [_meta_row(METADATA_FILE, c) for c in _plain_columns(_META_COLUMNS)]
    rows += [_meta_row(FILES_FILE, c) for c in _plain_columns(_FILES_COLUMNS)]
    return _cleaned(pd.DataFrame(rows, columns=[ja for ja, *_ in _META_COLUMNS]))


def files_frame(dataset: Dataset, files: list[BundleFile]) -> pd.DataFrame:
    """One row per data file: title, size, encoding, source, update date and licence."""
    common = [
        ENCODING_LABEL,
        f"群馬県「{dataset.report['title']}」（{dataset.report['published_text']}）",
        dataset.report["url"],
        update_date(dataset),
        version_id(dataset),
        f"{LICENCE}（CC BY 4.0 互換）",
        LICENCE_URL,
        attribution(dataset),
    ]
    rows = [
        [f.file, f.title_ja, f.title_en, len(f.frame), len(f.frame.columns), *common] for f in files
    ]
    rows.append([METADATA_FILE, "列の説明", "Column descriptions", 0, len(_META_COLUMNS), *common])
    frame = pd.DataFrame(rows, columns=[ja for ja, *_ in _FILES_COLUMNS])
    meta_rows = sum(len(f.frame.columns) for f in files) + len(_META_COLUMNS) + len(_FILES_COLUMNS)
    frame.loc[frame["ファイル名"] == METADATA_FILE, "行数"] = meta_rows
    return _cleaned(frame)


def _cleaned(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell of a metadata table through clean_text (the same rules as the data)."""
    return frame.apply(lambda col: [clean_text(v) if isinstance(v, str) else v for v in col])


def readme_text(dataset: Dataset, files: list[BundleFile]) -> str:
    """README.txt: what the bundle is, its source, licence, encoding and conventions."""
    lines = [
        "群馬県 DX推進実績 オープンデータ（dxdash）",
        "Gunma Prefecture DX achievements - open data (dxdash)",
        "",
        f"出典: 群馬県「{dataset.report['title']}」（{dataset.report['published_text']}）",
        f"      {dataset.report['url']}",
        f"更新日 / Updated: {update_date(dataset)}（データバージョン {version_id(dataset)}）",
        "",
        "[ライセンス / Licence]",
        f"{LICENCE}。クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）と互換です。",
        f"{LICENCE_EN}, compatible with CC BY 4.0.",
        f"  {LICENCE_URL}",
        f"  {CC_BY_URL}",
        "利用するときは次のように出典を記載してください / Attribution:",
        f"  {attribution(dataset)}",
        "",
        "[ファイル / Files]",
        f"文字コードはすべて {ENCODING_LABEL}（{ENCODING_LABEL_EN}）。",
        'pandas: pd.read_csv(path, encoding="utf-8-sig") でそのまま読めます。',
    ]
    for f in files:
        lines.append(f"- {f.file}: {f.title_ja} / {f.title_en}（{len(f.frame)}行）")
    lines += [
        f"- {METADATA_FILE}: 全ファイルの列の説明（列名・日本語/英語ラベル・型・単位・許容値）",
        f"- {FILES_FILE}: ファイルごとの表題・行数・文字コード・出典・更新日・ライセンス",
        f"- {LICENCE_FILE}: 利用条件",
        "",
        "[表記のルール / Conventions]",
        "デジタル庁「行政データにおける機械可読性に関するルール」に沿っています。",
        "- 1行目が見出し（1行・重複なし）、2行目からデータ。セルの結合・空行・注記行はありません。",
        "- 数値は数値だけ（単位は「単位」列か metadata.csv、約・超などは「修飾語」列）。",
        "  報告書の表記（例: 約3億5,000万円）は「数値の表記（報告書）」列に文字列で残しています。",
        "- 空欄は「報告書に記載なし・該当なし」。0 とは区別しています。",
        "- 年月は ISO 8601 の YYYY-MM（例: 2023-10）。年度は整数の列（4月〜翌3月）。",
        "- 地名の隣に全国地方公共団体コード（6桁、検査数字付き。municipalities.csv）。",
        "- 概要・コメント・「初」の表現など複数の項目は、1行1項目の別表（縦持ち）です。",
        f"  画面からダウンロードする1表のCSVでは「{LIST_SEPARATOR}」で区切っています。",
        "- セル内の改行・全角スペースはありません。機種依存文字（CP932 と JIS で扱いが",
        "  違う文字）は置き換えています: 全角チルダ U+FF5E→波ダッシュ U+301C、",
        "  全角ハイフンマイナス U+FF0D→マイナス U+2212、丸数字→(1)〜(20)、",
        "  ローマ数字→I・II、かっこ株→(株)、平方メートル記号→m2 など。",
        "- 全国地方公共団体コードは6桁の数字です。空欄がある列は pandas では小数になるため、",
        '  文字列で読むには dtype={"全国地方公共団体コード": str} を指定してください。',
        "",
        "Every figure is the report's own (value, qualifier, unit, as-of). dxdash adds short",
        "names and some 分野 (field_source = assigned); docs/data.md in the dxdash repository",
        "lists every correction made to obvious typing errors in the report.",
    ]
    return "\r\n".join(lines) + "\r\n"


def licence_text(dataset: Dataset) -> str:
    """LICENSE.txt: the licence, its relation to CC BY 4.0 and the attribution to use."""
    lines = [
        f"このデータは {LICENCE} に従って利用できます。",
        f"  {LICENCE_URL}",
        "公共データ利用規約（第1.0版）はクリエイティブ・コモンズ・ライセンス 表示 4.0 国際",
        "（CC BY 4.0）と互換性があり、CC BY 4.0 に従って利用することもできます。",
        f"  {CC_BY_URL}",
        "",
        "出典の記載例:",
        f"  {attribution(dataset)}",
        "",
        f"This data may be used under the {LICENCE_EN}, which is compatible with",
        "Creative Commons Attribution 4.0 International (CC BY 4.0).",
        "Please credit the source as shown above (Gunma Prefecture, processed by dxdash).",
    ]
    return "\r\n".join(lines) + "\r\n"


def bundle_files(dataset: Dataset) -> dict[str, bytes]:
    """Every file of the bundle by name: CSVs (UTF-8 with BOM), metadata, README, licence."""
    files = bundle_tables(dataset)
    out = {f.file: export.table_to_csv_bytes(finish(f.frame, JAPANESE)) for f in files}
    out[METADATA_FILE] = export.table_to_csv_bytes(metadata_frame(files))
    out[FILES_FILE] = export.table_to_csv_bytes(files_frame(dataset, files))
    for name, text in (
        (README_FILE, readme_text(dataset, files)),
        (LICENCE_FILE, licence_text(dataset)),
    ):
        safe = "".join(safe_char(c) for c in text)  # the same characters as the data
        out[name] = safe.encode(export.CSV_ENCODING)
    return out


def bundle_zip(dataset: Dataset, files: dict[str, bytes] | None = None) -> bytes:
    """The bundle as one ZIP (files under dxdash-opendata/), same bytes for the same data."""
    files = files if files is not None else bundle_files(dataset)
    stamp = (*(int(p) for p in update_date(dataset).split("-")), 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(f"{BUNDLE_DIR}/{name}", date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def write_bundle(dataset: Dataset, directory: Path) -> list[Path]:
    """Write every bundle file and the ZIP into `directory`; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    files = bundle_files(dataset)
    written = []
    for name, data in files.items():
        path = directory / name
        path.write_bytes(data)
        written.append(path)
    archive = directory / BUNDLE_ZIP
    archive.write_bytes(bundle_zip(dataset, files))
    written.append(archive)
    return written


def unknown_places(dataset: Dataset) -> list[str]:
    """Place names in the data that municipalities.csv has no code for (to report, not hide)."""
    names = [n for n in dataset.events["municipality"] if isinstance(n, str) and n.strip()]
    return sorted({n for n in names if places.code_of(n) is None})


def csv_reader_rows(data: bytes) -> list[list[str]]:
    """A CSV's rows as text (for checks): UTF-8 with BOM, any line end."""
    return list(csv.reader(io.StringIO(data.decode(export.CSV_ENCODING), newline="")))
