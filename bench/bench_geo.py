"""Benchmark of the reference geography (issue 1). Not a test: prints numbers.

    JKN_GEO_MIRROR=file://$(realpath ../shared/upstream) python bench/bench_geo.py

1. cold fetch + convert into an empty temporary cache (from JKN_GEO_MIRROR);
2. warm load per level in a fresh process (registry, full and web geometry);
3. raw vs web-geometry GeoJSON bytes and vertices per level.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WARM = r"""
import json, sys, time
t = time.perf_counter()
from jkn_geo.geography.registry import get_registry
reg = get_registry(); out = {"registry": time.perf_counter() - t}
from jkn_geo.geography import boundaries as geo
for level in ("province", "regency", "district"):
    for web in (True, False):
        geo._read.cache_clear()
        t = time.perf_counter(); g = geo.load_level(level, web=web)
        out[f"{level}:{'web' if web else 'full'}"] = time.perf_counter() - t
print(json.dumps(out))
"""


def main() -> None:
    if not os.environ.get("JKN_GEO_MIRROR"):
        mirror = (ROOT.parent / "shared" / "upstream").resolve()
        if mirror.is_dir():
            os.environ["JKN_GEO_MIRROR"] = mirror.as_uri()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, JKN_GEO_CACHE=tmp)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "jkn_geo", "fetch", "--quiet"], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "jkn_geo", "fetch", "--quiet"], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        second = time.perf_counter() - t0
        warm = json.loads(subprocess.run([sys.executable, "-c", WARM], env=env, cwd=ROOT, check=True,
                                         capture_output=True, text=True).stdout)
        build = next(Path(tmp, "derived").iterdir())
        info = json.loads((build / "build.json").read_text())
    print(f"source: {os.environ.get('JKN_GEO_MIRROR', 'default URLs')}")
    print(f"cold fetch + convert (empty cache, new process): {cold:6.1f} s")
    print(f"second run (verify digests, nothing to do):      {second:6.1f} s")
    print(f"warm load, registry (regions.parquet + index):   {warm['registry']:6.2f} s")
    print()
    print(f"{'level':9} {'regions':>7} {'load web s':>10} {'load full s':>11} {'raw vertices':>12} {'web vertices':>12} "
          f"{'raw GeoJSON B':>14} {'web GeoJSON B':>14} {'ratio':>6}  settings")
    for level, st in info["levels"].items():
        print(f"{level:9} {st['regions']:7d} {warm[level + ':web']:10.3f} {warm[level + ':full']:11.3f} "
              f"{st['raw_vertices']:12,d} {st['web_vertices']:12,d} {st['raw_geojson_bytes']:14,d} "
              f"{st['web_geojson_bytes']:14,d} {st['raw_geojson_bytes'] / st['web_geojson_bytes']:5.1f}x  "
              f"islets<{st['islet_km2']} km², VW tolerance {st['tolerance_deg']}°, gaps<{st['gap_deg']}°, "
              f"{st['decimals']} dp, {st['islets_dropped']:,} islets dropped")


if __name__ == "__main__":
    main()
