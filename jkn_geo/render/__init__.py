"""Rendering: map geometry and the Leaflet map element (``mapview``, browser code in
``map.js``), offline assets (``assets``), view state carried in URLs (``viewstate``), table and
HTML exports (``export``) and static maps (``staticmap``). Depends on :mod:`jkn_geo.analysis`
and below; never imports streamlit."""
