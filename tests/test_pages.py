"""AppTest of the analyst pages over a small store (tests/_pages_data.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).parent))
from _pages_data import add_published, make_store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 90


@pytest.fixture()
def page_store(tmp_path, registry, monkeypatch):
    st = make_store(tmp_path / "pages.duckdb", registry)
    import jkn_geo.figures.shipped as shipped_mod

    monkeypatch.setattr(shipped_mod, "open_store", lambda *a, **k: st)
    monkeypatch.delenv("JKN_ATLAS_EDITOR_HASH", raising=False)
    monkeypatch.delenv("JKN_ATLAS_HOSTED", raising=False)
    yield st
    st.close()


def _app(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=TIMEOUT)
    return at


def _texts(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "warning", "info", "error", "success", "title", "header", "subheader"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


_CODES = ["rank", "rank_of", "name", "code", "status", "coverage_pct", "activity_pct", "registered",
          "coverage_pct_change", "registered_change", "active_change"]


def _frame(el) -> pd.DataFrame:
    """The displayed frame, with the Indonesian headers mapped back to the table's column names."""
    from jkn_geo.render.export import header_id

    v = el.value
    df = v.data if hasattr(v, "data") else v
    from jkn_geo.ui.tables import EXTRA_HEADERS

    back = {header_id(c): c for c in _CODES} | {v: k for k, v in EXTRA_HEADERS.items()}
    back |= {"Peringkat di provinsi": "rank", "dari (provinsi)": "rank_of", "Perlu didaftarkan (jiwa)": "to_enrol",
             "Perlu diaktifkan (jiwa)": "to_activate", "Biaya setahun (Rp, PBI)": "gap_cost_rp"}
    for c in ("to_enrol", "to_activate", "gap_cost_rp", "rank_nat", "rank_nat_of"):
        back.setdefault(header_id(c), c)
    return df.rename(columns={h: back[h] for h in df.columns if h in back})


# ---------------------------------------------------------------- Peringkat
def test_peringkat_ranks_filters_and_labels_synthetic(page_store):
    at = _app("1_Peringkat.py")
    at.session_state["jkn_dataset"] = "uji-demo"
    at.run()
    assert not at.exception, at.exception
    assert any("DATA SINTETIS" in w.value for w in at.warning)
    at.selectbox(key="rk_prov").set_value("18").run()
    assert not at.exception
    df = _frame(at.dataframe[0])
    assert len(df) == 15                                    # the 15 regencies of Lampung
    assert sorted(df["rank"].dropna().astype(int)) == list(range(1, 16))
    assert (df["rank_of"] == 15).all()
    # the best-ranked regency has the highest coverage
    best = df.loc[df["rank"] == 1, "coverage_pct"].iloc[0]
    assert best == pytest.approx(df["coverage_pct"].max())
    assert "Peringkat kabupaten/kota · Lampung" in _texts(at)
    # a missing value reads "tidak ada data" on screen, not Streamlit's default "None"
    assert at.dataframe[0].proto.placeholder == "tidak ada data"


def test_peringkat_change_since_and_status_filter(page_store):
    at = _app("1_Peringkat.py")
    at.session_state["jkn_dataset"] = "uji-demo"
    at.run()
    at.selectbox(key="rk_prov").set_value("18").run()
    at.selectbox(key="rk_compare").set_value("2024-06").run()
    assert not at.exception, at.exception
    df = _frame(at.dataframe[0])
    assert "coverage_pct_change" in df.columns and "registered_change" in df.columns
    # synthetic data: coverage grows 0.2 pp a month → +2.4 pp over 12 months
    assert df["coverage_pct_change"].dropna().round(1).eq(2.4).all()
    assert "perubahan sejak Juni 2024" in _texts(at)
    at.multiselect(key="rk_status").set_value(["both"]).run()
    df2 = _frame(at.dataframe[0])
    assert len(df2) < 15 and (df2["status"] == "Memenuhi kedua target").all() if len(df2) else True


def test_peringkat_imported_dataset_not_labelled_synthetic(page_store):
    at = _app("1_Peringkat.py")
    at.session_state["jkn_dataset"] = "uji-impor"
    at.run()
    assert not at.exception, at.exception
    assert not any("SINTETIS" in w.value for w in at.warning)
    df = _frame(at.dataframe[0])
    assert len(df) == 15 and df["coverage_pct"].notna().all()         # by default only regions with data
    assert "15 dari 514 wilayah punya data" in _texts(at)
    at.checkbox(key="rk_only").uncheck().run()
    df = _frame(at.dataframe[0])
    assert len(df) == 514 and df["coverage_pct"].notna().sum() == 15   # other regencies: no data, not zero
    assert df["coverage_pct"].iloc[:15].notna().all()                  # regions with data first


def test_peringkat_map_export_png(page_store):
    at = _app("1_Peringkat.py")
    at.session_state["jkn_dataset"] = "uji-demo"
    at.run()
    at.selectbox(key="rk_prov").set_value("18").run()
    at.button(key="rk_map_make").click().run()
    assert not at.exception, at.exception
    data, f, mime, _stem = at.session_state["rk_map_bytes"]
    assert f == "png" and data[:8] == b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------- Tren
@pytest.mark.slow
def test_tren_chart_and_change(page_store):
    at = _app("2_Tren.py")
    at.session_state["jkn_dataset"] = "uji-demo"
    at.run()
    assert not at.exception, at.exception
    assert any("DATA SINTETIS" in w.value for w in at.warning)
    ms = at.multiselect(key="tr_regions")
    assert ms.value, "a default selection is made"
    first = ms.value[0]
    ms.set_value([first]).run()
    other = "17" if first != "17" else "18"
    at.selectbox(key="tr_add").set_value(other).run()      # one region added at a time
    assert not at.exception, at.exception
    assert at.multiselect(key="tr_regions").value == [first, other]
    assert at.query_params["wil"] in ([f"{first},{other}"], f"{first},{other}")
    charts = at.get("vega_lite_chart")
    assert charts, "a line chart is drawn"
    spec = charts[0].proto.spec
    assert "DATA SINTETIS" in spec and "strokeDash" in spec          # synthetic subtitle, dashed target rule
    at.button(key="tr_png_make").click().run()
    assert at.session_state["tr_png"][:4] == b"\x89PNG"
    # change between two periods, Lampung regencies
    at.selectbox(key="ch_prov").set_value("18").run()
    at.select_slider(key="ch_range").set_value(("2024-06", "2025-06")).run()
    assert not at.exception, at.exception
    frames = [_frame(d) for d in at.dataframe]
    ch = next(f for f in frames if "coverage_pct_change" in f.columns)
    assert ch["coverage_pct_change"].notna().sum() == 15
    assert ch["coverage_pct_change"].dropna().round(1).eq(2.4).all()
    assert ch["registered_change"].dropna().gt(0).all()
    assert any("Juni 2024 → Juni 2025" in c.value for c in at.caption)


# ---------------------------------------------------------------- Sumber & metode
def test_sumber_dan_metode(page_store):
    at = _app("4_Sumber_dan_metode.py")
    at.run()
    assert not at.exception, at.exception
    text = _texts(at)
    for s in ("MIT License, copyright (c) 2024-2025 Cahya DSN", "3c5a7960f4d227a38489094d84252bdbb3f978a5",
              "b7ad440a1322e7be3189a16a8cac35f7d4c3d7f7", "Kepmendagri", "98 %", "98,6 %", "80 %",
              "Rp 42.000", "Cara mengutip", "DATA SINTETIS"):
        assert s in text, s
    frames = [_frame(d) for d in at.dataframe]
    ind = frames[0]
    assert len(ind) == 8 and "Rumus" in ind.columns
    assert any("uji-demo" in set(f.get("Nama", [])) for f in frames)


# ---------------------------------------------------------------- Data: import, rename, delete
def _good_csv(registry) -> bytes:
    lines = ["kode;nama_wilayah;periode;penduduk;peserta_terdaftar;peserta_aktif"]
    for i, r in enumerate(registry.children("17")):                  # the 10 regencies of Bengkulu
        pop = 100_000 + 1000 * i
        lines.append(f"{r.code};{r.name};Juni 2025;{pop:,};{int(pop * 0.95):,};{int(pop * 0.95 * 0.8):,}"
                     .replace(",", "."))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _bad_csv() -> bytes:
    return (b"kode;nama_wilayah;periode;peserta_terdaftar;peserta_aktif\n"
            b"17.01;Kabupaten Bengkulu Selatan;2025-06;1000;2000\n"          # active > registered
            b"17.02;Kabupaten Rejang Lebong;2025-06;-5;1\n"                  # negative count
            b";Kabupaten Antah Berantah;2025-06;100;50\n")  # unknown region


def _data_app(page_store):
    at = _app("3_Data.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_data_lists_datasets_and_offers_template(page_store):
    at = _data_app(page_store)
    lst = _frame(at.dataframe[0])
    assert set(lst["Nama"]) == {"uji-demo", "uji-impor"}
    row = lst.set_index("Nama").loc["uji-demo"]
    assert row["Jenis"] == "data sintetis (demo)" and row["Periode"] == "Jan 2024 – Jun 2025"
    assert any("DATA SINTETIS" in c.value for c in at.caption)
    labels = [b.label for b in at.get("download_button")]
    assert "⬇️ Templat CSV" in labels and "⬇️ Templat XLSX" in labels


def test_data_shows_the_warnings_kept_with_a_dataset_in_both_languages(page_store):
    at = _data_app(page_store)
    assert not any("Message" in d.value.columns for d in at.dataframe)  # none kept yet: no table
    figs = page_store.figures("uji-impor")
    iss = pd.DataFrame([{"severity": "warning", "row": 4, "column": "aktif", "value": "999", "message":
                         "Aktif lebih besar dari terdaftar", "hint": "periksa kolom aktif",
                         "message_en": "Active exceeds registered", "hint_en": "check the active column"}])
    page_store.write_dataset("dengan-catatan", figs, issues=iss)
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="data_iss_ds").value == "dengan-catatan"
    table = next(d.value for d in at.dataframe if "Message" in d.value.columns)
    row = table.iloc[0]
    assert row["Baris · row"] == 4 and row["Pesan"] == "Aktif lebih besar dari terdaftar"
    assert row["Message"] == "Active exceeds registered" and row["What to do"] == "check the active column"


def test_data_import_good_file(page_store, registry):
    at = _data_app(page_store)
    at.file_uploader[0].upload("dinkes_bengkulu.csv", _good_csv(registry), "text/csv").run()
    assert not at.exception, at.exception
    assert at.text_input[0].value == "dinkes_bengkulu"
    at.text_input[0].set_value("bengkulu-juni").run()
    at.button(key="imp_check").click().run()
    assert not at.exception, at.exception
    assert any("siap diimpor" in s.value for s in at.success)
    assert not page_store.exists("bengkulu-juni")                     # checking stores nothing
    at.button(key="imp_go").click().run()
    assert not at.exception, at.exception
    assert page_store.exists("bengkulu-juni")
    assert any("Tersimpan 'bengkulu-juni'" in s.value.replace("\\", "") for s in at.success)
    assert "bengkulu-juni" in set(_frame(at.dataframe[0])["Nama"])
    from jkn_geo.analysis.indicators import indicator_table

    t = indicator_table(page_store, "bengkulu-juni", "regency", "2025-06", within="17")
    assert t["coverage_pct"].round(2).eq(95.0).all() and len(t) == 10


def test_data_import_file_with_errors(page_store):
    before = page_store.content_digest()
    at = _data_app(page_store)
    at.file_uploader[0].upload("salah.csv", _bad_csv(), "text/csv").run()
    at.button(key="imp_check").click().run()
    assert not at.exception, at.exception
    assert any("galat" in e.value and "tidak ada yang disimpan" in e.value for e in at.error)
    issues = next(_frame(d) for d in at.dataframe if "Masalah" in _frame(d).columns)
    assert set(issues["Tingkat"]) >= {"galat"}
    assert {2, 3, 4} <= set(issues["Baris"].dropna().astype(int))    # every bad row reported with its row
    assert issues["Kolom"].notna().any()
    assert "⬇️ Unduh laporan validasi (CSV)" in [b.label for b in at.get("download_button")]
    assert not [b for b in at.button if b.key == "imp_go"], "no import button when there are errors"
    assert page_store.content_digest() == before


def test_data_delete_asks_for_confirmation(page_store):
    at = _data_app(page_store)
    assert at.selectbox(key="del_name").options == ["uji-impor"]      # shipped/demo datasets are not offered
    at.selectbox(key="del_name").set_value("uji-impor").run()
    at.button(key="del_ask").click().run()
    assert any("uji\\-impor" in w.value and "tidak dapat dibatalkan" in w.value for w in at.warning)
    assert page_store.exists("uji-impor")
    at.button(key="del_no").click().run()                            # cancel keeps it
    assert page_store.exists("uji-impor") and not [b for b in at.button if b.key == "del_yes"]
    at.button(key="del_ask").click().run()
    at.button(key="del_yes").click().run()
    assert not at.exception, at.exception
    assert not page_store.exists("uji-impor")
    assert any("dihapus" in i.value for i in at.info)
    assert set(_frame(at.dataframe[0])["Nama"]) == {"uji-demo"}


def test_data_rename(page_store):
    at = _data_app(page_store)
    at.selectbox(key="ren_old").set_value("uji-impor").run()
    at.text_input(key="ren_new").set_value("lampung-2025").run()
    at.button(key="ren_go").click().run()
    assert not at.exception, at.exception
    assert page_store.exists("lampung-2025") and not page_store.exists("uji-impor")
    # a taken name is refused with a message, not a crash
    at.selectbox(key="ren_old").set_value("lampung-2025").run()
    at.text_input(key="ren_new").set_value("uji-demo").run()
    at.button(key="ren_go").click().run()
    assert not at.exception and any("Tidak dapat mengganti nama" in e.value for e in at.error)


def test_peringkat_map_export_offline_html(page_store):
    from jkn_geo.render import assets

    if not assets.installed():
        pytest.skip("Leaflet assets missing: run `bash tools/install_assets.sh`")
    at = _app("1_Peringkat.py")
    at.session_state["jkn_dataset"] = "uji-demo"
    at.run()
    at.selectbox(key="rk_prov").set_value("18").run()
    at.radio(key="rk_map_fmt").set_value("html").run()
    at.button(key="rk_map_make").click().run()
    assert not at.exception, at.exception
    data, f, mime, _stem = at.session_state["rk_map_bytes"]
    html = data.decode("utf-8")
    assert f == "html" and mime == "text/html"
    assert "<script src=" not in html and "SINTETIS" in html and "Lampung" in html


def test_published_figures_in_ranking_and_trend(page_store, registry):
    name = add_published(page_store, registry)
    at = _app("1_Peringkat.py")
    at.session_state["jkn_dataset"] = name
    at.run()
    assert not at.exception, at.exception
    assert not any("SINTETIS" in w.value for w in at.warning)
    at.radio(key="rk_level").set_value("province").run()
    at.select_slider(key="rk_period").set_value("2025-07").run()
    assert not at.exception, at.exception
    df = _frame(at.dataframe[0])
    lampung = df[df["code"] == "18"].iloc[0]
    assert lampung["coverage_pct"] == pytest.approx(97.05)           # as the article states it
    src = next(c for c in df.columns if c.startswith("Sumber"))
    assert "Tribun Lampung" in str(lampung[src])                     # the source is in the row
    tr = _app("2_Tren.py")
    tr.session_state["jkn_dataset"] = name
    tr.run()
    tr.multiselect(key="tr_regions").set_value(["18"]).run()
    assert not tr.exception, tr.exception
    assert tr.get("vega_lite_chart")
    # the range covers every month with figures at any level (province figures go back to 2023)
    months = page_store.periods(name)
    assert tuple(tr.select_slider(key="tr_range").value) == (months[0], months[-1])


def test_user_text_is_inert_in_messages(page_store, registry):
    """A dataset name with markdown/HTML is shown as text: never a link, an image or HTML."""
    from jkn_geo.text import md_escape as md

    evil = "![x](http://127.0.0.1:9/t.png)<b>x</b>"
    page_store.rename("uji-impor", evil)
    at = _data_app(page_store)
    at.selectbox(key="del_name").set_value(evil).run()
    at.button(key="del_ask").click().run()
    w = next(w.value for w in at.warning if "Hapus dataset" in w.value)
    assert md(evil) in w and "![x](" not in w and "<b>" not in w
    assert md("a-b.c") == "a\\-b\\.c" and md("<i>") == "&lt;i&gt;"


def test_peringkat_district_level_goes_province_by_province(page_store, registry):
    dis = [r for r in registry.children("18.71")]                    # districts of Kota Bandar Lampung
    rows = [{"code": d.code, "level": "district", "period": "2025-06", "population": 2000, "registered": 1000 + i,
             "active": 700}
            for i, d in enumerate(dis)]
    page_store.write_dataset("uji-kecamatan", pd.DataFrame(rows), kind="imported", source="uji")
    at = _app("1_Peringkat.py")
    at.session_state["jkn_dataset"] = "uji-kecamatan"
    at.run()
    at.radio(key="rk_level").set_value("district").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="rk_prov_d").value == "18"               # the province with figures comes first
    df = _frame(at.dataframe[0])
    assert df["code"].str.startswith("18.").all()
    assert df["coverage_pct"].notna().sum() == len(dis)


def test_dataset_choice_is_kept_and_follows_the_map(page_store):
    at = _app("1_Peringkat.py")
    at.session_state["jkn_dataset"] = "uji-impor"                    # chosen on the map explorer
    at.run()
    assert at.selectbox(key="jkn_dataset_w").value == "uji-impor"
    at.selectbox(key="jkn_dataset_w").set_value("uji-demo").run()     # then changed here: the change sticks
    assert not at.exception, at.exception
    assert at.selectbox(key="jkn_dataset_w").value == "uji-demo"
    assert any("DATA SINTETIS" in w.value for w in at.warning)
    at.run()
    assert at.selectbox(key="jkn_dataset_w").value == "uji-demo"
    assert at.session_state["jkn_dataset"] == "uji-demo"


def test_data_import_xlsx_with_sheet_choice(page_store, registry):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "catatan"
    wb.active.append(["bukan data"])
    ws = wb.create_sheet("data")
    ws.append(["kode", "periode", "penduduk", "peserta_terdaftar", "peserta_aktif"])
    for r in registry.children("17"):
        ws.append([r.code, "2025-06", 1000, 960, 800])
    buf = io.BytesIO()
    wb.save(buf)
    at = _data_app(page_store)
    at.file_uploader[0].upload("bengkulu.xlsx", buf.getvalue(),
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="imp_sheet").options == ["catatan", "data"]
    at.selectbox(key="imp_sheet").set_value("data").run()
    prev = next(_frame(d) for d in at.dataframe if "peserta_aktif" in set(_frame(d).iloc[0]))
    assert len(prev) == 11                                            # the header row and 10 rows
    at.button(key="imp_check").click().run()
    assert any("siap diimpor" in s.value for s in at.success), [e.value for e in at.error]
    at.button(key="imp_go").click().run()
    assert page_store.exists("bengkulu")


def test_data_damaged_upload_is_reported_not_crashed(page_store):
    before = page_store.content_digest()
    at = _data_app(page_store)
    at.file_uploader[0].upload("rusak.xlsx", b"PK\x03\x04 not really a workbook" * 10,
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").run()
    assert not at.exception, at.exception
    assert any("Pratinjau tidak dapat ditampilkan" in c.value for c in at.caption)
    at.button(key="imp_check").click().run()
    assert not at.exception, at.exception
    assert at.error and not [b for b in at.button if b.key == "imp_go"]
    assert page_store.content_digest() == before


# ---------------------------------------------------------------- map ↔ pages
def _qp(at) -> dict:
    return {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def test_map_view_survives_another_page_and_takes_the_dataset_chosen_there(page_store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for k, v in {"ds": "uji-demo", "ind": "activity_pct", "reg": "18", "cls": "quantile"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    view = _qp(at)
    assert view["ind"] == "activity_pct" and view["reg"] == "18" and view["cls"] == "quantile"

    at.switch_page("pages/1_Peringkat.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="jkn_dataset_w").value == "uji-demo"  # the map's dataset came along

    at.switch_page("app.py").run()  # back: indicator, region, classes as they were
    assert not at.exception, at.exception
    assert at.selectbox(key="jkn_ind").value == "activity_pct"
    assert at.selectbox(key="jkn_cls").value == "quantile"
    assert _qp(at)["reg"] == "18" and at.selectbox(key="jkn_ds").value == "uji-demo"

    at.switch_page("pages/1_Peringkat.py").run()
    at.selectbox(key="jkn_dataset_w").set_value("uji-impor").run()
    at.switch_page("app.py").run()  # a dataset chosen on a page is what the map shows next
    assert not at.exception, at.exception
    assert at.selectbox(key="jkn_ds").value == "uji-impor"
    assert _qp(at)["ds"] == "uji-impor" and at.selectbox(key="jkn_ind").value == "activity_pct"

    at.selectbox(key="jkn_ds").set_value("uji-demo").run()  # and a choice on the map goes back
    at.switch_page("pages/1_Peringkat.py").run()
    assert at.selectbox(key="jkn_dataset_w").value == "uji-demo"


def test_ranking_shows_origin_closest_value_and_findings(page_store, registry):
    """Peringkat on published figures: each ranked value says where it comes from, the closest
    figure within 12 months fills regions without one for the month, and a consistency finding
    is in the row (Bengkulu 2025-11: active + inactive ≠ registered)."""
    from jkn_geo.figures import published
    from jkn_geo.figures.store import PUBLISHED_DATASET

    figs = published.load_figures()
    seed = figs[figs.figure_id.str.fullmatch(r"(tl25|ip25|an23|ts25|rb25)-\d+")]     # the seed articles
    wide, stm = published.to_frames(seed, registry=registry)
    page_store.write_dataset(PUBLISHED_DATASET, wide, kind="published", statements=stm, replace=True)
    at = _app("1_Peringkat.py")
    at.session_state["jkn_dataset"] = PUBLISHED_DATASET
    at.run()
    at.radio(key="rk_level").set_value("province").run()
    at.select_slider(key="rk_period").set_value("2025-11").run()
    assert not at.exception, at.exception
    df = _frame(at.dataframe[0])
    by = df.set_index("code")
    # Lampung has no figure for November 2025: its July figures are used (12 months by default)
    assert by.loc["18", "coverage_pct"] == pytest.approx(97.05)
    assert by.loc["18", "Periode angka"] == "2025-07"
    origin = next(c for c in df.columns if c.endswith("asal angka"))
    assert by.loc["18", origin] == "dinyatakan sumber"
    assert by.loc["17", "Angka tidak konsisten"] == "⚠ ya"
    assert "terdaftar" in by.loc["17", "Temuan konsistensi"]
    # this month only: Lampung has no figure
    at.selectbox(key="rk_tol").set_value(0).run()
    df0 = _frame(at.dataframe[0]).set_index("code")
    assert "18" not in df0.index or pd.isna(df0.loc["18", "coverage_pct"])


def test_population_tables_are_not_offered_as_maps(page_store, registry):
    """A population table lends its populations to the other datasets; it is not a dataset to map."""
    import pandas as pd

    page_store.write_dataset("penduduk-2024", pd.DataFrame({"code": ["18"], "level": ["province"],
                                                           "period": ["2024-01"], "population": [9_000_000.0],
                                                           "period_kind": ["year"]}), kind="population")
    at = _app("1_Peringkat.py")
    at.run()
    assert not at.exception, at.exception
    options = at.selectbox(key="jkn_dataset_w").options
    assert not any("penduduk-2024" in o for o in options) and len(options) >= 1


# ---------------------------------------------------------------- issue 13: the official's question
def _metric(at, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def test_peringkat_below_target_with_totals_equal_to_the_table(page_store):
    """"Which regencies of Lampung are below 98 % coverage, how many people must still enrol, at
    what yearly cost?": the filter, and a totals row that is the table's own sum."""
    from jkn_geo import fmt

    at = _app("1_Peringkat.py")
    at.session_state["jkn_dataset"] = "uji-demo"
    at.run()
    at.selectbox(key="rk_prov").set_value("18").run()
    at.radio(key="rk_flt").set_value("cov").run()
    assert not at.exception, at.exception
    df = _frame(at.dataframe[0])
    assert 0 < len(df) < 15 and (df["coverage_pct"] < 98).all()
    assert list(df.columns[:7]) == ["name", "to_enrol", "to_activate", "gap_cost_rp", "projection", "rank",
                                    "rank_nat"]                  # the name (pinned), then the answer
    assert _metric(at, "Wilayah") == str(len(df))
    assert _metric(at, "Perlu didaftarkan") == f"{fmt.fmt_int(df['to_enrol'].sum())} jiwa"
    assert _metric(at, "Perlu diaktifkan") == f"{fmt.fmt_int(df['to_activate'].sum())} jiwa"
    assert _metric(at, "Biaya setahun") == fmt.fmt_rp(df["gap_cost_rp"].sum())
    assert at.query_params["flt"] in (["cov"], "cov")
    # the table is exactly as high as its rows: no empty rows below the last one
    from jkn_geo.ui.tables import table_height

    assert table_height(len(df)) == 35 * (len(df) + 1) + 3 and table_height(500) == 560
    at.radio(key="rk_flt").set_value("both").run()
    both = _frame(at.dataframe[0])
    assert len(both) <= len(df) and (both["coverage_pct"] < 98).all()


def test_peringkat_national_rank_beside_the_rank_in_the_province(page_store):
    at = _app("1_Peringkat.py")
    at.session_state["jkn_dataset"] = "uji-demo"
    at.run()
    assert not at.exception, at.exception
    df = _frame(at.dataframe[0])                        # all provinces: 15 + 10 regencies
    assert len(df) == 25
    assert sorted(df["rank_nat"].astype(int)) == list(range(1, 26)) and (df["rank_nat_of"] == 25).all()
    assert list(df["rank_nat"].astype(int)) == list(range(1, 26))        # ordered by the national rank
    assert (df["rank"] == 1).sum() == 2                                   # one first place per province
    assert df.loc[df["rank_nat"] == 1, "rank"].iloc[0] == 1
    # the projection column, its method stated under the table
    assert "projection" in df.columns and df["projection"].notna().all()
    assert "kuadrat terkecil" in _texts(at) and "12 bulan" in _texts(at)


def test_peringkat_numbers_written_the_indonesian_way(page_store):
    at = _app("1_Peringkat.py")
    at.session_state["jkn_dataset"] = "uji-demo"
    at.run()
    side = "\n".join(str(c.value) for c in at.sidebar.caption)
    assert "80 %" in side and "Rp 42.000" in side and "98 %" in side
    assert at.number_input(key="jkn_at_w").proto.format == "%g"


def test_tren_range_starts_again_with_another_dataset_and_colours_match_the_png(page_store):
    import io
    import json

    from PIL import Image

    from jkn_geo.ui import charts

    at = _app("2_Tren.py")
    at.session_state["jkn_dataset"] = "uji-demo"
    at.run()
    at.select_slider(key="tr_range").set_value(("2024-03", "2024-09")).run()
    assert not at.exception, at.exception
    assert at.query_params["t0"] in (["2024-03"], "2024-03")
    at.selectbox(key="jkn_dataset_w").set_value("uji-impor").run()          # two months only
    assert not at.exception, at.exception
    assert at.select_slider(key="tr_range").value == ("2025-05", "2025-06")
    assert "t0" not in at.query_params and "t1" not in at.query_params
    # colours: the palette in the order of the codes, as the PNG draws them
    at.selectbox(key="jkn_dataset_w").set_value("uji-demo").run()
    ms = at.multiselect(key="tr_regions")
    ms.set_value([ms.value[0]]).run()
    at.selectbox(key="tr_add").set_value("17" if ms.value[0] != "17" else "18").run()
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    scale = next(layer["encoding"]["color"]["scale"] for layer in spec["layer"] if "color" in layer.get("encoding", {}))
    assert scale["domain"] == ["Bengkulu", "Lampung"] and [c.lower() for c in scale["range"]] == ["#0072b2", "#e69f00"]
    at.button(key="tr_png_make").click().run()
    assert Image.open(io.BytesIO(at.session_state["tr_png"])).size == (2000, 1125)
    assert charts.export_inches(150) == (2000.5 / 150, 1125.5 / 150)


def test_peringkat_and_tren_offer_the_link_of_their_view(page_store):
    for page, key in (("1_Peringkat.py", "rk_flt"), ("2_Tren.py", None)):   # (fresh sessions)
        at = _app(page)
        at.session_state["jkn_dataset"] = "uji-demo"
        at.run()
        if key:
            at.radio(key=key).set_value("act").run()
        at.session_state["jkn_share_open"] = True
        at.run()
        assert not at.exception, at.exception
        codes = [c.value for c in at.code]
        # (uji-demo is this store's default dataset: not in the link)
        assert any(c.startswith("http") and ("flt=act" in c if key else "flt" not in c) for c in codes), codes
