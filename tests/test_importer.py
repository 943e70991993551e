"""CSV/XLSX import: formats, validation messages, atomicity, templates."""
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from jkn_geo.figures import importer as M, shipped, store as S, templates as T
from tests.conftest import FIXTURES

TODAY = dt.date(2026, 11, 23)
IMP = FIXTURES / "import"


@pytest.fixture()
def st(tmp_db):
    s = S.Store(tmp_db)
    yield s
    s.close()


def check(text_or_bytes, registry, filename="t.csv", **kw):
    data = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else text_or_bytes
    return M.validate(data, filename=filename, today=TODAY, registry=registry, **kw)


def only_error(rep):
    assert not rep.ok and len(rep.errors) == 1, [str(e) for e in rep.errors]
    return rep.errors[0]


def xlsx(rows, sheet="data", extra_sheets=(), formats=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    for (cell, fmt) in (formats or {}).items():
        ws[cell].number_format = fmt
    for name in extra_sheets:
        wb.create_sheet(name).append(["nothing"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---- formats -------------------------------------------------------------------------------------
def test_semicolon_bom_title_row_names(registry):
    rep = M.validate(IMP / "lampung_juli_2025_semicolon.csv", today=TODAY, registry=registry)
    assert rep.ok, [str(e) for e in rep.errors]
    assert rep.header_row == 2
    f = rep.frame.set_index("code")
    assert f.index.tolist() == ["18.04", "18.06", "18.71", "18.72"]
    assert f.loc["18.04", "population"] == 313756 and f.loc["18.04", "registered"] == 304033
    assert f.loc["18.04", "coverage_pct_given"] == pytest.approx(96.90)
    assert f.loc["18.04", "row_no"] == 3                     # as the user sees it in the file
    assert set(f.period) == {"2025-07"}
    texts = [w.message_en for w in rep.warnings]
    assert any("Coverage above 100" in t for t in texts)        # Kota Bandar Lampung
    assert any("Total row skipped" in t for t in texts)


def test_cp1252_comma_codes(registry):
    rep = M.validate(IMP / "cp1252_comma.csv", today=TODAY, registry=registry)
    assert rep.ok, [str(e) for e in rep.errors]
    f = rep.frame.set_index("code")
    assert f.loc["18.01", "registered"] == 1084801 and f.loc["18.01", "inactive"] == 216089
    assert "–" in f.loc["18.01", "note"]


def test_comma_csv_with_quoted_decimals_and_english_headers(registry):
    rep = check('code,region,period,population,registered,active,coverage\n'
                '18.04,Lampung Barat,2025-07,"313,756","304,033","255,447","96.90"\n', registry)
    assert rep.ok
    assert rep.frame.registered[0] == 304033 and rep.frame.coverage_pct_given[0] == pytest.approx(96.9)


def test_unquoted_decimal_comma_in_comma_csv_is_explained(registry):
    rep = check("kode,periode,peserta,cakupan\n18.04,2025-07,304033,96,90\n", registry)
    e = only_error(rep)
    assert e.row == 2 and "decimal" in e.hint_en


@pytest.mark.parametrize("value", ["2025-07", "Juli 2025", "Jul-25", "01/07/2025", "per 1 Juli 2025", "202507"])
def test_period_formats_in_files(registry, value):
    rep = check(f"kode;periode;peserta\n18.04;{value};1.000\n", registry)
    assert rep.ok and rep.frame.period[0] == "2025-07"


@pytest.mark.parametrize("value,expected", [("1.234.567", 1234567), ("6,3 juta", 6_300_000), ("1234567", 1234567)])
def test_number_formats_in_files(registry, value, expected):
    rep = check(f"kode;periode;peserta\n31;2025-07;{value}\n", registry)
    assert rep.ok and rep.frame.registered[0] == expected


def test_percent_formats_in_files(registry):
    rep = check("kode;periode;peserta;cakupan;keaktifan\n18.04;2025-07;;97,05%;68,97 persen\n", registry)
    assert rep.ok
    assert rep.frame.coverage_pct_given[0] == pytest.approx(97.05)
    assert rep.frame.activity_pct_given[0] == pytest.approx(68.97)


def test_bulan_and_tahun_columns(registry):
    rep = check("kode;tahun;bulan;peserta\n18.04;2025;Juli;1.000\n18.04;2025;Agustus;1.001\n", registry)
    assert rep.ok and rep.frame.period.tolist() == ["2025-07", "2025-08"]


def test_province_column_disambiguates(registry):
    rep = check("provinsi;kabupaten;periode;peserta\nJawa Barat;Kota Bandung;2025-07;1.000\n"
                "Kalimantan Selatan;Banjar;2025-07;1.000\n", registry)
    assert rep.ok and rep.frame.code.tolist() == ["32.73", "63.03"]


def test_xlsx_first_sheet_percent_cells_dates_int_codes(registry):
    data = xlsx([["Kode", "Periode", "Peserta", "Aktif", "Cakupan"],
                 [1871, dt.datetime(2025, 7, 1), 1155000, 900123, 0.9705]], formats={"E2": "0.00%"},
                extra_sheets=["lain"])
    rep = check(data, registry, filename="x.xlsx")
    assert rep.ok, [str(e) for e in rep.errors]
    r = rep.frame.iloc[0]
    assert (r.code, r.period, r.registered) == ("18.71", "2025-07", 1155000)
    assert r.coverage_pct_given == pytest.approx(97.05)
    assert rep.sheet == "data"


def test_xlsx_named_and_wrong_sheet(registry):
    data = xlsx([["nothing"]], sheet="cover", extra_sheets=[])
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.create_sheet("Juli")
    ws.append(["kode", "periode", "peserta"])
    ws.append(["18.04", "Juli 2025", 1000])
    buf = io.BytesIO()
    wb.save(buf)
    rep = check(buf.getvalue(), registry, filename="x.xlsx", sheet="Juli")
    assert rep.ok and rep.frame.code[0] == "18.04"
    e = only_error(check(buf.getvalue(), registry, filename="x.xlsx", sheet="Agustus"))
    assert "Agustus" in e.message_en and "cover, Juli" in e.hint_en
    assert not check(buf.getvalue(), registry, filename="x.xlsx").ok   # first sheet has no table


def test_segment_columns(registry):
    rep = check("kode;periode;peserta_pbi_apbn;peserta_pbpu;aktif_pbi_apbn;aktif_pbpu\n"
                "18.04;2025-07;100.000;50.000;90.000;20.000\n", registry)
    assert rep.ok
    f = rep.frame.set_index("segment")
    assert f.loc["total", "registered"] == 150000 and f.loc["total", "active"] == 110000
    assert f.loc["pbpu", "registered"] == 50000 and f.loc["pbpu", "active"] == 20000
    assert set(f.index) == {"total", "pbi_apbn", "pbpu"}


def test_default_period_option(registry):
    rep = check("kode;peserta\n18.04;1.000\n", registry, period="Juli 2025")
    assert rep.ok and rep.frame.period[0] == "2025-07"
    e = only_error(check("kode;peserta\n18.04;1.000\n", registry))
    assert "period" in e.message_en and "--period" in e.hint_en


# ---- validation messages ---------------------------------------------------------------------------
@pytest.mark.parametrize("body,row,column,needle", [
    ("18.04;2025-07;1.000;-5", 2, "aktif", "Negative count"),
    ("18.04;2025-07;1.000;1.001", 2, "aktif", "exceed registered"),
    ("18.04;2025-07;1.000;abc", 2, "aktif", "Not a number"),
    ("18.04;2025-07;1.000,5;10", 2, "peserta", "must be whole"),
    ("18.04;2027-01;1.000;10", 2, "periode", "in the future"),
    ("18.04;Juliii 2025;1.000;10", 2, "periode", "Unreadable period"),
    ("99.99;2025-07;1.000;10", 2, "kode", "Unknown region code"),
    ("18.04;2025-07;900.000;10", 2, "peserta", "far above"),
    ("18.04;2025-07;97%;10", 2, "peserta", "not percentages"),
])
def test_row_errors(registry, body, row, column, needle):
    e = only_error(check("kode;periode;peserta;aktif\n" + body + "\n", registry))
    assert (e.row, e.column) == (row, column)
    assert needle in e.message_en and e.hint and e.hint_en and e.message
    assert e.value


def test_duplicate_region_period(registry):
    rep = check("kode;periode;peserta\n18.04;2025-07;1\n18.05;2025-07;1\n1804;Juli 2025;2\n", registry)
    e = only_error(rep)
    assert e.row == 4 and "row 2" in e.message_en


def test_unknown_and_ambiguous_names_list_candidates(registry):
    e = only_error(check("kabupaten;periode;peserta\nBandung;2025-07;1\n", registry))
    assert "Kabupaten Bandung (32.04" in e.message_en and "Kota Bandung (32.73" in e.message_en
    e = only_error(check("kabupaten;periode;peserta\nXyzzyville;2025-07;1\n", registry))
    assert "not found" in e.message_en
    rep = check("kabupaten;periode;peserta\nLampng Timurr;2025-07;1\n", registry)
    assert rep.ok and rep.frame.code[0] == "18.07"
    assert any("close" in w.message_en for w in rep.warnings)


def test_file_level_errors(registry):
    assert "empty" in only_error(check("", registry)).message_en
    assert "empty" in only_error(check("\n;;\n", registry)).message_en
    e = only_error(check("a;b;c\n1;2;3\n", registry))
    assert "header" in e.message_en and e.row == 1
    e = only_error(check("kode;periode;penduduk\n18.04;2025-07;1\n", registry))
    assert "figure column" in e.message_en
    e = only_error(check(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, registry, filename="old.xls"))
    assert ".xls" in e.message_en


def test_warnings_do_not_block_and_are_stored(st, registry):
    data = ("kode;periode;penduduk;peserta;aktif;tidak aktif;cakupan;keaktifan;kolom_aneh\n"
            "18.71;2025-07;;1.155.000;900.123;200.000;;;x\n"
            "18.04;2025-07;313.756;304.033;255.447;;90;70\n")
    rep = M.import_file(st, data.encode(), name="w", filename="w.csv", today=TODAY, registry=registry)
    assert rep.ok and rep.dataset == "w"
    msgs = " | ".join(w.message_en for w in rep.warnings)
    for needle in ("Unknown column", "Coverage above 100", "Active + inactive", "Coverage stated as 90.00",
                   "Activity stated as 70.00"):
        assert needle in msgs
    stored = st.issues("w")
    assert len(stored) == len(rep.warnings) and (stored.severity == "warning").all()
    assert sorted(stored.message_en) == sorted(w.message_en for w in rep.warnings)  # both languages kept


def test_fraction_percent_column_read_as_fraction(registry):
    rep = check("kode;periode;cakupan\n18.04;2025-07;0,9705\n18.05;2025-07;0,95\n", registry)
    assert rep.ok and rep.frame.coverage_pct_given.tolist() == pytest.approx([97.05, 95.0])
    assert any("fractions" in w.message_en for w in rep.warnings)


# ---- storing and atomicity ---------------------------------------------------------------------------
def test_import_stores_and_summary(st, registry):
    rep = M.import_file(st, IMP / "cp1252_comma.csv", today=TODAY, registry=registry)
    assert rep.ok and rep.dataset == "cp1252 comma"
    assert "Tersimpan 'cp1252 comma': 2 baris" in rep.summary()
    assert rep.summary("en").startswith("Stored 'cp1252 comma': 2 rows")
    assert st.figures("cp1252 comma").registered.tolist() == [1084801, 1153582]
    again = M.import_file(st, IMP / "cp1252_comma.csv", today=TODAY, registry=registry)
    assert not again.ok and "already exists" in again.errors[0].message_en
    assert M.import_file(st, IMP / "cp1252_comma.csv", replace=True, today=TODAY, registry=registry).ok


def test_failing_import_leaves_store_identical(tmp_db, registry):
    st = shipped.open_store(tmp_db, registry=registry)
    assert M.import_file(st, IMP / "cp1252_comma.csv", name="ok", today=TODAY, registry=registry).ok
    before = st.content_digest()
    lines = ["kode;periode;peserta;aktif"] + [f"{c};2025-07;1.000;500" for c in registry.codes("regency", "35")]
    lines.append("35.08;2025-07;1.000;2.000")           # the very last row is wrong
    rep = M.import_file(st, "\n".join(lines).encode(), name="bad", filename="bad.csv", today=TODAY,
                        registry=registry)
    assert not rep.ok and rep.dataset is None and rep.errors[0].row == len(lines)
    assert st.content_digest() == before
    assert "bad" not in st.names()


def test_store_failure_during_import_leaves_store_identical(tmp_db, registry, monkeypatch):
    st = S.Store(tmp_db)
    st.write_dataset("keep", pd.DataFrame({"code": ["18"], "level": ["province"], "period": ["2025-01"],
                                           "registered": [1.0]}))
    before = st.content_digest()
    real = S._x

    def boom(con, sql, params=None):
        if sql.startswith("INSERT INTO issues"):
            raise RuntimeError("simulated crash")
        return real(con, sql, params)

    monkeypatch.setattr(S, "_x", boom)
    with pytest.raises(RuntimeError):
        M.import_file(st, IMP / "lampung_juli_2025_semicolon.csv", today=TODAY, registry=registry)
    monkeypatch.setattr(S, "_x", real)
    assert st.content_digest() == before
    st.close()


# ---- templates ----------------------------------------------------------------------------------------
def _fill(df, registry=None):
    """Plausible figures: 90 % of the reference population (1.000 + row for districts), 80 % active."""
    df = df.copy()
    pops = [(registry.population(c) if registry is not None else None) or 1000 + i for i, c in enumerate(df.kode)]
    df["peserta_terdaftar"] = [round(p * 0.9) for p in pops]
    df["peserta_aktif"] = [round(p * 0.72) for p in pops]
    return df


def test_template_csv_round_trip(st, registry):
    tpl = T.template_frame("regency", within="18", periods=["2025-06", "2025-07"], registry=registry)
    assert len(tpl) == 30 and tpl.columns.tolist() == T.TEMPLATE_COLUMNS
    empty = M.validate(T.to_csv_bytes(tpl), filename="t.csv", today=TODAY, registry=registry)
    assert not empty.ok and not empty.ignored_columns        # every template column is understood
    data = T.to_csv_bytes(_fill(tpl, registry))
    rep = M.import_file(st, data, name="tpl", filename="t.csv", today=TODAY, registry=registry)
    assert rep.ok and rep.rows == 30 and not rep.warnings
    got = st.figures("tpl")
    assert got.code.tolist() == tpl.kode.tolist() and got.period.tolist() == tpl.periode.tolist()
    assert got.registered.tolist() == list(_fill(tpl, registry).peserta_terdaftar)


def test_template_xlsx_round_trip(st, registry):
    tpl = T.template_frame("district", within="18.71", registry=registry)
    data = T.to_xlsx_bytes(_fill(tpl))
    rep = M.import_file(st, data, name="tplx", filename="t.xlsx", today=TODAY, registry=registry)
    assert rep.ok, [str(e) for e in rep.errors]
    assert rep.rows == len(registry.codes("district", "18.71")) and set(rep.levels) == {"district"}
    assert st.figures("tplx").code.tolist() == tpl.kode.tolist()


def test_shipped_templates_import(registry):
    for name in ("template_jkn.csv", "template_jkn.xlsx"):
        data = (T.TEMPLATE_DIR / name).read_bytes()
        assert not M.validate(data, filename=name, today=TODAY, registry=registry).ok     # empty figures
        if name.endswith(".csv"):
            df = pd.read_csv(io.BytesIO(data), sep=";", dtype=str, encoding="utf-8-sig")
            data = T.to_csv_bytes(_fill(df, registry))
        else:
            wb = openpyxl.load_workbook(io.BytesIO(data))
            for row in wb["data"].iter_rows(min_row=2):
                pop = registry.population(row[0].value)
                row[4].value, row[5].value = round(pop * 0.9), round(pop * 0.7)
            buf = io.BytesIO()
            wb.save(buf)
            data = buf.getvalue()
        rep = M.validate(data, filename=name, today=TODAY, registry=registry)
        assert rep.ok and rep.rows == 3 and not rep.warnings, name
        assert rep.frame.code.tolist() == ["18.01", "18.71", "18.72"]
    # the hand-written example names agree with the registry
    for code, nm in T.EXAMPLE_REGIONS:
        assert registry.name(code) == nm


def test_parent_row_that_does_not_add_up_is_a_warning(registry):
    kids = registry.codes("regency", "65")
    lines = ["kode;periode;peserta;aktif", "65;2025-07;9.999;5.000"] + [f"{c};2025-07;1.000;500" for c in kids]
    rep = check("\n".join(lines) + "\n", registry)
    assert rep.ok
    w = [w for w in rep.warnings if "sum of its" in w.message_en]
    assert len(w) == 2 and w[0].row == 2 and f"{len(kids) * 1000:,}" in w[0].message_en   # registered and active
    lines[1] = f"65;2025-07;{len(kids) * 1000};{len(kids) * 500}"
    assert not [w for w in check("\n".join(lines) + "\n", registry).warnings if "sum of its" in w.message_en]


def test_progress_callback(st, registry):
    seen = []
    rep = M.import_file(st, IMP / "cp1252_comma.csv", today=TODAY, registry=registry,
                        progress=lambda f, msg: seen.append(f))
    assert rep.ok and seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    rep = M.validate(IMP / "cp1252_comma.csv", today=TODAY, registry=registry, progress=lambda f, m: 1 / 0)
    assert rep.ok                                   # a failing progress bar does not break the import


def test_issue_text():
    i = M.Issue(7, "Aktif", "-3", "Jumlah negatif.", "Periksa.", "error", "Negative count.", "Check it.")
    assert i.text() == "Baris 7, kolom 'Aktif' (nilai '-3'): Jumlah negatif. → Periksa."
    assert i.text("en") == "Row 7, column 'Aktif' (value '-3'): Negative count. → Check it."
    assert M.Issue(None, None, "x", "Pesan.").text() == "(nilai 'x'): Pesan."
    assert str(M.Issue(None, None, None, "Pesan.")) == "Pesan."
