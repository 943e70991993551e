"""Tren (trends): monthly lines for several regions with the targets, and the change between two periods."""
from __future__ import annotations

import streamlit as st

from jkn_geo import fmt
from jkn_geo.analysis import indicators as ind, ranking as analysis
from jkn_geo.config import LEVEL_LABELS
from jkn_geo.geography.registry import get_registry
from jkn_geo.render import export, staticmap
from jkn_geo.text import md_escape
from jkn_geo.ui import charts, tables, widgets as w

w.page_setup("Tren", "📈")
store = w.get_store()
reg = get_registry()

st.sidebar.header("Tren")
info = w.dataset_picker(store)
dataset = info["name"]
targets = w.targets_control()
levels = w.level_options(store, dataset)
periods = store.periods(dataset)  # every month with figures at any level

st.title("Tren dan perubahan")
w.synthetic_banner(info)
if not periods:
    st.info("Dataset ini belum punya angka (no figures).")
    st.stop()

tab_trend, tab_change = st.tabs(["Tren bulanan", "Perubahan antar dua periode"])

# ------------------------------------------------------------------ trend lines
with tab_trend:
    c1, c2 = st.columns([3, 1])
    key = c2.selectbox("Indikator", list(ind.INDICATORS), key="tr_ind",
                       format_func=lambda k: ind.INDICATORS[k]["label_id"])
    options = charts.region_options(store, dataset, reg, levels)
    default = charts.default_regions(store, dataset, options)
    codes = c1.multiselect("Wilayah (bandingkan beberapa)", list(options), default=default, key="tr_regions",
                           format_func=lambda c: options[c], max_selections=8,
                           placeholder="Ketik nama provinsi atau kabupaten/kota")
    if len(periods) > 1:
        start, end = st.select_slider("Rentang waktu", options=periods, value=(periods[0], periods[-1]),
                                      format_func=lambda p: fmt.fmt_period(p, short=True), key="tr_range")
    else:
        start = end = periods[0]
    if not codes:
        st.info("Pilih satu atau beberapa wilayah (choose one or more regions).")
    else:
        series = analysis.series_table(store, dataset, codes, start, end, **targets)
        tl = charts.target_lines(key, targets)
        if series.empty or series[key].isna().all():
            st.info("Tidak ada data untuk wilayah dan rentang ini (no data for these regions and months).")
        else:
            st.altair_chart(charts.trend_chart(series, key, tl, w.is_synthetic(info)), width="stretch")
            missing = [options[c] for c in codes if c not in set(series.dropna(subset=[key])["code"])]
            if missing:
                st.caption("Tidak ada data: " + ", ".join(missing))
            rng = f"{fmt.fmt_period(start, short=True)} – {fmt.fmt_period(end, short=True)}"
            meta = tables.export_meta(info, f"{ind.INDICATORS[key]['label_id']}: tren bulanan", period=rng)
            st.caption(f"Sumber: {md_escape(info.get('source') or dataset)} · {rng} · garis terputus = bulan tanpa data "
                       "(a gap is a month without data)")
            d1, d2 = st.columns(2)
            if d1.button("🖼️ Buat gambar grafik (PNG)", key="tr_png_make"):
                st.session_state["tr_png"] = staticmap.trend_image(series, key, meta, targets=tl)
            if "tr_png" in st.session_state:
                d1.download_button("⬇️ Unduh grafik (PNG)", st.session_state["tr_png"],
                                   file_name=export.filename("jkn_tren", key, start, end, ext="png"),
                                   mime="image/png", key="tr_png_dl")
            with st.expander("Tabel angka bulanan"):
                cols = ["name", "code", "period", key, "population", "registered", "active", "source"]
                st.dataframe(tables.styled_table(series, cols), hide_index=True, width="stretch",
                             placeholder=fmt.NA_ID)
                tables.table_downloads(series[[c for c in cols if c in series.columns]], meta,
                                   f"jkn_tren_{key}_{start}_{end}", "tr")

# ------------------------------------------------------------------ change between two periods
with tab_change:
    c1, c2, c3 = st.columns([1, 1, 1])
    level = c1.radio("Tingkat", levels, index=levels.index("regency") if "regency" in levels else 0,
                     format_func=lambda lv: LEVEL_LABELS[lv].id, key="ch_level", horizontal=True)
    if level == "district":
        within = w.province_picker(reg, "ch_prov_d", where=c2, allow_all=False,
                                    prefer=w.provinces_with_data(store, dataset, "district"))
    elif level == "regency":
        within = w.province_picker(reg, "ch_prov", where=c2)
    else:
        within = None
    ckey = c3.selectbox("Indikator", list(ind.INDICATORS), key="ch_ind",
                        format_func=lambda k: ind.INDICATORS[k]["label_id"])
    lp = ind.available_periods(store, dataset, level)
    if len(lp) < 2:
        st.info("Perlu setidaknya dua periode untuk melihat perubahan (two periods are needed).")
        st.stop()
    p_from, p_to = st.select_slider("Dari … sampai", options=lp, value=(lp[max(0, len(lp) - 13)], lp[-1]),
                                    format_func=lambda p: fmt.fmt_period(p, short=True), key="ch_range")
    if p_from == p_to:
        st.info("Pilih dua periode yang berbeda (choose two different periods).")
        st.stop()
    ch = analysis.change_table(store, dataset, level, p_from, p_to, within=within, keys=[ckey], **targets)
    unit = analysis.change_unit(ckey)
    where_name = reg.name(within) if within else "Indonesia"
    valid = ch[f"{ckey}_change"].notna()
    st.caption(f"{ind.INDICATORS[ckey]['label_id']}: {fmt.fmt_period(p_from)} → {fmt.fmt_period(p_to)} · "
               f"{where_name} · {int(valid.sum())} dari {len(ch)} wilayah punya data di kedua periode · "
               f"perubahan dalam {'poin persentase (pp)' if unit == 'pp' else 'jiwa' if unit == 'people' else 'rupiah'}")
    if valid.any():
        up = int((ch[f'{ckey}_change'] > 0).sum())
        down = int((ch[f'{ckey}_change'] < 0).sum())
        m1, m2, m3 = st.columns(3)
        m1.metric("Naik", up)
        m2.metric("Turun", down)
        m3.metric("Median perubahan", charts.change_text(ch[f"{ckey}_change"].median(), unit))
    cols = ["name", "code", f"{ckey}_from", f"{ckey}_to", f"{ckey}_change", "registered_from", "registered_to",
            "registered_change", "active_change"]
    view = ch.sort_values(f"{ckey}_change", ascending=False, na_position="last")
    st.dataframe(tables.styled_table(view, cols), hide_index=True, width="stretch", height=420,
                 placeholder=fmt.NA_ID)
    rng = f"{fmt.fmt_period(p_from, short=True)} – {fmt.fmt_period(p_to, short=True)}"
    meta = tables.export_meta(info, f"Perubahan {ind.INDICATORS[ckey]['label_id'].lower()} — {where_name}", period=rng,
                          level=level, within_name=where_name)
    tables.table_downloads(view, meta, f"jkn_perubahan_{ckey}_{level}_{within or 'ID'}_{p_from}_{p_to}", "ch")
    st.markdown("**Peta perubahan**")
    if valid.any():
        label = f"Perubahan {ind.INDICATORS[ckey]['label_id'].lower()}"
        classes = staticmap.diverging_classes(ch[f"{ckey}_change"], unit)
        png = staticmap.choropleth_image(ch, level, f"{ckey}_change", meta, within=within, classes=classes,
                                         value_unit=unit, legend_title=label + (" (pp)" if unit == "pp" else ""),
                                         title=f"{label} per {LEVEL_LABELS[level].id.lower()}")
        st.image(png, caption="Oranye = turun, ungu = naik; abu-abu bergaris = tidak ada data di salah satu periode")
        st.download_button("⬇️ Unduh peta perubahan (PNG)", png,
                           file_name=export.filename("jkn_peta_perubahan", ckey, level, within or "ID", p_from, p_to,
                                                     ext="png"), mime="image/png", key="ch_png_dl")
    else:
        st.info("Tidak ada wilayah dengan data di kedua periode (no region has data in both periods).")
