"""Which number a region shows for each indicator, and where it came from.

One documented precedence for every indicator of a row (a region, period and segment):

1. **stated** — a figure of exactly that measure and definition, as the source stated it
   (``coverage_pct_given`` for coverage, a ``registered`` count for registered, …);
2. **computed** — arithmetic on stated figures of the same row (one source and date for
   published figures, one table row for imports), or sums of sub-regions' stated counts;
3. **converted** — derived through another definition (coverage from active ÷ population and
   active ÷ registered; registered from a stated coverage and the population, …).

A stated figure is never replaced by a computed one. When both exist, the computed value is kept
beside it (``<indicator>_alt``) and the row is marked inconsistent when the two disagree beyond
rounding (:data:`jkn_geo.config.INCONSISTENT_PP` percentage points, or
:data:`jkn_geo.config.INCONSISTENT_REL` relative for counts). Each indicator gets
``<indicator>_origin`` (stated / computed / converted, None when unknown) and
``<indicator>_how`` (the formula in words, Indonesian · English).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from jkn_geo.config import (
    ACTIVITY_TARGET,
    DEFAULT_COVERAGE_TARGET,
    INCONSISTENT_PP,
    INCONSISTENT_REL,
    PBI_CONTRIBUTION_RP,
)
from jkn_geo.text import Text

STATED, COMPUTED, CONVERTED = "stated", "computed", "converted"
ORIGINS = (STATED, COMPUTED, CONVERTED)

#: the indicators and counts that carry an origin
RESOLVED = ("registered", "active", "inactive", "coverage_pct", "activity_pct", "active_coverage_pct",
            "unregistered", "to_enrol", "to_activate", "gap_cost_rp")

HOW = {
    "stated": Text("dinyatakan sumber", "stated by the source"),
    "registered=active+inactive": Text("aktif + tidak aktif", "active + inactive"),
    "registered=cov*pop": Text("cakupan × penduduk", "coverage × population"),
    "registered=active/act": Text("aktif ÷ keaktifan", "active ÷ activity"),
    "active=registered-inactive": Text("terdaftar − tidak aktif", "registered − inactive"),
    "active=acov*pop": Text("cakupan aktif × penduduk", "active coverage × population"),
    "active=act*registered": Text("keaktifan × terdaftar", "activity × registered"),
    "inactive=registered-active": Text("terdaftar − aktif", "registered − active"),
    "cov=registered/pop": Text("terdaftar ÷ penduduk", "registered ÷ population"),
    "cov=acov/act": Text("cakupan aktif ÷ keaktifan", "active coverage ÷ activity"),
    "act=active/registered": Text("aktif ÷ terdaftar", "active ÷ registered"),
    "act=acov/cov": Text("cakupan aktif ÷ cakupan", "active coverage ÷ coverage"),
    "acov=active/pop": Text("aktif ÷ penduduk", "active ÷ population"),
    "acov=cov*act": Text("cakupan × keaktifan", "coverage × activity"),
    "unreg=pop-registered": Text("penduduk − terdaftar", "population − registered"),
    "enrol=target*pop-registered": Text("⌈target × penduduk − terdaftar⌉", "⌈target × population − registered⌉"),
    "activate=target*registered-active": Text("⌈target × terdaftar − aktif⌉", "⌈target × registered − active⌉"),
    "cost=enrol*pbi*12": Text("perlu didaftarkan × iuran PBI × 12", "to enrol × PBI contribution × 12"),
}


def _num(df: pd.DataFrame, col: str) -> pd.Series:
    if col in df.columns:
        return pd.to_numeric(df[col], errors="coerce").astype("float64")
    return pd.Series(np.nan, index=df.index, dtype="float64")


def _ceil_pos(x: pd.Series) -> pd.Series:
    """⌈x⌉ clipped at 0, tolerant of float noise (980.0000000001 → 980)."""
    return np.ceil(np.round(x, 6)).clip(lower=0)


class _Resolver:
    """Fills one indicator at a time: each rule only where the indicator is still unknown."""

    def __init__(self, df: pd.DataFrame):
        self.df = df
        self.idx = df.index

    def start(self, name: str, stated: pd.Series, stated_origin: pd.Series | str = STATED) -> None:
        ok = stated.notna()
        self.df[name] = stated
        origin = stated_origin if isinstance(stated_origin, pd.Series) else pd.Series(stated_origin, index=self.idx)
        self.df[f"{name}_origin"] = origin.where(ok, None).astype(object)
        self.df[f"{name}_how"] = pd.Series(np.where(ok, HOW["stated"].both(), None), index=self.idx, dtype=object)

    def rule(self, name: str, value: pd.Series, origin: str, how: str) -> None:
        todo = self.df[name].isna() & value.notna() & np.isfinite(value)
        if todo.any():
            self.df.loc[todo, name] = value[todo]
            self.df.loc[todo, f"{name}_origin"] = origin
            self.df.loc[todo, f"{name}_how"] = HOW[how].both()

    def alternative(self, name: str, value: pd.Series, pct: bool) -> None:
        """Keep a computed value beside a stated one and mark a disagreement beyond rounding."""
        stated = self.df[f"{name}_origin"] == STATED
        alt = value.where(stated & value.notna())
        self.df[f"{name}_alt"] = alt
        diff = (self.df[name] - alt).abs()
        limit = INCONSISTENT_PP if pct else INCONSISTENT_REL * self.df[name].abs()
        bad = diff > limit
        self.df["inconsistent"] = self.df["inconsistent"] | bad.fillna(False)


def compute(df: pd.DataFrame, coverage_target: float = DEFAULT_COVERAGE_TARGET,
            activity_target: float = ACTIVITY_TARGET, pbi_rp: float = PBI_CONTRIBUTION_RP) -> pd.DataFrame:
    """Resolve every indicator of a frame of rows (see the module doc). Input columns, all
    optional: ``population``, ``registered``, ``active``, ``inactive`` (counts, as stated or as
    sums of sub-regions when ``origin == "aggregated"``), the stated percentages
    ``coverage_pct_given`` / ``activity_pct_given`` / ``active_coverage_pct_given``,
    ``unregistered_given``, ``to_enrol_given`` with ``to_enrol_target``. Returns a new frame with
    the indicators, their ``_origin``/``_how``, ``_alt`` where a stated value has a computed twin,
    ``inconsistent`` and ``status``."""
    out = df.copy()
    r = _Resolver(out)
    out["inconsistent"] = False
    counts_origin = pd.Series(np.where(_aggregated(out), COMPUTED, STATED), index=out.index)
    pop = _num(out, "population")
    pop = pop.where(pop > 0)
    cov_g, act_g, acov_g = (_num(out, c) for c in ("coverage_pct_given", "activity_pct_given",
                                                   "active_coverage_pct_given"))
    reg_s, act_s, ina_s = _num(out, "registered"), _num(out, "active"), _num(out, "inactive")

    # counts: stated, then computed from other stated counts, then converted from percentages
    r.start("registered", reg_s, counts_origin)
    r.rule("registered", act_s + ina_s, COMPUTED, "registered=active+inactive")
    r.rule("registered", np.round(cov_g / 100 * pop), CONVERTED, "registered=cov*pop")
    r.rule("registered", np.round(act_s / (act_g / 100)).where(act_g > 0), CONVERTED, "registered=active/act")
    reg = out["registered"]
    r.start("active", act_s, counts_origin)
    r.rule("active", reg_s - ina_s, COMPUTED, "active=registered-inactive")
    r.rule("active", np.round(acov_g / 100 * pop), CONVERTED, "active=acov*pop")
    r.rule("active", np.round(act_g / 100 * reg), CONVERTED, "active=act*registered")
    act = out["active"]
    r.start("inactive", ina_s, counts_origin)
    r.rule("inactive", reg - act, _derived_origin(out, ("registered", "active")), "inactive=registered-active")

    # percentages: stated, then computed from the counts, then converted between definitions
    with np.errstate(divide="ignore", invalid="ignore"):
        cov_c = (reg / pop * 100).where(reg.notna() & pop.notna())
        act_c = (act / reg * 100).where(reg > 0)
        acov_c = (act / pop * 100).where(act.notna() & pop.notna())
        r.start("coverage_pct", cov_g)
        r.rule("coverage_pct", cov_c.where(out["registered_origin"] != CONVERTED), COMPUTED, "cov=registered/pop")
        r.rule("coverage_pct", acov_g / act_g * 100, CONVERTED, "cov=acov/act")
        r.start("activity_pct", act_g)
        r.rule("activity_pct", act_c.where(~out["active_origin"].eq(CONVERTED) & ~out["registered_origin"]
                                           .eq(CONVERTED)), COMPUTED, "act=active/registered")
        r.rule("activity_pct", acov_g / out["coverage_pct"] * 100, CONVERTED, "act=acov/cov")
        r.start("active_coverage_pct", acov_g)
        r.rule("active_coverage_pct", acov_c.where(~out["active_origin"].eq(CONVERTED)), COMPUTED, "acov=active/pop")
        r.rule("active_coverage_pct", out["coverage_pct"] * out["activity_pct"] / 100, CONVERTED, "acov=cov*act")
        # a stated percentage beside the same percentage computed from stated counts
        stated_counts = out["registered_origin"].isin([STATED, COMPUTED])
        pop_stated = out["population_source"].eq("data") if "population_source" in out else pop.notna()
        r.alternative("coverage_pct", cov_c.where(stated_counts & pop_stated), pct=True)
        r.alternative("activity_pct", act_c.where(stated_counts & out["active_origin"].isin([STATED, COMPUTED])),
                      pct=True)

    # people and money
    pop_reg = _derived_origin(out, ("registered",))
    r.start("unregistered", _num(out, "unregistered_given"))
    r.rule("unregistered", (pop - reg).clip(lower=0), pop_reg, "unreg=pop-registered")
    target = float(coverage_target)
    enrol_g = _num(out, "to_enrol_given").where(np.isclose(_num(out, "to_enrol_target"), target))
    r.start("to_enrol", enrol_g)
    r.rule("to_enrol", _ceil_pos(pop * (target / 100.0) - reg), pop_reg, "enrol=target*pop-registered")
    r.alternative("to_enrol", _ceil_pos(pop * (target / 100.0) - reg).where(
        out["registered_origin"].isin([STATED, COMPUTED])), pct=False)
    r.start("to_activate", pd.Series(np.nan, index=out.index))
    r.rule("to_activate", _ceil_pos(reg * (float(activity_target) / 100.0) - act),
           _derived_origin(out, ("registered", "active")), "activate=target*registered-active")
    r.start("gap_cost_rp", pd.Series(np.nan, index=out.index))
    r.rule("gap_cost_rp", out["to_enrol"] * float(pbi_rp) * 12, _derived_origin(out, ("to_enrol",)),
           "cost=enrol*pbi*12")
    out["status"] = status_of(out["coverage_pct"], out["activity_pct"], coverage_target, activity_target)
    return out


def _aggregated(df: pd.DataFrame) -> pd.Series:
    return df["origin"].eq("aggregated") if "origin" in df.columns else pd.Series(False, index=df.index)


def _derived_origin(df: pd.DataFrame, inputs: tuple[str, ...]) -> str | pd.Series:
    """A value computed from others is 'converted' when any input was converted."""
    conv = pd.Series(False, index=df.index)
    for c in inputs:
        conv |= df[f"{c}_origin"].eq(CONVERTED)
    return pd.Series(np.where(conv, CONVERTED, COMPUTED), index=df.index)


_EPS = 1e-6


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
