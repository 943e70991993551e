"""Rendering: the explorer's map (``mapview``, the facade of ``mapgeom``, ``mapelement`` and
``mapstyle``; browser code in ``map.js``, ``basemap.js``, ``apply.js``, package data), offline
assets (``assets``), view state carried in URLs (``viewstate``), exports (``export``, the facade
of ``tables`` and ``offline``) and static maps (``staticmap``). Depends on :mod:`jkn_geo.analysis`
and below; never imports streamlit."""
