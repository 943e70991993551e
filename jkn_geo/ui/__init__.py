"""Streamlit pages and helpers. The only part of :mod:`jkn_geo` that imports streamlit."""
