"""Many viewers at once (issue 5). Not a test: prints numbers.

Starts the app (`streamlit run app.py`) on a free localhost port, then opens N concurrent
headless-Chromium sessions (one browser, one context each — separate Streamlit sessions)
that each load the map, wait until the 38 provinces are drawn, click Lampung and wait for its
15 regencies. Reports errors (must be 0), median and worst time to the drawn map and to the
drill-down, and the server's memory (RSS) before, after the first session, and after all.

    python bench/load_test.py [--sessions 20] [--rounds 1]

Traffic goes only to 127.0.0.1; the request count is bounded (sessions × rounds).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
import devserver  # noqa: E402

CHROMIUM, ARGS = devserver.CHROMIUM, devserver.CHROMIUM_ARGS
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def rss_mb(pid: int) -> float:
    total = 0
    for p in [pid] + _children(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of the server process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        return [int(x) for x in out]
    except OSError:
        return []


def start_server(tmp: Path):
    return devserver.start_streamlit(ROOT / "app.py", log=tmp / "server.log",
                                     env_extra={"JKN_GEO_DB": tmp / "load.duckdb"})


async def one_session(browser, base: str, timeout_ms: int, delay: float = 0.0) -> dict:
    await asyncio.sleep(delay)
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()
    page.set_default_timeout(timeout_ms)
    out: dict = {}
    try:
        t0 = time.perf_counter()
        await page.goto(base + "/")
        fr = page.frame_locator(IFRAME).last
        await fr.locator('.leaflet-container[data-jkn-level="province"][data-jkn-token]').wait_for(state="attached")
        paths = fr.locator("path.jkn-region")
        while await paths.count() < 38:
            await asyncio.sleep(0.1)
            if time.perf_counter() - t0 > timeout_ms / 1000:
                raise TimeoutError("provinces not drawn")
        out["map_s"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        await fr.locator("path.jkn-r-18").first.dispatch_event("click")
        await fr.locator('.leaflet-container[data-jkn-level="regency"][data-jkn-within="18"][data-jkn-token]') \
            .wait_for(state="attached")
        while await paths.count() != 15:
            await asyncio.sleep(0.1)
            if time.perf_counter() - t1 > timeout_ms / 1000:
                raise TimeoutError("Lampung regencies not drawn")
        out["drill_s"] = time.perf_counter() - t1
    except Exception as exc:  # counted, reported
        out["error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
    finally:
        await ctx.close()
    return out


async def run(base: str, n: int, rounds: int, pid: int, timeout_ms: int, ramp: float = 0.0) -> None:
    from playwright.async_api import async_playwright

    mem = {"before (server started)": rss_mb(pid)}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        warm = await one_session(browser, base, timeout_ms)
        mem["after 1 session (geometry loaded)"] = rss_mb(pid)
        results = []
        t0 = time.perf_counter()
        c0 = cpu_s(pid)
        for _ in range(rounds):
            results += await asyncio.gather(*(one_session(browser, base, timeout_ms, ramp * i / max(n, 1))
                                              for i in range(n)))
        wall = time.perf_counter() - t0
        server_cpu = cpu_s(pid) - c0
        mem[f"after {n * rounds} concurrent sessions"] = rss_mb(pid)
        await browser.close()
    errors = [r["error"] for r in results if "error" in r]
    maps = sorted(r["map_s"] for r in results if "map_s" in r)
    drills = sorted(r["drill_s"] for r in results if "drill_s" in r)
    print(f"sessions: {len(results)} ({n} per round × {rounds} round(s), starts spread over {ramp:.0f} s), "
          f"wall {wall:.1f} s; warm-up session: map {warm.get('map_s', float('nan')):.2f} s")
    print(f"server CPU for all sessions: {server_cpu:.1f} s ({server_cpu / max(len(results), 1):.2f} s per session "
          f"incl. its drill-down; the rest of the wall time is the one local browser drawing every page "
          f"on the same 2 cores)")
    print(f"errors: {len(errors)}")
    for e in errors[:5]:
        print(f"  - {e}")
    if maps:
        print(f"time to drawn map (38 provinces): median {statistics.median(maps):.2f} s, worst {maps[-1]:.2f} s")
    if drills:
        print(f"time to Lampung drill-down (15 regencies): median {statistics.median(drills):.2f} s, "
              f"worst {drills[-1]:.2f} s")
    for k, v in mem.items():
        print(f"server memory {k}: {v:.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=180, help="seconds per session step")
    ap.add_argument("--ramp", type=float, default=0.0, help="spread the session starts over this many seconds")
    args = ap.parse_args()
    if not os.environ.get("JKN_GEO_MIRROR"):
        mirror = (ROOT.parent / "shared" / "upstream").resolve()
        if mirror.is_dir():
            os.environ["JKN_GEO_MIRROR"] = mirror.as_uri()
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = start_server(Path(tmp))
        try:
            asyncio.run(run(base, args.sessions, args.rounds, proc.pid, int(args.timeout * 1000), args.ramp))
        finally:
            devserver.stop(proc)


if __name__ == "__main__":
    main()
