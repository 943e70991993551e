"""Region name matching on real-world spellings (registry from the offline mirror)."""
from __future__ import annotations

import pytest

from jkn_geo.geography import names
from jkn_geo.geography.registry import normalise_code

# (text as people write it, level given or None, expected code)
MATCHES = [
    ("Kab. Lumajang", None, "35.08"), ("KABUPATEN LUMAJANG", None, "35.08"), ("lumajang", None, "35.08"),
    ("Kab Lumajang", None, "35.08"), ("Kabupaten  Lumajang.", None, "35.08"), ("Lumajang\u200b", None, "35.08"),
    ("Kota Bandar Lampung", None, "18.71"), ("Bandar Lampung", None, "18.71"), ("Kota Bandarlampung", None, "18.71"),
    ("KOTA BANDAR-LAMPUNG", None, "18.71"), ("Kota Metro", None, "18.72"),
    ("Kab. OKU Timur", None, "16.08"), ("OKU Timur", "regency", "16.08"), ("Ogan Komering Ulu Timur", None, "16.08"),
    ("Kab. OKU", None, "16.01"), ("OKU Selatan", None, "16.09"), ("Kab. OKI", None, "16.02"), ("Ogan Ilir", None, "16.10"),
    ("Muba", None, "16.06"), ("PALI", None, "16.12"), ("Kotamadya Palembang", None, "16.71"),
    ("Lubuk Linggau", None, "16.73"), ("Kota Lubuklinggau", None, "16.73"), ("Pagar Alam", None, "16.72"),
    ("Labuhan Batu", None, "12.10"), ("Labuhanbatu Utara", None, "12.23"), ("Labuhan Batu Selatan", None, "12.22"),
    ("Kab. Pangkep", None, "73.10"), ("Pangkajene Kepulauan", None, "73.10"),
    ("Toba Samosir", None, "12.12"), ("Kab. Toba", None, "12.12"), ("Kota Pematang Siantar", None, "12.72"),
    ("DKI Jakarta", None, "31"), ("Provinsi DKI Jakarta", None, "31"), ("DIY", None, "34"),
    ("D.I. Yogyakarta", None, "34"), ("Daerah Istimewa Yogyakarta", None, "34"), ("Yogyakarta", "regency", "34.71"),
    ("Kep. Riau", None, "21"), ("Prov. Kepulauan Riau", None, "21"), ("Babel", None, "19"),
    ("Kep. Bangka Belitung", None, "19"), ("NTB", None, "52"), ("Jatim", None, "35"), ("Jawa Timur", None, "35"),
    ("Kota Adm. Jakarta Selatan", None, "31.74"), ("Jakarta Selatan", None, "31.74"), ("Kep. Seribu", None, "31.01"),
    ("Kota Bau-Bau", None, "74.72"), ("Kota Baubau", None, "74.72"), ("Kab. Tolitoli", None, "72.04"),
    ("Toli Toli", None, "72.04"), ("Kab. Fakfak", None, "92.03"), ("Fak-Fak", "regency", "92.03"),
    ("Kab. Mukomuko", None, "17.06"), ("Muko Muko", None, "17.06"), ("Kab. Batanghari", None, "15.04"),
    ("Kab. Kep. Sangihe", None, "71.03"), ("Sitaro", None, "71.09"), ("Maluku Tenggara Barat", None, "81.03"),
    ("Kab. Pasir", None, "64.01"), ("Tanjung Pinang", None, "21.72"), ("Kab. Kutai Kertanegara", None, "64.02"),
    ("Kukar", None, "64.02"), ("PPU", None, "64.09"), ("Tubaba", None, "18.12"), ("Pesisir Barat", None, "18.13"),
    ("Lampung", None, "18"), ("Bengkulu", None, "17"), ("Bengkulu", "regency", "17.71"), ("Kota Bengkulu", None, "17.71"),
    ("Kab. Bandung", None, "32.04"), ("Kota Bandung", None, "32.73"), ("Kota Banjar", None, "32.79"),
    ("Kab. Banjar", None, "63.03"), ("Banjar, Kalimantan Selatan", None, "63.03"), ("Banjar (Jabar)", "regency", "32.79"),
    ("Kab Bekasi", None, "32.16"), ("Kota Bekasi", None, "32.75"), ("Tangsel", None, "36.74"),
    ("Ｋｏｔａ　Ｍｅｄａｎ", None, "12.71"), ("Kota\u00a0Medan", None, "12.71"), ("Lumajng", None, "35.08"),
    ("Lampung Tenggah", None, "18.02"), ("12.10", None, "12.10"), ("3508", None, "35.08"), ("18-71", None, "18.71"),
    ("Kota Mukomuko", "district", "17.06.02"), ("Kec. Kota Mukomuko", None, "17.06.02"),
    ("Bandung", "district", None),  # two districts named Bandung: see AMBIGUOUS
]

AMBIGUOUS = [
    ("Bandung", None, {"32.04", "32.73"}), ("Banjar", None, {"32.79", "63.03"}), ("Bekasi", None, {"32.16", "32.75"}),
    ("Bogor", "regency", {"32.01", "32.71"}), ("Sorong", "regency", {"96.01", "96.71"}),
    ("Kupang", None, {"53.01", "53.71"}), ("Malang", None, {"35.07", "35.73"}),
    ("Semarang", "regency", {"33.22", "33.74"}), ("Probolinggo", None, {"35.13", "35.74"}),
    ("Bandung", "district", {"35.04.17", "36.04.34"}),
]


@pytest.mark.parametrize("text,level,code", [m for m in MATCHES if m[2]])
def test_match(registry, text, level, code):
    m = registry.match_region(text, level=level)
    assert m.ok, m.explain()
    assert m.code == code, m.explain()
    assert 0.7 <= m.confidence <= 1.0
    assert m.candidates and m.candidates[0].code == code


def test_enough_spellings():
    assert len([m for m in MATCHES if m[2]]) + len(AMBIGUOUS) >= 60


@pytest.mark.parametrize("text,level,expected", AMBIGUOUS)
def test_ambiguous_lists_candidates_instead_of_guessing(registry, text, level, expected):
    m = registry.match_region(text, level=level)
    assert not m.ok and m.status == "ambiguous"
    assert expected <= {c.code for c in m.candidates}
    msg = m.explain()
    assert "Kabupaten" in msg or "code" in msg


def test_exact_beats_fuzzy_confidence(registry):
    exact = registry.match_region("Kabupaten Lumajang")
    fuzzy = registry.match_region("Lumajng")
    assert exact.status == "exact" and fuzzy.status == "fuzzy"
    assert exact.confidence > fuzzy.confidence


def test_unknown_name_not_guessed(registry):
    m = registry.match_region("Kabupaten Atlantis Raya")
    assert not m.ok and m.status == "not_found"
    assert "not a known region name" in m.explain()
    assert registry.match_region("").status == "not_found"
    assert registry.match_region("99.99").status == "not_found"


def test_wrong_kind_is_flagged_not_silently_exact(registry):
    m = registry.match_region("Kota Lumajang")  # there is only a Kabupaten Lumajang
    assert m.code == "35.08" and m.status == "fuzzy" and m.confidence < 0.8


def test_within_restricts(registry):
    assert registry.match_region("Bandung", within="35").code == "35.04.17"
    assert registry.match_region("Bandung", within="Jawa Barat").status == "ambiguous"
    assert registry.match_region("Lampung Selatan", within="35").ok is False


def test_level_restricts(registry):
    assert registry.match_region("Lampung", level="province").code == "18"
    assert registry.match_region("Lampung Selatan", level="province").ok is False


@pytest.mark.parametrize("raw,expected", [("1871", "18.71"), ("18.71", "18.71"), ("18 71 01", "18.71.01"),
                                          ("18", "18"), ("abc", None), ("187", None)])
def test_normalise_code(raw, expected):
    assert normalise_code(raw) == expected


def test_clean_handles_unicode_tricks():
    assert names.clean("Ｋａｂ．\u00a0Lumajang\u200b") == "kab lumajang"
    assert names.split_kind("kota administrasi jakarta pusat") == ("kota", "jakarta pusat")
    assert names.split_kind("kabupaten") == (None, "kabupaten")


def test_registry_navigation(registry):
    assert len(registry.children(None)) == 38
    lampung = registry.children("18")
    assert len(lampung) == 15 and all(r.parent_code == "18" for r in lampung)
    chain = registry.parent_chain("18.71.01")
    assert [r.code for r in chain] == ["18", "18.71", "18.71.01"]
    assert registry.province_of("18.71").name == "Lampung"
    assert registry.population("35.08") > 1_000_000
    assert registry.get("1871").short_name == "Bandar Lampung"
    assert len(registry.codes("district", within="18")) == 229
    with pytest.raises(KeyError):
        registry.get("99.99")
