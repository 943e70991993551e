"""The Data page's import flow: preview, validation report, import, template and default name.

Two kinds of file (:data:`jkn_geo.config.IMPORT_KINDS`): an official table (all or nothing)
or published figures, one row per figure; for those the good rows can be imported when
others are refused, after the question "impor N baris yang baik? · import the N good rows?".

The work is the importer's (:mod:`jkn_geo.figures.importer`: size and zip checks, parsing,
validation, one transaction); this module only shows it.
"""
from __future__ import annotations

import re

import streamlit as st

from jkn_geo.config import IMPORT_KIND_LABELS, IMPORT_KINDS  # noqa: F401 - IMPORT_KINDS: the choices the page offers
from jkn_geo.figures import importer, templates
from jkn_geo.render import export as ex
from jkn_geo.text import Text, md_escape


def read_preview(data: bytes, filename: str, sheet: str | None = None, nrows: int = 20):
    """``(frame, problems)``: the first rows of an upload as text, read by the importer with its
    size and zip checks (the file is untrusted); the real parsing is the validation."""
    return importer.preview(data, filename, sheet=sheet, nrows=nrows)


def xlsx_sheets(data: bytes) -> list[str]:
    return importer.sheet_names(data)


def template_files(level: str = "regency", within: str | None = None) -> dict:
    """``{"csv": bytes, "xlsx": bytes}`` of the import template, one row per region of ``level``
    (inside ``within``) for the last complete month."""
    df = templates.template_frame(level, within=within)
    return {"csv": templates.to_csv_bytes(df), "xlsx": templates.to_xlsx_bytes(df)}


def default_dataset_name(filename: str, store) -> str:
    stem = re.sub(r"\.(csv|xlsx)$", "", filename or "impor", flags=re.I)
    stem = re.sub(r"[^\w.-]+", "-", stem).strip("-")[:60] or "impor"
    names = set(store.names())
    name, i = stem, 2
    while name in names:
        name, i = f"{stem}-{i}", i + 1
    return name


def validate_upload(store, data: bytes, filename: str, name: str, sheet: str | None, kind: str = "official"):
    return importer.validate(store, data, name=name, sheet=sheet, filename=filename, kind=kind)


def run_import(store, data: bytes, filename: str, name: str, sheet: str | None, progress=None,
               kind: str = "official"):
    """Import through :func:`jkn_geo.figures.importer.import_file`; ``progress(fraction, message)`` drives a bar."""
    return importer.import_file(store, data, name=name, sheet=sheet, filename=filename, progress=progress,
                                kind=kind)


KIND_CHOICE = Text("Jenis berkas", "kind of file")


def kind_label(kind: str) -> str:
    t = IMPORT_KIND_LABELS[kind]
    return f"{t.id} · {t.en}"


def good_rows(report) -> int:
    """Published figures: the rows that would be stored (figures read)."""
    return int(getattr(report, "figures", 0) or 0)


def import_button_label(report, name: str) -> str:
    """``2 · Impor …``; for published figures with refused rows, the question first:
    "impor N baris yang baik? · import the N good rows?"."""
    if getattr(report, "kind", "official") == "published" and getattr(report, "refused_rows", None):
        t = GOOD_ROWS.format(n=good_rows(report), name=name)
        return f"2 · {t.id} · {t.en}"
    return f"2 · Impor sebagai «{name}»"


GOOD_ROWS = Text("impor {n} baris yang baik ke «{name}»?", "import the {n} good rows?")
REFUSED = Text("{n} baris ditolak dan tidak akan disimpan; baris lainnya bisa diimpor.",
               "{n} row(s) refused and not stored; the other rows can be imported.")


def report_summary(report) -> str:
    s = getattr(report, "summary", None)
    return s() if callable(s) else str(s or "")


ERRORS = Text("{n} galat — tidak ada yang disimpan. Perbaiki berkas lalu unggah lagi.",
              "{n} error(s): nothing is stored.")
WARNINGS = Text("{n} peringatan — disimpan bersama data", "warnings are stored with the data")


def show_report(report, filename: str = "") -> None:
    """The validation report: every error and warning with row and column, downloadable."""
    errors = list(getattr(report, "errors", []) or [])
    warnings = list(getattr(report, "warnings", []) or [])
    refused = list(getattr(report, "refused_rows", []) or [])
    if errors and getattr(report, "ok", False) and refused:
        t = REFUSED.format(n=len(refused))
        st.warning(f"{t.id} ({t.en})")
        st.info(f"Berkas siap diimpor: {md_escape(report_summary(report))}")
    elif errors:
        t = ERRORS.format(n=len(errors))
        st.error(f"{t.id} ({t.en})")
    elif getattr(report, "ok", False):
        st.success(f"Berkas siap diimpor: {md_escape(report_summary(report))}")
    if warnings:
        t = WARNINGS.format(n=len(warnings))
        st.warning(f"{t.id} ({t.en}).")
    if errors or warnings:
        df = ex.issues_frame(report)
        st.dataframe(df, hide_index=True, width="stretch", key="imp_issues")
        st.download_button("⬇️ Unduh laporan validasi (CSV)", ex.issues_csv(report),
                           file_name=ex.filename("laporan_validasi", filename, ext="csv"), mime="text/csv",
                           key="imp_issues_dl")
