"""The floor: the smallest useful Streamlit page — one selectbox and one Altair bar chart.

`python bench/run.py` compares dxdash against this app, so its ratios say how much dxdash
costs above what any Streamlit page with a chart costs on this machine.
"""

import altair as alt
import pandas as pd
import streamlit as st

DATA = pd.DataFrame(
    {
        "group": ["A", "A", "A", "B", "B", "B"],
        "item": ["x", "y", "z", "x", "y", "z"],
        "value": [3, 5, 2, 4, 1, 6],
    }
)

group = st.selectbox("group", ["A", "B"], key="group")
st.caption(f"selected: {group}")  # what the benchmark waits for after changing the selectbox
rows = DATA.loc[DATA["group"] == group]
st.altair_chart(
    alt.Chart(rows).mark_bar().encode(x="value:Q", y="item:N"),
    width="stretch",
)
