"""The map explorer page (``app.py``): controls, map with drill-down, details, shareable URL.

Thin: :mod:`.state` keeps the view (session and URL), :mod:`.controls` draws the sidebar,
search, breadcrumb and share link, :mod:`.details` the region's figures and the ranking table;
the rules are :mod:`jkn_geo.render.viewstate`'s, the classes :mod:`jkn_geo.analysis.classify`'s,
the map :mod:`jkn_geo.render.mapview`'s and the figures the data layer's.
"""
from __future__ import annotations

import streamlit as st

from jkn_geo.analysis import classify, indicators as ind
from jkn_geo.config import LEVEL_LABELS
from jkn_geo.fmt import fmt_period
from jkn_geo.render import assets, mapstyle, mapview, viewstate
from jkn_geo.text import Text, md_escape
from jkn_geo.ui import widgets
from jkn_geo.ui.explorer import controls, details, headline, state as S

MAP_HEIGHT = 600
NO_DATASET = Text("Tidak ada kumpulan data.", "No dataset.")
NO_REGENCY_DISTRICTS = Text("{name} tidak punya angka kecamatan dalam kumpulan data ini; angka kabupaten/kotanya "
                            "ditampilkan (di peta: disorot di antara kabupaten/kota provinsinya).",
                            "{name} has no district figures in this dataset; the regency's own figures are shown.")
NO_DISTRICTS = Text("Kumpulan data ini tidak punya angka kecamatan; kabupaten/kota induknya ditampilkan.",
                    "This dataset has no district figures; the parent regency is shown.")
FORMULA = Text("Rumus", "formula")
STATIC_OFF = Text("Penyajian berkas statis mati: jalankan `streamlit run app.py` dari folder repositori "
                  "(atau `--server.enableStaticServing true`). Peta memakai CDN.",
                  "Static serving is off; the map uses the CDN.")
OLDER_NOTICE = Text("{n} {what} memakai angka dari bulan sebelumnya (≤ {tol} bulan), digambar pucat bertitik",
                    "{n} {what} use an earlier month's figure (≤ {tol} months), drawn lighter with dots")
BAD_NOTICE = Text("{n} {what} bertanda ! angka tidak konsisten: pilih wilayahnya untuk melihat kedua angka",
                  "{n} {what} marked ! inconsistent: select it to see both values")
NO_ASSETS = Text("Aset peta (Leaflet) belum dipasang: peta memakai CDN dan butuh internet. "
                 "Jalankan `bash tools/install_assets.sh`.", "Map assets not installed; using the CDN.")


def render() -> None:
    store = widgets.get_store()
    reg = widgets.get_registry()
    digest = widgets.store_digest(store)
    ctx = S.context(store, digest, reg)
    if not ctx.datasets:
        st.error(NO_DATASET.both())
        return
    S.sync_view_state(ctx)
    if st.session_state.get(S.K["ds"]) not in ctx.datasets:
        st.session_state[S.K["ds"]] = ctx.default_dataset
    targets = controls.sidebar(store, ctx)
    controls.search(reg)

    state = S.read_state()
    info = widgets.dataset_info(store, state.dataset)
    has_districts = "district" in S.levels(store, digest, state.dataset)
    region = state.region if state.region in reg else None
    url_state, url_notices = st.session_state.get("jkn_notices") or (None, [])
    notices = list(url_notices) if url_state == state else []
    if url_state is not None and url_state != state:
        st.session_state["jkn_notices"] = None
    if region and reg.get(region).level == "district" and not has_districts:
        notices.append(viewstate.Notice("reg", region, NO_DISTRICTS.id, NO_DISTRICTS.en))
        region = reg.get(region).parent_code
    if region != state.region:
        st.session_state[S.K["region"]] = region
        state = state.with_(region=region)
    state = S.publish(state, ctx)

    widgets.synthetic_banner(info)
    widgets.show_notices(notices)
    if region is None:
        headline.render(store, digest, info, state.period, targets)

    if region and reg.get(region).level == "regency" and has_districts \
            and region not in S.district_parents(store, digest, state.dataset):
        has_districts = False   # this regency has none: its details, highlighted among its siblings
        name = md_escape(reg.get(region).name)
        st.info(f"{NO_REGENCY_DISTRICTS.id.format(name=name)}  \n*{NO_REGENCY_DISTRICTS.en.format(name=name)}*",
                icon=":material/info:")
    view = viewstate.map_view(region, lambda c: reg.get(c).level, lambda c: reg.get(c).parent_code, has_districts)
    meta = ind.INDICATORS[state.indicator]
    cov_t, act_t, pbi = targets["coverage_target"], targets["activity_target"], targets["pbi_rp"]
    table = S.table(store, digest, state.dataset, view.level, state.period, view.within, cov_t, act_t, pbi,
                    state.tolerance)
    target, target_kind, target_label = details.target_for(meta, cov_t, act_t)
    classes = classify.classify(table[state.indicator].tolist(), unit=meta["unit"], scheme=state.scheme,
                                palette=state.palette, target=target, target_kind=target_kind,
                                higher_is_better=meta.get("higher_is_better", True))
    ds_label = widgets.dataset_label(info)
    parent_name = reg.get(view.within).name if view.within else None
    geom = mapview.geometry(view.level, view.within)
    payload = mapview.style_payload(
        table, state.indicator, meta, classes, period=state.period, selected=view.highlight,
        dataset_label=ds_label, synthetic=widgets.is_synthetic(info), target_label=target_label, codes=geom.codes,
        title=mapview.title_html(LEVEL_LABELS[view.level].id, parent_name, ds_label))

    st.markdown(f"#### {md_escape(meta['label_id'])} · {md_escape(fmt_period(state.period))}"
                f" <span style='color:#666;font-size:0.8em'>{md_escape(meta['label_en'])}</span>",
                unsafe_allow_html=True)
    controls.breadcrumb(reg, region)

    left, right = st.columns([2.3, 1], gap="medium")
    with left:
        _marks_notice(table, state, view.level)
        clicked = _draw_map(view, state, payload)
        if clicked and clicked in reg and clicked != region:
            S.set_region(viewstate.after_click(region, clicked))
            st.rerun()
        src = widgets.source_line(info)
        st.caption(md_escape(ds_label) + (f" · {src}" if src else "")
                   + f" · {FORMULA.both()}: {md_escape(meta.get('formula', ''))}")
    with right:
        details.details(store, digest, reg, state, region, table, meta, targets)
        controls.share_link(state, ctx)

    details.ranking(table, state, meta, view)


def _marks_notice(table, state, level: str) -> None:
    """Above the map, in one box: how many regions show an earlier month's figure, and how many
    carry the inconsistency mark."""
    shown = table[table[state.indicator].notna()] if state.indicator in table.columns else table.iloc[:0]
    rows = shown.to_dict("records")
    n_old = sum(1 for r in rows if mapstyle.months_back(r))
    n_bad = sum(1 for r in rows if mapstyle.is_inconsistent(r))
    what = LEVEL_LABELS[level]
    lines = []
    if n_old:
        lines.append(f"{OLDER_NOTICE.id.format(n=n_old, what=what.id.lower(), tol=state.tolerance)} · "
                     f"*{OLDER_NOTICE.en.format(n=n_old, what=_en_count(what.en, n_old), tol=state.tolerance)}*")
    if n_bad:
        lines.append(f":red[**!**] {BAD_NOTICE.id.format(n=n_bad, what=what.id.lower())} · "
                     f"*{BAD_NOTICE.en.format(n=n_bad, what=_en_count(what.en, n_bad))}*")
    if lines:
        st.info("  \n".join(lines), icon=":material/history:")


def _en_count(plural: str, n: int) -> str:
    """'provinces' → 'province' for one (the level labels are plural)."""
    if n != 1:
        return plural
    return {"regencies/cities": "regency/city"}.get(plural, plural[:-1] if plural.endswith("s") else plural)


def _draw_map(view, state, payload) -> str | None:
    """Draw the map; return a region code if the user clicked a shape since the last run."""
    from streamlit_folium import st_folium

    urls = assets.urls(st.get_option("server.baseUrlPath") or "")
    if urls["local"] and not st.get_option("server.enableStaticServing"):
        # started without the repository's .streamlit/config.toml (another working directory)
        urls = {"js": [f"{assets.CDN}/leaflet.js"], "css": [f"{assets.CDN}/leaflet.css"], "local": False}
        st.warning(STATIC_OFF.both())
    elif not urls["local"]:
        st.warning(NO_ASSETS.both())
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
