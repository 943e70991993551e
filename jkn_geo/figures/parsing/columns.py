"""Column names (headers) in Indonesian or English mapped to the canonical fields, and the
level words of a ``tingkat`` column."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from jkn_geo.figures.parsing.cells import ParseError, clean_text, is_missing_text

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
    "active_coverage_pct": ["cakupan_aktif", "cakupan_peserta_aktif", "peserta_aktif_terhadap_penduduk",
                            "persentase_peserta_aktif_dari_jumlah_penduduk", "persen_peserta_aktif_dari_jumlah_penduduk",
                            "persentase_peserta_aktif_terhadap_penduduk", "active_coverage", "active_coverage_pct",
                            "active_coverage_percent", "cakupan_kepesertaan_aktif", "persen_aktif_dari_penduduk"],
    "unregistered": ["belum_terdaftar", "penduduk_belum_terdaftar", "jumlah_belum_terdaftar", "belum_jadi_peserta",
                     "unregistered", "not_registered", "penduduk_belum_terdaftar_jkn"],
    "to_enrol": ["perlu_didaftarkan", "kekurangan_menuju_uhc", "kekurangan_uhc", "penduduk_perlu_didaftarkan",
                 "jumlah_perlu_didaftarkan", "kurang_menuju_uhc", "to_enrol", "to_enroll", "gap_to_uhc",
                 "needed_for_uhc"],
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
    "nasional": "national", "national": "national", "negara": "national", "country": "national",
}

#: a definition declared in a header's brackets: "keaktifan (aktif/penduduk)", "cakupan (terdaftar ÷ penduduk)"
DEFINITION_WORDS = {"aktif": "active", "active": "active", "peserta_aktif": "active",
                    "terdaftar": "registered", "peserta": "registered", "registered": "registered",
                    "peserta_terdaftar": "registered", "penduduk": "population", "population": "population",
                    "jumlah_penduduk": "population"}
#: the percentage field each definition computes
FIELD_OF_DEFINITION = {"registered/population": "coverage_pct", "active/registered": "activity_pct",
                       "active/population": "active_coverage_pct"}
_DEF_SUFFIX = re.compile(r"^(.*?)\s*[(\[]\s*([a-z_ ]+?)\s*(?:/|÷|:|per|dari|terhadap|of|over)\s*([a-z_ ]+?)\s*[)\]]\s*$",
                         re.I)
_TARGET_SUFFIX = re.compile(r"^(.*?)\s*(?:[(\[]\s*(?:target\s*)?(\d{2,3}(?:[.,]\d+)?)\s*(?:%|persen)?\s*[)\]]"
                            r"|(\d{2,3}(?:[.,]\d+)?)\s*(?:%|persen))\s*$", re.I)


def header_suffix(h: object) -> tuple[str, str | None, float | None]:
    """``(header without its bracket, definition, target)``: ``"keaktifan (aktif/penduduk)"`` →
    ``("keaktifan", "active/population", None)``; ``"perlu didaftarkan (98%)"`` →
    ``("perlu didaftarkan", None, 98.0)``; a bracket that is neither stays in the header."""
    s = "" if h is None else clean_text(str(h)).strip()
    m = _DEF_SUFFIX.match(s)
    if m:
        num = DEFINITION_WORDS.get(re.sub(r"\s+", "_", m[2].strip().lower()))
        den = DEFINITION_WORDS.get(re.sub(r"\s+", "_", m[3].strip().lower()))
        if num and den and f"{num}/{den}" in FIELD_OF_DEFINITION:
            return m[1], f"{num}/{den}", None
    m = _TARGET_SUFFIX.match(s)
    if m and m[1].strip():
        t = float((m[2] or m[3]).replace(",", "."))
        if 50 <= t <= 100:
            return m[1], None, t
    return s, None, None


def norm_header(h: object) -> str:
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


def classify_header(h: object) -> tuple[str | None, str | None]:
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
    definitions: dict[str, str] | None = None   # percentage field → definition declared in its header
    targets: dict[str, float] | None = None     # to_enrol → the coverage target named in its header

    def has(self, field: str) -> bool:
        return field in self.fields


def map_columns(headers: Sequence[object]) -> ColumnMap:
    fields: dict[str, int] = {}
    segments: dict[tuple[str, str], int] = {}
    unknown, dups = [], []
    level_hint = None
    hdrs = ["" if h is None else str(h).strip() for h in headers]
    name_cols: list[int] = []
    definitions: dict[str, str] = {}
    targets: dict[str, float] = {}
    for i, h in enumerate(hdrs):
        field, seg = classify_header(h)
        definition = target = None
        if field is None:
            bare, definition, target = header_suffix(h)
            if definition or target is not None:
                field, seg = classify_header(bare)
                if field in ("coverage_pct", "activity_pct", "active_coverage_pct") and definition:
                    field = FIELD_OF_DEFINITION[definition]
                elif not (field == "to_enrol" and target is not None):
                    field = None
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
        if definition:
            definitions[field] = definition
        if target is not None:
            targets[field] = target
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
    return ColumnMap(fields, segments, unknown, level_hint, dups, hdrs, definitions, targets)


def parse_level(value: object) -> str | None:
    if is_missing_text(value):
        return None
    key = str(value).strip().lower()
    if key in LEVEL_WORDS:
        return LEVEL_WORDS[key]
    raise ParseError(f"{value!r} is not a level (nasional, provinsi, kabupaten/kota or kecamatan)")
