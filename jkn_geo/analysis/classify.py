"""Map classes: around the targets, quantiles, equal intervals or natural breaks, with colour-blind-safe
palettes.

Pure Python + numpy (natural breaks: mapclassify's Fisher-Jenks); no Streamlit, no folium.

    from jkn_geo.analysis.classify import classify
    cls = classify(values, unit="pct", scheme="target", target=98.0, target_kind="coverage")
    cls.labels      # ['< 90 %', '90 – 95 %', '95 – 98 %', '≥ 98 %']
    cls.color(96.1) # colour of the class 95–98
    cls.index(None) # None: no data is never a class (drawn hatched, labelled "tidak ada data")

Classes are half-open on the right: a value equal to a break belongs to the class above it,
so "≥ 98 %" holds exactly 98.

Palettes are ColorBrewer schemes that are colour-blind safe (YlGnBu, PuBu, BrBG, PuOr,
RdYlBu) plus viridis; diverging palettes put the classes that miss the target on the warm
side and the classes that meet it on the cool side, so the target is the colour change.
"""
from __future__ import annotations

import bisect
import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from jkn_geo.fmt import fmt_big, fmt_num, fmt_rp

SCHEMES = {
    "target": {"label_id": "Kelas sekitar target", "label_en": "classes around the target"},
    "quantile": {"label_id": "Kuantil", "label_en": "quantiles"},
    "equal": {"label_id": "Interval sama", "label_en": "equal intervals"},
    "natural": {"label_id": "Jeda alami (Fisher-Jenks)", "label_en": "natural breaks (Fisher-Jenks)"},
}
SEQUENTIAL = ("YlGnBu", "viridis", "PuBu")
DIVERGING = ("BrBG", "PuOr", "RdYlBu")
PALETTES = {
    "auto": {"label_id": "Otomatis", "label_en": "automatic"},
    "YlGnBu": {"label_id": "Kuning–hijau–biru (berurutan)", "label_en": "yellow–green–blue (sequential)"},
    "viridis": {"label_id": "Viridis (berurutan)", "label_en": "viridis (sequential)"},
    "PuBu": {"label_id": "Ungu–biru (berurutan)", "label_en": "purple–blue (sequential)"},
    "BrBG": {"label_id": "Cokelat–hijau kebiruan (divergen)", "label_en": "brown–teal (diverging)"},
    "PuOr": {"label_id": "Oranye–ungu (divergen)", "label_en": "orange–purple (diverging)"},
    "RdYlBu": {"label_id": "Merah–kuning–biru (divergen)", "label_en": "red–yellow–blue (diverging)"},
}
NO_DATA_COLOR = "#d9d9d9"
DEFAULT_K = 5
#: Fisher-Jenks is O(k·n²) without numba: above this many values it runs on as many evenly spaced
#: order statistics (quantiles) of the values instead, which keeps it deterministic and quick.
JENKS_MAX_POINTS = 300


def palette_colors(name: str, n: int) -> list[str]:
    """``n`` hex colours of a named palette (light → dark for sequential, warm → cool for diverging)."""
    from branca.utilities import color_brewer

    if n < 1:
        return []
    if name == "viridis":
        # branca samples viridis dark → light; reverse so more = darker, like the others
        cols = color_brewer("viridis", max(n, 3))[::-1]
        return cols if n >= 3 else [cols[0], cols[-1]][:n] if n == 2 else [cols[1]]
    if name in DIVERGING:
        # ColorBrewer diverging schemes go warm → cool; RdYlBu included
        return color_brewer(name, max(n, 3))[: n] if n >= 3 else color_brewer(name, 3)[::2][:n]
    cols = color_brewer(name, max(n, 3))
    if n >= 3:
        return cols[:n]
    return [cols[1], cols[-1]][:n] if n == 2 else [cols[-1]]


def diverging_split(name: str, n_below: int, n_above: int) -> list[str]:
    """Colours for ``n_below`` classes that miss the target (warm, darkest = worst) and
    ``n_above`` that meet it (cool, darkest = best)."""
    k = max(n_below, n_above, 2)
    cols = palette_colors(name, 2 * k)
    warm, cool = cols[:k], cols[k:]
    below = warm[:n_below] if n_below else []
    above = cool[len(cool) - n_above:] if n_above else []
    return below + above


def target_breaks(target: float, target_kind: str) -> list[float]:
    """Breaks for the 'classes around the target' scheme of a percentage indicator.

    Coverage (target 98): < 90 / 90–95 / 95–98 / ≥ 98; with 98,6 → 90 / 95 / 98,6; with 95 →
    85 / 90 / 95. Activity (target 80): < 60 / 60–70 / 70–80 / ≥ 80.
    """
    t = float(target)
    if target_kind == "coverage":
        return [90.0, 95.0, t] if t > 95 else [t - 10, t - 5, t]
    return [t - 20, t - 10, t]


@dataclass
class Classes:
    breaks: list[float]
    colors: list[str]
    labels_id: list[str]
    labels_en: list[str]
    scheme: str
    palette: str
    unit: str
    target: float | None = None
    target_class: int | None = None  # first class that meets the target
    higher_is_better: bool = True
    no_data_color: str = NO_DATA_COLOR
    notes: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.colors)

    def index(self, value: object) -> int | None:
        if value is None:
            return None
        try:
            v = float(value)
        except (TypeError, ValueError):
            return None
        if math.isnan(v):
            return None
        return bisect.bisect_right(self.breaks, v)

    def color(self, value: object) -> str | None:
        i = self.index(value)
        return None if i is None else self.colors[i]

    def labels(self, lang: str = "id") -> list[str]:
        return self.labels_id if lang == "id" else self.labels_en


def _fmt_value(x: float, unit: str, lang: str) -> str:
    if unit == "pct":
        return fmt_num(x, 0 if float(x).is_integer() else 1, lang)
    if unit == "rp":
        return fmt_rp(x, lang)
    return fmt_big(x, lang)


def _labels(breaks: list[float], unit: str, lang: str, zero_class: bool = False) -> list[str]:
    suffix = " %" if unit == "pct" else ""
    f = lambda x: _fmt_value(x, unit, lang)  # noqa: E731
    if not breaks:
        return ["semua nilai" if lang == "id" else "all values"]
    out = []
    for i in range(len(breaks) + 1):
        if i == 0:
            out.append("0" if zero_class else f"< {f(breaks[0])}{suffix}")
        elif i == len(breaks):
            out.append(f"≥ {f(breaks[-1])}{suffix}")
        elif zero_class and i == 1:
            out.append(f"1 – {f(breaks[1])}{suffix}" if unit != "pct" else f"> 0 – {f(breaks[1])}{suffix}")
        else:
            out.append(f"{f(breaks[i - 1])} – {f(breaks[i])}{suffix}")
    return out


def _nice(x: float, unit: str) -> float:
    """Round a break so the legend reads well (1 decimal for %, 2 significant digits else)."""
    if unit == "pct":
        return round(x, 1)
    if x == 0:
        return 0.0
    mag = 10 ** (math.floor(math.log10(abs(x))) - 1)
    return round(x / mag) * mag


def _unique_sorted(xs: Iterable[float]) -> list[float]:
    out: list[float] = []
    for x in sorted(float(v) for v in xs):
        if not out or x > out[-1]:
            out.append(x)
    return out


def _finite(values: Iterable[object]) -> np.ndarray:
    """The values as floats, without None/NaN/non-numbers."""
    return np.asarray([float(x) for x in values if x is not None and not _isnan(x)], dtype=float)


def quantile_breaks(values: Iterable[float | None], k: int = DEFAULT_K, unit: str = "pct") -> list[float]:
    v = _finite(values)
    if v.size == 0:
        return []
    qs = np.quantile(v, np.linspace(0, 1, k + 1)[1:-1])
    br = _unique_sorted(_nice(q, unit) for q in qs)
    lo, hi = float(v.min()), float(v.max())
    return [b for b in br if lo < b <= hi] or ([] if lo == hi else [_nice((lo + hi) / 2, unit)])


def _spread(values: Iterable[float | None]) -> tuple[np.ndarray, float, float] | None:
    """The finite values with their minimum and maximum, or None when they do not spread."""
    v = _finite(values)
    if v.size == 0:
        return None
    lo, hi = float(v.min()), float(v.max())
    return None if lo == hi else (v, lo, hi)


def equal_breaks(values: Iterable[float | None], k: int = DEFAULT_K, unit: str = "pct") -> list[float]:
    span = _spread(values)
    if span is None:
        return []
    _, lo, hi = span
    step = (hi - lo) / k
    return _unique_sorted(_nice(lo + step * i, unit) for i in range(1, k))


def natural_breaks(values: Iterable[float | None], k: int = DEFAULT_K, unit: str = "pct") -> list[float]:
    """Natural breaks (Fisher-Jenks, via mapclassify): the ``k`` classes with the least spread of
    the values inside each class, so breaks fall in the gaps of the data.

    Each break lies halfway between the largest value of a class and the smallest of the next
    (classes are half-open on the right), rounded like the other schemes. Fewer distinct values
    than ``k`` give one class per value. Above :data:`JENKS_MAX_POINTS` values the classes are
    computed on that many evenly spaced quantiles of the values.
    """
    span = _spread(values)
    if span is None:
        return []
    v, lo, hi = span
    distinct = np.unique(v)
    if distinct.size <= k:
        uppers = distinct[:-1]
    else:
        import mapclassify

        sample = v if v.size <= JENKS_MAX_POINTS else np.quantile(v, np.linspace(0, 1, JENKS_MAX_POINTS))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")            # "Numba not installed": the pure-Python path is fine
            uppers = np.asarray(mapclassify.FisherJenks(sample, k=k).bins, dtype=float)[:-1]
    breaks = []
    for u in uppers:
        above = v[v > u]
        if above.size:
            breaks.append(_nice_between(float(u), float(above.min()), unit))
    return [b for b in _unique_sorted(breaks) if lo < b <= hi]


def _nice_between(below: float, above: float, unit: str) -> float:
    """A round break ``b`` with ``below < b <= above`` (as round as the gap allows)."""
    mid = (below + above) / 2
    b = _nice(mid, unit)
    digits = 1 if unit == "pct" else 2
    while not (below < b <= above) and digits < 15:
        digits += 1
        b = round(mid, digits) if unit == "pct" else float(f"{mid:.{digits}g}")
    return b if below < b <= above else above


def _isnan(x: object) -> bool:
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def classify(values: Iterable[float | None], unit: str = "pct", scheme: str = "target", palette: str = "auto",
             target: float | None = None, target_kind: str | None = None,
             higher_is_better: bool = True, k: int = DEFAULT_K) -> Classes:
    """Classes for ``values`` (NaN/None ignored) of an indicator.

    ``target`` is the target in the indicator's own unit for percentage indicators (98 for
    coverage, 80 for activity); for a count indicator whose target is "zero people left"
    (people to enrol/activate, gap cost) pass ``target=0``. ``scheme='target'`` without a
    target falls back to quantiles and says so in ``notes``.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {list(SCHEMES)}, not {scheme!r}")
    if palette not in PALETTES:
        raise ValueError(f"palette must be one of {list(PALETTES)}, not {palette!r}")
    notes: list[str] = []
    vals = [float(x) for x in values if x is not None and not _isnan(x)]
    zero_class = False
    target_class = None
    if scheme == "target" and target is None:
        notes.append("Indikator ini tidak punya target: kelas kuantil dipakai.")
        scheme = "quantile"

    if scheme == "target" and unit == "pct":
        breaks = target_breaks(target, target_kind or "coverage")
        target_class = len(breaks) if higher_is_better else 0
    elif scheme == "target":
        # counts: "0 = target reached", then quantiles of the regions still short of it
        zero_class = True
        positives = [v for v in vals if v > 0.5]
        rest = quantile_breaks(positives, 3, unit) if positives else []
        rest = [b for b in rest if b > 0.5]
        breaks = [0.5] + rest
        target_class = 0
    elif scheme == "quantile":
        breaks = quantile_breaks(vals, k, unit)
    elif scheme == "natural":
        breaks = natural_breaks(vals, k, unit)
    else:
        breaks = equal_breaks(vals, k, unit)

    n = len(breaks) + 1
    pal = palette
    if pal == "auto":
        pal = "BrBG" if scheme == "target" else "YlGnBu"
    if pal in DIVERGING:
        if target_class is None and target is not None:
            # classes whose upper edge is at or below the target miss it (higher is better)
            if higher_is_better:
                target_class = bisect.bisect_left(breaks, float(target) - 1e-9) if breaks else 0
                target_class = min(max(target_class, 0), n)
            else:
                target_class = None
        if target_class is not None and higher_is_better:
            colors = diverging_split(pal, target_class, n - target_class)
        elif target_class is not None:
            # lower is better: class 0 (target met) cool, the rest warm, darkest = worst
            colors = diverging_split(pal, n - 1, 1)
            colors = [colors[-1]] + colors[: n - 1][::-1]
        else:
            colors = palette_colors(pal, n)
    else:
        colors = palette_colors(pal, n)
    if len(colors) != n:  # defensive: never return a legend that does not match its classes
        colors = (colors + palette_colors("YlGnBu", n))[:n]
    cls = Classes(
        breaks=[float(b) for b in breaks], colors=colors,
        labels_id=_labels(breaks, unit, "id", zero_class), labels_en=_labels(breaks, unit, "en", zero_class),
        scheme=scheme, palette=pal, unit=unit, target=target, target_class=target_class,
        higher_is_better=higher_is_better, notes=notes,
    )
    return cls
