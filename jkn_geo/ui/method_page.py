"""The Sumber & metode page's tables: the method text, the indicators as computed, the pinned
boundary files and the articles behind the published figures, each with its quotes and the
figures taken from each quote."""
from __future__ import annotations

import json
import re

import pandas as pd
import streamlit as st

from jkn_geo import fmt
from jkn_geo.analysis.indicators import INDICATORS
from jkn_geo.config import ACTIVITY_TARGET, DEFAULT_COVERAGE_TARGET, MANIFEST_PATH, PROJECT_ROOT
from jkn_geo.text import Text, md_escape

UNKNOWN_ADDRESS = Text("alamat tidak diketahui", "address unknown")
OPEN_ARTICLE = Text("buka artikel", "open article")
NO_ARTICLES = Text("Daftar artikel tidak tersedia.", "The list of articles is not available.")

# an http(s) address made only of characters that cannot end or change a markdown link
# (no spaces, brackets, parentheses, quotes, backslashes, angle brackets, '*', '!' or '$')
_SAFE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][A-Za-z0-9\-._~%/?#=&+,;:@]*)?")


def method_sections() -> dict:
    """``docs/method.md`` split into the intro (up to the indicator section) and the rest."""
    text = (PROJECT_ROOT / "docs" / "method.md").read_text(encoding="utf-8")
    i = text.find("\n## Target")
    intro_end = text.find("\n## Indikator")
    intro = text[:intro_end] if intro_end > 0 else text
    return {"intro": intro, "rest": text[i:] if i > 0 else "", "indicators": text[intro_end:i] if 0 < intro_end < i else ""}


def indicators_view() -> pd.DataFrame:
    units = {"pct": "%", "people": "jiwa", "rp": "Rp"}
    rows = []
    for v in INDICATORS.values():
        tgt = {"coverage": f"cakupan ≥ {fmt.fmt_pct(DEFAULT_COVERAGE_TARGET, 0)}",
               "activity": f"keaktifan ≥ {fmt.fmt_pct(ACTIVITY_TARGET, 0)}"}.get(v.get("target"), "–")
        rows.append({"Indikator": v["label_id"], "Indicator": v["label_en"], "Rumus": v["formula"],
                     "Satuan": units.get(v["unit"], v["unit"]), "Target terkait": tgt,
                     "Lebih baik bila": "lebih tinggi" if v["higher_is_better"] else "lebih rendah"})
    return pd.DataFrame(rows)


def manifest_view() -> pd.DataFrame:
    m = json.loads(MANIFEST_PATH.read_text())
    files = pd.DataFrame(m.get("files", []))
    if files.empty:
        return files
    g = files.groupby(["repo", "commit", "licence"], as_index=False).agg(berkas=("path", "count"),
                                                                       bytes=("bytes", "sum"))
    g["Ukuran"] = g["bytes"].map(lambda b: f"{fmt.fmt_num(b / 1e6, 1)} MB")
    return g.rename(columns={"repo": "Repositori", "commit": "Commit", "licence": "Lisensi",
                             "berkas": "Jumlah berkas"})[["Repositori", "Commit", "Lisensi", "Jumlah berkas", "Ukuran"]]


def safe_url(url) -> str | None:
    """The address itself when it is an http(s) URL that is safe inside ``[text](url)`` and a
    link column, else ``None`` (then the page says "alamat tidak diketahui")."""
    u = ("" if url is None else str(url)).strip()
    return u if _SAFE_URL.fullmatch(u) else None


def md_link(text, url) -> str:
    """``[text](url)`` with the text escaped, or the escaped text alone when the URL is not safe."""
    u = safe_url(url)
    return f"[{md_escape(text)}]({u})" if u else md_escape(text)


def _figures():
    try:
        from jkn_geo.figures import published

        return published.load_figures()
    except Exception:
        return None


def articles_view() -> pd.DataFrame | None:
    """One row per article: source, title, date, link (only a safe http(s) URL), figure count."""
    f = _figures()
    if f is None:
        return None
    rows = []
    for aid, g in f.groupby("article_id", sort=False):
        r = g.iloc[0]
        url = safe_url(r.get("url"))
        rows.append({"ID": aid, "Sumber": r["source_name"], "Judul": r.get("title", ""),
                     "Tanggal": r["published_date"], "Tautan": url,
                     "Alamat": "ada · found" if url else UNKNOWN_ADDRESS.both(),
                     "Kutipan": g["quote"].nunique(), "Jumlah angka": len(g)})
    return pd.DataFrame(rows)


def _target_text(v) -> str:
    v = "" if v is None else str(v).strip()
    return f"{v} %" if v else ""


def articles() -> list[dict] | None:
    """Each article with its quotes and, for every quote, the figures taken from it (value as
    written, qualifier, measure, definition, target, region, period). Texts are raw: escape
    them (:func:`jkn_geo.text.md_escape`) before markdown."""
    f = _figures()
    if f is None:
        return None
    out = []
    for aid, g in f.groupby("article_id", sort=False):
        r = g.iloc[0]
        quotes = []
        for q, gq in g.groupby("quote", sort=False):
            figs = pd.DataFrame({
                "ID": gq["figure_id"], "Angka tertulis · as written": gq["value_stated"],
                "Kualifikasi · qualifier": gq["qualifier"], "Ukuran · measure": gq["measure"],
                "Definisi · definition": gq["definition"],
                "Target": gq["target"].map(_target_text) if "target" in gq else "",
                "Wilayah · region": gq["region_text"], "Periode · period": gq["period"],
            }).reset_index(drop=True)
            quotes.append({"quote": q, "figures": figs})
        out.append({"id": aid, "source": r["source_name"], "publisher": r.get("publisher_site", ""),
                    "author": r.get("author", ""), "title": r.get("title", ""), "date": r["published_date"],
                    "date_note": r.get("date_note", ""), "url": safe_url(r.get("url")),
                    "url_status": r.get("url_status", ""), "quotes": quotes})
    return out


def article_heading(a: dict) -> str:
    """Markdown heading text of an article: source and title, escaped."""
    return md_escape(f"{a['source']} — {a['title']}" if a.get("title") else a["source"])


def article_line(a: dict) -> str:
    """Markdown: date · author · link, or "alamat tidak diketahui · address unknown"."""
    parts = [f"**{md_escape(a['date'])}**"]
    if a.get("author"):
        parts.append(md_escape(a["author"]))
    parts.append(md_link(OPEN_ARTICLE.both(), a["url"]) if a.get("url") else f"_{UNKNOWN_ADDRESS.both()}_")
    return " · ".join(parts)


def quote_markdown(quote) -> str:
    """A quote as a markdown block quote, escaped, on one line."""
    return "> " + md_escape(" ".join(str(quote).split()))


SEVERITY_WORDS = {"major": Text("besar", "major"), "minor": Text("kecil", "minor"), "note": Text("catatan", "note")}


@st.cache_data(max_entries=4, show_spinner="Memeriksa angka terbit…")
def findings_view(_store, digest: str) -> pd.DataFrame:
    """The consistency check's findings on the published figures, as a table: real findings about
    public reporting (figures that contradict each other, beyond rounding)."""
    from jkn_geo.config import PUBLISHED_DATASET
    from jkn_geo.figures.shipped import check_dataset

    if PUBLISHED_DATASET not in _store.names():
        return pd.DataFrame()
    f = check_dataset(_store, PUBLISHED_DATASET)
    return pd.DataFrame({
        "Tingkat · severity": [SEVERITY_WORDS[s].both() if s in SEVERITY_WORDS else s for s in f["severity"]],
        "Wilayah": f["name"], "Periode": f["period"], "Temuan": f["message_id"], "Finding": f["message_en"],
        "Angka (ID)": f["figure_ids"], "Sumber": f["sources"]})
