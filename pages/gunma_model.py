"""gunma_model page (placeholder)."""

import streamlit as st

st.title("gunma_model", anchor=False)
