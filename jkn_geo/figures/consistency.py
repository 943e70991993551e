"""Consistency check: stated figures that contradict each other.

Only figures a source or a table row *states* are checked, and only arithmetic between them:
nothing the app computed itself (a registered count summed from active + inactive by the
importer, a population implied by a coverage, the registry's reference population).

**Intervals.** Every written figure stands for an interval: ``"97,05"`` → 97,045–97,055,
``"3,4 juta"`` → 3,35–3,45 million, ``"sekitar 6,3 juta"`` → 6,2–6,4 million, ``"lebih dari 118
ribu"`` → 118–119 thousand. A dataset with statements (published figures) uses each
statement's ``lo``/``hi``; the rows of a table use ±0,5 for a count and ±0,005 for a percentage
(``ROW_COUNT_HALF_UNIT``, ``ROW_PCT_HALF_UNIT``); rows of a published dataset without
statements treat a count's trailing zeros as rounding (6.300.000 → ±50.000).

**Severity** (``size`` in percentage points, ``pp``, or in % of the larger count, ``%``):

* rounding — the intervals overlap: not reported;
* ``minor`` — beyond rounding but below ``CONSISTENCY_MAJOR_PP`` (1 pp) / ``CONSISTENCY_MAJOR_REL_PCT`` (1 %);
* ``major`` — from those sizes on.

**Checks.** (a) within one source (or table row) for a region, period and segment:
``sum`` active + inactive = registered; ``active_above_registered``; ``over_population``
(registered > population, coverage above 100 %); ``coverage``, ``activity``, ``inactive_share``,
``pemda_share`` a stated percentage against the same percentage from the stated counts (when it
does not fit, the other definitions that fit are named); ``unregistered`` and ``to_enrol``
against population, registered and target; ``repeat`` a figure stated twice.
(b) ``sources``: two sources (or rows) state the same measure for the same region, period and
segment with values that cannot both be true. (c) ``hierarchy``: a region's stated count against
the sum of its sub-regions' stated counts, when every sub-region has one. (d) ``trend``: a
region's stated coverage or activity moving by more than ``TREND_JUMP_PP`` within
``TREND_WINDOW_MONTHS`` months (``major`` from ``TREND_MAJOR_PP``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from jkn_geo.config import (
    CONSISTENCY_MAJOR_PP,
    CONSISTENCY_MAJOR_REL_PCT,
    FAR_ABOVE_POPULATION,
    NATIONAL_CODE,
    ROW_COUNT_HALF_UNIT,
    ROW_PCT_HALF_UNIT,
    TREND_JUMP_PP,
    TREND_MAJOR_PP,
    TREND_WINDOW_MONTHS,
)
from jkn_geo.fmt import fmt_num, fmt_pct
from jkn_geo.text import Text

if TYPE_CHECKING:
    from jkn_geo.geography.registry import Registry

FINDING_COLUMNS = ["severity", "check", "code", "name", "period", "segment", "figure_ids", "sources", "stated",
                   "expected", "size", "size_unit", "message_id", "message_en"]
FLAG_COLUMNS = ["code", "period", "segment", "severity", "message", "message_en", "figure_ids"]
SEVERITIES = ("major", "minor")                   # reported, worst first; "rounding" is not reported
COUNT_KEYS = ("population", "registered", "active", "inactive", "unregistered", "to_enrol", "pemda_funded_people")
PCT_DEFINITIONS = {"coverage_pct": "registered/population", "activity_pct": "active/registered",
                   "active_coverage_pct": "active/population", "inactive_pct": "inactive/registered",
                   "pemda_funded_pct": "pemda-funded/population"}
ROW_COLUMNS = {"population": "population", "registered": "registered", "active": "active", "inactive": "inactive",
               "unregistered_given": "unregistered", "coverage_pct_given": "registered/population",
               "activity_pct_given": "active/registered", "active_coverage_pct_given": "active/population"}
TREND_KEYS = ("registered/population", "active/registered", "active/population")
_CLAIM = ["figure_id", "code", "period", "period_kind", "segment", "key", "lo", "hi", "text_id", "text_en", "source",
          "source_label"]
_G = ["code", "period", "segment", "source"]

# ---- messages (``message_id`` / ``message_en`` of a finding) -------------------------------------
STATED_VS_COUNTS = Text("{label}: disebut {stated}, dari angka yang disebut {expected} (selisih {size}).{extra}",
                        "{label_en}: stated {stated_en}, its stated counts give {expected_en} (off by {size_en}).{extra_en}")
ABOVE = Text("{label}: {stated} melebihi {expected} (selisih {size}).",
             "{label_en}: {stated_en} exceeds {expected_en} (off by {size_en}).")
REPEATED = Text("{label} disebut dua kali dengan nilai yang tidak cocok: {stated} dan {expected} (selisih {size}).",
                "{label_en} is stated twice with values that cannot both be true: {stated_en} and {expected_en} "
                "(off by {size_en}).")
SOURCES_DISAGREE = Text("{label}: {src_a} menyebut {stated}, {src_b} menyebut {expected} (selisih {size}).",
                        "{label_en}: {src_a} states {stated_en}, {src_b} states {expected_en} (off by {size_en}).")
SUB_REGIONS = Text("{label} {stated} ≠ jumlah {n} wilayah di bawahnya ({expected}; selisih {size}).",
                   "{label_en} {stated_en} ≠ the sum of its {n} sub-regions ({expected_en}; off by {size_en}).")
JUMP = Text("{label}: {expected} ({before}) → {stated} ({now}), berubah {size} dalam {months} bulan.",
            "{label_en}: {expected_en} ({before}) → {stated_en} ({now}), a change of {size_en} within {months} months.")
FITS = Text(" Nilai ini cocok dengan {alts}.", " It fits {alts_en}.")
PP = Text("{v} poin persen", "{v_en} percentage points")

SUM = Text("Aktif + tidak aktif ≠ terdaftar", "Active + inactive ≠ registered")
COVERAGE = Text("Cakupan (terdaftar ÷ penduduk)", "Coverage (registered ÷ population)")
ACTIVITY_OF_REGISTERED = Text("Keaktifan (aktif ÷ terdaftar)", "Activity (active ÷ registered)")
ACTIVITY_OF_POPULATION = Text("Keaktifan (aktif ÷ penduduk)", "Activity (active ÷ population)")
INACTIVE_SHARE = Text("Porsi tidak aktif (tidak aktif ÷ terdaftar)", "Inactive share (inactive ÷ registered)")
UNREGISTERED = Text("Belum terdaftar (penduduk − terdaftar)", "Unregistered (population − registered)")
TO_ENROL = Text("Perlu didaftarkan (penduduk × target − terdaftar)", "To enrol (population × target − registered)")
PEMDA_SHARE = Text("Porsi penduduk yang didanai pemda", "Share of the population funded by the local government")
ACTIVE_ABOVE = Text("Peserta aktif melebihi peserta terdaftar", "Active participants exceed the registered")
OVER_POPULATION = Text("Peserta terdaftar melebihi penduduk (cakupan > 100 %)",
                       "Registered participants exceed the population (coverage > 100 %)")
ACTIVE_OVER_POPULATION = Text("aktif ÷ penduduk", "active ÷ population")
ACTIVE_OVER_REGISTERED = Text("aktif ÷ terdaftar", "active ÷ registered")
ACTIVE_OVER_ACTIVE_INACTIVE = Text("aktif ÷ (aktif + tidak aktif)", "active ÷ (active + inactive)")
REGISTERED_LESS_INACTIVE = Text("(terdaftar − tidak aktif) ÷ terdaftar", "(registered − inactive) ÷ registered")
REGISTERED_LESS_ACTIVE = Text("(terdaftar − aktif) ÷ terdaftar", "(registered − active) ÷ registered")
INACTIVE_OVER_ACTIVE_INACTIVE = Text("tidak aktif ÷ (aktif + tidak aktif)", "inactive ÷ (active + inactive)")
KEY_LABELS = {"population": Text("Penduduk", "Population"), "registered": Text("Peserta terdaftar", "Registered"),
              "active": Text("Peserta aktif", "Active"), "inactive": Text("Peserta tidak aktif", "Inactive"),
              "unregistered": Text("Belum terdaftar", "Unregistered"),
              "registered/population": COVERAGE, "active/registered": ACTIVITY_OF_REGISTERED,
              "active/population": ACTIVITY_OF_POPULATION, "inactive/registered": INACTIVE_SHARE}


# ---- figures as claims: one row per stated figure with its interval ------------------------------
def _key(measure: str, definition: str, target) -> str:
    if measure in COUNT_KEYS:
        return f"to_enrol@{float(target):g}" if measure == "to_enrol" and pd.notna(target) else measure
    if "/" in (definition or ""):
        return definition
    return PCT_DEFINITIONS.get(measure, f"{measure}|{definition}")


def _is_pct(key: str) -> bool:
    return "/" in key and "|" not in key


def claims_from_statements(df: pd.DataFrame) -> pd.DataFrame:
    """Claims from figures in long form: the store's ``statements`` or the published CSV
    (``value_stated``, ``published_date``, ``url``)."""
    if not len(df):
        return pd.DataFrame(columns=_CLAIM)
    g = lambda c, d="": df[c] if c in df.columns else pd.Series(d, index=df.index)  # noqa: E731
    out = pd.DataFrame({"figure_id": g("figure_id").astype(str), "code": df["code"], "period": df["period"],
                        "period_kind": g("period_kind", "month").fillna("month").replace("", "month"),
                        "segment": g("segment", "total").fillna("total")})
    out["key"] = [_key(m, d, t) for m, d, t in zip(df["measure"], g("definition").fillna(""), g("target", np.nan))]
    value = pd.to_numeric(g("value", np.nan), errors="coerce")
    half = np.where([_is_pct(k) for k in out["key"]], ROW_PCT_HALF_UNIT, ROW_COUNT_HALF_UNIT)
    out["lo"] = pd.to_numeric(g("lo", np.nan), errors="coerce").fillna(value - half)
    out["hi"] = pd.to_numeric(g("hi", np.nan), errors="coerce").fillna(value + half)
    text = g("value_text", None).fillna(g("value_stated", None)) if "value_text" in df.columns else g("value_stated")
    out["text_id"] = out["text_en"] = text.fillna("").astype(str)
    name = g("source_name").fillna("").astype(str)
    date = (g("source_date", None).fillna(g("published_date", None)) if "source_date" in df.columns
            else g("published_date")).fillna("").astype(str)
    out["source"] = name + "|" + date
    out["source_label"] = np.where(date != "", name + ", " + date, name)
    return out.dropna(subset=["lo", "hi"]).reset_index(drop=True)


def _rounded_half(v: pd.Series) -> pd.Series:
    """Half a unit of a count's last non-zero digit (6.300.000 → 50.000; 682.527 → 0,5)."""
    x = v.abs().round().astype("int64")
    unit = pd.Series(1.0, index=v.index)
    for _ in range(12):
        more = (x > 0) & (x % 10 == 0)
        if not more.any():
            break
        unit[more] *= 10
        x[more] //= 10
    return unit / 2


def claims_from_rows(figs: pd.DataFrame, rounded_counts: bool = False) -> pd.DataFrame:
    """Claims from table rows (the store's ``figures``): each row is its own source; a count
    the importer summed itself (the note says ``registered = jumlah kolom``) is not a claim."""
    if not len(figs):
        return pd.DataFrame(columns=_CLAIM)
    f = figs.reset_index(drop=True)
    rid = ("row " + f["row_no"].astype("Int64").astype(str)).where(f["row_no"].notna(), f["code"]) \
        if "row_no" in f.columns else f["code"]
    derived = f.get("note", pd.Series("", index=f.index)).fillna("").astype(str) \
        .str.extract(r"([\w/]+) = jumlah kolom", expand=False).fillna("")
    parts = []
    cols = dict(ROW_COLUMNS)
    if "to_enrol_given" in f.columns and "to_enrol_target" in f.columns:
        cols["to_enrol_given"] = "to_enrol"
    for col, key in cols.items():
        if col not in f.columns:
            continue
        v = pd.to_numeric(f[col], errors="coerce")
        keep = v.notna() & ~derived.str.split("/").apply(lambda d, k=key: k in d)
        if not keep.any():
            continue
        pct = _is_pct(key)
        half = pd.Series(ROW_PCT_HALF_UNIT if pct else ROW_COUNT_HALF_UNIT, index=f.index)
        if rounded_counts and not pct:
            half = _rounded_half(v.fillna(0))
        k = key if key != "to_enrol" else "to_enrol@" + pd.to_numeric(f["to_enrol_target"]).map("{:g}".format)
        src = f.get("source", pd.Series("", index=f.index)).fillna("").astype(str)
        parts.append(pd.DataFrame({    # text "": formatted from the value when a finding needs it
            "figure_id": rid, "code": f["code"], "period": f["period"],
            "period_kind": f.get("period_kind", pd.Series("month", index=f.index)).fillna("month"),
            "segment": f.get("segment", pd.Series("total", index=f.index)).fillna("total"), "key": k,
            "lo": v - half, "hi": v + half, "text_id": "", "text_en": "", "source": rid,
            "source_label": np.where(src != "", src, rid)})[keep])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=_CLAIM)


# ---- sizes, severities, findings ----------------------------------------------------------------
def _fmt(v: float, pct: bool, lang: str) -> str:
    return fmt_pct(v, 2, lang) if pct else fmt_num(round(v), 0, lang)


def _text(tid, ten, lo: float, hi: float, pct: bool) -> Text:
    """The figure as written, or formatted from its value (table rows)."""
    if isinstance(tid, str) and tid:
        return Text(tid, ten or tid)
    mid = (lo + hi) / 2
    return Text(_fmt(mid, pct, "id"), _fmt(mid, pct, "en"))


def _size(a_mid: float, b_mid: float, pct: bool) -> float:
    if pct:
        return abs(a_mid - b_mid)
    return abs(a_mid - b_mid) / max(abs(a_mid), abs(b_mid), 1e-9) * 100


def severity(size: float, pct: bool) -> str:
    """``major`` or ``minor`` for a disagreement beyond rounding of this size (see the module doc)."""
    return "major" if size >= (CONSISTENCY_MAJOR_PP if pct else CONSISTENCY_MAJOR_REL_PCT) else "minor"


def _size_text(size: float, pct: bool) -> Text:
    if pct:
        return PP.format(v=fmt_num(size, 2), v_en=fmt_num(size, 2, "en"))
    return Text(fmt_pct(size, 1), fmt_pct(size, 1, "en"))


class _Findings(list):
    def __init__(self, registry):
        super().__init__()
        self.registry = registry

    def add(self, sev, check, code, period, segment, ids, sources, stated: Text, expected: Text, size, pct,
            msg: Text, label: Text, **kw):
        sz = _size_text(size, pct)
        text = msg.format(label=label.id, label_en=label.en, stated=stated.id, stated_en=stated.en,
                          expected=expected.id, expected_en=expected.en, size=sz.id, size_en=sz.en, **kw)
        self.append({"severity": sev, "check": check, "code": code, "name": _region_name(self.registry, code),
                     "period": period, "segment": segment, "figure_ids": ", ".join(dict.fromkeys(ids)),
                     "sources": sources, "stated": stated.id, "expected": expected.id, "size": round(size, 4),
                     "size_unit": "pp" if pct else "%", "message_id": text.id, "message_en": text.en})

    def frame(self) -> pd.DataFrame:
        df = pd.DataFrame(list(self), columns=FINDING_COLUMNS)
        if len(df):
            df["_o"] = df["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
            df = df.sort_values(["_o", "code", "period"], kind="stable").drop(columns="_o").reset_index(drop=True)
        return df


def _region_name(registry, code: str) -> str:
    if code == NATIONAL_CODE:
        return "Indonesia"
    try:
        return registry.name(code)
    except KeyError:
        return code


def _best(claims: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The most precise claim per group (an exact "285.881" over "sekitar 285 ribu")."""
    return claims.assign(_w=claims["hi"] - claims["lo"]).sort_values("_w", kind="stable") \
        .drop_duplicates(by).drop(columns="_w")


# ---- (a) within one source ----------------------------------------------------------------------
@dataclass
class _I:
    lo: pd.Series
    hi: pd.Series
    keys: tuple

    def __add__(self, o):
        return _I(self.lo + o.lo, self.hi + o.hi, self.keys + o.keys)

    def __sub__(self, o):
        return _I(self.lo - o.hi, self.hi - o.lo, self.keys + o.keys)

    def pct(self, o):
        ok = o.lo > 0
        return _I((self.lo / o.hi * 100).where(ok), (self.hi / o.lo * 100).where(ok), self.keys + o.keys)


def _within(claims: pd.DataFrame, out: _Findings) -> None:
    if not len(claims):
        return
    for _, d in claims[claims.duplicated(_G + ["key"], keep=False)].groupby(_G + ["key"], sort=False):
        a, b = d.loc[d["lo"].idxmax()], d.loc[d["hi"].idxmin()]
        if a["lo"] > b["hi"]:
            _pair(out, "repeat", a, b, REPEATED)
    best = _best(claims, _G + ["key"])
    t = best.set_index(_G + ["key"])[["lo", "hi", "figure_id", "text_id", "text_en"]].unstack("key")
    labels = best.drop_duplicates(_G).set_index(_G)["source_label"].reindex(t.index)
    nan = pd.Series(np.nan, index=t.index)

    def v(key):
        if ("lo", key) not in t.columns:
            return _I(nan, nan, (key,))
        return _I(t[("lo", key)], t[("hi", key)], (key,))

    def compare(check, s: _I, e: _I, label, alts=(), above=False, where=None, grade=None):
        pct = _is_pct(s.keys[0])
        if above:        # s must not exceed e
            bad = s.lo > e.hi
        else:
            bad = (s.lo > e.hi) | (e.lo > s.hi)
        bad &= s.lo.notna() & e.lo.notna() & e.hi.notna()
        if where is not None:
            bad &= where
        for i in np.flatnonzero(bad.to_numpy()):
            idx = t.index[i]
            sm, em = (s.lo.iloc[i] + s.hi.iloc[i]) / 2, (e.lo.iloc[i] + e.hi.iloc[i]) / 2
            size = _size(sm, em, pct)
            fit = [(a_label, (a.lo.iloc[i] + a.hi.iloc[i]) / 2) for a_label, a in alts
                   if pd.notna(a.lo.iloc[i]) and a.lo.iloc[i] <= s.hi.iloc[i] and s.lo.iloc[i] <= a.hi.iloc[i]
                   and a.hi.iloc[i] - a.lo.iloc[i] <= 3.0]         # only a narrow alternative is evidence
            fits = {lang: " / ".join(f"{a.get(lang)} = {_fmt(m, True, lang)}" for a, m in fit) for lang in ("id", "en")}
            extra = FITS.format(alts=fits["id"], alts_en=fits["en"]) if fit else Text("", "")
            ids = [t.at[idx, ("figure_id", k)] for k in s.keys + e.keys if ("figure_id", k) in t.columns]
            stated = _text(t.at[idx, ("text_id", s.keys[0])], t.at[idx, ("text_en", s.keys[0])], s.lo.iloc[i],
                           s.hi.iloc[i], pct)
            exp = Text(_fmt(em, pct, "id"), _fmt(em, pct, "en"))
            out.add((grade or severity)(size, pct), check, idx[0], idx[1], idx[2], [x for x in ids if pd.notna(x)],
                    labels.iloc[i], stated, exp, size, pct, ABOVE if above else STATED_VS_COUNTS, label,
                    extra=extra.id, extra_en=extra.en)

    pop, reg, act, ina = v("population"), v("registered"), v("active"), v("inactive")
    compare("sum", reg, act + ina, SUM)
    compare("active_above_registered", act, reg, ACTIVE_ABOVE, above=True)
    # more registered than inhabitants happens in real data (participants counted where they are
    # registered, population where people live): a note to look at, unless it is far above
    compare("over_population", reg, pop, OVER_POPULATION, above=True,
            # size is relative to the larger value: registered ≥ 1,5 × population ⇔ size ≥ 1 − 1/1,5
            grade=lambda size, pct: "major" if size >= (1 - 1 / FAR_ABOVE_POPULATION) * 100 - 1e-9 else "note")
    compare("coverage", v("registered/population"), reg.pct(pop), COVERAGE)
    ar, ap, aai, rir = act.pct(reg), act.pct(pop), act.pct(act + ina), (reg - ina).pct(reg)
    compare("activity", v("active/registered"), ar, ACTIVITY_OF_REGISTERED,
            [(ACTIVE_OVER_POPULATION, ap), (ACTIVE_OVER_ACTIVE_INACTIVE, aai), (REGISTERED_LESS_INACTIVE, rir)])
    compare("activity", v("active/registered"), rir, ACTIVITY_OF_REGISTERED,
            [(ACTIVE_OVER_POPULATION, ap)], where=ar.lo.isna())
    compare("activity", v("active/population"), ap, ACTIVITY_OF_POPULATION,
            [(ACTIVE_OVER_REGISTERED, ar), (ACTIVE_OVER_ACTIVE_INACTIVE, aai)])
    compare("inactive_share", v("inactive/registered"), ina.pct(reg), INACTIVE_SHARE,
            [(REGISTERED_LESS_ACTIVE, (reg - act).pct(reg)), (INACTIVE_OVER_ACTIVE_INACTIVE, ina.pct(act + ina))])
    unreg = v("unregistered")
    compare("unregistered", unreg, pop - reg, UNREGISTERED)
    cov = v("registered/population")
    by_cov = _I(pop.lo * (100 - cov.hi) / 100, pop.hi * (100 - cov.lo) / 100, ("population", "registered/population"))
    compare("unregistered", unreg, by_cov, UNREGISTERED, where=reg.lo.isna())
    for key in sorted({k for _, k in t.columns if str(k).startswith("to_enrol@")}):
        tg = float(key.split("@")[1]) / 100
        compare("to_enrol", v(key), _I(pop.lo * tg - reg.hi, pop.hi * tg - reg.lo, ("population", "registered")),
                TO_ENROL)
    compare("pemda_share", v("pemda-funded/population"), v("pemda_funded_people").pct(pop), PEMDA_SHARE)


def _pair(out: _Findings, check, a, b, msg: Text, **kw) -> None:
    pct = _is_pct(a["key"])
    size = _size((a["lo"] + a["hi"]) / 2, (b["lo"] + b["hi"]) / 2, pct)
    label = KEY_LABELS.get(a["key"], Text(a["key"], a["key"]))
    srcs = "; ".join(dict.fromkeys([a["source_label"], b["source_label"]]))
    out.add(severity(size, pct), check, a["code"], a["period"], a["segment"], [a["figure_id"], b["figure_id"]], srcs,
            _text(a["text_id"], a["text_en"], a["lo"], a["hi"], pct), _text(b["text_id"], b["text_en"], b["lo"], b["hi"], pct),
            size, pct, msg, label, **kw)


# ---- (b) across sources, (c) across levels, (d) over time ---------------------------------------
def _sources(claims: pd.DataFrame, out: _Findings) -> None:
    per = _best(claims, _G + ["key"])
    multi = per[per.duplicated(["code", "period", "segment", "key"], keep=False)]
    for _, d in multi.groupby(["code", "period", "segment", "key"], sort=False):
        a, b = d.loc[d["lo"].idxmax()], d.loc[d["hi"].idxmin()]
        if a["lo"] > b["hi"]:
            _pair(out, "sources", a, b, SOURCES_DISAGREE, src_a=a["source_label"], src_b=b["source_label"])


def _hierarchy(claims: pd.DataFrame, registry, out: _Findings) -> None:
    c = _best(claims[claims["key"].isin(["population", "registered", "active", "inactive"])],
              ["code", "period", "segment", "key"])
    c = c[c["code"] != NATIONAL_CODE]
    if not len(c):
        return
    has_dot = c["code"].str.contains(".", regex=False)
    c = c.assign(parent=c["code"].str.rsplit(".", n=1).str[0].where(has_dot, NATIONAL_CODE))
    agg = c.groupby(["parent", "period", "segment", "key"]).agg(n=("code", "nunique"), lo=("lo", "sum"),
                                                                 hi=("hi", "sum"), ids=("figure_id", list))
    agg = agg.iloc[np.lexsort([agg.index.get_level_values("key").map(COUNT_KEYS.index)])]     # registered first
    own = _best(claims, ["code", "period", "segment", "key"]).set_index(["code", "period", "segment", "key"])
    n_kids: dict[str, int] = {}
    for (parent, period, segment, key), r in agg.iterrows():
        if (parent, period, segment, key) not in own.index:
            continue
        if parent not in n_kids:
            try:
                n_kids[parent] = len(registry.children(None if parent == NATIONAL_CODE else parent))
            except KeyError:
                n_kids[parent] = 0
        if not n_kids[parent] or r["n"] != n_kids[parent]:
            continue
        p = own.loc[(parent, period, segment, key)]
        if p["lo"] <= r["hi"] and r["lo"] <= p["hi"]:
            continue
        mid = (r["lo"] + r["hi"]) / 2
        size = _size((p["lo"] + p["hi"]) / 2, mid, False)
        out.add(severity(size, False), "hierarchy", parent, period, segment, [p["figure_id"]] + r["ids"][:3],
                p["source_label"], _text(p["text_id"], p["text_en"], p["lo"], p["hi"], False), Text(fmt_num(mid, 0), fmt_num(mid, 0, "en")),
                size, False, SUB_REGIONS, KEY_LABELS[key], n=n_kids[parent])


def _month(period: pd.Series) -> pd.Series:
    m = period.astype(str).str.extract(r"^(\d{4})-(\d{2})$").astype(float)
    return m[0] * 12 + m[1]


def _trend(claims: pd.DataFrame, out: _Findings) -> None:
    c = claims[claims["key"].isin(TREND_KEYS) & (claims["period_kind"].fillna("month") == "month")]
    c = _best(c, ["code", "segment", "key", "period"]).assign(m=lambda d: _month(d["period"])).dropna(subset=["m"])
    c = c.sort_values(["code", "segment", "key", "m"]).reset_index(drop=True)
    seen: set = set()
    for lag in range(1, TREND_WINDOW_MONTHS + 1):
        prev = c.groupby(["code", "segment", "key"]).shift(lag)
        months = c["m"] - prev["m"]
        gap = np.maximum(c["lo"] - prev["hi"], prev["lo"] - c["hi"])
        jump = ((c["lo"] + c["hi"]) - (prev["lo"] + prev["hi"])).abs() / 2
        bad = (months <= TREND_WINDOW_MONTHS) & (gap > 0) & (jump > TREND_JUMP_PP)
        for i in np.flatnonzero(bad.to_numpy()):
            a, b = c.iloc[i], prev.iloc[i]
            if (a["code"], a["segment"], a["key"], a["period"]) in seen:
                continue
            seen.add((a["code"], a["segment"], a["key"], a["period"]))
            size = float(jump.iloc[i])
            srcs = "; ".join(dict.fromkeys([b["source_label"], a["source_label"]]))
            out.add("major" if size >= TREND_MAJOR_PP else "minor", "trend", a["code"], a["period"], a["segment"],
                    [b["figure_id"], a["figure_id"]], srcs, _text(a["text_id"], a["text_en"], a["lo"], a["hi"], True),
                    _text(b["text_id"], b["text_en"], b["lo"], b["hi"], True), size, True, JUMP, KEY_LABELS[a["key"]], before=b["period"],
                    now=a["period"], months=int(months.iloc[i]))


# ---- entry points ---------------------------------------------------------------------------------
def check_claims(claims: pd.DataFrame, registry: Registry | None = None) -> pd.DataFrame:
    """Findings (``FINDING_COLUMNS``, major first) for claims: all four kinds of check."""
    if registry is None:
        from jkn_geo.geography.registry import get_registry

        registry = get_registry()
    out = _Findings(registry)
    if len(claims):
        _within(claims, out)
        _sources(claims, out)
        _hierarchy(claims, registry, out)
        _trend(claims, out)
    return out.frame()


def check_figures(figs: pd.DataFrame, registry: Registry | None = None) -> pd.DataFrame:
    """Findings for figures in long form (the published CSV, or a ``statements`` table)."""
    return check_claims(claims_from_statements(figs), registry)


def check_store(store, dataset: str, registry: Registry | None = None) -> pd.DataFrame:
    """Findings for a stored dataset: its statements when it has them, else its rows (a
    published dataset's rows with their counts' trailing zeros as rounding)."""
    stm = store.statements(dataset)
    if len(stm):
        return check_claims(claims_from_statements(stm), registry)
    rounded = store.info(dataset).get("kind") == "published"
    return check_claims(claims_from_rows(store.figures(dataset), rounded_counts=rounded), registry)


def check_hierarchy(figs: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """Only check (c) on table rows: a region's row against the sum of its sub-regions' rows."""
    out = _Findings(registry)
    _hierarchy(claims_from_rows(figs), registry, out)
    return out.frame()


def flags(findings: pd.DataFrame) -> pd.DataFrame:
    """The worst finding per region, period and segment (``FLAG_COLUMNS``), for the map."""
    f = findings[findings["severity"].isin(SEVERITIES)] if len(findings) else findings
    if not len(f):
        return pd.DataFrame(columns=FLAG_COLUMNS)
    f = f.assign(_o=f["severity"].map({s: i for i, s in enumerate(SEVERITIES)}), _s=-f["size"].astype(float))
    f = f.sort_values(["_o", "_s"], kind="stable").drop_duplicates(["code", "period", "segment"])
    return f.rename(columns={"message_id": "message"})[FLAG_COLUMNS].sort_values(["code", "period", "segment"]) \
        .reset_index(drop=True)
