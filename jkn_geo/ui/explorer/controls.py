"""The map explorer's controls: the sidebar (dataset, indicator, period, classes, palette,
targets, basemap), the region search, the breadcrumb and the share link."""
from __future__ import annotations

import streamlit as st

from jkn_geo.analysis import classify, indicators as ind
from jkn_geo.config import MAX_REGION_NAME_CHARS, TOLERANCE_CHOICES
from jkn_geo.render import viewstate
from jkn_geo.text import Text, md_escape
from jkn_geo.ui import widgets
from jkn_geo.ui.explorer.state import K, set_region, sync_tolerance

SHARE_KEY = "jkn_share_open"      # popover with the share link (built only when open)

TITLE = Text("Peta cakupan & keaktifan JKN", "JKN coverage & activity map")
INDICATOR = Text("Indikator", "Indicator")
NO_PERIODS = Text("Kumpulan data ini belum punya periode.", "This dataset has no periods.")
CLASSES = Text("Klasifikasi", "Classes")
PALETTE = Text("Palet warna", "Palette (aman buta warna)")
BASEMAP = Text("Peta dasar (perlu internet)", "Basemap (online only)")
SEARCH = Text("Cari wilayah", "Find a region")
SEARCH_GO = Text("Cari", "Search")
FOUND = Text("Ditemukan", "found")
SEVERAL = Text("Beberapa wilayah cocok, pilih satu", "several match:")
NOT_FOUND = Text("Tidak ditemukan", "not found")
SEARCH_TOO_LONG = Text("Teks pencarian terlalu panjang (batas {limit} karakter): tulis nama atau kode wilayah saja, "
                       "mis. Bandar Lampung atau 18.71.",
                       "The search text is too long (at most {limit} characters): write only a region's name or "
                       "code, e.g. Bandar Lampung or 18.71.")
BACK = Text("← Kembali", "")
UP = Text("Naik satu tingkat", "up one level")
SHOW_LINK = Text("Lihat tautan", "Show link")
LINK_HELP = Text("Tautan yang membuka kembali tampilan ini", "a link that reopens this view")
TOLERANCE = Text("Angka terdekat dalam … bulan", "closest figure within … months")
TOLERANCE_HELP = Text("Wilayah tanpa angka pada periode ini memakai angka terbarunya dari bulan-bulan sebelumnya "
                      "(paling jauh sebanyak ini), digambar lebih pucat dengan titik.",
                      "A region without a figure for this period shows its latest figure from up to this many "
                      "months earlier, drawn lighter with dots.")
TOLERANCE_OFF = Text("0 · hanya bulan ini", "this month only")
MONTHS = Text("bulan", "months")
THIS_VIEW = Text("Tampilan ini", "this view (dataset, indikator, periode, wilayah, kelas)")


def sidebar(store, ctx) -> dict:
    """The sidebar controls; returns the targets (the shared targets control)."""
    sb = st.sidebar
    sb.markdown("### JKN Atlas")
    sb.caption(TITLE.both())
    ds = widgets.dataset_picker(store, key=K["ds"], default=ctx.default_dataset, where=sb)["name"]
    periods = ctx.datasets.get(ds) or []
    sb.selectbox(INDICATOR.both(), list(ind.INDICATORS), key=K["ind"],
                 format_func=lambda k: f"{ind.INDICATORS[k]['label_id']} ({ind.INDICATORS[k]['label_en']})")
    widgets.period_slider(periods, K["per"], label=widgets.PERIOD_LABEL.both(), where=sb)
    sync_tolerance(ctx, ds)
    sb.selectbox(TOLERANCE.both(), list(TOLERANCE_CHOICES), key=K["tol"], help=TOLERANCE_HELP.both(),
                 format_func=lambda n: TOLERANCE_OFF.both() if not n else f"{n} {MONTHS.both()}")
    if not periods:
        sb.warning(NO_PERIODS.both())
    sb.selectbox(CLASSES.both(), list(classify.SCHEMES), key=K["cls"],
                 format_func=lambda s: f"{classify.SCHEMES[s]['label_id']} ({classify.SCHEMES[s]['label_en']})")
    sb.selectbox(PALETTE.both(), list(classify.PALETTES), key=K["pal"],
                 format_func=lambda s: f"{classify.PALETTES[s]['label_id']}")
    targets = widgets.targets_control(where=sb, expanded=True)
    sb.checkbox(BASEMAP.both(), key=K["bm"])
    return targets


def search(reg) -> None:
    ss = st.session_state
    with st.sidebar.form("jkn_search_form", clear_on_submit=False, border=False):
        text = st.text_input(SEARCH.both(), key="jkn_search", max_chars=MAX_REGION_NAME_CHARS,
                             placeholder="mis. Bandar Lampung, Kab. OKU Timur, 18.71")
        go = st.form_submit_button(SEARCH_GO.both())
    text = text or ""
    if go and len(text) > MAX_REGION_NAME_CHARS:   # max_chars is the browser's; a crafted request skips it
        ss.pop("jkn_search_candidates", None)
        ss["jkn_search_msg"] = ("none", SEARCH_TOO_LONG.format(limit=MAX_REGION_NAME_CHARS).both())
    elif go and text.strip():
        m = reg.match_region(text)
        if m.ok:
            set_region(m.code)
            ss["jkn_search_msg"] = ("ok", f"{FOUND.both()}: {m.name}")
        elif m.candidates:
            ss["jkn_search_candidates"] = [(c.code, c.name, c.province) for c in m.candidates[:8]]
            ss["jkn_search_msg"] = ("ambiguous", SEVERAL.both())
        else:
            ss.pop("jkn_search_candidates", None)
            ss["jkn_search_msg"] = ("none", f"{NOT_FOUND.both()}: {text}")
    msg = ss.get("jkn_search_msg")
    if msg:
        kind, txt = msg
        (st.sidebar.success if kind == "ok" else st.sidebar.info if kind == "ambiguous" else st.sidebar.warning)(
            md_escape(txt))
    for code, name, prov in ss.get("jkn_search_candidates", []):
        label = f"{name}" + (f" ({prov})" if prov else "") + f" · {code}"
        st.sidebar.button(label, key=f"jkn_cand_{code}", on_click=set_region, args=(code,))


def breadcrumb(reg, region: str | None) -> None:
    chain = reg.parent_chain(region) if region else []
    row = st.container(horizontal=True, vertical_alignment="center")
    if region:
        parent = chain[-2].code if len(chain) > 1 else None
        row.button(BACK.id, key="jkn_back", on_click=set_region, args=(parent,), help=UP.both())
    row.button("Indonesia", key="jkn_bc_root", on_click=set_region, args=(None,), type="tertiary",
               disabled=region is None)
    for i, r in enumerate(chain):
        row.markdown("›")
        row.button(r.name, key=f"jkn_bc_{i}", on_click=set_region, args=(r.code,), type="tertiary",
                   disabled=(i == len(chain) - 1))


def link_here(state, ctx) -> str:
    """The link that reopens ``state`` on this page (its path kept)."""
    try:
        base = st.context.url or ""
    except Exception:
        base = ""
    return viewstate.share_url(base or "http://localhost:8501/", state, ctx)


def share_link(state, ctx, where=None) -> None:
    """One click copies the link of this view; the popover shows it (built only when open)."""
    url = link_here(state, ctx)
    box = where or st.container()
    widgets.copy_link_button(url, where=box)
    # lazy: the code block (with its copy button) loads a 1.5 MB highlighter bundle in the
    # browser; built only when the popover is opened, it no longer delays the map's first draw
    pop = box.popover(SHOW_LINK.both(), key=SHARE_KEY, on_change="rerun", help=LINK_HELP.both())
    if pop.open:
        pop.caption(THIS_VIEW.both())
        pop.code(url, language=None, wrap_lines=True)
