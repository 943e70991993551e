"""JKN Atlas — the map explorer (Streamlit entry point).

    streamlit run app.py

Thin page: the map is :mod:`jkn_geo.ui.explorer`; the other pages live in ``pages/``.
Navigation is declared here so the menu reads "Peta" (not the file name) and the map keeps
the root URL, which is what shared links (``/?reg=18&ind=…``) point at.
"""
from pathlib import Path

import streamlit as st

from jkn_geo.ui import explorer, uploads

uploads.install()   # before any page: Streamlit's upload endpoint accepts files only where an uploader is shown

HERE = Path(__file__).parent


def _map_page() -> None:
    st.set_page_config(page_title="JKN Atlas · Peta cakupan JKN", page_icon="🗺️", layout="wide")
    explorer.render()


nav = st.navigation([
    st.Page(_map_page, title="Peta", url_path="peta", default=True),
    st.Page(HERE / "pages" / "1_Peringkat.py", title="Peringkat"),
    st.Page(HERE / "pages" / "2_Tren.py", title="Tren"),
    st.Page(HERE / "pages" / "3_Data.py", title="Data"),
    st.Page(HERE / "pages" / "4_Sumber_dan_metode.py", title="Sumber & metode",
            url_path="sumber-dan-metode"),
])
nav.run()
