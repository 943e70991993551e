"""Indonesian numbers, periods and column names."""
import datetime as dt

import pytest

from jkn_geo.figures import parsing as P


@pytest.mark.parametrize("text,value", [
    ("1.234.567", 1234567), ("97,05", 97.05), ("97,05%", 97.05), ("97,05 %", 97.05), ("97,05 persen", 97.05),
    ("6,3 juta", 6_300_000), ("6,3 jt", 6_300_000), ("118 ribu", 118_000), ("Rp50,67 miliar", 50_670_000_000),
    ("Rp 42.000", 42_000), ("1,234,567.89", 1234567.89), ("97.05", 97.05), ("1.234", 1234), ("0.9705", 0.9705),
    ("682.527", 682527), ("8.527.908 jiwa", 8527908), ("12 345", 12345), ("-5", -5), ("(5)", -5),
    ("1.234.567,5", 1234567.5), ("279,8 juta", 279_800_000), ("sekitar 400 ribu", 400_000), (42, 42), (1.5, 1.5),
])
def test_numbers(text, value):
    assert P.parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", " ", "-", "n/a", "NA", "tidak ada", None, float("nan")])
def test_missing_numbers(text):
    assert P.parse_number(text) is None


@pytest.mark.parametrize("text", ["abc", "12a", "1.23.4", "1,2,3,4.5,6", "..5x"])
def test_bad_numbers(text):
    with pytest.raises(P.ParseError):
        P.parse_number(text)


def test_number_precision_and_flags():
    n = P.parse_number_ex("6,3 juta")
    assert n.scaled and n.unit == pytest.approx(100_000)
    n = P.parse_number_ex("97,05%")
    assert n.percent and n.unit == pytest.approx(0.01)
    assert P.parse_number_ex("400 ribu").unit == pytest.approx(100_000)   # trailing zeros are not precision
    assert P.parse_number_ex("682.527").unit == 1


@pytest.mark.parametrize("text,period", [
    ("2025-07", "2025-07"), ("2025/7", "2025-07"), ("202507", "2025-07"), ("07/2025", "2025-07"),
    ("Juli 2025", "2025-07"), ("juli 2025", "2025-07"), ("Jul 2025", "2025-07"), ("Jul-25", "2025-07"),
    ("July 2025", "2025-07"), ("01/07/2025", "2025-07"), ("1-7-2025", "2025-07"), ("1 Juli 2025", "2025-07"),
    ("per 1 Juli 2025", "2025-07"), ("Per 1 Mei 2025", "2025-05"), ("per Mei 2025", "2025-05"),
    ("1 Agustus 2023", "2023-08"), ("Agt-23", "2023-08"), ("Des 2024", "2024-12"), ("Nopember 2025", "2025-11"),
    ("Pebruari 2024", "2024-02"), ("2025-07-01", "2025-07"), ("2025-07-01 00:00:00", "2025-07"),
    ("31/12/2024", "2024-12"), ("2025 Juli", "2025-07"),
    (dt.date(2025, 7, 1), "2025-07"), (dt.datetime(2023, 8, 1, 0, 0), "2023-08"), (202507, "2025-07"),
])
def test_periods(text, period):
    assert P.parse_period(text) == period


@pytest.mark.parametrize("text", ["Juli", "13/2025", "2025-13", "Julio 2025", "32/07/2025", "hello", "1850-01"])
def test_bad_periods(text):
    with pytest.raises(P.ParseError):
        P.parse_period(text)


def test_month_helpers():
    assert P.last_complete_month(dt.date(2026, 11, 23)) == "2026-10"
    assert P.last_complete_month(dt.date(2026, 1, 5)) == "2025-12"
    assert P.month_range("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]


@pytest.mark.parametrize("header,field", [
    ("kode", "code"), ("Kode Wilayah", "code"), ("kode_wilayah", "code"), ("Nama", "name"), ("Wilayah", "name"),
    ("Kabupaten/Kota", "name"), ("Provinsi", "name"), ("Periode", "period"), ("Bulan", "period"),
    ("Tanggal", "period"), ("Penduduk", "population"), ("Jumlah Penduduk", "population"),
    ("Peserta", "registered"), ("Terdaftar", "registered"), ("Jumlah Peserta (Jiwa)", "registered"),
    ("Aktif", "active"), ("Peserta Aktif", "active"), ("Tidak Aktif", "inactive"), ("Nonaktif", "inactive"),
    ("non-aktif", "inactive"), ("Cakupan (%)", "coverage_pct"), ("% Keaktifan", "activity_pct"),
    ("registered", "registered"), ("active", "active"), ("population", "population"), ("Tahun", "year"),
])
def test_headers(header, field):
    assert P.classify_header(header)[0] == field


@pytest.mark.parametrize("header,kind,seg", [
    ("PBI APBN", "registered", "pbi_apbn"), ("peserta_pbpu", "registered", "pbpu"), ("aktif_ppu", "active", "ppu"),
    ("PBPU Pemda", "registered", "pbi_apbd"), ("BP", "registered", "bp"), ("pbpu_aktif", "active", "pbpu"),
])
def test_segment_headers(header, kind, seg):
    assert P.classify_header(header) == (kind, seg)


def test_map_columns_region_and_province():
    cm = P.map_columns(["Provinsi", "Kabupaten/Kota", "Periode", "Peserta", "xyz"])
    assert cm.fields["name"] == 1 and cm.fields["province"] == 0
    assert cm.level_hint == "regency"
    assert cm.unknown == ["xyz"]


def test_count_columns_read_english_thousands():
    assert P.parse_number("313,756") == pytest.approx(313.756)          # Indonesian decimal by default
    assert P.parse_number_ex("313,756", count=True).value == 313756     # a count cannot have decimals
    assert P.parse_number_ex("6,3 juta", count=True).value == 6_300_000


from hypothesis import given, strategies as hs  # noqa: E402

from jkn_geo.fmt import fmt_num  # noqa: E402


@given(hs.integers(0, 10**12))
def test_counts_round_trip_through_indonesian_formatting(n):
    assert P.parse_number(fmt_num(n, 0)) == n
    assert P.parse_number_ex(fmt_num(n, 0, "en"), count=True).value == n


@given(hs.decimals(min_value=0, max_value=1000, places=2, allow_nan=False))
def test_percentages_round_trip(d):
    x = float(d)
    assert P.parse_number(fmt_num(x, 2) + " %") == pytest.approx(x)
