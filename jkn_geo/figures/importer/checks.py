"""Checks across the figures of one record (a region, period and segment): duplicates,
active/inactive against registered, registered against the population, stated percentages
against their counts."""
from __future__ import annotations

from typing import TYPE_CHECKING

from jkn_geo.figures import parsing as P
from jkn_geo.figures.importer import messages as T
from jkn_geo.figures.importer.report import ImportReport, err
from jkn_geo.fmt import fmt_int, fmt_pct
from jkn_geo.text import Text

if TYPE_CHECKING:
    from jkn_geo.geography.registry import Registry

from jkn_geo.config import FAR_ABOVE_POPULATION, NATIONAL_CODE, PCT_TOLERANCE  # noqa: E402

#: a stated percentage's column → (its field, its definition when the header declares none)
_PCT_OF = {"coverage_pct_given": ("coverage_pct", "registered/population"),
           "activity_pct_given": ("activity_pct", "active/registered"),
           "active_coverage_pct_given": ("active_coverage_pct", "active/population")}
_WHAT = {"coverage_pct": Text("cakupan", "coverage"), "activity_pct": Text("keaktifan", "activity"),
         "active_coverage_pct": Text("cakupan aktif", "active coverage")}
_SHORT = {"registered/population": "terdaftar/penduduk", "active/registered": "aktif/terdaftar",
          "active/population": "aktif/penduduk"}


def _definition_values(rec: dict, p: float | None) -> dict[str, float]:
    """Each definition's percentage from the record's counts (where they are there)."""
    reg, act = rec["registered"], rec["active"]
    out = {}
    if reg is not None and p:
        out["registered/population"] = reg / p * 100
    if act is not None and reg:
        out["active/registered"] = act / reg * 100
    if act is not None and p:
        out["active/population"] = act / p * 100
    return out


def _check_definitions(r: _Record, p: float | None) -> bool:
    """A stated percentage whose counts fit another definition and not its own: a warning
    naming the definition they fit (the figure is stored with its stated definition).
    Returns whether activity was checked here (so the older message is not repeated)."""
    rec = r.rec
    calc = _definition_values(rec, p)
    handled = False
    for col, (fld, default_def) in _PCT_OF.items():
        given = rec.get(col)
        if given is None:
            continue
        stated = (r.cm.definitions or {}).get(fld, default_def) if r.segment_cols is None else default_def
        if col == "active_coverage_pct_given" and given > 100:
            r.issue(fld, fmt_pct(given), T.ACTIVE_COVERAGE_ABOVE_100, T.CHECK_IF_UNEXPECTED, severity="warning")
        own = calc.get(stated)
        if own is not None and abs(own - given) <= PCT_TOLERANCE:
            continue
        fits = [d for d, v in calc.items() if d != stated and abs(v - given) <= PCT_TOLERANCE]
        if not fits:
            continue
        d = fits[0]
        fit_t, st_t, what = T.DEFINITION_NAMES[d], T.DEFINITION_NAMES[stated], _WHAT[fld]
        header = r.colname(fld) or fld
        pct = {"fits_pct": fmt_pct(calc[d]), "fits_pct_en": fmt_pct(calc[d], 2, "en"),
               "stated_pct": fmt_pct(own) if own is not None else "-",
               "stated_pct_en": fmt_pct(own, 2, "en") if own is not None else "-"}
        r.issue(fld, fmt_pct(given),
                T.DEFINITION_FITS.format(what=what.id, what_en=what.en, given=fmt_pct(given),
                                         given_en=fmt_pct(given, 2, "en"), fits=fit_t.id, fits_en=fit_t.en,
                                         stated=st_t.id, stated_en=st_t.en, **pct),
                T.DECLARE_DEFINITION.format(fits=fit_t.id, fits_en=fit_t.en, header=header, fits_short=_SHORT[d]),
                severity="warning")
        handled = handled or fld == "activity_pct"
    return handled


def _fmt_count(v: float, lang: str = "id") -> str:
    return fmt_int(v, lang)


def _counts(**named: float) -> dict[str, str]:
    """``act=1234`` → ``{"act": "1.234", "act_en": "1,234"}`` for :meth:`Text.format`."""
    out = {}
    for k, v in named.items():
        out[k], out[k + "_en"] = _fmt_count(v), _fmt_count(v, "en")
    return out


class _Record:
    """One record being checked and where its messages point."""

    def __init__(self, rep: ImportReport, rowno: int, rec: dict, cm: P.ColumnMap,
                 segment_cols: tuple[str | None, str | None] | None):
        self.rep, self.rowno, self.rec, self.cm, self.segment_cols = rep, rowno, rec, cm, segment_cols

    def colname(self, f: str) -> str | None:
        if self.segment_cols is not None:
            return self.segment_cols[0] if f == "registered" else self.segment_cols[1] if f == "active" else None
        return self.cm.headers[self.cm.fields[f]] if f in self.cm.fields else None

    def issue(self, f: str, value: object, msg: Text, hint: Text | None = None, severity: str = "error") -> None:
        err(self.rep, self.rowno, self.colname(f), value, msg, hint, severity=severity)


def check_row(rep: ImportReport, rowno: int, rec: dict, cm: P.ColumnMap, registry: Registry, seen: dict,
              segment_cols: tuple[str | None, str | None] | None = None) -> bool:
    """Whether the record can be stored (errors and warnings are added to ``rep``). ``seen``
    maps (code, period, segment) to the row that had it first."""
    key = (rec["code"], rec["period"], rec["segment"])
    if key in seen:
        err(rep, rowno, cm.headers[cm.fields.get("code", cm.fields.get("name"))], rec["code"],
            T.DUPLICATE_ROW.format(code=rec["code"], period=rec["period"], row=seen[key]), T.DROP_ONE_ROW)
        return False
    seen[key] = rowno
    r = _Record(rep, rowno, rec, cm, segment_cols)
    p = _population(rec, registry)
    ok = _check_counts(r)
    ok = _check_population(r, p) and ok
    if not _check_definitions(r, p):
        _check_activity_pct(r, p)
    return ok


def _check_counts(r: _Record) -> bool:
    rec = r.rec
    reg, act, ina = rec["registered"], rec["active"], rec["inactive"]
    ok = True
    if reg is not None and act is not None and act > reg:
        r.issue("active", _fmt_count(act), T.ACTIVE_ABOVE_REGISTERED.format(**_counts(act=act, reg=reg)),
                T.COLUMNS_SWAPPED)
        ok = False
    if reg is not None and ina is not None and ina > reg:
        r.issue("inactive", _fmt_count(ina), T.INACTIVE_ABOVE_REGISTERED, T.CHECK_FIGURES)
        ok = False
    if reg is not None and act is not None and ina is not None and abs(act + ina - reg) > 0.5:
        r.issue("inactive", _fmt_count(ina), T.SUM_MISMATCH.format(**_counts(sum=act + ina, reg=reg)),
                T.STORED_AS_GIVEN, severity="warning")
    if rec["activity_pct_given"] is not None and rec["activity_pct_given"] > 100:
        r.issue("activity_pct", fmt_pct(rec["activity_pct_given"]), T.ACTIVITY_ABOVE_100, T.ACTIVITY_AT_MOST_100)
        ok = False
    return ok


def _population(rec: dict, registry: Registry) -> float | None:
    """The row's population, else the registry's for a total row (the provinces' sum for
    the national row)."""
    if rec["population"] is not None:
        return rec["population"]
    if rec["segment"] != "total":
        return None
    if rec["code"] == NATIONAL_CODE:
        pops = [r.population_total for r in registry.children(None)]
        return float(sum(pops)) if pops and all(pops) else None
    try:
        return registry.population(rec["code"])
    except KeyError:
        return None


def _check_population(r: _Record, p: float | None) -> bool:
    rec = r.rec
    reg, pop, given = rec["registered"], rec["population"], rec["coverage_pct_given"]
    ok = True
    if reg is not None and p:
        cov = reg / p * 100
        which = T.POPULATION_IN_FILE if pop is not None else T.POPULATION_REFERENCE
        if reg > FAR_ABOVE_POPULATION * p:
            r.issue("registered", _fmt_count(reg),
                    T.REGISTERED_FAR_ABOVE.format(which=which.id, which_en=which.en, cov=fmt_pct(cov, 1),
                                                  cov_en=fmt_pct(cov, 1, "en"), **_counts(pop=p)),
                    T.CHECK_UNITS)
            ok = False
        elif cov > 100:
            r.issue("registered", _fmt_count(reg),
                    T.COVERAGE_ABOVE_100_OF.format(cov=fmt_pct(cov, 2), cov_en=fmt_pct(cov, 2, "en"), which=which.id,
                                                   which_en=which.en),
                    T.OUTSIDE_DOMICILE, severity="warning")
        if given is not None and pop is not None and abs(cov - given) > PCT_TOLERANCE:
            r.issue("coverage_pct", fmt_pct(given),
                    T.COVERAGE_MISMATCH.format(given=fmt_pct(given), given_en=fmt_pct(given, 2, "en"),
                                               calc=fmt_pct(cov), calc_en=fmt_pct(cov, 2, "en")),
                    T.COMPUTED_FROM_COUNTS, severity="warning")
    if given is not None and given > 100 and reg is None:
        r.issue("coverage_pct", fmt_pct(given), T.COVERAGE_ABOVE_100, T.CHECK_IF_UNEXPECTED, severity="warning")
    return ok


def _check_activity_pct(r: _Record, p: float | None) -> None:
    rec = r.rec
    reg, act, given = rec["registered"], rec["active"], rec["activity_pct_given"]
    if given is None or not reg or act is None:
        return
    a = act / reg * 100
    if abs(a - given) <= PCT_TOLERANCE:
        return
    alt = T.ACTIVE_OVER_POPULATION.format(pct=fmt_pct(act / p * 100), pct_en=fmt_pct(act / p * 100, 2, "en")) \
        if p else None
    r.issue("activity_pct", fmt_pct(given),
            T.ACTIVITY_MISMATCH.format(given=fmt_pct(given), given_en=fmt_pct(given, 2, "en"), calc=fmt_pct(a),
                                       calc_en=fmt_pct(a, 2, "en"), alt=alt.id if alt else "",
                                       alt_en=alt.en if alt else ""),
            T.ACTIVITY_DEFINITION, severity="warning")
