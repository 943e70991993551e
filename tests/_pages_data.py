"""A small store for the analyst-page tests: two datasets over Lampung and Bengkulu regencies.

``uji-demo`` (kind demo, synthetic) has 2024-01 … 2025-06 for the 15 regencies of Lampung and
the 10 of Bengkulu; ``uji-impor`` (kind imported) has two months for Lampung only. Counts are
deterministic, so tests can compute expected values by hand.
"""
from __future__ import annotations

import pandas as pd

PERIODS = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)][:18]   # 2024-01 … 2025-06


def figures(registry, provinces=("18", "17"), periods=PERIODS) -> pd.DataFrame:
    rows = []
    for p_i, prov in enumerate(provinces):
        for r_i, r in enumerate(registry.children(prov)):
            pop = float(r.population_total or 100_000)
            for t, period in enumerate(periods):
                cov = 0.86 + 0.008 * r_i + 0.002 * t + 0.01 * p_i          # 86 % … ~103 %
                act = 0.62 + 0.015 * r_i + 0.003 * t
                reg = round(pop * cov)
                rows.append({"code": r.code, "level": "regency", "period": period, "population": None,
                             "registered": reg, "active": round(reg * min(act, 0.97)),
                             "source": f"uji {prov}"})
    return pd.DataFrame(rows)


def make_store(path, registry):
    from jkn_geo.figures.store import Store

    st = Store(path)
    if not st.exists("uji-demo"):
        st.write_dataset("uji-demo", figures(registry), kind="demo", source="Generator uji (sintetis)",
                         licence="CC0")
        st.write_dataset("uji-impor", figures(registry, ("18",), ["2025-05", "2025-06"]), kind="imported",
                         source="Dinkes uji", licence="")
    return st


def add_published(st, registry):
    """The project's published figures (data/published_figures.csv) as the shipped dataset."""
    from jkn_geo.figures import published
    from jkn_geo.figures.store import PUBLISHED_DATASET

    st.write_dataset(PUBLISHED_DATASET, published.to_dataset_frame(registry=registry), kind="published",
                     source=published.SOURCE_SUMMARY, licence=published.LICENCE, replace=True)
    return PUBLISHED_DATASET


# ---------------------------------------------------------------- the map explorer's store
MAP_PERIODS = [f"2025-{m:02d}" for m in range(1, 8)]                 # 2025-01 … 2025-07
MAP_PUBLISHED = "angka-terbit"
MAP_DEMO = "demo-sintetis"
MAP_IMPORTED = "impor <script>alert(1)</script>"
# regions deliberately without data in every dataset (drawn hatched, "tidak ada data"); nothing
# below them has figures either, so nothing is summed up into them
MAP_MISSING = {"94", "18.05", "18.71.01"}


def _u(code: str, salt: str) -> float:
    import hashlib

    h = hashlib.sha256(f"{code}|{salt}".encode()).digest()
    return int.from_bytes(h[:4], "big") / 2**32


def map_figures(registry, dataset: str, periods, levels=("province", "regency"), provinces=None,
                district_provinces=("18",)) -> pd.DataFrame:
    """Own rows for every region of ``levels`` (districts only in ``district_provinces``) but the
    missing ones: coverage 86–100 % (+0.2 pp a month), activity 58–90 %, deterministic per code."""
    def missing(code):
        return any(code == m or code.startswith(m + ".") for m in MAP_MISSING)

    codes = []
    for prov in registry.codes("province"):
        if provinces is not None and prov not in provinces:
            continue
        if "province" in levels:
            codes.append(prov)
        if "regency" in levels or "district" in levels:
            for r in registry.children(prov):
                if "regency" in levels:
                    codes.append(r.code)
                if "district" in levels and prov in district_provinces:
                    codes += [d.code for d in registry.children(r.code)]
    rows = []
    for code in codes:
        if missing(code):
            continue
        r = registry.get(code)
        pop = float(r.population_total or 10_000)
        for m, period in enumerate(periods):
            cov = 86 + 14 * _u(code, dataset) + 0.2 * m
            act = 58 + 32 * _u(code, dataset + "a") + 0.1 * m
            registered = round(pop * cov / 100)
            rows.append({"code": code, "level": r.level, "period": period, "population": pop,
                         "registered": registered, "active": round(registered * act / 100),
                         "source": "BPJS Kesehatan (contoh uji)"})
    return pd.DataFrame(rows)


def write_map_published(st, registry, provinces=None):
    """The published-kind dataset of the map tests (province and regency figures)."""
    st.write_dataset(MAP_PUBLISHED, map_figures(registry, MAP_PUBLISHED, MAP_PERIODS, provinces=provinces),
                     kind="published", source="BPJS Kesehatan (contoh uji)", licence="CC BY", replace=True)


def make_map_store(path, registry):
    """Three datasets for the map explorer: published figures (provinces and regencies), the
    synthetic demo (with the districts of Lampung) and an import whose name and source are
    hostile markup (provinces, one month)."""
    from jkn_geo.figures.store import Store

    st = Store(path)
    write_map_published(st, registry)
    st.write_dataset(MAP_DEMO, map_figures(registry, MAP_DEMO, MAP_PERIODS, ("province", "regency", "district")),
                     kind="demo", source="dibuat acak · generated", licence="CC0")
    st.write_dataset(MAP_IMPORTED, map_figures(registry, MAP_IMPORTED, ["2024-12"], ("province",)),
                     kind="imported", source="<img src=x onerror=alert(2)>", licence="")
    return st


# ------------------------------------------- published figures with gaps, a conflict, sources
#: provinces whose latest figure is from May 2025 (two months before the map's last period)
PROV_OLDER = ("11", "12", "13")
#: a province whose only figure is 18 months old (beyond every tolerance: no data)
PROV_FAR = "14"
#: Bengkulu: stated activity 91,5 % while its stated counts give another value (inconsistent)
PROV_BAD = "17"
#: Lampung: a source whose text, quote and addresses are hostile
PROV_HOSTILE = "18"
GOOD_URL = "https://teraskabar.id/berita/bengkulu_jkn?a=1&b=2"
GOOD_QUOTE = "Keaktifan peserta JKN di Bengkulu mencapai 91,5 persen dari 1,9 juta peserta terdaftar."
HOSTILE_URLS = ("javascript:alert(6)", 'https://evil.example/"><script>alert(5)</script>')
HOSTILE_QUOTE = "Cakupan <img src=x onerror=alert(3)> [klik](javascript:alert(4)) naik."
PROVENANCE_FILE = "angka_uji.csv"


def write_map_provenance(st, registry):
    """Replace the map's published dataset by one like real published figures: three provinces
    only have May's figure, one only a figure of January 2024, Bengkulu's stated activity
    contradicts its stated counts, Lampung's source is hostile; statements with quotes and
    links for both."""
    base = map_figures(registry, MAP_PUBLISHED, MAP_PERIODS, levels=("province",))
    base = base[~base["code"].isin([*PROV_OLDER, PROV_FAR, PROV_BAD, PROV_HOSTILE])]
    extra = []
    for code in PROV_OLDER:
        r = registry.get(code)
        pop = float(r.population_total or 10_000)
        extra.append({"code": code, "level": "province", "period": "2025-05", "population": pop,
                      "registered": round(pop * 0.95), "active": round(pop * 0.70), "source": "Berita uji, 2025-05-20"})
    extra.append({"code": PROV_FAR, "level": "province", "period": "2024-01", "population": 1e6,
                  "registered": 950_000, "active": 700_000, "source": "Berita lama"})
    extra.append({"code": PROV_BAD, "level": "province", "period": "2025-07", "population": 2_100_000.0,
                  "registered": 1_900_000, "active": 1_500_000, "activity_pct_given": 91.5,
                  "source": "Koran Uji", "source_url": GOOD_URL, "source_date": "2025-07-10",
                  "quote": GOOD_QUOTE, "row_no": 3})
    extra.append({"code": PROV_HOSTILE, "level": "province", "period": "2025-07", "population": 9_000_000.0,
                  "coverage_pct_given": 97.05, "source": "Sumber <b>jahat</b> https://teraskabar.id/x_y",
                  "source_url": HOSTILE_URLS[0], "source_date": "2025-07-02", "quote": HOSTILE_QUOTE, "row_no": 5})
    figs = pd.concat([base, pd.DataFrame(extra)], ignore_index=True)
    common = {"level": "province", "period": "2025-07", "period_kind": "month", "segment": "total"}
    bad = {**common, "code": PROV_BAD, "source_name": "Koran Uji", "source_url": GOOD_URL,
           "source_date": "2025-07-10", "quote": GOOD_QUOTE}
    stm = pd.DataFrame([
        {**bad, "figure_id": "uji-1", "measure": "registered", "measure_stated": "registered", "definition": "count",
         "value": 1_900_000, "value_text": "1,9 juta", "unit": "people", "row_no": 1},
        {**bad, "figure_id": "uji-2", "measure": "active", "measure_stated": "active", "definition": "count",
         "value": 1_500_000, "value_text": "1.500.000 jiwa", "unit": "people", "row_no": 2},
        {**bad, "figure_id": "uji-3", "measure": "activity_pct", "measure_stated": "activity_pct",
         "definition": "active/registered", "value": 91.5, "value_text": "91,5 persen", "unit": "pct", "row_no": 3},
        {**common, "code": PROV_HOSTILE, "figure_id": "uji-4", "measure": "coverage_pct",
         "measure_stated": "coverage_pct", "definition": "registered/population", "value": 97.05,
         "value_text": "97,05 <b>persen</b>", "unit": "pct", "source_name": "Sumber <b>jahat</b>",
         "source_url": HOSTILE_URLS[0], "source_date": "2025-07-02", "quote": HOSTILE_QUOTE, "row_no": 5},
        {**common, "code": PROV_HOSTILE, "figure_id": "uji-5", "measure": "population", "measure_stated": "population",
         "definition": "count", "value": 9_000_000, "value_text": "9 juta", "unit": "people",
         "source_name": "Situs lain", "source_url": HOSTILE_URLS[1], "source_date": "2025-07-03",
         "quote": "Penduduk 9 juta.", "row_no": 6},
    ])
    st.write_dataset(MAP_PUBLISHED, figs, kind="published", source="Angka uji", licence="CC BY", replace=True,
                     statements=stm, file_name=PROVENANCE_FILE)
