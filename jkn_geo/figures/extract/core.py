"""Figures from a news article: each number about JKN with its region, period, measure,
definition, value (with precision and qualifier), quote and a confidence."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import asdict, dataclass, field

import pandas as pd

from jkn_geo.config import EXTRACT_CONTEXT_SENTENCES, EXTRACT_MAX_CHARS, EXTRACT_MAX_FIGURES
from jkn_geo.figures.extract import measures as M
from jkn_geo.figures.extract.context import (
    NATIONAL_CODE,
    Anchor,
    Mention,
    guess_publication_date,
    period_anchors,
    region_mentions,
)
from jkn_geo.figures.extract.numbers import Num, numbers_in
from jkn_geo.figures.extract.textprep import prepare
from jkn_geo.figures.published import interval
from jkn_geo.text import Text

#: the CSV's columns, in order (``python -m jkn_geo import FILE --kind published`` reads them)
COLUMNS = ["region_code", "region_name", "level", "period", "measure", "definition", "value", "unit", "qualifier",
           "quote", "confidence", "source_url", "published_date", "segment", "target", "notes"]
PERIOD_FROM_PUBLICATION = Text("periode = tanggal terbit (teks tidak menyebut tanggal data)",
                               "period = publication date (the text gives no date for the figure)")
PERIOD_FROM_CONTEXT = Text("periode dari kalimat lain", "period from another sentence")
REGION_FROM_CONTEXT = Text("wilayah dari kalimat sebelumnya", "region from an earlier sentence")
REGION_MISSING = Text("wilayah tidak ditemukan", "no region found")
REGION_AMBIGUOUS = Text("nama wilayah ambigu", "ambiguous region name")
DATE_GUESSED = Text("tanggal terbit ditebak dari teks", "publication date guessed from the text")
DEFINITION_BY_RATIO = Text("keaktifan = aktif ÷ penduduk (angka dan jumlahnya hanya cocok dengan penduduk)",
                           "keaktifan = active ÷ population (the percentage and its count only fit the population)")
TO_ENROL_BY_RATIO = Text("'belum terdaftar' dibaca sebagai kekurangan menuju target {t} %",
                         "'belum terdaftar' read as the gap to the {t} % target")
NOT_JKN = Text("teks tidak menyebut JKN/BPJS", "the text does not mention JKN/BPJS")

_LINK = re.compile(r"(?i)^\s*(?:jiwa|orang|peserta|penduduk|warga)?\s*[),]?\s*(?:atau|atau sekitar|atau setara"
                   r"(?: dengan)?|setara(?: dengan)?|yakni|yaitu|\(|dengan|sebanyak|sekitar)?\s*(?:sekitar|sebanyak|"
                   r"sebesar|setara(?: dengan)?)?\s*\(?\s*$")
_SEGMENT = [(re.compile(r"\bPBPU\b|bukan penerima upah|mandiri", re.I), "pbpu"),
            (re.compile(r"\bPBI[\s-]?(?:D|APBD)\b|\bPBID\b", re.I), "pbi_apbd"),
            (re.compile(r"\bPBI(?:[\s-]?APBN|[\s-]?JK)?\b", re.I), "pbi_apbn"),
            (re.compile(r"\bPPU\b|penerima upah", re.I), "ppu")]
_REGION_FACTOR = {"exact": 1.0, "alias": 0.95, "national": 0.95, "fuzzy": 0.8, "ambiguous": 0.6}


@dataclass
class Proposal:
    region_code: str
    region_name: str
    level: str
    period: str
    measure: str
    definition: str
    value: float
    unit: str
    qualifier: str
    quote: str
    confidence: float
    source_url: str = ""
    published_date: str = ""
    segment: str = "total"
    target: float | None = None
    notes: list[str] = field(default_factory=list)
    value_text: str = ""
    # internal
    sentence: int = 0
    group: int = 0
    number: object = None

    def row(self) -> dict:
        d = asdict(self)
        d["notes"] = "; ".join(self.notes)
        d["value"] = fmt_value(self.value)
        d["target"] = "" if self.target is None else fmt_value(self.target)
        return {c: d[c] for c in COLUMNS}


def fmt_value(v: float) -> str:
    """A plain number: 6300000, 97.05 (no thousands marks)."""
    if float(v).is_integer():
        return str(int(v))
    return f"{v:.6f}".rstrip("0").rstrip(".")


def _groups(nums: list[Num], s: str) -> list[list[Num]]:
    out: list[list[Num]] = []
    for n in nums:
        if out and _LINK.match(s[out[-1][-1].end:n.start]) and out[-1][-1].kind != "money" and n.kind != "money":
            out[-1].append(n)
        else:
            out.append([n])
    return out


def _segment(text: str) -> str:
    for rx, seg in _SEGMENT:
        if rx.search(text):
            return seg
    return "total"


def _pick_region(si: int, pos: int, ments: list[list[Mention]], para: list[int],
                 taken: tuple[int, int] = (0, 0)) -> tuple[Mention | None, bool]:
    """The region of a figure at ``pos`` in sentence ``si``: nearest before it in the sentence,
    else after it in the sentence, else the last one named earlier (same paragraph first).
    A name in ``taken`` (the clause after the previous figure: "… warga Jateng dan 3,7 juta
    jiwa dari DIY") belongs to that figure."""
    here = ments[si]
    before = [m for m in here if m.end <= pos and (not m.weak or pos - m.end < 40)
              and not taken[0] <= m.start < taken[1]]
    if before:
        return before[-1], False
    after = [m for m in here if m.start >= pos and not m.weak]
    if after:
        return after[0], False
    for j in range(si - 1, -1, -1):
        strong = [m for m in ments[j] if not m.weak]
        if strong:
            return strong[-1], True
    return None, True


def _pick_period(si: int, pos: int, anchors: list[list[Anchor]], para: list[int]) -> tuple[Anchor | None, bool]:
    here = [a for a in anchors[si] if not a.event]
    if here:
        before = [a for a in here if a.end <= pos]
        return (before[-1] if before else min(here, key=lambda a: a.start - pos)), False
    n = len(anchors)
    same_para = [j for j in range(n) if para[j] == para[si] and j != si]
    for j in sorted((j for j in same_para if j < si), reverse=True) + [j for j in same_para if j > si]:
        good = [a for a in anchors[j] if not a.event]
        if good:
            return (good[-1] if j < si else good[0]), True
    for j in list(range(si - 1, -1, -1)) + list(range(si + 1, n)):
        good = [a for a in anchors[j] if not a.event]
        if good:
            return (good[-1] if j < si else good[0]), True
    return None, True


def extract(text: str, url: str = "", date: str | _dt.date | None = None, registry=None) -> list[Proposal]:
    """Candidate figures of an article (plain text or HTML), in the order of the text."""
    if len(text) > EXTRACT_MAX_CHARS:
        raise ValueError(f"text too long ({len(text)} characters; at most {EXTRACT_MAX_CHARS})")
    if registry is None:
        from jkn_geo.geography.registry import get_registry

        registry = get_registry()
    art = prepare(text)
    sents = [s.text for s in art.sentences]
    guessed = False
    if isinstance(date, str) and date.strip():
        pub = _dt.date.fromisoformat(date.strip())
    elif isinstance(date, _dt.date):
        pub = date
    else:
        pub = guess_publication_date(sents, art.copyright_year)
        guessed = pub is not None
    ments = [region_mentions(s, registry) for s in sents]
    anchors = [period_anchors(s, pub) for s in sents]
    para = [s.para for s in art.sentences]
    is_jkn = bool(M.JKN.search(art.text))
    out: list[Proposal] = []
    topics: list[str] = []
    for si, s in enumerate(sents):
        if len(out) >= EXTRACT_MAX_FIGURES:
            break
        nums = numbers_in(s)
        topic = next((t for t in reversed(topics[-EXTRACT_CONTEXT_SENTENCES:]) if t), "")
        groups = _groups(nums, s)
        for gi, g in enumerate(groups):
            left = s[groups[gi - 1][-1].end if gi else 0:g[0].start]
            right = s[g[-1].end:groups[gi + 1][0].start if gi + 1 < len(groups) else len(s)]
            if gi + 1 < len(groups) and re.fullmatch(r"(?i)\s*(?:jiwa|orang|peserta)?\s*dari\s+(?:total\s+)?",
                                                     right):
                # "X dari Y penduduk telah menjadi peserta": X is read with what follows Y
                nxt = groups[gi + 1]
                right = right + s[nxt[0].start:groups[gi + 2][0].start if gi + 2 < len(groups) else len(s)]
            readings = {}
            pct_measure = None
            funded = False
            with_count = any(n.kind == "people" for n in g)
            for n in g:
                if n.kind == "pct":
                    r = M.read_pct(left, right, s[max(0, n.start - 300):n.start], topic, with_count)
                    readings[id(n)] = r
                    pct_measure = pct_measure or r.measure
                    funded = funded or r.why == "funded"
            for n in g:
                if n.kind == "money":
                    readings[id(n)] = M.Reading("other", "budget (Rp)", 0.1, "money")
                elif n.kind == "people":
                    if funded:
                        readings[id(n)] = M.Reading("other", "", 0.2, "stated with an 'other' percentage")
                    else:
                        partner = pct_measure if pct_measure in M.JKN_MEASURES else None
                        readings[id(n)] = M.read_count(left, right, s[max(0, n.start - 300):n.start], topic,
                                                       partner)
            taken = (0, 0)
            if gi:
                prev_right = s[groups[gi - 1][-1].end:g[0].start]
                taken = (groups[gi - 1][-1].end, groups[gi - 1][-1].end + len(M.clip_right(prev_right)))
            for n in g:
                r = readings[id(n)]
                prop = _proposal(n, r, s, si, gi, left, right, ments, anchors, para, registry, pub, guessed, url,
                                 taken)
                if not is_jkn:
                    prop.confidence = round(prop.confidence * 0.6, 2)
                    prop.notes.append(NOT_JKN.both(" / "))
                out.append(prop)
        topics.append(M.topic_of(s))
    _definitions_by_ratio(out, registry)
    _to_enrol_by_ratio(out, registry)
    return _dedupe(out)


def _proposal(n: Num, r: M.Reading, s: str, si: int, gi: int, left: str, right: str, ments, anchors, para,
              registry, pub, guessed, url, taken=(0, 0)) -> Proposal:
    notes: list[str] = []
    conf = r.confidence
    if r.measure.startswith("target_") and not any(m.level != "national" and m.end <= n.start and
                                                   n.start - m.end < 60 for m in ments[si]):
        code, name, level, rfac = NATIONAL_CODE, "Indonesia", "national", 0.95
    else:
        m, ctx = _pick_region(si, n.start, ments, para, taken)
        if m is None:
            code, name, level, rfac = "", "", "", 0.5
            notes.append(REGION_MISSING.both(" / "))
        else:
            code, level = m.code, m.level
            name = "Indonesia" if code == NATIONAL_CODE else registry.get(code).name
            rfac = _REGION_FACTOR.get(m.status, 0.8) * (0.9 if ctx else 1.0)
            if ctx:
                notes.append(REGION_FROM_CONTEXT.both(" / "))
            if m.status == "ambiguous":
                notes.append(REGION_AMBIGUOUS.both(" / ") + f": {m.text}")
    a, ctx = _pick_period(si, n.start, anchors, para)
    if a is not None:
        period, pfac = a.period, (0.9 if ctx else 1.0)
        if ctx:
            notes.append(PERIOD_FROM_CONTEXT.both(" / ") + f": «{a.text}»")
    elif pub is not None:
        period, pfac = f"{pub.year:04d}-{pub.month:02d}", 0.7
        notes.append(PERIOD_FROM_PUBLICATION.both(" / "))
    else:
        period, pfac = "", 0.5
    if guessed and pub is not None:
        notes.append(DATE_GUESSED.both(" / "))
    unit = {"pct": "percent", "people": "persons", "money": "rupiah"}.get(n.kind, "")
    if r.measure in M.PCT and n.kind != "pct":
        unit = "percent"
    seg = _segment(M.clip_left(left) + " " + M.clip_right(right)) if r.measure != "other" else "total"
    return Proposal(code, name, level, period, r.measure, r.definition, n.value, unit, n.qualifier, s,
                    round(min(1.0, conf * rfac * pfac), 2), url or "", pub.isoformat() if pub else "", seg,
                    None, notes, n.text, si, gi, n.number)


def _population(p: Proposal, props: list[Proposal], registry) -> float | None:
    for q in props:
        if q.region_code == p.region_code and q.measure == "population" and not q.qualifier:
            return q.value
    if p.region_code and p.region_code != NATIONAL_CODE:
        try:
            return registry.population(p.region_code)
        except KeyError:
            return None
    return None


def _fits(count: Proposal, pct: Proposal, denom: float) -> bool:
    lo, hi = interval(count.number, count.qualifier) if count.number is not None else (count.value, count.value)
    plo, phi = interval(pct.number, pct.qualifier) if pct.number is not None else (pct.value, pct.value)
    return not (hi / denom * 100 < plo or lo / denom * 100 > phi)


def _definitions_by_ratio(props: list[Proposal], registry) -> None:
    """"keaktifan X persen atau Y jiwa": when X and Y fit active ÷ population but not active ÷
    registered, the figure is active coverage (``active_coverage_pct``)."""
    for p in props:
        if p.measure != "activity_pct":
            continue
        mates = [q for q in props if q.sentence == p.sentence and q.group == p.group and
                 q.measure == "active_participants"]
        if not mates:
            continue
        pop = _population(p, props, registry)
        if not pop:
            continue
        cov = [q for q in props if q.region_code == p.region_code and q.measure == "coverage_pct"]
        regs = [q for q in props if q.region_code == p.region_code and q.measure == "participants" and not q.qualifier]
        reg = regs[0].value if regs else (cov[0].value / 100 * pop if cov else None)
        if reg is None:
            continue
        if _fits(mates[0], p, pop) and not _fits(mates[0], p, reg):
            p.measure, p.definition = "active_coverage_pct", "active/population"
            p.notes.append(DEFINITION_BY_RATIO.both(" / "))


def _to_enrol_by_ratio(props: list[Proposal], registry) -> None:
    """'belum terdaftar' next to a coverage target: the people still to enrol to reach the
    target when the numbers fit that better than everyone not registered."""
    for p in props:
        if p.measure != "unregistered":
            continue
        targets = [q for q in props if q.measure == "target_coverage_pct" and abs(q.sentence - p.sentence) <= 3]
        cov = [q for q in props if q.region_code == p.region_code and q.measure == "coverage_pct"]
        pop = _population(p, props, registry)
        if not targets or not cov or not pop:
            continue
        t, c = targets[0].value, cov[0].value
        if abs(p.value - (t - c) / 100 * pop) < abs(p.value - (100 - c) / 100 * pop):
            p.measure, p.definition, p.target = "to_enrol", "gap_to_target", t
            p.notes.append(TO_ENROL_BY_RATIO.format(t=fmt_value(t)).both(" / "))


def _dedupe(props: list[Proposal]) -> list[Proposal]:
    seen: dict[tuple, int] = {}
    out: list[Proposal] = []
    for p in props:
        key = (p.region_code, p.period, p.measure, round(p.value, 6), p.segment)
        if key in seen:
            k = seen[key]
            if p.confidence > out[k].confidence:
                out[k] = p
            continue
        seen[key] = len(out)
        out.append(p)
    return out


def to_frame(props: list[Proposal], include_other: bool = True) -> pd.DataFrame:
    rows = [p.row() for p in props if include_other or p.measure != "other"]
    return pd.DataFrame(rows, columns=COLUMNS)
