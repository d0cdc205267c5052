"""The shared sidebar: filters read from and written to the URL, the 年度 bounds, the log-scale switch, saved views (snapshots)."""

from __future__ import annotations

import ipaddress
import secrets

import pandas as pd
import streamlit as st

from dxdash.data import snapshots
from dxdash.data.dataset import (
    Dataset,
    resolve_data_dir,
)
from dxdash.data.validation import DataError
from dxdash.data.vocabulary import FIELDS, GUNMA_MODEL_TYPES
from dxdash.opendata import export
from dxdash.render.markup import escape_markdown
from dxdash.render.pdf import handout
from dxdash.render.streamlit.language import (
    _,
    locale,
    set_notices,
    set_url_param,
    show_url_notices,
)
from dxdash.render.streamlit.loading import active_snapshot, get_current_dataset, snapshot_dataset
from dxdash.render.streamlit.story import current_story
from dxdash.story import tables, url_state
from dxdash.story.filters import Filters, describe_filters

# The filter widgets' keys are the URL's parameter names (one copy: dxdash.story.url_state).
FIELD_KEY = url_state.FIELD_PARAM
YEARS_KEY = url_state.YEARS_PARAM
MODEL_KEY = url_state.MODEL_PARAM
KEYWORD_KEY = url_state.KEYWORD_PARAM


FILTER_KEYS = (FIELD_KEY, YEARS_KEY, MODEL_KEY, KEYWORD_KEY)


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
        for group in ("filters", "lang", "url"):
            set_notices(group, [])
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
    if snapshot is not None and snapshot_dataset(snapshot) is None:
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
                id=escape_markdown(url_state.shown_value(snapshot_id))
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
            st.dataframe(tables.in_language(changes, locale()), hide_index=True, width="stretch")
    st.button(_("最新のデータで表示する"), key="snapshot_leave", on_click=_leave_snapshot)


def url_filters(dataset: Dataset) -> Filters:
    """The shared filters as the URL gives them, with no widgets (the chart-only view): the
    same codec, and the same notices for values it cannot use."""
    bounds = fiscal_year_bounds(dataset)
    _read_filters_from_url(bounds)
    _keep_in_bounds(bounds)
    return current_filters(dataset)


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
        page = locale()
        st.markdown("### " + _("絞り込み"))
        st.multiselect(
            _("分野"),
            options=list(FIELDS),
            format_func=lambda f: page.term("fields", f),
            key=FIELD_KEY,
            placeholder=_("すべての分野"),
        )
        st.slider(
            _("年度（開始・出来事）"),
            min_value=bounds[0],
            max_value=bounds[1],
            step=1,
            format=page.fiscal_year_pattern,
            key=YEARS_KEY,
        )
        st.pills(
            _("群馬モデル"),
            options=list(GUNMA_MODEL_TYPES),
            format_func=lambda t: page.term("gunma_model_types", t),
            selection_mode="multi",
            key=MODEL_KEY,
        )
        st.text_input(
            _("キーワード"),
            key=KEYWORD_KEY,
            placeholder=_("例：LINE、ワクチン、埴輪"),
            max_chars=url_state.MAX_KEYWORD_CHARS,  # as a link's ?q= (issue #29)
            help=_("施策名・概要・利用者のコメントから探します（スペース区切りですべてを含む）"),
        )
        filters = current_filters(dataset)
        _write_filters_to_url(filters, from_url=from_url)
        summary = describe_filters(filters, locale())
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
        reading = locale()  # now: the deferred callable below runs outside this script run
        st.download_button(
            _("配布資料（PDF）"),
            data=lambda: handout.build_handout_or_notice(
                current_story(dataset, filters, reading),  # the page's story, in its reading
                base_url=st.context.url or "http://localhost:8501/",
                notice=handout_notice,  # the PDF says so when a handout cannot be made
            ),
            file_name=export.download_file_name(handout.handout_file_stem(filters, reading), "pdf"),
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
    st.query_params[url_state.PRESENT_PARAM] = "1"
    st.query_params[url_state.SLIDE_PARAM] = "1"


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
