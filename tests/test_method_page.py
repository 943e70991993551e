"""AppTest of the Sumber & metode page: every article with its address (or "alamat tidak
diketahui"), its quotes and the figures taken from each quote; CSV text shown as text."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).parent))
from _pages_data import make_store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def page_store(tmp_path, registry, monkeypatch):
    st = make_store(tmp_path / "pages.duckdb", registry)
    import jkn_geo.figures.shipped as shipped_mod

    monkeypatch.setattr(shipped_mod, "open_store", lambda *a, **k: st)
    yield st
    st.close()


def _run() -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "4_Sumber_dan_metode.py"), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    return at


def _frames(at) -> list[pd.DataFrame]:
    return [d.value.data if hasattr(d.value, "data") else d.value for d in at.dataframe]


def test_articles_quotes_and_figures(page_store):
    from jkn_geo.figures import published

    figs = published.load_figures()
    at = _run()
    md = [str(m.value) for m in at.markdown]
    heads = [str(h.value) for h in at.subheader]
    assert len(heads) == figs.article_id.nunique() >= 5
    assert any("Tribun Lampung" in h for h in heads)
    # each article's address as a clickable link, no backslash inside the URL
    for url in figs.url.unique():
        assert any(f"]({url})" in m for m in md), url
    # every quote is shown (escaped) and every figure appears in a table under its quote
    quotes = [m for m in md if m.startswith("> ")]
    assert len(quotes) == figs.groupby("article_id").quote.nunique().sum()
    assert any("97,05 persen" in q for q in quotes)
    shown = pd.concat([f for f in _frames(at) if "ID" in f.columns and "Ukuran · measure" in f.columns])
    assert sorted(shown.ID) == sorted(figs.figure_id)
    lum = shown.set_index("ID").loc["ip25-3"]
    assert lum["Ukuran · measure"] == "to_enrol" and lum["Definisi · definition"] == "gap_to_target"
    assert lum["Target"] == "98 %" and lum["Angka tertulis · as written"] == "118 ribu jiwa"
    arts = next(f for f in _frames(at) if "Tautan" in f.columns)
    assert len(arts) == figs.article_id.nunique() and arts.Tautan.str.match(r"https?://").all()


def test_unknown_and_unsafe_addresses_and_markdown_in_quotes(page_store, tmp_path, monkeypatch):
    from jkn_geo.figures import published
    from jkn_geo.ui import method_page

    df = pd.read_csv(published.FIGURES_PATH, dtype=str, keep_default_na=False)
    df = df[df.article_id.isin(["tl25", "rb25"])].copy()
    tl = df.article_id == "tl25"
    df.loc[tl, "url"] = ""
    df.loc[tl, "url_status"] = "not found (searched: title)"
    rb = df.article_id == "rb25"
    df.loc[rb, "url"] = "javascript:alert(1)//https://x.id/a)b"
    df.loc[rb, "title"] = "Judul [klik](https://evil.example) <b>tebal</b>"
    i = df.index[df.figure_id == "rb25-1"][0]
    df.loc[df.quote == df.at[i, "quote"], "quote"] = "**tebal** [tautan](https://evil.example) <script>x</script> 2.165.631"
    p = tmp_path / "figs.csv"
    df.to_csv(p, index=False)
    monkeypatch.setattr(published, "FIGURES_PATH", p)

    assert method_page.safe_url("https://a.id/x_y-1?z=2#k") == "https://a.id/x_y-1?z=2#k"
    for bad in ("javascript:alert(1)", "https://a.id/x)y", "https://a.id/x y", "http://a.id/<b>", "ftp://a.id",
                "https://a.id/\\x", "https://a.id/[x]"):
        assert method_page.safe_url(bad) is None, bad

    at = _run()
    md = "\n".join(str(m.value) for m in at.markdown)
    heads = "\n".join(str(h.value) for h in at.subheader)
    assert md.count("alamat tidak diketahui · address unknown") == 2          # no link for either article
    assert "javascript" not in md and "](" not in md
    assert "\\*\\*tebal\\*\\*" in md and "\\[tautan\\]\\(https://evil" in md and "&lt;script&gt;" in md
    assert "\\[klik\\]" in heads and "&lt;b&gt;" in heads
    arts = next(f for f in _frames(at) if "Tautan" in f.columns)
    assert arts.Tautan.isna().all()


def test_findings_on_the_published_figures_are_shown(page_store, registry):
    from jkn_geo.figures import published
    from jkn_geo.figures.store import PUBLISHED_DATASET

    wide, stm = published.to_frames(published.load_figures(), registry=registry)
    page_store.write_dataset(PUBLISHED_DATASET, wide, kind="published", statements=stm, replace=True)
    at = _run()
    found = next(f for f in _frames(at) if "Temuan" in f.columns)
    bengkulu = found[found["Wilayah"] == "Bengkulu"]
    assert len(bengkulu) >= 2 and any("terdaftar" in t for t in bengkulu["Temuan"])
    assert set(found["Tingkat · severity"]) <= {"besar · major", "kecil · minor", "catatan · note"}
