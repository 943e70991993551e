"""Consistency check: figures that contradict each other.

Works on figures in long form (one row per figure: code, period, segment, measure,
definition, value, lo, hi, figure_id, source_name) — the published figures as they are, or
the rows of a stored dataset turned into that form (:func:`check_dataset`).

Every written figure stands for an interval (``"97,05"`` → 97,045–97,055; ``"sekitar 6,3
juta"`` → 6,2–6,4 juta; ``"lebih dari 118 ribu"`` → 118–119 ribu), so rounding is never
reported as a contradiction. For each region, month and segment the checks are:

* ``sum``            active + inactive = registered
* ``coverage``       a coverage % (registered ÷ population) against its counts
* ``activity``       an activity % against its counts, in the definition the figure states;
                     when it does not fit, the other definitions (active ÷ population,
                     active ÷ (active + inactive)) are tried and the one that fits is named
* ``inactive_share`` an inactive % against its counts (same alternatives)
* ``unregistered``   unregistered = population − registered
* ``pemda_share``    a "% of the population funded by the local government" against its counts
* ``repeat``         the same measure stated twice with values that cannot both be true

Severity ``contradiction``: the figures of the source(s) alone cannot all be true.
Severity ``note``: the figure only disagrees with the *reference* population of the registry
(a source may use another population year), e.g. "95,31 % of the population" together with
8.527.908 participants implies 8,95 million inhabitants where the registry has 9,14 million.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from jkn_geo.fmt import fmt_num, fmt_pct
from jkn_geo.text import Text

if TYPE_CHECKING:
    from jkn_geo.geography.registry import Registry

FINDING_COLUMNS = ["severity", "check", "code", "name", "period", "segment", "figure_ids", "sources", "stated",
                   "expected", "message_id", "message_en"]
REF_TOLERANCE_PCT = 2.0  # a stated/implied population differing from the reference by more is noted

# ---- messages (``message_id`` / ``message_en`` of a finding) -------------------------------------
REPEATED = Text("{key} disebut dua kali dengan nilai yang tidak cocok: {a} dan {b}",
                "{key} is stated twice with values that cannot both be true: {a} and {b}")
POPULATION_VS_REFERENCE = Text(
    "Penduduk {what}: {pop}; penduduk rujukan {ref} (selisih {diff}). Sumber memakai tahun penduduk lain.",
    "Population {what_en}: {pop_en}; reference population {ref_en} (differs by {diff_en}). The source uses another "
    "population base.")
STATED = Text("disebut", "stated")
IMPLIED = Text("tersirat dari cakupan dan jumlah peserta", "implied by the coverage and the participant count")
STATED_VS_COUNTS = Text("{label}: disebut {stated}, tetapi dari angkanya {expected}{ref}.{extra}",
                        "{label_en}: stated {stated}, but its counts give {expected_en}{ref_en}.{extra_en}")
USING_REFERENCE = Text(" (dengan penduduk rujukan)", " (using the reference population)")
REFERENCE_MARK = Text(" (penduduk rujukan)", " (reference population)")
FITS = Text(" Nilai ini cocok dengan {alts}.", " It fits {alts_en}.")
WRITTEN_VS_COUNTS = Text("{label}: tertulis {stated}, dari angkanya {expected}.",
                         "{label_en}: stated {stated_en}, its counts give {expected_en}.")
SUB_REGIONS = Text("Peserta {label} {stated} ≠ jumlah {n} wilayah di bawahnya ({total}).",
                   "{label_en} {stated_en} ≠ the sum of its {n} sub-regions ({total_en}).")

SUM = Text("Aktif + tidak aktif ≠ terdaftar", "Active + inactive ≠ registered")
COVERAGE = Text("Cakupan (terdaftar ÷ penduduk)", "Coverage (registered ÷ population)")
ACTIVITY_OF_REGISTERED = Text("Keaktifan (aktif ÷ terdaftar)", "Activity (active ÷ registered)")
ACTIVITY_OF_POPULATION = Text("Keaktifan (aktif ÷ penduduk)", "Activity (active ÷ population)")
INACTIVE_SHARE = Text("Porsi tidak aktif (tidak aktif ÷ terdaftar)", "Inactive share (inactive ÷ registered)")
UNREGISTERED = Text("Belum terdaftar (penduduk − terdaftar)", "Unregistered (population − registered)")
PEMDA_SHARE = Text("Porsi penduduk yang didanai pemda", "Share of the population funded by the local government")
ACTIVE_OVER_POPULATION = Text("aktif ÷ penduduk", "active ÷ population")
ACTIVE_OVER_REGISTERED = Text("aktif ÷ terdaftar", "active ÷ registered")
ACTIVE_OVER_ACTIVE_INACTIVE = Text("aktif ÷ (aktif + tidak aktif)", "active ÷ (active + inactive)")
REGISTERED_LESS_INACTIVE = Text("(terdaftar − tidak aktif) ÷ terdaftar", "(registered − inactive) ÷ registered")
REGISTERED_LESS_ACTIVE = Text("(terdaftar − aktif) ÷ terdaftar", "(registered − active) ÷ registered")
INACTIVE_OVER_ACTIVE_INACTIVE = Text("tidak aktif ÷ (aktif + tidak aktif)", "inactive ÷ (active + inactive)")
REGISTERED = Text("terdaftar", "registered")
ACTIVE = Text("aktif", "active")


@dataclass
class _Val:
    lo: float
    hi: float
    ids: tuple
    ref: bool = False     # comes from the reference population, not from the source
    text: str = ""

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2


def _add(a: _Val, b: _Val) -> _Val:
    return _Val(a.lo + b.lo, a.hi + b.hi, a.ids + b.ids, a.ref or b.ref)


def _sub(a: _Val, b: _Val) -> _Val:
    return _Val(a.lo - b.hi, a.hi - b.lo, a.ids + b.ids, a.ref or b.ref)


def _pct(a: _Val, b: _Val) -> _Val | None:
    if b.lo <= 0:
        return None
    return _Val(a.lo / b.hi * 100, a.hi / b.lo * 100, a.ids + b.ids, a.ref or b.ref)


def _overlap(a: _Val, b: _Val) -> bool:
    eps = 1e-9 * max(1.0, abs(a.mid), abs(b.mid))
    return a.lo <= b.hi + eps and b.lo <= a.hi + eps


def _fmt(v: float, pct: bool, lang: str) -> str:
    if pct:
        return fmt_pct(v, 2, lang)
    return fmt_num(round(v), 0, lang)


def check_figures(figs: pd.DataFrame, registry: Registry | None = None) -> pd.DataFrame:
    """Findings for figures in long form (see the module doc). Sorted contradictions first."""
    if registry is None:
        from jkn_geo.geography.registry import get_registry

        registry = get_registry()
    out: list[dict] = []
    for (code, period, segment), g in figs.groupby(["code", "period", "segment"], sort=True):
        out.extend(_check_group(code, period, segment, g, registry))
    df = pd.DataFrame(out, columns=FINDING_COLUMNS)
    if len(df):
        df["_o"] = (df["severity"] != "contradiction").astype(int)
        df = df.sort_values(["_o", "code", "period"], kind="stable").drop(columns="_o").reset_index(drop=True)
    return df


def _ref_population(registry, code: str, segment: str) -> float | None:
    if segment != "total":
        return None
    if code == "ID":
        return float(sum(registry.population(c) or 0 for c in registry.codes("province")))
    try:
        p = registry.population(code)
    except KeyError:
        return None
    return float(p) if p else None


def _region_name(registry, code: str) -> str:
    if code == "ID":
        return "Indonesia"
    try:
        return registry.name(code)
    except KeyError:
        return code


def _message(msg: Text) -> dict[str, str]:
    return {"message_id": msg.id, "message_en": msg.en}


def _check_group(code, period, segment, g: pd.DataFrame, registry) -> list[dict]:
    findings: list[dict] = []
    name = _region_name(registry, code)
    sources = "; ".join(sorted(set(g.get("source_name", pd.Series(dtype=str)).astype(str)))) if "source_name" in g else ""

    def add(severity, check, ids, stated, expected, msg: Text):
        findings.append({"severity": severity, "check": check, "code": code, "name": name, "period": period,
                         "segment": segment, "figure_ids": ", ".join(dict.fromkeys(ids)), "sources": sources,
                         "stated": stated, "expected": expected, "message_id": msg.id, "message_en": msg.en})

    vals: dict[str, _Val] = {}
    for _, f in g.iterrows():
        key = f["measure"] if f["measure"] in ("population", "registered", "active", "inactive", "unregistered",
                                               "pemda_funded_people") else f"{f['measure']}|{f['definition']}"
        v = _Val(float(f["lo"]), float(f["hi"]), (f["figure_id"],), False, str(f.get("value_stated", f["value"])))
        if key in vals:
            old = vals[key]
            if not _overlap(old, v):
                add("contradiction", "repeat", old.ids + v.ids, f"{old.text} / {v.text}", "",
                    REPEATED.format(key=key, a=old.text, b=v.text))
                continue
            vals[key] = _Val(max(old.lo, v.lo), min(old.hi, v.hi), old.ids + v.ids, False, old.text)
        else:
            vals[key] = v

    reg, act, ina = vals.get("registered"), vals.get("active"), vals.get("inactive")
    cov = vals.get("coverage_pct|registered/population")
    # population: stated > implied by registered and coverage > reference
    pop = vals.get("population")
    ref = _ref_population(registry, code, segment)
    implied = None
    if reg and cov and cov.lo > 0:
        implied = _Val(reg.lo / cov.hi * 100, reg.hi / cov.lo * 100, reg.ids + cov.ids)
    pop_src = pop or implied
    if pop_src is None and ref:
        pop_src = _Val(ref, ref, (), True)
    # stated or implied population against the reference
    for cand, how in ((pop, "stated"), (implied if not pop else None, "implied")):
        if cand is not None and ref:
            rel = (ref - cand.mid) / ref * 100
            if abs(rel) > REF_TOLERANCE_PCT and not (cand.lo <= ref <= cand.hi):
                what = STATED if how == "stated" else IMPLIED
                add("note", "reference_population", cand.ids, _fmt(cand.mid, False, "id"), _fmt(ref, False, "id"),
                    POPULATION_VS_REFERENCE.format(
                        what=what.id, what_en=what.en, pop=fmt_num(cand.mid, 0), pop_en=fmt_num(cand.mid, 0, "en"),
                        ref=fmt_num(ref, 0), ref_en=fmt_num(ref, 0, "en"), diff=fmt_pct(rel, 1),
                        diff_en=fmt_pct(rel, 1, "en")))

    def compare(check, stated: _Val, expected: _Val | None, is_pct, label: Text, alts=()):
        if expected is None:
            return
        if _overlap(stated, expected):
            return
        sev = "note" if expected.ref else "contradiction"
        fit = []
        for alt_label, alt_val in alts:
            # only a narrow alternative is evidence (a bound like "2,1 juta lebih" fits too much)
            if alt_val is not None and _overlap(stated, alt_val) and (alt_val.hi - alt_val.lo) <= (3.0 if is_pct else
                                                                                               0.01 * alt_val.mid):
                fit.append((alt_label, alt_val))

        def fits(lang: str) -> str:
            return " / ".join(f"{a.get(lang)} = {_fmt(v.mid, is_pct, lang)}" + (REFERENCE_MARK.get(lang) if v.ref else "")
                              for a, v in fit)

        extra = FITS.format(alts=fits("id"), alts_en=fits("en")) if fit else Text("", "")
        ref = USING_REFERENCE if expected.ref else Text("", "")
        add(sev, check, stated.ids + expected.ids, stated.text, _fmt(expected.mid, is_pct, "id"),
            STATED_VS_COUNTS.format(label=label.id, label_en=label.en, stated=stated.text,
                                    expected=_fmt(expected.mid, is_pct, "id"),
                                    expected_en=_fmt(expected.mid, is_pct, "en"), ref=ref.id, ref_en=ref.en,
                                    extra=extra.id, extra_en=extra.en))

    if reg and act and ina:
        compare("sum", reg, _add(act, ina), False, SUM)
    if cov and reg and pop:
        compare("coverage", cov, _pct(reg, pop), True, COVERAGE)
    elif cov and reg and not pop and ref and implied is None:
        pass
    a_reg = vals.get("activity_pct|active/registered")
    a_pop = vals.get("activity_pct|active/population")
    alt_ar = _pct(act, reg) if act and reg else None
    alt_ap = _pct(act, pop_src) if act and pop_src else None
    alt_aai = _pct(act, _add(act, ina)) if act and ina else None
    alt_rir = _pct(_sub(reg, ina), reg) if reg and ina else None
    if a_reg:
        exp = alt_ar or (_pct(_sub(reg, ina), reg) if reg and ina else None)
        compare("activity", a_reg, exp, True, ACTIVITY_OF_REGISTERED,
                [(ACTIVE_OVER_POPULATION, alt_ap), (ACTIVE_OVER_ACTIVE_INACTIVE, alt_aai),
                 (REGISTERED_LESS_INACTIVE, alt_rir)])
    if a_pop:
        compare("activity", a_pop, alt_ap, True, ACTIVITY_OF_POPULATION,
                [(ACTIVE_OVER_REGISTERED, alt_ar), (ACTIVE_OVER_ACTIVE_INACTIVE, alt_aai)])
    i_pct = vals.get("inactive_pct|inactive/registered")
    if i_pct:
        exp = _pct(ina, reg) if ina and reg else None
        compare("inactive_share", i_pct, exp, True, INACTIVE_SHARE,
                [(REGISTERED_LESS_ACTIVE, _pct(_sub(reg, act), reg) if reg and act else None),
                 (INACTIVE_OVER_ACTIVE_INACTIVE, _pct(ina, _add(act, ina)) if act and ina else None)])
    unreg = vals.get("unregistered")
    if unreg:
        exp = None
        if reg and pop_src:
            exp = _sub(pop_src, reg)
        elif cov and pop_src:
            exp = _Val(pop_src.lo * (100 - cov.hi) / 100, pop_src.hi * (100 - cov.lo) / 100, pop_src.ids + cov.ids,
                       pop_src.ref)
        compare("unregistered", unreg, exp, False, UNREGISTERED)
    p_share = vals.get("pemda_funded_pct|pemda-funded/population")
    p_people = vals.get("pemda_funded_people")
    if p_share and p_people and pop_src:
        compare("pemda_share", p_share, _pct(p_people, pop_src), True, PEMDA_SHARE)
    return findings


# ---- stored datasets -------------------------------------------------------------------------
def check_hierarchy(figs: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """A region's own row against the sum of its sub-regions' rows, where the data has a row
    for every sub-region: registered and active must add up (±0,5)."""
    out: list[dict] = []
    if not len(figs):
        return pd.DataFrame(out, columns=FINDING_COLUMNS)
    df = figs[figs["code"].str.contains(".", regex=False)].copy()
    df["parent"] = df["code"].str.rsplit(".", n=1).str[0]
    own = figs.set_index(["code", "period", "segment"])
    grouped = df.groupby(["parent", "period", "segment"])
    for (parent, period, segment), g in grouped:
        if (parent, period, segment) not in own.index:
            continue
        try:
            n_kids = len(registry.children(parent))
        except KeyError:        # a parent code the registry does not know
            n_kids = 0
        if n_kids == 0 or g["code"].nunique() != n_kids:
            continue
        prow = own.loc[(parent, period, segment)]
        for col, label in (("registered", REGISTERED), ("active", ACTIVE)):
            pv, kv = prow[col], g[col]
            if pd.isna(pv) or kv.isna().any():
                continue
            total = float(kv.sum())
            if abs(total - float(pv)) > 0.5:
                rows = ", ".join(f"row {int(x)}" for x in pd.concat([pd.Series([prow.get("row_no")]), g["row_no"]])
                                 .dropna().head(4))
                out.append({"severity": "contradiction", "check": "hierarchy", "code": parent,
                            "name": _region_name(registry, parent), "period": period, "segment": segment,
                            "figure_ids": rows, "sources": "", "stated": fmt_num(pv, 0),
                            "expected": fmt_num(total, 0),
                            **_message(SUB_REGIONS.format(
                                label=label.id, label_en=label.en.capitalize(), n=n_kids, stated=fmt_num(pv, 0),
                                stated_en=fmt_num(pv, 0, "en"), total=fmt_num(total, 0),
                                total_en=fmt_num(total, 0, "en")))})
    return pd.DataFrame(out, columns=FINDING_COLUMNS)


def check_rows(figs: pd.DataFrame, registry: Registry | None = None, pct_tolerance: float = 0.0051) -> pd.DataFrame:
    """Vectorised checks on stored rows (exact counts; percentages to two decimals):
    active + inactive = registered, and each stated percentage against its counts where the
    row has them (population only when the row states it)."""
    import numpy as np

    out = []
    if not len(figs):
        return pd.DataFrame(out, columns=FINDING_COLUMNS)
    f = figs.reset_index(drop=True)
    num = {c: pd.to_numeric(f[c], errors="coerce") for c in ("population", "registered", "active", "inactive",
                                                              "coverage_pct_given", "activity_pct_given",
                                                              "active_coverage_pct_given")}

    def emit(mask, check, stated, expected, pct, label: Text):
        for i in np.flatnonzero(mask.to_numpy()):
            r = f.iloc[i]
            rid = f"row {int(r['row_no'])}" if pd.notna(r.get("row_no")) else r["code"]
            st, ex = float(stated.iloc[i]), float(expected.iloc[i])
            out.append({"severity": "contradiction", "check": check, "code": r["code"],
                        "name": _region_name(registry, r["code"]) if registry is not None else r["code"],
                        "period": r["period"], "segment": r.get("segment", "total"), "figure_ids": rid,
                        "sources": r.get("source") or "", "stated": _fmt(st, pct, "id"), "expected": _fmt(ex, pct, "id"),
                        **_message(WRITTEN_VS_COUNTS.format(
                            label=label.id, label_en=label.en, stated=_fmt(st, pct, "id"), stated_en=_fmt(st, pct, "en"),
                            expected=_fmt(ex, pct, "id"), expected_en=_fmt(ex, pct, "en")))})

    reg, act, ina, pop = num["registered"], num["active"], num["inactive"], num["population"]
    total = act + ina
    emit((total - reg).abs() > 0.5, "sum", reg, total, False, SUM)
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = (reg / pop * 100).where(pop > 0)
        acti = (act / reg * 100).where(reg > 0)
        acov = (act / pop * 100).where(pop > 0)
    for given, calc, check, label in (("coverage_pct_given", cov, "coverage", COVERAGE),
                                      ("activity_pct_given", acti, "activity", ACTIVITY_OF_REGISTERED),
                                      ("active_coverage_pct_given", acov, "activity", ACTIVITY_OF_POPULATION)):
        g = num[given]
        emit((g - calc).abs() > pct_tolerance, check, g, calc, True, label)
    return pd.DataFrame(out, columns=FINDING_COLUMNS)
