"""Shared Streamlit helpers for every page: the store, the dataset picker, the synthetic banner.

    from jkn_geo.ui import common
    store = common.get_store()
    name = common.dataset_picker(store, key="my_page_ds")
    common.synthetic_banner(store, name)   # a no-op unless the dataset is synthetic
"""
from __future__ import annotations

import html

import streamlit as st

KIND_LABELS = {
    "published": ("angka terbit", "published figures"),
    "demo": ("DATA SINTETIS", "synthetic demo"),
    "imported": ("impor", "imported"),
}


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


def dataset_info(store, name: str) -> dict:
    df = datasets_frame(store)
    row = df[df["name"] == name]
    return row.iloc[0].to_dict() if len(row) else {"name": name, "kind": "imported"}


def is_synthetic(info: dict) -> bool:
    return info.get("kind") == "demo" or bool(info.get("is_synthetic", False))


def dataset_label(info: dict) -> str:
    """``'demo-sintetis · DATA SINTETIS'`` — the kind always shown beside the name."""
    kind = info.get("kind", "imported")
    kid, _ken = KIND_LABELS.get(kind, (kind, kind))
    if is_synthetic(info) and kind != "demo":
        kid = "DATA SINTETIS"
    return f"{info.get('name', '')} · {kid}"


def store_digest(store) -> str:
    """A value that changes whenever a dataset is written, renamed or deleted (for cache keys).

    Built from the dataset list (one small query); a dataset rewritten in place gets a new
    ``created_at``/``rows``/``version``.
    """
    df = datasets_frame(store)
    cols = [c for c in ("name", "rows", "created_at", "period_min", "period_max", "version") if c in df.columns]
    return str(df[cols].astype(str).values.tolist())


#: the dataset the user last chose, on the map or on any page (a plain key: Streamlit forgets a
#: widget's value while another page is shown, not this)
SHARED_DS_KEY = "jkn_dataset"


def dataset_picker(store, key: str, label: str = "Kumpulan data · Dataset", default: str | None = None,
                   container=None, on_change=None) -> str | None:
    """A selectbox of the store's datasets, labelled with their kind. Returns the chosen name."""
    box = container or st.sidebar
    df = datasets_frame(store)
    names = df["name"].tolist()
    if not names:
        box.warning("Belum ada kumpulan data. · No dataset yet.")
        return None
    infos = {r["name"]: r for r in df.to_dict("records")}
    if key in st.session_state and st.session_state[key] not in names:
        st.session_state[key] = default if default in names else names[0]
    idx = names.index(default) if default in names else 0
    kwargs = {} if key in st.session_state else {"index": idx}
    return box.selectbox(label, names, key=key, format_func=lambda n: dataset_label(infos.get(n, {"name": n})),
                         on_change=on_change, **kwargs)


def synthetic_banner(info: dict, container=None) -> None:
    """A prominent page banner when ``info`` describes synthetic data (no-op otherwise)."""
    if not is_synthetic(info):
        return
    box = container or st
    name = html.escape(str(info.get("name", "")))
    box.warning(f"**DATA SINTETIS — bukan angka resmi.** Kumpulan data `{name}` dibuat untuk demonstrasi. "
                f"· *Synthetic demo data, not official figures.*", icon="⚠️")


def source_line(info: dict) -> str:
    """'Sumber: … · Lisensi: …' as markdown-safe text (escaped)."""
    parts = []
    if info.get("source"):
        parts.append("Sumber · source: " + _md_escape(str(info["source"])))
    if info.get("licence"):
        parts.append("Lisensi · licence: " + _md_escape(str(info["licence"])))
    return " · ".join(parts)


def _md_escape(text: str) -> str:
    """Escape text for st.markdown / st.caption: no HTML, no markdown links or emphasis."""
    text = html.escape(text, quote=False)
    for ch in "\\`*_{}[]()#+-.!|~<>$":
        text = text.replace(ch, "\\" + ch)
    return text


md_escape = _md_escape


def show_notices(notices, lang: str = "id") -> None:
    for n in notices:
        st.info(n.text("id") + "  \n*" + n.text("en") + "*", icon="ℹ️")
