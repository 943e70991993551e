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
    if col in ("rank", "rank_of"):
        return lambda v: "–" if fmt.is_missing(v) else str(int(v))
    if col in ("period", "period_prev", "period_from", "period_to", "period_used"):
        return lambda v: fmt.fmt_period(v, short=True) if isinstance(v, str) and v else "–"
    return None


@st.cache_data(max_entries=16, show_spinner="Memeriksa konsistensi angka…")
def dataset_flags(_store, dataset: str, digest: str) -> pd.DataFrame:
    """The consistency findings of a dataset, worst per region and period (cached per store
    state ``digest``): what the map and the tables mark as inconsistent."""
    from jkn_geo.figures import consistency
    from jkn_geo.figures.shipped import check_dataset

    return consistency.flags(check_dataset(_store, dataset))


def styled_table(df: pd.DataFrame, columns: list[str]):
    """A Styler with Indonesian number formatting and Indonesian headers; values stay numeric so
    the table sorts by value."""
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
    formats = {ex.header_id(c): f for c in show.columns if (f := _fmt_for(c))}
    show = show.rename(columns={c: ex.header_id(c) for c in show.columns})
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
