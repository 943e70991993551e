"""Web geometry: small boundary files for fast maps that keep shared borders shared.

Measured on the upstream regency file (see ``shared/upstream/README.md``): most vertices
sit in thousands of tiny islets, not in the coastlines. So, per level:

1. **Drop islets** — polygon parts smaller than ``ISLET_KM2[level]`` (equal-area km²) are
   removed, except that every region always keeps its largest part (no region vanishes).
   Islands do not share borders with other regions, so this cannot open gaps between
   neighbours.
2. **Coverage cleaning** — upstream borders were simplified region by region, so
   neighbours do not share identical vertices (``shapely.coverage_is_valid`` is False for
   the regency file: 15,581 vertices on mismatched edges). ``shapely.coverage_clean``
   snaps them together and closes gaps narrower than ``GAP_DEG`` (≈200 m); without this
   step coverage simplification keeps most vertices because every mismatch is a node.
3. **Coverage simplification** — ``shapely.coverage_simplify`` with
   ``TOLERANCE_DEG[level]`` simplifies each shared edge once, so neighbours keep exactly the
   same border (no slivers, no overlaps), unlike per-polygon ``simplify``.
4. **Round coordinates** to ``DECIMALS`` (4 dp ≈ 11 m): identical shared vertices round
   identically, so borders stay shared.

Chosen tolerances and the bytes they save are printed by ``bench/bench_geo.py`` and
recorded in ``build.json``; the README has the numbers.
"""
from __future__ import annotations

import json

import numpy as np

ISLET_KM2 = {"province": 5.0, "regency": 2.0, "district": 0.3}
# Visvalingam-Whyatt tolerance ≈ square root of the triangle areas removed, in degrees.
TOLERANCE_DEG = {"province": 0.03, "regency": 0.025, "district": 0.01}
GAP_DEG = 0.002
DECIMALS = 4
EQUAL_AREA_CRS = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global (cylindrical equal-area)


def _drop_islets(geom, areas_km2: np.ndarray, min_km2: float):
    from shapely.geometry import MultiPolygon

    if geom.geom_type != "MultiPolygon":
        return geom
    parts = list(geom.geoms)
    keep = [p for p, a in zip(parts, areas_km2) if a >= min_km2]
    if not keep:
        keep = [parts[int(np.argmax(areas_km2))]]
    return keep[0] if len(keep) == 1 else MultiPolygon(keep)


def part_areas_km2(gdf) -> list[np.ndarray]:
    """Equal-area km² of every polygon part of every geometry."""
    import shapely

    parts, idx = shapely.get_parts(gdf.geometry.values, return_index=True)
    import geopandas as gpd

    areas = gpd.GeoSeries(parts, crs=gdf.crs).to_crs(EQUAL_AREA_CRS).area.values / 1e6
    return [areas[idx == i] for i in range(len(gdf))]


def n_vertices(geoms) -> int:
    import shapely

    return int(shapely.get_num_coordinates(np.asarray(geoms)).sum())


def geojson_bytes(gdf, props=("code",)) -> int:
    return len(to_geojson(gdf, props).encode())


def to_geojson(gdf, props=("code",), extra: dict | None = None) -> str:
    """A compact GeoJSON FeatureCollection string (geometry as stored, no re-rounding)."""
    import shapely

    geoms = shapely.to_geojson(np.asarray(gdf.geometry.values))
    cols = {p: gdf[p].tolist() for p in props}
    feats = []
    for i, g in enumerate(geoms):
        properties = {p: cols[p][i] for p in props}
        if extra:
            properties.update(extra.get(cols["code"][i], {}) if "code" in cols else {})
        feats.append('{"type":"Feature","properties":%s,"geometry":%s}'
                     % (json.dumps(properties, ensure_ascii=False, separators=(",", ":")), g))
    return '{"type":"FeatureCollection","features":[' + ",".join(feats) + "]}"


def simplify_level(gdf, level: str):
    """Return (web GeoDataFrame, stats) for one level's full-resolution GeoDataFrame."""
    import shapely

    raw_vertices = n_vertices(gdf.geometry.values)
    raw_bytes = geojson_bytes(gdf)
    areas = part_areas_km2(gdf)
    geoms = [_drop_islets(g, a, ISLET_KM2[level]) for g, a in zip(gdf.geometry.values, areas)]
    islets_dropped = int(sum(len(a) for a in areas) - shapely.get_num_geometries(np.asarray(geoms)).sum())
    cleaned = shapely.coverage_clean(np.asarray(geoms), gap_width=GAP_DEG)
    simplified = shapely.coverage_simplify(cleaned, TOLERANCE_DEG[level])
    rounded = shapely.transform(simplified, lambda c: np.round(c, DECIMALS))
    web = gdf[["code"]].copy()
    web = web.set_geometry(list(rounded), crs=gdf.crs)
    empty = web.geometry.is_empty
    if empty.any():  # never lose a region: fall back to its unsimplified largest part
        for i in np.flatnonzero(empty.values):
            web.geometry.values[i] = gdf.geometry.values[i]
    stats = {
        "islet_km2": ISLET_KM2[level],
        "tolerance_deg": TOLERANCE_DEG[level],
        "gap_deg": GAP_DEG,
        "coverage_valid": bool(shapely.coverage_is_valid(np.asarray(web.geometry.values))),
        "decimals": DECIMALS,
        "islets_dropped": islets_dropped,
        "raw_vertices": raw_vertices,
        "web_vertices": n_vertices(web.geometry.values),
        "raw_geojson_bytes": raw_bytes,
        "web_geojson_bytes": geojson_bytes(web),
    }
    return web, stats
