"""Peringkat (rankings): every indicator per region, rank in the province and in the country,
the target filters with their totals, change since a period, the month the target is reached.

The page shows the one view every page shares (dataset, period, level, province, indicator,
targets, tolerance, filter; :mod:`jkn_geo.ui.explorer.state`), and its URL carries it."""
from __future__ import annotations

import streamlit as st

from jkn_geo import fmt
from jkn_geo.analysis import indicators as ind, ranking as analysis
from jkn_geo.analysis.projection import METHOD as PROJECTION_METHOD
from jkn_geo.config import LEVEL_LABELS, TOLERANCE_CHOICES
from jkn_geo.geography.registry import get_registry
from jkn_geo.render import export, staticmap, viewstate
from jkn_geo.text import Text, md_escape
from jkn_geo.ui import charts, tables, widgets as w
from jkn_geo.ui.explorer import controls, state as S

FILTERS = {"": Text("semua wilayah", "all regions"),
           "cov": Text("di bawah target cakupan", "below coverage target"),
           "act": Text("di bawah target keaktifan", "below activity target"),
           "both": Text("keduanya", "both")}
TOTALS = Text("Jumlah untuk {n} wilayah yang ditampilkan", "totals for the {n} regions shown")

w.page_setup("Peringkat", "🏆")
store = w.get_store()
reg = get_registry()
ctx, view = S.page_view(store, reg)

st.sidebar.header("Peringkat")
info = w.dataset_picker(store)
dataset = info["name"]
levels = w.level_options(store, dataset)
lv = view.level if view.level in levels else ("regency" if "regency" in levels else levels[-1])
level = st.sidebar.radio("Tingkat wilayah", levels, format_func=lambda v: LEVEL_LABELS[v].id, horizontal=True,
                         **S.bind("rk_level", lv, "level"))
province = view.region.split(".")[0] if view.region and view.region != "ID" else None
if level == "district":   # 7,285 districts: one province at a time, those with figures first
    prefer = w.provinces_with_data(store, dataset, "district")
    cur = province or (prefer[0] if prefer else reg.codes("province")[0])
    within = w.province_picker(reg, allow_all=False, prefer=prefer,
                               **S.bind("rk_prov_d", cur, "region"))
elif level == "regency":
    within = w.province_picker(reg, **S.bind("rk_prov", province or "", "region", lambda v: v or None))
else:
    within = None
periods = ind.available_periods(store, dataset, level)
period = None
if periods:
    shown = view.period if view.period in periods else viewstate.nearest_period(view.period or periods[-1], periods)
    period = w.period_slider(periods, **S.bind("rk_period", shown, "period"))
earlier = [p for p in periods if period and p < period]
# "" (not None) for "not compared": a None value would show Streamlit's English placeholder
compare = st.sidebar.selectbox("Bandingkan dengan periode", [""] + earlier[::-1],
                               format_func=lambda p: "— tidak dibandingkan —" if not p else fmt.fmt_period(p),
                               **S.bind("rk_compare", view.compare if view.compare in earlier else "", "compare",
                                        lambda v: v or None)) or None
rank_by = st.sidebar.selectbox("Peringkat menurut", list(ind.INDICATORS),
                               format_func=lambda k: ind.INDICATORS[k]["label_id"],
                               **S.bind("rk_by", view.indicator, "indicator"))
target_filter = st.sidebar.radio("Tampilkan · show", list(FILTERS), format_func=lambda k: FILTERS[k].both(),
                                 **S.bind("rk_flt", view.filter, "filter"))
status_opts = list(ind.STATUS_LABELS)
statuses = st.sidebar.multiselect("Status capaian target", status_opts,
                                  format_func=lambda s: ind.STATUS_LABELS[s]["label_id"], placeholder="semua status",
                                  **S.bind("rk_status", [x for x in view.statuses if x in status_opts], "statuses",
                                           tuple))
only_data = st.sidebar.checkbox("Hanya wilayah yang punya data",
                                help="Wilayah tanpa data tidak pernah dihitung nol; matikan untuk melihat semuanya.",
                                **S.bind("rk_only", not view.show_empty, "show_empty", lambda v: not v))
targets = w.targets_control()
tolerance = st.sidebar.selectbox(
    "Angka terdekat dalam … bulan · closest figure within … months", TOLERANCE_CHOICES,
    format_func=lambda n: "hanya bulan ini · this month only" if n == 0 else f"{n} bulan",
    help="Wilayah tanpa angka untuk periode ini memakai angka terbarunya dari bulan-bulan sebelumnya "
         "(kolom 'Periode angka').",
    **S.bind("rk_tol", view.tolerance if view.tolerance in TOLERANCE_CHOICES else 0, "tolerance"))
view = S.publish(view, ctx)
controls.share_link(view, ctx, where=st.sidebar)

where_name = reg.name(within) if within else "Indonesia"
st.title(f"Peringkat {LEVEL_LABELS[level].id.lower()} · {where_name}")
w.synthetic_banner(info)
if period is None:
    st.info("Dataset ini belum punya angka untuk tingkat ini (no figures at this level).")
    st.stop()

national = level == "regency"   # regencies: rank in the province and in the country, side by side
flags = tables.dataset_flags(store, dataset, w.store_digest(store))
table = analysis.ranking_table(store, dataset, level, period, within=within, rank_by=rank_by,
                               compare_period=compare, statuses=statuses or None, with_data_only=only_data,
                               tolerance_months=tolerance, flags=flags, target_filter=target_filter or None,
                               national_rank=national, **targets)
meta_ind = ind.INDICATORS[rank_by]
label = meta_ind["label_id"]
proj_key = "activity_pct" if meta_ind["target"] == "activity" else "coverage_pct"
proj = tables.projections(store, w.store_digest(store), dataset, level, period, proj_key, within,
                          targets["coverage_target"], targets["activity_target"], targets["pbi_rp"])
table = table.merge(proj[["code", "projection"]], on="code", how="left")
s = analysis.summary(table, rank_by, targets["coverage_target"] if rank_by == "coverage_pct" else
                     targets["activity_target"] if rank_by == "activity_pct" else None)
all_regions = len(reg.codes(level, within)) if level != "province" else 38
rank_words = ("peringkat di provinsi dan nasional" if national else "di antara wilayah dengan induk yang sama")
cap = (f"{fmt.fmt_period(period)} · {s['with_data']} dari {all_regions} wilayah punya data"
       + (" (wilayah tanpa data disembunyikan)" if only_data and s['with_data'] < all_regions else
          " (\"tidak ada data\" = tidak ada angka, bukan nol)" if s['with_data'] < s['regions'] else "") + " · "
       f"peringkat menurut **{label}**, {rank_words}")
if "meeting_target" in s and not target_filter:   # (a target filter shows only those below a target)
    cap += f" · {s['meeting_target']} memenuhi target"
if target_filter:
    cap += f" · hanya **{FILTERS[target_filter].id}** (target cakupan {w.target_text(targets['coverage_target'])}, " \
           f"target keaktifan {w.target_text(targets['activity_target'])})"
if compare:
    cap += f" · perubahan sejak {fmt.fmt_period(compare)}"
st.caption(cap)

if national and within is None:
    view_t = table.assign(_nr=table["rank_nat"].isna()).sort_values(["_nr", "rank_nat", "name"], kind="stable") \
        .drop(columns="_nr")
else:
    view_t = analysis.display_order(table)
tables.totals_row(analysis.totals(view_t), TOTALS)

# the name pinned, the answer (gap, cost, when) next to it, then the ranks and the figures
cols = (["name", "to_enrol", "to_activate", "gap_cost_rp", "projection", "rank"] + (["rank_nat"] if national else [])
        + ["coverage_pct", "activity_pct", "active_coverage_pct", "unregistered", "inactive", "status",
           "rank_of"] + (["rank_nat_of"] if national else []) + ["code", "period"])
if compare:
    cols += [f"{rank_by}_change"] + [c for c in ("coverage_pct_change", "activity_pct_change")
                                      if c != f"{rank_by}_change"] + ["registered_change", "active_change"]
cols += [f"{rank_by}_origin", f"{rank_by}_how", "inconsistent", "finding"]
if tolerance:
    cols.insert(cols.index("period") + 1, "period_used")
cols += ["population", "registered", "active", "population_note", "source", "source_url"]
# short headers on screen, so the answer fits beside the name (the files keep the long ones)
headers = {"to_enrol": "Perlu didaftarkan (jiwa)", "to_activate": "Perlu diaktifkan (jiwa)",
           "gap_cost_rp": "Biaya setahun (Rp, PBI)"}
if national:
    headers |= {"rank": "Peringkat di provinsi", "rank_of": "dari (provinsi)"}
tables.show_table(view_t, cols, key="rk_table", headers=headers, max_height=560, pinned=("name",))
st.caption(f"Kolom *Target tercapai (proyeksi)* · {PROJECTION_METHOD.id} · *{PROJECTION_METHOD.en}*")

notes = [f"Dibandingkan dengan {fmt.fmt_period(compare)}" if compare else "",
         f"Hanya: {FILTERS[target_filter].id}" if target_filter else "",
         f"Target cakupan {w.target_text(targets['coverage_target'])}, target keaktifan "
         f"{w.target_text(targets['activity_target'])}, iuran PBI Rp {fmt.fmt_int(targets['pbi_rp'])} per bulan",
         PROJECTION_METHOD.id]
meta = tables.export_meta(info, f"Peringkat {LEVEL_LABELS[level].id.lower()} menurut {label.lower()} — {where_name}",
                          period=period, level=level, within_name=where_name, notes=[n for n in notes if n])
stem = f"jkn_peringkat_{level}_{within or 'ID'}_{period}"
st.subheader("Unduh tabel")
tables.table_downloads(view_t[[c for c in cols if c in view_t.columns] + [c for c in ("parent_code", "level", "note")
                                                                       if c in view_t.columns]], meta, stem, "rk")

with st.expander("Peta untuk presentasi (PNG, SVG, PDF, HTML)", icon=":material/map:"):
    map_key = rank_by   # the view's indicator, period and region (the map page's)
    st.caption(f"{md_escape(ind.INDICATORS[map_key]['label_id'])} · {fmt.fmt_period(period)} · {md_escape(where_name)}")
    fmt_ = st.radio("Format", ["png", "svg", "pdf", "html"], horizontal=True, key="rk_map_fmt",
                    format_func=lambda f: {"html": "HTML (buka tanpa internet)"}.get(f, f.upper()))
    if st.button("Buat peta", key="rk_map_make"):
        full = analysis.ranking_table(store, dataset, level, period, within=within, rank_by=map_key,
                                      tolerance_months=tolerance, **targets)
        tkind = ind.INDICATORS[map_key]["target"]
        tval = targets["coverage_target"] if tkind == "coverage" else targets["activity_target"] \
            if tkind == "activity" else None
        tlabel = (f"Target: {w.target_text(tval)}" if tval is not None and
                  ind.INDICATORS[map_key]["unit"] == "pct" else None)
        mmeta = tables.export_meta(info, "", period=period, level=level, within_name=where_name)
        with st.spinner("Menggambar peta…"):
            if fmt_ == "html":
                data = export.offline_map_html(full, level, within, map_key, mmeta, targets["coverage_target"],
                                               targets["activity_target"])
                mime = "text/html"
            else:
                data = staticmap.choropleth_image(full, level, map_key, mmeta, within=within,
                                                  target=tval if tlabel else None, target_label=tlabel, fmt_=fmt_,
                                                  size=charts.export_inches(staticmap.DPI))
                mime = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}[fmt_]
        st.session_state["rk_map_bytes"] = (data, fmt_, mime, f"jkn_peta_{map_key}_{level}_{within or 'ID'}_{period}")
    if "rk_map_bytes" in st.session_state:
        data, f, mime, stem2 = st.session_state["rk_map_bytes"]
        if f == "png":
            st.image(data, caption="Pratinjau (16:9, 2000 × 1125 px)")
        st.download_button(f"⬇️ Unduh peta ({f.upper()})", data, file_name=export.filename(stem2, ext=f), mime=mime,
                           key="rk_map_dl")
