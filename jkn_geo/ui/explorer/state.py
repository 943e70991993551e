"""The map explorer's state: session keys, cached data, the view read from the URL and kept
across pages, the region selection.

State lives in ``st.session_state`` (keys ``jkn_*``) and the URL; the rules are
:mod:`jkn_geo.render.viewstate`'s.
"""
from __future__ import annotations

import streamlit as st

from jkn_geo.analysis import indicators as ind
from jkn_geo.config import COVERAGE_TARGETS, PUBLISHED_DATASET
from jkn_geo.render import viewstate
from jkn_geo.ui import tables, widgets

#: session keys of the view; the coverage target's widget is the shared targets control's
K = {"ds": "jkn_ds", "ind": "jkn_ind", "per": "jkn_per", "cls": "jkn_cls", "pal": "jkn_pal",
     "tgt": widgets.TARGET_WIDGETS[widgets.COVERAGE_KEY], "bm": "jkn_bm", "region": "jkn_region",
     "tol": "jkn_tol"}
#: the dataset the tolerance control was last set for (another dataset starts from its own default)
TOL_FOR = "jkn_tol_for"


# ---- cached data --------------------------------------------------------------------------
@st.cache_data(max_entries=128, show_spinner=False)
def table(_store, digest, dataset, level, period, within, cov_t, act_t, pbi, tol=0):
    t = ind.indicator_table(_store, dataset, level, period=period, within=within,
                            coverage_target=cov_t, activity_target=act_t, pbi_rp=pbi,
                            tolerance_months=int(tol or 0))
    return ind.add_findings(t, findings(_store, digest, dataset))


def findings(store, digest, dataset):
    """The consistency findings that mark regions (worst per region and period); synthetic data
    is not checked (its figures contradict nothing real)."""
    if store.is_synthetic(dataset):
        return None
    return tables.dataset_flags(store, dataset, digest)


@st.cache_data(max_entries=64, show_spinner=False)
def statements(_store, digest, dataset, code, period):
    """The figures of one region and period as they were stated (empty for table rows)."""
    return _store.statements(dataset, code=code, period=period)


@st.cache_data(max_entries=64, show_spinner=False)
def series(_store, digest, dataset, code, cov_t, act_t, pbi):
    return ind.region_series(_store, dataset, code, coverage_target=cov_t, activity_target=act_t, pbi_rp=pbi)


@st.cache_data(max_entries=32, show_spinner=False)
def periods(_store, digest, dataset):
    return list(_store.periods(dataset))


@st.cache_data(max_entries=32, show_spinner=False)
def levels(_store, digest, dataset):
    return list(_store.levels(dataset))


# ---- the view ------------------------------------------------------------------------------
def context(store, digest, reg) -> viewstate.ViewContext:
    frame = widgets.figure_datasets(store)
    names = frame["name"].tolist()
    default = PUBLISHED_DATASET if PUBLISHED_DATASET in names else (names[0] if names else "")
    return viewstate.ViewContext(
        datasets={n: periods(store, digest, n) for n in names},
        default_dataset=default,
        indicators=tuple(ind.INDICATORS),
        coverage_targets=tuple(COVERAGE_TARGETS),
        region_exists=lambda c: c in reg,
        dataset_kinds=dict(zip(frame["name"], frame["kind"])),
    )


def sync_tolerance(ctx: viewstate.ViewContext, dataset: str) -> None:
    """Another dataset than the one the tolerance was chosen for: start from its default
    (12 months for published figures, 0 otherwise)."""
    ss = st.session_state
    if ss.get(TOL_FOR) != dataset or K["tol"] not in ss:
        ss[K["tol"]] = ctx.default_tolerance(dataset)
        ss[TOL_FOR] = dataset


def sync_view_state(ctx: viewstate.ViewContext) -> None:
    """The view for this run: on a session's first run the URL decides it (then the widgets own it).

    Streamlit forgets a widget's value while another page is shown, so the view is also kept
    under a plain key (``jkn_view``) and put back when the user returns to the map. The dataset
    is the one last chosen anywhere (``widgets.SHARED_DS_KEY``); a link's own ``ds`` wins. The
    targets are the shared ones (``widgets.targets_control``)."""
    ss = st.session_state
    if not ss.get("jkn_init"):
        state, notices = viewstate.parse_query(st.query_params.to_dict(), ctx)
        write_state(state)
        # shown until the user changes the view (the map's first value also causes a rerun)
        ss["jkn_notices"] = (state, notices)
        ss["jkn_init"] = True
        if "ds" in st.query_params:  # the link names its dataset
            ss[widgets.SHARED_DS_KEY] = state.dataset
        if "tgt" in st.query_params:  # and its coverage target
            ss[widgets.COVERAGE_KEY] = state.coverage_target
    else:
        saved = ss.get("jkn_view")
        if saved is not None and K["ind"] not in ss:  # back from another page
            write_state(saved.with_(region=ss.get(K["region"], saved.region)))
    shared = ss.get(widgets.SHARED_DS_KEY)
    if shared in ctx.datasets and shared != ss.get(K["ds"]):
        ss[K["ds"]] = shared


def write_state(state: viewstate.ViewState) -> None:
    ss = st.session_state
    ss[K["ds"]] = state.dataset
    ss[K["ind"]] = state.indicator
    ss[K["per"]] = state.period
    ss[K["cls"]] = state.scheme
    ss[K["pal"]] = state.palette
    ss[K["tgt"]] = state.coverage_target
    ss[K["bm"]] = state.basemap
    ss[K["region"]] = state.region
    ss[K["tol"]] = state.tolerance
    ss[TOL_FOR] = state.dataset


def read_state() -> viewstate.ViewState:
    ss = st.session_state
    return viewstate.ViewState(dataset=ss[K["ds"]], indicator=ss[K["ind"]], period=ss.get(K["per"]),
                               region=ss.get(K["region"]), scheme=ss[K["cls"]], palette=ss[K["pal"]],
                               coverage_target=ss[K["tgt"]], basemap=bool(ss[K["bm"]]),
                               tolerance=int(ss.get(K["tol"]) or 0))


def set_region(code: str | None) -> None:
    st.session_state[K["region"]] = code
    st.session_state.pop("jkn_search_candidates", None)
