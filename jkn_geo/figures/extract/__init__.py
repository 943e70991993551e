"""Figures from news text (``python -m jkn_geo extract``; the Data page's "Dari berita").

    from jkn_geo.figures.extract import extract, to_frame
    props = extract(article_text, url="https://…", date="2025-07-24")
    to_frame(props).to_csv("figures.csv", index=False)   # import with --kind published after review

Modules: :mod:`.textprep` (HTML, paragraphs, sentences), :mod:`.numbers` (the numbers that may be
figures, with precision and qualifier), :mod:`.context` (regions through the registry, period
anchors), :mod:`.measures` (what a number measures), :mod:`.core` (the pipeline).
"""
from __future__ import annotations

from jkn_geo.figures.extract.core import COLUMNS, Proposal, extract, fmt_value, to_frame
from jkn_geo.figures.extract.measures import JKN_MEASURES, MEASURES
from jkn_geo.figures.extract.textprep import html_to_text

__all__ = ["COLUMNS", "JKN_MEASURES", "MEASURES", "Proposal", "extract", "fmt_value", "html_to_text", "to_frame"]
