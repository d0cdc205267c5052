"""The slide deck (?present=1): slide order and navigation, and its Streamlit renderer."""
