"""The widgets every page shares (the map and the analyst pages): the store and the region
registry, the dataset picker with its kind, the synthetic-data banner, the targets control,
the period slider, the province picker and the notices.

    from jkn_geo.ui import widgets as w
    store = w.get_store()
    info = w.dataset_picker(store)          # the dataset last chosen anywhere (map or page)
    w.synthetic_banner(info)                # a no-op unless the dataset is synthetic
    targets = w.targets_control()           # coverage / activity target, PBI contribution

Choices that must survive a page switch (dataset, targets) are kept under plain session keys
(Streamlit forgets a widget's value while another page is shown) and copied into the widgets.
"""
from __future__ import annotations

import streamlit as st

from jkn_geo import fmt
from jkn_geo.config import (
    ACTIVITY_TARGET,
    COVERAGE_TARGET_LABELS,
    COVERAGE_TARGETS,
    DEFAULT_COVERAGE_TARGET,
    DEMO_DATASET,
    KIND_LABELS,
    LEVELS,
    PBI_CONTRIBUTION_RP,
    SYNTHETIC_LABEL,
)
from jkn_geo.render import viewstate
from jkn_geo.text import Text, md_escape

#: the dataset the user last chose, on the map or on any page (a plain key)
SHARED_DS_KEY = "jkn_dataset"
#: the targets last chosen, on the map or on any page (plain keys; the coverage target by its URL key)
COVERAGE_KEY = "jkn_coverage_target"
ACTIVITY_KEY = "jkn_activity_target"
PBI_KEY = "jkn_pbi_rp"
#: the query string a session was opened with (read into the one view on its first run, on
#: whichever page) and the view's query string last written (put back on pages that have no
#: view controls, so every page's URL carries the view)
FIRST_QUERY_KEY = "jkn_first_query"
QUERY_KEY = "jkn_query"
#: the widgets' own keys (the map's coverage target is also in its URL: ``tgt``)
TARGET_WIDGETS = {COVERAGE_KEY: "jkn_tgt", ACTIVITY_KEY: "jkn_at_w", PBI_KEY: "jkn_pbi_w"}

DATASET_LABEL = Text("Kumpulan data", "Dataset")
NO_DATASET = Text("Belum ada kumpulan data.", "No dataset yet.")
SYNTHETIC_WORDING = Text("DATA SINTETIS", "synthetic")
TARGETS_HEADING = Text("Target & iuran", "Targets & contribution")
COVERAGE_TARGET_LABEL = Text("Target cakupan", "Coverage target")
ACTIVITY_TARGET_LABEL = Text("Target keaktifan (%)", "Activity target (%)")
PBI_LABEL = Text("Iuran PBI (Rp per orang per bulan)", "PBI contribution (Rp per person per month)")
PERIOD_LABEL = Text("Periode", "Period")
ALL_PROVINCES = Text("Semua provinsi", "All provinces")
PROVINCE_LABEL = Text("Provinsi", "Province")


def page_setup(title: str, icon: str = "🗺️") -> None:
    """Page config, and the one view's URL: a session's first URL is kept for the view (read
    by the first page that needs it); a page opened from the menu (which drops the query
    string) gets the view's query string back."""
    st.set_page_config(page_title=f"{title} · JKN Atlas", page_icon=icon, layout="wide")
    ss = st.session_state
    if not ss.get("jkn_init"):
        ss.setdefault(FIRST_QUERY_KEY, st.query_params.to_dict())
    elif ss.get(QUERY_KEY) and not st.query_params.to_dict():
        st.query_params.from_dict(ss[QUERY_KEY])


# ---- store and registry ---------------------------------------------------------------------
def get_store():
    """The process-wide :class:`jkn_geo.figures.store.Store` (created with the shipped datasets if missing).

    A busy or damaged store file stops the page with its message (what happened, what to
    do) instead of a traceback; nothing is cached then, so the next run tries again.
    """
    from jkn_geo.figures.shipped import open_store
    from jkn_geo.figures.store import StoreError

    try:
        return open_store()  # cached per path and process by the store module
    except StoreError as exc:
        st.error(str(exc))
        st.stop()


@st.cache_resource(show_spinner="Memuat daftar wilayah…")
def get_registry():
    from jkn_geo.geography.registry import get_registry as _get

    return _get()


def datasets_frame(store):
    """The store's dataset list (fresh each run: imports may add datasets)."""
    return store.datasets()


def figure_datasets(store):
    """The datasets that can be mapped and ranked: all but population tables (those only lend
    their populations to the others, for the periods they cover)."""
    df = datasets_frame(store)
    return df[df["kind"] != "population"].reset_index(drop=True)


def dataset_info(store, name: str) -> dict:
    df = datasets_frame(store)
    row = df[df["name"] == name]
    return row.iloc[0].to_dict() if len(row) else {"name": name, "kind": "imported"}


def is_synthetic(info: dict) -> bool:
    return info.get("kind") == "demo" or bool(info.get("is_synthetic", False))


def kind_label(info: dict, lang: str = "id") -> str:
    """The dataset's kind in words (``'sintetis (demo)'``); synthetic data of another kind says so too."""
    kind = info.get("kind") or "imported"
    label = KIND_LABELS[kind].get(lang) if kind in KIND_LABELS else str(kind)
    if info.get("is_synthetic") and kind != "demo":
        label += " · " + Text("sintetis", "synthetic").get(lang)
    return label


def dataset_label(info: dict) -> str:
    """``'demo-sintetis · sintetis (demo)'`` — the kind always shown beside the name."""
    return f"{info.get('name', '')} · {kind_label(info)}"


def store_digest(store) -> str:
    """A value that changes whenever a dataset is written, renamed or deleted (for cache keys).

    Built from the dataset list (one small query); a dataset rewritten in place gets a new
    ``created_at``/``rows``/``version``.
    """
    df = datasets_frame(store)
    cols = [c for c in ("name", "rows", "created_at", "period_min", "period_max", "version") if c in df.columns]
    return str(df[cols].astype(str).values.tolist())


# ---- dataset ----------------------------------------------------------------------------------
def dataset_picker(store, key: str = "jkn_dataset_w", default: str | None = None, where=None) -> dict:
    """A select box of the store's datasets, labelled with their kind; returns the chosen
    dataset's info dict. It shows the dataset last chosen anywhere (``SHARED_DS_KEY``), else the
    URL's ``ds``, else ``default`` (else the demo, else the first)."""
    where = where or st.sidebar
    ss = st.session_state
    df = figure_datasets(store)
    if df.empty:
        where.warning(NO_DATASET.both())
        st.stop()
    names = df["name"].tolist()
    infos = {r["name"]: r for r in df.to_dict("records")}
    current = ss.get(SHARED_DS_KEY)
    qp = st.query_params.get("ds")
    if current not in names and qp in names:
        current = qp
    if current not in names:
        current = default if default in names else DEMO_DATASET if DEMO_DATASET in names else names[0]
    ss[key] = current  # always: on another page the same key is a new widget
    choice = where.selectbox(DATASET_LABEL.both(), names, key=key,
                             format_func=lambda n: dataset_label(infos.get(n, {"name": n})),
                             on_change=lambda: ss.update({SHARED_DS_KEY: ss[key]}))
    ss[SHARED_DS_KEY] = choice
    return dict(infos[choice])


def synthetic_banner(info: dict, container=None) -> None:
    """A prominent page banner when ``info`` describes synthetic data (no-op otherwise)."""
    if not is_synthetic(info):
        return
    box = container or st
    box.warning(f"**{SYNTHETIC_LABEL.id}.** Kumpulan data «{md_escape(info.get('name', ''))}» dibuat untuk "
                f"demonstrasi, bukan angka BPJS Kesehatan atau Dinas Kesehatan. · *{SYNTHETIC_LABEL.en}.*",
                icon="⚠️")


def source_line(info: dict) -> str:
    """'Sumber · source: … · Lisensi · licence: …' as markdown-safe text (escaped)."""
    parts = []
    if info.get("source"):
        parts.append(Text("Sumber", "source").both() + ": " + md_escape(info["source"]))
    if info.get("licence"):
        parts.append(Text("Lisensi", "licence").both() + ": " + md_escape(info["licence"]))
    return " · ".join(parts)


def show_notices(notices) -> None:
    for n in notices:
        st.info(n.text("id") + "  \n*" + n.text("en") + "*", icon="ℹ️")


# ---- targets ---------------------------------------------------------------------------------
def _coverage_key(value) -> str:
    """The URL key of a coverage target (a key of ``config.COVERAGE_TARGETS``) from a key or a number; the default if unknown."""
    if value in COVERAGE_TARGETS:
        return value
    for k, v in COVERAGE_TARGETS.items():
        if isinstance(value, (int, float)) and float(value) == v:
            return k
    return next(k for k, v in COVERAGE_TARGETS.items() if v == DEFAULT_COVERAGE_TARGET)


def targets_control(where=None, expanded: bool = False) -> dict:
    """The one control of the coverage target (98 / 98,6 / 95 %), the activity target and the
    PBI contribution, on the map and on every page: a value set anywhere is used everywhere.
    Returns ``{"coverage_target", "activity_target", "pbi_rp"}`` (numbers)."""
    where = where or st.sidebar
    ss = st.session_state
    defaults = {COVERAGE_KEY: _coverage_key(ss.get(TARGET_WIDGETS[COVERAGE_KEY])), ACTIVITY_KEY: float(ACTIVITY_TARGET),
                PBI_KEY: int(PBI_CONTRIBUTION_RP)}
    for plain, widget in TARGET_WIDGETS.items():
        value = ss.get(plain, defaults[plain])
        if plain == COVERAGE_KEY:
            value = _coverage_key(value)
        ss[plain] = value
        ss[widget] = value  # always: on another page the same key is a new widget

    def keep(plain):
        return lambda: ss.update({plain: ss[TARGET_WIDGETS[plain]]})

    with where.expander(TARGETS_HEADING.both(), expanded=expanded):
        cov = st.selectbox(COVERAGE_TARGET_LABEL.both(), list(COVERAGE_TARGETS), key=TARGET_WIDGETS[COVERAGE_KEY],
                           format_func=lambda k: COVERAGE_TARGET_LABELS[COVERAGE_TARGETS[k]].id,
                           on_change=keep(COVERAGE_KEY))
        act = st.number_input(ACTIVITY_TARGET_LABEL.both(), min_value=0.0, max_value=100.0, step=1.0,
                              key=TARGET_WIDGETS[ACTIVITY_KEY], on_change=keep(ACTIVITY_KEY), format="%g")
        pbi = st.number_input(PBI_LABEL.both(), min_value=0, step=1000, key=TARGET_WIDGETS[PBI_KEY],
                              on_change=keep(PBI_KEY))
        # the inputs cannot write Indonesian numbers: the values once more, as the UI writes them
        st.caption(f"{COVERAGE_TARGET_LABEL.id} {target_text(float(COVERAGE_TARGETS[cov]))} · "
                   f"{ACTIVITY_TARGET_LABEL.id.replace(' (%)', '')} {target_text(float(act))} · "
                   f"iuran PBI Rp {fmt.fmt_int(pbi)} per orang per bulan")
    ss[COVERAGE_KEY], ss[ACTIVITY_KEY], ss[PBI_KEY] = cov, act, pbi
    return {"coverage_target": float(COVERAGE_TARGETS[cov]), "activity_target": float(act), "pbi_rp": float(pbi)}


def target_text(value: float) -> str:
    """``'98 %'``, ``'98,6 %'``: a target as the UI writes it."""
    return fmt.fmt_pct(value, 1 if value % 1 else 0)


# ---- periods, levels, regions -------------------------------------------------------------
def level_options(store, dataset: str) -> list[str]:
    """Levels the dataset can show (a level is available when it or a level below has figures)."""
    have = set(store.levels(dataset))
    deepest = max((LEVELS.index(lv) for lv in have if lv in LEVELS), default=-1)
    return list(LEVELS[: deepest + 1]) or ["province"]


def period_slider(periods: list[str], key: str = "period", label: str = PERIOD_LABEL.id, where=None,
                  default: str | None = None, on_change=None):
    """A period slider kept on a period the data has: a value it lacks moves to the nearest
    one (``default`` or the latest at first). One period: a caption; none: ``None``."""
    where = where or st.sidebar
    ss = st.session_state
    if not periods:
        ss[key] = None
        return None
    if len(periods) == 1:
        ss[key] = periods[0]
        where.caption(f"{label}: **{fmt.fmt_period(periods[0])}** "
                      f"({Text('satu-satunya', 'only one').both()})")
        return periods[0]
    cur = ss.get(key)
    if cur not in periods:
        ss[key] = viewstate.nearest_period(cur, periods) if cur else (default if default in periods else periods[-1])
    return where.select_slider(label, options=periods, key=key, format_func=lambda p: fmt.fmt_period(p, short=True),
                               on_change=on_change)


def province_picker(registry, key: str = "province", where=None, label: str = PROVINCE_LABEL.id, allow_all: bool = True,
                    prefer: list[str] | None = None, on_change=None):
    """Province select box (None: all provinces); ``prefer``: provinces to offer first (e.g. those with data).
    Its session value is ``""`` for all provinces."""
    where = where or st.sidebar
    provs = registry.codes("province")
    if prefer:
        provs = [p for p in provs if p in prefer] + [p for p in provs if p not in prefer]
    # "" (not None) for all provinces: a None value would show Streamlit's English placeholder
    opts = ([""] if allow_all else []) + provs
    if key in st.session_state and (st.session_state[key] or "") not in opts:
        st.session_state[key] = opts[0]
    elif key in st.session_state and st.session_state[key] is None:
        st.session_state[key] = ""
    return where.selectbox(label, opts, format_func=lambda c: registry.name(c) if c else ALL_PROVINCES.id,
                           key=key, on_change=on_change) or None


def provinces_with_data(store, dataset: str, level: str) -> list[str]:
    """Provinces that have figures of ``level`` in the dataset (district tables go province by province)."""
    f = store.figures(dataset, level=level)
    return sorted({str(c).split(".")[0] for c in f["code"].unique()})


# ---- source text and links -------------------------------------------------------------------
def md_plain(text) -> str:
    """Data text shown as itself in markdown (:func:`~jkn_geo.text.md_escape`), with URLs in it
    kept as plain text: the renderer would otherwise turn ``https://…`` into a link whose
    address carries the escaping backslashes (``href="https://teraskabar%5C.id/…"``)."""
    return md_escape(text).replace("://", ":&#47;&#47;")


def safe_url(url) -> str | None:
    """``url`` when it is an absolute http(s) address without spaces or control characters,
    with the characters an address may not hold percent-encoded; else None (``javascript:``,
    relative, malformed)."""
    import re
    from urllib.parse import quote, urlsplit

    if not isinstance(url, str):
        return None
    u = url.strip()
    if not re.match(r"^https?://", u, re.IGNORECASE) or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in u):
        return None
    try:
        parts = urlsplit(u)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return quote(u, safe=":/?#[]@!$&'()*+,;=%~-._")


def link_md(url, label: str | None = None) -> str:
    """A clickable link for Streamlit markdown (``unsafe_allow_html=True``) to an http(s) URL,
    built as an escaped ``<a>`` (the URL never goes through markdown escaping); its text is
    ``label`` or the site's name, markdown-escaped. ``''`` when the URL is not a safe http(s) one."""
    from urllib.parse import urlsplit

    from jkn_geo.render.htmlsafe import esc

    u = safe_url(url)
    if not u:
        return ""
    host = urlsplit(u).hostname or ""
    text = label if label else (host[4:] if host.startswith("www.") else host) + " ↗"
    return f'<a href="{esc(u)}" target="_blank" rel="noopener noreferrer nofollow">{md_plain(text)}</a>'


# ---- sharing ------------------------------------------------------------------------------------
COPY_LINK = Text("Salin tautan", "Copy link")
COPIED = Text("Tautan tersalin", "copied")
COPY_HEIGHT = 44


def copy_link_button(url: str, where=None) -> None:
    """One click copies ``url`` (the link that reopens this page's view) to the clipboard; where
    the browser refuses, the link is offered in a box to copy by hand."""
    from importlib.resources import files

    from streamlit.components.v1 import html

    from jkn_geo.render.htmlsafe import esc, js_json

    program = files("jkn_geo.ui").joinpath("copy_link.js").read_text(encoding="utf-8")
    config = js_json({"url": url, "copied": COPIED.both(), "label": COPY_LINK.both()})
    doc = (f'<button id="b" type="button" title="{esc(url)}" style="font:15px \'Source Sans Pro\',sans-serif;'
           "width:100%;padding:7px 10px;border:1px solid rgba(49,51,63,.25);border-radius:8px;background:#fff;"
           f'color:#31333f;cursor:pointer;white-space:nowrap;overflow:hidden;text-overflow:ellipsis">{esc(COPY_LINK.both())}</button>'
           f"<script>{program}({config});</script>")
    with where or st.container():
        html(doc, height=COPY_HEIGHT)
