"""The synthetic demo panel."""
import numpy as np
import pytest

from jkn_geo.figures import demo


@pytest.fixture(scope="module")
def panel(registry):
    return demo.generate(registry=registry, end="2026-10")


def test_deterministic(panel, registry):
    again = demo.generate(registry=registry, end="2026-10")
    assert panel.equals(again)
    other = demo.generate(registry=registry, end="2026-10", seed=1)
    assert not panel.registered.equals(other.registered)


def test_shape_and_labels(panel, registry):
    reg = panel[panel.level == "regency"]
    assert set(reg.code) == set(registry.codes("regency"))
    assert reg.period.min() == "2023-01" and reg.period.max() == "2026-10"
    assert (panel.source.str.contains("SYNTHETIC")).all()
    assert demo.dataset_version("2026-10") != demo.dataset_version("2026-11")


def test_realistic_spread(panel, registry):
    reg = panel[(panel.level == "regency") & (panel.period == "2026-10")].copy()
    reg["pop"] = [registry.population(c) for c in reg.code]
    cov = reg.registered / reg["pop"] * 100
    act = reg.active / reg.registered * 100
    assert cov.quantile(0.05) > 70 and cov.quantile(0.5) > 90 and cov.max() < 110
    assert 50 <= act.min() and act.max() <= 99 and act.std() > 5
    assert (reg.active <= reg.registered).all()


def test_slow_trends(panel):
    reg = panel[panel.level == "regency"].sort_values(["code", "period"])
    jumps = reg.groupby("code").registered.pct_change().abs().dropna()
    assert jumps.quantile(0.99) < 0.03


def test_some_months_missing_but_not_the_latest(panel, registry):
    reg = panel[panel.level == "regency"]
    counts = reg.groupby("code").size()
    months = reg.period.nunique()
    assert 0 < (counts < months).sum() <= 0.05 * len(counts)
    assert reg[reg.period >= "2026-08"].groupby("period").size().eq(514).all()


def test_districts_sum_to_their_regency(panel, registry):
    dist = panel[panel.level == "district"]
    assert set(dist.code.str[:2]) == set(demo.DISTRICT_PROVINCES)
    assert set(dist.code) == set(registry.codes("district", "18")) | set(registry.codes("district", "35"))
    sums = dist.assign(code=dist.code.str[:5]).groupby(["code", "period"], as_index=False)[
        ["registered", "active", "population"]].sum()
    regs = panel[panel.level == "regency"][["code", "period", "registered", "active"]]
    joined = sums.merge(regs, on=["code", "period"], suffixes=("", "_r"), how="left")
    assert len(joined) == len(sums) and joined.registered_r.notna().all()
    assert np.array_equal(joined.registered, joined.registered_r) and np.array_equal(joined.active, joined.active_r)
    pop = sums.groupby("code").population.first()
    assert all(pop[c] == registry.population(c) for c in pop.index)
    assert (dist.active <= dist.registered).all() and (dist.registered <= dist.population * 1.04).all()
