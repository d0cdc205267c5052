"""The Streamlit renderer: widgets, sections and page state."""
