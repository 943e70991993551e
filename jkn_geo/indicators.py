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

import math

import numpy as np
import pandas as pd

COVERAGE_TARGETS = {"98": 98.0, "98.6": 98.6, "95": 95.0}
DEFAULT_COVERAGE_TARGET = COVERAGE_TARGETS["98"]
ACTIVITY_TARGET = 80.0
PBI_CONTRIBUTION_RP = 42_000  # Rp per person per month

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

LEVELS = ("province", "regency", "district")
NATIONAL_CODE = "ID"
_EPS = 1e-6


def _num(df: pd.DataFrame, col: str) -> pd.Series:
    if col in df.columns:
        return pd.to_numeric(df[col], errors="coerce").astype("float64")
    return pd.Series(np.nan, index=df.index, dtype="float64")


def _ceil_pos(x: pd.Series) -> pd.Series:
    """⌈x⌉ clipped at 0, tolerant of float noise (980.0000000001 → 980)."""
    return np.ceil(np.round(x, 6)).clip(lower=0)


def compute(df: pd.DataFrame, coverage_target: float = DEFAULT_COVERAGE_TARGET,
            activity_target: float = ACTIVITY_TARGET, pbi_rp: float = PBI_CONTRIBUTION_RP) -> pd.DataFrame:
    """Add the eight indicator columns and ``status`` to a frame with ``population``,
    ``registered`` and ``active`` columns (optional: ``inactive`` and the ``*_pct_given``
    columns used when counts are missing). Returns a new frame; the input is not changed."""
    out = df.copy()
    pop, reg, act = _num(out, "population"), _num(out, "registered"), _num(out, "active")
    pop_ok = pop > 0
    reg_ok = reg > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = (reg / pop * 100).where(pop_ok)
        acti = (act / reg * 100).where(reg_ok)
        acov = (act / pop * 100).where(pop_ok)
    out["coverage_pct"] = cov.fillna(_num(out, "coverage_pct_given")) if "coverage_pct_given" in out else cov
    out["activity_pct"] = acti.fillna(_num(out, "activity_pct_given")) if "activity_pct_given" in out else acti
    out["active_coverage_pct"] = (acov.fillna(_num(out, "active_coverage_pct_given"))
                                  if "active_coverage_pct_given" in out else acov)
    out["unregistered"] = (pop - reg).clip(lower=0)
    inactive = reg - act
    if "inactive" in df.columns:
        inactive = inactive.fillna(_num(df, "inactive"))
    out["inactive"] = inactive
    out["to_enrol"] = _ceil_pos(pop * (float(coverage_target) / 100.0) - reg)
    out["to_activate"] = _ceil_pos(reg * (float(activity_target) / 100.0) - act)
    out["gap_cost_rp"] = out["to_enrol"] * float(pbi_rp) * 12
    out["status"] = status_of(out["coverage_pct"], out["activity_pct"], coverage_target, activity_target)
    return out


def status_of(coverage_pct, activity_pct, coverage_target: float = DEFAULT_COVERAGE_TARGET,
              activity_target: float = ACTIVITY_TARGET) -> pd.Series:
    cov = pd.Series(coverage_pct, dtype="float64")
    act = pd.Series(activity_pct, dtype="float64").set_axis(cov.index)
    c_ok = cov >= float(coverage_target) - _EPS
    a_ok = act >= float(activity_target) - _EPS
    known = cov.notna() & act.notna()
    res = np.select([c_ok & a_ok, c_ok & ~a_ok, ~c_ok & a_ok], ["both", "coverage_only", "activity_only"],
                    default="neither")
    return pd.Series(res, index=cov.index, dtype="object").where(known, None)


# ---- tables from the store -------------------------------------------------------------------
_COUNT_COLS = ["population", "registered", "active", "inactive"]
_GIVEN = ["coverage_pct_given", "activity_pct_given", "active_coverage_pct_given"]
TABLE_COLUMNS = (["code", "name", "level", "parent_code", "period", "population", "population_source",
                  "registered", "active"] + list(INDICATORS) + ["status", "source", "note", "origin",
                                                                  "children_with_data", "children_total"])


def _registry(registry=None):
    if registry is not None:
        return registry
    from .registry import get_registry

    return get_registry()


def _level_of_code(code: str) -> str:
    if code == NATIONAL_CODE:
        return "national"
    return {2: "province", 5: "regency", 8: "district"}.get(len(code), "unknown")


def latest_period(store, dataset: str, level: str, segment: str = "total") -> str | None:
    """The latest period with the dataset's own figures at ``level``; when it has none at
    that level, the latest period with figures below it (which are then aggregated)."""
    own = store.periods(dataset, level=level, segment=segment)
    if own:
        return own[-1]
    per = available_periods(store, dataset, level, segment)
    return per[-1] if per else None


def available_periods(store, dataset: str, level: str, segment: str = "total") -> list[str]:
    order = ["national", "province", "regency", "district"]
    lv = store.levels(dataset)
    if level not in order:
        raise ValueError(f"level must be one of {order}, not {level!r}")
    own = store.periods(dataset, level=level, segment=segment)
    lower = set()
    for other in lv:
        if other in order and order.index(other) > order.index(level):
            lower.update(store.periods(dataset, level=other, segment=segment))
    return sorted(set(own) | lower)


def _codes_at(registry, level: str, within: str | None) -> list[str]:
    """Codes of ``level`` in the walk: all, or those under ``within`` (and ``within`` itself)."""
    if not within:
        return registry.codes(level)
    wl = _level_of_code(within)
    if _level_rank(level) > _level_rank(wl):
        return registry.codes(level, within)
    return [within] if wl == level else []


def _period_values(figs: pd.DataFrame, registry, period_level: str, within: str | None = None,
                   codes_cache: dict | None = None) -> pd.DataFrame:
    """Values for every region at ``period_level`` and above, bottom-up, for one period.

    ``figs``: the dataset's rows for one period and segment. Returns a frame indexed by code
    with counts, given percentages, population_source, origin (own / aggregated / none),
    children_with_data, children_total, source, note. ``within`` limits the walk to the
    descendants of one region (and the region itself).
    """
    own = {r["code"]: r for r in figs.to_dict("records")}
    order = ["district", "regency", "province"]
    start = order.index(period_level) if period_level in order else 2
    data_levels = {r["level"] for r in own.values()}
    lowest = min([order.index(lv) for lv in order if lv in data_levels] + [start])
    values: dict[str, dict] = {}
    for lv in order[lowest:]:
        if lv == order[lowest]:
            # the lowest level only has its own rows: no need to walk every region of it
            pre = (within + ".") if within else None
            codes = [c for c, rr in own.items() if rr.get("level") == lv
                     and (pre is None or c.startswith(pre) or c == within)]
        elif codes_cache is None:
            codes = _codes_at(registry, lv, within)
        else:
            if lv not in codes_cache:
                codes_cache[lv] = _codes_at(registry, lv, within)
            codes = codes_cache[lv]
        for code in codes:
            row = own.get(code)
            if row is not None:
                rec = {c: row.get(c) for c in _COUNT_COLS + _GIVEN}
                rec["population_source"] = "data" if pd.notna(row.get("population")) else None
                rec["origin"] = "own"
                rec["source"], rec["note"] = row.get("source"), row.get("note")
                rec["children_with_data"], rec["children_total"] = np.nan, np.nan
            elif lv != order[lowest]:
                kids = registry._children.get(code, [])
                kv = [values.get(k) for k in kids]
                n_total = len(kids)
                rec = {c: np.nan for c in _COUNT_COLS + _GIVEN}
                rec["origin"], rec["source"], rec["note"] = "none", None, None
                rec["population_source"] = None
                rec["children_total"] = n_total
                with_data = [v for v in kv if v is not None and pd.notna(v.get("registered"))]
                rec["children_with_data"] = len(with_data)
                if n_total and len(with_data) == n_total:
                    for c in ("registered", "active", "inactive"):
                        vals = [v.get(c) for v in kv]
                        if all(pd.notna(x) for x in vals):
                            rec[c] = float(sum(vals))
                    pops = [v.get("population") for v in kv]
                    if all(v.get("population_source") == "data" for v in kv) and all(pd.notna(p) for p in pops):
                        rec["population"] = float(sum(pops))
                        rec["population_source"] = "data"
                    rec["origin"] = "aggregated"
                    srcs = sorted({v.get("source") for v in kv if v.get("source")})
                    rec["source"] = "; ".join(srcs) if srcs else None
                    rec["note"] = f"jumlah dari {n_total} wilayah di bawahnya (sum of {n_total} sub-regions)"
                elif with_data:
                    rec["note"] = (f"tidak dijumlahkan: hanya {len(with_data)} dari {n_total} wilayah di bawahnya "
                                   f"punya data (not summed: only {len(with_data)} of {n_total} sub-regions have data)")
            else:
                continue
            values[code] = rec
    cols = _COUNT_COLS + _GIVEN + ["population_source", "origin", "source", "note", "children_with_data",
                                   "children_total"]
    return pd.DataFrame.from_dict(values, orient="index").reindex(columns=cols)


def _level_rank(level: str) -> int:
    return {"national": 0, "province": 1, "regency": 2, "district": 3}.get(level, 9)


def indicator_table(store, dataset: str, level: str, period: str | None = None, within: str | None = None,
                    coverage_target: float = DEFAULT_COVERAGE_TARGET, activity_target: float = ACTIVITY_TARGET,
                    pbi_rp: float = PBI_CONTRIBUTION_RP, segment: str = "total", registry=None) -> pd.DataFrame:
    """One row per region of ``level`` (under ``within`` if given), including regions without
    data (NaN values, status None), for one period (default: the dataset's latest at that level).

    Columns: see :data:`TABLE_COLUMNS` (code, name, level, parent_code, period, population,
    population_source "reference"|"data", registered, active, the eight indicators, status,
    source, note, origin "own"|"aggregated"|"none", children_with_data, children_total).
    ``level="national"`` gives one row for Indonesia (code ``"ID"``).
    """
    reg = _registry(registry)
    if period is None:
        period = latest_period(store, dataset, level, segment)
    figs = store.figures(dataset, period=period, segment=segment) if period else None
    if level == "national":
        return _national_row(reg, figs, period, coverage_target, activity_target, pbi_rp)
    if level not in LEVELS:
        raise ValueError(f"level must be one of {('national',) + LEVELS}, not {level!r}")
    base = reg.frame(level)[["code", "name", "level", "parent_code", "population_total"]]
    if within:
        wc = reg.get(within).code
        base = base[base["code"].str.startswith(wc + ".")]
    base = base.rename(columns={"population_total": "ref_population"}).reset_index(drop=True)
    if segment != "total":
        base["ref_population"] = np.nan      # the reference population is not a segment's population
    if figs is not None and len(figs):
        sub = figs[figs["level"] != "national"]
        wc = reg.get(within).code if within else None
        if wc:
            sub = sub[(sub["code"] == wc) | sub["code"].str.startswith(wc + ".")]
        vals = _period_values(sub, reg, level, within=wc)
        vals = vals.reindex(base["code"])
        vals.index = base.index
    else:
        vals = pd.DataFrame(index=base.index, columns=_COUNT_COLS + _GIVEN + [
            "population_source", "origin", "source", "note", "children_with_data", "children_total"])
    df = pd.concat([base, vals], axis=1)
    return _finish(df, period, coverage_target, activity_target, pbi_rp)


def _finish(df, period, coverage_target, activity_target, pbi_rp) -> pd.DataFrame:
    for c in _COUNT_COLS + _GIVEN + ["children_with_data", "children_total", "ref_population"]:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    has_data = df["origin"].isin(["own", "aggregated"])
    data_pop = df["population"].notna()
    # a source that states registered participants and a coverage % but no population implies
    # its population (registered ÷ coverage); that keeps its own figures consistent
    implied = (~data_pop & df["registered"].notna() & (df["coverage_pct_given"] > 0))
    df.loc[implied, "population"] = np.round(df.loc[implied, "registered"] / df.loc[implied, "coverage_pct_given"]
                                             * 100)
    df["population_source"] = np.select(
        [data_pop, implied, df["ref_population"].notna()], ["data", "implied", "reference"], default=None)
    df["population_source"] = df["population_source"].where(df["population_source"] != "None", None)
    df["population"] = df["population"].fillna(df["ref_population"])
    if period is not None or "period" not in df.columns:
        df["period"] = period
    df["origin"] = df["origin"].fillna("none")
    out = compute(df, coverage_target, activity_target, pbi_rp)
    # a percentage stated by the source against its own population wins over one computed
    # against the reference population
    on_ref = out["population_source"] == "reference"
    for ind, given in (("coverage_pct", "coverage_pct_given"), ("active_coverage_pct", "active_coverage_pct_given")):
        use = on_ref & out[given].notna()
        out.loc[use, ind] = out.loc[use, given]
    out["status"] = status_of(out["coverage_pct"], out["activity_pct"], coverage_target, activity_target)
    # rows without any figure carry no indicators at all (the population alone says nothing)
    ind = list(INDICATORS)
    out.loc[~has_data, ind] = np.nan
    out["status"] = out["status"].where(has_data, None)
    out["population_source"] = out["population_source"].where(out["population"].notna(), None)
    return out.reindex(columns=TABLE_COLUMNS + _GIVEN)


def _national_rec(reg, figs, codes_cache: dict | None = None) -> dict:
    ref = float(sum(reg.population(c) or 0 for c in reg.codes("province")))
    rec = {"code": NATIONAL_CODE, "name": "Indonesia", "level": "national", "parent_code": None,
           "ref_population": ref, "origin": "none", "source": None, "note": None,
           "children_with_data": np.nan, "children_total": np.nan}
    rec.update({c: np.nan for c in _COUNT_COLS + _GIVEN})
    if figs is None or not len(figs):
        return rec
    own = figs[figs["code"] == NATIONAL_CODE]
    if len(own):
        row = own.iloc[0]
        rec.update({c: row[c] for c in _COUNT_COLS + _GIVEN})
        rec.update(origin="own", source=row["source"], note=row["note"])
        return rec
    prov = _period_values(figs[figs["level"] != "national"], reg, "province", codes_cache=codes_cache)
    pv = prov.reindex(reg.codes("province"))
    n = len(pv)
    ok = pd.to_numeric(pv["registered"], errors="coerce").notna()
    rec["children_total"], rec["children_with_data"] = n, int(ok.sum())
    if ok.all():
        for c in ("registered", "active", "inactive"):
            col = pd.to_numeric(pv[c], errors="coerce")
            if col.notna().all():
                rec[c] = float(col.sum())
        srcs = sorted({x for x in pv["source"].dropna() for x in str(x).split("; ")})
        rec.update(origin="aggregated", note=f"jumlah dari {n} provinsi (sum of {n} provinces)",
                   source="; ".join(srcs) if srcs else None)
    elif ok.any():
        rec["note"] = (f"tidak dijumlahkan: hanya {int(ok.sum())} dari {n} provinsi punya data "
                       f"(not summed: only {int(ok.sum())} of {n} provinces have data)")
    return rec


def _national_row(reg, figs, period, coverage_target, activity_target, pbi_rp) -> pd.DataFrame:
    return _finish(pd.DataFrame([_national_rec(reg, figs)]), period, coverage_target, activity_target, pbi_rp)


def region_series(store, dataset: str, code: str, coverage_target: float = DEFAULT_COVERAGE_TARGET,
                  activity_target: float = ACTIVITY_TARGET, pbi_rp: float = PBI_CONTRIBUTION_RP,
                  segment: str = "total", registry=None) -> pd.DataFrame:
    """One row per period of the dataset for one region (its own rows, or the sums of its
    children where complete) with the columns of :func:`indicator_table`; for trend charts.
    Periods where the region has no value are left out."""
    reg = _registry(registry)
    if code == NATIONAL_CODE:
        figs = store.figures(dataset, segment=segment)
        cache: dict = {}
        recs = [dict(_national_rec(reg, fp, cache), period=p) for p, fp in figs.groupby("period", sort=True)]
        rows = [_finish(pd.DataFrame(recs), None, coverage_target, activity_target, pbi_rp)] if recs else []
        rows = [t[t["origin"] != "none"] for t in rows]
    else:
        r = reg.get(code)
        figs = store.figures(dataset, segment=segment, within=r.code)
        base = reg.frame(r.level)
        base = base[base["code"] == r.code][["code", "name", "level", "parent_code", "population_total"]]
        base = base.rename(columns={"population_total": "ref_population"}).reset_index(drop=True)
        if segment != "total":
            base["ref_population"] = np.nan
        parts = []
        cache: dict = {}
        for p, fp in figs.groupby("period", sort=True):
            vals = _period_values(fp, reg, r.level, within=r.code, codes_cache=cache).reindex([r.code])
            vals.index = base.index
            parts.append(pd.concat([base, vals], axis=1).assign(period=p))
        rows = [_finish(pd.concat(parts, ignore_index=True), None, coverage_target, activity_target, pbi_rp)] \
            if parts else []
        rows = [t[t["origin"] != "none"] for t in rows]
    rows = [t for t in rows if len(t) and t["origin"].iloc[0] != "none"]
    if not rows:
        return pd.DataFrame(columns=TABLE_COLUMNS + _GIVEN)
    return pd.concat(rows, ignore_index=True)


def is_finite(x) -> bool:
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False
