"""Map styling per indicator/period: the payload ``apply.js`` sends to ``window.jkn.apply`` —
per-region fill colour and tooltip HTML, the legend, the synthetic-data banner, the title and the
highlighted region — and the small inline SVG trend of the region panel.

Every string that ends up in HTML (region names, indicator labels, dataset names, sources) is
escaped here with :func:`~jkn_geo.render.htmlsafe.esc`.
"""
from __future__ import annotations

from jkn_geo.analysis.classify import Classes
from jkn_geo.config import SYNTHETIC_LABEL
from jkn_geo.fmt import NA_ID, fmt_pct, fmt_people, fmt_period, fmt_rp, is_missing
from jkn_geo.render.htmlsafe import esc
from jkn_geo.text import Text

#: the per-region flags of the style payload (third item of ``s[code]``): ``o`` the value is
#: the closest earlier figure (drawn lighter with dots), ``i`` stated and computed disagree
FLAG_OLDER, FLAG_INCONSISTENT = "o", "i"
INCONSISTENT = Text("angka tidak konsisten", "inconsistent")
OLDER_LEGEND = Text("angka bulan sebelumnya", "earlier month's figure")
ORIGIN_WORDS = {"stated": Text("dinyatakan", "stated"), "computed": Text("dihitung", "computed"),
                "converted": Text("dikonversi", "converted")}


def fmt_value(value, unit: str, lang: str = "id") -> str:
    if unit == "pct":
        return fmt_pct(value, lang=lang)
    if unit == "rp":
        return fmt_rp(value, lang=lang)
    return fmt_people(value, lang=lang)


def _num(row, key):
    v = row.get(key) if hasattr(row, "get") else None
    return None if is_missing(v) else v


def months_back(row) -> int:
    """How many months before the chosen period the row's figures are from (0: that period)."""
    n = _num(row, "months_back")
    return int(n) if n else 0


def older_text(row) -> Text | None:
    """``angka Mei 2025, 6 bulan sebelumnya · figure of May 2025, 6 months earlier`` (None: this period)."""
    n = months_back(row)
    used = row.get("period_used") if hasattr(row, "get") else None
    if not n or not isinstance(used, str):
        return None
    return Text(f"angka {fmt_period(used)}, {n} bulan sebelumnya",
                f"figure of {fmt_period(used, lang='en')}, {n} month{'s' if n != 1 else ''} earlier")


def is_inconsistent(row) -> bool:
    v = row.get("inconsistent") if hasattr(row, "get") else None
    return bool(v) and not is_missing(v)


def flags(row) -> str:
    return (FLAG_OLDER if months_back(row) else "") + (FLAG_INCONSISTENT if is_inconsistent(row) else "")


def source_with_date(row) -> str:
    """The row's source and, when its name does not carry it already, its date (plain text)."""
    src = row.get("source") if hasattr(row, "get") else None
    src = src.strip() if isinstance(src, str) else ""
    date = row.get("source_date") if hasattr(row, "get") else None
    date = date.strip() if isinstance(date, str) else ""
    if date and date not in src:
        src = f"{src}, {date}" if src else date
    return src


def tooltip_html(row: dict, indicator: str, meta: dict, period: str | None, dataset_label: str = "") -> str:
    """Tooltip for one region: value (and how it was obtained), the counts behind it, the month
    of the figures when it is an earlier one, the inconsistency mark, period, source and date —
    all escaped."""
    name = esc(row.get("name"))
    code = esc(row.get("code"))
    bad = is_inconsistent(row)
    head = (f"<b>{name}</b> <span class='en'>{code}</span>"
            + (f" <b class='bang' title='{esc(INCONSISTENT.both())}'>!</b>" if bad else ""))
    value = _num(row, indicator)
    shown = row.get("period_used") if isinstance(row.get("period_used"), str) else (row.get("period") or period)
    per = esc(fmt_period(shown)) if shown else ""
    if value is None:
        asked = row.get("period") or period
        return (f"{head}<br>{esc(meta.get('label_id', indicator))}: <b>{esc(NA_ID)}</b>"
                f"<br><span class='en'>no data · {esc(fmt_period(asked)) if asked else ''}</span>")
    origin = ORIGIN_WORDS.get(row.get(f"{indicator}_origin"))
    how = f" <span class='en'>({esc(origin.id)})</span>" if origin and row.get(f"{indicator}_origin") != "stated" else ""
    lines = [head, f"{esc(meta.get('label_id', indicator))}: <b>{esc(fmt_value(value, meta.get('unit', 'pct')))}</b>{how}"]
    old = older_text(row)
    if old:
        lines.append(f"<span class='old'>◷ {esc(old.id)}</span><br><span class='en'>{esc(old.en)}</span>")
    if bad:
        lines.append(f"<b class='bang'>!</b> {esc(INCONSISTENT.id)} <span class='en'>· {esc(INCONSISTENT.en)}</span>")
    reg, act, pop = _num(row, "registered"), _num(row, "active"), _num(row, "population")
    if reg is not None and pop is not None:
        lines.append(f"Terdaftar {esc(fmt_people(reg))} dari {esc(fmt_people(pop))} penduduk")
    elif reg is not None:
        lines.append(f"Terdaftar {esc(fmt_people(reg))}")
    if act is not None:
        lines.append(f"Aktif {esc(fmt_people(act))}"
                     + (f" ({esc(fmt_pct(_num(row, 'activity_pct')))} dari terdaftar)" if _num(row, 'activity_pct') is not None else ""))
    if indicator != "coverage_pct" and _num(row, "coverage_pct") is not None:
        lines.append(f"Cakupan {esc(fmt_pct(_num(row, 'coverage_pct')))}")
    src = source_with_date(row)
    tail = per + (f" · {esc(src)}" if src else "")
    if dataset_label:
        tail += f" · {esc(dataset_label)}"
    lines.append(f"<span class='en'>{tail}</span>")
    return "<br>".join(lines)


OLDER_SWATCH = "background:radial-gradient(circle,#444 0.8px,transparent 1.3px) 0 0/4px 4px,#d9e6ef"
INCONSISTENT_SWATCH = "background:#fff;border:2px solid #c2185b"


def legend_html(classes: Classes, meta: dict, period: str | None, counts: list[int] | None = None,
                n_missing: int = 0, target_label: str | None = None, lang: str = "id",
                n_older: int = 0, n_inconsistent: int = 0) -> str:
    """The legend: one swatch per class, the target marked, the hatched no-data swatch, and
    (when there are any) the earlier-month and inconsistent marks with their counts."""
    rows = [f"<div><b>{esc(meta.get('label_id', ''))}</b><br><span class='en'>{esc(meta.get('label_en', ''))}"
            f"{' · ' + esc(fmt_period(period)) if period else ''}</span></div>"]
    labels = classes.labels("id")
    for i, (col, lab) in enumerate(zip(classes.colors, labels)):
        if classes.n == 1 and counts is not None and counts[0] == 0:
            break  # no value at all: only the no-data row
        mark = ""
        if classes.target_class is not None and i == classes.target_class:
            mark = f" <span class='tg'>◀ {esc(target_label or 'target')}</span>"
        cnt = f" <span class='en'>({counts[i]})</span>" if counts is not None else ""
        rows.append(f"<div><span class='sw' style='background:{esc(col)}'></span>{esc(lab)}{cnt}{mark}</div>")
    hatch = "background:repeating-linear-gradient(45deg,#9e9e9e 0 2px,#eeeeee 2px 5px)"
    rows.append(f"<div><span class='sw' style='{hatch}'></span>{esc(NA_ID)}"
                f" <span class='en'>({n_missing})</span></div>")
    if n_older:
        rows.append(f"<div><span class='sw' style='{OLDER_SWATCH}'></span>{esc(OLDER_LEGEND.id)}"
                    f" <span class='en'>({n_older}) · {esc(OLDER_LEGEND.en)}</span></div>")
    if n_inconsistent:
        rows.append(f"<div><span class='sw' style='{INCONSISTENT_SWATCH}'></span><b class='bang'>!</b> "
                    f"{esc(INCONSISTENT.id)} <span class='en'>({n_inconsistent}) · {esc(INCONSISTENT.en)}</span></div>")
    for note in classes.notes:
        rows.append(f"<div class='en'>{esc(note)}</div>")
    return "".join(rows)


def demo_banner_html(dataset_label: str) -> str:
    return (f"⚠ {esc(SYNTHETIC_LABEL.id)}<br><span style='font-weight:400'>"
            f"{esc(SYNTHETIC_LABEL.en)} · {esc(dataset_label)}</span>")


def title_html(level_label: str, parent_name: str | None, dataset_label: str) -> str:
    where = esc(parent_name) if parent_name else "Indonesia"
    return f"<b>{where}</b> · {esc(level_label)}<br><span class='en'>{esc(dataset_label)}</span>"


def style_payload(table, indicator: str, meta: dict, classes: Classes, *, period: str | None,
                  selected: str | None = None, dataset_label: str = "", synthetic: bool = False,
                  target_label: str | None = None, title: str | None = None, codes=None) -> dict:
    """Everything :func:`style_group` sends: ``{"s": {code: [colour | None, tooltip(, flags)]}, ...}``
    (flags, only when there are any: :data:`FLAG_OLDER` and/or :data:`FLAG_INCONSISTENT`, see :func:`flags`).

    ``table`` is the indicator table of the drawn level (a DataFrame or list of dicts); regions
    of ``codes`` missing from it are drawn as no data. ``title`` is HTML: build it with
    :func:`title_html`, which escapes the names in it; every other text here is escaped.
    """
    records = table.to_dict("records") if hasattr(table, "to_dict") else list(table)
    s: dict[str, list] = {}
    counts = [0] * classes.n
    n_missing = n_older = n_bad = 0
    for row in records:
        code = str(row.get("code"))
        v = _num(row, indicator)
        idx = classes.index(v)
        f = flags(row) if idx is not None else ""
        if idx is None:
            n_missing += 1
        else:
            counts[idx] += 1
            n_older += FLAG_OLDER in f
            n_bad += FLAG_INCONSISTENT in f
        s[code] = [None if idx is None else classes.colors[idx], tooltip_html(row, indicator, meta, period, dataset_label)]
        if f:
            s[code].append(f)
    for code in codes or ():
        if code not in s:
            n_missing += 1
            s[code] = [None, f"<b>{esc(code)}</b><br>{esc(NA_ID)}"]
    token = f"{indicator}|{period}|{classes.scheme}|{classes.palette}|{selected or ''}|{len(s)}|{n_older}|{n_bad}"
    return {
        "s": s,
        "sel": selected,
        "legend": legend_html(classes, meta, period, counts, n_missing, target_label,
                              n_older=n_older, n_inconsistent=n_bad),
        "banner": demo_banner_html(dataset_label) if synthetic else None,
        "title": title,
        "token": token,
    }


def sparkline_svg(periods, values, unit: str = "pct", target: float | None = None,
                  width: int = 280, height: int = 70) -> str:
    """A small inline SVG trend (no chart library): the line, the target as a dashed line,
    and the first/last values labelled. Missing months leave gaps. Escaped; '' if < 2 values."""
    pts = [(i, float(v)) for i, v in enumerate(values) if not is_missing(v)]
    if len(pts) < 2:
        return ""
    ys = [v for _, v in pts] + ([target] if target is not None else [])
    lo, hi = min(ys), max(ys)
    if hi == lo:
        hi, lo = hi + 1, lo - 1
    n = max(len(values) - 1, 1)
    pad_l, pad_r, pad_t, pad_b = 4, 4, 6, 16

    def xy(i, v):
        x = pad_l + (width - pad_l - pad_r) * i / n
        y = pad_t + (height - pad_t - pad_b) * (1 - (v - lo) / (hi - lo))
        return f"{x:.1f},{y:.1f}"

    segs, cur = [], []
    prev = None
    for i, v in pts:
        if prev is not None and i != prev + 1:
            segs.append(cur)
            cur = []
        cur.append(xy(i, v))
        prev = i
    segs.append(cur)
    lines = "".join(f"<polyline points='{' '.join(s)}' fill='none' stroke='#1f5f8b' stroke-width='2'/>"
                    for s in segs if len(s) > 1)
    dots = "".join(f"<circle cx='{s[0].split(',')[0]}' cy='{s[0].split(',')[1]}' r='2' fill='#1f5f8b'/>"
                   for s in segs if len(s) == 1)
    tgt = ""
    if target is not None:
        y = xy(0, target).split(",")[1]
        tgt = (f"<line x1='{pad_l}' x2='{width - pad_r}' y1='{y}' y2='{y}' stroke='#b8860b' "
               f"stroke-dasharray='4 3'/><text x='{width - pad_r}' y='{float(y) - 2:.1f}' font-size='9' "
               f"text-anchor='end' fill='#8a6508'>target</text>")
    first_i, first_v = pts[0]
    last_i, last_v = pts[-1]
    lab = (f"<text x='{pad_l}' y='{height - 3}' font-size='10' fill='#555'>"
           f"{esc(fmt_period(periods[first_i], short=True))}: {esc(fmt_value(first_v, unit))}</text>"
           f"<text x='{width - pad_r}' y='{height - 3}' font-size='10' fill='#222' text-anchor='end'>"
           f"{esc(fmt_period(periods[last_i], short=True))}: {esc(fmt_value(last_v, unit))}</text>")
    return (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='100%' "
            f"style='max-width:{width}px' role='img' "
            f"aria-label='tren'>{tgt}{lines}{dots}{lab}</svg>")
