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

from jkn_geo.config import FAR_ABOVE_POPULATION, PCT_TOLERANCE  # noqa: E402


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
    """The row's population, else the registry's for a total row."""
    if rec["population"] is not None:
        return rec["population"]
    if rec["segment"] != "total":
        return None
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
