"""End-to-end: the running app in headless Debian Chromium (Python playwright, no browser download).

Checks that the 38 province shapes appear, clicking Lampung shows its 15 regencies, the
breadcrumb goes back, and a shared URL reopens the same view. Screenshots go to
``tests/e2e/out/`` (git-ignored): look at them.

Skips cleanly when /usr/bin/chromium or playwright is missing. The app runs on the real store
(a fresh one, built with the shipped datasets on first start).
"""
from __future__ import annotations

import time
from pathlib import Path

import devserver
import pytest

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "out"
CHROMIUM, CHROMIUM_ARGS = devserver.CHROMIUM, devserver.CHROMIUM_ARGS
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'



def start_app(tmp_dir: Path, port: int | None = None):
    """Start ``streamlit run app.py`` on a free localhost port; returns (process, base_url)."""
    extra = {"JKN_GEO_DB": tmp_dir / "e2e.duckdb"}
    return devserver.start_streamlit(ROOT / "app.py", port=port, log=tmp_dir / "server.log", env_extra=extra)


def launch_browser(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (Debian package chromium)")
    pytest.importorskip("playwright.sync_api", reason="python playwright not installed")
    from jkn_geo.render import assets

    if not assets.installed():
        pytest.skip("Leaflet assets missing: run `bash tools/install_assets.sh`")
    tmp = tmp_path_factory.mktemp("e2e")
    proc, base = start_app(tmp)
    yield base
    devserver.stop(proc)


@pytest.fixture(scope="module")
def browser(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_browser(p)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    pg.set_default_timeout(45_000)
    yield pg
    ctx.close()


def map_frame(page):
    return page.frame_locator(MAP_IFRAME).last


def _map_states(page):
    """(frame, level, within, token, number of shapes) for every map iframe on the page."""
    out = []
    for fr in page.frames:
        if "st_folium" not in fr.url:
            continue
        try:
            st_ = fr.evaluate("""() => { const c = document.querySelector('.leaflet-container');
                if (!c) return null;
                return [c.getAttribute('data-jkn-level'), c.getAttribute('data-jkn-within'),
                        c.getAttribute('data-jkn-token'), document.querySelectorAll('path.jkn-region').length]; }""")
        except Exception:  # a frame being replaced
            continue
        if st_:
            out.append((fr, *st_))
    return out


def wait_view(page, level: str, within: str = "", shapes: int | None = None, timeout: float = 45.0) -> int:
    """Wait until a map shows ``level`` under ``within`` with its styles applied (and ``shapes``
    shapes if given); returns the number of shapes drawn (0 if it never showed)."""
    deadline = time.time() + timeout
    best = 0
    while time.time() < deadline:
        for _fr, lv, wi, token, n in _map_states(page):
            if lv == level and (wi or "") == within and token:
                best = n
                if shapes is None or n == shapes:
                    return n
        page.wait_for_timeout(100)  # (time.sleep would stall playwright's event loop)
    return best


def shot(page, name: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    page.wait_for_timeout(800)  # let transitions settle
    page.screenshot(path=str(path))
    return path


def click_region(page, code: str) -> None:
    cls = "jkn-r-" + code.replace(".", "-")
    map_frame(page).locator(f"path.{cls}").first.dispatch_event("click")


def test_provinces_then_lampung_then_back(page, app_url):
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith((app_url, "data:", "blob:",
                                                                                 "about:")) else None)
    page.goto(app_url + "/")
    assert wait_view(page, "province", "", 38) == 38
    # works offline: Leaflet and everything else come from this server, no CDN
    assert external == [], external[:5]
    shot(page, "01_indonesia_provinces")

    click_region(page, "18")  # Lampung
    assert wait_view(page, "regency", "18", 15) == 15
    page.wait_for_function("() => window.location.search.includes('reg=18')")
    page.get_by_role("button", name="Lampung").wait_for()
    shot(page, "02_lampung_regencies")

    page.get_by_role("button", name="Indonesia").click()
    assert wait_view(page, "province", "", 38) == 38
    page.wait_for_function("() => !window.location.search.includes('reg=')")
    shot(page, "03_back_to_indonesia")


def test_regency_click_selects_or_drills(page, app_url):
    page.goto(app_url + "/?reg=18")
    wait_view(page, "regency", "18", 15)
    click_region(page, "18.71")  # Kota Bandar Lampung
    page.wait_for_function("() => window.location.search.includes('reg=18.71')")
    # either its districts (dataset has district figures) or Lampung's regencies with it highlighted
    page.get_by_text("Kota Bandar Lampung").first.wait_for()
    states = [s for s in _map_states(page) if s[3]]
    assert states and (states[-1][1], states[-1][2]) in (("district", "18.71"), ("regency", "18"))
    shot(page, "04_bandar_lampung")


def test_shared_url_reopens_view(page, app_url, browser):
    page.goto(app_url + "/?reg=18&ind=activity_pct&cls=quantile")
    assert wait_view(page, "regency", "18", 15) == 15
    page.get_by_text("Keaktifan peserta").first.wait_for()
    url = page.url
    assert "reg=18" in url and "ind=activity_pct" in url and "cls=quantile" in url
    shot(page, "05_shared_url")
    # a colleague opens the same link in a fresh browser context
    ctx2 = browser.new_context(viewport={"width": 1400, "height": 1000})
    p2 = ctx2.new_page()
    p2.set_default_timeout(45_000)
    p2.goto(url)
    assert wait_view(p2, "regency", "18", 15) == 15
    token = map_frame(p2).locator(".leaflet-container").get_attribute("data-jkn-token")
    assert token.startswith("activity_pct|") and "|quantile|" in token
    ctx2.close()


def test_bad_query_values_fall_back(page, app_url):
    page.goto(app_url + "/?ind=nope&reg=99.99&per=garbage&cls=%3Cscript%3E")
    assert wait_view(page, "province", "", 38) == 38
    page.get_by_text("tidak dikenal").first.wait_for()
    page.wait_for_timeout(1500)  # the map's first value reruns the page: the notices must stay
    assert page.get_by_text("tidak dikenal").count() >= 1
    shot(page, "06_bad_query")


def live_map_frame(page):
    """The playwright Frame of the drawn map (for evaluating in it)."""
    for _ in range(200):
        for fr in page.frames:
            if "st_folium" in fr.url:
                try:
                    if fr.evaluate("() => !!document.querySelector('.leaflet-container[data-jkn-token]')"):
                        return fr
                except Exception:
                    pass
        page.wait_for_timeout(50)
    raise AssertionError("no drawn map frame")


def test_indicator_and_period_change_restyle_without_remount(page, app_url):
    page.goto(app_url + "/?reg=18")
    wait_view(page, "regency", "18", 15)
    fr = live_map_frame(page)
    fr.evaluate("() => { window.__e2e_mark = 1; window.__e2e_zoom = window.jkn.map.getZoom(); }")
    token = lambda: fr.evaluate(  # noqa: E731
        "() => document.querySelector('.leaflet-container').getAttribute('data-jkn-token')")
    before = token()
    page.get_by_role("combobox", name="Indikator · Indicator").click()
    page.get_by_role("option", name="Keaktifan peserta (Activity)").click()
    page.wait_for_function("() => window.location.search.includes('ind=activity_pct')")
    for _ in range(200):
        if token() != before:
            break
        page.wait_for_timeout(50)
    assert token().startswith("activity_pct|")
    # same live map: not remounted (no flicker), so the mark set in it is still there
    assert fr.evaluate("() => window.__e2e_mark") == 1
    before = token()
    page.get_by_role("slider").first.focus()
    page.keyboard.press("ArrowLeft")
    for _ in range(200):
        if token() != before:
            break
        page.wait_for_timeout(50)
    assert token() != before and fr.evaluate("() => window.__e2e_mark") == 1
    shot(page, "07_restyled_activity_previous_period")


def test_basemap_offline_does_not_break_the_map(page, app_url):
    page.goto(app_url + "/?bm=1")
    assert wait_view(page, "province", "", 38) == 38
    assert map_frame(page).locator(".leaflet-tile-pane").count() == 1
    shot(page, "08_basemap_offline")


def test_earlier_month_and_inconsistency_marks_in_the_svg(page, app_url):
    """The shipped published figures at their latest month, closest figure within 12 months:
    regions showing an earlier month's figure are filled with the lighter dotted pattern, an
    inconsistent one has the magenta outline and its "!" badge."""
    page.goto(app_url + "/?tol=12")
    assert wait_view(page, "province", "", 38) == 38
    fr = map_frame(page)
    fr.locator(".jkn-bang-icon").first.wait_for(state="attached")
    paths = fr.locator("path.jkn-region").evaluate_all(
        "ps => ps.map(p => [p.getAttribute('class'), p.getAttribute('fill') || '', p.getAttribute('stroke') || ''])")
    older = [c for c, fill, _ in paths if fill.startswith("url(#jkn-old-")]
    bad = [c for c, _, stroke in paths if stroke.lower() == "#c2185b"]
    assert older and bad, paths[:5]
    pattern = fr.locator("pattern[id^='jkn-old-'] circle")
    assert pattern.count() >= 1                                  # the dots of the lighter fill
    assert fr.locator("path.jkn-region[fill^='url(#jkn-hatch)']").count() > 0   # no data: still hatched
    assert fr.locator(".jkn-bang-icon").count() == len(bad)
    shot(page, "05_earlier_and_inconsistent")
