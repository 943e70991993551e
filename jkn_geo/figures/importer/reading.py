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
from pathlib import Path
from typing import BinaryIO

from jkn_geo.config import MAX_LINES, MAX_ROWS, MAX_UPLOAD_BYTES
from jkn_geo.figures import parsing as P
from jkn_geo.figures.importer import messages as T

# the limits' words and the XLSX reader live in their own modules (re-exported: reading.counts, …)
from jkn_geo.figures.importer.limits import TooBig, counts, mib, sizes, too_big, too_many  # noqa: F401
from jkn_geo.figures.importer.report import ImportReport, Stop, err, short, stop
from jkn_geo.figures.importer.xlsx import Formula, bad_xlsx, col_letter, inspect_zip, xlsx_rows  # noqa: F401

Source = bytes | bytearray | memoryview | str | Path | BinaryIO
Rows = list[tuple[int, list]]


# ---- bytes and size --------------------------------------------------------------------------------
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
