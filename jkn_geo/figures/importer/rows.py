"""From rows of cells to figure records: the header and its columns, then each data row
(region, level, period, numbers, segment sums) checked into the records to store."""
from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from jkn_geo.config import DEFAULT_TO_ENROL_TARGET, MAX_HEADER_SCAN
from jkn_geo.figures import parsing as P
from jkn_geo.figures.importer import messages as T
from jkn_geo.figures.importer.checks import check_row
from jkn_geo.figures.importer.reading import Rows, counts
from jkn_geo.figures.importer.regions import resolve_region
from jkn_geo.figures.importer.report import ImportReport, Stop, err, stop
from jkn_geo.figures.importer.values import number_cell, period_cell
from jkn_geo.fmt import fmt_int
from jkn_geo.text import Text

if TYPE_CHECKING:
    from jkn_geo.geography.registry import Registry

#: a region cell of a total row (skipped; "Indonesia" / "nasional" are the national region, not totals)
TOTAL_WORDS = {"total", "jumlah", "grand total", "jumlah total", "total keseluruhan", "sub total", "subtotal"}
COUNT_FIELDS = ("population", "registered", "active", "inactive", "unregistered", "to_enrol")
PCT_FIELDS = ("coverage_pct", "activity_pct", "active_coverage_pct")
FIGURE_FIELDS = ("registered", "active", "inactive", "coverage_pct", "activity_pct", "active_coverage_pct",
                 "unregistered", "to_enrol")
FRAME_COLUMNS = ["row_no", "code", "level", "period", "segment", "population", "registered", "active", "inactive",
                 "coverage_pct_given", "activity_pct_given", "active_coverage_pct_given", "unregistered_given",
                 "to_enrol_given", "to_enrol_target", "source", "note", "period_kind"]


# ---- the header ------------------------------------------------------------------------------------
def find_header(nonempty: Rows, rep: ImportReport) -> tuple[int, P.ColumnMap]:
    """The header among the rows with content (``nonempty``): its position there and its columns."""
    if not nonempty:
        raise stop(rep, None, None, None, T.NO_ROWS, T.FILL_AS_TEMPLATE)
    for k, (_i, r) in enumerate(nonempty[:MAX_HEADER_SCAN]):
        cm = P.map_columns(r)
        region = cm.has("code") or cm.has("name")
        vals = any(f in cm.fields for f in FIGURE_FIELDS + ("population",)) or bool(cm.segments)
        if region and vals:
            return k, cm
    i, r = nonempty[0]
    shown = ", ".join(str(v) for v in r if not P.is_missing_text(v))[:200]
    raise stop(rep, i, None, shown, T.NO_HEADER, T.NEED_REGION_AND_FIGURE)


def _describe_columns(rep: ImportReport, cm: P.ColumnMap, header_row: int) -> None:
    hdr = cm.headers
    rep.header_row = header_row
    rep.columns = {f: hdr[i] for f, i in cm.fields.items()}
    rep.columns.update({f"{k[0]}:{k[1]}": hdr[i] for k, i in cm.segments.items()})
    rep.ignored_columns = list(cm.unknown)


def _warn_hidden(rep: ImportReport, hidden: Sequence[tuple[int, int]], hdr: list[str], header_row: int) -> None:
    if hidden:
        r0, j0 = hidden[0]
        err(rep, r0, hdr[j0] if j0 < len(hdr) and r0 > header_row else None, None,
            T.INVISIBLE.format(**counts(n=len(hidden))), T.CLEAN_CELL, severity="warning")


def _formula_errors(rep: ImportReport, formulas: Sequence[tuple[int, int, str]], cm: P.ColumnMap,
                    header_row: int) -> set[int]:
    """An error for each formula without a stored result in a column that is read; their rows."""
    used_cols = set(cm.fields.values()) | set(cm.segments.values())
    bad_rows: set[int] = set()
    for r0, j0, ftext in formulas:
        if r0 > header_row and j0 in used_cols:
            bad_rows.add(r0)
            err(rep, r0, cm.headers[j0], ftext, T.FORMULA, T.SAVE_FORMULA_RESULTS)
    return bad_rows


def _warn_columns(rep: ImportReport, cm: P.ColumnMap, header_row: int) -> None:
    for h in cm.unknown:
        err(rep, header_row, h, None, T.UNKNOWN_COLUMN, T.RENAME_COLUMN, severity="warning")
    for _f, first, second in cm.duplicates:
        err(rep, header_row, second, None, T.DUPLICATE_COLUMN.format(first=first, second=second), T.DROP_ONE_COLUMN,
            severity="warning")


def _yearly_periods(cm: P.ColumnMap, data_rows: Rows) -> bool:
    """Whether every period of the rows is a year or a semester (not a month)."""
    kinds = set()
    for _, r in data_rows:
        try:
            got = period_cell(_cell(r, cm.fields.get("period")), _cell(r, cm.fields.get("year")), cm.has("year"), None)
        except (P.ParseError, ValueError):
            continue
        if got[0] is not None:
            kinds.add(got[1])
    return bool(kinds) and "month" not in kinds


def _required_columns(rep: ImportReport, cm: P.ColumnMap, header_row: int, default_period: str | None,
                      data_rows: Rows = ()) -> str | None:
    """Stop without a period (column or default) or a figure column; the default period read.
    A table of population alone (no JKN figure) by year or semester is a population table
    (``rep.population_table``)."""
    if not (cm.has("period") or cm.has("year")) and not default_period:
        raise stop(rep, header_row, None, None, T.NO_PERIOD_COLUMN, T.ADD_PERIOD)
    if not any(f in cm.fields for f in FIGURE_FIELDS) and not cm.segments:
        if not (cm.has("population") and _yearly_periods(cm, data_rows)):
            raise stop(rep, header_row, None, None, T.NO_FIGURE_COLUMN, T.ADD_FIGURES)
        rep.population_table = True
    if default_period:
        try:
            return P.parse_period(default_period)
        except P.ParseError as exc:
            raise stop(rep, None, "--period", default_period, T.BAD_DEFAULT_PERIOD.format(exc=exc),
                       T.WRITE_PERIOD_SHORT) from None
    return default_period


def _cell(r: list, idx: int | None) -> object:
    return r[idx] if idx is not None and idx < len(r) else None


def _pct_scales(rep: ImportReport, cm: P.ColumnMap, data_rows: Rows, header_row: int) -> dict[str, float]:
    """Percentage columns written as fractions (all values ≤ 1,5) are read × 100 (a warning says so)."""
    scale = {}
    for f in PCT_FIELDS:
        if f not in cm.fields:
            continue
        vals = []
        for _, r in data_rows:
            try:
                v = P.parse_number(_cell(r, cm.fields[f]))
            except P.ParseError:
                continue
            if v is not None:
                vals.append(v)
        if vals and max(vals) <= 1.5 and any(v > 0 for v in vals):
            scale[f] = 100.0
            err(rep, header_row, cm.headers[cm.fields[f]], None, T.FRACTIONS, T.WRITE_PERCENT, severity="warning")
    return scale


# ---- the data rows ---------------------------------------------------------------------------------
@dataclass
class _Table:
    """What every data row is read against."""

    rep: ImportReport
    cm: P.ColumnMap
    registry: Registry
    default_period: str | None
    now: str
    pct_scale: dict[str, float]
    match_cache: dict = field(default_factory=dict)
    seen: dict = field(default_factory=dict)
    segments: list[str] = field(init=False)      # the segments of the segment columns, sorted

    def __post_init__(self) -> None:
        self.segments = sorted({s for (_k, s) in self.cm.segments})

    def cell(self, r: list, f: str) -> object:
        return _cell(r, self.cm.fields.get(f))

    def header(self, f: str) -> str:
        return self.cm.headers[self.cm.fields[f]]


def _fits_header(t: _Table, rowno: int, r: list) -> bool:
    ncols = len(t.cm.headers)
    if len(r) > ncols and any(not P.is_missing_text(v) for v in r[ncols:]):
        err(t.rep, rowno, None, None, T.TOO_MANY_CELLS.format(cells=len(r), ncols=ncols), T.DECIMAL_COMMAS)
        return False
    return True


def _has_region(t: _Table, rowno: int, code_v: object, name_v: object) -> bool:
    """False for a total row (a warning) or a row without region (an error)."""
    if P.is_missing_text(code_v) and isinstance(name_v, str) and name_v.strip().lower() in TOTAL_WORDS:
        err(t.rep, rowno, t.header("name"), name_v, T.TOTAL_ROW, severity="warning")
        return False
    if P.is_missing_text(code_v) and P.is_missing_text(name_v):
        col = t.cm.headers[t.cm.fields.get("code", t.cm.fields.get("name"))]
        err(t.rep, rowno, col, None, T.EMPTY_REGION, T.FILL_REGION)
        return False
    return True


def _row_level(t: _Table, rowno: int, r: list) -> tuple[bool, str | None]:
    """``(ok, level hint)`` from the row's level cell, else the region column's name."""
    if "level" not in t.cm.fields:
        return True, t.cm.level_hint
    raw = t.cell(r, "level")
    try:
        return True, P.parse_level(raw) or t.cm.level_hint
    except P.ParseError as exc:
        err(t.rep, rowno, t.header("level"), raw, T.UNKNOWN_LEVEL.format(exc=exc), T.WRITE_LEVEL)
        return False, None


def _row_period(t: _Table, rowno: int, r: list, row_bad: bool) -> tuple[str | None, str, bool]:
    """``(period, period kind, row_bad)``: the row's period, checked (not empty, not in the
    future); a year only ("2024", "tahun 2024") is a yearly figure, flagged in a figure table."""
    cm = t.cm
    if not (cm.has("period") or cm.has("year")):
        return t.default_period, "month", row_bad
    pv = t.cell(r, "period") if cm.has("period") else t.cell(r, "year")
    col = t.header("period") if cm.has("period") else t.header("year")
    kind = "month"
    try:
        period, kind = period_cell(t.cell(r, "period"), t.cell(r, "year"), cm.has("year"), t.default_period)
    except (P.ParseError, ValueError) as exc:
        err(t.rep, rowno, col, pv, T.BAD_PERIOD.format(exc=exc), T.WRITE_PERIOD)
        period, row_bad = None, True
    if period is not None and kind != "month" and not getattr(t.rep, "population_table", False):
        err(t.rep, rowno, col, pv, T.YEARLY_FIGURE.format(period=period[:4]),
            T.WRITE_MONTH_IF_KNOWN.format(period=period[:4]),
            severity="warning")
    if period is None and not row_bad:
        err(t.rep, rowno, col, None, T.EMPTY_PERIOD, T.FILL_PERIOD)
        row_bad = True
    if period is not None and period > t.now:
        err(t.rep, rowno, col, pv, T.FUTURE_PERIOD.format(period=period, now=t.now), T.CHECK_DATE)
        row_bad = True
    return period, kind, row_bad


def _row_numbers(t: _Table, rowno: int, r: list) -> tuple[dict, dict, bool]:
    """``(figures, segment figures, ok)``; every number cell is checked (all errors reported)."""
    vals: dict = {}
    ok = True
    for f in COUNT_FIELDS + PCT_FIELDS:
        if f in t.cm.fields:
            v, good = number_cell(t.rep, rowno, t.header(f), t.cell(r, f), f in COUNT_FIELDS,
                                  t.pct_scale.get(f, 1.0))
            ok &= good
            vals[f] = v
    seg_vals: dict = {}
    for (kind, seg), idx in sorted(t.cm.segments.items()):
        v, good = number_cell(t.rep, rowno, t.cm.headers[idx], _cell(r, idx), True, 1.0)
        ok &= good
        seg_vals[(kind, seg)] = v
    return vals, seg_vals, ok


def _derive_totals(t: _Table, rowno: int, vals: dict, seg_vals: dict) -> list[str]:
    """Registered/active from the segment sums when those columns are absent or empty (a
    warning when both are given and differ); registered from active + inactive. Returns the
    fields derived."""
    derived = []
    for kind in ("registered", "active"):
        parts = [seg_vals.get((kind, s)) for s in t.segments if (kind, s) in seg_vals]
        if not parts or not all(p is not None for p in parts):
            continue
        if vals.get(kind) is None:
            vals[kind] = float(sum(parts))
            derived.append(kind)
        elif abs(sum(parts) - vals[kind]) > 0.5:
            err(t.rep, rowno, t.header(kind), fmt_int(vals[kind]),
                T.SEGMENT_SUM.format(parts=fmt_int(sum(parts)), parts_en=fmt_int(sum(parts), "en"),
                                     total=fmt_int(vals[kind]), total_en=fmt_int(vals[kind], "en")),
                T.CHECK_SEGMENTS, severity="warning")
    if vals.get("registered") is None and vals.get("active") is not None and vals.get("inactive") is not None:
        vals["registered"] = vals["active"] + vals["inactive"]
        derived.append("registered")
    return derived


def _records(t: _Table, rowno: int, base: dict, vals: dict, seg_vals: dict) -> list[dict]:
    """The total record and one per segment, each checked (a failed total drops the row)."""
    rec = dict(base)
    to_enrol = vals.get("to_enrol")
    rec.update({"segment": "total", "population": vals.get("population"), "registered": vals.get("registered"),
                "active": vals.get("active"), "inactive": vals.get("inactive"),
                "coverage_pct_given": vals.get("coverage_pct"), "activity_pct_given": vals.get("activity_pct"),
                "active_coverage_pct_given": vals.get("active_coverage_pct"),
                "unregistered_given": vals.get("unregistered"), "to_enrol_given": to_enrol,
                "to_enrol_target": None if to_enrol is None else
                (t.cm.targets or {}).get("to_enrol", DEFAULT_TO_ENROL_TARGET)})
    if not check_row(t.rep, rowno, rec, t.cm, t.registry, t.seen):
        return []
    out = [rec]
    segs = t.cm.segments
    for s in t.segments:
        sreg, sact = seg_vals.get(("registered", s)), seg_vals.get(("active", s))
        if sreg is None and sact is None:
            continue
        srec = dict(base)
        srec.update({"segment": s, "population": None, "registered": sreg, "active": sact, "inactive": None,
                     "coverage_pct_given": None, "activity_pct_given": None, "active_coverage_pct_given": None,
                     "unregistered_given": None, "to_enrol_given": None, "to_enrol_target": None})
        cols = (t.cm.headers[segs[("registered", s)]] if ("registered", s) in segs else None,
                t.cm.headers[segs[("active", s)]] if ("active", s) in segs else None)
        if check_row(t.rep, rowno, srec, t.cm, t.registry, t.seen, segment_cols=cols):
            out.append(srec)
    return out


def _read_row(t: _Table, rowno: int, r: list) -> list[dict]:
    """The records of one data row (none when it has an error or is skipped)."""
    if not _fits_header(t, rowno, r):
        return []
    code_v, name_v = t.cell(r, "code"), t.cell(r, "name")
    if not _has_region(t, rowno, code_v, name_v):
        return []
    level_ok, lvl_hint = _row_level(t, rowno, r)
    if not level_ok:
        return []
    region = resolve_region(t.rep, rowno, code_v, name_v, t.cell(r, "province"), lvl_hint, t.cm, t.registry,
                            t.match_cache)
    code, level = region if region is not None else (None, None)
    period, period_kind, row_bad = _row_period(t, rowno, r, region is None)
    vals, seg_vals, numbers_ok = _row_numbers(t, rowno, r)
    if row_bad or not numbers_ok:
        return []
    note, src = t.cell(r, "note"), t.cell(r, "source")
    base = {"row_no": rowno, "code": code, "level": level, "period": period, "period_kind": period_kind,
            "note": None if P.is_missing_text(note) else str(note),
            "source": None if P.is_missing_text(src) else str(src)}
    derived = _derive_totals(t, rowno, vals, seg_vals)
    if derived:
        base["note"] = "; ".join(x for x in [base["note"], f"{'/'.join(derived)} = jumlah kolom (sum of columns)"] if x)
    population_only = getattr(t.rep, "population_table", False)
    if population_only and vals.get("population") is None:
        err(t.rep, rowno, None, None, T.NO_POPULATION_IN_ROW, T.FILL_ROW, severity="warning")
        return []
    if not population_only and all(vals.get(f) is None for f in FIGURE_FIELDS) \
            and not any(v is not None for v in seg_vals.values()):
        err(t.rep, rowno, None, None, T.NO_FIGURES_IN_ROW, T.FILL_ROW, severity="warning")
        return []
    return _records(t, rowno, base, vals, seg_vals)


def _hierarchy_warnings(rep: ImportReport, frame: pd.DataFrame, registry: Registry) -> None:
    """A warning where a region's row differs from the sum of all its sub-regions' rows."""
    if not len(frame) or frame["level"].nunique() <= 1:
        return
    from jkn_geo.figures.consistency import check_hierarchy

    for f in check_hierarchy(frame, registry).itertuples():
        prow = frame[(frame.code == f.code) & (frame.period == f.period) & (frame.segment == f.segment)]
        err(rep, int(prow["row_no"].iloc[0]) if len(prow) else None, None, f.stated,
            Text(f.message_id, f.message_en), T.CHECK_HIERARCHY, severity="warning")


def parse(rows: Rows, rep: ImportReport, default_period: str | None, today: _dt.date | None,
          registry: Registry | None, step: Callable[[float], None] | None = None,
          hidden: Sequence[tuple[int, int]] = (), formulas: Sequence[tuple[int, int, str]] = ()) -> pd.DataFrame:
    """The figure records of the rows (``FRAME_COLUMNS``); problems go to ``rep``, a file-level
    one raises :class:`Stop`. ``step(fraction)`` is called now and then."""
    if registry is None:
        from jkn_geo.geography.registry import get_registry

        registry = get_registry()
    nonempty = [(i, r) for i, r in rows if any(not P.is_missing_text(v) for v in r)]
    hk, cm = find_header(nonempty, rep)
    header_row = nonempty[hk][0]
    _describe_columns(rep, cm, header_row)
    _warn_hidden(rep, hidden, cm.headers, header_row)
    bad_formula_rows = _formula_errors(rep, formulas, cm, header_row)
    _warn_columns(rep, cm, header_row)
    data_rows = nonempty[hk + 1:]
    default_period = _required_columns(rep, cm, header_row, default_period, data_rows)
    t = _Table(rep, cm, registry, default_period, P.current_month(today),
               _pct_scales(rep, cm, data_rows, header_row))
    out: list[dict] = []
    every = max(1, len(data_rows) // 20)
    for k_row, (rowno, r) in enumerate(data_rows):
        if step is not None and k_row % every == 0:
            step(k_row / max(1, len(data_rows)))
        if rowno not in bad_formula_rows:
            out.extend(_read_row(t, rowno, r))
    frame = pd.DataFrame(out, columns=FRAME_COLUMNS)
    _hierarchy_warnings(rep, frame, registry)
    return frame


__all__ = ["parse", "find_header", "Stop", "TOTAL_WORDS", "FRAME_COLUMNS"]
