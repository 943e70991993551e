"""The front door: for published figures, the latest national coverage and activity with
their source and date, one line saying what the data is, and the next steps (the synthetic demo,
importing one's own table). Real and synthetic data each have one wording everywhere:
``config.KIND_LABELS``."""
from __future__ import annotations

import streamlit as st

from jkn_geo.analysis import indicators as ind
from jkn_geo.config import DEFAULT_TOLERANCE_PUBLISHED, DEMO_DATASET, KIND_LABELS, NATIONAL_CODE
from jkn_geo.fmt import fmt_pct, fmt_period, is_missing
from jkn_geo.text import Text, md_escape
from jkn_geo.ui import widgets
from jkn_geo.ui.explorer import state as S

NATIONAL_COVERAGE = Text("Cakupan nasional", "national coverage")
NATIONAL_ACTIVITY = Text("Keaktifan nasional", "national activity")
WHAT_PUBLISHED = Text("Angka terbit: angka JKN yang dikutip dari berita dan rilis resmi, masing-masing dengan "
                      "sumber, tanggal dan kalimatnya; wilayah tanpa angka bulan ini memakai angka terbarunya.",
                      "Published figures: JKN figures quoted from news and official releases, each with its "
                      "source, date and sentence; regions without a figure this month show their latest.")
TRY_DEMO = Text("Coba data sintetis (demo)", "try the synthetic demo")
IMPORT_OWN = Text("Impor tabel Anda", "import your own table")
NO_FIGURE = Text("belum ada angka", "no figure yet")
ORIGIN_WORDS = {"computed": Text("dihitung", "computed"), "converted": Text("dikonversi", "converted")}


def national(store, digest: str, dataset: str, period: str | None, targets: dict) -> dict[str, dict]:
    """For coverage and activity, the national figure shown on the front door: the newest one
    stated by a source within the published tolerance before ``period``, else the newest value
    computed there. ``{indicator: row}`` (the row of the national series it comes from)."""
    if not period:
        return {}
    series = S.series(store, digest, dataset, NATIONAL_CODE, targets["coverage_target"],
                      targets["activity_target"], targets["pbi_rp"])
    if not len(series):
        return {}
    first = ind.months_before(period, DEFAULT_TOLERANCE_PUBLISHED)[0]
    window = series[(series["period"] <= period) & (series["period"] >= first)].sort_values("period")
    out = {}
    for key in ("coverage_pct", "activity_pct"):
        have = window[window[key].notna()]
        stated = have[have[f"{key}_origin"] == "stated"]
        pick = stated if len(stated) else have
        if len(pick):
            out[key] = pick.iloc[-1].to_dict() | {"months_back": ind.months_between(pick.iloc[-1]["period"], period)}
    return out


def render(store, digest: str, info: dict, period: str | None, targets: dict) -> None:
    """Only for a published dataset at the country view (nothing selected)."""
    if info.get("kind") != "published":
        return
    rows = national(store, digest, info["name"], period, targets)
    cols = st.columns([1, 1, 1.6], gap="small")
    for col, key, label in ((cols[0], "coverage_pct", NATIONAL_COVERAGE), (cols[1], "activity_pct", NATIONAL_ACTIVITY)):
        row = rows.get(key)
        value = None if row is None else row.get(key)
        with col:
            if is_missing(value):
                st.metric(label.both(), NO_FIGURE.id)
                continue
            st.metric(label.both(), fmt_pct(value))
            st.caption(_provenance(row, key), unsafe_allow_html=True)
    with cols[2]:
        st.caption(f"**{md_escape(KIND_LABELS['published'].id)}** · {WHAT_PUBLISHED.id}  \n*{WHAT_PUBLISHED.en}*")
        a, b = st.columns(2)
        if DEMO_DATASET in widgets.figure_datasets(store)["name"].tolist():
            a.button(TRY_DEMO.id, help=TRY_DEMO.en, key="jkn_try_demo", on_click=_to_demo)
        b.page_link("pages/3_Data.py", label=IMPORT_OWN.id, help=IMPORT_OWN.en)


def _to_demo() -> None:
    """Runs before the next run's widgets exist, so the dataset picker can still be set."""
    st.session_state[widgets.SHARED_DS_KEY] = DEMO_DATASET
    st.session_state[S.K["ds"]] = DEMO_DATASET


def _provenance(row: dict, key: str) -> str:
    """'Mei 2025 · Tribun Sumsel, 2025-05-20' (+ how it was computed, when it was)."""
    parts = [fmt_period(row.get("period"))]
    if row.get("source"):
        parts.append(widgets.md_plain(row["source"]))
    link = widgets.link_md(row.get("source_url"))
    if link:
        parts.append(link)
    origin = row.get(f"{key}_origin")
    if origin in ORIGIN_WORDS:
        parts.append(f"{ORIGIN_WORDS[origin].id}: {md_escape(row.get(f'{key}_how') or '')}")
    if row.get("months_back"):
        parts.append(f"{int(row['months_back'])} bulan sebelumnya")
    return " · ".join(parts)

