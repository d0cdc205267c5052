"""The URL codec: shared links mean the same view in Japanese and English, and nothing is dropped.

Canonical URL values are the report's own Japanese words (``?field=健康&model=他自治体の見本``,
``?scale=対数``) and plain numbers (``?fy=2021&fy=2022``): the form the data, snapshots and the
PDF handout already use, so old links stay valid. Reading also accepts the English labels in any
case or width (``Health``, ``health``, ``ＨＥＡＬＴＨ``), which the English view wrote before.
Anything else is not dropped silently: each parser returns Notices that name the URL value and
say what the app shows instead, which the page prints in its language. Pure: no Streamlit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dxdash.data.schema import FIELDS, GUNMA_MODEL_TYPES
from dxdash.locale import catalog as i18n
from dxdash.story.filters import Filters

FIELD_PARAM = "field"
YEARS_PARAM = "fy"
MODEL_PARAM = "model"
KEYWORD_PARAM = "q"
FILTER_PARAMS = (FIELD_PARAM, YEARS_PARAM, MODEL_PARAM, KEYWORD_PARAM)
LANG_PARAM = "lang"
SCALE_PARAM = "scale"
SCALES = ("線形", "対数")
DEFAULT_SCALE = "線形"
GROUP_PARAM = "group"  # the 利用実績 page's tab: a figure group's key (?group=money)
SHOWN_VALUE_CHARS = 40  # a notice quotes at most this much of a URL value
LANG_ALIASES = {
    "ja": "ja",
    "jp": "ja",
    "jpn": "ja",
    "ja-jp": "ja",
    "japanese": "ja",
    "日本語": "ja",
    "en": "en",
    "eng": "en",
    "en-us": "en",
    "en-gb": "en",
    "english": "en",
    "英語": "en",
}


@dataclass(frozen=True)
class Notice:
    """One URL value the app could not use as given: a Japanese message (its msgid in ui.csv)
    with {value} for the URL text and optional {shown} for what is shown instead."""

    msgid: str
    value: str
    years: tuple[int, int] | None = None  # the 年度 range shown instead ({shown})
    number: int | None = None  # a number shown instead ({shown}), e.g. a slide
    bounds: tuple[int, int] | None = None  # the data's 年度 range, or a range of numbers ({range})
    bounds_are_years: bool = True  # False: {range} is plain numbers (slides, seconds)
    count: int = 1  # how many values the URL gave ({count})


def _fold(text: str) -> str:
    """Width- and case-insensitive form for matching URL words (ＨＥＡＬＴＨ → health)."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def shown_value(value: str) -> str:
    """A URL value as a notice quotes it: control characters as spaces, long text cut."""
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in str(value))
    return text if len(text) <= SHOWN_VALUE_CHARS else text[:SHOWN_VALUE_CHARS] + "…"


def _vocabulary(values: Sequence[str], section: str) -> dict[str, str]:
    """Every accepted spelling (Japanese, English label, folded) → the Japanese value."""
    lookup: dict[str, str] = {}
    for value in values:
        lookup[_fold(value)] = value
        lookup[_fold(i18n.term(section, value, "en"))] = value
    return lookup


def _parse_words(
    raw: Sequence[str], values: Sequence[str], section: str, msgid: str
) -> tuple[tuple[str, ...], list[Notice]]:
    """Read a multi-valued vocabulary parameter; unknown words become notices."""
    lookup = _vocabulary(values, section)
    chosen: list[str] = []
    notices: list[Notice] = []
    for word in raw:
        value = lookup.get(_fold(word))
        if value is None:
            if word.strip():
                notices.append(Notice(msgid, shown_value(word)))
        elif value not in chosen:
            chosen.append(value)
    return tuple(chosen), notices  # the link's order, without duplicates


def parse_fields(raw: Sequence[str]) -> tuple[tuple[str, ...], list[Notice]]:
    """``?field=`` values → known 分野 (Japanese), with a notice per unknown one."""
    return _parse_words(
        raw, FIELDS, "fields", "URLの分野「{value}」はありません。この値を除いて表示しています。"
    )


def parse_models(raw: Sequence[str]) -> tuple[tuple[str, ...], list[Notice]]:
    """``?model=`` values → known 群馬モデル types (Japanese), with a notice per unknown one."""
    return _parse_words(
        raw,
        GUNMA_MODEL_TYPES,
        "gunma_model_types",
        "URLの群馬モデルの類型「{value}」はありません。この値を除いて表示しています。",
    )


def _year_number(text: str) -> int | None:
    """「2022」, 「２０２２」, 「2022年度」, "FY2022" → 2022; anything else None."""
    folded = _fold(text).removeprefix("fy").removesuffix("年度").strip()
    if not folded.isascii() or not folded.isdigit() or len(folded) > 6:
        return None
    return int(folded)


def parse_years(
    raw: Sequence[str], bounds: tuple[int, int]
) -> tuple[tuple[int, int] | None, list[Notice]]:
    """``?fy=FIRST&fy=LAST`` → a 年度 range inside the data (None: every year), with notices
    for unreadable values, one or more than two values, a reversed range, or years outside."""
    notices: list[Notice] = []
    years: list[int] = []
    for text in raw:
        year = _year_number(text)
        if year is None:
            notices.append(
                Notice(
                    "URLの年度「{value}」は年度として読めないため、使っていません。",
                    shown_value(text),
                )
            )
        else:
            years.append(year)
    if not years:
        return None, notices
    given = shown_value(", ".join(str(y) for y in years))
    span = (min(years), max(years))
    if len(years) == 1:
        notices.append(
            Notice("URLの年度は「{value}」の1つだけです。{shown}を表示しています。", given, span)
        )
    elif len(years) > 2:
        notices.append(
            Notice(
                "URLの年度が{count}つあります（「{value}」）。{shown}を表示しています。",
                given,
                span,
                count=len(years),
            )
        )
    elif years[0] > years[1]:
        notices.append(
            Notice("URLの年度「{value}」は逆順です。{shown}を表示しています。", given, span)
        )
    first, last = max(span[0], bounds[0]), min(span[1], bounds[1])
    if first > last:
        notices.append(
            Notice(
                "URLの年度「{value}」はデータの範囲（{range}）の外です。すべての年度を表示しています。",
                given,
                bounds=bounds,
            )
        )
        return None, notices
    if (first, last) != span:
        notices.append(
            Notice(
                "URLの年度「{value}」の一部はデータの範囲（{range}）の外です。{shown}を表示しています。",
                given,
                (first, last),
                bounds=bounds,
            )
        )
    return (None if (first, last) == bounds else (first, last)), notices


def parse_keyword(raw: Sequence[str]) -> tuple[str, list[Notice]]:
    """``?q=`` → the keyword; several q values are searched together (and said so)."""
    words = [w for w in raw if w.strip()]
    keyword = " ".join(w.strip() for w in words)
    if len(words) > 1:
        return keyword, [
            Notice(
                "URLにキーワードが複数あります。「{value}」のすべてを含むものを表示しています。",
                shown_value(keyword),
            )
        ]
    return keyword, []


def parse_filters(
    params: Mapping[str, Sequence[str]], bounds: tuple[int, int]
) -> tuple[Filters, list[Notice]]:
    """The sidebar filters a URL asks for (Japanese, English or folded words), with notices."""
    fields, field_notices = parse_fields(params.get(FIELD_PARAM, ()))
    years, year_notices = parse_years(params.get(YEARS_PARAM, ()), bounds)
    models, model_notices = parse_models(params.get(MODEL_PARAM, ()))
    keyword, keyword_notices = parse_keyword(params.get(KEYWORD_PARAM, ()))
    filters = Filters(fields=fields, fiscal_years=years, models=models, keyword=keyword)
    return filters, field_notices + year_notices + model_notices + keyword_notices


def encode_filters(filters: Filters) -> dict[str, list[str]]:
    """The canonical URL parameters of `filters` (Japanese words, plain years; none by default)."""
    params: dict[str, list[str]] = {}
    if filters.fields:
        params[FIELD_PARAM] = list(filters.fields)
    if filters.fiscal_years:
        params[YEARS_PARAM] = [str(year) for year in filters.fiscal_years]
    if filters.models:
        params[MODEL_PARAM] = list(filters.models)
    if filters.keyword.strip():
        params[KEYWORD_PARAM] = [filters.keyword.strip()]
    return params


def parse_lang(raw: Sequence[str]) -> tuple[str, list[Notice]]:
    """``?lang=`` → ja or en (also en-US, English, 日本語 …); anything else Japanese, said so."""
    if not raw:
        return i18n.DEFAULT_LANG, []
    text = raw[-1]
    language = LANG_ALIASES.get(_fold(text))
    if language is None:
        return i18n.DEFAULT_LANG, [
            Notice(
                "URLの言語「{value}」には対応していません。日本語で表示しています。",
                shown_value(text),
            )
        ]
    return language, []


def encode_lang(language: str) -> list[str]:
    """The canonical ``?lang=`` values: none for Japanese (the default), ["en"] for English."""
    return [] if language == i18n.DEFAULT_LANG else [language]


def parse_scale(raw: Sequence[str]) -> tuple[str, list[Notice]]:
    """``?scale=`` → 線形 or 対数 (also Linear/Log in any case); anything else 線形, said so."""
    if not raw:
        return DEFAULT_SCALE, []
    lookup = {_fold(s): s for s in SCALES} | {_fold(i18n.gettext(s, "en")): s for s in SCALES}
    scale = lookup.get(_fold(raw[-1]))
    if scale is None:
        return DEFAULT_SCALE, [
            Notice(
                "URLの目盛り「{value}」はありません。線形で表示しています。", shown_value(raw[-1])
            )
        ]
    return scale, []


def parse_group(raw: Sequence[str], keys: Sequence[str]) -> tuple[str, list[Notice]]:
    """``?group=money`` → that figure group's key (any case or width); absent → the first group;
    anything else → the first group, said so. ``keys`` are the groups in page order."""
    if not raw:
        return keys[0], []
    lookup = {_fold(key): key for key in keys}
    key = lookup.get(_fold(raw[-1]))
    if key is None:
        return keys[0], [
            Notice(
                "URLの数値のグループ「{value}」はありません。最初のグループを表示しています。",
                shown_value(raw[-1]),
            )
        ]
    return key, []


def parse_slide(raw: str | None, count: int) -> tuple[int, list[Notice]]:
    """``?slide=N`` (1-based) → a slide of the deck; out of range or unreadable is said so."""
    if raw is None or not str(raw).strip():
        return 1, []
    folded = _fold(str(raw))
    number = int(folded) if folded.isascii() and folded.lstrip("-").isdigit() else None
    if number is not None and 1 <= number <= count:
        return number, []
    shown = 1 if number is None or number < 1 else count
    return shown, [
        Notice(
            "URLのスライド「{value}」はありません（{range}枚）。{shown}枚目を表示しています。",
            shown_value(str(raw)),
            number=shown,
            bounds=(1, count),
            bounds_are_years=False,
        )
    ]


def parse_auto(raw: str | None, minimum: int, maximum: int) -> tuple[int | None, list[Notice]]:
    """``?auto=SECONDS`` → seconds between slides (kept within minimum–maximum), or None;
    a value that is not a positive number of seconds, or was changed, is said so."""
    if raw is None or not str(raw).strip():
        return None, []
    folded = _fold(str(raw))
    seconds = int(folded) if folded.isascii() and folded.lstrip("-").isdigit() else None
    if seconds is None or seconds <= 0:
        return None, [
            Notice(
                "URLの自動送り「{value}」は正の秒数ではありません。自動では進めません。",
                shown_value(str(raw)),
            )
        ]
    kept = min(max(seconds, minimum), maximum)
    if kept != seconds:
        return kept, [
            Notice(
                "URLの自動送り「{value}」秒は{range}秒の範囲外です。{shown}秒ごとに進めます。",
                shown_value(str(raw)),
                number=kept,
                bounds=(minimum, maximum),
                bounds_are_years=False,
            )
        ]
    return kept, []


def format_years(years: tuple[int, int] | None, lang: str) -> str:
    """A 年度 range as a notice says it: 「2021〜2022年度」 / "FY2021–FY2022"."""
    if years is None:
        return i18n.gettext("すべての年度", lang)
    first, last = years
    if first == last:
        return i18n.format_fiscal_year(first, lang)
    if lang == "en":
        return f"FY{first}–FY{last}"
    return f"{first}〜{last}年度"


def notice_text(notice: Notice, lang: str) -> str:
    """A notice in the page's language (plain text: the caller escapes it, never Markdown)."""
    if notice.years is not None:
        shown = format_years(notice.years, lang)
    else:
        shown = "" if notice.number is None else str(notice.number)
    if notice.bounds is None:
        span = ""
    elif notice.bounds_are_years:
        span = format_years(notice.bounds, lang)
    else:
        span = f"{notice.bounds[0]}{'–' if lang == 'en' else '〜'}{notice.bounds[1]}"
    return i18n.gettext(notice.msgid, lang).format(
        value=notice.value, shown=shown, range=span, count=notice.count
    )
