"""Benchmark (not a test): import throughput and indicator computation time.

    .venv/bin/python bench/bench_import.py [--repeat 3]

Builds a 514 regencies × 36 months table (the demo panel's figures, written the way
officials write them: Indonesian thousands dots, month names), imports it as CSV and as
XLSX into a fresh temporary store, and times the indicator table at each level and a
trend series. Prints numbers only; nothing is asserted.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import _setup  # noqa: E402,F401  (repository on sys.path, cache, offline mirror)


def _timed(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from jkn_geo.analysis import indicators
    from jkn_geo.figures import demo, shipped, store, templates
    from jkn_geo.figures.importer import import_file
    from jkn_geo.figures.parsing import month_range
    from jkn_geo.fmt import MONTHS_ID
    from jkn_geo.geography.registry import get_registry

    reg = get_registry()
    months = month_range("2023-01", "2025-12")
    panel = demo.generate(registry=reg, end="2025-12")
    panel = panel[(panel.level == "regency") & panel.period.isin(months)]
    # a complete 514 × 36 grid: the demo's few missing months are filled from the month before
    import pandas as pd

    grid = pd.MultiIndex.from_product([sorted(panel.code.unique()), months], names=["code", "period"])
    panel = (panel.set_index(["code", "period"])[["registered", "active"]].reindex(grid)
             .groupby(level="code").ffill().groupby(level="code").bfill().reset_index())
    names = dict(zip(reg.frame("regency").code, reg.frame("regency").name))

    def dots(x):
        return f"{int(x):,}".replace(",", ".")

    table = panel.assign(
        kode=panel.code, nama_wilayah=panel.code.map(names),
        periode=[f"{MONTHS_ID[int(p[5:]) - 1]} {p[:4]}" for p in panel.period],
        peserta_terdaftar=[dots(v) for v in panel.registered], peserta_aktif=[dots(v) for v in panel.active],
    )[["kode", "nama_wilayah", "periode", "peserta_terdaftar", "peserta_aktif"]]
    n = len(table)
    csv_bytes = templates.to_csv_bytes(table)
    xlsx_bytes = templates.to_xlsx_bytes(table)
    print(f"table: {n} rows ({table.kode.nunique()} regencies × {table.periode.nunique()} months), CSV {len(csv_bytes) / 1e6:.2f} MB, XLSX {len(xlsx_bytes) / 1e6:.2f} MB")

    with tempfile.TemporaryDirectory() as tmp:
        st = store.Store(Path(tmp) / "bench.duckdb")
        k = {"i": 0}

        def do_import(data, fname):
            k["i"] += 1
            rep = import_file(st, data, name=f"bench{k['i']}", filename=fname, registry=reg)
            assert rep.ok, rep.errors[:3]
            return rep

        for label, data, fname in (("CSV", csv_bytes, "bench.csv"), ("XLSX", xlsx_bytes, "bench.xlsx")):
            sec, rep = _timed(lambda: do_import(data, fname), args.repeat)
            print(f"import {label:4s}: {sec:6.2f} s median of {args.repeat}  →  {n / sec:8.0f} rows/s "
                  f"({rep.rows} rows stored)")

        t = time.perf_counter()
        shipped.ensure_shipped(st, registry=reg)
        print(f"shipped datasets (published + demo panel, {len(st.figures(store.DEMO_DATASET))} demo rows) "
              f"generated and stored: {time.perf_counter() - t:.2f} s")
        sec, _ = _timed(lambda: shipped.ensure_shipped(st, registry=reg), args.repeat)
        print(f"open_store when already current: {sec * 1000:.1f} ms")

        ds = "bench1"
        for level, within in (("province", None), ("regency", None), ("regency", "35"), ("district", None),
                              ("national", None)):
            sec, tab = _timed(lambda: indicators.indicator_table(st, ds, level, within=within, registry=reg),
                              args.repeat)
            print(f"indicator_table {level:8s}{'/' + within if within else '':4s}: {sec * 1000:7.1f} ms "
                  f"({len(tab)} rows)")
        sec, tab = _timed(lambda: indicators.indicator_table(st, store.DEMO_DATASET, "district", within="35",
                                                             registry=reg), args.repeat)
        print(f"indicator_table district/35 (demo): {sec * 1000:7.1f} ms ({len(tab)} rows)")
        for code in ("ID", "18", "18.71", "35.08.01"):
            sec, s = _timed(lambda: indicators.region_series(st, store.DEMO_DATASET, code, registry=reg), args.repeat)
            print(f"region_series {code:9s}: {sec * 1000:7.1f} ms ({len(s)} periods)")
        frame = pd.DataFrame({"population": panel.registered * 1.05, "registered": panel.registered,
                              "active": panel.active})
        sec, _ = _timed(lambda: indicators.compute(frame), args.repeat)
        print(f"compute() on {len(frame)} rows: {sec * 1000:.1f} ms")
        st.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
