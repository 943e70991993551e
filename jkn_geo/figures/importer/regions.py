"""The region of a data row: by code (with its name checked against it) or by name through
the registry's name matching (a province column narrows the search). "Indonesia",
"nasional" or the code ``ID`` is the country itself (level ``national``, code
:data:`jkn_geo.config.NATIONAL_CODE`), a region above the provinces.

Bounded work: a name cell over :data:`MAX_REGION_NAME_CHARS` characters is refused unread, and
the fuzzy part of name matching has a time budget per file (:data:`NAME_MATCH_BUDGET_S`, kept
in the file's match cache): once it is spent, later names are matched by exact name, code or
alias only (dictionary look-ups), and a name that needed a close spelling gets a message saying
matching stopped and to use a region code column. Both are looked up in this module when a
file is read: a test patches them here."""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

from jkn_geo.config import MAX_REGION_NAME_CHARS, NAME_MATCH_BUDGET_S, NATIONAL_CODE, NATIONAL_NAMES
from jkn_geo.figures import parsing as P
from jkn_geo.figures.importer import messages as T
from jkn_geo.figures.importer.report import ImportReport, err
from jkn_geo.fmt import fmt_int

if TYPE_CHECKING:
    from jkn_geo.geography.registry import Registry

Region = tuple[str, str]          # (code, level)
_BUDGET = "_name_match_budget"    # the cache entry holding the file's matching time: {"spent", "first"}


def match_bounded(registry: Registry, cache: dict, rowno: int, text: str, level: str | None = None,
                  within=None):
    """``(MatchResult, limited)``: the registry's match within the file's time budget.
    ``limited``: the budget was spent, so only exact names, codes and aliases were tried."""
    b = cache.setdefault(_BUDGET, {"spent": 0.0, "first": None})
    if b["spent"] >= NAME_MATCH_BUDGET_S:
        if b["first"] is None:
            b["first"] = rowno
        return registry.match_region(text, level=level, within=within, fuzzy=False), True
    t0 = time.perf_counter()
    try:
        return registry.match_region(text, level=level, within=within), False
    finally:
        b["spent"] += time.perf_counter() - t0


def _too_long(rep: ImportReport, rowno: int, col: str | None, text: str) -> bool:
    if len(text) <= MAX_REGION_NAME_CHARS:
        return False
    err(rep, rowno, col, text, T.NAME_CELL_TOO_LONG.format(n=fmt_int(len(text)), n_en=fmt_int(len(text), "en"),
                                                           limit=MAX_REGION_NAME_CHARS), T.SHORTEN_NAME_OR_CODE)
    return True


def resolve_region(rep: ImportReport, rowno: int, code_v: object, name_v: object, prov_v: object,
                   lvl_hint: str | None, cm: P.ColumnMap, registry: Registry, cache: dict) -> Region | None:
    """``(code, level)`` of the row's region, or None after an error naming the problem.
    ``cache`` is shared by the rows of one file."""
    national = is_national(code_v, name_v)
    if national is not None:
        if national:
            return NATIONAL_CODE, "national"
        col = cm.headers[cm.fields["code"]] if "code" in cm.fields else None
        err(rep, rowno, col, code_v, T.NATIONAL_CODE_NAME.format(name=name_v), T.CHECK_CODE_OR_NAME)
        return None
    if lvl_hint == "national":
        col = cm.headers[cm.fields["name"]] if "name" in cm.fields else None
        err(rep, rowno, col, name_v if not P.is_missing_text(name_v) else code_v, T.NOT_NATIONAL, T.WRITE_INDONESIA)
        return None
    if not P.is_missing_text(code_v):
        if not P.is_missing_text(name_v):
            return _by_code(rep, rowno, code_v, name_v, lvl_hint, cm, registry, cache)
        hit = cache.get(("code", code_v))
        if hit is None:
            hit = _by_code(rep, rowno, code_v, None, lvl_hint, cm, registry, {})
            if hit is not None:
                cache[("code", code_v)] = hit
        return hit
    return _by_name(rep, rowno, name_v, prov_v, lvl_hint, cm, registry, cache)


def is_national(code_v: object, name_v: object) -> bool | None:
    """True for a row of the whole country (code ``ID`` or a name such as "Indonesia" /
    "nasional" without a code that says otherwise); False when the code says ``ID`` and the
    name another region; None for any other region."""
    code_nat = not P.is_missing_text(code_v) and str(code_v).strip().upper() == NATIONAL_CODE
    name_nat = not P.is_missing_text(name_v) and str(name_v).strip().lower() in NATIONAL_NAMES
    if code_nat:
        return name_nat or P.is_missing_text(name_v)
    if name_nat and P.is_missing_text(code_v):
        return True
    return None


def _by_code(rep: ImportReport, rowno: int, code_v: object, name_v: object, lvl_hint: str | None,
             cm: P.ColumnMap, registry: Registry, cache: dict) -> Region | None:
    from jkn_geo.geography.registry import normalise_code

    raw = code_v
    if isinstance(raw, float):
        raw = int(raw) if raw.is_integer() else f"{raw:.2f}"   # Excel drops trailing zeros: 18.1 = 18.10
    code = normalise_code(str(raw).strip())
    if code is None or code not in registry:
        if not P.is_missing_text(name_v):
            m, _ = match_bounded(registry, cache, rowno, str(name_v), level=lvl_hint)
            hint = T.NAME_FITS.format(name=m.name, code=m.code) if m.ok else T.CHECK_CODE
        else:
            hint = T.USE_KEMENDAGRI_CODE
        err(rep, rowno, cm.headers[cm.fields["code"]], code_v, T.UNKNOWN_CODE, hint)
        return None
    r = registry.get(code)
    if not P.is_missing_text(name_v) and len(str(name_v)) <= MAX_REGION_NAME_CHARS:
        key = ("chk", code, str(name_v))
        if key not in cache:
            cache[key] = match_bounded(registry, cache, rowno, str(name_v), level=r.level,
                                       within=code[:2] if r.level != "province" else None)
        m, limited = cache[key]
        if m.ok and m.code != r.code or (m.status == "not_found" and not limited):
            err(rep, rowno, cm.headers[cm.fields["name"]], name_v, T.NAME_CODE_MISMATCH.format(code=r.code, name=r.name),
                T.CHECK_CODE_OR_NAME, severity="warning")
    return r.code, r.level


def _by_name(rep: ImportReport, rowno: int, name_v: object, prov_v: object, lvl_hint: str | None,
             cm: P.ColumnMap, registry: Registry, cache: dict) -> Region | None:
    text = str(name_v).strip()
    col = cm.headers[cm.fields["name"]]
    if _too_long(rep, rowno, col, text):
        return None
    within = None if P.is_missing_text(prov_v) else str(prov_v).strip()
    if within is not None and _too_long(rep, rowno, cm.headers[cm.fields["province"]], within):
        return None
    key = (text, lvl_hint, within)
    if key not in cache:
        try:
            cache[key] = match_bounded(registry, cache, rowno, text, level=lvl_hint, within=within)
        except KeyError:
            cache[key] = match_bounded(registry, cache, rowno, text, level=lvl_hint)
    m, limited = cache[key]
    if m.ok:
        if m.status == "fuzzy":
            err(rep, rowno, col, text, T.FUZZY_MATCH.format(name=m.name, code=m.code), T.CHECK_NAME_OR_ADD_CODE,
                severity="warning")
        return m.code, m.level
    cands = "; ".join(c.label() for c in m.candidates[:6])
    if m.status == "ambiguous":
        err(rep, rowno, col, text, T.AMBIGUOUS.format(cands=cands), T.DISAMBIGUATE)
    elif limited:
        b = cache[_BUDGET]
        s = f"{b['spent']:.0f}"
        err(rep, rowno, col, text, T.MATCH_BUDGET_SPENT.format(s=s, s_en=s, first=b["first"]), T.USE_CODE_COLUMN)
    else:
        msg = T.NOT_FOUND + T.DID_YOU_MEAN.format(cands=cands) if cands else T.NOT_FOUND
        err(rep, rowno, col, text, msg, T.CHECK_SPELLING)
    return None
