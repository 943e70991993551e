"""Maintainer tool: (re)write geo/manifest.json from a local mirror of the upstream files.

Run it only when moving to a new upstream commit:

    python tools/make_manifest.py /path/to/mirror

The mirror must be laid out like raw.githubusercontent.com (owner/repo/commit/path).
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

REPOS = {
    "cahyadsn/wilayah_boundaries": "3c5a7960f4d227a38489094d84252bdbb3f978a5",
    "cahyadsn/wilayah": "b7ad440a1322e7be3189a16a8cac35f7d4c3d7f7",
}
WANTED = {
    "cahyadsn/wilayah_boundaries": ["LICENSE", "db/prov/*.sql", "db/kab/*.sql", "db/kec/*.sql"],
    "cahyadsn/wilayah": ["LICENSE", "db/wilayah.sql", "db/wilayah_penduduk.sql", "db/wilayah_luas.sql"],
}


def main(mirror: str) -> None:
    root = Path(mirror)
    files = []
    for repo, commit in REPOS.items():
        base = root / repo / commit
        for pattern in WANTED[repo]:
            for p in sorted(base.glob(pattern)):
                data = p.read_bytes()
                files.append({
                    "repo": repo,
                    "commit": commit,
                    "path": p.relative_to(base).as_posix(),
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "bytes": len(data),
                    "licence": "MIT, copyright (c) 2024-2025 Cahya DSN",
                })
    manifest = {
        "description": "Upstream reference files for JKN Atlas (Kepmendagri 2025 codes). "
                       "Downloaded and verified by `python -m jkn_geo fetch`; never committed.",
        "licence": {
            "cahyadsn/wilayah_boundaries": "MIT, https://github.com/cahyadsn/wilayah_boundaries",
            "cahyadsn/wilayah": "MIT, https://github.com/cahyadsn/wilayah",
        },
        "files": files,
    }
    out = Path(__file__).resolve().parents[1] / "geo" / "manifest.json"
    out.write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"wrote {out} with {len(files)} files, {sum(f['bytes'] for f in files):,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
