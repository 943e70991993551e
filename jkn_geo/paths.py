"""Where things live: the boundary manifest, the download cache, the data folder."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
MANIFEST_PATH = PROJECT_ROOT / "geo" / "manifest.json"
DATA_DIR = PROJECT_ROOT / "data"

DEFAULT_BASES = (
    "https://raw.githubusercontent.com",
    # jsDelivr serves the same files as https://cdn.jsdelivr.net/gh/<owner>/<repo>@<commit>/<path>
    "jsdelivr:https://cdn.jsdelivr.net/gh",
)


def cache_dir() -> Path:
    """The download/derived-file cache: ``$JKN_GEO_CACHE`` or a per-user cache folder."""
    env = os.environ.get("JKN_GEO_CACHE")
    if env:
        return Path(env).expanduser()
    try:
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("jkn-atlas", appauthor=False))
    except ImportError:  # pragma: no cover - platformdirs is in requirements
        return Path.home() / ".cache" / "jkn-atlas"


def raw_dir() -> Path:
    return cache_dir() / "raw"


def derived_dir() -> Path:
    return cache_dir() / "derived"


def mirror_bases() -> list[str]:
    """Base URLs to try, in order. ``$JKN_GEO_MIRROR`` replaces the defaults."""
    env = os.environ.get("JKN_GEO_MIRROR", "").strip()
    if env:
        return [b.strip() for b in env.split(",") if b.strip()]
    return list(DEFAULT_BASES)
