"""Opening the store file: the errors a store can raise, waiting while another process holds the
file (``$JKN_GEO_DB_BUSY_TIMEOUT``), and damaged files — checked read-only first and copied aside
before anything could change them."""
from __future__ import annotations

import datetime as _dt
import os
import re
import time
from pathlib import Path

import duckdb

from jkn_geo.config import ENV_DB, ENV_DB_BUSY_TIMEOUT, PROJECT_ROOT


class StoreError(Exception):
    """A store operation that cannot be done (unknown dataset, name taken, ...)."""


class StoreBusy(StoreError):
    """Another process has the store file open (DuckDB allows one writing process per file)."""


class StoreCorrupt(StoreError):
    """The store file exists but is not a readable DuckDB database."""


DEFAULT_BUSY_TIMEOUT = 10.0     # seconds to keep retrying a store file held by another process
_LOCK_HELD = re.compile(r"(?i)could not set lock|conflicting lock|lock on file|resource temporarily unavailable")


def busy_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get(ENV_DB_BUSY_TIMEOUT, DEFAULT_BUSY_TIMEOUT)))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT


def _connect(path: Path, timeout: float | None):
    """``duckdb.connect`` that waits while another process holds the file, then says so."""
    deadline = time.monotonic() + (busy_timeout() if timeout is None else timeout)
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.Error as exc:
            msg = str(exc)
            if _LOCK_HELD.search(msg):
                if time.monotonic() < deadline:
                    time.sleep(delay)
                    delay = min(delay * 2, 0.5)
                    continue
                pid = re.search(r"PID (\d+)", msg)
                who = f" (PID {pid.group(1)})" if pid else ""
                raise StoreBusy(
                    f"penyimpanan {path} sedang dipakai proses lain{who}, mis. aplikasi yang sedang berjalan "
                    f"atau impor lain; coba lagi sebentar lagi, atau impor lewat halaman Data di aplikasi / "
                    f"the store {path} is in use by another process{who}, e.g. the running app or another import; "
                    f"try again in a moment, or import through the app's Data page") from None
            raise StoreCorrupt(_corrupt_message(path, exc)) from None


def _corrupt_message(path, exc) -> str:
    return (f"file penyimpanan {path} rusak atau bukan basis data DuckDB ({exc}); pulihkan dari cadangan, atau "
            f"pindahkan file itu agar dibuat baru (dataset impor di dalamnya perlu diimpor ulang) / the store file "
            f"{path} is damaged or not a DuckDB database ({exc}); restore it from a backup, or move it away so a "
            f"new one is created (imported datasets in it must then be imported again)")


def _copy_aside(path: Path) -> Path:
    """``<file>.damaged-<UTC time>`` (and its ``.wal``): the damaged store as it was found."""
    import shutil

    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    dest = path.with_name(f"{path.name}.damaged-{stamp}")
    shutil.copy2(path, dest)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        shutil.copy2(wal, dest.with_name(dest.name + ".wal"))
    return dest


def _check_read_only(path: Path) -> None:
    """Open an existing store read-only and read every block of its tables. A damaged file is
    copied aside (with its write-ahead log) and refused with :class:`StoreCorrupt` *before*
    any writing connection could replay, truncate or extend it. A file held by another
    process (or by this one) is left to :func:`_connect`."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        msg = str(exc)
        if _LOCK_HELD.search(msg) or "different configuration" in msg or "already" in msg.lower():
            return
        _refuse_damaged(path, exc)
    try:
        have = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                          "WHERE table_type = 'BASE TABLE'").fetchall()]
        for table in have:                      # every block of every table: checksums
            quoted = '"' + str(table).replace('"', '""') + '"'
            con.execute(f"SELECT count(*), sum(hash(t)) FROM {quoted} t").fetchall()
    except duckdb.Error as exc:
        con.close()
        _refuse_damaged(path, exc)
    con.close()


def _refuse_damaged(path: Path, exc) -> None:
    try:
        copy = _copy_aside(path)
        where = f" — salinan / copy: {copy}"
    except OSError as err:  # pragma: no cover - a full disk: still refuse, unchanged
        where = f" — tidak dapat disalin / could not be copied: {err}"
    raise StoreCorrupt(_corrupt_message(path, exc) + where) from None


def default_path() -> Path:
    env = os.environ.get(ENV_DB, "").strip()
    if env:
        return Path(env).expanduser()
    return PROJECT_ROOT / "var" / "jkn.duckdb"
