"""AppTest of the map explorer (app.py) on a real store made from a small dataset
(tests/_pages_data.py: published figures, the synthetic demo, a hostile import).

st_folium is replaced by a spy that records what the page sends to the map (the base map's
component key, the style payload) and returns a chosen click, so drill-down can be driven
without a browser (the browser path is tests/e2e).
"""
import json
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import _pages_data as D  # noqa: E402

APP = str(Path(__file__).resolve().parents[1] / "app.py")


class MapSpy:
    def __init__(self):
        self.calls = []
        self.next = None

    def __call__(self, fig, key=None, feature_group_to_add=None, returned_objects=None, **kw):
        from streamlit_folium import _get_map_string, generate_js_hash

        fig.get_root().render()
        base = next(c for c in fig._children.values() if type(c).__name__ == "BaseLayer")
        upd = next(c for c in feature_group_to_add._children.values() if type(c).__name__ == "StyleUpdate")
        self.calls.append({"hash": generate_js_hash(_get_map_string(fig), key), "level": base.level,
                           "within": base.within, "payload": json.loads(upd.payload),
                           "returned": list(returned_objects or [])})
        return self.next

    @property
    def last(self):
        return self.calls[-1]

    def click(self, code):
        n = (self.next or {}).get("last_object_clicked_count") or 0
        self.next = {"last_object_clicked_popup": code, "last_object_clicked_count": n + 2}


@pytest.fixture(scope="session")
def map_store_file(tmp_path_factory, registry):
    """The store file, written once; each test gets its own copy."""
    path = tmp_path_factory.mktemp("map_store") / "map.duckdb"
    D.make_map_store(path, registry).close()
    return path


@pytest.fixture()
def map_store(map_store_file, tmp_path, monkeypatch):
    from jkn_geo.figures import shipped
    from jkn_geo.figures.store import Store

    path = tmp_path / "map.duckdb"
    shutil.copy(map_store_file, path)
    st = Store(path)
    monkeypatch.setattr(shipped, "open_store", lambda *a, **k: st)
    yield st
    st.close()


@pytest.fixture()
def spy(monkeypatch, registry, map_store):
    import streamlit as st
    import streamlit_folium

    s = MapSpy()
    monkeypatch.setattr(streamlit_folium, "st_folium", s)
    # the test store must not leak into (or come from) other tests' cached resources
    st.cache_resource.clear()
    st.cache_data.clear()
    yield s
    st.cache_resource.clear()
    st.cache_data.clear()


def new_app(query=None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at


def qp(at):
    return {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def texts(at):
    out = []
    for kind in ("markdown", "caption", "info", "warning", "success", "error"):
        out += [e.value for e in getattr(at, kind)]
        out += [e.value for e in getattr(at.sidebar, kind)]
    return "\n".join(str(t) for t in out)


def test_default_view_shows_38_provinces(spy):
    at = new_app().run()
    assert not at.exception
    assert spy.last["level"] == "province" and len(spy.last["payload"]["s"]) == 38
    assert spy.last["returned"] == ["last_object_clicked_popup", "last_object_clicked_count"]
    assert qp(at) == {}
    assert at.selectbox(key="jkn_ds").value == D.MAP_PUBLISHED
    assert at.select_slider(key="jkn_per").value == D.MAP_PERIODS[-1]
    assert "Juli 2025" in texts(at)


def test_controls_restyle_without_changing_the_base_map(spy):
    at = new_app().run()
    h0, tok0 = spy.last["hash"], spy.last["payload"]["token"]
    at.selectbox(key="jkn_ind").set_value("activity_pct").run()
    assert qp(at)["ind"] == "activity_pct"
    assert spy.last["hash"] == h0 and spy.last["payload"]["token"] != tok0
    at.select_slider(key="jkn_per").set_value("2025-03").run()
    assert qp(at)["per"] == "2025-03" and spy.last["payload"]["token"].startswith("activity_pct|2025-03|")
    at.selectbox(key="jkn_cls").set_value("quantile").run()
    at.selectbox(key="jkn_pal").set_value("viridis").run()
    at.selectbox(key="jkn_tgt").set_value("95").run()
    assert spy.last["hash"] == h0  # none of these remounted the map
    assert qp(at) == {"ind": "activity_pct", "per": "2025-03", "cls": "quantile", "pal": "viridis", "tgt": "95"}
    assert not at.exception


def test_target_choice_changes_classes(spy):
    at = new_app().run()
    assert "≥ 98 %" in spy.last["payload"]["legend"]
    at.selectbox(key="jkn_tgt").set_value("98.6").run()
    assert "≥ 98,6 %" in spy.last["payload"]["legend"] and "◀ target 98,6 %" in spy.last["payload"]["legend"]


def test_url_round_trip_restores_view(spy):
    q = {"ds": D.MAP_DEMO, "ind": "to_enrol", "per": "2025-04", "reg": "18", "cls": "equal", "pal": "PuOr",
         "tgt": "95"}
    at = new_app(q).run()
    assert not at.exception
    assert at.selectbox(key="jkn_ds").value == D.MAP_DEMO
    assert at.selectbox(key="jkn_ind").value == "to_enrol"
    assert at.select_slider(key="jkn_per").value == "2025-04"
    assert at.selectbox(key="jkn_cls").value == "equal" and at.selectbox(key="jkn_pal").value == "PuOr"
    assert spy.last["level"] == "regency" and spy.last["within"] == "18" and len(spy.last["payload"]["s"]) == 15
    assert qp(at) == q


def test_bad_query_values_fall_back_with_notices(spy):
    at = new_app({"ds": "hilang", "ind": "<script>alert(1)</script>", "per": "2025-99", "reg": "99.99",
                  "cls": "jenks", "bm": "maybe"}).run()
    assert not at.exception
    infos = " ".join(e.value for e in at.info)
    assert infos.count("tidak dikenal") == 6
    assert spy.last["level"] == "province"
    assert qp(at) == {}  # the URL is rewritten to the valid (default) view
    at.run()  # the map's first value reruns the page: the notices stay until the view changes
    assert " ".join(e.value for e in at.info).count("tidak dikenal") == 6
    at.selectbox(key="jkn_ind").set_value("activity_pct").run()
    assert "tidak dikenal" not in " ".join(e.value for e in at.info)


def test_stale_period_gets_nearest(spy):
    at = new_app({"per": "2026-02"}).run()
    assert at.select_slider(key="jkn_per").value == D.MAP_PERIODS[-1]
    assert "terdekat" in " ".join(e.value for e in at.info)


def test_click_drills_down_and_breadcrumb_goes_back(spy):
    at = new_app({"ds": D.MAP_DEMO}).run()
    h_indonesia = spy.last["hash"]
    spy.click("18")
    at.run()
    assert spy.last["level"] == "regency" and spy.last["within"] == "18"
    assert len(spy.last["payload"]["s"]) == 15 and qp(at)["reg"] == "18"
    assert spy.last["hash"] != h_indonesia
    assert "peringkat" in texts(at)
    # demo data has districts: a regency click opens its districts
    spy.click("18.71")
    at.run()
    assert spy.last["level"] == "district" and spy.last["within"] == "18.71"
    assert qp(at)["reg"] == "18.71"
    # a district click highlights it in place
    h = spy.last["hash"]
    spy.click("18.71.02")
    at.run()
    assert spy.last["payload"]["sel"] == "18.71.02" and spy.last["hash"] == h
    at.button(key="jkn_back").click().run()
    assert qp(at)["reg"] == "18.71" and spy.last["payload"]["sel"] is None
    at.button(key="jkn_bc_0").click().run()  # breadcrumb: Lampung
    assert qp(at)["reg"] == "18" and spy.last["level"] == "regency"
    at.button(key="jkn_bc_root").click().run()  # breadcrumb: Indonesia
    assert "reg" not in qp(at) and spy.last["level"] == "province"
    assert spy.last["hash"] == h_indonesia
    # the value the map still returns from before is not taken as a new click
    at.run()
    assert spy.last["level"] == "province"
    assert not at.exception


def test_regency_click_without_district_data_selects_it(spy):
    at = new_app({"reg": "18"}).run()  # published: province + regency only
    spy.click("18.71")
    at.run()
    assert spy.last["level"] == "regency" and spy.last["within"] == "18"
    assert spy.last["payload"]["sel"] == "18.71" and qp(at)["reg"] == "18.71"
    assert "Kota Bandar Lampung" in texts(at)


def test_no_data_regions_are_hatched_and_say_so(spy):
    at = new_app().run()
    s = spy.last["payload"]["s"]
    assert s["94"][0] is None and "tidak ada data" in s["94"][1]
    assert all(v[0] for k, v in s.items() if k not in D.MAP_MISSING)
    assert "tidak ada data" in spy.last["payload"]["legend"]
    at = new_app({"reg": "94"}).run()  # details of a region without data
    assert "tidak ada data" in texts(at)
    assert not at.exception


def test_synthetic_dataset_labelled_on_map_and_page(spy):
    at = new_app({"ds": D.MAP_DEMO}).run()
    assert "DATA SINTETIS" in spy.last["payload"]["banner"]
    assert any("DATA SINTETIS" in w.value for w in at.warning)
    at = new_app().run()
    assert spy.last["payload"]["banner"] is None


def test_imported_dataset_text_is_escaped(spy):
    at = new_app({"ds": D.MAP_IMPORTED}).run()
    assert not at.exception
    p = spy.last["payload"]
    blob = json.dumps(p)
    assert "<script>" not in blob and "<img" not in blob
    assert "&lt;script&gt;" in p["title"]
    assert not any("<img" in c.value for c in at.caption)


def test_search_jumps_to_region(spy):
    at = new_app().run()
    at.text_input(key="jkn_search").input("Kota Bandar Lampung")
    next(b for b in at.sidebar.button if "Cari" in str(b.label)).click()
    at.run()
    assert qp(at)["reg"] == "18.71"
    assert spy.last["within"] == "18" and spy.last["payload"]["sel"] == "18.71"


def test_district_selected_when_dataset_has_none_goes_to_regency(spy):
    at = new_app({"reg": "18.71.01"}).run()  # published has no district figures
    assert qp(at)["reg"] == "18.71"
    assert "kecamatan" in " ".join(e.value for e in at.info)


def test_share_link_built_only_when_its_popover_is_open(spy):
    at = new_app({"reg": "18", "ind": "activity_pct"}).run()
    assert not at.code  # closed: nothing built (the code-block bundle would delay the map)
    at.session_state["jkn_share_open"] = True
    at.run()
    codes = [c.value for c in at.code]
    assert any("reg=18" in c and "ind=activity_pct" in c for c in codes)
    assert not at.exception


def test_ranking_table_built_only_when_opened(spy):
    at = new_app({"reg": "18"}).run()
    assert not at.dataframe
    at.session_state["jkn_rank_open"] = True
    at.run()
    assert len(at.dataframe) == 1
    v = at.dataframe[0].value
    df = v.data if hasattr(v, "data") else v
    from jkn_geo.render.export import header_id

    # compact: name, value, gap, cost first (sortable numbers), the name pinned
    assert list(df.columns[:4]) == [header_id(c) for c in ("name", "coverage_pct", "to_enrol", "gap_cost_rp")]
    assert len(df) == len(spy.last["payload"]["s"])
    assert list(df.columns).count(header_id("coverage_pct")) == 1          # no repeat
    assert df[header_id("to_enrol")].dtype.kind == "f"
    assert "perlu didaftarkan" in texts(at)
    assert not at.exception


def test_few_regions_with_data_are_listed_as_shortcuts(spy, map_store, registry):
    # a sparse dataset (like the published figures): only Lampung and Bengkulu have figures
    keep = {"18", "17"}
    D.write_map_published(map_store, registry, provinces=keep)
    at = new_app().run()
    assert not at.exception
    jump = {b.key: b for b in at.button if (b.key or "").startswith("jkn_have_")}
    assert set(jump) == {"jkn_have_18", "jkn_have_17"}
    assert "Lampung · " in jump["jkn_have_18"].label and "%" in jump["jkn_have_18"].label
    jump["jkn_have_18"].click().run()
    assert qp(at)["reg"] == "18" and spy.last["within"] == "18"  # opened like a click on the map


def test_no_shortcut_list_when_most_regions_have_data(spy):
    at = new_app().run()
    assert not [b for b in at.button if (b.key or "").startswith("jkn_have_")]


def test_targets_are_one_control_for_the_map_and_the_pages(spy):
    """The activity target set on Peringkat is the one the map classifies with, and targets set
    on the map are the pages' (same session keys, one control)."""
    at = new_app({"ind": "activity_pct"}).run()
    assert "◀ target 80 %" in spy.last["payload"]["legend"]
    at.switch_page("pages/1_Peringkat.py").run()
    assert not at.exception, at.exception
    at.number_input(key="jkn_at_w").set_value(75.0).run()
    at.switch_page("app.py").run()
    assert not at.exception, at.exception
    assert at.number_input(key="jkn_at_w").value == 75.0
    assert "◀ target 75 %" in spy.last["payload"]["legend"]
    at.selectbox(key="jkn_tgt").set_value("95").run()               # edited on the map
    at.number_input(key="jkn_pbi_w").set_value(50_000).run()
    at.switch_page("pages/1_Peringkat.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="jkn_tgt").value == "95" and at.number_input(key="jkn_pbi_w").value == 50_000
    assert at.number_input(key="jkn_at_w").value == 75.0


# ---- figures as published: closest figure within N months, inconsistency, provenance ------
def all_md(at):
    """Every markdown-ish text of the page, expanders included (raw: what goes to the browser)."""
    out = []
    for kind in ("markdown", "caption", "info", "warning", "success", "error"):
        out += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(out)


def test_tolerance_control_defaults_by_kind_and_is_in_the_url(spy):
    at = new_app().run()
    assert at.selectbox(key="jkn_tol").value == 12 and qp(at) == {}   # published: on by default
    assert list(at.selectbox(key="jkn_tol").options) == ["0 · hanya bulan ini · this month only",
                                                         "3 bulan · months", "6 bulan · months", "12 bulan · months"]
    at.selectbox(key="jkn_tol").set_value(3).run()
    assert qp(at) == {"tol": "3"}
    at.selectbox(key="jkn_ds").set_value(D.MAP_DEMO).run()                 # another dataset: its own default
    assert at.selectbox(key="jkn_tol").value == 0 and qp(at) == {"ds": D.MAP_DEMO}
    at = new_app({"ds": D.MAP_DEMO, "tol": "6"}).run()
    assert at.selectbox(key="jkn_tol").value == 6 and qp(at) == {"ds": D.MAP_DEMO, "tol": "6"}
    at = new_app({"tol": "7"}).run()
    assert at.selectbox(key="jkn_tol").value == 12 and "tol='7'" in " ".join(e.value for e in at.info)
    assert not at.exception


def test_earlier_figures_drawn_distinctly_and_counted(spy, map_store, registry):
    D.write_map_provenance(map_store, registry)
    at = new_app().run()
    assert not at.exception
    s = spy.last["payload"]["s"]
    for code in D.PROV_OLDER:
        assert s[code][0] and s[code][2] == "o"
        assert "angka Mei 2025, 2 bulan sebelumnya" in s[code][1]
        assert "figure of May 2025, 2 months earlier" in s[code][1]
    assert s[D.PROV_FAR][0] is None and "tidak ada data" in s[D.PROV_FAR][1]   # beyond 12 months
    assert len(s["19"]) == 2                                                    # this month's figure: no flag
    assert "angka bulan sebelumnya" in spy.last["payload"]["legend"]
    infos = " ".join(e.value for e in at.info)
    assert "3 provinsi memakai angka dari bulan sebelumnya (≤ 12 bulan)" in infos
    assert "3 provinces use an earlier month's figure" in infos
    at.selectbox(key="jkn_tol").set_value(0).run()
    s = spy.last["payload"]["s"]
    assert all(s[c][0] is None for c in D.PROV_OLDER) and qp(at) == {"tol": "0"}
    assert "bulan sebelumnya" not in " ".join(e.value for e in at.info)
    at = new_app({"reg": "11"}).run()                                           # its details say so too
    assert "angka Mei 2025, 2 bulan sebelumnya" in texts(at)


def test_inconsistent_region_is_marked_and_opens_the_pair(spy, map_store, registry):
    D.write_map_provenance(map_store, registry)
    at = new_app({"ind": "activity_pct"}).run()
    s = spy.last["payload"]["s"]
    assert "i" in s[D.PROV_BAD][2] and "angka tidak konsisten" in s[D.PROV_BAD][1] and "inconsistent" in s[D.PROV_BAD][1]
    assert "class='bang'>!</b>" in s[D.PROV_BAD][1]
    assert "Koran Uji, 2025-07-10" in s[D.PROV_BAD][1]                          # source and date
    assert "tidak konsisten" in spy.last["payload"]["legend"]
    notice = " ".join(e.value for e in at.info)
    assert "1 provinsi bertanda ! angka tidak konsisten" in notice and "1 province marked ! inconsistent" in notice
    at = new_app({"reg": D.PROV_BAD, "ind": "activity_pct"}).run()
    pair = next(m.value for m in at.markdown if "Angka tidak konsisten" in m.value)
    assert "dinyatakan" in pair and "**91,50 %**" in pair                        # the stated value …
    assert "dihitung dari angka yang dinyatakan" in pair and "**78,95 %**" in pair  # … and the computed one
    assert "aktif ÷ terdaftar" in pair and pair.count("Koran Uji") >= 2           # each with its source
    assert 'href="https://teraskabar.id/berita/bengkulu_jkn?a=1&amp;b=2"' in pair
    assert not at.exception


def test_provenance_panel_one_click_away(spy, map_store, registry):
    D.write_map_provenance(map_store, registry)
    at = new_app({"reg": D.PROV_BAD}).run()
    assert "Keaktifan peserta JKN di Bengkulu" not in all_md(at)                # closed: not built
    at.session_state["jkn_prov_open"] = True
    at.run()
    md = all_md(at)
    assert "Keaktifan peserta JKN di Bengkulu mencapai 91,5 persen" in md       # the quote
    assert 'href="https://teraskabar.id/berita/bengkulu_jkn?a=1&amp;b=2" target="_blank"' in md
    assert "%5C" not in md and 'href="https://teraskabar\\' not in md           # no escaping inside the URL
    assert "dinyatakan · *stated*" in md and "dihitung · *computed*" in md      # origins
    assert "terdaftar ÷ penduduk" in md                                          # a computed value's formula
    assert "aktif ÷ terdaftar · active ÷ registered" in md                       # a stated figure's definition
    assert "angka\\_uji\\.csv, baris 3" in md                                      # file and row
    assert "penduduk menurut sumber" in md or "penduduk rujukan" in md          # the population used
    assert not at.exception


def test_hostile_source_text_and_urls_do_not_become_markup(spy, map_store, registry):
    D.write_map_provenance(map_store, registry)
    at = new_app({"reg": D.PROV_HOSTILE}).run()
    at.session_state["jkn_prov_open"] = True
    at.run()
    assert not at.exception
    md = all_md(at)
    for raw in ("<img", "<script", "<b>jahat", "](javascript", 'href="javascript', "evil.example/\">"):
        assert raw not in md, raw
    assert "&lt;img src=x onerror=alert\\(3\\)&gt;" in md                         # shown as text
    assert "tidak ditautkan" in md                                                # javascript: is not linked
    assert 'href="https://evil.example/%22%3E%3Cscript%3Ealert(5)%3C/script%3E"' in md
    assert "https://teraskabar" not in md                                         # a URL in text is no autolink
    new_app().run()                                                               # the province map
    tip = spy.last["payload"]["s"][D.PROV_HOSTILE][1]
    assert "<b>jahat" not in tip and "&lt;b&gt;jahat" in tip


def test_front_door_headline_for_published_figures(spy, map_store, registry):
    """Published figures open with the national coverage and activity, their source and month,
    one line on what the data is, and the two next steps; the demo button switches dataset."""
    import pandas as pd

    from jkn_geo.figures import published

    figs = published.load_figures()
    wide, stm = published.to_frames(figs, registry=registry)
    map_store.write_dataset("angka-terbit", wide, kind="published", statements=stm, replace=True)
    at = new_app({"ds": "angka-terbit", "per": "2025-11"})
    at.run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    cov = next(v for k, v in metrics.items() if k.startswith("Cakupan nasional"))
    assert cov == "98,20 %"                                   # Tribun Sumsel, May 2025: 6 months before
    assert any("Tribun Sumsel" in c.value and "Mei 2025" in c.value for c in at.caption)
    assert any(k.startswith("Keaktifan nasional") for k in metrics)
    assert "Angka terbit" in texts(at)
    at.button(key="jkn_try_demo").click().run()
    assert not at.exception, at.exception
    assert qp(at).get("ds") == "demo-sintetis"
    assert not at.metric                                        # no national headline for synthetic data
    assert isinstance(pd.DataFrame(), pd.DataFrame)


# ---- one view on every page (issue 13) ---------------------------------------------------------
def _menu(at, page):
    """Go to another page as the menu does: the browser drops the query string."""
    for k in list(at.query_params):
        del at.query_params[k]
    return at.switch_page(page).run()


def test_the_view_stays_the_same_on_every_page(spy):
    """Peta (demo, a period, a province, activity) → Peringkat → Tren → Data → Peta: every page
    shows the same dataset, period, region and indicator, and its URL carries them."""
    want = {"ds": D.MAP_DEMO, "per": "2025-03", "reg": "18", "ind": "activity_pct"}
    at = new_app(want).run()
    assert not at.exception, at.exception
    assert at.session_state["jkn_region"] == "18" and qp(at) == want

    _menu(at, "pages/1_Peringkat.py")
    assert not at.exception, at.exception
    assert at.selectbox(key="jkn_dataset_w").value == D.MAP_DEMO
    assert at.select_slider(key="rk_period").value == "2025-03"
    assert at.selectbox(key="rk_prov").value == "18" and at.selectbox(key="rk_by").value == "activity_pct"
    assert qp(at) == want
    at.radio(key="rk_flt").set_value("cov").run()                      # filters set here …
    at.checkbox(key="rk_only").uncheck().run()
    at.multiselect(key="rk_status").set_value(["neither"]).run()
    page_fields = {"flt": "cov", "kos": "1", "sts": "neither"}
    assert qp(at) == want | page_fields

    _menu(at, "pages/2_Tren.py")
    assert not at.exception, at.exception
    assert at.selectbox(key="jkn_dataset_w").value == D.MAP_DEMO
    assert at.selectbox(key="tr_ind").value == "activity_pct"
    assert at.multiselect(key="tr_regions").value == ["18"]            # the map's region, not a default
    assert qp(at) == want | page_fields                             # … is kept by every page

    _menu(at, "pages/3_Data.py")
    assert not at.exception, at.exception
    assert qp(at) == want | page_fields

    _menu(at, "app.py")
    assert not at.exception, at.exception
    assert at.selectbox(key="jkn_ds").value == D.MAP_DEMO
    assert at.select_slider(key="jkn_per").value == "2025-03"
    assert at.selectbox(key="jkn_ind").value == "activity_pct"
    assert at.session_state["jkn_region"] == "18"
    assert qp(at) == want | page_fields
    _menu(at, "pages/1_Peringkat.py")
    assert at.radio(key="rk_flt").value == "cov"                       # Peringkat did not reset
    assert at.checkbox(key="rk_only").value is False and at.multiselect(key="rk_status").value == ["neither"]


def test_a_page_opened_from_a_link_reads_its_view(spy):
    """A shared Tren link opens Tren on its view, and the map then shows the same."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in {"ds": D.MAP_DEMO, "per": "2025-02", "reg": "17", "ind": "coverage_pct"}.items():
        at.query_params[k] = v
    at.switch_page("pages/2_Tren.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="jkn_dataset_w").value == D.MAP_DEMO
    assert at.multiselect(key="tr_regions").value == ["17"]
    _menu(at, "app.py")
    assert at.selectbox(key="jkn_ds").value == D.MAP_DEMO and at.session_state["jkn_region"] == "17"
    assert qp(at)["per"] == "2025-02"


def test_province_details_state_own_gap_and_the_regencies_sum(spy):
    at = new_app({"reg": "18"}).run()
    assert not at.exception, at.exception
    t = texts(at)
    import re

    assert "Celah provinsi (angka provinsi sendiri)" in t
    assert re.search(r"jumlah celah \d+ dari 15 kabupaten/kotanya: \*\*[\d,]+ ribu jiwa / Rp [\d,]+ miliar", t)
    assert re.search(r"Target cakupan 98 %: \*\*(\w{3} \d{4}|tidak pada laju ini|sudah tercapai)\*\*", t)


def test_regency_without_district_figures_shows_its_details(spy):
    """The demo has districts for Lampung only: a Bengkulu regency opens its own details,
    highlighted among its province's regencies, with the reason said."""
    at = new_app({"ds": D.MAP_DEMO, "reg": "17.01"}).run()
    assert not at.exception, at.exception
    assert spy.last["level"] == "regency" and spy.last["within"] == "17" and spy.last["payload"]["sel"] == "17.01"
    assert "tidak punya angka kecamatan" in texts(at)
    at = new_app({"ds": D.MAP_DEMO, "reg": "18.71"}).run()                   # Lampung: its districts
    assert spy.last["level"] == "district" and "tidak punya angka kecamatan" not in texts(at)
