"""Ranking among siblings, change between periods, filters (hand-made frames, hand-computed)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from jkn_geo.analysis import ranking as an


def _table(period="2025-07"):
    return pd.DataFrame({
        "code": ["18.01", "18.02", "18.03", "18.04", "16.01", "16.02"],
        "name": ["A", "B", "C", "D", "E", "F"],
        "parent_code": ["18", "18", "18", "18", "16", "16"],
        "period": [period] * 6,
        "registered": [900.0, 950.0, 990.0, np.nan, 500.0, 800.0],
        "active": [700.0, 760.0, 800.0, np.nan, 400.0, 700.0],
        "coverage_pct": [90.0, 95.0, 99.0, np.nan, 95.0, 80.0],
        "activity_pct": [77.8, 80.0, 80.8, np.nan, 80.0, 87.5],
        "unregistered": [100.0, 50.0, 10.0, np.nan, 500.0, 200.0],
        "status": ["neither", "activity_only", "both", None, "activity_only", "activity_only"],
    })


def test_rank_among_siblings_higher_is_better():
    t = an.add_sibling_rank(_table(), "coverage_pct", higher_is_better=True)
    r = dict(zip(t["code"], t["rank"]))
    of = dict(zip(t["code"], t["rank_of"]))
    assert (r["18.03"], r["18.02"], r["18.01"]) == (1, 2, 3)
    assert pd.isna(r["18.04"]) and pd.isna(of["18.04"])        # no data: no rank, never last
    assert of["18.01"] == 3                                     # only siblings with data count
    assert (r["16.01"], r["16.02"], of["16.01"]) == (1, 2, 2)   # ranked within its own province


def test_rank_lower_is_better_and_ties():
    df = _table()
    df.loc[df.code == "18.02", "unregistered"] = 10.0           # tie with 18.03
    t = an.add_sibling_rank(df, "unregistered", higher_is_better=False)
    r = dict(zip(t["code"], t["rank"]))
    assert r["18.02"] == r["18.03"] == 1 and r["18.01"] == 3


def test_provinces_are_all_siblings():
    df = pd.DataFrame({"code": ["11", "12", "13"], "parent_code": [None, None, None],
                       "coverage_pct": [97.0, 99.0, 98.0]})
    t = an.add_sibling_rank(df, "coverage_pct", higher_is_better=True)
    assert t["rank"].tolist() == [3, 1, 2] and t["rank_of"].tolist() == [3, 3, 3]
    assert an.rank_label(t["rank"][1], t["rank_of"][1]) == "peringkat 1 dari 3"
    assert an.rank_label(pd.NA, 3) == "tidak ada data"
    assert an.rank_label(2, 38, lang="en") == "rank 2 of 38"


def test_change_in_pp_and_people():
    old = _table("2024-07")
    old["coverage_pct"] = [88.5, 95.0, np.nan, 90.0, 94.0, 81.0]
    old["registered"] = [885.0, 950.0, np.nan, 900.0, 470.0, 810.0]
    t = an.add_change(_table(), old, ["coverage_pct"], ["registered"])
    row = t.set_index("code")
    assert row.loc["18.01", "coverage_pct_change"] == pytest.approx(1.5)      # pp
    assert row.loc["18.01", "registered_change"] == pytest.approx(15.0)       # people
    assert row.loc["16.02", "registered_change"] == pytest.approx(-10.0)
    assert row.loc["18.02", "coverage_pct_change"] == 0.0
    assert math.isnan(row.loc["18.03", "coverage_pct_change"])                # missing before
    assert math.isnan(row.loc["18.04", "coverage_pct_change"])                # missing now
    assert row.loc["18.01", "period_prev"] == "2024-07"


def test_change_without_previous_is_nan_not_zero():
    t = an.add_change(_table(), None, ["coverage_pct"], ["registered"])
    assert t["coverage_pct_change"].isna().all() and t["registered_change"].isna().all()


def test_change_between_columns():
    old = _table("2024-01")
    old["coverage_pct"] = old["coverage_pct"] - 2
    c = an.change_between(old, _table("2025-01"), ["coverage_pct"], ["registered"])
    assert {"coverage_pct_from", "coverage_pct_to", "coverage_pct_change", "registered_change",
            "period_from", "period_to"} <= set(c.columns)
    r = c.set_index("code").loc["18.02"]
    assert (r.coverage_pct_from, r.coverage_pct_to, r.coverage_pct_change) == (93.0, 95.0, 2.0)
    assert (r.period_from, r.period_to) == ("2024-01", "2025-01")


def test_filters():
    t = _table()
    assert an.filter_table(t, province="18")["code"].tolist() == ["18.01", "18.02", "18.03", "18.04"]
    assert an.filter_table(t, province="1")["code"].tolist() == []          # a prefix is not a province
    assert an.filter_table(t, statuses=["activity_only"])["code"].tolist() == ["18.02", "16.01", "16.02"]
    assert an.filter_table(t, province="16", statuses=["both"]).empty
    assert "18.04" not in an.filter_table(t, with_data_only=True)["code"].tolist()
    assert an.filter_table(t, text="c")["code"].tolist() == ["18.03"]


def test_periods_between_and_summary():
    ps = ["2024-03", "2023-01", "2024-01", "2025-07", "2024-03"]
    assert an.periods_between(ps, "2024-01", "2024-12") == ["2024-01", "2024-03"]
    assert an.periods_between(ps) == ["2023-01", "2024-01", "2024-03", "2025-07"]
    s = an.summary(_table(), "coverage_pct", target=95.0)
    assert s == {"regions": 6, "with_data": 5, "median": 95.0, "meeting_target": 3}


def test_change_units():
    assert an.change_unit("coverage_pct") == "pp"
    assert an.change_unit("registered") == "people"
    assert an.change_unit("gap_cost_rp") == "rp"


# ---------------------------------------------------------------- over a real (small) store
@pytest.fixture()
def small_store(tmp_path, registry):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from _pages_data import make_store

    st = make_store(tmp_path / "a.duckdb", registry)
    yield st
    st.close()


def test_ranking_table_ranks_before_filtering(small_store):
    full = an.ranking_table(small_store, "uji-demo", "regency", "2025-06", within="18")
    some = an.ranking_table(small_store, "uji-demo", "regency", "2025-06", within="18", statuses=["neither"])
    assert 0 < len(some) < len(full)
    ranks = dict(zip(full["code"], full["rank"]))
    assert all(ranks[c] == r for c, r in zip(some["code"], some["rank"]))   # rank among all 15 siblings kept
    assert (some["rank_of"] == 15).all()


def test_change_table_and_series(small_store):
    ch = an.change_table(small_store, "uji-demo", "regency", "2024-06", "2025-06", within="17")
    assert len(ch) == 10 and ch["coverage_pct_change"].round(2).eq(2.4).all()
    # registered change in people = registered(2025-06) − registered(2024-06), by hand for one regency
    r = ch.iloc[0]
    assert r["registered_change"] == r["registered_to"] - r["registered_from"] > 0
    s = an.series_table(small_store, "uji-demo", ["18.71", "17"], start="2025-01", end="2025-03")
    assert sorted(s["period"].unique()) == ["2025-01", "2025-02", "2025-03"]
    assert set(s["code"]) == {"18.71", "17"}                              # a province: summed from its regencies


def test_display_order():
    t = an.add_sibling_rank(_table(), "coverage_pct", higher_is_better=True)
    order = an.display_order(t)["code"].tolist()
    assert order == ["16.01", "16.02", "18.03", "18.02", "18.01", "18.04"]
