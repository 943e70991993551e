"""SQL dump parsing and geometry conversion on small hand-made fixtures."""
from __future__ import annotations

import json

import pytest
import shapely

from jkn_geo.geography import convert


def _ring(*pts):
    return [[lat, lng] for lng, lat in pts]  # upstream order is [lat, lng]


SQUARE = _ring((100, 0), (101, 0), (101, 1), (100, 1), (100, 0))
HOLE = _ring((100.2, 0.2), (100.4, 0.2), (100.4, 0.4), (100.2, 0.4), (100.2, 0.2))
ISLAND = _ring((102, 0), (102.5, 0), (102.5, 0.5), (102, 0))
BOWTIE = _ring((0, 0), (1, 1), (1, 0), (0, 1), (0, 0))  # self-intersecting


def test_parse_boundaries_rows_with_quotes_and_spacing():
    text = (
        "DELETE FROM wilayah_boundaries WHERE 1;\nINSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n"
        f"\t('18.01','Kabupaten Lampung Selatan',-5.5,105.5,'{json.dumps([SQUARE])}'),\n"
        f"\t('73.10','Kabupaten Pangkajene dan Kepulauan', -4.8 , 119.5,'{json.dumps([[SQUARE], [ISLAND]])}'),\n"
        f"\t('11.01.02','Pasi Kuala Ba''u',2.9, 97.3,'{json.dumps([SQUARE])}');\n"
    )
    rows = convert.parse_boundaries_sql(text)
    assert [r[0] for r in rows] == ["18.01", "73.10", "11.01.02"]
    assert rows[1][2:4] == (-4.8, 119.5)
    assert rows[2][1] == "Pasi Kuala Ba'u"


def test_polygon_depth3_lat_lng_swapped():
    g = convert.path_to_geometry(json.dumps([SQUARE, HOLE]))
    assert g.geom_type == "Polygon"
    assert g.bounds == (100.0, 0.0, 101.0, 1.0)  # lon first
    assert len(g.interiors) == 1
    assert g.area == pytest.approx(1 - 0.04)


def test_multipolygon_depth4():
    g = convert.path_to_geometry(json.dumps([[SQUARE], [ISLAND]]))
    assert g.geom_type == "MultiPolygon" and len(g.geoms) == 2


def test_self_intersecting_ring_repaired():
    g = convert.path_to_geometry(json.dumps([BOWTIE]))
    assert g.is_valid and g.geom_type in ("MultiPolygon", "Polygon")
    assert g.area == pytest.approx(0.5)


def test_bad_nesting_rejected():
    with pytest.raises(ValueError):
        convert.path_to_geometry("[[1,2],[3,4]]")


def test_parse_table_sql_population_and_names():
    text = ("INSERT INTO wilayah_penduduk(kode, nama, pria, wanita, total)\nVALUES\n"
            "('0','INDONESIA','10','12','22'),\n('18','Lampung','4','6','10'),\n('18.71','Kota Bandar Lampung','6','6','12');\n"
            "INSERT INTO wilayah (kode, nama)\nVALUES\n('11.01.02.2018','Pasi Kuala Ba''u');\n")
    rows = convert.parse_table_sql(text)
    assert rows[0] == ("0", "INDONESIA", "10", "12", "22")
    assert rows[2] == ("18.71", "Kota Bandar Lampung", "6", "6", "12")
    assert rows[3] == ("11.01.02.2018", "Pasi Kuala Ba'u")
    assert convert.national_population(rows[:3]) == 22


def test_build_regions_levels_and_kinds():
    names = [("18", "Lampung"), ("18.01", "Kabupaten Lampung Selatan"), ("18.71", "Kota Bandar Lampung"),
             ("18.71.01", "Kedaton"), ("18.71.01.1001", "A village")]
    pop = [("18", "Lampung", "4", "6", "10"), ("18.01", "x", "1", "1", "2")]
    area = [("18.01", "x", "2109.7")]
    df = convert.build_regions(names, pop, area).set_index("code")
    assert list(df.index) == ["18", "18.01", "18.71", "18.71.01"]  # villages are not kept
    assert df.loc["18.71", "kind"] == "kota" and df.loc["18.01", "kind"] == "kabupaten"
    assert df.loc["18.71.01", "parent_code"] == "18.71"
    assert df.loc["18", "population_total"] == 10
    assert df.loc["18.01", "area_km2"] == pytest.approx(2109.7)
    assert df["population_total"].isna().sum() == 2


def test_web_geometry_keeps_shared_border(tmp_path):
    """Two neighbours that share a wiggly border still share it after simplification."""
    import geopandas as gpd
    import numpy as np
    from shapely.geometry import Polygon

    from jkn_geo.geography import webgeom

    xs = np.linspace(0, 1, 200)
    border = [(x, 0.5 + 0.01 * np.sin(40 * x)) for x in xs]
    a = Polygon([(0, 0), (1, 0)] + border[::-1])
    b = Polygon(border + [(1, 1), (0, 1)])
    gdf = gpd.GeoDataFrame({"code": ["a", "b"]}, geometry=[a, b], crs="EPSG:4326")
    web, stats = webgeom.simplify_level(gdf, "regency")
    assert stats["web_vertices"] < stats["raw_vertices"]
    assert shapely.coverage_is_valid(np.asarray(web.geometry.values))
    inter = web.geometry.iloc[0].intersection(web.geometry.iloc[1])
    assert inter.area == pytest.approx(0, abs=1e-9) and inter.length > 0.9
