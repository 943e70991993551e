"""JKN indicators: the formulas, and the per-region table the map and the tables show.

Formulas (all percentages in percent, 0–100+; counts are people)::

    coverage_pct         = registered / population × 100           (cakupan kepesertaan)
    activity_pct         = active / registered × 100               (keaktifan peserta)
    active_coverage_pct  = active / population × 100               (cakupan peserta aktif)
    unregistered         = max(0, population − registered)         (penduduk belum terdaftar)
    inactive             = registered − active                     (peserta tidak aktif)
    to_enrol             = max(0, ⌈coverage_target % × population − registered⌉)
    to_activate          = max(0, ⌈activity_target % × registered − active⌉)
    gap_cost_rp          = to_enrol × PBI contribution × 12        (yearly, Rp)
    status               = both | coverage_only | activity_only | neither
                           (coverage_pct ≥ coverage target, activity_pct ≥ activity target;
                           None when either percentage is unknown)

When a source gave only a percentage (``*_pct_given`` columns) and the counts to compute it
are missing, the percentage is shown **as given**; the people counts then stay unknown.

Aggregation (:func:`indicator_table`): a region without its own row in the dataset gets the
**sums of the counts** of its children, and only when every child has that count for the
period; percentages are then computed from the sums — never averaged. Percentage-only
figures are never aggregated. The population is the reference population (registry) unless
the data supplies one, which then wins (``population_source = "data"``). A source that gives
registered participants and a coverage percentage but no population implies its population
(registered ÷ coverage, ``population_source = "implied"``). A percentage the source gave
against its own population is shown as given rather than recomputed against the reference.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

# COVERAGE_TARGETS is re-exported (the UI, the CLI and the tests read indicators.COVERAGE_TARGETS)
from jkn_geo.config import (  # noqa: F401
    ACTIVITY_TARGET,
    ALL_LEVELS,
    COVERAGE_TARGETS,
    DEFAULT_COVERAGE_TARGET,
    LEVELS,
    NATIONAL_CODE,
    PBI_CONTRIBUTION_RP,
    REFERENCE_POPULATION_LABEL,
    REFERENCE_POPULATION_MAX_MONTHS,
    REFERENCE_POPULATION_PERIOD,
)
from jkn_geo.text import Text

if TYPE_CHECKING:
    from jkn_geo.figures.store import Store
    from jkn_geo.geography.registry import Registry

#: a column of values: a Series, an array or a plain sequence (None/NaN = unknown)
Values = pd.Series | np.ndarray | Sequence[float | None]

INDICATORS: dict[str, dict] = {
    "coverage_pct": {
        "label_id": "Cakupan kepesertaan", "label_en": "Coverage", "unit": "pct", "target": "coverage",
        "higher_is_better": True, "formula": "peserta terdaftar ÷ penduduk × 100 (registered ÷ population)"},
    "activity_pct": {
        "label_id": "Keaktifan peserta", "label_en": "Activity", "unit": "pct", "target": "activity",
        "higher_is_better": True, "formula": "peserta aktif ÷ peserta terdaftar × 100 (active ÷ registered)"},
    "active_coverage_pct": {
        "label_id": "Cakupan peserta aktif", "label_en": "Active coverage", "unit": "pct", "target": None,
        "higher_is_better": True, "formula": "peserta aktif ÷ penduduk × 100 (active ÷ population)"},
    "unregistered": {
        "label_id": "Penduduk belum terdaftar", "label_en": "Unregistered people", "unit": "people",
        "target": None, "higher_is_better": False, "formula": "max(0, penduduk − terdaftar)"},
    "inactive": {
        "label_id": "Peserta tidak aktif", "label_en": "Inactive participants", "unit": "people",
        "target": None, "higher_is_better": False, "formula": "terdaftar − aktif"},
    "to_enrol": {
        "label_id": "Perlu didaftarkan (ke target cakupan)", "label_en": "To enrol (to coverage target)",
        "unit": "people", "target": "coverage", "higher_is_better": False,
        "formula": "max(0, ⌈target cakupan × penduduk − terdaftar⌉)"},
    "to_activate": {
        "label_id": "Perlu diaktifkan (ke target keaktifan)", "label_en": "To activate (to activity target)",
        "unit": "people", "target": "activity", "higher_is_better": False,
        "formula": "max(0, ⌈target keaktifan × terdaftar − aktif⌉)"},
    "gap_cost_rp": {
        "label_id": "Biaya setahun mendaftarkan kekurangan sebagai PBI",
        "label_en": "Yearly cost of enrolling the gap as PBI", "unit": "rp", "target": "coverage",
        "higher_is_better": False, "formula": "perlu didaftarkan × iuran PBI per bulan × 12"},
}

STATUS_LABELS: dict[str, dict] = {
    "both": {"label_id": "Memenuhi kedua target", "label_en": "Meets both targets"},
    "coverage_only": {"label_id": "Hanya target cakupan", "label_en": "Coverage target only"},
    "activity_only": {"label_id": "Hanya target keaktifan", "label_en": "Activity target only"},
    "neither": {"label_id": "Belum memenuhi keduanya", "label_en": "Meets neither target"},
}

# the arithmetic and the precedence of stated over computed values live in resolve
from jkn_geo.analysis.resolve import RESOLVED, compute, status_of  # noqa: E402,F401

# ---- tables from the store -------------------------------------------------------------------
_COUNT_COLS = ["population", "registered", "active", "inactive"]
_GIVEN = ["coverage_pct_given", "activity_pct_given", "active_coverage_pct_given", "unregistered_given",
          "to_enrol_given", "to_enrol_target"]
_PROVENANCE = ["source_url", "source_date", "quote", "row_no", "period_kind"]
TABLE_COLUMNS = (["code", "name", "level", "parent_code", "period", "population", "population_source",
                  "registered", "active"] + list(INDICATORS) + ["status", "source", "note", "origin",
                                                                  "children_with_data", "children_total"])
#: what :func:`indicator_table` adds to :data:`TABLE_COLUMNS`: for each resolved value its origin
#: (stated / computed / converted) and how it was computed, the computed twin of a stated value,
#: the period a value comes from (closest available value) and the provenance of the row
RESOLUTION_COLUMNS = ([f"{c}_{k}" for c in RESOLVED for k in ("origin", "how")]
                      + ["coverage_pct_alt", "activity_pct_alt", "to_enrol_alt", "inconsistent",
                         "period_used", "months_back", "population_note"] + _PROVENANCE)


def _registry(registry: Registry | None = None) -> Registry:
    if registry is not None:
        return registry
    from jkn_geo.geography.registry import get_registry

    return get_registry()


def latest_period(store: Store, dataset: str, level: str, segment: str = "total") -> str | None:
    """The latest period with the dataset's own figures at ``level``; when it has none at
    that level, the latest period with figures below it (which are then aggregated)."""
    own = store.periods(dataset, level=level, segment=segment)
    if own:
        return own[-1]
    per = available_periods(store, dataset, level, segment)
    return per[-1] if per else None


def available_periods(store: Store, dataset: str, level: str, segment: str = "total") -> list[str]:
    order = list(ALL_LEVELS)
    lv = store.levels(dataset)
    if level not in order:
        raise ValueError(f"level must be one of {order}, not {level!r}")
    own = store.periods(dataset, level=level, segment=segment)
    lower = set()
    for other in lv:
        if other in order and order.index(other) > order.index(level):
            lower.update(store.periods(dataset, level=other, segment=segment))
    return sorted(set(own) | lower)


_ORDER = list(reversed(ALL_LEVELS))     # bottom up
_META = ["population_source", "origin", "source", "note", "children_with_data", "children_total"]


def _parent_codes(codes: pd.Series) -> pd.Series:
    """'18.71.01' → '18.71', '18.71' → '18', '18' → 'ID'."""
    parent = codes.astype(object).str[:-3]          # codes are 2, 5 or 8 characters long
    return parent.where(codes.str.len() > 2, NATIONAL_CODE)


def _n_children(registry, codes: pd.Series) -> pd.Series:
    n_prov = len(registry.codes("province"))
    return codes.map(lambda c: n_prov if c == NATIONAL_CODE else _count_children(registry, c)).astype(float)


def _count_children(registry, code: str) -> int:
    try:
        return len(registry.children(code))
    except KeyError:            # a code the registry does not know has no sub-regions
        return 0


def _own_values(figs: pd.DataFrame, level: str) -> pd.DataFrame:
    o = figs[figs["level"] == level]
    o = o.reindex(columns=list(o.columns) + [c for c in _GIVEN + _PROVENANCE if c not in o.columns])
    out = o[["code", "period"] + _COUNT_COLS + _GIVEN + ["source", "note"] + _PROVENANCE].copy()
    for c in _COUNT_COLS + _GIVEN:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    out["population_source"] = np.where(out["population"].notna(), "data", None)
    out["origin"] = "own"
    out["children_with_data"] = np.nan
    out["children_total"] = np.nan
    out["level"] = level
    return out


def _values(figs: pd.DataFrame, registry, top_level: str) -> pd.DataFrame:
    """Values per (code, period) for every level from the lowest level with rows up to
    ``top_level``: a region's own row, else the sums of its children's counts where every
    child has that count for the period (never averages; percentage-only rows are not
    summed). All periods at once, vectorised. Columns: code, period, level, counts, given
    percentages, population_source, origin (own / aggregated / none), source, note,
    children_with_data, children_total."""
    cols = ["code", "period", "level"] + _COUNT_COLS + _GIVEN + _META + _PROVENANCE
    if figs is None or not len(figs):
        return pd.DataFrame(columns=cols)
    top = _ORDER.index(top_level)
    present = [_ORDER.index(lv) for lv in set(figs["level"]) if lv in _ORDER]
    lowest = min(present + [top])
    cur = _own_values(figs, _ORDER[lowest])
    parts = [cur]
    for li in range(lowest + 1, top + 1):
        lv = _ORDER[li]
        own = _own_values(figs, lv)
        agg = pd.DataFrame(columns=cols)
        if len(cur):
            k = cur.assign(parent=_parent_codes(cur["code"]),
                           popdata=(cur["population_source"] == "data").astype(int))
            g = k.groupby(["parent", "period"], sort=True)
            agg = g.agg(n_reg=("registered", "count"), n_act=("active", "count"), n_ina=("inactive", "count"),
                        n_pop=("population", "count"), n_popdata=("popdata", "sum"),
                        registered=("registered", "sum"), active=("active", "sum"), inactive=("inactive", "sum"),
                        population=("population", "sum")).reset_index()
            n_total = _n_children(registry, agg["parent"])
            complete = (agg["n_reg"] == n_total) & (n_total > 0)
            for c, n in (("registered", "n_reg"), ("active", "n_act"), ("inactive", "n_ina")):
                agg[c] = agg[c].where(complete & (agg[n] == n_total))
            popdata = complete & (agg["n_popdata"] == n_total) & (agg["n_pop"] == n_total)
            agg["population"] = agg["population"].where(popdata)
            agg["population_source"] = np.where(popdata, "data", None)
            agg["origin"] = np.where(complete, "aggregated", "none")
            agg["children_with_data"] = agg["n_reg"].astype(float)
            agg["children_total"] = n_total
            nat = agg["parent"] == NATIONAL_CODE
            what_id = np.where(nat, "provinsi", "wilayah di bawahnya")
            what_en = np.where(nat, "provinces", "sub-regions")
            n_i = n_total.fillna(0).astype(int).astype(str)
            k_i = agg["n_reg"].astype(int).astype(str)
            full = "jumlah dari " + n_i + " " + what_id + " (sum of " + n_i + " " + what_en + ")"
            part = ("tidak dijumlahkan: hanya " + k_i + " dari " + n_i + " " + what_id
                    + " punya data (not summed: only " + k_i + " of " + n_i + " " + what_en + " have data)")
            agg["note"] = np.where(complete, full, np.where(agg["n_reg"] > 0, part, None))
            # sources of the summed children, each named once
            src = k.loc[k["source"].notna(), ["parent", "period", "source"]]
            uniq = src["source"].unique() if len(src) else []
            if len(uniq) == 1 and "; " not in str(uniq[0]) and len(src) == len(k):
                agg["source"] = str(uniq[0])              # one source for all (the common case)
            elif len(src):
                src = src.assign(source=src["source"].astype(str).str.split("; ")).explode("source")
                src = src.drop_duplicates().sort_values(["parent", "period", "source"])
                joined = src.groupby(["parent", "period"])["source"].agg("; ".join)
                agg = agg.merge(joined.rename("source"), left_on=["parent", "period"], right_index=True, how="left")
            else:
                agg["source"] = None
            agg["source"] = agg["source"].where(complete, None)
            for c in _GIVEN + _PROVENANCE:
                agg[c] = np.nan
            agg = agg.rename(columns={"parent": "code"})
            agg["level"] = lv
            if len(own):
                taken = pd.MultiIndex.from_frame(own[["code", "period"]])
                agg = agg[~pd.MultiIndex.from_frame(agg[["code", "period"]]).isin(taken)]
            agg = agg[cols]
        cur = pd.concat([x for x in (own[cols], agg) if len(x)], ignore_index=True) if (len(own) or len(agg)) \
            else pd.DataFrame(columns=cols)
        parts.append(cur)
    out = pd.concat([p[cols] for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) \
        else pd.DataFrame(columns=cols)
    return out


def indicator_table(store: Store, dataset: str, level: str, period: str | None = None, within: str | None = None,
                    coverage_target: float = DEFAULT_COVERAGE_TARGET, activity_target: float = ACTIVITY_TARGET,
                    pbi_rp: float = PBI_CONTRIBUTION_RP, segment: str = "total",
                    registry: Registry | None = None, tolerance_months: int = 0) -> pd.DataFrame:
    """One row per region of ``level`` (under ``within`` if given), including regions without
    data (NaN values, status None), for one period (default: the dataset's latest at that level).

    Columns: :data:`TABLE_COLUMNS` (code, name, level, parent_code, period, population,
    population_source "data"|"table"|"implied"|"reference", registered, active, the eight
    indicators, status, source, note, origin "own"|"aggregated"|"none", children_with_data,
    children_total) and :data:`RESOLUTION_COLUMNS` (each value's origin and formula, the
    computed twin of a stated value, ``inconsistent``, provenance). With ``tolerance_months``
    a region without figures for the period shows its newest figures from up to that many
    months before (``period_used``, ``months_back``). ``level="national"`` gives one row for
    Indonesia (code ``"ID"``).
    """
    reg = _registry(registry)
    if level not in ALL_LEVELS:
        raise ValueError(f"level must be one of {ALL_LEVELS}, not {level!r}")
    if period is None:
        period = latest_period(store, dataset, level, segment)
    wc = reg.get(within).code if within and level != "national" else None
    figs = None
    if period:
        window = months_before(period, int(tolerance_months or 0))
        if len(window) == 1:
            figs = store.figures(dataset, period=period, segment=segment, within=wc)
        else:
            figs = store.figures(dataset, segment=segment, within=wc)
            figs = figs[figs["period"].isin(window)]
    base = _base(reg, level, wc, segment)
    vals = _values(figs, reg, level)
    vals = vals[(vals["level"] == level)]
    if len(vals) and vals["period"].nunique() > 1:     # closest available value: the newest in the window
        vals = vals[vals["origin"] != "none"].sort_values("period").drop_duplicates("code", keep="last")
    vals = vals.rename(columns={"period": "period_used"}).drop(columns=["level"])
    df = base.merge(vals, on="code", how="left")
    if figs is not None and len(figs):
        lowest = min([_ORDER.index(lv) for lv in set(figs["level"]) if lv in _ORDER] + [_ORDER.index(level)])
        if _ORDER.index(level) > lowest:   # regions that could have been summed: say how many sub-regions
            empty = df["origin"].isna()
            df.loc[empty, "children_total"] = _n_children(reg, df.loc[empty, "code"])
            df.loc[empty, "children_with_data"] = 0.0
    df["period"] = period
    df = _table_population(store, df, period, segment)
    return _finish(df, coverage_target, activity_target, pbi_rp)


def months_before(period: str, n: int) -> list[str]:
    """``period`` and the ``n`` months before it, oldest first."""
    y, m = (int(x) for x in period.split("-"))
    out = []
    for k in range(n, -1, -1):
        t = y * 12 + (m - 1) - k
        out.append(f"{t // 12:04d}-{t % 12 + 1:02d}")
    return out


def months_between(a: str, b: str) -> int:
    ya, ma = (int(x) for x in a.split("-"))
    yb, mb = (int(x) for x in b.split("-"))
    return (yb * 12 + mb) - (ya * 12 + ma)


def _base(reg, level: str, within: str | None, segment: str) -> pd.DataFrame:
    """code, name, level, parent_code, ref_population for the regions of a level."""
    if level == "national":
        ref = float(sum(reg.population(c) or 0 for c in reg.codes("province")))
        base = pd.DataFrame([{"code": NATIONAL_CODE, "name": "Indonesia", "level": "national", "parent_code": None,
                              "ref_population": ref}])
    else:
        base = reg.frame(level)[["code", "name", "level", "parent_code", "population_total"]]
        if within:
            base = base[base["code"].str.startswith(within + ".")]
        base = base.rename(columns={"population_total": "ref_population"}).reset_index(drop=True)
    if segment != "total":
        base["ref_population"] = np.nan      # the reference population is not a segment's population
    return base


def _table_population(store: Store, df: pd.DataFrame, period: str | None, segment: str) -> pd.DataFrame:
    """Populations from imported population tables (datasets of kind ``population``) for the
    periods they cover: a yearly figure covers its year, a semester its six months."""
    df["table_population"] = np.nan
    df["table_population_source"] = None
    if not period or segment != "total":
        return df
    try:
        names = store.datasets().query("kind == 'population'")["name"].tolist()
    except Exception:   # noqa: BLE001 - an old store without the kind: no population tables
        return df
    year = period[:4]
    for name in names:
        p = store.figures(name, codes=df["code"].tolist())
        if not len(p):
            continue
        p = p[p["population"].notna() & (p["period"].str[:4] == year)]
        sem = p["period_kind"].eq("semester")
        covers = ~sem | ((p["period"] <= period) & (p["period"].str[5:].astype(int) + 5 >= int(period[5:])))
        p = p[covers].sort_values("period").drop_duplicates("code", keep="last").set_index("code")
        got = df["code"].map(p["population"])
        take = df["table_population"].isna() & got.notna()
        df.loc[take, "table_population"] = got[take]
        df.loc[take, "table_population_source"] = name
    return df


def _finish(df, coverage_target, activity_target, pbi_rp) -> pd.DataFrame:
    for c in _COUNT_COLS + _GIVEN + ["children_with_data", "children_total", "ref_population", "table_population"]:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    has_data = df["origin"].isin(["own", "aggregated"])
    data_pop = df["population"].notna()
    table_pop = ~data_pop & df["table_population"].notna()
    df.loc[table_pop, "population"] = df.loc[table_pop, "table_population"]
    # a source that states registered participants and a coverage % but no population implies
    # its population (registered ÷ coverage); that keeps its own figures consistent
    implied = (~data_pop & ~table_pop & df["registered"].notna() & (df["coverage_pct_given"] > 0))
    df.loc[implied, "population"] = np.round(df.loc[implied, "registered"] / df.loc[implied, "coverage_pct_given"]
                                             * 100)
    df["population_source"] = np.select(
        [data_pop, table_pop, implied, df["ref_population"].notna()], ["data", "table", "implied", "reference"],
        default=None)
    df["population_source"] = df["population_source"].where(df["population_source"] != "None", None)
    df["population"] = df["population"].fillna(df["ref_population"])
    df["population_note"] = _population_note(df)
    df["origin"] = df["origin"].fillna("none")
    if "period_used" not in df.columns:
        df["period_used"] = df["period"]
    df["period_used"] = df["period_used"].where(has_data, None)
    df["months_back"] = [(months_between(u, p) if isinstance(u, str) and isinstance(p, str) else np.nan)
                         for u, p in zip(df["period_used"], df["period"])]
    out = compute(df, coverage_target, activity_target, pbi_rp)
    # rows without any figure carry no indicators at all (the population alone says nothing)
    res = list(INDICATORS) + ["registered", "active"]
    out.loc[~has_data, res] = np.nan
    for c in RESOLVED:
        out.loc[~has_data, [f"{c}_origin", f"{c}_how"]] = None
    out["inconsistent"] = out["inconsistent"] & has_data
    out["status"] = out["status"].where(has_data, None)
    out["population_source"] = out["population_source"].where(out["population"].notna(), None)
    return out.reindex(columns=TABLE_COLUMNS + RESOLUTION_COLUMNS + _GIVEN)


def _population_note(df: pd.DataFrame) -> pd.Series:
    """Where the population of a row comes from, in words (Indonesian · English)."""
    ref = REFERENCE_POPULATION_LABEL.both()
    notes = np.select(
        [df["population_source"].eq("data"), df["population_source"].eq("table"),
         df["population_source"].eq("implied"), df["population_source"].eq("reference")],
        ["penduduk menurut sumber · population as stated", "tabel penduduk · population table: "
         + df["table_population_source"].astype(str), "penduduk tersirat (terdaftar ÷ cakupan) · implied population",
         ref], default="")
    return pd.Series(notes, index=df.index, dtype=object).replace("", None)


def reference_population_notice(period: str | None) -> Text | None:
    """A notice when percentages computed with the reference population are for a period more
    than :data:`REFERENCE_POPULATION_MAX_MONTHS` months from it."""
    if not period:
        return None
    gap = abs(months_between(REFERENCE_POPULATION_PERIOD, period[:7]))
    if gap <= REFERENCE_POPULATION_MAX_MONTHS:
        return None
    return Text(f"Persentase yang dihitung dengan {REFERENCE_POPULATION_LABEL.id} untuk periode ini berjarak "
                f"{gap} bulan dari tahun penduduk itu: bisa menyimpang dari angka resmi.",
                f"Percentages computed with the {REFERENCE_POPULATION_LABEL.en} are {gap} months from its date "
                "for this period: they may differ from official figures.")


def indicator_panel(store: Store, dataset: str, level: str, periods: Sequence[str], within: str | None = None,
                    coverage_target: float = DEFAULT_COVERAGE_TARGET, activity_target: float = ACTIVITY_TARGET,
                    pbi_rp: float = PBI_CONTRIBUTION_RP, segment: str = "total",
                    registry: Registry | None = None) -> pd.DataFrame:
    """The rows of :func:`indicator_table` with figures, for several periods at once (one read of
    the store, one pass of the arithmetic): one row per region and period. For trends and
    projections over many regions."""
    reg = _registry(registry)
    wc = reg.get(within).code if within and level != "national" else None
    figs = store.figures(dataset, segment=segment, within=wc)
    figs = figs[figs["period"].isin(list(periods))]
    vals = _values(figs, reg, level)
    vals = vals[(vals["level"] == level) & (vals["origin"] != "none")].drop(columns=["level"])
    if not len(vals):
        return pd.DataFrame(columns=TABLE_COLUMNS + RESOLUTION_COLUMNS + _GIVEN)
    df = _base(reg, level, wc, segment).merge(vals, on="code", how="inner")
    df = df.sort_values(["code", "period"]).reset_index(drop=True)
    df["table_population"], df["table_population_source"] = np.nan, None
    return _finish(df, coverage_target, activity_target, pbi_rp)


def region_series(store: Store, dataset: str, code: str, coverage_target: float = DEFAULT_COVERAGE_TARGET,
                  activity_target: float = ACTIVITY_TARGET, pbi_rp: float = PBI_CONTRIBUTION_RP,
                  segment: str = "total", registry: Registry | None = None) -> pd.DataFrame:
    """One row per period of the dataset for one region (its own rows, or the sums of its
    children where complete) with the columns of :func:`indicator_table`; for trend charts.
    Periods where the region has no value are left out (a chart should break its line there)."""
    reg = _registry(registry)
    if code == NATIONAL_CODE:
        level, within = "national", None
    else:
        r = reg.get(code)
        code, level, within = r.code, r.level, r.code
    figs = store.figures(dataset, segment=segment, within=within)
    vals = _values(figs, reg, level)
    vals = vals[(vals["code"] == code) & (vals["origin"] != "none")].drop(columns=["level"])
    if not len(vals):
        return pd.DataFrame(columns=TABLE_COLUMNS + RESOLUTION_COLUMNS + _GIVEN)
    base = _base(reg, level, None, segment)
    base = base[base["code"] == code]
    df = base.merge(vals, on="code", how="inner").sort_values("period").reset_index(drop=True)
    df["table_population"], df["table_population_source"] = np.nan, None
    return _finish(df, coverage_target, activity_target, pbi_rp)


def add_findings(table: pd.DataFrame, flags: pd.DataFrame | None) -> pd.DataFrame:
    """Mark the rows of an indicator table that consistency findings concern
    (:func:`jkn_geo.figures.consistency.flags`: the worst finding per region, period and
    segment): ``finding`` (the message, Indonesian · English), ``finding_severity``, and
    ``inconsistent`` set for major and minor findings. Rows match on the period their figures
    come from (``period_used``)."""
    out = table.copy()
    out["finding"], out["finding_severity"] = None, None
    if flags is None or not len(flags):
        return out
    f = flags.drop_duplicates(["code", "period"]).set_index(["code", "period"])
    keys = pd.MultiIndex.from_arrays([out["code"], out["period_used"].fillna(out["period"])])
    sev = pd.Series(f["severity"].reindex(keys).to_numpy(), index=out.index)
    msg = pd.Series((f["message"] + " · " + f["message_en"]).reindex(keys).to_numpy(), index=out.index)
    out["finding_severity"] = sev.where(sev.notna(), None)
    out["finding"] = msg.where(sev.notna(), None)
    out["inconsistent"] = out["inconsistent"].fillna(False).astype(bool) | sev.isin(["major", "minor"])
    return out
