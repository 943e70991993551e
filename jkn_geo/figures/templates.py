"""Downloadable import templates (CSV and XLSX) that the importer reads back as they are.

The template lists the regions of one level (optionally within one region) with their code
and name and an empty row per month to fill in; the column names are the importer's own.
``data/templates/`` holds a generic one (``template_jkn.csv`` / ``.xlsx``: the columns and
three example rows written by hand): :func:`generic_template_frame` written with
:func:`to_csv_bytes` / :func:`to_xlsx_bytes` (``tests/test_templates.py`` checks they match); the
per-level templates with every region are made at run time from the registry.
"""
from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pandas as pd

from jkn_geo.config import DATA_DIR
from jkn_geo.text import Text

if TYPE_CHECKING:
    from jkn_geo.geography.registry import Registry

TEMPLATE_COLUMNS = ["kode", "nama_wilayah", "periode", "penduduk", "peserta_terdaftar", "peserta_aktif",
                    "peserta_tidak_aktif", "catatan"]
SEGMENT_COLUMNS = ["peserta_pbi_apbn", "peserta_pbi_apbd", "peserta_ppu", "peserta_pbpu", "peserta_bp",
                   "aktif_pbi_apbn", "aktif_pbi_apbd", "aktif_ppu", "aktif_pbpu", "aktif_bp"]
TEMPLATE_DIR = DATA_DIR / "templates"

HELP: list[tuple[str, Text]] = [       # (column, what it holds) for the sheet "petunjuk"
    ("kode", Text("Kode wilayah Kemendagri, mis. 18.71 (boleh dikosongkan bila nama jelas)",
                  "Kemendagri region code, e.g. 18.71 (may be empty when the name is unambiguous)")),
    ("nama_wilayah", Text("Nama provinsi / kabupaten / kota / kecamatan",
                          "Name of the province / regency / city / district")),
    ("periode", Text("Bulan data: 2025-07, Juli 2025, Jul-25 atau 01/07/2025 (data per 1 Juli = Juli)",
                     "Month of the data: 2025-07, Juli 2025, Jul-25 or 01/07/2025 (data as of 1 July = July)")),
    ("penduduk", Text("Jumlah penduduk (opsional; kosong = penduduk rujukan)",
                      "Population (optional; empty = the reference population)")),
    ("peserta_terdaftar", Text("Jumlah peserta JKN terdaftar, mis. 1.234.567",
                               "Registered JKN participants, e.g. 1.234.567")),
    ("peserta_aktif", Text("Jumlah peserta aktif", "Active participants")),
    ("peserta_tidak_aktif", Text("Jumlah peserta tidak aktif (opsional)", "Inactive participants (optional)")),
    ("catatan", Text("Catatan bebas (opsional)", "Free note (optional)")),
    ("peserta_<segmen> / aktif_<segmen>", Text("Opsional per segmen: pbi_apbn, pbi_apbd, ppu, pbpu, bp",
                                               "Optional per segment: pbi_apbn, pbi_apbd, ppu, pbpu, bp")),
]
HELP_HEADER = ("kolom", "arti", "meaning")
NUMBER_FORMATS = Text("Angka boleh ditulis 1.234.567 atau 6,3 juta; persen 97,05.",
                      "Numbers may be written 1.234.567 or 6,3 juta; percentages 97,05.")


def template_frame(level: str = "regency", within: str | None = None, periods: list[str] | None = None,
                   segments: bool = False, registry: Registry | None = None) -> pd.DataFrame:
    """Rows to fill in: one per region of ``level`` (within ``within``) and period."""
    if registry is None:
        from jkn_geo.geography.registry import get_registry

        registry = get_registry()
    from jkn_geo.figures.parsing import last_complete_month

    periods = periods or [last_complete_month()]
    regs = registry.frame(level)
    if within:
        wc = registry.get(within).code
        regs = regs[regs["code"].str.startswith(wc + ".")]
    rows = []
    for p in periods:
        for code, name in zip(regs["code"], regs["name"]):
            rows.append({"kode": code, "nama_wilayah": name, "periode": p})
    cols = TEMPLATE_COLUMNS + (SEGMENT_COLUMNS if segments else [])
    return pd.DataFrame(rows).reindex(columns=cols)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """Semicolon-separated UTF-8 with BOM (opens correctly in Excel with Indonesian settings)."""
    return ("\ufeff" + df.to_csv(index=False, sep=";", lineterminator="\n")).encode("utf-8")


def to_xlsx_bytes(df: pd.DataFrame) -> bytes:
    """An XLSX with the sheet ``data`` first (what the importer reads) and ``petunjuk``
    (instructions, Indonesian and English)."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(list(df.columns))
    for c in ws[1]:
        c.font = Font(bold=True)
    for rec in df.itertuples(index=False):
        ws.append([None if (isinstance(v, float) and v != v) else v for v in rec])
    for col, width in zip("ABCDEFGH", (10, 34, 10, 14, 18, 16, 20, 30)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2, min_col=1, max_col=3):
        for c in row:
            c.number_format = "@"  # codes and periods stay text (18.10 must not become 18.1)
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet("petunjuk")
    help_ws.append(list(HELP_HEADER))
    for col, text in HELP:
        help_ws.append([col, text.id, text.en])
    help_ws.append([])
    help_ws.append(["", NUMBER_FORMATS.id, NUMBER_FORMATS.en])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# A few regions written out by hand for the generic template (the full lists are made from the
# registry at run time: nothing derived from the upstream geography is committed).
EXAMPLE_REGIONS = [("18.01", "Kabupaten Lampung Selatan"), ("18.71", "Kota Bandar Lampung"),
                   ("18.72", "Kota Metro")]


def generic_template_frame(period: str = "2025-07") -> pd.DataFrame:
    rows = [{"kode": c, "nama_wilayah": n, "periode": period} for c, n in EXAMPLE_REGIONS]
    return pd.DataFrame(rows).reindex(columns=TEMPLATE_COLUMNS)

