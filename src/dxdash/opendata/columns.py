"""The column dictionary of the open data (id, Japanese and English name, type, unit, allowed
values) and a table made ready to write: headers are column ids, cells cleaned."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from dxdash.data.vocabulary import (
    EVENT_KINDS,
    FIELDS,
    GUNMA_MODEL_TYPES,
    METRIC_CATEGORIES,
    PREFECTURE_WIDE,
    QUALIFIERS,
)
from dxdash.locale import Locale
from dxdash.opendata.clean import LIST_SEPARATOR, clean_text, clean_unit

MONTH_PATTERN = r"\d{4}-(0[1-9]|1[0-2])"  # ISO 8601 year and month: 2023-10


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

    def label(self, locale: Locale) -> str:
        """The header in the locale's language (やさしい日本語 keeps the standard headers)."""
        return self.en if locale.english else self.ja


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
TEXT_KINDS = ("概要", "利用者の反応・コメント")
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
     allowed=TEXT_KINDS)  # fmt: skip
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


def finish(frame: pd.DataFrame, locale: Locale) -> pd.DataFrame:
    """Column ids → headers in the locale's language; cells cleaned; vocabulary in English too.

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
                if column.vocab and locale.english:
                    value = locale.term(column.vocab, value)
                value = clean_unit(value) if column.vocab == "units" else clean_text(value)
                cleaned.append(value or None)
            out[column.label(locale)] = pd.Series(cleaned, dtype=object)
        elif column.type == "integer":
            out[column.label(locale)] = pd.array(
                [None if v is None or pd.isna(v) else int(v) for v in values], dtype="Int64"
            )
        else:
            out[column.label(locale)] = pd.array(
                [None if v is None or pd.isna(v) else float(v) for v in values], dtype="Float64"
            )
    return pd.DataFrame(out, index=range(len(frame)))


def columns_of(frame: pd.DataFrame) -> list[Column]:
    """The Column of each id in a tidy frame."""
    return [COLUMNS[c] for c in frame.columns]
