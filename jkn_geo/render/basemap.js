// The optional tile layer under the shapes (map.js calls this, with the map and its config,
// before fitting the view). Only put in the page when the basemap is asked for.
(function (map, cfg) {
  try {
    L.tileLayer(cfg.basemapUrl, {attribution: cfg.basemapAttribution, subdomains: "abcd",
                maxZoom: 19, crossOrigin: true}).addTo(map);
  } catch (e) { /* no basemap: the shapes still draw */ }
})
