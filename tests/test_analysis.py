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


# ---------------------------------------------------------------- issue 13: national rank, filters, totals
def test_national_rank_beside_the_rank_in_the_province():
    t = an.add_national_rank(an.add_sibling_rank(_table(), "coverage_pct"), "coverage_pct")
    r = {c: (a, b, n) for c, a, b, n in zip(t["code"], t["rank"], t["rank_nat"], t["rank_nat_of"])}
    assert r["18.03"][:2] == (1, 1) and r["16.01"][:2] == (1, 2)     # best in 16, second in the country
    assert r["16.02"][1] == 5 and r["16.02"][2] == 5                 # 5 regencies with a value
    assert pd.isna(r["18.04"][1])


def test_below_target_filters_and_totals_equal_the_table():
    t = _table().assign(to_enrol=[80.0, 30.0, 0.0, np.nan, 15.0, 180.0],
                        to_activate=[20.0, 0.0, 0.0, np.nan, 0.0, 0.0],
                        gap_cost_rp=[8e6, 3e6, 0.0, np.nan, 1.5e6, 1.8e7])
    cov = t[an.below_target(t, "cov", 98.0, 80.0)]
    assert list(cov["code"]) == ["18.01", "18.02", "16.01", "16.02"]   # no figure is never "below"
    assert list(t[an.below_target(t, "act", 98.0, 80.0)]["code"]) == ["18.01"]
    assert list(t[an.below_target(t, "both", 98.0, 80.0)]["code"]) == ["18.01"]
    assert len(t[an.below_target(t, "", 98.0, 80.0)]) == 6
    tot = an.totals(cov)
    assert tot == {"regions": 4, "to_enrol": cov["to_enrol"].sum(), "to_activate": 20.0,
                   "gap_cost_rp": cov["gap_cost_rp"].sum()}
    assert math.isnan(an.totals(t.iloc[:0])["to_enrol"])


# ---------------------------------------------------------------- projection
from jkn_geo.analysis import projection as pj  # noqa: E402

_MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]


def test_projection_month_at_the_least_squares_pace():
    p = pj.project(_MONTHS, [90 + 0.5 * i for i in range(12)], 98.0)   # 95,5 in Dec, +0,5 a month
    assert (p.status, p.period, round(p.slope, 6), p.months) == ("by", "2025-05", 0.5, 12)
    assert p.text().id == "Mei 2025" and p.text().en == "May 2025"


def test_projection_uses_only_the_last_12_months_and_skips_gaps():
    ps = [f"2022-{m:02d}" for m in range(1, 13)] + _MONTHS
    vals = [99.0 - i for i in range(12)] + [90 + i if i % 2 == 0 else None for i in range(12)]  # old fall ignored
    p = pj.project(ps, vals, 101.0)                    # 100 in Nov 2024, +1 a month
    assert (p.status, p.period, p.months, round(p.slope, 6)) == ("by", "2024-12", 6, 1.0)


def test_projection_not_at_this_pace_too_few_and_reached():
    assert pj.project(_MONTHS, [97 - 0.1 * i for i in range(12)], 98).status == "not_at_pace"
    assert pj.project(_MONTHS, [97.0] * 12, 98).status == "not_at_pace"                 # flat
    assert pj.project(_MONTHS, [50 + 0.001 * i for i in range(12)], 98).status == "not_at_pace"  # centuries
    assert pj.project(_MONTHS[:5], [90, 91, 92, 93, 94], 98).status == "too_few"
    assert pj.project(_MONTHS, [99.0] * 12, 98).status == "reached"
    assert pj.project(_MONTHS, [], 98).status == "too_few"
    assert pj.project(_MONTHS, [95 - 0.5 * i for i in range(12)], 80, higher_is_better=False).status == "by"
    assert pj.STATUS_TEXT["not_at_pace"].both() == "tidak pada laju ini · not at this pace"


def test_projection_table_per_region():
    s = pd.DataFrame({"code": ["A"] * 12 + ["B"] * 3, "period": _MONTHS + _MONTHS[:3],
                      "coverage_pct": [90 + 0.5 * i for i in range(12)] + [90, 91, 92]})
    t = pj.project_table(s, "coverage_pct", 98.0).set_index("code")
    assert t.loc["A", "projection"] == "Mei 2025" and t.loc["B", "projection_status"] == "too_few"
