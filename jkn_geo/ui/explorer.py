"""The map explorer page (``app.py``): controls, map with drill-down, details, shareable URL.

Thin: state lives in ``st.session_state`` (keys ``jkn_*``) and the URL; everything else is
:mod:`jkn_geo.render.viewstate`, :mod:`jkn_geo.analysis.classify`, :mod:`jkn_geo.render.mapview` and the data layer
(:mod:`jkn_geo.analysis.indicators`, :mod:`jkn_geo.figures.store`).
"""
from __future__ import annotations

import streamlit as st

from jkn_geo.render import assets
from jkn_geo.analysis import classify
from jkn_geo.render import mapview
from jkn_geo.render import viewstate
from jkn_geo.fmt import NA_ID, fmt_pct, fmt_people, fmt_period, fmt_rp, is_missing
from jkn_geo.ui import common

LEVEL_LABELS = {"province": ("Provinsi", "provinces"), "regency": ("Kabupaten/Kota", "regencies/cities"),
                "district": ("Kecamatan", "districts")}
K = {"ds": "jkn_ds", "ind": "jkn_ind", "per": "jkn_per", "cls": "jkn_cls", "pal": "jkn_pal",
     "tgt": "jkn_tgt", "bm": "jkn_bm", "region": "jkn_region"}
MAP_HEIGHT = 600
SHARE_KEY = "jkn_share_open"      # popover with the share link (built only when open)
RANKING_KEY = "jkn_rank_open"     # ranking-table expander (built only when open)


def _ind():
    from jkn_geo.analysis import indicators

    return indicators


# ---- cached data --------------------------------------------------------------------------
@st.cache_data(max_entries=128, show_spinner=False)
def _table(_store, digest, dataset, level, period, within, cov_t, act_t):
    ind = _ind()
    return ind.indicator_table(_store, dataset, level, period=period, within=within,
                               coverage_target=cov_t, activity_target=act_t)


@st.cache_data(max_entries=64, show_spinner=False)
def _series(_store, digest, dataset, code, cov_t, act_t):
    ind = _ind()
    try:
        return ind.region_series(_store, dataset, code, coverage_target=cov_t, activity_target=act_t)
    except TypeError:
        return ind.region_series(_store, dataset, code)


@st.cache_data(max_entries=32, show_spinner=False)
def _periods(_store, digest, dataset):
    return list(_store.periods(dataset))


@st.cache_data(max_entries=32, show_spinner=False)
def _levels(_store, digest, dataset):
    return list(_store.levels(dataset))


# ---- state ---------------------------------------------------------------------------------
def _context(store, digest, reg) -> viewstate.ViewContext:
    ind = _ind()
    df = common.datasets_frame(store)
    names = df["name"].tolist()
    from jkn_geo.figures import store as store_mod

    default = getattr(store_mod, "PUBLISHED_DATASET", None)
    if default not in names:
        default = names[0] if names else ""
    return viewstate.ViewContext(
        datasets={n: _periods(store, digest, n) for n in names},
        default_dataset=default,
        indicators=tuple(ind.INDICATORS),
        coverage_targets=tuple(ind.COVERAGE_TARGETS),
        region_exists=lambda c: c in reg,
    )


def _sync_view_state(ctx: viewstate.ViewContext) -> None:
    """The view for this run: on a session's first run the URL decides it (then the widgets own it).

    Streamlit forgets a widget's value while another page is shown, so the view is also kept
    under a plain key (``jkn_view``) and put back when the user returns to the map. The dataset
    is the one last chosen anywhere (``common.SHARED_DS_KEY``); a link's own ``ds`` wins."""
    ss = st.session_state
    if not ss.get("jkn_init"):
        state, notices = viewstate.parse_query(st.query_params.to_dict(), ctx)
        _write_state(state)
        # shown until the user changes the view (the map's first value also causes a rerun)
        ss["jkn_notices"] = (state, notices)
        ss["jkn_init"] = True
        if "ds" in st.query_params:  # the link names its dataset
            ss[common.SHARED_DS_KEY] = state.dataset
    else:
        saved = ss.get("jkn_view")
        if saved is not None and K["ind"] not in ss:  # back from another page
            _write_state(saved.with_(region=ss.get(K["region"], saved.region)))
    shared = ss.get(common.SHARED_DS_KEY)
    if shared in ctx.datasets and shared != ss.get(K["ds"]):
        ss[K["ds"]] = shared


def _write_state(state: viewstate.ViewState) -> None:
    ss = st.session_state
    ss[K["ds"]] = state.dataset
    ss[K["ind"]] = state.indicator
    ss[K["per"]] = state.period
    ss[K["cls"]] = state.scheme
    ss[K["pal"]] = state.palette
    ss[K["tgt"]] = state.coverage_target
    ss[K["bm"]] = state.basemap
    ss[K["region"]] = state.region


def _read_state() -> viewstate.ViewState:
    ss = st.session_state
    return viewstate.ViewState(dataset=ss[K["ds"]], indicator=ss[K["ind"]], period=ss.get(K["per"]),
                               region=ss.get(K["region"]), scheme=ss[K["cls"]], palette=ss[K["pal"]],
                               coverage_target=ss[K["tgt"]], basemap=bool(ss[K["bm"]]))


def set_region(code: str | None) -> None:
    st.session_state[K["region"]] = code
    st.session_state.pop("jkn_search_candidates", None)


# ---- sidebar -------------------------------------------------------------------------------
def _controls(store, ctx, digest) -> None:
    ind = _ind()
    sb = st.sidebar
    sb.markdown("### JKN Atlas")
    sb.caption("Peta cakupan & keaktifan JKN · JKN coverage & activity map")
    ds = common.dataset_picker(store, key=K["ds"], default=ctx.default_dataset,
                               on_change=lambda: st.session_state.update({common.SHARED_DS_KEY: st.session_state[K["ds"]]}))
    periods = ctx.datasets.get(ds) or []
    cur = st.session_state.get(K["per"])
    if periods and cur not in periods:
        st.session_state[K["per"]] = viewstate.nearest_period(cur, periods) if cur else periods[-1]
    opts = list(ind.INDICATORS)
    sb.selectbox("Indikator · Indicator", opts, key=K["ind"],
                 format_func=lambda k: f"{ind.INDICATORS[k]['label_id']} ({ind.INDICATORS[k]['label_en']})")
    if len(periods) > 1:
        sb.select_slider("Periode · Period", options=periods, key=K["per"],
                         format_func=lambda p: fmt_period(p, short=True))
    elif periods:
        st.session_state[K["per"]] = periods[0]
        sb.caption(f"Periode · period: **{fmt_period(periods[0])}** (satu-satunya · only one)")
    else:
        st.session_state[K["per"]] = None
        sb.warning("Kumpulan data ini belum punya periode. · This dataset has no periods.")
    sb.selectbox("Klasifikasi · Classes", list(classify.SCHEMES), key=K["cls"],
                 format_func=lambda s: f"{classify.SCHEMES[s]['label_id']} ({classify.SCHEMES[s]['label_en']})")
    sb.selectbox("Palet warna · Palette (aman buta warna)", list(classify.PALETTES), key=K["pal"],
                 format_func=lambda s: f"{classify.PALETTES[s]['label_id']}")
    sb.selectbox("Target cakupan · Coverage target", list(ind.COVERAGE_TARGETS), key=K["tgt"],
                 format_func=lambda t: fmt_pct(ind.COVERAGE_TARGETS[t], decimals=1).replace(",0 %", " %"))
    sb.caption(f"Target keaktifan · activity target: {fmt_pct(ind.ACTIVITY_TARGET, decimals=0)}")
    sb.checkbox("Peta dasar (perlu internet) · Basemap (online only)", key=K["bm"])


# ---- helpers (pure enough) -----------------------------------------------------------------
def _target_for(meta: dict, cov_t: float, act_t: float):
    t = meta.get("target")
    if t is None:
        return None, None, None
    if meta.get("unit") == "pct":
        value = cov_t if t == "coverage" else act_t
        return value, t, f"target {fmt_pct(value, decimals=1).replace(',0 %', ' %')}"
    return 0.0, t, "target tercapai"


def rank_among(table, code: str, indicator: str, higher_is_better: bool):
    """(rank, n) of ``code`` among the rows of ``table`` that have a value (1 = best)."""
    sub = table[["code", indicator]].dropna()
    if code not in set(sub["code"]):
        return None, len(sub)
    sub = sub.sort_values(indicator, ascending=not higher_is_better, kind="mergesort").reset_index(drop=True)
    vals = sub[indicator].tolist()
    v = vals[sub.index[sub["code"] == code][0]]
    better = sum(1 for x in vals if (x > v if higher_is_better else x < v))
    return better + 1, len(sub)


def _breadcrumb(reg, region: str | None) -> None:
    chain = reg.parent_chain(region) if region else []
    row = st.container(horizontal=True, vertical_alignment="center")
    if region:
        parent = chain[-2].code if len(chain) > 1 else None
        row.button("← Kembali", key="jkn_back", on_click=set_region, args=(parent,),
                   help="Naik satu tingkat · up one level")
    row.button("Indonesia", key="jkn_bc_root", on_click=set_region, args=(None,), type="tertiary",
               disabled=region is None)
    for i, r in enumerate(chain):
        row.markdown("›")
        row.button(r.name, key=f"jkn_bc_{i}", on_click=set_region, args=(r.code,), type="tertiary",
                   disabled=(i == len(chain) - 1))


def _search(reg) -> None:
    with st.sidebar.form("jkn_search_form", clear_on_submit=False, border=False):
        text = st.text_input("Cari wilayah · Find a region", key="jkn_search",
                             placeholder="mis. Bandar Lampung, Kab. OKU Timur, 18.71")
        go = st.form_submit_button("Cari · Search")
    if go and text.strip():
        m = reg.match_region(text)
        if m.ok:
            set_region(m.code)
            st.session_state["jkn_search_msg"] = ("ok", f"Ditemukan · found: {m.name}")
        elif m.candidates:
            st.session_state["jkn_search_candidates"] = [(c.code, c.name, c.province) for c in m.candidates[:8]]
            st.session_state["jkn_search_msg"] = ("ambiguous", "Beberapa wilayah cocok, pilih satu · several match:")
        else:
            st.session_state.pop("jkn_search_candidates", None)
            st.session_state["jkn_search_msg"] = ("none", f"Tidak ditemukan · not found: {text}")
    msg = st.session_state.get("jkn_search_msg")
    if msg:
        kind, txt = msg
        (st.sidebar.success if kind == "ok" else st.sidebar.info if kind == "ambiguous" else st.sidebar.warning)(
            common.md_escape(txt))
    for code, name, prov in st.session_state.get("jkn_search_candidates", []):
        label = f"{name}" + (f" ({prov})" if prov else "") + f" · {code}"
        st.sidebar.button(label, key=f"jkn_cand_{code}", on_click=set_region, args=(code,))


def _share_link(state, ctx) -> None:
    try:
        base = st.context.url or ""
    except Exception:
        base = ""
    url = viewstate.share_url(base or "http://localhost:8501/", state, ctx)
    # lazy: the code block (with its copy button) loads a 1.5 MB highlighter bundle in the
    # browser; built only when the popover is opened, it no longer delays the map's first draw
    pop = st.popover("Salin tautan · Copy link", key=SHARE_KEY, on_change="rerun",
                     help="Tautan yang membuka kembali tampilan ini · a link that reopens this view")
    if pop.open:
        pop.caption("Tampilan ini · this view (dataset, indikator, periode, wilayah, kelas)")
        pop.code(url, language=None, wrap_lines=True)


# ---- the page --------------------------------------------------------------------------------
def render() -> None:
    ind = _ind()
    store = common.get_store()
    reg = common.get_registry()
    digest = common.store_digest(store)
    ctx = _context(store, digest, reg)
    if not ctx.datasets:
        st.error("Tidak ada kumpulan data. · No dataset.")
        return
    _sync_view_state(ctx)
    if st.session_state.get(K["ds"]) not in ctx.datasets:
        st.session_state[K["ds"]] = ctx.default_dataset
    _controls(store, ctx, digest)
    _search(reg)

    state = _read_state()
    info = common.dataset_info(store, state.dataset)
    levels = _levels(store, digest, state.dataset)
    has_districts = "district" in levels
    region = state.region if state.region in reg else None
    url_state, url_notices = st.session_state.get("jkn_notices") or (None, [])
    notices = list(url_notices) if url_state == state else []
    if url_state is not None and url_state != state:
        st.session_state["jkn_notices"] = None
    if region and reg.get(region).level == "district" and not has_districts:
        up = reg.get(region).parent_code
        notices.append(viewstate.Notice("reg", region,
                                        "Kumpulan data ini tidak punya angka kecamatan; kabupaten/kota induknya ditampilkan.",
                                        "This dataset has no district figures; the parent regency is shown."))
        region = up
    if region != state.region:
        st.session_state[K["region"]] = region
        state = state.with_(region=region)
    st.query_params.from_dict(viewstate.to_query(state, ctx))
    st.session_state["jkn_view"] = state
    st.session_state[common.SHARED_DS_KEY] = state.dataset

    common.synthetic_banner(info)
    common.show_notices(notices)

    view = viewstate.map_view(region, lambda c: reg.get(c).level, lambda c: reg.get(c).parent_code, has_districts)
    meta = ind.INDICATORS[state.indicator]
    cov_t = ind.COVERAGE_TARGETS[state.coverage_target]
    act_t = ind.ACTIVITY_TARGET
    table = _table(store, digest, state.dataset, view.level, state.period, view.within, cov_t, act_t)
    target, target_kind, target_label = _target_for(meta, cov_t, act_t)
    classes = classify.classify(table[state.indicator].tolist(), unit=meta["unit"], scheme=state.scheme,
                                palette=state.palette, target=target, target_kind=target_kind,
                                higher_is_better=meta.get("higher_is_better", True))
    synthetic = common.is_synthetic(info)
    ds_label = common.dataset_label(info)
    parent_name = reg.get(view.within).name if view.within else None
    geom = mapview.geometry(view.level, view.within)
    payload = mapview.style_payload(
        table, state.indicator, meta, classes, period=state.period, selected=view.highlight,
        dataset_label=ds_label, synthetic=synthetic, target_label=target_label, codes=geom.codes,
        title=mapview.title_html(LEVEL_LABELS[view.level][0], parent_name, ds_label))

    st.markdown(f"#### {common.md_escape(meta['label_id'])} · {common.md_escape(fmt_period(state.period))}"
                f" <span style='color:#666;font-size:0.8em'>{common.md_escape(meta['label_en'])}</span>",
                unsafe_allow_html=True)
    _breadcrumb(reg, region)

    left, right = st.columns([2.3, 1], gap="medium")
    with left:
        clicked = _draw_map(view, state, payload)
        if clicked and clicked in reg and clicked != region:
            set_region(viewstate.after_click(region, clicked))
            st.rerun()
        src = common.source_line(info)
        st.caption(f"{common.md_escape(ds_label)}" + (f" · {src}" if src else "")
                   + f" · Rumus · formula: {common.md_escape(meta.get('formula', ''))}")
    with right:
        _details(store, digest, reg, state, region, view, table, meta, cov_t, act_t, classes)
        _share_link(state, ctx)

    _ranking(table, state, meta, view, reg)


def _draw_map(view, state, payload) -> str | None:
    """Draw the map; return a region code if the user clicked a shape since the last run."""
    from streamlit_folium import st_folium

    urls = assets.urls(st.get_option("server.baseUrlPath") or "")
    if urls["local"] and not st.get_option("server.enableStaticServing"):
        # started without the repository's .streamlit/config.toml (another working directory)
        urls = {"js": [f"{assets.CDN}/leaflet.js"], "css": [f"{assets.CDN}/leaflet.css"], "local": False}
        st.warning("Penyajian berkas statis mati: jalankan `streamlit run app.py` dari folder repositori "
                   "(atau `--server.enableStaticServing true`). Peta memakai CDN. · Static serving is off; "
                   "the map uses the CDN.")
    elif not urls["local"]:
        st.warning("Aset peta (Leaflet) belum dipasang: peta memakai CDN dan butuh internet. "
                   "Jalankan `bash tools/install_assets.sh`. · Map assets not installed; using the CDN.")
    m = mapview.build_base_map(view.level, view.within, basemap=state.basemap, assets=urls, height=MAP_HEIGHT)
    view_id = f"{view.level}|{view.within}|{int(state.basemap)}"
    out = st_folium(m, key="jkn_map", height=MAP_HEIGHT, use_container_width=True,
                    returned_objects=mapview.RETURNED_OBJECTS,
                    feature_group_to_add=mapview.style_group(payload))
    ss = st.session_state
    code, seen = viewstate.read_click(out, view_id, ss.get("jkn_view_rendered"), ss.get("jkn_click_seen"))
    ss["jkn_view_rendered"] = view_id
    ss["jkn_click_seen"] = seen
    return code


def _metric_value(row, key, unit):
    v = row.get(key)
    if is_missing(v):
        return NA_ID
    return mapview.fmt_value(v, unit)


def _details(store, digest, reg, state, region, view, table, meta, cov_t, act_t, classes) -> None:
    ind = _ind()
    if not region:
        st.markdown("**Indonesia** · 38 provinsi")
        have = table[state.indicator].notna().sum()
        st.caption(f"{have} dari {len(table)} provinsi punya data untuk periode ini · "
                   f"{have} of {len(table)} provinces have data for this period. "
                   "Klik provinsi di peta · click a province to drill down.")
        _jump_to_regions_with_data(table, state.indicator, meta)
        _status_counts(table)
        return
    r = reg.get(region)
    level_label = LEVEL_LABELS[r.level][0]
    st.markdown(f"**{common.md_escape(r.name)}** · {level_label} · `{r.code}`")
    parent = r.parent_code
    sib_table = _table(store, digest, state.dataset, r.level, state.period, parent, cov_t, act_t)
    rows = sib_table[sib_table["code"] == region]
    if not len(rows):
        st.info(NA_ID)
        return
    row = rows.iloc[0].to_dict()
    if is_missing(row.get(state.indicator)) and is_missing(row.get("coverage_pct")):
        st.info(f"**{NA_ID}** untuk {fmt_period(state.period)} · no data for this period.")
    lines = []
    for key, lab_id, lab_en in (("coverage_pct", "Cakupan", "coverage"), ("activity_pct", "Keaktifan", "activity"),
                                ("active_coverage_pct", "Cakupan aktif", "active coverage"),
                                ("to_enrol", "Perlu didaftarkan", "to enrol"),
                                ("to_activate", "Perlu diaktifkan", "to activate"),
                                ("gap_cost_rp", "Biaya celah setahun (PBI)", "yearly gap cost")):
        unit = ind.INDICATORS[key]["unit"]
        lines.append(f"| {lab_id} <span style='color:#777'>· {lab_en}</span> | **{_metric_value(row, key, unit)}** |")
    st.markdown(f"| {fmt_period(state.period)} | |\n|---|---|\n" + "\n".join(lines), unsafe_allow_html=True)
    extra = []
    if not is_missing(row.get("registered")):
        extra.append(f"terdaftar {fmt_people(row['registered'])}")
    if not is_missing(row.get("active")):
        extra.append(f"aktif {fmt_people(row['active'])}")
    if not is_missing(row.get("population")):
        extra.append(f"penduduk {fmt_people(row['population'])}")
    if extra:
        st.caption(" · ".join(extra))
    status = row.get("status")
    if status and status in ind.STATUS_LABELS:
        s = ind.STATUS_LABELS[status]
        st.markdown(f"Status: **{s['label_id']}** · *{s['label_en']}*")
    rank, n = rank_among(sib_table, region, state.indicator, meta.get("higher_is_better", True))
    parent_name = reg.get(parent).name if parent else "Indonesia"
    if rank:
        st.markdown(f"{common.md_escape(meta['label_id'])}: **peringkat {rank} dari {n}** di "
                    f"{common.md_escape(parent_name)} · rank {rank} of {n}")
    else:
        st.caption(f"Peringkat: {NA_ID} · no rank")
    series = _series(store, digest, state.dataset, region, cov_t, act_t)
    if series is not None and len(series) and state.indicator in series.columns:
        target, _, _ = _target_for(meta, cov_t, act_t)
        svg = mapview.sparkline_svg([str(p) for p in series["period"]], series[state.indicator].tolist(),
                                    meta["unit"], target if meta["unit"] == "pct" else None)
        if svg:
            st.caption(f"Tren · trend: {common.md_escape(meta['label_id'])}")
            st.markdown(svg, unsafe_allow_html=True)
    if isinstance(row.get("source"), str) and row["source"].strip():
        st.caption("Sumber · source: " + common.md_escape(str(row["source"])))
    if isinstance(row.get("note"), str) and row["note"].strip():
        st.caption("Catatan · note: " + common.md_escape(str(row["note"])))


FEW_WITH_DATA = 8  # at most this many regions with figures: list them, the map is mostly hatched


def _jump_to_regions_with_data(table, indicator: str, meta: dict) -> None:
    """When only a few regions have figures (e.g. published figures quoted in the news), list
    them as buttons that open them, so nobody has to hunt for the coloured shapes."""
    rows = table[table[indicator].notna()]
    if not 0 < len(rows) <= FEW_WITH_DATA:
        return
    st.caption("Wilayah yang punya data · regions with figures:")
    for r in rows.sort_values("name").to_dict("records"):
        st.button(f"{r['name']} · {mapview.fmt_value(r[indicator], meta['unit'])}", key=f"jkn_have_{r['code']}",
                  on_click=set_region, args=(r["code"],))


def _status_counts(table) -> None:
    ind = _ind()
    if "status" not in table.columns:
        return
    counts = table["status"].value_counts(dropna=False)
    lines = []
    for key, lab in ind.STATUS_LABELS.items():
        lines.append(f"- {lab['label_id']}: **{int(counts.get(key, 0))}**")
    missing = int(table["status"].isna().sum())
    lines.append(f"- {NA_ID}: **{missing}**")
    st.markdown("\n".join(lines))


def _ranking(table, state, meta, view, reg) -> None:
    import pandas as pd

    # lazy: built (and the table bundle loaded in the browser) only when opened
    exp = st.expander(f"Tabel peringkat · ranking table ({len(table)} {LEVEL_LABELS[view.level][0].lower()})",
                      key=RANKING_KEY, on_change="rerun")
    if not exp.open:
        return
    with exp:
        unit = meta["unit"]
        cols = list(dict.fromkeys(["code", "name", state.indicator, "coverage_pct", "activity_pct",
                                   "registered", "population"]))
        df = table[cols].copy()
        df = df.sort_values(state.indicator, ascending=not meta.get("higher_is_better", True), na_position="last")
        columns = {"Kode": df["code"], "Wilayah": df["name"],
                   meta["label_id"]: [mapview.fmt_value(v, unit) for v in df[state.indicator]]}
        for key, label in (("coverage_pct", "Cakupan"), ("activity_pct", "Keaktifan")):
            if key != state.indicator:  # the indicator itself is already the third column
                columns[label] = [fmt_pct(v) for v in df[key]]
        columns["Terdaftar"] = [fmt_people(v) for v in df["registered"]]
        columns["Penduduk"] = [fmt_people(v) for v in df["population"]]
        shown = pd.DataFrame(columns)
        st.dataframe(shown, hide_index=True, width="stretch", placeholder=NA_ID)
        if unit == "rp":
            st.caption(f"Total: {fmt_rp(table[state.indicator].sum(min_count=1))}")
