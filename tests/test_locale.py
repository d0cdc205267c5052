"""The Locale: plurals, numbers, 年度/FY, months, dates and lists in both languages."""

from datetime import date

import pytest

from dxdash.locale import get_locale
from dxdash.locale.locale import sentences

JA, EN = get_locale("ja"), get_locale("en")


@pytest.mark.parametrize(
    ("key", "values", "ja", "en"),
    [
        ("evaluations.awards", {"n": 1}, "受賞1件", "1 award"),
        ("evaluations.awards", {"n": 5}, "受賞5件", "5 awards"),
        (
            "rates.high",
            {"high": 1, "total": 5},
            "5件の割合の指標のうち1件が90%以上。",
            "1 of 5 rates is 90% or more.",
        ),
        (
            "rates.high",
            {"high": 0, "total": 2},
            "2件の割合の指標のうち0件が90%以上。",
            "0 of 2 rates are 90% or more.",
        ),
        ("group.count", {"n": 1167, "name": "A", "metric": "m", "figure": "1"}, None, None),
        (
            "initiatives.shown",
            {"shown": 1, "total": 41},
            "**1件**の施策（全41件）。キーワード・分野・年度はサイドバーで絞り込めます。",
            "**1** initiative (of 41). Filter by keyword, field and year in the sidebar.",
        ),
        (
            "admin.import_refused",
            {"n": 1},
            "取り込めません（1件の問題）",
            "Cannot import (1 problem)",
        ),
        (
            "admin.import_refused",
            {"n": 3},
            "取り込めません（3件の問題）",
            "Cannot import (3 problems)",
        ),
    ],
)
def test_sentences_pick_the_plural_by_their_count(key, values, ja, en):
    if ja is not None:
        assert JA.say(key, **values) == ja
        assert EN.say(key, **values) == en
    else:  # whole numbers get thousands separators in both languages
        assert "1,167" in JA.say(key, **values)
        assert "1,167" in EN.say(key, **values)


def test_every_sentence_has_both_languages_and_the_same_placeholders():
    import string

    def names(template):
        return {f for _, f, _, _ in string.Formatter().parse(template) if f}

    for entry in sentences().values():
        assert entry.ja, entry.key
        assert entry.en_other, entry.key
        assert names(entry.ja) == names(entry.en_other), entry.key
        assert names(entry.en_one) <= names(entry.ja), entry.key


@pytest.mark.parametrize(
    ("method", "arg", "ja", "en"),
    [
        ("fiscal_year", 2023, "2023年度", "FY2023"),
        ("month", date(2023, 10, 1), "2023年10月", "Oct 2023"),
        ("date", date(2026, 11, 30), "2026年11月30日", "30 November 2026"),
        ("month", date(2023, 9, 30), "2023年9月", "Sep 2023"),  # Babel's: whatever LC_TIME says
        ("join", ["A", "B", "C"], "A、B、C", "A, B and C"),  # Babel's list (CLDR en_GB)
        ("join", ["A", "B"], "A、B", "A and B"),
        ("join", ["A"], "A", "A"),
        ("number", 1167, "1,167", "1,167"),
        ("quoted", "式", "「式」", "\u201c式\u201d"),
        ("quoted", "「式」", "「式」", "\u201c「式」\u201d"),
        ("notes", ["A", "", "B"], "A／B", "A; B"),
        (
            "facts",
            ["分野：教育", "", "開始：2021"],
            "分野：教育 ／ 開始：2021",
            "分野：教育; 開始：2021",
        ),
        ("sentences", ["A。", "B。"], "A。B。", "A。 B。"),
    ],
)
def test_locale_formats(method, arg, ja, en):
    assert getattr(JA, method)(arg) == ja
    assert getattr(EN, method)(arg) == en


@pytest.mark.parametrize(
    ("text", "en"),
    [
        ("2023年12月末実績", "actual as of end of December 2023"),  # content.yaml's entry first
        ("2024年3月末", "end of Mar 2024"),  # a date form typed in Excel, read
        ("令和6年3月末時点", "as of end of Mar 2024"),
        ("2024年3月31日現在", "as of 31 March 2024"),
        ("2023年度中", "during FY2023"),
        ("2024年", "2024"),
        ("2024年3月～", "2024年3月～"),  # neither listed nor a date form: as printed
    ],
)
def test_as_of_texts_in_english_listed_or_read(text, en):
    assert EN.term("as_of_texts", text) == en
    assert JA.term("as_of_texts", text) == text  # Japanese: the report's words, untouched


def test_unknown_language_is_japanese():
    assert get_locale("fr") == get_locale("ja")
    assert get_locale("EN").english


@pytest.mark.parametrize("count", range(6))
@pytest.mark.parametrize(("code", "cldr"), [("ja", "ja"), ("en", "en_GB")])
def test_join_is_babels_format_list(code, cldr, count):
    from babel.lists import format_list

    parts = [f"item{i}" for i in range(count)]
    assert get_locale(code).join(parts) == (format_list(parts, locale=cldr) if parts else "")
