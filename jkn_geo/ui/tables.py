"""Tables on the pages: Indonesian headers and number formats, the dataset list, the stored
import warnings, and the CSV/XLSX downloads of a table with its metadata."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from jkn_geo import fmt
from jkn_geo.analysis.indicators import STATUS_LABELS
from jkn_geo.config import LEVEL_LABELS
from jkn_geo.render import export as ex
from jkn_geo.text import Text
from jkn_geo.ui.widgets import is_synthetic, kind_label

NO_DATA = Text("tidak ada data", "no data")


def _fmt_for(col: str):
    base = col
    for suf in ("_prev", "_from", "_to"):
        if col.endswith(suf):
            base = col[: -len(suf)]
    if col.endswith("_change"):
        base = col[: -len("_change")]
        unit = ex.indicator_unit(base) or "people"
        if unit == "pct":
            return lambda v: fmt.fmt_pp(v)
        if unit == "rp":
            return lambda v: ("+" if not fmt.is_missing(v) and v > 0 else "") + fmt.fmt_rp(v)
        return lambda v: ("+" if not fmt.is_missing(v) and v > 0 else "") + fmt.fmt_int(v)
    unit = ex.indicator_unit(base)
    if unit == "pct":
        return lambda v: fmt.fmt_pct(v)
    if unit == "rp":
        return lambda v: fmt.fmt_rp(v)
    if unit == "people" or base in ("population", "registered", "active"):
        return lambda v: fmt.fmt_int(v)
    if col in ("rank", "rank_of", "rank_nat", "rank_nat_of"):
        return lambda v: "–" if fmt.is_missing(v) else str(int(v))
    if col in ("period", "period_prev", "period_from", "period_to", "period_used"):
        return lambda v: fmt.fmt_period(v, short=True) if isinstance(v, str) and v else "–"
    return None


@st.cache_data(max_entries=16, show_spinner="Memeriksa konsistensi angka…")
def dataset_flags(_store, dataset: str, digest: str) -> pd.DataFrame:
    """The consistency findings of a dataset, worst per region and period (cached per store
    state ``digest``): what the map and the tables mark as inconsistent. Synthetic data is not
    checked: its figures contradict nothing real (and checking the whole demo panel would cost
    seconds of server CPU on a viewer's request)."""
    from jkn_geo.figures import consistency

    if _store.is_synthetic(dataset):
        return pd.DataFrame()
    from jkn_geo.figures.shipped import check_dataset

    return consistency.flags(check_dataset(_store, dataset))


def styled_table(df: pd.DataFrame, columns: list[str], headers: dict | None = None):
    """A Styler with Indonesian number formatting and Indonesian headers (``headers``: some
    columns named otherwise); values stay numeric so the table sorts by value."""
    show = df[[c for c in columns if c in df.columns]].copy()
    if "status" in show.columns:
        show["status"] = show["status"].map(lambda s: STATUS_LABELS[s]["label_id"] if s in STATUS_LABELS
                                            else NO_DATA.id)
    if "level" in show.columns:
        show["level"] = show["level"].map(lambda s: LEVEL_LABELS[s].id if s in LEVEL_LABELS else s)
    for c in [c for c in show.columns if c.endswith("_origin")]:
        show[c] = show[c].map(lambda s: ex.ORIGIN_ID.get(s, "") if isinstance(s, str) else "")
    if "inconsistent" in show.columns:
        show["inconsistent"] = show["inconsistent"].map(lambda b: "⚠ ya" if b is True or b == 1 else "")
    names = {c: (headers or {}).get(c) or EXTRA_HEADERS.get(c) or ex.header_id(c) for c in show.columns}
    formats = {names[c]: f for c in show.columns if (f := _fmt_for(c))}
    show = show.rename(columns=names)
    show = show.loc[:, ~show.columns.duplicated()]
    return show.style.format(formats, na_rep=fmt.NA_ID)


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


def datasets_view(ds: pd.DataFrame) -> pd.DataFrame:
    """The dataset list with Indonesian headers and formatted values."""
    rows = []
    for r in ds.to_dict("records"):
        pmin, pmax = r.get("period_min"), r.get("period_max")
        span = "–" if not pmin else (fmt.fmt_period(pmin, short=True) if pmin == pmax else
                                     f"{fmt.fmt_period(pmin, short=True)} – {fmt.fmt_period(pmax, short=True)}")
        created = r.get("created_at")
        rows.append({
            "Nama": r.get("name"),
            "Jenis": kind_label(r),
            "Sumber": r.get("source") or "–",
            "Lisensi": r.get("licence") or "–",
            "Periode": span,
            "Tingkat": ", ".join(LEVEL_LABELS[lv].id if lv in LEVEL_LABELS else lv
                                 for lv in str(r.get("levels") or "").split(",") if lv),
            "Baris": fmt.fmt_int(r.get("rows")),
            "Dibuat": str(created)[:16] if created is not None else "–",
        })
    return pd.DataFrame(rows, columns=["Nama", "Jenis", "Sumber", "Lisensi", "Periode", "Tingkat", "Baris", "Dibuat"])


_ISSUE_HEADERS = {"severity": Text("Jenis", "kind"), "row": Text("Baris", "row"), "column": Text("Kolom", "column"),
                  "value": Text("Nilai", "value")}
_SEVERITY = {"warning": Text("peringatan", "warning"), "error": Text("kesalahan", "error")}


def stored_issues_view(issues: pd.DataFrame) -> pd.DataFrame:
    """The warnings kept with a dataset (``Store.issues``), in both languages, for a table."""
    cols = {k: t.both() for k, t in _ISSUE_HEADERS.items()}
    cols |= {"message": "Pesan", "hint": "Saran", "message_en": "Message", "hint_en": "What to do"}
    out = issues.reindex(columns=list(cols)).rename(columns=cols)
    kind = cols["severity"]
    out[kind] = out[kind].map({k: t.both() for k, t in _SEVERITY.items()})
    return out


# ---- the ranking tables: headers, totals, projections ------------------------------------------
#: headers of the columns the render layer does not name
EXTRA_HEADERS = {"rank_nat": "Peringkat nasional", "rank_nat_of": "dari (nasional)",
                 "projection": "Target tercapai (proyeksi)"}
ROW_HEIGHT = 35


def table_height(n_rows: int, max_height: int = 560) -> int:
    """The height of a table of ``n_rows`` rows: no empty space (rows) below the last one."""
    return max(ROW_HEIGHT * 2 + 3, min(max_height, ROW_HEIGHT * (n_rows + 1) + 3))


def show_table(df: pd.DataFrame, columns: list[str], key: str | None = None, headers: dict | None = None,
               max_height: int = 560, pinned: tuple[str, ...] = ("rank", "name")) -> None:
    """A sortable table (numbers stay numbers, shown in Indonesian format) with the name column
    (and the rank) pinned at the left while the rest scrolls; as high as its rows."""
    sty = styled_table(df, columns, headers=headers)
    names = {c: (headers or {}).get(c) or EXTRA_HEADERS.get(c) or ex.header_id(c) for c in columns}
    config = {names[c]: st.column_config.Column(pinned=True) for c in pinned if c in df.columns}
    st.dataframe(sty, hide_index=True, width="stretch", height=table_height(len(df), max_height), key=key,
                 placeholder=fmt.NA_ID, column_config=config)


def totals_row(t: dict, title: Text) -> None:
    """The totals of the table below (``ranking.totals``): regions, people to enrol, people to
    activate, yearly cost — exactly the sums of the table's rows."""
    n = int(t["regions"])
    st.markdown(f"**{title.id.format(n=fmt.fmt_int(n))}** · *{title.en.format(n=fmt.fmt_int(n))}*")
    # a row that wraps (two by two on a phone) instead of columns stacked one under another
    row = st.container(horizontal=True, gap="medium")
    row.metric(Text("Wilayah", "regions").both(), fmt.fmt_int(n), width="content")
    row.metric(Text("Perlu didaftarkan", "to enrol").both(), _people(t["to_enrol"]),
               help=fmt.fmt_people(t["to_enrol"], na=fmt.NA_ID), width="content")
    row.metric(Text("Perlu diaktifkan", "to activate").both(), _people(t["to_activate"]),
               help=fmt.fmt_people(t["to_activate"], na=fmt.NA_ID), width="content")
    row.metric(Text("Biaya setahun (PBI)", "yearly cost").both(), fmt.fmt_rp(t["gap_cost_rp"], na=fmt.NA_ID),
               width="content")


def _people(v) -> str:
    return fmt.NA_ID if fmt.is_missing(v) else f"{fmt.fmt_int(v)} jiwa"


@st.cache_data(max_entries=32, show_spinner="Menghitung proyeksi…")
def projections(_store, digest: str, dataset: str, level: str, period: str, key: str, within: str | None,
                cov_t: float, act_t: float, pbi: float) -> pd.DataFrame:
    """Per region, the month the target is reached at the pace of the last 12 months (cached
    per store state ``digest``)."""
    from jkn_geo.analysis.ranking import projection_table

    return projection_table(_store, dataset, level, period, key, within=within, coverage_target=cov_t,
                            activity_target=act_t, pbi_rp=pbi)
