"""One cell of a data row read as a number, a period or a level, with the row's message when
it cannot be."""
from __future__ import annotations

import re

from jkn_geo.config import MAX_PLAUSIBLE_COUNT
from jkn_geo.figures import parsing as P
from jkn_geo.figures.importer import messages as T
from jkn_geo.figures.importer.report import ImportReport, err
from jkn_geo.fmt import fmt_int


def number_cell(rep: ImportReport, rowno: int, col: str, raw: object, is_count: bool,
                scale: float) -> tuple[float | None, bool]:
    """``(value, ok)``: a count (whole, not negative, not a percentage, at most
    :data:`MAX_PLAUSIBLE_COUNT`: more people than any region has) or a percentage (× ``scale``);
    ``(None, True)`` for an empty cell."""
    try:
        n = P.parse_number_ex(raw, count=is_count)
    except P.ParseError:
        err(rep, rowno, col, raw, T.NOT_A_NUMBER, T.WRITE_NUMBER)
        return None, False
    if n is None:
        return None, True
    v = n.value
    if is_count:
        if n.percent:
            err(rep, rowno, col, raw, T.COUNT_NOT_PERCENT, T.MOVE_PERCENT)
            return None, False
        if v < 0:
            err(rep, rowno, col, raw, T.NEGATIVE_COUNT, T.NOT_NEGATIVE)
            return None, False
        if v > MAX_PLAUSIBLE_COUNT:
            err(rep, rowno, col, raw, T.IMPLAUSIBLE_COUNT.format(value=_big(v), value_en=_big(v, "en"),
                                                                  limit=fmt_int(MAX_PLAUSIBLE_COUNT),
                                                                  limit_en=fmt_int(MAX_PLAUSIBLE_COUNT, "en")),
                T.CHECK_COUNT_UNITS)
            return None, False
        if abs(v - round(v)) > 1e-6:
            err(rep, rowno, col, raw, T.FRACTIONAL_COUNT, T.CHECK_SEPARATORS)
            return None, False
        return float(round(v)), True
    v = v * scale
    if v < 0:
        err(rep, rowno, col, raw, T.NEGATIVE_PCT, T.CHECK_VALUE)
        return None, False
    return v, True


def _big(v: float, lang: str = "id") -> str:
    """A count as written in a message, however large (``2e19`` as 20.000.000.000.000.000.000)."""
    try:
        return fmt_int(int(v), lang)
    except (OverflowError, ValueError):
        return str(v)


def period_cell(pv: object, yv: object, has_year: bool, default_period: str | None) -> tuple[str | None, str]:
    """``(period, period kind)`` of a row from its period cell (and year cell: ``Juli`` +
    ``2025``; a year cell alone is a yearly period); the default period when the cells are
    empty. Raises ParseError or ValueError."""
    if has_year and not P.is_missing_text(yv) and not P.is_missing_text(pv) \
            and not re.search(r"\d{4}", str(pv)) and not hasattr(pv, "year"):
        yv2 = int(float(yv)) if isinstance(yv, (int, float)) else str(yv).strip()
        return P.parse_period_kind(f"{pv} {yv2}") or (None, "month")
    if not P.is_missing_text(pv):
        return P.parse_period_kind(pv) or (None, "month")
    if has_year and not P.is_missing_text(yv):
        return P.parse_period_kind(yv) or (None, "month")
    return default_period, "month"
