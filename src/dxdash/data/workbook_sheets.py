"""The workbook's sheets and columns: one sheet per table, its Japanese headers, how each
column's cells are read, and the help texts the 説明 sheet and the import's messages quote.

Export (dxdash.data.workbook_export) and import (dxdash.data.workbook_import) both follow these.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from dxdash.data.vocabulary import (
    EVENT_KINDS,
    FIELD_SOURCES,
    FIELDS,
    GUNMA_MODEL_TYPES,
    METRIC_CATEGORIES,
    QUALIFIERS,
)

EXPLANATION_SHEET = "説明"


TEXT, INT, FISCAL_YEAR, DATE, VALUE, SCORE, LIST = (
    "text",
    "int",
    "fiscal_year",
    "date",
    "value",
    "score",
    "list",
)


@dataclass(frozen=True)
class Column:
    """One column of a sheet: schema name, Japanese header, how cells are read, what it means."""

    name: str
    header: str
    kind: str
    help: str
    allowed: tuple[str, ...] = ()
    allow_empty: bool = False  # a required text column that may be "" (e.g. 単位 of a ratio)
    optional: bool = False  # the header may be missing (files made before the column existed)


@dataclass(frozen=True)
class Sheet:
    """One table as a sheet of the workbook."""

    table: str
    title: str
    help: str
    columns: tuple[Column, ...]


DATE_HELP = "日付のセル、または 2023-10-01・2023/10・2023年10月・2023年12月末・令和5年10月・R5.10"
FY_HELP = "2023・2023年度・令和5年度・R5年度・FY2023（4月〜翌3月）"
LIST_HELP = "1行に1項目（セル内の改行は Alt+Enter）"
ID_HELP = "英小文字・数字・ハイフン（例: g-walk）。一度使ったIDは変えない・使い回さない"


# Every table but the report names the report's heading its rows come from.
SOURCE_COLUMN = Column("source", "出典", TEXT, "報告書の見出し")

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "initiatives",
        "施策",
        "施策（取組）1件が1行",
        (
            Column("initiative_id", "施策ID", TEXT, "施策のID", allowed=()),
            Column("report_order", "掲載順", INT, "報告書での掲載順（1 = 最初のスライド）"),
            Column("name", "施策名", TEXT, "スライドの見出し"),
            Column("short_name", "略称", TEXT, "グラフ・カード用の短い名前（dxdash独自）"),
            Column("field", "分野", TEXT, "分野", allowed=FIELDS),
            Column(
                "field_source",
                "分野の根拠",
                TEXT,
                "report = スライドに印字された分野、assigned = dxdash が付けた分野",
                allowed=FIELD_SOURCES,
            ),
            Column(
                "started",
                "開始",
                DATE,
                "開始した月の1日（空欄なら 開始（報告書の表記）から読み取る）",
            ),
            Column(
                "started_text",
                "開始（報告書の表記）",
                TEXT,
                "報告書の表記どおり（例: 2021.6~、2023年度～）。開始・年度と食い違ってはいけない",
            ),
            Column("started_note", "開始の注記", TEXT, "日付が開始でないときの意味"),
            Column("fiscal_year", "年度", FISCAL_YEAR, "開始の年度"),
            Column(
                "gunma_model", "群馬モデル", TEXT, "群馬モデルの種類", allowed=GUNMA_MODEL_TYPES
            ),
            Column(
                "gunma_model_no",
                "群馬モデルNo",
                INT,
                "群馬モデルの表の No.（群馬モデル と両方入れるか両方空）",
            ),
            Column("gunma_model_name", "群馬モデル事業名", TEXT, "群馬モデルの表の事業名"),
            Column("gunma_model_summary", "群馬モデル概要", TEXT, "群馬モデルの表の概要"),
            Column("summary", "概要", TEXT, "スライドの箇条書き（1行に1つ）", allow_empty=True),
            Column("comments", "コメント", LIST, "利用者の反応・コメント"),
            Column("firsts", "初の取組", LIST, "全国初・都道府県初などの記載"),
            Column("related", "関連施策ID", LIST, "一緒に説明されている施策の施策ID"),
            SOURCE_COLUMN,
        ),
    ),
    Sheet(
        "metrics",
        "数値",
        "数値（実績）1件が1行。新しい時点の値は行を足して入れる（施策ID・指標・時点・市町村コードの組は重複しない）",
        (
            Column(
                "initiative_id",
                "施策ID",
                TEXT,
                "施策シートの施策ID、またはプログラムシートのプログラムID",
            ),
            Column("metric", "指標", TEXT, "何を数えた数値か"),
            Column(
                "value_text",
                "数値（表記）",
                TEXT,
                "報告書・資料の表記どおり（例: 約80万人）。ダッシュボードに表示されるのはこの列。値と食い違ってはいけない",
            ),
            Column(
                "value",
                "値",
                VALUE,
                "数値（12300・１２，３００・80万・3億5,000万・約80万・6,000超 など）。空欄なら 数値（表記）から読み取る",
            ),
            Column("unit", "単位", TEXT, "人、回、円、%、件 など（比率は空欄）", allow_empty=True),
            Column("qualifier", "修飾語", TEXT, "正確な数値なら空欄", allowed=QUALIFIERS),
            Column(
                "category",
                "分類",
                TEXT,
                "何を数えたか（割合 の単位は %）",
                allowed=METRIC_CATEGORIES,
            ),
            Column("as_of", "時点", DATE, "数値がいつ時点のものか（月末は 2023年12月末 のように）"),
            Column("as_of_text", "時点（表記）", TEXT, "時点の表記どおり（例: 2023年12月末実績）"),
            Column("note", "注記", TEXT, "報告書の注記（※…）"),
            SOURCE_COLUMN,
            Column(
                "municipality_code",
                "市町村コード",
                TEXT,
                "市町村ごとの数値なら全国地方公共団体コード6桁（例: 前橋市 102016、群馬県 100005）。"
                "県全体の数値は空欄",
                optional=True,
            ),
        ),
    ),
    Sheet(
        "programs",
        "プログラム",
        "県全体の取組（DX加速化プログラムなど）1件が1行",
        (
            Column("program_id", "プログラムID", TEXT, "プログラムのID（施策IDと重複しない）"),
            Column("name", "名称", TEXT, "名称"),
            Column("started", "開始", DATE, "開始した月の1日"),
            Column("started_text", "開始（報告書の表記）", TEXT, "報告書の表記どおり"),
            Column("fiscal_year", "年度", FISCAL_YEAR, "開始の年度"),
            Column("summary", "概要", TEXT, "概要", allow_empty=True),
            SOURCE_COLUMN,
        ),
    ),
    Sheet(
        "events",
        "出来事",
        "出来事・外部評価 1件が1行",
        (
            Column("event_id", "出来事ID", TEXT, "出来事のID"),
            Column("date", "日付", DATE, "出来事の月の1日（空欄なら 日付（表記）から読み取る）"),
            Column("date_text", "日付（表記）", TEXT, "報告書の表記どおり（例: 2023.4）"),
            Column("fiscal_year", "年度", FISCAL_YEAR, "出来事の年度"),
            Column("kind", "種類", TEXT, "出来事の種類", allowed=EVENT_KINDS),
            Column("title", "件名", TEXT, "件名"),
            Column("detail", "内容", TEXT, "報告書の記述", allow_empty=True),
            Column("initiative_id", "施策ID", TEXT, "関係する施策の施策ID（なければ空欄）"),
            Column("program_id", "プログラムID", TEXT, "関係するプログラムID（なければ空欄）"),
            Column("municipality", "市町村", TEXT, "受賞した市町村など"),
            Column("award_category", "部門", TEXT, "受賞の部門"),
            Column("award_result", "結果", TEXT, "受賞の結果（優勝など）"),
            Column("firsts", "初の取組", LIST, "全国初などの記載"),
            SOURCE_COLUMN,
        ),
    ),
    Sheet(
        "survey",
        "アンケート",
        "県民幸福度アンケート：設問と年度の組が1行",
        (
            Column("item", "設問", TEXT, "設問"),
            Column("fiscal_year", "年度", FISCAL_YEAR, "調査の年度"),
            Column("score", "点数", SCORE, "0〜100 の点数（例: 44.6）"),
            Column("unit", "単位", TEXT, "点"),
            Column("method", "集計方法", TEXT, "点数の付け方"),
            SOURCE_COLUMN,
        ),
    ),
    Sheet(
        "report",
        "報告書",
        "出典の報告書（1行だけ）",
        (
            Column("title", "表題", TEXT, "報告書の表題"),
            Column("publisher", "発行者", TEXT, "発行した課"),
            Column("published", "公表日", DATE, "公表した月の1日"),
            Column("published_text", "公表（表記）", TEXT, "例: 2024年3月公表"),
            Column("url", "URL", TEXT, "報告書のURL"),
        ),
    ),
)


SHEET_BY_TABLE: dict[str, Sheet] = {sheet.table: sheet for sheet in SHEETS}
NUMBER_EXAMPLES = "例: 12300、12,300、１２，３００、80万、3億5,000万、約80万、6,000超"
DATE_EXAMPLES = "例: 2023-10-01、2023/10、2023年10月、2023年12月末、令和5年10月、R5.10"
FY_EXAMPLES = "例: 2023、2023年度、令和5年度、R5年度"


def norm(text: str) -> str:
    """Normalise a header or sheet name for matching: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))
