"""The shipped collection of published figures (data/published_figures.csv), as
tools/build_published.py writes it: every figure keeps its address and its sentence, its value
is in that sentence, its region is a known code, and the build script counts the coverage."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from jkn_geo.figures import published as P

ROOT = Path(__file__).resolve().parents[1]


def _build_module():
    spec = importlib.util.spec_from_file_location("build_published", ROOT / "tools" / "build_published.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def build():
    return _build_module()


@pytest.fixture(scope="module")
def figs():
    return P.load_figures()


def test_every_row_has_an_address_and_a_sentence(figs):
    assert len(figs) >= 33 and figs.figure_id.is_unique
    for f in figs.itertuples():
        assert f.url.startswith(("http://", "https://")) or f.url_status.startswith("not found"), f.figure_id
        assert f.quote.strip(), f.figure_id
        assert f.source_name.strip() and f.published_date.strip(), f.figure_id
    # one article per address
    with_url = figs[figs.url != ""]
    assert with_url.groupby("url").article_id.nunique().eq(1).all()
    assert with_url.groupby("article_id").url.nunique().eq(1).all()


def test_every_value_is_in_its_quote(figs, build):
    missing = [(f.figure_id, f.value_stated, f.quote) for f in figs.itertuples()
               if build.in_quote(f.value, f.quote) is None]
    assert not missing, missing[:5]


def test_numbers_in_quotes_read_as_written(build):
    vals = {v for v, _ in build.numbers_in("sekitar 6,3 juta jiwa, 682.527 peserta, 97,05 persen, 98.20%, "
                                             "1,138,714 dari 1.215.386, Bolmong 90, 47 persen")}
    assert {6_300_000, 682_527, 97.05, 98.2, 1_138_714, 1_215_386, 90.47} <= vals
    assert build.in_quote(6_300_000, "sekitar 6,3 juta jiwa") == "6,3 juta"
    assert build.in_quote(6_400_000, "sekitar 6,3 juta jiwa") is None


def test_codes_resolve_in_the_registry(figs, registry):
    for f in figs.itertuples():
        if f.level == "national":
            assert f.code == "ID", f.figure_id
        else:
            assert f.code in registry, f.figure_id
            assert registry.get(f.code).level == f.level, f.figure_id


def test_definitions_and_qualifiers_are_the_known_ones(figs):
    pct = figs[figs.measure.isin(["coverage_pct", "activity_pct"])]
    assert set(pct.definition) <= {"registered/population", "active/registered", "active/population"}
    counts = figs[figs.measure.isin(["registered", "active", "inactive", "population"])]
    assert set(counts.definition) == {"count"}
    assert set(figs.qualifier) <= {"", "sekitar", "lebih dari", "lebih", "hampir", "kurang dari", "minimal"}
    assert set(figs.period_kind) <= {"month", "year"}


def test_seed_rows_are_kept_as_they_are(figs):
    seed = figs[figs.seed_file != ""]
    assert set(seed.article_id) == {"tl25", "ip25", "an23", "ts25", "rb25"} and len(seed) == 33
    by = seed.set_index("figure_id")
    assert by.loc["tl25-2", "definition"] == "active/population" and by.loc["rb25-3", "value_stated"] == "86,64 persen"


def test_counts_structure(figs, build, registry):
    findings = pd.DataFrame({"severity": ["major", "minor", "minor"]})
    c = build.counts(figs, findings, registry=registry)
    assert set(c) == {"provinces_2025", "regencies_2024_2026", "national_months", "figures", "articles", "findings"}
    assert set(c["provinces_2025"]) == {"n", "of", "codes", "missing"} and c["provinces_2025"]["of"] == 38
    assert c["provinces_2025"]["n"] == len(c["provinces_2025"]["codes"])
    assert c["provinces_2025"]["n"] + len(c["provinces_2025"]["missing"]) == 38
    assert set(c["regencies_2024_2026"]) == {"n", "of", "codes"} and c["regencies_2024_2026"]["of"] == 514
    assert c["national_months"]["n"] == len(c["national_months"]["months"])
    assert all("2022-01" <= m <= "2026-12" for m in c["national_months"]["months"])
    assert c["figures"] == len(figs) and c["findings"] == {"major": 1, "minor": 2}
    # the shipped collection carries the research collection, not only the five seed articles
    assert c["provinces_2025"]["n"] >= 25 and c["regencies_2024_2026"]["n"] >= 80


def test_merge_skips_rows_whose_value_is_not_in_the_quote(build, registry):
    research = pd.DataFrame([
        {"level": "regency", "region_name": "Kabupaten Lumajang", "as_of": "2025-05-01", "indicator": "coverage_pct",
         "value": "87.37", "unit": "percent", "source_url": "https://example.org/a", "quote": "cakupan 87,37 persen",
         "notes": "", "definition": "registered/population", "qualifier": "", "seed_figure_id": ""},
        {"level": "regency", "region_name": "Kabupaten Lumajang", "as_of": "2025-05-01", "indicator": "coverage_pct",
         "value": "88.00", "unit": "percent", "source_url": "https://example.org/b", "quote": "cakupan 87,37 persen",
         "notes": "", "definition": "registered/population", "qualifier": "", "seed_figure_id": ""},
        {"level": "regency", "region_name": "Kabupaten Tidak Ada", "as_of": "2025-05-01", "indicator": "coverage_pct",
         "value": "90", "unit": "percent", "source_url": "https://example.org/c", "quote": "90 persen",
         "notes": "year only", "definition": "", "qualifier": "menembus", "seed_figure_id": ""},
    ])
    seed = pd.DataFrame(columns=build.COLUMNS)
    out, skipped = build.merge(research, seed, registry=registry)
    assert len(out) == 1 and out.iloc[0].code == "35.08" and out.iloc[0].value_stated == "87,37 persen"
    assert out.iloc[0].article_id != "" and out.iloc[0].source_name == "example.org"
    assert sorted(skipped.row) == [3, 4]
