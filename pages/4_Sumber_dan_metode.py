"""Sumber & metode (sources and method): definitions, targets, data sources, licences, citation."""
from __future__ import annotations

import streamlit as st

from jkn_geo.text import md_escape
from jkn_geo.ui import method_page, tables, widgets as w

w.page_setup("Sumber & metode", "📚")
store = w.get_store()

method = method_page.method_sections()
st.markdown(method["intro"])

st.header("Indikator yang dihitung aplikasi · Indicators as computed")
st.caption("Langsung dari kode aplikasi (jkn_geo.analysis.indicators), jadi selalu sama dengan yang dihitung.")
st.dataframe(method_page.indicators_view(), hide_index=True, width="stretch", key="m_ind")
st.markdown(method["rest"])

st.header("Berkas wilayah yang dipakai · Pinned boundary files")
st.dataframe(method_page.manifest_view(), hide_index=True, width="stretch", key="m_manifest")

st.header("Artikel sumber angka terbit · Articles behind the published figures")
arts = method_page.articles_view()
if arts is None:
    st.caption(method_page.NO_ARTICLES.both())
else:
    st.dataframe(arts, hide_index=True, width="stretch", key="m_articles",
                 column_config={"Tautan": st.column_config.LinkColumn(
                     "Tautan", display_text=method_page.OPEN_ARTICLE.both())})
    st.caption("Setiap angka tetap memakai definisi artikelnya; kutipan di bawah apa adanya. "
               "· Each figure keeps its article's definition; the quotes below are verbatim.")
    for a in method_page.articles() or []:
        st.subheader(method_page.article_heading(a))
        st.markdown(method_page.article_line(a))
        if a["date_note"]:
            st.caption(md_escape(a["date_note"]))
        for i, q in enumerate(a["quotes"]):
            st.markdown(method_page.quote_markdown(q["quote"]))
            st.dataframe(q["figures"], hide_index=True, width="stretch", key=f"m_q_{a['id']}_{i}")

st.header("Temuan pada angka terbit · Findings in the published figures")
st.caption("Angka yang saling bertentangan lebih dari pembulatan, di dalam satu sumber, antar sumber, antar tingkat "
           "dan antar waktu (lihat metode di atas). · Figures that contradict each other beyond rounding.")
found = method_page.findings_view(store, w.store_digest(store))
if len(found):
    st.dataframe(found, hide_index=True, width="stretch", key="m_findings")
else:
    st.caption("Tidak ada temuan. · No findings.")

st.header("Dataset di aplikasi ini · Datasets in this app")
st.dataframe(tables.datasets_view(store.datasets()), hide_index=True, width="stretch", key="m_ds")
