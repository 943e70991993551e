"""Tren (trends): monthly lines for several regions with the targets, and the change between two periods.

The page shows the one view every page shares (:mod:`jkn_geo.ui.explorer.state`): the dataset,
the indicator, the selected region (or the regions compared here), the time range, the level,
province and periods of the change; its URL carries it."""
from __future__ import annotations

import streamlit as st

from jkn_geo import fmt
from jkn_geo.analysis import indicators as ind, ranking as analysis
from jkn_geo.config import LEVEL_LABELS, MAX_TREND_REGIONS, NATIONAL_CODE
from jkn_geo.geography.registry import get_registry
from jkn_geo.render import export, staticmap
from jkn_geo.text import Text, md_escape
from jkn_geo.ui import charts, tables, widgets as w
from jkn_geo.ui.explorer import controls, state as S

ADD_REGION = Text("Tambah wilayah", "add a region")
CHOSEN = Text("Wilayah yang dibandingkan", "regions compared")

w.page_setup("Tren", "📈")
store = w.get_store()
reg = get_registry()
ctx, view = S.page_view(store, reg)

st.sidebar.header("Tren")
info = w.dataset_picker(store)
dataset = info["name"]
targets = w.targets_control()
levels = w.level_options(store, dataset)
periods = store.periods(dataset)  # every month with figures at any level
view = S.publish(view, ctx)
controls.share_link(view, ctx, where=st.sidebar)

st.title("Tren dan perubahan")
w.synthetic_banner(info)
if not periods:
    st.info("Dataset ini belum punya angka (no figures).")
    st.stop()

tab_trend, tab_change = st.tabs(["Tren bulanan", "Perubahan antar dua periode"])

# ------------------------------------------------------------------ trend lines
with tab_trend:
    c1, c2 = st.columns([3, 1])
    key = c2.selectbox("Indikator", list(ind.INDICATORS), format_func=lambda k: ind.INDICATORS[k]["label_id"],
                       **S.bind("tr_ind", view.indicator, "indicator"))
    options = charts.region_options(store, dataset, reg, levels)
    codes = charts.chosen_regions(view, options, reg) or charts.default_regions(store, dataset, options)
    # one region is added at a time (a select box: Enter picks the highlighted match, never every
    # match); the chosen ones are removed in the box beside it
    c1.selectbox(ADD_REGION.both(), [c for c in options if c not in codes], index=None,
                 format_func=lambda c: options[c], placeholder="Ketik nama provinsi atau kabupaten/kota",
                 disabled=len(codes) >= MAX_TREND_REGIONS,
                 **S.bind("tr_add", None, "regions", lambda c, chosen=tuple(codes): chosen + ((c,) if c else ())))
    codes = c1.multiselect(CHOSEN.both(), codes, format_func=lambda c: options[c], placeholder="Pilih wilayah",
                           **S.bind("tr_regions", codes, "regions", tuple))
    if len(periods) > 1:
        lo = view.start if view.start in periods else periods[0]
        hi = view.end if view.end in periods else periods[-1]

        def _range(v):
            a, b = v
            return {"start": None if a == periods[0] else a, "end": None if b == periods[-1] else b}
        # value: makes it a range slider (the view sets it through the session state, too)
        start, end = st.select_slider("Rentang waktu", options=periods, value=(lo, hi),
                                      format_func=lambda p: fmt.fmt_period(p, short=True),
                                      **S.bind("tr_range", (lo, hi), "range", _range))
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
            made_for = (dataset, tuple(codes), key, start, end, tuple(tl))   # a PNG of another view is not offered
            if d1.button("Buat gambar grafik (PNG)", key="tr_png_make", icon=":material/image:"):
                st.session_state["tr_png"] = staticmap.trend_image(series, key, meta, targets=tl,
                                                                      size=charts.export_inches(staticmap.DPI))
                st.session_state["tr_png_for"] = made_for
            if "tr_png" in st.session_state and st.session_state.get("tr_png_for") == made_for:
                d1.download_button("⬇️ Unduh grafik (PNG)", st.session_state["tr_png"],
                                   file_name=export.filename("jkn_tren", key, start, end, ext="png"),
                                   mime="image/png", key="tr_png_dl")
            with st.expander("Tabel angka bulanan"):
                cols = ["name", "code", "period", key, "population", "registered", "active", "source"]
                tables.show_table(series, cols, max_height=420, pinned=("name",))
                tables.table_downloads(series[[c for c in cols if c in series.columns]], meta,
                                   f"jkn_tren_{key}_{start}_{end}", "tr")

# ------------------------------------------------------------------ change between two periods
with tab_change:
    c1, c2, c3 = st.columns([1, 1, 1])
    lv = view.level if view.level in levels else ("regency" if "regency" in levels else levels[0])
    level = c1.radio("Tingkat", levels, format_func=lambda v: LEVEL_LABELS[v].id, horizontal=True,
                     **S.bind("ch_level", lv, "level"))
    province = view.region.split(".")[0] if view.region and view.region != NATIONAL_CODE else None
    if level == "district":
        prefer = w.provinces_with_data(store, dataset, "district")
        within = w.province_picker(reg, where=c2, allow_all=False, prefer=prefer,
                                   **S.bind("ch_prov_d", province or (prefer[0] if prefer else
                                                                       reg.codes("province")[0]), "region"))
    elif level == "regency":
        within = w.province_picker(reg, where=c2, **S.bind("ch_prov", province or "", "region", lambda v: v or None))
    else:
        within = None
    ckey = c3.selectbox("Indikator", list(ind.INDICATORS), format_func=lambda k: ind.INDICATORS[k]["label_id"],
                        **S.bind("ch_ind", view.indicator, "indicator"))
    lp = ind.available_periods(store, dataset, level)
    if len(lp) < 2:
        st.info("Perlu setidaknya dua periode untuk melihat perubahan (two periods are needed).")
        st.stop()
    a = view.compare if view.compare in lp else lp[max(0, len(lp) - 13)]
    b = view.period if view.period in lp else lp[-1]
    p_from, p_to = st.select_slider("Dari … sampai", options=lp, value=(min(a, b), max(a, b)), format_func=lambda p: fmt.fmt_period(p, short=True),
                                    **S.bind("ch_range", (min(a, b), max(a, b)), "range",
                                             lambda v: {"compare": v[0], "period": v[1]}))
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
    tables.show_table(view, cols, max_height=420, pinned=("name",))
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
                                         title=f"{label} per {LEVEL_LABELS[level].id.lower()}",
                                         size=charts.export_inches(staticmap.DPI))
        st.image(png, caption="Oranye = turun, ungu = naik; abu-abu bergaris = tidak ada data di salah satu periode")
        st.download_button("⬇️ Unduh peta perubahan (PNG)", png,
                           file_name=export.filename("jkn_peta_perubahan", ckey, level, within or "ID", p_from, p_to,
                                                     ext="png"), mime="image/png", key="ch_png_dl")
    else:
        st.info("Tidak ada wilayah dengan data di kedua periode (no region has data in both periods).")
