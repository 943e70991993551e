"""Published figures from the seed articles and the consistency check on them."""
import pandas as pd
import pytest

from jkn_geo.analysis import indicators as I
from jkn_geo.figures import consistency as C, published as P, shipped, store as S

SEED_ARTICLES = {"tl25", "ip25", "an23", "ts25", "rb25"}


@pytest.fixture(scope="module")
def figs():
    return P.load_figures()


@pytest.fixture(scope="module")
def seed_figs(figs):
    """The five seed articles' figures (the collection also carries the research figures)."""
    seed = figs.article_id.isin(SEED_ARTICLES) & figs.figure_id.str.fullmatch(r"[a-z]+\d+-\d+")
    return figs[seed].reset_index(drop=True)


def test_every_figure_has_its_source_and_sentence(figs, seed_figs):
    assert len(figs) >= 30 and figs.figure_id.is_unique
    for col in ("source_name", "published_date", "quote", "measure", "definition", "value_stated", "period", "code"):
        assert (figs[col].str.strip() != "").all(), col
    # the stated value is in the sentence it comes from (all rows: tests/test_collection.py)
    for _, f in seed_figs.iterrows():
        core = f.value_stated.split()[0].replace("Rp", "")
        assert core in f.quote, f.figure_id
    assert SEED_ARTICLES <= set(figs.article_id) and len(seed_figs) == 33


def test_regions_and_periods_as_the_articles_say(figs, registry):
    by = figs.set_index("figure_id")
    assert by.loc["tl25-1", "code"] == "18" and by.loc["tl25-1", "period"] == "2025-07"
    assert by.loc["ip25-1", "code"] == "35.08" and by.loc["ip25-1", "period"] == "2025-05"
    assert by.loc["an23-2", "value"] == 8_527_908 and by.loc["an23-2", "period"] == "2023-08"
    assert by.loc["ts25-1", "code"] == "ID" and by.loc["ts25-6", "code"] == "16.08"
    assert by.loc["rb25-1", "code"] == "17" and by.loc["rb25-1", "period"] == "2025-11"
    for code in set(figs.code) - {"ID"}:
        assert code in registry


def test_definitions_are_kept(figs):
    by = figs.set_index("figure_id")
    assert by.loc["tl25-2", "definition"] == "active/population"     # Lampung 2025: 68,97 % ≈ 6,3 juta of 9,1 juta
    assert by.loc["rb25-3", "definition"] == "active/registered"     # Bengkulu: "dari 2.165.631 peserta"
    assert by.loc["tl25-1", "definition"] == "registered/population"


def test_value_intervals(figs):
    by = figs.set_index("figure_id")
    assert (by.loc["tl25-3", "lo"], by.loc["tl25-3", "hi"]) == (6_200_000, 6_400_000)      # sekitar 6,3 juta
    assert (by.loc["ip25-3", "lo"], by.loc["ip25-3", "hi"]) == (118_000, 119_000)          # lebih dari 118 ribu
    assert by.loc["tl25-1", "lo"] == pytest.approx(97.045) and by.loc["tl25-1", "hi"] == pytest.approx(97.055)


def test_consistency_on_the_seed_articles(seed_figs, registry):
    f = P.check_published(seed_figs, registry=registry)
    contra = f[f.severity.isin(["minor", "major"])]
    # Bengkulu, 1 November 2025: 1.854.565 + 285.881 ≠ 2.165.631; 86,64 % ≠ 85,64 %; 14 % ≠ 13,2 %
    assert sorted(contra.check) == ["activity", "inactive_share", "sum"]
    assert set(contra.code) == {"17"} and set(contra.period) == {"2025-11"}
    assert dict(zip(contra.check, contra.severity)) == {"sum": "major", "activity": "major", "inactive_share": "minor"}
    act = contra[contra.check == "activity"].iloc[0]
    assert "85.64 %" in act.message_en and "active ÷ (active + inactive) = 86.64 %" in act.message_en
    assert "85,64 %" in act.message_id
    s = contra[contra.check == "sum"].iloc[0]
    assert "2,140,446" in s.message_en
    # nothing is built on the registry's population (the old "notes" on Lampung 2023, Sumatera
    # Selatan and Lumajang compared stated or implied figures with it)
    assert set(f.severity) <= {"minor", "major"}
    assert not (f.code == "35.08").any()    # Lumajang's 118 ribu is the gap to 98 % (ip25-3), not unregistered
    # figures that agree are not reported: OKU Timur 682.527 / 694.832 = 98,23 %, the national 98,20 %
    assert "16.08" not in set(f.code) and "ID" not in set(f.code)
    # the Lampung 2025 figures fit active ÷ population, as recorded
    assert not ((f.code == "18") & (f.period == "2025-07")).any()


def test_consistency_catches_a_wrong_definition(figs, registry):
    wrong = figs.copy()
    wrong.loc[wrong.figure_id == "tl25-2", "definition"] = "active/registered"
    wrong = wrong[~wrong.figure_id.isin(["tl25-1"])]
    # with a stated registered count of 8,87 million the 6,3 million active are 71 %, not 68,97 %
    extra = pd.DataFrame([dict(wrong.iloc[0]) | {"figure_id": "x-1", "code": "18", "period": "2025-07",
                                                 "measure": "registered", "definition": "count",
                                                 "value_stated": "8.874.466", "value": 8874466.0,
                                                 "lo": 8874465.5, "hi": 8874466.5}])
    # a stated population (not the registry's) lets the check name the definition that fits
    pop = pd.DataFrame([dict(extra.iloc[0]) | {"figure_id": "x-2", "measure": "population", "value_stated": "9.144.263",
                                               "value": 9144263.0, "lo": 9144262.5, "hi": 9144263.5}])
    f = C.check_figures(pd.concat([wrong, extra, pop]), registry=registry)
    hit = f[(f.code == "18") & (f.period == "2025-07") & (f.check == "activity")]
    assert len(hit) == 1 and hit.iloc[0].severity == "major"
    assert "active ÷ population" in hit.iloc[0].message_en


def test_dataset_rows(registry):
    d = P.to_dataset_frame(registry=registry).set_index(["code", "period", "segment"])
    lam = d.loc[("18", "2025-07", "total")]
    assert lam.coverage_pct_given == pytest.approx(97.05)
    assert lam.active_coverage_pct_given == pytest.approx(68.97) and pd.isna(lam.activity_pct_given)
    assert lam.active == 6_300_000 and "Tribun Lampung, 2025-07-24" in lam.source
    ben = d.loc[("17", "2025-11", "total")]
    assert ben.inactive == 285_881                          # the exact figure, not "sekitar 285 ribu"
    assert pd.isna(ben.population)                          # "2,1 juta lebih" is a bound, not a count
    assert "inconsistent" in ben.note and "rb25-1" in ben.note
    assert d.loc[("18", "2023-08", "pbpu")].activity_pct_given == pytest.approx(35)


def test_published_dataset_in_tables(tmp_db, seed_figs, registry):
    st = S.Store(tmp_db)
    wide, stm = P.to_frames(seed_figs, registry=registry)
    st.write_dataset(S.PUBLISHED_DATASET, wide, kind="published", statements=stm)
    reg = I.indicator_table(st, S.PUBLISHED_DATASET, "regency", registry=registry)
    assert reg.period.iloc[0] == "2025-05" and len(reg) == 514
    oku = reg.set_index("code").loc["16.08"]
    assert oku.population_source == "data" and oku.population == 694_832
    # the article states 98,23 %: that is what is shown; the same value computed from its counts
    # (98,229 %) is kept beside it and agrees within rounding
    assert oku.coverage_pct == pytest.approx(98.23) and oku.coverage_pct_origin == "stated"
    assert oku.coverage_pct_alt == pytest.approx(682_527 / 694_832 * 100) and not oku.inconsistent
    lum = reg.set_index("code").loc["35.08"]
    assert lum.coverage_pct == pytest.approx(87.37) and lum.activity_pct == pytest.approx(65.52)
    # Lumajang states no registered count: people to enrol are converted from its stated coverage
    # and the reference population, and say so
    assert lum.to_enrol_origin == "converted" and lum.to_enrol > 0
    assert lum.population_source == "reference"
    assert lum.status == "neither" and "InfoPublik" in lum.source
    nat = I.indicator_table(st, S.PUBLISHED_DATASET, "national", registry=registry).iloc[0]
    assert nat.coverage_pct == pytest.approx(98.20) and nat.period == "2025-05"
    # percentage-only figures are not aggregated: Sumatera Selatan keeps its own 97,84 %
    prov = I.indicator_table(st, S.PUBLISHED_DATASET, "province", period="2025-05", registry=registry)
    assert prov.set_index("code").loc["16", "coverage_pct"] == pytest.approx(97.84)
    assert prov.set_index("code").loc["35", "origin"] == "none"
    found = P.figures_for("16.08", "2025-05")
    assert set(found.figure_id) == {"ts25-5", "ts25-6", "ts25-7", "ts25-8"}


def test_check_dataset_on_stored_rows(tmp_db, registry):
    st = S.Store(tmp_db)
    kids = [r.code for r in registry.children("65")]
    rows = [{"code": "65", "level": "province", "period": "2025-07", "registered": 999.0, "active": 10.0},
            {"code": kids[0], "level": "regency", "period": "2025-07", "population": 1000.0, "registered": 900.0,
             "active": 450.0, "inactive": 400.0, "coverage_pct_given": 90.0, "activity_pct_given": 55.0}]
    rows += [{"code": k, "level": "regency", "period": "2025-07", "registered": 100.0, "active": 50.0}
             for k in kids[1:]]
    st.write_dataset("t", pd.DataFrame(rows))
    f = shipped.check_dataset(st, "t", registry=registry)
    assert sorted(f.check) == ["activity", "hierarchy", "hierarchy", "sum"]
    act = f[f.check == "activity"].iloc[0]
    assert act.code == kids[0] and "50.00 %" in act.message_en and "55.00 %" in act.message_en
    hier = f[f.check == "hierarchy"]
    assert set(hier.code) == {"65"} and str(900 + 100 * (len(kids) - 1)) in hier.message_en.iloc[0].replace(",", "")
    st.close()


# ---------------------------------------------------------------- data assertions (data/published_figures.csv)
def test_seed_articles_have_their_addresses(figs, seed_figs):
    assert "url_status" in figs.columns and "target" in figs.columns
    assert (seed_figs.url_status == "found").all() and seed_figs.url.str.startswith("https://").all()
    for _, f in figs.iterrows():
        assert f.url_status == "found" or f.url_status.startswith("not found (searched:"), f.figure_id
        if f.url_status == "found":
            assert f.url.startswith(("https://", "http://")) and " " not in f.url, f.figure_id
        else:
            assert f.url == "", f.figure_id
    assert figs.groupby("article_id").url.nunique().eq(1).all()


def test_lumajang_118_ribu_is_the_gap_to_98_percent(figs):
    by = figs.set_index("figure_id")
    f = by.loc["ip25-3"]
    assert (f.measure, f.definition, f.target, f.qualifier) == ("to_enrol", "gap_to_target", "98", "lebih dari")
    pop = 1_116_231                                     # reference population of Lumajang
    cov = by.loc["ip25-1", "value"]                     # 87,37 %
    assert f.lo <= (98 - cov) / 100 * pop <= f.hi       # 118.655: the people to enrol to reach 98 %
    assert not f.lo <= (100 - cov) / 100 * pop <= f.hi  # 140.980 unregistered do not fit
    assert (by.target != "").sum() == 1


def test_bounds_and_projections_as_written(figs):
    by = figs.set_index("figure_id")
    assert by.loc["rb25-5", "qualifier"] == "lebih" and by.loc["tl25-6", "qualifier"] == "sekitar"
    assert by.loc["ip25-8", "period"] == "2025-12"      # "hingga akhir tahun" projection


def test_research_figures_csv_is_clean(figs):
    from jkn_geo.config import DATA_DIR

    r = pd.read_csv(DATA_DIR / "research_figures.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    assert list(r.columns[:9]) == ["level", "region_name", "as_of", "indicator", "value", "unit", "source_url",
                                   "quote", "notes"]
    assert len(r) >= 347 and r.source_url.str.match(r"https?://").all()
    assert set(r.definition) == {"registered/population", "active/registered", "active/population", "count"}
    assert set(r.qualifier) <= {"", "sekitar", "minimal", "menyentuh", "mencapai", "menembus", "tembus", "lebih",
                                "lebih dari", "kurang dari", "hampir"}
    seed = r[r.seed_figure_id != ""]
    assert set(seed.seed_figure_id) <= set(figs.figure_id) and len(seed) == 19      # 23 seed rows, 4 targets without a figure
    lam = r[(r.region_name == "Lampung") & (r.as_of == "2025-07-01") & (r.value == "68.97")].iloc[0]
    assert (lam.indicator, lam.definition) == ("active_coverage_pct", "active/population")     # as tl25-2
    assert r.as_of.str[:4].isin(["2021", "2029"]).sum() == 2 and r.notes.str.startswith("OUTSIDE").sum() == 2


def test_yearly_and_monthly_figures_of_one_region_do_not_collide(registry):
    import pandas as pd

    base = {"article_id": "a", "source_name": "S", "published_date": "2024-02-01", "url": "", "code": "18",
            "level": "province", "segment": "total", "definition": "", "qualifier": "", "quote": "q",
            "value_stated": "1"}
    figs = pd.DataFrame([
        {**base, "figure_id": "m", "period": "2024-01", "period_kind": "month", "measure": "coverage_pct",
         "value": 97.0, "lo": 96.995, "hi": 97.005},
        {**base, "figure_id": "y", "period": "2024-01", "period_kind": "year", "measure": "coverage_pct",
         "value": 96.0, "lo": 95.995, "hi": 96.005, "article_id": "b"}])
    wide, stm = P.to_frames(figs, registry=registry, findings=pd.DataFrame())
    assert len(wide) == 1 and wide.iloc[0].coverage_pct_given == 97.0 and wide.iloc[0].period_kind == "month"
    assert set(stm.figure_id) == {"m", "y"}
