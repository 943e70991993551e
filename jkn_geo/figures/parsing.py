"""Reading numbers, periods and column names as Indonesian tables write them.

Numbers (:func:`parse_number`)::

    "1.234.567"  → 1234567      (dots group thousands)
    "97,05"      → 97.05        (comma is the decimal mark)
    "97,05%"     → 97.05        ("%" / "persen" are dropped; the value stays in percent)
    "6,3 juta"   → 6300000      (ribu/rb, juta/jt, miliar/milyar/M, triliun/T)
    "1,234,567.89" / "97.05"    English style is understood too: when both marks occur the
                                last one is the decimal mark; a single dot followed by exactly
                                three digits groups thousands ("1.234" → 1234), otherwise it
                                is a decimal point ("97.05").
    "", "-", "n/a", "tidak ada" → None (missing)

Periods (:func:`parse_period`) all become ``"YYYY-MM"``::

    "2025-07", "2025/07", "202507", "07/2025", "Juli 2025", "Jul 2025", "Jul-25",
    "July 2025", "01/07/2025" (day/month/year), "1 Juli 2025", "per 1 Juli 2025",
    "2025-07-01", a date/datetime object (from a spreadsheet cell)

Column names (:func:`map_columns`) in Indonesian or English with common variants map to the
canonical fields in :data:`FIELDS`.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

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

_MISSING = {"", "-", "–", "—", "n/a", "na", "nan", "none", "null", "tidak ada", "tidak ada data",
            "no data", "#n/a", "?", "..", "…"}
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


class ParseError(ValueError):
    """A value that cannot be read; ``str()`` says what was expected."""


from jkn_geo.config import MAX_VALUE_CHARS   # a number or a period written in more characters is not one

# invisible characters: format characters (zero-width space/joiners, word joiner, soft hyphen,
# BOM, bidi controls) and control characters other than tab / newline
_INVISIBLE = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e"
                        r"\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")


def clean_text(text: str) -> str:
    """Text as a person reads it: invisible characters (zero-width spaces and joiners, soft
    hyphens, BOMs, bidi controls, control characters) removed, compatibility forms folded
    (full-width digits and letters, non-breaking and other special spaces → plain ones)."""
    if text.isascii():
        return _INVISIBLE.sub("", text) if not text.isprintable() else text
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFKC", text)


def has_invisible(text: str) -> bool:
    """Whether :func:`clean_text` would drop characters from ``text``."""
    return not text.isprintable() and _INVISIBLE.search(text) is not None


def is_missing_text(value) -> bool:
    if value is None:
        return True
    t = type(value)
    if t is str:
        return len(value) < 64 and (not value or value.strip().lower() in _MISSING)
    if t is int:
        return False
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and len(value) < 64 and value.strip().lower() in _MISSING:
        return True
    return False


@dataclass(frozen=True)
class Number:
    """A parsed number with what the text said about it."""

    value: float
    percent: bool = False      # the text carried "%" or "persen"
    scaled: bool = False       # the text carried a scale word (ribu, juta, ...)
    decimals: int = 0          # digits after the decimal mark as written
    unit: float = 1.0          # the place value of the last written digit, after scaling


def parse_number(value) -> float | None:
    """Read a number written the Indonesian (or English) way; None when the cell is empty.

    Raises :class:`ParseError` for text that is not a number.
    """
    n = parse_number_ex(value)
    return None if n is None else n.value


def parse_number_ex(value, count: bool = False) -> Number | None:
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


# ---- periods -------------------------------------------------------------------------------
_PER = re.compile(r"(?i)^\s*(per|data per|posisi|s\.?d\.?|sd|as of|bulan)\s+")


def parse_period(value, today: _dt.date | None = None) -> str | None:
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


# ---- column names --------------------------------------------------------------------------
SEGMENTS = {
    # key → (label, header variants after normalisation)
    "pbi_apbn": ("PBI APBN", ["pbi_apbn", "pbi_jk", "pbi_pusat", "pbi_nasional"]),
    "pbi_apbd": ("PBI APBD / PBPU Pemda", ["pbi_apbd", "pbi_daerah", "pbid", "pbpu_pemda", "pbpu_bp_pemda",
                                           "pemda", "apbd"]),
    "ppu": ("PPU (pekerja penerima upah)", ["ppu", "pekerja_penerima_upah"]),
    "pbpu": ("PBPU (pekerja bukan penerima upah / mandiri)", ["pbpu", "mandiri", "pekerja_bukan_penerima_upah"]),
    "bp": ("BP (bukan pekerja)", ["bp", "bukan_pekerja"]),
}

FIELDS: dict[str, list[str]] = {
    "code": ["kode", "kode_wilayah", "kode_kemendagri", "kode_daerah", "kode_kab", "kode_kabkota",
             "kode_kab_kota", "kode_kabupaten", "kode_kota", "kode_prov", "kode_provinsi", "kode_kec",
             "kode_kecamatan", "kode_bps", "code", "region_code", "kd_wilayah", "kdwil", "id_wilayah"],
    "name": ["nama", "nama_wilayah", "wilayah", "daerah", "nama_daerah", "kabupaten", "kota", "kabupaten_kota",
             "kab_kota", "kabkota", "kab_kot", "nama_kabupaten", "nama_kab_kota", "nama_kabkota", "provinsi",
             "nama_provinsi", "kecamatan", "nama_kecamatan", "region", "region_name", "name", "regency",
             "province", "district", "city"],
    "province": ["provinsi_induk", "prov", "parent_province"],
    "level": ["level", "tingkat", "tingkat_wilayah", "jenis_wilayah"],
    "period": ["periode", "bulan", "bulan_tahun", "tanggal", "tgl", "per", "posisi", "posisi_data", "data_per",
               "periode_data", "period", "month", "date", "tanggal_data"],
    "year": ["tahun", "year", "thn"],
    "population": ["penduduk", "jumlah_penduduk", "jml_penduduk", "populasi", "population", "total_penduduk",
                   "jumlah_jiwa", "penduduk_dukcapil", "proyeksi_penduduk"],
    "registered": ["peserta", "terdaftar", "jumlah_peserta", "jml_peserta", "peserta_terdaftar", "peserta_jkn",
                   "total_peserta", "registered", "participants", "enrolled", "jumlah_terdaftar", "kepesertaan"],
    "active": ["aktif", "peserta_aktif", "jumlah_aktif", "jml_aktif", "jumlah_peserta_aktif", "active",
               "active_participants", "total_aktif"],
    "inactive": ["tidak_aktif", "nonaktif", "non_aktif", "peserta_tidak_aktif", "peserta_nonaktif",
                 "jumlah_tidak_aktif", "inactive", "tdk_aktif"],
    "coverage_pct": ["cakupan", "cakupan_persen", "persen_cakupan", "persentase_cakupan", "cakupan_kepesertaan",
                     "persentase_kepesertaan", "persen_kepesertaan", "capaian_uhc", "uhc", "coverage",
                     "coverage_pct", "coverage_percent", "cakupan_jkn"],
    "activity_pct": ["keaktifan", "persen_aktif", "persentase_keaktifan", "tingkat_keaktifan", "persen_keaktifan",
                     "keaktifan_peserta", "activity", "activity_pct", "activity_percent", "persentase_aktif"],
    "note": ["catatan", "keterangan", "ket", "note", "notes", "remarks"],
    "source": ["sumber", "source"],
}

LEVEL_HINT_FROM_HEADER = {
    "provinsi": "province", "nama_provinsi": "province", "province": "province", "kode_prov": "province",
    "kode_provinsi": "province",
    "kabupaten": "regency", "kota": "regency", "kabupaten_kota": "regency", "kab_kota": "regency",
    "kabkota": "regency", "kab_kot": "regency", "nama_kabupaten": "regency", "nama_kab_kota": "regency",
    "nama_kabkota": "regency", "regency": "regency", "city": "regency", "kode_kab": "regency",
    "kode_kabkota": "regency", "kode_kab_kota": "regency", "kode_kabupaten": "regency", "kode_kota": "regency",
    "kecamatan": "district", "nama_kecamatan": "district", "district": "district", "kode_kec": "district",
    "kode_kecamatan": "district",
}
LEVEL_WORDS = {
    "provinsi": "province", "province": "province", "prov": "province",
    "kabupaten": "regency", "kota": "regency", "kabupaten/kota": "regency", "kab/kota": "regency",
    "kabkota": "regency", "regency": "regency", "city": "regency", "kab": "regency",
    "kecamatan": "district", "kec": "district", "district": "district",
}


def norm_header(h) -> str:
    """``' Jumlah Peserta (Jiwa) '`` → ``'jumlah_peserta'``."""
    s = "" if h is None else clean_text(str(h))
    s = s.strip().lower()
    s = re.sub(r"\((jiwa|orang|%|persen|people|rp)\)", "", s)
    s = s.replace("%", " persen ").replace("/", "_")
    s = re.sub(r"[^0-9a-z]+", "_", s).strip("_")
    s = re.sub(r"_(jiwa|orang)$", "", s)
    return s


_LOOKUP: dict[str, str] = {v: k for k, vs in FIELDS.items() for v in vs}
_SEG_LOOKUP: dict[str, str] = {v: k for k, (_l, vs) in SEGMENTS.items() for v in vs}


def classify_header(h) -> tuple[str | None, str | None]:
    """Canonical field for one header: ``('registered', None)``, ``('registered', 'pbpu')`` for a
    segment column (``peserta_pbpu`` / ``pbpu``), ``('active', 'pbpu')`` for ``aktif_pbpu``, or
    ``(None, None)`` when the column is not known."""
    n = norm_header(h)
    if not n:
        return None, None
    if n in _LOOKUP:
        return _LOOKUP[n], None
    n2 = re.sub(r"_persen$|^persen_|^persentase_", "", n)
    if n2 != n and n2 in _LOOKUP and _LOOKUP[n2] in ("registered", "active"):
        return ("coverage_pct" if _LOOKUP[n2] == "registered" else "activity_pct"), None
    if n in _SEG_LOOKUP:
        return "registered", _SEG_LOOKUP[n]
    m = re.fullmatch(r"(peserta|terdaftar|jumlah_peserta|registered|aktif|peserta_aktif|active)_(.+)", n) \
        or re.fullmatch(r"(.+?)_(peserta|terdaftar|registered|aktif|active)", n)
    if m:
        a, b = m[1], m[2]
        word, seg = (a, b) if a in ("peserta", "terdaftar", "jumlah_peserta", "registered", "aktif",
                                    "peserta_aktif", "active") else (b, a)
        if seg in _SEG_LOOKUP:
            return ("active" if word in ("aktif", "peserta_aktif", "active") else "registered"), _SEG_LOOKUP[seg]
    return None, None


@dataclass
class ColumnMap:
    fields: dict[str, int]                   # canonical field → column index
    segments: dict[tuple[str, str], int]     # (registered|active, segment) → column index
    unknown: list[str]                       # headers that were not recognised
    level_hint: str | None                   # from the region column's name (kabupaten → regency)
    duplicates: list[tuple[str, str, str]]   # (field, first header, second header)
    headers: list[str]

    def has(self, field: str) -> bool:
        return field in self.fields


def map_columns(headers) -> ColumnMap:
    fields: dict[str, int] = {}
    segments: dict[tuple[str, str], int] = {}
    unknown, dups = [], []
    level_hint = None
    hdrs = ["" if h is None else str(h).strip() for h in headers]
    name_cols: list[int] = []
    for i, h in enumerate(hdrs):
        field, seg = classify_header(h)
        if field is None:
            if h:
                unknown.append(h)
            continue
        if seg:
            segments.setdefault((field, seg), i)
            continue
        if field == "name":
            name_cols.append(i)
            continue
        if field in fields:
            dups.append((field, hdrs[fields[field]], h))
            continue
        fields[field] = i
    # several name columns (provinsi + kabupaten): the most detailed is the region, a provinsi
    # column beside it narrows the search
    if name_cols:
        def rank(i):
            return {"district": 3, "regency": 2, "province": 1}.get(LEVEL_HINT_FROM_HEADER.get(norm_header(hdrs[i])), 0)
        ordered = sorted(name_cols, key=rank, reverse=True)
        fields["name"] = ordered[0]
        for i in ordered[1:]:
            if LEVEL_HINT_FROM_HEADER.get(norm_header(hdrs[i])) == "province" and "province" not in fields:
                fields["province"] = i
            else:
                dups.append(("name", hdrs[ordered[0]], hdrs[i]))
        level_hint = LEVEL_HINT_FROM_HEADER.get(norm_header(hdrs[ordered[0]]))
    if level_hint is None and "code" in fields:
        level_hint = LEVEL_HINT_FROM_HEADER.get(norm_header(hdrs[fields["code"]]))
    return ColumnMap(fields, segments, unknown, level_hint, dups, hdrs)


def parse_level(value) -> str | None:
    if is_missing_text(value):
        return None
    key = str(value).strip().lower()
    if key in LEVEL_WORDS:
        return LEVEL_WORDS[key]
    raise ParseError(f"{value!r} is not a level (provinsi, kabupaten/kota or kecamatan)")
