"""Boundary access: full-resolution and web geometry per level, loaded once per process.

    from jkn_geo.geography.boundaries import load_level
    gdf = load_level("regency")              # web geometry: code, name, parent_code, kind, geometry
    full = load_level("regency", web=False)  # full resolution (for areas, static exports)

The returned GeoDataFrames are shared by every caller in the process (Streamlit sessions
included): treat them as read-only and ``.copy()`` before changing them.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from jkn_geo.geography import convert

LEVELS = convert.LEVELS
_LOCK = threading.Lock()


@lru_cache(maxsize=8)
def _read(folder: str, level: str, web: bool):
    import geopandas as gpd
    import pandas as pd

    path = Path(folder) / f"{'web' if web else 'geom'}_{level}.parquet"
    gdf = gpd.read_parquet(path)
    regions = pd.read_parquet(Path(folder) / "regions.parquet",
                              columns=["code", "name", "parent_code", "kind", "population_total", "area_km2"])
    gdf = gdf[["code", "geometry"]].merge(regions, on="code", how="left")
    gdf = gdf[["code", "name", "parent_code", "kind", "population_total", "area_km2", "geometry"]]
    return gdf


def load_level(level: str, web: bool = True, folder: Path | None = None):
    """GeoDataFrame (EPSG:4326) of one level. ``web=True`` → simplified map geometry."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    with _LOCK:
        folder = folder or convert.ensure_built(log=lambda *_: None)
        try:
            return _read(str(folder), level, web)
        except Exception:
            # a damaged derived file: rebuild once, then read again
            _read.cache_clear()
            convert.convert(log=lambda *_: None, deep=True)
            return _read(str(folder), level, web)

