"""The deck's floor: one slide of HTML with a chart image, and a button whose shortcut (→)
shows the next slide — what any Streamlit slide show with a clicker key costs on this machine.

`python bench/run.py` presses → here and on dxdash's `/?present=1`, in the same rounds.
"""

import base64

import streamlit as st

SLIDES = 8
BARS = "".join(
    f'<rect x="0" y="{i * 30}" width="{60 + 40 * i}" height="22" fill="#1f4e8c"/>' for i in range(5)
)


def _next() -> None:
    st.session_state.slide = st.session_state.get("slide", 1) % SLIDES + 1


st.button("次へ", key="next", shortcut="Right", on_click=_next)
number = st.session_state.get("slide", 1)
svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="150">{BARS}</svg>'
image = base64.b64encode(svg.encode()).decode()
st.html(
    f"<h1>スライド {number}</h1><p>slide {number} / {SLIDES}</p>"
    f'<img alt="chart" width="800" src="data:image/svg+xml;base64,{image}">'
)
