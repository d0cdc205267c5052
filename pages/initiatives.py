"""施策一覧 (/initiatives): placeholder until the explorer lands."""

import streamlit as st

from dxdash import ui
from dxdash.filters import filter_initiatives

dataset = ui.get_dataset()
filters = ui.current_filters(dataset)
st.title("施策一覧", anchor=False)
shown = filter_initiatives(dataset.initiatives, filters)
st.dataframe(shown[["short_name", "field", "started_text", "gunma_model"]], hide_index=True)
