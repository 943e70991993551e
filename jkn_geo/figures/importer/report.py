"""What an import found: :class:`Issue` (one problem, bilingual) and :class:`ImportReport`."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from jkn_geo.fmt import fmt_int
from jkn_geo.text import Text

ISSUE_COLUMNS = ["severity", "row", "column", "value", "message", "hint", "message_en", "hint_en"]


@dataclass
class Issue:
    """One problem. ``row`` is the row as the user sees it in the file (header = row 1 when it
    is the first line); None for file-level problems."""

    row: int | None
    column: str | None
    value: str | None
    message: str                 # Indonesian
    hint: str = ""               # Indonesian: how to fix
    severity: str = "error"      # error | warning
    message_en: str = ""
    hint_en: str = ""

    def text(self, lang: str = "id") -> str:
        msg = self.message if lang == "id" or not self.message_en else self.message_en
        hint = self.hint if lang == "id" or not self.hint_en else self.hint_en
        where = []
        if self.row is not None:
            where.append(f"{'Baris' if lang == 'id' else 'Row'} {self.row}")
        if self.column:
            where.append(f"{'kolom' if lang == 'id' else 'column'} '{self.column}'")
        head = ", ".join(where)
        if self.value not in (None, ""):
            head = (head + " " if head else "") + f"({'nilai' if lang == 'id' else 'value'} '{self.value}')"
        out = f"{head}: {msg}" if head else msg
        return out + (f" → {hint}" if hint else "")

    def __str__(self) -> str:
        return self.text("id")

    def as_dict(self) -> dict:
        return {"severity": self.severity, "row": self.row, "column": self.column, "value": self.value,
                "message": self.message, "hint": self.hint, "message_en": self.message_en, "hint_en": self.hint_en}


@dataclass
class ImportReport:
    ok: bool = False
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    rows: int = 0                            # figure rows read (stored when ok and not a dry run)
    dataset: str | None = None               # the dataset name stored (None when nothing was stored)
    name: str | None = None                  # the name that was (or would be) used
    frame: pd.DataFrame | None = None        # the parsed rows, for a preview
    columns: dict = field(default_factory=dict)   # canonical field → header in the file
    ignored_columns: list[str] = field(default_factory=list)
    header_row: int | None = None
    sheet: str | None = None
    periods: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    seconds: float = 0.0
    internal_error: bool = False             # an unexpected failure was caught (reported as an error)
    kind: str = "official"                   # official (a wide table) | published (one row per figure)
    population_table: bool = False           # region × period × population only: stored with kind "population"
    refused_rows: list[int] = field(default_factory=list)   # published: file rows not stored (each has an error)
    figures: int = 0                         # published: figures (statements) read (stored unless a dry run)
    statements: pd.DataFrame | None = None   # published: the figures as statements, for a preview

    def summary(self, lang: str = "id") -> str:
        out = self._summary(lang)
        if self.kind == "published" and (self.refused_rows or self.figures):
            n = len(self.refused_rows)
            out += (f" {fmt_int(self.figures, 'en')} figures read, {fmt_int(n, 'en')} rows refused." if lang != "id"
                    else f" {fmt_int(self.figures)} angka terbaca, {fmt_int(n)} baris ditolak.")
        return out

    def _summary(self, lang: str = "id") -> str:
        en = lang != "id"
        n_warn = len(self.warnings)
        if self.ok and self.dataset:
            per = f"{self.periods[0]}–{self.periods[-1]}" if self.periods else "-"
            lv = ", ".join(self.levels) or "-"
            if en:
                return (f"Stored '{self.dataset}': {fmt_int(self.rows, 'en')} rows, {len(self.periods)} periods "
                        f"({per}), levels {lv}, {n_warn} warnings.")
            return (f"Tersimpan '{self.dataset}': {fmt_int(self.rows)} baris, {len(self.periods)} periode "
                    f"({per}), tingkat {lv}, {n_warn} peringatan.")
        if self.ok:
            return (f"Valid: {fmt_int(self.rows, 'en')} rows, {n_warn} warnings (not stored)." if en else
                    f"Valid: {fmt_int(self.rows)} baris, {n_warn} peringatan (belum disimpan).")
        return (f"Not stored: {len(self.errors)} errors, {n_warn} warnings." if en else
                f"Tidak disimpan: {len(self.errors)} kesalahan, {n_warn} peringatan.")

    def issues_frame(self) -> pd.DataFrame:
        return pd.DataFrame([i.as_dict() for i in self.errors + self.warnings], columns=ISSUE_COLUMNS)


class Stop(Exception):
    """File-level error: stop reading."""


def short(v: object) -> str:
    """A value as shown in a message: at most 60 characters."""
    s = str(v)
    return s if len(s) <= 60 else s[:57] + "..."


def err(rep: ImportReport, row: int | None, col: str | None, val: object, msg: Text, hint: Text | None = None,
        severity: str = "error") -> Issue:
    """Add one issue (an error, or a warning with ``severity="warning"``) to the report."""
    issue = Issue(row, col, None if val is None else short(val), msg.id, hint.id if hint else "", severity,
                  msg.en, hint.en if hint else "")
    (rep.errors if severity == "error" else rep.warnings).append(issue)
    return issue


def stop(rep: ImportReport, row: int | None, col: str | None, val: object, msg: Text,
         hint: Text | None = None) -> Stop:
    """Add a file-level error and return the :class:`Stop` to raise (``raise stop(...)``)."""
    err(rep, row, col, val, msg, hint)
    return Stop()
