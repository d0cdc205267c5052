"""history page (placeholder)."""

import streamlit as st

st.title("history", anchor=False)
