"""Reading an upload with limits: the bytes (size checked before reading it all), the format
checks, the zip/XLSX guards, and the rows of a CSV or of one XLSX sheet as
``[(row number as the user sees it, [cells])]``.

The limits (:data:`MAX_ROWS`, :data:`MAX_LINES`, :data:`MAX_COLUMNS` ...) are looked up in this
module when a file is read: a test that makes one small patches it here.
"""
from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from pathlib import Path
from typing import BinaryIO, NoReturn

from jkn_geo.config import (
    MAX_COLUMNS,
    MAX_LINES,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    MAX_XLSX_CELL_RECORDS,
    MAX_XLSX_DECLARED_CELLS,
    MAX_XLSX_PART_BYTES,
    MAX_XLSX_PARTS,
    MAX_XLSX_ROW_RECORDS,
    MAX_XLSX_UNPACKED_BYTES,
    PREVIEW_MAX_SECONDS,
)
from jkn_geo.figures import parsing as P
from jkn_geo.figures.importer import messages as T
from jkn_geo.figures.importer.report import ImportReport, Stop, err, short, stop
from jkn_geo.fmt import fmt_int
from jkn_geo.text import Text

Source = bytes | bytearray | memoryview | str | Path | BinaryIO
Rows = list[tuple[int, list]]


# ---- bytes and size --------------------------------------------------------------------------------
class TooBig(Exception):
    def __init__(self, size: int, fname: str):
        super().__init__(size)
        self.size, self.fname = size, fname


def read_source(path_or_bytes: Source, filename: str | None = None) -> tuple[bytes, str]:
    """The file's bytes and name. Raises :class:`TooBig` (without reading it all) for a
    file over :data:`MAX_UPLOAD_BYTES`."""
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        fname = filename or "upload"
        if len(path_or_bytes) > MAX_UPLOAD_BYTES:
            raise TooBig(len(path_or_bytes), fname)
        return bytes(path_or_bytes), fname
    if hasattr(path_or_bytes, "read"):
        fname = filename or getattr(path_or_bytes, "name", None) or "upload"
        data = path_or_bytes.read(MAX_UPLOAD_BYTES + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
        if len(data) > MAX_UPLOAD_BYTES:
            raise TooBig(len(data), str(fname))
        return data, str(fname)
    p = Path(path_or_bytes)
    fname = filename or p.name
    size = p.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        raise TooBig(size, fname)
    with p.open("rb") as f:
        data = f.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:          # grew while reading
        raise TooBig(len(data), fname)
    return data, fname


def mib(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",") + " MB"


def sizes(**named: int) -> dict[str, str]:
    """``size=n`` → ``{"size": "1,5 MB", "size_en": "1.5 MB"}`` for :meth:`Text.format`."""
    out = {}
    for k, n in named.items():
        out[k], out[k + "_en"] = mib(n), mib(n).replace(",", ".")
    return out


def counts(**named: int) -> dict[str, str]:
    """``n=1234`` → ``{"n": "1.234", "n_en": "1,234"}`` for :meth:`Text.format`."""
    out = {}
    for k, n in named.items():
        out[k], out[k + "_en"] = fmt_int(n), fmt_int(n, "en")
    return out


def too_big(rep: ImportReport, size: int) -> None:
    err(rep, None, None, None, T.TOO_BIG.format(**sizes(size=size, limit=MAX_UPLOAD_BYTES)), T.SPLIT_OR_DROP_COLUMNS)


def is_xlsx(data: bytes, fname: str) -> bool:
    return data[:4] == b"PK\x03\x04" or fname.lower().endswith((".xlsx", ".xlsm"))


def precheck(data: bytes, fname: str, rep: ImportReport) -> None:
    """Size, emptiness and format, before anything parses the file (raises :class:`Stop`)."""
    if len(data) > MAX_UPLOAD_BYTES:
        too_big(rep, len(data))
        raise Stop
    if not data or not data.strip():
        raise stop(rep, None, None, None, T.EMPTY_FILE, T.CHOOSE_TABLE)
    low = fname.lower()
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if low.endswith((".xlsx", ".xlsm")):
            raise stop(rep, None, None, None, T.ENCRYPTED_OR_XLS, T.REMOVE_PASSWORD_SAVE)
        raise stop(rep, None, None, None, T.OLD_XLS, T.SAVE_AS_XLSX_OR_CSV)
    if low.endswith(".xls"):
        raise stop(rep, None, None, None, T.OLD_XLS, T.SAVE_AS_XLSX_OR_CSV)
    if is_xlsx(data, fname):
        inspect_zip(data, rep)


def load_rows(data: bytes, fname: str, sheet: str | None, rep: ImportReport) -> Rows:
    """The rows of the file (checked by :func:`precheck` first)."""
    precheck(data, fname, rep)
    if is_xlsx(data, fname):
        return xlsx_rows(data, sheet, rep)
    if sheet:
        err(rep, None, None, sheet, T.CSV_NO_SHEETS, T.DROP_SHEET_OPTION, severity="warning")
    text, legacy_lines = decode_lines(data)
    rows = csv_rows(text, rep)
    encoding_warnings(rep, rows, legacy_lines)
    return rows


def too_many(rep: ImportReport, row: int, limit: Text) -> NoReturn:
    raise stop(rep, row, None, None, T.TOO_LONG.format(limit=limit.id, limit_en=limit.en), T.SPLIT_FILE)


# ---- CSV ---------------------------------------------------------------------------------------------
def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def decode_lines(data: bytes) -> tuple[str, list[int]]:
    """The text of a CSV and the lines (1-based) that were not UTF-8 in a file that otherwise is:
    those lines alone are read as cp1252, so a file that mixes the two keeps both right (decoding
    it all as cp1252 turned every UTF-8 ``é`` into ``Ã©``). Linear: one decode per line, only
    when the whole file is not UTF-8."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(data), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    parts, legacy, utf8_seen = [], [], False
    for i, line in enumerate(data.splitlines(keepends=True), 1):
        try:
            t = line.decode("utf-8")
            utf8_seen = utf8_seen or not t.isascii()
        except UnicodeDecodeError:
            t = line.decode("cp1252", errors="replace")
            legacy.append(i)
        parts.append(t)
    return "".join(parts), legacy if utf8_seen else []


def _header_name(rows: Rows, j: int) -> str:
    """A column as a message names it: the first row's cell above it (the header, usually)."""
    first = rows[0][1] if rows else []
    h = first[j] if j < len(first) else None
    return str(h).strip() if h is not None and str(h).strip() else str(j + 1)


_MOJIBAKE_HINT = re.compile("[ÃÂâÅÄÆ][\u0080-\u00bf\u0152-\u2122]")


def _unmojibake(v: str) -> str | None:
    """``"cafÃ©"`` → ``"café"``: the text a UTF-8 cell had before it was read as cp1252 and
    saved again; None when ``v`` does not look like that."""
    if v.isascii() or not _MOJIBAKE_HINT.search(v):
        return None
    try:
        fixed = v.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed if fixed != v else None


def encoding_warnings(rep: ImportReport, rows: Rows, legacy_lines: list[int]) -> None:
    """A warning for a file that mixes UTF-8 and cp1252 lines, and one for cells that hold
    mojibake (``Ã©`` for ``é``), each naming the first row and column."""
    if legacy_lines:
        first = legacy_lines[0]
        k = max((i for i, (start, _r) in enumerate(rows) if start <= first), default=None)
        if k is not None:
            rowno, r = rows[k]
            j = next((j for j, v in enumerate(r) if isinstance(v, str) and not v.isascii()), 0)
            err(rep, rowno, _header_name(rows, j), r[j] if j < len(r) else None,
                T.MIXED_ENCODING.format(col=_header_name(rows, j), value=short(r[j] if j < len(r) else ""),
                                        **counts(n=len(legacy_lines))), T.SAVE_AS_UTF8, severity="warning")
    found, first_hit = 0, None
    for rowno, r in rows:
        for j, v in enumerate(r):
            if isinstance(v, str) and not v.isascii():
                fixed = _unmojibake(v)
                if fixed is not None:
                    found += 1
                    first_hit = first_hit or (rowno, j, v, fixed)
    if first_hit:
        rowno, j, v, fixed = first_hit
        err(rep, rowno, _header_name(rows, j), v,
            T.MOJIBAKE.format(value=short(v), fixed=short(fixed), **counts(n=found)), T.SAVE_AS_UTF8,
            severity="warning")


def _delimiter(text: str) -> str:
    """The separator (``;``, ``,``, tab or ``|``) that splits the first lines most evenly."""
    lines = [ln for ln in text[:65536].splitlines()[:30] if ln.strip()]
    best, best_score = ",", -1.0
    for d in (";", ",", "\t", "|"):
        counts_ = [len(r) for r in csv.reader(lines, delimiter=d)]
        if not counts_ or max(counts_) < 2:
            continue
        mode = max(set(counts_), key=counts_.count)
        score = counts_.count(mode) / len(counts_) * 10 + min(mode, 50) / 50
        if score > best_score:
            best, best_score = d, score
    return best


def csv_rows(text: str, rep: ImportReport) -> Rows:
    """The records with content, numbered by the line they start on; at most :data:`MAX_LINES`
    lines and :data:`MAX_ROWS` records with content."""
    out = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    start, n_lines, n_rows = 1, 0, 0
    try:
        for rec in reader:
            n_lines += 1
            if n_lines > MAX_LINES:
                too_many(rep, start, T.LIMIT_LINES.format(**counts(n=MAX_LINES)))
            if any(rec):
                n_rows += 1
                if n_rows > MAX_ROWS:
                    too_many(rep, start, T.LIMIT_ROWS.format(**counts(n=MAX_ROWS)))
                out.append((start, rec))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise stop(rep, start, None, None, T.CSV_UNREADABLE.format(exc=exc), T.UNCLOSED_QUOTE) from None
    _unclosed_quote(rep, text, out)
    return out


def _unclosed_quote(rep: ImportReport, text: str, out: Rows) -> None:
    """Stop on a quote that is never closed: the csv module then reads the rest of the file into
    one cell of the last record (which used to end as "period unreadable"). Recognised by an odd
    number of quote marks and a last record whose cell runs over several lines."""
    if not out or text.count('"') % 2 == 0:
        return
    start, rec = out[-1]
    j = next((j for j, v in enumerate(rec) if "\n" in v or "\r" in v), None)
    if j is None:
        return
    lines = rec[j].rstrip("\r\n").count("\n") + 1
    raise stop(rep, start, _header_name(out, j), rec[j],
               T.UNCLOSED_QUOTE_AT.format(col=_header_name(out, j), **counts(lines=lines)), T.CLOSE_QUOTE)


# ---- XLSX --------------------------------------------------------------------------------------------
def bad_xlsx(rep: ImportReport, what: Text, hint: Text | None = None) -> NoReturn:
    raise stop(rep, None, None, None, T.BAD_XLSX.format(what=what.id, what_en=what.en), hint or T.RESAVE_OR_DOWNLOAD)


def inspect_zip(data: bytes, rep: ImportReport) -> None:
    """Refuse a damaged zip or one that would unpack to too much, from the zip directory alone
    (nothing is unpacked). zipfile never returns more than a part's declared size: a part
    that unpacks to more fails its checksum later and ends as a damaged-file message."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, IndexError,
            NotImplementedError, RuntimeError) as exc:
        bad_xlsx(rep, T.ZIP_DAMAGED.format(exc=exc))
    if len(infos) > MAX_XLSX_PARTS:
        bad_xlsx(rep, T.ZIP_PARTS.format(**counts(n=len(infos), limit=MAX_XLSX_PARTS)))
    unpacked = sum(max(0, i.file_size) for i in infos)
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        bad_xlsx(rep, T.ZIP_UNPACKED.format(**sizes(size=unpacked, limit=MAX_XLSX_UNPACKED_BYTES, packed=len(data))),
                 T.SPLIT_OR_CSV)
    for i in infos:
        if i.file_size > MAX_XLSX_PART_BYTES and not re.fullmatch(r"(?i)xl/worksheets/[^/]+\.xml", i.filename):
            bad_xlsx(rep, T.ZIP_PART.format(part=i.filename, **sizes(size=i.file_size, limit=MAX_XLSX_PART_BYTES)),
                     T.TABLE_AS_CSV)
    if any(i.flag_bits & 0x1 for i in infos):
        bad_xlsx(rep, T.ZIP_ENCRYPTED, T.REMOVE_PASSWORD)


class Formula:
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
                    c["value"] = Formula("=" + (f.text or ""))
            return c

    return _Parser


def col_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    try:
        return get_column_letter(i)
    except ValueError:
        return str(i)


def _exception(exc: BaseException) -> Text:
    return T.EXCEPTION.format(kind=type(exc).__name__, detail=short(exc))


def xlsx_rows(data: bytes, sheet: str | None, rep: ImportReport, stop_after: int | None = None) -> Rows:
    """The rows of one sheet, streamed with limits: only cells present in the file are read
    (no padding to a declared size), a cell right of :data:`MAX_COLUMNS` or more than
    :data:`MAX_ROWS` rows with content stop reading with a message."""
    import openpyxl

    inspect_zip(data, rep)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds
        bad_xlsx(rep, _exception(exc))
    try:
        return _sheet_rows(wb, _pick_sheet(wb, sheet, rep), rep, stop_after)
    except Stop:
        raise
    except Exception as exc:  # noqa: BLE001 - damaged parts show up only while streaming
        rows_read = getattr(rep, "_xlsx_row", None)
        where = T.AROUND_ROW.format(n=rows_read) if rows_read else Text("", "")
        bad_xlsx(rep, T.SHEET_DAMAGED.format(where=where.id, where_en=where.en, kind=type(exc).__name__,
                                             detail=short(exc)))
    finally:
        try:
            wb.close()
        except Exception:  # noqa: BLE001
            pass


def _pick_sheet(wb, sheet: str | None, rep: ImportReport):
    """The worksheet asked for (the first by default; names compared without case)."""
    names = wb.sheetnames
    if not names:
        bad_xlsx(rep, T.NO_SHEETS)
    choose = T.CHOOSE_SHEET.format(names=", ".join(names))
    if sheet is None:
        ws = wb[names[0]]
    elif sheet in names:
        ws = wb[sheet]
    else:
        low = {n.strip().lower(): n for n in names}
        if str(sheet).strip().lower() not in low:
            raise stop(rep, None, None, sheet, T.NO_SUCH_SHEET.format(sheet=sheet), choose)
        ws = wb[low[str(sheet).strip().lower()]]
    rep.sheet = ws.title
    if not hasattr(ws, "_get_source"):          # not a worksheet (a chart sheet)
        raise stop(rep, None, None, ws.title, T.NOT_A_TABLE.format(sheet=ws.title), choose)
    return ws


def _percent_styles(ws):
    """``is_pct(style_id)``: whether a cell style formats numbers as percent (cached)."""
    from openpyxl.cell.read_only import ReadOnlyCell

    pct_style: dict = {}

    def is_pct(style_id) -> bool:
        if style_id not in pct_style:
            try:
                fmt = ReadOnlyCell(ws, 1, 1, None, "n", style_id).number_format or ""
            except Exception:  # noqa: BLE001 - a style index that does not exist
                fmt = ""
            pct_style[style_id] = "%" in fmt
        return pct_style[style_id]

    return is_pct


def _row_values(cells, idx: int, rep: ImportReport, is_pct) -> list:
    """The values of one sheet row by column (cells without a value left out, percent-formatted
    numbers × 100); a cell right of :data:`MAX_COLUMNS` stops reading."""
    vals: list = []
    for c in cells:
        v = c["value"]
        if v is None:
            continue
        col = c["column"]
        if col > MAX_COLUMNS or col < 1:
            raise stop(rep, idx, col_letter(col), v,
                       T.TOO_FAR_RIGHT.format(col=col_letter(col), limit=MAX_COLUMNS, **counts(n=col)),
                       T.DELETE_FAR_CELL)
        if c["style_id"] and isinstance(v, (int, float)) and not isinstance(v, bool) and is_pct(c["style_id"]):
            v = round(v * 100, 10)
        if col > len(vals):
            vals.extend([None] * (col - len(vals)))
        vals[col - 1] = v
    return vals


def _declared_cells(ws) -> int | None:
    """Rows × columns the sheet declares in its ``<dimension ref>`` (None when it declares none)."""
    try:
        dim = ws.calculate_dimension()
    except Exception:  # noqa: BLE001 - an unsized sheet
        return None
    from openpyxl.utils.cell import range_boundaries

    try:
        c1, r1, c2, r2 = range_boundaries(dim)
    except Exception:  # noqa: BLE001 - a malformed reference: judged by the records read
        return None
    return (r2 - r1 + 1) * (c2 - c1 + 1)


def _sheet_rows(wb, ws, rep: ImportReport, stop_after: int | None = None) -> Rows:
    """The sheet's rows, with limits on what the file declares and on the row and cell records
    actually read (empty ones included: a small file can hold millions of empty rows), and, for
    a preview (``stop_after``), on the time spent."""
    declared = _declared_cells(ws)
    if declared is not None and declared > MAX_XLSX_DECLARED_CELLS:
        bad_xlsx(rep, T.XLSX_DECLARES_TOO_MUCH.format(**counts(n=declared, limit=MAX_XLSX_DECLARED_CELLS)),
                 T.COPY_TO_NEW_SHEET)
    deadline = time.monotonic() + PREVIEW_MAX_SECONDS if stop_after is not None else None
    is_pct = _percent_styles(ws)
    out = []
    n_rows = n_records = n_cells = 0
    with ws._get_source() as src:
        parser = _sheet_parser()(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for idx, cells in parser.parse():
            rep._xlsx_row = idx
            n_records += 1
            n_cells += len(cells)
            if n_records > MAX_XLSX_ROW_RECORDS or n_cells > MAX_XLSX_CELL_RECORDS:
                bad_xlsx(rep, T.XLSX_TOO_MANY_RECORDS.format(**counts(rows=n_records, cells=n_cells)),
                         T.COPY_TO_NEW_SHEET)
            if deadline is not None and n_records % 1000 == 0 and time.monotonic() > deadline:
                break                                   # a preview shows what it has read so far
            vals = _row_values(cells, idx, rep, is_pct)
            if vals:
                n_rows += 1
                if n_rows > MAX_ROWS:
                    too_many(rep, idx, T.LIMIT_ROWS.format(**counts(n=MAX_ROWS)))
                out.append((idx, vals))
                if stop_after is not None and n_rows >= stop_after:
                    break
    return out


# ---- cells as a person reads them -------------------------------------------------------------------
def clean_rows(rows: Rows) -> tuple[Rows, list[tuple[int, int]], list[tuple[int, int, str]]]:
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
            elif type(v) is Formula:
                formulas.append((rowno, j, v.text))
        out.append((rowno, r if changed is None else changed))
    return out, hidden, formulas
