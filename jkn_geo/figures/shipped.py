"""The datasets shipped with the app, kept current in the store: ``angka-terbit`` (figures
quoted in published articles, :mod:`jkn_geo.figures.published`) and ``demo-sintetis`` (a seeded
synthetic panel, :mod:`jkn_geo.figures.demo`).

The store itself knows nothing of them; this module writes them when they are missing or out
of date (compared by version string), and :func:`open_store` is what the app and the command
line call.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from jkn_geo.config import DEMO_DATASET, PUBLISHED_DATASET
from jkn_geo.figures import consistency, demo, published
from jkn_geo.figures.store import _LOCK, Store, get_store

if TYPE_CHECKING:
    from jkn_geo.geography.registry import Registry


def ensure_shipped(store: Store, registry: Registry | None = None) -> list[str]:
    """Create or refresh the published-figures and demo datasets when missing or out of date.
    Returns the names that were (re)written."""
    written = []
    pv = published.dataset_version()
    if store.version_of(PUBLISHED_DATASET) != pv:
        fig, stm = published.to_frames(published.load_figures(), registry=registry)
        store.write_dataset(PUBLISHED_DATASET, fig, kind="published", source=published.SOURCE_SUMMARY,
                            licence=published.LICENCE, version=pv, note=published.NOTE, replace=True,
                            statements=stm, file_name=published.FIGURES_PATH.name)
        written.append(PUBLISHED_DATASET)
    dv = demo.dataset_version()
    if store.version_of(DEMO_DATASET) != dv:
        fig = demo.generate(registry=registry)
        store.write_dataset(DEMO_DATASET, fig, kind="demo", source=demo.SOURCE, licence=demo.LICENCE,
                            version=dv, note=demo.NOTE, replace=True, is_synthetic=True)
        written.append(DEMO_DATASET)
    return written


def open_store(path: str | Path | None = None, registry: Registry | None = None) -> Store:
    """The store at ``path`` (default: ``$JKN_GEO_DB``), created if missing, with the shipped
    datasets present and current. Cached per path and process: cheap when called again."""
    with _LOCK:
        st = get_store(path)
        ensure_shipped(st, registry=registry)
        return st


def check_dataset(store: Store, dataset: str, registry: Registry | None = None) -> pd.DataFrame:
    """Consistency findings for any stored dataset, the published one included (severity,
    check, code, name, period, segment, figure_ids, sources, stated, expected, size,
    size_unit, message_id, message_en; see :mod:`jkn_geo.figures.consistency`): its
    statements when it has them, else its rows; within a source, across sources, across
    levels and over time."""
    return consistency.check_store(store, dataset, registry=registry)
