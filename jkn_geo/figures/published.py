"""Published JKN figures from news articles (``data/published_figures.csv``).

The CSV is authored in this repository: **one row per figure as the article states it** —
source name, publication date (with a note when the text gives no exact date), URL when the
article gives one (the seed articles do not), the sentence the figure comes from, the
measure, the **definition the article uses** (``registered/population``,
``active/registered``, ``active/population``, ...), the value exactly as written
(``"68,97 persen"``, ``"6,3 juta jiwa"``) and its qualifier (``sekitar``, ``lebih dari``).

:func:`load_figures` adds the parsed ``value`` and the interval ``lo``–``hi`` the wording
allows (rounding and qualifiers), used by :mod:`jkn_geo.figures.consistency`.
:func:`to_dataset_frame` turns the figures into store rows (one per region, month and
segment) for the shipped dataset :data:`jkn_geo.figures.store.PUBLISHED_DATASET`:

* counts stated exactly or "sekitar" (about) are used as counts; bounds ("lebih dari",
  "2,1 juta lebih") are not;
* a percentage goes into the ``*_pct_given`` column that matches its definition
  (keaktifan as active ÷ population → ``active_coverage_pct_given``);
* other measures (budgets, ranks) stay in the figure table only.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from jkn_geo.config import DATA_DIR
from jkn_geo.figures import consistency
from jkn_geo.figures.parsing import Number, ParseError, parse_number_ex
from jkn_geo.text import Text

if TYPE_CHECKING:
    from jkn_geo.geography.registry import Registry

FIGURES_PATH = DATA_DIR / "published_figures.csv"
SOURCE = Text("Angka yang dikutip dari berita (Tribun Lampung, InfoPublik, ANTARA, Tribun Sumsel, Koran RB)",
              "figures quoted from news articles, one row per figure with its sentence")
SOURCE_SUMMARY = SOURCE.both("; ")
PUBLISHED_FIGURES = Text("angka terbit", "published figures")      # the note of a stored row: "id / en: ids"
INCONSISTENT = Text("TIDAK KONSISTEN", "inconsistent")
LICENCE = "quotations of published figures (fair use), compiled by the JKN Atlas project"
NOTE = ("Each figure keeps the definition the article uses; see `python -m jkn_geo indicators` and the "
        "consistency check for figures that contradict each other.")

COUNT_MEASURES = ("population", "registered", "active", "inactive")
PCT_TO_COLUMN = {
    ("coverage_pct", "registered/population"): "coverage_pct_given",
    ("activity_pct", "active/registered"): "activity_pct_given",
    ("activity_pct", "active/population"): "active_coverage_pct_given",
}
USABLE_QUALIFIERS = ("", "sekitar")

REQUIRED_COLUMNS = ["figure_id", "article_id", "source_name", "published_date", "url", "region_text", "code",
                    "level", "period", "segment", "measure", "definition", "value_stated", "qualifier", "quote"]


def interval(number: Number, qualifier: str) -> tuple[float, float]:
    """The range a written value allows: rounding to its last digit, widened by its qualifier.

    ``"97,05"`` → 97,045–97,055; ``"sekitar 6,3 juta"`` → 6,2–6,4 juta (± one unit);
    ``"lebih dari 118 ribu"`` → 118–119 ribu; an exact count ``"682.527"`` → ±0,5.
    """
    v, unit = number.value, number.unit
    q = (qualifier or "").strip().lower()
    if q in ("lebih dari", "lebih", "di atas", "lebih dari sekitar"):
        return v, v + unit
    if q in ("kurang dari", "hampir", "di bawah"):
        return v - unit, v
    if q == "sekitar":
        return v - unit, v + unit
    return v - unit / 2, v + unit / 2


def _parse_value(text: str) -> Number:
    try:
        n = parse_number_ex(re.sub(r"(?i)\s+lebih\s*$", "", text))
        if n is not None:
            return n
    except ParseError:
        pass
    m = re.search(r"\d[\d.,]*", text)
    if not m:
        raise ParseError(f"no number in {text!r}")
    return parse_number_ex(m.group(0).rstrip(".,"))


def load_figures(path: Path | str | None = None) -> pd.DataFrame:
    """The published figures, one row per figure, with ``value``, ``lo`` and ``hi`` added."""
    return _load(str(path or FIGURES_PATH), _mtime(path or FIGURES_PATH)).copy()


def _mtime(path) -> float:
    try:
        return Path(path).stat().st_mtime
    except OSError:
        return 0.0


@lru_cache(maxsize=4)
def _load(path: str, _mtime_key: float) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    vals, los, his = [], [], []
    for i, rec in df.iterrows():
        try:
            n = _parse_value(rec["value_stated"])
        except ParseError as exc:
            raise ValueError(f"{path} row {i + 2} ({rec['figure_id']}): {exc}") from None
        lo, hi = interval(n, rec["qualifier"])
        vals.append(n.value)
        los.append(lo)
        his.append(hi)
    df["value"], df["lo"], df["hi"] = vals, los, his
    if df["figure_id"].duplicated().any():
        raise ValueError(f"{path}: duplicate figure_id {df.loc[df['figure_id'].duplicated(), 'figure_id'].tolist()}")
    return df


def figures_for(code: str, period: str | None = None, segment: str | None = None,
                path: Path | str | None = None) -> pd.DataFrame:
    """The published figures (with their sentences and sources) behind one region's row."""
    df = load_figures(path)
    sel = df["code"] == code
    if period:
        sel &= df["period"] == period
    if segment:
        sel &= df["segment"] == segment
    return df[sel].reset_index(drop=True)


def source_label(rec: Mapping) -> str:
    """``'Tribun Lampung, 2025-07-24'`` (the article's URL is kept in its own column, ``source_url``)."""
    return f"{rec['source_name']}, {rec['published_date']}"     # the URL is a column of its own


# ---- measures and definitions ----------------------------------------------------------------
#: what a stated figure measures → the wide store column it fills (when it is a value, not a bound)
WIDE_COLUMN = {
    "population": "population", "registered": "registered", "active": "active", "inactive": "inactive",
    "unregistered": "unregistered_given", "to_enrol": "to_enrol_given",
    "coverage_pct": "coverage_pct_given", "activity_pct": "activity_pct_given",
    "active_coverage_pct": "active_coverage_pct_given",
}
#: names used by other collections (e.g. the research table) for the same measures
MEASURE_ALIASES = {
    "participants": "registered", "peserta": "registered", "terdaftar": "registered",
    "active_participants": "active", "aktif": "active", "inactive_participants": "inactive",
    "tidak_aktif": "inactive", "penduduk": "population", "belum_terdaftar": "unregistered",
    "cakupan": "coverage_pct", "keaktifan": "activity_pct", "cakupan_aktif": "active_coverage_pct",
    "perlu_didaftarkan": "to_enrol",
}
#: the definition each percentage measure has unless stated otherwise
DEFAULT_DEFINITION = {"coverage_pct": "registered/population", "activity_pct": "active/registered",
                      "active_coverage_pct": "active/population"}
#: a percentage stated with a definition belongs to the measure of that definition
MEASURE_OF_DEFINITION = {"registered/population": "coverage_pct", "active/registered": "activity_pct",
                         "active/population": "active_coverage_pct"}
PCT_MEASURES = tuple(DEFAULT_DEFINITION)


def normalise_measure(measure: str, definition: str | None = "") -> tuple[str, str]:
    """(measure, definition) in the app's names: aliases resolved, and a percentage filed under
    the measure its definition computes (keaktifan stated as active ÷ population →
    ``active_coverage_pct``). Counts have the definition ``count``."""
    m = (measure or "").strip()
    m = MEASURE_ALIASES.get(m.lower(), m)
    d = (definition or "").strip()
    if m in PCT_MEASURES:
        d = d or DEFAULT_DEFINITION[m]
        m = MEASURE_OF_DEFINITION.get(d, m)
    elif m in WIDE_COLUMN and not d:
        d = "count"
    return m, d


def to_statements(figs: pd.DataFrame) -> pd.DataFrame:
    """Figures (one row each, as :func:`load_figures` gives them or an import of published
    figures) → rows of the store's ``statements`` table."""
    norm = [normalise_measure(m, d) for m, d in zip(figs["measure"], figs.get("definition", [""] * len(figs)))]
    get = figs.get
    out = pd.DataFrame({
        "fig_no": range(1, len(figs) + 1),
        "figure_id": figs["figure_id"].astype(str).values,
        "code": figs["code"].values, "level": figs["level"].values, "period": figs["period"].values,
        "period_kind": get("period_kind", pd.Series(["month"] * len(figs))).values,
        "segment": get("segment", pd.Series(["total"] * len(figs))).values,
        "measure": [m for m, _ in norm], "measure_stated": figs["measure"].values,
        "definition": [d for _, d in norm],
        "target": pd.to_numeric(get("target", pd.Series([None] * len(figs))), errors="coerce").values,
        "value": figs["value"].values, "lo": figs["lo"].values, "hi": figs["hi"].values,
        "value_text": get("value_stated", pd.Series([None] * len(figs))).values,
        "qualifier": get("qualifier", pd.Series([""] * len(figs))).values,
        "unit": ["pct" if m in PCT_MEASURES else "people" if m in WIDE_COLUMN else None for m, _ in norm],
        "source_name": get("source_name", pd.Series([None] * len(figs))).values,
        "source_url": get("url", pd.Series([None] * len(figs))).values,
        "source_date": get("published_date", pd.Series([None] * len(figs))).values,
        "quote": get("quote", pd.Series([None] * len(figs))).values,
        "row_no": pd.to_numeric(get("row_no", pd.Series([None] * len(figs))), errors="coerce").values,
        "note": get("note", pd.Series([None] * len(figs))).values,
    })
    return out.replace({"": None}).astype({"fig_no": "int64"})


def _is_value(qualifier) -> bool:
    """A figure stated as a value (exact or "sekitar"), not as a bound ("lebih dari", …)."""
    return (qualifier or "") in USABLE_QUALIFIERS


def to_frames(figs: pd.DataFrame, registry: Registry | None = None,
              findings: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Published figures → (store rows, statements).

    One store row per region, period and segment. Its figures come from one article first —
    the one stating the most usable figures there (then the latest) — so that what the app
    computes from a row's counts is computed from one source; other articles fill only what
    that one does not state. Values stated exactly win over rounded repetitions ("285.881"
    over "sekitar 285 ribu"); bounds ("lebih dari 118 ribu") stay statements only. The row's
    note lists its figure ids and the contradictions found between its figures."""
    stm = to_statements(figs)
    if findings is None:
        findings = consistency.check_figures(figs, registry=registry)
    work = figs.assign(_measure=stm["measure"].values, _target=stm["target"].values)
    work["_col"] = work["_measure"].map(WIDE_COLUMN)
    work["_usable"] = work["_col"].notna() & work["qualifier"].map(_is_value)
    if "article_id" not in work.columns:
        work["article_id"] = work.get("source_name", pd.Series(["?"] * len(work))).fillna("?")
    rows = []
    if "period_kind" not in work.columns:
        work["period_kind"] = "month"
    work["period_kind"] = work["period_kind"].fillna("month").replace("", "month")
    for (code, level, period, segment, _kind), g in work.groupby(["code", "level", "period", "segment",
                                                                   "period_kind"], sort=True):
        use = g[g["_usable"]]
        if not len(use):
            continue
        rank = (use.groupby("article_id").agg(n=("_col", "size"), date=("published_date", "max"))
                .sort_values(["n", "date"], ascending=False))
        order = {a: i for i, a in enumerate(rank.index)}
        use = use.assign(_a=use["article_id"].map(order), _rounded=use["qualifier"].astype(bool))
        use = use.sort_values(["_a", "_rounded"], kind="stable")
        rec: dict = {"code": code, "level": level, "period": period, "segment": segment,
                     "period_kind": _kind}
        used = []
        for _, f in use.iterrows():
            if f["_col"] in rec:
                continue
            rec[f["_col"]] = float(f["value"])
            if f["_col"] == "to_enrol_given":
                rec["to_enrol_target"] = f["_target"]
            used.append(f)
        first = used[0]
        rec["source_url"] = first.get("url") or None
        rec["source_date"] = first.get("published_date") or None
        rec["quote"] = " … ".join(dict.fromkeys(str(f.get("quote") or "") for f in used if f.get("quote"))) or None
        arts = pd.DataFrame(used).drop_duplicates("article_id")
        rec["source"] = "; ".join(source_label(a) for _, a in arts.iterrows())
        notes = [f"{PUBLISHED_FIGURES.both(' / ')}: {', '.join(g['figure_id'])}"]
        if len(findings):
            mine = findings[(findings["code"] == code) & (findings["period"] == period)
                            & (findings["segment"] == segment) & findings["severity"].isin(consistency.SEVERITIES)]
            notes += [f"{INCONSISTENT.both(' / ')}: " + x for x in mine["message_en"]]
        rec["note"] = " | ".join(notes)
        rows.append(rec)
    out = pd.DataFrame(rows)
    if len(out):
        # a yearly figure ("tahun 2024", stored on January) and a January figure of the same region
        # share a period: the monthly row is the store row, the yearly one stays a statement
        out = out.assign(_y=out["period_kind"].ne("month")).sort_values("_y", kind="stable")
        out = out.drop_duplicates(["code", "period", "segment"]).drop(columns="_y").sort_values(
            ["code", "period", "segment"], kind="stable").reset_index(drop=True)
    for c in WIDE_COLUMN.values():
        if c not in out.columns:
            out[c] = np.nan
    out["row_no"] = range(1, len(out) + 1)
    return out, stm


def to_dataset_frame(registry: Registry | None = None, path: Path | str | None = None) -> pd.DataFrame:
    """Store rows (code, level, period, segment, counts, *_pct_given, source, note) built
    from the shipped figures (:func:`to_frames`)."""
    return to_frames(load_figures(path), registry=registry)[0]


def dataset_version(path: Path | str | None = None) -> str:
    """Changes whenever the CSV or the conversion rules change (the store then refreshes)."""
    p = Path(path or FIGURES_PATH)
    h = hashlib.sha256(p.read_bytes())
    for source in _RULE_SOURCES:   # the conversion and the notes it writes, wherever the modules live
        h.update(Path(source).read_bytes())
    return f"published-v1-{h.hexdigest()[:16]}"


_RULE_SOURCES = (__file__, consistency.__file__)


def check_published(figs: pd.DataFrame | None = None, registry: Registry | None = None) -> pd.DataFrame:
    """Consistency findings on the published figures (default: ``data/published_figures.csv``)."""
    return consistency.check_figures(load_figures() if figs is None else figs, registry=registry)
