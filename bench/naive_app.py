"""The naive baseline for bench/bench_map.py: a Streamlit page that does what a first folium
choropleth does — raw geometry read and sent on every run, folium.Choropleth, default
st_folium (every interaction reruns, every change remounts the map). Not part of the product.

    streamlit run bench/naive_app.py -- (query: ?level=regency&within=18)
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import folium  # noqa: E402
import geopandas as gpd  # noqa: E402
import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402
from branca.colormap import ColorMap  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from jkn_geo.analysis import indicators  # noqa: E402
from jkn_geo.config import DEMO_DATASET  # noqa: E402
from jkn_geo.figures.shipped import open_store  # noqa: E402
from jkn_geo.geography import convert
from jkn_geo.render import assets

st.set_page_config(layout="wide")
level = st.query_params.get("level", "province")
within = st.query_params.get("within") or None
store = open_store()
periods = store.periods(DEMO_DATASET)
ind = st.selectbox("Indikator", ["coverage_pct", "activity_pct"], key="ind")
per = st.select_slider("Periode", periods, value=periods[-1], key="per")

folder = convert.ensure_built(log=lambda *_: None)
gdf = gpd.read_parquet(Path(folder) / f"geom_{level}.parquet")  # raw geometry, read every run
names = pd.read_parquet(Path(folder) / "regions.parquet", columns=["code", "name"])
gdf = gdf.merge(names, on="code")
if within:
    gdf = gdf[gdf["code"].str.startswith(within + ".")]
tab = indicators.indicator_table(store, DEMO_DATASET, level, period=per, within=within)

urls = assets.urls()
m = folium.Map(location=[-2.5, 118], zoom_start=5, tiles=None)
m.default_js = [("leaflet", u) for u in urls["js"]]
m.default_css = [("leaflet_css", u) for u in urls["css"]]
ch = folium.Choropleth(geo_data=gdf, data=tab, columns=["code", ind], key_on="feature.properties.code",
                       fill_color="YlGnBu", nan_fill_color="#cccccc", bins=6)
for parent in (ch, m):  # the legend needs d3 from a CDN: left out so the page works offline
    for k, c in list(parent._children.items()):
        if isinstance(c, ColorMap):
            del parent._children[k]
ch.color_scale = None
ch.add_to(m)
folium.GeoJsonTooltip(fields=["name"]).add_to(ch.geojson)
m.fit_bounds([[gdf.total_bounds[1], gdf.total_bounds[0]], [gdf.total_bounds[3], gdf.total_bounds[2]]])
st_folium(m, height=600, use_container_width=True)
