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
#: the one view every page reads and writes, and whether this session has read its URL yet
VIEW = "jkn_view"
INIT = "jkn_init"
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
    """The consistency findings that mark regions (worst per region and period; none for
    synthetic data, see :func:`jkn_geo.ui.tables.dataset_flags`)."""
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


@st.cache_data(max_entries=32, show_spinner=False)
def district_parents(_store, digest, dataset) -> frozenset:
    """The regencies whose districts have figures in the dataset."""
    f = _store.figures(dataset, level="district")
    return frozenset(".".join(str(c).split(".")[:2]) for c in f["code"].unique())


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
    """The map's widgets for this run, from the one view (:func:`current_view`).

    On a session's first run the URL decides the view (on whichever page it was opened);
    Streamlit forgets a widget's value while another page is shown, so when the user comes back
    to the map its widgets are set again from the view the other pages kept (``jkn_view``)."""
    ss = st.session_state
    first = not ss.get(INIT)
    state = current_view(ctx)
    if first or K["ind"] not in ss:  # the first run, or back from another page
        write_state(state)
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
    """The map's widgets over the one view (which keeps the pages' fields: level, filter, …)."""
    ss = st.session_state
    base = ss.get(VIEW) or viewstate.ViewState(dataset=ss[K["ds"]])
    if base.dataset != ss[K["ds"]]:  # the compare period and the time range were the other dataset's
        base = base.with_(compare=None, start=None, end=None)
    return base.with_(dataset=ss[K["ds"]], indicator=ss[K["ind"]], period=ss.get(K["per"]),
                      region=ss.get(K["region"]), scheme=ss[K["cls"]], palette=ss[K["pal"]],
                      coverage_target=ss[K["tgt"]], basemap=bool(ss[K["bm"]]),
                      tolerance=int(ss.get(K["tol"]) or 0))


def set_region(code: str | None) -> None:
    """Select a region everywhere (the map's region, the pages' province, Tren's region)."""
    ss = st.session_state
    ss[K["region"]] = code
    if ss.get(VIEW) is not None and ss[VIEW].region != code:
        ss[VIEW] = ss[VIEW].with_(region=code, regions=())
    ss.pop("jkn_search_candidates", None)


# ---- the one view of every page -----------------------------------------------------------
def current_view(ctx: viewstate.ViewContext) -> viewstate.ViewState:
    """The view every page reads and writes (``jkn_view``): on a session's first run parsed from
    the URL the session was opened with (any page: :func:`widgets.page_setup` keeps it), then
    what the pages' controls wrote. A dataset chosen in a dataset picker (``SHARED_DS_KEY``) and
    the targets of the shared targets control are taken over."""
    ss = st.session_state
    if not ss.get(INIT):
        params = ss.get(widgets.FIRST_QUERY_KEY)
        if params is None:
            params = st.query_params.to_dict()
        state, notices = viewstate.parse_query(params, ctx)
        shared = ss.get(widgets.SHARED_DS_KEY)
        if "ds" not in params and shared in ctx.datasets:  # chosen before (a test, the front door)
            state = viewstate.with_dataset(state, shared, ctx)
        # the link's targets win; else the ones already chosen
        for qkey, plain, attr in (("tgt", widgets.COVERAGE_KEY, "coverage_target"),
                                  ("akt", widgets.ACTIVITY_KEY, "activity_target"),
                                  ("pbi", widgets.PBI_KEY, "pbi")):
            if qkey in params or plain not in ss:
                ss[plain] = getattr(state, attr)
        ss[INIT] = True
    else:
        notices = None
        state = ss.get(VIEW) or ctx.defaults()
    if state.dataset not in ctx.datasets:  # deleted meanwhile
        state = viewstate.with_dataset(state, ctx.default_dataset, ctx)
    shared = ss.get(widgets.SHARED_DS_KEY)
    if shared in ctx.datasets and shared != state.dataset:
        state = viewstate.with_dataset(state, shared, ctx)
    state = with_targets(viewstate.normalize(state, ctx))
    ss[VIEW] = state
    ss[widgets.SHARED_DS_KEY] = state.dataset
    if notices is not None:
        ss["jkn_notices"] = (state, notices)  # shown until the user changes the view
    return state


def with_targets(state: viewstate.ViewState) -> viewstate.ViewState:
    """``state`` with the targets of the shared targets control."""
    ss = st.session_state
    cov = ss.get(widgets.COVERAGE_KEY)
    return state.with_(coverage_target=cov if cov in COVERAGE_TARGETS else state.coverage_target,
                       activity_target=float(ss.get(widgets.ACTIVITY_KEY, state.activity_target)),
                       pbi=int(ss.get(widgets.PBI_KEY, state.pbi)))


def publish(state: viewstate.ViewState, ctx: viewstate.ViewContext) -> viewstate.ViewState:
    """Keep ``state`` as the one view and put it in this page's URL (every page carries it)."""
    ss = st.session_state
    state = with_targets(state)
    ss[VIEW] = state
    ss[widgets.SHARED_DS_KEY] = state.dataset
    q = viewstate.to_query(state, ctx)
    ss[widgets.QUERY_KEY] = q
    if st.query_params.to_dict() != q:
        st.query_params.from_dict(q)
    return state


def page_view(store, reg) -> tuple[viewstate.ViewContext, viewstate.ViewState]:
    """For an analyst page: what exists and the current view."""
    ctx = context(store, widgets.store_digest(store), reg)
    if not ctx.datasets:
        return ctx, viewstate.ViewState(dataset="")
    return ctx, current_view(ctx)


def bind(key: str, value, attr: str, convert=None) -> dict:
    """A page widget showing the view's ``attr``: its value is set from the view on every run
    (on another page the same key is a new widget) and a change writes the view back.
    Returns the keyword arguments for the widget (``key``, ``on_change``)."""
    st.session_state[key] = value

    def write():
        ss = st.session_state
        cur = ss.get(VIEW)
        if cur is None or key not in ss:
            return
        v = ss[key] if convert is None else convert(ss[key])
        if attr == "region":
            set_region(v)
        elif isinstance(v, dict):
            ss[VIEW] = cur.with_(**v)
        else:
            ss[VIEW] = cur.with_(**{attr: v})

    return {"key": key, "on_change": write}
