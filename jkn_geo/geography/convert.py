"""Conversion of the upstream SQL dumps into analysis-ready files in the cache.

Output, in ``<cache>/derived/<manifest digest>-v<CONVERT_VERSION>/``:

- ``regions.parquet`` — one row per province / regency / district:
  ``code, name, level, parent_code, kind, population_total, population_male,
  population_female, area_km2, lon, lat``
- ``geom_<level>.parquet`` — GeoParquet (EPSG:4326) of the full-resolution boundaries
  (``code, geometry``), rings repaired with ``shapely.make_valid``.
- ``web_<level>.parquet`` — simplified web geometry (see :mod:`jkn_geo.geography.webgeom`).
- ``build.json`` — what was built, from which manifest, with counts and byte sizes.

The folder is only rebuilt when the manifest (or this converter's version) changes. A
build is written to a temporary folder and renamed into place, so an interrupted build never
leaves a half-written folder behind; a folder whose files fail to read is rebuilt.
"""
from __future__ import annotations

import contextlib
import json
import re
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from jkn_geo import config
from jkn_geo.geography import fetch

CONVERT_VERSION = 6
LEVELS = config.LEVELS
LEVEL_OF_LEN = {2: "province", 5: "regency", 8: "district"}

_BOUNDARY_ROW = re.compile(
    r"\(\s*'((?:[^']|'')*)'\s*,\s*'((?:[^']|'')*)'\s*,\s*(-?[\d.eE+-]+)\s*,\s*(-?[\d.eE+-]+)\s*,\s*'(\[[^']*\])'\s*\)"
)
_NAME_ROW = re.compile(r"\(\s*'([\d.]+)'\s*,\s*'((?:[^']|'')*)'\s*((?:,\s*[^,()]+\s*)*)\)")


def _unq(s: str) -> str:
    return s.replace("''", "'").strip()


def parse_boundaries_sql(text: str) -> list[tuple[str, str, float, float, str]]:
    """Rows ``(code, name, lat, lng, path_json)`` of a ``wilayah_boundaries`` INSERT dump."""
    body = text.split("VALUES", 1)[-1] if "VALUES" in text else text
    return [(_unq(m[1]), _unq(m[2]), float(m[3]), float(m[4]), m[5]) for m in _BOUNDARY_ROW.finditer(body)]


def parse_table_sql(text: str) -> list[tuple]:
    """Rows ``(code, name, *values)`` of the simple ``wilayah*`` INSERT dumps."""
    out = []
    for part in text.split("INSERT INTO")[1:]:
        values = part.split("VALUES", 1)[1]
        for m in _NAME_ROW.finditer(values):
            extra = [v.strip().strip("'") for v in m[3].split(",") if v.strip()] if m[3] else []
            out.append((m[1], _unq(m[2]), *extra))
    return out


def path_to_geometry(path_json: str):
    """Upstream ``path`` (rings of [lat, lng]) → a valid shapely (Multi)Polygon in lon/lat."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    data = json.loads(path_json)
    depth = 0
    node = data
    while isinstance(node, list) and node:
        depth += 1
        node = node[0]
    if depth == 3:
        data = [data]
    elif depth != 4:
        raise ValueError(f"unexpected path nesting depth {depth}")
    polys = []
    for poly in data:
        rings = [np.asarray(r, dtype=float)[:, ::-1] for r in poly if len(r) >= 3]
        if not rings:
            continue
        polys.append(Polygon(rings[0], rings[1:]))
    geom = MultiPolygon(polys) if len(polys) > 1 else polys[0]
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return _polygonal(geom)


def _polygonal(geom):
    """Keep only the polygon parts of a geometry (make_valid may add lines or points)."""
    from shapely.geometry import MultiPolygon

    if geom.geom_type == "Polygon":
        return geom
    if geom.geom_type == "MultiPolygon":
        return geom
    parts = []
    for g in getattr(geom, "geoms", []):
        if g.geom_type == "Polygon":
            parts.append(g)
        elif g.geom_type == "MultiPolygon":
            parts.extend(g.geoms)
    return MultiPolygon(parts) if len(parts) != 1 else parts[0]


def _kind(code: str) -> str:
    n = len(code)
    if n == 2:
        return "provinsi"
    if n == 5:
        return "kota" if int(code[3:5]) >= 71 else "kabupaten"
    return "kecamatan"


def build_regions(names: list[tuple], population: list[tuple], areas: list[tuple]) -> pd.DataFrame:
    rows = [(c, n) for c, n, *_ in names if len(c) in LEVEL_OF_LEN]
    df = pd.DataFrame(rows, columns=["code", "name"]).drop_duplicates("code")
    df["level"] = df["code"].str.len().map(LEVEL_OF_LEN)
    df["parent_code"] = df["code"].map(lambda c: c.rsplit(".", 1)[0] if "." in c else None)
    df["kind"] = df["code"].map(_kind)
    pop = pd.DataFrame([(c, int(m), int(f), int(t)) for c, _n, m, f, t in population],
                       columns=["code", "population_male", "population_female", "population_total"])
    area = pd.DataFrame([(c, float(a)) for c, _n, a in areas], columns=["code", "area_km2"])
    df = df.merge(pop, on="code", how="left").merge(area, on="code", how="left")
    for col in ("population_male", "population_female", "population_total"):
        df[col] = df[col].astype("Int64")
    return df.sort_values("code").reset_index(drop=True)


def national_population(population: list[tuple]) -> int | None:
    for c, _n, _m, _f, t in population:
        if c == "0":
            return int(t)
    return None


def build_dir() -> Path:
    return config.derived_dir() / f"{fetch.manifest_digest()}-v{CONVERT_VERSION}"


def _read_raw(files: list[fetch.ManifestFile], pattern: str) -> list[tuple[str, str]]:
    out = []
    for f in files:
        if re.fullmatch(pattern, f.path):
            out.append((f.path, f.local_path().read_text(encoding="utf-8")))
    return out


def is_built(folder: Path | None = None, deep: bool = False) -> bool:
    """True if ``folder`` holds a complete build. ``deep`` also checks every file's sha256,
    so a file damaged in place (same size, other bytes) is noticed too."""
    folder = folder or build_dir()
    stamp = folder / "build.json"
    if not stamp.is_file():
        return False
    try:
        info = json.loads(stamp.read_text())
        for name, size in info["files"].items():
            p = folder / name
            if not p.is_file() or p.stat().st_size != size:
                return False
            if deep and fetch.sha256_file(p) != info["sha256"][name]:
                return False
        return True
    except (ValueError, KeyError, OSError):
        return False


def convert(log=print, force: bool = False, deep: bool = True) -> dict:
    """Build the derived files from the cached raw files (fetch first). Returns build info.

    Nothing is done when a complete build exists (``deep``: with verified digests) unless
    ``force``. A lock file serialises builds between processes sharing the cache.
    """
    target = build_dir()
    with _build_lock(target.parent):
        if not force and is_built(target, deep=deep):
            return json.loads((target / "build.json").read_text()) | {"rebuilt": False}
        if target.exists() and not force:
            log(f"derived files in {target} are incomplete or damaged: rebuilding")
        return _convert(target, log)


def _convert(target: Path, log) -> dict:
    import geopandas as gpd

    from jkn_geo.geography import webgeom
    t0 = time.perf_counter()
    files = fetch.load_manifest()
    bad = [f.path for f in files if not fetch.is_cached(f)]
    if bad:
        raise fetch.FetchError(f"{len(bad)} upstream files are missing or damaged in the cache "
                               f"(first: {bad[0]}). Fix: run `python -m jkn_geo fetch`.")
    names = parse_table_sql(_read_raw(files, r"db/wilayah\.sql")[0][1])
    population = parse_table_sql(_read_raw(files, r"db/wilayah_penduduk\.sql")[0][1])
    areas = parse_table_sql(_read_raw(files, r"db/wilayah_luas\.sql")[0][1])
    regions = build_regions(names, population, areas)

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    info: dict = {"manifest": fetch.manifest_digest(), "convert_version": CONVERT_VERSION,
                  "national_population": national_population(population), "levels": {}, "files": {}}
    try:
        label_pts = {}
        for level, sub in (("province", "prov"), ("regency", "kab"), ("district", "kec")):
            rows = []
            for _path, text in _read_raw(files, rf"db/{sub}/wilayah_boundaries_{sub}_\d+\.sql"):
                rows.extend(parse_boundaries_sql(text))
            codes = [r[0] for r in rows]
            if len(set(codes)) != len(codes):
                dup = pd.Series(codes)[pd.Series(codes).duplicated()].iloc[0]
                raise ValueError(f"duplicate boundary code {dup} at level {level}")
            geoms = [path_to_geometry(r[4]) for r in rows]
            gdf = gpd.GeoDataFrame({"code": codes, "boundary_name": [r[1] for r in rows]},
                                   geometry=geoms, crs="EPSG:4326").sort_values("code").reset_index(drop=True)
            for r in rows:
                label_pts[r[0]] = (r[3], r[2])
            gdf.to_parquet(tmp / f"geom_{level}.parquet", index=False)
            web, stats = webgeom.simplify_level(gdf, level)
            web.to_parquet(tmp / f"web_{level}.parquet", index=False)
            info["levels"][level] = {"regions": len(gdf)} | stats
            log(f"converted {level}: {len(gdf)} regions, {stats['raw_vertices']:,} → "
                f"{stats['web_vertices']:,} vertices, GeoJSON {stats['raw_geojson_bytes']:,} → "
                f"{stats['web_geojson_bytes']:,} bytes")
        regions["lon"] = regions["code"].map(lambda c: label_pts.get(c, (np.nan, np.nan))[0])
        regions["lat"] = regions["code"].map(lambda c: label_pts.get(c, (np.nan, np.nan))[1])
        regions["has_geometry"] = regions["code"].isin(label_pts.keys())
        regions.to_parquet(tmp / "regions.parquet", index=False)
        info["regions"] = {lvl: int((regions["level"] == lvl).sum()) for lvl in LEVELS}
        info["seconds"] = round(time.perf_counter() - t0, 2)
        info["files"] = {p.name: p.stat().st_size for p in tmp.iterdir()}
        info["sha256"] = {p.name: fetch.sha256_file(p) for p in tmp.iterdir()}
        (tmp / "build.json").write_text(json.dumps(info, indent=1))
        if target.exists():
            shutil.rmtree(target)
        tmp.rename(target)
        for old in target.parent.iterdir():  # builds for other manifests/versions are stale
            if old != target and old.is_dir() and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return info | {"rebuilt": True}


_VERIFIED: set[str] = set()


def ensure_built(log=print) -> Path:
    """Fetch (if needed) and convert (if needed); return the folder with the derived files.

    The first call in a process checks the digests of the derived files; a damaged or
    half-written file makes it rebuild (from the verified raw files, fetching again any that
    are damaged too).
    """
    target = build_dir()
    if str(target) in _VERIFIED and is_built(target):
        return target
    if not is_built(target, deep=True):
        fetch.fetch_all(log=log, progress=False)
        convert(log=log, deep=True)
    _VERIFIED.add(str(target))
    return target


@contextlib.contextmanager
def _build_lock(folder: Path):
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
