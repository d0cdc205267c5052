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

from dxdash.data.snapshots import SNAPSHOT_PARAM
from dxdash.data.vocabulary import FIELDS, GUNMA_MODEL_TYPES
from dxdash.locale import Locale
from dxdash.locale import catalog as i18n
from dxdash.locale.locale import ENGLISH
from dxdash.story.filters import Filters
from dxdash.story.visible_text import drop_invisible, visible

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
DETAIL_PARAM = "id"  # the 施策一覧 page's detail view of one initiative (?id=g-walk)
VIEW_PARAM = "view"  # the 施策一覧 page's 表 / カード switch (?view=cards; the table has none)
VIEW_TABLE, VIEW_CARDS = "table", "cards"
VIEWS = {VIEW_TABLE: "表", VIEW_CARDS: "カード"}  # each view and its Japanese label
PRESENT_PARAM = "present"  # the slide deck (?present=1), its slide and its auto-advance
SLIDE_PARAM = "slide"
AUTO_PARAM = "auto"
DECK_PARAMS = (PRESENT_PARAM, SLIDE_PARAM, AUTO_PARAM)
# A chart of the page (a story section's key): the page opens at it (?chart=usage), and with
# Streamlit's ?embed=true the app shows that chart alone, for an <iframe> (story.chart_links)
CHART_PARAM = "chart"
EMBED_PARAM = "embed"
SHOWN_VALUE_CHARS = 40  # a notice quotes at most this much of a URL value

# Limits on what a link may hold, applied before any work (issue #29: a 60,000-character ?q=
# held a core for 44 s). Longer values are cut, more values dropped, and a notice says so.
MAX_KEYWORD_CHARS = 200
MAX_VALUE_CHARS = 100  # every other value: ids, snapshot ids, words, numbers
MAX_VALUES = 20  # values of one multi-valued parameter (分野, 年度, 類型, keywords)
MULTI_VALUED = FILTER_PARAMS  # every other parameter takes one value: the last one given
# The parameters each page reads. Every page reads the shared ones; the deck (?present=1)
# also reads its slide and auto-advance, and keeps the page's own (it returns to that page).
SHARED_PARAMS = (*FILTER_PARAMS, LANG_PARAM, SNAPSHOT_PARAM, PRESENT_PARAM, CHART_PARAM)
PAGE_PARAMS: dict[str, tuple[str, ...]] = {  # by url_path ("" is the overview)
    "initiatives": (DETAIL_PARAM, VIEW_PARAM),
    "metrics": (SCALE_PARAM, GROUP_PARAM),
    "figure": (DETAIL_PARAM,),  # a figure's page (?id=line-friends)
}
# Not the app's, so never named: Streamlit's own (?embed=true) and the tags that sharing on
# social networks and in mail adds to a link (utm_*, fbclid …).
FOREIGN_PARAMS = frozenset(
    {"embed", "embed_options", "fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid"}
)
FOREIGN_PREFIXES = ("utm_", "_ga", "_gl")
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
    "easy": "easy",
    "ja-easy": "easy",
    "yasashii": "easy",
    "やさしい日本語": "easy",
    "やさしいにほんご": "easy",
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
    name: str = ""  # the URL parameter's name ({name})
    chosen: str | None = None  # a URL value shown instead ({shown}), e.g. the last one


def _fold(text: str) -> str:
    """Width- and case-insensitive form for matching URL words (ＨＥＡＬＴＨ → health)."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def shown_value(value: str) -> str:
    """A URL value as a notice quotes it: invisible characters named (``<U+202E>``: a bidi
    control cannot reorder the notice), long text cut."""
    return visible(str(value), SHOWN_VALUE_CHARS)


def _cut_notice(name: str, limit: int, length: int) -> Notice:
    """A URL value longer than its limit, cut to it."""
    return Notice(
        "URLの「{name}」は{shown}文字までです（{count}文字）。先頭の{shown}文字を使っています。",
        "",
        number=limit,
        count=length,
        name=name,
    )


def bound_params(
    params: Mapping[str, Sequence[str]],
) -> tuple[dict[str, list[str]], list[Notice]]:
    """Every URL value within its limits, before any work: longer values cut (the keyword to
    MAX_KEYWORD_CHARS, the rest to MAX_VALUE_CHARS), a multi-valued parameter's first
    MAX_VALUES kept, a single-valued one's last value kept; a notice per parameter changed."""
    bounded: dict[str, list[str]] = {}
    notices: list[Notice] = []
    for name, given in params.items():
        values = [str(v) for v in given]
        shown_name = shown_value(name)
        if name in MULTI_VALUED and len(values) > MAX_VALUES:
            notices.append(
                Notice(
                    "URLの「{name}」の値が{count}個あります。最初の{shown}個を使っています。",
                    "",
                    number=MAX_VALUES,
                    count=len(values),
                    name=shown_name,
                )
            )
            values = values[:MAX_VALUES]
        elif name not in MULTI_VALUED and len(values) > 1:
            notices.append(
                Notice(
                    "URLの「{name}」が{count}個あります（「{value}」）。最後の「{shown}」を使っています。",
                    shown_value(", ".join(values)),
                    count=len(values),
                    name=shown_name,
                    chosen=shown_value(values[-1]),
                )
            )
            values = values[-1:]
        limit = MAX_KEYWORD_CHARS if name == KEYWORD_PARAM else MAX_VALUE_CHARS
        longest = max((len(v) for v in values), default=0)
        if longest > limit:
            notices.append(_cut_notice(shown_name, limit, longest))
            values = [v[:limit] for v in values]
        bounded[name] = values
    return bounded, notices


def is_foreign_param(name: str) -> bool:
    """True for a parameter that is not the app's: Streamlit's own, or a sharing tag."""
    return name in FOREIGN_PARAMS or name.startswith(FOREIGN_PREFIXES)


def used_params(page: str, *, presenting: bool) -> frozenset[str]:
    """The parameters a page reads (`page` is its url_path; "" is the overview)."""
    return frozenset(
        SHARED_PARAMS + PAGE_PARAMS.get(page, ()) + (DECK_PARAMS if presenting else ())
    )


def unused_params(
    params: Mapping[str, Sequence[str]], page: str, *, presenting: bool
) -> list[Notice]:
    """One notice naming every URL parameter the page does not read (``view=cards`` on
    推進経過, ``slide=3`` outside the deck, a misspelt name), or none."""
    used = used_params(page, presenting=presenting)
    items = [
        f"{name}={value}" if value else name
        for name, values in params.items()
        if name not in used and not is_foreign_param(name)
        for value in (values or [""])
    ]
    if not items:
        return []
    return [
        Notice(
            "URLの「{name}」はこのページでは使わないため、無視しています。",
            "",
            count=len(items),
            name=shown_value(", ".join(items)),
        )
    ]


def _vocabulary(values: Sequence[str], section: str) -> dict[str, str]:
    """Every accepted spelling (Japanese, English label, folded) → the Japanese value."""
    lookup: dict[str, str] = {}
    for value in values:
        lookup[_fold(value)] = value
        lookup[_fold(ENGLISH.term(section, value))] = value
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
    """``?q=`` → the keyword, at most MAX_KEYWORD_CHARS, without invisible characters;
    several q values are searched together. Each change is said so."""
    notices: list[Notice] = []
    cleaned = [drop_invisible(value) for value in raw]
    dropped = dict.fromkeys(char for _, chars in cleaned for char in chars)
    if dropped:
        notices.append(
            Notice(
                "URLのキーワードにある見えない文字（{value}）を除いて探しています。",
                shown_value("".join(dropped)),
            )
        )
    words = [text.strip() for text, _ in cleaned if text.strip()]
    keyword = " ".join(words)
    if len(keyword) > MAX_KEYWORD_CHARS:
        notices.append(_cut_notice(KEYWORD_PARAM, MAX_KEYWORD_CHARS, len(keyword)))
        keyword = keyword[:MAX_KEYWORD_CHARS].strip()
    if len(words) > 1:
        notices.append(
            Notice(
                "URLにキーワードが複数あります。「{value}」のすべてを含むものを表示しています。",
                shown_value(keyword),
            )
        )
    return keyword, notices


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
    """``?lang=`` → ja, easy (やさしい日本語) or en (also en-US, English, 日本語 …); anything
    else Japanese, said so."""
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


def encode_lang(locale: Locale) -> list[str]:
    """The canonical ``?lang=`` values of a reading: none for Japanese (the default), ["en"]
    for English, ["easy"] for やさしい日本語."""
    return [] if locale.tag == i18n.DEFAULT_LANG else [locale.tag]


def parse_scale(raw: Sequence[str]) -> tuple[str, list[Notice]]:
    """``?scale=`` → 線形 or 対数 (also Linear/Log in any case); anything else 線形, said so."""
    if not raw:
        return DEFAULT_SCALE, []
    lookup = {_fold(s): s for s in SCALES} | {_fold(ENGLISH._(s)): s for s in SCALES}
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


def parse_view(raw: Sequence[str]) -> tuple[str, list[Notice]]:
    """``?view=cards`` → the 施策一覧's cards ("table" when absent; also Cards, カード, 表 in any
    case or width); anything else the table, said so."""
    if not raw:
        return VIEW_TABLE, []
    lookup = {_fold(key): key for key in VIEWS} | {
        _fold(spelling): key
        for key, label in VIEWS.items()
        for spelling in (label, ENGLISH._(label))
    }
    view = lookup.get(_fold(raw[-1]))
    if view is None:
        return VIEW_TABLE, [
            Notice("URLの表示「{value}」はありません。表で表示しています。", shown_value(raw[-1]))
        ]
    return view, []


def encode_view(view: str) -> list[str]:
    """The canonical ``?view=`` values: none for the table (the default), ["cards"]."""
    return [] if view == VIEW_TABLE else [view]


PRESENT_YES = ("1", "true", "yes", "on")
PRESENT_NO = ("0", "false", "no", "off", "")


def parse_present(raw: Sequence[str]) -> tuple[bool, list[Notice]]:
    """``?present=1`` (also true, yes, on) → the slide deck; 0, false, no, off or none → the
    dashboard; anything else the dashboard, said so."""
    if not raw:
        return False, []
    folded = _fold(raw[-1])
    if folded in PRESENT_YES or folded in PRESENT_NO:
        return folded in PRESENT_YES, []
    return False, [
        Notice(
            "URLのプレゼンテーション「{value}」は読めません。ダッシュボードを表示しています。",
            shown_value(raw[-1]),
        )
    ]


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


def format_years(years: tuple[int, int] | None, locale: Locale) -> str:
    """A 年度 range as a notice says it: 「2021〜2022年度」 / "FY2021–FY2022"."""
    if years is None:
        return locale._("すべての年度")
    first, last = years
    if first == last:
        return locale.fiscal_year(first)
    if locale.english:
        return locale.span(locale.fiscal_year(first), locale.fiscal_year(last))
    return f"{locale.span(first, last)}年度"


def notice_text(notice: Notice, locale: Locale) -> str:
    """A notice said by `locale` (plain text: the caller escapes it, never Markdown)."""
    if notice.years is not None:
        shown = format_years(notice.years, locale)
    elif notice.chosen is not None:
        shown = notice.chosen
    else:
        shown = "" if notice.number is None else str(notice.number)
    if notice.bounds is None:
        span = ""
    elif notice.bounds_are_years:
        span = format_years(notice.bounds, locale)
    else:
        span = locale.span(*notice.bounds)
    return locale._(notice.msgid).format(
        value=notice.value, shown=shown, range=span, count=notice.count, name=notice.name
    )
