"""Analysis: indicators computed from stored figures (``indicators``), rankings, changes and
series (``ranking``), and classification of values into map classes (``classify``). Depends on
:mod:`jkn_geo.figures` and below."""
