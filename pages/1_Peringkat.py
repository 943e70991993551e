"""Peringkat (rankings): every indicator per region, rank among siblings, change since a period."""
from __future__ import annotations

import streamlit as st

from jkn_geo import fmt
from jkn_geo.analysis import indicators as ind, ranking as analysis
from jkn_geo.config import DEFAULT_TOLERANCE_PUBLISHED, LEVEL_LABELS, TOLERANCE_CHOICES
from jkn_geo.geography.registry import get_registry
from jkn_geo.render import export, staticmap
from jkn_geo.ui import tables, widgets as w

w.page_setup("Peringkat", "🏆")
store = w.get_store()
reg = get_registry()

st.sidebar.header("Peringkat")
info = w.dataset_picker(store)
dataset = info["name"]
levels = w.level_options(store, dataset)
level = st.sidebar.radio("Tingkat wilayah", levels, index=len(levels) - 1 if "regency" not in levels else
                         levels.index("regency"), format_func=lambda lv: LEVEL_LABELS[lv].id, key="rk_level",
                         horizontal=True)
if level == "district":   # 7,285 districts: one province at a time, those with figures first
    within = w.province_picker(reg, "rk_prov_d", allow_all=False,
                                prefer=w.provinces_with_data(store, dataset, "district"))
elif level == "regency":
    within = w.province_picker(reg, "rk_prov")
else:
    within = None
periods = ind.available_periods(store, dataset, level)
period = w.period_slider(periods, "rk_period")
earlier = [p for p in periods if period and p < period]
compare = st.sidebar.selectbox("Bandingkan dengan periode", [None] + earlier[::-1], key="rk_compare",
                               format_func=lambda p: "— tidak dibandingkan —" if p is None else fmt.fmt_period(p))
rank_by = st.sidebar.selectbox("Peringkat menurut", list(ind.INDICATORS), key="rk_by",
                               format_func=lambda k: ind.INDICATORS[k]["label_id"])
status_opts = list(ind.STATUS_LABELS)
statuses = st.sidebar.multiselect("Status capaian target", status_opts, default=[], key="rk_status",
                                  format_func=lambda s: ind.STATUS_LABELS[s]["label_id"],
                                  placeholder="semua status")
only_data = st.sidebar.checkbox("Hanya wilayah yang punya data", value=True, key="rk_only",
                                help="Wilayah tanpa data tidak pernah dihitung nol; matikan untuk melihat semuanya.")
targets = w.targets_control()
tolerance = st.sidebar.selectbox(
    "Angka terdekat dalam … bulan · closest figure within … months", TOLERANCE_CHOICES,
    index=TOLERANCE_CHOICES.index(DEFAULT_TOLERANCE_PUBLISHED if info.get("kind") == "published" else 0),
    key=f"rk_tol_{info.get('kind')}", format_func=lambda n: "hanya bulan ini · this month only" if n == 0 else f"{n} bulan",
    help="Wilayah tanpa angka untuk periode ini memakai angka terbarunya dari bulan-bulan sebelumnya "
         "(kolom 'Periode angka').")

where_name = reg.name(within) if within else "Indonesia"
st.title(f"Peringkat {LEVEL_LABELS[level].id.lower()} · {where_name}")
w.synthetic_banner(info)
if period is None:
    st.info("Dataset ini belum punya angka untuk tingkat ini (no figures at this level).")
    st.stop()

table = analysis.ranking_table(store, dataset, level, period, within=within, rank_by=rank_by,
                               compare_period=compare, statuses=statuses or None, with_data_only=only_data,
                               tolerance_months=tolerance, flags=tables.dataset_flags(store, dataset,
                                                                                     w.store_digest(store)),
                               **targets)
label = ind.INDICATORS[rank_by]["label_id"]
s = analysis.summary(table, rank_by, targets["coverage_target"] if rank_by == "coverage_pct" else
                     targets["activity_target"] if rank_by == "activity_pct" else None)
all_regions = len(reg.codes(level, within)) if level != "province" else 38
cap = (f"{fmt.fmt_period(period)} · {s['with_data']} dari {all_regions} wilayah punya data"
       + (" (wilayah tanpa data disembunyikan)" if only_data and s['with_data'] < all_regions else
          " (\"tidak ada data\" = tidak ada angka, bukan nol)" if s['with_data'] < s['regions'] else "") + " · "
       f"peringkat menurut **{label}**, di antara wilayah dengan induk yang sama")
if "meeting_target" in s:
    cap += f" · {s['meeting_target']} memenuhi target"
if compare:
    cap += f" · perubahan sejak {fmt.fmt_period(compare)}"
st.caption(cap)

cols = ["rank", "rank_of", "name", "code", "period", "coverage_pct", "activity_pct", "active_coverage_pct",
        "unregistered", "inactive", "to_enrol", "to_activate", "gap_cost_rp", "status"]
if compare:
    cols += [f"{rank_by}_change"] + [c for c in ("coverage_pct_change", "activity_pct_change")
                                      if c != f"{rank_by}_change"] + ["registered_change", "active_change"]
cols += [f"{rank_by}_origin", f"{rank_by}_how", "inconsistent", "finding"]
if tolerance:
    cols.insert(cols.index("period") + 1, "period_used")
cols += ["population", "registered", "active", "population_note", "source", "source_url"]
view = analysis.display_order(table)
st.dataframe(tables.styled_table(view, cols), hide_index=True, width="stretch", height=560,
             key="rk_table", placeholder=fmt.NA_ID)

meta = tables.export_meta(info, f"Peringkat {LEVEL_LABELS[level].id.lower()} menurut {label.lower()} — {where_name}",
                      period=period, level=level, within_name=where_name,
                      notes=[f"Dibandingkan dengan {compare}" if compare else "",
                             f"Target cakupan {targets['coverage_target']} %, target keaktifan "
                             f"{targets['activity_target']} %, iuran PBI Rp {int(targets['pbi_rp'])}"])
meta.notes = [n for n in meta.notes if n]
stem = f"jkn_peringkat_{level}_{within or 'ID'}_{period}"
st.subheader("Unduh tabel")
tables.table_downloads(view[[c for c in cols if c in view.columns] + [c for c in ("parent_code", "level", "note")
                                                                   if c in view.columns]], meta, stem, "rk")

with st.expander("🖼️ Peta untuk presentasi (PNG, SVG, PDF, HTML)"):
    map_key = st.selectbox("Indikator peta", list(ind.INDICATORS), index=list(ind.INDICATORS).index(rank_by),
                           format_func=lambda k: ind.INDICATORS[k]["label_id"], key="rk_map_ind")
    fmt_ = st.radio("Format", ["png", "svg", "pdf", "html"], horizontal=True, key="rk_map_fmt",
                    format_func=lambda f: {"html": "HTML (buka tanpa internet)"}.get(f, f.upper()))
    if st.button("Buat peta", key="rk_map_make"):
        full = analysis.ranking_table(store, dataset, level, period, within=within, rank_by=map_key, **targets)
        tkind = ind.INDICATORS[map_key]["target"]
        tval = targets["coverage_target"] if tkind == "coverage" else targets["activity_target"] \
            if tkind == "activity" else None
        tlabel = (f"Target: {fmt.fmt_pct(tval, 1 if tval % 1 else 0)}" if tval is not None and
                  ind.INDICATORS[map_key]["unit"] == "pct" else None)
        mmeta = tables.export_meta(info, "", period=period, level=level, within_name=where_name)
        with st.spinner("Menggambar peta…"):
            if fmt_ == "html":
                data = export.offline_map_html(full, level, within, map_key, mmeta, targets["coverage_target"],
                                               targets["activity_target"])
                mime = "text/html"
            else:
                data = staticmap.choropleth_image(full, level, map_key, mmeta, within=within,
                                                  target=tval if tlabel else None, target_label=tlabel, fmt_=fmt_)
                mime = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}[fmt_]
        st.session_state["rk_map_bytes"] = (data, fmt_, mime, f"jkn_peta_{map_key}_{level}_{within or 'ID'}_{period}")
    if "rk_map_bytes" in st.session_state:
        data, f, mime, stem2 = st.session_state["rk_map_bytes"]
        if f == "png":
            st.image(data, caption="Pratinjau (16:9, 2000 × 1125 px)")
        st.download_button(f"⬇️ Unduh peta ({f.upper()})", data, file_name=export.filename(stem2, ext=f), mime=mime,
                           key="rk_map_dl")
