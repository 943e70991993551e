"""The Sumber & metode page's tables: the method text, the indicators as computed, the pinned
boundary files and the articles behind the published figures."""
from __future__ import annotations

import json

import pandas as pd

from jkn_geo import fmt
from jkn_geo.analysis.indicators import INDICATORS
from jkn_geo.config import ACTIVITY_TARGET, DEFAULT_COVERAGE_TARGET, MANIFEST_PATH, PROJECT_ROOT


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


def articles_view() -> pd.DataFrame | None:
    try:
        from jkn_geo.figures import published

        f = published.load_figures()
    except Exception:
        return None
    cols = [c for c in ("article_id", "source_name", "title", "published_date", "url") if c in f.columns]
    g = f.groupby(cols, dropna=False, as_index=False).agg(angka=("figure_id", "count"))
    return g.rename(columns={"article_id": "ID", "source_name": "Sumber", "title": "Judul",
                             "published_date": "Tanggal", "url": "Tautan", "angka": "Jumlah angka"})
