"""Build the shipped published-figures collection from the research table, and check it.

``data/research_figures.csv`` (one figure per row, read by hand from public pages: level,
region_name, as_of, indicator, value, unit, source_url, quote, notes, definition, qualifier,
seed_figure_id) is merged into the format of ``data/published_figures.csv`` (one row per
figure as its article states it; see :mod:`jkn_geo.figures.published`):

* the five seed articles' rows (``seed_file`` set) are kept exactly as they are; research rows
  that repeat a seed figure (``seed_figure_id``) are skipped, other research rows from a seed
  article's URL join that article;
* one article per URL: ``article_id`` from the URL (host + a short hash), ``source_name`` from
  the host, ``published_date`` from the date in the URL path when it has one, else the
  figure's ``as_of`` (said in ``date_note``);
* ``value_stated`` is the number as the quote writes it ("6,3 juta", "682.527", "97,05 persen")
  when the quote contains it, else written Indonesian-style from value and unit;
* the region's Kemendagri code through the registry; rows whose region does not match
  uniquely, or whose value is not in their quote, are skipped and listed;
* a year-only date (``notes`` say "year only") becomes a yearly figure (period ``YYYY-01``,
  ``period_kind`` ``year``).

Then the shipped dataset ``angka-terbit`` is rebuilt from the merged rows in a temporary store
and the consistency check runs on it; the script prints the counts per level
(:func:`counts`) and the findings by severity.

    python tools/build_published.py            # report only
    python tools/build_published.py --write    # also rewrite data/published_figures.csv
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESEARCH = ROOT / "data" / "research_figures.csv"
PUBLISHED = ROOT / "data" / "published_figures.csv"

COLUMNS = ["figure_id", "article_id", "source_name", "publisher_site", "author", "title", "published_date",
           "date_note", "url", "url_status", "seed_file", "region_text", "code", "level", "period", "period_kind",
           "period_text", "segment", "measure", "definition", "target", "value_stated", "qualifier", "quote", "note"]

#: research indicator → (measure, definition when the row gives none)
INDICATORS = {
    "coverage_pct": ("coverage_pct", "registered/population"),
    "activity_pct": ("activity_pct", "active/registered"),
    "active_coverage_pct": ("activity_pct", "active/population"),
    "participants": ("registered", "count"),
    "active_participants": ("active", "count"),
    "inactive_participants": ("inactive", "count"),
    "population": ("population", "count"),
    "unregistered": ("unregistered", "count"),
    "to_enrol": ("to_enrol", "count"),
    "target_coverage_pct": ("target_coverage_pct", "registered/population"),
    "target_activity_pct": ("target_activity_pct", "active/registered"),
}
#: measures that are JKN figures of a region (targets and budgets are not counted)
FIGURE_MEASURES = ("coverage_pct", "activity_pct", "active_coverage_pct", "registered", "active", "inactive",
                   "population", "unregistered", "to_enrol")
#: threshold words: the value is a bound ("menembus 98 persen" = at least 98), not a value
BOUND_WORDS = {"menembus": "lebih dari", "tembus": "lebih dari", "melampaui": "lebih dari",
               "menyentuh": "lebih dari", "mencapai": "lebih dari", "lebih dari": "lebih dari",
               "di atas": "lebih dari", "hampir": "hampir", "kurang dari": "kurang dari"}

#: publishers by host (the rest: the host itself)
SOURCES = {
    "antaranews.com": "ANTARA", "infopublik.id": "InfoPublik", "tribunnews.com": "Tribunnews",
    "detik.com": "detikcom", "kompas.com": "Kompas.com", "kompas.id": "Kompas", "bpjs-kesehatan.go.id": "BPJS Kesehatan",
    "idntimes.com": "IDN Times", "rri.go.id": "RRI", "liputan6.com": "Liputan6", "okezone.com": "Okezone",
    "sindonews.com": "SINDOnews", "cnnindonesia.com": "CNN Indonesia", "kumparan.com": "kumparan",
    "jawapos.com": "Jawa Pos", "radarbanyuwangi.jawapos.com": "Radar Banyuwangi", "bisnis.com": "Bisnis.com",
    "kontan.co.id": "Kontan", "cnbcindonesia.com": "CNBC Indonesia", "tempo.co": "Tempo", "disway.id": "Disway",
    "harianjogja.com": "Harian Jogja", "lampost.co": "Lampung Post", "fajar.co.id": "Fajar",
    "suarasurabaya.net": "Suara Surabaya", "republika.co.id": "Republika", "jpnn.com": "JPNN",
    "go.id": "pemerintah daerah",
}

_NUM = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3}){2,}|\d+(?:[.,]\d+)?)(?![\d])"
                  r"(\s*(?:juta|ribu|rb|jt|miliar)\b)?(\s*(?:%|persen\b))?", re.I)
_SPLIT = re.compile(r"(?<![\d.,])(\d+,\s\d{1,2})(?![\d])()(\s*(?:%|persen\b))")   # "87, 86 persen"
_SCALE = {"juta": 1e6, "jt": 1e6, "ribu": 1e3, "rb": 1e3, "miliar": 1e9}
_YEAR_NOTE = re.compile(r"(?i)\byear(?:\s+\d{4})?\s+only\b|\bhanya\s+tahun\b|\btahun\s+saja\b")
_URL_DATE = re.compile(r"/(20[12]\d)/(0[1-9]|1[0-2])/([0-3]\d)(?:/|$)")


# ---- numbers in a quote ------------------------------------------------------------------------
def numbers_in(text: str) -> list[tuple[float, str]]:
    """Every number a sentence writes, as ``(value, text)``, each reading it allows: "6,3 juta" →
    6 300 000; "682.527" → 682 527; "98.20%" → 98.2 (a point read as decimal too); "29.930 juta" →
    29 930 000 000 and 29 930 000."""
    out: list[tuple[float, str]] = []
    for m in [*_NUM.finditer(text or ""), *_SPLIT.finditer(text or "")]:
        tok, scale_w = m.group(1), (m.group(2) or "").strip().lower()
        scale = _SCALE.get(scale_w, 1.0)
        readings = set()
        if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}", tok):   # English thousands: 1,138,714
            readings.add(float(tok.replace(",", "")))
        elif ", " in tok:                               # a stray space: "87, 86 persen"
            readings.add(float(tok.replace(", ", ".")))
        elif "," in tok:                                  # Indonesian: dots group thousands, comma decimal
            readings.add(float(tok.replace(".", "").replace(",", ".")))
        elif "." in tok:
            readings.add(float(tok.replace(".", "")))   # 682.527 (thousands)
            if tok.count(".") == 1:
                readings.add(float(tok))                # 98.20 (decimal point)
        else:
            readings.add(float(tok))
        for v in readings:
            out.append((v * scale, m.group(0).strip()))
            if scale != 1.0:
                out.append((v, m.group(1)))
    return out


def in_quote(value: float, quote: str) -> str | None:
    """The text in ``quote`` that writes ``value`` (a normalised number match), or None."""
    for v, t in numbers_in(quote):
        if abs(v - value) <= 1e-9 * max(1.0, abs(value)):
            return t
    return None


def indonesian(value: float, unit: str, decimals: int | None = None) -> str:
    """97.05, percent → "97,05 persen"; 682527, persons → "682.527 jiwa"."""
    if unit == "percent":
        d = decimals if decimals is not None else (0 if float(value).is_integer() else len(repr(value).split(".")[1]))
        return f"{value:.{d}f}".replace(".", ",") + " persen"
    return f"{int(round(value)):,}".replace(",", ".") + " jiwa"


def _decimals(raw: str) -> int | None:
    return len(raw.split(".")[1]) if "." in raw else 0


# ---- sources -----------------------------------------------------------------------------------
def clean_url(url: str) -> str:
    """Share-button suffixes some pages carry in their stored address ("…/whatsapp:/send")."""
    return re.sub(r"/(?:whatsapp|whatsapp:|share)[:/].*$", "", url.strip())


def host_of(url: str) -> str:
    return re.sub(r"^www\.|^m\.|^amp\.", "", urlsplit(url).netloc.lower())


def source_name(url: str) -> str:
    host = host_of(url)
    for k in sorted(SOURCES, key=len, reverse=True):
        if host == k or host.endswith("." + k):
            if SOURCES[k] == "pemerintah daerah":
                return host
            sub = host[: -len(k)].rstrip(".")
            if SOURCES[k] in ("ANTARA", "Tribunnews") and sub:
                return f"{SOURCES[k]} {sub.split('.')[-1].title()}"
            return SOURCES[k]
    return host


def article_id(url: str) -> str:
    """One id per URL: the host's first label and a short hash (``antaranews-3f9a1c``)."""
    host = host_of(url)
    label = re.sub(r"[^a-z0-9]+", "", host.split(".")[0] if host.count(".") < 2 else host.split(".")[-2]) or "web"
    return f"{label}-{hashlib.sha1(url.encode()).hexdigest()[:6]}"


def url_date(url: str) -> str | None:
    m = _URL_DATE.search(url)
    return f"{m[1]}-{m[2]}-{m[3]}" if m else None


# ---- the merge ---------------------------------------------------------------------------------
def merge(research: pd.DataFrame, seed: pd.DataFrame, registry=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(published rows: the seed rows as they are, then the research rows converted; the
    research rows skipped with their reason)."""
    from jkn_geo.figures import published
    from jkn_geo.figures.parsing import ParseError

    if registry is None:
        from jkn_geo.geography.registry import get_registry

        registry = get_registry()
    seed = seed.copy()
    for c in COLUMNS:
        if c not in seed.columns:
            seed[c] = ""
    seed_urls = {clean_url(u): a for u, a in zip(seed["url"], seed["article_id"]) if u}
    seed_meta = {a: g.iloc[0] for a, g in seed.groupby("article_id")}
    rows, skipped, per_article = [], [], {}
    for i, r in research.iterrows():
        rowno = i + 2
        reason = None
        if r["seed_figure_id"]:
            continue                                   # the seed article's own row is kept as it is
        url = clean_url(r["source_url"])
        if not url or url == "seed":
            skipped.append((rowno, r["region_name"], "no URL"))
            continue
        ind = r["indicator"]
        if ind not in INDICATORS:
            skipped.append((rowno, r["region_name"], f"unknown indicator {ind}"))
            continue
        measure, default_def = INDICATORS[ind]
        definition = r["definition"] or default_def
        if ind == "active_coverage_pct":
            definition = "active/population"
        # the region
        if r["level"] == "national":
            code, level = "ID", "national"
        else:
            m = registry.match_region(r["region_name"], level=r["level"])
            if m.status != "exact" or not m.code:
                reason = f"region {r['region_name']!r} does not match uniquely ({m.status})"
            code, level = m.code, r["level"]
        value = float(r["value"])
        written = in_quote(value, r["quote"])
        if reason is None and written is None:
            reason = f"value {r['value']} not in its quote"
        if reason:
            skipped.append((rowno, r["region_name"], reason))
            continue
        # value as written
        unit = r["unit"]
        notes = [r["notes"]] if r["notes"] else []
        if re.search(r",\s|,\d{3},", written):          # "87, 86", "1,138,714": kept as the page writes it
            notes.append(f"the page writes '{written}' (read as {r['value']})")
        if unit == "percent":
            stated = written if re.search(r"%|persen", written) else f"{written} persen"
        else:
            stated = written if re.search(r"jiwa|orang|peserta|penduduk", written) else f"{written} jiwa"
        try:
            back = published._parse_value(stated).value
        except ParseError:
            back = None
        if back is None or abs(back - value) > 1e-9 * max(1.0, abs(value)):
            skipped.append((rowno, r["region_name"], f"value {r['value']} written {stated!r} reads as {back}"))
            continue
        q_raw = (r["qualifier"] or "").strip().lower()
        qualifier = "sekitar" if q_raw == "sekitar" else BOUND_WORDS.get(q_raw, q_raw)
        if q_raw and qualifier != q_raw:
            notes.append(f"stated '{q_raw} {written}': a bound, not a value")
        # the date
        as_of = r["as_of"]
        period, kind = as_of[:7], "month"
        if _YEAR_NOTE.search(r["notes"] or ""):
            period, kind = as_of[:4] + "-01", "year"
        # the article
        aid = seed_urls.get(url) or article_id(url)
        if aid in seed_meta:
            meta = seed_meta[aid]
            art = {c: meta[c] for c in ("article_id", "source_name", "publisher_site", "author", "title",
                                         "published_date", "date_note", "url", "url_status")}
        else:
            pd_url = url_date(url)
            art = {"article_id": aid, "source_name": source_name(url), "publisher_site": host_of(url),
                   "author": "", "title": "",
                   "published_date": pd_url or as_of,
                   "date_note": "from the date in the URL path" if pd_url else
                   "the figure's date (as_of); the page's own publication date not recorded",
                   "url": url, "url_status": "found"}
        if url != r["source_url"].strip():
            notes.append(f"share-button suffix removed from the stored address {r['source_url'].strip()}")
        n = per_article.setdefault(aid, [0])
        n[0] += 1
        rows.append({**art, "figure_id": f"{aid}-r{rowno}", "seed_file": "", "region_text": r["region_name"],
                     "code": code, "level": level, "period": period, "period_kind": kind,
                     "period_text": as_of + (" (year only)" if kind == "year" else ""), "segment": "total",
                     "measure": measure, "definition": definition, "target": "", "value_stated": stated,
                     "qualifier": qualifier, "quote": r["quote"],
                     "note": "; ".join(notes + [f"research_figures.csv row {rowno}"])})
    seed["period_kind"] = seed["period_kind"].replace("", "month")
    out = pd.concat([seed[COLUMNS], pd.DataFrame(rows, columns=COLUMNS)], ignore_index=True).fillna("")
    return out, pd.DataFrame(skipped, columns=["row", "region", "reason"])


# ---- counts ------------------------------------------------------------------------------------
def counts(figs: pd.DataFrame, findings: pd.DataFrame | None = None, registry=None) -> dict:
    """The coverage of the collection, per level::

        {"provinces_2025": {"n": int, "of": 38, "codes": [...], "missing": [names]},
         "regencies_2024_2026": {"n": int, "of": 514, "codes": [...]},
         "national_months": {"n": int, "months": ["2022-01", ...]},   # monthly figures, 2022–2026
         "figures": int, "articles": int,
         "findings": {"major": int, "minor": int, ...}}

    Only JKN figures of a region count (coverage, activity, counts, population), not targets
    or budgets; a yearly figure counts for its year."""
    if registry is None:
        from jkn_geo.geography.registry import get_registry

        registry = get_registry()
    f = figs[figs["measure"].isin(FIGURE_MEASURES)]
    year = f["period"].str[:4].astype(int)
    kind = f["period_kind"] if "period_kind" in f.columns else pd.Series("month", index=f.index)
    prov_all = registry.codes("province") if callable(getattr(registry, "codes", None)) else []
    prov = sorted(set(f.loc[(f["level"] == "province") & (year >= 2025), "code"]))
    reg = sorted(set(f.loc[(f["level"] == "regency") & year.between(2024, 2026), "code"]))
    nat = f[(f["level"] == "national") & year.between(2022, 2026) & (kind.replace("", "month") == "month")]
    months = sorted(set(nat["period"]))
    sev = {}
    if findings is not None and len(findings):
        sev = {str(k): int(v) for k, v in findings["severity"].value_counts().items()}
    return {"provinces_2025": {"n": len(prov), "of": 38, "codes": prov,
                               "missing": [registry.get(c).name for c in prov_all if c not in prov]},
            "regencies_2024_2026": {"n": len(reg), "of": 514, "codes": reg},
            "national_months": {"n": len(months), "months": months},
            "figures": int(len(figs)), "articles": int(figs["article_id"].nunique()),
            "findings": sev}


def rebuild_and_check(path: Path, registry=None) -> pd.DataFrame:
    """Rebuild the shipped dataset from the CSV at ``path`` in a temporary store and return
    the consistency findings."""
    from jkn_geo.config import PUBLISHED_DATASET
    from jkn_geo.figures import published, shipped

    old = published.FIGURES_PATH
    published.FIGURES_PATH = Path(path)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            st = shipped.open_store(Path(tmp) / "build.duckdb", registry=registry)
            try:
                n = len(st.statements(PUBLISHED_DATASET))
                print(f"shipped dataset {PUBLISHED_DATASET}: {n} statements")
                return shipped.check_dataset(st, PUBLISHED_DATASET, registry=registry)
            finally:
                st.close()
    finally:
        published.FIGURES_PATH = old


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true", help="rewrite data/published_figures.csv")
    args = ap.parse_args(argv)
    from jkn_geo.figures import published
    from jkn_geo.geography.registry import get_registry

    registry = get_registry()
    research = pd.read_csv(RESEARCH, dtype=str, keep_default_na=False)
    current = pd.read_csv(PUBLISHED, dtype=str, keep_default_na=False)
    seed = current[current["seed_file"] != ""]
    before = counts(published.load_figures(PUBLISHED), registry=registry)
    out, skipped = merge(research, seed, registry=registry)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_csv = Path(tmp) / "published_figures.csv"
        out.to_csv(tmp_csv, index=False, encoding="utf-8")
        figs = published.load_figures(tmp_csv)            # parses every value_stated: fails loudly
        findings = rebuild_and_check(tmp_csv, registry=registry)
    c = counts(figs, findings, registry=registry)
    print(f"research rows: {len(research)}; seed rows kept: {len(seed)}; merged figures: {len(out)} "
          f"from {c['articles']} articles; skipped: {len(skipped)}")
    for r in skipped.itertuples():
        print(f"  skipped row {r.row} ({r.region}): {r.reason}")
    print(f"currently shipped: provinces 2025+ {before['provinces_2025']['n']}/38, regencies 2024–2026 "
          f"{before['regencies_2024_2026']['n']}/514, national months {before['national_months']['n']}")
    print(f"provinces with a figure dated 2025 or later: {c['provinces_2025']['n']} of 38")
    if c["provinces_2025"]["missing"]:
        print("  missing: " + ", ".join(c["provinces_2025"]["missing"]))
    print(f"regencies/cities with a figure from 2024–2026: {c['regencies_2024_2026']['n']} of 514")
    print(f"national months 2022–2026: {c['national_months']['n']} ({', '.join(c['national_months']['months'])})")
    print("consistency findings by severity: " + (", ".join(f"{k} {v}" for k, v in c["findings"].items()) or "none"))
    if args.write:
        out.to_csv(PUBLISHED, index=False, encoding="utf-8")
        print(f"wrote {PUBLISHED.relative_to(ROOT)} ({len(out)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
