"""Months as ``'YYYY-MM'`` from the many ways tables write them (see :mod:`jkn_geo.figures.parsing`)."""
from __future__ import annotations

import datetime as _dt
import math
import re
from functools import lru_cache

from jkn_geo.config import MAX_VALUE_CHARS
from jkn_geo.figures.parsing.cells import ParseError, clean_text, is_missing_text

MONTHS: dict[str, int] = {}
for _i, _names in enumerate([
    ("januari", "january", "jan"),
    ("februari", "pebruari", "february", "feb", "peb"),
    ("maret", "march", "mar"),
    ("april", "apr"),
    ("mei", "may"),
    ("juni", "june", "jun"),
    ("juli", "july", "jul"),
    ("agustus", "augustus", "august", "agu", "agt", "ags", "aug"),
    ("september", "sept", "sep"),
    ("oktober", "october", "okt", "oct"),
    ("november", "nopember", "nov", "nop"),
    ("desember", "december", "des", "dec"),
], start=1):
    for _n in _names:
        MONTHS[_n] = _i

_PER = re.compile(r"(?i)^\s*(per|data per|posisi|s\.?d\.?|sd|as of|bulan)\s+")


def parse_period(value: object, today: _dt.date | None = None) -> str | None:
    """Read a month as ``'YYYY-MM'``; None when the cell is empty. Raises :class:`ParseError`."""
    if is_missing_text(value):
        return None
    if isinstance(value, _dt.date):      # also datetime
        return _ym(value.year, value.month, str(value))
    if hasattr(value, "year") and hasattr(value, "month"):  # pandas Timestamp
        return _ym(int(value.year), int(value.month), str(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ParseError(f"{value!r} is not a month")
        if value.is_integer():
            value = int(value)
    text = str(value).strip()
    if len(text) > MAX_VALUE_CHARS:
        raise ParseError(f"{text[:20]!r}… is not a month ({len(text)} characters)")
    return _parse_period_text(text)


def _ym(y: int, m: int, raw: str) -> str:
    if y < 100:
        y += 2000
    if not 1 <= m <= 12:
        raise ParseError(f"{raw!r}: month {m} does not exist")
    if not 1990 <= y <= 2100:
        raise ParseError(f"{raw!r}: year {y} is not plausible")
    return f"{y:04d}-{m:02d}"


def _month_word(w: str, raw: str) -> int:
    key = w.lower().rstrip(".")
    if key not in MONTHS:
        raise ParseError(f"{raw!r}: {w!r} is not a month name (e.g. Juli, Agustus, Jul, Agu)")
    return MONTHS[key]


@lru_cache(maxsize=4096)
def _parse_period_text(raw: str) -> str:
    s = _PER.sub("", clean_text(raw)).strip().strip(",")
    s = re.sub(r"\s+", " ", s)
    low = s.lower()
    # ISO: 2025-07, 2025/7, 2025-07-01, 2025.07
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[ T].*)?", low)
    if m:
        return _ym(int(m[1]), int(m[2]), raw)
    m = re.fullmatch(r"(\d{4})(\d{2})", low)  # 202507
    if m:
        return _ym(int(m[1]), int(m[2]), raw)
    # day/month/year (Indonesian order): 01/07/2025, 1-7-2025, 1.7.2025
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})", low)
    if m:
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        if not 1 <= d <= 31:
            raise ParseError(f"{raw!r}: day {d} does not exist (dates are day/month/year)")
        return _ym(y, mo, raw)
    # month/year: 07/2025, 7-2025
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{4})", low)
    if m:
        return _ym(int(m[2]), int(m[1]), raw)
    # [day] Monthname year: "1 Juli 2025", "Juli 2025", "Jul-25", "Jul 25", "Juli, 2025"
    m = re.fullmatch(r"(?:(\d{1,2})[ -])?([a-z]+)\.?[ ,\-/']*(\d{2}|\d{4})", low)
    if m:
        return _ym(int(m[3]), _month_word(m[2], raw), raw)
    # year Monthname: "2025 Juli"
    m = re.fullmatch(r"(\d{4})[ -]([a-z]+)", low)
    if m:
        return _ym(int(m[1]), _month_word(m[2], raw), raw)
    raise ParseError(f"{raw!r} is not a month (write e.g. 2025-07, Juli 2025, Jul-25 or 01/07/2025)")


def current_month(today: _dt.date | None = None) -> str:
    today = today or _dt.date.today()
    return f"{today.year:04d}-{today.month:02d}"


def last_complete_month(today: _dt.date | None = None) -> str:
    today = today or _dt.date.today()
    y, m = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{y:04d}-{m:02d}"


def month_range(start: str, end: str) -> list[str]:
    y, m = map(int, start.split("-"))
    ey, em = map(int, end.split("-"))
    out = []
    while (y, m) <= (ey, em):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)
    return out



# ---- years and semesters -------------------------------------------------------------------------
_YEAR = re.compile(r"(?i)^\s*(?:(?:per|posisi|data|akhir|awal|pertengahan|tahun|th\.?|thn\.?|year|end of|"
                   r"sepanjang|selama|hingga|sampai|s\.?d\.?)\s+)*(?:tahun\s+|th\.?\s+)?(\d{4})\s*$")
_SEMESTER = re.compile(r"(?i)^\s*(?:semester|smt\.?|sem\.?|s)\s*(i{1,2}|[12])\s*[/\-, ]?\s*(?:tahun\s+)?(\d{4})\s*$"
                       r"|^\s*(\d{4})\s*[/\-, ]?\s*(?:semester|smt\.?|sem\.?|s)\s*(i{1,2}|[12])\s*$")
PERIOD_KINDS = ("month", "year", "semester")


def parse_period_kind(value: object) -> tuple[str, str] | None:
    """``(period, kind)``: a month (``'2025-07'``, ``'month'``) as :func:`parse_period` reads it,
    a year only (``2024``, ``"tahun 2024"``, ``"akhir 2024"`` → ``('2024-01', 'year')``) or a
    semester (``"semester I 2024"``, ``"S2 2024"``, ``"2024-S1"`` → ``('2024-01' | '2024-07',
    'semester')``). None for an empty cell; raises :class:`ParseError`."""
    if is_missing_text(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1990 <= value <= 2100:
        return f"{value:04d}-01", "year"
    if isinstance(value, str) and len(value) <= MAX_VALUE_CHARS:
        text = clean_text(value).strip()
        m = _YEAR.match(text)
        if m:
            return _ym(int(m[1]), 1, value), "year"
        m = _SEMESTER.match(text)
        if m:
            half, year = (m[1], m[2]) if m[1] else (m[4], m[3])
            return _ym(int(year), 7 if half.lower() in ("2", "ii") else 1, value), "semester"
    return parse_period(value), "month"
