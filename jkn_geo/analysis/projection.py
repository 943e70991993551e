"""When a region reaches its target at the pace of the last 12 months.

    p = project(["2024-08", …, "2025-07"], [95.1, …, 96.4], target=98.0)
    p.status   # "by" (p.period = "2026-11"), "reached", "not_at_pace" or "too_few"
    p.text().id  # "Nov 2026" / "sudah tercapai" / "tidak pada laju ini" / "data kurang (< 6 bulan)"

Method (stated with every projection, :data:`METHOD`): the monthly figures of the last
``PROJECTION_WINDOW_MONTHS`` months up to the region's latest figure; at least
``PROJECTION_MIN_MONTHS`` months with a figure; a least-squares straight line through them
(value against month number, gaps left out); the target month is the first month at or after
the latest figure whose value on that line reaches the target. A flat or falling line, or a
month more than ``PROJECTION_MAX_YEARS`` years ahead, is "not at this pace". A region whose
latest figure already meets the target has "reached". Pure: no store, no Streamlit.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jkn_geo.config import PROJECTION_MAX_YEARS, PROJECTION_MIN_MONTHS, PROJECTION_WINDOW_MONTHS
from jkn_geo.fmt import fmt_period, fmt_pp
from jkn_geo.text import Text

METHOD = Text(f"Proyeksi: garis lurus kuadrat terkecil melalui angka bulanan {PROJECTION_WINDOW_MONTHS} bulan "
              f"terakhir (minimal {PROJECTION_MIN_MONTHS} bulan berangka); bulan pertama garis itu mencapai "
              "target. Bukan ramalan: hanya laju saat ini yang diteruskan.",
              f"Projection: least-squares straight line through the monthly figures of the last "
              f"{PROJECTION_WINDOW_MONTHS} months (at least {PROJECTION_MIN_MONTHS} months with a figure); the "
              "first month that line reaches the target. Not a forecast: the current pace carried on.")
STATUS_TEXT = {
    "reached": Text("sudah tercapai", "already reached"),
    "not_at_pace": Text("tidak pada laju ini", "not at this pace"),
    "too_few": Text(f"data kurang (< {PROJECTION_MIN_MONTHS} bulan)", f"too few months (< {PROJECTION_MIN_MONTHS})"),
}


@dataclass(frozen=True)
class Projection:
    status: str                  # "by", "reached", "not_at_pace", "too_few"
    period: str | None = None    # the month the target is reached ("by")
    slope: float | None = None   # change per month on the fitted line
    months: int = 0              # months with a figure in the window

    def text(self) -> Text:
        if self.status == "by":
            return Text(fmt_period(self.period, short=True), fmt_period(self.period, lang="en", short=True))
        return STATUS_TEXT[self.status]

    def pace(self) -> Text | None:
        """``'+0,21 pp per bulan'``: the fitted pace (percentages)."""
        if self.slope is None:
            return None
        return Text(f"{fmt_pp(self.slope)} per bulan", f"{fmt_pp(self.slope, lang='en')} a month")


def _index(period: str) -> int:
    y, m = str(period)[:7].split("-")
    return int(y) * 12 + int(m) - 1


def _period(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def project(periods: Sequence[str], values: Sequence[float | None], target: float,
            higher_is_better: bool = True) -> Projection:
    """The month ``target`` is reached at the least-squares pace of the last months (see module)."""
    pts = sorted((_index(p), float(v)) for p, v in zip(periods, values)
                 if p is not None and v is not None and not (isinstance(v, float) and math.isnan(v)))
    if not pts:
        return Projection("too_few")
    last_i, last_v = pts[-1]
    window = [(i, v) for i, v in pts if i > last_i - PROJECTION_WINDOW_MONTHS]
    met = (last_v >= target) if higher_is_better else (last_v <= target)
    if len(window) < PROJECTION_MIN_MONTHS:
        return Projection("reached" if met else "too_few", months=len(window))
    x = np.array([i for i, _ in window], dtype=float)
    y = np.array([v for _, v in window], dtype=float)
    slope, intercept = np.polyfit(x - last_i, y, 1)
    if met:
        return Projection("reached", slope=float(slope), months=len(window))
    sign = 1.0 if higher_is_better else -1.0
    if sign * slope <= 1e-12:
        return Projection("not_at_pace", slope=float(slope), months=len(window))
    t = (target - intercept) / slope          # months after the latest figure
    ahead = max(1, math.ceil(t - 1e-9))
    if ahead > PROJECTION_MAX_YEARS * 12:
        return Projection("not_at_pace", slope=float(slope), months=len(window))
    return Projection("by", _period(last_i + ahead), float(slope), len(window))


def project_table(series: pd.DataFrame, key: str, target: float, higher_is_better: bool = True) -> pd.DataFrame:
    """One projection per region of stacked monthly rows (``code``, ``period``, ``key``):
    columns code, projection (the text in Indonesian), projection_en, projection_status,
    projection_period, projection_slope."""
    rows = []
    if series is not None and len(series) and key in series.columns:
        for code, g in series.groupby("code", sort=False):
            p = project(g["period"].astype(str).tolist(), pd.to_numeric(g[key], errors="coerce").tolist(),
                        target, higher_is_better)
            t = p.text()
            rows.append({"code": code, "projection": t.id, "projection_en": t.en, "projection_status": p.status,
                         "projection_period": p.period, "projection_slope": p.slope})
    return pd.DataFrame(rows, columns=["code", "projection", "projection_en", "projection_status",
                                       "projection_period", "projection_slope"])
