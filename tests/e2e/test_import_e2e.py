"""End-to-end: the Data page (import flow) in headless Debian Chromium (Python playwright, no download).

Starts the app on a fresh store, uploads a file with errors (row-level report shown, nothing
stored, hostile text shown as text), then a good file (checked, imported, listed), then deletes
it with confirmation. Screenshots go to ``tests/e2e/out/import_*.png`` (git-ignored): look at them.
Skips when /usr/bin/chromium or playwright is missing.
"""
from __future__ import annotations

import time
from pathlib import Path

import devserver
import pytest

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "out"
CHROMIUM, CHROMIUM_ARGS = devserver.CHROMIUM, devserver.CHROMIUM_ARGS
NAME = "dinkes-bengkulu-e2e"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (Debian package chromium)")
    pytest.importorskip("playwright.sync_api", reason="python playwright not installed")
    tmp = tmp_path_factory.mktemp("e2e_import")
    try:
        proc, base = devserver.start_streamlit(ROOT / "app.py", log=tmp / "server.log",
                                               env_extra={"JKN_GEO_DB": tmp / "e2e.duckdb"},
                                               drop_env=("JKN_ATLAS_EDITOR_HASH", "JKN_ATLAS_HOSTED"))
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield base
    devserver.stop(proc)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (Debian package chromium)")
    pytest.importorskip("playwright.sync_api", reason="python playwright not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(app_url, browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 2400})
    pg = ctx.new_page()
    pg.set_default_timeout(90_000)
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    ctx.close()


def shot(page, name: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"import_{name}.png"
    time.sleep(0.8)
    page.screenshot(path=str(path))
    return path


def settle(page, timeout: float = 90) -> None:
    """Wait until Streamlit has finished the current run."""
    time.sleep(0.5)
    deadline = time.time() + timeout
    while time.time() < deadline:
        if page.locator('[data-testid="stStatusWidget"]').count() == 0:
            time.sleep(0.3)
            if page.locator('[data-testid="stStatusWidget"]').count() == 0:
                return
        time.sleep(0.3)


def upload(page, filename: str, data: bytes, default_name: str) -> None:
    """Upload a file and wait until the page has rerun for it (its default dataset name shows)."""
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
        files=[{"name": filename, "mimeType": "text/csv", "buffer": data}])
    page.get_by_text(filename).first.wait_for()
    page.wait_for_function(
        "name => [...document.querySelectorAll('input[aria-label=\"Nama dataset\"]')].some(i => i.value === name)",
        arg=default_name, timeout=90_000)
    settle(page)


def good_csv(registry) -> bytes:
    lines = ["kode;nama_wilayah;periode;penduduk;peserta_terdaftar;peserta_aktif"]
    for i, r in enumerate(registry.children("17")):
        pop = 200_000 + 1000 * i
        lines.append(f"{r.code};{r.name};Juli 2025;{pop};{int(pop * 0.96)};{int(pop * 0.96 * 0.81)}")
    return ("\n".join(lines) + "\n").encode()


BAD_CSV = (b"kode;nama_wilayah;periode;peserta_terdaftar;peserta_aktif\n"
           b"17.01;Kabupaten Bengkulu Selatan;2025-06;1000;2000\n"
           b"17.02;Kabupaten Rejang Lebong;2025-06;-5;1\n"
           b";<img src=x onerror=alert(1)>;2025-06;100;50\n")


def select_option(page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).last
    combo = box.get_by_role("combobox")
    combo.click()
    combo.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def test_import_page_end_to_end(page, app_url, registry):
    page.goto(app_url + "/Data")
    page.get_by_text("Dataset tersimpan").wait_for(timeout=240_000)   # first start builds the shipped datasets
    settle(page)
    shot(page, "1_page")

    # a file with errors: row-level report, nothing stored, hostile text stays text
    upload(page, "salah.csv", BAD_CSV, "salah")
    page.get_by_role("button", name="1 · Periksa berkas").click()
    settle(page)
    page.get_by_text("tidak ada yang disimpan").wait_for()
    page.get_by_role("button", name="Unduh laporan validasi (CSV)").wait_for()
    with page.expect_download() as dl:
        page.get_by_role("button", name="Unduh laporan validasi (CSV)").click()
    report = Path(dl.value.path()).read_bytes().decode("utf-8-sig").splitlines()
    assert report[0] == "Tingkat,Baris,Kolom,Nilai,Masalah,Cara memperbaiki"
    assert {r.split(",")[1] for r in report[1:]} >= {"2", "3", "4"}       # every bad row, by row number
    assert any(",'-5," in r for r in report)                              # "-5" neutralised in the report
    assert page.get_by_role("button", name="2 · Impor sebagai").count() == 0
    shot(page, "2_errors")
    assert page.dialogs == [], "uploaded text ran as script"

    # a good file: checked, imported, listed
    upload(page, "dinkes_bengkulu.csv", good_csv(registry), "dinkes_bengkulu")
    name_box = page.get_by_label("Nama dataset")
    name_box.fill(NAME)
    name_box.press("Enter")
    settle(page)
    page.get_by_role("button", name="1 · Periksa berkas").wait_for()
    page.get_by_role("button", name="1 · Periksa berkas").click()
    settle(page)
    page.get_by_text("Berkas siap diimpor").wait_for()
    shot(page, "3_checked")
    page.get_by_role("button", name="2 · Impor sebagai").click()
    settle(page)
    page.get_by_text(f"Tersimpan '{NAME}'").first.wait_for()
    listing = page.locator('[data-testid="stDataFrame"]').first
    listing.wait_for()
    shot(page, "4_imported")
    assert page.get_by_text(f"'{NAME}'").count() >= 1          # the summary names the stored dataset

    # delete with confirmation (the new dataset is offered: it is in the store)
    select_option(page, "Dataset", NAME)
    page.get_by_role("button", name="Hapus…").click()
    settle(page)
    page.get_by_text(f"Hapus dataset «{NAME}»").wait_for()
    shot(page, "5_confirm_delete")
    page.get_by_role("button", name="Ya, hapus").click()
    settle(page)
    page.get_by_text(f"Dataset «{NAME}» dihapus.").wait_for()
    shot(page, "6_deleted")
    assert page.dialogs == []


def test_offline_map_html_draws_without_network(tmp_path, registry, built, browser):
    """The exported map HTML opens from disk with every network request refused and draws the
    15 regencies of Lampung, the no-data one included."""
    from jkn_geo.render import assets, export

    if not assets.installed():
        pytest.skip("Leaflet assets missing: run `bash tools/install_assets.sh`")
    import numpy as np
    import pandas as pd

    codes = [r.code for r in registry.children("18")]
    t = pd.DataFrame({"code": codes, "name": [registry.name(c) for c in codes], "period": "2025-07",
                      "coverage_pct": np.linspace(88, 99, len(codes))})
    t.loc[3, "coverage_pct"] = np.nan
    meta = export.ExportMeta(title="", dataset="demo-sintetis", source="uji", period="2025-07", kind="demo",
                             within="Lampung")
    path = tmp_path / "peta.html"
    path.write_bytes(export.offline_map_html(t, "regency", "18", "coverage_pct", meta))
    ctx = browser.new_context(viewport={"width": 1200, "height": 800})
    pg = ctx.new_page()
    asked = []

    def block(route):
        if not route.request.url.startswith(("file:", "data:", "blob:")):
            asked.append(route.request.url)
            return route.abort()
        return route.continue_()

    pg.route("**/*", block)
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(path.as_uri())
    pg.locator("path.jkn-region").first.wait_for(timeout=30_000)
    time.sleep(1)
    n = pg.locator("path.jkn-region").count()
    OUT.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(OUT / "export_offline_map.png"))
    ctx.close()
    assert n == 15
    assert not errors, errors
    assert not [u for u in asked if u.startswith("http")], asked       # nothing needed from the network
