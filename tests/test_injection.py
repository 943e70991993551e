"""No script injection (issue 5): a dataset whose name, source and notes carry HTML/JS is
imported through the real importer and store, then drawn by the real map builder and
exported as offline HTML. The markup must appear only escaped."""
from __future__ import annotations

import csv as csv_mod
import io
import re

import pytest

from jkn_geo.analysis import indicators
from jkn_geo.analysis.classify import classify
from jkn_geo.figures import importer
from jkn_geo.figures.store import Store
from jkn_geo.render import assets, export, mapview

NAME = '<script>alert("name")</script>'
SOURCE = '<img src=x onerror=alert("source")>'
NOTE = "</script><script>alert('note')</script>"
# raw forms that would run if they reached the page unescaped (the page's own <script> tags
# are fine; user text may appear only as &lt;…&gt; or \u003c…\u003e)
ATTACKS = [NAME, SOURCE, NOTE, "<script>alert", "<img src=x", "</script><script>"]


@pytest.fixture()
def hostile_store(tmp_db, registry):
    store = Store(tmp_db)
    buf = io.StringIO()
    w = csv_mod.writer(buf)
    w.writerow(["kode", "periode", "penduduk", "peserta terdaftar", "peserta aktif", "sumber", "catatan"])
    w.writerow(["18.71", "2025-07", 1100000, 1050000, 800000, SOURCE, NOTE])
    w.writerow(["18.01", "2025-07", 1000000, 950000, 700000, SOURCE, NOTE])
    csv = buf.getvalue().encode()
    rep = importer.import_file(store, csv, name=NAME, filename="x.csv", source=SOURCE)
    assert rep.ok, [str(e) for e in rep.errors]
    yield store
    store.close()


def _raw_script_free(html: str) -> None:
    for bad in ATTACKS:
        assert bad not in html, bad
    # inside the page's own scripts, user text is JSON with < > escaped (cannot close the tag)
    for body in re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S):
        assert "<img" not in body and "<script" not in body
        # JSON strings become HTML again in the browser (tooltips, legend): there, user text
        # must already be entity-escaped, i.e. \u0026lt;img, never \u003cimg
        low = body.lower()
        assert "\\u003cimg" not in low and "\\u003cscript" not in low and "\\u003c/script" not in low


def test_map_and_export_escape_user_text(hostile_store):
    names = hostile_store.datasets()["name"].tolist()
    assert NAME in names  # stored verbatim: escaping happens where text meets HTML
    table = indicators.indicator_table(hostile_store, NAME, "regency", period="2025-07", within="18")
    row = table.set_index("code").loc["18.71"]
    assert SOURCE in str(row["source"]) or NOTE in str(row["note"])

    info = indicators.INDICATORS["coverage_pct"]
    classes = classify(table["coverage_pct"].tolist(), unit="pct", scheme="target", target=98.0,
                       target_kind="coverage")
    payload = mapview.style_payload(table, "coverage_pct", info, classes, period="2025-07",
                                    dataset_label=NAME, synthetic=True,
                                    title=mapview.title_html("Kabupaten/Kota", "Lampung", NAME))
    for code, (_colour, tip) in payload["s"].items():  # what the browser turns into HTML
        assert "<img" not in tip and "<script" not in tip, code
    assert "&lt;img src=x" in payload["s"]["18.71"][1]
    for part in ("legend", "banner", "title"):
        assert "<script" not in str(payload.get(part) or "")
    html = mapview.standalone_html("regency", "18", payload)
    _raw_script_free(html)
    assert "\\u0026lt;script\\u0026gt;alert" in html  # the text is there, entity-escaped inside JSON

    if not assets.installed():
        pytest.skip("Leaflet assets not installed (python -m jkn_geo.render.assets install)")
    meta = export.ExportMeta(title=NAME, dataset=NAME, source=SOURCE, kind="imported", period="2025-07",
                             notes=[NOTE])
    out = export.offline_map_html(table, "regency", "18", "coverage_pct", meta).decode()
    _raw_script_free(out)
    assert "&lt;img src=x onerror" in out or "\\u003cimg" in out


def test_table_exports_neutralise_and_keep_text(hostile_store):
    table = indicators.indicator_table(hostile_store, NAME, "regency", period="2025-07", within="18")
    meta = export.ExportMeta(title="t", dataset=NAME, source=SOURCE, kind="imported", period="2025-07")
    rows = list(csv_mod.reader(io.StringIO(export.table_csv(table, meta).decode("utf-8-sig"))))
    cells = [c for r in rows for c in r]
    assert SOURCE in cells or any(SOURCE in c for c in cells)  # CSV is not HTML: text stays as written …
    assert not any(c[:1] in "=+@" and c for c in cells)  # … and no cell starts a formula
