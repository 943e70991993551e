"""The embedded figure store: one DuckDB file holding every dataset.

Location: ``$JKN_GEO_DB`` if set, else ``<repo>/var/jkn.duckdb`` (``/var/`` is git-ignored).

Tables
------
``datasets``  one row per dataset: name, kind (imported / published / demo), is_synthetic,
              source, licence, created_at, rows, period_min, period_max, levels, version, note.
``figures``   one row per region, month and segment of a dataset: counts (population,
              registered, active, inactive) and percentages *as given* by a source that gave
              only a percentage (coverage_pct_given, activity_pct_given = active ÷ registered,
              active_coverage_pct_given = active ÷ population), the source and a note.
``issues``    the warnings shown at import time, kept with the data.

Every write (an import, a rename, a delete, refreshing a shipped dataset) is one
transaction: it is stored whole or not at all, and it never touches another dataset.

DuckDB lets only one *process* open a file for writing; within a process all ``Store``
objects for the same path share one database instance, and one lock serialises their work
(two threads importing at once: one waits for the other; each import is whole or absent).
When another process holds the file (a running app, another import), opening it is retried
for ``busy_timeout`` seconds (``$JKN_GEO_DB_BUSY_TIMEOUT``, default 10) and then refused with
:class:`StoreBusy`, which says who holds it. A file that is not a readable DuckDB database is
refused with :class:`StoreCorrupt`; nothing is overwritten. A process killed in the middle of
a write leaves the store as it was before that write (DuckDB's write-ahead log replays
committed transactions only).
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import threading
from pathlib import Path

import duckdb
import pandas as pd

# DEMO_DATASET and PUBLISHED_DATASET are re-exported: callers and tests use store.DEMO_DATASET etc.
from jkn_geo.config import (  # noqa: F401
    DEMO_DATASET,
    ENV_DB,
    ENV_DB_BUSY_TIMEOUT,
    KINDS,
    LEVEL_RANK,
    PROJECT_ROOT,
    PUBLISHED_DATASET,
    SHIPPED_DATASETS,
)
from jkn_geo.figures.schema import (  # noqa: F401  (re-exported: store.FIGURE_COLUMNS, …)
    COUNT_COLUMNS,
    DDL,
    FIGURE_COLUMNS,
    GIVEN_PCT_COLUMNS,
    ISSUE_COLUMNS,
    SCHEMA_VERSION,
    STATEMENT_COLUMNS,
    STATEMENT_NUMERIC,
    TEXT_COLUMNS,
    VALUE_COLUMNS,
)

_DDL = DDL
_TABLES = ("figures", "issues", "statements")     # the per-dataset tables


_LOCK = threading.RLock()


def _x(con, sql: str, params=None):
    """Execute a statement and consume its result (DuckDB 2 wants results finished before the
    next statement on the same connection)."""
    return con.execute(sql, params or []).fetchall()


# opening the file (errors, waiting for another process, damaged files) lives in storefile
from jkn_geo.figures.storefile import (  # noqa: E402,F401  (re-exported: store.StoreError, …)
    DEFAULT_BUSY_TIMEOUT,
    StoreBusy,
    StoreCorrupt,
    StoreError,
    _check_read_only,
    _connect,
    _corrupt_message,
    busy_timeout,
    default_path,
)


class Store:
    """A DuckDB file of datasets. Cheap to create; use :func:`open_store` in the app."""

    def __init__(self, path=None, busy_timeout: float | None = None):  # noqa: F811 (the argument, not the function)
        self.path = Path(path) if path else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists():
            _check_read_only(self.path)          # a damaged file is copied aside, never changed
        self.con = _connect(self.path, busy_timeout)
        try:
            with _LOCK:
                for stmt in _DDL:
                    _x(self.con, stmt)
                if not self.con.execute("SELECT count(*) FROM meta WHERE key='schema'").fetchall()[0][0]:
                    _x(self.con, "INSERT INTO meta VALUES ('schema', ?)", [SCHEMA_VERSION])
                _x(self.con, "UPDATE meta SET value = ? WHERE key = 'schema' AND value < ?",
                   [SCHEMA_VERSION, SCHEMA_VERSION])
                for table in ("meta", "datasets") + _TABLES:   # reads every block: checksums
                    self.con.execute(f"SELECT count(*), sum(hash(t)) FROM {table} t").fetchall()
        except duckdb.Error as exc:
            self.close()
            raise StoreCorrupt(_corrupt_message(self.path, exc)) from None

    # ---- housekeeping --------------------------------------------------------------------
    def close(self) -> None:
        try:
            self.con.close()
        except Exception:  # pragma: no cover
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _q(self, sql: str, params=None) -> pd.DataFrame:
        with _LOCK:
            return self.con.execute(sql, params or []).df()

    # ---- reading -------------------------------------------------------------------------
    def exists(self, name: str) -> bool:
        with _LOCK:
            return bool(self.con.execute("SELECT count(*) FROM datasets WHERE name = ?", [name]).fetchall()[0][0])

    def _require(self, name: str) -> None:
        if not self.exists(name):
            known = ", ".join(self.names()) or "(none)"
            raise StoreError(f"no dataset named {name!r}; known datasets: {known}")

    def names(self) -> list[str]:
        with _LOCK:
            return [r[0] for r in self.con.execute("SELECT name FROM datasets ORDER BY name").fetchall()]

    def datasets(self) -> pd.DataFrame:
        """One row per dataset: name, kind, is_synthetic, source, licence, created_at, rows,
        period_min, period_max, levels (comma-separated), version, note. Shipped datasets first."""
        df = self._q("""SELECT name, kind, is_synthetic, source, licence, created_at, rows, period_min,
                               period_max, levels, version, note, file_name FROM datasets
                        ORDER BY CASE kind WHEN 'published' THEN 0 WHEN 'demo' THEN 1 ELSE 2 END, created_at, name""")
        return df.reset_index(drop=True)

    def info(self, name: str) -> dict:
        self._require(name)
        return self.datasets().set_index("name").loc[name].to_dict() | {"name": name}

    def is_synthetic(self, name: str) -> bool:
        self._require(name)
        with _LOCK:
            return bool(self.con.execute("SELECT is_synthetic FROM datasets WHERE name=?", [name]).fetchall()[0][0])

    def periods(self, dataset: str, level: str | None = None, segment: str | None = None) -> list[str]:
        """Sorted ``YYYY-MM`` periods with rows (at ``level`` if given)."""
        self._require(dataset)
        sql = "SELECT DISTINCT period FROM figures WHERE dataset = ?"
        params = [dataset]
        if level:
            sql += " AND level = ?"
            params.append(level)
        if segment:
            sql += " AND segment = ?"
            params.append(segment)
        with _LOCK:
            return sorted(r[0] for r in self.con.execute(sql, params).fetchall())

    def levels(self, dataset: str) -> list[str]:
        self._require(dataset)
        with _LOCK:
            got = [r[0] for r in self.con.execute(
                "SELECT DISTINCT level FROM figures WHERE dataset = ?", [dataset]).fetchall()]
        return sorted(got, key=lambda x: LEVEL_RANK.get(x, 9))

    def segments(self, dataset: str) -> list[str]:
        self._require(dataset)
        with _LOCK:
            got = [r[0] for r in self.con.execute(
                "SELECT DISTINCT segment FROM figures WHERE dataset = ?", [dataset]).fetchall()]
        return sorted(got, key=lambda s: (s != "total", s))

    def figures(self, dataset: str, level: str | None = None, period: str | None = None,
                segment: str | None = None, codes: list[str] | None = None,
                within: str | None = None) -> pd.DataFrame:
        """The stored rows of a dataset (optionally filtered; ``within``: a region and the
        regions under it), in file order."""
        self._require(dataset)
        cols = ", ".join(FIGURE_COLUMNS)
        sql = f"SELECT {cols} FROM figures WHERE dataset = ?"
        params: list = [dataset]
        for col, val in (("level", level), ("period", period), ("segment", segment)):
            if val is not None:
                sql += f" AND {col} = ?"
                params.append(val)
        if codes is not None:
            sql += " AND code IN (SELECT unnest(?))"
            params.append(list(codes))
        if within:
            sql += " AND (code = ? OR starts_with(code, ?))"
            params.extend([within, within + "."])
        sql += " ORDER BY row_no, code, period, segment"
        return self._q(sql, params)

    def statements(self, dataset: str, code: str | None = None, period: str | None = None,
                   within: str | None = None, level: str | None = None) -> pd.DataFrame:
        """The figures of a dataset as they were stated, one row per figure (see
        :mod:`jkn_geo.figures.schema`), in file order; empty for a dataset of table rows."""
        self._require(dataset)
        cols = ", ".join(STATEMENT_COLUMNS)
        sql = f"SELECT {cols} FROM statements WHERE dataset = ?"
        params: list = [dataset]
        for col, val in (("code", code), ("period", period), ("level", level)):
            if val is not None:
                sql += f" AND {col} = ?"
                params.append(val)
        if within:
            sql += " AND (code = ? OR starts_with(code, ?))"
            params.extend([within, within + "."])
        return self._q(sql + " ORDER BY fig_no", params)

    def issues(self, dataset: str) -> pd.DataFrame:
        self._require(dataset)
        cols = ", ".join(f'"{c}"' for c in ISSUE_COLUMNS)
        return self._q(f'SELECT {cols} FROM issues WHERE dataset = ? ORDER BY "row"', [dataset])

    def issue_counts(self) -> dict[str, int]:
        """``{dataset: number of warnings kept from its import}`` (datasets without any left out)."""
        rows = self._q("SELECT dataset, count(*) AS n FROM issues GROUP BY dataset")
        return {r["dataset"]: int(r["n"]) for r in rows.to_dict("records")}

    def content_digest(self) -> str:
        """A digest of everything stored (for tests and checks: same content → same digest)."""
        import hashlib

        h = hashlib.sha256()
        with _LOCK:
            for table, order in (("datasets", "name"), ("figures", "dataset, code, period, segment, row_no"),
                                 ("issues", 'dataset, "row", message'), ("meta", "key")):
                for row in self.con.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall():
                    h.update(repr(row).encode())
                h.update(b"|")
        return h.hexdigest()

    # ---- writing -------------------------------------------------------------------------
    def write_dataset(self, name: str, figures: pd.DataFrame, *, kind: str = "imported", source: str = "",
                      licence: str = "", version: str = "", note: str = "", issues: pd.DataFrame | None = None,
                      replace: bool = False, is_synthetic: bool | None = None,
                      statements: pd.DataFrame | None = None, file_name: str | None = None) -> int:
        """Store a whole dataset in one transaction; returns the number of rows stored.

        ``figures`` needs code, level, period and any of the count / given-percentage columns;
        missing optional columns are stored as NULL. ``statements`` (optional): the figures as
        they were stated, one row per figure (:data:`STATEMENT_COLUMNS`). With ``replace`` an existing dataset of
        the same name is replaced in the same transaction; otherwise a taken name is an error.
        """
        if kind not in KINDS:
            raise StoreError(f"kind must be one of {KINDS}, not {kind!r}")
        name = (name or "").strip()
        if not name:
            raise StoreError("a dataset needs a name")
        df = _conform(figures)
        stm = None if statements is None else _conform_statements(statements)
        synthetic = (kind == "demo") if is_synthetic is None else bool(is_synthetic)
        iss = pd.DataFrame(columns=ISSUE_COLUMNS) if issues is None else issues.reindex(columns=ISSUE_COLUMNS)
        iss = iss.astype({c: "object" for c in ISSUE_COLUMNS if c != "row"})
        iss["row"] = pd.to_numeric(iss["row"], errors="coerce").astype("Int32")
        periods = sorted(df["period"].dropna().unique())
        levels = ",".join(sorted(df["level"].dropna().unique(), key=lambda x: LEVEL_RANK.get(x, 9)))
        with _LOCK, self._transaction() as con:
            if con.execute("SELECT count(*) FROM datasets WHERE name = ?", [name]).fetchall()[0][0]:
                if not replace:
                    raise StoreError(f"a dataset named {name!r} already exists; choose another name, "
                                     "or delete or rename the old one first")
                for t in _TABLES + ("datasets",):
                    _x(con, f"DELETE FROM {t} WHERE {'name' if t == 'datasets' else 'dataset'} = ?", [name])
            con.register("_new_figures", df)
            try:
                cols = ", ".join(FIGURE_COLUMNS)
                _x(con, f"INSERT INTO figures (dataset, {cols}) SELECT ?, {cols} FROM _new_figures", [name])
            finally:
                con.unregister("_new_figures")
            if len(iss):
                con.register("_new_issues", iss)
                try:
                    cols = ", ".join(f'"{c}"' for c in ISSUE_COLUMNS)
                    _x(con, f"INSERT INTO issues (dataset, {cols}) SELECT ?, {cols} FROM _new_issues", [name])
                finally:
                    con.unregister("_new_issues")
            if stm is not None and len(stm):
                con.register("_new_statements", stm)
                try:
                    cols = ", ".join(STATEMENT_COLUMNS)
                    _x(con, f"INSERT INTO statements (dataset, {cols}) SELECT ?, {cols} FROM _new_statements",
                       [name])
                finally:
                    con.unregister("_new_statements")
            _x(con, """INSERT INTO datasets (name, kind, is_synthetic, source, licence, created_at, rows, period_min,
                                             period_max, levels, version, note, file_name)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", [
                name, kind, synthetic, source, licence, _dt.datetime.now().replace(microsecond=0), len(df),
                periods[0] if periods else None, periods[-1] if periods else None, levels, version, note,
                file_name])
        return len(df)

    def rename(self, old: str, new: str) -> None:
        """Rename a dataset. The new name is cleaned as an imported one is (NFKC, invisible
        characters removed: :func:`jkn_geo.figures.naming.clean_name`); a name that looks like
        another dataset's (:func:`~jkn_geo.figures.naming.confusable_with`) is refused."""
        from jkn_geo.figures import naming

        new = naming.clean_name(new)
        if not new:
            raise StoreError("the new name is empty")
        if old in SHIPPED_DATASETS:
            raise StoreError(f"{old!r} is shipped with the app and cannot be renamed")
        with _LOCK:
            self._require(old)
            if old == new:
                return
            if self.exists(new) or new in SHIPPED_DATASETS:
                raise StoreError(f"a dataset named {new!r} already exists")
            other = naming.confusable_with(new, [n for n in self.names() if n != old] + list(SHIPPED_DATASETS))
            if other is not None:
                raise StoreError(naming.NAME_CONFUSABLE.format(name=new, other=other).both())
            self._in_tx([("UPDATE datasets SET name = ? WHERE name = ?", [new, old])]
                        + [(f"UPDATE {t} SET dataset = ? WHERE dataset = ?", [new, old]) for t in _TABLES])

    def delete(self, name: str) -> None:
        with _LOCK:
            self._require(name)
            self._in_tx([(f"DELETE FROM {t} WHERE dataset = ?", [name]) for t in _TABLES]
                        + [("DELETE FROM datasets WHERE name = ?", [name])])

    def _in_tx(self, stmts) -> None:
        with self._transaction() as con:
            for sql, params in stmts:
                _x(con, sql, params)

    @contextlib.contextmanager
    def _transaction(self):
        """One DuckDB transaction: committed whole, or rolled back with nothing changed."""
        con = self.con
        _x(con, "BEGIN TRANSACTION")
        try:
            yield con
            _x(con, "COMMIT")
        except BaseException as exc:
            _rollback(con)
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"penyimpanan gagal, tidak ada yang berubah / the write failed and nothing "
                                 f"was changed: {exc}") from exc
            raise

    def version_of(self, name: str) -> str | None:
        with _LOCK:
            rows = self.con.execute("SELECT version FROM datasets WHERE name = ?", [name]).fetchall()
        return rows[0][0] if rows else None


def _rollback(con) -> None:
    try:
        _x(con, "ROLLBACK")
    except duckdb.Error:   # the transaction is already gone (e.g. the failure ended it)
        pass


def _conform(figures: pd.DataFrame) -> pd.DataFrame:
    df = figures.copy()
    for col in ("code", "level", "period"):
        if col not in df.columns:
            raise StoreError(f"figures need a {col!r} column")
        if df[col].isna().any():
            raise StoreError(f"figures have empty {col!r} values")
    if "segment" not in df.columns:
        df["segment"] = "total"
    df["segment"] = df["segment"].fillna("total")
    if "row_no" not in df.columns:
        df["row_no"] = range(1, len(df) + 1)
    for col in VALUE_COLUMNS:
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64") if col in df.columns else float("nan")
    if "period_kind" not in df.columns:
        df["period_kind"] = "month"
    for col in TEXT_COLUMNS:
        if col not in df.columns:
            df[col] = None
        df[col] = df[col].astype("object").where(df[col].notna(), None)
    for col in ("code", "level", "period", "segment"):
        df[col] = df[col].astype(str)
    df["row_no"] = pd.to_numeric(df["row_no"], errors="coerce").astype("Int32")
    dup = df.duplicated(["code", "period", "segment"], keep=False)
    if dup.any():
        first = df[dup].iloc[0]
        raise StoreError(f"duplicate figures for {first['code']} {first['period']} {first['segment']}")
    return df[FIGURE_COLUMNS]


_OPENED: dict[str, Store] = {}


def get_store(path: str | Path | None = None) -> Store:
    """The store at ``path`` (default: :func:`default_path`), created if missing. Cached per
    path and process: cheap when called again. (:func:`jkn_geo.figures.shipped.open_store`
    also makes sure the shipped datasets are present and current.)"""
    p = str(Path(path) if path else default_path())
    with _LOCK:
        st = _OPENED.get(p)
        if st is None or not Path(p).exists():
            st = Store(p)
            _OPENED[p] = st
        return st


def _conform_statements(statements: pd.DataFrame) -> pd.DataFrame:
    df = statements.copy()
    for col in ("code", "level", "period", "measure"):
        if col not in df.columns or df[col].isna().any():
            raise StoreError(f"statements need a complete {col!r} column")
    df = df.reindex(columns=STATEMENT_COLUMNS)
    if df["fig_no"].isna().all():
        df["fig_no"] = range(1, len(df) + 1)
    for col in STATEMENT_NUMERIC:
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    for col in ("fig_no", "row_no"):
        df[col] = df[col].astype("Int32")
    for col in set(STATEMENT_COLUMNS) - set(STATEMENT_NUMERIC):
        df[col] = df[col].astype("object").where(df[col].notna(), None)
    df["segment"] = df["segment"].fillna("total")
    df["period_kind"] = df["period_kind"].fillna("month")
    return df
