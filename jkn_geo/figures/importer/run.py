"""The import itself: :func:`validate` (check only) and :func:`import_file` (check, then store
in one transaction). Neither raises for a bad file: the report says what went wrong.

Two kinds of file (``kind``):

* ``official`` (default): a wide table, one row per region and period (and segment); all or
  nothing — one error and nothing is stored. A table of population alone by year or semester
  is stored as a dataset of kind ``population``.
* ``published``: a long table of published figures, one row per figure
  (:mod:`.long_table`); rows with a structural error are refused and listed, the others are
  stored (kind ``published``, with their statements); ``rep.ok`` when at least one was."""
from __future__ import annotations

import datetime as _dt
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jkn_geo.config import IMPORT_KINDS, LEVEL_RANK, MAX_HEADER_SCAN, MAX_NAME_CHARS, SHIPPED_DATASETS
from jkn_geo.figures import parsing as P
from jkn_geo.figures.importer import messages as T
from jkn_geo.figures.importer.long_table import is_long_table, parse_long
from jkn_geo.figures.importer.options import ImportOptions, Progress
from jkn_geo.figures.importer.reading import Source, TooBig, clean_rows, load_rows, read_source, too_big
from jkn_geo.figures.importer.report import ImportReport, Stop, err, short, stop
from jkn_geo.figures.importer.rows import parse
from jkn_geo.figures.parsing import map_columns

if TYPE_CHECKING:
    from jkn_geo.figures.store import Store
    from jkn_geo.geography.registry import Registry



def validate(store_or_source: Any = None, path_or_bytes: Source | None = None, name: str | None = None,
             sheet: str | None = None, filename: str | None = None, *, period: str | None = None,
             today: _dt.date | None = None, registry: Registry | None = None,
             progress: Progress | None = None, kind: str = "official") -> ImportReport:
    """Read and check a file without storing anything. Call as ``validate(store, file, ...)``
    (the store is used to check the dataset name) or ``validate(file, ...)``."""
    if path_or_bytes is None and not hasattr(store_or_source, "write_dataset"):
        store, src = None, store_or_source
    else:
        store, src = store_or_source, path_or_bytes
    return run(store, src, ImportOptions(name=name, sheet=sheet, filename=filename, period=period, today=today,
                                         registry=registry, dry_run=True, progress=progress, kind=kind))


def import_file(store: Store, path_or_bytes: Source, name: str | None = None, sheet: str | None = None,
                filename: str | None = None, *, period: str | None = None, replace: bool = False,
                source: str = "", licence: str = "", today: _dt.date | None = None,
                registry: Registry | None = None, progress: Progress | None = None,
                kind: str = "official") -> ImportReport:
    """Validate a CSV/XLSX file and, when it has no error, store it as one dataset in one
    transaction. ``period`` is used for rows when the file has no period column.
    ``progress(fraction, message)`` is called now and then (0 → 1) for a progress bar."""
    return run(store, path_or_bytes, ImportOptions(name=name, sheet=sheet, filename=filename, period=period,
                                                   today=today, registry=registry, dry_run=False, replace=replace,
                                                   source=source, licence=licence, progress=progress,
                                                   kind=kind))


def default_name(filename: str) -> str:
    stem = Path(filename).stem if filename else "import"
    stem = re.sub(r"\s+", " ", stem.replace("_", " ")).strip()
    return stem or "import"


def run(store: Store | None, src: Source, opts: ImportOptions) -> ImportReport:
    """One import (or check, ``opts.dry_run``), timed; an unexpected failure while reading
    the file becomes an error in the report."""
    t0 = time.perf_counter()
    rep = ImportReport(kind=opts.kind)
    try:
        if opts.kind not in IMPORT_KINDS:
            raise stop(rep, None, "--kind", opts.kind, T.UNKNOWN_IMPORT_KIND.format(kinds=", ".join(IMPORT_KINDS)))
        if opts.kind == "published":
            _run_published(rep, store, src, opts)
        else:
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
    from jkn_geo.figures.naming import clean_name, confusable_with

    rep.name = clean_name(rep.name) or rep.name
    if len(rep.name) > MAX_NAME_CHARS:
        err(rep, None, None, rep.name, T.NAME_TOO_LONG.format(n=len(rep.name), limit=MAX_NAME_CHARS), T.SHORTER_NAME)
    if store is not None and (rep.name in SHIPPED_DATASETS or (store.exists(rep.name) and not replace)):
        err(rep, None, None, rep.name, T.NAME_TAKEN.format(name=rep.name), T.OTHER_NAME)
    elif store is not None:
        other = confusable_with(rep.name, list(store.names()) + list(SHIPPED_DATASETS))
        if other is not None:
            err(rep, None, None, rep.name, T.NAME_CONFUSABLE.format(name=rep.name, other=other), T.DISTINCT_NAME)


def _summarise(rep: ImportReport, frame) -> None:
    rep.frame = frame
    rep.rows = len(frame)
    rep.periods = sorted(frame["period"].unique()) if len(frame) else []
    rep.levels = sorted(frame["level"].unique(), key=LEVEL_RANK.__getitem__) if len(frame) else []
    if not len(frame) and not rep.errors:
        err(rep, None, None, None, T.NOTHING_TO_STORE, T.FILL_FIGURES)
    rep.ok = not rep.errors


def _store(rep: ImportReport, store: Store, frame, fname: str, opts: ImportOptions, statements=None) -> None:
    from jkn_geo.figures.store import StoreBusy, StoreError

    issues = rep.issues_frame()
    if opts.kind != "published":        # published: the refused rows' errors are kept too
        issues = issues[issues["severity"] == "warning"]
    kind = "published" if opts.kind == "published" else "population" if rep.population_table else "imported"
    opts.tell(0.9, "menyimpan / storing")
    rep._writing = True
    try:
        store.write_dataset(rep.name, frame, kind=kind, source=P.clean_text(str(opts.source or fname)),
                            licence=opts.licence, issues=issues, replace=opts.replace, statements=statements,
                            file_name=fname,
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
    if is_long_table(rows) and not any(map_columns(r).has("registered") for _i, r in rows[:MAX_HEADER_SCAN]):
        raise stop(rep, None, "--kind", None, T.LOOKS_PUBLISHED, T.USE_KIND_PUBLISHED)
    frame = parse(rows, rep, opts.period, opts.today, opts.registry,
                  lambda f: opts.tell(0.15 + 0.7 * f, "memeriksa baris / checking rows"), hidden=hidden,
                  formulas=formulas)
    _summarise(rep, frame)
    if rep.ok and not opts.dry_run:
        _store(rep, store, frame, fname, opts)
    opts.tell(1.0, "selesai / done")


def _run_published(rep: ImportReport, store: Store | None, src: Source, opts: ImportOptions) -> None:
    """A long table of published figures: the good rows stored, the others listed."""
    from jkn_geo.figures.published import to_frames

    opts.tell(0.0, "membaca file / reading the file")
    data, fname = _read(rep, src, opts)
    _check_name(rep, store, opts.replace)
    rows, _hidden, _formulas = clean_rows(load_rows(data, fname, opts.sheet, rep))
    opts.tell(0.15, "memeriksa baris / checking rows")
    long = parse_long(rows, rep, P.current_month(opts.today), opts.registry, fname,
                      lambda f: opts.tell(0.15 + 0.6 * f, "memeriksa baris / checking rows"))
    rep.figures = len(long)
    rep.statements = long
    file_errors = [e for e in rep.errors if e.row is None]
    if not len(long):
        if not rep.errors:
            err(rep, None, None, None, T.NOTHING_TO_STORE, T.FILL_FIGURES)
        rep.ok = False
        return
    opts.tell(0.8, "menyusun angka / building the figures")
    wide, stm = to_frames(long, registry=opts.registry)
    stm["measure_stated"] = long["measure_stated"].values
    rep.frame = wide
    rep.rows = len(wide)
    rep.periods = sorted(wide["period"].unique()) if len(wide) else []
    rep.levels = sorted(wide["level"].unique(), key=LEVEL_RANK.__getitem__) if len(wide) else []
    rep.ok = not file_errors
    if rep.ok and not opts.dry_run:
        _store(rep, store, wide, fname, opts, statements=stm)
    opts.tell(1.0, "selesai / done")
