"""JKN Atlas library: reference geography, JKN indicators, storage, import and maps.

Nothing in this package except :mod:`jkn_geo.ui` imports streamlit.
"""
__version__ = "0.1.0"
