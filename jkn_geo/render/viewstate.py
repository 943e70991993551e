"""The explorer's view state ↔ the URL query string. Pure: no Streamlit.

    ctx = ViewContext(datasets={"published": ["2025-06", "2025-07"]}, default_dataset="published", ...)
    state, notices = parse_query({"ds": "published", "ind": "activity_pct", "reg": "18"}, ctx)
    to_query(state, ctx)  # {'ds': 'published', 'ind': 'activity_pct', 'reg': '18', ...}

Every value is validated against what exists; a bad or stale value falls back to the default
and adds a :class:`Notice` (Indonesian + English) — parsing never raises. A notice's texts are
markdown (the UI shows them with ``st.info``): a value from the link enters them cut to
``config.MAX_NOTICE_VALUE_CHARS`` characters, control characters shown as escapes, and
markdown/HTML-escaped (:func:`jkn_geo.text.md_escape`), so a shared link cannot put a link, an
image or markup on the page. ``Notice.value`` keeps the (cut) value as plain text.

Query keys: ``ds`` dataset, ``ind`` indicator, ``per`` period (YYYY-MM), ``reg`` selected
region code, ``cls`` classification, ``pal`` palette, ``tgt`` coverage target key,
``bm`` basemap (1/0), ``tol`` the months a region may reach back for its closest figure
(one of ``config.TOLERANCE_CHOICES``; by default ``config.DEFAULT_TOLERANCE_PUBLISHED`` for a
dataset of kind "published", 0 otherwise). The analyst pages share the same view and add:
``lvl`` the level of the ranking (province/regency/district), ``flt`` the target filter
(``config.TARGET_FILTERS``: ``cov`` below the coverage target, ``act`` below the activity target,
``both``), ``cmp`` the period compared with, ``wil`` the regions compared on Tren
(comma-separated codes, at most ``config.MAX_TREND_REGIONS``), ``t0``/``t1`` Tren's time range,
``akt`` the activity target (%), ``pbi`` the PBI contribution (Rp a month), ``sts`` the status
classes shown (comma-separated keys of ``indicators.STATUS_LABELS``), ``kos`` 1 to list the regions
without figures too. Values equal to the defaults are left out of the URL, so a link stays
short and a default that changes later still applies.

The map a region shows (:func:`map_view`): nothing selected → the 38 provinces; a province
→ its regencies; a regency → its districts when the dataset has district figures, else its
province's regencies with the regency highlighted; a district → its regency's districts
with the district highlighted.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from urllib.parse import urlencode

from jkn_geo.analysis.classify import PALETTES, SCHEMES
from jkn_geo.config import (
    ACTIVITY_TARGET,
    COVERAGE_TARGETS,
    DEFAULT_TOLERANCE_PUBLISHED,
    LEVELS,
    MAX_NOTICE_VALUE_CHARS,
    MAX_TREND_REGIONS,
    NATIONAL_CODE,
    PBI_CONTRIBUTION_RP,
    TARGET_FILTERS,
    TOLERANCE_CHOICES,
)
from jkn_geo.text import md_escape

QUERY_KEYS = ("ds", "ind", "per", "reg", "cls", "pal", "tgt", "bm", "tol",
              "lvl", "flt", "cmp", "wil", "t0", "t1", "akt", "pbi", "sts", "kos")
_PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_CODE_RE = re.compile(r"^\d{2}(\.\d{2}){0,2}$")


@dataclass(frozen=True)
class Notice:
    key: str
    value: str
    message_id: str
    message_en: str

    def text(self, lang: str = "id") -> str:
        return self.message_id if lang == "id" else self.message_en


@dataclass(frozen=True)
class ViewState:
    dataset: str
    indicator: str = "coverage_pct"
    period: str | None = None
    region: str | None = None
    scheme: str = "target"
    palette: str = "auto"
    coverage_target: str = "98"
    basemap: bool = False
    tolerance: int = 0        # months back for the closest available figure
    level: str | None = None  # the ranking's level (None: regency when the dataset has it)
    filter: str = ""          # "", "cov", "act", "both" (config.TARGET_FILTERS)
    compare: str | None = None  # the period compared with (Peringkat, Tren's change)
    regions: tuple[str, ...] = ()  # the regions compared on Tren (empty: the selected region)
    start: str | None = None  # Tren's time range (None: the dataset's first / last period)
    end: str | None = None
    activity_target: float = float(ACTIVITY_TARGET)
    pbi: int = int(PBI_CONTRIBUTION_RP)
    statuses: tuple[str, ...] = ()  # status classes shown (empty: all)
    show_empty: bool = False  # list the regions without figures too

    def with_(self, **kw) -> ViewState:
        return replace(self, **kw)


@dataclass
class ViewContext:
    """What exists, for validation. ``datasets`` maps each dataset name to its periods (sorted)."""
    datasets: dict[str, list[str]]
    default_dataset: str
    indicators: tuple[str, ...]
    coverage_targets: tuple[str, ...] = tuple(COVERAGE_TARGETS)
    region_exists: Callable[[str], bool] = lambda code: True
    default_indicator: str = "coverage_pct"
    schemes: tuple[str, ...] = field(default_factory=lambda: tuple(SCHEMES))
    palettes: tuple[str, ...] = field(default_factory=lambda: tuple(PALETTES))
    dataset_kinds: dict[str, str] = field(default_factory=dict)   # name → kind ("published", …)
    tolerance_choices: tuple[int, ...] = tuple(TOLERANCE_CHOICES)

    def default_tolerance(self, dataset: str) -> int:
        """Months back for the closest figure: on for published figures (sparse months), off otherwise."""
        return DEFAULT_TOLERANCE_PUBLISHED if self.dataset_kinds.get(dataset) == "published" else 0

    def default_period(self, dataset: str) -> str | None:
        ps = self.datasets.get(dataset) or []
        return ps[-1] if ps else None

    def defaults(self, dataset: str | None = None) -> ViewState:
        ds = dataset or self.default_dataset
        ind = self.default_indicator if self.default_indicator in self.indicators else self.indicators[0]
        return ViewState(dataset=ds, indicator=ind, period=self.default_period(ds),
                         tolerance=self.default_tolerance(ds))


def _first(v):
    if isinstance(v, (list, tuple)):
        return v[0] if v else None
    return v


def parse_query(params: dict, ctx: ViewContext) -> tuple[ViewState, list[Notice]]:
    """Query parameters (str or list of str values) → a valid :class:`ViewState` + notices."""
    notices: list[Notice] = []
    p = {k: _first(v) for k, v in (params or {}).items()}
    p = {k: (None if v is None else str(v).strip()) for k, v in p.items()}

    def bad(key, value, what_id, what_en):
        shown = value if len(value) <= MAX_NOTICE_VALUE_CHARS else value[:MAX_NOTICE_VALUE_CHARS - 1] + "…"
        q = quoted(shown)
        notices.append(Notice(key, shown,
                              f"Nilai tautan {key}={q} tidak dikenal ({what_id}); nilai bawaan dipakai.",
                              f"Unknown link value {key}={q} ({what_en}); the default is used."))

    ds = p.get("ds")
    if ds and ds not in ctx.datasets:
        bad("ds", ds, "kumpulan data tidak ada", "no such dataset")
        ds = None
    state = ctx.defaults(ds or None)

    ind = p.get("ind")
    if ind:
        if ind in ctx.indicators:
            state = state.with_(indicator=ind)
        else:
            bad("ind", ind, "indikator tidak ada", "no such indicator")

    per = p.get("per")
    if per:
        periods = ctx.datasets.get(state.dataset) or []
        if not _PERIOD_RE.match(per):
            bad("per", per, "bukan periode YYYY-MM", "not a YYYY-MM period")
        elif per in periods:
            state = state.with_(period=per)
        else:
            nearest = nearest_period(per, periods)
            if nearest:
                state = state.with_(period=nearest)
                notices.append(Notice("per", per,
                                      f"Periode {per} tidak ada dalam kumpulan data ini; periode terdekat ({nearest}) ditampilkan.",
                                      f"Period {per} is not in this dataset; the nearest one ({nearest}) is shown."))
            else:
                bad("per", per, "kumpulan data tanpa periode", "dataset has no periods")

    reg = p.get("reg")
    if reg:
        code = reg.replace("-", ".")
        if _CODE_RE.match(code) and _safe(ctx.region_exists, code):
            state = state.with_(region=code)
        else:
            bad("reg", reg, "kode wilayah tidak ada", "no such region code")

    for key, attr, allowed, what in (("cls", "scheme", ctx.schemes, ("klasifikasi", "classification")),
                                     ("pal", "palette", ctx.palettes, ("palet", "palette")),
                                     ("tgt", "coverage_target", ctx.coverage_targets, ("target cakupan", "coverage target"))):
        v = p.get(key)
        if v:
            if v in allowed:
                state = state.with_(**{attr: v})
            else:
                bad(key, v, what[0], what[1])

    bm = p.get("bm")
    if bm:
        if bm in ("1", "0"):
            state = state.with_(basemap=bm == "1")
        else:
            bad("bm", bm, "harus 0 atau 1", "must be 0 or 1")

    tol = p.get("tol")
    if tol:
        if tol.isdigit() and int(tol) in ctx.tolerance_choices:
            state = state.with_(tolerance=int(tol))
        else:
            choices = "/".join(str(c) for c in ctx.tolerance_choices)
            bad("tol", tol, f"bulan: {choices}", f"months: {choices}")

    lvl = p.get("lvl")
    if lvl:
        if lvl in LEVELS:
            state = state.with_(level=lvl)
        else:
            bad("lvl", lvl, "tingkat wilayah", "level")
    flt = p.get("flt")
    if flt:
        if flt in TARGET_FILTERS:
            state = state.with_(filter=flt)
        else:
            bad("flt", flt, "saringan target", "target filter")
    periods = ctx.datasets.get(state.dataset) or []
    for key, attr in (("cmp", "compare"), ("t0", "start"), ("t1", "end")):
        v = p.get(key)
        if v:
            if _PERIOD_RE.match(v) and v in periods:
                state = state.with_(**{attr: v})
            else:
                bad(key, v, "periode tidak ada dalam kumpulan data ini", "period not in this dataset")
    if state.start and state.end and state.start > state.end:
        state = state.with_(start=state.end, end=state.start)
    wil = p.get("wil")
    if wil:
        codes = [c.strip().replace("-", ".") for c in wil.split(",") if c.strip()]
        good = tuple(dict.fromkeys(c for c in codes if c == NATIONAL_CODE or
                                   (_CODE_RE.match(c) and _safe(ctx.region_exists, c))))[:MAX_TREND_REGIONS]
        if len(good) != len(codes):
            bad("wil", wil, "kode wilayah tidak ada", "no such region code")
        state = state.with_(regions=good)
    for key, attr, lo, hi in (("akt", "activity_target", 0, 100), ("pbi", "pbi", 0, 10_000_000)):
        v = p.get(key)
        if v:
            try:
                num = float(v.replace(",", "."))
            except ValueError:
                num = float("nan")
            if lo <= num <= hi:
                state = state.with_(**{attr: num if attr == "activity_target" else int(num)})
            else:
                bad(key, v, f"angka {lo}–{hi}", f"a number {lo}–{hi}")
    sts = p.get("sts")
    if sts:
        from jkn_geo.analysis.indicators import STATUS_LABELS

        keys = [k.strip() for k in sts.split(",") if k.strip()]
        good = tuple(dict.fromkeys(k for k in keys if k in STATUS_LABELS))
        if len(good) != len(keys):
            bad("sts", sts, "status capaian target", "target status")
        state = state.with_(statuses=good)
    kos = p.get("kos")
    if kos:
        if kos in ("1", "0"):
            state = state.with_(show_empty=kos == "1")
        else:
            bad("kos", kos, "harus 0 atau 1", "must be 0 or 1")
    return state, notices


def quoted(value: str) -> str:
    """A value from a link as it may appear in a notice's markdown: quoted, control characters
    as escapes (``\\n``), markdown and HTML escaped, no autolink."""
    visible = repr(str(value))[1:-1]
    # ":" and "@" escaped too, so that no autolink (http://…, www.…, a@b.c) is recognised
    return "'" + md_escape(visible).replace(":", "\\:").replace("@", "\\@") + "'"


def normalize(state: ViewState, ctx: ViewContext) -> ViewState:
    """``state`` with the values its dataset lacks dropped (compare period, time range): what a
    page shows after the dataset changed."""
    periods = ctx.datasets.get(state.dataset) or []
    kw = {}
    for attr in ("compare", "start", "end"):
        if getattr(state, attr) and getattr(state, attr) not in periods:
            kw[attr] = None
    return state.with_(**kw) if kw else state


def with_dataset(state: ViewState, dataset: str, ctx: ViewContext) -> ViewState:
    """Another dataset: the period moves to its nearest one, the tolerance to its default, the
    compare period and the time range start again (they belong to the previous dataset)."""
    if dataset == state.dataset:
        return state
    periods = ctx.datasets.get(dataset) or []
    per = nearest_period(state.period, periods) if state.period else ctx.default_period(dataset)
    return state.with_(dataset=dataset, period=per or ctx.default_period(dataset), compare=None, start=None,
                       end=None, tolerance=ctx.default_tolerance(dataset))


def _safe(fn, code) -> bool:
    try:
        return bool(fn(code))
    except Exception:
        return False


def nearest_period(period: str, periods: list[str]) -> str | None:
    """The available period closest in months to ``period`` (the later one on a tie)."""
    if not periods:
        return None

    def months(p):
        y, m = p[:7].split("-")
        return int(y) * 12 + int(m) - 1

    t = months(period)
    return min(periods, key=lambda p: (abs(months(p) - t), -months(p)))


def to_query(state: ViewState, ctx: ViewContext) -> dict[str, str]:
    """A :class:`ViewState` → query parameters, leaving out values equal to the defaults."""
    d = ctx.defaults(state.dataset)
    q: dict[str, str] = {}
    if state.dataset != ctx.default_dataset:
        q["ds"] = state.dataset
    if state.indicator != d.indicator:
        q["ind"] = state.indicator
    if state.period and state.period != d.period:
        q["per"] = state.period
    if state.region:
        q["reg"] = state.region
    if state.scheme != d.scheme:
        q["cls"] = state.scheme
    if state.palette != d.palette:
        q["pal"] = state.palette
    if state.coverage_target != d.coverage_target:
        q["tgt"] = state.coverage_target
    if state.basemap != d.basemap:
        q["bm"] = "1" if state.basemap else "0"
    if state.tolerance != d.tolerance:
        q["tol"] = str(state.tolerance)
    if state.level:
        q["lvl"] = state.level
    if state.filter:
        q["flt"] = state.filter
    if state.compare:
        q["cmp"] = state.compare
    if state.regions:
        q["wil"] = ",".join(state.regions)
    if state.start:
        q["t0"] = state.start
    if state.end:
        q["t1"] = state.end
    if float(state.activity_target) != float(d.activity_target):
        a = float(state.activity_target)
        q["akt"] = str(int(a)) if a.is_integer() else str(a)
    if int(state.pbi) != int(d.pbi):
        q["pbi"] = str(int(state.pbi))
    if state.statuses:
        q["sts"] = ",".join(state.statuses)
    if state.show_empty:
        q["kos"] = "1"
    return q


def share_url(base_url: str, state: ViewState, ctx: ViewContext) -> str:
    q = to_query(state, ctx)
    base = base_url.split("?")[0]
    return base + ("?" + urlencode(q) if q else "")


def as_dict(state: ViewState) -> dict:
    return asdict(state)


# ---- drill-down -----------------------------------------------------------------------------
@dataclass(frozen=True)
class MapView:
    level: str            # level of the shapes drawn
    within: str | None    # their parent (None = all provinces)
    highlight: str | None  # a drawn shape that is the selected region


def map_view(region: str | None, region_level: Callable[[str], str], parent_of: Callable[[str], str | None],
             has_districts: bool) -> MapView:
    """Which shapes to draw for a selected ``region`` (see module docstring)."""
    if not region:
        return MapView("province", None, None)
    level = region_level(region)
    if level == "province":
        return MapView("regency", region, None)
    if level == "regency":
        if has_districts:
            return MapView("district", region, None)
        return MapView("regency", parent_of(region), region)
    return MapView("district", parent_of(region), region)


def after_click(current: str | None, clicked: str) -> str:
    """The region selected after clicking the shape ``clicked``: always that region (the view
    follows from :func:`map_view`)."""
    return clicked


def go_up(region: str | None, parent_of: Callable[[str], str | None]) -> str | None:
    """The back control: the parent of the selected region (None = Indonesia)."""
    if not region:
        return None
    return parent_of(region)


def read_click(out: dict | None, view_id: str, rendered_view: str | None, seen) -> tuple[str | None, tuple]:
    """Decide whether the map's returned value is a *new* click.

    ``out`` is what st_folium returned (``last_object_clicked_popup`` = region code,
    ``last_object_clicked_count``); ``rendered_view`` the view drawn on the previous run and
    ``seen`` the (count, code) consumed then. The first run of a view never counts as a click
    (a value returned then is stale: from before the view changed), so going back and clicking
    the same region again still works. Returns (clicked code or None, new ``seen``).
    """
    out = out or {}
    cur = (out.get("last_object_clicked_count"), out.get("last_object_clicked_popup"))
    if rendered_view != view_id:
        return None, cur
    if cur != seen and cur[1]:
        return str(cur[1]), cur
    return None, cur
