"""Figures from news text (jkn_geo.figures.extract, `python -m jkn_geo extract`)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from jkn_geo.figures.extract import extract
from jkn_geo.figures.published import _parse_value, normalise_measure

FIX = Path(__file__).parent / "fixtures" / "extract"
DATA = Path(__file__).resolve().parents[1] / "data" / "published_figures.csv"
JKN = {"coverage_pct", "activity_pct", "active_coverage_pct", "registered", "active", "inactive", "population",
       "unregistered", "to_enrol"}


def _curated():
    df = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    # the five seed articles' own figures (the collection also holds figures from public pages)
    df = df[(df["seed_file"] != "") & df["figure_id"].str.fullmatch(r"[a-z]+\d+-\d+")]
    out = {}
    for seed, rows in df.groupby("seed_file"):
        figs = []
        for r in rows.to_dict("records"):
            m, d = normalise_measure(r["measure"], r["definition"])
            if m in JKN:
                figs.append((m, d, _parse_value(r["value_stated"]).value, r["code"], r["period"], r["figure_id"]))
        out[seed] = figs
    return out


CURATED = _curated()


def _props(text, registry, **kw):
    return extract(text, registry=registry, **kw)


def _find(props, measure, value):
    hits = [p for p in props if normalise_measure(p.measure, p.definition)[0] == measure
            and abs(p.value - value) < 1e-6 * max(1, value)]
    return hits[0] if hits else None


@pytest.mark.parametrize("seed", sorted(CURATED))
def test_seed_article_every_curated_figure(seed, registry):
    props = _props((FIX / seed).read_text(encoding="utf-8"), registry)
    for measure, definition, value, code, period, fid in CURATED[seed]:
        p = _find(props, measure, value)
        assert p is not None, f"{seed}: {fid} {measure} {value} not found"
        assert normalise_measure(p.measure, p.definition) == (measure, definition), fid
        assert p.region_code == code, f"{fid}: region {p.region_code} != {code}"
        assert p.period == period, f"{fid}: period {p.period} != {period}"
        assert p.quote and p.confidence > 0.4, fid


def test_seed_articles_propose_no_extra_jkn_figure(registry):
    for seed, figs in CURATED.items():
        props = _props((FIX / seed).read_text(encoding="utf-8"), registry)
        jkn = [p for p in props if normalise_measure(p.measure, p.definition)[0] in JKN]
        assert len(jkn) == len(figs), (seed, [(p.measure, p.value) for p in jkn])


def test_lampung_keaktifan_is_active_over_population(registry):
    props = _props((FIX / "000_9c661ebee886d8a3.txt").read_text(encoding="utf-8"), registry)
    p = _find(props, "active_coverage_pct", 68.97)
    assert p.measure == "active_coverage_pct" and p.definition == "active/population"
    assert p.qualifier == "sekitar"
    active = _find(props, "active", 6_300_000)
    assert active.measure == "active_participants" and active.qualifier == "sekitar"
    # the budget, the people funded by the province and its 30 % share are not JKN figures
    others = {p.value for p in props if p.measure == "other"}
    assert {95e9, 3e6, 30.0} <= others
    assert all(p.confidence < 0.3 for p in props if p.measure == "other")


def test_keaktifan_stated_against_population(registry):
    text = ("Di Provinsi Sulawesi Tenggara, jumlah peserta aktif Jaminan Kesehatan Nasional (JKN) per 1 Juni 2025 "
            "mencapai 2.553.935 jiwa, atau setara 89,65 persen dari total penduduk.")
    props = _props(text, registry)
    p = _find(props, "active_coverage_pct", 89.65)
    assert p is not None and p.definition == "active/population"
    assert p.region_code == "74" and p.period == "2025-06"
    assert _find(props, "active", 2_553_935).region_code == "74"


def test_two_regions_in_one_paragraph(registry):
    text = ("Per 1 Mei 2025, cakupan kepesertaan JKN di Kabupaten Lumajang tercatat 87,37 persen, sedangkan di "
            "Kabupaten Jember mencapai 95,10 persen. Tingkat keaktifan peserta di Lumajang 65,52 persen.")
    props = _props(text, registry)
    assert _find(props, "coverage_pct", 87.37).region_code == "35.08"
    assert _find(props, "coverage_pct", 95.10).region_code == "35.09"
    act = _find(props, "activity_pct", 65.52)
    assert act.region_code == "35.08" and act.period == "2025-05"


def test_region_from_earlier_in_the_paragraph_and_province_from_title(registry):
    text = ("BPJS Kesehatan: UHC di Jawa Timur terus naik\n\n"
            "Kepala Dinas Kesehatan Kabupaten Lumajang menyampaikan capaian program JKN. "
            "Hingga akhir 2024, cakupan kepesertaan tercatat 86,1 persen.")
    props = _props(text, registry)
    p = _find(props, "coverage_pct", 86.1)
    assert p.region_code == "35.08"
    assert p.period == "2024"          # a year only: the importer stores it as a yearly figure


def test_lebih_dari_and_sekitar(registry):
    text = ("Bupati Lumajang mengungkapkan per Mei 2025 masih terdapat lebih dari 118 ribu jiwa yang belum "
            "terdaftar sebagai peserta JKN. Sementara itu sekitar 400 ribu orang penduduk Lampung belum masuk "
            "dalam jaminan kesehatan nasional.")
    props = _props(text, registry)
    a = _find(props, "unregistered", 118_000)
    assert a.qualifier == "lebih dari" and a.region_code == "35.08"
    b = _find(props, "unregistered", 400_000)
    assert b.qualifier == "sekitar" and b.region_code == "18"


def test_numbers_that_are_not_figures(registry):
    text = ("Kabupaten Lumajang, Kamis (22/5/2025) - Pemkab menganggarkan Rp50,67 miliar untuk iuran JKN tahun 2025. "
            "Lumajang berada di peringkat ke-32 dari 38 kabupaten/kota di Jawa Timur. "
            "Di daerah itu ada 5 rumah sakit dan 25 puskesmas yang melayani peserta JKN. "
            "Informasi: hubungi 0812-3456-7890 atau (0334) 881234, Instruksi Presiden Nomor 1 Tahun 2022. "
            "Cakupan kepesertaan JKN per 1 Mei 2025 mencapai 87,37 persen.")
    props = _props(text, registry)
    jkn = [p for p in props if p.measure != "other"]
    assert [(p.measure, p.value) for p in jkn] == [("coverage_pct", 87.37)]
    values = {p.value for p in props}
    for v in (32, 38, 5, 25, 2025, 2022, 22, 1, 812, 881234):
        assert v not in values
    budget = [p for p in props if p.value == 50.67e9]
    assert budget and budget[0].measure == "other" and budget[0].confidence < 0.3


def test_period_from_publication_date_is_flagged(registry):
    props = _props("Cakupan kepesertaan JKN di Kota Surabaya saat ini sudah 99,5 persen.", registry, date="2025-03-14")
    p = _find(props, "coverage_pct", 99.5)
    assert p.period == "2025-03" and p.region_code == "35.78"
    assert any("publication date" in n for n in p.notes)
    assert p.published_date == "2025-03-14"


def test_month_without_year_and_targets(registry):
    text = ("Data BPJS Kesehatan Cabang Jambi per Agustus ini, keaktifan peserta di Provinsi Jambi 79,2 persen. "
            "Target keaktifan nasional minimal 80 persen.")
    props = _props(text, registry, date="2025-09-02")
    a = _find(props, "activity_pct", 79.2)
    assert a.region_code == "15" and a.period == "2025-08"
    t = _find(props, "target_activity_pct", 80)
    assert t.region_code == "ID"


def test_precision_and_plain_values(registry):
    props = _props("Peserta JKN di Provinsi Bengkulu per 1 November 2025 sebanyak 2.165.631 jiwa atau 101,77 persen "
                   "dari total penduduk.", registry)
    reg = _find(props, "registered", 2_165_631)
    assert reg.row()["value"] == "2165631" and reg.row()["unit"] == "persons"
    cov = _find(props, "coverage_pct", 101.77)
    assert cov.row()["value"] == "101.77" and cov.number.decimals == 2


def test_html_is_stripped(registry):
    html = ("<html><head><title>x</title><script>var a = 99.5;</script></head><body>"
            "<p>Cakupan kepesertaan JKN di <b>Kota Surabaya</b> per 1 Juli 2025 mencapai 99,5 persen.</p>"
            "<p>Baca juga: 12 juta peserta BPJS Kesehatan berisiko</p></body></html>")
    props = _props(html, registry)
    assert [(p.measure, p.value, p.region_code, p.period) for p in props] == [
        ("coverage_pct", 99.5, "35.78", "2025-07")]


def test_cli_csv_imports_as_published(tmp_path, tmp_db, registry, capsys):
    from jkn_geo.cli import main

    out = tmp_path / "lumajang.csv"
    assert main(["extract", str(FIX / "001_d0415b04924e7808.txt"), "--url", "https://infopublik.id/x",
                 "--date", "2025-05-22", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    for col in ("region_code", "region_name", "period", "measure", "definition", "value", "unit", "quote",
                "confidence", "qualifier", "source_url", "published_date", "level"):
        assert col in rows[0]
    assert {r["source_url"] for r in rows} == {"https://infopublik.id/x"}
    assert all(r["measure"] != "other" for r in rows)
    assert main(["import", str(out), "--kind", "published", "--db", str(tmp_db), "--name", "lumajang"]) == 0
    assert main(["extract", str(FIX / "001_d0415b04924e7808.txt"), "--format", "table", "--other"]) == 0
    assert "other" in capsys.readouterr().out


def test_cli_reads_html_and_stdin(tmp_path, monkeypatch, capsys):
    from jkn_geo.cli import main

    page = tmp_path / "a.html"
    page.write_text("<p>Cakupan kepesertaan JKN di Provinsi Lampung per 1 Juli 2025 mencapai 97,05 persen.</p>",
                    encoding="utf-8")
    assert main(["extract", str(page)]) == 0
    assert "97.05" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("Peserta aktif JKN di Provinsi Lampung per Mei 2025 6.546.571 jiwa."))
    assert main(["extract", "-"]) == 0
    assert "6546571" in capsys.readouterr().out
    assert main(["extract", str(page), "--date", "kemarin"]) == 2


# ---------------------------------------------------------------- the Data page's "Dari berita"
@pytest.fixture()
def page_store(tmp_path, registry, monkeypatch):
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from _pages_data import make_store

    st = make_store(tmp_path / "pages.duckdb", registry)
    import jkn_geo.figures.shipped as shipped_mod

    monkeypatch.setattr(shipped_mod, "open_store", lambda *a, **k: st)
    monkeypatch.delenv("JKN_ATLAS_EDITOR_HASH", raising=False)
    monkeypatch.delenv("JKN_ATLAS_HOSTED", raising=False)
    yield st
    st.close()


def test_data_page_from_an_article(page_store):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "pages" / "3_Data.py"), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    assert any("Dari berita" in h.value for h in at.header)
    at.text_area(key="ext_text").set_value((FIX / "004_3474f8e6e63df7a0.txt").read_text(encoding="utf-8"))
    at.text_input(key="ext_url").set_value("https://koranrb.id/x")
    at.button(key="ext_read").click().run()
    assert not at.exception, at.exception
    props = at.session_state["ext_props"]
    assert {"use", "region_code", "measure", "value", "quote", "confidence"} <= set(props.columns)
    assert props.loc[props["measure"] == "other", "use"].eq(False).all()
    n_use = int(props["use"].sum())
    assert n_use >= 6
    at.text_input(key="ext_name").set_value("bengkulu-berita")
    at.button(key="ext_go").click().run()
    assert not at.exception, at.exception
    assert page_store.exists("bengkulu-berita")
    assert any("Tersimpan" in s.value for s in at.success)


def test_import_bytes_are_what_the_importer_reads(registry):
    from jkn_geo.figures.importer.long_table import map_long_columns
    from jkn_geo.ui.extract_page import import_bytes, proposals_frame

    df = proposals_frame((FIX / "000_9c661ebee886d8a3.txt").read_text(encoding="utf-8"), registry=registry)
    data = import_bytes(df).decode("utf-8")
    header = data.splitlines()[0].split(",")
    lc = map_long_columns(header)
    for f in ("code", "name", "period", "measure", "definition", "value", "unit", "quote", "qualifier", "url"):
        assert lc.has(f), f
    assert len(data.splitlines()) == 1 + int(df["use"].sum())


@pytest.mark.parametrize("text", ["1" * 200_000, "per " * 50_000, "a@" * 100_000, "12,5 persen " * 16_000,
                                  "Aa " * 60_000, "\n" * 200_000])
def test_hostile_text_is_read_quickly(text, registry):
    import time

    t = time.perf_counter()
    props = extract(text, registry=registry)
    assert time.perf_counter() - t < 20
    assert len(props) <= 500


def test_too_long_text_is_refused(registry):
    from jkn_geo.config import EXTRACT_MAX_CHARS

    with pytest.raises(ValueError):
        extract("a" * (EXTRACT_MAX_CHARS + 1), registry=registry)


def test_dateline_is_not_the_region_and_a_name_after_the_previous_figure_is_its_own(registry):
    props = _props("Jakarta (ANTARA) - BPJS Kesehatan mencatat jumlah peserta JKN sebanyak 267,31 juta per "
                   "31 Desember 2023.", registry)
    assert [(p.region_code, p.value) for p in props] == [("", 267_310_000)]
    props = _props("Peserta JKN per 31 Desember 2024: sebanyak 37,8 juta jiwa di Jawa Tengah dan 3,7 juta jiwa "
                   "dari DIY.", registry)
    assert [(p.region_code, p.value) for p in props] == [("33", 37_800_000), ("34", 3_700_000)]
