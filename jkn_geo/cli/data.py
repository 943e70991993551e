"""``import``, ``datasets``, ``indicators``, ``consistency`` and ``template`` commands."""
from __future__ import annotations

import sys

from jkn_geo.config import (
    ACTIVITY_TARGET,
    ALL_LEVELS,
    COVERAGE_TARGETS,
    IMPORT_KINDS,
    LEVELS,
    PBI_CONTRIBUTION_RP,
    TOLERANCE_CHOICES,
)


def _store(args):
    """The store, or a clear message and exit status 2 when it is busy (held by another
    process, e.g. the running app) or damaged."""
    from jkn_geo.figures.shipped import open_store
    from jkn_geo.figures.store import StoreError

    try:
        return open_store(getattr(args, "db", None))
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def cmd_import(args) -> int:
    """Exit 0 when stored; 1 when nothing was stored (the errors listed); 2 when the store or
    the file cannot be opened. ``--kind published``: the good rows are stored (exit 0 when at
    least one was) and the refused rows are listed with how many there were."""
    from jkn_geo.figures.importer import import_file
    from jkn_geo.figures.store import StoreError

    lang = args.lang
    st = _store(args)
    try:
        rep = import_file(st, args.file, name=args.name, sheet=args.sheet, period=args.period,
                          replace=args.replace, source=args.source or "", kind=args.kind)
    except (OSError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    err_word = "KESALAHAN " if lang == "id" else "ERROR "
    if rep.ok:
        print(rep.summary(lang))
        if rep.kind == "published" and rep.refused_rows:
            n = len(rep.refused_rows)
            print((f"{n} baris ditolak (tidak disimpan):" if lang == "id" else f"{n} rows refused (not stored):"),
                  file=sys.stderr)
            for e in rep.errors:
                print("  " + err_word + e.text(lang), file=sys.stderr)
        if args.verbose:
            for w in rep.warnings:
                print("  " + w.text(lang))
        return 0
    print(rep.summary(lang), file=sys.stderr)
    for e in rep.errors:
        print("  " + err_word + e.text(lang), file=sys.stderr)
    for w in rep.warnings[: 50 if not args.verbose else None]:
        print("  " + ("peringatan " if lang == "id" else "warning ") + w.text(lang), file=sys.stderr)
    if len(rep.warnings) > 50 and not args.verbose:
        print(f"  … {len(rep.warnings) - 50} more warnings (--verbose)", file=sys.stderr)
    return 1


def cmd_datasets(args) -> int:
    st = _store(args)
    df = st.datasets()
    if args.format == "csv":
        df.to_csv(sys.stdout, index=False)
        return 0
    rows = [("name", "kind", "synthetic", "periods", "rows", "levels", "source")]
    for r in df.itertuples():
        per = f"{r.period_min}–{r.period_max}" if r.period_min else "-"
        rows.append((r.name, r.kind, "SYNTHETIC" if r.is_synthetic else "", per, str(r.rows), r.levels or "",
                     (r.source or "")[:70]))
    _print_table(rows)
    return 0


def _print_table(rows) -> None:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for k, r in enumerate(rows):
        print("  ".join(str(v).ljust(w) for v, w in zip(r, widths)).rstrip())
        if k == 0:
            print("  ".join("-" * w for w in widths))


def cmd_indicators(args) -> int:
    from jkn_geo.analysis.indicators import INDICATORS, indicator_table
    from jkn_geo.figures.store import StoreError
    from jkn_geo.fmt import fmt_int, fmt_pct, fmt_rp

    st = _store(args)
    try:
        info = st.info(args.dataset)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        cov_t = COVERAGE_TARGETS.get(args.coverage_target) or float(args.coverage_target.replace(",", "."))
        tab = indicator_table(st, args.dataset, args.level, period=args.period, within=args.within,
                              coverage_target=cov_t, activity_target=args.activity_target, pbi_rp=args.pbi_rp,
                              tolerance_months=args.tolerance_months)
    except (KeyError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    cols = ["code", "name", "period", "population", "population_source", "registered", "active"] + list(INDICATORS) \
        + ["status", "source"]
    out = tab[cols].copy()
    # per value: where it comes from (stated / computed / converted), the period of the figures
    # it was taken from (differs from the period with --tolerance-months) and the source
    for c in ["registered", "active"] + list(INDICATORS):
        at = out.columns.get_loc(c) + 1
        known = tab[c].notna()
        out.insert(at, f"{c}_origin", tab[f"{c}_origin"].where(known, None))
        out.insert(at + 1, f"{c}_period", tab["period_used"].where(known, None))
        out.insert(at + 2, f"{c}_source", tab["source"].where(known, None))
    out["inconsistent"] = tab["inconsistent"]
    synthetic = bool(info.get("is_synthetic"))
    if synthetic:
        out.insert(0, "synthetic", True)
    if args.only_data:
        out = out[tab["origin"] != "none"]
    if args.format == "csv":
        if synthetic:
            sys.stdout.write("# SINTETIS / SYNTHETIC demo data - not official figures\n")
        out.to_csv(sys.stdout, index=False, float_format="%.4f")
        return 0
    if synthetic:
        print("*** DATA SINTETIS / SYNTHETIC DATA - bukan data resmi / not official ***")
    period = tab["period"].iloc[0] if len(tab) else None
    print(f"{args.dataset} · {args.level} · {period or '-'} · target cakupan {fmt_pct(cov_t, 1)}, "
          f"keaktifan {fmt_pct(args.activity_target, 1)}")
    mark = {"stated": "", "computed": "*", "converted": "**"}
    rows = [("kode", "nama", "penduduk", "terdaftar", "aktif", "cakupan", "keaktifan", "perlu daftar",
             "perlu aktif", "biaya/th", "status", "periode")]

    def v(r, col, f):
        val = getattr(r, col)
        return f(val, na="-") + (mark.get(getattr(r, f"{col}_origin"), "") if val == val else "")

    for r in out.itertuples():
        rows.append((r.code, str(r.name)[:36], fmt_int(r.population, na="-"), v(r, "registered", fmt_int),
                     v(r, "active", fmt_int), v(r, "coverage_pct", fmt_pct), v(r, "activity_pct", fmt_pct),
                     v(r, "to_enrol", fmt_int), v(r, "to_activate", fmt_int), v(r, "gap_cost_rp", fmt_rp),
                     (r.status or "-") + (" !" if r.inconsistent else ""),
                     r.coverage_pct_period if r.coverage_pct_period not in (None, period) else ""))
    _print_table(rows)
    print("tanpa tanda = dinyatakan sumber · * dihitung · ** dikonversi dari definisi lain · ! angka tidak konsisten"
          " / unmarked = stated · * computed · ** converted · ! inconsistent")
    return 0


def cmd_consistency(args) -> int:
    from jkn_geo.config import PUBLISHED_DATASET
    from jkn_geo.figures.consistency import SEVERITIES
    from jkn_geo.figures.shipped import check_dataset
    from jkn_geo.figures.store import StoreError

    try:
        df = check_dataset(_store(args), args.dataset or PUBLISHED_DATASET)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.format == "csv":
        df.to_csv(sys.stdout, index=False)
    else:
        msg = "message_id" if args.lang == "id" else "message_en"
        for r in df.itertuples():
            print(f"[{r.severity}] {r.check} {r.code} {r.name} {r.period} {r.segment} ({r.figure_ids}): "
                  f"{getattr(r, msg)}")
        print(", ".join(f"{int((df['severity'] == s).sum())} {s}" for s in SEVERITIES))
    return 1 if args.strict and df["severity"].isin(SEVERITIES).any() else 0


def cmd_template(args) -> int:
    from jkn_geo.figures.templates import template_frame, to_csv_bytes, to_xlsx_bytes

    periods = args.period or None
    df = template_frame(args.level, within=args.within, periods=periods, segments=args.segments)
    data = to_xlsx_bytes(df) if args.out.lower().endswith(".xlsx") else to_csv_bytes(df)
    with open(args.out, "wb") as f:
        f.write(data)
    print(f"{args.out}: {len(df)} rows")
    return 0


def register(sub) -> None:
    p = sub.add_parser("import", help="validate a CSV/XLSX table of JKN figures and store it as a dataset")
    p.add_argument("file")
    p.add_argument("--kind", choices=list(IMPORT_KINDS), default="official",
                   help="official: a table with one row per region and period, stored all or nothing (default); "
                        "published: one row per published figure (region, date, indicator, value, quote ...), "
                        "the good rows stored and the others listed")
    p.add_argument("--name", help="dataset name (default: the file name)")
    p.add_argument("--sheet", help="XLSX sheet (default: the first)")
    p.add_argument("--period", help="period for all rows when the file has no period column (e.g. 2025-07)")
    p.add_argument("--replace", action="store_true", help="replace an imported dataset of the same name")
    p.add_argument("--source", help="source to record (default: the file name)")
    p.add_argument("--lang", choices=["id", "en"], default="id")
    p.add_argument("--verbose", action="store_true", help="list every warning")
    p.add_argument("--db", help="store file (default: $JKN_GEO_DB or var/jkn.duckdb)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("datasets", help="list the stored datasets")
    p.add_argument("--format", choices=["table", "csv"], default="table")
    p.add_argument("--db")
    p.set_defaults(func=cmd_datasets)

    p = sub.add_parser("indicators", help="the indicator table of a dataset for one level and month")
    p.add_argument("--dataset", required=True)
    p.add_argument("--level", required=True, choices=list(ALL_LEVELS))
    p.add_argument("--within", help="only regions under this code (e.g. 18)")
    p.add_argument("--period", help="YYYY-MM (default: the dataset's latest at this level)")
    p.add_argument("--format", choices=["table", "csv"], default="table")
    p.add_argument("--coverage-target", default="98", help=f"one of {list(COVERAGE_TARGETS)} or a number")
    p.add_argument("--activity-target", type=float, default=ACTIVITY_TARGET)
    p.add_argument("--pbi-rp", type=float, default=PBI_CONTRIBUTION_RP, help="PBI contribution per person per month")
    p.add_argument("--only-data", action="store_true", help="leave out regions without figures")
    p.add_argument("--tolerance-months", type=int, default=0, choices=TOLERANCE_CHOICES,
                   help="show a region's newest figures from up to K months before the period when it has none")
    p.add_argument("--db")
    p.set_defaults(func=cmd_indicators)

    p = sub.add_parser("consistency", help="report figures that contradict each other, with their severity "
                                            "(minor/major; default dataset: the published figures)")
    p.add_argument("--dataset", help="dataset name (default: the published figures)")
    p.add_argument("--format", choices=["table", "csv"], default="table")
    p.add_argument("--lang", choices=["id", "en"], default="id")
    p.add_argument("--strict", action="store_true", help="exit 1 when there is a finding (minor or major)")
    p.add_argument("--db")
    p.set_defaults(func=cmd_consistency)

    p = sub.add_parser("template", help="write an import template (CSV or XLSX by the file suffix)")
    p.add_argument("out")
    p.add_argument("--level", default="regency", choices=list(LEVELS))
    p.add_argument("--within")
    p.add_argument("--period", action="append", help="a period to list (repeatable)")
    p.add_argument("--segments", action="store_true", help="add per-segment columns")
    p.set_defaults(func=cmd_template)
