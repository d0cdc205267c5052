"""利用実績's 目盛り switch (線形 / 対数), read from and written to ?scale= by the URL codec."""

from __future__ import annotations

import streamlit as st

from dxdash.render.streamlit.language import _, set_notices, set_url_param, show_url_notices
from dxdash.story import url_state

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
