"""Import JKN tables (CSV or XLSX) as they really come, with row-level validation.

::

    from jkn_geo.figures.store import open_store
    from jkn_geo.figures.importer import import_file, validate
    rep = import_file(open_store(), "kepesertaan_juli.xlsx", name="BPJS Juli 2025")
    print(rep.summary())           # one line
    for issue in rep.errors: print(issue)   # "Baris 7, kolom 'Aktif' (nilai '-3'): ..."

What is read
------------
* CSV with comma, semicolon or tab; UTF-8 with or without BOM, else cp1252. XLSX: the
  first sheet or a named one (an unknown name is an error listing the sheets).
* The header is the first of the first ten rows whose cells name a region column and a
  figure column; title rows above it are skipped. Row numbers in messages are the rows as
  the user sees them in the file (header = row 1 when it is the first line).
* Columns in Indonesian or English (see :data:`jkn_geo.figures.parsing.FIELDS`); segment columns
  (``pbi_apbn``, ``peserta_pbpu``, ``aktif_ppu`` ...) become rows of that segment.
* Numbers and periods as in :mod:`jkn_geo.figures.parsing`; spreadsheet cells formatted as percent
  (0,9705) are read as 97,05.
* Regions by code (``18.71`` / ``1871``) or by name through the registry's name matching
  (a ``provinsi`` column beside a ``kabupaten`` column narrows the search).

Validation
----------
Errors (nothing is stored when there is one): empty file, no recognisable header, missing
region/period/figure columns, wrong sheet, unknown or ambiguous region, unreadable number
or period, negative count, fractional count, active > registered, inactive > registered,
registered more than 1,5 × the population, activity % above 100, duplicate region + period
(+ segment), period in the future, a taken dataset name.

Warnings (stored with the data): coverage above 100 %, a region matched only by a close
spelling, a name that does not fit its code, active + inactive ≠ registered, a percentage
that does not match its counts, rows without any figure (skipped), unknown columns
(ignored), total rows (skipped).

Each import is one transaction in the store: stored whole or not at all.

Limits (hostile or broken files)
--------------------------------
A file larger than :data:`MAX_UPLOAD_BYTES`, an XLSX whose parts unpack to more than
:data:`MAX_XLSX_UNPACKED_BYTES` (checked from the zip directory before anything is unpacked;
a part that unpacks to more than it declares fails its checksum), more than :data:`MAX_ROWS`
rows with content, or a cell beyond column :data:`MAX_COLUMNS` is refused with a message.
Random bytes, truncated or damaged XLSX files, unbalanced CSV quotes and formulas without a
stored result end in a message naming the row and column where possible; invisible
characters (zero-width spaces, bidi controls, control characters) are removed and full-width
digits and special spaces folded before reading. Whatever happens, the report says what went
wrong and nothing is stored: :func:`import_file` does not raise for a bad file.
:func:`check_upload` runs the size checks alone, for an upload form, before anything opens
the file.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jkn_geo.figures import parsing as P
from jkn_geo.fmt import fmt_int, fmt_pct

from jkn_geo.config import (MAX_COLUMNS, MAX_HEADER_SCAN, MAX_LINES, MAX_NAME_CHARS, MAX_ROWS, MAX_UPLOAD_BYTES,
                            MAX_XLSX_PART_BYTES, MAX_XLSX_PARTS, MAX_XLSX_UNPACKED_BYTES, SHIPPED_DATASETS)

FAR_ABOVE_POPULATION = 1.5     # registered > 1.5 × population is an error
PCT_TOLERANCE = 0.1            # percentage points between a stated % and its counts
TOTAL_WORDS = {"total", "jumlah", "grand total", "jumlah total", "total keseluruhan", "indonesia", "nasional",
               "sub total", "subtotal"}


# ---- report ------------------------------------------------------------------------------------
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

    def summary(self, lang: str = "id") -> str:
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
        return pd.DataFrame([i.as_dict() for i in self.errors + self.warnings],
                            columns=["severity", "row", "column", "value", "message", "hint", "message_en", "hint_en"])


class _Stop(Exception):
    """File-level error: stop reading."""


def _err(rep, row, col, val, msg_id, msg_en, hint_id="", hint_en="", severity="error"):
    issue = Issue(row, col, None if val is None else _short(val), msg_id, hint_id, severity, msg_en, hint_en)
    (rep.errors if severity == "error" else rep.warnings).append(issue)
    return issue


def _short(v) -> str:
    s = str(v)
    return s if len(s) <= 60 else s[:57] + "..."


# ---- reading the file --------------------------------------------------------------------------
class _TooBig(Exception):
    def __init__(self, size: int, fname: str):
        super().__init__(size)
        self.size, self.fname = size, fname


def _read_source(path_or_bytes, filename=None) -> tuple[bytes, str]:
    """The file's bytes and name. Raises :class:`_TooBig` (without reading it all) for a
    file over :data:`MAX_UPLOAD_BYTES`."""
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        fname = filename or "upload"
        if len(path_or_bytes) > MAX_UPLOAD_BYTES:
            raise _TooBig(len(path_or_bytes), fname)
        return bytes(path_or_bytes), fname
    if hasattr(path_or_bytes, "read"):
        fname = filename or getattr(path_or_bytes, "name", None) or "upload"
        data = path_or_bytes.read(MAX_UPLOAD_BYTES + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
        if len(data) > MAX_UPLOAD_BYTES:
            raise _TooBig(len(data), str(fname))
        return data, str(fname)
    p = Path(path_or_bytes)
    fname = filename or p.name
    size = p.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        raise _TooBig(size, fname)
    with p.open("rb") as f:
        data = f.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:          # grew while reading
        raise _TooBig(len(data), fname)
    return data, fname


def _mib(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",") + " MB"


def _too_big(rep, size: int) -> None:
    _err(rep, None, None, None,
         f"File terlalu besar: {_mib(size)} (batas {_mib(MAX_UPLOAD_BYTES)}).",
         f"The file is too large: {_mib(size).replace(',', '.')} (the limit is "
         f"{_mib(MAX_UPLOAD_BYTES).replace(',', '.')}).",
         "Pecah menjadi beberapa file (mis. per tahun atau per provinsi), atau hapus kolom yang tidak perlu.",
         "Split it into several files (e.g. per year or per province), or remove columns that are not needed.")


def check_upload(data, filename: str = "upload") -> list[Issue]:
    """The checks that need no parsing, for an upload form before anything opens the file:
    size (:data:`MAX_UPLOAD_BYTES`), emptiness, the old .xls format and, for XLSX, a damaged
    zip or one that would unpack to more than :data:`MAX_XLSX_UNPACKED_BYTES`. Returns the
    problems (empty list: go on with :func:`validate`)."""
    rep = ImportReport()
    try:
        _precheck(bytes(data or b""), filename or "upload", rep)
    except _Stop:
        pass
    return rep.errors


def sheet_names(data) -> list[str]:
    """The sheets of an XLSX upload, read safely (after the checks of :func:`check_upload`);
    an empty list when the file is not a readable XLSX."""
    import openpyxl

    data = bytes(data or b"")
    if len(data) > MAX_UPLOAD_BYTES or check_upload(data, "upload.xlsx"):
        return []
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        try:
            return list(wb.sheetnames)
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - any unreadable file: no sheets to offer
        return []


def preview(data, filename: str = "upload", sheet=None, nrows: int = 20) -> tuple[pd.DataFrame, list[Issue]]:
    """The first ``nrows`` rows with content of an upload, as text cells (the header row as
    first row), read with the importer's limits and safeguards (no zip bomb or huge file is
    expanded). Returns ``(frame, problems)``; ``problems`` is non-empty when the file cannot
    be read, and then the frame is empty."""
    rep = ImportReport()
    try:
        data = bytes(data or b"")
        fname = filename or "upload"
        _precheck(data, fname, rep)
        if _is_xlsx(data, fname):
            rows = _xlsx_rows(data, sheet, rep, stop_after=nrows)
        else:
            text = _decode(data)
            cut = 0
            for _ in range(nrows * 4):           # enough lines for nrows records, quotes included
                nxt = text.find("\n", cut)
                if nxt < 0:
                    cut = len(text)
                    break
                cut = nxt + 1
            rows = _csv_rows(text[:cut], rep)
        rows, _hidden, _formulas = _clean_rows(rows)
    except _Stop:
        return pd.DataFrame(), rep.errors
    except Exception as exc:  # noqa: BLE001 - a preview never raises
        _err(rep, None, None, None, f"Pratinjau tidak bisa dibuat ({type(exc).__name__}).",
             f"No preview ({type(exc).__name__}).", "Periksa berkas dengan tombol periksa.",
             "Check the file with the check button.")
        return pd.DataFrame(), rep.errors
    body = [r for _i, r in rows if any(not P.is_missing_text(v) for v in r)][:nrows]
    width = max((len(r) for r in body), default=0)
    return pd.DataFrame([["" if v is None else str(v) for v in r] + [""] * (width - len(r)) for r in body],
                        columns=[f"{_col_letter(j + 1)}" for j in range(width)]), []


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(text: str, rep) -> list[tuple[int, list]]:
    lines = [ln for ln in text[:65536].splitlines()[:30] if ln.strip()]
    best, best_score = ",", -1.0
    for d in (";", ",", "\t", "|"):
        counts = [len(r) for r in csv.reader(lines, delimiter=d)]
        if not counts or max(counts) < 2:
            continue
        mode = max(set(counts), key=counts.count)
        score = counts.count(mode) / len(counts) * 10 + min(mode, 50) / 50
        if score > best_score:
            best, best_score = d, score
    out = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=best)
    start, n_lines, n_rows = 1, 0, 0
    try:
        for rec in reader:
            n_lines += 1
            if n_lines > MAX_LINES:
                _too_many(rep, start, f"{fmt_int(MAX_LINES)} baris (termasuk baris kosong)",
                          f"{fmt_int(MAX_LINES, 'en')} lines (blank ones included)")
            if any(rec):
                n_rows += 1
                if n_rows > MAX_ROWS:
                    _too_many(rep, start, f"{fmt_int(MAX_ROWS)} baris berisi", f"{fmt_int(MAX_ROWS, 'en')} rows")
                out.append((start, rec))
            start = reader.line_num + 1
    except csv.Error as exc:
        _err(rep, start, None, None, f"Baris ini tidak terbaca sebagai CSV ({exc}).",
             f"This row cannot be read as CSV ({exc}).",
             "Periksa tanda kutip (\") yang tidak ditutup mulai baris ini, atau sel yang sangat panjang; "
             "simpan ulang file dari Excel/LibreOffice sebagai CSV.",
             "Look for an unclosed quote (\") starting in this row, or a very long cell; save the file again "
             "from Excel/LibreOffice as CSV.")
        raise _Stop from None
    return out


def _too_many(rep, row, limit_id: str, limit_en: str):
    _err(rep, row, None, None, f"File terlalu panjang: lebih dari {limit_id}; pembacaan berhenti di baris ini.",
         f"The file is too long: more than {limit_en}; reading stopped at this row.",
         "Pecah menjadi beberapa file (mis. per tahun atau per provinsi).",
         "Split it into several files (e.g. per year or per province).")
    raise _Stop


def _bad_xlsx(rep, what_id: str, what_en: str, hint_id: str = "", hint_en: str = ""):
    _err(rep, None, None, None, f"File XLSX tidak bisa dibaca: {what_id}", f"The XLSX file cannot be read: {what_en}",
         hint_id or "Buka file di Excel/LibreOffice dan simpan ulang sebagai .xlsx atau CSV; bila file diunduh, "
                    "unduh ulang (mungkin terpotong).",
         hint_en or "Open it in Excel/LibreOffice and save it again as .xlsx or CSV; if it was downloaded, "
                    "download it again (it may be truncated).")
    raise _Stop


def _inspect_zip(data: bytes, rep) -> None:
    """Refuse a damaged zip or one that would unpack to too much, from the zip directory alone
    (nothing is unpacked). zipfile never returns more than a part's declared size: a part
    that unpacks to more fails its checksum later and ends as a damaged-file message."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, IndexError,
            NotImplementedError, RuntimeError) as exc:
        _bad_xlsx(rep, f"arsipnya rusak atau terpotong ({exc}).", f"the archive is damaged or truncated ({exc}).")
    if len(infos) > MAX_XLSX_PARTS:
        _bad_xlsx(rep, f"arsipnya berisi {fmt_int(len(infos))} bagian (batas {fmt_int(MAX_XLSX_PARTS)}).",
                  f"the archive holds {fmt_int(len(infos), 'en')} parts (the limit is "
                  f"{fmt_int(MAX_XLSX_PARTS, 'en')}).")
    unpacked = sum(max(0, i.file_size) for i in infos)
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        _bad_xlsx(rep, f"isinya {_mib(unpacked)} setelah dibuka (batas {_mib(MAX_XLSX_UNPACKED_BYTES)}); "
                       f"file sekecil {_mib(len(data))} dengan isi sebesar itu mencurigakan (zip bomb?).",
                  f"it unpacks to {_mib(unpacked).replace(',', '.')} (the limit is "
                  f"{_mib(MAX_XLSX_UNPACKED_BYTES).replace(',', '.')}).",
                  "Pecah data menjadi beberapa file, atau simpan sebagai CSV.",
                  "Split the data into several files, or save it as CSV.")
    for i in infos:
        if i.file_size > MAX_XLSX_PART_BYTES and not re.fullmatch(r"(?i)xl/worksheets/[^/]+\.xml", i.filename):
            _bad_xlsx(rep, f"bagian {i.filename} berukuran {_mib(i.file_size)} setelah dibuka (batas "
                           f"{_mib(MAX_XLSX_PART_BYTES)}).",
                      f"its part {i.filename} unpacks to {_mib(i.file_size).replace(',', '.')} (the limit is "
                      f"{_mib(MAX_XLSX_PART_BYTES).replace(',', '.')}).",
                      "Simpan tabel sebagai CSV, atau salin hanya tabelnya ke file .xlsx baru.",
                      "Save the table as CSV, or copy just the table into a new .xlsx file.")
    if any(i.flag_bits & 0x1 for i in infos):
        _bad_xlsx(rep, "arsipnya terenkripsi.", "the archive is encrypted.",
                  "Hapus kata sandi di Excel lalu simpan ulang sebagai .xlsx.",
                  "Remove the password in Excel and save it again as .xlsx.")


class _Formula:
    """A spreadsheet cell holding a formula whose result was never stored in the file."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


def _sheet_parser():
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class _Parser(WorkSheetParser):
        def parse_cell(self, element):
            c = super().parse_cell(element)
            if c["value"] is None:
                f = element.find(FORMULA_TAG)
                if f is not None:
                    c["value"] = _Formula("=" + (f.text or ""))
            return c

    return _Parser


def _col_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    try:
        return get_column_letter(i)
    except ValueError:
        return str(i)


def _xlsx_rows(data: bytes, sheet, rep, stop_after: int | None = None) -> list[tuple[int, list]]:
    """The rows of one sheet, streamed with limits: only cells present in the file are read
    (no padding to a declared size), a cell right of :data:`MAX_COLUMNS` or more than
    :data:`MAX_ROWS` rows with content stop reading with a message."""
    import openpyxl
    from openpyxl.cell.read_only import ReadOnlyCell

    _inspect_zip(data, rep)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds
        _bad_xlsx(rep, f"{type(exc).__name__}: {_short(exc)}", f"{type(exc).__name__}: {_short(exc)}")
    try:
        return _xlsx_sheet_rows(wb, sheet, rep, ReadOnlyCell, stop_after)
    except _Stop:
        raise
    except Exception as exc:  # noqa: BLE001 - damaged parts show up only while streaming
        rows_read = getattr(rep, "_xlsx_row", None)
        where_id = f" (sekitar baris {rows_read})" if rows_read else ""
        where_en = f" (around row {rows_read})" if rows_read else ""
        _bad_xlsx(rep, f"sheet rusak{where_id}: {type(exc).__name__}: {_short(exc)}",
                  f"the sheet is damaged{where_en}: {type(exc).__name__}: {_short(exc)}")
    finally:
        try:
            wb.close()
        except Exception:  # noqa: BLE001
            pass


def _xlsx_sheet_rows(wb, sheet, rep, ReadOnlyCell, stop_after=None) -> list[tuple[int, list]]:
    names = wb.sheetnames
    if not names:
        _bad_xlsx(rep, "tidak ada sheet.", "it has no sheets.")
    if sheet is None:
        ws = wb[names[0]]
    elif sheet in names:
        ws = wb[sheet]
    else:
        low = {n.strip().lower(): n for n in names}
        if str(sheet).strip().lower() in low:
            ws = wb[low[str(sheet).strip().lower()]]
        else:
            _err(rep, None, None, sheet, f"Sheet '{sheet}' tidak ada di file ini.",
                 f"There is no sheet '{sheet}' in this file.",
                 f"Pilih salah satu sheet: {', '.join(names)}.", f"Choose one of the sheets: {', '.join(names)}.")
            raise _Stop
    rep.sheet = ws.title
    if not hasattr(ws, "_get_source"):          # not a worksheet (a chart sheet)
        _err(rep, None, None, ws.title, f"Sheet '{ws.title}' bukan tabel.", f"Sheet '{ws.title}' is not a table.",
             f"Pilih salah satu sheet: {', '.join(names)}.", f"Choose one of the sheets: {', '.join(names)}.")
        raise _Stop
    pct_style: dict = {}

    def is_pct(style_id) -> bool:
        if style_id not in pct_style:
            try:
                fmt = ReadOnlyCell(ws, 1, 1, None, "n", style_id).number_format or ""
            except Exception:  # noqa: BLE001 - a style index that does not exist
                fmt = ""
            pct_style[style_id] = "%" in fmt
        return pct_style[style_id]

    out = []
    n_rows = 0
    with ws._get_source() as src:
        parser = _sheet_parser()(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for idx, cells in parser.parse():
            rep._xlsx_row = idx
            vals: list = []
            for c in cells:
                v = c["value"]
                if v is None:
                    continue
                col = c["column"]
                if col > MAX_COLUMNS or col < 1:
                    _err(rep, idx, _col_letter(col), v,
                         f"Ada isi di kolom {_col_letter(col)} (kolom ke-{fmt_int(col)}); tabel impor paling banyak "
                         f"{MAX_COLUMNS} kolom.",
                         f"There is content in column {_col_letter(col)} (column {fmt_int(col, 'en')}); an import "
                         f"table has at most {MAX_COLUMNS} columns.",
                         "Hapus isi sel itu, atau salin tabelnya ke sheet baru.",
                         "Delete that cell's content, or copy the table to a new sheet.")
                    raise _Stop
                if c["style_id"] and isinstance(v, (int, float)) and not isinstance(v, bool) and is_pct(c["style_id"]):
                    v = round(v * 100, 10)
                if col > len(vals):
                    vals.extend([None] * (col - len(vals)))
                vals[col - 1] = v
            if vals:
                n_rows += 1
                if n_rows > MAX_ROWS:
                    _too_many(rep, idx, f"{fmt_int(MAX_ROWS)} baris berisi", f"{fmt_int(MAX_ROWS, 'en')} rows")
                out.append((idx, vals))
                if stop_after is not None and n_rows >= stop_after:
                    break
    return out


def _find_header(nonempty, rep) -> tuple[int, P.ColumnMap]:
    """The header among the rows with content (``nonempty``): its position there and its columns."""
    if not nonempty:
        _err(rep, None, None, None, "File kosong: tidak ada baris berisi.", "The file is empty: no rows with content.",
             "Isi file dengan satu baris judul kolom dan satu baris per wilayah dan bulan (lihat templat).",
             "Fill in one header row and one row per region and month (see the template).")
        raise _Stop
    value_fields = {"registered", "active", "inactive", "coverage_pct", "activity_pct", "population"}
    for k, (i, r) in enumerate(nonempty[:MAX_HEADER_SCAN]):
        cm = P.map_columns(r)
        region = cm.has("code") or cm.has("name")
        vals = any(f in cm.fields for f in value_fields) or bool(cm.segments)
        if region and vals:
            return k, cm
    i, r = nonempty[0]
    shown = ", ".join(str(v) for v in r if not P.is_missing_text(v))[:200]
    _err(rep, i, None, shown, "Baris judul kolom tidak dikenali.", "No header row could be recognised.",
         "Perlu kolom wilayah (kode atau nama, mis. 'kode', 'kabupaten/kota') dan kolom angka (mis. 'peserta', "
         "'aktif', 'penduduk', 'cakupan'); unduh templat untuk contoh.",
         "A region column (code or name, e.g. 'kode', 'kabupaten/kota') and a figure column (e.g. 'peserta', "
         "'aktif', 'penduduk', 'cakupan') are needed; download the template for an example.")
    raise _Stop


# ---- the import ---------------------------------------------------------------------------------
def validate(store_or_source=None, path_or_bytes=None, name=None, sheet=None, filename=None, *,
             period: str | None = None, today: _dt.date | None = None, registry=None,
             progress=None) -> ImportReport:
    """Read and check a file without storing anything. Call as ``validate(store, file, ...)``
    (the store is used to check the dataset name) or ``validate(file, ...)``."""
    if path_or_bytes is None and not hasattr(store_or_source, "write_dataset"):
        store, src = None, store_or_source
    else:
        store, src = store_or_source, path_or_bytes
    return _run(store, src, name, sheet, filename, period, today, registry, dry_run=True, progress=progress)


def import_file(store, path_or_bytes, name=None, sheet=None, filename=None, *, period: str | None = None,
                replace: bool = False, source: str = "", licence: str = "", today: _dt.date | None = None,
                registry=None, progress=None) -> ImportReport:
    """Validate a CSV/XLSX file and, when it has no error, store it as one dataset in one
    transaction. ``period`` is used for rows when the file has no period column.
    ``progress(fraction, message)`` is called now and then (0 → 1) for a progress bar."""
    return _run(store, path_or_bytes, name, sheet, filename, period, today, registry, dry_run=False,
                replace=replace, source=source, licence=licence, progress=progress)


def default_name(filename: str) -> str:
    stem = Path(filename).stem if filename else "import"
    stem = re.sub(r"\s+", " ", stem.replace("_", " ")).strip()
    return stem or "import"


def _run(store, src, name, sheet, filename, period, today, registry, dry_run, replace=False, source="",
         licence="", progress=None) -> ImportReport:
    t0 = time.perf_counter()
    rep = ImportReport()
    try:
        _run_checked(rep, store, src, name, sheet, filename, period, today, registry, dry_run, replace, source,
                     licence, progress)
    except _Stop:
        rep.ok = False
    except Exception as exc:  # noqa: BLE001 - last resort: a message, never a traceback on screen
        if getattr(rep, "_writing", False):
            raise      # not a file problem: the store rolled back; store failures arrive as StoreError
        _err(rep, None, None, None,
             f"Kesalahan tak terduga saat memeriksa file ({type(exc).__name__}: {_short(exc)}); tidak ada yang disimpan.",
             f"Unexpected failure while checking the file ({type(exc).__name__}: {_short(exc)}); nothing was stored.",
             "Periksa file (sel yang aneh, sheet yang rusak) atau simpan ulang sebagai CSV lalu coba lagi; laporkan "
             "bila berulang.",
             "Check the file (odd cells, a damaged sheet) or save it again as CSV and retry; report it if it recurs.")
        rep.internal_error = True
        rep.ok = False
        rep.dataset = None
    rep.seconds = time.perf_counter() - t0
    return rep


def _run_checked(rep, store, src, name, sheet, filename, period, today, registry, dry_run, replace, source,
                 licence, progress) -> None:
    def tell(frac, msg):
        if progress is not None:
            try:
                progress(frac, msg)
            except Exception:  # noqa: BLE001 - a broken progress bar must not break the import
                pass

    tell(0.0, "membaca file / reading the file")
    try:
        data, fname = _read_source(src, filename)
    except _TooBig as big:
        rep.name = P.clean_text(str(name or "")).strip() or default_name(big.fname)
        _too_big(rep, big.size)
        raise _Stop from None
    except OSError as exc:
        _err(rep, None, None, None, f"File tidak bisa dibuka: {exc}", f"The file cannot be opened: {exc}",
             "Periksa nama dan lokasi file.", "Check the file's name and location.")
        raise _Stop from None
    fname = P.clean_text(str(fname))
    rep.name = P.clean_text(str(name or "")).strip() or default_name(fname)
    if len(rep.name) > MAX_NAME_CHARS:
        _err(rep, None, None, rep.name, f"Nama dataset terlalu panjang ({len(rep.name)} karakter, batas {MAX_NAME_CHARS}).",
             f"The dataset name is too long ({len(rep.name)} characters, the limit is {MAX_NAME_CHARS}).",
             "Pilih nama yang lebih pendek.", "Choose a shorter name.")
    if store is not None:
        from jkn_geo.figures.store import SHIPPED_DATASETS

        if rep.name in SHIPPED_DATASETS or (store.exists(rep.name) and not replace):
            _err(rep, None, None, rep.name, f"Sudah ada dataset bernama '{rep.name}'.",
                 f"A dataset named '{rep.name}' already exists.",
                 "Pilih nama lain (--name), atau hapus/ganti nama dataset lama.",
                 "Choose another name (--name), or delete or rename the old dataset.")
    rows = _load_rows(data, fname, sheet, rep)
    rows, hidden, formulas = _clean_rows(rows)
    tell(0.15, "memeriksa baris / checking rows")
    frame = _parse(rows, rep, period, today, registry,
                   lambda f: tell(0.15 + 0.7 * f, "memeriksa baris / checking rows"), hidden=hidden, formulas=formulas)
    rep.frame = frame
    rep.rows = len(frame)
    rep.periods = sorted(frame["period"].unique()) if len(frame) else []
    order = ["national", "province", "regency", "district"]
    rep.levels = sorted(frame["level"].unique(), key=order.index) if len(frame) else []
    if not len(frame) and not rep.errors:
        _err(rep, None, None, None, "Tidak ada baris dengan angka untuk disimpan.", "There are no rows with figures to store.",
             "Isi kolom peserta/aktif/penduduk/cakupan untuk setiap wilayah.",
             "Fill in registered/active/population/coverage for each region.")
    rep.ok = not rep.errors
    if rep.ok and not dry_run:
        from jkn_geo.figures.store import StoreBusy, StoreError

        issues = rep.issues_frame()
        issues = issues[issues["severity"] == "warning"]
        tell(0.9, "menyimpan / storing")
        rep._writing = True
        try:
            store.write_dataset(rep.name, frame, kind="imported", source=P.clean_text(str(source or fname)),
                                licence=licence, issues=issues, replace=replace,
                                note=f"imported from {fname}" + (f", sheet {rep.sheet}" if rep.sheet else ""))
            rep.dataset = rep.name
        except StoreBusy as exc:
            _err(rep, None, None, None, f"Tidak disimpan: penyimpanan sedang sibuk ({exc}).",
                 f"Not stored: the store is busy ({exc}).",
                 "Tunggu sebentar lalu impor lagi; tidak ada yang berubah.",
                 "Wait a moment and import again; nothing was changed.")
            rep.ok = False
        except StoreError as exc:
            _err(rep, None, None, None, f"Tidak disimpan: {exc}", f"Not stored: {exc}",
                 "Tidak ada yang berubah di penyimpanan; perbaiki lalu impor lagi.",
                 "Nothing in the store was changed; fix it and import again.")
            rep.ok = False
        rep._writing = False
    tell(1.0, "selesai / done")


def _is_xlsx(data: bytes, fname: str) -> bool:
    return data[:4] == b"PK\x03\x04" or fname.lower().endswith((".xlsx", ".xlsm"))


def _precheck(data: bytes, fname: str, rep) -> None:
    """Size, emptiness and format, before anything parses the file (raises ``_Stop``)."""
    if len(data) > MAX_UPLOAD_BYTES:
        _too_big(rep, len(data))
        raise _Stop
    if not data or not data.strip():
        _err(rep, None, None, None, "File kosong.", "The file is empty.",
             "Pilih file yang berisi tabel (CSV atau XLSX).", "Choose a file that holds a table (CSV or XLSX).")
        raise _Stop
    low = fname.lower()
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if low.endswith((".xlsx", ".xlsm")):
            _err(rep, None, None, None, "File ini berkata sandi (terenkripsi) atau sebenarnya berformat .xls lama.",
                 "This file is password-protected (encrypted) or is really in the old .xls format.",
                 "Buka di Excel, hapus kata sandinya, lalu simpan sebagai .xlsx (Excel Workbook) atau CSV.",
                 "Open it in Excel, remove the password and save it as .xlsx (Excel Workbook) or CSV.")
        else:
            _err(rep, None, None, None, "Format .xls lama tidak didukung.", "The old .xls format is not supported.",
                 "Simpan ulang sebagai .xlsx atau CSV.", "Save it again as .xlsx or CSV.")
        raise _Stop
    if low.endswith(".xls"):
        _err(rep, None, None, None, "Format .xls lama tidak didukung.", "The old .xls format is not supported.",
             "Simpan ulang sebagai .xlsx atau CSV.", "Save it again as .xlsx or CSV.")
        raise _Stop
    if _is_xlsx(data, fname):
        _inspect_zip(data, rep)


def _load_rows(data: bytes, fname: str, sheet, rep) -> list[tuple[int, list]]:
    _precheck(data, fname, rep)
    if _is_xlsx(data, fname):
        return _xlsx_rows(data, sheet, rep)
    if sheet:
        _err(rep, None, None, sheet, "File CSV tidak punya sheet.", "A CSV file has no sheets.",
             "Hapus pilihan sheet, atau unggah file XLSX.", "Remove the sheet option, or upload an XLSX file.",
             severity="warning")
    return _csv_rows(_decode(data), rep)


def _clean_rows(rows) -> tuple[list, list, list]:
    """Text cells as a person reads them (:func:`jkn_geo.figures.parsing.clean_text`). Returns the rows,
    where invisible characters were removed ``[(row, column index)]`` and where formulas without
    a stored result are ``[(row, column index, formula)]``."""
    hidden, formulas = [], []
    out = []
    for rowno, r in rows:
        changed = None
        for j, v in enumerate(r):
            if type(v) is str:
                if v.isascii() and v.isprintable():
                    continue
                if P.has_invisible(v):
                    hidden.append((rowno, j))
                c = P.clean_text(v)
                if c != v:
                    if changed is None:
                        changed = list(r)
                    changed[j] = c
            elif type(v) is _Formula:
                formulas.append((rowno, j, v.text))
        out.append((rowno, r if changed is None else changed))
    return out, hidden, formulas


_COUNT_FIELDS = ("population", "registered", "active", "inactive")
_PCT_FIELDS = ("coverage_pct", "activity_pct")


def _parse(rows, rep, default_period, today, registry, step=None, hidden=(), formulas=()) -> pd.DataFrame:
    if registry is None:
        from jkn_geo.geography.registry import get_registry

        registry = get_registry()
    nonempty = [(i, r) for i, r in rows if any(not P.is_missing_text(v) for v in r)]
    hk, cm = _find_header(nonempty, rep)
    header_row = nonempty[hk][0]
    rep.header_row = header_row
    hdr = cm.headers
    rep.columns = {f: hdr[i] for f, i in cm.fields.items()}
    rep.columns.update({f"{k[0]}:{k[1]}": hdr[i] for k, i in cm.segments.items()})
    rep.ignored_columns = list(cm.unknown)
    if hidden:
        r0, j0 = hidden[0]
        _err(rep, r0, hdr[j0] if j0 < len(hdr) and r0 > header_row else None, None,
             f"{fmt_int(len(hidden))} sel berisi karakter tak terlihat (spasi lebar nol, tanda arah teks atau "
             "karakter kontrol); karakter itu dihapus sebelum dibaca.",
             f"{fmt_int(len(hidden), 'en')} cells hold invisible characters (zero-width spaces, text-direction marks "
             "or control characters); they were removed before reading.",
             "Bila ada nama atau angka yang terbaca salah, bersihkan sel itu di file asli.",
             "If a name or figure reads wrongly, clean that cell in the original file.", severity="warning")
    used_cols = set(cm.fields.values()) | set(cm.segments.values())
    bad_formula_rows: set = set()
    for r0, j0, ftext in formulas:
        if r0 > header_row and j0 in used_cols:
            bad_formula_rows.add(r0)
            _err(rep, r0, hdr[j0], ftext, "Sel berisi rumus yang hasilnya tidak tersimpan di file.",
                 "The cell holds a formula whose result is not stored in the file.",
                 "Buka file di Excel/LibreOffice lalu simpan ulang (hasil rumus ikut tersimpan), atau salin dan "
                 "tempel sebagai nilai (Paste Special → Values).",
                 "Open the file in Excel/LibreOffice and save it again (results are stored then), or copy and "
                 "paste the cells as values (Paste Special → Values).")
    for h in cm.unknown:
        _err(rep, header_row, h, None, "Kolom tidak dikenal, diabaikan.", "Unknown column, ignored.",
             "Ganti judulnya bila kolom ini berisi angka JKN (lihat templat).",
             "Rename it if it holds JKN figures (see the template).", severity="warning")
    for f, first, second in cm.duplicates:
        _err(rep, header_row, second, None, f"Kolom '{second}' berarti sama dengan '{first}'; hanya '{first}' dipakai.",
             f"Column '{second}' means the same as '{first}'; only '{first}' is used.",
             "Hapus atau ganti nama salah satunya.", "Delete or rename one of them.", severity="warning")
    has_period = cm.has("period") or cm.has("year")
    if not has_period and not default_period:
        _err(rep, header_row, None, None, "Tidak ada kolom periode.", "There is no period column.",
             "Tambahkan kolom 'periode' (mis. 2025-07 atau Juli 2025), atau beri periode untuk seluruh file "
             "(--period 2025-07).",
             "Add a 'periode' column (e.g. 2025-07 or Juli 2025), or give one period for the whole file "
             "(--period 2025-07).")
        raise _Stop
    if not any(f in cm.fields for f in ("registered", "active", "inactive", "coverage_pct", "activity_pct")) \
            and not cm.segments:
        _err(rep, header_row, None, None, "Tidak ada kolom angka JKN (peserta, aktif, cakupan ...).",
             "There is no JKN figure column (registered, active, coverage ...).",
             "Tambahkan kolom 'peserta' dan/atau 'aktif' (lihat templat).",
             "Add a 'peserta' and/or 'aktif' column (see the template).")
        raise _Stop
    if default_period:
        try:
            default_period = P.parse_period(default_period)
        except P.ParseError as exc:
            _err(rep, None, "--period", default_period, f"Periode tidak terbaca: {exc}", f"Unreadable period: {exc}",
                 "Tulis mis. 2025-07 atau Juli 2025.", "Write e.g. 2025-07 or Juli 2025.")
            raise _Stop from None

    now = P.current_month(today)
    data_rows = [(i, r) for i, r in nonempty[hk + 1:]]
    ncols = len(hdr)

    def cell(r, idx):
        return r[idx] if idx is not None and idx < len(r) else None

    # fraction-style percentage columns (all values ≤ 1,5): read as fractions
    pct_scale = {}
    for f in _PCT_FIELDS:
        if f in cm.fields:
            vals = []
            for _, r in data_rows:
                try:
                    v = P.parse_number(cell(r, cm.fields[f]))
                except P.ParseError:
                    continue
                if v is not None:
                    vals.append(v)
            if vals and max(vals) <= 1.5 and any(v > 0 for v in vals):
                pct_scale[f] = 100.0
                _err(rep, header_row, hdr[cm.fields[f]], None,
                     "Semua nilai ≤ 1,5: dibaca sebagai pecahan (0,97 = 97 %).",
                     "All values ≤ 1.5: read as fractions (0.97 = 97 %).",
                     "Tulis persen sebagai 97,05 bila ini salah.", "Write percentages as 97.05 if this is wrong.",
                     severity="warning")

    match_cache: dict = {}
    seen: dict = {}
    out: list[dict] = []
    level_col_idx = cm.fields.get("level")
    seg_items = sorted(cm.segments.items())
    segs = sorted({s for (_k, s) in cm.segments})

    every = max(1, len(data_rows) // 20)
    for k_row, (rowno, r) in enumerate(data_rows):
        if step is not None and k_row % every == 0:
            step(k_row / max(1, len(data_rows)))
        if rowno in bad_formula_rows:
            continue
        if len(r) > ncols and any(not P.is_missing_text(v) for v in r[ncols:]):
            _err(rep, rowno, None, None, f"Baris ini punya {len(r)} sel, judulnya {ncols} kolom.",
                 f"This row has {len(r)} cells but the header has {ncols} columns.",
                 "Periksa pemisah desimal: angka seperti 97,05 di file CSV berpemisah koma harus diberi tanda "
                 "kutip, atau pakai titik koma (;) sebagai pemisah.",
                 "Check decimal commas: in a comma-separated CSV a value like 97,05 must be quoted, or use "
                 "semicolons (;) as separators.")
            continue
        code_v, name_v = cell(r, cm.fields.get("code")), cell(r, cm.fields.get("name"))
        # total rows
        if P.is_missing_text(code_v) and isinstance(name_v, str) and name_v.strip().lower() in TOTAL_WORDS:
            _err(rep, rowno, hdr[cm.fields["name"]], name_v, "Baris total dilewati (jumlah dihitung sendiri).",
                 "Total row skipped (sums are computed).", severity="warning")
            continue
        if P.is_missing_text(code_v) and P.is_missing_text(name_v):
            _err(rep, rowno, hdr[cm.fields.get("code", cm.fields.get("name"))], None, "Wilayah kosong.",
                 "The region is empty.", "Isi kode atau nama wilayah, atau hapus baris ini.",
                 "Fill in the region code or name, or delete this row.")
            continue
        # level
        row_bad = False
        lvl_hint = cm.level_hint
        if level_col_idx is not None:
            try:
                lv = P.parse_level(cell(r, level_col_idx))
                lvl_hint = lv or lvl_hint
            except P.ParseError as exc:
                _err(rep, rowno, hdr[level_col_idx], cell(r, level_col_idx), f"Tingkat wilayah tidak dikenal ({exc}).",
                     f"Unknown level ({exc}).", "Tulis provinsi, kabupaten/kota atau kecamatan.",
                     "Write provinsi, kabupaten/kota or kecamatan.")
                continue
        # region
        region = _resolve_region(rep, rowno, code_v, name_v, cell(r, cm.fields.get("province")), lvl_hint, cm, hdr,
                                 registry, match_cache)
        code, level = region if region is not None else (None, None)
        row_bad |= region is None
        # period
        period = default_period
        if cm.has("period") or cm.has("year"):
            pv = cell(r, cm.fields.get("period"))
            yv = cell(r, cm.fields.get("year"))
            col = hdr[cm.fields["period"]] if cm.has("period") else hdr[cm.fields["year"]]
            try:
                if cm.has("year") and not P.is_missing_text(yv) and not P.is_missing_text(pv) \
                        and not re.search(r"\d{4}", str(pv)) and not hasattr(pv, "year"):
                    yv2 = int(float(yv)) if isinstance(yv, (int, float)) else str(yv).strip()
                    period = P.parse_period(f"{pv} {yv2}")
                elif not P.is_missing_text(pv):
                    period = P.parse_period(pv)
                elif default_period is None:
                    period = None
            except (P.ParseError, ValueError) as exc:
                _err(rep, rowno, col, pv, "Periode tidak terbaca.", f"Unreadable period ({exc}).",
                     "Tulis mis. 2025-07, Juli 2025, Jul-25 atau 01/07/2025.",
                     "Write e.g. 2025-07, Juli 2025, Jul-25 or 01/07/2025.")
                period, row_bad = None, True
            if period is None and not row_bad:
                _err(rep, rowno, col, None, "Periode kosong.", "The period is empty.",
                     "Isi bulan data, mis. 2025-07.", "Fill in the month of the data, e.g. 2025-07.")
                row_bad = True
            if period is not None and period > now:
                _err(rep, rowno, col, pv, f"Periode {period} ada di masa depan (bulan ini {now}).",
                     f"Period {period} is in the future (this month is {now}).",
                     "Periksa tahun dan bulan; tanggal ditulis hari/bulan/tahun.",
                     "Check the year and month; dates are read as day/month/year.")
                row_bad = True
        # numbers
        vals: dict = {}
        bad = row_bad
        for f in _COUNT_FIELDS + _PCT_FIELDS:
            if f not in cm.fields:
                continue
            idx = cm.fields[f]
            v, ok = _num(rep, rowno, hdr[idx], cell(r, idx), f in _COUNT_FIELDS, pct_scale.get(f, 1.0))
            bad |= not ok
            vals[f] = v
        seg_vals: dict = {}
        for (kind, seg), idx in seg_items:
            v, ok = _num(rep, rowno, hdr[idx], cell(r, idx), True, 1.0)
            bad |= not ok
            seg_vals[(kind, seg)] = v
        if bad:
            continue
        note = cell(r, cm.fields.get("note"))
        src = cell(r, cm.fields.get("source"))
        base = {"row_no": rowno, "code": code, "level": level, "period": period,
                "note": None if P.is_missing_text(note) else str(note),
                "source": None if P.is_missing_text(src) else str(src)}
        # segment sums → registered/active when those columns are absent or empty
        derived = []
        for kind in ("registered", "active"):
            parts = [seg_vals.get((kind, s)) for s in segs if (kind, s) in seg_vals]
            if parts and vals.get(kind) is None and all(p is not None for p in parts):
                vals[kind] = float(sum(parts))
                derived.append(kind)
            elif parts and vals.get(kind) is not None and all(p is not None for p in parts) \
                    and abs(sum(parts) - vals[kind]) > 0.5:
                _err(rep, rowno, hdr[cm.fields[kind]], _fmt_count(vals[kind]),
                     f"Jumlah segmen ({_fmt_count(sum(parts))}) tidak sama dengan total ({_fmt_count(vals[kind])}).",
                     f"The segments add up to {_fmt_count(sum(parts), 'en')}, not to the total "
                     f"{_fmt_count(vals[kind], 'en')}.", "Periksa angka segmen atau total.",
                     "Check the segment figures or the total.", severity="warning")
        if vals.get("registered") is None and vals.get("active") is not None and vals.get("inactive") is not None:
            vals["registered"] = vals["active"] + vals["inactive"]
            derived.append("registered")
        if derived:
            base["note"] = "; ".join(x for x in [base["note"], f"{'/'.join(derived)} = jumlah kolom (sum of columns)"] if x)
        if all(vals.get(f) is None for f in ("registered", "active", "inactive", "coverage_pct", "activity_pct")) \
                and not any(v is not None for v in seg_vals.values()):
            _err(rep, rowno, None, None, "Baris tanpa angka JKN, dilewati.", "Row without JKN figures, skipped.",
                 "Isi peserta/aktif, atau hapus baris ini.", "Fill in registered/active, or delete this row.",
                 severity="warning")
            continue
        rec = dict(base)
        rec.update({"segment": "total", "population": vals.get("population"), "registered": vals.get("registered"),
                    "active": vals.get("active"), "inactive": vals.get("inactive"),
                    "coverage_pct_given": vals.get("coverage_pct"), "activity_pct_given": vals.get("activity_pct")})
        if not _check_row(rep, rowno, rec, cm, hdr, registry, seen):
            continue
        out.append(rec)
        for s in segs:
            sreg, sact = seg_vals.get(("registered", s)), seg_vals.get(("active", s))
            if sreg is None and sact is None:
                continue
            srec = dict(base)
            srec.update({"segment": s, "population": None, "registered": sreg, "active": sact, "inactive": None,
                         "coverage_pct_given": None, "activity_pct_given": None})
            if _check_row(rep, rowno, srec, cm, hdr, registry, seen, segment_cols=(
                    hdr[cm.segments[("registered", s)]] if ("registered", s) in cm.segments else None,
                    hdr[cm.segments[("active", s)]] if ("active", s) in cm.segments else None)):
                out.append(srec)
    cols = ["row_no", "code", "level", "period", "segment", "population", "registered", "active", "inactive",
            "coverage_pct_given", "activity_pct_given", "source", "note"]
    frame = pd.DataFrame(out, columns=cols)
    if len(frame) and frame["level"].nunique() > 1:
        from jkn_geo.figures.consistency import check_hierarchy

        for f in check_hierarchy(frame, registry).itertuples():
            prow = frame[(frame.code == f.code) & (frame.period == f.period) & (frame.segment == f.segment)]
            _err(rep, int(prow["row_no"].iloc[0]) if len(prow) else None, None, f.stated, f.message_id,
                 f.message_en, "Periksa baris total atau baris wilayah di bawahnya; semuanya disimpan apa adanya.",
                 "Check the total row or its sub-regions' rows; all are stored as given.", severity="warning")
    return frame


def _fmt_count(v, lang="id") -> str:
    return fmt_int(v, lang)


def _num(rep, rowno, col, raw, is_count: bool, scale: float):
    try:
        n = P.parse_number_ex(raw, count=is_count)
    except P.ParseError:
        _err(rep, rowno, col, raw, "Bukan angka.", "Not a number.",
             "Tulis angka seperti 1.234.567, 97,05 atau 6,3 juta.", "Write numbers like 1.234.567, 97,05 or 6,3 juta.")
        return None, False
    if n is None:
        return None, True
    v = n.value
    if is_count:
        if n.percent:
            _err(rep, rowno, col, raw, "Kolom ini berisi jumlah orang, bukan persen.",
                 "This column holds numbers of people, not percentages.",
                 "Tulis jumlah jiwa, atau pindahkan persen ke kolom 'cakupan'/'keaktifan'.",
                 "Write the number of people, or move percentages to a 'cakupan'/'keaktifan' column.")
            return None, False
        if v < 0:
            _err(rep, rowno, col, raw, "Jumlah negatif.", "Negative count.",
                 "Jumlah orang tidak bisa negatif; periksa angkanya.", "A number of people cannot be negative; check it.")
            return None, False
        if abs(v - round(v)) > 1e-6:
            _err(rep, rowno, col, raw, "Jumlah orang harus bilangan bulat.", "A number of people must be whole.",
                 "Titik memisahkan ribuan (1.234.567), koma adalah desimal; periksa pemisahnya.",
                 "Dots group thousands (1.234.567), a comma is the decimal mark; check the separators.")
            return None, False
        return float(round(v)), True
    v = v * scale
    if v < 0:
        _err(rep, rowno, col, raw, "Persen negatif.", "Negative percentage.", "Periksa angkanya.", "Check the value.")
        return None, False
    return v, True


def _resolve_region(rep, rowno, code_v, name_v, prov_v, lvl_hint, cm, hdr, registry, cache):
    from jkn_geo.geography.registry import normalise_code

    if not P.is_missing_text(code_v):
        if P.is_missing_text(name_v) and "nocache" not in cache:
            hit = cache.get(("code", code_v))
            if hit is not None:
                return hit
            found = _resolve_region(rep, rowno, code_v, None, None, lvl_hint, cm, hdr, registry, {"nocache": 1})
            if found is not None:
                cache[("code", code_v)] = found
            return found
        raw = code_v
        if isinstance(raw, float):
            raw = int(raw) if raw.is_integer() else f"{raw:.2f}"   # Excel drops trailing zeros: 18.1 = 18.10
        code = normalise_code(str(raw).strip())
        col = hdr[cm.fields["code"]]
        if code is None or code not in registry:
            if not P.is_missing_text(name_v):
                m = registry.match_region(str(name_v), level=lvl_hint)
                hint_id = f"Nama di baris ini cocok dengan {m.name} ({m.code})." if m.ok else "Periksa kodenya."
                hint_en = f"The name in this row fits {m.name} ({m.code})." if m.ok else "Check the code."
            else:
                hint_id = "Pakai kode Kemendagri, mis. 18.71 (Kota Bandar Lampung)."
                hint_en = "Use the Kemendagri code, e.g. 18.71 (Kota Bandar Lampung)."
            _err(rep, rowno, col, code_v, "Kode wilayah tidak dikenal.", "Unknown region code.", hint_id, hint_en)
            return None
        r = registry.get(code)
        if not P.is_missing_text(name_v):
            key = ("chk", code, str(name_v))
            if key not in cache:
                m = registry.match_region(str(name_v), level=r.level, within=code[:2] if r.level != "province" else None)
                cache[key] = m
            m = cache[key]
            if m.ok and m.code != r.code or m.status == "not_found":
                _err(rep, rowno, hdr[cm.fields["name"]], name_v,
                     f"Nama tidak cocok dengan kode {r.code} ({r.name}); kode yang dipakai.",
                     f"The name does not fit code {r.code} ({r.name}); the code is used.",
                     "Periksa kode atau nama di baris ini.", "Check the code or the name in this row.", severity="warning")
        return r.code, r.level
    text = str(name_v).strip()
    within = None if P.is_missing_text(prov_v) else str(prov_v).strip()
    key = (text, lvl_hint, within)
    if key not in cache:
        try:
            cache[key] = registry.match_region(text, level=lvl_hint, within=within)
        except KeyError:
            cache[key] = registry.match_region(text, level=lvl_hint)
    m = cache[key]
    col = hdr[cm.fields["name"]]
    if m.ok:
        if m.status == "fuzzy":
            _err(rep, rowno, col, text, f"Dibaca sebagai {m.name} ({m.code}); ejaannya hanya mirip.",
                 f"Read as {m.name} ({m.code}); the spelling only comes close.",
                 "Periksa nama, atau tambahkan kolom kode.", "Check the name, or add a code column.", severity="warning")
        return m.code, m.level
    cands = "; ".join(c.label() for c in m.candidates[:6])
    if m.status == "ambiguous":
        _err(rep, rowno, col, text, f"Nama wilayah ambigu: cocok dengan {cands}.",
             f"Ambiguous region name: it fits {cands}.",
             "Tulis 'Kabupaten …' atau 'Kota …', tambahkan kolom provinsi, atau pakai kolom kode.",
             "Write 'Kabupaten …' or 'Kota …', add a province column, or use a code column.")
    else:
        extra_id = f" Mungkin maksudnya: {cands}." if cands else ""
        extra_en = f" Did you mean: {cands}?" if cands else ""
        _err(rep, rowno, col, text, "Wilayah tidak ditemukan." + extra_id, "Region not found." + extra_en,
             "Periksa ejaan atau pakai kode wilayah Kemendagri.", "Check the spelling or use the Kemendagri code.")
    return None


def _check_row(rep, rowno, rec, cm, hdr, registry, seen, segment_cols=None) -> bool:
    def colname(f):
        if segment_cols is not None:
            return segment_cols[0] if f == "registered" else segment_cols[1] if f == "active" else None
        return hdr[cm.fields[f]] if f in cm.fields else None

    key = (rec["code"], rec["period"], rec["segment"])
    if key in seen:
        _err(rep, rowno, hdr[cm.fields.get("code", cm.fields.get("name"))], rec["code"],
             f"Wilayah {rec['code']} periode {rec['period']} sudah ada di baris {seen[key]}.",
             f"Region {rec['code']} for {rec['period']} already appears in row {seen[key]}.",
             "Hapus salah satu baris, atau perbaiki periodenya.", "Delete one of the rows, or correct its period.")
        return False
    seen[key] = rowno
    reg, act, ina, pop = rec["registered"], rec["active"], rec["inactive"], rec["population"]
    ok = True
    if reg is not None and act is not None and act > reg:
        _err(rep, rowno, colname("active"), _fmt_count(act),
             f"Peserta aktif ({_fmt_count(act)}) lebih banyak dari peserta terdaftar ({_fmt_count(reg)}).",
             f"Active participants ({_fmt_count(act, 'en')}) exceed registered participants ({_fmt_count(reg, 'en')}).",
             "Periksa apakah kolom aktif dan terdaftar tertukar.", "Check whether the active and registered columns are swapped.")
        ok = False
    if reg is not None and ina is not None and ina > reg:
        _err(rep, rowno, colname("inactive"), _fmt_count(ina), "Peserta tidak aktif lebih banyak dari terdaftar.",
             "Inactive participants exceed registered participants.", "Periksa angkanya.", "Check the figures.")
        ok = False
    if reg is not None and act is not None and ina is not None and abs(act + ina - reg) > 0.5:
        _err(rep, rowno, colname("inactive"), _fmt_count(ina),
             f"Aktif + tidak aktif = {_fmt_count(act + ina)}, bukan {_fmt_count(reg)} (terdaftar).",
             f"Active + inactive = {_fmt_count(act + ina, 'en')}, not {_fmt_count(reg, 'en')} (registered).",
             "Periksa ketiga angka; yang disimpan apa adanya.", "Check the three figures; they are stored as given.",
             severity="warning")
    if rec["activity_pct_given"] is not None and rec["activity_pct_given"] > 100:
        _err(rep, rowno, colname("activity_pct"), fmt_pct(rec["activity_pct_given"]),
             "Keaktifan di atas 100 %.", "Activity above 100 %.",
             "Keaktifan = aktif ÷ terdaftar, tidak bisa lebih dari 100 %.",
             "Activity = active ÷ registered cannot exceed 100 %.")
        ok = False
    ref_pop = None
    if pop is None and rec["segment"] == "total":
        try:
            ref_pop = registry.population(rec["code"])
        except KeyError:
            ref_pop = None
    p = pop if pop is not None else ref_pop
    if reg is not None and p:
        cov = reg / p * 100
        which_id = "penduduk di file" if pop is not None else "penduduk rujukan"
        which_en = "the population in the file" if pop is not None else "the reference population"
        if reg > FAR_ABOVE_POPULATION * p:
            _err(rep, rowno, colname("registered"), _fmt_count(reg),
                 f"Peserta terdaftar jauh di atas {which_id} ({_fmt_count(p)}): cakupan {fmt_pct(cov, 1)}.",
                 f"Registered participants far above {which_en} ({_fmt_count(p, 'en')}): coverage "
                 f"{fmt_pct(cov, 1, 'en')}.",
                 "Periksa satuan (ribuan?) dan apakah wilayahnya benar.",
                 "Check the units (thousands?) and whether the region is right.")
            ok = False
        elif cov > 100:
            _err(rep, rowno, colname("registered"), _fmt_count(reg),
                 f"Cakupan di atas 100 % ({fmt_pct(cov, 2)} dari {which_id}).",
                 f"Coverage above 100 % ({fmt_pct(cov, 2, 'en')} of {which_en}).",
                 "Bisa terjadi (peserta terdaftar di luar domisili); periksa bila tidak diharapkan.",
                 "This happens (participants registered outside their domicile); check if unexpected.",
                 severity="warning")
        if rec["coverage_pct_given"] is not None and pop is not None and abs(cov - rec["coverage_pct_given"]) > PCT_TOLERANCE:
            _err(rep, rowno, colname("coverage_pct"), fmt_pct(rec["coverage_pct_given"]),
                 f"Cakupan tertulis {fmt_pct(rec['coverage_pct_given'])}, dari angkanya {fmt_pct(cov)}.",
                 f"Coverage stated as {fmt_pct(rec['coverage_pct_given'], 2, 'en')}, its counts give "
                 f"{fmt_pct(cov, 2, 'en')}.", "Angka dihitung dari jumlah; periksa persen atau jumlahnya.",
                 "Figures are computed from the counts; check the percentage or the counts.", severity="warning")
    if rec["coverage_pct_given"] is not None and rec["coverage_pct_given"] > 100 and reg is None:
        _err(rep, rowno, colname("coverage_pct"), fmt_pct(rec["coverage_pct_given"]), "Cakupan di atas 100 %.",
             "Coverage above 100 %.", "Periksa bila tidak diharapkan.", "Check if unexpected.", severity="warning")
    if rec["activity_pct_given"] is not None and reg and act is not None:
        a = act / reg * 100
        if abs(a - rec["activity_pct_given"]) > PCT_TOLERANCE:
            alt = f" (aktif ÷ penduduk = {fmt_pct(act / p * 100)})" if p else ""
            alt_en = f" (active ÷ population = {fmt_pct(act / p * 100, 2, 'en')})" if p else ""
            _err(rep, rowno, colname("activity_pct"), fmt_pct(rec["activity_pct_given"]),
                 f"Keaktifan tertulis {fmt_pct(rec['activity_pct_given'])}, dari angkanya {fmt_pct(a)}{alt}.",
                 f"Activity stated as {fmt_pct(rec['activity_pct_given'], 2, 'en')}, its counts give "
                 f"{fmt_pct(a, 2, 'en')}{alt_en}.",
                 "Keaktifan di sini = aktif ÷ terdaftar; periksa definisi sumbernya.",
                 "Activity here is active ÷ registered; check the source's definition.", severity="warning")
    return ok


__all__ = ["Issue", "ImportReport", "import_file", "validate", "default_name", "check_upload", "preview",
           "sheet_names", "MAX_UPLOAD_BYTES",
           "MAX_XLSX_UNPACKED_BYTES", "MAX_ROWS", "MAX_COLUMNS"]
