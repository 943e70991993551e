"""Common start of every benchmark script: the repository on sys.path, the shared cache, and the
offline mirror in ``../shared/upstream`` when ``JKN_GEO_MIRROR`` is not set."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(ROOT / "tests") not in sys.path:     # test helpers (devserver) live under tests/
    sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("JKN_GEO_CACHE", str(ROOT / ".cache"))
_MIRROR = (ROOT.parent / "shared" / "upstream").resolve()
if not os.environ.get("JKN_GEO_MIRROR") and _MIRROR.is_dir():
    os.environ["JKN_GEO_MIRROR"] = _MIRROR.as_uri()
