"""Numbers written the Indonesian (or English) way (see :mod:`jkn_geo.figures.parsing`)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from jkn_geo.config import MAX_VALUE_CHARS
from jkn_geo.figures.parsing.cells import ParseError, clean_text, is_missing_text

_SCALES = {
    "ribu": 1e3, "rb": 1e3, "rbu": 1e3, "k": 1e3, "thousand": 1e3,
    "juta": 1e6, "jt": 1e6, "million": 1e6, "mio": 1e6,
    "miliar": 1e9, "milyar": 1e9, "m": 1e9, "billion": 1e9, "bn": 1e9,
    "triliun": 1e12, "trilyun": 1e12, "t": 1e12, "trillion": 1e12,
}
_CURRENCY = re.compile(r"(?i)^\s*(rp\.?|idr)\s*")
_NOISE = re.compile(r"(?i)\b(jiwa|orang|peserta|penduduk|people|persons?|sekitar|kurang lebih|"
                    r"lebih dari|hampir|sebanyak|approx\.?|about|ca\.)\b")
_SCALE_RE = re.compile(r"(?i)^(.*?\d)\s*(ribu|rbu|rb|juta|jt|miliar|milyar|triliun|trilyun|thousand|million|"
                       r"billion|trillion|mio|bn|k|m|t)\.?$")



@dataclass(frozen=True)
class Number:
    """A parsed number with what the text said about it."""

    value: float
    percent: bool = False      # the text carried "%" or "persen"
    scaled: bool = False       # the text carried a scale word (ribu, juta, ...)
    decimals: int = 0          # digits after the decimal mark as written
    unit: float = 1.0          # the place value of the last written digit, after scaling


def parse_number(value: object) -> float | None:
    """Read a number written the Indonesian (or English) way; None when the cell is empty.

    Raises :class:`ParseError` for text that is not a number.
    """
    n = parse_number_ex(value)
    return None if n is None else n.value


def parse_number_ex(value: object, count: bool = False) -> Number | None:
    """Like :func:`parse_number`, with what the text said about the number. ``count=True``
    (a column of people): a single comma followed by exactly three digits groups thousands
    (``"313,756"`` → 313756, English style), since a count cannot have decimals."""
    if is_missing_text(value):
        return None
    if isinstance(value, bool):
        raise ParseError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        v = float(value)
        if not math.isfinite(v):
            raise ParseError(f"{value!r} is not a finite number")
        return Number(v)
    text = str(value)
    if len(text) > MAX_VALUE_CHARS:
        raise ParseError(f"{text[:20]!r}… is not a number ({len(text)} characters)")
    return _parse_number_text(text, count)


@lru_cache(maxsize=65536)
def _parse_number_text(text: str, count: bool = False) -> Number:
    raw = text
    s = clean_text(text).replace("\u00a0", " ").replace("\u202f", " ").strip()
    neg = False
    if s.startswith("(") and s.endswith(")"):
        neg, s = True, s[1:-1].strip()
    percent = False
    if re.search(r"(?i)(%|\bpersen\b|\bpercent\b)\s*$", s):
        percent = True
        s = re.sub(r"(?i)\s*(%|persen|percent)\s*$", "", s)
    s = _CURRENCY.sub("", _NOISE.sub("", s).strip()).strip()
    scale = 1.0
    m = _SCALE_RE.match(s)
    if m:
        s, scale = m.group(1).strip(), _SCALES[m.group(2).lower()]
    s = s.replace(" ", "").replace("'", "")
    if s.startswith(("-", "−", "–")):
        neg, s = True, s[1:]
    elif s.startswith("+"):
        s = s[1:]
    if not s or not re.fullmatch(r"[0-9.,]+", s) or not re.search(r"\d", s):
        raise ParseError(f"{raw!r} is not a number (write e.g. 1.234.567, 97,05 or 6,3 juta)")
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        thou = "," if dec == "." else "."
        if s.count(dec) > 1:
            raise ParseError(f"{raw!r}: more than one decimal mark")
        int_part, frac = s.split(dec)
        int_part = _check_groups(int_part, thou, raw)
    elif dots > 1 or commas > 1:
        sep = "." if dots else ","
        int_part, frac = _check_groups(s, sep, raw), ""
    elif dots == 1:
        int_part, frac = s.split(".")
        if len(frac) == 3 and int_part and int_part != "0" and scale == 1.0 and not percent:
            int_part, frac = int_part + frac, ""   # 1.234 → 1234 (Indonesian thousands)
    elif commas == 1:
        int_part, frac = s.split(",")              # 97,05 → 97.05 (Indonesian decimal)
        if count and len(frac) == 3 and int_part and int_part != "0" and scale == 1.0 and not percent:
            int_part, frac = int_part + frac, ""   # a count: 313,756 → 313756
    else:
        int_part, frac = s, ""
    if not int_part and not frac:
        raise ParseError(f"{raw!r} is not a number")
    num = float((int_part or "0") + ("." + frac if frac else ""))
    unit = 10.0 ** (-len(frac)) if frac else _int_unit(int_part)
    val = num * scale
    return Number(-val if neg else val, percent, scale != 1.0, len(frac), unit * scale)


def _int_unit(int_part: str) -> float:
    """Place value of the last significant digit of an integer as written ('400' → 100)."""
    digits = int_part.lstrip("0")
    if not digits:
        return 1.0
    stripped = digits.rstrip("0")
    return 10.0 ** (len(digits) - len(stripped))


def _check_groups(s: str, sep: str, raw: str) -> str:
    parts = s.split(sep)
    if not parts[0] or any(len(p) != 3 for p in parts[1:]) or len(parts[0]) > 3:
        raise ParseError(f"{raw!r}: thousands groups must have three digits (e.g. 1.234.567)")
    return "".join(parts)

