"""Where and when: region mentions (through the registry's name matching) and period
anchors ("per 1 Juli 2025", "hingga akhir 2024", "Mei 2025", "Agustus ini") in a sentence."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache

from jkn_geo.figures.parsing.periods import MONTHS
from jkn_geo.geography import names as _names

NATIONAL_CODE = "ID"

# ---- regions ---------------------------------------------------------------------------------------
_KIND_PREFIX = {
    "kabupaten": "regency", "kab": "regency", "pemkab": "regency", "kota": "regency", "pemkot": "regency",
    "kotamadya": "regency", "provinsi": "province", "prov": "province", "propinsi": "province",
    "pemprov": "province", "pemerintah provinsi": "province", "pemerintah kabupaten": "regency",
    "pemerintah kota": "regency",
}
_KIND_WORD = {"kabupaten": "kabupaten", "kab": "kabupaten", "pemkab": "kabupaten", "pemerintah kabupaten": "kabupaten",
              "kota": "kota", "pemkot": "kota", "kotamadya": "kota", "pemerintah kota": "kota"}
#: capitalised words that are also ordinary words or names: a region only with a kind word before them,
#: or when not at the start of a sentence
_RISKY = {"batu", "malang", "padang", "pati", "metro", "buru", "seram", "puncak", "tegal", "batang", "landak",
          "ketapang", "kuningan", "bima", "karo", "bone", "agam", "ende", "belu", "muna", "kaur", "lingga",
          "banjar", "siak", "solok", "sigi", "deli", "aru", "tual", "kapuas", "asahan", "indah", "jaya", "kota",
          "tengah", "utara", "selatan", "barat", "timur", "raya", "baru", "paser", "pasir", "maluku"}
_WEAK_BEFORE = re.compile(r"(?i)(?:cabang|kc|kcu|kantor cabang|universitas|unit|rsud|rs|polres|polda|kodim|"
                          r"bank|stasiun|bandara|pelabuhan|jalan|jl\.?|gedung|hotel)\s*$")
#: "Jakarta (ANTARA) -", "Lumajang, InfoPublik —", "Tribunlampung.co.id, Bandar Lampung -": where the
#: article was written, not what its figures are about
_DATELINE = re.compile(r"(?i)^\s*(?:\((?:antara|antaranews|kompas|detik)[^)]*\)\s*[-–—]|,\s*[\w.]+\s*[-–—]|\s*[-–—]\s)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_NATIONAL = re.compile(r"(?i)\b(?:secara nasional|tingkat nasional|skala nasional|data nasional|angka nasional|"
                       r"capaian nasional|rata-rata nasional|target nasional|standar nasional|nasional|"
                       r"se-?indonesia|seluruh indonesia|indonesia)\b")
_NOT_NATIONAL = re.compile(r"(?i)(?:jaminan kesehatan|jaminan sosial|program|rencana pembangunan jangka menengah|"
                           r"badan|rpjmn|kementerian|lembaga|strategis)\s+(?:nasional|\w+\s+nasional)$")


@dataclass
class Mention:
    start: int                 # in the sentence
    end: int
    text: str
    code: str
    level: str
    status: str                # exact / alias / fuzzy / ambiguous / national
    confidence: float
    weak: bool = False         # a branch office or a target ("target nasional"): not carried to later figures


@lru_cache(maxsize=4)
def _index(registry) -> tuple[dict[str, list[str]], int]:
    idx: dict[str, list[str]] = {}
    longest = 1
    for rec in registry.frame().to_dict("records"):
        if rec["level"] not in ("province", "regency"):
            continue
        _k, keys = _names.region_keys(rec["name"], rec["level"])
        for k in keys:
            idx.setdefault(k, []).append(rec["code"])
        longest = max(longest, len(_names.clean(rec["name"]).split()))
    for alias in _names.ALIASES:
        key = _names.compact(alias)
        idx.setdefault(key, [])
    return idx, longest


def _lookup_key(phrase: str) -> str:
    p = _names.parse(phrase)
    return p.key


def region_mentions(sentence: str, registry, within: str | None = None) -> list[Mention]:
    """Regions named in a sentence, left to right (longest names first)."""
    idx, longest = _index(registry)
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(sentence)]
    out: list[Mention] = []
    i = 0
    while i < len(words):
        hint = None
        kind_word = None
        j = i
        w0 = words[i][2].lower()
        two = (w0 + " " + words[i + 1][2].lower()) if i + 1 < len(words) else ""
        if two in _KIND_PREFIX:
            hint, kind_word, j = _KIND_PREFIX[two], _KIND_WORD.get(two), i + 2
        elif w0 in _KIND_PREFIX and i + 1 < len(words):
            hint, kind_word, j = _KIND_PREFIX[w0], _KIND_WORD.get(w0), i + 1
        found = None
        for n in range(min(longest + 1, len(words) - j), 0, -1):
            span = words[j:j + n]
            if not span[0][2][:1].isupper():
                break
            gap_ok = all(sentence[a[1]:b[0]] in (" ", "-") for a, b in zip(span, span[1:]))
            if not gap_ok:
                continue
            phrase = sentence[span[0][0]:span[-1][1]]
            quick = _names.compact(_names.clean(phrase))
            if quick not in idx and not quick.startswith(("kep", "kab", "prov")):
                continue                      # cheap test first: most capitalised words are no region
            key = _lookup_key(phrase)
            if key not in idx:
                continue
            low = phrase.lower()
            if hint is None and low in _RISKY and (span[0][0] == 0 or sentence[:span[0][0]].strip() in ("", "“", '"')):
                continue
            if hint is None and low in _RISKY and low in ("kota", "tengah", "utara", "selatan", "barat", "timur",
                                                         "raya", "baru", "jaya", "indah", "maluku"):
                continue
            query = (kind_word + " " + phrase) if kind_word else phrase
            res = registry.match_region(query, level=hint)
            if res.status == "ambiguous" and within:
                try:
                    res2 = registry.match_region(query, level=hint, within=within)
                    if res2.ok:
                        res = res2
                except KeyError:
                    pass
            if res.ok:
                found = (span, res.code, res.level, res.status, float(res.confidence or 0.9))
            elif res.status == "ambiguous" and res.candidates:
                c = res.candidates[0]
                found = (span, c.code, c.level, "ambiguous", 0.5)
            if found:
                break
        if found:
            span, code, level, status, conf = found
            start = words[i][0] if hint else span[0][0]
            weak = bool(_WEAK_BEFORE.search(sentence[max(0, start - 20):start])
                        or _DATELINE.match(sentence[span[-1][1]:span[-1][1] + 40]) and start <= 45)
            out.append(Mention(start, span[-1][1], sentence[start:span[-1][1]], code, level, status, conf, weak))
            i = words.index(span[-1]) + 1
        else:
            i += 1
    for m in _NATIONAL.finditer(sentence):
        if _NOT_NATIONAL.search(sentence[max(0, m.start() - 60):m.end()]):
            continue
        if sentence[max(0, m.start() - 25):m.start()].lower().rstrip().endswith(("kesehatan", "sosial", "kartu",
                                                                                  "universitas", "bank")):
            continue
        if re.match(r"(?i)\s+(sehat|pintar|maju|emas)\b", sentence[m.end():m.end() + 10]):
            continue
        phrase = m.group(0).lower()
        weak = phrase in ("target nasional", "standar nasional") or (
            phrase == "nasional" and bool(re.search(r"(?i)(target|standar|rata-rata)\s+$", sentence[:m.start()])))
        if any(x.start <= m.start() < x.end for x in out):
            continue
        out.append(Mention(m.start(), m.end(), m.group(0), NATIONAL_CODE, "national", "national", 0.95, weak))
    out.sort(key=lambda x: x.start)
    return out


# ---- periods ---------------------------------------------------------------------------------------
_MONTHS_RX = "|".join(sorted((m for m in MONTHS if len(m) > 3 or m in ("mei", "may")), key=len, reverse=True))
_WEEKDAY = r"(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)"
_PREFIX = r"(?:per|posisi|data|hingga|sampai|s\.?d\.?|sd|akhir|awal|pertengahan|periode|bulan|pada|tanggal|tgl\.?|di|sejak)"
_MONTH_DATE = re.compile(rf"(?i)(?P<pre>(?:\b{_PREFIX}\s+){{0,3}})(?:(?P<day>\d{{1,2}})\s+)?(?P<mon>{_MONTHS_RX})\b"
                         rf"(?:\s+(?:tahun\s+)?(?P<year>(?:19|20)\d\d)\b|(?P<rel>\s+(?:ini|lalu|kemarin|kemarin|tadi))?)")
_NUM_DATE = re.compile(r"(?i)(?P<pre>(?:\b(?:per|posisi|data|hingga|sampai|tanggal|tgl\.?)\s+){0,3})\(?\b(?P<day>\d{1,2})"
                       r"[/.-](?P<mon>\d{1,2})[/.-](?P<year>\d{4}|\d{2})\b")
_YEAR_ONLY = re.compile(rf"(?i)(?P<pre>(?:\b(?:{_PREFIX}|tahun|sepanjang|selama|capaian|semester\s+\w+)\s+){{1,3}})"
                        r"(?:tahun\s+)?(?P<year>(?:19|20)\d\d)\b(?!\s*[-–/]\s*\d)")
_LAW = re.compile(r"(?i)(?:nomor|no\.?)\s*\d+\s*$")
_THIS_YEAR = re.compile(r"(?i)\btahun ini\b")


@dataclass
class Anchor:
    start: int
    end: int
    text: str
    period: str               # "YYYY-MM" or "YYYY" (a year only)
    kind: str                 # month / year
    event: bool = False       # the day of a meeting or of the article ("Kamis (24/7/2025)"), not of the data
    relative: bool = False    # "Agustus ini": the year is the publication's


def period_anchors(sentence: str, pub: _dt.date | None = None) -> list[Anchor]:
    """The dates of a sentence that may say when a figure holds."""
    out: list[Anchor] = []
    for m in _MONTH_DATE.finditer(sentence):
        mon = MONTHS[m.group("mon").lower()]
        before = sentence[max(0, m.start() - 14):m.start()].lower()
        event = bool(re.search(rf"{_WEEKDAY}\s*[,(]?\s*$", before)) and not m.group("pre")
        if m.group("year"):
            out.append(Anchor(m.start(), m.end(), m.group(0).strip(), f"{int(m.group('year')):04d}-{mon:02d}",
                              "month", event))
        elif m.group("pre") or m.group("rel"):
            if pub is None:
                continue
            y = pub.year if mon <= pub.month else pub.year - 1
            out.append(Anchor(m.start(), m.end(), m.group(0).strip(), f"{y:04d}-{mon:02d}", "month", event, True))
    for m in _NUM_DATE.finditer(sentence):
        mon, y = int(m.group("mon")), int(m.group("year"))
        y = y + 2000 if y < 100 else y
        if not 1 <= mon <= 12 or not 1990 <= y <= 2100:
            continue
        before = sentence[max(0, m.start() - 14):m.start()].lower()
        event = not m.group("pre") or bool(re.search(rf"{_WEEKDAY}\s*[,(]?\s*$", before))
        out.append(Anchor(m.start(), m.end(), m.group(0).strip(), f"{y:04d}-{mon:02d}", "month", event))
    for m in _YEAR_ONLY.finditer(sentence):
        if any(a.start <= m.start("year") < a.end for a in out):
            continue
        if _LAW.search(sentence[max(0, m.start() - 15):m.start()]):
            continue
        out.append(Anchor(m.start(), m.end(), m.group(0).strip(), f"{int(m.group('year')):04d}", "year"))
    if pub is not None:
        for m in _THIS_YEAR.finditer(sentence):
            out.append(Anchor(m.start(), m.end(), m.group(0), f"{pub.year:04d}", "year", False, True))
    out.sort(key=lambda a: a.start)
    return out


def guess_publication_date(sentences: list[str], copyright_year: int | None = None) -> _dt.date | None:
    """The first event date of the article's first sentences ("Kamis, 22 Mei 2025", "(24/7/2025)")."""
    for s in sentences[:40]:
        for a in period_anchors(s):
            if a.event and a.kind == "month":
                m = re.search(r"(\d{1,2})\D+?(?:\d{1,2}|[A-Za-z]+)\D+?(\d{4}|\d{2})\b", a.text)
                day = int(m.group(1)) if m else 1
                y, mo = map(int, a.period.split("-"))
                try:
                    return _dt.date(y, mo, day)
                except ValueError:
                    return _dt.date(y, mo, 1)
    return None               # a copyright year alone is too vague for a month
