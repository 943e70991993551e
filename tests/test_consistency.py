"""The consistency check on hand-made figures: each check, each severity, rounding not reported."""
import pandas as pd
import pytest

from jkn_geo.figures import consistency as C, shipped
from jkn_geo.figures.store import Store

SRC = {"source_name": "Koran A", "source_date": "2025-07-01"}


def stm(fid, code, period, measure, value, lo=None, hi=None, definition=None, text=None, source=SRC, **kw):
    """One statement; ``lo``/``hi`` default to an exact count (±0,5) or a percentage to 2 decimals."""
    pct = measure.endswith("_pct")
    half = 0.005 if pct else 0.5
    return {"figure_id": fid, "code": code, "level": "province" if "." not in code else "regency",
            "period": period, "segment": "total", "measure": measure,
            "definition": definition or C.PCT_DEFINITIONS.get(measure, "count"), "value": value,
            "lo": value - half if lo is None else lo, "hi": value + half if hi is None else hi,
            "value_text": text or str(value), **source, **kw}


def store_with(tmp_path, statements, name="t"):
    st = Store(tmp_path / "s.duckdb")
    long = pd.DataFrame(statements)
    wide = long.drop_duplicates(["code", "period"])[["code", "level", "period"]]
    st.write_dataset(name, wide, kind="published", statements=long)
    return st


def findings(tmp_path, statements, registry):
    st = store_with(tmp_path, statements)
    try:
        return shipped.check_dataset(st, "t", registry=registry)
    finally:
        st.close()


# ---- (a) within one source -----------------------------------------------------------------------
def test_rounded_counts_are_not_findings(tmp_path, registry):
    # "3,4 juta" of "3,6 juta" = 94,44 %; stated 94,4 % (3,35–3,45 of 3,55–3,65 juta: 91,8–97,2 %)
    f = findings(tmp_path, [stm("a1", "18", "2025-07", "registered", 3.4e6, 3.35e6, 3.45e6, text="3,4 juta"),
                            stm("a2", "18", "2025-07", "population", 3.6e6, 3.55e6, 3.65e6, text="3,6 juta"),
                            stm("a3", "18", "2025-07", "coverage_pct", 94.4, 94.35, 94.45),
                            stm("a4", "18", "2025-07", "active", 2.0e6, 1.95e6, 2.05e6, text="2 juta"),
                            stm("a5", "18", "2025-07", "inactive", 1.4e6, 1.35e6, 1.45e6, text="1,4 juta")],
                 registry)
    assert f.empty, f.message_en.tolist()


def test_stated_percentage_rounding_vs_major(tmp_path, registry):
    # 900 / 1000 = 90,00 % (counts ±0,5: 89,90–90,15 %): stated 90,01 % is 0,01 pp off → rounding, not
    # reported; stated 96,6 % is 6,6 pp off → major; 90,20 % (0,2 pp beyond) → minor
    base = [stm("b1", "18", "2025-07", "registered", 900.0), stm("b2", "18", "2025-07", "population", 1000.0)]
    assert findings(tmp_path, base + [stm("b3", "18", "2025-07", "coverage_pct", 90.01)], registry).empty
    f = findings(tmp_path / "1", base + [stm("b3", "18", "2025-07", "coverage_pct", 90.2)], registry)
    assert list(f.check) == ["coverage"] and f.iloc[0].severity == "minor"
    assert f.iloc[0]["size"] == pytest.approx(0.2) and f.iloc[0].size_unit == "pp"
    f = findings(tmp_path / "2", base + [stm("b3", "18", "2025-07", "coverage_pct", 96.6, 96.55, 96.65)], registry)
    assert list(f.check) == ["coverage"] and f.iloc[0].severity == "major"
    assert f.iloc[0]["size"] == pytest.approx(6.6) and "b1" in f.iloc[0].figure_ids
    # written to one decimal ("90,0 %", 89,95–90,05) the same 90,00 % is rounding: nothing
    f = findings(tmp_path / "3", base + [stm("b3", "18", "2025-07", "coverage_pct", 90.0, 89.95, 90.05)], registry)
    assert f.empty


def test_sum_active_registered_population(tmp_path, registry):
    f = findings(tmp_path, [stm("c1", "18", "2025-07", "registered", 1000.0),
                            stm("c2", "18", "2025-07", "active", 700.0),
                            stm("c3", "18", "2025-07", "inactive", 295.0),       # 995: 0,5 % off → minor
                            stm("d1", "17", "2025-07", "registered", 1000.0),
                            stm("d2", "17", "2025-07", "active", 1100.0),        # active > registered
                            stm("d3", "17", "2025-07", "population", 900.0),     # coverage 111 %: a note
                            stm("g1", "16", "2025-07", "registered", 1600.0),
                            stm("g2", "16", "2025-07", "population", 1000.0)],   # coverage 160 %: major
                 registry)
    by = {(r.code, r.check): r for r in f.itertuples()}
    assert by[("18", "sum")].severity == "minor" and by[("18", "sum")].size_unit == "%"
    assert by[("17", "active_above_registered")].severity == "major"
    # more registered than inhabitants happens in real data: a note, unless far above (≥ 1,5 ×)
    assert by[("17", "over_population")].severity == "note"
    assert by[("16", "over_population")].severity == "major"
    assert "cakupan > 100 %" in by[("17", "over_population")].message_id


def test_activity_definition_hint_uses_stated_figures_only(tmp_path, registry):
    # stated as active ÷ registered, but it is active ÷ population
    f = findings(tmp_path, [stm("e1", "18", "2025-07", "registered", 900.0),
                            stm("e2", "18", "2025-07", "active", 600.0),
                            stm("e3", "18", "2025-07", "population", 1000.0),
                            stm("e4", "18", "2025-07", "activity_pct", 60.0)], registry)
    assert list(f.check) == ["activity"] and f.iloc[0].severity == "major"
    assert "active ÷ population = 60.00 %" in f.iloc[0].message_en


def test_no_findings_on_the_registrys_population(tmp_path, registry):
    # a coverage with a count but no stated population: nothing to compare (no implied population)
    f = findings(tmp_path, [stm("g1", "18", "2025-07", "registered", 100.0),
                            stm("g2", "18", "2025-07", "coverage_pct", 5.0)], registry)
    assert f.empty


# ---- (b) across sources ----------------------------------------------------------------------------
def test_two_sources_disagree(tmp_path, registry):
    other = {"source_name": "Koran B", "source_date": "2025-07-03"}
    f = findings(tmp_path, [stm("h1", "18", "2025-07", "coverage_pct", 97.05),
                            stm("h2", "18", "2025-07", "coverage_pct", 97.5, 97.45, 97.55, source=other),
                            stm("h3", "16", "2025-07", "registered", 8.8e6, 8.75e6, 8.85e6, text="8,8 juta"),
                            stm("h4", "16", "2025-07", "registered", 8_812_345.0, source=other)], registry)
    assert list(f.check) == ["sources"]            # 8,8 juta and 8.812.345 agree
    r = f.iloc[0]
    assert r.severity == "minor" and r["size"] == pytest.approx(0.45) and r.figure_ids == "h2, h1"
    assert "Koran A" in r.message_en and "Koran B" in r.message_en


# ---- (c) across levels -------------------------------------------------------------------------------
def test_province_against_its_regencies(tmp_path, registry):
    kids = [r.code for r in registry.children("65")]
    rows = [stm(f"k{i}", k, "2025-07", "registered", 100.0) for i, k in enumerate(kids)]
    ok = rows + [stm("p1", "65", "2025-07", "registered", 100.0 * len(kids))]
    assert findings(tmp_path, ok, registry).empty
    bad = rows + [stm("p1", "65", "2025-07", "registered", 100.0 * len(kids) + 50)]
    f = findings(tmp_path / "2", bad, registry)
    assert list(f.check) == ["hierarchy"] and f.iloc[0].code == "65" and f.iloc[0].severity == "major"
    # a missing child: no comparison
    assert findings(tmp_path / "3", bad[1:], registry).empty


# ---- (d) over time ------------------------------------------------------------------------------------
def test_jump_over_time(tmp_path, registry):
    f = findings(tmp_path, [stm("t1", "18", "2025-01", "coverage_pct", 98.16),
                            stm("t2", "18", "2025-03", "coverage_pct", 95.8, 95.75, 95.85),
                            stm("t3", "18", "2025-12", "coverage_pct", 98.0),       # 9 months later: no
                            stm("t4", "17", "2025-01", "activity_pct", 80.0),
                            stm("t5", "17", "2025-02", "activity_pct", 71.0),
                            stm("t6", "17", "2025-03", "activity_pct", 72.0)], registry)
    by = {(r.code, r.period): r for r in f.itertuples()}
    # 17: 80 → 71 (one month) and 80 → 72 (two months) both exceed the threshold
    assert set(f.check) == {"trend"} and set(by) == {("18", "2025-03"), ("17", "2025-02"), ("17", "2025-03")}
    assert by[("18", "2025-03")].severity == "minor" and by[("18", "2025-03")].size == pytest.approx(2.36)
    assert by[("17", "2025-02")].severity == "major"
    assert "98.16 (2025-01) → 95.8 (2025-03)" in by[("18", "2025-03")].message_en


# ---- rows without statements, flags, the command ------------------------------------------------------
def test_table_rows_and_derived_counts(tmp_path, registry):
    st = Store(tmp_path / "s.duckdb")
    st.write_dataset("rows", pd.DataFrame([
        {"code": "18", "level": "province", "period": "2025-07", "population": 1000.0, "registered": 950.0,
         "active": 600.0, "inactive": 300.0, "coverage_pct_given": 95.0},                 # 900 ≠ 950: major
        {"code": "17", "level": "province", "period": "2025-07", "population": 1000.0, "registered": 900.0,
         "active": 600.0, "inactive": 300.0, "coverage_pct_given": 91.0,                    # 90 ≠ 91, but
         "note": "registered = jumlah kolom (sum of columns)"}]))                            # 900 was summed
    f = shipped.check_dataset(st, "rows", registry=registry)
    st.close()
    assert list(zip(f.code, f.check, f.severity)) == [("18", "sum", "major")]


def test_flags_keep_the_worst_per_region(tmp_path, registry):
    f = findings(tmp_path, [stm("c1", "18", "2025-07", "registered", 1000.0),
                            stm("c2", "18", "2025-07", "active", 700.0),
                            stm("c3", "18", "2025-07", "inactive", 295.0),
                            stm("c4", "18", "2025-07", "activity_pct", 75.0)], registry)
    assert len(f) == 2
    fl = C.flags(f)
    assert list(fl.columns) == C.FLAG_COLUMNS and len(fl) == 1
    assert fl.iloc[0].severity == "major" and "75" in fl.iloc[0].message
    assert C.flags(f.iloc[0:0]).empty


def test_consistency_command(tmp_path, registry, capsys, monkeypatch):
    from jkn_geo.cli import main

    st = store_with(tmp_path, [stm("b1", "18", "2025-07", "registered", 900.0),
                               stm("b2", "18", "2025-07", "population", 1000.0),
                               stm("b3", "18", "2025-07", "coverage_pct", 96.6)], name="mine")
    st.close()
    db = str(tmp_path / "s.duckdb")
    assert main(["consistency", "--dataset", "mine", "--db", db, "--lang", "en", "--strict"]) == 1
    out = capsys.readouterr().out
    assert "[major] coverage 18" in out and "1 major, 0 minor" in out
    assert main(["consistency", "--dataset", "nope", "--db", db]) == 2
