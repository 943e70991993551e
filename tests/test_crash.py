"""Nothing lost: a killed import, imports at the same time, a busy or damaged store.

Real subprocesses and real signals: an import of 100.000 rows is killed (SIGKILL) in the
middle of its store transaction, and at moments during a stream of imports; the store must
then hold exactly what it held before (``Store.content_digest``) or, for an import that had
committed, all of it -- never part of one. Two processes importing into one store (DuckDB
allows one writing process per file) both finish or one is refused with a clear "busy"
message; two threads of one process (the Streamlit server) both finish. A damaged store
file is a clear message, not a traceback.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from jkn_geo.figures import importer as M, parsing as P, shipped, store as S

pytestmark = pytest.mark.slow      # subprocesses killed mid-import: seconds each

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-23"

CHILD = r"""
import datetime as dt, os, sys, time
from jkn_geo.figures import importer as M, store as S
mode, db, src = sys.argv[1], sys.argv[2], sys.argv[3]
today = dt.date(2026, 11, 23)
if mode == "hold":                      # open the store and keep it open
    st = S.Store(db)
    print("READY", flush=True)
    time.sleep(float(sys.argv[4]))
    st.close()
    print("RELEASED", flush=True)
    sys.exit(0)
from jkn_geo.geography.registry import get_registry
reg = get_registry()
st = S.Store(db)
if mode == "hook":                      # stop inside the transaction, after the rows went in
    real = S._x
    def hooked(con, sql, params=None):
        if sql.startswith("INSERT INTO datasets"):
            n = con.execute("SELECT count(*) FROM figures WHERE dataset = 'crash'").fetchall()[0][0]
            print(f"IN-TRANSACTION {n}", flush=True)
            time.sleep(120)
        return real(con, sql, params)
    S._x = hooked
    M.import_file(st, src, name="crash", today=today, registry=reg)
    sys.exit(3)
k = 0
while True:                             # "loop": import the same file again and again
    k += 1
    print(f"START {k}", flush=True)
    rep = M.import_file(st, src, name=f"run-{k}", today=today, registry=reg,
                        progress=lambda f, m: f >= 0.9 and print(f"STORING {k}", flush=True))
    print(f"DONE {k} {rep.ok} {rep.rows}", flush=True)
"""


def _env(**extra):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update({k: str(v) for k, v in extra.items()})
    return env


def _child(*args, **env):
    return subprocess.Popen([sys.executable, "-c", CHILD, *map(str, args)], cwd=ROOT, env=_env(**env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)


def _wait_for(proc, prefix: str, timeout: float = 120.0) -> str:
    """The first line of ``proc``'s output that starts with ``prefix`` (lines before it are
    skipped); fails when the process ends or ``timeout`` passes first."""
    result: list = []

    def read():
        for line in proc.stdout:
            if line.startswith(prefix):
                result.append(line.strip())
                return

    t = threading.Thread(target=read, daemon=True)
    t.start()
    t.join(timeout)
    if not result:
        proc.kill()
        raise AssertionError(f"no {prefix!r} from the child; stderr: {proc.stderr.read()[-2000:]}")
    return result[0]


def _kill(proc) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL


def _consistent(st) -> dict:
    """Every dataset whole (its figure rows = its recorded row count), no rows of a dataset that
    is not recorded; returns {name: rows}."""
    ds = dict(st.con.execute("SELECT name, rows FROM datasets").fetchall())
    got = dict(st.con.execute("SELECT dataset, count(*) FROM figures GROUP BY dataset").fetchall())
    assert {k: v for k, v in got.items()} == {k: v for k, v in ds.items() if v}, (ds, got)
    stray = st.con.execute("SELECT DISTINCT dataset FROM issues WHERE dataset NOT IN "
                           "(SELECT name FROM datasets)").fetchall()
    assert not stray, stray
    return ds


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory, registry):
    """100.000 district-month rows (about 3 MB)."""
    codes = registry.codes("district")
    lines = ["kode;periode;peserta;aktif"]
    for mth in P.month_range("2018-01", "2026-10"):
        for c in codes:
            i = len(lines)
            lines.append(f"{c};{mth};1.{i % 1000:03d};{i % 900}")
            if len(lines) > 100_000:
                break
        if len(lines) > 100_000:
            break
    p = tmp_path_factory.mktemp("crash") / "big.csv"
    p.write_text("\n".join(lines) + "\n")
    return p


@pytest.fixture()
def seeded(tmp_path):
    """A store with one dataset in it, closed (no process holds it)."""
    db = tmp_path / "store.duckdb"
    st = S.Store(db)
    st.write_dataset("keep", pd.DataFrame({"code": ["18", "18.01"], "level": ["province", "regency"],
                                           "period": ["2025-07", "2025-07"], "registered": [10.0, 5.0]}),
                     source="seed")
    digest = st.content_digest()
    st.close()
    return db, digest


# ---- killed imports ----------------------------------------------------------------------------------
def test_kill_inside_the_transaction_leaves_the_store_as_before(seeded, big_csv):
    db, before = seeded
    proc = _child("hook", db, big_csv)
    line = _wait_for(proc, "IN-TRANSACTION")
    assert int(line.split()[1]) == 100_000          # the rows were in, uncommitted
    _kill(proc)
    assert Path(str(db) + ".wal").exists() or db.exists()
    st = S.Store(db)
    try:
        assert st.content_digest() == before
        assert st.names() == ["keep"]
        _consistent(st)
    finally:
        st.close()


@pytest.mark.parametrize("delay", [0.05, 0.4])
def test_kill_at_moments_during_imports(seeded, big_csv, delay):
    """A stream of 100.000-row imports killed at a moment of its storing phase (several delays):
    every import that said DONE is whole, the one under way is whole or absent, the rest as before."""
    db, before = seeded
    proc = _child("loop", db, big_csv)
    _wait_for(proc, "DONE 1")
    _wait_for(proc, "STORING 2")
    time.sleep(delay)
    _kill(proc)
    st = S.Store(db)
    try:
        ds = _consistent(st)
        assert ds.get("run-1") == 100_000
        assert set(ds) in ({"keep", "run-1"}, {"keep", "run-1", "run-2"}), ds
        assert ds.get("run-2", 100_000) == 100_000
        print(f"\nkilled {delay:.2f} s into storing import 2: "
              f"{'committed whole' if 'run-2' in ds else 'absent, store as before'}")
        for extra in ("run-1", "run-2"):
            if extra in ds:
                st.delete(extra)
        assert st.content_digest() == before
    finally:
        st.close()


# ---- two processes ----------------------------------------------------------------------------------
def test_second_process_is_refused_with_a_clear_message(seeded, big_csv, capsys):
    db, before = seeded
    holder = _child("hold", db, "-", 60)
    try:
        _wait_for(holder, "READY")
        t0 = time.monotonic()
        with pytest.raises(S.StoreBusy) as exc:
            S.Store(db, busy_timeout=0.5)
        assert time.monotonic() - t0 >= 0.5            # it did retry
        msg = str(exc.value)
        assert "in use by another process" in msg and "sedang dipakai" in msg and f"PID {holder.pid}" in msg
        # the command line: exit status 2 and the message, no traceback
        from jkn_geo.cli import main

        os.environ["JKN_GEO_DB_BUSY_TIMEOUT"] = "0.3"
        try:
            rc = main(["import", str(big_csv), "--db", str(db), "--name", "x"])
        except SystemExit as e:
            rc = e.code
        finally:
            os.environ.pop("JKN_GEO_DB_BUSY_TIMEOUT")
        err = capsys.readouterr().err
        assert rc == 2 and "in use by another process" in err and "Traceback" not in err
    finally:
        _kill(holder)
    st = S.Store(db)
    assert st.content_digest() == before
    st.close()


def test_busy_store_is_waited_for(seeded):
    db, before = seeded
    holder = _child("hold", db, "-", 1.0)
    _wait_for(holder, "READY")
    st = S.Store(db, busy_timeout=60)                 # waits until the holder lets go
    try:
        assert _wait_for(holder, "RELEASED", 5) == "RELEASED"
        assert st.content_digest() == before
    finally:
        st.close()
        holder.wait(30)


def test_two_command_line_imports_at_once(seeded, tmp_path, registry):
    db, _ = seeded
    st = S.Store(db)
    shipped.ensure_shipped(st, registry=registry)             # so the commands do not rebuild the shipped datasets
    st.close()
    files = []
    for k in range(2):
        p = tmp_path / f"f{k}.csv"
        p.write_text("kode;periode;peserta;aktif\n" + "".join(
            f"{c};2025-0{k + 1};1.000;900\n" for c in registry.codes("district")[:3000]))
        files.append(p)
    procs = [subprocess.Popen([sys.executable, "-m", "jkn_geo", "import", str(p), "--db", str(db), "--name",
                               f"cli-{k}", "--lang", "en"], cwd=ROOT, env=_env(JKN_GEO_DB_BUSY_TIMEOUT=120),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k, p in enumerate(files)]
    results = [(p.wait(300), p.stdout.read(), p.stderr.read()) for p in procs]
    for rc, out, err in results:
        assert "Traceback" not in err, err
        assert rc == 0 or (rc == 2 and "in use by another process" in err), (rc, out, err)
    assert all(rc == 0 for rc, _, _ in results), results     # the generous timeout lets both through
    st = S.Store(db)
    try:
        ds = _consistent(st)
        assert ds["cli-0"] == ds["cli-1"] == 3000 and ds["keep"] == 2
    finally:
        st.close()


# ---- two threads in one process ----------------------------------------------------------------------
def _rows_csv(registry, period: str, n: int) -> bytes:
    return ("kode;periode;peserta;aktif\n" + "".join(
        f"{c};{period};1.000;900\n" for c in registry.codes("district")[:n])).encode()


def test_two_threads_import_at_once(seeded, registry):
    db, before = seeded
    st = S.Store(db)
    try:
        files = {f"t-{k}": _rows_csv(registry, f"2025-0{k + 1}", 5000) for k in range(3)}
        files["t-dup"] = files["t-0"]
        barrier = threading.Barrier(len(files) + 1)
        reports, crashes = {}, []

        def work(name, data, target):
            try:
                barrier.wait()
                reports[name] = M.import_file(st, data, name=target, filename=f"{name}.csv",
                                              today=pd.Timestamp(TODAY).date(), registry=registry)
            except BaseException as exc:  # noqa: BLE001 - the test reports it
                crashes.append(exc)

        threads = [threading.Thread(target=work, args=(n, d, "same" if n in ("t-0", "t-dup") else n))
                   for n, d in files.items()]
        for t in threads:
            t.start()
        readers_ok = []

        def read():
            barrier.wait()
            for _ in range(20):
                readers_ok.append(len(st.datasets()) >= 1)

        reader = threading.Thread(target=read)
        # the reader takes the barrier's last seat
        reader.start()
        for t in threads + [reader]:
            t.join(120)
        assert not crashes, crashes
        assert all(readers_ok) and len(readers_ok) == 20
        assert reports["t-1"].ok and reports["t-2"].ok
        same = [reports["t-0"], reports["t-dup"]]
        assert sorted(r.ok for r in same) == [False, True]     # one stored, one refused
        refused = next(r for r in same if not r.ok)
        assert refused.dataset is None and "already exists" in refused.errors[0].message_en
        assert refused.errors[0].hint_en
        ds = _consistent(st)
        assert ds == {"keep": 2, "same": 5000, "t-1": 5000, "t-2": 5000}
        for n in ("same", "t-1", "t-2"):
            st.delete(n)
        assert st.content_digest() == before
    finally:
        st.close()


# ---- damaged store files ------------------------------------------------------------------------------
def _damaged_variants(good: bytes):
    half = len(good) // 2
    yield "garbage", b"not a database " * 1000
    yield "empty", b""
    yield "truncated", good[:half]
    yield "flipped", good[:half] + bytes(b ^ 0x5A for b in good[half:])


def test_damaged_store_file_is_a_clear_message(seeded, tmp_path, capsys):
    db, _ = seeded
    good = db.read_bytes()
    from jkn_geo.cli import main

    for kind, data in _damaged_variants(good):
        bad = tmp_path / f"{kind}.duckdb"
        bad.write_bytes(data)
        with pytest.raises(S.StoreCorrupt) as exc:
            S.Store(bad)
        msg = str(exc.value)
        assert str(bad) in msg and "damaged" in msg and "rusak" in msg and "backup" in msg, kind
        try:
            rc = main(["datasets", "--db", str(bad)])
        except SystemExit as e:
            rc = e.code
        err = capsys.readouterr().err
        assert rc == 2 and "damaged" in err and "Traceback" not in err, kind
        assert bad.read_bytes() == data, f"{kind}: the damaged file was changed"


def test_garbage_write_ahead_log_is_not_a_traceback(seeded):
    """A half-written log after a crash: DuckDB replays what it can, or the store says it is damaged."""
    db, before = seeded
    shutil.copy(db, db.with_suffix(".copy"))
    Path(str(db) + ".wal").write_bytes(os.urandom(4096))
    try:
        st = S.Store(db)
    except S.StoreCorrupt as exc:
        assert "damaged" in str(exc)
        return
    try:
        assert st.content_digest() == before
    finally:
        st.close()
