"""Benchmark: the explorer's map vs a naive folium choropleth of the raw geometry (no caching).

    .venv/bin/python bench/bench_map.py            # prints a table; also writes bench/out/bench_map.json
    .venv/bin/python bench/bench_map.py --no-browser

Measured, in one run:

1. **Geometry bytes** sent per level. Naive: the full-resolution boundaries of the level as
   GeoJSON (``load_level(level, web=False).to_json()``, what a first folium choropleth does).
   App: the simplified web geometry, pre-projected to zoom-14 pixels and delta-encoded, with
   codes and names (``mapview.geometry(...).data``), for what it actually draws
   (all 38 provinces; the regencies of one province; the districts of one regency) and also
   for the whole level, so the like-for-like ratio is visible.
2. **Python build time** of the map. Naive: ``folium.Map`` + ``folium.Choropleth`` on the raw
   GeoDataFrame + HTML render, every time. App: cold (first geometry build) and warm (what a
   rerun does: cached geometry, new style payload, base map + style group rendered to the
   strings streamlit-folium sends).
3. **Time until all shapes are drawn** in headless Chromium (both pages load the same local
   Leaflet; timed from navigation start until the frame after every shape's SVG path exists).
   An empty Leaflet page is timed the same way: that floor (browser start of the page, Leaflet
   itself) is the same for both, so the ratio is also given net of it.
4. **Rerun after changing indicator and period**. Naive: a changed choropleth means building
   and drawing the whole map again (Python build + draw). App: warm Python rerun + the
   in-browser restyle (``window.jkn.apply``) of the live map, which is not remounted.
5. **Districts of any one province**: payload of every province's districts; the largest is
   drawn in the browser.

Targets (issue 3): regency payload ≤ 1/10 of naive; draw and rerun ≥ 5× faster; districts
of any one province drawable. Numbers are printed, never asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from _setup import ROOT  # noqa: E402  (repository on sys.path, cache, offline mirror)

OUT = ROOT / "bench" / "out"
from devserver import CHROMIUM, CHROMIUM_ARGS, start_streamlit  # noqa: E402


def timed(fn, repeat=1):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return out, statistics.median(times)


def data_tables(levels=("province", "regency")):
    """Indicator tables from the real data layer (the shipped demo dataset, in a fresh store)."""
    from jkn_geo.analysis import indicators
    from jkn_geo.config import DEMO_DATASET
    from jkn_geo.figures.shipped import open_store

    tmpdb = Path(tempfile.mkdtemp()) / "bench.duckdb"
    os.environ["JKN_GEO_DB"] = str(tmpdb)
    store = open_store()
    periods = store.periods(DEMO_DATASET)
    src = "data layer (demo dataset)"

    def table(level, within=None, period=None):
        return indicators.indicator_table(store, DEMO_DATASET, level, period=period or periods[-1], within=within)
    return table, periods, src


META = {"coverage_pct": {"label_id": "Cakupan kepesertaan", "label_en": "Coverage", "unit": "pct",
                         "target": "coverage", "higher_is_better": True},
        "activity_pct": {"label_id": "Keaktifan peserta", "label_en": "Activity", "unit": "pct",
                         "target": "activity", "higher_is_better": True}}


def app_payload(tab, indicator, period, codes):
    from jkn_geo.analysis import classify
    from jkn_geo.render import mapview

    meta = META[indicator]
    target = 98.0 if indicator == "coverage_pct" else 80.0
    cls = classify.classify(tab[indicator].tolist(), unit="pct", scheme="target", target=target,
                            target_kind=meta["target"])
    return mapview.style_payload(tab, indicator, meta, cls, period=period, codes=codes,
                                 dataset_label="demo", synthetic=True, target_label="target")


def app_rerun_python(level, within, tab, indicator, period, assets):
    """What the explorer does on a rerun: base map + style group → the strings st_folium sends."""
    from streamlit_folium import _get_feature_group_string, _get_map_string, generate_js_hash

    from jkn_geo.render import mapview

    geom = mapview.geometry(level, within)
    payload = app_payload(tab, indicator, period, geom.codes)
    m = mapview.build_base_map(level, within, assets=assets)
    m.get_root().render()
    script = _get_map_string(m)
    key = generate_js_hash(script, "jkn_map")
    fg = _get_feature_group_string(mapview.style_group(payload), m)
    return script, fg, key, payload


def naive_map(level, tab, indicator, assets):
    """The naive baseline: raw geometry straight into folium.Choropleth, rendered to HTML."""
    import folium

    from jkn_geo.geography.boundaries import load_level

    gdf = load_level(level, web=False)
    m = folium.Map(location=[-2.5, 118], zoom_start=5, tiles=None)
    m.default_js = [("leaflet", u) for u in assets["js"]]
    m.default_css = [("leaflet_css", u) for u in assets["css"]]
    ch = folium.Choropleth(geo_data=gdf, data=tab, columns=["code", indicator], key_on="feature.properties.code",
                           fill_color="YlGnBu", nan_fill_color="#cccccc", bins=6)
    # its legend needs d3 from a CDN; the offline comparison leaves it out
    from branca.colormap import ColorMap

    for parent in (ch, m):
        for k, c in list(parent._children.items()):
            if isinstance(c, ColorMap):
                del parent._children[k]
    ch.color_scale = None
    ch.add_to(m)
    html = m.get_root().render()
    return html


def local_file_assets():
    from jkn_geo.render import assets

    if not assets.installed():
        raise SystemExit("Leaflet assets missing: run bash tools/install_assets.sh")
    d = assets.leaflet_dir()
    return {"js": [(d / "leaflet.js").as_uri()], "css": [(d / "leaflet.css").as_uri()], "local": True}


def browser_draw(pages: dict[str, tuple[Path, int]], apply_payloads: dict[str, dict] | None = None, repeat=3):
    """{name: (html file, expected shapes)} → {name: median ms until all shapes drawn}."""
    from playwright.sync_api import sync_playwright

    res = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, (path, n) in pages.items():
            times, apply_ms = [], []
            for _ in range(repeat):
                ctx = b.new_context(viewport={"width": 1200, "height": 800})
                pg = ctx.new_page()
                pg.goto(path.as_uri(), wait_until="commit")
                cond = (f"document.querySelectorAll('path.leaflet-interactive').length >= {n}" if n
                        else "!!(window.L && document.querySelector('.leaflet-container'))")
                pg.wait_for_function(f"() => {cond}", polling="raf", timeout=120_000)
                # drawn = painted: the frame after the shapes exist (same wait for every page)
                times.append(pg.evaluate("() => new Promise(r => requestAnimationFrame(() =>"
                                         " setTimeout(() => r(performance.now()), 0)))"))
                if apply_payloads and name in apply_payloads:
                    ms = pg.evaluate("""(p) => { const t = performance.now(); window.jkn.apply(p);
                        document.body.getBoundingClientRect(); return performance.now() - t; }""",
                                     apply_payloads[name])
                    # wait a frame so the restyle is painted, and include it
                    ms += pg.evaluate("() => new Promise(r => { const t = performance.now();"
                                      " requestAnimationFrame(() => r(performance.now() - t)); })")
                    apply_ms.append(ms)
                ctx.close()
            res[name] = {"draw_ms": statistics.median(times)}
            if apply_ms:
                res[name]["apply_ms"] = statistics.median(apply_ms)
        b.close()
    return res


# ---- end to end in Streamlit ------------------------------------------------------------------


def _frame_states(page):
    out = []
    for fr in page.frames:
        if "st_folium" not in fr.url:
            continue
        try:
            out.append((fr, fr.evaluate("""() => [window.__bench_old === true,
                document.querySelectorAll('path.leaflet-interactive').length,
                (document.querySelector('.leaflet-container') || {getAttribute: () => null}).getAttribute('data-jkn-token')]""")))
        except Exception:
            pass
    return out


def _wait(page, pred, timeout=180.0):
    t = time.perf_counter()
    while time.perf_counter() - t < timeout:
        for fr, st_ in _frame_states(page):
            if pred(st_):
                return fr, st_
        page.wait_for_timeout(20)  # (time.sleep would block playwright's event loop)
    raise TimeoutError("map not drawn in time")


def streamlit_e2e(n_shapes: dict, repeat: int = 2) -> dict:
    """Page load → all shapes drawn, and indicator / period change → map updated, for the app
    (app.py) and the naive page (bench/naive_app.py), in the same headless Chromium."""
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench_st_"))
    link = ROOT / "bench" / "static"  # the naive page's static folder = the app's (git-ignored link)
    if not link.exists():
        link.symlink_to(ROOT / "static", target_is_directory=True)
    procs = []
    res: dict = {}
    try:
        app, app_url = start_streamlit(ROOT / "app.py", None, tmp / "app.log",
                                       {"JKN_GEO_DB": str(tmp / "app.duckdb")})  # DuckDB: one process per file
        procs.append(app)
        naive, naive_url = start_streamlit(ROOT / "bench" / "naive_app.py", None, tmp / "naive.log",
                                           {"JKN_GEO_DB": str(tmp / "naive.duckdb")})
        procs.append(naive)
        from jkn_geo.config import DEMO_DATASET

        views = {"province": ("", "", n_shapes["province"]), "regency_of_lampung": ("regency", "18", 15),
                 "regency_all": ("regency", "", 514)}
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for view, (level, within, n) in views.items():
                for who, base in (("app", app_url), ("naive", naive_url)):
                    if who == "app":
                        if view == "regency_all":
                            continue  # the explorer never draws all 514 regencies at once
                        url = f"{base}/?ds={DEMO_DATASET}" + (f"&reg={within}" if within else "")
                    else:
                        url = f"{base}/?level={level or 'province'}" + (f"&within={within}" if within else "")
                    loads, reruns, remounted = [], [], []
                    for i in range(repeat + 1):  # the first visit warms the server up and is not counted
                        ctx = b.new_context(viewport={"width": 1400, "height": 1000})
                        pg = ctx.new_page()
                        t = time.perf_counter()
                        pg.goto(url, wait_until="commit")
                        fr, _st = _wait(pg, lambda s: s[1] >= n and (who == "naive" or s[2]))
                        if i:
                            loads.append(time.perf_counter() - t)
                        # change the indicator, then the period; wait for the map to show each
                        for step in ("indicator", "period"):
                            fr.evaluate("() => { window.__bench_old = true; }")
                            before = _st[2]
                            t = time.perf_counter()
                            if step == "indicator":
                                box = pg.get_by_role("combobox").nth(1 if who == "app" else 0)
                                box.click()
                                pg.keyboard.press("ArrowDown")
                                pg.keyboard.press("Enter")
                            else:
                                pg.get_by_role("slider").first.focus()
                                pg.keyboard.press("ArrowLeft")
                            if who == "app":
                                fr2, _st = _wait(pg, lambda s: s[2] and s[2] != before and s[1] >= n)
                            else:
                                fr2, _st = _wait(pg, lambda s: (not s[0]) and s[1] >= n)
                            if i:
                                reruns.append(time.perf_counter() - t)
                                remounted.append(not _st[0])
                            fr = fr2
                        ctx.close()
                    res.setdefault(view, {})[who] = {"load_s": statistics.median(loads),
                                                     "rerun_s": statistics.median(reruns),
                                                     "remounted": any(remounted)}
            b.close()
    finally:
        for pr in procs:
            pr.terminate()
            try:
                pr.wait(10)
            except Exception:
                pr.kill()
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-streamlit", action="store_true", help="skip the end-to-end Streamlit runs")
    args = ap.parse_args(argv)

    from jkn_geo.geography.boundaries import load_level
    from jkn_geo.geography.registry import get_registry
    from jkn_geo.render import mapview

    reg = get_registry()
    table, periods, src = data_tables()
    p1, p0 = periods[-1], periods[max(0, len(periods) - 4)]
    results: dict = {"data": src, "periods": [p1, p0]}
    print(f"data: {src}; periods {p1} → {p0}\n")

    # 1. bytes --------------------------------------------------------------------------------
    print("1. geometry bytes sent (naive: raw GeoJSON; app: pre-projected, delta-encoded web geometry)")
    bytes_rows = []
    for level in ("province", "regency", "district"):
        naive = len(load_level(level, web=False).to_json().encode())
        whole = mapview.geometry(level, None).nbytes
        bytes_rows.append((level, naive, whole))
        print(f"   {level:9s} whole level: naive {naive / 1e6:8.2f} MB   app {whole / 1e6:6.3f} MB   "
              f"ratio 1/{naive / whole:5.1f}")
    lampung = mapview.geometry("regency", "18").nbytes
    bl = mapview.geometry("district", "18.71").nbytes
    print(f"   app draws per view: regencies of Lampung {lampung / 1e3:.1f} KB; districts of Kota Bandar Lampung "
          f"{bl / 1e3:.1f} KB")
    results["bytes"] = {lv: {"naive": n, "app": a, "ratio": n / a} for lv, n, a in bytes_rows}
    results["bytes"]["regency_of_lampung_app"] = lampung
    results["bytes"]["district_of_bandar_lampung_app"] = bl

    # 5a. districts of every province --------------------------------------------------------
    sizes = {p: mapview.geometry("district", p).nbytes for p in reg.codes("province")}
    biggest = max(sizes, key=sizes.get)
    n_big = len(mapview.geometry("district", biggest).codes)
    print(f"\n5. districts of one province: largest payload {reg.name(biggest)} ({biggest}) "
          f"{sizes[biggest] / 1e3:.0f} KB, {n_big} districts; median province {statistics.median(sizes.values()) / 1e3:.0f} KB")
    results["districts"] = {"largest_province": biggest, "largest_bytes": sizes[biggest], "largest_count": n_big}

    # 2. python build --------------------------------------------------------------------------
    file_assets = local_file_assets()
    print("\n2. Python build time (median of %d)" % args.repeat)
    tabs = {("province", p1): table("province", None, p1), ("regency", p1): table("regency", None, p1)}
    tab_prov_old = table("province", None, p0)
    build = {}
    for level in ("province", "regency"):
        tab = tabs[(level, p1)]
        mapview.geometry.cache_clear()
        _, cold = timed(lambda: app_rerun_python(level, None, tab, "coverage_pct", p1, file_assets))
        _, warm = timed(lambda: app_rerun_python(level, None, tab, "activity_pct", p1, file_assets), args.repeat)
        _, naive = timed(lambda: naive_map(level, tab, "coverage_pct", file_assets), args.repeat)
        build[level] = {"naive_s": naive, "app_cold_s": cold, "app_warm_s": warm}
        print(f"   {level:9s} naive {naive:6.2f} s   app cold {cold:6.2f} s   app warm (rerun) {warm:6.3f} s"
              f"   warm speed-up ×{naive / warm:5.1f}")
    results["build"] = build

    # 3 + 4. browser ---------------------------------------------------------------------------
    if args.no_browser or not Path(CHROMIUM).exists():
        print("\n3./4. browser: skipped" + ("" if args.no_browser else f" ({CHROMIUM} missing)"))
    else:
        OUT.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix="bench_map_"))
        pages, payloads = {}, {}
        for level, n in (("province", 38), ("regency", 514)):
            tab = tabs[(level, p1)]
            geom = mapview.geometry(level, None)
            (tmp / f"naive_{level}.html").write_text(naive_map(level, tab, "coverage_pct", file_assets))
            (tmp / f"app_{level}.html").write_text(mapview.standalone_html(
                level, None, app_payload(tab, "coverage_pct", p1, geom.codes), assets=file_assets))
            pages[f"naive_{level}"] = (tmp / f"naive_{level}.html", n)
            pages[f"app_{level}"] = (tmp / f"app_{level}.html", n)
            old = tab_prov_old if level == "province" else table(level, None, p0)
            payloads[f"app_{level}"] = app_payload(old, "activity_pct", p0, geom.codes)
        big = mapview.geometry("district", biggest)
        tab_big = table("district", biggest, p1)
        (tmp / "app_district_big.html").write_text(mapview.standalone_html(
            "district", biggest, app_payload(tab_big, "coverage_pct", p1, big.codes), assets=file_assets))
        pages["app_district_big"] = (tmp / "app_district_big.html", len(big.codes))
        (tmp / "empty.html").write_text(
            "<!doctype html><html><head><meta charset='utf-8'>"
            f"<link rel='stylesheet' href='{file_assets['css'][0]}'><script src='{file_assets['js'][0]}'></script>"
            "</head><body><div id='m' style='height:600px'></div><script>"
            "L.map('m').setView([-2.5, 118], 5);</script></body></html>")
        pages["empty_leaflet"] = (tmp / "empty.html", 0)
        draw = browser_draw(pages, payloads, repeat=args.repeat)
        results["browser"] = draw
        print("\n3. time until all shapes drawn in Chromium (median of %d, ms)" % args.repeat)
        for level in ("province", "regency"):
            nv, ap_ = draw[f"naive_{level}"]["draw_ms"], draw[f"app_{level}"]["draw_ms"]
            print(f"   {level:9s} naive {nv:8.0f}   app {ap_:8.0f}   ×{nv / ap_:5.1f}")
        print(f"   districts of {reg.name(biggest)} ({len(big.codes)} shapes): app {draw['app_district_big']['draw_ms']:.0f} ms")
        base = draw["empty_leaflet"]["draw_ms"]
        print(f"   (an empty Leaflet page takes {base:.0f} ms; beyond it, drawing the shapes takes:")
        for level in ("province", "regency"):
            nv, ap_ = draw[f"naive_{level}"]["draw_ms"] - base, draw[f"app_{level}"]["draw_ms"] - base
            print(f"    {level:9s} naive {nv:8.0f}   app {ap_:8.0f}   ×{nv / max(ap_, 1):5.1f})")
        print("\n4. rerun after changing indicator and period (ms)")
        for level in ("province", "regency"):
            naive_rerun = build[level]["naive_s"] * 1000 + draw[f"naive_{level}"]["draw_ms"]
            app_rerun = build[level]["app_warm_s"] * 1000 + draw[f"app_{level}"]["apply_ms"]
            results.setdefault("rerun", {})[level] = {"naive_ms": naive_rerun, "app_ms": app_rerun}
            print(f"   {level:9s} naive (build + redraw) {naive_rerun:8.0f}   app (warm build + restyle "
                  f"{draw[f'app_{level}']['apply_ms']:.0f} ms in browser) {app_rerun:6.0f}   ×{naive_rerun / app_rerun:5.1f}")

    if not args.no_browser and Path(CHROMIUM).exists() and not args.no_streamlit:
        print("\n6. end to end in Streamlit (headless Chromium; seconds; median of %d after a warm-up visit;"
              " rerun = indicator change and period change, each until the map shows it)" % args.repeat)
        e2e = streamlit_e2e({"province": 38}, repeat=args.repeat)
        results["streamlit"] = e2e
        for view, d in e2e.items():
            a, nv = d.get("app"), d["naive"]
            line = f"   {view:20s} naive: load {nv['load_s']:6.2f}  rerun {nv['rerun_s']:6.2f} (remounted: {nv['remounted']})"
            if a:
                line += (f"\n   {'':20s} app:   load {a['load_s']:6.2f}  rerun {a['rerun_s']:6.2f} (remounted: {a['remounted']})"
                         f"   → load ×{nv['load_s'] / a['load_s']:.1f}, rerun ×{nv['rerun_s'] / a['rerun_s']:.1f}")
            print(line)
        if "regency_all" in e2e and "app" in e2e.get("regency_of_lampung", {}):
            nv, a = e2e["regency_all"]["naive"], e2e["regency_of_lampung"]["app"]
            print(f"   naive all-regency map vs the app's regency view: load ×{nv['load_s'] / a['load_s']:.1f}, "
                  f"rerun ×{nv['rerun_s'] / a['rerun_s']:.1f}")

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_map.json").write_text(json.dumps(results, indent=1, default=float))
    print(f"\nwritten {OUT / 'bench_map.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
