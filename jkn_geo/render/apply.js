// The style update: st_folium re-evaluates it in the live map (feature_group_to_add) with the
// style payload of mapstyle.style_payload; window.jkn.apply is defined by map.js.
(function (payload) {
  if (window.jkn && window.jkn.apply) { window.jkn.apply(payload); }
})
