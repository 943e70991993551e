"""JKN Atlas — the map explorer (Streamlit entry point).

    streamlit run app.py

Thin page: see :mod:`jkn_geo.ui.explorer`.
"""
import streamlit as st

st.set_page_config(page_title="JKN Atlas · Peta cakupan JKN", page_icon="🗺️", layout="wide")

from jkn_geo.ui import explorer  # noqa: E402

explorer.render()
