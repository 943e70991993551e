"""Pinned download of the upstream reference files.

Every file listed in ``geo/manifest.json`` is fetched from a base URL laid out like
``raw.githubusercontent.com`` (``BASE/<owner>/<repo>/<commit>/<path>``), checked against its
sha256, and written atomically into the cache. A file that already sits in the cache with the
right digest is not fetched again. A failed or wrong download never replaces a good file.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from jkn_geo import config

CHUNK = 1 << 16


class FetchError(RuntimeError):
    """A file could not be obtained or did not verify. The message names the file and the fix."""


@dataclass(frozen=True)
class ManifestFile:
    repo: str
    commit: str
    path: str
    sha256: str
    bytes: int
    licence: str

    @property
    def key(self) -> str:
        return f"{self.repo}/{self.commit}/{self.path}"

    def url(self, base: str) -> str:
        if base.startswith("jsdelivr:"):
            return f"{base[len('jsdelivr:'):].rstrip('/')}/{self.repo}@{self.commit}/{self.path}"
        return f"{base.rstrip('/')}/{self.key}"

    def local_path(self, root: Path | None = None) -> Path:
        return (root or config.raw_dir()) / self.repo / self.commit / self.path


def load_manifest(path: Path | None = None) -> list[ManifestFile]:
    data = json.loads((path or config.MANIFEST_PATH).read_text())
    return [ManifestFile(**{k: f[k] for k in ManifestFile.__dataclass_fields__}) for f in data["files"]]


def manifest_digest(path: Path | None = None) -> str:
    """A digest of the manifest content: derived files are rebuilt when it changes."""
    return hashlib.sha256((path or config.MANIFEST_PATH).read_bytes()).hexdigest()[:16]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def is_cached(f: ManifestFile, root: Path | None = None) -> bool:
    p = f.local_path(root)
    return p.is_file() and p.stat().st_size == f.bytes and sha256_file(p) == f.sha256


class _Progress:
    """A plain progress bar on stderr (tqdm when available)."""

    def __init__(self, total: int, enabled: bool):
        self.bar = None
        if enabled:
            try:
                from tqdm import tqdm

                self.bar = tqdm(total=total, unit="B", unit_scale=True, desc="fetch", file=sys.stderr,
                                leave=True, dynamic_ncols=True)
            except ImportError:  # pragma: no cover
                self.bar = None

    def update(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _open(url: str, timeout: float):
    if url.startswith("file://"):
        local = Path(urllib.request.url2pathname(urllib.parse.urlparse(url).path))
        if not local.is_file():
            raise FileNotFoundError(f"no such file: {local}")
        return open(local, "rb")
    req = urllib.request.Request(url, headers={"User-Agent": "jkn-atlas-fetch/1"})
    return urllib.request.urlopen(req, timeout=timeout)


def _download_one(f: ManifestFile, bases: list[str], dest: Path, progress: _Progress,
                  retries: int, timeout: float) -> str:
    """Download ``f`` into ``dest`` atomically; return the URL it came from."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for base in bases:
        url = f.url(base)
        for attempt in range(1, retries + 1):
            fd, tmp_name = tempfile.mkstemp(prefix=".part-", dir=dest.parent)
            tmp = Path(tmp_name)
            h = hashlib.sha256()
            size = 0
            try:
                with os.fdopen(fd, "wb") as out, _open(url, timeout) as src:
                    while True:
                        chunk = src.read(CHUNK)
                        if not chunk:
                            break
                        out.write(chunk)
                        h.update(chunk)
                        size += len(chunk)
                        progress.update(len(chunk))
                    out.flush()
                    os.fsync(out.fileno())
                if size != f.bytes:
                    problems.append(f"{url}: got {size:,} bytes, expected {f.bytes:,} (truncated or wrong file)")
                    progress.update(-size)
                    tmp.unlink(missing_ok=True)
                    continue
                if h.hexdigest() != f.sha256:
                    problems.append(f"{url}: sha256 {h.hexdigest()[:12]}… does not match the manifest's "
                                    f"{f.sha256[:12]}… (tampered or changed upstream)")
                    progress.update(-size)
                    tmp.unlink(missing_ok=True)
                    break  # same bytes again from this base would not help
                os.replace(tmp, dest)
                return url
            except (OSError, urllib.error.URLError) as exc:
                tmp.unlink(missing_ok=True)
                progress.update(-size)
                problems.append(f"{url}: {exc}")
                if isinstance(exc, FileNotFoundError) or (
                        isinstance(exc, urllib.error.HTTPError) and exc.code == 404):
                    break
                if attempt < retries:
                    time.sleep(min(2 ** attempt * 0.25, 4))
    raise FetchError(
        f"could not obtain {f.key}:\n  - " + "\n  - ".join(problems) +
        "\nThe cache was left unchanged. Fix: check the network, or point JKN_GEO_MIRROR at a "
        "complete mirror (e.g. JKN_GEO_MIRROR=file:///path/to/shared/upstream), then run "
        "`python -m jkn_geo fetch` again."
    )


@dataclass
class FetchReport:
    fetched: list[str]
    already: list[str]
    bytes_fetched: int
    seconds: float

    def summary(self) -> str:
        if not self.fetched:
            return f"all {len(self.already)} files already in the cache and verified; nothing to do"
        return (f"fetched {len(self.fetched)} files ({self.bytes_fetched / 1e6:.1f} MB) in {self.seconds:.1f} s; "
                f"{len(self.already)} already cached")


def fetch_all(files: Iterable[ManifestFile] | None = None, *, bases: list[str] | None = None,
              root: Path | None = None, progress: bool = True, retries: int = 3,
              timeout: float = 60.0, log: Callable[[str], None] | None = None) -> FetchReport:
    """Make sure every manifest file is in the cache and verified. Returns what was done."""
    files = list(files) if files is not None else load_manifest()
    bases = bases or config.mirror_bases()
    t0 = time.perf_counter()
    missing = [f for f in files if not is_cached(f, root)]
    already = [f.key for f in files if f not in missing]
    bar = _Progress(sum(f.bytes for f in missing), progress and bool(missing))
    fetched: list[str] = []
    try:
        for f in missing:
            src = _download_one(f, bases, f.local_path(root), bar, retries, timeout)
            fetched.append(f.key)
            if log:
                log(f"fetched {f.path} ({f.bytes:,} B) from {src}")
    finally:
        bar.close()
    return FetchReport(fetched, already, sum(f.bytes for f in missing if f.key in fetched),
                       time.perf_counter() - t0)
