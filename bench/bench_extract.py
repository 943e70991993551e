"""Benchmark (not a test): how well ``python -m jkn_geo extract`` reads figures from news text.

    .venv/bin/python bench/bench_extract.py [--verbose] [--seeds DIR]

Labelled set:

* whole articles — the five seed articles (``tests/fixtures/extract/*.txt``, the same files
  as ``../shared/seeds``) with the figures ``data/published_figures.csv`` has for them
  (``seed_file`` column), the measures about JKN only (coverage, activity, active coverage,
  registered, active, inactive, population, unregistered, to_enrol; budgets, ranks and people
  funded by the regional budget are not JKN figures and not counted);
* quotes — each distinct quote of ``data/research_figures.csv`` is a small case with the
  figures of its rows (region_name / as_of / indicator / value; targets included).

Printed: precision and recall of (measure family, value), of (family, value, region) and of
(family, value, period), separately for whole articles and for quotes; the three seed
articles the issue names must be read with every figure (family, value, region and period).
Families: coverage, activity (activity_pct and active_coverage_pct: the definition is scored
separately), registered, active, inactive, population, gap (unregistered, to_enrol),
target_coverage, target_activity. Nothing is asserted.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import _setup  # noqa: F401  (repository on sys.path, cache, offline mirror)
import pandas as pd

from jkn_geo.config import DATA_DIR
from jkn_geo.figures.extract import extract
from jkn_geo.figures.published import _parse_value, normalise_measure
from jkn_geo.geography.registry import get_registry

ROOT = Path(__file__).resolve().parents[1]
FAMILY = {"coverage_pct": "coverage", "activity_pct": "activity", "active_coverage_pct": "activity",
          "registered": "registered", "active": "active", "inactive": "inactive", "population": "population",
          "unregistered": "gap", "to_enrol": "gap", "target_coverage_pct": "target_coverage",
          "target_activity_pct": "target_activity"}
ARTICLE_FAMILIES = {"coverage", "activity", "registered", "active", "inactive", "population", "gap"}
MUST = {"000_9c661ebee886d8a3.txt": "Lampung (Tribun)", "001_d0415b04924e7808.txt": "Lumajang (InfoPublik)",
        "004_3474f8e6e63df7a0.txt": "Bengkulu (Koran RB)"}


def family(measure: str, definition: str = "") -> tuple[str | None, str]:
    m, d = normalise_measure(measure, definition)
    return FAMILY.get(m), m


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def same_period(got: str, want: str) -> bool:
    return bool(got) and (got == want[:7] or (len(got) == 4 and want.startswith(got)))


class Score:
    def __init__(self):
        self.n_gold = self.n_prop = 0
        self.tp = {"value": 0, "region": 0, "period": 0}
        self.rec = {"value": 0, "region": 0, "period": 0}
        self.defn_ok = self.defn_n = 0

    def add(self, gold: list[dict], props: list[dict]) -> list[str]:
        """gold/props: dicts with fam, measure, value, code, period. Returns lines about misses."""
        self.n_gold += len(gold)
        self.n_prop += len(props)
        notes = []
        for what, keys in (("value", ()), ("region", ("code",)), ("period", ("period",))):
            def match(p, g, keys=keys):
                if p["fam"] != g["fam"] or not same_value(p["value"], g["value"]):
                    return False
                if "code" in keys and p["code"] != g["code"]:
                    return False
                return not ("period" in keys and not same_period(p["period"], g["period"]))
            self.tp[what] += sum(any(match(p, g) for g in gold) for p in props)
            self.rec[what] += sum(any(match(p, g) for p in props) for g in gold)
        for g in gold:
            hit = [p for p in props if p["fam"] == g["fam"] and same_value(p["value"], g["value"])]
            if not hit:
                notes.append(f"    missed {g['measure']} {g['value']:g} ({g['code']}, {g['period']})")
                continue
            p = hit[0]
            if g["fam"] == "activity":
                self.defn_n += 1
                self.defn_ok += p["measure"] == g["measure"]
            if p["code"] != g["code"] or not same_period(p["period"], g["period"]):
                notes.append(f"    {g['measure']} {g['value']:g}: region {p['code']!r} (want {g['code']!r}), "
                             f"period {p['period']!r} (want {g['period'][:7]!r})")
        for p in props:
            if not any(p["fam"] == g["fam"] and same_value(p["value"], g["value"]) for g in gold):
                notes.append(f"    extra  {p['measure']} {p['value']:g} ({p['code']}, {p['period']})")
        return notes

    def lines(self, label: str) -> list[str]:
        out = [f"{label}: {self.n_gold} labelled figures, {self.n_prop} proposed"]
        for what, name in (("value", "(family, value)"), ("region", "+ region"), ("period", "+ period")):
            p = self.tp[what] / self.n_prop if self.n_prop else 0.0
            r = self.rec[what] / self.n_gold if self.n_gold else 0.0
            out.append(f"  {name:<16} precision {p:6.1%}  recall {r:6.1%}")
        if self.defn_n:
            out.append(f"  activity definition right (activity_pct vs active_coverage_pct): "
                       f"{self.defn_ok}/{self.defn_n}")
        return out


def _props(text: str, reg, families: set[str], date: str | None = None) -> list[dict]:
    out = []
    for p in extract(text, date=date, registry=reg):
        fam, m = family(p.measure, p.definition)
        if fam in families:
            out.append({"fam": fam, "measure": m, "value": p.value, "code": p.region_code, "period": p.period})
    return out


def _code(reg, name: str) -> str:
    if name.strip().lower() in ("indonesia", "nasional"):
        return "ID"
    m = reg.match_region(name)
    return m.code if m.ok else ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default=str(ROOT / "tests" / "fixtures" / "extract"))
    ap.add_argument("--verbose", action="store_true", help="every miss and extra proposal")
    args = ap.parse_args()
    reg = get_registry()
    t0 = time.perf_counter()

    # (a) whole articles
    pub = pd.read_csv(DATA_DIR / "published_figures.csv", dtype=str, keep_default_na=False)
    # the seed articles' own figures (the collection also holds figures read from public pages)
    pub = pub[(pub["seed_file"] != "") & pub["figure_id"].str.fullmatch(r"[a-z]+\d+-\d+")]
    art = Score()
    must_ok = {}
    for seed, rows in pub.groupby("seed_file"):
        gold = []
        for r in rows.to_dict("records"):
            fam, m = family(r["measure"], r["definition"])
            if fam in ARTICLE_FAMILIES:
                gold.append({"fam": fam, "measure": m, "value": _parse_value(r["value_stated"]).value,
                             "code": r["code"], "period": r["period"]})
        text = (Path(args.seeds) / seed).read_text(encoding="utf-8")
        props = _props(text, reg, ARTICLE_FAMILIES)
        before = dict(art.rec)
        notes = art.add(gold, props)
        got_all = art.rec["region"] - before["region"] == len(gold) and art.rec["period"] - before["period"] == len(gold)
        if seed in MUST:
            must_ok[MUST[seed]] = (got_all, len(gold))
        print(f"{seed}: {len(gold)} labelled, {len(props)} proposed" + ("" if not notes else ""))
        if args.verbose or notes:
            print("\n".join(notes))

    # (b) quotes
    res = pd.read_csv(DATA_DIR / "research_figures.csv", dtype=str, keep_default_na=False)
    qs = Score()
    all_fams = set(FAMILY.values())
    q_notes = []
    for quote, rows in res.groupby("quote", sort=False):
        gold = []
        for r in rows.to_dict("records"):
            fam, m = family(r["indicator"], r.get("definition", ""))
            if fam is None:
                continue
            gold.append({"fam": fam, "measure": m, "value": float(r["value"]), "code": _code(reg, r["region_name"]),
                         "period": r["as_of"]})
        notes = qs.add(gold, _props(quote, reg, all_fams))
        if notes:
            q_notes.append(f"  «{quote[:100]}»\n" + "\n".join(notes))
    if args.verbose:
        print("\nquotes with a miss or an extra proposal:")
        print("\n".join(q_notes))
    print()
    print("\n".join(art.lines("WHOLE ARTICLES (5 seed articles, JKN measures)")))
    print("\n".join(qs.lines(f"QUOTES ({res['quote'].nunique()} quotes of data/research_figures.csv)")))
    print("  (a quote alone rarely names its region or date: region and period are scored as given)")
    print("\nseed articles that must be read whole (family, value, region and period of every figure):")
    for name, (ok, n) in must_ok.items():
        print(f"  {name:<24} {'all ' + str(n) + ' figures' if ok else 'NOT all of ' + str(n)}")
    print(f"\n{time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
