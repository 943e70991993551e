"""JKN figures: reading and checking tables (``parsing``, ``importer``), the store
(``store``), the datasets shipped with the app (``shipped``, ``published``, ``demo``),
consistency checks and import templates. Depends on :mod:`jkn_geo.geography` and below."""
