"""Exports, one import for their callers (the pages, tests, benchmarks):

* :mod:`jkn_geo.render.tables` — tables to CSV/XLSX (Indonesian headers, dataset/source/period on
  every row, the synthetic label, formula cells neutralised, :class:`ExportMeta`) and the import
  validation report;
* :mod:`jkn_geo.render.offline` — the offline HTML inliner and the standalone map HTML.
"""
from __future__ import annotations

from jkn_geo.render.offline import dir_resolver, inline_assets, offline_map_html, standalone_html
from jkn_geo.render.tables import (
                                   BASE_HEADERS_ID,
                                   BOUNDARY_ATTRIBUTION,
                                   FORMULA_PREFIXES,
                                   ISSUE_HEADERS_ID,
                                   KIND_LABEL_ID,
                                   LEVEL_ID,
                                   ORIGIN_ID,
                                   SYNTHETIC_LABEL_EN,
                                   SYNTHETIC_LABEL_ID,
                                   ExportMeta,
                                   filename,
                                   header_id,
                                   indicator_definitions,
                                   indicator_label,
                                   indicator_unit,
                                   is_synthetic,
                                   issues_csv,
                                   issues_frame,
                                   neutralise,
                                   prepare_table,
                                   table_csv,
                                   table_xlsx,
)

__all__ = [
    "dir_resolver", "inline_assets", "offline_map_html", "standalone_html",
    "BASE_HEADERS_ID", "BOUNDARY_ATTRIBUTION", "FORMULA_PREFIXES", "ISSUE_HEADERS_ID", "KIND_LABEL_ID",
    "LEVEL_ID", "ORIGIN_ID", "SYNTHETIC_LABEL_EN", "SYNTHETIC_LABEL_ID", "ExportMeta", "filename", "header_id",
    "indicator_definitions", "indicator_label", "indicator_unit", "is_synthetic", "issues_csv",
    "issues_frame", "neutralise", "prepare_table", "table_csv", "table_xlsx",
]
