"""Published figures (``import --kind published``): a LONG table, one row per figure, as
collected from news and government pages.

Columns (Indonesian or English headers, see :data:`LONG_FIELDS`): the region (``kode`` and/or
``wilayah`` / ``nama_wilayah`` / ``region_name``, optionally ``tingkat`` / ``level`` and a
``provinsi`` column), the date (``tanggal`` / ``periode`` / ``per`` / ``as_of``), the measure
(``indikator`` / ``ukuran`` / ``indicator``), ``nilai`` / ``value``, and optionally ``definisi``
(``active/population`` …), ``kualifikasi`` / ``qualifier``, ``satuan`` / ``unit``, ``sumber``,
``tautan`` / ``url``, ``tanggal_terbit``, ``kutipan`` / ``quote``, ``catatan`` / ``notes``,
``segmen`` and ``target``.

Each row becomes one figure of the long frame :func:`jkn_geo.figures.published.to_frames`
takes: the value parsed with its precision, its interval from
:func:`jkn_geo.figures.published.interval` (qualifiers "sekitar", "lebih dari", "hampir",
"menembus" … from the qualifier column or the value text), the measure and definition
normalised by :func:`jkn_geo.figures.published.normalise_measure`.

* **Errors** (the row is refused and listed): an unknown or ambiguous region, an unreadable
  value or date, an unknown measure, a unit that contradicts the measure.
* **Warnings** (stored with the figure, in its statement's note and in the dataset's issues):
  a percentage over 100, active above registered for the same region, date and source, a
  year-only date ("2024", "tahun 2024", "akhir 2024", or notes saying "year only"), which is
  stored as a yearly figure (period ``YYYY-01``, kind ``year``), a date in the future
  (targets), a region matched by a close spelling.

Targets (``target_coverage_pct`` …) and other known measures are stored as statements only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from jkn_geo.config import MAX_HEADER_SCAN, MAX_PLAUSIBLE_COUNT
from jkn_geo.figures import parsing as P, published as pub
from jkn_geo.figures.importer import messages as T
from jkn_geo.figures.importer.reading import Rows
from jkn_geo.figures.importer.regions import resolve_region
from jkn_geo.figures.importer.report import ImportReport, err, stop
from jkn_geo.fmt import fmt_int, fmt_pct

if TYPE_CHECKING:
    from jkn_geo.geography.registry import Registry

LONG_FIELDS: dict[str, list[str]] = {
    "code": ["kode", "kode_wilayah", "kode_kemendagri", "code", "region_code"],
    "name": ["wilayah", "nama_wilayah", "nama", "daerah", "region", "region_name", "name"],
    "province": ["provinsi", "provinsi_induk", "province", "parent_province"],
    "level": ["tingkat", "tingkat_wilayah", "level"],
    "period": ["tanggal", "periode", "per", "posisi", "tanggal_data", "bulan", "as_of", "date", "period"],
    "measure": ["indikator", "ukuran", "indicator", "measure"],
    "definition": ["definisi", "definition"],
    "value": ["nilai", "angka", "value"],
    "unit": ["satuan", "unit"],
    "qualifier": ["kualifikasi", "qualifier", "keterangan_nilai"],
    "source_name": ["sumber", "nama_sumber", "media", "source", "source_name"],
    "url": ["tautan", "url", "link", "source_url", "sumber_url"],
    "published_date": ["tanggal_terbit", "tanggal_berita", "published", "published_date", "date_published"],
    "quote": ["kutipan", "quote"],
    "note": ["catatan", "keterangan", "note", "notes"],
    "segment": ["segmen", "segment"],
    "target": ["target", "target_persen"],
}
_LOOKUP = {v: k for k, vs in LONG_FIELDS.items() for v in vs}

#: Indonesian and other names of measures → the names :func:`published.normalise_measure` knows
MEASURE_NAMES = {
    "peserta_terdaftar": "registered", "jumlah_peserta": "registered", "kepesertaan": "registered",
    "peserta_aktif": "active", "jumlah_peserta_aktif": "active", "peserta_tidak_aktif": "inactive",
    "peserta_nonaktif": "inactive", "nonaktif": "inactive", "jumlah_penduduk": "population",
    "populasi": "population", "cakupan_kepesertaan": "coverage_pct", "cakupan_jkn": "coverage_pct",
    "uhc": "coverage_pct", "tingkat_keaktifan": "activity_pct", "cakupan_peserta_aktif": "active_coverage_pct",
    "peserta_aktif_terhadap_penduduk": "active_coverage_pct", "kekurangan_menuju_uhc": "to_enrol",
    "target_cakupan": "target_coverage_pct", "target_keaktifan": "target_activity_pct",
    "target_cakupan_aktif": "target_active_coverage_pct", "unregistered_people": "unregistered",
}
TARGET_MEASURES = ("target_coverage_pct", "target_activity_pct", "target_active_coverage_pct")
PCT_LIKE = pub.PCT_MEASURES + TARGET_MEASURES
KNOWN_MEASURES = tuple(pub.WIDE_COLUMN) + TARGET_MEASURES

#: qualifiers written before (or after) a value, and the one :func:`published.interval` reads for each
QUALIFIERS = {
    "sekitar": "sekitar", "kurang lebih": "sekitar", "kira-kira": "sekitar", "kurang-lebih": "sekitar",
    "lebih dari": "lebih dari", "lebih": "lebih dari", "di atas": "lebih dari", "menembus": "lebih dari",
    "melampaui": "lebih dari", "hampir": "hampir", "kurang dari": "kurang dari", "di bawah": "di bawah",
    "about": "sekitar", "approximately": "sekitar", "more than": "lebih dari", "over": "lebih dari",
    "almost": "hampir", "nearly": "hampir", "less than": "kurang dari",
}
_Q_FRONT = re.compile(r"(?i)^\s*(" + "|".join(sorted(map(re.escape, QUALIFIERS), key=len, reverse=True))
                      + r")\s+(?=[\d(+\-−])")
_Q_BACK = re.compile(r"(?i)\s+lebih\s*$")
_UNITS_PCT = {"percent", "persen", "%", "pct", "persentase", "pp"}
_UNITS_COUNT = {"persons", "person", "jiwa", "orang", "people", "peserta", "penduduk", "count", "jumlah"}
_YEAR_NOTE = re.compile(r"(?i)\byear(?:\s+\d{4})?\s+only\b|\bhanya\s+tahun\b|\btahun\s+saja\b")


def norm(h: object) -> str:
    return re.sub(r"[^0-9a-z]+", "_", P.clean_text(str(h or "")).strip().lower()).strip("_")


@dataclass
class LongColumns:
    fields: dict[str, int]
    headers: list[str]
    unknown: list[str]

    def has(self, f: str) -> bool:
        return f in self.fields

    def header(self, f: str) -> str | None:
        return self.headers[self.fields[f]] if f in self.fields else None


def map_long_columns(headers: list) -> LongColumns:
    hdrs = ["" if h is None else str(h).strip() for h in headers]
    fields: dict[str, int] = {}
    unknown = []
    for i, h in enumerate(hdrs):
        f = _LOOKUP.get(norm(h))
        if f is None:
            if h:
                unknown.append(h)
        elif f not in fields:
            fields[f] = i
    return LongColumns(fields, hdrs, unknown)


def is_long_table(rows: Rows) -> bool:
    """Whether one of the first rows is the header of a long table (a measure and a value column)."""
    for _i, r in rows[:MAX_HEADER_SCAN]:
        lc = map_long_columns(r)
        if lc.has("measure") and lc.has("value"):
            return True
    return False


def _header(nonempty: Rows, rep: ImportReport) -> tuple[int, LongColumns]:
    if not nonempty:
        raise stop(rep, None, None, None, T.NO_ROWS, T.FILL_AS_TEMPLATE)
    for k, (_i, r) in enumerate(nonempty[:MAX_HEADER_SCAN]):
        lc = map_long_columns(r)
        if lc.has("measure") and lc.has("value") and (lc.has("name") or lc.has("code")):
            return k, lc
    i, r = nonempty[0]
    shown = ", ".join(str(v) for v in r if not P.is_missing_text(v))[:200]
    raise stop(rep, i, None, shown, T.NO_LONG_HEADER, T.NEED_LONG_COLUMNS)


def measure_of(raw: object) -> tuple[str | None, str]:
    """``(canonical measure or None, the measure as written)``."""
    stated = "" if P.is_missing_text(raw) else P.clean_text(str(raw)).strip()
    key = norm(stated)
    key = MEASURE_NAMES.get(key, key)
    m, _d = pub.normalise_measure(key, "")
    return (m if m in KNOWN_MEASURES else None), stated


def definition_of(raw: object) -> str:
    """``"aktif/penduduk"``, ``"active ÷ population"`` → ``"active/population"``; '' when empty."""
    if P.is_missing_text(raw):
        return ""
    parts = re.split(r"\s*(?:/|÷|:|\bper\b|\bdari\b|\bterhadap\b|\bover\b)\s*", P.clean_text(str(raw)).strip().lower())
    if len(parts) == 2:
        num = P.DEFINITION_WORDS.get(re.sub(r"\s+", "_", parts[0]))
        den = P.DEFINITION_WORDS.get(re.sub(r"\s+", "_", parts[1]))
        if num and den:
            return f"{num}/{den}"
    return str(raw).strip()


def value_of(raw: object, qualifier: object) -> tuple[P.Number, str, str]:
    """``(number, qualifier as stated, qualifier for the interval)``; raises ParseError."""
    q = "" if P.is_missing_text(qualifier) else P.clean_text(str(qualifier)).strip().lower()
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        n = P.parse_number_ex(raw)
        return n, q, QUALIFIERS.get(q, q)
    text = P.clean_text(str(raw)).strip()
    m = _Q_FRONT.match(text)
    if m:
        q = q or m[1].lower()
        text = text[m.end():]
    if _Q_BACK.search(text):
        q = q or "lebih"
        text = _Q_BACK.sub("", text)
    n = P.parse_number_ex(text)
    if n is None:
        raise P.ParseError(f"{raw!r} is empty")
    return n, q, QUALIFIERS.get(q, q)


@dataclass
class _Long:
    rep: ImportReport
    lc: LongColumns
    registry: Registry
    now: str
    fname: str
    match_cache: dict

    def cell(self, r: list, f: str) -> object:
        i = self.lc.fields.get(f)
        return r[i] if i is not None and i < len(r) else None

    def text(self, r: list, f: str) -> str:
        v = self.cell(r, f)
        return "" if P.is_missing_text(v) else str(v).strip()


def _row(t: _Long, rowno: int, r: list) -> dict | None:
    """One figure, or None after the row's errors (every structural problem of the row is listed)."""
    rep, lc = t.rep, t.lc
    ok = True
    # the region
    lvl_raw = t.cell(r, "level")
    try:
        level_hint = P.parse_level(lvl_raw) if lc.has("level") else None
    except P.ParseError as exc:
        err(rep, rowno, lc.header("level"), lvl_raw, T.UNKNOWN_LEVEL.format(exc=exc), T.WRITE_LEVEL_NATIONAL)
        level_hint, ok = None, False
    code_v, name_v = t.cell(r, "code"), t.cell(r, "name")
    region = None
    if P.is_missing_text(code_v) and P.is_missing_text(name_v):
        err(rep, rowno, lc.header("name") or lc.header("code"), None, T.EMPTY_REGION, T.FILL_REGION)
        ok = False
    elif ok:
        region = resolve_region(rep, rowno, code_v, name_v, t.cell(r, "province"), level_hint, _as_cm(lc),
                                t.registry, t.match_cache)
        ok = region is not None
    # the measure
    measure, measure_stated = measure_of(t.cell(r, "measure"))
    if measure is None:
        err(rep, rowno, lc.header("measure"), measure_stated or None,
            T.UNKNOWN_MEASURE if measure_stated else T.EMPTY_MEASURE, T.KNOWN_MEASURES)
        ok = False
    definition = definition_of(t.cell(r, "definition"))
    if measure is not None:
        measure, definition = pub.normalise_measure(measure, definition)
    # the value
    raw = t.cell(r, "value")
    number = None
    try:
        number, q_stated, q_interval = value_of(raw, t.cell(r, "qualifier"))
    except P.ParseError:
        err(rep, rowno, lc.header("value"), raw, T.NOT_A_NUMBER if not P.is_missing_text(raw) else T.EMPTY_VALUE,
            T.WRITE_VALUE)
        ok = False
    if number is not None and (abs(number.value) > MAX_PLAUSIBLE_COUNT or number.value != number.value):
        err(rep, rowno, lc.header("value"), raw,
            T.IMPLAUSIBLE_COUNT.format(value=fmt_int(number.value) if number.value == number.value else str(raw),
                                       value_en=str(raw), limit=fmt_int(MAX_PLAUSIBLE_COUNT),
                                       limit_en=fmt_int(MAX_PLAUSIBLE_COUNT, "en")), T.CHECK_COUNT_UNITS)
        number, ok = None, False
    unit = norm(t.cell(r, "unit")) if lc.has("unit") else ""
    if number is not None and measure is not None and unit:
        is_pct = measure in PCT_LIKE
        if (is_pct and unit in _UNITS_COUNT) or (not is_pct and unit in _UNITS_PCT):
            err(rep, rowno, lc.header("unit"), t.text(r, "unit"), T.UNIT_MISMATCH.format(measure=measure),
                T.CHECK_UNIT)
            ok = False
    # the date
    pv = t.cell(r, "period")
    period = kind = None
    try:
        got = P.parse_period_kind(pv)
        if got is None:
            err(rep, rowno, lc.header("period"), None, T.EMPTY_PERIOD, T.FILL_PERIOD)
            ok = False
        else:
            period, kind = got
    except (P.ParseError, ValueError) as exc:
        err(rep, rowno, lc.header("period"), pv, T.BAD_PERIOD.format(exc=exc), T.WRITE_PERIOD)
        ok = False
    if not ok:
        return None
    warnings: list[str] = []
    note = t.text(r, "note")
    if kind == "month" and _YEAR_NOTE.search(note):
        period, kind = period[:4] + "-01", "year"
    if kind != "month":
        w = err(rep, rowno, lc.header("period"), pv, T.YEARLY_FIGURE.format(period=period[:4]) if kind == "year"
                else T.SEMESTER_FIGURE.format(period=period), T.WRITE_MONTH_IF_KNOWN.format(period=period[:4]),
                severity="warning")
        warnings.append(w.message)
    if period > t.now:
        w = err(rep, rowno, lc.header("period"), pv, T.FUTURE_FIGURE.format(period=period, now=t.now),
                T.CHECK_DATE_OR_TARGET, severity="warning")
        warnings.append(w.message)
    value = number.value
    if QUALIFIERS.get(q_stated) == "sekitar":
        q_stated = "sekitar"           # "kurang lebih", "kira-kira": about, a value like any other
    lo, hi = pub.interval(number, q_interval)
    if measure in pub.PCT_MEASURES and value > 100:
        w = err(rep, rowno, lc.header("value"), raw, T.PCT_ABOVE_100.format(value=fmt_pct(value), value_en=fmt_pct(value, 2, "en")),
                T.STORED_WITH_WARNING, severity="warning")
        warnings.append(w.message)
    url = t.text(r, "url")
    source_name = t.text(r, "source_name")
    if url and not re.match(r"(?i)^https?://", url):
        source_name, url = source_name or url, ""
    if not source_name:
        source_name = re.sub(r"(?i)^https?://(www\.)?", "", url).split("/")[0] if url else t.fname
    seg = t.text(r, "segment") or "total"
    target = None
    if lc.has("target"):
        try:
            target = P.parse_number(t.cell(r, "target"))
        except P.ParseError:
            target = None
    if measure == "to_enrol" and target is None:
        from jkn_geo.config import DEFAULT_TO_ENROL_TARGET

        target = DEFAULT_TO_ENROL_TARGET
    code, level = region
    return {"figure_id": f"r{rowno}", "article_id": url or source_name, "source_name": source_name,
            "published_date": t.text(r, "published_date"), "url": url or None, "code": code, "level": level,
            "period": period, "period_kind": kind, "segment": seg, "measure": measure,
            "measure_stated": measure_stated, "definition": definition, "target": target, "value": value,
            "lo": lo, "hi": hi, "value_stated": "" if raw is None else str(raw).strip(),
            "qualifier": q_stated, "quote": t.text(r, "quote") or None, "row_no": rowno,
            "note": "; ".join(x for x in [note] + [f"peringatan: {w}" for w in warnings] if x) or None}


def _as_cm(lc: LongColumns) -> P.ColumnMap:
    """The long table's region columns in the shape :func:`resolve_region` reads."""
    fields = {f: i for f, i in lc.fields.items() if f in ("code", "name", "province")}
    return P.ColumnMap(fields, {}, [], None, [], lc.headers)


def _cross_checks(rep: ImportReport, long: pd.DataFrame) -> None:
    """Active above registered for the same region, period and source: a warning on the
    active figure (stored with it)."""
    if not len(long):
        return
    vals = long[long["qualifier"].isin(pub.USABLE_QUALIFIERS) & long["measure"].isin(["registered", "active"])]
    for (_c, _p, _a), g in vals.groupby(["code", "period", "article_id"]):
        reg, act = g[g.measure == "registered"], g[g.measure == "active"]
        if len(reg) and len(act) and act["value"].max() > reg["value"].max():
            i = act["value"].idxmax()
            w = err(rep, int(long.at[i, "row_no"]), None, None,
                    T.ACTIVE_ABOVE_REGISTERED_FIGURE.format(row=int(reg["row_no"].iloc[0])), T.STORED_WITH_WARNING,
                    severity="warning")
            long["note"] = long["note"].astype(object)
            long.at[i, "note"] = "; ".join(x for x in [long.at[i, "note"], f"peringatan: {w.message}"]
                                           if isinstance(x, str) and x)


def parse_long(rows: Rows, rep: ImportReport, today_month: str, registry: Registry | None, fname: str,
               step=None) -> pd.DataFrame:
    """The figures of a long table (the columns :func:`published.to_frames` takes); each row's
    problems go to ``rep`` and its row number to ``rep.refused_rows`` when it is refused."""
    if registry is None:
        from jkn_geo.geography.registry import get_registry

        registry = get_registry()
    nonempty = [(i, r) for i, r in rows if any(not P.is_missing_text(v) for v in r)]
    hk, lc = _header(nonempty, rep)
    header_row = nonempty[hk][0]
    rep.header_row = header_row
    rep.columns = {f: lc.headers[i] for f, i in lc.fields.items()}
    rep.ignored_columns = list(lc.unknown)
    for h in lc.unknown:
        err(rep, header_row, h, None, T.UNKNOWN_COLUMN, T.RENAME_LONG_COLUMN, severity="warning")
    if not lc.has("period"):
        raise stop(rep, header_row, None, None, T.NO_PERIOD_COLUMN, T.ADD_LONG_PERIOD)
    t = _Long(rep, lc, registry, today_month, fname, {})
    out = []
    data_rows = nonempty[hk + 1:]
    every = max(1, len(data_rows) // 20)
    for k, (rowno, r) in enumerate(data_rows):
        if step is not None and k % every == 0:
            step(k / max(1, len(data_rows)))
        n_err = len(rep.errors)
        fig = _row(t, rowno, r)
        if fig is None:
            if len(rep.errors) > n_err:
                rep.refused_rows.append(rowno)
            continue
        out.append(fig)
    cols = ["figure_id", "article_id", "source_name", "published_date", "url", "code", "level", "period",
            "period_kind", "segment", "measure", "measure_stated", "definition", "target", "value", "lo", "hi",
            "value_stated", "qualifier", "quote", "row_no", "note"]
    long = pd.DataFrame(out, columns=cols)
    _cross_checks(rep, long)
    return long


__all__ = ["LONG_FIELDS", "MEASURE_NAMES", "QUALIFIERS", "parse_long", "is_long_table", "map_long_columns",
           "measure_of", "value_of", "definition_of"]
