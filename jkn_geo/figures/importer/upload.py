"""For an upload form, before anything is imported: the size and format checks alone
(:func:`check_upload`), the sheets of an XLSX (:func:`sheet_names`) and the first rows as text
(:func:`preview`), all read with the importer's limits and safeguards."""
from __future__ import annotations

import io

import pandas as pd

from jkn_geo.config import MAX_UPLOAD_BYTES
from jkn_geo.figures import parsing as P
from jkn_geo.figures.importer import messages as T, reading as R
from jkn_geo.figures.importer.report import ImportReport, Issue, Stop, err

Data = bytes | bytearray | memoryview | None


def check_upload(data: Data, filename: str = "upload") -> list[Issue]:
    """The checks that need no parsing, for an upload form before anything opens the file:
    size (:data:`MAX_UPLOAD_BYTES`), emptiness, the old .xls format and, for XLSX, a damaged
    zip or one that would unpack to more than :data:`MAX_XLSX_UNPACKED_BYTES`. Returns the
    problems (empty list: go on with :func:`validate`)."""
    rep = ImportReport()
    try:
        R.precheck(bytes(data or b""), filename or "upload", rep)
    except Stop:
        pass
    return rep.errors


def sheet_names(data: Data) -> list[str]:
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


def _first_lines(text: str, nrows: int) -> str:
    """Enough lines of a CSV for ``nrows`` records, quotes included."""
    cut = 0
    for _ in range(nrows * 4):
        nxt = text.find("\n", cut)
        if nxt < 0:
            return text
        cut = nxt + 1
    return text[:cut]


def preview(data: Data, filename: str = "upload", sheet: str | None = None,
            nrows: int = 20) -> tuple[pd.DataFrame, list[Issue]]:
    """The first ``nrows`` rows with content of an upload, as text cells (the header row as
    first row), read with the importer's limits and safeguards (no zip bomb or huge file is
    expanded). Returns ``(frame, problems)``; ``problems`` is non-empty when the file cannot
    be read, and then the frame is empty."""
    rep = ImportReport()
    try:
        data = bytes(data or b"")
        fname = filename or "upload"
        R.precheck(data, fname, rep)
        if R.is_xlsx(data, fname):
            rows = R.xlsx_rows(data, sheet, rep, stop_after=nrows)
        else:
            rows = R.csv_rows(_first_lines(R.decode(data), nrows), rep)
        rows, _hidden, _formulas = R.clean_rows(rows)
    except Stop:
        return pd.DataFrame(), rep.errors
    except Exception as exc:  # noqa: BLE001 - a preview never raises
        err(rep, None, None, None, T.NO_PREVIEW.format(kind=type(exc).__name__), T.USE_CHECK_BUTTON)
        return pd.DataFrame(), rep.errors
    body = [r for _i, r in rows if any(not P.is_missing_text(v) for v in r)][:nrows]
    width = max((len(r) for r in body), default=0)
    return pd.DataFrame([["" if v is None else str(v) for v in r] + [""] * (width - len(r)) for r in body],
                        columns=[f"{R.col_letter(j + 1)}" for j in range(width)]), []
