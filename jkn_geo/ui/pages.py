"""Helpers shared by the analyst pages (Peringkat, Tren, Data, Sumber & metode).

Only layout and widgets live here; the data work is in :mod:`jkn_geo.analysis.ranking`,
:mod:`jkn_geo.render.export`, :mod:`jkn_geo.render.staticmap` and the data layer.
"""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from jkn_geo.render import export as ex
from jkn_geo import fmt
from jkn_geo.ui.common import SHARED_DS_KEY

LEVEL_LABELS = {"province": "Provinsi", "regency": "Kabupaten/Kota", "district": "Kecamatan"}
KIND_LABELS = {"imported": "impor", "published": "angka terpublikasi", "demo": "sintetis (demo)"}
COVERAGE_TARGET_LABELS = {
    98.0: "98 % — RPJMN 2025–2029",
    98.6: "98,6 % — regulasi terbaru",
    95.0: "95 % — target lama (RPJMN 2020–2024)",
}
_TARGET_KEY = "jkn_coverage_target"


def page_setup(title: str, icon: str = "🗺️") -> None:
    st.set_page_config(page_title=f"{title} · JKN Atlas", page_icon=icon, layout="wide")


def get_store():
    """The app's store (created with the shipped datasets on first use); see ``common.get_store``."""
    from jkn_geo.ui.common import get_store as _get

    return _get()


def indicators_module():
    from jkn_geo.analysis import indicators

    return indicators


# ---------------------------------------------------------------- sidebar controls
def dataset_picker(store, where=None, label: str = "Dataset") -> dict:
    """Select box of the store's datasets; returns the chosen dataset's info dict."""
    where = where or st.sidebar
    df = store.datasets()
    if df.empty:
        st.warning("Belum ada dataset (no datasets yet).")
        st.stop()
    names = df["name"].tolist()
    info = {r["name"]: r for r in df.to_dict("records")}
    # the dataset last chosen anywhere (here or on the map), else the URL's, else the demo
    current = st.session_state.get(SHARED_DS_KEY)
    qp = st.query_params.get("ds")
    if current not in names and qp in names:
        current = qp
    if current not in names:
        current = "demo-sintetis" if "demo-sintetis" in names else names[0]

    def _label(n):
        return f"{n} · {KIND_LABELS.get(info[n]['kind'], info[n]['kind'])}"

    if st.session_state.get("jkn_dataset_w") != current and current in names:
        st.session_state["jkn_dataset_w"] = current
    choice = where.selectbox(label, names, format_func=_label, key="jkn_dataset_w",
                             on_change=lambda: st.session_state.update({SHARED_DS_KEY: st.session_state["jkn_dataset_w"]}))
    st.session_state[SHARED_DS_KEY] = choice
    return dict(info[choice])


from jkn_geo.ui.common import is_synthetic  # noqa: E402  (one definition for every page)


def synthetic_banner(info: dict) -> None:
    """The demo panel is labelled wherever it is shown."""
    if is_synthetic(info):
        st.warning(f"**{ex.SYNTHETIC_LABEL_ID}.** Angka-angka ini dibuat oleh generator demo untuk mencoba "
                   f"aplikasi, bukan angka BPJS Kesehatan atau Dinas Kesehatan. "
                   f"*{ex.SYNTHETIC_LABEL_EN}.*")


def targets_sidebar(where=None) -> dict:
    """Coverage target choice (98 / 98.6 / 95), activity target and the PBI contribution."""
    where = where or st.sidebar
    ind = indicators_module()
    opts = [float(v) for v in ind.COVERAGE_TARGETS.values()]
    cur = st.session_state.get(_TARGET_KEY, ind.DEFAULT_COVERAGE_TARGET)
    with where.expander("Target & iuran", expanded=False):
        ct = st.radio("Target cakupan kepesertaan", opts, index=opts.index(cur) if cur in opts else 0,
                      format_func=lambda v: COVERAGE_TARGET_LABELS.get(v, fmt.fmt_pct(v, 1)), key="jkn_ct_w")
        at = st.number_input("Target keaktifan (%)", min_value=0.0, max_value=100.0, value=float(ind.ACTIVITY_TARGET),
                             step=1.0, key="jkn_at_w")
        pbi = st.number_input("Iuran PBI (Rp per orang per bulan)", min_value=0, value=int(ind.PBI_CONTRIBUTION_RP),
                              step=1000, key="jkn_pbi_w")
    st.session_state[_TARGET_KEY] = ct
    return {"coverage_target": float(ct), "activity_target": float(at), "pbi_rp": float(pbi)}


def level_options(store, dataset: str) -> list[str]:
    """Levels the dataset can show (a level is available when it or a level below has figures)."""
    have = set(store.levels(dataset))
    order = ["province", "regency", "district"]
    deepest = max((order.index(l) for l in have if l in order), default=-1)
    return order[: deepest + 1] or ["province"]


def period_slider(periods: list[str], key: str, label: str = "Periode", where=None, default: str | None = None):
    where = where or st.sidebar
    if not periods:
        return None
    if len(periods) == 1:
        where.caption(f"{label}: {fmt.fmt_period(periods[0])}")
        return periods[0]
    value = default if default in periods else periods[-1]
    return where.select_slider(label, options=periods, value=value, format_func=lambda p: fmt.fmt_period(p, short=True),
                               key=key)


def province_picker(registry, key: str, where=None, label: str = "Provinsi", allow_all: bool = True,
                    prefer: list[str] | None = None):
    """Province select box; ``prefer``: provinces to offer first (e.g. those with data)."""
    where = where or st.sidebar
    provs = registry.codes("province")
    if prefer:
        provs = [p for p in provs if p in prefer] + [p for p in provs if p not in prefer]
    opts = ([None] if allow_all else []) + provs
    return where.selectbox(label, opts, format_func=lambda c: "Semua provinsi" if c is None else registry.name(c),
                           key=key)


def provinces_with_data(store, dataset: str, level: str) -> list[str]:
    """Provinces that have figures of ``level`` in the dataset (district tables go province by province)."""
    f = store.figures(dataset, level=level)
    return sorted({str(c).split(".")[0] for c in f["code"].unique()})


# ---------------------------------------------------------------- tables
def _fmt_for(col: str):
    base = col
    for suf in ("_prev", "_from", "_to"):
        if col.endswith(suf):
            base = col[: -len(suf)]
    if col.endswith("_change"):
        base = col[: -len("_change")]
        unit = ex._unit(base) or "people"
        if unit == "pct":
            return lambda v: fmt.fmt_pp(v)
        if unit == "rp":
            return lambda v: ("+" if not fmt.is_missing(v) and v > 0 else "") + fmt.fmt_rp(v)
        return lambda v: ("+" if not fmt.is_missing(v) and v > 0 else "") + fmt.fmt_int(v)
    unit = ex._unit(base)
    if unit == "pct":
        return lambda v: fmt.fmt_pct(v)
    if unit == "rp":
        return lambda v: fmt.fmt_rp(v)
    if unit == "people" or base in ("population", "registered", "active"):
        return lambda v: fmt.fmt_int(v)
    if col in ("rank", "rank_of"):
        return lambda v: "–" if fmt.is_missing(v) else str(int(v))
    if col in ("period", "period_prev", "period_from", "period_to"):
        return lambda v: fmt.fmt_period(v, short=True) if isinstance(v, str) and v else "–"
    return None


def styled_table(df: pd.DataFrame, columns: list[str]):
    """A Styler with Indonesian number formatting and Indonesian headers; values stay numeric so
    the table sorts by value."""
    show = df[[c for c in columns if c in df.columns]].copy()
    if "status" in show.columns:
        labels = indicators_module().STATUS_LABELS
        show["status"] = show["status"].map(lambda s: labels[s]["label_id"] if s in labels else "tidak ada data")
    if "level" in show.columns:
        show["level"] = show["level"].map(lambda s: LEVEL_LABELS.get(s, s))
    formats = {ex.header_id(c): f for c in show.columns if (f := _fmt_for(c))}
    show = show.rename(columns={c: ex.header_id(c) for c in show.columns})
    show = show.loc[:, ~show.columns.duplicated()]
    sty = show.style.format(formats, na_rep=fmt.NA_ID)
    return sty


def table_downloads(df: pd.DataFrame, meta: ex.ExportMeta, stem: str, key: str, where=None) -> None:
    """CSV (two variants) and XLSX download buttons for a table."""
    where = where or st
    c1, c2, c3 = where.columns(3)
    c1.download_button("⬇️ CSV", ex.table_csv(df, meta), file_name=ex.filename(stem, ext="csv"),
                       mime="text/csv", key=f"{key}_csv", help="Pemisah koma, desimal titik (comma-separated).")
    c2.download_button("⬇️ CSV (Excel Indonesia)", ex.table_csv(df, meta, sep=";", decimal=","),
                       file_name=ex.filename(stem, "excel-id", ext="csv"), mime="text/csv", key=f"{key}_csvid",
                       help="Pemisah titik koma, desimal koma: langsung terbaca oleh Excel berbahasa Indonesia.")
    c3.download_button("⬇️ XLSX", ex.table_xlsx(df, meta, ex.indicator_definitions()),
                       file_name=ex.filename(stem, ext="xlsx"),
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx")


def export_meta(info: dict, title: str, period: str | None = None, level: str | None = None,
                within_name: str | None = None, notes=()) -> ex.ExportMeta:
    return ex.ExportMeta(title=title, dataset=str(info.get("name")), source=str(info.get("source") or ""),
                         licence=str(info.get("licence") or ""), period=period, kind=info.get("kind"),
                         synthetic=is_synthetic(info), level=level, within=within_name, notes=list(notes))


def esc(x) -> str:
    return html.escape(str(x))


def read_preview(data: bytes, filename: str, sheet: str | None = None, nrows: int = 20):
    """``(frame, problems)``: the first rows of an upload as text, read by the importer with its
    size and zip checks (the file is untrusted); the real parsing is the validation."""
    from jkn_geo.figures import importer

    return importer.preview(data, filename, sheet=sheet, nrows=nrows)


def xlsx_sheets(data: bytes) -> list[str]:
    from jkn_geo.figures import importer

    return importer.sheet_names(data)


# ---------------------------------------------------------------- trends
def region_options(store, dataset: str, registry, levels: list[str]) -> dict:
    """``{code: label}``: Indonesia, the provinces and (when the dataset goes that deep) the
    regencies/cities with their province, for the region multiselect."""
    out = {"ID": "Indonesia (nasional)"}
    for c in registry.codes("province"):
        out[c] = registry.name(c)
    if "regency" in levels:
        for c in registry.codes("regency"):
            out[c] = f"{registry.name(c)} · {registry.name(c.split('.')[0])}"
    return out


def default_regions(store, dataset: str, options: dict, n: int = 2) -> list[str]:
    """A sensible first selection: the regions with the most registered people at the latest period."""
    ind = indicators_module()
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
    ind = indicators_module()
    info = ind.INDICATORS[key]
    if info["unit"] != "pct":
        return []
    if info["target"] == "coverage":
        t = targets["coverage_target"]
        src = {98.0: "RPJMN", 98.6: "regulasi terbaru", 95.0: "target lama"}.get(t, "")
        return [(t, f"Target cakupan {fmt.fmt_pct(t, 1 if t % 1 else 0)} {src}".strip())]
    if info["target"] == "activity":
        t = targets["activity_target"]
        return [(t, f"Target keaktifan {fmt.fmt_pct(t, 1 if t % 1 else 0)}")]
    return []


def change_text(v, unit: str) -> str:
    if unit == "pp":
        return fmt.fmt_pp(v)
    if fmt.is_missing(v):
        return fmt.NA_ID
    sign = "+" if v > 0 else ""
    return sign + (fmt.fmt_rp(v) if unit == "rp" else fmt.fmt_people(v))


_MONTHS_SHORT = "['Jan','Feb','Mar','Apr','Mei','Jun','Jul','Agu','Sep','Okt','Nov','Des']"


def trend_chart(series: pd.DataFrame, key: str, targets: list[tuple[float, str]], synthetic: bool):
    """Altair line chart (one line per region) with dashed target rules, Indonesian labels."""
    import altair as alt

    ind = indicators_module()
    info = ind.INDICATORS[key]
    unit = info["unit"]
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
                                scale=alt.Scale(range=OKABE_ITO)),
        tooltip=[alt.Tooltip("name:N", title="Wilayah"), alt.Tooltip("bulan:N", title="Periode"),
                 alt.Tooltip("nilai:N", title=info["label_id"])])
    chart = base.mark_line(point=True, strokeWidth=2.5, invalid="break-paths-filter-domains")
    layers = [chart]
    if targets:
        tdf = pd.DataFrame({"value": [t for t, _ in targets], "label": [l for _, l in targets],
                            "date": [df["date"].max()] * len(targets)})
        rule = alt.Chart(tdf).mark_rule(strokeDash=[6, 4], color="#444", size=1.5).encode(y="value:Q")
        text = alt.Chart(tdf).mark_text(align="right", dy=-7, color="#444", fontSize=12).encode(
            y="value:Q", text="label:N", x="date:T")
        layers += [rule, text]
    title = alt.TitleParams(info["label_id"] + ": tren bulanan",
                            subtitle=[SYNTHETIC_SUBTITLE] if synthetic else [],
                            subtitleColor="#B00020", subtitleFontWeight="bold")
    return alt.layer(*layers).properties(height=440, title=title)


SYNTHETIC_SUBTITLE = f"⚠ {ex.SYNTHETIC_LABEL_ID}"
#: colour-blind-safe categorical palette (Okabe & Ito)
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]


# ---------------------------------------------------------------- data page
def datasets_view(ds: pd.DataFrame) -> pd.DataFrame:
    """The dataset list with Indonesian headers and formatted values."""
    rows = []
    for r in ds.to_dict("records"):
        pmin, pmax = r.get("period_min"), r.get("period_max")
        span = "–" if not pmin else (fmt.fmt_period(pmin, short=True) if pmin == pmax else
                                     f"{fmt.fmt_period(pmin, short=True)} – {fmt.fmt_period(pmax, short=True)}")
        kind = KIND_LABELS.get(r.get("kind"), r.get("kind"))
        if r.get("is_synthetic") and r.get("kind") != "demo":
            kind += " · sintetis"
        created = r.get("created_at")
        rows.append({
            "Nama": r.get("name"),
            "Jenis": kind,
            "Sumber": r.get("source") or "–",
            "Lisensi": r.get("licence") or "–",
            "Periode": span,
            "Tingkat": ", ".join(LEVEL_LABELS.get(l, l) for l in str(r.get("levels") or "").split(",") if l),
            "Baris": fmt.fmt_int(r.get("rows")),
            "Dibuat": str(created)[:16] if created is not None else "–",
        })
    return pd.DataFrame(rows, columns=["Nama", "Jenis", "Sumber", "Lisensi", "Periode", "Tingkat", "Baris", "Dibuat"])


def stored_issues_view(issues: pd.DataFrame) -> pd.DataFrame:
    """The warnings kept with a dataset (``Store.issues``), in both languages, for a table."""
    cols = {"severity": "Jenis · kind", "row": "Baris · row", "column": "Kolom · column", "value": "Nilai · value",
            "message": "Pesan", "hint": "Saran", "message_en": "Message", "hint_en": "What to do"}
    out = issues.reindex(columns=list(cols)).rename(columns=cols)
    out["Jenis · kind"] = out["Jenis · kind"].map({"warning": "peringatan · warning", "error": "kesalahan · error"})
    return out


def template_files(level: str = "regency", within: str | None = None) -> dict:
    """``{"csv": bytes, "xlsx": bytes}`` of the import template (the data layer's templates), one
    row per region of ``level`` (inside ``within``) for the last complete month."""
    from jkn_geo.figures import templates

    df = templates.template_frame(level, within=within)
    return {"csv": templates.to_csv_bytes(df), "xlsx": templates.to_xlsx_bytes(df)}


def default_dataset_name(filename: str, store) -> str:
    import re

    stem = re.sub(r"\.(csv|xlsx)$", "", filename or "impor", flags=re.I)
    stem = re.sub(r"[^\w.-]+", "-", stem).strip("-")[:60] or "impor"
    names = set(store.names())
    name, i = stem, 2
    while name in names:
        name, i = f"{stem}-{i}", i + 1
    return name


def validate_upload(store, data: bytes, filename: str, name: str, sheet: str | None):
    from jkn_geo.figures import importer

    return importer.validate(store, data, name=name, sheet=sheet, filename=filename)


def run_import(store, data: bytes, filename: str, name: str, sheet: str | None, progress=None):
    """Import through :func:`jkn_geo.figures.importer.import_file`; ``progress(fraction, message)`` drives a bar."""
    from jkn_geo.figures import importer

    return importer.import_file(store, data, name=name, sheet=sheet, filename=filename, progress=progress)


def report_summary(report) -> str:
    s = getattr(report, "summary", None)
    return s() if callable(s) else str(s or "")


def show_report(report, filename: str = "") -> None:
    """The validation report: every error and warning with row and column, downloadable."""
    errors = list(getattr(report, "errors", []) or [])
    warnings = list(getattr(report, "warnings", []) or [])
    if errors:
        st.error(f"{len(errors)} galat — tidak ada yang disimpan. Perbaiki berkas lalu unggah lagi. "
                 f"({len(errors)} error(s): nothing is stored.)")
    elif getattr(report, "ok", False):
        st.success(f"Berkas siap diimpor: {md(report_summary(report))}")
    if warnings:
        st.warning(f"{len(warnings)} peringatan — disimpan bersama data (warnings are stored with the data).")
    if errors or warnings:
        df = ex.issues_frame(report)
        st.dataframe(df, hide_index=True, width="stretch", key="imp_issues")
        st.download_button("⬇️ Unduh laporan validasi (CSV)", ex.issues_csv(report),
                           file_name=ex.filename("laporan_validasi", filename, ext="csv"), mime="text/csv",
                           key="imp_issues_dl")


# ---------------------------------------------------------------- sources & method page
def method_sections() -> dict:
    """``docs/method.md`` split into the intro (up to the indicator section) and the rest."""
    from jkn_geo.config import PROJECT_ROOT

    text = (PROJECT_ROOT / "docs" / "method.md").read_text(encoding="utf-8")
    marker = "\n## Target"
    i = text.find(marker)
    intro_end = text.find("\n## Indikator")
    intro = text[:intro_end] if intro_end > 0 else text
    return {"intro": intro, "rest": text[i:] if i > 0 else "", "indicators": text[intro_end:i] if 0 < intro_end < i else ""}


def indicators_view() -> pd.DataFrame:
    ind = indicators_module()
    units = {"pct": "%", "people": "jiwa", "rp": "Rp"}
    rows = []
    for k, v in ind.INDICATORS.items():
        tgt = {"coverage": f"cakupan ≥ {fmt.fmt_pct(ind.DEFAULT_COVERAGE_TARGET, 0)}",
               "activity": f"keaktifan ≥ {fmt.fmt_pct(ind.ACTIVITY_TARGET, 0)}"}.get(v.get("target"), "–")
        rows.append({"Indikator": v["label_id"], "Indicator": v["label_en"], "Rumus": v["formula"],
                     "Satuan": units.get(v["unit"], v["unit"]), "Target terkait": tgt,
                     "Lebih baik bila": "lebih tinggi" if v["higher_is_better"] else "lebih rendah"})
    return pd.DataFrame(rows)


def manifest_view() -> pd.DataFrame:
    import json

    from jkn_geo.config import PROJECT_ROOT

    m = json.loads((PROJECT_ROOT / "geo" / "manifest.json").read_text())
    files = pd.DataFrame(m.get("files", []))
    if files.empty:
        return files
    g = files.groupby(["repo", "commit", "licence"], as_index=False).agg(berkas=("path", "count"),
                                                                       bytes=("bytes", "sum"))
    g["Ukuran"] = g["bytes"].map(lambda b: f"{fmt.fmt_num(b / 1e6, 1)} MB")
    return g.rename(columns={"repo": "Repositori", "commit": "Commit", "licence": "Lisensi",
                             "berkas": "Jumlah berkas"})[["Repositori", "Commit", "Lisensi", "Jumlah berkas", "Ukuran"]]


def articles_view() -> pd.DataFrame | None:
    try:
        from jkn_geo.figures import published

        f = published.load_figures()
    except Exception:
        return None
    cols = [c for c in ("article_id", "source_name", "title", "published_date", "url") if c in f.columns]
    g = f.groupby(cols, dropna=False, as_index=False).agg(angka=("figure_id", "count"))
    g = g.rename(columns={"article_id": "ID", "source_name": "Sumber", "title": "Judul",
                          "published_date": "Tanggal", "url": "Tautan", "angka": "Jumlah angka"})
    return g


def md(text) -> str:
    """User text (dataset names, file names, sources) made inert for st.markdown/captions/labels:
    HTML escaped and every markdown control character backslash-escaped, so a name can neither
    run as HTML nor become a link or an image."""
    text = html.escape(str(text), quote=False)
    for ch in "\\`*_{}[]()#+-.!|~<>$":
        text = text.replace(ch, "\\" + ch)
    return text
