"""Pinned download: verified, atomic, refuses tampered/truncated/missing files."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from jkn_geo.geography import fetch

REPO, COMMIT = "someone/data", "a" * 40


def _mirror(tmp_path: Path, files: dict[str, bytes]) -> tuple[str, list[fetch.ManifestFile]]:
    base = tmp_path / "mirror"
    manifest = []
    for path, data in files.items():
        p = base / REPO / COMMIT / path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        manifest.append(fetch.ManifestFile(REPO, COMMIT, path, hashlib.sha256(data).hexdigest(), len(data), "MIT"))
    return base.as_uri(), manifest


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()} if root.exists() else {}


def test_fetch_then_nothing_to_do(tmp_path):
    base, files = _mirror(tmp_path, {"db/a.sql": b"A" * 1000, "db/b.sql": b"B" * 10})
    cache = tmp_path / "cache"
    r1 = fetch.fetch_all(files, bases=[base], root=cache, progress=False)
    assert len(r1.fetched) == 2 and r1.bytes_fetched == 1010
    assert (cache / REPO / COMMIT / "db/a.sql").read_bytes() == b"A" * 1000
    r2 = fetch.fetch_all(files, bases=[base], root=cache, progress=False)
    assert r2.fetched == [] and len(r2.already) == 2
    assert "nothing to do" in r2.summary()


def test_tampered_file_refused_and_cache_unchanged(tmp_path):
    base, files = _mirror(tmp_path, {"db/a.sql": b"good", "db/b.sql": b"also good"})
    cache = tmp_path / "cache"
    fetch.fetch_all(files, bases=[base], root=cache, progress=False)
    before = _snapshot(cache)
    # upstream changes b.sql (same size, other bytes) and the cached copy is lost
    (tmp_path / "mirror" / REPO / COMMIT / "db/b.sql").write_bytes(b"ALSO GOOD")
    (cache / REPO / COMMIT / "db/b.sql").unlink()
    before.pop(f"{REPO}/{COMMIT}/db/b.sql")
    with pytest.raises(fetch.FetchError) as exc:
        fetch.fetch_all(files, bases=[base], root=cache, progress=False, retries=2)
    msg = str(exc.value)
    assert "db/b.sql" in msg and "sha256" in msg and "JKN_GEO_MIRROR" in msg
    assert _snapshot(cache) == before  # no partial file, good file untouched


def test_truncated_file_refused(tmp_path):
    base, files = _mirror(tmp_path, {"db/a.sql": b"x" * 5000})
    (tmp_path / "mirror" / REPO / COMMIT / "db/a.sql").write_bytes(b"x" * 4000)
    cache = tmp_path / "cache"
    with pytest.raises(fetch.FetchError) as exc:
        fetch.fetch_all(files, bases=[base], root=cache, progress=False, retries=1)
    assert "4,000 bytes, expected 5,000" in str(exc.value)
    assert _snapshot(cache) == {}


def test_missing_file_names_file_and_fix(tmp_path):
    base, files = _mirror(tmp_path, {"db/a.sql": b"x"})
    (tmp_path / "mirror" / REPO / COMMIT / "db/a.sql").unlink()
    with pytest.raises(fetch.FetchError) as exc:
        fetch.fetch_all(files, bases=[base], root=tmp_path / "cache", progress=False)
    assert f"{REPO}/{COMMIT}/db/a.sql" in str(exc.value)
    assert "fetch" in str(exc.value)


def test_falls_back_to_second_base(tmp_path):
    base, files = _mirror(tmp_path, {"db/a.sql": b"payload"})
    broken = (tmp_path / "nowhere").as_uri()
    r = fetch.fetch_all(files, bases=[broken, base], root=tmp_path / "cache", progress=False)
    assert r.fetched == [files[0].key]


def test_damaged_cached_file_is_fetched_again(tmp_path):
    base, files = _mirror(tmp_path, {"db/a.sql": b"payload"})
    cache = tmp_path / "cache"
    fetch.fetch_all(files, bases=[base], root=cache, progress=False)
    (cache / REPO / COMMIT / "db/a.sql").write_bytes(b"paylo")  # half-written by something else
    r = fetch.fetch_all(files, bases=[base], root=cache, progress=False)
    assert r.fetched == [files[0].key]
    assert (cache / REPO / COMMIT / "db/a.sql").read_bytes() == b"payload"


def test_url_layouts():
    f = fetch.ManifestFile("cahyadsn/wilayah", "b" * 40, "db/wilayah.sql", "0" * 64, 1, "MIT")
    assert f.url("https://raw.githubusercontent.com") == \
        f"https://raw.githubusercontent.com/cahyadsn/wilayah/{'b' * 40}/db/wilayah.sql"
    assert f.url("jsdelivr:https://cdn.jsdelivr.net/gh") == \
        f"https://cdn.jsdelivr.net/gh/cahyadsn/wilayah@{'b' * 40}/db/wilayah.sql"


def test_mirror_env_overrides_defaults(monkeypatch):
    from jkn_geo import config

    monkeypatch.setenv("JKN_GEO_MIRROR", "file:///x")
    assert config.mirror_bases() == ["file:///x"]
    monkeypatch.delenv("JKN_GEO_MIRROR")
    assert config.mirror_bases()[0] == "https://raw.githubusercontent.com"
    assert any("jsdelivr" in b for b in config.mirror_bases())


def test_manifest_pins_both_repositories():
    files = fetch.load_manifest()
    repos = {(f.repo, f.commit) for f in files}
    assert ("cahyadsn/wilayah_boundaries", "3c5a7960f4d227a38489094d84252bdbb3f978a5") in repos
    assert ("cahyadsn/wilayah", "b7ad440a1322e7be3189a16a8cac35f7d4c3d7f7") in repos
    paths_ = {f.path for f in files}
    assert {"db/wilayah.sql", "db/wilayah_penduduk.sql", "db/wilayah_luas.sql"} <= paths_
    assert sum(p.startswith("db/kab/") for p in paths_) == 38
    assert sum(p.startswith("db/kec/") for p in paths_) == 38
    assert all(len(f.sha256) == 64 and f.bytes > 0 and "MIT" in f.licence for f in files)


def test_cli_fetch_twice_against_mirror(tmp_path, built):
    """`python -m jkn_geo fetch` into an empty cache, then again: the second run does nothing."""
    env = dict(__import__("os").environ, JKN_GEO_CACHE=str(tmp_path / "cache"))
    # reuse the already converted files of the shared cache to keep this test fast: copy derived
    import shutil

    from jkn_geo.geography import convert

    shutil.copytree(built, tmp_path / "cache" / "derived" / built.name)
    cmd = [sys.executable, "-m", "jkn_geo", "fetch", "--quiet"]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "fetched 89 files" in first.stdout
    second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert "already in the cache and verified; nothing to do" in second.stdout
    assert "up to date" in second.stdout
    assert convert.CONVERT_VERSION > 0
