"""The Data page's "Dari berita · from an article" flow: paste an article or upload a .txt/.html
file → the candidate figures (:func:`jkn_geo.figures.extract.extract`) in an editable table →
import the ticked rows as published figures through the importer (``kind="published"``, the
same path as ``python -m jkn_geo import FILE --kind published``).

The page shows this section below the editor gate, so in hosted mode only editors reach it.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from jkn_geo.config import EXTRACT_MAX_CHARS, EXTRACT_MIN_CONFIDENCE
from jkn_geo.figures.extract import COLUMNS, MEASURES, extract, html_to_text, to_frame
from jkn_geo.render import export as ex
from jkn_geo.text import Text, md_escape
from jkn_geo.ui import data_page

HEADER = Text("Dari berita", "from an article")
INTRO = Text("Tempel teks berita atau unggah berkas .txt/.html. Angka JKN di dalamnya diusulkan satu baris per angka "
             "(wilayah, periode, ukuran, definisi, nilai, kutipan); periksa, sunting, lalu impor sebagai angka terbit.",
             "Paste a news article or upload a .txt/.html file. Its JKN figures are proposed one row per figure; "
             "review, edit, then import them as published figures.")
PASTE = Text("Teks berita", "article text")
UPLOAD = Text("atau unggah berkas .txt / .html", "or upload a .txt / .html file")
URL = Text("Alamat (URL) berita", "article URL")
DATE = Text("Tanggal terbit (dipakai bila teks tidak menyebut tanggal data)",
            "publication date (used when the text gives no date for a figure)")
READ = Text("Baca angka", "read the figures")
NOTHING = Text("Tidak ada angka JKN yang ditemukan.", "no JKN figures found")
TOO_LONG = Text("Teks terlalu panjang (maksimal {n} karakter).", "text too long (at most {n} characters)")
FOUND = Text("{n} angka diusulkan; baris dengan keyakinan rendah atau ukuran 'other' tidak dicentang.",
             "{n} figures proposed; rows with low confidence or measure 'other' are unticked")
USE = Text("pakai", "use")
NAME = Text("Nama dataset", "dataset name")
IMPORT = Text("Impor {n} baris sebagai angka terbit", "import {n} rows as published figures")
NONE_TICKED = Text("Centang minimal satu baris.", "tick at least one row")
OTHER_TICKED = Text("Baris dengan ukuran 'other' akan ditolak importir; ganti ukurannya atau hapus centangnya.",
                    "rows with measure 'other' are refused by the importer: change the measure or untick them")
DONE = Text("Tersimpan: {summary}", "stored: {summary}")
FAILED = Text("Tidak ada yang disimpan.", "nothing was stored")
_KEY = "ext_props"


def proposals_frame(text: str, url: str = "", date: str | None = None, registry=None) -> pd.DataFrame:
    """The editable table: a ``pakai`` (use) column ticked for confident JKN figures, then the CSV's columns."""
    df = to_frame(extract(text, url=url, date=date, registry=registry))
    use = (df["measure"] != "other") & (df["confidence"].astype(float) >= EXTRACT_MIN_CONFIDENCE)
    df.insert(0, "use", use.to_numpy())
    return df


def import_bytes(edited: pd.DataFrame) -> bytes:
    """The ticked rows as the CSV ``import --kind published`` reads (the tick column dropped)."""
    rows = edited[edited["use"].eq(True)].drop(columns=["use"])
    return rows[[c for c in COLUMNS if c in rows.columns]].to_csv(index=False).encode("utf-8")


def _read_upload(up) -> str:
    raw = up.getvalue()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return html_to_text(text) if up.name.lower().endswith((".html", ".htm")) else text


def section(store) -> None:
    st.header(HEADER.both())
    st.caption(INTRO.both())
    text = st.text_area(PASTE.both(), key="ext_text", height=180, max_chars=EXTRACT_MAX_CHARS)
    up = st.file_uploader(UPLOAD.both(), type=["txt", "html", "htm"], key="ext_file")
    c1, c2 = st.columns(2)
    url = c1.text_input(URL.both(), key="ext_url", max_chars=500)
    date = c2.date_input(DATE.both(), value=None, key="ext_date", min_value=dt.date(2014, 1, 1),
                         max_value=dt.date.today())
    if st.button(READ.both(), key="ext_read", type="primary"):
        body = _read_upload(up) if up is not None else (text or "")
        if len(body) > EXTRACT_MAX_CHARS:
            st.error(TOO_LONG.format(n=EXTRACT_MAX_CHARS).both())
            return
        with st.spinner("…"):
            st.session_state[_KEY] = proposals_frame(body, url=url.strip(), date=date.isoformat() if date else None)
    props = st.session_state.get(_KEY)
    if props is None:
        return
    if not len(props):
        st.info(NOTHING.both())
        return
    st.caption(FOUND.format(n=len(props)).both())
    edited = st.data_editor(
        props, key="ext_editor", hide_index=True, width="stretch", num_rows="dynamic",
        column_config={
            "use": st.column_config.CheckboxColumn(USE.both()),
            "measure": st.column_config.SelectboxColumn("measure", options=list(MEASURES), required=True),
            "confidence": st.column_config.NumberColumn("confidence", disabled=True, format="%.2f"),
            "quote": st.column_config.TextColumn("quote", width="large"),
        })
    ticked = edited[edited["use"].eq(True)] if len(edited) else edited
    if (ticked["measure"] == "other").any():
        st.warning(OTHER_TICKED.both())
    name = st.text_input(NAME.both(), key="ext_name", max_chars=80,
                         value=data_page.default_dataset_name("berita", store))
    if st.button(IMPORT.format(n=len(ticked)).both(), key="ext_go", disabled=not len(ticked)):
        data = import_bytes(edited)
        rep = data_page.run_import(store, data, "berita.csv", name.strip() or "berita", None, kind="published")
        summary = md_escape(data_page.report_summary(rep))
        if rep.ok:
            st.success(DONE.format(summary=summary).both())
            st.session_state.pop(_KEY, None)
        else:
            st.error(FAILED.both() + " " + summary)
        if rep.errors or rep.warnings:
            st.dataframe(ex.issues_frame(rep), hide_index=True, width="stretch", key="ext_issues")
