"""Renderers of the story: Streamlit pages, slides, the PDF handout and open-data files."""
