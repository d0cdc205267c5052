"""metrics page (placeholder)."""

import streamlit as st

st.title("metrics", anchor=False)
