"""The numbers of one sentence that may be figures: dates, times, years, phone numbers,
ordinals, law numbers and URLs are masked first; what is left is read with
:func:`jkn_geo.figures.parsing.parse_number_ex` (value and precision) and typed by its unit
(percent, people, money, things)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from jkn_geo.figures.parsing import Number, ParseError, parse_number_ex
from jkn_geo.figures.parsing.periods import MONTHS

_MONTH_WORDS = "|".join(sorted((m for m in MONTHS if len(m) > 3 or m in ("mei", "may")), key=len, reverse=True))
_MASKS = [
    re.compile(r"(?i)\b(?:https?://|www\.)\S+"),
    re.compile(r"(?i)(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}\.[\w.]{1,63}"),
    # phone numbers: (0721) 123456, 0812-3456-7890, +62 812 3456 7890, 1500 400 (call centre)
    re.compile(r"(?:\+62|\(0\d{2,3}\)|\b0\d{2,4})[\s.-]?\d{3,4}[\s.-]?\d{3,5}(?:[\s.-]?\d{2,4})?\b"),
    re.compile(r"(?i)\b(?:call center|hotline|telepon|telp\.?|tel\.?|hp|wa|whatsapp|nomor telepon)\s*:?\s*[\d\s().+-]{4,}"),
    # dates: 24/7/2025, (20/05/2025), 2025-07-01, 1 Juli 2025, Juli 2025, 1 Juli
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(rf"(?i)\b(?:\d{{1,2}}\s*[-–]\s*)?(?:\d{{1,2}}\s+)?(?:{_MONTH_WORDS})\b\.?(?:\s+(?:19|20)\d\d\b)?"),
    # times 15:12, 15.12 WIB
    re.compile(r"(?i)\b\d{1,2}[:.]\d{2}\s*(?:wib|wita|wit)\b|\b\d{1,2}:\d{2}\b"),
    # ordinals and references: ke-32, ke 3, nomor 1 tahun 2022, pasal 5, no. 12, peringkat 3, urutan 2
    re.compile(r"(?i)\bke[-\s]?\d+\b"),
    re.compile(r"(?i)\b(?:nomor|no\.?|pasal|ayat|perpres|permenkes|inpres|uu|pp|peringkat|urutan|ranking|rangking|"
               r"juara|tahap|gelombang|jilid|seri|wilayah|zona|rt|rw|jilid|edisi|halaman|hal\.)\s*\d+(?:\s*(?:/|tahun)\s*\d+)?"),
    # years and year ranges: 2025, 2020-2024, tahun 2025
    re.compile(r"(?<![\d.,])(?:19|20)\d\d\s*[-–/]\s*(?:19|20)\d\d(?![\d.,])"),
]
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?!\d|[.,]\d|\s*(?:persen|%|jiwa|orang|peserta|penduduk|ribu|juta))")

_NUM = re.compile(r"""(?ix)
    (?<![\w.,])(?P<rp>(?:rp|idr)\.?\s*)?
    (?<![.,\d])(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d+(?:[.,]\d+)?)(?![\w.,]\d)
    (?P<scale>\s*(?:ribu|rb|juta|jt|miliar|milyar|triliun|trilyun)\b\.?)?
    (?P<pct>\s*(?:%|persen\b|percent\b))?
""")
_PEOPLE = re.compile(r"(?i)^\s*(?:jiwa|orang|peserta|penduduk|warga|masyarakat|kepala keluarga|kk|pekerja|"
                     r"karyawan|buruh|anak|lansia|bayi|balita|pelajar|siswa|mahasiswa|pbi|pbpu|ppu)\b")
_THINGS = re.compile(r"(?i)^\s*(?:rumah sakit|rs\b|rsud|puskesmas|faskes|fasilitas|klinik|apotek|dokter|perawat|"
                     r"bidan|tenaga|petugas|kantor|cabang|kabupaten|kota|kabupaten/kota|kab/kota|daerah|provinsi|"
                     r"kecamatan|desa|kelurahan|bulan|hari|minggu|pekan|tahun|jam|menit|detik|kali|unit|titik|"
                     r"sekolah|perusahaan|badan usaha|mitra|program|kegiatan|poin|item|kasus|kunjungan|klaim|"
                     r"layanan|tempat tidur|bed|kamar|ruang|pintu|halaman|lembar|kategori|indikator|kriteria|"
                     r"langkah|strategi|pilar|aspek|hektare|ha\b|km|meter|kg|ton|liter|dosis|paket|bidang|"
                     r"sektor|segmen|kelompok|jenis|macam|opd|instansi|lembaga|organisasi|pemda|pemerintah|"
                     r"negara|benua|pulau|wilayah|kepala|bupati|wali|gubernur|menteri|anggota)\b")
_QUAL_BEFORE = re.compile(r"(?i)(sekitar|kurang lebih|kira-kira|kurang-lebih|lebih dari|hampir|menembus|tembus|"
                          r"melampaui|melebihi|di atas|diatas|kurang dari|di bawah|dibawah|minimal|maksimal|"
                          r"setidaknya|paling sedikit|sedikitnya|mendekati|menyentuh|nyaris)\s*(?:angka\s*)?(?:\(|:)?\s*$")
_QUAL_AFTER = re.compile(r"(?i)^\s*(?:jiwa|orang|peserta|penduduk)?\s*lebih\b")
_QUAL_NORMAL = {"tembus": "menembus", "kurang-lebih": "sekitar", "kurang lebih": "sekitar", "kira-kira": "sekitar",
                "diatas": "di atas", "dibawah": "di bawah", "melebihi": "lebih dari", "setidaknya": "minimal",
                "paling sedikit": "minimal", "sedikitnya": "minimal", "nyaris": "hampir", "mendekati": "hampir"}


@dataclass
class Num:
    start: int            # in the sentence
    end: int
    text: str             # as written, with its unit
    value: float
    number: Number
    kind: str             # "pct", "people", "money", "plain"
    qualifier: str = ""


def masked(sentence: str) -> str:
    """The sentence with every non-figure number span replaced by spaces (offsets kept)."""
    s = sentence
    for rx in _MASKS:
        s = rx.sub(lambda m: " " * len(m.group(0)), s)
    return _YEAR.sub(lambda m: " " * len(m.group(0)), s)


def numbers_in(sentence: str) -> list[Num]:
    """The candidate numbers of a sentence, in order (things such as "5 rumah sakit" dropped)."""
    out: list[Num] = []
    for m in _NUM.finditer(masked(sentence)):
        raw = m.group("num")
        if m.start("num") > 0 and sentence[m.start("num") - 1] in "-/":
            continue
        scale, pct, rp = m.group("scale"), m.group("pct"), m.group("rp")
        try:
            n = parse_number_ex(raw + (scale or "") + (" persen" if pct else ""))
        except ParseError:
            continue
        if n is None:
            continue
        after = sentence[m.end():m.end() + 40]
        before = sentence[max(0, m.start() - 40):m.start()]
        if rp or re.match(r"(?i)^\s*(?:rupiah|dolar|usd)\b", after) or (scale and re.search(r"(?i)\brp\.?\s*$", before)):
            kind = "money"
        elif pct:
            kind = "pct"
        elif _THINGS.match(after) and not _PEOPLE.match(after):
            continue
        elif scale or _PEOPLE.match(after) or n.value >= 1000:
            kind = "people"
        elif n.decimals and n.value <= 150 and "," in raw and (
                re.search(r"(?i)persentase\w*\s+(?:\w+\s+){0,3}$", before)
                or re.match(r"(?i)^\s*(?:dari|terhadap)\s+(?:total\s+|jumlah\s+|keseluruhan\s+)*(?:penduduk|populasi)",
                            after)):
            kind = "pct"
            n = Number(n.value, True, False, n.decimals, n.unit)
        else:
            continue                      # a small plain number ("3 strategi", "enam" …) is no figure
        q = ""
        qm = _QUAL_BEFORE.search(sentence[max(0, m.start() - 30):m.start()])
        if qm:
            q = qm.group(1).lower()
        elif _QUAL_AFTER.match(after):
            q = "lebih"
        q = _QUAL_NORMAL.get(q, q)
        out.append(Num(m.start(), m.end(), sentence[m.start():m.end()].strip(), n.value, n, kind, q))
    return out
