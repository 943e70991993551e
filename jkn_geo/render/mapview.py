"""The explorer's map, one import for its callers (:mod:`jkn_geo.ui.explorer`, the offline
export, benchmarks, tests). The work is done by

* :mod:`jkn_geo.render.mapgeom` — projection, quantisation, delta encoding, bounding boxes and
  the cached geometry per (level, parent);
* :mod:`jkn_geo.render.mapelement` — the folium/Leaflet elements carrying the browser code
  (``map.js``, ``basemap.js``, ``apply.js``) and the JSON that configures it;
* :mod:`jkn_geo.render.mapstyle` — the style payload: colours, tooltips, legend, banner, title,
  and the sparkline;
* :mod:`jkn_geo.render.htmlsafe` — escaping for HTML and for JSON inside a ``<script>``.
"""
from __future__ import annotations

from jkn_geo.render.htmlsafe import esc, js_json
from jkn_geo.render.mapelement import (
                                       BASEMAP_ATTRIBUTION,
                                       BASEMAP_URL,
                                       HATCH_ID,
                                       RETURNED_OBJECTS,
                                       SEA_COLOR,
                                       BaseLayer,
                                       StyleUpdate,
                                       base_config,
                                       build_base_map,
                                       standalone_html,
                                       style_group,
)
from jkn_geo.render.mapgeom import (
                                       QUANT_ZOOM,
                                       Geometry,
                                       decode_ring,
                                       encode_geometry,
                                       encode_ring,
                                       geometry,
                                       level_frame,
                                       mercator_lonlat,
                                       mercator_px,
                                       ring_bbox,
)
from jkn_geo.render.mapstyle import (
                                       demo_banner_html,
                                       fmt_value,
                                       legend_html,
                                       sparkline_svg,
                                       style_payload,
                                       title_html,
                                       tooltip_html,
)

__all__ = [
    "esc", "js_json",
    "BASEMAP_ATTRIBUTION", "BASEMAP_URL", "HATCH_ID", "RETURNED_OBJECTS", "SEA_COLOR",
    "BaseLayer", "StyleUpdate", "base_config", "build_base_map", "standalone_html", "style_group",
    "QUANT_ZOOM", "Geometry", "decode_ring", "encode_geometry", "encode_ring", "geometry", "level_frame",
    "mercator_lonlat", "mercator_px", "ring_bbox",
    "demo_banner_html", "fmt_value", "legend_html", "sparkline_svg", "style_payload",
    "title_html", "tooltip_html",
]
