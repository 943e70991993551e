"""Indonesian-first number formatting: ``97,05 %``, ``6,3 juta``, ``Rp 1,2 triliun``.

Every function returns ``"tidak ada data"`` (or ``na``) for missing values, never ``0``.
"""
from __future__ import annotations

import math

NA_ID = "tidak ada data"
NA_EN = "no data"

_SCALES_ID = [(1e12, "triliun"), (1e9, "miliar"), (1e6, "juta"), (1e3, "ribu")]
_SCALES_EN = [(1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")]


def is_missing(x) -> bool:
    if x is None:
        return True
    try:
        return bool(math.isnan(float(x)))
    except (TypeError, ValueError):
        return True


def _group(int_part: str, sep: str) -> str:
    out = []
    while len(int_part) > 3:
        out.insert(0, int_part[-3:])
        int_part = int_part[:-3]
    out.insert(0, int_part)
    return sep.join(out)


def fmt_num(x, decimals: int = 0, lang: str = "id", na: str | None = None) -> str:
    """``1234567.891`` → ``1.234.567,89`` (id) / ``1,234,567.89`` (en)."""
    if is_missing(x):
        return na if na is not None else (NA_ID if lang == "id" else NA_EN)
    x = float(x)
    neg = x < 0
    s = f"{abs(x):.{decimals}f}"
    int_part, _, frac = s.partition(".")
    thou, dec = (".", ",") if lang == "id" else (",", ".")
    body = _group(int_part, thou) + (dec + frac if frac else "")
    return ("-" if neg and float(s) != 0 else "") + body


def fmt_int(x, lang: str = "id", na: str | None = None) -> str:
    return fmt_num(x, 0, lang, na)


def fmt_pct(x, decimals: int = 2, lang: str = "id", na: str | None = None) -> str:
    """``97.05`` (already in percent) → ``97,05 %``."""
    if is_missing(x):
        return fmt_num(x, lang=lang, na=na)
    return f"{fmt_num(x, decimals, lang)} %"


def fmt_pp(x, decimals: int = 2, lang: str = "id", na: str | None = None) -> str:
    """Percentage-point change with a sign: ``+1,25 pp``."""
    if is_missing(x):
        return fmt_num(x, lang=lang, na=na)
    sign = "+" if float(x) > 0 else ""
    return f"{sign}{fmt_num(x, decimals, lang)} pp"


def fmt_big(x, lang: str = "id", decimals: int = 1, na: str | None = None) -> str:
    """``6_300_000`` → ``6,3 juta``; below a thousand the exact integer."""
    if is_missing(x):
        return fmt_num(x, lang=lang, na=na)
    x = float(x)
    for scale, word in (_SCALES_ID if lang == "id" else _SCALES_EN):
        if abs(x) >= scale:
            if scale == 1e3:  # "118 ribu" reads better without decimals
                return f"{fmt_num(x / scale, 0, lang)} {word}"
            v = round(x / scale, decimals)
            txt = fmt_num(v, decimals, lang)
            dec = "," if lang == "id" else "."
            if dec in txt:
                txt = txt.rstrip("0").rstrip(dec)
            return f"{txt} {word}"
    return fmt_num(x, 0, lang)


def fmt_people(x, lang: str = "id", na: str | None = None) -> str:
    """People counts: ``6,3 juta jiwa`` style without the noun: ``6,3 juta``."""
    return fmt_big(x, lang, na=na)


def fmt_rp(x, lang: str = "id", na: str | None = None) -> str:
    """Rupiah: ``Rp 1,2 triliun``."""
    if is_missing(x):
        return fmt_num(x, lang=lang, na=na)
    return f"Rp {fmt_big(x, lang)}"


MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


def fmt_period(period: str | None, lang: str = "id", short: bool = False) -> str:
    """``'2025-07'`` → ``'Juli 2025'`` (``short`` → ``'Jul 2025'``)."""
    if not period:
        return NA_ID if lang == "id" else NA_EN
    y, m = str(period)[:7].split("-")
    name = (MONTHS_ID if lang == "id" else MONTHS_EN)[int(m) - 1]
    return f"{name[:3] if short else name} {y}"
