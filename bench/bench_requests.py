"""Server CPU per viewer request (hardening issue): no single request a viewer can make — pages,
view changes, drill-downs, hostile links and search text, an upload sent without an uploader —
may use more than 2 s of server CPU. Not a test: prints one line per request and the worst.

    python bench/bench_requests.py [--target 2.0]

Starts the app on 127.0.0.1 in hosted mode (a viewer, no editor password), drives one headless
Chromium session through the requests, and reads the server process's CPU time (user + system,
all threads, from /proc) before and after each, once the server is idle again. Requests are
bounded in number; traffic goes only to localhost.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from _setup import ROOT  # noqa: F401  (repository and tests on sys.path, cache, offline mirror)
from devserver import CHROMIUM, CHROMIUM_ARGS, start_streamlit, stop

TICK = os.sysconf("SC_CLK_TCK")
MAP = 'iframe[title="streamlit_folium.st_folium"]'


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its finished children (all threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return (utime + stime + cutime + cstime) / TICK


def settle(pid: int, quiet: float = 0.6, limit: float = 60.0) -> None:
    """Wait until the server has used no CPU for ``quiet`` seconds (its work for the request is done)."""
    end = time.monotonic() + limit
    last, since = cpu_seconds(pid), time.monotonic()
    while time.monotonic() < end:
        time.sleep(0.2)
        now = cpu_seconds(pid)
        if now - last > 0.01:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--target", type=float, default=2.0, help="seconds of server CPU allowed per request")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="jkn_req_"))
    proc, base = start_streamlit(log=tmp / "server.log",
                                 env_extra={"JKN_GEO_DB": tmp / "store.duckdb", "JKN_ATLAS_HOSTED": "1"},
                                 drop_env=("JKN_ATLAS_EDITOR_HASH",), timeout=120)
    results: list[tuple[str, float]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})

            def measure(label: str, action) -> None:
                settle(proc.pid)
                before = cpu_seconds(proc.pid)
                action()
                settle(proc.pid)
                results.append((label, cpu_seconds(proc.pid) - before))

            def goto(url: str):
                return lambda: (page.goto(url), page.wait_for_selector(MAP, timeout=120_000) if "/?" in url
                                or url.endswith("/") else page.wait_for_load_state("networkidle"))

            measure("first map (process warm-up: geometry, registry, shipped datasets)", goto(base + "/"))
            measure("map, new session", goto(base + "/?ds=demo-sintetis"))
            measure("map, demo, Lampung drill-down link", goto(base + "/?ds=demo-sintetis&reg=18"))
            measure("map, published figures, Jawa Timur", goto(base + "/?ds=angka-terbit&reg=35"))
            measure("hostile link values (markdown, 5 kB)",
                    goto(base + "/?ds=" + "%5Bx%5D(http://evil/)" * 300 + "&ind=!%5Bx%5D(http://h/p.png)"))
            measure("hostile search text (80 kB of odd spaces)", lambda: (
                page.goto(base + "/?ds=demo-sintetis"), page.wait_for_selector(MAP, timeout=120_000),
                page.get_by_placeholder("Bandar Lampung", exact=False).first.fill("\u00a0\t" * 40000 + "x"),
                page.keyboard.press("Enter")))
            measure("Peringkat on the demo panel", lambda: (page.goto(f"{base}/Peringkat?ds=demo-sintetis"),
                                                            page.wait_for_load_state("networkidle")))
            for name in ("Peringkat", "Tren", "Data", "Sumber_dan_metode"):
                path = "sumber-dan-metode" if name == "Sumber_dan_metode" else name
                measure(f"page {name}", lambda path=path: (page.goto(f"{base}/{path}"),
                                                           page.wait_for_load_state("networkidle")))
            browser.close()

        def hostile_upload():
            req = urllib.request.Request(base + "/_stcore/upload_file/no-such-session/x", data=b"x" * (24 << 20),
                                         method="PUT", headers={"Content-Type": "application/octet-stream"})
            try:
                urllib.request.urlopen(req, timeout=60).read()
            except (urllib.error.URLError, ConnectionError, OSError):
                pass                                        # refused, as it should be

        measure("upload PUT without an uploader (24 MB)", hostile_upload)
    finally:
        stop(proc)
    width = max(len(k) for k, _ in results)
    for label, sec in results:
        print(f"{label:<{width}}  {sec:6.2f} s CPU")
    viewer = [s for k, s in results if not k.startswith("first map")]
    worst = max(viewer)
    print(f"worst viewer request (after warm-up): {worst:.2f} s CPU — target ≤ {args.target:.1f} s: "
          f"{'met' if worst <= args.target else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
