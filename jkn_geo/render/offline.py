"""Offline HTML: the explorer's map as one file that opens with no internet — its assets inlined
(:func:`inline_assets`), a header with title, period, source and the synthetic label
(:func:`standalone_html`), built from the table of one indicator (:func:`offline_map_html`).
"""
from __future__ import annotations

import dataclasses
import html as _html
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from jkn_geo import fmt
from jkn_geo.analysis.classify import classify
from jkn_geo.analysis.indicators import INDICATORS
from jkn_geo.config import ACTIVITY_TARGET, DEFAULT_COVERAGE_TARGET, SYNTHETIC_LABEL
from jkn_geo.render.tables import BOUNDARY_ATTRIBUTION, ExportMeta

_SCRIPT_RE = re.compile(r'<script\b[^>]*\bsrc\s*=\s*["\']([^"\']+)["\'][^>]*>\s*</script>', re.I)
_LINK_RE = re.compile(r'<link\b[^>]*\bhref\s*=\s*["\']([^"\']+)["\'][^>]*/?>', re.I)


def inline_assets(html: str, resolve: Callable[[str], str | None], drop_unresolved: bool = True) -> tuple[str, list[str]]:
    """Replace ``<script src=…>`` and stylesheet ``<link href=…>`` by inline copies.

    ``resolve(url)`` returns the asset's text (from locally installed files) or ``None``.
    Unresolved external references are removed (``drop_unresolved``) so the file never waits for
    the network; their URLs are returned.
    """
    missing: list[str] = []

    def script(m):
        url = m.group(1)
        text = resolve(url)
        if text is None:
            missing.append(url)
            return "" if drop_unresolved else m.group(0)
        return "<script>" + text.replace("</script", "<\\/script") + "</script>"

    def link(m):
        tag, url = m.group(0), m.group(1)
        if "stylesheet" not in tag.lower():
            return tag
        text = resolve(url)
        if text is None:
            missing.append(url)
            return "" if drop_unresolved else tag
        return "<style>" + text.replace("</style", "<\\/style") + "</style>"

    html = _SCRIPT_RE.sub(script, html)
    html = _LINK_RE.sub(link, html)
    return html, missing


def dir_resolver(*folders: Path) -> Callable[[str], str | None]:
    """Resolve an asset URL by its file name in local folders (e.g. the installed Leaflet)."""
    files: dict[str, Path] = {}
    for folder in folders:
        folder = Path(folder)
        if folder.is_dir():
            for p in folder.rglob("*"):
                if p.suffix in (".js", ".css") and p.is_file():
                    files.setdefault(p.name, p)

    def resolve(url: str) -> str | None:
        name = url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        p = files.get(name)
        return p.read_text(encoding="utf-8", errors="replace") if p else None

    return resolve


def standalone_html(map_html: str, resolve: Callable[[str], str | None], meta: ExportMeta | None = None) -> str:
    """An HTML document that opens offline: assets inlined, a header with title, period, source
    and — for demo data — the synthetic label."""
    html, _missing = inline_assets(map_html, resolve)
    if meta is not None:
        esc = _html.escape
        bits = [f"<strong>{esc(meta.title)}</strong>"]
        if meta.period:
            bits.append(esc(meta.period_label))
        bits.append("Sumber: " + esc(meta.source or meta.dataset))
        banner = (f'<div style="position:relative;z-index:10000;background:#fff;'
                  f'font:14px sans-serif;padding:6px 10px;border-bottom:1px solid #ccc">{" · ".join(bits)}'
                  + (f' <span style="background:#B00020;color:#fff;padding:2px 6px;margin-left:8px">'
                     f'{esc(SYNTHETIC_LABEL.id)}</span>' if meta.synthetic else "")
                  + f'<div style="font-size:11px;color:#555">{esc(BOUNDARY_ATTRIBUTION)}</div></div>')
        if re.search(r"<body[^>]*>", html):
            html = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + banner, html, count=1)
        else:
            html = banner + html
    return html


def offline_map_html(table: pd.DataFrame, level: str, within: str | None, key: str, meta: ExportMeta,
                     coverage_target: float = DEFAULT_COVERAGE_TARGET,
                     activity_target: float = ACTIVITY_TARGET) -> bytes:
    """The explorer's map (:mod:`jkn_geo.render.mapview`) of ``table[key]`` as one HTML file that opens
    with no internet: Leaflet (installed locally by :mod:`jkn_geo.render.assets`) is inlined, tiles are
    off, and a header carries title, period, source and the synthetic label.

    Raises ``RuntimeError`` when the local Leaflet files are missing (the file would not draw
    offline)."""
    from jkn_geo.render import assets, mapview

    if not assets.installed():
        raise RuntimeError("Leaflet is not installed locally (python -m jkn_geo.render.assets install); "
                           "an offline HTML map cannot be made")
    info = INDICATORS[key]
    unit = info["unit"]
    vals = pd.to_numeric(table[key], errors="coerce") if key in table.columns else pd.Series(dtype=float)
    if info.get("target") in ("coverage", "activity") and unit == "pct":
        t = coverage_target if info["target"] == "coverage" else activity_target
        classes = classify(vals.tolist(), unit="pct", scheme="target", target=t, target_kind=info["target"])
        target_label = f"target {fmt.fmt_pct(t, 1 if t % 1 else 0)}"
    else:
        classes = classify(vals.tolist(), unit=unit, scheme="quantile", higher_is_better=bool(info["higher_is_better"]))
        target_label = None
    codes = getattr(mapview.geometry(level, within), "codes", None)
    payload = mapview.style_payload(table, key, info, classes, period=meta.period, dataset_label=meta.dataset,
                                    synthetic=meta.synthetic, target_label=target_label, codes=codes)
    page = mapview.standalone_html(level, within, payload, basemap=False)
    if not meta.title:
        meta = dataclasses.replace(meta, title=info["label_id"] + (f" — {meta.within}" if meta.within else ""))
    out = standalone_html(page, dir_resolver(assets.leaflet_dir()), meta)
    return out.encode("utf-8")
