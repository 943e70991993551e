"""``texts`` command: the catalogue of every bilingual text (module, name, Indonesian, English)."""
from __future__ import annotations

import csv
import sys


def cmd_texts(args) -> int:
    from jkn_geo.text import catalogue

    rows = catalogue()
    w = csv.writer(sys.stdout)
    w.writerow(["module", "name", "id", "en"])
    w.writerows(rows)
    print(f"{len(rows)} texts", file=sys.stderr)
    return 0


def register(sub) -> None:
    p = sub.add_parser("texts", help="every bilingual message and label as CSV (module, name, id, en), for translators")
    p.set_defaults(func=cmd_texts)
