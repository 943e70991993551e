"""The real reference geography (from the offline mirror): counts, hierarchy, population, area."""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from jkn_geo.geography import boundaries as geo, convert, webgeom


@pytest.fixture(scope="module")
def regions(built):
    return pd.read_parquet(built / "regions.parquet")


@pytest.mark.parametrize("level,n", [("province", 38), ("regency", 514), ("district", 7285)])
def test_counts_with_geometry(built, regions, level, n):
    sub = regions[regions.level == level]
    assert len(sub) == n
    assert sub["has_geometry"].all()
    full = gpd.read_parquet(built / f"geom_{level}.parquet")
    web = gpd.read_parquet(built / f"web_{level}.parquet")
    assert len(full) == n and set(full.code) == set(sub.code)
    assert len(web) == n and set(web.code) == set(sub.code)
    assert full.geometry.is_valid.all()
    assert not web.geometry.is_empty.any()
    assert set(full.geometry.geom_type) <= {"Polygon", "MultiPolygon"}


def test_every_parent_exists(regions):
    codes = set(regions.code)
    for level in ("regency", "district"):
        sub = regions[regions.level == level]
        assert sub.parent_code.isin(codes).all(), sub[~sub.parent_code.isin(codes)]
    assert regions[regions.level == "province"].parent_code.isna().all()


def test_population_sums(built, regions):
    reg = regions[regions.level == "regency"]
    prov = regions[regions.level == "province"].set_index("code")
    assert reg.population_total.notna().all()
    sums = reg.groupby("parent_code").population_total.sum()
    assert (sums == prov.population_total.reindex(sums.index)).all()
    assert int(reg.population_total.sum()) == 284_973_643
    assert (reg.population_male + reg.population_female == reg.population_total).all()
    info = json.loads((built / "build.json").read_text())
    assert info["national_population"] == 284_973_643


def test_area_matches_big(built, regions):
    """Polygon areas (equal-area projection) against BIG's official areas.

    Measured: median difference 0.25 %; 90.4 % of the 510 regencies with a BIG area are
    within 2 %, 97.5 % within 10 %, 99.4 % within 20 %. The rest are real differences in the
    upstream polygons (e.g. 96.01 Kab. Sorong +69 %, 12.78 Kota Gunungsitoli +35 %,
    94.07 Intan Jaya +22 %; geodesic areas agree with the projection to 0.0001 %), so the
    99 %-within-2 % goal of issue 1 does not hold for this data; the thresholds below pin
    what does, so a conversion bug (swapped axes, lost holes, dropped parts) still fails.
    """
    full = gpd.read_parquet(built / "geom_regency.parquet")
    km2 = full.set_index("code").to_crs(webgeom.EQUAL_AREA_CRS).area / 1e6
    big = regions[regions.level == "regency"].set_index("code").area_km2.dropna()
    assert len(big) == 510
    rel = (km2.reindex(big.index) - big).abs() / big
    assert float(rel.median()) < 0.005
    assert float((rel <= 0.02).mean()) >= 0.90, rel.sort_values().tail()
    assert float((rel <= 0.20).mean()) >= 0.99
    total = float(km2.sum())
    assert total == pytest.approx(1_890_000, rel=0.02)  # Indonesia's land area, km²


def test_web_geometry_smaller_and_shared_borders(built):
    info = json.loads((built / "build.json").read_text())
    for level in convert.LEVELS:
        st = info["levels"][level]
        assert st["web_geojson_bytes"] < st["raw_geojson_bytes"] / 2
    assert info["levels"]["regency"]["web_geojson_bytes"] <= 700_000
    for level in ("province", "regency"):
        web = gpd.read_parquet(built / f"web_{level}.parquet")
        assert shapely.coverage_is_valid(np.asarray(web.geometry.values)), level


def test_label_points_inside_bounds(regions):
    prov = regions[regions.level == "province"]
    assert prov.lon.between(94, 142).all() and prov.lat.between(-12, 7).all()


def test_load_level_shared_and_named(built):
    a = geo.load_level("regency")
    b = geo.load_level("regency")
    assert a is b  # loaded once per process
    assert a.set_index("code").loc["18.71", "name"] == "Kota Bandar Lampung"
    assert (a.parent_code.str.len() == 2).all()


def test_rebuild_only_when_manifest_changes(built, monkeypatch, tmp_path):
    assert convert.is_built(built)
    info = convert.convert(log=lambda *_: None)
    assert info["rebuilt"] is False
    # a damaged derived file is noticed
    stamp = json.loads((built / "build.json").read_text())
    assert set(stamp["files"]) >= {"regions.parquet", "geom_regency.parquet", "web_regency.parquet"}
    copy = tmp_path / "copy"
    import shutil

    shutil.copytree(built, copy)
    (copy / "web_regency.parquet").write_bytes(b"half")
    assert not convert.is_built(copy)


def test_damaged_derived_file_is_detected_and_rebuilt(built, tmp_path, monkeypatch):
    """A derived file damaged in place (same size) fails the digest check and triggers a rebuild."""
    import shutil

    cache = tmp_path / "cache"
    target = cache / "derived" / built.name
    shutil.copytree(built, target)
    monkeypatch.setenv("JKN_GEO_CACHE", str(cache))
    assert convert.build_dir() == target
    assert convert.is_built(target, deep=True)
    p = target / "web_regency.parquet"
    data = bytearray(p.read_bytes())
    data[len(data) // 2] ^= 0xFF
    p.write_bytes(bytes(data))
    assert convert.is_built(target) and not convert.is_built(target, deep=True)
    calls = []
    monkeypatch.setattr(convert, "_convert", lambda t, log: calls.append(t) or {"rebuilt": True})
    monkeypatch.setattr(convert.fetch, "fetch_all", lambda **kw: None)
    convert._VERIFIED.discard(str(target))
    convert.ensure_built(log=lambda *_: None)
    assert calls == [target]
