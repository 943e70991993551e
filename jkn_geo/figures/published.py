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
    """``'Tribun Lampung, 2025-07-24'`` (+ URL when there is one)."""
    s = f"{rec['source_name']}, {rec['published_date']}"
    return s + (f" <{rec['url']}>" if rec.get("url") else "")


def to_dataset_frame(registry: Registry | None = None, path: Path | str | None = None) -> pd.DataFrame:
    """Store rows (code, level, period, segment, counts, *_pct_given, source, note) built
    from the figures; the note lists the figure ids and any contradiction found."""
    figs = load_figures(path)
    findings = consistency.check_figures(figs, registry=registry)
    rows = []
    for (code, level, period, segment), g in figs.groupby(["code", "level", "period", "segment"], sort=True):
        rec: dict = {"code": code, "level": level, "period": period, "segment": segment}
        used = []
        for _, f in g.iterrows():
            col = None
            if f["measure"] in COUNT_MEASURES and f["qualifier"] in USABLE_QUALIFIERS:
                col = f["measure"]
            else:
                col = PCT_TO_COLUMN.get((f["measure"], f["definition"]))
            if col is None:
                continue
            # an exact figure wins over a rounded repetition of it ("285.881" over "sekitar 285 ribu")
            if col in rec and pd.notna(rec[col]) and f["qualifier"]:
                continue
            rec[col] = float(f["value"])
            used.append(f["figure_id"])
        if not used:
            continue
        srcs = []
        for _, f in g.drop_duplicates("article_id").iterrows():
            srcs.append(source_label(f))
        rec["source"] = "; ".join(srcs)
        notes = [f"{PUBLISHED_FIGURES.both(' / ')}: {', '.join(g['figure_id'])}"]
        mine = findings[(findings["code"] == code) & (findings["period"] == period)
                        & (findings["segment"] == segment) & (findings["severity"] == "contradiction")]
        for _, x in mine.iterrows():
            notes.append(f"{INCONSISTENT.both(' / ')}: " + x["message_en"])
        rec["note"] = " | ".join(notes)
        rows.append(rec)
    out = pd.DataFrame(rows)
    for c in ("population", "registered", "active", "inactive", "coverage_pct_given", "activity_pct_given",
              "active_coverage_pct_given"):
        if c not in out.columns:
            out[c] = np.nan
    out["row_no"] = range(1, len(out) + 1)
    return out


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
