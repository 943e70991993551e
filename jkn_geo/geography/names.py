"""Name normalisation and matching for Indonesian region names.

``match_region`` (via :class:`jkn_geo.geography.registry.Registry`) turns what people type or what a
spreadsheet holds — ``"Kab. OKU Timur"``, ``"KOTA  BANDAR-LAMPUNG"``, ``"Labuhan Batu"``,
``"Toba Samosir"`` — into a Kemendagri code, with a confidence, or says that it cannot
decide and lists the candidates (``"Bandung"`` is both a regency and a city).

Rules, in order:

1. Unicode clean-up (NFKC: full-width letters and digits, non-breaking and zero-width
   spaces), lower case, punctuation to spaces.
2. A leading *kind* word is taken off and kept as a hint: ``kabupaten/kab/kab./kb`` →
   regency, ``kota/kotamadya/kodya/kota administrasi/kota adm.`` → city,
   ``provinsi/prov/propinsi`` → province, ``kecamatan/kec`` → district.
3. Abbreviations and old names are expanded (``ALIASES``: OKU, OKI, DKI, DIY, Kep.,
   Pangkep, Sitaro, Toba Samosir → Toba, Pasir → Paser, …).
4. Names are compared without spaces and hyphens, so ``Labuhan Batu`` = ``Labuhanbatu``,
   ``Bau-Bau`` = ``Baubau``, ``Toli Toli`` = ``Toli-Toli``.
5. If nothing is equal, a fuzzy comparison (difflib ratio on the compact form) proposes the
   closest names; it is accepted only when it is clearly better than the runner-up. The
   candidates come from an index (rapidfuzz, whose Indel ratio is never below difflib's, so
   the prefilter drops nothing difflib would keep); difflib scores only those.

Bounded work (text from a search box or a file is hostile until shown otherwise): a text
longer than :data:`jkn_geo.config.MAX_REGION_NAME_CHARS` is refused before any regex sees it
(:func:`too_long`), and nothing here runs a backtracking regex on user text: the patterns are
anchored and linear, the trailing-province split is done with ``rfind``
(:func:`split_trailing_place`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from jkn_geo.config import MAX_REGION_NAME_CHARS

KIND_WORDS = [
    # (regex on the normalised text, kind)
    (r"kota administrasi|kota adm|kotamadya|kodya|kota madya|kotamadia|kota", "kota"),
    (r"kabupaten administrasi|kabupaten adm|kab adm|kabupaten|kabupatan|kab|kb", "kabupaten"),
    (r"propinsi|provinsi|prov|prop", "provinsi"),
    (r"kecamatan|kec|distrik", "kecamatan"),
]
KIND_TO_LEVEL = {"kota": "regency", "kabupaten": "regency", "provinsi": "province", "kecamatan": "district"}

# Abbreviations, nicknames and former names → the name used in Kepmendagri 2025.
# Keys and values are in normalised form (lower case, single spaces). A value may carry a
# kind hint as "kota:..." / "kabupaten:...".
ALIASES: dict[str, str] = {
    # provinces
    "dki": "daerah khusus ibukota jakarta", "dki jakarta": "daerah khusus ibukota jakarta",
    "jakarta": "daerah khusus ibukota jakarta", "dk jakarta": "daerah khusus ibukota jakarta",
    "daerah khusus jakarta": "daerah khusus ibukota jakarta",
    "diy": "daerah istimewa yogyakarta", "d i yogyakarta": "daerah istimewa yogyakarta",
    "d i y": "daerah istimewa yogyakarta", "d k i jakarta": "daerah khusus ibukota jakarta", "di yogyakarta": "daerah istimewa yogyakarta",
    "yogyakarta": "daerah istimewa yogyakarta", "jogja": "daerah istimewa yogyakarta",
    "jogjakarta": "daerah istimewa yogyakarta", "yogya": "daerah istimewa yogyakarta",
    "nad": "aceh", "nanggroe aceh darussalam": "aceh",
    "sumut": "sumatera utara", "sumbar": "sumatera barat", "sumsel": "sumatera selatan",
    "sumatra utara": "sumatera utara", "sumatra barat": "sumatera barat", "sumatra selatan": "sumatera selatan",
    "babel": "kepulauan bangka belitung", "bangka belitung": "kepulauan bangka belitung",
    "kepri": "kepulauan riau", "jabar": "jawa barat", "jateng": "jawa tengah", "jatim": "jawa timur",
    "ntb": "nusa tenggara barat", "ntt": "nusa tenggara timur",
    "kalbar": "kalimantan barat", "kalteng": "kalimantan tengah", "kalsel": "kalimantan selatan",
    "kaltim": "kalimantan timur", "kaltara": "kalimantan utara",
    "sulut": "sulawesi utara", "sulteng": "sulawesi tengah", "sulsel": "sulawesi selatan",
    "sultra": "sulawesi tenggara", "sulbar": "sulawesi barat", "malut": "maluku utara",
    "pabar": "papua barat", "papbar": "papua barat", "pbd": "papua barat daya",
    # regencies: abbreviations
    "oku": "ogan komering ulu", "oki": "ogan komering ilir", "oku timur": "ogan komering ulu timur",
    "oku selatan": "ogan komering ulu selatan", "okut": "ogan komering ulu timur",
    "okus": "ogan komering ulu selatan", "oi": "ogan ilir",
    "muba": "musi banyuasin", "mura": "musi rawas", "muratara": "musi rawas utara",
    "pali": "penukal abab lematang ilir", "pangkep": "pangkajene dan kepulauan",
    "pangkajene kepulauan": "pangkajene dan kepulauan",
    "sitaro": "kepulauan siau tagulandang biaro", "siau tagulandang biaro": "kepulauan siau tagulandang biaro",
    "kep siau tagulandang biaro": "kepulauan siau tagulandang biaro",
    "sangihe": "kepulauan sangihe", "talaud": "kepulauan talaud",
    "bolmong": "bolaang mongondow", "minahasa utara": "minahasa utara", "minut": "minahasa utara",
    "kukar": "kutai kartanegara", "kutai kertanegara": "kutai kartanegara", "kubar": "kutai barat",
    "kutim": "kutai timur", "ppu": "penajam paser utara", "hss": "hulu sungai selatan",
    "hst": "hulu sungai tengah", "hsu": "hulu sungai utara", "kobar": "kotawaringin barat",
    "kotim": "kotawaringin timur", "labusel": "labuhanbatu selatan", "labura": "labuhanbatu utara",
    "paluta": "padang lawas utara", "palas": "padang lawas", "humbahas": "humbang hasundutan",
    "tapsel": "tapanuli selatan", "tapteng": "tapanuli tengah", "taput": "tapanuli utara",
    "madina": "mandailing natal", "lamsel": "lampung selatan", "lamteng": "lampung tengah",
    "lamtim": "lampung timur", "lampura": "lampung utara", "lambar": "lampung barat",
    "tuba": "tulang bawang", "tubaba": "tulang bawang barat", "pesibar": "pesisir barat",
    "jakpus": "jakarta pusat", "jakut": "jakarta utara", "jakbar": "jakarta barat",
    "jaksel": "jakarta selatan", "jaktim": "jakarta timur", "tangsel": "kota:tangerang selatan",
    "kkt": "kepulauan tanimbar", "mbd": "maluku barat daya", "sbb": "seram bagian barat",
    "sbt": "seram bagian timur", "bontang": "bontang",
    # regencies: former names (renamed regions)
    "toba samosir": "toba", "tobasa": "toba", "maluku tenggara barat": "kepulauan tanimbar",
    "pasir": "paser", "sawahlunto sijunjung": "sijunjung", "sawahlunto/sijunjung": "sijunjung",
    "batanghari": "batang hari", "kepulauan seribu": "kepulauan seribu",
    "bau bau": "baubau", "kutai kertanagara": "kutai kartanegara",
}

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def clean(text: str) -> str:
    """NFKC, lower case, punctuation → space, single spaces."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_ZERO_WIDTH).lower()
    text = text.replace("&", " dan ")
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"_", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def too_long(text: str) -> bool:
    """Whether a name or search text is over :data:`~jkn_geo.config.MAX_REGION_NAME_CHARS`
    (checked on the raw text, before any normalisation or regex)."""
    return len(text) > MAX_REGION_NAME_CHARS


def split_trailing_place(text: str) -> tuple[str, str] | None:
    """``"Banjar, Kalimantan Selatan"`` / ``"Banjar (Kalsel)"`` → ``("Banjar", "Kalsel")``; None
    when the text has no such tail. Linear time: the separator is the last ``,`` or ``(`` (the
    tail may hold neither, nor a ``)`` except one closing it)."""
    cut = max(text.rfind(","), text.rfind("("))
    if cut < 0:
        return None
    head, tail = text[:cut], text[cut + 1:].strip()
    if "\n" in head.rstrip():           # (as the old pattern: "." stops at a line break)
        return None
    if tail.endswith(")"):
        tail = tail[:-1].strip()
    if not tail or any(c in tail for c in ",()") or not head.strip():
        return None
    return head.strip(), tail


def compact(text: str) -> str:
    return text.replace(" ", "")


_KIND_RE = [(re.compile(rf"^(?:{pat})\b\s*"), kind) for pat, kind in KIND_WORDS]


def split_kind(normalised: str) -> tuple[str | None, str]:
    """``"kab lampung selatan"`` → ``("kabupaten", "lampung selatan")``."""
    for rx, kind in _KIND_RE:
        m = rx.match(normalised)
        if m and normalised[m.end():]:
            return kind, normalised[m.end():]
    return None, normalised


def expand_kep(core: str) -> str:
    """A leading ``kep``/``kab`` left after the kind word: ``kep sangihe`` → ``kepulauan sangihe``."""
    core = re.sub(r"^kep\b", "kepulauan", core)
    return re.sub(r"^(kab|kabupaten) ", "", core)


def expand(core: str) -> tuple[str | None, str]:
    """Apply ``ALIASES`` to a whole name, then :func:`expand_kep`."""
    kind = None
    if core in ALIASES:
        core = ALIASES[core]
        if ":" in core:
            kind, core = core.split(":", 1)
    return kind, expand_kep(core)


@dataclass(frozen=True)
class Parsed:
    raw: str
    kind: str | None
    core: str
    key: str
    via_alias: bool
    plain_key: str  # the name without alias expansion (tried when the alias finds nothing)


def parse(text: str) -> Parsed:
    n = clean(text)
    # drop a trailing province in brackets or after a comma: "Banjar (Kalsel)" keeps working
    kind, core = split_kind(n)
    alias_kind, expanded = expand(core)
    return Parsed(str(text), kind or alias_kind, expanded, compact(expanded), expanded != expand_kep(core),
                  compact(expand_kep(core)))


def region_keys(name: str, level: str) -> tuple[str | None, set[str]]:
    """The kind and the compact keys under which a registry name can be found."""
    n = clean(name)
    if level == "district":  # district names may begin with "Kota" ("Kota Mukomuko")
        return "kecamatan", {compact(n)}
    kind, core = split_kind(n)
    keys = {compact(core), compact(expand_kep(core))}
    if level == "province":
        kind = "provinsi"
    return kind, keys


@dataclass
class Candidate:
    code: str
    name: str
    level: str
    score: float
    province: str | None = None

    def label(self) -> str:
        where = f", {self.province}" if self.province else ""
        return f"{self.name} ({self.code}{where})"


@dataclass
class MatchResult:
    """Outcome of :meth:`Registry.match_region`.

    ``status``: ``exact`` (name equal after normalisation), ``alias`` (abbreviation or former
    name), ``fuzzy`` (close spelling, accepted), ``ambiguous`` (several regions fit: see
    ``candidates``), ``not_found``, ``too_long`` (over :data:`~jkn_geo.config.MAX_REGION_NAME_CHARS`
    characters: not read at all).
    """

    query: str
    status: str
    code: str | None = None
    name: str | None = None
    level: str | None = None
    confidence: float = 0.0
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.code is not None

    def explain(self) -> str:
        if self.ok:
            return f"'{self.query}' → {self.name} ({self.code}), {self.status}, confidence {self.confidence:.2f}"
        if self.status == "too_long":
            return (f"The text is {len(self.query):,} characters long; a region name has at most "
                    f"{MAX_REGION_NAME_CHARS}. Use the region code (e.g. 18.71) or a shorter name.")
        if self.status == "ambiguous":
            return (f"'{self.query}' fits {len(self.candidates)} regions: "
                    + "; ".join(c.label() for c in self.candidates[:6])
                    + ". Use the region code, or write 'Kabupaten …'/'Kota …', or give the province.")
        if self.candidates:
            return (f"'{self.query}' is not a known region name. Closest: "
                    + "; ".join(c.label() for c in self.candidates[:5]) + ". Use the region code or fix the spelling.")
        return f"'{self.query}' is not a known region name. Use the region code (e.g. 18.71) or fix the spelling."
