"""Issue 7 (figures as published): `import --kind published`, national rows, yearly periods,
definitions declared and checked, unregistered / people to enrol, population tables."""
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from jkn_geo.cli import main
from jkn_geo.config import NATIONAL_CODE
from jkn_geo.figures import importer as M, store as S

TODAY = dt.date(2026, 11, 23)
RESEARCH = Path("/work/shared/research/published_figures_found.csv")


@pytest.fixture()
def st(tmp_db):
    s = S.Store(tmp_db)
    yield s
    s.close()


def check(text, registry, filename="t.csv", **kw):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return M.validate(data, filename=filename, today=TODAY, registry=registry, **kw)


def xlsx(rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def warn_texts(rep):
    return " | ".join(w.message_en for w in rep.warnings)


# ---- official tables: national rows -----------------------------------------------------------------
def test_national_row_is_a_region_above_the_provinces(registry):
    rep = check("wilayah;periode;peserta;aktif\nIndonesia;2025-12;282.739.458;230.000.000\n"
                "Lampung;2025-12;8.900.000;7.000.000\n", registry)
    assert rep.ok, [str(e) for e in rep.errors]
    f = rep.frame.set_index("code")
    assert f.loc[NATIONAL_CODE, "level"] == "national" and f.loc[NATIONAL_CODE, "registered"] == 282739458
    assert rep.levels == ["national", "province"]
    rep = check("kode;periode;cakupan\nID;2025-12;98,62\n", registry)
    assert rep.ok and rep.frame.iloc[0]["code"] == "ID"
    rep = check("nama;tingkat;periode;cakupan\nnasional;nasional;2025-12;98,62\n", registry)
    assert rep.ok and rep.frame.iloc[0]["level"] == "national"


def test_total_rows_of_a_regency_table_still_skipped(registry):
    rep = check("kabupaten;periode;peserta\nLampung Barat;2025-07;300.000\nTanggamus;2025-07;500.000\n"
                "Jumlah;2025-07;800.000\n", registry)
    assert rep.ok and len(rep.frame) == 2 and "Total row skipped" in warn_texts(rep)


def test_national_code_with_another_name_is_an_error(registry):
    rep = check("kode;nama;periode;peserta\nID;Lampung;2025-12;1.000\n", registry)
    assert not rep.ok and "Code ID means Indonesia" in rep.errors[0].message_en


# ---- official tables: yearly periods ------------------------------------------------------------------
@pytest.mark.parametrize("period", ["2024", "tahun 2024", "akhir 2024"])
def test_year_only_period_is_a_yearly_figure(registry, period):
    rep = check(f"provinsi;periode;cakupan\nLampung;{period};95,5\n", registry)
    assert rep.ok, [str(e) for e in rep.errors]
    row = rep.frame.iloc[0]
    assert row["period"] == "2024-01" and row["period_kind"] == "year"
    w = [w for w in rep.warnings if "year only" in w.message_en]
    assert w and w[0].row == 2 and w[0].column == "periode"


# ---- official tables: definitions -------------------------------------------------------------------
@pytest.mark.parametrize("header", ["cakupan aktif", "cakupan peserta aktif", "peserta aktif terhadap penduduk",
                                    "persentase peserta aktif dari jumlah penduduk", "active coverage",
                                    "keaktifan (aktif/penduduk)", "Keaktifan (aktif ÷ penduduk)"])
def test_active_over_population_is_importable(registry, header):
    rep = check(f"provinsi;periode;{header}\nLampung;2025-07;68,97\n", registry)
    assert rep.ok, [str(e) for e in rep.errors]
    row = rep.frame.iloc[0]
    assert row["active_coverage_pct_given"] == pytest.approx(68.97)
    assert row["activity_pct_given"] is None or row["activity_pct_given"] != row["activity_pct_given"]


def test_declared_definition_in_xlsx(registry, st):
    data = xlsx([["kode", "periode", "penduduk", "peserta", "aktif", "keaktifan (aktif/penduduk)"],
                 ["18.04", "2025-07", 1_000_000, 970_000, 689_700, 68.97]])
    rep = M.import_file(st, data, name="def", filename="def.xlsx", today=TODAY, registry=registry)
    assert rep.ok, [str(e) for e in rep.errors]
    assert "fits" not in warn_texts(rep)          # the counts fit the declared definition
    got = st.figures("def") if hasattr(st, "figures") else None
    if got is not None:
        assert got.iloc[0]["active_coverage_pct_given"] == pytest.approx(68.97)


def test_definition_mismatch_names_the_definition_the_counts_fit(registry):
    # keaktifan 68,97: active ÷ population = 68,97, active ÷ registered = 71,10
    rep = check("kode;periode;penduduk;peserta;aktif;keaktifan\n18.04;2025-07;1.000.000;970.000;689.700;68,97\n",
                registry)
    assert rep.ok
    row = rep.frame.iloc[0]
    assert row["activity_pct_given"] == pytest.approx(68.97)      # stored with its stated definition
    w = [w for w in rep.warnings if "fits active ÷ population" in w.message_en]
    assert len(w) == 1 and w[0].row == 2 and w[0].column == "keaktifan"
    assert "cocok dengan aktif ÷ penduduk" in w[0].message and "keaktifan (aktif/penduduk)" in w[0].hint
    assert "71,10" in w[0].message


def test_active_coverage_that_fits_active_over_registered(registry):
    rep = check("kode;periode;penduduk;peserta;aktif;cakupan aktif\n18.04;2025-07;1.000.000;970.000;689.700;71,10\n",
                registry)
    assert rep.ok and "fits active ÷ registered" in warn_texts(rep)


def test_unregistered_and_people_to_enrol(registry):
    rep = check("kabupaten;periode;belum terdaftar;perlu didaftarkan (98%)\nLumajang;2025-07;140.980;118.655\n",
                registry)
    assert rep.ok, [str(e) for e in rep.errors]
    row = rep.frame.iloc[0]
    assert row["unregistered_given"] == 140980 and row["to_enrol_given"] == 118655 and row["to_enrol_target"] == 98
    rep = check("kabupaten;periode;kekurangan menuju UHC\nLumajang;2025-07;118.655\n", registry)
    assert rep.ok and rep.frame.iloc[0]["to_enrol_target"] == 98.0   # config.DEFAULT_TO_ENROL_TARGET


# ---- population tables ---------------------------------------------------------------------------------
def test_population_table_csv_and_xlsx(registry, st):
    rep = M.import_file(st, b"provinsi;tahun;penduduk\nLampung;2023;9.313.990\nLampung;2024;9.419.600\n",
                        name="pop", filename="pop.csv", today=TODAY, registry=registry)
    assert rep.ok, [str(e) for e in rep.errors]
    assert rep.population_table and set(rep.frame.period_kind) == {"year"}
    assert "year only" not in warn_texts(rep)
    ds = st.datasets().set_index("name")
    assert ds.loc["pop", "kind"] == "population"
    data = xlsx([["kode", "periode", "jumlah penduduk"], ["18", "semester I 2024", 9_400_000],
                 ["18", "semester II 2024", 9_450_000]])
    rep = M.import_file(st, data, name="pop2", filename="pop2.xlsx", today=TODAY, registry=registry)
    assert rep.ok and set(rep.frame.period) == {"2024-01", "2024-07"} and set(rep.frame.period_kind) == {"semester"}


# ---- published figures ---------------------------------------------------------------------------------
LONG_ID = ("wilayah;tingkat;tanggal;indikator;definisi;nilai;satuan;kualifikasi;sumber;tautan;kutipan;catatan\n"
           "Indonesia;nasional;2025-12-31;coverage_pct;;98,62;persen;;BPJS;https://x.id/a;98,62 persen;\n"
           "Lampung;provinsi;per 1 Juli 2025;keaktifan;aktif/penduduk;68,97;persen;;Tribun;https://t.id/b;;\n"
           "Lumajang;kabupaten;Juli 2025;perlu_didaftarkan;;lebih dari 118 ribu;jiwa;;Radar;;;\n"
           "Atlantis;provinsi;2025-07;coverage_pct;;90;persen;;X;;;\n"
           "Lampung;provinsi;2025-07;budget;;5;persen;;X;;;\n"
           "Lampung;provinsi;2025-07;coverage_pct;;banyak;persen;;X;;;\n"
           "Mahakam Ulu;kabupaten;2025-07;activity_pct;;100,4;persen;;X;;;\n"
           "Lampung;provinsi;tahun 2024;coverage_pct;;sekitar 95;persen;;X;;;\n"
           "Lampung;provinsi;2025-08;participants;;8.000.000;jiwa;;Y;https://y.id;;\n"
           "Lampung;provinsi;2025-08;active_participants;;8.100.000;jiwa;;Y;https://y.id;;\n"
           "Lampung;provinsi;2025-07;target_coverage_pct;;98;persen;;Z;;;\n")


def test_published_long_table_partial(registry):
    rep = check(LONG_ID, registry, kind="published")
    assert rep.ok and rep.kind == "published"
    assert rep.refused_rows == [5, 6, 7] and rep.figures == 8
    by_row = {e.row: e for e in rep.errors}
    assert "Region not found" in by_row[5].message_en and by_row[5].column == "wilayah"
    assert "Unknown measure" in by_row[6].message_en and by_row[6].column == "indikator"
    assert by_row[7].column == "nilai"
    f = rep.statements.set_index("row_no")
    assert f.loc[2, "code"] == NATIONAL_CODE and f.loc[2, "level"] == "national"
    assert f.loc[3, "measure"] == "active_coverage_pct" and f.loc[3, "definition"] == "active/population"
    assert f.loc[4, "qualifier"] == "lebih dari" and (f.loc[4, "lo"], f.loc[4, "hi"]) == (118000, 119000)
    assert f.loc[4, "target"] == 98.0
    assert f.loc[8, "note"] and "above 100" not in f.loc[8, "note"] and "100,40" in f.loc[8, "note"]
    assert (f.loc[9, "period"], f.loc[9, "period_kind"]) == ("2024-01", "year")
    assert f.loc[9, "qualifier"] == "sekitar" and f.loc[9, "lo"] == 94 and f.loc[9, "hi"] == 96
    w = warn_texts(rep)
    assert "above 100" in w and "More active than registered" in w and "year only" in w
    wide = rep.frame.set_index(["code", "period"])
    assert wide.loc[("18", "2025-07"), "active_coverage_pct_given"] == pytest.approx(68.97)
    assert ("18", "2025-07") in wide.index and wide.loc[(NATIONAL_CODE, "2025-12"), "coverage_pct_given"] == 98.62


def test_published_cli_partial_exit_0_and_counts(tmp_db, registry, tmp_path, capsys):
    p = tmp_path / "angka.csv"
    p.write_text(LONG_ID, encoding="utf-8")
    rc = main(["import", str(p), "--name", "angka", "--kind", "published", "--lang", "en"])
    cap = capsys.readouterr()
    assert rc == 0
    assert "3 rows refused" in cap.out and "3 rows refused (not stored)" in cap.err
    assert "Row 5, column 'wilayah'" in cap.err
    st = S.Store(tmp_db)
    try:
        assert len(st.statements("angka")) == 8
        assert st.datasets().set_index("name").loc["angka", "kind"] == "published"
        assert (st.issues("angka").severity == "error").sum() == 3     # the refused rows are listed with it
    finally:
        st.close()


def test_published_cli_nothing_good_exit_1(tmp_db, registry, tmp_path, capsys):
    p = tmp_path / "bad.csv"
    p.write_text("wilayah;tanggal;indikator;nilai\nAtlantis;2025-07;coverage_pct;90\n", encoding="utf-8")
    assert main(["import", str(p), "--kind", "published", "--lang", "en"]) == 1
    assert "Region not found" in capsys.readouterr().err


def test_published_xlsx_and_official_hint(registry):
    rows = [["region_name", "as_of", "indicator", "value", "unit", "quote"],
            ["Lampung", "2025-07-01", "coverage_pct", 95.5, "percent", "95,5 persen"]]
    rep = check(xlsx(rows), registry, filename="f.xlsx", kind="published")
    assert rep.ok and rep.figures == 1 and not rep.refused_rows
    rep = check(xlsx(rows), registry, filename="f.xlsx")                # as an official table
    assert not rep.ok and "--kind published" in rep.errors[0].hint_en


def test_colleague_columns_definition_and_qualifier(registry):
    text = ("level,region_name,as_of,indicator,value,unit,source_url,quote,notes,definition,qualifier\n"
            "province,Lampung,2025-07-01,activity_pct,68.97,percent,https://a.id,q,,active/population,\n"
            "province,Lampung,2025-07-01,coverage_pct,98,percent,https://a.id,q,,,menembus\n"
            "regency,Kabupaten Lumajang,2024-12-01,coverage_pct,95.1,percent,https://b.id,q,year only (2024),,\n")
    rep = check(text, registry, kind="published")
    assert rep.ok and not rep.errors
    f = rep.statements.set_index("row_no")
    assert f.loc[2, "measure"] == "active_coverage_pct"
    assert f.loc[3, "qualifier"] == "menembus" and f.loc[3, "lo"] == 98      # a bound: statement only
    assert (f.loc[4, "period"], f.loc[4, "period_kind"]) == ("2024-01", "year")
    wide = rep.frame.set_index(["code", "period"])
    assert wide.loc[("18", "2025-07")]["coverage_pct_given"] != wide.loc[("18", "2025-07")]["coverage_pct_given"]


@pytest.mark.skipif(not RESEARCH.exists(), reason="the research table is not on this machine")
def test_research_table_imports(tmp_db, registry, capsys):
    rc = main(["import", str(RESEARCH), "--name", "research", "--kind", "published", "--lang", "en"])
    out = capsys.readouterr().out
    assert rc == 0 and "0 rows refused" in out
    st = S.Store(tmp_db)
    try:
        stm = st.statements("research")
        assert len(stm) >= 300
        assert {"national", "province", "regency"} <= set(stm.level)
    finally:
        st.close()


def test_data_page_question_for_good_rows(registry):
    from jkn_geo.ui import data_page

    rep = check(LONG_ID, registry, kind="published")
    label = data_page.import_button_label(rep, "angka")
    assert "impor 8 baris yang baik" in label and "import the 8 good rows?" in label
    ok = check("provinsi;periode;cakupan\nLampung;2025-07;95\n", registry)
    assert data_page.import_button_label(ok, "x") == "2 · Impor sebagai «x»"
