"""The DuckDB store: datasets, transactions, rename/delete, shipped datasets."""
import pandas as pd
import pytest

from jkn_geo.figures import shipped, store as S


def _rows(n=3, period="2025-07"):
    return pd.DataFrame({"code": ["18.01", "18.02", "18.03"][:n], "level": "regency", "period": period,
                         "registered": [100.0, 200.0, 300.0][:n], "active": [50.0, 60.0, 70.0][:n]})


@pytest.fixture()
def st(tmp_db):
    s = S.Store(tmp_db)
    yield s
    s.close()


def test_default_location(monkeypatch, tmp_path):
    monkeypatch.delenv("JKN_GEO_DB", raising=False)
    p = S.default_path()
    assert p.name == "jkn.duckdb" and p.parent.name == "var"
    monkeypatch.setenv("JKN_GEO_DB", str(tmp_path / "x.duckdb"))
    assert S.default_path() == tmp_path / "x.duckdb"


def test_write_and_read(st):
    st.write_dataset("a", _rows(), source="test", licence="CC0")
    ds = st.datasets()
    assert ds.columns.tolist()[:3] == ["name", "kind", "is_synthetic"]
    rec = ds.set_index("name").loc["a"]
    assert rec["kind"] == "imported" and not rec["is_synthetic"] and rec["rows"] == 3
    assert rec["period_min"] == rec["period_max"] == "2025-07" and rec["levels"] == "regency"
    assert st.periods("a") == ["2025-07"] and st.levels("a") == ["regency"]
    f = st.figures("a")
    assert f.code.tolist() == ["18.01", "18.02", "18.03"] and f.segment.eq("total").all()
    assert f.registered.tolist() == [100, 200, 300]


def test_name_taken_and_replace(st):
    st.write_dataset("a", _rows())
    with pytest.raises(S.StoreError):
        st.write_dataset("a", _rows(1))
    assert len(st.figures("a")) == 3
    st.write_dataset("a", _rows(1), replace=True)
    assert len(st.figures("a")) == 1


def test_failed_write_changes_nothing(st):
    st.write_dataset("a", _rows())
    before = st.content_digest()
    bad = _rows()
    bad.loc[2, "code"] = "18.01"                   # duplicate region+period
    with pytest.raises(S.StoreError):
        st.write_dataset("b", bad)
    with pytest.raises(S.StoreError):
        st.write_dataset("c", _rows().drop(columns=["code"]))
    assert st.content_digest() == before


def test_failure_inside_the_transaction_rolls_back(st, monkeypatch):
    st.write_dataset("a", _rows())
    before = st.content_digest()
    real = S._x

    def flaky(con, sql, params=None):
        if sql.startswith("INSERT INTO datasets"):
            raise RuntimeError("disk full")
        return real(con, sql, params)

    monkeypatch.setattr(S, "_x", flaky)
    with pytest.raises(RuntimeError):
        st.write_dataset("b", _rows())
    with pytest.raises(RuntimeError):
        st.write_dataset("a", _rows(1), replace=True)     # the delete of the old rows is undone too
    monkeypatch.setattr(S, "_x", real)
    assert st.content_digest() == before
    assert len(st.figures("a")) == 3


def test_import_does_not_touch_other_datasets(st):
    st.write_dataset("a", _rows())
    a_before = st.figures("a")
    st.write_dataset("b", _rows(2, "2025-08"))
    pd.testing.assert_frame_equal(st.figures("a"), a_before)


def test_rename_and_delete(st):
    st.write_dataset("a", _rows())
    st.write_dataset("b", _rows())
    st.rename("a", "c")
    assert st.names() == ["b", "c"] and len(st.figures("c")) == 3
    with pytest.raises(S.StoreError):
        st.rename("c", "b")
    with pytest.raises(S.StoreError):
        st.figures("a")
    st.delete("c")
    assert st.names() == ["b"]
    with pytest.raises(S.StoreError):
        st.delete("c")


def test_persists_across_connections(tmp_db):
    s = S.Store(tmp_db)
    s.write_dataset("a", _rows())
    s.close()
    s2 = S.Store(tmp_db)
    assert s2.names() == ["a"]
    s2.close()


def test_open_store_creates_and_ships(tmp_db, registry):
    assert not tmp_db.exists()
    st = shipped.open_store(registry=registry)
    assert tmp_db.exists()
    ds = st.datasets().set_index("name")
    assert ds.loc[S.PUBLISHED_DATASET, "kind"] == "published" and not ds.loc[S.PUBLISHED_DATASET, "is_synthetic"]
    assert ds.loc[S.DEMO_DATASET, "kind"] == "demo" and ds.loc[S.DEMO_DATASET, "is_synthetic"]
    digest = st.content_digest()
    st2 = shipped.open_store(registry=registry)
    assert st2.content_digest() == digest   # already current: nothing rewritten
    with pytest.raises(S.StoreError):
        st.rename(S.DEMO_DATASET, "x")
    st.write_dataset("mine", _rows())
    assert shipped.ensure_shipped(st, registry=registry) == []
    st.delete(S.PUBLISHED_DATASET)           # a deleted shipped dataset comes back on the next open
    assert S.PUBLISHED_DATASET in shipped.open_store(registry=registry).names()
    assert "mine" in st.names()


def test_issues_keep_both_languages_and_old_stores_are_upgraded(tmp_db):
    import duckdb

    # a store written before the English texts were kept: issues without message_en / hint_en
    con = duckdb.connect(str(tmp_db))
    for stmt in S._DDL[:3]:
        con.execute(stmt)
    con.execute("""CREATE TABLE issues (dataset VARCHAR NOT NULL, severity VARCHAR, "row" INTEGER,
                   "column" VARCHAR, value VARCHAR, message VARCHAR, hint VARCHAR)""")
    con.execute("INSERT INTO datasets (name, kind, is_synthetic) VALUES ('lama', 'imported', false)")
    con.execute("""INSERT INTO issues VALUES ('lama', 'warning', 3, 'aktif', '5', 'pesan lama', 'saran')""")
    con.close()

    st = S.Store(tmp_db)
    try:
        old = st.issues("lama")
        assert old.message.tolist() == ["pesan lama"] and old.message_en.isna().all()  # kept, upgraded
        iss = pd.DataFrame([{"severity": "warning", "row": 2, "column": "cakupan", "value": "101",
                             "message": "Cakupan di atas 100 %", "hint": "periksa penduduk",
                             "message_en": "Coverage above 100 %", "hint_en": "check the population"}])
        st.write_dataset("baru", _rows(), issues=iss)
        got = st.issues("baru").iloc[0]
        assert (got.message, got.message_en, got.hint_en) == ("Cakupan di atas 100 %", "Coverage above 100 %",
                                                             "check the population")
        assert st.issue_counts() == {"lama": 1, "baru": 1}
    finally:
        st.close()
