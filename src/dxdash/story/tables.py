"""Display tables of the story (施策一覧, events, 群馬モデル, survey, launches, history, changes).

Columns are ids (COLUMN_HEADERS); display_table() puts vocabulary cells in the locale's data
language and each column's header in words, so a renderer lays out by id and prints the header.
"""

from __future__ import annotations

import pandas as pd

from dxdash.data import places
from dxdash.data.vocabulary import GUNMA_MODEL_TYPES
from dxdash.locale import Locale
from dxdash.locale.locale import JAPANESE
from dxdash.story.figure_links import href_of
from dxdash.story.figures import english_figure
from dxdash.story.model import DisplayTable
from dxdash.text.japanese import format_fiscal_year


def launches_by_year(initiatives: pd.DataFrame) -> pd.DataFrame:
    """Count initiatives by 年度 of start and 分野 (those without a 年度 are left out)."""
    dated = initiatives.loc[initiatives["fiscal_year"].notna()]
    counts = dated.groupby(["fiscal_year", "field"], observed=True).size().reset_index(name="count")
    counts["fiscal_year"] = counts["fiscal_year"].astype(int)
    counts["fiscal_year_label"] = counts["fiscal_year"].map(format_fiscal_year)
    return counts


def models_by_type_and_field(initiatives: pd.DataFrame) -> pd.DataFrame:
    """Count Gunma models by type and 分野."""
    models = initiatives.loc[initiatives["gunma_model"].notna()]
    return (
        models.groupby(["gunma_model", "field"], observed=True)
        .size()
        .reset_index(name="count")
        .sort_values(["gunma_model", "count"], ascending=[True, False])
    )


def started_display(started_text: object, fiscal_year: object, locale: Locale) -> str:
    """When an initiative started, as printed, with its 年度: 「2021.10（2021年度）」."""
    if not isinstance(started_text, str) or not started_text.strip():
        return locale.standard._("記載なし")
    text = started_text.strip()
    if locale.english:
        onward = text[-1] in "～~〜"
        if "年度" in text:
            shown = locale.fiscal_year(int(fiscal_year))
            return locale.say("started.onward", when=shown) if onward else shown
        if onward:
            text = locale.say("started.onward", when=text[:-1].strip())
        return f"{text} ({locale.fiscal_year(int(fiscal_year))})" if pd.notna(fiscal_year) else text
    if pd.notna(fiscal_year) and "年度" not in text:
        return f"{text}（{format_fiscal_year(int(fiscal_year))}）"
    return text


def first_figures(metrics: pd.DataFrame, locale: Locale) -> dict[str, str]:
    """Each initiative's first figure in the report's (or the English) wording."""
    first = metrics.drop_duplicates("initiative_id")
    return {
        row["initiative_id"]: english_figure(row["initiative_id"], row["metric"], row)
        if locale.english
        else row["value_text"]
        for row in first.to_dict("records")
    }


def initiatives_table(
    initiatives: pd.DataFrame,
    metrics: pd.DataFrame,
    locale: Locale,
    first_figure: dict[str, str] | None = None,
) -> DisplayTable:
    """The 施策一覧 table: one row per initiative with its 分野, start, model and headline figure."""
    if first_figure is None:
        first_figure = first_figures(metrics, locale)
    model = [
        f"{locale.term('gunma_model_types', m)} No.{int(n)}" if isinstance(m, str) else ""
        for m, n in zip(initiatives["gunma_model"], initiatives["gunma_model_no"], strict=True)
    ]
    frame = pd.DataFrame(
        {
            "initiative_id": initiatives["initiative_id"].to_numpy(),
            "name": initiatives["name"].to_numpy(),
            "field": initiatives["field"].to_numpy(),
            "started": [
                started_display(t, y, locale)
                for t, y in zip(
                    initiatives["started_text"], initiatives["fiscal_year"], strict=True
                )
            ],
            "fiscal_year": initiatives["fiscal_year"].to_numpy(),
            "model": model,
            "figure": [first_figure.get(i, "") for i in initiatives["initiative_id"]],
            "firsts": initiatives["firsts"].map(locale.join).to_numpy(),
        }
    )
    return display_table(frame, locale)


def events_table(
    events: pd.DataFrame, kinds: tuple[str, ...] | None = None, *, locale: Locale
) -> DisplayTable:
    """Events as a dated table (undated ones last), optionally of some kinds only."""
    rows = events if kinds is None else events.loc[events["kind"].isin(kinds)]
    rows = rows.assign(_undated=rows["date"].isna()).sort_values(
        ["_undated", "date"], kind="stable"
    )
    undated = locale.standard._("記載なし")
    table = pd.DataFrame(
        {
            "month": [
                locale.month(d)
                if pd.notna(d)
                else (locale.term("as_of_texts", t) if isinstance(t, str) else undated)
                for d, t in zip(rows["date"], rows["date_text"], strict=True)
            ],
            "kind": rows["kind"].to_numpy(),
            "event": rows["title"].to_numpy(),
            "detail": rows["detail"].to_numpy(),
            "municipality": rows["municipality"].fillna("").to_numpy(),
            "firsts": rows["firsts"].map(locale.join).to_numpy(),
        }
    )
    return display_table(table, locale)


def models_table(initiatives: pd.DataFrame, locale: Locale) -> DisplayTable:
    """The 群馬モデル table as the report prints it (type, No., 事業名, 概要) plus 分野; each row
    keeps its initiative_id (selecting a row opens the initiative)."""
    models = initiatives.loc[initiatives["gunma_model"].notna()]
    order = {t: i for i, t in enumerate(GUNMA_MODEL_TYPES)}
    models = models.assign(_type=models["gunma_model"].map(order)).sort_values(
        ["_type", "gunma_model_no"]
    )
    frame = pd.DataFrame(
        {
            "initiative_id": models["initiative_id"].to_numpy(),
            "model_type": models["gunma_model"].to_numpy(),
            "model_no": models["gunma_model_no"].astype(int).to_numpy(),
            "model_name": models["gunma_model_name"].to_numpy(),
            "model_summary": models["gunma_model_summary"].to_numpy(),
            "field": models["field"].to_numpy(),
        }
    )
    return display_table(frame, locale)


def model_counts_table(counts: pd.DataFrame, locale: Locale) -> DisplayTable:
    """Gunma models by type and 分野 (models_by_type_and_field) as a table: 類型, 分野, 件数."""
    frame = counts.rename(columns={"gunma_model": "model_type"})[["model_type", "field", "count"]]
    return display_table(frame, locale)


EVALUATION_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("受賞", ("受賞",)),
    ("国際会議・全国会議の開催", ("会議開催",)),
    ("先進事例としての掲載・発表", ("掲載", "発表")),
)


def survey_table(survey: pd.DataFrame, locale: Locale) -> DisplayTable:
    """The survey as the report prints it: one row per item, one column per 年度 (id "fy2023")."""
    wide = survey.pivot_table(index="item", columns="fiscal_year", values="score", sort=False)
    years = {f"fy{int(y)}": locale.fiscal_year(int(y)) for y in wide.columns}
    wide.columns = list(years)
    return display_table(wide.reset_index(), locale, years)


def launches_table(initiatives: pd.DataFrame, locale: Locale) -> DisplayTable:
    """Initiatives with a 年度 of start, by 年度: the table behind the launches chart."""
    dated = initiatives.loc[initiatives["fiscal_year"].notna()].sort_values(
        ["fiscal_year", "started"], na_position="last", kind="stable"
    )
    table = pd.DataFrame(
        {
            "start_year": [locale.fiscal_year(int(y)) for y in dated["fiscal_year"]],
            "started": dated["started_text"].to_numpy()
            if not locale.english
            else [
                started_display(s, y, locale)
                for s, y in zip(dated["started_text"], dated["fiscal_year"], strict=True)
            ],
            "name": dated["name"].to_numpy(),
            "field": dated["field"].to_numpy(),
        }
    )
    return display_table(table, locale)  # headers and 分野 in the page's language


CHANGE_COLUMNS = ("change", "name", "metric", "before", "now")


# How a figure changed, in figure_changes' words (msgids: changes_table says them in the locale's).
ADDED, CHANGED, REMOVED = "追加", "変更", "削除"
CHANGE_KINDS = (ADDED, CHANGED, REMOVED)


def figure_changes(
    old_metrics: pd.DataFrame, new_metrics: pd.DataFrame, initiatives: pd.DataFrame
) -> pd.DataFrame:
    """Every figure that differs between two data versions (old → new), for a follow-up meeting.

    Compares the report wording, value, qualifier, unit and as-of; lists added and removed
    figures. Columns are ids (change, name, metric, before, now); changes_table shows them.
    """
    key = ["initiative_id", "metric", "as_of", "municipality_code"]  # one value of a figure
    compared = ["value_text", "value", "qualifier", "unit", "as_of_text"]
    old_metrics, new_metrics = (
        m if "municipality_code" in m else m.assign(municipality_code=None)
        for m in (old_metrics, new_metrics)
    )
    merged = old_metrics[key + compared].merge(
        new_metrics[key + compared], on=key, how="outer", suffixes=("_old", "_new"), indicator=True
    )
    names = initiatives.set_index("initiative_id")["short_name"]
    rows = []
    for record in merged.to_dict("records"):
        if record["_merge"] == "left_only":
            status = REMOVED
        elif record["_merge"] == "right_only":
            status = ADDED
        elif all(_same(record[f"{c}_old"], record[f"{c}_new"]) for c in compared):
            continue
        else:
            status = CHANGED
        rows.append(
            {
                "change": status,
                "name": names.get(record["initiative_id"], record["initiative_id"]),
                "metric": record["metric"]
                + (
                    f"（{places.municipality_name(record['municipality_code'], JAPANESE)}）"
                    if isinstance(record["municipality_code"], str)
                    else ""
                ),
                "before": _text_or_blank(record["value_text_old"], record["as_of_text_old"]),
                "now": _text_or_blank(record["value_text_new"], record["as_of_text_new"]),
            }
        )
    return pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))


def changes_table(changes: pd.DataFrame, locale: Locale) -> DisplayTable:
    """figure_changes as a table: headers and how each figure changed in the locale's words,
    the report's wording of the figures kept as printed."""
    said = changes.assign(change=[locale.standard._(kind) for kind in changes["change"]])
    return display_table(said, locale)


def _same(old: object, new: object) -> bool:
    """Equal, treating two missing values as equal."""
    if pd.isna(old) and pd.isna(new):
        return True
    return old == new


def _text_or_blank(value_text: object, as_of_text: object) -> str:
    """A figure as shown in the changes table: wording and (when given) its as-of."""
    if not isinstance(value_text, str):
        return "—"
    return f"{value_text}（{as_of_text}）" if isinstance(as_of_text, str) else value_text


# Every display table's columns: id → header (a UI msgid: the catalog gives it in English).
COLUMN_HEADERS: dict[str, str] = {
    "month": "年月",
    "start_year": "開始年度",
    "started": "開始",
    "as_of": "時点",
    "change": "変化",
    "name": "施策",
    "metric": "指標",
    "display": "数値（報告書の表記）",
    "definition": "数値の定義",  # a figure table's link to the figure's page (/figure?id=…)
    "value": "値（基本単位）",
    "unit": "単位",
    "qualifier": "修飾語",
    "moved": "前回からの変化",
    "before": "以前",
    "now": "現在",
    "kind": "種類",
    "event": "出来事",
    "detail": "内容",
    "model_type": "類型",
    "model_no": "No.",
    "model_name": "事業名",
    "model_summary": "概要",
    "item": "設問（点）",
    "field": "分野",
    "field_label": "分野",
    "fiscal_year": "年度",
    "model": "群馬モデル",
    "figure": "主な数値",
    "municipality": "市町村",
    "firsts": "初の取組",
    "count": "件数",
    "note": "注記",
    "source": "出典（報告書の見出し）",
}

# Columns whose cells are vocabulary words, and the content.yaml section translating them.
VOCABULARY_COLUMNS = {
    "field": "fields",
    "kind": "event_kinds",
    "model_type": "gunma_model_types",
    "unit": "units",
    "qualifier": "qualifiers",
}


def display_table(
    frame: pd.DataFrame, locale: Locale, headers: dict[str, str] | None = None
) -> DisplayTable:
    """A frame of column ids as the story shows it: vocabulary cells in the locale's data
    language (content.yaml), every known column's header via the UI catalog; `headers` names
    columns of the table's own (a 年度 column). Columns without a header stay, unshown."""
    if locale.english:
        frame = frame.assign(
            **{
                column: [locale.term(section, v) for v in frame[column]]
                for column, section in VOCABULARY_COLUMNS.items()
                if column in frame.columns
            }
        )
    own = headers or {}
    named = {
        column: own[column] if column in own else locale.standard._(COLUMN_HEADERS[column])
        for column in frame.columns
        if column in own or column in COLUMN_HEADERS
    }
    return DisplayTable(frame, named)


def history_table(history: pd.DataFrame, locale: Locale) -> DisplayTable:
    """The 表で見る view of a figure's history: when, the printed value, the value, unit, source."""
    frame = history[["when", "display", "value", "unit", "source"]].rename(
        columns={"when": "as_of"}
    )
    return display_table(frame, locale)  # (its own as_of is a date: "when" is that in words)


def figure_table(figures: pd.DataFrame, locale: Locale) -> DisplayTable:
    """Figures as a table: report wording, value and unit, qualifier, as-of, change, 分野, source,
    and the link to each figure's definition page (a web table draws it as a link; the PDF and
    the downloads leave it out)."""
    table = figures[list(FIGURE_COLUMNS)].rename(columns=FIGURE_COLUMNS)  # ids may be taken
    if {"initiative_id", "metric"} <= set(figures.columns):
        table.insert(  # beside the figure: a wide table's last column would be off the screen
            table.columns.get_loc("display") + 1,
            DEFINITION_COLUMN,
            [
                href_of(owner, metric, locale)
                for owner, metric in zip(figures["initiative_id"], figures["metric"], strict=True)
            ],
        )
    return display_table(table, locale)


DEFINITION_COLUMN = "definition"  # a figure table's link to the figure's page (/figure?id=…)


# A labelled figure's columns (figures.label) → the figure table's column ids.
FIGURE_COLUMNS = {
    "short_name": "name",
    "metric_label": "metric",
    "display": "display",
    "value": "value",
    "unit": "unit",
    "qualifier": "qualifier",
    "as_of_display": "as_of",
    "change_display": "moved",
    "field_label": "field_label",  # already in the locale's words (not looked up again)
    "note": "note",
    "source": "source",
}
