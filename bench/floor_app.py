"""The floor: the smallest useful Streamlit page with dxdash's kind of control — a sidebar
multiselect of 分野 and one Altair bar chart of the rows it selects.

`python bench/run.py` compares dxdash against this app, so its ratios say how much dxdash
costs above what any Streamlit page with the same control and a chart costs on this machine.
The options are dxdash's ten 分野, in its order (dxdash.data.vocabulary.FIELDS; pinned by
tests/test_bench_floor.py), chosen the same way (a click, bench/browser_bench.FIELD_CYCLE). All
ten, not only the five the benchmark clicks: with ten the open list is taller than its 400 px
and scrolls, and the widget then does work after a change that a five-option list does not
(until 2026-12-08 the floor had five, which put about 100 ms of that widget's own cost on a
first choice on dxdash's side of the ratio).
"""

import altair as alt
import pandas as pd
import streamlit as st

FIELDS = [
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
]
DATA = pd.DataFrame(
    {
        "field": [field for field in FIELDS for _ in range(3)],
        "item": ["x", "y", "z"] * len(FIELDS),
        "value": [3, 5, 2, 4, 1, 6, 2, 2, 7, 5, 3, 1, 6, 4, 2] * 2,
    }
)

fields = st.sidebar.multiselect("分野", FIELDS, key="field")
# what the benchmark waits for after a change (dxdash's sidebar says 「分野：…」 the same way)
st.sidebar.caption(f"分野：{'、'.join(fields)}" if fields else "すべて")
rows = DATA.loc[DATA["field"].isin(fields)] if fields else DATA
st.altair_chart(
    alt.Chart(rows).mark_bar().encode(x="sum(value):Q", y="item:N"),
    width="stretch",
)
