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
