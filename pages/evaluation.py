"""evaluation page (placeholder)."""

import streamlit as st

st.title("evaluation", anchor=False)
