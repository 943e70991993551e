"""Indicator formulas (hand-computed cases) and aggregation up the hierarchy."""
import math

import numpy as np
import pandas as pd
import pytest

from jkn_geo.analysis import indicators as I
from jkn_geo.figures.store import Store


def one(pop, reg, act, **kw):
    return I.compute(pd.DataFrame({"population": [pop], "registered": [reg], "active": [act]}), **kw).iloc[0]


def test_contract_names():
    assert I.COVERAGE_TARGETS == {"98": 98.0, "98.6": 98.6, "95": 95.0}
    assert I.ACTIVITY_TARGET == 80.0 and I.PBI_CONTRIBUTION_RP == 42_000
    assert list(I.INDICATORS) == ["coverage_pct", "activity_pct", "active_coverage_pct", "unregistered", "inactive",
                                  "to_enrol", "to_activate", "gap_cost_rp"]
    for spec in I.INDICATORS.values():
        assert set(spec) == {"label_id", "label_en", "unit", "target", "higher_is_better", "formula"}
        assert spec["unit"] in ("pct", "people", "rp") and spec["target"] in ("coverage", "activity", None)
    assert set(I.STATUS_LABELS) == {"both", "coverage_only", "activity_only", "neither"}


def test_basic_formulas_by_hand():
    r = one(1000, 950, 760)
    assert r.coverage_pct == pytest.approx(95.0)
    assert r.activity_pct == pytest.approx(80.0)
    assert r.active_coverage_pct == pytest.approx(76.0)
    assert r.unregistered == 50 and r.inactive == 190
    assert r.to_enrol == 30            # 98 % of 1000 = 980; 980 − 950
    assert r.to_activate == 0          # 80 % of 950 = 760 = active
    assert r.gap_cost_rp == 30 * 42_000 * 12
    assert r.status == "activity_only"


def test_targets_are_configurable():
    assert one(1000, 950, 760, coverage_target=95.0).status == "both"
    assert one(1000, 950, 760, coverage_target=95.0).to_enrol == 0
    assert one(1000, 950, 760, coverage_target=98.6).to_enrol == 36      # 986 − 950
    r = one(1000, 950, 700, activity_target=75.0)
    assert r.to_activate == 13                                          # ⌈712,5 − 700⌉
    assert one(1000, 950, 760, pbi_rp=35_000).gap_cost_rp == 30 * 35_000 * 12


def test_oku_timur_by_hand():
    r = one(694_832, 682_527, None, coverage_target=98.6)
    assert r.coverage_pct == pytest.approx(682_527 / 694_832 * 100)
    assert r.to_enrol == 2578          # ⌈0,986 × 694.832 − 682.527⌉ = ⌈2.577,352⌉
    assert math.isnan(r.activity_pct) and r.status is None


def test_ceil_is_not_fooled_by_float_noise():
    assert one(1000, 970, 776).to_enrol == 10      # 0,98 × 1000 = 980,0000000000001 in floats
    assert one(100, 98, 1).to_enrol == 0


def test_edge_cases():
    r = one(1000, 1100, 900)                      # more registered than inhabitants
    assert r.coverage_pct == pytest.approx(110) and r.unregistered == 0 and r.to_enrol == 0
    r = one(0, 10, 5)
    assert math.isnan(r.coverage_pct) and r.activity_pct == pytest.approx(50)
    r = one(np.nan, np.nan, np.nan)
    assert r.status is None and math.isnan(r.to_enrol)


def test_status_classes():
    s = I.status_of([98, 97.99, 99, 50, np.nan], [80, 80, 79.99, 10, 90])
    assert list(s) == ["both", "activity_only", "coverage_only", "neither", None]


def test_stated_percentages_win_over_computed_ones():
    df = pd.DataFrame({"population": [1000, 1000], "registered": [900, np.nan], "active": [450, np.nan],
                       "coverage_pct_given": [50.0, 87.37], "activity_pct_given": [np.nan, 65.52]})
    out = I.compute(df)
    # row 0 states 50 % coverage although its counts give 90 %: the stated value is shown, the
    # computed one kept beside it, and the row is marked inconsistent
    assert out.coverage_pct.tolist() == pytest.approx([50.0, 87.37])
    assert out.coverage_pct_origin.tolist() == ["stated", "stated"]
    assert out.coverage_pct_alt[0] == pytest.approx(90.0) and math.isnan(out.coverage_pct_alt[1])
    assert out.inconsistent.tolist() == [True, False]
    assert out.activity_pct.tolist() == pytest.approx([50.0, 65.52])
    assert out.activity_pct_origin.tolist() == ["computed", "stated"]
    assert out.status.tolist() == ["neither", "neither"]
    # people counts from a percentage are labelled converted, with their formula
    assert out.registered_origin.tolist() == ["stated", "converted"]
    assert out.registered[1] == round(873.7)
    assert out.to_enrol_origin[1] == "converted" and out.to_enrol[1] == 980 - 874
    assert "cakupan × penduduk" in out.registered_how[1]


# ---- aggregation through a real store ------------------------------------------------------------
@pytest.fixture()
def store(tmp_db):
    st = Store(tmp_db)
    yield st
    st.close()


def _children(registry, code):
    return [r.code for r in registry.children(code)]


def test_province_sums_counts_never_averages(store, registry):
    kids = _children(registry, "65")                 # Kalimantan Utara
    pops = [1000 * (i + 1) ** 2 for i in range(len(kids))]
    regs = [p * (0.8 + 0.04 * i) for i, p in enumerate(pops)]
    acts = [r * 0.7 for r in regs]
    df = pd.DataFrame({"code": kids, "level": "regency", "period": "2025-07", "population": pops,
                       "registered": np.round(regs), "active": np.round(acts)})
    store.write_dataset("t", df)
    tab = I.indicator_table(store, "t", "province", registry=registry)
    assert len(tab) == 38
    row = tab.set_index("code").loc["65"]
    assert row.origin == "aggregated" and row.population_source == "data"
    assert row.registered == df.registered.sum() and row.population == sum(pops)
    assert row.coverage_pct == pytest.approx(df.registered.sum() / sum(pops) * 100)
    mean_of_pcts = (df.registered / df.population * 100).mean()
    assert abs(row.coverage_pct - mean_of_pcts) > 0.5
    others = tab[tab.code != "65"]
    assert others.coverage_pct.isna().all() and others.status.isna().all()
    assert (others.population_source == "reference").all()
    nat = I.indicator_table(store, "t", "national", registry=registry)
    assert len(nat) == 1 and math.isnan(nat.registered[0])      # 37 provinces have no data: no sum


def test_incomplete_children_are_not_summed(store, registry):
    kids = _children(registry, "65")
    df = pd.DataFrame({"code": kids[:-1], "level": "regency", "period": "2025-07", "registered": 100.0,
                       "active": 50.0})
    store.write_dataset("t", df)
    row = I.indicator_table(store, "t", "province", registry=registry).set_index("code").loc["65"]
    assert math.isnan(row.registered) and row.status is None
    assert row.children_with_data == len(kids) - 1 and row.children_total == len(kids)
    assert "not summed" in row.note


def test_reference_population_used_when_data_has_none(store, registry):
    kids = _children(registry, "65")
    df = pd.DataFrame({"code": kids, "level": "regency", "period": "2025-07", "registered": 1000.0,
                       "active": 800.0})
    store.write_dataset("t", df)
    tab = I.indicator_table(store, "t", "regency", within="65", registry=registry)
    assert len(tab) == len(kids)
    assert (tab.population_source == "reference").all()
    assert tab.population.tolist() == [registry.population(c) for c in tab.code]
    prov = I.indicator_table(store, "t", "province", registry=registry).set_index("code").loc["65"]
    assert prov.population == registry.population("65") and prov.population_source == "reference"
    assert prov.registered == 1000 * len(kids)


def test_percentage_only_figures_are_shown_but_not_aggregated(store, registry):
    kids = _children(registry, "65")
    df = pd.DataFrame({"code": kids, "level": "regency", "period": "2025-07", "registered": 1000.0,
                       "active": 800.0})
    df.loc[0, ["registered", "active"]] = np.nan
    df["coverage_pct_given"] = np.nan
    df.loc[0, "coverage_pct_given"] = 91.5
    store.write_dataset("t", df)
    reg = I.indicator_table(store, "t", "regency", within="65", registry=registry).set_index("code")
    assert reg.loc[kids[0], "coverage_pct"] == pytest.approx(91.5)
    prov = I.indicator_table(store, "t", "province", registry=registry).set_index("code").loc["65"]
    assert math.isnan(prov.coverage_pct) and math.isnan(prov.registered)


def test_own_parent_row_wins_and_districts_aggregate(store, registry):
    dist = registry.codes("district", "65.01")
    rows = [{"code": c, "level": "district", "period": "2025-06", "population": 100.0, "registered": 90.0,
             "active": 45.0} for c in dist]
    rows.append({"code": "65", "level": "province", "period": "2025-06", "registered": 5.0, "active": 1.0})
    store.write_dataset("t", pd.DataFrame(rows))
    r = I.indicator_table(store, "t", "regency", within="65", registry=registry).set_index("code").loc["65.01"]
    assert r.origin == "aggregated" and r.registered == 90 * len(dist) and r.population == 100 * len(dist)
    assert r.population_source == "data" and r.activity_pct == pytest.approx(50)
    p = I.indicator_table(store, "t", "province", registry=registry).set_index("code").loc["65"]
    assert p.origin == "own" and p.registered == 5
    d = I.indicator_table(store, "t", "district", within="65.01", registry=registry)
    assert len(d) == len(dist) and d.coverage_pct.tolist() == pytest.approx([90.0] * len(dist))


def test_default_period_is_latest_and_series(store, registry):
    kids = _children(registry, "65")
    frames = []
    for i, p in enumerate(["2025-05", "2025-06", "2025-07"]):
        frames.append(pd.DataFrame({"code": kids, "level": "regency", "period": p, "registered": 1000.0 + i,
                                    "active": 500.0}))
    store.write_dataset("t", pd.concat(frames))
    tab = I.indicator_table(store, "t", "province", registry=registry)
    assert set(tab.period) == {"2025-07"}
    s = I.region_series(store, "t", "65", registry=registry)
    assert s.period.tolist() == ["2025-05", "2025-06", "2025-07"]
    assert s.registered.tolist() == [(1000.0 + i) * len(kids) for i in range(3)]
    s = I.region_series(store, "t", kids[0], registry=registry)
    assert len(s) == 3 and (s.code == kids[0]).all()
    old = I.indicator_table(store, "t", "regency", period="2025-05", within="65", registry=registry)
    assert (old.registered == 1000).all()


def test_implied_population_keeps_a_source_consistent(store, registry):
    df = pd.DataFrame({"code": ["18"], "level": ["province"], "period": ["2023-08"], "registered": [8_527_908.0],
                       "coverage_pct_given": [95.31]})
    store.write_dataset("t", df)
    r = I.indicator_table(store, "t", "province", registry=registry).set_index("code").loc["18"]
    assert r.population_source == "implied"
    assert r.population == round(8_527_908 / 0.9531)
    assert r.coverage_pct == pytest.approx(95.31, abs=1e-4)
    assert r.unregistered == pytest.approx(round(8_527_908 / 0.9531) - 8_527_908)


def test_segments_have_no_reference_population(store, registry):
    df = pd.DataFrame({"code": ["65.01", "65.01"], "level": "regency", "period": "2025-07",
                       "segment": ["total", "pbpu"], "registered": [1000.0, 200.0], "active": [800.0, 70.0]})
    store.write_dataset("t", df)
    seg = I.indicator_table(store, "t", "regency", within="65", segment="pbpu", registry=registry).set_index("code")
    r = seg.loc["65.01"]
    assert math.isnan(r.population) and math.isnan(r.coverage_pct) and r.activity_pct == pytest.approx(35.0)
    tot = I.indicator_table(store, "t", "regency", within="65", registry=registry).set_index("code").loc["65.01"]
    assert tot.population == registry.population("65.01") and tot.activity_pct == pytest.approx(80.0)


from hypothesis import given, settings, strategies as hs  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(pop=hs.integers(1, 50_000_000), share=hs.floats(0, 1.2), act_share=hs.floats(0, 1),
       target=hs.sampled_from(list(I.COVERAGE_TARGETS.values())))
def test_to_enrol_is_the_smallest_number_that_reaches_the_target(pop, share, act_share, target):
    reg = float(int(pop * share))
    act = float(int(reg * act_share))
    r = one(float(pop), reg, act, coverage_target=target)
    n = r.to_enrol
    assert n >= 0 and n == int(n)
    assert (reg + n) * 100 >= target * pop - 1e-6 * pop           # enough
    if n > 0:
        assert (reg + n - 1) * 100 < target * pop + 1e-6 * pop    # and not one more than needed
    m = r.to_activate
    if m > 0:
        assert (act + m - 1) * 100 < 80.0 * reg + 1e-6 * max(reg, 1)
    assert (act + m) * 100 >= 80.0 * reg - 1e-6 * max(reg, 1)
    assert r.gap_cost_rp == n * 42_000 * 12


@settings(max_examples=12, deadline=None)
@given(data=hs.lists(hs.tuples(hs.integers(1, 10**6), hs.floats(0.5, 1.0), hs.floats(0.3, 1.0)), min_size=5,
                     max_size=5))
def test_aggregate_is_the_ratio_of_sums(tmp_path_factory, registry, data):
    kids = [r.code for r in registry.children("65")]
    assert len(kids) == 5
    st = Store(tmp_path_factory.mktemp("h") / "s.duckdb")
    pops = [float(p) for p, _, _ in data]
    regs = [float(int(p * c)) for p, c, _ in data]
    acts = [float(int(r * a)) for r, (_, _, a) in zip(regs, data)]
    st.write_dataset("t", pd.DataFrame({"code": kids, "level": "regency", "period": "2025-07",
                                        "population": pops, "registered": regs, "active": acts}))
    row = I.indicator_table(st, "t", "province", registry=registry).set_index("code").loc["65"]
    assert row.coverage_pct == pytest.approx(sum(regs) / sum(pops) * 100)
    if sum(regs):
        assert row.activity_pct == pytest.approx(sum(acts) / sum(regs) * 100)
    assert row.to_enrol == max(0, math.ceil(round(sum(pops) * 0.98 - sum(regs), 6)))
    st.close()


def test_aggregated_source_names_each_source_once(store, registry):
    kids = _children(registry, "65")
    src = ["BPJS Tarakan", "Dinkes", None] + ["BPJS Tarakan; Dinkes"] * (len(kids) - 3)
    store.write_dataset("t", pd.DataFrame({"code": kids, "level": "regency", "period": "2025-07",
                                           "registered": 10.0, "active": 5.0, "source": src}))
    row = I.indicator_table(store, "t", "province", registry=registry).set_index("code").loc["65"]
    assert row.origin == "aggregated" and row.source == "BPJS Tarakan; Dinkes"
    nat = I.region_series(store, "t", "ID", registry=registry)
    assert nat.empty                        # 37 provinces without data: no national sum


# ---- figures as published: precedence, tolerance, population tables, findings ------------------
def test_conversions_between_definitions():
    # only active ÷ population and active ÷ registered stated: coverage is converted from them
    df = pd.DataFrame({"population": [1000.0], "active_coverage_pct_given": [60.0], "activity_pct_given": [75.0]})
    out = I.compute(df).iloc[0]
    assert out.coverage_pct == pytest.approx(80.0) and out.coverage_pct_origin == "converted"
    assert "cakupan aktif ÷ keaktifan" in out.coverage_pct_how
    assert out.active == 600 and out.active_origin == "converted"
    # active and inactive stated: registered is computed (not converted) and coverage computed from it
    df = pd.DataFrame({"population": [1000.0], "active": [700.0], "inactive": [200.0]})
    out = I.compute(df).iloc[0]
    assert out.registered == 900 and out.registered_origin == "computed"
    assert out.coverage_pct == pytest.approx(90.0) and out.coverage_pct_origin == "computed"


def test_stated_people_to_enrol_for_the_same_target_wins():
    df = pd.DataFrame({"population": [1000.0, 1000.0], "registered": [900.0, 900.0], "to_enrol_given": [80.0, 90.0],
                       "to_enrol_target": [98.0, 98.0]})
    both = I.compute(df, coverage_target=98.0)
    out = both.iloc[0]
    assert out.to_enrol == 80 and out.to_enrol_origin == "stated"
    assert out.to_enrol_alt == 80 and not out.inconsistent
    assert both.iloc[1].to_enrol == 90 and both.iloc[1].inconsistent      # stated 90, its counts give 80
    out95 = I.compute(df, coverage_target=95.0).iloc[0]                # another target: computed
    assert out95.to_enrol == 50 and out95.to_enrol_origin == "computed"


def test_closest_available_value_within_tolerance(store, registry):
    df = pd.DataFrame({"code": ["18", "17"], "level": ["province", "province"], "period": ["2025-05", "2025-07"],
                       "coverage_pct_given": [97.0, 95.0]})
    store.write_dataset("t", df)
    t0 = I.indicator_table(store, "t", "province", period="2025-07", registry=registry).set_index("code")
    assert math.isnan(t0.loc["18", "coverage_pct"]) and t0.loc["17", "coverage_pct"] == 95.0
    t3 = I.indicator_table(store, "t", "province", period="2025-07", registry=registry,
                           tolerance_months=3).set_index("code")
    assert t3.loc["18", "coverage_pct"] == 97.0
    assert t3.loc["18", "period_used"] == "2025-05" and t3.loc["18", "months_back"] == 2
    assert t3.loc["17", "months_back"] == 0 and t3.loc["18", "period"] == "2025-07"
    t1 = I.indicator_table(store, "t", "province", period="2025-07", registry=registry,
                           tolerance_months=1).set_index("code")
    assert math.isnan(t1.loc["18", "coverage_pct"])                    # two months back is outside 1


def test_dated_population_table_and_reference_label(store, registry):
    store.write_dataset("t", pd.DataFrame({"code": ["18"], "level": ["province"], "period": ["2023-03"],
                                           "registered": [8_000_000.0]}))
    t = I.indicator_table(store, "t", "province", registry=registry).set_index("code").loc["18"]
    assert t.population_source == "reference" and "penduduk rujukan 2025" in t.population_note
    assert I.reference_population_notice("2023-03") is not None and I.reference_population_notice("2025-09") is None
    store.write_dataset("pop", pd.DataFrame({"code": ["18"], "level": ["province"], "period": ["2023-01"],
                                             "population": [9_000_000.0], "period_kind": ["year"]}),
                        kind="population")
    t = I.indicator_table(store, "t", "province", registry=registry).set_index("code").loc["18"]
    assert t.population_source == "table" and t.population == 9_000_000
    assert t.coverage_pct == pytest.approx(8 / 9 * 100) and "pop" in t.population_note


def test_national_rows_are_a_level_above_provinces(store, registry):
    store.write_dataset("t", pd.DataFrame({"code": ["ID"], "level": ["national"], "period": ["2025-05"],
                                           "coverage_pct_given": [98.2]}))
    nat = I.indicator_table(store, "t", "national", registry=registry).iloc[0]
    assert nat.code == "ID" and nat.coverage_pct == 98.2 and nat.coverage_pct_origin == "stated"


def test_findings_mark_rows():
    table = pd.DataFrame({"code": ["17", "18"], "period": ["2025-11", "2025-11"], "period_used": ["2025-11", None],
                          "inconsistent": [False, False]})
    flags = pd.DataFrame({"code": ["17"], "period": ["2025-11"], "segment": ["total"], "severity": ["major"],
                          "message": ["Aktif + tidak aktif ≠ terdaftar"], "message_en": ["Active + inactive ≠ registered"],
                          "figure_ids": ["rb25-1"]})
    out = I.add_findings(table, flags).set_index("code")
    assert out.loc["17", "inconsistent"] and out.loc["17", "finding_severity"] == "major"
    assert "≠ terdaftar" in out.loc["17", "finding"] and not out.loc["18", "inconsistent"]
