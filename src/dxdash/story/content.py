"""The dataset in English: the report's texts swapped for data/source/translations/content.yaml.

Only text shown to people changes. Keys stay as stored (ids, 分野, 群馬モデル type, event kind,
metric labels), so URL filters, links and lookups work the same in both languages.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from dxdash.data.dataset import Dataset
from dxdash.locale import Locale, get_locale
from dxdash.locale import catalog as i18n
from dxdash.story.filters import SEARCH_TEXT, event_search_text, initiative_search_text


def _lines(entry: dict, key: str, fallback: str) -> str:
    """A translated multi-line text (list in YAML) joined like the Japanese summary."""
    value = entry.get(key)
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value) if value else fallback


def localized(dataset: Dataset, locale: Locale) -> Dataset:
    """Return the dataset with its report texts in the locale's language (a new Dataset; the
    input is untouched).

    Either language's initiatives and events carry both languages' text to search, so a link's
    keyword (?q=ワクチン or ?q=vaccine) finds the same rows in Japanese and in English.
    """
    english = _english(dataset)
    # anything but English reads the Japanese texts (やさしい日本語 too: the data's language)
    shown = english if locale.english else dataset
    initiatives = shown.initiatives.copy()
    initiatives[SEARCH_TEXT] = (
        initiative_search_text(dataset.initiatives)
        + " "
        + initiative_search_text(english.initiatives)
    )
    events = shown.events.copy()
    events[SEARCH_TEXT] = (
        event_search_text(dataset.events) + " " + event_search_text(english.events)
    )
    return replace(shown, initiatives=initiatives, events=events)


def _set_text(frame: pd.DataFrame, column: str, values: list) -> None:
    """Replace a text column, keeping its dtype: a list of all-missing values would become
    float64, and text operations on it (``fillna("")``) are deprecated and will raise."""
    frame[column] = pd.Series(values, index=frame.index, dtype=frame[column].dtype)


def _english(dataset: Dataset) -> Dataset:
    """The dataset with its report texts in English."""
    english = get_locale("en")
    text = i18n.content()
    initiatives = dataset.initiatives.copy()
    entries = text.get("initiatives", {})

    def pick(column: str, key: str, multiline: bool = False) -> list:
        values = []
        for initiative_id, original in zip(
            initiatives["initiative_id"], initiatives[column], strict=True
        ):
            entry = entries.get(initiative_id, {})
            if multiline:
                values.append(_lines(entry, key, original))
            else:
                values.append(entry.get(key) or original)
        return values

    for column in ("name", "short_name", "started_note", "gunma_model_name", "gunma_model_summary"):
        _set_text(initiatives, column, pick(column, column))
    _set_text(initiatives, "summary", pick("summary", "summary", multiline=True))
    initiatives["comments"] = [
        tuple(entries.get(i, {}).get("comments") or original)
        for i, original in zip(initiatives["initiative_id"], initiatives["comments"], strict=True)
    ]
    initiatives["firsts"] = [
        tuple(english.term("firsts", f) for f in firsts) for firsts in initiatives["firsts"]
    ]

    programs = dataset.programs.copy()
    program_entries = text.get("programs", {})
    programs["name"] = [
        program_entries.get(p, {}).get("name") or n
        for p, n in zip(programs["program_id"], programs["name"], strict=True)
    ]
    programs["summary"] = [
        _lines(program_entries.get(p, {}), "summary", s)
        for p, s in zip(programs["program_id"], programs["summary"], strict=True)
    ]

    events = dataset.events.copy()
    event_entries = text.get("events", {})
    for column in ("title", "detail", "municipality", "award_category", "award_result"):
        _set_text(
            events,
            column,
            [
                event_entries.get(e, {}).get(column) or original
                if isinstance(original, str)
                else original
                for e, original in zip(events["event_id"], events[column], strict=True)
            ],
        )
    events["firsts"] = [
        tuple(english.term("firsts", f) for f in firsts) for firsts in events["firsts"]
    ]

    survey = dataset.survey.copy()
    survey_text = text.get("survey", {})
    survey["item"] = [survey_text.get("items", {}).get(i, i) for i in survey["item"]]
    survey["method"] = survey_text.get("method") or survey["method"]

    report = dict(dataset.report)
    report_text = text.get("report", {})
    report.update({k: v for k, v in report_text.items() if k in report and v})
    published = report["published_text"]
    report["source_note"] = f"Source: Gunma Prefecture, \u201c{report['title']}\u201d ({published})"
    report["short_source_note"] = f"Source: Gunma Prefecture DX Achievements report ({published})"
    out = replace(
        dataset,
        report=report,
        initiatives=initiatives,
        programs=programs,
        events=events,
        survey=pd.DataFrame(survey),
    )
    out.__dict__["latest"] = dataset.latest  # the same figures: not recomputed per language
    return out
