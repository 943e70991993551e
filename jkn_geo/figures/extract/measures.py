"""What a number measures, read from the words around it: coverage, activity (and whether
"keaktifan" means active ÷ registered or active ÷ population), registered, active, inactive,
population, unregistered, people to enrol, targets — or "other" (budgets, people funded by the
regional budget, shares of inactive participants)."""
from __future__ import annotations

import re
from dataclasses import dataclass

#: the measure names of the research collection's ``indicator`` column (+ unregistered, to_enrol, other)
MEASURES = ("coverage_pct", "activity_pct", "active_coverage_pct", "participants", "active_participants",
            "inactive_participants", "population", "unregistered", "to_enrol", "target_coverage_pct",
            "target_activity_pct", "other")
JKN_MEASURES = MEASURES[:9]
DEFINITIONS = {"coverage_pct": "registered/population", "activity_pct": "active/registered",
               "active_coverage_pct": "active/population", "target_coverage_pct": "registered/population",
               "target_activity_pct": "active/registered", "to_enrol": "gap_to_target", "other": ""}
PCT = ("coverage_pct", "activity_pct", "active_coverage_pct", "target_coverage_pct", "target_activity_pct")

INACTIVE = re.compile(r"(?i)\b(?:tidak aktif|tak aktif|non[\s-]?aktif|nonaktif|belum (?:meng)?aktif\w*|menunggak|"
                      r"tidak membayar|dinonaktifkan|tunggakan|tidak lagi aktif)")
UNREG = re.compile(r"(?i)\b(?:belum (?:ter)?daftar|belum (?:masuk|menjadi peserta|tercover|terlindungi|terjamin|ikut|"
                   r"memiliki|tercakup|terdata)|tidak terdaftar|non[\s-]?bpjs|belum ber-?jkn)")
TO_ENROL = re.compile(r"(?i)\b(?:perlu didaftarkan|harus didaftarkan|perlu (?:di)?tambah|kekurangan|"
                      r"untuk mencapai (?:target|uhc)|sisa (?:penduduk|warga))")
ACTIVE = re.compile(r"(?i)\b(?:aktif|keaktifan|keatifan|mengaktifkan|kepesertaan aktif|peserta aktif)\b")
TARGET = re.compile(r"(?i)\b(?:target\w*|ditargetkan|menargetkan|sasaran|standar|minimal|syarat|ketentuan|"
                    r"kriteria|ambang|batas|dorong|mendorong|kejar|mengejar|menuju|diharapkan|berharap|ingin|"
                    r"harus|wajib|rencana|direncanakan)\b")
FUNDED = re.compile(r"(?i)\b(?:menanggung|ditanggung|dibiayai|didanai|dianggarkan|menganggarkan|apbd|apbn|anggaran|"
                    r"iuran|pbid|dibayarkan|dibayar|pemda|pemerintah daerah|kuota)\b")
REGISTERED = re.compile(r"(?i)\b(?:terdaftar|peserta|kepesertaan|tercover|terlindungi|terjamin|menjadi peserta|"
                        r"tercakup|cakupan|memiliki jkn|ber-?jkn)\b")
COVERAGE_KW = re.compile(r"(?i)\b(?:cakupan|kepesertaan|uhc|universal health coverage|terdaftar|capaian|tercover|"
                         r"terlindungi|coverage)\b")
POPULATION = re.compile(r"(?i)\b(?:penduduk|populasi|warga)\b")
DENOM_LEFT = re.compile(r"(?i)\b(?:dari|terhadap)\s+(?:total\s+|jumlah\s+|keseluruhan\s+)*"
                        r"(?P<what>penduduk|peserta|kepesertaan|jiwa)?\s*(?:\w+\s+)?(?:sebanyak|sejumlah|yang\s+)?\s*$")
OF_POPULATION = re.compile(r"(?i)\b(?:dari|terhadap)\s+(?:total\s+|jumlah\s+|keseluruhan\s+)*(?:jumlah\s+)?"
                           r"(?:penduduk|populasi)")
JKN = re.compile(r"(?i)\b(?:jkn|bpjs|kis|uhc|jaminan kesehatan|universal health|kepesertaan|peserta)\b")
_BOUNDARY = re.compile(r"(?i)(?:[,;:]\s|\s(?:sementara|sedangkan|namun|tetapi|tapi|adapun)\s)")
_RIGHT_BOUNDARY = re.compile(r"(?i)(?:[,;:]\s|\s(?:sementara|sedangkan|namun|tetapi|tapi|adapun|dengan|dan|serta)\s)")


@dataclass
class Reading:
    measure: str
    definition: str
    confidence: float
    why: str


def clip_left(left: str) -> str:
    """The left context from its last clause boundary."""
    ms = list(_BOUNDARY.finditer(left))
    return left[ms[-1].end():] if ms else left


def clip_right(right: str) -> str:
    m = _RIGHT_BOUNDARY.search(right)
    return right[:m.start()] if m else right


def _last(rx: re.Pattern, text: str) -> int:
    """Where the last match of ``rx`` in ``text`` ends (-1 when none): "kepesertaan aktif" ends
    after "kepesertaan" and so counts as the later (active) word."""
    ms = list(rx.finditer(text))
    return ms[-1].end() if ms else -1


def _first(rx: re.Pattern, text: str) -> int:
    m = rx.search(text)
    return m.start() if m else 10**9


def _pct_words(near: str, right: str) -> str:
    """'active' / 'coverage' / '': the words nearest before the number win, then those after it."""
    a, c = _last(ACTIVE, near), _last(COVERAGE_KW, near)
    if a >= 0 or c >= 0:
        return "active" if a > c else "coverage"
    a, c = _first(ACTIVE, right), _first(COVERAGE_KW, right)
    if a < 10**9 or c < 10**9:
        return "active" if a < c else "coverage"
    return ""


def read_pct(left: str, right: str, sentence_before: str, topic: str, with_count: bool = False) -> Reading:
    """A percentage: ``left``/``right`` are its group's clause, ``sentence_before`` the sentence
    up to it, ``topic`` the measure words of the previous sentences; ``with_count``: stated
    with a number of people ("X persen atau Y jiwa")."""
    near = clip_left(left)
    right = clip_right(right)
    ctx = near + " " + right
    if FUNDED.search(near) or FUNDED.search(right):
        return Reading("other", "pemda-funded/population", 0.2, "funded")
    if INACTIVE.search(ctx):
        return Reading("other", "inactive/registered", 0.25, "inactive share")
    if UNREG.search(ctx):
        return Reading("other", "unregistered/population", 0.25, "unregistered share")
    if TARGET.search(near[-70:]):
        a, c = _last(ACTIVE, sentence_before), _last(COVERAGE_KW, sentence_before)
        m = "target_activity_pct" if a > c else "target_coverage_pct"
        return Reading(m, DEFINITIONS[m], 0.8, "target")
    if re.search(r"(?i)\b(?:naik|turun|kenaikan|penurunan|pertumbuhan|tumbuh|meningkat|menurun|bertambah|berkurang|"
                 r"inflasi|bunga|diskon|denda|realisasi anggaran|serapan)\b", near[-40:]):
        return Reading("other", "change", 0.2, "change")
    words = _pct_words(near, right)
    if words == "active":
        d = "active/population" if OF_POPULATION.search(right) or OF_POPULATION.search(near) else "active/registered"
        m = "active_coverage_pct" if d == "active/population" else "activity_pct"
        return Reading(m, d, 0.9, "active words")
    if words == "coverage" or OF_POPULATION.search(ctx) or re.search(r"(?i)\bpeserta\b", ctx):
        return Reading("coverage_pct", "registered/population", 0.9, "coverage words")
    a, c = _last(ACTIVE, sentence_before), _last(COVERAGE_KW, sentence_before)
    if a > c:
        return Reading("activity_pct", "active/registered", 0.6, "sentence: active words")
    if c >= 0:
        return Reading("coverage_pct", "registered/population", 0.7, "sentence: coverage words")
    if topic in ("activity_pct", "active_coverage_pct"):
        return Reading(topic, DEFINITIONS[topic], 0.55, "previous sentences")
    if topic or with_count:
        return Reading("coverage_pct", "registered/population", 0.45 if not topic else 0.55, "previous sentences")
    return Reading("other", "", 0.2, "no measure words")


def _count_words(text: str) -> Reading | None:
    if INACTIVE.search(text):
        return Reading("inactive_participants", "count", 0.85, "inactive words")
    if TO_ENROL.search(text):
        return Reading("to_enrol", "gap_to_target", 0.8, "to enrol")
    if UNREG.search(text):
        return Reading("unregistered", "count", 0.8, "unregistered words")
    if ACTIVE.search(text):
        return Reading("active_participants", "count", 0.85, "active words")
    if REGISTERED.search(text):
        return Reading("participants", "count", 0.85, "registered words")
    if POPULATION.search(text):
        return Reading("population", "count", 0.85, "population words")
    return None


def read_count(left: str, right: str, sentence_before: str, topic: str, partner: str | None = None) -> Reading:
    """A number of people; ``partner`` is the measure of a percentage stated with it ("X persen atau Y jiwa")."""
    near = clip_left(left)
    r = clip_right(right)
    ctx = near + " " + r
    if FUNDED.search(ctx):
        return Reading("other", "pemda-funded people", 0.2, "funded")
    window = near[-60:]
    dm = DENOM_LEFT.search(window)
    if dm and not re.search(r"(?i)\b(?:lebih|kurang|satu|sebagian|separuh|setengah)\s*$", window[:dm.start()]):
        what = (dm.group("what") or "").lower()
        if what in ("peserta", "kepesertaan") or re.match(r"(?i)^\s*(?:jiwa\s+|penduduk\s+)?(?:peserta|yang\s+"
                                                           r"(?:sudah\s+|telah\s+)?terdaftar|terdaftar|kepesertaan)", r):
            return Reading("participants", "count", 0.85, "denominator: participants")
        if partner in ("activity_pct",) and what != "penduduk":
            return Reading("participants", "count", 0.7, "denominator of activity")
        return Reading("population", "count", 0.85, "denominator: population")
    if INACTIVE.search(ctx):
        return Reading("inactive_participants", "count", 0.85, "inactive words")
    if partner in ("activity_pct", "active_coverage_pct"):
        return Reading("active_participants", "count", 0.85, "stated with an active share")
    if partner == "coverage_pct" and not UNREG.search(ctx):
        return Reading("participants", "count", 0.85, "stated with a coverage")
    got = _count_words(near) or _count_words(r)
    if got is not None:
        return got
    if partner:
        return Reading("participants", "count", 0.5, "stated with a percentage")
    if JKN.search(sentence_before) and not POPULATION.search(sentence_before[-40:]):
        return Reading("participants", "count", 0.5, "sentence: JKN words")
    if topic:
        return Reading("participants", "count", 0.4, "previous sentences")
    return Reading("other", "", 0.15, "no measure words")


def topic_of(sentence: str) -> str:
    """The measure a sentence talks about ("" when none), for the sentences after it."""
    a, c = _last(ACTIVE, sentence), _last(COVERAGE_KW, sentence)
    if a < 0 and c < 0:
        return ""
    return "activity_pct" if a > c else "coverage_pct"
