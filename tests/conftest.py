"""Shared test set-up.

Tests run against the offline mirror of the upstream files (``../shared/upstream``) unless
``JKN_GEO_MIRROR`` is already set, and against a cache that is reused between runs
(``JKN_GEO_CACHE``, default ``<repo>/.cache``). Every test that writes a database gets its
own temporary ``JKN_GEO_DB``.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_MIRROR = (ROOT.parent / "shared" / "upstream").resolve()
if not os.environ.get("JKN_GEO_MIRROR") and _MIRROR.is_dir():
    os.environ["JKN_GEO_MIRROR"] = _MIRROR.as_uri()
os.environ.setdefault("JKN_GEO_CACHE", str(ROOT / ".cache"))
FIXTURES = Path(__file__).parent / "fixtures"
E2E_DIR = Path(__file__).parent / "e2e"


def pytest_collection_modifyitems(config, items):
    """Every test under ``tests/e2e/`` is marked ``e2e`` (``-m "not e2e"`` leaves the browser out)."""
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def built():
    """The derived geography folder (fetched and converted once per cache)."""
    from jkn_geo.geography import convert

    return convert.ensure_built(log=lambda *_: None)


@pytest.fixture(scope="session")
def registry(built):
    from jkn_geo.geography.registry import get_registry

    return get_registry(built)


@pytest.fixture()
def tmp_db(tmp_path, monkeypatch):
    """A fresh, empty store location for one test."""
    path = tmp_path / "store.duckdb"
    monkeypatch.setenv("JKN_GEO_DB", str(path))
    return path
