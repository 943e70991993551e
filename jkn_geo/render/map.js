// The explorer's base map: one level's shapes under one parent, drawn from pre-projected,
// delta-encoded integer rings, and the window.jkn API that apply.js calls to restyle them.
//
// This file is one function expression: jkn_geo/render/mapelement.py calls it with the folium
// map, ONE JSON config object (mapelement.base_config) and, only when the basemap is on, the
// function of basemap.js. The config:
//   sea     background colour of the map (the sea)
//   bounds  [[south, west], [north, east]] to fit
//   qzoom   the zoom of the integer coordinates (mapgeom.QUANT_ZOOM)
//   hatch   id of the SVG "no data" pattern (patterns "jkn-old-<colour>" for earlier months' figures
//           are added next to it when first needed)
//   level, within  the drawn level and its parent code ("" for Indonesia)
//   basemapUrl, basemapAttribution  the tile layer (read by basemap.js only)
//   data    {c: codes, n: escaped names, g: rings per shape, b: their boxes} (mapgeom.geometry)
(function (map, cfg, addBasemap) {
  var J = window.jkn = {map: map, byCode: {}, payload: null, controls: {}};
  map.getContainer().style.background = cfg.sea;
  if (addBasemap) addBasemap(map, cfg);  // basemap.js, only when the basemap is on
  // fit the view BEFORE the shapes are added, so Leaflet projects every path once, not once
  // for the initial view and again for the fitted one
  J.bounds = cfg.bounds;
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
  // ---- shapes: pre-projected, delta-encoded integer rings (see mapgeom.geometry) ----------
  var Q = cfg.qzoom, crs = map.options.crs;
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
  var data = cfg.data;
  function base(code) {
    return {className: "jkn-region jkn-r-" + code.replace(/\./g, "-"), color: "#ffffff", weight: 0.8,
            opacity: 1, fillColor: "#cfcfcf", fillOpacity: 0.92, renderer: renderer};
  }
  // flags of a region (third item of its payload entry, mapstyle.flags): "o" its figure is the
  // closest earlier one (a lighter, dotted fill of its class colour), "i" stated and computed
  // figures disagree (a magenta outline and a "!" badge)
  var BAD = "#c2185b";
  function olderFill(col) {
    if (!/^#[0-9a-fA-F]{3,8}$/.test(col)) return col;
    var id = "jkn-old-" + col.slice(1), svgEl = renderer._container;
    if (svgEl && !document.getElementById(id)) {
      var NS = "http://www.w3.org/2000/svg", defs = svgEl.querySelector("defs");
      var pat = document.createElementNS(NS, "pattern");
      pat.setAttribute("id", id); pat.setAttribute("patternUnits", "userSpaceOnUse");
      pat.setAttribute("width", "6"); pat.setAttribute("height", "6");
      var parts = [["rect", {width: 6, height: 6, fill: "#ffffff"}],
                   ["rect", {width: 6, height: 6, fill: col, "fill-opacity": 0.5}],
                   ["circle", {cx: 3, cy: 3, r: 1.1, fill: "#333333", "fill-opacity": 0.6}]];
      for (var i = 0; i < parts.length; i++) {
        var el = document.createElementNS(NS, parts[i][0]);
        for (var a in parts[i][1]) el.setAttribute(a, String(parts[i][1][a]));
        pat.appendChild(el);
      }
      if (defs) defs.appendChild(pat);
    }
    return "url(#" + id + ")";
  }
  J.flags = function (code) {
    var s = J.payload && J.payload.s[code];
    return (s && s[2]) || "";
  };
  J.restyleOne = function (code) {
    var l = J.byCode[code]; if (!l) return;
    var p = J.payload || {s: {}}, s = p.s[code], sel = p.sel === code, f = J.flags(code);
    var bad = f.indexOf("i") >= 0, older = f.indexOf("o") >= 0;
    var fill = s && s[0] ? (older ? olderFill(s[0]) : s[0]) : "url(#" + cfg.hatch + ")";
    l.setStyle({fillColor: fill, color: sel ? "#111111" : bad ? BAD : "#ffffff",
                weight: sel ? 3 : bad ? 2.2 : 0.8});
    if (sel || bad) l.bringToFront();
  };
  J.front = function () {  // inconsistent outlines over their neighbours', the selection over all
    for (var c in J.byCode) if (J.flags(c).indexOf("i") >= 0) J.byCode[c].bringToFront();
    var sel = J.payload && J.byCode[J.payload.sel];
    if (sel) sel.bringToFront();
  };
  J.marks = L.layerGroup().addTo(map);
  J.drawMarks = function () {  // a "!" badge on each inconsistent region (not clickable)
    J.marks.clearLayers();
    for (var c in J.byCode) {
      if (J.flags(c).indexOf("i") < 0) continue;
      var l = J.byCode[c], at;
      try { at = l.getCenter(); } catch (e) { at = l.getBounds().getCenter(); }
      L.marker(at, {interactive: false, keyboard: false,
                    icon: L.divIcon({className: "jkn-bang-icon", html: "!", iconSize: [16, 16]})}).addTo(J.marks);
    }
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
  }, {sticky: true, direction: "auto", offset: [0, 0], className: "jkn-tip"});  // auto: right of the
  // pointer on the map's left half, left of it on the right half (never cut by the map's edge)
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
    J.front();
    J.drawMarks();
  });
  J.layer = layer;
  // grey hatch for "no data", defined inside the SVG the shapes are drawn in
  var svg = renderer._container;
  if (svg) {
    var NS = "http://www.w3.org/2000/svg";
    var defs = document.createElementNS(NS, "defs");
    var pat = document.createElementNS(NS, "pattern");
    pat.setAttribute("id", cfg.hatch); pat.setAttribute("patternUnits", "userSpaceOnUse");
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
    ".jkn-tip{font:12px/1.35 system-ui,sans-serif}.jkn-tip .en{color:#666}.jkn-tip .old{color:#1f4e79}" +
    ".bang{display:inline-block;min-width:13px;padding:0 3px;border-radius:7px;background:" + BAD + ";color:#fff;text-align:center;font-weight:700}" +
    ".jkn-bang-icon{background:" + BAD + ";color:#fff;border:1.5px solid #fff;border-radius:50%;font:700 11px/13px system-ui,sans-serif;text-align:center;box-shadow:0 1px 3px rgba(0,0,0,.4)}";
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
    if (layer._map) { J.front(); J.drawMarks(); }  // else when the shapes are added (above)
    ctl("legend", "bottomright", p.legend);
    ctl("banner", "topright", p.banner);
    ctl("title", "topleft", p.title);
    var el = map.getContainer();
    el.setAttribute("data-jkn-token", p.token || "");
    el.setAttribute("data-jkn-shapes", String(Object.keys(J.byCode).length));
    el.setAttribute("data-jkn-styled", String(n));
  };
  map.getContainer().setAttribute("data-jkn-level", cfg.level);
  map.getContainer().setAttribute("data-jkn-within", cfg.within);
})
