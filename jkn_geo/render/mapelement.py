"""The explorer's map in the browser: the folium/Leaflet elements that carry ``map.js``.

Two pieces go to the browser (see ``shared/notes/anchors.md`` §2 for why):

* the **base map** (:func:`build_base_map`): Leaflet map + one layer of the shapes of one level
  under one parent (:func:`jkn_geo.render.mapgeom.geometry`). Its script is byte-identical for
  the same view, so streamlit-folium's component key (a hash of that script) does not change
  when only the indicator or period changes: no remount, no flicker, zoom and pan kept.
* the **style update** (:func:`style_group`): a tiny feature group whose script calls
  ``window.jkn.apply(payload)`` with the payload of :func:`jkn_geo.render.mapstyle.style_payload`.
  It is sent through st_folium's ``feature_group_to_add``, which re-evaluates it in the live map.

The browser code lives in ``map.js`` (the shapes, tooltip, clicks, legend controls),
``basemap.js`` (the optional tile layer) and ``apply.js`` (the style update), package data read
with :mod:`importlib.resources`. Each is one function expression, called with ONE JSON object
built here (:func:`base_config`, the style payload); no JavaScript is formatted from strings.

Drawing: the shapes are a ``L.Polygon`` subclass that scales the pre-projected integers to the
current zoom and writes each SVG path directly when the shape lies wholly inside the drawn area
(Leaflet's clipping and simplification run only for shapes cut by the edge, i.e. zoomed in);
one tooltip and one set of handlers serve the whole group. ``bench/bench_map.py`` measures it.

Clicks: the group's click handler writes its region code into the component's
``last_object_clicked_popup`` field, so ``st_folium(..., returned_objects=RETURNED_OBJECTS)``
sends back a code and a counter, never geometry, and pans/zooms do not rerun the script.

The JSON embedded in scripts has ``<``, ``>`` and ``&`` escaped (:func:`js_json`), so it cannot
close a ``<script>``.
"""
from __future__ import annotations

from functools import cache
from importlib import resources

from branca.element import MacroElement
from jinja2 import Template

from jkn_geo.render.htmlsafe import js_json
from jkn_geo.render.mapgeom import QUANT_ZOOM, Geometry, geometry

HATCH_ID = "jkn-hatch"
SEA_COLOR = "#dde7ee"
BASEMAP_URL = "https://{s}.basemaps.cartocdn.com/light_nolabels/{z}/{x}/{y}{r}.png"
BASEMAP_ATTRIBUTION = "&copy; OpenStreetMap contributors &copy; CARTO"
RETURNED_OBJECTS = ["last_object_clicked_popup", "last_object_clicked_count"]


@cache
def browser_code(name: str) -> str:
    """The text of one of the package's ``.js`` files (``map.js``, ``basemap.js``, ``apply.js``)."""
    return resources.files("jkn_geo.render").joinpath(name).read_text(encoding="utf-8").rstrip()


def base_config(geom: Geometry) -> str:
    """The one JSON object ``map.js`` is configured by (escaped for a ``<script>``).

    The shapes are ``geom.data``, already JSON (encoded once per view and cached): they are
    placed in the object as they are instead of being parsed and written again on every run."""
    head = js_json({"sea": SEA_COLOR, "bounds": [list(geom.bounds[0]), list(geom.bounds[1])],
                    "qzoom": QUANT_ZOOM, "hatch": HATCH_ID, "level": geom.level, "within": geom.within or "",
                    "basemapUrl": BASEMAP_URL, "basemapAttribution": BASEMAP_ATTRIBUTION})
    return head[:-1] + ',"data":' + geom.data + "}"


class BaseLayer(MacroElement):
    """The shapes of one view: ``map.js`` called with the folium map and :func:`base_config`."""

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "{{ this.program }}({{ this._parent.get_name() }}, {{ this.config }}"
        "{% if this.basemap %}, {{ this.basemap }}{% endif %});\n"
        "{% endmacro %}\n")

    def __init__(self, geom: Geometry, basemap: bool):
        super().__init__()
        self._name = "JknBaseLayer"
        self.level, self.within = geom.level, geom.within       # which view this layer draws
        self.program = browser_code("map.js")
        self.config = base_config(geom)
        self.basemap = browser_code("basemap.js") if basemap else ""


class StyleUpdate(MacroElement):
    """The restyle of the live map: ``apply.js`` called with the style payload."""

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "{{ this.program }}({{ this.payload }});\n"
        "{% endmacro %}\n")

    def __init__(self, payload: dict):
        super().__init__()
        self._name = "JknStyleUpdate"
        self.program = browser_code("apply.js")
        self.payload = js_json(payload)


def build_base_map(level: str, within: str | None = None, basemap: bool = False,
                   assets: dict | None = None, height: int = 620):
    """A folium Map with the shapes of one level (no colours yet: see :func:`style_group`).

    ``assets`` is :func:`jkn_geo.render.assets.urls` (local Leaflet); only Leaflet is loaded — none of
    folium's default CDN scripts (jQuery, Bootstrap, Font Awesome).
    """
    import folium

    from jkn_geo.render import assets as _assets

    assets = assets or _assets.urls()
    geom = geometry(level, within)
    m = folium.Map(location=[-2.5, 118.0], zoom_start=5, tiles=None, control_scale=False,
                   zoom_snap=0.25, zoom_delta=0.5, min_zoom=3, max_zoom=QUANT_ZOOM, height=height,
                   attribution_control=True)
    m.default_js = [("leaflet", u) for u in assets["js"]]
    m.default_css = [("leaflet_css", u) for u in assets["css"]]
    m.add_child(BaseLayer(geom, basemap))
    return m


def style_group(payload: dict):
    """The feature group that restyles the live map (for ``st_folium(feature_group_to_add=...)``)."""
    import folium

    fg = folium.FeatureGroup(name="jkn-style", control=False)
    fg.add_child(StyleUpdate(payload))
    return fg


def standalone_html(level: str, within: str | None, payload: dict, basemap: bool = False,
                    assets: dict | None = None) -> str:
    """A complete HTML page of the map with its styles applied (benchmark, static export)."""
    m = build_base_map(level, within, basemap, assets)
    m.add_child(style_group(payload))
    return m.get_root().render()
