"""Static images for slides: choropleth maps and trend charts (PNG, SVG, PDF), server-side.

Made with geopandas + matplotlib (Agg backend, no display). The default size is a full 16:9
slide, 13.33 × 7.5 in at 150 dpi = 2000 × 1125 px: a title, the period, a legend whose classes
are built around the target and mark it, a source line with the boundary attribution, and — for
demo data — a red "DATA SINTETIS" label plus a watermark across the map::

    png = choropleth_image(table, "regency", "coverage_pct", meta=meta, target=98.0)
    png = trend_image(series, "coverage_pct", meta=meta, targets=[(98.0, "Target RPJMN 98 %")])
"""
from __future__ import annotations

import io
import math
import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jkn_geo import fmt
from jkn_geo.render.export import (
    BOUNDARY_ATTRIBUTION,
    SYNTHETIC_LABEL_EN,
    SYNTHETIC_LABEL_ID,
    ExportMeta,
    indicator_label,
)

SLIDE_INCHES = (13.333, 7.5)
DPI = 150
NO_DATA_COLOR = "#d9d9d9"
NO_DATA_HATCH = "////"
#: below the target in oranges (worst darkest), at/above the target in purple: ColorBrewer PuOr,
#: readable with the common colour-vision deficiencies
TARGET_COLORS = ["#b35806", "#f1a340", "#fee0b6", "#5e3c99"]
#: sequential, for indicators without a target (one hue, colour-blind safe): ColorBrewer YlOrBr
SEQ_COLORS = ["#ffffd4", "#fed98e", "#fe9929", "#d95f0e", "#993404"]
SEQ_COLORS_GOOD = ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"]
FORMATS = ("png", "svg", "pdf")
_LOCK = threading.Lock()  # matplotlib's pyplot state is not thread-safe; we use the OO API + a lock


@dataclass
class Classes:
    """Class breaks: ``edges`` are the inner limits (n classes → n-1 edges)."""

    edges: list[float]
    colors: list[str]
    labels: list[str]
    target_index: int | None = None  # the class that starts at the target

    def index(self, values: np.ndarray) -> np.ndarray:
        v = np.asarray(values, dtype=float)
        idx = np.searchsorted(np.asarray(self.edges, dtype=float), v, side="right")
        return np.where(np.isnan(v), -1, idx)


def _unit(key: str) -> str:
    from jkn_geo.render.export import _unit as u

    return u(key) or ("pct" if key.endswith("_pct") else "people")


def _fmt_value(x: float, unit: str) -> str:
    if unit == "pct":
        return fmt.fmt_pct(x, decimals=1 if abs(x - round(x)) > 1e-9 else 0)
    if unit == "pp":
        return fmt.fmt_pp(x, decimals=1)
    if unit == "rp":
        return fmt.fmt_rp(x)
    return fmt.fmt_people(x)


def target_classes(target: float, kind: str = "coverage") -> Classes:
    """Classes around a target: coverage < 90 / 90–95 / 95–98 / ≥ 98, activity < 60 / 60–70 /
    70–80 / ≥ 80 (the lower limits follow the target when it differs)."""
    if kind == "activity":
        edges = [target - 20, target - 10, target]
    elif target > 95:
        edges = [90.0, 95.0, target]
    else:
        edges = [target - 10, target - 5, target]
    f = lambda x: fmt.fmt_num(x, 1 if abs(x - round(x)) > 1e-9 else 0)  # noqa: E731
    labels = [f"< {f(edges[0])} %", f"{f(edges[0])} – {f(edges[1])} %", f"{f(edges[1])} – {f(edges[2])} %",
              f"≥ {f(edges[2])} % (target)"]
    return Classes(edges, list(TARGET_COLORS), labels, target_index=3)


def quantile_classes(values, unit: str, n: int = 5, higher_is_better: bool = False) -> Classes:
    """Quantile classes for indicators without a target (people, rupiah)."""
    v = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce").dropna(), dtype=float)
    if v.size == 0:
        return Classes([], [SEQ_COLORS[2]], ["-"])
    edges = sorted(set(np.round(np.quantile(v, np.linspace(0, 1, n + 1)[1:-1]), 6).tolist()))
    colors_src = SEQ_COLORS_GOOD if higher_is_better else SEQ_COLORS
    k = len(edges) + 1
    colors = [colors_src[round(i * (len(colors_src) - 1) / max(k - 1, 1))] for i in range(k)]
    labels = []
    for i in range(k):
        if k == 1:
            labels.append(_fmt_value(v.min(), unit) + " – " + _fmt_value(v.max(), unit))
        elif i == 0:
            labels.append(f"< {_fmt_value(edges[0], unit)}")
        elif i == k - 1:
            labels.append(f"≥ {_fmt_value(edges[-1], unit)}")
        else:
            labels.append(f"{_fmt_value(edges[i - 1], unit)} – {_fmt_value(edges[i], unit)}")
    return Classes(edges, colors, labels)


def diverging_classes(values, unit: str = "pp") -> Classes:
    """Symmetric classes around zero for a change (pp or people): decrease in orange, increase in purple."""
    v = np.abs(np.asarray(pd.to_numeric(pd.Series(values), errors="coerce").dropna(), dtype=float))
    m = float(np.quantile(v, 0.9)) if v.size else 1.0
    m = m if m > 0 else 1.0
    step = _nice(m / 2)
    edges = [-2 * step, -step, 0.0, step, 2 * step]
    colors = ["#b35806", "#f1a340", "#fee0b6", "#d8daeb", "#998ec3", "#542788"]
    labels = [f"< {_fmt_value(edges[0], unit)}"] + \
             [f"{_fmt_value(edges[i], unit)} – {_fmt_value(edges[i + 1], unit)}" for i in range(4)] + \
             [f"≥ {_fmt_value(edges[-1], unit)}"]
    return Classes(edges, colors, labels)


def _nice(x: float) -> float:
    if x <= 0:
        return 1.0
    e = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if x <= m * e:
            return m * e
    return 10 * e


def from_classify(cls) -> Classes:
    """Adapt a :class:`jkn_geo.analysis.classify.Classes` (the map's classes) so the slide matches the map."""
    labels = list(cls.labels_id)
    ti = getattr(cls, "target_class", None)
    if ti is not None and 0 <= ti < len(labels):
        labels[ti] = labels[ti] + " (target)"
    return Classes([float(b) for b in cls.breaks], list(cls.colors), labels, target_index=ti)


def default_classes(key: str, values, coverage_target: float = 98.0, activity_target: float = 80.0) -> Classes:
    """The map's classes (:mod:`jkn_geo.analysis.classify`, shared with the explorer) when available:
    classes around the target for coverage/activity, quantiles otherwise. A small built-in
    fallback keeps the static export working on its own."""
    try:
        from jkn_geo.analysis.classify import classify

        unit = _unit(key)
        if key in ("coverage_pct", "activity_pct"):
            t = coverage_target if key == "coverage_pct" else activity_target
            c = classify(values, unit="pct", scheme="target", target=t,
                         target_kind="coverage" if key == "coverage_pct" else "activity")
        else:
            c = classify(values, unit=unit, scheme="quantile", higher_is_better=unit == "pct")
        return from_classify(c)
    except ImportError:
        pass
    if key == "coverage_pct":
        return target_classes(coverage_target, "coverage")
    if key == "activity_pct":
        return target_classes(activity_target, "activity")
    unit = _unit(key)
    hib = unit == "pct"
    return quantile_classes(values, unit, higher_is_better=hib)


def _figure(size=SLIDE_INCHES, dpi=DPI):
    from matplotlib.figure import Figure

    return Figure(figsize=size, dpi=dpi, facecolor="white")


def _save(fig, fmt_: str, dpi=DPI) -> bytes:
    import matplotlib

    if fmt_ not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):
        fig.savefig(buf, format=fmt_, dpi=dpi, facecolor="white",
                    metadata={"Title": fig._jkn_title} if fmt_ in ("pdf", "svg") and getattr(fig, "_jkn_title", None) else None)
    return buf.getvalue()


def _header_footer(fig, meta: ExportMeta, title: str, subtitle: str):
    fig._jkn_title = title
    fig.text(0.015, 0.955, title, fontsize=24, fontweight="bold", va="top", ha="left")
    fig.text(0.015, 0.885, subtitle, fontsize=16, va="top", ha="left", color="#333333")
    src = f"Sumber: {meta.source or meta.dataset} · dataset: {meta.dataset}"
    fig.text(0.015, 0.045, src, fontsize=11, va="bottom", ha="left", color="#333333")
    fig.text(0.015, 0.015, BOUNDARY_ATTRIBUTION, fontsize=8, va="bottom", ha="left", color="#666666")
    if meta.synthetic:
        fig.text(0.985, 0.885, SYNTHETIC_LABEL_ID, fontsize=15, fontweight="bold", color="white", va="top",
                 ha="right", bbox=dict(facecolor="#B00020", edgecolor="none", boxstyle="square,pad=0.4"))
        fig.text(0.985, 0.83, SYNTHETIC_LABEL_EN, fontsize=11, color="#B00020", va="top", ha="right")


def _watermark(ax):
    ax.text(0.5, 0.5, "DATA SINTETIS", transform=ax.transAxes, fontsize=64, color="#B00020", alpha=0.13,
            rotation=20, ha="center", va="center", fontweight="bold", zorder=10)


def _regions(level: str, within: str | None):
    from jkn_geo.geography.boundaries import load_level

    g = load_level(level, web=True)
    if within:
        codes = g["code"].astype(str)
        g = g[(codes == within) | codes.str.startswith(str(within) + ".")]
    return g


def choropleth_image(table: pd.DataFrame, level: str, key: str, meta: ExportMeta, *, within: str | None = None,
                     classes: Classes | None = None, target: float | None = None, target_label: str | None = None,
                     title: str | None = None, fmt_: str = "png", size=SLIDE_INCHES, dpi: int = DPI,
                     value_unit: str | None = None, legend_title: str | None = None) -> bytes:
    """A choropleth of ``table[key]`` (joined on ``code``) over the regions of ``level``
    (inside ``within`` when given). Regions without a value are drawn grey and hatched and listed
    in the legend as "tidak ada data" — never as zero."""
    if fmt_ not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    from matplotlib.patches import Patch

    geo = _regions(level, within)
    if geo.empty:
        raise ValueError(f"no {level} regions inside {within!r}")
    vals = table.drop_duplicates("code").set_index("code")[key] if key in table.columns else pd.Series(dtype=float)
    v = pd.to_numeric(geo["code"].map(vals), errors="coerce").to_numpy(dtype=float)
    unit = value_unit or _unit(key)
    if classes is not None and hasattr(classes, "breaks"):
        classes = from_classify(classes)
    if classes is None:
        classes = default_classes(key, v, coverage_target=target or 98.0, activity_target=target or 80.0)
    idx = classes.index(v)
    colors = np.array([classes.colors[i] if i >= 0 else NO_DATA_COLOR for i in idx], dtype=object)

    label = legend_title or (indicator_label(key) + (" (pp)" if unit == "pp" else ""))
    title = title or f"{label} per {_level_word(level)}"
    subtitle = " · ".join(x for x in (meta.period_label, meta.within or "Indonesia") if x)
    with _LOCK:
        fig = _figure(size, dpi)
        ax = fig.add_axes([0.01, 0.09, 0.74, 0.76])
        ax.set_axis_off()
        has = idx >= 0
        if has.any():
            geo[has].plot(ax=ax, color=list(colors[has]), edgecolor="white", linewidth=0.3 if level != "district" else 0.1)
        if (~has).any():
            geo[~has].plot(ax=ax, facecolor=NO_DATA_COLOR, edgecolor="#9a9a9a", hatch=NO_DATA_HATCH,
                           linewidth=0.2)
        if level != "province":
            _parents(level, within).boundary.plot(ax=ax, color="#444444", linewidth=0.6)
        ax.set_aspect("equal")
        minx, miny, maxx, maxy = geo.total_bounds
        padx, pady = (maxx - minx) * 0.02 or 0.1, (maxy - miny) * 0.02 or 0.1
        ax.set_xlim(minx - padx, maxx + padx)
        ax.set_ylim(miny - pady, maxy + pady)
        if meta.synthetic:
            _watermark(ax)

        counts = [int((idx == i).sum()) for i in range(len(classes.colors))]
        handles = [Patch(facecolor=c, edgecolor="#666666", label=f"{lab}  ({n})")
                   for c, lab, n in zip(classes.colors, classes.labels, counts)]
        if classes.target_index is not None:
            handles = handles[::-1]
        nodata = int((~has).sum())
        handles.append(Patch(facecolor=NO_DATA_COLOR, edgecolor="#9a9a9a", hatch=NO_DATA_HATCH,
                             label=f"tidak ada data  ({nodata})"))
        lax = fig.add_axes([0.765, 0.10, 0.225, 0.68])
        lax.set_axis_off()
        leg = lax.legend(handles=handles, loc="upper left",
                         frameon=False, fontsize=14, title=_wrap(label, 28), title_fontsize=14,
                         handlelength=1.8, handleheight=1.4, labelspacing=0.8, alignment="left")
        if classes.target_index is not None:
            for t in leg.get_texts():
                if "(target)" in t.get_text():
                    t.set_fontweight("bold")
        if target is not None:
            tl = target_label or f"Target: {fmt.fmt_pct(target, decimals=1 if target % 1 else 0)}"
            lax.text(0.0, 0.02, _wrap(tl, 34), fontsize=12, va="bottom", ha="left", transform=lax.transAxes,
                     bbox=dict(facecolor="white", edgecolor="#5e3c99", boxstyle="round,pad=0.4"))
        _header_footer(fig, meta, title, subtitle)
        return _save(fig, fmt_, dpi)


def _parents(level: str, within: str | None):
    from jkn_geo.geography.boundaries import load_level

    parent_level = {"regency": "province", "district": "regency"}[level]
    g = load_level(parent_level, web=True)
    if within:
        codes = g["code"].astype(str)
        g = g[(codes == within) | codes.str.startswith(str(within) + ".")]
    return g


def _level_word(level: str) -> str:
    return {"province": "provinsi", "regency": "kabupaten/kota", "district": "kecamatan"}.get(level, level)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) if text else text


def trend_image(series: pd.DataFrame, key: str, meta: ExportMeta, *, targets=(), title: str | None = None,
                fmt_: str = "png", size=SLIDE_INCHES, dpi: int = DPI) -> bytes:
    """Line chart of ``series[key]`` over ``period``, one line per region (``code``/``name``), with
    dashed target lines ``targets = [(value, label), …]``."""
    if fmt_ not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    from matplotlib.ticker import FuncFormatter

    unit = _unit(key)
    label = indicator_label(key)
    title = title or f"{label}: tren bulanan"
    df = series.copy()
    df["period"] = df["period"].astype(str).str[:7]
    present = sorted(df["period"].dropna().unique())
    # every month of the range on the axis; a month without a value breaks the line (never 0)
    periods = list(pd.period_range(present[0], present[-1], freq="M").astype(str)) if present else []
    with _LOCK:
        fig = _figure(size, dpi)
        ax = fig.add_axes([0.07, 0.14, 0.70, 0.66])
        palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
        for i, (code, g) in enumerate(df.groupby("code", sort=False)):
            name = str(g["name"].iloc[0]) if "name" in g.columns else str(code)
            g = g.drop_duplicates("period").set_index("period").reindex(periods)
            y = pd.to_numeric(g[key], errors="coerce").to_numpy(dtype=float)
            x = list(range(len(periods)))
            ax.plot(x, y, marker="o", markersize=3, linewidth=2.4, color=palette[i % len(palette)], label=name)
        for value, tlabel in targets:
            ax.axhline(value, color="#444444", linestyle="--", linewidth=1.4)
            ax.text(0.995, value, tlabel, transform=ax.get_yaxis_transform(), fontsize=11, va="bottom", ha="right",
                    color="#444444")
        step = max(1, math.ceil(len(periods) / 12))
        ax.set_xticks(range(0, len(periods), step))
        ax.set_xticklabels([fmt.fmt_period(p, short=True) for p in periods[::step]], rotation=0, fontsize=11)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _p: _fmt_value(y, unit)))
        ax.tick_params(axis="y", labelsize=12)
        ax.grid(axis="y", color="#e5e5e5")
        for s in ("top", "right"):
            ax.spines[s].set_visible(False)
        ax.set_ylabel(label, fontsize=13)
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=12)
        if meta.synthetic:
            _watermark(ax)
        sub = meta.period_label or (f"{fmt.fmt_period(periods[0])} – {fmt.fmt_period(periods[-1])}" if periods else "")
        _header_footer(fig, meta, title, sub)
        return _save(fig, fmt_, dpi)
