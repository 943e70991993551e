"""Reading an XLSX upload: the zip checked before anything is unpacked, one sheet streamed with
limits on what it declares and on the row and cell records it holds (empty ones included),
formulas without stored results kept as formulas, percent-formatted numbers × 100."""
from __future__ import annotations

import io
import re
import time
import zipfile
from typing import NoReturn

from jkn_geo.config import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSX_CELL_RECORDS,
    MAX_XLSX_PART_BYTES,
    MAX_XLSX_PARTS,
    MAX_XLSX_ROW_RECORDS,
    MAX_XLSX_UNPACKED_BYTES,
    PREVIEW_MAX_SECONDS,
)
from jkn_geo.figures.importer import messages as T
from jkn_geo.figures.importer.limits import counts, sizes, too_many
from jkn_geo.figures.importer.report import ImportReport, Stop, short, stop
from jkn_geo.text import Text

Rows = list[tuple[int, list]]


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


def _sheet_rows(wb, ws, rep: ImportReport, stop_after: int | None = None) -> Rows:
    """The sheet's rows, with limits on the row and cell records actually in the file (empty ones
    included: a small file can hold millions of empty rows) and, for a preview (``stop_after``),
    on the time spent. A ``<dimension>`` claiming the whole sheet is not believed or expanded:
    only records present are read."""
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
