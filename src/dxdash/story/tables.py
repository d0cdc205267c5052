"""Display tables of the story (施策一覧, events, 群馬モデル, survey, launches, history, changes).

Headers are the Japanese msgids; in_language() gives them (and vocabulary cells) in English.
"""

from __future__ import annotations

import pandas as pd

from dxdash.data import places
from dxdash.data.vocabulary import GUNMA_MODEL_TYPES
from dxdash.locale import Locale
from dxdash.locale.locale import JAPANESE
from dxdash.story.figure_links import href_of
from dxdash.story.figures import english_figure
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
) -> pd.DataFrame:
    """The 施策一覧 table: one row per initiative with its 分野, start, model and headline figure."""
    if first_figure is None:
        first_figure = first_figures(metrics, locale)
    model = [
        f"{locale.term('gunma_model_types', m)} No.{int(n)}" if isinstance(m, str) else ""
        for m, n in zip(initiatives["gunma_model"], initiatives["gunma_model_no"], strict=True)
    ]
    return pd.DataFrame(
        {
            "initiative_id": initiatives["initiative_id"].to_numpy(),
            "施策": initiatives["name"].to_numpy(),
            "分野": initiatives["field"].to_numpy(),
            "開始": [
                started_display(t, y, locale)
                for t, y in zip(
                    initiatives["started_text"], initiatives["fiscal_year"], strict=True
                )
            ],
            "年度": initiatives["fiscal_year"].to_numpy(),
            "群馬モデル": model,
            "主な数値": [first_figure.get(i, "") for i in initiatives["initiative_id"]],
            "初の取組": initiatives["firsts"].map(locale.join).to_numpy(),
        }
    )


def events_table(
    events: pd.DataFrame, kinds: tuple[str, ...] | None = None, *, locale: Locale
) -> pd.DataFrame:
    """Events as a dated table (undated ones last), optionally of some kinds only."""
    rows = events if kinds is None else events.loc[events["kind"].isin(kinds)]
    rows = rows.assign(_undated=rows["date"].isna()).sort_values(
        ["_undated", "date"], kind="stable"
    )
    undated = locale.standard._("記載なし")
    table = pd.DataFrame(
        {
            "年月": [
                locale.month(d)
                if pd.notna(d)
                else (locale.term("as_of_texts", t) if isinstance(t, str) else undated)
                for d, t in zip(rows["date"], rows["date_text"], strict=True)
            ],
            "種類": rows["kind"].to_numpy(),
            "出来事": rows["title"].to_numpy(),
            "内容": rows["detail"].to_numpy(),
            "市町村": rows["municipality"].fillna("").to_numpy(),
            "初の取組": rows["firsts"].map(locale.join).to_numpy(),
        }
    )
    return in_language(table, locale)


def models_table(initiatives: pd.DataFrame) -> pd.DataFrame:
    """The 群馬モデル table as the report prints it (type, No., 事業名, 概要) plus 分野."""
    models = initiatives.loc[initiatives["gunma_model"].notna()]
    order = {t: i for i, t in enumerate(GUNMA_MODEL_TYPES)}
    models = models.assign(_type=models["gunma_model"].map(order)).sort_values(
        ["_type", "gunma_model_no"]
    )
    return pd.DataFrame(
        {
            "initiative_id": models["initiative_id"].to_numpy(),
            "類型": models["gunma_model"].to_numpy(),
            "No.": models["gunma_model_no"].astype(int).to_numpy(),
            "事業名": models["gunma_model_name"].to_numpy(),
            "概要": models["gunma_model_summary"].to_numpy(),
            "分野": models["field"].to_numpy(),
        }
    )


EVALUATION_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("受賞", ("受賞",)),
    ("国際会議・全国会議の開催", ("会議開催",)),
    ("先進事例としての掲載・発表", ("掲載", "発表")),
)


def survey_table(survey: pd.DataFrame, locale: Locale) -> pd.DataFrame:
    """The survey as the report prints it: one row per item, one column per 年度."""
    wide = survey.pivot_table(index="item", columns="fiscal_year", values="score", sort=False)
    wide.columns = [locale.fiscal_year(int(y)) for y in wide.columns]
    return in_language(wide.reset_index().rename(columns={"item": "設問（点）"}), locale)


def launches_table(initiatives: pd.DataFrame, locale: Locale) -> pd.DataFrame:
    """Initiatives with a 年度 of start, by 年度: the table behind the launches chart."""
    dated = initiatives.loc[initiatives["fiscal_year"].notna()].sort_values(
        ["fiscal_year", "started"], na_position="last", kind="stable"
    )
    table = pd.DataFrame(
        {
            "開始年度": [locale.fiscal_year(int(y)) for y in dated["fiscal_year"]],
            "開始": dated["started_text"].to_numpy()
            if not locale.english
            else [
                started_display(s, y, locale)
                for s, y in zip(dated["started_text"], dated["fiscal_year"], strict=True)
            ],
            "施策": dated["name"].to_numpy(),
            "分野": dated["field"].to_numpy(),
        }
    )
    return in_language(table, locale)  # headers and 分野 in the page's language


def figure_changes(
    old_metrics: pd.DataFrame, new_metrics: pd.DataFrame, initiatives: pd.DataFrame
) -> pd.DataFrame:
    """Every figure that differs between two data versions (old → new), for a follow-up meeting.

    Compares the report wording, value, qualifier, unit and as-of; lists added and removed figures.
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
            status = "削除"
        elif record["_merge"] == "right_only":
            status = "追加"
        elif all(_same(record[f"{c}_old"], record[f"{c}_new"]) for c in compared):
            continue
        else:
            status = "変更"
        rows.append(
            {
                "変化": status,
                "施策": names.get(record["initiative_id"], record["initiative_id"]),
                "指標": record["metric"]
                + (
                    f"（{places.municipality_name(record['municipality_code'], JAPANESE)}）"
                    if isinstance(record["municipality_code"], str)
                    else ""
                ),
                "以前": _text_or_blank(record["value_text_old"], record["as_of_text_old"]),
                "現在": _text_or_blank(record["value_text_new"], record["as_of_text_new"]),
            }
        )
    return pd.DataFrame(rows, columns=["変化", "施策", "指標", "以前", "現在"])


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


# Table columns whose cells are vocabulary words, and the content.yaml section translating them.
_VOCAB_COLUMNS = {
    "分野": "fields",
    "種類": "event_kinds",
    "類型": "gunma_model_types",
    "単位": "units",
    "修飾語": "qualifiers",
}


def in_language(table: pd.DataFrame, locale: Locale) -> pd.DataFrame:
    """A display table in the locale's data language (English, or as it is): headers via the UI
    catalog, vocabulary cells via content.yaml."""
    if not locale.english:
        return table
    out = table.copy()
    for column, section in _VOCAB_COLUMNS.items():
        if column in out.columns:
            out[column] = [locale.term(section, v) for v in out[column]]
    return out.rename(columns={c: locale.standard._(c) for c in out.columns})


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """The 表で見る view of a figure's history: when, the printed value, the value, unit."""
    return history.rename(
        columns={
            "when": "時点",
            "display": "数値（報告書の表記）",
            "value": "値（基本単位）",
            "unit": "単位",
            "source": "出典（報告書の見出し）",
        }
    )[["時点", "数値（報告書の表記）", "値（基本単位）", "単位", "出典（報告書の見出し）"]]


def figure_table(figures: pd.DataFrame, locale: Locale) -> pd.DataFrame:
    """Figures as a table: report wording, value and unit, qualifier, as-of, change, 分野, source,
    and the link to each figure's definition page (a web table draws it as a link; the PDF and
    the downloads leave it out)."""
    table = figures.rename(columns=FIGURE_COLUMNS)[list(FIGURE_COLUMNS.values())]
    if {"initiative_id", "metric"} <= set(figures.columns):
        table.insert(  # beside the figure: a wide table's last column would be off the screen
            table.columns.get_loc("数値（報告書の表記）") + 1,
            DEFINITION_COLUMN,
            [
                href_of(owner, metric, locale)
                for owner, metric in zip(figures["initiative_id"], figures["metric"], strict=True)
            ],
        )
    return in_language(table, locale)


DEFINITION_COLUMN = "数値の定義"  # a figure table's link to the figure's page (/figure?id=…)


FIGURE_COLUMNS = {
    "short_name": "施策",
    "metric_label": "指標",
    "display": "数値（報告書の表記）",
    "value": "値（基本単位）",
    "unit": "単位",
    "qualifier": "修飾語",
    "as_of_display": "時点",
    "change_display": "前回からの変化",
    "field_label": "分野",
    "note": "注記",
    "source": "出典（報告書の見出し）",
}
