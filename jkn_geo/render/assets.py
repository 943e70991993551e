"""Front-end assets served locally, so the map draws with no internet.

Leaflet comes from the npm registry at install time (``npm pack leaflet@<pinned>``, its
sha512 integrity checked against the pin below), unpacked into ``static/vendor/leaflet/``
(git-ignored), and served by Streamlit's static file serving
(``server.enableStaticServing = true`` in ``.streamlit/config.toml``) at
``/app/static/vendor/leaflet/``. Nothing front-end is copied into the repository.

Install (idempotent; from the repository root)::

    python -m jkn_geo.render.assets install        # or: bash tools/install_assets.sh
    python -m jkn_geo.render.assets check          # exit 1 if missing

When the files are missing the map falls back to the CDN and the page says so.
"""
from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from jkn_geo.config import PROJECT_ROOT

LEAFLET_VERSION = "1.9.4"
LEAFLET_INTEGRITY = "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="
LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
                 "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png")
CDN = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist"
STAMP = "installed.json"


def static_dir() -> Path:
    return PROJECT_ROOT / "static"


def leaflet_dir() -> Path:
    return static_dir() / "vendor" / "leaflet"


def installed() -> bool:
    d = leaflet_dir()
    try:
        stamp = json.loads((d / STAMP).read_text())
    except (OSError, ValueError):
        return False
    return stamp.get("version") == LEAFLET_VERSION and all((d / f).is_file() for f in LEAFLET_FILES)


def urls(base_path: str = "") -> dict:
    """Where the browser gets Leaflet: ``{"js": [...], "css": [...], "local": bool}``.

    ``base_path`` is Streamlit's ``server.baseUrlPath`` (empty when served at the root).
    """
    if installed():
        prefix = "/" + base_path.strip("/") if base_path.strip("/") else ""
        root = f"{prefix}/app/static/vendor/leaflet"
        return {"js": [f"{root}/leaflet.js"], "css": [f"{root}/leaflet.css"], "local": True}
    return {"js": [f"{CDN}/leaflet.js"], "css": [f"{CDN}/leaflet.css"], "local": False}


def _check_integrity(path: Path, integrity: str) -> None:
    algo, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algo, path.read_bytes()).digest()).decode()
    if digest != expected:
        raise RuntimeError(f"{path.name}: integrity {algo}-{digest} does not match the pinned {integrity}")


def install(force: bool = False, log=print) -> Path:
    """Fetch the pinned Leaflet with ``npm pack`` and unpack its dist files into ``static/``."""
    dest = leaflet_dir()
    if installed() and not force:
        log(f"Leaflet {LEAFLET_VERSION} already in {dest}")
        return dest
    npm = shutil.which("npm")
    if not npm:
        raise RuntimeError("npm is needed to fetch Leaflet from the npm registry (Debian: apt-get install npm)")
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([npm, "pack", f"leaflet@{LEAFLET_VERSION}", "--json", "--pack-destination", tmp],
                             capture_output=True, text=True, check=False, cwd=tmp)
        if out.returncode != 0:
            raise RuntimeError(f"npm pack leaflet@{LEAFLET_VERSION} failed:\n{out.stderr.strip()}")
        tgz = Path(tmp) / f"leaflet-{LEAFLET_VERSION}.tgz"
        if not tgz.is_file():
            found = list(Path(tmp).glob("*.tgz"))
            if not found:
                raise RuntimeError("npm pack produced no tarball")
            tgz = found[0]
        _check_integrity(tgz, LEAFLET_INTEGRITY)
        staging = Path(tmp) / "dist"
        staging.mkdir()
        with tarfile.open(tgz, "r:gz") as tf:
            for f in LEAFLET_FILES:
                member = tf.getmember(f"package/dist/{f}")
                data = tf.extractfile(member).read()
                target = staging / f
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            lic = tf.extractfile(tf.getmember("package/LICENSE")).read()
            (staging / "LICENSE").write_bytes(lic)
        (staging / STAMP).write_text(json.dumps({"package": "leaflet", "version": LEAFLET_VERSION,
                                                 "integrity": LEAFLET_INTEGRITY}, indent=1))
        if dest.exists():
            shutil.rmtree(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staging, dest)
    log(f"Leaflet {LEAFLET_VERSION} installed in {dest}")
    return dest


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    cmd = argv[0] if argv else "install"
    if cmd == "install":
        try:
            install(force="--force" in argv)
        except RuntimeError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        return 0
    if cmd == "check":
        ok = installed()
        print(f"Leaflet {LEAFLET_VERSION}: {'installed in ' + str(leaflet_dir()) if ok else 'missing'}")
        return 0 if ok else 1
    print("usage: python -m jkn_geo.render.assets [install [--force] | check]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
