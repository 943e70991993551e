"""Map building for the explorer: geometry once per (level, parent), styling per indicator/period.

Two pieces go to the browser (see ``shared/notes/anchors.md`` §2 for why):

* the **base map** (:func:`build_base_map`): Leaflet map + one layer of the shapes of one level
  under one parent, built from the simplified web geometry, pre-projected and delta-encoded
  (:func:`encode_ring`), and cached per ``(level, within)`` (:func:`geometry`). Its script is
  byte-identical for the same view, so streamlit-folium's component key (a hash of that script) does not change when only the
  indicator or period changes: no remount, no flicker, zoom and pan kept.
* the **style update** (:func:`style_group`): a tiny feature group whose script calls
  ``window.jkn.apply(payload)`` with per-region fill colour + tooltip HTML, the legend, the
  synthetic-data banner and the highlighted region. It is sent through st_folium's
  ``feature_group_to_add``, which re-evaluates it in the live map.

Drawing: the shapes are a ``L.Polygon`` subclass that scales the pre-projected integers to the
current zoom and writes each SVG path directly when the shape lies wholly inside the drawn area
(Leaflet's clipping and simplification run only for shapes cut by the edge, i.e. zoomed in);
one tooltip and one set of handlers serve the whole group. ``bench/bench_map.py`` measures it.

Clicks: the group's click handler writes its region code into the component's
``last_object_clicked_popup`` field, so ``st_folium(..., returned_objects=["last_object_clicked_popup",
"last_object_clicked_count"])`` sends back a code and a counter, never geometry, and pans/zooms do
not rerun the script.

Every string that ends up in HTML (region names, indicator labels, dataset names, sources) is
escaped here with :func:`html.escape`; the JSON embedded in scripts has ``<``, ``>`` and ``&``
escaped too, so neither can close a ``<script>``.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import lru_cache

from jkn_geo.analysis.classify import Classes
from jkn_geo.fmt import NA_ID, fmt_pct, fmt_people, fmt_period, fmt_rp, is_missing

HATCH_ID = "jkn-hatch"
SEA_COLOR = "#dde7ee"
BASEMAP_URL = "https://{s}.basemaps.cartocdn.com/light_nolabels/{z}/{x}/{y}{r}.png"
BASEMAP_ATTRIBUTION = "&copy; OpenStreetMap contributors &copy; CARTO"
RETURNED_OBJECTS = ["last_object_clicked_popup", "last_object_clicked_count"]


def esc(x) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def js_json(obj) -> str:
    """JSON safe to embed in a <script>: no '<', '>' or '&' characters in the text."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# ---- geometry -------------------------------------------------------------------------------
#: Shapes travel pre-projected: Web Mercator pixel coordinates at zoom ``QUANT_ZOOM`` (the map's
#: maximum zoom, so one unit is one screen pixel there), rounded to integers and delta-encoded per
#: ring. The browser then scales integers instead of creating a ``LatLng`` and computing a
#: Mercator projection per vertex, and the text is about half the size of GeoJSON.
QUANT_ZOOM = 14
_WORLD = 256 * 2 ** QUANT_ZOOM
_MAX_LAT = 85.0511287798  # Leaflet's SphericalMercator.MAX_LATITUDE


def mercator_px(lon, lat):
    """Lon/lat (degrees, arrays) → Web Mercator pixel coordinates at :data:`QUANT_ZOOM` (floats)."""
    import numpy as np

    lon = np.asarray(lon, dtype=float)
    lat = np.clip(np.asarray(lat, dtype=float), -_MAX_LAT, _MAX_LAT)
    x = (lon / 360.0 + 0.5) * _WORLD
    y = (0.5 - np.arctanh(np.sin(np.radians(lat))) / (2 * np.pi)) * _WORLD
    return x, y


def mercator_lonlat(x, y):
    """Inverse of :func:`mercator_px`."""
    import numpy as np

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    lon = (x / _WORLD - 0.5) * 360.0
    lat = np.degrees(np.arcsin(np.tanh((0.5 - y / _WORLD) * 2 * np.pi)))
    return lon, lat


def encode_ring(coords) -> list[int]:
    """One closed ring (``[(lon, lat), ...]``, first = last) → ``[x0, y0, dx1, dy1, ...]``.

    The closing vertex is dropped (the path closes itself) and so are vertices that quantize onto
    the previous one. A ring left with fewer than 3 points is returned empty."""
    import numpy as np

    c = np.asarray(coords, dtype=float)
    if len(c) and (c[0] == c[-1]).all():
        c = c[:-1]
    if len(c) < 3:
        return []
    x, y = mercator_px(c[:, 0], c[:, 1])
    xy = np.column_stack([np.rint(x), np.rint(y)]).astype(np.int64)
    keep = np.ones(len(xy), dtype=bool)
    keep[1:] = (xy[1:] != xy[:-1]).any(axis=1)
    xy = xy[keep]
    if len(xy) > 1 and (xy[0] == xy[-1]).all():
        xy = xy[:-1]
    if len(xy) < 3:
        return []
    d = xy.copy()
    d[1:] -= xy[:-1]
    return d.ravel().tolist()


def encode_geometry(geom) -> list[list[int]]:
    """A (multi)polygon → its rings, outer rings and holes alike (filled even-odd)."""
    polys = getattr(geom, "geoms", [geom])
    rings = []
    for poly in polys:
        if poly.is_empty:
            continue
        for ring in [poly.exterior, *poly.interiors]:
            enc = encode_ring(ring.coords)
            if enc:
                rings.append(enc)
    return rings


def ring_bbox(rings) -> list[int]:
    """``[min x, min y, max x, max y]`` of encoded rings (zoom-14 pixels; ``[]`` if none)."""
    import numpy as np

    if not rings:
        return []
    xy = np.concatenate([np.cumsum(np.asarray(r, dtype=np.int64).reshape(-1, 2), axis=0) for r in rings])
    return [int(v) for v in (*xy.min(axis=0), *xy.max(axis=0))]


def decode_ring(deltas) -> list[tuple[float, float]]:
    """Inverse of :func:`encode_ring` (tests, checks): ``[(lon, lat), ...]``, not closed."""
    import numpy as np

    xy = np.cumsum(np.asarray(deltas, dtype=np.int64).reshape(-1, 2), axis=0)
    lon, lat = mercator_lonlat(xy[:, 0], xy[:, 1])
    return list(zip(lon.tolist(), lat.tolist()))


@dataclass(frozen=True)
class Geometry:
    level: str
    within: str | None
    data: str  # compact JSON {"c": codes, "n": escaped names, "g": rings per shape, "b": their boxes}
    bounds: tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))
    codes: tuple[str, ...]

    @property
    def nbytes(self) -> int:
        return len(self.data.encode())


def level_frame(level: str, within: str | None = None):
    """The web-geometry rows of ``level`` under region ``within`` (shared frame, not copied)."""
    from jkn_geo.geography.boundaries import load_level

    gdf = load_level(level)
    if within:
        prefix = within + "."
        gdf = gdf[gdf["code"].str.startswith(prefix)]
    return gdf


@lru_cache(maxsize=96)
def geometry(level: str, within: str | None = None) -> Geometry:
    """The shapes of one level under one parent, encoded for the browser once per process."""
    gdf = level_frame(level, within)
    if len(gdf) == 0:
        raise ValueError(f"no {level} shapes under {within!r}")
    codes = gdf["code"].tolist()
    shapes = [encode_geometry(g) for g in gdf.geometry.values]
    data = {"c": codes, "n": [esc(n) for n in gdf["name"].tolist()], "g": shapes,
            "b": [ring_bbox(rings) for rings in shapes]}
    minx, miny, maxx, maxy = (float(v) for v in gdf.total_bounds)
    return Geometry(level, within, js_json(data), ((miny, minx), (maxy, maxx)), tuple(codes))


# ---- folium elements ------------------------------------------------------------------------
_BASE_JS = r"""
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var J = window.jkn = {map: map, byCode: {}, payload: null, controls: {}};
  map.getContainer().style.background = "{{ this.sea }}";
  {% if this.basemap %}
  try {
    L.tileLayer("{{ this.basemap_url }}", {attribution: "{{ this.basemap_attr }}", subdomains: "abcd",
                maxZoom: 19, crossOrigin: true}).addTo(map);
  } catch (e) { /* no basemap: the shapes still draw */ }
  {% endif %}
  // fit the view BEFORE the shapes are added, so Leaflet projects every path once, not once
  // for the initial view and again for the fitted one
  J.bounds = {{ this.bounds }};
  J.userMoved = false;
  J.size = "";
  J.fit = function (measure) {
    // the first fit uses the size Leaflet measured when the map was created (measuring again
    // would force a second layout); the resize observer measures
    if (measure) map.invalidateSize(false);
    map.fitBounds(J.bounds, {padding: [6, 6], animate: false});
    var sz = map.getSize(); J.size = sz.x + "x" + sz.y;
  };
  J.fitting = true; J.fit(); J.fitting = false;
  map.on("dragstart zoomstart", function (e) { if (!J.fitting) J.userMoved = true; });
  // the component iframe gets its final width after the first draw: refit (only when the size
  // really changed) until the user moves the map
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      var el = map.getContainer();
      if (J.userMoved || el.clientWidth + "x" + el.clientHeight === J.size) return;
      J.fitting = true; J.fit(true); J.fitting = false;
    }).observe(map.getContainer());
  }
  // ---- shapes: pre-projected, delta-encoded integer rings (see mapview.geometry) ----------
  var Q = {{ this.qzoom }}, crs = map.options.crs;
  var FastSVG = L.SVG.extend({
    // one class attribute instead of Leaflet's split-trim-classList loop per path
    _initPath: function (layer) {
      var path = layer._path = L.SVG.create("path");
      path.setAttribute("class", (layer.options.className || "") + (layer.options.interactive ? " leaflet-interactive" : ""));
      this._updateStyle(layer);
      this._layers[L.stamp(layer)] = layer;
    }
  });
  var Shape = L.Polygon.extend({
    initialize: function (q, bb, options) {
      L.setOptions(this, options);
      this._q = q; this._bb = bb; this._latlngs = [];
      this._bounds = q.length ? L.latLngBounds(crs.pointToLatLng(L.point(bb[0], bb[3]), Q), crs.pointToLatLng(L.point(bb[2], bb[1]), Q))
                              : L.latLngBounds([]);
    },
    isEmpty: function () { return !this._q.length; },
    _ensureLatLngs: function () {  // LatLngs only when asked for (centre, export)
      if (this._latlngs.length || !this._q.length) return;
      this._latlngs = this._q.map(function (a) {
        var out = [];
        for (var i = 0, x = 0, y = 0; i < a.length; i += 2) {
          x += a[i]; y += a[i + 1]; out.push(crs.pointToLatLng(L.point(x, y), Q));
        }
        return out;
      });
    },
    getLatLngs: function () { this._ensureLatLngs(); return this._latlngs; },
    getCenter: function () { this._ensureLatLngs(); return L.Polygon.prototype.getCenter.call(this); },
    toGeoJSON: function (p) { this._ensureLatLngs(); return L.Polygon.prototype.toGeoJSON.call(this, p); },
    _project: function () {
      if (!this._q.length) { this._rawPxBounds = null; this._pxBounds = null; return; }
      var map = this._map, k = Math.pow(2, map._zoom - Q), o = map.getPixelOrigin(), bb = this._bb;
      this._k = k; this._ox = o.x; this._oy = o.y; this._rings = null;
      this._rawPxBounds = L.bounds([Math.round(bb[0] * k) - o.x, Math.round(bb[1] * k) - o.y],
                                   [Math.round(bb[2] * k) - o.x, Math.round(bb[3] * k) - o.y]);
      this._updateBounds();
    },
    _update: function () {
      if (!this._map) return;
      var b = this._renderer._bounds, pb = this._pxBounds, w = this.options.weight;
      if (pb && pb.min.x >= b.min.x - w && pb.min.y >= b.min.y - w && pb.max.x <= b.max.x + w && pb.max.y <= b.max.y + w) {
        // wholly inside the drawn area (every shape at the overview zoom): the path straight
        // from the integers, skipping points within 2 px of the last one kept, no clipping
        var k = this._k, ox = this._ox, oy = this._oy, out = [];
        for (var r = 0; r < this._q.length; r++) {
          var a = this._q[r], s = "", px = 0, py = 0, m = 0, qx = 0, qy = 0;
          for (var i = 0; i < a.length; i += 2) {
            qx += a[i]; qy += a[i + 1];
            var x = Math.round(qx * k) - ox, y = Math.round(qy * k) - oy;
            if (m && (x - px) * (x - px) + (y - py) * (y - py) <= 4) continue;
            s += (m ? "L" : "M") + x + " " + y; px = x; py = y; m++;
          }
          if (m > 2) out.push(s + "z");
        }
        this._parts = [];
        this._renderer._setPath(this, out.length ? out.join("") : "M0 0");
        return;
      }
      // partly outside (zoomed in): Leaflet's own projection, clipping and simplification
      var rings = this._rings = [];
      for (var r2 = 0; r2 < this._q.length; r2++) {
        var a2 = this._q[r2], ring = new Array(a2.length >> 1), x2 = 0, y2 = 0;
        for (var i2 = 0, j = 0; i2 < a2.length; i2 += 2, j++) {
          x2 += a2[i2]; y2 += a2[i2 + 1];
          ring[j] = new L.Point(Math.round(x2 * this._k) - this._ox, Math.round(y2 * this._k) - this._oy);
        }
        rings.push(ring);
      }
      L.Polygon.prototype._update.call(this);
    }
  });
  var renderer = new FastSVG({padding: 0.5}).addTo(map);  // its <svg> exists from here on
  var data = {{ this.data }};
  function base(code) {
    return {className: "jkn-region jkn-r-" + code.replace(/\./g, "-"), color: "#ffffff", weight: 0.8,
            opacity: 1, fillColor: "#cfcfcf", fillOpacity: 0.92, renderer: renderer};
  }
  J.restyleOne = function (code) {
    var l = J.byCode[code]; if (!l) return;
    var p = J.payload || {s: {}}, s = p.s[code], sel = p.sel === code;
    l.setStyle({fillColor: s && s[0] ? s[0] : "url(#{{ this.hatch }})",
                color: sel ? "#111111" : "#ffffff", weight: sel ? 3 : 0.8});
    if (sel) l.bringToFront();
  };
  var layer = L.featureGroup();
  layer._addFocusListeners = function () {};  // the paths take no keyboard focus: no listeners
  for (var fi = 0; fi < data.c.length; fi++) {
    var shape = new Shape(data.g[fi], data.b[fi], base(data.c[fi]));
    shape.jknCode = data.c[fi]; shape.jknName = data.n[fi];
    J.byCode[data.c[fi]] = shape;
    layer.addLayer(shape);
  }
  // one tooltip, one set of handlers for the whole group (events carry the shape as e.layer);
  // the tooltip text is read from the current style payload when it opens
  layer.bindTooltip(function (l) {
    var s = J.payload && J.payload.s[l.jknCode];
    return s ? s[1] : l.jknName;
  }, {sticky: true, direction: "top", offset: [0, -12], className: "jkn-tip"});
  layer.on("click", function (e) {
    var code = e.layer.jknCode;
    J.clicked = code;
    var g = window.__GLOBAL_DATA__;
    if (g) { g.last_object_clicked_popup = code; }
  });
  layer.on("mouseover", function (e) { e.layer.setStyle({weight: 2.5, color: "#222222"}); });
  layer.on("mouseout", function (e) { J.restyleOne(e.layer.jknCode); });
  // added after the current script: the style update that follows this script (same page
  // load) then sets each shape's colour before its path exists, instead of restyling it after
  Promise.resolve().then(function () {
    layer.addTo(map);
    var sel = J.payload && J.byCode[J.payload.sel];
    if (sel) sel.bringToFront();
  });
  J.layer = layer;
  // grey hatch for "no data", defined inside the SVG the shapes are drawn in
  var svg = renderer._container;
  if (svg) {
    var NS = "http://www.w3.org/2000/svg";
    var defs = document.createElementNS(NS, "defs");
    var pat = document.createElementNS(NS, "pattern");
    pat.setAttribute("id", "{{ this.hatch }}"); pat.setAttribute("patternUnits", "userSpaceOnUse");
    pat.setAttribute("width", "7"); pat.setAttribute("height", "7");
    pat.setAttribute("patternTransform", "rotate(45)");
    var bg = document.createElementNS(NS, "rect");
    bg.setAttribute("width", "7"); bg.setAttribute("height", "7"); bg.setAttribute("fill", "#eeeeee");
    var ln = document.createElementNS(NS, "line");
    ln.setAttribute("x1", "0"); ln.setAttribute("y1", "0"); ln.setAttribute("x2", "0"); ln.setAttribute("y2", "7");
    ln.setAttribute("stroke", "#9e9e9e"); ln.setAttribute("stroke-width", "2.5");
    pat.appendChild(bg); pat.appendChild(ln); defs.appendChild(pat); svg.insertBefore(defs, svg.firstChild);
  }
  var css = document.createElement("style");
  css.innerHTML = ".leaflet-interactive:focus{outline:none}" +
    ".jkn-box{background:rgba(255,255,255,.93);padding:6px 9px;border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px/1.35 system-ui,sans-serif;color:#222;max-width:260px}" +
    ".jkn-box .sw{display:inline-block;width:16px;height:11px;margin-right:6px;vertical-align:-1px;border:1px solid #999}" +
    ".jkn-box .tg{font-weight:700}.jkn-box .en{color:#666;font-size:11px}" +
    ".jkn-banner{background:#fff3cd;border:2px solid #b8860b;color:#5c4400;font-weight:700;font:700 13px/1.3 system-ui,sans-serif;padding:6px 10px;border-radius:6px;max-width:320px}" +
    ".jkn-tip{font:12px/1.35 system-ui,sans-serif}.jkn-tip .en{color:#666}";
  document.head.appendChild(css);
  function ctl(name, pos, htmlText) {
    if (J.controls[name]) { map.removeControl(J.controls[name]); delete J.controls[name]; }
    if (!htmlText) return;
    var c = L.control({position: pos});
    c.onAdd = function () {
      var d = L.DomUtil.create("div", name === "banner" ? "jkn-banner" : "jkn-box");
      d.innerHTML = htmlText; L.DomEvent.disableClickPropagation(d); return d;
    };
    c.addTo(map); J.controls[name] = c;
  }
  J.apply = function (p) {
    J.payload = p;
    var n = 0;
    for (var code in J.byCode) {
      J.restyleOne(code);
      if (p.s[code]) n++;
    }
    ctl("legend", "bottomright", p.legend);
    ctl("banner", "topright", p.banner);
    ctl("title", "topleft", p.title);
    var el = map.getContainer();
    el.setAttribute("data-jkn-token", p.token || "");
    el.setAttribute("data-jkn-shapes", String(Object.keys(J.byCode).length));
    el.setAttribute("data-jkn-styled", String(n));
  };
  map.getContainer().setAttribute("data-jkn-level", "{{ this.level }}");
  map.getContainer().setAttribute("data-jkn-within", "{{ this.within }}");
})();
{% endmacro %}
"""

_APPLY_JS = r"""
{% macro script(this, kwargs) %}
if (window.jkn && window.jkn.apply) { window.jkn.apply({{ this.payload }}); }
{% endmacro %}
"""


def _element_classes():
    from branca.element import MacroElement
    from jinja2 import Template

    class BaseLayer(MacroElement):
        _template = Template(_BASE_JS)

        def __init__(self, geom: Geometry, basemap: bool):
            super().__init__()
            self._name = "JknBaseLayer"
            self.data = geom.data
            self.qzoom = QUANT_ZOOM
            self.bounds = js_json([list(geom.bounds[0]), list(geom.bounds[1])])
            self.level = geom.level
            self.within = esc(geom.within or "")
            self.basemap = bool(basemap)
            self.basemap_url = BASEMAP_URL
            self.basemap_attr = BASEMAP_ATTRIBUTION
            self.hatch = HATCH_ID
            self.sea = SEA_COLOR

    class StyleUpdate(MacroElement):
        _template = Template(_APPLY_JS)

        def __init__(self, payload: dict):
            super().__init__()
            self._name = "JknStyleUpdate"
            self.payload = js_json(payload)

    return BaseLayer, StyleUpdate


_CLASSES = None


def _els():
    global _CLASSES
    if _CLASSES is None:
        _CLASSES = _element_classes()
    return _CLASSES


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
    BaseLayer, _ = _els()
    m.add_child(BaseLayer(geom, basemap))
    return m


def style_group(payload: dict):
    """The feature group that restyles the live map (for ``st_folium(feature_group_to_add=...)``)."""
    import folium

    _, StyleUpdate = _els()
    fg = folium.FeatureGroup(name="jkn-style", control=False)
    fg.add_child(StyleUpdate(payload))
    return fg


def standalone_html(level: str, within: str | None, payload: dict, basemap: bool = False,
                    assets: dict | None = None) -> str:
    """A complete HTML page of the map with its styles applied (benchmark, static export)."""
    m = build_base_map(level, within, basemap, assets)
    m.add_child(style_group(payload))
    return m.get_root().render()


# ---- styling: colours, tooltips, legend ----------------------------------------------------
def fmt_value(value, unit: str, lang: str = "id") -> str:
    if unit == "pct":
        return fmt_pct(value, lang=lang)
    if unit == "rp":
        return fmt_rp(value, lang=lang)
    return fmt_people(value, lang=lang)


def _num(row, key):
    v = row.get(key) if hasattr(row, "get") else None
    return None if is_missing(v) else v


def tooltip_html(row: dict, indicator: str, meta: dict, period: str | None, dataset_label: str = "") -> str:
    """Tooltip for one region: value, the counts behind it, period, source — all escaped."""
    name = esc(row.get("name"))
    code = esc(row.get("code"))
    head = f"<b>{name}</b> <span class='en'>{code}</span>"
    value = _num(row, indicator)
    per = esc(fmt_period(row.get("period") or period)) if (row.get("period") or period) else ""
    if value is None:
        return (f"{head}<br>{esc(meta.get('label_id', indicator))}: <b>{esc(NA_ID)}</b>"
                f"<br><span class='en'>no data · {per}</span>")
    lines = [head, f"{esc(meta.get('label_id', indicator))}: <b>{esc(fmt_value(value, meta.get('unit', 'pct')))}</b>"]
    reg, act, pop = _num(row, "registered"), _num(row, "active"), _num(row, "population")
    if reg is not None and pop is not None:
        lines.append(f"Terdaftar {esc(fmt_people(reg))} dari {esc(fmt_people(pop))} penduduk")
    elif reg is not None:
        lines.append(f"Terdaftar {esc(fmt_people(reg))}")
    if act is not None:
        lines.append(f"Aktif {esc(fmt_people(act))}"
                     + (f" ({esc(fmt_pct(_num(row, 'activity_pct')))} dari terdaftar)" if _num(row, 'activity_pct') is not None else ""))
    if indicator != "coverage_pct" and _num(row, "coverage_pct") is not None:
        lines.append(f"Cakupan {esc(fmt_pct(_num(row, 'coverage_pct')))}")
    src = row.get("source")
    tail = per + (f" · {esc(src)}" if isinstance(src, str) and src.strip() else "")
    if dataset_label:
        tail += f" · {esc(dataset_label)}"
    lines.append(f"<span class='en'>{tail}</span>")
    return "<br>".join(lines)


def legend_html(classes: Classes, meta: dict, period: str | None, counts: list[int] | None = None,
                n_missing: int = 0, target_label: str | None = None, lang: str = "id") -> str:
    """The legend: one swatch per class, the target marked, and the hatched no-data swatch."""
    rows = [f"<div><b>{esc(meta.get('label_id', ''))}</b><br><span class='en'>{esc(meta.get('label_en', ''))}"
            f"{' · ' + esc(fmt_period(period)) if period else ''}</span></div>"]
    labels = classes.labels("id")
    for i, (col, lab) in enumerate(zip(classes.colors, labels)):
        if classes.n == 1 and counts is not None and counts[0] == 0:
            break  # no value at all: only the no-data row
        mark = ""
        if classes.target_class is not None and i == classes.target_class:
            mark = f" <span class='tg'>◀ {esc(target_label or 'target')}</span>"
        cnt = f" <span class='en'>({counts[i]})</span>" if counts is not None else ""
        rows.append(f"<div><span class='sw' style='background:{esc(col)}'></span>{esc(lab)}{cnt}{mark}</div>")
    hatch = "background:repeating-linear-gradient(45deg,#9e9e9e 0 2px,#eeeeee 2px 5px)"
    rows.append(f"<div><span class='sw' style='{hatch}'></span>{esc(NA_ID)}"
                f" <span class='en'>({n_missing})</span></div>")
    for note in classes.notes:
        rows.append(f"<div class='en'>{esc(note)}</div>")
    return "".join(rows)


def demo_banner_html(dataset_label: str) -> str:
    return (f"⚠ DATA SINTETIS — bukan angka resmi<br><span style='font-weight:400'>"
            f"Synthetic demo data ({esc(dataset_label)}), not official figures</span>")


def title_html(level_label: str, parent_name: str | None, dataset_label: str) -> str:
    where = esc(parent_name) if parent_name else "Indonesia"
    return f"<b>{where}</b> · {esc(level_label)}<br><span class='en'>{esc(dataset_label)}</span>"


def style_payload(table, indicator: str, meta: dict, classes: Classes, *, period: str | None,
                  selected: str | None = None, dataset_label: str = "", synthetic: bool = False,
                  target_label: str | None = None, title: str | None = None, codes=None) -> dict:
    """Everything :func:`style_group` sends: ``{"s": {code: [colour | None, tooltip]}, ...}``.

    ``table`` is the indicator table of the drawn level (a DataFrame or list of dicts); regions
    of ``codes`` missing from it are drawn as no data. ``title`` is HTML: build it with
    :func:`title_html`, which escapes the names in it; every other text here is escaped.
    """
    records = table.to_dict("records") if hasattr(table, "to_dict") else list(table)
    s: dict[str, list] = {}
    counts = [0] * classes.n
    n_missing = 0
    for row in records:
        code = str(row.get("code"))
        v = _num(row, indicator)
        idx = classes.index(v)
        if idx is None:
            n_missing += 1
        else:
            counts[idx] += 1
        s[code] = [None if idx is None else classes.colors[idx], tooltip_html(row, indicator, meta, period, dataset_label)]
    for code in codes or ():
        if code not in s:
            n_missing += 1
            s[code] = [None, f"<b>{esc(code)}</b><br>{esc(NA_ID)}"]
    token = f"{indicator}|{period}|{classes.scheme}|{classes.palette}|{selected or ''}|{len(s)}"
    return {
        "s": s,
        "sel": selected,
        "legend": legend_html(classes, meta, period, counts, n_missing, target_label),
        "banner": demo_banner_html(dataset_label) if synthetic else None,
        "title": title,
        "token": token,
    }


def payload_bytes(payload: dict) -> int:
    return len(js_json(payload).encode())


def sparkline_svg(periods, values, unit: str = "pct", target: float | None = None,
                  width: int = 280, height: int = 70) -> str:
    """A small inline SVG trend (no chart library): the line, the target as a dashed line,
    and the first/last values labelled. Missing months leave gaps. Escaped; '' if < 2 values."""
    pts = [(i, float(v)) for i, v in enumerate(values) if not is_missing(v)]
    if len(pts) < 2:
        return ""
    ys = [v for _, v in pts] + ([target] if target is not None else [])
    lo, hi = min(ys), max(ys)
    if hi == lo:
        hi, lo = hi + 1, lo - 1
    n = max(len(values) - 1, 1)
    pad_l, pad_r, pad_t, pad_b = 4, 4, 6, 16

    def xy(i, v):
        x = pad_l + (width - pad_l - pad_r) * i / n
        y = pad_t + (height - pad_t - pad_b) * (1 - (v - lo) / (hi - lo))
        return f"{x:.1f},{y:.1f}"

    segs, cur = [], []
    prev = None
    for i, v in pts:
        if prev is not None and i != prev + 1:
            segs.append(cur)
            cur = []
        cur.append(xy(i, v))
        prev = i
    segs.append(cur)
    lines = "".join(f"<polyline points='{' '.join(s)}' fill='none' stroke='#1f5f8b' stroke-width='2'/>"
                    for s in segs if len(s) > 1)
    dots = "".join(f"<circle cx='{s[0].split(',')[0]}' cy='{s[0].split(',')[1]}' r='2' fill='#1f5f8b'/>"
                   for s in segs if len(s) == 1)
    tgt = ""
    if target is not None:
        y = xy(0, target).split(",")[1]
        tgt = (f"<line x1='{pad_l}' x2='{width - pad_r}' y1='{y}' y2='{y}' stroke='#b8860b' "
               f"stroke-dasharray='4 3'/><text x='{width - pad_r}' y='{float(y) - 2:.1f}' font-size='9' "
               f"text-anchor='end' fill='#8a6508'>target</text>")
    first_i, first_v = pts[0]
    last_i, last_v = pts[-1]
    lab = (f"<text x='{pad_l}' y='{height - 3}' font-size='10' fill='#555'>"
           f"{esc(fmt_period(periods[first_i], short=True))}: {esc(fmt_value(first_v, unit))}</text>"
           f"<text x='{width - pad_r}' y='{height - 3}' font-size='10' fill='#222' text-anchor='end'>"
           f"{esc(fmt_period(periods[last_i], short=True))}: {esc(fmt_value(last_v, unit))}</text>")
    return (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='100%' "
            f"style='max-width:{width}px' role='img' "
            f"aria-label='tren'>{tgt}{lines}{dots}{lab}</svg>")
