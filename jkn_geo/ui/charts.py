"""The Tren page's pieces: region choices, target lines and the Altair trend chart."""
from __future__ import annotations

import pandas as pd

from jkn_geo import fmt
from jkn_geo.analysis import indicators as ind
from jkn_geo.config import (
    CATEGORICAL_PALETTE,
    COVERAGE_TARGET_SOURCES,
    EXPORT_PX,
    NATIONAL_CODE,
    SYNTHETIC_LABEL,
)
from jkn_geo.text import Text
from jkn_geo.ui.widgets import level_options, target_text

INDONESIA = Text("Indonesia (nasional)", "Indonesia (national)")
SYNTHETIC_SUBTITLE = f"⚠ {SYNTHETIC_LABEL.id}"
_MONTHS_SHORT = "['Jan','Feb','Mar','Apr','Mei','Jun','Jul','Agu','Sep','Okt','Nov','Des']"


def export_inches(dpi: int = 150) -> tuple[float, float]:
    """The figure size in inches that gives exactly ``EXPORT_PX`` pixels at ``dpi`` (2000, not 1999)."""
    return ((EXPORT_PX[0] + 0.5) / dpi, (EXPORT_PX[1] + 0.5) / dpi)


def region_options(store, dataset: str, registry, levels: list[str]) -> dict:
    """``{code: label}``: Indonesia, the provinces and (when the dataset goes that deep) the
    regencies/cities with their province, for the region multiselect."""
    out = {NATIONAL_CODE: INDONESIA.id}
    for c in registry.codes("province"):
        out[c] = registry.name(c)
    if "regency" in levels:
        for c in registry.codes("regency"):
            out[c] = f"{registry.name(c)} · {registry.name(c.split('.')[0])}"
    return out


def chosen_regions(view, options: dict, registry) -> list[str]:
    """The regions Tren shows for the view: the ones compared there, else the selected region
    (a district: its regency), else none (the caller picks a default)."""
    codes = [c for c in view.regions if c in options]
    if codes:
        return codes
    code = view.region
    while code and code not in options and code in registry:
        code = registry.get(code).parent_code
    return [code] if code and code in options else []


def series_colours(series: pd.DataFrame) -> dict[str, str]:
    """``{name: colour}``: the palette in the order of the regions' codes, the order the PNG
    export (``staticmap.trend_image``) draws them in, so screen and file agree."""
    names = series.sort_values(["code"], kind="stable").drop_duplicates("code")["name"].tolist()
    return {n: CATEGORICAL_PALETTE[i % len(CATEGORICAL_PALETTE)] for i, n in enumerate(names)}


def default_regions(store, dataset: str, options: dict, n: int = 2) -> list[str]:
    """A sensible first selection: the regions with the most registered people at the latest period."""
    levels = level_options(store, dataset)
    for level in ("province", "regency"):
        if level not in levels:
            continue
        t = ind.indicator_table(store, dataset, level)
        t = t.dropna(subset=["coverage_pct"])
        if len(t):
            t = t.sort_values("registered", ascending=False, na_position="last")
            return [c for c in t["code"].head(n) if c in options]
    return []


def target_lines(key: str, targets: dict) -> list[tuple[float, str]]:
    info = ind.INDICATORS[key]
    if info["unit"] != "pct":
        return []
    if info["target"] == "coverage":
        t = targets["coverage_target"]
        return [(t, f"Target cakupan {target_text(t)} {COVERAGE_TARGET_SOURCES.get(t, '')}".strip())]
    if info["target"] == "activity":
        t = targets["activity_target"]
        return [(t, f"Target keaktifan {target_text(t)}")]
    return []


def change_text(v, unit: str) -> str:
    if unit == "pp":
        return fmt.fmt_pp(v)
    if fmt.is_missing(v):
        return fmt.NA_ID
    sign = "+" if v > 0 else ""
    return sign + (fmt.fmt_rp(v) if unit == "rp" else fmt.fmt_people(v))


def trend_chart(series: pd.DataFrame, key: str, targets: list[tuple[float, str]], synthetic: bool):
    """Altair line chart (one line per region) with dashed target rules, Indonesian labels."""
    import altair as alt

    info = ind.INDICATORS[key]
    unit = info["unit"]
    colours = series_colours(series)
    df = series[["code", "name", "period", key]].copy()
    # one row per region and month of the range, so a missing month breaks the line (never drawn as 0)
    months = pd.period_range(str(df["period"].min())[:7], str(df["period"].max())[:7], freq="M").astype(str)
    names = df.drop_duplicates("code").set_index("code")["name"]
    full = pd.MultiIndex.from_product([list(names.index), list(months)], names=["code", "period"])
    df["period"] = df["period"].astype(str).str[:7]
    df = df.set_index(["code", "period"]).reindex(full).reset_index()
    df["name"] = df["code"].map(names)
    df["date"] = pd.to_datetime(df["period"].astype(str).str[:7] + "-01")
    df["value"] = pd.to_numeric(df[key], errors="coerce")
    f = {"pct": fmt.fmt_pct, "rp": fmt.fmt_rp}.get(unit, fmt.fmt_int)
    df["nilai"] = df["value"].map(lambda v: f(v))
    df["bulan"] = df["period"].map(lambda p: fmt.fmt_period(p))
    if unit == "pct":
        ylab = "replace(format(datum.value, '.1f'), '.', ',') + ' %'"
    else:
        ylab = "replace(format(datum.value, ',.0f'), regexp(',', 'g'), '.')"
    xlab = f"{_MONTHS_SHORT}[month(datum.value)] + ' ' + year(datum.value)"
    vals = list(df["value"].dropna()) + [t for t, _ in targets]
    lo, hi = (min(vals), max(vals)) if vals else (0, 1)
    pad = (hi - lo) * 0.08 or 1
    y = alt.Y("value:Q", title=info["label_id"], scale=alt.Scale(domain=[lo - pad, hi + pad], zero=False),
              axis=alt.Axis(labelExpr=ylab))
    base = alt.Chart(df).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(labelExpr=xlab, tickCount="month")),
        y=y, color=alt.Color("name:N", title="Wilayah", legend=alt.Legend(orient="bottom", columns=3),
                                scale=alt.Scale(domain=list(colours), range=list(colours.values()))),
        tooltip=[alt.Tooltip("name:N", title="Wilayah"), alt.Tooltip("bulan:N", title="Periode"),
                 alt.Tooltip("nilai:N", title=info["label_id"])])
    chart = base.mark_line(point=True, strokeWidth=2.5, invalid="break-paths-filter-domains")
    layers = [chart]
    if targets:
        tdf = pd.DataFrame({"value": [t for t, _ in targets], "label": [lab for _, lab in targets],
                            "date": [df["date"].max()] * len(targets)})
        rule = alt.Chart(tdf).mark_rule(strokeDash=[6, 4], color="#444", size=1.5).encode(y="value:Q")
        text = alt.Chart(tdf).mark_text(align="right", dy=-7, color="#444", fontSize=12).encode(
            y="value:Q", text="label:N", x="date:T")
        layers += [rule, text]
    title = alt.TitleParams(info["label_id"] + ": tren bulanan",
                            subtitle=[SYNTHETIC_SUBTITLE] if synthetic else [],
                            subtitleColor="#B00020", subtitleFontWeight="bold")
    return alt.layer(*layers).properties(height=440, title=title)
