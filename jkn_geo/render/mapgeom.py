"""Map geometry for the browser, built once per (level, parent).

Shapes travel pre-projected: Web Mercator pixel coordinates at zoom :data:`QUANT_ZOOM`, rounded
to integers and delta-encoded per ring (:func:`encode_ring`), with a bounding box per shape
(:func:`ring_bbox`); :func:`geometry` caches the encoded shapes of one level under one parent.
``map.js`` decodes them in the browser.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from jkn_geo.render.htmlsafe import esc, js_json

#: Shapes travel pre-projected: Web Mercator pixel coordinates at zoom ``QUANT_ZOOM`` (the map's
#: maximum zoom, so one unit is one screen pixel there), rounded to integers and delta-encoded per
#: ring. The browser then scales integers instead of creating a ``LatLng`` and computing a
#: Mercator projection per vertex, and the text is about half the size of GeoJSON.
QUANT_ZOOM = 14
_WORLD = 256 * 2 ** QUANT_ZOOM
_MAX_LAT = 85.0511287798  # Leaflet's SphericalMercator.MAX_LATITUDE


def mercator_px(lon, lat):
    """Lon/lat (degrees, arrays) → Web Mercator pixel coordinates at :data:`QUANT_ZOOM` (floats)."""
    import numpy as np

    lon = np.asarray(lon, dtype=float)
    lat = np.clip(np.asarray(lat, dtype=float), -_MAX_LAT, _MAX_LAT)
    x = (lon / 360.0 + 0.5) * _WORLD
    y = (0.5 - np.arctanh(np.sin(np.radians(lat))) / (2 * np.pi)) * _WORLD
    return x, y


def mercator_lonlat(x, y):
    """Inverse of :func:`mercator_px`."""
    import numpy as np

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    lon = (x / _WORLD - 0.5) * 360.0
    lat = np.degrees(np.arcsin(np.tanh((0.5 - y / _WORLD) * 2 * np.pi)))
    return lon, lat


def encode_ring(coords) -> list[int]:
    """One closed ring (``[(lon, lat), ...]``, first = last) → ``[x0, y0, dx1, dy1, ...]``.

    The closing vertex is dropped (the path closes itself) and so are vertices that quantize onto
    the previous one. A ring left with fewer than 3 points is returned empty."""
    import numpy as np

    c = np.asarray(coords, dtype=float)
    if len(c) and (c[0] == c[-1]).all():
        c = c[:-1]
    if len(c) < 3:
        return []
    x, y = mercator_px(c[:, 0], c[:, 1])
    xy = np.column_stack([np.rint(x), np.rint(y)]).astype(np.int64)
    keep = np.ones(len(xy), dtype=bool)
    keep[1:] = (xy[1:] != xy[:-1]).any(axis=1)
    xy = xy[keep]
    if len(xy) > 1 and (xy[0] == xy[-1]).all():
        xy = xy[:-1]
    if len(xy) < 3:
        return []
    d = xy.copy()
    d[1:] -= xy[:-1]
    return d.ravel().tolist()


def encode_geometry(geom) -> list[list[int]]:
    """A (multi)polygon → its rings, outer rings and holes alike (filled even-odd)."""
    polys = getattr(geom, "geoms", [geom])
    rings = []
    for poly in polys:
        if poly.is_empty:
            continue
        for ring in [poly.exterior, *poly.interiors]:
            enc = encode_ring(ring.coords)
            if enc:
                rings.append(enc)
    return rings


def ring_bbox(rings) -> list[int]:
    """``[min x, min y, max x, max y]`` of encoded rings (zoom-14 pixels; ``[]`` if none)."""
    import numpy as np

    if not rings:
        return []
    xy = np.concatenate([np.cumsum(np.asarray(r, dtype=np.int64).reshape(-1, 2), axis=0) for r in rings])
    return [int(v) for v in (*xy.min(axis=0), *xy.max(axis=0))]


def decode_ring(deltas) -> list[tuple[float, float]]:
    """Inverse of :func:`encode_ring` (tests, checks): ``[(lon, lat), ...]``, not closed."""
    import numpy as np

    xy = np.cumsum(np.asarray(deltas, dtype=np.int64).reshape(-1, 2), axis=0)
    lon, lat = mercator_lonlat(xy[:, 0], xy[:, 1])
    return list(zip(lon.tolist(), lat.tolist()))


@dataclass(frozen=True)
class Geometry:
    level: str
    within: str | None
    data: str  # compact JSON {"c": codes, "n": escaped names, "g": rings per shape, "b": their boxes}
    bounds: tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))
    codes: tuple[str, ...]

    @property
    def nbytes(self) -> int:
        return len(self.data.encode())


def level_frame(level: str, within: str | None = None):
    """The web-geometry rows of ``level`` under region ``within`` (shared frame, not copied)."""
    from jkn_geo.geography.boundaries import load_level

    gdf = load_level(level)
    if within:
        prefix = within + "."
        gdf = gdf[gdf["code"].str.startswith(prefix)]
    return gdf


@lru_cache(maxsize=96)
def geometry(level: str, within: str | None = None) -> Geometry:
    """The shapes of one level under one parent, encoded for the browser once per process."""
    gdf = level_frame(level, within)
    if len(gdf) == 0:
        raise ValueError(f"no {level} shapes under {within!r}")
    codes = gdf["code"].tolist()
    shapes = [encode_geometry(g) for g in gdf.geometry.values]
    data = {"c": codes, "n": [esc(n) for n in gdf["name"].tolist()], "g": shapes,
            "b": [ring_bbox(rings) for rings in shapes]}
    minx, miny, maxx, maxy = (float(v) for v in gdf.total_bounds)
    return Geometry(level, within, js_json(data), ((miny, minx), (maxy, maxx)), tuple(codes))
