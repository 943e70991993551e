"""End-to-end: one view on every page, in headless Debian Chromium (issue 13).

Peta (demo, a period, Jawa Timur, activity) → Peringkat → Tren → Data → Peta through the menu:
every page keeps the dataset, period, region and indicator, and its URL carries them; the
Jawa Timur question is answered on Peringkat with its totals row. Screenshots of Peringkat and
Tren at 1400×1000 and 390×844 go to ``tests/e2e/out/`` (git-ignored) or ``$JKN_SHOTS``.

Skips cleanly when /usr/bin/chromium or playwright is missing; the app runs on a fresh store.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import devserver
import pytest

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(os.environ.get("JKN_SHOTS") or Path(__file__).resolve().parent / "out")
VIEW = {"ds": "demo-sintetis", "per": "2024-06", "reg": "35", "ind": "activity_pct"}


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    if not Path(devserver.CHROMIUM).exists():
        pytest.skip(f"{devserver.CHROMIUM} not installed (Debian package chromium)")
    pytest.importorskip("playwright.sync_api", reason="python playwright not installed")
    tmp = tmp_path_factory.mktemp("e2e_pages")
    proc, base = devserver.start_streamlit(ROOT / "app.py", log=tmp / "server.log",
                                           env_extra={"JKN_GEO_DB": tmp / "e2e.duckdb"}, timeout=120)
    yield base
    devserver.stop(proc)


@pytest.fixture(scope="module")
def browser(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=devserver.CHROMIUM, args=devserver.CHROMIUM_ARGS)
        yield b
        b.close()


def _page(browser, width=1400, height=1000):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    return ctx, pg


def _query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def _idle(page) -> None:
    """Wait until the script run is over (no "running" status widget), then a moment more."""
    page.wait_for_timeout(600)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)
    page.wait_for_timeout(400)


def _menu(page, name: str) -> None:
    """Go to a page through the sidebar menu, as a user does."""
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=name).first.click()
    _idle(page)


def _dataset_shown(page) -> str:
    """The text of the sidebar's dataset box (and the synthetic banner's dataset name)."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    return box.inner_text() + " " + page.locator('[data-testid="stMain"]').inner_text()[:2000]


def _wait_query(page, want: dict) -> dict:
    page.wait_for_function("(want) => { const q = new URLSearchParams(window.location.search);"
                           " return Object.entries(want).every(([k, v]) => q.get(k) === v); }", arg=want,
                           timeout=60_000)
    return _query(page)


def shot(page, name: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    page.wait_for_timeout(800)
    page.screenshot(path=str(path), full_page=False)
    return path


def test_the_view_stays_on_every_page(browser, app_url):
    ctx, page = _page(browser)
    try:
        page.goto(app_url + "/?" + "&".join(f"{k}={v}" for k, v in VIEW.items()))
        _idle(page)
        page.get_by_text("Jawa Timur").first.wait_for()
        assert _wait_query(page, VIEW) == VIEW

        _menu(page, "Peringkat")
        assert "/peringkat" in page.url.lower()
        _wait_query(page, VIEW)
        page.get_by_role("heading", name="Peringkat kabupaten/kota · Jawa Timur").wait_for()
        assert "demo-sintetis" in _dataset_shown(page)

        _menu(page, "Tren")
        q = _wait_query(page, VIEW)
        assert q["ds"] == "demo-sintetis"
        main = page.locator('[data-testid="stMain"]')
        main.get_by_text("Jawa Timur").first.wait_for()                 # the map's region, not a default
        assert "Keaktifan peserta" in main.inner_text()
        assert "demo-sintetis" in _dataset_shown(page)

        _menu(page, "Data")
        _wait_query(page, VIEW)

        _menu(page, "Peta")
        assert _wait_query(page, VIEW) == VIEW
        page.get_by_text("Jawa Timur").first.wait_for()
        assert "tidak ada data" not in page.locator('[data-testid="stMain"]').inner_text()[:300]
    finally:
        ctx.close()


def test_jawa_timur_question_answered_with_totals(browser, app_url):
    ctx, page = _page(browser)
    try:
        page.goto(app_url + "/Peringkat?ds=demo-sintetis&reg=35&flt=cov")
        _idle(page)
        shot(page, "jatim_question")
        page.get_by_text("Jumlah untuk").first.wait_for()
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "Perlu didaftarkan" in main and "Biaya setahun" in main and "jiwa" in main
        assert "di bawah target cakupan" in page.locator('[data-testid="stSidebar"]').inner_text()
        assert _query(page).get("flt") == "cov"
    finally:
        ctx.close()


@pytest.mark.parametrize("size", [(1400, 1000), (390, 844)])
@pytest.mark.parametrize("path,name", [("/Peringkat", "peringkat"), ("/Tren", "tren")])
def test_screenshots(browser, app_url, size, path, name):
    ctx, page = _page(browser, *size)
    try:
        page.goto(app_url + path + "?ds=demo-sintetis&reg=35&flt=cov")
        _idle(page)
        page.wait_for_timeout(1500)
        shot(page, f"{name}_{size[0]}x{size[1]}")
        assert _query(page)["reg"] == "35"
    finally:
        ctx.close()
