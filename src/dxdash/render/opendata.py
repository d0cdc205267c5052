"""Open data: every table as tidy, machine-readable CSV, with metadata, README, licence and ZIP.

Follows デジタル庁「行政データにおける機械可読性に関するルール」 (2026-03, superseding
「機械判読可能なデータの表記方法の統一ルール」): one header row, unique headers, numbers as pure
numbers (unit and qualifier in their own columns), one date notation per column (ISO 8601
``YYYY-MM``; 年度 as an integer column), long format, 全国地方公共団体コード beside place
names, no layout spaces or line breaks in cells, no platform-dependent characters, and an
empty cell (never 0) where the report states nothing. Pure functions, no Streamlit: the page
downloads (blocks.download_buttons) and the bundle (CLI ``export-opendata``) share them.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from dxdash.charts.theme import PREFECTURE_WIDE
from dxdash.data import store
from dxdash.data.dataset import REPO_ROOT, Dataset
from dxdash.data.schema import EVENT_KINDS, FIELDS, GUNMA_MODEL_TYPES, METRIC_CATEGORIES, QUALIFIERS
from dxdash.data.validation import DataError
from dxdash.locale import catalog as i18n
from dxdash.render import downloads

MUNICIPALITIES_CSV = REPO_ROOT / "data" / "source" / "municipalities.csv"
PREFECTURE_CODE = "100005"  # 群馬県
LIST_SEPARATOR = (
    "；"  # joins list items in a single-table page download (the bundle uses long tables)
)
ENCODING_LABEL = "UTF-8（BOM付き）、改行CRLF"
ENCODING_LABEL_EN = "UTF-8 with BOM, CRLF line ends"
BUNDLE_DIR = "dxdash-opendata"
BUNDLE_ZIP = "dxdash-opendata.zip"
LICENCE = "公共データ利用規約（第1.0版）（PDL1.0）"
LICENCE_EN = "Public Data License (Version 1.0) (PDL1.0)"
LICENCE_URL = "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0"
CC_BY_URL = "https://creativecommons.org/licenses/by/4.0/legalcode.ja"
MONTH_PATTERN = r"\d{4}-(0[1-9]|1[0-2])"  # ISO 8601 year and month: 2023-10

# --- characters ----------------------------------------------------------------------------

# Where Windows (CP932) and JIS (Shift_JIS, JIS X 0208) map the same code to different
# characters, use the JIS one: 0x8160 is 〜 (U+301C) in JIS, ～ (U+FF5E) only on Windows.
_JIS_EQUIVALENT = {
    "\uff5e": "\u301c",  # ～ → 〜
    "\uff0d": "\u2212",  # － → −
    "\u2225": "\u2016",  # parallel to → double vertical line
    "\uffe0": "\u00a2",  # ￠ → ¢
    "\uffe1": "\u00a3",  # ￡ → £
    "\uffe2": "\u00ac",  # ￢ → ¬
    "\u00a5": "\uffe5",  # ¥ → ￥
}
_CIRCLED = {chr(0x2460 + n - 1): f"({n})" for n in range(1, 21)}  # ①..⑳ → (1)..(20)


@cache
def is_platform_dependent(char: str) -> bool:
    """True where CP932 (Windows) and Shift_JIS (JIS X 0208) disagree on a character.

    That is the rule's 機種依存文字: NEC/IBM extensions (circled digits, Roman
    numerals, ㎡ …) exist only in CP932, and ～ － ￠ ￡ ￢ ¥ encode differently. Characters in neither (é, emoji) are not
    platform-dependent: the files are UTF-8.
    """

    def encoded(codec: str) -> bytes | None:
        try:
            return char.encode(codec)
        except UnicodeEncodeError:
            return None

    return encoded("cp932") != encoded("shift_jis")


def _safe_char(char: str) -> str:
    """One character without platform dependence: JIS equivalent, (1) for ①, else NFKC."""
    if not is_platform_dependent(char):
        return char
    if char in _JIS_EQUIVALENT:
        return _JIS_EQUIVALENT[char]
    if char in _CIRCLED:
        return _CIRCLED[char]
    return unicodedata.normalize("NFKC", char)  # Ⅱ → II, ㎡ → m2


@lru_cache(maxsize=1 << 16)  # tables repeat their texts (source, unit, category) row after row
def clean_text(text: str) -> str:
    """A cell's text by the rules: no platform-dependent characters, no layout spaces, one line.

    U+3000 and runs of spaces become one space, cells are trimmed, and line breaks become
    「；」 (LIST_SEPARATOR) between the lines, so each cell stays a single line.
    """
    text = "".join(_safe_char(c) for c in text)
    lines = re.split(r"\r\n|\r|\n", text)
    kept = [re.sub(r"[ \t\u3000]+", " ", line).strip() for line in lines]
    return LIST_SEPARATOR.join(line for line in kept if line)


@lru_cache(maxsize=1024)
def clean_unit(unit: str) -> str:
    """A unit in plain characters: ㎡ and m² both become m2."""
    return clean_text(unicodedata.normalize("NFKC", unit))


def month_text(value: object) -> str | None:
    """A date as ISO 8601 year-month (2023-10), or None when there is none."""
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    return f"{value.year:04d}-{value.month:02d}"


def fiscal_year_in(text: object) -> int | None:
    """The 年度 a text names (「2020年度中」 → 2020), or None."""
    match = re.search(r"(\d{4})年度", text) if isinstance(text, str) else None
    return int(match.group(1)) if match else None


# --- municipalities ------------------------------------------------------------------------


def check_digit(code5: str) -> int:
    """全国地方公共団体コード check digit of a 5-digit code (総務省's modulus 11 rule)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def is_valid_code(code: str) -> bool:
    """True for a 6-digit code whose last digit is the check digit of the first five."""
    return bool(re.fullmatch(r"\d{6}", code)) and check_digit(code[:5]) == int(code[5])


@cache
def municipalities() -> pd.DataFrame:
    """Gunma Prefecture and its 35 municipalities: code (6 digits, text), name, name_en."""
    return pd.read_csv(MUNICIPALITIES_CSV, dtype=str, encoding="utf-8", keep_default_na=False)


def municipality_code(name: object) -> str | None:
    """The code of a place named in Japanese or English (嬬恋村 / Tsumagoi Village), or None."""
    if not isinstance(name, str) or not name.strip():
        return None
    table = municipalities()
    hits = table.loc[(table["name"] == name.strip()) | (table["name_en"] == name.strip()), "code"]
    return str(hits.iloc[0]) if len(hits) else None


def municipality_name(code: object) -> str | None:
    """The Japanese name of a 全国地方公共団体コード (102016 → 前橋市), or None."""
    if not isinstance(code, str) or not code:
        return None
    table = municipalities()
    hits = table.loc[table["code"] == code, "name"]
    return str(hits.iloc[0]) if len(hits) else None


def _places(codes: Iterable[object]) -> dict[str, list[str | None]]:
    """The code and name columns of figures that may belong to one municipality."""
    codes = [c if isinstance(c, str) and c else None for c in codes]
    return {"municipality_code": codes, "municipality": [municipality_name(c) for c in codes]}


# --- columns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column: its id, labels in both languages, type, unit and allowed values."""

    id: str
    ja: str
    en: str
    type: str  # string | integer | number | month (YYYY-MM) | code (6 digits)
    description: str
    unit: str = ""
    allowed: tuple[str, ...] = ()
    vocab: str = ""  # content.yaml section translating the cells in English

    def label(self, lang: str) -> str:
        """The header in `lang`."""
        return self.en if lang == "en" else self.ja


TYPE_LABELS = {
    "string": "文字列",
    "integer": "整数",
    "number": "数値",
    "month": "年月（ISO 8601 YYYY-MM）",
    "code": "コード（6桁の数字）",
}


def _col(*args: Any, **kwargs: Any) -> Column:
    column = Column(*args, **kwargs)
    COLUMNS[column.id] = column
    return column


COLUMNS: dict[str, Column] = {}
_TEXT_KINDS = ("概要", "利用者の反応・コメント")
_FIELD_SOURCES = ("report", "assigned")

_col("initiative_id", "施策ID", "Initiative ID", "string", "施策の識別子（英小文字・数字・-）")
_col("owner_id", "施策・プログラムID", "Initiative or program ID", "string",
     "数値が属する施策（initiatives.csv）か県全体のプログラム（programs.csv）のID")  # fmt: skip
_col("owner_name", "施策名（略称）", "Initiative (short name)", "string",
     "施策の略称（dxdashによる）またはプログラム名")  # fmt: skip
_col(
    "report_order", "報告書での順番", "Order in the report", "integer", "報告書での掲載順（1から）"
)
_col("name", "施策名", "Initiative", "string", "スライドの見出し（群馬モデル表のみの施策は事業名）")
_col("short_name", "略称（dxdashによる）", "Short name (dxdash)", "string",
     "グラフ用の短い名前。報告書の表記ではない")  # fmt: skip
_col("field", "分野", "Field", "string", "施策の分野（報告書の表記かdxdashによる分類）",
     allowed=(*FIELDS, PREFECTURE_WIDE), vocab="fields")  # fmt: skip
_col("field_source", "分野の出典", "Field source", "string",
     "report＝報告書に表記、assigned＝dxdashによる分類", allowed=_FIELD_SOURCES)  # fmt: skip
_col("started_month", "開始年月", "Start (year-month)", "month",
     "報告書が示す開始の年月。月の記載がなければ空欄")  # fmt: skip
_col("started_fiscal_year", "開始年度", "Start (fiscal year)", "integer",
     "開始の年度（4月〜翌3月）。記載がなければ空欄", unit="年度")  # fmt: skip
_col("started_note", "開始年月の注記", "Note on the start date", "string",
     "開始年月が開始でない場合の説明（掲載月など）")  # fmt: skip
_col("gunma_model", "群馬モデルの類型", "Gunma model type", "string",
     "群馬モデルでなければ空欄", allowed=GUNMA_MODEL_TYPES, vocab="gunma_model_types")  # fmt: skip
_col("gunma_model_no", "群馬モデルの番号", "Gunma model No.", "integer",
     "群馬モデル表のNo.。群馬モデルでなければ空欄")  # fmt: skip
_col("gunma_model_name", "群馬モデルの事業名", "Gunma model project name", "string",
     "群馬モデル表の事業名")  # fmt: skip
_col("gunma_model_summary", "群馬モデルの概要", "Gunma model summary", "string",
     "群馬モデル表の概要（箇条書きは／で区切り）")  # fmt: skip
_col("source", "出典（報告書の見出し）", "Source (report heading)", "string",
     "その行が載っている報告書の見出し")  # fmt: skip
_col("text_kind", "種類", "Kind", "string", "概要の1項目か利用者の反応・コメントか",
     allowed=_TEXT_KINDS)  # fmt: skip
_col("order", "順番", "Order", "integer", "同じ施策（出来事）の中での順番（1から）")
_col("text", "本文", "Text", "string", "報告書の文（1行1項目）")
_col("first", "初の取組", "Distinction", "string",
     "報告書が述べる「全国初」「都道府県初」などの表現（1行1件）", vocab="firsts")  # fmt: skip
_col("firsts_joined", "初の取組", "Distinctions", "string",
     f"「全国初」などの表現。複数は「{LIST_SEPARATOR}」で区切る")  # fmt: skip
_col("related_initiative_id", "関連する施策ID", "Related initiative ID", "string",
     "報告書が一緒に述べている施策のID")  # fmt: skip
_col("program_id", "プログラムID", "Program ID", "string", "県全体の計画・取組の識別子")
_col("program_name", "名称", "Name", "string", "プログラムの名称")
_col("summary", "概要", "Summary", "string", "報告書の説明（複数行は「；」で区切る）")
_col("metric", "指標", "Metric", "string", "何を数えた数値か（報告書の表現）")
_col("value", "値", "Value", "number",
     "基本単位の数値（約80万人→800000）。単位は「単位」列", unit="「単位」列のとおり")  # fmt: skip
_col("unit", "単位", "Unit", "string", "値の単位。空欄は単位のない比（例：1/150）",
     vocab="units")  # fmt: skip
_col("qualifier", "修飾語", "Qualifier", "string",
     "報告書が数値に付けた語。空欄は報告書どおりの確定値", allowed=QUALIFIERS,
     vocab="qualifiers")  # fmt: skip
_col("value_text", "数値の表記（報告書）", "Figure as worded in the report", "string",
     "報告書の表記（文字列。計算には「値」を使う）")  # fmt: skip
_col("category", "分類", "Category", "string", "数値が数えているもの", allowed=METRIC_CATEGORIES,
     vocab="metric_categories")  # fmt: skip
_col("as_of_month", "時点（年月）", "As of (year-month)", "month",
     "数値の時点の年月（年度中・年度末は3月）。記載がなければ空欄")  # fmt: skip
_col("as_of_fiscal_year", "時点（年度）", "As of (fiscal year)", "integer",
     "時点が年度で示されている場合の年度", unit="年度")  # fmt: skip
_col("as_of_text", "時点の表記（報告書）", "As of (as printed)", "string",
     "時点の報告書の表記（文字列）", vocab="as_of_texts")  # fmt: skip
_col("note", "注記", "Note", "string", "報告書の注記・但し書き")
_col("item", "設問", "Question", "string", "県民幸福度アンケートの設問")
_col("fiscal_year", "年度", "Fiscal year", "integer", "年度（4月〜翌3月）", unit="年度")
_col("score", "点数（点）", "Score (points)", "number",
     "平均点（感じる＝100点〜感じない＝0点）", unit="点")  # fmt: skip
_col("method", "算出方法", "Method", "string", "点数の算出方法（報告書の注記）")
_col("event_id", "出来事ID", "Event ID", "string", "出来事の識別子")
_col("event_month", "年月", "Year-month", "month", "出来事の年月。記載がなければ空欄")
_col("kind", "種類", "Kind", "string", "出来事の種類", allowed=EVENT_KINDS, vocab="event_kinds")
_col("title", "出来事", "Event", "string", "出来事の名称（報告書の表現）")
_col("detail", "内容", "Detail", "string", "出来事の内容（報告書の表現）")
_col("municipality_code", "全国地方公共団体コード", "Local government code", "code",
     "「市町村」列の全国地方公共団体コード（6桁、検査数字付き）。municipalities.csv を参照")  # fmt: skip
_col("municipality", "市町村", "Municipality", "string",
     "市町村の名称（出来事では受賞した市町村、数値ではその値の市町村。県全体の数値は空欄）")  # fmt: skip
_col("award_category", "部門", "Award category", "string", "受賞の部門")
_col("award_result", "結果", "Result", "string", "受賞の結果")
_col("code", "全国地方公共団体コード", "Local government code", "code",
     "6桁（5桁の団体コード＋検査数字）")  # fmt: skip
_col("place_name", "名称", "Name", "string", "地方公共団体の名称")
_col("place_name_en", "名称（英語）", "Name (English)", "string", "地方公共団体の英語名")
_col("count", "件数", "Count", "integer", "件数", unit="件")
_col("headline_metric", "主な数値の指標", "Headline metric", "string", "施策の最初の数値の指標")
_col("headline_value", "主な数値の値", "Headline value", "number",
     "主な数値（基本単位）。単位は「主な数値の単位」列", unit="「主な数値の単位」列のとおり")  # fmt: skip
_col("headline_unit", "主な数値の単位", "Headline unit", "string", "主な数値の単位",
     vocab="units")  # fmt: skip
_col("headline_qualifier", "主な数値の修飾語", "Headline qualifier", "string",
     "主な数値の修飾語", allowed=QUALIFIERS, vocab="qualifiers")  # fmt: skip
_col("headline_value_text", "主な数値の表記（報告書）", "Headline figure as printed", "string",
     "主な数値の報告書の表記（文字列）")  # fmt: skip

# --- tidy frames (column ids as headers) ---------------------------------------------------


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _int_or_none(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def initiatives_frame(initiatives: pd.DataFrame) -> pd.DataFrame:
    """One row per initiative; lists (summary, comments, firsts, related) are separate tables."""
    return pd.DataFrame(
        {
            "initiative_id": initiatives["initiative_id"].to_numpy(),
            "report_order": [int(v) for v in initiatives["report_order"]],
            "name": initiatives["name"].to_numpy(),
            "short_name": initiatives["short_name"].to_numpy(),
            "field": initiatives["field"].to_numpy(),
            "field_source": initiatives["field_source"].to_numpy(),
            "started_month": [month_text(v) for v in initiatives["started"]],
            "started_fiscal_year": [_int_or_none(v) for v in initiatives["fiscal_year"]],
            "started_note": [_text_or_none(v) for v in initiatives["started_note"]],
            "gunma_model": [_text_or_none(v) for v in initiatives["gunma_model"]],
            "gunma_model_no": [_int_or_none(v) for v in initiatives["gunma_model_no"]],
            "gunma_model_name": [_text_or_none(v) for v in initiatives["gunma_model_name"]],
            "gunma_model_summary": [_text_or_none(v) for v in initiatives["gunma_model_summary"]],
            "source": initiatives["source"].to_numpy(),
        }
    )


def initiative_texts_frame(initiatives: pd.DataFrame) -> pd.DataFrame:
    """Long: each summary line and each comment of each initiative on its own row."""
    rows = []
    for record in initiatives.to_dict("records"):
        lines = [line for line in str(record["summary"]).splitlines() if line.strip()]
        for kind, items in ((_TEXT_KINDS[0], lines), (_TEXT_KINDS[1], record["comments"])):
            for order, text in enumerate(items, start=1):
                rows.append((record["initiative_id"], kind, order, text))
    return pd.DataFrame(rows, columns=["initiative_id", "text_kind", "order", "text"])


def _list_frame(
    ids: Iterable[str], lists: Iterable[tuple], id_column: str, item: str
) -> pd.DataFrame:
    rows = [
        (owner, order, value)
        for owner, values in zip(ids, lists, strict=True)
        for order, value in enumerate(values, start=1)
    ]
    return pd.DataFrame(rows, columns=[id_column, "order", item])


def initiative_firsts_frame(initiatives: pd.DataFrame) -> pd.DataFrame:
    """Long: one row per distinction (全国初 …) of an initiative."""
    return _list_frame(
        initiatives["initiative_id"], initiatives["firsts"], "initiative_id", "first"
    )


def initiative_related_frame(initiatives: pd.DataFrame) -> pd.DataFrame:
    """Long: one row per pair of initiatives the report describes together."""
    rows = [
        (owner, other)
        for owner, related in zip(initiatives["initiative_id"], initiatives["related"], strict=True)
        for other in related
    ]
    return pd.DataFrame(rows, columns=["initiative_id", "related_initiative_id"])


def programs_frame(programs: pd.DataFrame) -> pd.DataFrame:
    """Program-wide entities (DX加速化プログラム, 群馬モデルの創出, 総合計画)."""
    return pd.DataFrame(
        {
            "program_id": programs["program_id"].to_numpy(),
            "program_name": programs["name"].to_numpy(),
            "started_month": [month_text(v) for v in programs["started"]],
            "started_fiscal_year": [_int_or_none(v) for v in programs["fiscal_year"]],
            "summary": programs["summary"].to_numpy(),
            "source": programs["source"].to_numpy(),
        }
    )


def _owner_names(initiatives: pd.DataFrame, programs: pd.DataFrame) -> dict[str, str]:
    names = dict(zip(programs["program_id"], programs["name"], strict=True))
    names.update(zip(initiatives["initiative_id"], initiatives["short_name"], strict=True))
    return names


def metrics_frame(
    metrics: pd.DataFrame, initiatives: pd.DataFrame, programs: pd.DataFrame
) -> pd.DataFrame:
    """One row per figure: value, unit and qualifier apart; when as a month and a 年度."""
    names = _owner_names(initiatives, programs)
    return pd.DataFrame(
        {
            "owner_id": metrics["initiative_id"].to_numpy(),
            "owner_name": [names.get(o, o) for o in metrics["initiative_id"]],
            "metric": metrics["metric"].to_numpy(),
            "value": metrics["value"].to_numpy(),
            "unit": metrics["unit"].to_numpy(),
            "qualifier": [_text_or_none(v) for v in metrics["qualifier"]],
            "value_text": metrics["value_text"].to_numpy(),
            "category": metrics["category"].to_numpy(),
            "as_of_month": [month_text(v) for v in metrics["as_of"]],
            "as_of_fiscal_year": [fiscal_year_in(t) for t in metrics["as_of_text"]],
            "as_of_text": [_text_or_none(v) for v in metrics["as_of_text"]],
            "note": [_text_or_none(v) for v in metrics["note"]],
            "source": metrics["source"].to_numpy(),
            **_places(metrics.get("municipality_code", pd.Series(None, index=metrics.index))),
        }
    )


def survey_frame(survey: pd.DataFrame) -> pd.DataFrame:
    """Long: one row per question × 年度 (the report prints it wide)."""
    return pd.DataFrame(
        {
            "item": survey["item"].to_numpy(),
            "fiscal_year": [int(v) for v in survey["fiscal_year"]],
            "score": survey["score"].to_numpy(),
            "method": survey["method"].to_numpy(),
            "source": survey["source"].to_numpy(),
        }
    )


def events_frame(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event, with the 全国地方公共団体コード beside the municipality."""
    return pd.DataFrame(
        {
            "event_id": events["event_id"].to_numpy(),
            "event_month": [month_text(v) for v in events["date"]],
            "fiscal_year": [_int_or_none(v) for v in events["fiscal_year"]],
            "kind": events["kind"].to_numpy(),
            "title": events["title"].to_numpy(),
            "detail": events["detail"].to_numpy(),
            "initiative_id": [_text_or_none(v) for v in events["initiative_id"]],
            "program_id": [_text_or_none(v) for v in events["program_id"]],
            "municipality_code": [municipality_code(v) for v in events["municipality"]],
            "municipality": [_text_or_none(v) for v in events["municipality"]],
            "award_category": [_text_or_none(v) for v in events["award_category"]],
            "award_result": [_text_or_none(v) for v in events["award_result"]],
            "source": events["source"].to_numpy(),
        }
    )


def event_firsts_frame(events: pd.DataFrame) -> pd.DataFrame:
    """Long: one row per distinction of an event."""
    return _list_frame(events["event_id"], events["firsts"], "event_id", "first")


def municipalities_frame() -> pd.DataFrame:
    """The code table itself: 群馬県 and its 35 municipalities."""
    table = municipalities()
    return pd.DataFrame(
        {
            "code": table["code"].to_numpy(),
            "place_name": table["name"].to_numpy(),
            "place_name_en": table["name_en"].to_numpy(),
        }
    )


# --- one table, ready to write -------------------------------------------------------------


def finish(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Column ids → headers in `lang`; cells cleaned; vocabulary in English when lang="en".

    Text cells go through clean_text (units through clean_unit); empty text becomes an empty
    cell; integer columns stay integers with empty cells for missing values.
    """
    out = {}
    for column_id in frame.columns:
        column = COLUMNS[column_id]
        values = frame[column_id].tolist()  # fast: iterating an Arrow string column is not
        if column.type in ("string", "month", "code"):
            cleaned = []
            for value in values:
                if not isinstance(value, str):
                    cleaned.append(None)
                    continue
                if column.vocab and lang == "en":
                    value = i18n.term(column.vocab, value, lang)
                value = clean_unit(value) if column.vocab == "units" else clean_text(value)
                cleaned.append(value or None)
            out[column.label(lang)] = pd.Series(cleaned, dtype=object)
        elif column.type == "integer":
            out[column.label(lang)] = pd.array(
                [None if v is None or pd.isna(v) else int(v) for v in values], dtype="Int64"
            )
        else:
            out[column.label(lang)] = pd.array(
                [None if v is None or pd.isna(v) else float(v) for v in values], dtype="Float64"
            )
    return pd.DataFrame(out, index=range(len(frame)))


def columns_of(frame: pd.DataFrame) -> list[Column]:
    """The Column of each id in a tidy frame."""
    return [COLUMNS[c] for c in frame.columns]


# --- page downloads (the rows a page shows, in its language) -------------------------------


def figures_download(labelled: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The figures a chart or detail page shows (figures.with_labels rows), by the rules."""
    frame = pd.DataFrame(
        {
            "owner_id": labelled["initiative_id"].to_numpy(),
            "owner_name": labelled["short_name"].to_numpy(),
            "field": labelled["field"].to_numpy(),
            # without the municipality in brackets: it has its own columns below
            "metric": labelled.get("metric_name", labelled["metric_label"]).to_numpy(),
            "value": labelled["value"].to_numpy(),
            "unit": labelled["unit"].to_numpy(),
            "qualifier": [_text_or_none(v) for v in labelled["qualifier"]],
            "value_text": labelled["display"].to_numpy(),
            "as_of_month": [month_text(v) for v in labelled["as_of"]],
            "as_of_fiscal_year": [fiscal_year_in(t) for t in labelled["as_of_text"]],
            "as_of_text": [_text_or_none(v) for v in labelled["as_of_text"]],
            "note": [_text_or_none(v) for v in labelled["note"]],
            "source": labelled["source"].to_numpy(),
            **_places(labelled.get("municipality_code", pd.Series(None, index=labelled.index))),
        }
    )
    return finish(frame, lang)


def _joined(values: Iterable[tuple]) -> list[str | None]:
    """List cells joined with LIST_SEPARATOR (already in the dataset's language)."""
    return [LIST_SEPARATOR.join(items) or None for items in values]


def initiatives_download(
    initiatives: pd.DataFrame, metrics: pd.DataFrame, lang: str
) -> pd.DataFrame:
    """The 施策一覧 rows: start as year-month and 年度, model, the first figure split apart."""
    first = metrics.drop_duplicates("initiative_id").set_index("initiative_id")
    figure = [first.loc[i] if i in first.index else None for i in initiatives["initiative_id"]]
    english = {}
    if lang == "en":
        from dxdash.story.figures import _english_metric, english_figure  # content.yaml's English

        english = {
            i: (
                _english_metric(i, row["metric"], "metric"),
                english_figure(i, row["metric"], row),
            )
            for i, row in first.iterrows()
        }
    tidy = initiatives_frame(initiatives)
    frame = pd.DataFrame(
        {
            "initiative_id": tidy["initiative_id"],
            "name": tidy["name"],
            "field": tidy["field"],
            "started_month": tidy["started_month"],
            "started_fiscal_year": tidy["started_fiscal_year"],
            "started_note": tidy["started_note"],
            "gunma_model": tidy["gunma_model"],
            "gunma_model_no": tidy["gunma_model_no"],
            "headline_metric": [
                None if f is None else (english.get(i, (None,))[0] or f["metric"])
                for i, f in zip(initiatives["initiative_id"], figure, strict=True)
            ],
            "headline_value": [None if f is None else f["value"] for f in figure],
            "headline_unit": [None if f is None else f["unit"] for f in figure],
            "headline_qualifier": [
                None if f is None else _text_or_none(f["qualifier"]) for f in figure
            ],
            "headline_value_text": [
                None if f is None else (english.get(i, (None, None))[1] or f["value_text"])
                for i, f in zip(initiatives["initiative_id"], figure, strict=True)
            ],
            "firsts_joined": _joined(initiatives["firsts"]),
        }
    )
    return finish(frame, lang)


def events_download(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The events a table shows (dated first, in date order), with municipality codes."""
    rows = events.assign(_undated=events["date"].isna()).sort_values(
        ["_undated", "date"], kind="stable"
    )
    frame = events_frame(rows).drop(columns=["initiative_id", "program_id", "source"])
    frame["firsts_joined"] = _joined(rows["firsts"])
    return finish(frame, lang)


def survey_download(survey: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The survey in long format: one row per question × 年度."""
    return finish(survey_frame(survey)[["item", "fiscal_year", "score"]], lang)


def launches_download(initiatives: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Initiatives with a 年度 of start, by 年度 (the table behind the launches chart)."""
    dated = initiatives.loc[initiatives["fiscal_year"].notna()].sort_values(
        ["fiscal_year", "started"], na_position="last", kind="stable"
    )
    tidy = initiatives_frame(dated)
    return finish(
        tidy[["started_fiscal_year", "started_month", "initiative_id", "name", "field"]], lang
    )


def models_download(initiatives: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The 群馬モデル rows (type, No., 事業名, 概要, 分野) in the report's order."""
    models = initiatives.loc[initiatives["gunma_model"].notna()]
    order = {t: i for i, t in enumerate(GUNMA_MODEL_TYPES)}
    models = models.assign(_type=models["gunma_model"].map(order)).sort_values(
        ["_type", "gunma_model_no"]
    )
    tidy = initiatives_frame(models)
    columns = ["initiative_id", "gunma_model", "gunma_model_no", "gunma_model_name"]
    return finish(tidy[[*columns, "gunma_model_summary", "field"]], lang)


def model_counts_download(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Gunma models counted by type and 分野."""
    frame = pd.DataFrame(
        {
            "gunma_model": counts["gunma_model"].to_numpy(),
            "field": counts["field"].to_numpy(),
            "count": counts["count"].to_numpy(),
        }
    )
    return finish(frame, lang)


# --- the bundle ----------------------------------------------------------------------------


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
    out = {f.file: downloads.table_to_csv_bytes(finish(f.frame, "ja")) for f in files}
    out[METADATA_FILE] = downloads.table_to_csv_bytes(metadata_frame(files))
    out[FILES_FILE] = downloads.table_to_csv_bytes(files_frame(dataset, files))
    for name, text in (
        (README_FILE, readme_text(dataset, files)),
        (LICENCE_FILE, licence_text(dataset)),
    ):
        safe = "".join(_safe_char(c) for c in text)  # the same characters as the data
        out[name] = safe.encode(downloads.CSV_ENCODING)
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
    return sorted({n for n in names if municipality_code(n) is None})


def csv_reader_rows(data: bytes) -> list[list[str]]:
    """A CSV's rows as text (for checks): UTF-8 with BOM, any line end."""
    return list(csv.reader(io.StringIO(data.decode(downloads.CSV_ENCODING), newline="")))


DownloadBuilder = Callable[[], pd.DataFrame]
