"""CSV / XLSX / HTML exports: open the produced files and check headers, values, metadata,
synthetic label and neutralised formulas."""
from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from jkn_geo.render import export as ex


def _table():
    return pd.DataFrame({
        "code": ["18.01", "18.02", "18.03"],
        "name": ["=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "Kota Metro"],
        "level": ["regency"] * 3,
        "parent_code": ["18"] * 3,
        "period": ["2025-07"] * 3,
        "population": [1000, 2000, 3000],
        "registered": [950, 1900, np.nan],
        "active": [800, 1500, np.nan],
        "coverage_pct": [95.0, 95.0, np.nan],
        "activity_pct": [84.2105263, 78.9473684, np.nan],
        "to_enrol": [30.0, 60.0, np.nan],
        "coverage_pct_change": [-1.25, 0.5, np.nan],
        "note": ["-catatan", "@SUM(A1)", ""],
    })


def _meta(**kw):
    base = dict(title="Peringkat kabupaten/kota", dataset="demo", source="Generator demo JKN Atlas",
                period="2025-07", kind="demo")
    base.update(kw)
    return ex.ExportMeta(**base)


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+62 812", "'+62 812"), ("-x", "'-x"), ("@A1", "'@A1"), ("\tx", "'\tx"),
    ("Kota Metro", "Kota Metro"), (-1.5, -1.5), (3, 3), (None, None), ("", ""),
])
def test_neutralise(value, expected):
    assert ex.neutralise(value) == expected


def _read_csv(data: bytes, **kw) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), **kw))


def test_csv_headers_metadata_and_neutralisation():
    rows = _read_csv(ex.table_csv(_table(), _meta()))
    head, body = rows[0], rows[1:]
    for h in ("Kode wilayah", "Nama wilayah", "Periode", "Jumlah penduduk (jiwa)", "Peserta terdaftar (jiwa)",
              "Cakupan kepesertaan (%)", "Perubahan cakupan kepesertaan (pp)", "Dataset", "Sumber",
              "Keterangan data"):
        assert h in head, h
    col = {h: i for i, h in enumerate(head)}
    assert len(body) == 3
    assert body[0][col["Nama wilayah"]] == "'=HYPERLINK(\"http://x\")"
    assert body[1][col["Nama wilayah"]].startswith("'+cmd")
    assert body[0][col["Catatan"]] == "'-catatan" and body[1][col["Catatan"]] == "'@SUM(A1)"
    assert body[2][col["Nama wilayah"]] == "Kota Metro"
    # numbers stay numbers, negative ones too
    assert body[0][col["Perubahan cakupan kepesertaan (pp)"]] == "-1.25"
    assert float(body[0][col["Keaktifan peserta (%)"]]) == pytest.approx(84.2105, abs=1e-4)
    assert body[2][col["Cakupan kepesertaan (%)"]] == ""               # missing stays empty, not 0
    assert all(r[col["Dataset"]] == "demo" for r in body)
    assert all(r[col["Periode"]] == "2025-07" for r in body)
    assert all(r[col["Sumber"]] == "Generator demo JKN Atlas" for r in body)
    assert all("SINTETIS" in r[col["Keterangan data"]] for r in body)
    assert body[0][col["Tingkat"]] == "Kabupaten/Kota"


def test_csv_indonesian_excel_variant():
    rows = _read_csv(ex.table_csv(_table(), _meta(), sep=";", decimal=","), delimiter=";")
    col = {h: i for i, h in enumerate(rows[0])}
    assert rows[1][col["Perubahan cakupan kepesertaan (pp)"]] == "-1,25"
    assert rows[1][col["Cakupan kepesertaan (%)"]] == "95,0"


def test_csv_not_synthetic_for_imported_data():
    rows = _read_csv(ex.table_csv(_table(), _meta(kind="imported", dataset="dinkes_lampung")))
    col = {h: i for i, h in enumerate(rows[0])}
    assert all("SINTETIS" not in r[col["Keterangan data"]] for r in rows[1:])
    assert rows[1][col["Keterangan data"]] == "data impor"


def test_xlsx_content(tmp_path):
    data = ex.table_xlsx(_table(), _meta(), definitions=[("=evil", "registered ÷ population")])
    p = tmp_path / "t.xlsx"
    p.write_bytes(data)
    wb = load_workbook(p)
    assert wb.sheetnames == ["Data", "Keterangan"]
    ws = wb["Data"]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any(c.data_type == "f" for c in cells), "no cell may be a formula"
    assert "Peringkat kabupaten/kota" == ws["A1"].value
    assert "SINTETIS" in ws["A2"].value
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Kode wilayah")
    head = [c.value for c in ws[header_row]]
    col = {h: i + 1 for i, h in enumerate(head)}
    assert "Cakupan kepesertaan (%)" in col and "Keterangan data" in col
    r1 = header_row + 1
    assert ws.cell(r1, col["Nama wilayah"]).value == "'=HYPERLINK(\"http://x\")"
    assert ws.cell(r1, col["Nama wilayah"]).data_type == "s"
    v = ws.cell(r1, col["Perubahan cakupan kepesertaan (pp)"]).value
    assert isinstance(v, float) and v == -1.25                          # a number, not text
    assert ws.cell(r1, col["Jumlah penduduk (jiwa)"]).value == 1000
    assert ws.cell(r1 + 2, col["Cakupan kepesertaan (%)"]).value is None
    assert ws.auto_filter.ref.startswith(f"A{header_row}:")
    info = {r[0].value: r[1].value for r in wb["Keterangan"].iter_rows() if r[0].value}
    assert info["Dataset"] == "demo" and info["Periode"] == "Juli 2025"
    assert info["Sumber data"] == "Generator demo JKN Atlas"
    assert "SINTETIS" in info["PERHATIAN"] and "Cahya DSN" in info["Batas & kode wilayah"]
    assert "'=evil" in info                                            # definitions neutralised too


def test_header_mapping():
    assert ex.header_id("coverage_pct") == "Cakupan kepesertaan (%)"
    assert ex.header_id("gap_cost_rp").endswith("(Rp)")
    assert ex.header_id("registered_change") == "Perubahan peserta terdaftar (jiwa)"
    assert ex.header_id("activity_pct_prev") == "Keaktifan peserta (periode pembanding) (%)"
    assert ex.header_id("rank") == "Peringkat"


def test_issues_csv():
    rep = SimpleNamespace(
        errors=[SimpleNamespace(row=3, column="aktif", value="=2+2", message="aktif > terdaftar",
                                hint="periksa angka aktif")],
        warnings=[SimpleNamespace(row=7, column="terdaftar", value="1.200", message="cakupan di atas 100 %",
                                  hint=None)])
    rows = _read_csv(ex.issues_csv(rep))
    assert rows[0] == ex.ISSUE_HEADERS_ID
    assert rows[1] == ["galat", "3", "aktif", "'=2+2", "aktif > terdaftar", "periksa angka aktif"]
    assert rows[2][:3] == ["peringatan", "7", "terdaftar"]


def test_standalone_html_inlines_and_drops_external(tmp_path):
    (tmp_path / "leaflet.js").write_text("window.L={version:'x'};")
    (tmp_path / "leaflet.css").write_text(".leaflet-container{}")
    page = ('<html><head><script src="https://cdn.example/leaflet.js"></script>'
            '<link rel="stylesheet" href="https://cdn.example/leaflet.css"/>'
            '<script src="https://cdn.example/jquery.min.js"></script></head><body><div id=m></div></body></html>')
    out = ex.standalone_html(page, ex.dir_resolver(tmp_path), _meta(title="<b>Peta</b>"))
    assert "window.L={version:'x'}" in out and ".leaflet-container{}" in out
    assert "cdn.example" not in out
    assert "&lt;b&gt;Peta&lt;/b&gt;" in out and "<b>Peta</b>" not in out
    assert "SINTETIS" in out and "Cahya DSN" in out


def test_filename():
    assert ex.filename("jkn", "peringkat", "Kab. Ogan/Komering", "2025-07", ext="csv") == \
        "jkn_peringkat_Kab.-Ogan-Komering_2025-07.csv"


def test_offline_map_html(built, registry):
    from jkn_geo.render import assets

    if not assets.installed():
        pytest.skip("Leaflet assets missing: run `bash tools/install_assets.sh`")
    import re

    codes = [r.code for r in registry.children("18")]
    t = pd.DataFrame({"code": codes, "name": [registry.name(c) for c in codes], "period": "2025-07",
                      "coverage_pct": np.linspace(88, 99, len(codes)), "registered": 1000.0, "population": 1050.0})
    t.loc[0, "name"] = "<script>alert('x')</script>"
    t.loc[1, "coverage_pct"] = np.nan
    meta = _meta(title="", within="Lampung", source="Generator <demo>")
    html = ex.offline_map_html(t, "regency", "18", "coverage_pct", meta).decode("utf-8")
    assert not re.search(r'<script[^>]*\bsrc=', html), "every script is inline"
    assert not re.search(r'<link[^>]*stylesheet', html), "every stylesheet is inline"
    assert "L.version" in html or "leaflet" in html.lower()
    assert "<script>alert('x')</script>" not in html
    assert "Generator &lt;demo&gt;" in html
    assert "SINTETIS" in html and "Cahya DSN" in html and "Juli 2025" in html


def test_people_are_whole_numbers_and_missing_stays_empty(tmp_path):
    rows = _read_csv(ex.table_csv(_table(), _meta()))
    col = {h: i for i, h in enumerate(rows[0])}
    assert rows[1][col["Peserta terdaftar (jiwa)"]] == "950"
    assert rows[1][col[ex.header_id("to_enrol")]] == "30"
    assert rows[3][col["Peserta terdaftar (jiwa)"]] == ""
    p = tmp_path / "t.xlsx"
    p.write_bytes(ex.table_xlsx(_table(), _meta()))
    ws = load_workbook(p)["Data"]
    hr = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Kode wilayah")
    c = {ws.cell(hr, j).value: j for j in range(1, ws.max_column + 1)}
    assert ws.cell(hr + 1, c["Peserta terdaftar (jiwa)"]).value == 950
    assert ws.cell(hr + 1, c["Peserta terdaftar (jiwa)"]).number_format == "#,##0"
    assert ws.cell(hr + 3, c["Peserta terdaftar (jiwa)"]).value is None
