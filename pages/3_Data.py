"""Data: import CSV/XLSX with validation, list / rename / delete datasets, the import template."""
from __future__ import annotations

import streamlit as st

from jkn_geo.config import LEVEL_LABELS, SHIPPED_DATASETS, SYNTHETIC_LABEL
from jkn_geo.render import export
from jkn_geo.text import md_escape
from jkn_geo.ui import data_page, tables, widgets as w

w.page_setup("Data", "🗂️")
store = w.get_store()

st.title("Data")
st.caption("Impor angka JKN dari CSV/XLSX, kelola dataset, unduh templat (import figures, manage datasets).")

if st.session_state.get("data_msg"):
    st.info(st.session_state.pop("data_msg"))
if st.session_state.get("imp_done"):
    st.success(st.session_state.pop("imp_done"))

# ------------------------------------------------------------------ datasets
st.header("Dataset tersimpan")
ds = store.datasets()
st.dataframe(tables.datasets_view(ds), hide_index=True, width="stretch", key="data_list")
synthetic = [r["name"] for r in ds.to_dict("records") if w.is_synthetic(r)]
if synthetic:
    st.caption(f"⚠️ {', '.join(md_escape(n) for n in synthetic)}: {SYNTHETIC_LABEL.id} ({SYNTHETIC_LABEL.en}).")
counts = store.issue_counts()
if counts:
    with st.expander(f"Peringatan yang disimpan saat impor · import warnings kept ({sum(counts.values())})"):
        pick = st.selectbox("Dataset", sorted(counts), format_func=lambda n: f"{n} ({counts[n]})", key="data_iss_ds")
        st.dataframe(tables.stored_issues_view(store.issues(pick)), hide_index=True, width="stretch",
                     key="data_iss", placeholder="")

# ------------------------------------------------------------------ template
st.header("Templat impor")
from jkn_geo.geography.registry import get_registry  # noqa: E402

reg = get_registry()
c_lvl, c_prov = st.columns(2)
tpl_level = c_lvl.radio("Templat untuk", ["regency", "district", "province"], horizontal=True, key="tpl_level",
                        format_func=lambda lv: LEVEL_LABELS[lv].id)
tpl_within = w.province_picker(reg, "tpl_prov" if tpl_level == "regency" else "tpl_prov_d", where=c_prov,
                                label="Wilayah templat", allow_all=tpl_level == "regency") \
    if tpl_level != "province" else None
tpl = data_page.template_files(tpl_level, tpl_within)
t1, t2, _ = st.columns([1, 1, 2])
tpl_stem = export.filename("templat_impor_jkn", tpl_level, tpl_within or "ID", ext="x")[:-2]
t1.download_button("⬇️ Templat CSV", tpl["csv"], file_name=tpl_stem + ".csv", mime="text/csv", key="tpl_csv")
t2.download_button("⬇️ Templat XLSX", tpl["xlsx"], file_name=tpl_stem + ".xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="tpl_xlsx")
st.caption("Kolom: kode atau nama wilayah, periode (mis. 2025-07 atau Juli 2025), penduduk (opsional), "
           "peserta terdaftar, peserta aktif. Angka boleh bergaya Indonesia: 1.234.567 · 97,05 % · 6,3 juta.")

# ------------------------------------------------------------------ import / edit (editors only)
st.header("Impor data baru")
from jkn_geo.ui.auth import editor_gate  # noqa: E402

can_edit = editor_gate()
if not can_edit:
    st.stop()

# a new uploader key after each import clears the uploaded file
up = st.file_uploader("Berkas CSV atau XLSX", type=["csv", "xlsx"], key=f"imp_file_{st.session_state.get('imp_gen', 0)}")
if up is not None:
    data = up.getvalue()
    sheet = None
    if up.name.lower().endswith(".xlsx"):
        sheets = data_page.xlsx_sheets(data)
        if len(sheets) > 1:
            sheet = st.selectbox("Lembar (sheet)", sheets, key="imp_sheet")
    default_name = data_page.default_dataset_name(up.name, store)
    # one name box per uploaded file, so a new file gets its own default name
    fid = getattr(up, "file_id", None) or f"{up.name}-{len(data)}"
    name = st.text_input("Nama dataset", value=default_name, key=f"imp_name_{fid}", max_chars=80)
    kind = st.radio(f"{data_page.KIND_CHOICE.id} · {data_page.KIND_CHOICE.en}", list(data_page.IMPORT_KINDS),
                    format_func=data_page.kind_label, key="imp_kind", horizontal=True)
    st.subheader("Pratinjau")
    frame, problems = data_page.read_preview(data, up.name, sheet)
    if problems:   # the validation below gives the full, row-level report
        st.caption("Pratinjau tidak dapat ditampilkan: " + md_escape("; ".join(str(p) for p in problems)))
    else:
        st.caption("Baris pertama berkas apa adanya (kolom A, B, C… seperti di lembar kerja).")
        st.dataframe(frame, hide_index=True, width="stretch", key="imp_preview", placeholder="")  # empty as in the file

    sig = (up.name, len(data), sheet, name, kind)
    if st.button("1 · Periksa berkas", key="imp_check", type="primary"):
        with st.spinner("Memeriksa…"):
            st.session_state["imp_report"] = (sig, data_page.validate_upload(store, data, up.name, name, sheet, kind))
    rep_entry = st.session_state.get("imp_report")
    if rep_entry and rep_entry[0] == sig:
        report = rep_entry[1]
        data_page.show_report(report, up.name)
        if report.ok:
            if st.button(data_page.import_button_label(report, md_escape(name)), key="imp_go", type="primary"):
                bar = st.progress(0.05, text="Membaca, memeriksa dan menyimpan dalam satu transaksi…")
                with st.spinner("Mengimpor… (importing)"):
                    result = data_page.run_import(store, data, up.name, name, sheet,
                                           progress=lambda f, msg="": bar.progress(min(max(float(f), 0.0), 1.0),
                                                                                    text=msg or "Mengimpor…"),
                                           kind=kind)
                bar.progress(1.0, text="Selesai")
                st.session_state.pop("imp_report", None)
                if result.ok:
                    st.session_state["imp_done"] = md_escape(data_page.report_summary(result))
                    st.session_state["imp_gen"] = st.session_state.get("imp_gen", 0) + 1
                    st.rerun()
                else:
                    data_page.show_report(result, up.name)

# ------------------------------------------------------------------ from a news article (editors, as above)
from jkn_geo.ui import extract_page  # noqa: E402

extract_page.section(store)

# ------------------------------------------------------------------ rename / delete
st.header("Ganti nama atau hapus dataset")
dsl = store.datasets()
names = dsl.loc[dsl["kind"].isin(["imported", "population", "published"]) & ~dsl["name"].isin(SHIPPED_DATASETS),
               "name"].tolist()
st.caption("Dataset bawaan (angka terbit, data sintetis) dibuat ulang oleh aplikasi dan tidak dapat diubah di sini.")
if not names:
    st.info("Belum ada dataset impor (no imported datasets yet).")
    st.stop()
c1, c2 = st.columns(2)
with c1:
    st.subheader("Ganti nama")
    old = st.selectbox("Dataset", names, key="ren_old")
    new = st.text_input("Nama baru", key="ren_new", max_chars=80)
    if st.button("Ganti nama", key="ren_go"):
        try:
            store.rename(old, new)
            st.session_state["data_msg"] = f"«{md_escape(old)}» sekarang bernama «{md_escape(new.strip())}»."
            st.rerun()
        except Exception as e:
            st.error(f"Tidak dapat mengganti nama: {md_escape(e)}")
with c2:
    st.subheader("Hapus")
    victim = st.selectbox("Dataset", names, key="del_name")
    if st.button("Hapus…", key="del_ask"):
        st.session_state["del_pending"] = victim
    pending = st.session_state.get("del_pending")
    if pending:
        st.warning(f"Hapus dataset «{md_escape(pending)}» beserta semua angkanya? Tindakan ini tidak dapat dibatalkan.")
        y, n = st.columns(2)
        if y.button("Ya, hapus", key="del_yes", type="primary"):
            try:
                store.delete(pending)
                st.session_state["data_msg"] = f"Dataset «{md_escape(pending)}» dihapus."
            except Exception as e:
                st.session_state["data_msg"] = f"Tidak dapat menghapus «{md_escape(pending)}»: {md_escape(e)}"
            st.session_state.pop("del_pending", None)
            st.rerun()
        if n.button("Batal", key="del_no"):
            st.session_state.pop("del_pending", None)
            st.rerun()
