"""dxdash's vocabulary: every word a column may hold (分野, 群馬モデル types, qualifiers, metric
categories, event kinds, 県全体) and the report's names of the 群馬モデル counts, written once
and imported by the data, the story, the charts and the open data alike.
"""

from __future__ import annotations

# 分野. The first six are the labels the report itself prints on its slides; the rest are
# dxdash's own small vocabulary for slides that carry no label (docs/data.md says which is which).
REPORT_FIELDS: tuple[str, ...] = ("農業", "県土整備", "教育", "文化", "生活", "健康")
ASSIGNED_FIELDS: tuple[str, ...] = ("行政", "産業・人材", "環境・エネルギー", "防災・安全")
FIELDS: tuple[str, ...] = (
    "行政",
    "産業・人材",
    "農業",
    "環境・エネルギー",
    "県土整備",
    "教育",
    "文化",
    "生活",
    "健康",
    "防災・安全",
)
FIELD_SOURCES: tuple[str, ...] = ("report", "assigned")

GUNMA_MODEL_TYPES: tuple[str, ...] = ("ワイズスペンディング", "他自治体の見本")
QUALIFIERS: tuple[str, ...] = ("約", "超", "以上", "程度", "見込")

# What a figure counts; the metrics page groups by this.
METRIC_CATEGORIES: tuple[str, ...] = (
    "人数",
    "利用回数",
    "再生回数",
    "金額",
    "割合",
    "件数",
    "規模",
    "倍率",
)
PERCENT_UNIT = "%"

EVENT_KINDS: tuple[str, ...] = ("組織", "計画", "受賞", "会議開催", "掲載", "発表", "公表")

# A figure or initiative that belongs to no one 分野: the prefecture as a whole.
PREFECTURE_WIDE = "県全体"

# The report's two 群馬モデル counts (programs' metrics), one per type, in GUNMA_MODEL_TYPES order.
GUNMA_MODEL_PARTS: tuple[str, ...] = (
    "群馬モデル①ワイズスペンディングな取組",
    "群馬モデル②他自治体の見本となる取組",
)
