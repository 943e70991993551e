"""Map building: cached geometry per level, restyle without changing the base map, escaping."""
import itertools
import json

import pytest

from jkn_geo.analysis import classify
from jkn_geo.render import mapview

LOCAL = {"js": ["/app/static/vendor/leaflet/leaflet.js"], "css": ["/app/static/vendor/leaflet/leaflet.css"],
         "local": True}
META = {"label_id": "Cakupan kepesertaan", "label_en": "Coverage", "unit": "pct", "target": "coverage",
        "higher_is_better": True}


@pytest.fixture(scope="module")
def prov(built):
    return mapview.geometry("province", None)


def test_geometry_levels_and_counts(prov):
    assert len(prov.codes) == 38
    lampung = mapview.geometry("regency", "18")
    assert len(lampung.codes) == 15 and all(c.startswith("18.") for c in lampung.codes)
    data = json.loads(lampung.data)
    assert data["c"] == list(lampung.codes) and len(data["n"]) == len(data["g"]) == 15
    assert "Kota Bandar Lampung" in data["n"]
    (s, w), (n, e) = lampung.bounds
    assert -7 < s < n < -3 and 103 < w < e < 107


def test_geometry_is_built_once(prov):
    assert mapview.geometry("province", None) is prov


def test_payload_sizes_are_small(prov):
    assert prov.nbytes < 250_000
    assert mapview.geometry("regency", None).nbytes < 700_000
    # the districts of the largest province stay well under the 5 MB browser guidance
    assert mapview.geometry("district", "35").nbytes < 1_000_000


def test_unknown_parent_raises(built):
    with pytest.raises(ValueError):
        mapview.geometry("regency", "99")


def _script(m):
    from streamlit_folium import _get_map_string, generate_js_hash

    m.get_root().render()
    return generate_js_hash(_get_map_string(m), "jkn_map")


def test_base_map_is_identical_across_rebuilds_and_differs_per_view(built):
    a = _script(mapview.build_base_map("regency", "18", assets=LOCAL))
    b = _script(mapview.build_base_map("regency", "18", assets=LOCAL))
    c = _script(mapview.build_base_map("regency", "35", assets=LOCAL))
    assert a == b  # same component key → restyling never remounts the map
    assert a != c


def test_base_map_loads_only_local_leaflet(built):
    m = mapview.build_base_map("province", None, assets=LOCAL)
    html = m.get_root().render()
    assert "/app/static/vendor/leaflet/leaflet.js" in html
    for cdn in ("cdn.jsdelivr", "code.jquery", "bootstrapcdn", "cdnjs.cloudflare"):
        assert cdn not in html
    assert "tileLayer" not in html  # no basemap unless asked for


def test_basemap_optional(built):
    html = mapview.build_base_map("province", None, basemap=True, assets=LOCAL).get_root().render()
    assert "L.tileLayer(" in html and "try {" in html


def rows():
    return [
        {"code": "18", "name": "Lampung", "coverage_pct": 97.05, "registered": 8.8e6, "population": 9.07e6,
         "active": 7.1e6, "activity_pct": 80.7, "period": "2025-07", "source": "BPJS <b>Kesehatan</b>"},
        {"code": "35", "name": "<img src=x onerror=alert(1)>", "coverage_pct": 99.1, "registered": 4e7,
         "population": 4.1e7, "active": 3e7, "activity_pct": 75.0, "period": "2025-07", "source": None},
        {"code": "94", "name": "Papua", "coverage_pct": float("nan"), "period": "2025-07"},
    ]


def payload(**kw):
    cls = classify.classify([97.05, 99.1], scheme="target", target=98.0, target_kind="coverage")
    return mapview.style_payload(rows(), "coverage_pct", META, cls, period="2025-07",
                                 dataset_label="demo <x>", target_label="target 98 %", **kw), cls


def test_style_payload_colours_and_no_data():
    p, cls = payload(codes=["18", "35", "94", "11"])
    assert p["s"]["18"][0] == cls.colors[2]  # 95–98
    assert p["s"]["35"][0] == cls.colors[3]  # ≥ 98
    assert p["s"]["94"][0] is None and p["s"]["11"][0] is None  # hatched, never a colour of 0
    assert "tidak ada data" in p["s"]["94"][1] and "tidak ada data" in p["s"]["11"][1]
    assert "97,05 %" in p["s"]["18"][1] and "Juli 2025" in p["s"]["18"][1]
    assert "8,8 juta" in p["s"]["18"][1] and "9,1 juta" in p["s"]["18"][1]


def test_everything_in_html_is_escaped():
    p, _ = payload(synthetic=True, title=mapview.title_html("Provinsi", "<b>x</b>", "demo <x>"))
    tip = p["s"]["35"][1]
    assert "<img" not in tip and "&lt;img src=x onerror=alert(1)&gt;" in tip
    assert "<b>Kesehatan</b>" not in p["s"]["18"][1] and "&lt;b&gt;Kesehatan" in p["s"]["18"][1]
    assert "demo <x>" not in p["banner"] and "demo &lt;x&gt;" in p["banner"]
    assert "<b>x</b>" not in p["title"]
    text = mapview.js_json(p)
    assert "<" not in text and ">" not in text and "&" not in text  # cannot close a <script>
    assert json.loads(text) == p


def test_geometry_names_are_escaped(built):
    g = mapview.geometry("province", None)
    assert "<" not in g.data and ">" not in g.data and "&" not in g.data


def test_mercator_matches_leaflet_and_inverts():
    # the values Leaflet 1.9.4 gives for L.CRS.EPSG3857.latLngToPoint(L.latLng(-6.2, 106.8166), 14)
    x, y = mapview.mercator_px([0.0, 106.8166], [0.0, -6.2])
    assert x[0] == y[0] == 256 * 2 ** 14 / 2
    assert abs(x[1] - 3341655.5907) < 1e-3 and abs(y[1] - 2169528.6226) < 1e-3
    lon, lat = mapview.mercator_lonlat(x, y)
    assert abs(lon[1] - 106.8166) < 1e-9 and abs(lat[1] + 6.2) < 1e-9


def test_ring_encoding_round_trip():
    # 0.00001° (1.1 m) is well inside one zoom-14 pixel (9.5 m): that vertex merges with the
    # previous one; the closing vertex is dropped (the path closes itself)
    ring = [(105.0, -5.0), (105.00001, -5.0), (105.5, -5.0), (105.5, -5.5), (105.0, -5.5), (105.0, -5.0)]
    enc = mapview.encode_ring(ring)
    back = mapview.decode_ring(enc)
    assert len(back) == 4
    for (a, b), (c, d) in zip(back, [ring[0], *ring[2:5]]):
        assert abs(a - c) < 1e-4 and abs(b - d) < 1e-4
    assert all(isinstance(v, int) for v in enc)
    assert mapview.encode_ring([(1, 1), (1, 1), (1, 1), (1, 1)]) == []  # degenerate: dropped
    assert mapview.encode_ring([(1, 1), (1.000001, 1), (2, 2), (1, 1)]) == []  # 2 distinct points


def test_encoded_shapes_match_the_web_geometry(built):
    """Decode every regency of Lampung and compare with the geometry it came from: the same
    rings, every vertex within one zoom-14 pixel (< 10 m), areas within 0.5 %."""
    import shapely

    gdf = mapview.level_frame("regency", "18")
    data = json.loads(mapview.geometry("regency", "18").data)
    assert data["c"] == gdf["code"].tolist()
    for rings, box, geom in zip(data["g"], data["b"], gdf.geometry.values):
        xs = [x for r in rings for x in itertools.accumulate(r[0::2])]
        ys = [y for r in rings for y in itertools.accumulate(r[1::2])]
        assert box == [min(xs), min(ys), max(xs), max(ys)]  # the box the browser fits and clips by
        source = [(r, sign) for p in getattr(geom, "geoms", [geom])
                  for r, sign in [(p.exterior, 1), *((i, -1) for i in p.interiors)]]
        assert len(rings) == len(source)
        area = 0.0
        for enc, (src, sign) in zip(rings, source):
            ring = shapely.LinearRing(mapview.decode_ring(enc))
            assert shapely.hausdorff_distance(ring, src) < 1e-4
            area += sign * shapely.Polygon(ring).area
        assert abs(area - geom.area) / geom.area < 0.005


def test_legend_marks_target_and_counts():
    p, cls = payload(codes=["18", "35", "94"])
    legend = p["legend"]
    assert "◀ target 98 %" in legend
    assert legend.count("class='sw'") == cls.n + 1  # classes + the no-data swatch
    assert "tidak ada data" in legend and "(1)" in legend


def test_synthetic_banner_only_for_demo():
    assert payload(synthetic=False)[0]["banner"] is None
    assert "DATA SINTETIS" in payload(synthetic=True)[0]["banner"]


def test_style_group_calls_apply_and_standalone_page(built):
    p, _ = payload(codes=list(mapview.geometry("province", None).codes))
    html = mapview.standalone_html("province", None, p, assets=LOCAL)
    assert "window.jkn.apply(" in html and "jkn-hatch" in html
    geom = mapview.geometry("province", None)
    assert html.count(geom.data) == 1  # the shapes, once


def test_selected_region_in_payload_and_token():
    p, _ = payload(selected="18")
    assert p["sel"] == "18" and p["token"].startswith("coverage_pct|2025-07|target|")


def test_sparkline_gaps_target_and_labels():
    svg = mapview.sparkline_svg(["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"],
                                [90.0, 91.0, float("nan"), 95.5, 97.05], "pct", target=98.0)
    assert svg.startswith("<svg") and svg.count("<polyline") == 2  # the missing month breaks the line
    assert "stroke-dasharray" in svg and "Jan 2025: 90,00 %" in svg and "Mei 2025: 97,05 %" in svg
    assert mapview.sparkline_svg(["2025-01", "2025-02"], [None, 5.0]) == ""


def test_legend_without_any_value_shows_only_no_data():
    cls = classify.classify([], scheme="quantile")
    html = mapview.legend_html(cls, META, "2025-07", counts=[0], n_missing=15)
    assert html.count("class='sw'") == 1 and "tidak ada data" in html and "(15)" in html


@pytest.mark.parametrize("level", ["province", "regency", "district"])
def test_every_region_keeps_a_drawable_shape(built, level):
    """Quantizing to zoom-14 pixels drops rings smaller than a few pixels: no region may lose
    all of its rings (it would be invisible and unclickable on the map)."""
    data = json.loads(mapview.geometry(level, None).data)
    lost = [c for c, rings in zip(data["c"], data["g"]) if not rings]
    assert not lost
    assert all(len(r) >= 6 for rings in data["g"] for r in rings)  # ≥ 3 points per ring


def test_earlier_and_inconsistent_regions_are_flagged_in_the_payload():
    from jkn_geo.render import mapstyle

    rows = [
        {"code": "11", "name": "Aceh", "coverage_pct": 95.0, "months_back": 6.0, "period_used": "2025-05",
         "source": "Berita", "source_date": "2025-05-20"},
        {"code": "17", "name": "Bengkulu", "coverage_pct": 99.0, "months_back": 0.0, "period_used": "2025-11",
         "inconsistent": True, "coverage_pct_origin": "computed", "source": "Koran RB, 2025-12-02",
         "source_date": "2025-12-02"},
        {"code": "18", "name": "Lampung", "coverage_pct": 97.05, "months_back": 0.0, "inconsistent": False},
        {"code": "19", "name": "Babel", "coverage_pct": None, "months_back": None},
    ]
    classes = classify.classify([r["coverage_pct"] for r in rows], unit="pct", scheme="target", target=98.0,
                                target_kind="coverage")
    p = mapview.style_payload(rows, "coverage_pct", META, classes, period="2025-11")
    s = p["s"]
    assert s["11"][2] == "o" and s["17"][2] == "i" and len(s["18"]) == 2 and len(s["19"]) == 2
    assert "angka Mei 2025, 6 bulan sebelumnya" in s["11"][1] and "figure of May 2025, 6 months earlier" in s["11"][1]
    assert "Berita, 2025-05-20" in s["11"][1] and "Mei 2025 · Berita" in s["11"][1]   # the month shown is May's
    assert "angka tidak konsisten" in s["17"][1] and "(dihitung)" in s["17"][1]
    assert s["17"][1].count("2025-12-02") == 1                                       # the date once
    assert "angka bulan sebelumnya" in p["legend"] and "(1)" in p["legend"] and "tidak konsisten" in p["legend"]
    assert p["token"].endswith("|1|1")
    plain = mapview.style_payload(rows[2:], "coverage_pct", META, classes, period="2025-11")
    assert "bulan sebelumnya" not in plain["legend"] and "tidak konsisten" not in plain["legend"]
    assert mapstyle.older_text({"months_back": 1, "period_used": "2025-10"}).en == "figure of October 2025, 1 month earlier"
