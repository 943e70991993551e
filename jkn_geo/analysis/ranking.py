"""Analysis over indicator tables: rank among siblings, change between two periods, filters.

Everything here works on the DataFrames that :func:`jkn_geo.analysis.indicators.indicator_table` and
:func:`jkn_geo.analysis.indicators.region_series` return (one row per region, or per region and period),
so the pure functions can be tested with hand-made frames::

    cur = indicator_table(store, "demo", "regency", period="2025-07")
    old = indicator_table(store, "demo", "regency", period="2024-07")
    t = add_sibling_rank(cur, "coverage_pct")          # rank, rank_of ("peringkat 3 dari 15")
    t = add_change(t, old, ["coverage_pct"])            # coverage_pct_prev, coverage_pct_change (pp)
    t = filter_table(t, province="18", statuses=["neither"])

The store-facing helpers (:func:`ranking_table`, :func:`series_table`, :func:`change_table`) only
call the data layer and then these functions.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from jkn_geo.config import ACTIVITY_TARGET, DEFAULT_COVERAGE_TARGET

if TYPE_CHECKING:
    from jkn_geo.figures.store import Store

#: the eight indicators, in display order (the data layer's ``INDICATORS`` has their metadata)
INDICATOR_KEYS = ("coverage_pct", "activity_pct", "active_coverage_pct", "unregistered", "inactive",
                  "to_enrol", "to_activate", "gap_cost_rp")
#: counts whose change is also shown (in people)
COUNT_KEYS = ("population", "registered", "active")


def indicator_info(key: str) -> dict[str, object]:
    """Metadata of one indicator (label_id, label_en, unit, target, higher_is_better, formula)."""
    from jkn_geo.analysis.indicators import INDICATORS

    if key not in INDICATORS:
        raise KeyError(f"unknown indicator {key!r}; known: {', '.join(INDICATORS)}")
    return INDICATORS[key]


def _higher_is_better(key: str, higher_is_better: bool | None) -> bool:
    if higher_is_better is not None:
        return bool(higher_is_better)
    try:
        return bool(indicator_info(key)["higher_is_better"])
    except (ImportError, KeyError):
        return key in ("coverage_pct", "activity_pct", "active_coverage_pct")


def change_unit(key: str) -> str:
    """Unit of a change in ``key``: ``'pp'`` for percentages, ``'people'``, or ``'rp'``."""
    if key in COUNT_KEYS:
        return "people"
    try:
        unit = indicator_info(key)["unit"]
    except (ImportError, KeyError):
        unit = "pct" if key.endswith("_pct") else ("rp" if key.endswith("_rp") else "people")
    return "pp" if unit == "pct" else unit


# ---------------------------------------------------------------- ranking
def add_sibling_rank(df: pd.DataFrame, key: str, higher_is_better: bool | None = None,
                     group: str = "parent_code") -> pd.DataFrame:
    """Add ``rank`` and ``rank_of``: the rank of each region among its siblings (same parent).

    Rank 1 is the best (highest value when higher is better, lowest otherwise); ties share the
    best rank ("min" method). Regions without a value get no rank (``<NA>``) and do not count in
    ``rank_of``. Provinces (parent ``None``) are all siblings of each other.
    """
    out = df.copy()
    hib = _higher_is_better(key, higher_is_better)
    grp = out[group].fillna("") if group in out.columns else pd.Series("", index=out.index)
    vals = pd.to_numeric(out[key], errors="coerce")
    out["rank"] = vals.groupby(grp).rank(method="min", ascending=not hib).astype("Int64")
    out["rank_of"] = vals.notna().groupby(grp).transform("sum").astype("Int64")
    out.loc[vals.isna(), "rank_of"] = pd.NA
    return out


def add_national_rank(df: pd.DataFrame, key: str, higher_is_better: bool | None = None) -> pd.DataFrame:
    """Add ``rank_nat`` and ``rank_nat_of``: the rank among every row of ``df`` (all regions of
    the level in the country), beside the rank among siblings."""
    t = add_sibling_rank(df.drop(columns=["rank", "rank_of"], errors="ignore"), key, higher_is_better,
                         group="__all__")
    out = df.copy()
    out["rank_nat"] = t["rank"].to_numpy()
    out["rank_nat_of"] = t["rank_of"].to_numpy()
    return out


def rank_label(rank: float | None, of: float | None, lang: str = "id") -> str:
    """``peringkat 32 dari 38`` / ``rank 32 of 38``; ``tidak ada data`` when there is no rank."""
    if rank is None or of is None or pd.isna(rank) or pd.isna(of):
        return "tidak ada data" if lang == "id" else "no data"
    return f"peringkat {int(rank)} dari {int(of)}" if lang == "id" else f"rank {int(rank)} of {int(of)}"


# ---------------------------------------------------------------- change between periods
def add_change(current: pd.DataFrame, previous: pd.DataFrame | None,
               keys: Iterable[str] = ("coverage_pct", "activity_pct"),
               counts: Iterable[str] = ("registered", "active")) -> pd.DataFrame:
    """Join an earlier period's values and the change to it, per region (by ``code``).

    For every key: ``<key>_prev`` and ``<key>_change`` (percentage points for percentages, people
    for counts, rupiah for money). ``period_prev`` tells which period was compared. A region
    missing in either period has a NaN change — never zero.
    """
    out = current.copy()
    keys, counts = list(keys), list(counts)
    cols = [c for c in dict.fromkeys(keys + counts) if c in out.columns]
    if previous is None or previous.empty:
        out["period_prev"] = None
        for c in cols:
            out[f"{c}_prev"] = np.nan
            out[f"{c}_change"] = np.nan
        return out
    prev = previous[["code", "period"] + [c for c in cols if c in previous.columns]].copy()
    prev = prev.drop_duplicates("code").set_index("code")
    idx = out["code"]
    out["period_prev"] = idx.map(prev["period"]).to_numpy()
    for c in cols:
        before = pd.to_numeric(idx.map(prev[c]), errors="coerce").to_numpy(dtype=float) \
            if c in prev.columns else np.full(len(out), np.nan)
        now = pd.to_numeric(out[c], errors="coerce").to_numpy(dtype=float)
        out[f"{c}_prev"] = before
        out[f"{c}_change"] = now - before
    return out


def change_between(first: pd.DataFrame, second: pd.DataFrame,
                   keys: Sequence[str] = ("coverage_pct", "activity_pct"),
                   counts: Sequence[str] = ("registered", "active")) -> pd.DataFrame:
    """Change from ``first`` (earlier period) to ``second`` (later), one row per region.

    Columns: code, name, parent_code, period_from, period_to and, per key or count,
    ``<key>_from``, ``<key>_to``, ``<key>_change``.
    """
    t = add_change(second, first, keys, counts)
    base = [c for c in ("code", "name", "level", "parent_code") if c in t.columns]
    out = t[base].copy()
    out["period_from"] = t["period_prev"]
    out["period_to"] = t["period"] if "period" in t.columns else None
    for c in dict.fromkeys(list(keys) + list(counts)):
        if c not in t.columns:
            continue
        out[f"{c}_from"] = t[f"{c}_prev"]
        out[f"{c}_to"] = pd.to_numeric(t[c], errors="coerce")
        out[f"{c}_change"] = t[f"{c}_change"]
    return out


# ---------------------------------------------------------------- filters
def in_province(codes: pd.Series, province: str) -> pd.Series:
    """True for the province itself and every region inside it (by code prefix)."""
    p = str(province)
    codes = codes.astype(str)
    return (codes == p) | codes.str.startswith(p + ".")


def filter_table(df: pd.DataFrame, province: str | None = None, statuses: Iterable[str] | None = None,
                 with_data_only: bool = False, text: str | None = None) -> pd.DataFrame:
    """Rows inside ``province`` (code), with a status in ``statuses``, optionally only regions
    with data, and whose name contains ``text`` (case-insensitive)."""
    mask = pd.Series(True, index=df.index)
    if province:
        mask &= in_province(df["code"], province)
    if statuses is not None:
        statuses = list(statuses)
        mask &= df["status"].isin(statuses)
    if with_data_only:
        cols = [c for c in ("coverage_pct", "activity_pct") if c in df.columns]
        if cols:
            mask &= df[cols].notna().any(axis=1)
    if text:
        mask &= df["name"].astype(str).str.contains(str(text), case=False, regex=False, na=False)
    return df[mask]


def below_target(df: pd.DataFrame, which: str | None, coverage_target: float, activity_target: float) -> pd.Series:
    """Rows below a target: ``"cov"`` coverage below ``coverage_target``, ``"act"`` activity below
    ``activity_target``, ``"both"`` below both; ``None``/``""``: every row. A region without the
    value is never "below" (no figure is not zero)."""
    cov = pd.to_numeric(df["coverage_pct"], errors="coerce") < coverage_target if "coverage_pct" in df else \
        pd.Series(False, index=df.index)
    act = pd.to_numeric(df["activity_pct"], errors="coerce") < activity_target if "activity_pct" in df else \
        pd.Series(False, index=df.index)
    if not which:
        return pd.Series(True, index=df.index)
    if which == "cov":
        return cov
    if which == "act":
        return act
    if which == "both":
        return cov & act
    raise ValueError(f"unknown target filter {which!r}")


#: the columns summed by :func:`totals`
TOTAL_KEYS = ("to_enrol", "to_activate", "gap_cost_rp")


def totals(df: pd.DataFrame) -> dict[str, float]:
    """The totals row of a (filtered) table: how many regions, people to enrol, people to
    activate, yearly cost; sums over the rows that have the value (NaN when none has it)."""
    out: dict[str, float] = {"regions": int(len(df))}
    for k in TOTAL_KEYS:
        vals = pd.to_numeric(df[k], errors="coerce") if k in df.columns else pd.Series(dtype=float)
        out[k] = float(vals.sum(min_count=1)) if len(vals) else float("nan")
    return out


def display_order(df: pd.DataFrame) -> pd.DataFrame:
    """Regions with a rank first, grouped by parent, best rank first; regions without data last."""
    key = df["rank"].isna() if "rank" in df.columns else pd.Series(False, index=df.index)
    cols = [c for c in ("parent_code", "rank", "name") if c in df.columns]
    return (df.assign(_nodata=key).sort_values(["_nodata"] + cols, na_position="last", kind="stable")
            .drop(columns="_nodata"))


def periods_between(periods: Iterable[str], start: str | None = None, end: str | None = None) -> list[str]:
    """The sorted periods (``YYYY-MM``) from ``start`` to ``end`` inclusive."""
    ps = sorted({str(p)[:7] for p in periods if p is not None and not (isinstance(p, float) and np.isnan(p))})
    return [p for p in ps if (start is None or p >= start) and (end is None or p <= end)]


def summary(df: pd.DataFrame, key: str, target: float | None = None) -> dict[str, float]:
    """Counts for a caption: regions, with data, meeting the target, median value."""
    vals = pd.to_numeric(df[key], errors="coerce")
    hib = _higher_is_better(key, None)
    out = {"regions": int(len(df)), "with_data": int(vals.notna().sum()),
           "median": float(vals.median()) if vals.notna().any() else float("nan")}
    if target is not None:
        out["meeting_target"] = int(((vals >= target) if hib else (vals <= target)).sum())
    return out


# ---------------------------------------------------------------- store-facing helpers
def _targets(kw: dict[str, float]) -> dict[str, float]:
    return {k: kw[k] for k in ("coverage_target", "activity_target", "pbi_rp") if k in kw}


def ranking_table(store: Store, dataset: str, level: str, period: str | None = None, within: str | None = None,
                  rank_by: str = "coverage_pct", compare_period: str | None = None,
                  province: str | None = None, statuses: Iterable[str] | None = None,
                  with_data_only: bool = False, tolerance_months: int = 0, flags: pd.DataFrame | None = None,
                  target_filter: str | None = None, national_rank: bool = False,
                  **targets: float) -> pd.DataFrame:
    """The Peringkat table: every indicator, rank among siblings by ``rank_by``, change since
    ``compare_period`` (pp and people), then filtered. Ranks are computed before filtering, so a
    filtered row keeps its rank among all its siblings. ``tolerance_months``: the closest
    available value; ``flags``: consistency findings to mark (see :func:`indicators.add_findings`);
    ``target_filter``: ``cov``/``act``/``both`` (:func:`below_target`); ``national_rank``: also
    ``rank_nat``/``rank_nat_of``, the rank among every region of the level in the country (for
    regencies inside one province the whole country's regencies are ranked, then filtered)."""
    from jkn_geo.analysis.indicators import add_findings, indicator_table

    whole = national_rank and level == "regency" and within is not None
    scope = None if whole else within
    t = indicator_table(store, dataset, level, period=period, within=scope, tolerance_months=tolerance_months,
                        **_targets(targets))
    t = add_findings(t, flags)
    t = add_sibling_rank(t, rank_by)
    if national_rank:
        t = add_national_rank(t, rank_by)
    if whole:
        t = t[in_province(t["code"], within)].reset_index(drop=True)
    keys = list(dict.fromkeys([rank_by, "coverage_pct", "activity_pct"]))
    prev = None
    if compare_period:
        prev = indicator_table(store, dataset, level, period=compare_period, within=within, **_targets(targets))
    t = add_change(t, prev, keys, ("registered", "active"))
    t = filter_table(t, province=province, statuses=statuses, with_data_only=with_data_only)
    if target_filter:
        t = t[below_target(t, target_filter, float(targets.get("coverage_target", DEFAULT_COVERAGE_TARGET)),
                           float(targets.get("activity_target", ACTIVITY_TARGET)))]
    return t.reset_index(drop=True)


def change_table(store: Store, dataset: str, level: str, period_from: str, period_to: str,
                 within: str | None = None, keys: Sequence[str] = ("coverage_pct", "activity_pct"),
                 **targets: float) -> pd.DataFrame:
    """Change between two periods for every region of ``level`` (see :func:`change_between`)."""
    from jkn_geo.analysis.indicators import indicator_table

    a = indicator_table(store, dataset, level, period=period_from, within=within, **_targets(targets))
    b = indicator_table(store, dataset, level, period=period_to, within=within, **_targets(targets))
    return change_between(a, b, keys)


def series_table(store: Store, dataset: str, codes: Sequence[str], start: str | None = None, end: str | None = None,
                 **targets: float) -> pd.DataFrame:
    """Monthly rows for several regions, stacked (one row per region and period)."""
    from jkn_geo.analysis.indicators import region_series

    frames = []
    for code in codes:
        s = region_series(store, dataset, code, **_targets(targets))
        if s is None or s.empty:
            continue
        s = s.copy()
        if "code" not in s.columns:
            s["code"] = code
        s["period"] = s["period"].astype(str).str[:7]
        frames.append(s)
    if not frames:
        return pd.DataFrame(columns=["code", "name", "period"] + list(INDICATOR_KEYS))
    out = pd.concat(frames, ignore_index=True)
    keep = out["period"].isin(periods_between(out["period"], start, end))
    return out[keep].sort_values(["code", "period"]).reset_index(drop=True)


def projection_table(store: Store, dataset: str, level: str, period: str, key: str = "coverage_pct",
                     within: str | None = None, target: float | None = None, **targets: float) -> pd.DataFrame:
    """The projection of every region of ``level`` (see :mod:`jkn_geo.analysis.projection`):
    the monthly figures of the 12 months up to ``period`` (one indicator table per month with
    figures), then one least-squares line per region. ``key``: coverage_pct or activity_pct."""
    from jkn_geo.analysis.indicators import available_periods, indicator_panel
    from jkn_geo.analysis.projection import project_table
    from jkn_geo.config import PROJECTION_WINDOW_MONTHS

    y, m = (int(x) for x in str(period)[:7].split("-"))
    first = y * 12 + m - 1 - (PROJECTION_WINDOW_MONTHS - 1)
    start = f"{first // 12:04d}-{first % 12 + 1:02d}"
    months = periods_between(available_periods(store, dataset, level), start, period)
    stacked = indicator_panel(store, dataset, level, months, within=within, **_targets(targets))[["code", "period", key]]
    if target is None:
        target = float(targets.get("activity_target", ACTIVITY_TARGET) if key == "activity_pct"
                       else targets.get("coverage_target", DEFAULT_COVERAGE_TARGET))
    return project_table(stacked, key, target, _higher_is_better(key, None))
