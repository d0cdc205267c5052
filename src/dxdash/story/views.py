"""What each page shows, computed from the (filtered) tables: figure rows, KPIs and takeaways.

Pure functions from DataFrames to DataFrames or strings, so pages stay thin and every
number on screen is tested here. Figures always travel with their report wording
(value_text), qualifier, as-of note and source.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dxdash.charts.theme import PREFECTURE_WIDE
from dxdash.data import series
from dxdash.locale import catalog as i18n
from dxdash.locale import get_locale
from dxdash.locale.japanese import format_fiscal_year, format_month_ja
from dxdash.story.model import Kpi

REPORT_DATE_NOTE = "2024年3月公表資料"
USAGE_CATEGORIES: tuple[str, ...] = ("人数", "利用回数")
RATE_CATEGORY = "割合"
DX_PROGRAM_ID = "dx-acceleration-program"
DX_PROGRAM_RATE = "達成率"
GUNMA_MODELS_ID = "gunma-models"
GUNMA_MODEL_PARTS = ("群馬モデル①ワイズスペンディングな取組", "群馬モデル②他自治体の見本となる取組")

# The headline figures of the overview, in the order an executive reads them.
HEADLINE_USAGE: tuple[tuple[str, str, str], ...] = (
    ("line-digital-window", "友だち登録数", "LINE「群馬県デジタル窓口」友だち"),
    ("vaccine-reservation", "予約受付", "ワクチン接種予約"),
    ("vaccine-passport", "登録者数", "ぐんまワクチン手帳 登録者"),
    ("youtube-tsulunos", "総再生数", "YouTube tsulunos 総再生数"),
    ("digital-evacuation-drill", "訓練参加回数", "デジタル避難訓練 参加"),
    ("g-walk", "インストール数", "G-WALK+ インストール"),
)


def format_as_of(as_of_text: str | None, as_of: object, lang: str) -> str:
    """Say when a figure was true, in the report's words: 2023年10月 → 「2023年10月時点」."""
    locale = get_locale(lang)
    if isinstance(as_of_text, str) and as_of_text.strip():
        text = as_of_text.strip()
        shown = locale.term("as_of_texts", text)
        if re.search(r"\d+月$", text):
            return locale.say("as_of.month", when=shown)
        if text in ("現在", "開設から"):  # the report's own words, dated by the report itself
            return locale.say("as_of.report_dated", when=shown)
        return shown
    if as_of is not None and not pd.isna(as_of):
        return locale.say("as_of.month", when=locale.month(as_of))
    return locale.say("as_of.not_stated")


def _english_metric(owner: str, metric: str, key: str) -> str | None:
    """The English text of one figure field (metric label, figure, note) from content.yaml."""
    text = i18n.content()
    for section in ("initiatives", "programs"):
        entry = text.get(section, {}).get(owner)
        if entry and metric in entry.get("metrics", {}):
            return entry["metrics"][metric].get(key)
    return None


def _english_figure(owner: str, metric: str, value_text: str) -> str | None:
    """content.yaml's English for a printed figure, only while the data still prints what was
    translated (its `of`): an imported newer or corrected value is written from its numbers."""
    text = i18n.content()
    for section in ("initiatives", "programs"):
        entry = text.get(section, {}).get(owner)
        figure = entry and entry.get("metrics", {}).get(metric)
        if figure:
            return figure.get("figure") if figure.get("of") == value_text else None
    return None


def english_figure(owner: str, metric: str, row: Mapping[str, Any]) -> str:
    """A figure in English: the reviewed translation while it still matches, else its numbers."""
    return _english_figure(owner, metric, row["value_text"]) or series.value_en(
        row["value"], row["unit"], row["qualifier"], row["value_text"]
    )


def with_labels(
    metrics: pd.DataFrame, initiatives: pd.DataFrame, programs: pd.DataFrame, lang: str
) -> pd.DataFrame:
    """Join each figure to its initiative's short name and 分野, and add display columns.

    Program-wide figures get the 分野 「県全体」 and the program's name. With lang="en" the
    display columns (label, metric_label, display, as_of_display, bar_label, field_label) are
    English; the key columns (initiative_id, metric, field) stay as stored.
    """
    info = initiatives.set_index("initiative_id")[["short_name", "field"]]
    frame = metrics.join(info, on="initiative_id")
    program_names = programs.set_index("program_id")["name"]
    frame["field"] = frame["field"].fillna(PREFECTURE_WIDE)
    frame["short_name"] = frame["short_name"].fillna(frame["initiative_id"].map(program_names))
    frame["field_label"] = _texts(frame, [i18n.term("fields", f, lang) for f in frame["field"]])
    if lang == "en":
        frame["short_name"] = _texts(
            frame,
            [
                _english_name(owner, name)
                for owner, name in zip(frame["initiative_id"], frame["short_name"], strict=True)
            ],
        )
        frame["metric_label"] = _texts(
            frame,
            [
                _english_metric(o, m, "metric") or m
                for o, m in zip(frame["initiative_id"], frame["metric"], strict=True)
            ],
        )
        frame["display"] = _texts(
            frame,
            [
                with_qualifier(_english_figure(o, m, t) or series.value_en(v, u, q, t), q, lang)
                for o, m, t, q, v, u in zip(
                    frame["initiative_id"],
                    frame["metric"],
                    frame["value_text"],
                    frame["qualifier"],
                    frame["value"],
                    frame["unit"],
                    strict=True,
                )
            ],
        )
        frame["label"] = frame["short_name"] + ": " + frame["metric_label"]
        frame["note"] = _texts(
            frame,
            [
                _english_metric(o, m, "note") or n if isinstance(n, str) and n else n
                for o, m, n in zip(
                    frame["initiative_id"], frame["metric"], frame["note"], strict=True
                )
            ],
        )
    else:
        frame["metric_label"] = frame["metric"]
        frame["display"] = _texts(
            frame,
            [
                with_qualifier(text, qualifier, lang)
                for text, qualifier in zip(frame["value_text"], frame["qualifier"], strict=True)
            ],
        )
        frame["label"] = frame["short_name"] + "：" + frame["metric"]
    frame["metric_name"] = frame["metric_label"]  # without a municipality
    if "municipality_code" in frame and frame["municipality_code"].notna().any():
        place = frame["municipality_code"].map(lambda c: series.municipality_name(c, lang))
        suffix = place.map(
            lambda p: "" if not isinstance(p, str) else (f" ({p})" if lang == "en" else f"（{p}）")
        )
        frame["metric_label"] = frame["metric_label"] + suffix
        frame["label"] = frame["label"] + suffix
    frame["change_display"] = _texts(frame, list(series.change_texts(frame, lang)))
    frame["as_of_display"] = _texts(
        frame,
        [
            format_as_of(text, date, lang)
            for text, date in zip(frame["as_of_text"], frame["as_of"], strict=True)
        ],
    )
    frame["bar_label"] = _texts(
        frame,
        [
            _bar_label(display, text, date, lang) + (f" {moved}" if moved else "")
            for display, text, date, moved in zip(
                frame["display"],
                frame["as_of_text"],
                frame["as_of"],
                series.change_texts(frame, lang, short=True),
                strict=True,
            )
        ],
    )
    return frame


def _texts(frame: pd.DataFrame, values: list[object]) -> pd.Series:
    """A text column of `frame` (str dtype even when empty: an empty list would be float64,
    and "float64 + str" raised _UFuncNoLoopError for pages with no figures in English)."""
    return pd.Series(values, index=frame.index, dtype="str")


def _english_name(owner: str, fallback: str) -> str:
    """An initiative's or program's short English name."""
    text = i18n.content()
    if owner in text.get("initiatives", {}):
        return text["initiatives"][owner].get("short_name") or fallback
    if owner in text.get("programs", {}):
        return text["programs"][owner].get("name") or fallback
    return fallback


# A bar's label carries its as-of when the report gives a short one: 「約180万回（2023年12月末実績）」.
BAR_LABEL_AS_OF_MAX = 12


def _bar_label(display: str, as_of_text: object, as_of: object, lang: str) -> str:
    """The report's wording, plus its as-of date when the report gives one briefly."""
    if not isinstance(as_of_text, str) or as_of is None or pd.isna(as_of):
        return display
    when = format_as_of(as_of_text, as_of, lang)
    if lang == "en":
        return f"{display} ({when})" if len(when) <= 24 else display
    return f"{display}（{when}）" if len(when) <= BAR_LABEL_AS_OF_MAX else display


def with_qualifier(figure: str, qualifier: object, lang: str) -> str:
    """The figure as printed, with 見込 / "(projected)" added where the report marks it beside it."""
    locale = get_locale(lang)
    marker = locale.say("qualifier.projected")
    if qualifier == "見込" and marker not in figure.lower():
        return figure + locale.paren(marker)
    return figure


def usage_figures(labelled: pd.DataFrame) -> pd.DataFrame:
    """People and uses (人数・利用回数), largest first: the 'how many use it' chart."""
    rows = labelled.loc[labelled["category"].isin(USAGE_CATEGORIES)]
    return rows.sort_values("value", ascending=False, kind="stable")


def rate_figures(labelled: pd.DataFrame) -> pd.DataFrame:
    """Percentages (割合), highest first: the rate chart."""
    rows = labelled.loc[labelled["category"] == RATE_CATEGORY]
    return rows.sort_values("value", ascending=False, kind="stable")


def find_figure(labelled: pd.DataFrame, owner: str, metric: str) -> pd.Series | None:
    """Return one figure row by (initiative or program id, metric), or None if filtered out."""
    rows = labelled.loc[(labelled["initiative_id"] == owner) & (labelled["metric"] == metric)]
    return None if rows.empty else rows.iloc[0]


def headline_usage(labelled: pd.DataFrame, lang: str) -> list[Kpi]:
    """The overview's usage cards, those still present under the current filters."""
    cards = []
    for owner, metric, label in HEADLINE_USAGE:
        row = find_figure(labelled, owner, metric)
        if row is not None:
            shown = label if lang == "ja" else f"{row['short_name']}: {row['metric_label']}"
            cards.append(
                Kpi(
                    shown,
                    row["display"],
                    row["as_of_display"],
                    owner,
                    row["change_display"],
                    source=str(row["source"]),
                )
            )
    return cards


def usage_takeaway(figures: pd.DataFrame, lang: str) -> str:
    """One plain sentence on the usage chart: the largest figure, and LINE's reach when shown."""
    if figures.empty:
        return "No usage figures match." if lang == "en" else "該当する利用実績はありません。"
    top = figures.iloc[0]
    line = find_figure(figures, "line-digital-window", "友だち登録数")
    if lang == "en":
        sentence = f"The largest is {top['short_name']} ({top['metric_label']}): {top['display']}."
        if line is not None and top["initiative_id"] != "line-digital-window":
            sentence += f" LINE friends: {line['display']} ({line['as_of_display']})."
        return sentence
    sentence = f"最も大きいのは{top['short_name']}の{top['metric']}で{top['display']}。"
    if line is not None and top["initiative_id"] != "line-digital-window":
        sentence += f"LINE友だちは{line['display']}（{line['as_of_display']}）。"
    return sentence


def rate_takeaway(figures: pd.DataFrame, lang: str) -> str:
    """One plain sentence on the rate chart: how many rates reach 90%."""
    if figures.empty:
        return "No rates match." if lang == "en" else "該当する割合の指標はありません。"
    high = figures.loc[figures["value"] >= 90]
    program = find_figure(figures, DX_PROGRAM_ID, DX_PROGRAM_RATE)
    if lang == "en":
        sentence = f"{len(high)} of {len(figures)} rates are 90% or more."
        if program is not None:
            sentence += (
                f" DX Acceleration Program: {program['display']} ({program['as_of_display']})."
            )
        return sentence
    sentence = f"{len(figures)}件の割合の指標のうち{len(high)}件が90%以上。"
    if program is not None:
        sentence += f"DX加速化プログラムは{program['display']}（{program['as_of_display']}）。"
    return sentence


def survey_takeaway(survey: pd.DataFrame, lang: str) -> str:
    """One sentence per survey item: first and last 年度 shown, and the change in points."""
    if survey.empty:
        return (
            "No survey results in this period."
            if lang == "en"
            else "該当する年度のアンケート結果はありません。"
        )
    sentences = []

    def fy(year: object) -> str:
        return i18n.format_fiscal_year(int(year), lang)

    for item, rows in survey.groupby("item", sort=False):
        rows = rows.sort_values("fiscal_year")
        first, last = rows.iloc[0], rows.iloc[-1]
        if lang == "en":
            if len(rows) == 1:
                sentences.append(
                    f"\u201c{item}\u201d: {first['score']:.1f} points in {fy(first['fiscal_year'])}."
                )
            else:
                change = last["score"] - first["score"]
                sentences.append(
                    f"\u201c{item}\u201d: {first['score']:.1f} in {fy(first['fiscal_year'])} \u2192 "
                    f"{last['score']:.1f} in {fy(last['fiscal_year'])} ({change:+.1f} points)."
                )
            continue
        if len(rows) == 1:
            sentences.append(f"「{item}」は{fy(first['fiscal_year'])}に{first['score']:.1f}点。")
            continue
        change = last["score"] - first["score"]
        sentences.append(
            f"「{item}」は{fy(first['fiscal_year'])}の{first['score']:.1f}点から"
            f"{fy(last['fiscal_year'])}の{last['score']:.1f}点へ（{change:+.1f}点）。"
        )
    return ("" if lang == "ja" else " ").join(sentences)


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


EVALUATION_HEADLINE = "G7・デジ田会議開催／Digi田甲子園優勝／日本DX大賞受賞"
EVALUATION_EVENT_IDS: tuple[str, ...] = (
    "g7-digital-ministers-meeting",
    "digiden-council-meeting",
    "digiden-koshien-2022-implementation-town-village",
    "japan-dx-award-2023",
)


def headline_program_kpis(metrics: pd.DataFrame, events: pd.DataFrame, lang: str) -> list[Kpi]:
    """The three answers of the report's summary slide: program rate, Gunma models, evaluations.

    Program-wide, so filters never change them.
    """
    _ = functools.partial(i18n.gettext, lang=lang)
    cards = []
    program = metrics.loc[
        (metrics["initiative_id"] == DX_PROGRAM_ID) & (metrics["metric"] == DX_PROGRAM_RATE)
    ]
    if not program.empty:
        row = program.iloc[0]
        display = (
            with_qualifier(
                english_figure(DX_PROGRAM_ID, DX_PROGRAM_RATE, row), row["qualifier"], lang
            )
            if lang == "en"
            else with_qualifier(row["value_text"], row["qualifier"], lang)
        )
        cards.append(
            Kpi(
                _("ぐんまDX加速化プログラム 達成率"),
                display,
                format_as_of(row["as_of_text"], row["as_of"], lang),
                DX_PROGRAM_ID,
                change=series.change_texts(program.iloc[:1], lang)[0],
                source=str(row["source"]),
            )
        )
    models = metrics.loc[metrics["initiative_id"] == GUNMA_MODELS_ID].set_index("metric")
    if "群馬モデル件数" in models.index:
        wise = models["value_text"].get("群馬モデル①ワイズスペンディングな取組", "")
        example = models["value_text"].get("群馬モデル②他自治体の見本となる取組", "")
        total = models.loc["群馬モデル件数", "value_text"]
        if lang == "en":
            total = english_figure(GUNMA_MODELS_ID, "群馬モデル件数", models.loc["群馬モデル件数"])
        cards.append(
            Kpi(
                _("群馬モデルの創出"),
                total,
                _("ワイズスペンディング {wise}＋他自治体の見本 {example}").format(
                    wise=wise.removesuffix("件") if lang == "en" else wise,
                    example=example.removesuffix("件") if lang == "en" else example,
                ),
                GUNMA_MODELS_ID,
                source=str(models.loc["群馬モデル件数", "source"]),
            )
        )
    evaluated = events.loc[events["event_id"].isin(EVALUATION_EVENT_IDS) & events["date"].notna()]
    if not evaluated.empty:
        first, last = min(evaluated["date"]), max(evaluated["date"])
        cards.append(
            Kpi(
                _("外部評価"),
                _(EVALUATION_HEADLINE),
                get_locale(lang).say(
                    "span.months",
                    first=i18n.format_month(first, lang),
                    last=i18n.format_month(last, lang),
                ),
                source="、".join(dict.fromkeys(heading_of(s) for s in evaluated["source"])),
            )
        )
    return cards


def heading_of(source: object) -> str:
    """The report's section of a source heading: 「3.(3) 外部評価 — …」 → 「3.(3) 外部評価」."""
    return str(source).split(" — ", 1)[0].strip() if isinstance(source, str) else ""


def started_display(started_text: object, fiscal_year: object, lang: str) -> str:
    """When an initiative started, as printed, with its 年度: 「2021.10（2021年度）」."""
    if not isinstance(started_text, str) or not started_text.strip():
        return i18n.gettext("記載なし", lang)
    text = started_text.strip()
    if lang == "en":
        onward = text[-1] in "～~〜"
        if "年度" in text:
            shown = i18n.format_fiscal_year(int(fiscal_year), lang)
            return get_locale(lang).say("started.onward", when=shown) if onward else shown
        if onward:
            text = get_locale(lang).say("started.onward", when=text[:-1].strip())
        return (
            f"{text} ({i18n.format_fiscal_year(int(fiscal_year), lang)})"
            if pd.notna(fiscal_year)
            else text
        )
    if pd.notna(fiscal_year) and "年度" not in text:
        return f"{text}（{format_fiscal_year(int(fiscal_year))}）"
    return text


def first_figures(metrics: pd.DataFrame, lang: str) -> dict[str, str]:
    """Each initiative's first figure in the report's (or the English) wording."""
    first = metrics.drop_duplicates("initiative_id")
    return {
        row["initiative_id"]: english_figure(row["initiative_id"], row["metric"], row)
        if lang == "en"
        else row["value_text"]
        for row in first.to_dict("records")
    }


def initiatives_table(
    initiatives: pd.DataFrame,
    metrics: pd.DataFrame,
    lang: str,
    first_figure: dict[str, str] | None = None,
) -> pd.DataFrame:
    """The 施策一覧 table: one row per initiative with its 分野, start, model and headline figure."""
    if first_figure is None:
        first_figure = first_figures(metrics, lang)
    model = [
        f"{i18n.term('gunma_model_types', m, lang)} No.{int(n)}" if isinstance(m, str) else ""
        for m, n in zip(initiatives["gunma_model"], initiatives["gunma_model_no"], strict=True)
    ]
    return pd.DataFrame(
        {
            "initiative_id": initiatives["initiative_id"].to_numpy(),
            "施策": initiatives["name"].to_numpy(),
            "分野": initiatives["field"].to_numpy(),
            "開始": [
                started_display(t, y, lang)
                for t, y in zip(
                    initiatives["started_text"], initiatives["fiscal_year"], strict=True
                )
            ],
            "年度": initiatives["fiscal_year"].to_numpy(),
            "群馬モデル": model,
            "主な数値": [first_figure.get(i, "") for i in initiatives["initiative_id"]],
            "初の取組": initiatives["firsts"].map(get_locale(lang).join).to_numpy(),
        }
    )


def events_table(
    events: pd.DataFrame, kinds: tuple[str, ...] | None = None, *, lang: str
) -> pd.DataFrame:
    """Events as a dated table (undated ones last), optionally of some kinds only."""
    rows = events if kinds is None else events.loc[events["kind"].isin(kinds)]
    rows = rows.assign(_undated=rows["date"].isna()).sort_values(
        ["_undated", "date"], kind="stable"
    )
    undated = i18n.gettext("記載なし", lang)
    table = pd.DataFrame(
        {
            "年月": [
                i18n.format_month(d, lang)
                if pd.notna(d)
                else (i18n.term("as_of_texts", t, lang) if isinstance(t, str) else undated)
                for d, t in zip(rows["date"], rows["date_text"], strict=True)
            ],
            "種類": rows["kind"].to_numpy(),
            "出来事": rows["title"].to_numpy(),
            "内容": rows["detail"].to_numpy(),
            "市町村": rows["municipality"].fillna("").to_numpy(),
            "初の取組": rows["firsts"].map(get_locale(lang).join).to_numpy(),
        }
    )
    return in_language(table, lang)


def models_table(initiatives: pd.DataFrame) -> pd.DataFrame:
    """The 群馬モデル table as the report prints it (type, No., 事業名, 概要) plus 分野."""
    models = initiatives.loc[initiatives["gunma_model"].notna()]
    order = {t: i for i, t in enumerate(("ワイズスペンディング", "他自治体の見本"))}
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


def launches_takeaway(counts: pd.DataFrame, lang: str) -> str:
    """One sentence on launches: the busiest 年度 and its leading 分野."""
    if counts.empty:
        return (
            "No initiatives with a start year match."
            if lang == "en"
            else "該当する開始年度の施策はありません。"
        )
    per_year = counts.groupby("fiscal_year")["count"].sum()
    busiest = int(per_year.idxmax())
    in_year = counts.loc[counts["fiscal_year"] == busiest]
    most = int(in_year["count"].max())
    leaders = in_year.loc[in_year["count"] == most, "field"]
    if lang == "en":
        names = ", ".join(i18n.term("fields", f, lang) for f in leaders)
        return (
            f"{int(per_year.sum())} initiatives have a start year; the most started in "
            f"{i18n.format_fiscal_year(busiest, lang)} ({int(per_year.max())}), led by {names} ({most})."
        )
    lead = (
        f"開始年度が分かる施策は{int(per_year.sum())}件。"
        f"最も多いのは{format_fiscal_year(busiest)}の{int(per_year.max())}件で、"
    )
    if len(leaders) > 1:
        return lead + f"分野別では{'・'.join(leaders)}が各{most}件。"
    return lead + f"うち{leaders.iloc[0]}が{most}件。"


def models_takeaway(counts: pd.DataFrame, lang: str) -> str:
    """One sentence on the Gunma models shown."""
    if counts.empty:
        return "No Gunma models match." if lang == "en" else "該当する群馬モデルはありません。"
    by_type = counts.groupby("gunma_model")["count"].sum()
    top_field = counts.groupby("field")["count"].sum().sort_values(ascending=False)
    types = [t for t in ("ワイズスペンディング", "他自治体の見本") if t in by_type]
    if lang == "en":
        parts = [f"{i18n.term('gunma_model_types', t, lang)} {int(by_type[t])}" for t in types]
        return (
            f"{int(by_type.sum())} Gunma models ({', '.join(parts)}); the most are in "
            f"{i18n.term('fields', top_field.index[0], lang)} ({int(top_field.iloc[0])})."
        )
    parts = [f"{t}{int(by_type[t])}件" for t in types]
    return (
        f"群馬モデル{int(by_type.sum())}件（{'・'.join(parts)}）。"
        f"分野別では{top_field.index[0]}が最多の{int(top_field.iloc[0])}件。"
    )


def timeline_takeaway(events: pd.DataFrame, lang: str) -> str:
    """One sentence on the milestones shown: from the first to the last dated event."""
    dated = events.loc[events["date"].notna()].sort_values("date")
    if dated.empty:
        return "No events match." if lang == "en" else "該当する出来事はありません。"
    first, last = dated.iloc[0], dated.iloc[-1]
    if lang == "en":
        return (
            f"{len(dated)} events from {i18n.format_month(first['date'], lang)} "
            f"to {i18n.format_month(last['date'], lang)}."
        )
    return (
        f"{format_month_ja(first['date'])}の{_quoted(first['title'])}から"
        f"{format_month_ja(last['date'])}の{_quoted(last['title'])}まで、{len(dated)}件の出来事。"
    )


def _quoted(text: str) -> str:
    """Wrap in 「」 unless the text already starts with a quotation of its own."""
    return text if text.startswith("「") else f"「{text}」"


LOG_SPREAD = 1000.0  # offer a log scale when the largest figure is 1000× the smallest


@dataclass(frozen=True)
class FigureGroup:
    """Figures that count the same kind of thing, drawn as one chart."""

    key: str
    title: str
    axis_title: str
    figures: pd.DataFrame
    percent: bool = False

    @property
    def spread(self) -> float:
        """Largest / smallest positive value: how many times the magnitudes differ."""
        values = self.figures["value"]
        positive = values[values > 0]
        return float(positive.max() / positive.min()) if len(positive) else 1.0


# (key, title, axis title, categories) — the order the 利用実績 page shows them in.
FIGURE_GROUPS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("people", "利用者数（人）", "人", ("人数",)),
    ("uses", "利用回数・再生回数（回）", "回", ("利用回数", "再生回数")),
    ("money", "金額（円）", "円", ("金額",)),
    ("rates", "割合（%）", "%", ("割合",)),
    ("counts", "件数・本数・台数など", "件・本・台など", ("件数",)),
    ("sizes", "規模（面積・長さ・時間・日数）", "単位はラベルのとおり", ("規模",)),
    ("ratios", "倍率", "倍", ("倍率",)),
)


def figure_groups(labelled: pd.DataFrame) -> list[FigureGroup]:
    """Split figures into the page's groups, largest first within each; empty groups dropped."""
    groups = []
    for key, title, axis_title, categories in FIGURE_GROUPS:
        rows = labelled.loc[labelled["category"].isin(categories)]
        if rows.empty:
            continue
        rows = rows.sort_values("value", ascending=False, kind="stable")
        groups.append(FigureGroup(key, title, axis_title, rows, percent=key == "rates"))
    return groups


def group_takeaway(group: FigureGroup, lang: str) -> str:
    """One sentence for a group of figures: how many, and the largest in the report's words."""
    top = group.figures.iloc[0]
    if lang == "en":
        sentence = f"{len(group.figures)} figures. Largest: {top['short_name']} ({top['metric_label']}), {top['display']}."
        if group.spread >= LOG_SPREAD:
            sentence += f" They differ about {group.spread:,.0f}-fold, so a log scale is offered."
        return sentence
    sentence = f"{len(group.figures)}件の数値。最大は{top['short_name']}の{top['metric']}（{top['display']}）。"
    if group.spread >= LOG_SPREAD:
        sentence += f"最大と最小で約{group.spread:,.0f}倍の差があるため、対数目盛りも選べます。"
    return sentence


EVALUATION_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("受賞", ("受賞",)),
    ("国際会議・全国会議の開催", ("会議開催",)),
    ("先進事例としての掲載・発表", ("掲載", "発表")),
)


def survey_table(survey: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The survey as the report prints it: one row per item, one column per 年度."""
    wide = survey.pivot_table(index="item", columns="fiscal_year", values="score", sort=False)
    wide.columns = [i18n.format_fiscal_year(int(y), lang) for y in wide.columns]
    return in_language(wide.reset_index().rename(columns={"item": "設問（点）"}), lang)


def launches_table(initiatives: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Initiatives with a 年度 of start, by 年度: the table behind the launches chart."""
    dated = initiatives.loc[initiatives["fiscal_year"].notna()].sort_values(
        ["fiscal_year", "started"], na_position="last", kind="stable"
    )
    table = pd.DataFrame(
        {
            "開始年度": [i18n.format_fiscal_year(int(y), lang) for y in dated["fiscal_year"]],
            "開始": dated["started_text"].to_numpy()
            if lang == i18n.DEFAULT_LANG
            else [
                started_display(s, y, lang)
                for s, y in zip(dated["started_text"], dated["fiscal_year"], strict=True)
            ],
            "施策": dated["name"].to_numpy(),
            "分野": dated["field"].to_numpy(),
        }
    )
    return in_language(table, lang)  # headers and 分野 in the page's language


def as_of_note(figures: pd.DataFrame, lang: str) -> str:
    """The as-of note under a figure chart: each distinct time, with the figures it applies to."""
    if figures.empty:
        return ""
    groups = figures.groupby("as_of_display", sort=False)["short_name"].apply(list)
    if lang == "en":
        parts = [f"{when} ({', '.join(dict.fromkeys(names))})" for when, names in groups.items()]
        return "As of: " + "; ".join(parts)
    parts = [f"{when}（{'、'.join(dict.fromkeys(names))}）" for when, names in groups.items()]
    return "時点：" + "／".join(parts)


def evaluations_takeaway(events: pd.DataFrame, lang: str) -> str:
    """One sentence on external evaluations: awards and meetings hosted."""
    if events.empty:
        return (
            "No external evaluations match." if lang == "en" else "該当する外部評価はありません。"
        )
    awards = int((events["kind"] == "受賞").sum())
    meetings = int((events["kind"] == "会議開催").sum())
    if lang == "en":
        parts = ([f"{meetings} international/national meetings hosted"] if meetings else []) + (
            [f"{awards} awards"] if awards else []
        )
        return ", ".join(parts) + "."
    parts = []
    if meetings:
        parts.append(f"国際会議・全国会議の開催{meetings}件")
    if awards:
        parts.append(f"受賞{awards}件")
    return "、".join(parts) + "。"


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
                    f"（{series.municipality_name(record['municipality_code'], lang='ja')}）"
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


def in_language(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A display table in `lang`: headers via the UI catalog, vocabulary cells via content.yaml."""
    if lang == i18n.DEFAULT_LANG:
        return table
    out = table.copy()
    for column, section in _VOCAB_COLUMNS.items():
        if column in out.columns:
            out[column] = [i18n.term(section, v, lang) for v in out[column]]
    return out.rename(columns={c: i18n.gettext(c, lang) for c in out.columns})


# A chart never draws more bars than this (the report has at most 9 per chart); larger data
# (benchmarks at 1000×) shows the largest figures with a note of how many there are in all.
MAX_FIGURES = 15


def select_figures(
    metrics: pd.DataFrame, categories: tuple[str, ...], limit: int = MAX_FIGURES
) -> tuple[pd.DataFrame, int]:
    """The `limit` largest figures of some categories (before labelling: cheap at any size).

    Only the value column is ranked; the whole rows are taken for the `limit` winners alone.
    """
    mask = metrics["category"].isin(categories)
    total = int(mask.sum())
    if total <= limit:
        return metrics.loc[mask], total
    largest = metrics["value"].loc[mask].nlargest(limit, keep="first").index
    return metrics.loc[largest], total


def select_group_figures(
    metrics: pd.DataFrame, limit: int = MAX_FIGURES
) -> tuple[pd.DataFrame, dict[str, int]]:
    """For the 利用実績 page: each group's largest figures, and each group's full count."""
    parts, totals = [], {}
    for key, _title, _axis, categories in FIGURE_GROUPS:
        rows, total = select_figures(metrics, categories, limit)
        if total:
            parts.append(rows)
            totals[key] = total
    return (pd.concat(parts) if parts else metrics.iloc[0:0]), totals


def headline_rows(metrics: pd.DataFrame) -> pd.DataFrame:
    """The rows behind the overview's usage cards (looked up without scanning every figure)."""
    owners = {owner for owner, _metric, _label in HEADLINE_USAGE}
    candidates = metrics.loc[metrics["initiative_id"].isin(owners)]
    wanted = {(owner, metric) for owner, metric, _label in HEADLINE_USAGE}
    keep = [
        (o, m) in wanted
        for o, m in zip(candidates["initiative_id"], candidates["metric"], strict=True)
    ]
    return candidates.loc[keep]


def capped_note(shown: int, total: int, lang: str) -> str:
    """Say when a chart shows only the largest figures: 「上位15件を表示（全1,000件）」."""
    if total <= shown:
        return ""
    if lang == "en":
        return f"Showing the largest {shown} of {total:,}"
    return f"上位{shown}件を表示（全{total:,}件）"


MAX_SURVEY_ITEMS = 6  # lines one chart can show legibly (the report has 2 items)


def select_survey_items(
    survey: pd.DataFrame, limit: int = MAX_SURVEY_ITEMS
) -> tuple[pd.DataFrame, int]:
    """The survey rows of the first `limit` items (report order), and how many items there are."""
    items = list(dict.fromkeys(survey["item"]))
    return survey.loc[survey["item"].isin(items[:limit])], len(items)


def figure_history(metrics: pd.DataFrame, figure: pd.Series | dict, lang: str) -> pd.DataFrame:
    """Every value of one figure (a row of ``Dataset.latest``), oldest first, for its chart/table.

    Columns: as_of, value, display (約85万人 / about 850,000 people), when (2024年3月末),
    series (the figure's label) and the stored ones.
    """
    rows = series.history(metrics, figure["initiative_id"], figure["metric"])
    code = figure.get("municipality_code")
    same_place = (
        rows["municipality_code"].isna()
        if not isinstance(code, str)
        else (rows["municipality_code"] == code)
    )
    rows = rows.loc[same_place & rows["as_of"].notna()]
    if lang == "en":
        display = [
            series.value_en(v, u, q, t)
            for v, u, q, t in zip(
                rows["value"], rows["unit"], rows["qualifier"], rows["value_text"], strict=True
            )
        ]
    else:
        display = [
            with_qualifier(t, q, lang)
            for t, q in zip(rows["value_text"], rows["qualifier"], strict=True)
        ]
    when = [
        format_as_of(t, d, lang) for t, d in zip(rows["as_of_text"], rows["as_of"], strict=True)
    ]
    label = figure.get("metric_label", figure["metric"])
    return rows.assign(display=display, when=when, series=label)


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


def figure_table(figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Figures as a table: report wording, value and unit, qualifier, as-of, change, 分野, source."""
    table = figures.rename(columns=FIGURE_COLUMNS)[list(FIGURE_COLUMNS.values())]
    return in_language(table, lang)


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
