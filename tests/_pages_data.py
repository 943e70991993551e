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
