"""A small stand-in for the data layer (``jkn_geo.analysis.indicators`` + ``jkn_geo.figures.store``), for the
explorer's tests only. It follows the issue-2 contract; values are deterministic per code.

``install(monkeypatch)`` puts it in place of the real modules for one test.
"""
from __future__ import annotations

import hashlib
import math
import sys
import types

import numpy as np
import pandas as pd

PERIODS = [f"2025-{m:02d}" for m in range(1, 8)]
PUBLISHED = "angka-terbit"
DEMO = "demo-sintetis"
IMPORTED = "impor <script>alert(1)</script>"
# regions deliberately without data in every dataset (drawn hatched, "tidak ada data")
MISSING = {"94", "18.05", "18.71.01"}

INDICATORS = {
    "coverage_pct": {"label_id": "Cakupan kepesertaan", "label_en": "Coverage", "unit": "pct", "target": "coverage",
                     "higher_is_better": True, "formula": "terdaftar ÷ penduduk"},
    "activity_pct": {"label_id": "Keaktifan peserta", "label_en": "Activity", "unit": "pct", "target": "activity",
                     "higher_is_better": True, "formula": "aktif ÷ terdaftar"},
    "active_coverage_pct": {"label_id": "Cakupan peserta aktif", "label_en": "Active coverage", "unit": "pct",
                            "target": None, "higher_is_better": True, "formula": "aktif ÷ penduduk"},
    "unregistered": {"label_id": "Belum terdaftar", "label_en": "Unregistered", "unit": "people", "target": None,
                     "higher_is_better": False, "formula": "penduduk − terdaftar"},
    "inactive": {"label_id": "Tidak aktif", "label_en": "Inactive", "unit": "people", "target": None,
                 "higher_is_better": False, "formula": "terdaftar − aktif"},
    "to_enrol": {"label_id": "Perlu didaftarkan", "label_en": "To enrol", "unit": "people", "target": "coverage",
                 "higher_is_better": False, "formula": "target × penduduk − terdaftar"},
    "to_activate": {"label_id": "Perlu diaktifkan", "label_en": "To activate", "unit": "people",
                    "target": "activity", "higher_is_better": False, "formula": "target × terdaftar − aktif"},
    "gap_cost_rp": {"label_id": "Biaya celah", "label_en": "Gap cost", "unit": "rp", "target": "coverage",
                    "higher_is_better": False, "formula": "perlu didaftarkan × 42.000 × 12"},
}
STATUS_LABELS = {
    "both": {"label_id": "Memenuhi kedua target", "label_en": "Meets both"},
    "coverage_only": {"label_id": "Hanya cakupan", "label_en": "Coverage only"},
    "activity_only": {"label_id": "Hanya keaktifan", "label_en": "Activity only"},
    "neither": {"label_id": "Belum keduanya", "label_en": "Neither"},
}
COVERAGE_TARGETS = {"98": 98.0, "98.6": 98.6, "95": 95.0}
ACTIVITY_TARGET = 80.0
PBI_CONTRIBUTION_RP = 42_000


def _u(code: str, salt: str) -> float:
    h = hashlib.sha256(f"{code}|{salt}".encode()).digest()
    return int.from_bytes(h[:4], "big") / 2**32


class FakeStore:
    def __init__(self):
        self.meta = pd.DataFrame([
            {"name": PUBLISHED, "kind": "published", "source": "BPJS Kesehatan (contoh uji)", "licence": "CC BY",
             "created_at": "2026-01-01", "rows": 100, "period_min": PERIODS[0], "period_max": PERIODS[-1],
             "levels": "province,regency"},
            {"name": DEMO, "kind": "demo", "source": "dibuat acak · generated", "licence": "CC0",
             "created_at": "2026-01-01", "rows": 100, "period_min": PERIODS[0], "period_max": PERIODS[-1],
             "levels": "province,regency,district"},
            {"name": IMPORTED, "kind": "imported", "source": "<img src=x onerror=alert(2)>", "licence": "",
             "created_at": "2026-01-02", "rows": 10, "period_min": "2024-12", "period_max": "2024-12",
             "levels": "province"},
        ])

    def datasets(self):
        return self.meta.copy()

    def periods(self, dataset, level=None):
        if dataset == IMPORTED:
            return ["2024-12"]
        return list(PERIODS)

    def levels(self, dataset):
        return self.meta.set_index("name").loc[dataset, "levels"].split(",")


def _value_row(reg, code, dataset, period, cov_t, act_t, pbi):
    r = reg.get(code)
    base = {"code": r.code, "name": r.name, "level": r.level, "parent_code": r.parent_code, "period": period,
            "population": float(r.population_total or 0) or np.nan, "population_source": "reference",
            "source": "BPJS Kesehatan (contoh uji)", "note": None}
    levels = FakeStore().levels(dataset)
    if code in MISSING or r.level not in levels or period not in FakeStore().periods(dataset):
        base.update({k: np.nan for k in ["registered", "active", *INDICATORS]})
        base["status"] = None
        return base
    m = PERIODS.index(period) if period in PERIODS else 0
    cov = 86 + 14 * _u(code, dataset) + 0.2 * m
    act = 58 + 32 * _u(code, dataset + "a") + 0.1 * m
    pop = base["population"] if not math.isnan(base["population"]) else 10000.0
    registered = round(pop * cov / 100)
    active = round(registered * act / 100)
    cov_p = registered / pop * 100
    act_p = active / registered * 100
    to_enrol = max(0, math.ceil(cov_t / 100 * pop - registered))
    base.update({
        "registered": float(registered), "active": float(active), "coverage_pct": cov_p, "activity_pct": act_p,
        "active_coverage_pct": active / pop * 100, "unregistered": float(max(0, pop - registered)),
        "inactive": float(registered - active), "to_enrol": float(to_enrol),
        "to_activate": float(max(0, math.ceil(act_t / 100 * registered - active))),
        "gap_cost_rp": float(to_enrol * pbi * 12),
    })
    base["status"] = ("both" if cov_p >= cov_t and act_p >= act_t else "coverage_only" if cov_p >= cov_t
                      else "activity_only" if act_p >= act_t else "neither")
    return base


def indicator_table(store, dataset, level, period=None, within=None, coverage_target=98.0, activity_target=80.0,
                    pbi_rp=42000):
    from jkn_geo.geography.registry import get_registry

    reg = get_registry()
    period = period or store.periods(dataset)[-1]
    rows = [_value_row(reg, c, dataset, period, coverage_target, activity_target, pbi_rp)
            for c in reg.codes(level, within)]
    return pd.DataFrame(rows)


def region_series(store, dataset, code, coverage_target=98.0, activity_target=80.0, pbi_rp=42000):
    from jkn_geo.geography.registry import get_registry

    reg = get_registry()
    return pd.DataFrame([_value_row(reg, code, dataset, p, coverage_target, activity_target, pbi_rp)
                         for p in store.periods(dataset)])


_STORE = None


class StoreError(Exception):
    """Stand-in for ``jkn_geo.figures.store.StoreError`` (busy or damaged store)."""


def open_store(path=None):
    global _STORE
    if _STORE is None:
        _STORE = FakeStore()
    return _STORE


def modules():
    ind = types.ModuleType("jkn_geo.analysis.indicators")
    for k in ("INDICATORS", "STATUS_LABELS", "COVERAGE_TARGETS", "ACTIVITY_TARGET", "PBI_CONTRIBUTION_RP"):
        setattr(ind, k, globals()[k])
    ind.indicator_table = indicator_table
    ind.region_series = region_series
    sto = types.ModuleType("jkn_geo.figures.store")
    sto.open_store = open_store
    sto.Store = FakeStore
    sto.DEMO_DATASET = DEMO
    sto.PUBLISHED_DATASET = PUBLISHED
    sto.StoreError = StoreError
    return ind, sto


def install(monkeypatch=None):
    """Replace the data layer with the fake (``monkeypatch`` undoes it after the test)."""
    import jkn_geo

    ind, sto = modules()
    if monkeypatch is None:
        sys.modules["jkn_geo.analysis.indicators"] = ind
        sys.modules["jkn_geo.figures.store"] = sto
        jkn_geo.analysis.indicators = ind
        jkn_geo.figures.store = sto
        return
    monkeypatch.setitem(sys.modules, "jkn_geo.analysis.indicators", ind)
    monkeypatch.setitem(sys.modules, "jkn_geo.figures.store", sto)
    monkeypatch.setattr(jkn_geo, "indicators", ind, raising=False)
    monkeypatch.setattr(jkn_geo, "store", sto, raising=False)
