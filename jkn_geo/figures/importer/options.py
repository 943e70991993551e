"""The options of one import (what :func:`validate` and :func:`import_file` were asked to do)."""
from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jkn_geo.geography.registry import Registry

Progress = Callable[[float, str], object]


@dataclass(frozen=True)
class ImportOptions:
    name: str | None = None              # the dataset name (default: from the file name)
    sheet: str | None = None             # the XLSX sheet (default: the first)
    filename: str | None = None          # the file name, for bytes or a file object
    period: str | None = None            # the period of rows when the file has no period column
    today: _dt.date | None = None        # "now", for periods in the future
    registry: Registry | None = None     # default: :func:`jkn_geo.geography.registry.get_registry`
    dry_run: bool = True                 # check only (validate) or store (import_file)
    replace: bool = False                # replace a dataset of the same name
    source: str = ""
    licence: str = ""
    progress: Progress | None = None     # progress(fraction, message), for a progress bar
    kind: str = "official"               # official: a wide table, all or nothing; published: one row per figure

    def tell(self, fraction: float, message: str) -> None:
        """Report progress; a broken progress bar never breaks the import."""
        if self.progress is not None:
            try:
                self.progress(fraction, message)
            except Exception:  # noqa: BLE001 - a broken progress bar must not break the import
                pass
