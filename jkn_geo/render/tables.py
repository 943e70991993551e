"""Table exports: tables to CSV/XLSX and the import validation report (the offline map HTML is
:mod:`jkn_geo.render.offline`).

Every exported table

* has Indonesian headers (``Cakupan kepesertaan (%)``, ``Kode wilayah`` …),
* carries the dataset, its source and the period in the file — as columns on every row, and in
  XLSX also in a title block and a ``Keterangan`` sheet,
* says ``DATA SINTETIS`` on every row when the data is the demo panel,
* neutralises text cells that begin with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return) so
  a spreadsheet never runs them as formulas. Numbers stay numbers: ``-1.5`` is written as the
  number -1.5, not as text.

    meta = ExportMeta(title="Peringkat kabupaten/kota", dataset="demo", source="…", period="2025-07",
                      synthetic=True)
    csv_bytes = table_csv(df, meta)
    xlsx_bytes = table_xlsx(df, meta)
"""
from __future__ import annotations

import datetime as _dt
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jkn_geo import fmt
from jkn_geo.analysis.indicators import INDICATORS, STATUS_LABELS
from jkn_geo.config import KIND_LABELS, LEVEL_LABELS, LEVELS, SYNTHETIC_LABEL

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SYNTHETIC_LABEL_ID = SYNTHETIC_LABEL.id    # config.SYNTHETIC_LABEL, by language
SYNTHETIC_LABEL_EN = SYNTHETIC_LABEL.en
#: the per-row 'Keterangan data' of non-synthetic data ('demo' data always carries SYNTHETIC_LABEL)
KIND_LABEL_ID = {k: t.id for k, t in KIND_LABELS.items()}
_UNIT_SUFFIX = {"pct": " (%)", "pp": " (pp)", "people": " (jiwa)", "rp": " (Rp)"}

BASE_HEADERS_ID = {
    "code": "Kode wilayah",
    "name": "Nama wilayah",
    "level": "Tingkat",
    "parent_code": "Kode induk",
    "parent_name": "Wilayah induk",
    "period": "Periode",
    "population": "Jumlah penduduk (jiwa)",
    "population_source": "Sumber jumlah penduduk",
    "registered": "Peserta terdaftar (jiwa)",
    "active": "Peserta aktif (jiwa)",
    "status": "Status capaian target",
    "status_label": "Status capaian target",
    "source": "Sumber",
    "note": "Catatan",
    "rank": "Peringkat",
    "rank_of": "Dari (jumlah wilayah)",
    "period_prev": "Periode pembanding",
    "period_from": "Periode awal",
    "period_to": "Periode akhir",
    "period_used": "Periode angka",
    "months_back": "Bulan sebelumnya",
    "inconsistent": "Angka tidak konsisten",
    "finding": "Temuan konsistensi",
    "finding_severity": "Tingkat temuan",
    "population_note": "Asal jumlah penduduk",
    "source_url": "Tautan sumber",
    "source_date": "Tanggal sumber",
    "quote": "Kutipan",
}
#: the words for where a value comes from (the ``<indicator>_origin`` columns)
ORIGIN_ID = {"stated": "dinyatakan sumber", "computed": "dihitung", "converted": "dikonversi"}
#: the region levels' Indonesian names (config.LEVEL_LABELS; the three map levels, as before)
LEVEL_ID = {lv: LEVEL_LABELS[lv].id for lv in LEVELS}


def is_synthetic(kind: str | None) -> bool:
    return str(kind or "").lower() == "demo"


@dataclass
class ExportMeta:
    """What an exported file says about itself."""

    title: str
    dataset: str
    source: str = ""
    licence: str = ""
    period: str | None = None          # 'YYYY-MM' or a free text such as 'Jan 2024 – Jul 2025'
    synthetic: bool = False
    kind: str | None = None            # imported | published | demo
    level: str | None = None
    within: str | None = None          # name of the area the table is restricted to
    notes: list[str] = field(default_factory=list)
    generated_at: str = field(default_factory=lambda: _dt.datetime.now().strftime("%Y-%m-%d %H:%M"))

    def __post_init__(self):
        if is_synthetic(self.kind):
            self.synthetic = True

    @property
    def period_label(self) -> str:
        if not self.period:
            return ""
        return fmt.fmt_period(self.period) if re.fullmatch(r"\d{4}-\d{2}", str(self.period)) else str(self.period)

    @property
    def data_label(self) -> str:
        """The per-row 'Keterangan data' value."""
        if self.synthetic:
            return SYNTHETIC_LABEL_ID
        return KIND_LABEL_ID.get(self.kind or "", self.kind or "")

    def lines(self) -> list[tuple[str, str]]:
        rows = [("Judul", self.title)]
        if self.synthetic:
            rows.append(("PERHATIAN", SYNTHETIC_LABEL.both(" / ")))
        rows += [("Dataset", self.dataset), ("Jenis data", self.data_label)]
        if self.period:
            rows.append(("Periode", self.period_label))
        if self.level:
            rows.append(("Tingkat wilayah", LEVEL_ID.get(self.level, self.level)))
        if self.within:
            rows.append(("Wilayah", self.within))
        rows.append(("Sumber data", self.source or "-"))
        if self.licence:
            rows.append(("Lisensi", self.licence))
        rows.append(("Batas & kode wilayah", BOUNDARY_ATTRIBUTION))
        for n in self.notes:
            rows.append(("Catatan", n))
        rows.append(("Dibuat", f"{self.generated_at} dengan JKN Atlas"))
        return rows


BOUNDARY_ATTRIBUTION = ("Batas, kode (Kepmendagri 300.2.2-2430/2025), nama dan penduduk wilayah: "
                        "cahyadsn/wilayah_boundaries & cahyadsn/wilayah, MIT License, copyright (c) 2024-2025 Cahya DSN")


# ---------------------------------------------------------------- neutralisation
def neutralise(value):
    """A text value that a spreadsheet would run (``=``, ``+``, ``-``, ``@``, tab, CR first) gets a
    leading apostrophe; everything else — numbers included, negative ones too — is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


# ---------------------------------------------------------------- headers
def indicator_label(key: str) -> str:
    """The Indonesian label of an indicator (:data:`~jkn_geo.analysis.indicators.INDICATORS`); the key itself
    for any other column."""
    info = INDICATORS.get(key)
    return info["label_id"] if info is not None else key


def indicator_unit(key: str) -> str | None:
    """``pct``, ``people`` or ``rp`` for an indicator; ``None`` for any other column."""
    info = INDICATORS.get(key)
    return info["unit"] if info is not None else None




def header_id(col: str) -> str:
    """Indonesian header of one column of an indicator / ranking / change table."""
    if col in BASE_HEADERS_ID:
        return BASE_HEADERS_ID[col]
    m = re.fullmatch(r"(.+)_(origin|how)", col)
    if m:
        base, part = m.groups()
        label = indicator_label(base) if indicator_unit(base) else BASE_HEADERS_ID.get(base, base).replace(" (jiwa)", "")
        return f"{label}: " + ("asal angka" if part == "origin" else "cara menghitung")
    m = re.fullmatch(r"(.+)_(prev|from|to|change)", col)
    if m:
        base, part = m.groups()
        unit = indicator_unit(base) or ("people" if base in ("population", "registered", "active") else None)
        label = indicator_label(base) if unit and base not in ("population", "registered", "active") else \
            BASE_HEADERS_ID.get(base, base).replace(" (jiwa)", "")
        if part == "change":
            return f"Perubahan {label[0].lower() + label[1:]}" + _UNIT_SUFFIX["pp" if unit == "pct" else (unit or "people")]
        word = {"prev": "periode pembanding", "from": "periode awal", "to": "periode akhir"}[part]
        return f"{label} ({word})" + (_UNIT_SUFFIX.get(unit, "") if unit else "")
    unit = indicator_unit(col)
    if unit:
        return indicator_label(col) + _UNIT_SUFFIX[unit]
    return col


def _round(col: str, s: pd.Series) -> pd.Series:
    """Percentages to 4 decimals; people and rupiah as whole numbers (missing stays missing)."""
    if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        return s
    base = re.sub(r"_(prev|from|to|change)$", "", col)
    unit = indicator_unit(base) or ("people" if base in ("population", "registered", "active", "rank", "rank_of") else None)
    if unit == "pct":
        return s.astype(float).round(4)
    if unit in ("people", "rp"):
        return s.astype(float).round(0).astype("Int64")
    return s


def prepare_table(df: pd.DataFrame, meta: ExportMeta) -> pd.DataFrame:
    """The exported frame: Indonesian headers, status labels, metadata columns, neutralised text."""
    out = df.copy()
    if "status" in out.columns:
        out["status"] = out["status"].map(lambda s: STATUS_LABELS[s]["label_id"] if s in STATUS_LABELS else s)
    if "level" in out.columns:
        out["level"] = out["level"].map(lambda s: LEVEL_ID.get(s, s))
    if "period" in out.columns:
        out["period"] = out["period"].map(lambda p: None if p is None or (isinstance(p, float) and math.isnan(p))
                                          else str(p)[:7])
    for c in out.columns:
        out[c] = _round(c, out[c])
    out["dataset"] = meta.dataset
    if "source" not in out.columns:
        out["source"] = meta.source
    else:
        out["source"] = out["source"].where(out["source"].notna() & (out["source"].astype(str) != ""), meta.source)
    if "period" not in out.columns and meta.period:
        out["period"] = meta.period
    out["data_label"] = meta.data_label
    headers = {c: header_id(c) for c in out.columns}
    headers["dataset"] = "Dataset"
    headers["data_label"] = "Keterangan data"
    out = out.rename(columns=headers)
    out = out.loc[:, ~out.columns.duplicated()]
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(neutralise)
    return out


# ---------------------------------------------------------------- CSV
def table_csv(df: pd.DataFrame, meta: ExportMeta, sep: str = ",", decimal: str = ".") -> bytes:
    """CSV bytes (UTF-8 with BOM so spreadsheets detect the encoding). ``sep=';', decimal=','``
    gives the variant that Excel in an Indonesian locale opens directly."""
    out = prepare_table(df, meta)
    text = out.to_csv(index=False, sep=sep, decimal=decimal, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


# ---------------------------------------------------------------- XLSX
def _xlsx_value(v):
    if v is None:
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return None if math.isnan(float(v)) else float(v)
    if v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (np.bool_,)):
        return bool(v)
    return v


def _number_format(header: str) -> str | None:
    if header.endswith("(%)") or header.endswith("(pp)"):
        return "0.00"
    if header.endswith("(jiwa)") or header.endswith("(Rp)") or header in ("Peringkat", "Dari (jumlah wilayah)"):
        return "#,##0"
    return None


def _write_cell(ws, row: int, col: int, value, bold: bool = False):
    """Write one cell; text is always stored as text (never as a formula)."""
    from openpyxl.styles import Font

    value = _xlsx_value(value)
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"   # openpyxl would store '=…' as a formula otherwise
    else:
        cell.value = value
    if bold:
        cell.font = Font(bold=True)
    return cell


def table_xlsx(df: pd.DataFrame, meta: ExportMeta, definitions: Iterable[tuple[str, str]] | None = None) -> bytes:
    """XLSX bytes: sheet ``Data`` (title block, then the table with a filter row) and sheet
    ``Keterangan`` (dataset, source, period, licence, synthetic label, column definitions)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    out = prepare_table(df, meta)
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    r = 1
    _write_cell(ws, r, 1, meta.title, bold=True).font = Font(bold=True, size=14)
    r += 1
    if meta.synthetic:
        c = _write_cell(ws, r, 1, SYNTHETIC_LABEL.both(" / "), bold=True)
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = PatternFill("solid", fgColor="B00020")
        r += 1
    info = " · ".join(x for x in (f"Dataset: {meta.dataset}",
                                   f"Periode: {meta.period_label}" if meta.period else "",
                                   f"Sumber: {meta.source or '-'}") if x)
    _write_cell(ws, r, 1, neutralise(info))
    r += 2
    header_row = r
    for j, h in enumerate(out.columns, start=1):
        _write_cell(ws, r, j, neutralise(str(h)), bold=True)
    formats = [_number_format(str(h)) for h in out.columns]
    for rec in out.itertuples(index=False, name=None):
        r += 1
        for j, v in enumerate(rec, start=1):
            cell = _write_cell(ws, r, j, v)
            if formats[j - 1] and isinstance(cell.value, (int, float)):
                cell.number_format = formats[j - 1]
    last = get_column_letter(max(1, len(out.columns)))
    ws.auto_filter.ref = f"A{header_row}:{last}{max(r, header_row)}"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for j, h in enumerate(out.columns, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(max(10, len(str(h)) + 2), 40)

    ki = wb.create_sheet("Keterangan")
    r = 0
    for k, v in meta.lines():
        r += 1
        _write_cell(ki, r, 1, k, bold=True)
        _write_cell(ki, r, 2, neutralise(str(v)))
    if definitions:
        r += 2
        _write_cell(ki, r, 1, "Kolom", bold=True)
        _write_cell(ki, r, 2, "Definisi / rumus", bold=True)
        for k, v in definitions:
            r += 1
            _write_cell(ki, r, 1, neutralise(str(k)))
            _write_cell(ki, r, 2, neutralise(str(v)))
    ki.column_dimensions["A"].width = 28
    ki.column_dimensions["B"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def indicator_definitions() -> list[tuple[str, str]]:
    """(header, formula) pairs for the ``Keterangan`` sheet, from the data layer's INDICATORS."""
    return [(header_id(k), str(v.get("formula", ""))) for k, v in INDICATORS.items()]


# ---------------------------------------------------------------- validation report
ISSUE_HEADERS_ID = ["Tingkat", "Baris", "Kolom", "Nilai", "Masalah", "Cara memperbaiki"]


def issues_frame(report) -> pd.DataFrame:
    """Errors then warnings of an import report as one table (Indonesian headers)."""
    rows = []
    for severity, items in (("galat", getattr(report, "errors", []) or []),
                            ("peringatan", getattr(report, "warnings", []) or [])):
        for it in items:
            rows.append([severity, getattr(it, "row", None), getattr(it, "column", None),
                         getattr(it, "value", None), getattr(it, "message", str(it)), getattr(it, "hint", None)])
    df = pd.DataFrame(rows, columns=ISSUE_HEADERS_ID)
    df["Baris"] = pd.to_numeric(df["Baris"], errors="coerce").astype("Int64")
    for c in ("Kolom", "Nilai", "Masalah", "Cara memperbaiki"):
        df[c] = df[c].map(lambda v: None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v))
    return df


def issues_csv(report) -> bytes:
    df = issues_frame(report)
    for c in df.columns:
        if df[c].dtype == object or pd.api.types.is_string_dtype(df[c]):
            df[c] = df[c].map(neutralise)
    text = df.to_csv(index=False, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def filename(*parts: str, ext: str) -> str:
    """``jkn_peringkat_regency_2025-07.csv`` — safe ASCII file names."""
    stem = "_".join(re.sub(r"[^A-Za-z0-9.-]+", "-", str(p)).strip("-") for p in parts if p)
    return f"{stem or 'jkn'}.{ext}"
