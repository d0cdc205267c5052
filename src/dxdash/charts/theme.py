"""Look and feel shared by every chart and page: fonts, the field palette, sizes.

One colour per 分野 on every chart, from Paul Tol's colour-blind-safe "muted" scheme plus
Okabe–Ito orange; one Japanese font stack that the app self-hosts (Noto Sans JP).
"""

from __future__ import annotations

from dxdash.data.vocabulary import FIELDS, PREFECTURE_WIDE

# Noto Sans JP is served by the app itself (static/fonts, .streamlit/config.toml), so projector
# PCs without Japanese fonts of their own render the same glyphs; the rest are fallbacks.
FONT_FAMILY = (
    '"Noto Sans JP", "Noto Sans JP Full", "Noto Sans JP Supplement", "Noto Sans CJK JP",'
    ' "Hiragino Sans", "Yu Gothic UI", Meiryo, sans-serif'
)

# Program-level figures (DX加速化プログラム, 群馬モデル) belong to no 分野.

FIELD_COLORS: dict[str, str] = {
    "行政": "#332288",
    "産業・人材": "#88CCEE",
    "農業": "#117733",
    "環境・エネルギー": "#44AA99",
    "県土整備": "#999933",
    "教育": "#DDCC77",
    "文化": "#AA4499",
    "生活": "#CC6677",
    "健康": "#882255",
    "防災・安全": "#E69F00",
    PREFECTURE_WIDE: "#000000",  # black: grey was indistinguishable from 健康 under deuteranopia
}
assert set(FIELDS) <= set(FIELD_COLORS), "every field needs a colour"

GUNMA_MODEL_COLORS: dict[str, str] = {
    "ワイズスペンディング": "#CC6677",
    "他自治体の見本": "#332288",
}

# Text colours that pass WCAG AA (≥ 4.5:1) on white.
TEXT_COLOR = "#1F2328"
MUTED_TEXT_COLOR = "#4A5059"
ACCENT_COLOR = "#1D4E89"

# Sizes for a screen read in a meeting room; presentation mode scales them up.
AXIS_LABEL_SIZE = 14
AXIS_TITLE_SIZE = 14
CHART_TITLE_SIZE = 16
MARK_LABEL_SIZE = 14
LABEL_LIMIT_PX = 420  # never truncate a Japanese initiative name at Streamlit's 100 px


def field_domain() -> list[str]:
    """Return every colour key in a fixed order, so a field keeps its colour on every chart."""
    return list(FIELD_COLORS)


def field_range() -> list[str]:
    """Return the colours matching field_domain()."""
    return list(FIELD_COLORS.values())
