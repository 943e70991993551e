"""Limits of an import, said in words: sizes and counts in both languages' number formats, and
the messages that stop reading when a file is too big or too long."""
from __future__ import annotations

from typing import NoReturn

from jkn_geo.config import MAX_UPLOAD_BYTES
from jkn_geo.figures.importer import messages as T
from jkn_geo.figures.importer.report import ImportReport, err, stop
from jkn_geo.fmt import fmt_int
from jkn_geo.text import Text


class TooBig(Exception):
    def __init__(self, size: int, fname: str):
        super().__init__(size)
        self.size, self.fname = size, fname


def mib(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",") + " MB"


def sizes(**named: int) -> dict[str, str]:
    """``size=n`` → ``{"size": "1,5 MB", "size_en": "1.5 MB"}`` for :meth:`Text.format`."""
    out = {}
    for k, n in named.items():
        out[k], out[k + "_en"] = mib(n), mib(n).replace(",", ".")
    return out


def counts(**named: int) -> dict[str, str]:
    """``n=1234`` → ``{"n": "1.234", "n_en": "1,234"}`` for :meth:`Text.format`."""
    out = {}
    for k, n in named.items():
        out[k], out[k + "_en"] = fmt_int(n), fmt_int(n, "en")
    return out


def too_big(rep: ImportReport, size: int) -> None:
    err(rep, None, None, None, T.TOO_BIG.format(**sizes(size=size, limit=MAX_UPLOAD_BYTES)), T.SPLIT_OR_DROP_COLUMNS)


def too_many(rep: ImportReport, row: int, limit: Text) -> NoReturn:
    raise stop(rep, row, None, None, T.TOO_LONG.format(limit=limit.id, limit_en=limit.en), T.SPLIT_FILE)


# ---- CSV ---------------------------------------------------------------------------------------------
