"""The map explorer's details: the selected region's figures, rank, trend and status (or the
summary for Indonesia), and the ranking table under the map."""
from __future__ import annotations

import streamlit as st

from jkn_geo.analysis import indicators as ind
from jkn_geo.config import LEVEL_LABELS
from jkn_geo.fmt import NA_ID, fmt_pct, fmt_people, fmt_period, fmt_rp, is_missing
from jkn_geo.render import mapview
from jkn_geo.text import Text, md_escape
from jkn_geo.ui.explorer import state as S
from jkn_geo.ui.explorer.state import set_region

RANKING_KEY = "jkn_rank_open"     # ranking-table expander (built only when open)
FEW_WITH_DATA = 8  # at most this many regions with figures: list them, the map is mostly hatched

METRICS = (("coverage_pct", Text("Cakupan", "coverage")), ("activity_pct", Text("Keaktifan", "activity")),
           ("active_coverage_pct", Text("Cakupan aktif", "active coverage")),
           ("to_enrol", Text("Perlu didaftarkan", "to enrol")),
           ("to_activate", Text("Perlu diaktifkan", "to activate")),
           ("gap_cost_rp", Text("Biaya celah setahun (PBI)", "yearly gap cost")))
SOURCE = Text("Sumber", "source")
NOTE = Text("Catatan", "note")
TREND = Text("Tren", "trend")
WITH_FIGURES = Text("Wilayah yang punya data", "regions with figures:")


def target_for(meta: dict, cov_t: float, act_t: float):
    """``(value, kind, label)`` of the indicator's target for the classes and the legend."""
    t = meta.get("target")
    if t is None:
        return None, None, None
    if meta.get("unit") == "pct":
        value = cov_t if t == "coverage" else act_t
        return value, t, f"target {fmt_pct(value, decimals=1).replace(',0 %', ' %')}"
    return 0.0, t, "target tercapai"


def rank_among(table, code: str, indicator: str, higher_is_better: bool):
    """(rank, n) of ``code`` among the rows of ``table`` that have a value (1 = best)."""
    sub = table[["code", indicator]].dropna()
    if code not in set(sub["code"]):
        return None, len(sub)
    sub = sub.sort_values(indicator, ascending=not higher_is_better, kind="mergesort").reset_index(drop=True)
    vals = sub[indicator].tolist()
    v = vals[sub.index[sub["code"] == code][0]]
    better = sum(1 for x in vals if (x > v if higher_is_better else x < v))
    return better + 1, len(sub)


def _metric_value(row, key, unit):
    v = row.get(key)
    if is_missing(v):
        return NA_ID
    return mapview.fmt_value(v, unit)


def details(store, digest, reg, state, region, table, meta, targets) -> None:
    cov_t, act_t, pbi = targets["coverage_target"], targets["activity_target"], targets["pbi_rp"]
    if not region:
        st.markdown("**Indonesia** · 38 provinsi")
        have = table[state.indicator].notna().sum()
        st.caption(f"{have} dari {len(table)} provinsi punya data untuk periode ini · "
                   f"{have} of {len(table)} provinces have data for this period. "
                   "Klik provinsi di peta · click a province to drill down.")
        _jump_to_regions_with_data(table, state.indicator, meta)
        _status_counts(table)
        return
    r = reg.get(region)
    st.markdown(f"**{md_escape(r.name)}** · {LEVEL_LABELS[r.level].id} · `{r.code}`")
    parent = r.parent_code
    sib_table = S.table(store, digest, state.dataset, r.level, state.period, parent, cov_t, act_t, pbi)
    rows = sib_table[sib_table["code"] == region]
    if not len(rows):
        st.info(NA_ID)
        return
    row = rows.iloc[0].to_dict()
    if is_missing(row.get(state.indicator)) and is_missing(row.get("coverage_pct")):
        st.info(f"**{NA_ID}** untuk {fmt_period(state.period)} · no data for this period.")
    lines = [f"| {lab.id} <span style='color:#777'>· {lab.en}</span> | "
             f"**{_metric_value(row, key, ind.INDICATORS[key]['unit'])}** |" for key, lab in METRICS]
    st.markdown(f"| {fmt_period(state.period)} | |\n|---|---|\n" + "\n".join(lines), unsafe_allow_html=True)
    extra = [f"{word} {fmt_people(row[key])}" for key, word in
             (("registered", "terdaftar"), ("active", "aktif"), ("population", "penduduk"))
             if not is_missing(row.get(key))]
    if extra:
        st.caption(" · ".join(extra))
    status = row.get("status")
    if status and status in ind.STATUS_LABELS:
        s = ind.STATUS_LABELS[status]
        st.markdown(f"Status: **{s['label_id']}** · *{s['label_en']}*")
    rank, n = rank_among(sib_table, region, state.indicator, meta.get("higher_is_better", True))
    parent_name = reg.get(parent).name if parent else "Indonesia"
    if rank:
        st.markdown(f"{md_escape(meta['label_id'])}: **peringkat {rank} dari {n}** di "
                    f"{md_escape(parent_name)} · rank {rank} of {n}")
    else:
        st.caption(f"Peringkat: {NA_ID} · no rank")
    series = S.series(store, digest, state.dataset, region, cov_t, act_t, pbi)
    if series is not None and len(series) and state.indicator in series.columns:
        target, _, _ = target_for(meta, cov_t, act_t)
        svg = mapview.sparkline_svg([str(p) for p in series["period"]], series[state.indicator].tolist(),
                                    meta["unit"], target if meta["unit"] == "pct" else None)
        if svg:
            st.caption(f"{TREND.both()}: {md_escape(meta['label_id'])}")
            st.markdown(svg, unsafe_allow_html=True)
    for key, label in (("source", SOURCE), ("note", NOTE)):
        if isinstance(row.get(key), str) and row[key].strip():
            st.caption(f"{label.both()}: " + md_escape(row[key]))


def _jump_to_regions_with_data(table, indicator: str, meta: dict) -> None:
    """When only a few regions have figures (e.g. published figures quoted in the news), list
    them as buttons that open them, so nobody has to hunt for the coloured shapes."""
    rows = table[table[indicator].notna()]
    if not 0 < len(rows) <= FEW_WITH_DATA:
        return
    st.caption(WITH_FIGURES.both())
    for r in rows.sort_values("name").to_dict("records"):
        st.button(f"{r['name']} · {mapview.fmt_value(r[indicator], meta['unit'])}", key=f"jkn_have_{r['code']}",
                  on_click=set_region, args=(r["code"],))


def _status_counts(table) -> None:
    if "status" not in table.columns:
        return
    counts = table["status"].value_counts(dropna=False)
    lines = [f"- {lab['label_id']}: **{int(counts.get(key, 0))}**" for key, lab in ind.STATUS_LABELS.items()]
    lines.append(f"- {NA_ID}: **{int(table['status'].isna().sum())}**")
    st.markdown("\n".join(lines))


def ranking(table, state, meta, view) -> None:
    import pandas as pd

    # lazy: built (and the table bundle loaded in the browser) only when opened
    exp = st.expander(f"Tabel peringkat · ranking table ({len(table)} {LEVEL_LABELS[view.level].id.lower()})",
                      key=RANKING_KEY, on_change="rerun")
    if not exp.open:
        return
    with exp:
        unit = meta["unit"]
        cols = list(dict.fromkeys(["code", "name", state.indicator, "coverage_pct", "activity_pct",
                                   "registered", "population"]))
        df = table[cols].copy()
        df = df.sort_values(state.indicator, ascending=not meta.get("higher_is_better", True), na_position="last")
        columns = {"Kode": df["code"], "Wilayah": df["name"],
                   meta["label_id"]: [mapview.fmt_value(v, unit) for v in df[state.indicator]]}
        for key, label in (("coverage_pct", "Cakupan"), ("activity_pct", "Keaktifan")):
            if key != state.indicator:  # the indicator itself is already the third column
                columns[label] = [fmt_pct(v) for v in df[key]]
        columns["Terdaftar"] = [fmt_people(v) for v in df["registered"]]
        columns["Penduduk"] = [fmt_people(v) for v in df["population"]]
        st.dataframe(pd.DataFrame(columns), hide_index=True, width="stretch", placeholder=NA_ID)
        if unit == "rp":
            st.caption(f"Total: {fmt_rp(table[state.indicator].sum(min_count=1))}")
