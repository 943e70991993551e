"""Reference geography: pinned download (``fetch``), conversion of the upstream SQL dumps
(``convert``, ``webgeom``), per-process boundary loading (``boundaries``) and region lookup
(``registry``, ``names``). Depends only on :mod:`jkn_geo.config`, :mod:`jkn_geo.text` and
:mod:`jkn_geo.fmt`."""
