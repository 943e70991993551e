"""The import itself: :func:`validate` (check only) and :func:`import_file` (check, then store
in one transaction). Neither raises for a bad file: the report says what went wrong."""
from __future__ import annotations

import datetime as _dt
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jkn_geo.config import LEVEL_RANK, MAX_NAME_CHARS, SHIPPED_DATASETS
from jkn_geo.figures import parsing as P
from jkn_geo.figures.importer import messages as T
from jkn_geo.figures.importer.options import ImportOptions, Progress
from jkn_geo.figures.importer.reading import Source, TooBig, clean_rows, load_rows, read_source, too_big
from jkn_geo.figures.importer.report import ImportReport, Stop, err, short, stop
from jkn_geo.figures.importer.rows import parse

if TYPE_CHECKING:
    from jkn_geo.figures.store import Store
    from jkn_geo.geography.registry import Registry



def validate(store_or_source: Any = None, path_or_bytes: Source | None = None, name: str | None = None,
             sheet: str | None = None, filename: str | None = None, *, period: str | None = None,
             today: _dt.date | None = None, registry: Registry | None = None,
             progress: Progress | None = None) -> ImportReport:
    """Read and check a file without storing anything. Call as ``validate(store, file, ...)``
    (the store is used to check the dataset name) or ``validate(file, ...)``."""
    if path_or_bytes is None and not hasattr(store_or_source, "write_dataset"):
        store, src = None, store_or_source
    else:
        store, src = store_or_source, path_or_bytes
    return run(store, src, ImportOptions(name=name, sheet=sheet, filename=filename, period=period, today=today,
                                         registry=registry, dry_run=True, progress=progress))


def import_file(store: Store, path_or_bytes: Source, name: str | None = None, sheet: str | None = None,
                filename: str | None = None, *, period: str | None = None, replace: bool = False,
                source: str = "", licence: str = "", today: _dt.date | None = None,
                registry: Registry | None = None, progress: Progress | None = None) -> ImportReport:
    """Validate a CSV/XLSX file and, when it has no error, store it as one dataset in one
    transaction. ``period`` is used for rows when the file has no period column.
    ``progress(fraction, message)`` is called now and then (0 → 1) for a progress bar."""
    return run(store, path_or_bytes, ImportOptions(name=name, sheet=sheet, filename=filename, period=period,
                                                   today=today, registry=registry, dry_run=False, replace=replace,
                                                   source=source, licence=licence, progress=progress))


def default_name(filename: str) -> str:
    stem = Path(filename).stem if filename else "import"
    stem = re.sub(r"\s+", " ", stem.replace("_", " ")).strip()
    return stem or "import"


def run(store: Store | None, src: Source, opts: ImportOptions) -> ImportReport:
    """One import (or check, ``opts.dry_run``), timed; an unexpected failure while reading
    the file becomes an error in the report."""
    t0 = time.perf_counter()
    rep = ImportReport()
    try:
        _run_checked(rep, store, src, opts)
    except Stop:
        rep.ok = False
    except Exception as exc:  # noqa: BLE001 - last resort: a message, never a traceback on screen
        if getattr(rep, "_writing", False):
            raise      # not a file problem: the store rolled back; store failures arrive as StoreError
        err(rep, None, None, None, T.UNEXPECTED.format(kind=type(exc).__name__, detail=short(exc)), T.UNEXPECTED_HINT)
        rep.internal_error = True
        rep.ok = False
        rep.dataset = None
    rep.seconds = time.perf_counter() - t0
    return rep


def _read(rep: ImportReport, src: Source, opts: ImportOptions) -> tuple[bytes, str]:
    """The file's bytes and cleaned name; ``rep.name`` set (a too-big file still gets its name)."""
    try:
        data, fname = read_source(src, opts.filename)
    except TooBig as big:
        rep.name = P.clean_text(str(opts.name or "")).strip() or default_name(big.fname)
        too_big(rep, big.size)
        raise Stop from None
    except OSError as exc:
        raise stop(rep, None, None, None, T.CANNOT_OPEN.format(exc=exc), T.CHECK_PATH) from None
    fname = P.clean_text(str(fname))
    rep.name = P.clean_text(str(opts.name or "")).strip() or default_name(fname)
    return data, fname


def _check_name(rep: ImportReport, store: Store | None, replace: bool) -> None:
    if len(rep.name) > MAX_NAME_CHARS:
        err(rep, None, None, rep.name, T.NAME_TOO_LONG.format(n=len(rep.name), limit=MAX_NAME_CHARS), T.SHORTER_NAME)
    if store is not None and (rep.name in SHIPPED_DATASETS or (store.exists(rep.name) and not replace)):
        err(rep, None, None, rep.name, T.NAME_TAKEN.format(name=rep.name), T.OTHER_NAME)


def _summarise(rep: ImportReport, frame) -> None:
    rep.frame = frame
    rep.rows = len(frame)
    rep.periods = sorted(frame["period"].unique()) if len(frame) else []
    rep.levels = sorted(frame["level"].unique(), key=LEVEL_RANK.__getitem__) if len(frame) else []
    if not len(frame) and not rep.errors:
        err(rep, None, None, None, T.NOTHING_TO_STORE, T.FILL_FIGURES)
    rep.ok = not rep.errors


def _store(rep: ImportReport, store: Store, frame, fname: str, opts: ImportOptions) -> None:
    from jkn_geo.figures.store import StoreBusy, StoreError

    issues = rep.issues_frame()
    issues = issues[issues["severity"] == "warning"]
    opts.tell(0.9, "menyimpan / storing")
    rep._writing = True
    try:
        store.write_dataset(rep.name, frame, kind="imported", source=P.clean_text(str(opts.source or fname)),
                            licence=opts.licence, issues=issues, replace=opts.replace,
                            note=f"imported from {fname}" + (f", sheet {rep.sheet}" if rep.sheet else ""))
        rep.dataset = rep.name
    except StoreBusy as exc:
        err(rep, None, None, None, T.STORE_BUSY.format(exc=exc), T.WAIT_AND_RETRY)
        rep.ok = False
    except StoreError as exc:
        err(rep, None, None, None, T.STORE_FAILED.format(exc=exc), T.STORE_UNCHANGED)
        rep.ok = False
    rep._writing = False


def _run_checked(rep: ImportReport, store: Store | None, src: Source, opts: ImportOptions) -> None:
    opts.tell(0.0, "membaca file / reading the file")
    data, fname = _read(rep, src, opts)
    _check_name(rep, store, opts.replace)
    rows, hidden, formulas = clean_rows(load_rows(data, fname, opts.sheet, rep))
    opts.tell(0.15, "memeriksa baris / checking rows")
    frame = parse(rows, rep, opts.period, opts.today, opts.registry,
                  lambda f: opts.tell(0.15 + 0.7 * f, "memeriksa baris / checking rows"), hidden=hidden,
                  formulas=formulas)
    _summarise(rep, frame)
    if rep.ok and not opts.dry_run:
        _store(rep, store, frame, fname, opts)
    opts.tell(1.0, "selesai / done")
