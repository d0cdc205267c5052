"""Streamlit building blocks shared by app.py and the pages: data loading, filters, cards, charts.

Everything here draws; what to draw comes from dxdash.story.figures / charts / filters. Widget keys
for the shared sidebar are the URL keys (field, fy, model, q); dxdash.story.url_state reads and writes
the URL itself (bind="query-params" would write the translated labels, streamlit#14224).
"""

from __future__ import annotations

import hashlib
import html
import ipaddress
import secrets
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from dxdash.charts import builders as charts
from dxdash.charts import images as chart_images
from dxdash.charts import theme
from dxdash.charts.builders import SELECT_INITIATIVE, SELECT_MODEL, SELECT_YEAR
from dxdash.data import snapshots
from dxdash.data.dataset import (
    Dataset,
    data_version,
    load_dataset,
    load_newest_valid,
    resolve_data_dir,
)
from dxdash.data.schema import FIELDS, GUNMA_MODEL_TYPES
from dxdash.data.validation import DataError
from dxdash.locale import catalog as i18n
from dxdash.locale import content as localize
from dxdash.locale import get_locale
from dxdash.locale.japanese import parse_fiscal_year_ja
from dxdash.render import downloads, opendata
from dxdash.render.markup import escape_markdown, shorten
from dxdash.render.pdf import handout
from dxdash.render.slides import present
from dxdash.render.streamlit.story import current_story
from dxdash.story import figures, tables, url_state
from dxdash.story.filters import Filters, describe_filters, filter_initiatives, filter_metrics
from dxdash.story.model import Kpi

FIELD_KEY = "field"
YEARS_KEY = "fy"
MODEL_KEY = "model"
KEYWORD_KEY = "q"
FILTER_KEYS = (FIELD_KEY, YEARS_KEY, MODEL_KEY, KEYWORD_KEY)

# The last dataset that validated, per directory: a broken update never takes the app down.
_LAST_GOOD: dict[str, Dataset] = {}


@st.cache_resource(show_spinner=False, max_entries=4)
def _load_cached(directory: str, version: str) -> Dataset:
    """Load one data version once per process; all sessions share it read-only."""
    del version  # part of the cache key only
    return load_dataset(Path(directory))


def active_snapshot() -> snapshots.Snapshot | None:
    """The snapshot named in the URL (?snapshot=…), or None; a bad id is reported on the page."""
    snapshot_id = st.query_params.get(snapshots.SNAPSHOT_PARAM)
    if not snapshot_id:
        return None
    try:
        return snapshots.load_snapshot(resolve_data_dir(), snapshot_id)
    except DataError:
        return None  # snapshot_banner says so, once


def _snapshot_dataset(snapshot: snapshots.Snapshot) -> Dataset | None:
    """The data a snapshot pinned, or None when it is gone (its version pruned) or unreadable:
    the page then shows the current data and snapshot_banner says why."""
    try:
        directory = snapshots.snapshot_data_dir(resolve_data_dir(), snapshot)
        return _load_cached(str(directory), snapshot.snapshot_id)
    except DataError:
        return None


LANG_KEY = "lang"
LANG_SWITCH_KEY = "sidebar_language"
# Localised datasets per (data directory, version, language): made once, shared read-only.
_LOCALIZED: dict[tuple[str, str, str], Dataset] = {}
MAX_LOCALIZED = 8  # (version × language) pairs kept per process; a data update adds one


LANG_STATE_KEY = "_lang"  # the page's language, kept when navigation drops ?lang= from the URL
NOTICES_KEY = "_url_notices"  # URL values the app could not use, per group, until acted on
HTML_LANG_JS = """
export default function (component) {
  const lang = component.data && component.data.lang;
  if (lang === "ja" || lang === "en") {
    document.documentElement.lang = lang;
    document.documentElement.dataset.dxLang = lang;  // tests wait for this: the script has run
  }
}
"""
_html_lang_component: Any = None


def lang() -> str:
    """The page's language (?lang=en, kept across pages), Japanese by default."""
    language = st.session_state.get(LANG_STATE_KEY)
    if language in i18n.LANGS:
        return language
    return url_state.parse_lang(st.query_params.get_all(LANG_KEY))[0]


def _(text: str) -> str:
    """Translate one UI text into the page's language (the msgid is the Japanese text)."""
    return i18n.gettext(text, lang())


def set_url_param(key: str, values: list[str]) -> None:
    """Write one URL parameter's canonical values (only when they differ: each write is sent)."""
    if st.query_params.get_all(key) == values:
        return
    if values:
        st.query_params[key] = values
    else:
        st.query_params.pop(key, None)


def set_notices(group: str, notices: list[url_state.Notice]) -> None:
    """Remember (or, with [], forget) the URL values of one group the app could not use."""
    stored = dict(st.session_state.get(NOTICES_KEY) or {})
    if notices:
        stored[group] = list(notices)
    else:
        stored.pop(group, None)
    st.session_state[NOTICES_KEY] = stored


def show_url_notices(
    groups: Sequence[str] = ("lang", "filters"), extra: Sequence[url_state.Notice] = ()
) -> None:
    """Name every URL value the app could not use, and what it shows instead (as plain text)."""
    stored = st.session_state.get(NOTICES_KEY) or {}
    notices = [n for group in groups for n in stored.get(group, [])]
    language = lang()
    for notice in [*notices, *extra]:
        text = url_state.notice_text(notice, language)
        if notice.msgid.startswith("URLの言語") and language == i18n.DEFAULT_LANG:
            text += " / " + url_state.notice_text(notice, "en")  # asked for another language
        # HTML-escaped text, not Markdown: URL text is hostile, and Markdown would still turn
        # http://… into a link even with every punctuation mark escaped.
        st.html(f'<div class="dx-notice" role="status">{html.escape(text)}</div>')


def _sync_language() -> None:
    """Switch callback: the chosen language is the session's, and ?lang= in the URL (absent
    for Japanese, the default); filters stay as they are."""
    chosen = (
        st.session_state.get(LANG_SWITCH_KEY)
        or st.session_state.get(LANG_STATE_KEY)
        or i18n.DEFAULT_LANG
    )
    st.session_state[LANG_STATE_KEY] = chosen
    set_url_param(LANG_KEY, url_state.encode_lang(chosen))
    set_notices("lang", [])


def language_switch() -> None:
    """日本語 / English. The URL holds the language as ?lang=en (not the button's label), so
    the switch syncs the URL itself instead of binding; drawn first so every label follows.
    A page change (which drops the query) keeps the session's language."""
    raw = st.query_params.get_all(LANG_KEY)
    seen = st.session_state.get(LANG_STATE_KEY)
    if seen not in i18n.LANGS or (raw and raw != url_state.encode_lang(seen)):
        language, notices = url_state.parse_lang(raw)  # a link's ?lang= wins over the old state
        set_notices("lang", notices)
    else:
        language = seen
    st.session_state[LANG_STATE_KEY] = language
    set_url_param(LANG_KEY, url_state.encode_lang(language))
    if st.session_state.get(LANG_SWITCH_KEY) != language:
        st.session_state[LANG_SWITCH_KEY] = language
    with st.sidebar:
        st.segmented_control(
            "言語 / Language",
            options=list(i18n.LANGS),
            format_func={"ja": "日本語", "en": "English"}.get,
            key=LANG_SWITCH_KEY,
            on_change=_sync_language,
        )


def declare_page_language() -> None:
    """Set <html lang> to the page's language (Streamlit always writes lang="en"): a
    components-v2 script, which runs in the page itself (no iframe), in a hidden container."""
    global _html_lang_component
    if _html_lang_component is None:
        _html_lang_component = st.components.v2.component("dxdash_html_lang", js=HTML_LANG_JS)
    with st.container(key="dx_html_lang"):
        _html_lang_component(data={"lang": lang()}, key="dx_html_lang_script")


def shown_dataset(*, announce: bool = False) -> Dataset:
    """The data on screen, as stored (Japanese): a snapshot's pinned data, else the current."""
    snapshot = active_snapshot()
    pinned = _snapshot_dataset(snapshot) if snapshot is not None else None
    return pinned if pinned is not None else get_current_dataset(announce=announce)


def get_dataset(*, announce: bool = False) -> Dataset:
    """Return the dataset to show, in the page's language: a snapshot's pinned data, or the
    current data. On bad data keep the last good data; `announce` (app.py's call, once per
    run) shows the problems on the page."""
    dataset = shown_dataset(announce=announce)
    language = lang()
    key = (str(dataset.data_dir), dataset.version, language)
    if key not in _LOCALIZED:
        while len(_LOCALIZED) >= MAX_LOCALIZED:  # keep recent versions only (oldest first out)
            _LOCALIZED.pop(next(iter(_LOCALIZED)))
        _LOCALIZED[key] = localize.localized(dataset, language)
    return _LOCALIZED[key]


def get_current_dataset(*, announce: bool = False) -> Dataset:
    """Return the current dataset; on bad data show the problems and keep the last good data.

    After a restart with a broken current version (nothing good in this process yet), serve
    the newest valid version on disk with one warning, so /admin stays reachable to roll back.
    `announce` shows the problems (app.py's call; pages and the snapshot banner ask again).
    With no good data at all the problems are always shown and the run stops.
    """
    directory = resolve_data_dir()
    key = str(directory.resolve())
    version = data_version(directory)
    try:
        dataset = _load_cached(key, version)
    except DataError as exc:
        last_good = _LAST_GOOD.get(key)
        if last_good is not None:
            if announce:
                show_data_problems(exc.problems, serving_last_good=True)
            return last_good
        fallback = _newest_valid(key, version)
        if fallback is None:
            show_data_problems(exc.problems, serving_last_good=False)
            st.stop()
        dataset, version_id = fallback
        if announce:
            shown = _("基本データ") if version_id == "base" else version_id
            st.warning(
                _(
                    "現在のデータ版を読み込めないため、前回の正しいデータ版（{version}）を"
                    "表示しています。管理者はデータ管理ページで正しい版に戻してください。"
                ).format(version=escape_markdown(shown)),
                icon=":material/warning:",
            )
        return dataset
    _LAST_GOOD[key] = dataset
    return dataset


# The newest valid version per (data directory, broken version): searched once, not per run.
_FALLBACK: dict[tuple[str, str], tuple[Dataset, str] | None] = {}


def _newest_valid(directory: str, broken_version: str) -> tuple[Dataset, str] | None:
    """load_newest_valid once per broken data version (it reads every version on disk)."""
    key = (directory, broken_version)
    if key not in _FALLBACK:
        if len(_FALLBACK) >= MAX_LOCALIZED:
            _FALLBACK.clear()
        _FALLBACK[key] = load_newest_valid(Path(directory))
    return _FALLBACK[key]


def show_data_problems(problems: Sequence[str], *, serving_last_good: bool) -> None:
    """Show data problems in Japanese on the page — never a bare traceback."""
    lead = (
        "データの更新に問題があるため、前回の正しいデータを表示しています。"
        if serving_last_good
        else "データを読み込めませんでした。管理者に連絡してください。"
    )
    lines = "\n".join(f"- {escape_markdown(p)}" for p in problems[:30])
    more = f"\n- ほか {len(problems) - 30}件" if len(problems) > 30 else ""
    st.error(f"{lead}\n\n{lines}{more}", icon=":material/warning:")


def fiscal_year_bounds(dataset: Dataset) -> tuple[int, int]:
    """The 年度 range the data covers (starts, events and survey alike)."""
    return _fiscal_year_bounds(dataset, dataset.version)


@st.cache_data(max_entries=64, show_spinner=False)
def _fiscal_year_bounds(_dataset: Dataset, version: str) -> tuple[int, int]:
    """fiscal_year_bounds once per data version (every rerun asks twice: sidebar and page)."""
    del version
    years = pd.concat(
        [
            _dataset.initiatives["fiscal_year"].dropna(),
            _dataset.events["fiscal_year"].dropna(),
            _dataset.survey["fiscal_year"],
        ]
    ).astype(int)
    return int(years.min()), int(years.max())


def _reset_filters(bounds: tuple[int, int]) -> None:
    """Put every shared filter back to its default (which also clears it from the URL)."""
    st.session_state[FIELD_KEY] = []
    st.session_state[YEARS_KEY] = bounds
    st.session_state[MODEL_KEY] = []
    st.session_state[KEYWORD_KEY] = ""


SNAPSHOT_SEEDED_KEY = "_snapshot_seeded"


def _seed_filters_from_snapshot(bounds: tuple[int, int]) -> bool:
    """Opening ?snapshot=… alone restores the filters it pinned (once per session and snapshot);
    True when it did. Pinned values go through the same codec as a link's."""
    snapshot = active_snapshot()
    if snapshot is None or st.session_state.get(SNAPSHOT_SEEDED_KEY) == snapshot.snapshot_id:
        return False
    st.session_state[SNAPSHOT_SEEDED_KEY] = snapshot.snapshot_id
    if any(key in st.query_params for key in FILTER_KEYS):
        return False  # the link carries filters of its own: the URL wins
    pinned = {key: [str(v) for v in snapshot.params.get(key, [])] for key in FILTER_KEYS}
    filters, notices = url_state.parse_filters(pinned, bounds)
    _apply_filters(filters, bounds)
    set_notices("filters", notices)
    return True


FILTERS_SEEN_KEY = "_url_filters"  # the canonical filter parameters last read or written


def _apply_filters(filters: Filters, bounds: tuple[int, int]) -> None:
    """Put `filters` into the sidebar widgets' state (before the widgets are drawn)."""
    st.session_state[FIELD_KEY] = list(filters.fields)
    st.session_state[YEARS_KEY] = filters.fiscal_years or bounds
    st.session_state[MODEL_KEY] = list(filters.models)
    st.session_state[KEYWORD_KEY] = filters.keyword


def _url_filter_params() -> dict[str, list[str]]:
    """The filter parameters the URL holds now."""
    return {key: st.query_params.get_all(key) for key in FILTER_KEYS if key in st.query_params}


def _read_filters_from_url(bounds: tuple[int, int]) -> bool:
    """Before the widgets: a URL the app did not write (a shared link, a switch to a page with
    its own query) sets the filters, through the codec; True when it did. A page change drops
    the query: then the session's filters stay, and are written back."""
    url = _url_filter_params()
    seen = st.session_state.get(FILTERS_SEEN_KEY)
    if seen is not None and (url == seen or not url):
        return False
    filters, notices = url_state.parse_filters(url, bounds)
    _apply_filters(filters, bounds)
    set_notices("filters", notices)
    return True


def _keep_in_bounds(bounds: tuple[int, int]) -> None:
    """Keep the 年度 state inside the shown data's range (another version may span less)."""
    years = st.session_state.get(YEARS_KEY)
    try:
        first, last = (int(y) for y in years)
    except (TypeError, ValueError):
        st.session_state[YEARS_KEY] = bounds
        return
    first, last = max(first, bounds[0]), min(last, bounds[1])
    st.session_state[YEARS_KEY] = (first, last) if first <= last else bounds


def _write_filters_to_url(filters: Filters, *, from_url: bool) -> None:
    """After the widgets: the URL holds the filters' canonical values (Japanese words, plain
    years), whatever the page's language. A change by the user retires the old URL notices."""
    canonical = url_state.encode_filters(filters)
    seen = st.session_state.get(FILTERS_SEEN_KEY)
    if not from_url and seen is not None and canonical != seen:
        set_notices("filters", [])
        set_notices("lang", [])
    for key in FILTER_KEYS:
        set_url_param(key, canonical.get(key, []))
    st.session_state[FILTERS_SEEN_KEY] = canonical


# Saving snapshots is open to every visitor: limited per client and overall (see snapshots).
SNAPSHOT_LIMITS = snapshots.RateLimiter()
SNAPSHOT_NOTICE_KEY = "_snapshot_notice"


def _client_key() -> str:
    """Who is saving, for the per-client limit: the client's address (behind the local nginx
    of deploy/, its X-Real-IP), else this session."""
    address = st.context.ip_address
    address = address if isinstance(address, str) else ""  # None (or a mock under AppTest)
    try:
        proxied = ipaddress.ip_address(address).is_loopback
    except ValueError:
        proxied = False
    if proxied:
        forwarded = st.context.headers.get("X-Real-IP")
        address = forwarded if isinstance(forwarded, str) and forwarded else address
    if address:
        return "ip:" + address
    return "session:" + str(st.session_state.setdefault("_client_session", secrets.token_hex(8)))


def _save_snapshot() -> None:
    """Button callback: pin the data version and the filters; the URL becomes the shareable link.

    Never fails the page: too many saves, a read-only data folder or a busy lock become a
    notice at the top of the page (snapshot_banner)."""
    directory = resolve_data_dir()
    params = {key: st.query_params.get_all(key) for key in FILTER_KEYS if key in st.query_params}
    if snapshots.created_since(
        directory, SNAPSHOT_LIMITS.overall_window
    ) >= SNAPSHOT_LIMITS.overall or not SNAPSHOT_LIMITS.allow(_client_key()):
        st.session_state[SNAPSHOT_NOTICE_KEY] = "rate"
        return
    try:
        snapshot = snapshots.create_snapshot(directory, params, keys=FILTER_KEYS)
    except OSError:
        st.session_state[SNAPSHOT_NOTICE_KEY] = "read_only"
        return
    except DataError:  # the lock stayed busy, or the current version cannot be named
        st.session_state[SNAPSHOT_NOTICE_KEY] = "failed"
        return
    st.query_params[snapshots.SNAPSHOT_PARAM] = snapshot.snapshot_id
    st.session_state[SNAPSHOT_SEEDED_KEY] = snapshot.snapshot_id
    st.session_state["_snapshot_saved"] = snapshot.snapshot_id


def _leave_snapshot() -> None:
    """Button callback: back to the latest data, filters kept."""
    st.query_params.pop(snapshots.SNAPSHOT_PARAM, None)


def snapshot_banner(shown: Dataset) -> None:
    """Say which snapshot is on screen, and list every figure changed since (old → new); or
    why a snapshot could not be saved or shown (the current data is shown instead)."""
    notice = st.session_state.pop(SNAPSHOT_NOTICE_KEY, None)
    notices = {
        "rate": _(
            "スナップショットの保存が多すぎます（1人10分に10件、全体で1時間に100件まで）。"
            "しばらくしてからもう一度保存してください。"
        ),
        "read_only": _(
            "このサーバーではスナップショットを保存できません（データフォルダが読み取り専用です）。"
            "管理者に連絡してください。"
        ),
        "failed": _(
            "スナップショットを保存できませんでした。しばらくしてからもう一度保存してください。"
        ),
    }
    if notice in notices:
        st.warning(notices[notice], icon=":material/warning:")
    snapshot_id = st.query_params.get(snapshots.SNAPSHOT_PARAM)
    if not snapshot_id:
        return
    snapshot = active_snapshot()
    if snapshot is not None and _snapshot_dataset(snapshot) is None:
        st.warning(
            _(
                "スナップショット「{id}」が固定したデータ版はもう保存されていないため、表示できません。"
                "最新のデータを表示しています。"
            ).format(id=escape_markdown(snapshot.snapshot_id)),
            icon=":material/info:",
        )
        return
    if snapshot is None:
        st.warning(
            _("スナップショット「{id}」は見つかりません。最新のデータを表示しています。").format(
                id=escape_markdown(shorten(snapshot_id))
            ),
            icon=":material/info:",
        )
        return
    created = snapshot.created_at.replace("T", " ")[:16]
    saved = st.session_state.pop("_snapshot_saved", None) == snapshot.snapshot_id
    lead = (
        _("スナップショットを保存しました。このURLを共有すると、同じ数値と絞り込みを表示できます。")
        if saved
        else ""
    )
    st.info(
        lead
        + _(
            "会議用スナップショット **{id}**（{created} UTC 保存、データ版 {version}）の数値を表示しています。"
        ).format(
            id=escape_markdown(snapshot.snapshot_id),
            created=escape_markdown(created),
            version=escape_markdown(snapshot.version_id),
        ),
        icon=":material/push_pin:",
    )
    current = get_current_dataset()
    changes = tables.figure_changes(shown.metrics, current.metrics, current.initiatives)
    label = _("このスナップショット以降に変わった数値（{n}件）").format(n=len(changes))
    with st.expander(label, expanded=False):
        if changes.empty:
            st.write(_("変わった数値はありません。"))
        else:
            st.dataframe(tables.in_language(changes, lang()), hide_index=True, width="stretch")
    st.button(_("最新のデータで表示する"), key="snapshot_leave", on_click=_leave_snapshot)


def sidebar_filters(dataset: Dataset) -> Filters:
    """Draw the shared sidebar filters, bound to the URL, and return what they select."""
    bounds = fiscal_year_bounds(dataset)
    from_url = _read_filters_from_url(bounds)
    from_url = _seed_filters_from_snapshot(bounds) or from_url
    for key in (FIELD_KEY, MODEL_KEY):
        st.session_state.setdefault(key, [])
    st.session_state.setdefault(KEYWORD_KEY, "")
    _keep_in_bounds(bounds)
    with st.sidebar:
        language = lang()
        st.markdown("### " + _("絞り込み"))
        st.multiselect(
            _("分野"),
            options=list(FIELDS),
            format_func=lambda f: i18n.term("fields", f, language),
            key=FIELD_KEY,
            placeholder=_("すべての分野"),
        )
        st.slider(
            _("年度（開始・出来事）"),
            min_value=bounds[0],
            max_value=bounds[1],
            step=1,
            format="FY%d" if language == "en" else "%d年度",
            key=YEARS_KEY,
        )
        st.pills(
            _("群馬モデル"),
            options=list(GUNMA_MODEL_TYPES),
            format_func=lambda t: i18n.term("gunma_model_types", t, language),
            selection_mode="multi",
            key=MODEL_KEY,
        )
        st.text_input(
            _("キーワード"),
            key=KEYWORD_KEY,
            placeholder=_("例：LINE、ワクチン、埴輪"),
            help=_("施策名・概要・利用者のコメントから探します（スペース区切りですべてを含む）"),
        )
        filters = current_filters(dataset)
        _write_filters_to_url(filters, from_url=from_url)
        summary = describe_filters(filters, language)
        if summary:
            st.markdown(
                "**" + _("表示中：") + "** " + " ／ ".join(escape_markdown(s) for s in summary)
            )
        st.button(
            _("プレゼンテーション"),
            key="sidebar_present",
            on_click=start_presentation,
            icon=":material/slideshow:",
            help=_("この絞り込みのまま、投影用のスライドで表示します（?present=1）"),
            width="stretch",
        )
        handout_notice = _(
            "配布資料を作成できませんでした。絞り込みを変えてもう一度試すか、管理者に連絡してください。"
        )
        st.download_button(
            _("配布資料（PDF）"),
            data=lambda: handout.build_handout_or_notice(
                current_story(dataset, filters),  # the story the page draws, in its language
                base_url=st.context.url or "http://localhost:8501/",
                notice=handout_notice,  # the PDF says so when a handout cannot be made
            ),
            file_name=downloads.download_file_name(
                handout.handout_file_stem(filters, get_locale(language)), "pdf"
            ),
            mime="application/pdf",
            key="sidebar_handout",
            icon=":material/picture_as_pdf:",
            help=_("今の絞り込みのA4横の配布資料（表紙・QRコード・各数値の時点と出典つき）"),
            on_click="ignore",
            width="stretch",
        )
        st.button(
            _("会議用スナップショットを保存"),
            key="sidebar_snapshot",
            on_click=_save_snapshot,
            icon=":material/push_pin:",
            help=_(
                "今のデータ版と絞り込みを固定したリンク（?snapshot=…）を作ります。データ更新後も同じ数値を表示できます"
            ),
            width="stretch",
        )
        st.button(
            _("すべて解除"),
            key="sidebar_reset",
            on_click=_reset_filters,
            args=(bounds,),
            disabled=not filters.is_active,
            width="stretch",
        )
    return filters


SCALE_KEY = "scale"  # the metrics page's 目盛り widget, and its URL parameter
SCALE_STATE_KEY = "_scale"  # kept while other pages are shown (their runs drop the widget)


def _sync_scale() -> None:
    """Scale switch callback: remember the choice and write its canonical value (?scale=対数)."""
    chosen = st.session_state.get(SCALE_KEY) or st.session_state.get(SCALE_STATE_KEY)
    st.session_state[SCALE_STATE_KEY] = chosen or url_state.DEFAULT_SCALE
    set_url_param(SCALE_KEY, _encode_scale(st.session_state[SCALE_STATE_KEY]))
    set_notices("scale", [])


def _encode_scale(scale: str) -> list[str]:
    """?scale= holds 対数 (Japanese, in either language); linear, the default, is absent."""
    return [] if scale == url_state.DEFAULT_SCALE else [scale]


def scale_control() -> str:
    """The metrics page's 線形/対数 switch, read from and written to ?scale= by the codec (so a
    link made in English, ?scale=Log, works in Japanese too); returns 線形 or 対数."""
    raw = st.query_params.get_all(SCALE_KEY)
    seen = st.session_state.get(SCALE_STATE_KEY)
    if seen not in url_state.SCALES or (raw and raw != _encode_scale(seen)):
        scale, notices = url_state.parse_scale(raw)
        set_notices("scale", notices)
    else:
        scale = seen
    st.session_state[SCALE_STATE_KEY] = scale
    st.session_state[SCALE_KEY] = scale
    set_url_param(SCALE_KEY, _encode_scale(scale))
    show_url_notices(groups=("scale",))
    st.segmented_control(
        _("目盛り（桁が1000倍以上違うグラフに適用）"),
        options=list(url_state.SCALES),
        format_func=_,
        key=SCALE_KEY,
        on_change=_sync_scale,
    )
    return scale


def start_presentation() -> None:
    """Button callback: open the slide deck at slide 1 with the current filters."""
    st.query_params[present.PRESENT_PARAM] = "1"
    st.query_params[present.SLIDE_PARAM] = "1"


def current_filters(dataset: Dataset) -> Filters:
    """Read the shared filters from the session (the widgets keep them in sync with the URL)."""
    bounds = fiscal_year_bounds(dataset)
    years = st.session_state.get(YEARS_KEY, bounds)
    years = (int(years[0]), int(years[1])) if years else bounds
    return Filters(
        fields=tuple(st.session_state.get(FIELD_KEY) or ()),
        fiscal_years=None if years == bounds else years,
        models=tuple(st.session_state.get(MODEL_KEY) or ()),
        keyword=str(st.session_state.get(KEYWORD_KEY) or ""),
    )


def inject_css() -> None:
    """Page-wide styles: cards, large numbers, readable captions."""
    st.html(
        f"""
<style>
:root {{ --dx-text: {theme.TEXT_COLOR}; --dx-muted: {theme.MUTED_TEXT_COLOR};
         --dx-accent: {theme.ACCENT_COLOR}; }}
.dx-cards {{ display: grid; gap: 0.6rem; margin: 0.2rem 0 0.6rem 0; }}
.dx-card {{ border: 1px solid #D5DAE0; border-radius: 0.6rem; padding: 0.55rem 0.8rem;
            background: #FFFFFF; color: var(--dx-text); min-width: 0; }}
.dx-card.hero {{ border-left: 0.45rem solid var(--dx-accent); }}
.dx-card .dx-label {{ font-size: 0.95rem; color: var(--dx-muted); line-height: 1.3; }}
.dx-card .dx-value {{ font-size: 2.1rem; font-weight: 700; line-height: 1.2;
                      color: var(--dx-text); white-space: nowrap; }}
.dx-card.hero .dx-value {{ font-size: 2.6rem; color: var(--dx-accent); }}
.dx-card .dx-value.dx-small {{ font-size: 1.25rem; white-space: normal; line-height: 1.45; }}
.dx-card .dx-note {{ font-size: 0.85rem; color: var(--dx-muted); line-height: 1.3; }}
.dx-section-title {{ font-size: 1.75rem; font-weight: 600; line-height: 1.2; margin: 0;
                      padding: 0.75rem 0 1rem 0; letter-spacing: -0.005em; }}  /* = st.subheader */
.dx-takeaway {{ font-size: 1.1rem; font-weight: 600; color: var(--dx-text); margin: 0 0 0.3rem 0; }}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {{
  color: var(--dx-muted); opacity: 1; }}  /* Streamlit's faded caption is < 4.5:1; this is 7.6:1 */
[data-testid="stHeader"] {{ height: 2.75rem; min-height: 2.75rem; }}
[data-testid="stMainBlockContainer"] {{ padding-top: 3rem; }}
.dx-comment {{ border-left: 0.3rem solid #C9D3DF; padding: 0.2rem 0 0.2rem 0.8rem;
                margin: 0 0 0.5rem 0; color: var(--dx-text); font-size: 1rem; }}
.dx-source {{ font-size: 0.85rem; color: var(--dx-muted); }}
.dx-card-meta {{ font-size: 0.95rem; color: var(--dx-text); margin-bottom: 0.4rem; }}
.dx-badge {{ background: #EEF0F2; color: #31333F; border-radius: 0.5rem; padding: 0.1rem 0.45rem;
             font-size: 0.875rem; }}
.dx-card-name {{ font-weight: 700; font-size: 1rem; color: var(--dx-text); margin-bottom: 0.3rem; }}
.dx-card-figure {{ font-size: 1.5rem; font-weight: 700; line-height: 1.3; color: var(--dx-text);
                   margin-bottom: 0.3rem; }}
.dx-card-note {{ font-size: 0.875rem; color: var(--dx-muted); }}
.st-key-dx_html_lang {{ display: none; }}  /* the page-language script: nothing to see */
/* … and its wrapper too, or the column's gap (1rem) would push every page and slide down */
[data-testid="stLayoutWrapper"]:has(> .st-key-dx_html_lang) {{ display: none; }}
/* a chart section a filter leaves out keeps its place (ui.chart_slot) but takes no space */
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-dx_slot_"]:empty) {{ display: none; }}
.dx-notice {{ background: #FFF6D6; border-left: 0.35rem solid #B7791F; border-radius: 0.4rem;
              padding: 0.55rem 0.9rem; color: var(--dx-text); font-size: 1rem; line-height: 1.5; }}
</style>
"""
    )


def kpi_cards(cards: Sequence[Kpi], *, hero: bool = False, columns: int | None = None) -> None:
    """Draw number cards; every text is escaped (data is never rendered as HTML)."""
    if not cards:
        return
    count = columns or len(cards)
    items = []
    for card in cards:
        small = " dx-small" if len(card.display) > 12 else ""
        items.append(
            f'<div class="dx-card{" hero" if hero else ""}" role="group" '
            f'aria-label="{html.escape(card.label)}">'
            f'<div class="dx-label">{html.escape(card.label)}</div>'
            f'<div class="dx-value{small}">{html.escape(card.display)}</div>'
            f'<div class="dx-note">{html.escape(card.as_of)}</div>'
            + (
                f'<div class="dx-note dx-change">{html.escape(card.change)}</div>'
                if card.change
                else ""
            )
            + "</div>"
        )
    st.html(
        f'<div class="dx-cards" style="grid-template-columns: repeat({count}, minmax(0, 1fr));">'
        + "".join(items)
        + "</div>"
    )


def section_heading(title: str, message: str) -> None:
    """A chart's title (h3) and takeaway as one element: fewer for the browser to redraw.

    Plain HTML, escaped: no Markdown pass and no heading anchor icons (st.subheader has both).
    """
    st.html(
        f'<h3 class="dx-section-title">{html.escape(title)}</h3>'
        f'<p class="dx-takeaway">{html.escape(message)}</p>'
    )


def source_caption(dataset: Dataset, extra: str = "") -> None:
    """Source (and as-of) note printed under every chart and table."""
    note = dataset.source_note + (f"／{extra}" if extra else "")
    st.html(f'<p class="dx-source">{html.escape(note)}</p>')


def empty_result() -> None:
    """A friendly message instead of an empty chart."""
    st.info(
        _(
            "条件に合うデータはありません。サイドバーの絞り込みを緩めるか「すべて解除」を押してください。"
        ),
        icon=":material/search:",
    )


def chart_section(
    *,
    dataset: Dataset,
    title: str,
    message: str,
    chart: Any,
    table: pd.DataFrame,
    download: opendata.DownloadBuilder,
    key: str,
    alt_text: str,
    note: str = "",
    on_select: Callable[[], None] | None = None,
) -> None:
    """A chart with its title, takeaway, source note and a 表で見る table alternative.

    `download` builds the machine-readable table the CSV/Excel buttons give (dxdash.render.opendata).
    The section is one keyed container (its slot: see chart_slot).
    """
    with st.container(key=SLOT_PREFIX + key):
        section_heading(title, message)
        draw_chart(chart, key=key, alt_text=alt_text, on_select=on_select)
        source_caption(dataset, note)
        table_alternative(table, chart, download, stem=title, key=key)


SLOT_PREFIX = "dx_slot_"  # chart sections' containers; an empty one is hidden (inject_css)


def chart_slot(key: str) -> None:
    """The empty place of a chart section a filter leaves out (`key` as chart_section's).

    Keeps every later section at the same position in the page, so a chart that stays on
    screen is updated in place: when a section was inserted before it, Streamlit's frontend
    could draw the new section over the chart's old position before the chart itself arrived,
    and the chart was then embedded anew (seen under load on /metrics when a 分野 is removed).
    """
    st.container(key=SLOT_PREFIX + key)


@st.fragment
def table_alternative(
    table: pd.DataFrame, chart: Any, download: opendata.DownloadBuilder, *, stem: str, key: str
) -> None:
    """The chart's 表で見る expander, whose table and downloads are built only while it is open.

    Lazy on purpose: a closed expander sends no table, so a first visit does not load the
    data-grid code (1.2 MB of JS) and a filter change re-sends no table. Opening it reruns
    only this fragment; it stays open across filter changes (state under `{key}_table`).
    """
    panel = st.expander(_("表で見る・ダウンロード"), key=f"{key}_table", on_change="rerun")
    if panel.open:
        with panel:
            table_block(table, download=download, stem=stem, key=key)
            chart_image_buttons(chart, stem=stem, key=key)


def selected_values(chart_key: str, param: str, column: str) -> list[Any]:
    """Return the values a click selected on a chart (read inside its on_select callback)."""
    state = st.session_state.get(chart_key)
    if state is None:
        return []
    points = state.selection.get(param, []) if hasattr(state, "selection") else []
    return [p[column] for p in points if column in p]


# At most this many history charts per page (1000× data: thousands of figures have a history).
MAX_HISTORY_CHARTS = 6


def history_sections(
    dataset: Dataset,
    figure_rows: pd.DataFrame,
    language: str,
    *,
    key: str,
    total: int | None = None,
    places: bool = True,
    label: str = "label",
) -> None:
    """A 推移 chart for each figure with ≥ 2 values, and a 市町村 breakdown when figures have them.

    ``figures`` are labelled rows of ``Dataset.latest``; each chart's title is printed here,
    outside the spec, and the spec is cached per (figure, data version, language).
    """
    if figure_rows.empty:
        return
    moving = figure_rows.loc[figure_rows["values"] >= 2]
    for record in moving.head(MAX_HISTORY_CHARTS).to_dict("records"):
        owned = owner_values(dataset, dataset.version, record["initiative_id"])
        history = figures.figure_history(owned, record, language)
        if len(history) < 2:
            continue
        ident = (record["initiative_id"], record["metric"], record["municipality_code"])
        chart_section(
            dataset=dataset,
            title=_("推移：{label}").format(label=record[label]),
            message=record["change_display"],
            chart=chart_spec(
                ("history", ident, dataset.version, language),
                lambda history=history: charts.build_history_chart(history, lang=language),
            ),
            table=tables.history_table(history),
            download=lambda history=history: opendata.figures_download(
                figures.with_labels(
                    history[list(dataset.metrics.columns)],
                    dataset.initiatives,
                    dataset.programs,
                    language,
                ),
                language,
            ),
            key=f"{key}_history_{_stable_key(ident)}",
            alt_text=_("{label}の推移の折れ線グラフ").format(label=record[label]),
        )
    total = len(moving) if total is None else total
    if total > MAX_HISTORY_CHARTS:
        st.caption(
            _("推移のグラフは最初の{shown}件です（値が2つ以上ある数値は{total}件）。").format(
                shown=MAX_HISTORY_CHARTS, total=total
            )
        )
    if not places:
        return
    placed = figure_rows.loc[figure_rows["municipality_code"].notna()]
    for metric, rows in list(placed.groupby("metric", sort=False))[:MAX_HISTORY_CHARTS]:
        rows = rows.head(figures.MAX_FIGURES)
        title = _("市町村別：{metric}").format(metric=rows["metric_name"].iloc[0])
        chart_section(
            dataset=dataset,
            title=title,
            message=_("最新の値を市町村ごとに並べています。"),
            chart=chart_spec(
                (
                    "municipalities",
                    rows["initiative_id"].iloc[0],
                    metric,
                    dataset.version,
                    language,
                ),
                lambda rows=rows: charts.build_figure_bars(
                    rows, title="", axis_title="", lang=language
                ),
            ),
            table=tables.figure_table(rows, language),
            download=lambda rows=rows: opendata.figures_download(rows, language),
            key=f"{key}_places_{_stable_key(metric)}",
            alt_text=_("{title}の横棒グラフ").format(title=title),
        )


def _stable_key(value: object) -> str:
    """A short widget-key part from any value, the same in every process (hash() is salted)."""
    return hashlib.sha1(repr(value).encode()).hexdigest()[:10]


PENDING_INITIATIVE_KEY = "_open_initiative"
INITIATIVES_PAGE = "app_pages/initiatives.py"


def open_initiative_from_chart(chart_key: str) -> None:
    """on_select callback: remember the clicked initiative, to open its detail page."""
    picked = selected_values(chart_key, SELECT_INITIATIVE, "initiative_id")
    if picked:
        st.session_state[PENDING_INITIATIVE_KEY] = picked[0]


def follow_pending_initiative() -> None:
    """Open the detail page of an initiative clicked on a chart (at the end of a page run)."""
    initiative_id = st.session_state.pop(PENDING_INITIATIVE_KEY, None)
    if initiative_id:
        st.switch_page(INITIATIVES_PAGE, query_params={"id": initiative_id})


DETAIL_PARAM = "id"


def open_initiative(initiative_id: str) -> None:
    """Show one initiative's detail on the 施策一覧 page (its own URL: /initiatives?id=…)."""
    st.query_params[DETAIL_PARAM] = initiative_id


def close_initiative() -> None:
    """Back from the detail view to the list."""
    st.query_params.pop(DETAIL_PARAM, None)


def initiative_detail(dataset: Dataset, initiative_id: str) -> None:
    """Everything the report says about one initiative: summary, figures, comments, source."""
    language = lang()
    rows = dataset.initiatives.loc[dataset.initiatives["initiative_id"] == initiative_id]
    st.button(_("← 施策一覧に戻る"), key="initiatives_back", on_click=close_initiative)
    if rows.empty:
        st.warning(
            _("施策「{id}」は見つかりません。URLを確認してください。").format(
                id=escape_markdown(shorten(initiative_id))
            )
        )
        return
    item = rows.iloc[0]
    st.title(escape_markdown(item["name"]), anchor=False)
    field = i18n.term("fields", item["field"], language)
    facts = [
        _("分野：")
        + field
        + ("" if item["field_source"] == "report" else _("（dxdashによる分類）"))
    ]
    facts.append(
        _("開始：") + tables.started_display(item["started_text"], item["fiscal_year"], language)
    )
    if isinstance(item["started_note"], str):
        facts.append(item["started_note"])
    model = i18n.term("gunma_model_types", item["gunma_model"], language)
    if isinstance(item["gunma_model"], str):
        facts.append(_("群馬モデル：") + f"{model} No.{int(item['gunma_model_no'])}")
    st.markdown(" ／ ".join(escape_markdown(f) for f in facts))
    if item["firsts"]:
        st.markdown(" ".join(f":blue-badge[{escape_markdown(f)}]" for f in item["firsts"]))

    owned = figures.with_labels(
        dataset.latest.loc[dataset.latest["initiative_id"] == initiative_id],
        dataset.initiatives,
        dataset.programs,
        language,
    )
    # One card per prefecture-wide figure; a municipality's figures are in the 市町村別 charts.
    carded = owned.loc[owned["municipality_code"].isna()]
    if not carded.empty:
        kpi_cards(
            [
                Kpi(r["metric_label"], r["display"], r["as_of_display"], change=r["change_display"])
                for r in carded.to_dict("records")
            ],
            columns=min(len(carded), 3),
        )
    history_sections(dataset, owned, language, key=f"detail_{initiative_id}", label="metric_label")
    st.subheader(_("概要"), anchor=False)
    st.markdown("\n".join(f"- {escape_markdown(line)}" for line in item["summary"].splitlines()))
    if item["comments"]:
        st.subheader(_("利用者の反応・コメント"), anchor=False)
        st.html("".join(f'<p class="dx-comment">{html.escape(c)}</p>' for c in item["comments"]))
    if isinstance(item["gunma_model"], str):
        st.subheader(
            _("群馬モデル") + f"（{model} No.{int(item['gunma_model_no'])}）", anchor=False
        )
        st.markdown(f"**{escape_markdown(item['gunma_model_name'])}**")
        st.markdown(escape_markdown(item["gunma_model_summary"]))
    events = dataset.events.loc[dataset.events["initiative_id"] == initiative_id]
    if not events.empty:
        st.subheader(_("外部評価・掲載"), anchor=False)
        table_block(
            tables.events_table(events, lang=language),
            download=lambda: opendata.events_download(events, language),
            stem=f"{item['short_name']}_{_('外部評価')}",
            key="detail_events",
        )
    if not owned.empty:
        st.subheader(_("数値の詳細"), anchor=False)
        table_block(
            tables.figure_table(owned, language),
            download=lambda: opendata.figures_download(owned, language),
            stem=f"{item['short_name']}_{_('数値')}",
            key="detail_figures",
        )
    related = dataset.initiatives.loc[dataset.initiatives["initiative_id"].isin(item["related"])]
    if not related.empty:
        st.subheader(_("関連する施策"), anchor=False)
        for other in related.to_dict("records"):
            st.button(
                escape_markdown(other["name"]),
                key=f"initiatives_related_{other['initiative_id']}",
                on_click=open_initiative,
                args=(other["initiative_id"],),
                icon=":material/arrow_forward:",
            )
    st.html(
        f'<p class="dx-source">{html.escape(dataset.source_note)}／'
        f"{html.escape(_('報告書の見出し：'))}{html.escape(item['source'])}</p>"
    )


def _open_selected_row(table: pd.DataFrame, key: str) -> None:
    """on_select callback of an initiatives table: open the chosen row's detail."""
    state = st.session_state.get(key)
    rows = state.selection.rows if state is not None else []
    if rows:
        open_initiative(table.iloc[rows[0]]["initiative_id"])


TABLE_ROW_PX = 35  # st.dataframe's row (and header) height in Streamlit 1.67
TABLE_ROWS_SHOWN = 15  # rows the 施策一覧 table shows without scrolling inside it (1280×800)


def initiatives_dataframe(table: pd.DataFrame, *, key: str) -> None:
    """A sortable table of initiatives; selecting a row opens its detail.

    Tall enough for TABLE_ROWS_SHOWN rows (fewer when fewer are shown) without scrolling
    inside the table: Streamlit's default shows about 10.
    """
    language = lang()
    rows = min(len(table), TABLE_ROWS_SHOWN)
    st.dataframe(
        tables.in_language(table, language),
        hide_index=True,
        width="stretch",
        height=(rows + 1) * TABLE_ROW_PX + 3,  # the header row and the 1 px borders
        key=key,
        on_select=lambda: _open_selected_row(table, key),
        selection_mode="single-row",
        column_config={
            "initiative_id": None,
            _("施策"): st.column_config.TextColumn(width="large"),
            _("年度"): st.column_config.NumberColumn(
                format="FY%d" if language == "en" else "%d年度"
            ),
        },
    )


VIEW_PARAM = "view"  # ?view=cards shows the 施策一覧 as cards; the table (default) has no param
VIEW_KEY = "initiatives_view"  # the 表 / カード switch
VIEW_TABLE, VIEW_CARDS = "table", "cards"


def _sync_initiatives_view() -> None:
    """表 / カード callback: the URL holds the choice (clicking the chosen one again keeps it)."""
    chosen = st.session_state.get(VIEW_KEY)
    if chosen in (VIEW_TABLE, VIEW_CARDS):
        set_url_param(VIEW_PARAM, [VIEW_CARDS] if chosen == VIEW_CARDS else [])


def initiatives_view() -> str:
    """The 施策一覧's 表 / カード switch, read from ?view=; returns "table" or "cards".

    Only the chosen view is drawn (st.tabs would draw both on every filter change).
    """
    wanted = VIEW_CARDS if st.query_params.get(VIEW_PARAM) == VIEW_CARDS else VIEW_TABLE
    if st.session_state.get(VIEW_KEY) != wanted:
        st.session_state[VIEW_KEY] = wanted
    labels = {VIEW_TABLE: _("表"), VIEW_CARDS: _("カード")}
    st.segmented_control(
        _("表示"),
        options=[VIEW_TABLE, VIEW_CARDS],
        format_func=labels.get,
        key=VIEW_KEY,
        on_change=_sync_initiatives_view,
        label_visibility="collapsed",  # still its accessible name; 15 table rows fit at 1280×800
    )
    return wanted


MAX_CARDS = 60  # more cards than this is a wall, not an overview: the table has every row


def _card_html(record: dict[str, Any], language: str) -> str:
    """One initiative card's text as escaped HTML (one element instead of four per card)."""
    field = html.escape(i18n.term("fields", record["分野"], language))
    parts = [
        f'<div class="dx-card-meta"><span class="dx-badge">{field}</span> '
        f"{html.escape(str(record['開始']))}</div>",
        f'<div class="dx-card-name">{html.escape(str(record["施策"]))}</div>',
    ]
    if record["主な数値"]:
        parts.append(f'<div class="dx-card-figure">{html.escape(str(record["主な数値"]))}</div>')
    if record["群馬モデル"]:
        model = i18n.gettext("群馬モデル：", language) + str(record["群馬モデル"])
        parts.append(f'<div class="dx-card-note">{html.escape(model)}</div>')
    return "".join(parts)


def initiative_cards(table: pd.DataFrame, per_row: int = 3) -> None:
    """Initiatives as cards: name, 分野, start, headline figure, and a button to the detail."""
    language = lang()  # once: the cards below would otherwise re-read the URL per card
    records = table.head(MAX_CARDS).to_dict("records")
    if len(table) > MAX_CARDS:
        st.caption(figures.capped_note(MAX_CARDS, len(table), language))
    for start in range(0, len(records), per_row):
        columns = st.columns(per_row)
        for column, record in zip(columns, records[start : start + per_row], strict=False):
            with column.container(border=True):
                st.html(_card_html(record, language))
                st.button(
                    i18n.gettext("詳細", language),
                    key=f"initiatives_card_{record['initiative_id']}",
                    on_click=open_initiative,
                    args=(record["initiative_id"],),
                    icon=":material/arrow_forward:",
                )


def filter_model_from_chart(chart_key: str) -> None:
    """on_select callback: clicking a model type on a chart filters to that type."""
    picked = selected_values(chart_key, SELECT_MODEL, "gunma_model")
    if picked:
        st.session_state[MODEL_KEY] = [picked[0]]


def filter_year_from_chart(chart_key: str) -> None:
    """on_select callback: clicking a 年度 on a chart narrows the 年度 filter to it."""
    picked = selected_values(chart_key, SELECT_YEAR, "fiscal_year_label")
    if picked:
        year = parse_fiscal_year_ja(picked[0])
        st.session_state[YEARS_KEY] = (year, year)


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download_row(stem: str, key: str, icon: str, files: list[tuple[str, str, str, Any]]) -> None:
    """Download buttons side by side; each file is made only when clicked (lazy, no rerun).

    files: (label, extension, MIME type, zero-argument function returning the bytes or text).
    """
    columns = st.columns([1] * len(files) + [3])
    for column, (label, extension, mime, make) in zip(columns, files, strict=False):
        column.download_button(
            label,
            data=make,
            file_name=downloads.download_file_name(stem, extension),
            mime=mime,
            key=f"{key}_{extension}",
            icon=icon,
            on_click="ignore",
            width="stretch",
        )


def download_buttons(download: opendata.DownloadBuilder, *, stem: str, key: str) -> None:
    """CSV (UTF-8 with BOM, formula-safe) and Excel of the rows shown, machine-readable.

    `download` returns the rows as dxdash.render.opendata builds them (one header row, numbers apart
    from units and qualifiers, YYYY-MM dates, codes beside place names); it runs on click only.
    """
    _download_row(
        stem,
        key,
        ":material/download:",
        [
            ("CSV", "csv", "text/csv", lambda: downloads.table_to_csv_bytes(download())),
            (
                "Excel",
                "xlsx",
                XLSX_MIME,
                lambda: downloads.table_to_xlsx_bytes(download(), stem[:31]),
            ),
        ],
    )


def table_block(
    table: pd.DataFrame, *, download: opendata.DownloadBuilder, stem: str, key: str
) -> None:
    """A table as the page shows it, with its machine-readable CSV and Excel downloads."""
    table = tables.in_language(table, lang())
    st.dataframe(table, hide_index=True, width="stretch")
    download_buttons(download, stem=stem, key=key)


def opendata_download() -> None:
    """The open-data bundle (every table, metadata, README, licence) as one ZIP, with its licence.

    Made on click from the data shown (a snapshot's pinned data, else the current version), in
    Japanese whatever the page language: the same files as ``python -m dxdash export-opendata``.
    """
    source = shown_dataset()
    st.subheader(_("オープンデータ"), anchor=False)
    st.caption(
        _(
            "すべての表を縦持ちのCSV（UTF-8 BOM付き）にし、列の説明（metadata.csv）・README・"
            "利用条件を付けたZIPです。ライセンス：公共データ利用規約 第1.0版（PDL1.0、"
            "CC BY 4.0 互換）。同じファイルはコマンド python -m dxdash export-opendata DIR "
            "でも作れます。"
        )
    )
    st.download_button(
        _("オープンデータ（ZIP）"),
        data=lambda: opendata.bundle_zip(source),
        file_name=downloads.download_file_name("opendata", "zip"),
        mime="application/zip",
        key="opendata_zip",
        icon=":material/folder_zip:",
        on_click="ignore",
    )


def chart_image_buttons(chart: Any, *, stem: str, key: str) -> None:
    """PNG and SVG of a chart, drawn with the shipped Japanese font (made only when clicked)."""
    _download_row(
        stem,
        key,
        ":material/image:",
        [
            (_("画像（PNG）"), "png", "image/png", lambda: chart_images.chart_to_png(chart)),
            (_("画像（SVG）"), "svg", "image/svg+xml", lambda: chart_images.chart_to_svg(chart)),
        ],
    )


@st.cache_data(max_entries=256, show_spinner=False)
def owner_values(_dataset: Dataset, version: str, owner: str) -> pd.DataFrame:
    """Every value of one initiative's or program's figures (one scan of the table, cached)."""
    del version
    return _dataset.metrics.loc[_dataset.metrics["initiative_id"] == owner]


@st.cache_data(max_entries=256, show_spinner=False)
def moving_figures(
    _dataset: Dataset, version: str, filters: Filters, language: str
) -> tuple[pd.DataFrame, int]:
    """The first shown figures that have two or more values, labelled, and how many there are."""
    del version
    shown = filter_initiatives(_dataset.initiatives, filters)
    metrics = filter_metrics(_dataset.latest, _dataset.initiatives, shown, filters)
    moving = metrics.loc[metrics["values"] >= 2]
    rows = moving.head(MAX_HISTORY_CHARTS)
    if rows.empty:  # the usual case: no figure has a history yet
        return rows, 0
    return figures.with_labels(rows, _dataset.initiatives, _dataset.programs, language), len(moving)


def arrow_ipc(rows: list[dict[str, Any]]) -> bytes:
    """Rows as an Arrow IPC stream: what Streamlit sends a chart's dataset as (pyarrow's API)."""
    table = pa.Table.from_pandas(pd.DataFrame(rows))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


@st.cache_data(max_entries=1024, show_spinner=False)
def chart_spec(key: tuple, _build: Callable[[], Any]) -> dict:
    """A chart's Vega-Lite spec, built once per key (data version, filters, language, options).

    Not validated against the Vega-Lite schema here (that doubled the cost of a chart built
    for a new filter): tests/test_charts.py validates every builder's output instead. Its
    inline datasets are stored as Arrow IPC bytes, the form Streamlit sends them in, so a rerun
    does not convert them again (st.vega_lite_chart passes bytes through as they are; a
    pyarrow Table instead would cost /metrics about 10 ms of CPU per rerun).
    """
    del key  # the cache key; the builder itself is not hashed
    spec = _build().to_dict(validate=False)
    if "datasets" in spec:
        spec["datasets"] = {name: arrow_ipc(rows) for name, rows in spec["datasets"].items()}
    return spec


def draw_chart(
    chart: Any, *, key: str, alt_text: str, on_select: Callable[[], None] | None = None
) -> None:
    """Draw an Altair chart or a cached spec (our own fonts and sizes: Streamlit theme off)."""
    on_select_arg = on_select if on_select else "ignore"
    if isinstance(chart, dict):
        st.vega_lite_chart(
            chart, width="stretch", theme=None, key=key, on_select=on_select_arg, alt=alt_text
        )
    else:
        st.altair_chart(
            chart, width="stretch", theme=None, key=key, on_select=on_select_arg, alt=alt_text
        )


@st.cache_data(max_entries=64, show_spinner=False)
def first_figures(_dataset: Dataset, version: str, language: str) -> dict[str, str]:
    """Each initiative's first figure (for the 施策一覧 table), once per version and language."""
    del version
    return tables.first_figures(_dataset.latest, language)
