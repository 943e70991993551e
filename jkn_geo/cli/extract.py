"""``extract`` command: candidate JKN figures from a news article (text or HTML) as CSV or a table."""
from __future__ import annotations

import sys
from pathlib import Path

from jkn_geo.text import Text

READ_ERROR = Text("tidak dapat membaca {path}: {exc}", "cannot read {path}: {exc}")
BAD_DATE = Text("--date harus berbentuk YYYY-MM-DD, bukan {date!r}", "--date must be YYYY-MM-DD, not {date!r}")
SUMMARY = Text("{n} angka diusulkan ({other} lain-lain disembunyikan; --other untuk menampilkannya)",
               "{n} figures proposed ({other} 'other' hidden; --other shows them)")
NEXT_STEP = Text("periksa dan sunting, lalu: python -m jkn_geo import BERKAS.csv --kind published",
                 "review and edit, then: python -m jkn_geo import FILE.csv --kind published")


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    data = Path(path).read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def cmd_extract(args) -> int:
    import datetime as dt

    from jkn_geo.figures.extract import extract, html_to_text, to_frame

    try:
        text = _read(args.file)
    except OSError as exc:
        print("error: " + READ_ERROR.format(path=args.file, exc=exc).both(" / "), file=sys.stderr)
        return 1
    if args.file.lower().endswith((".html", ".htm")):
        text = html_to_text(text)
    if args.date:
        try:
            dt.date.fromisoformat(args.date)
        except ValueError:
            print("error: " + BAD_DATE.format(date=args.date).both(" / "), file=sys.stderr)
            return 2
    try:
        props = extract(text, url=args.url or "", date=args.date)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    frame = to_frame(props, include_other=args.other)
    n_other = sum(p.measure == "other" for p in props)
    if args.format == "csv":
        out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
        try:
            frame.to_csv(out, index=False)
        finally:
            if args.output:
                out.close()
    else:
        cols = ["region_code", "region_name", "period", "measure", "definition", "value", "qualifier", "confidence"]
        with_quote = frame.assign(quote=frame["quote"].str.slice(0, 70))
        import pandas as pd

        with pd.option_context("display.width", 220, "display.max_colwidth", 72, "display.max_rows", 500):
            print(with_quote[cols + ["quote"]].to_string(index=False) if len(frame) else "(none)")
    print(SUMMARY.format(n=len(frame), other=0 if args.other else n_other).both(" / "), file=sys.stderr)
    print(NEXT_STEP.both(" / "), file=sys.stderr)
    return 0


def register(sub) -> None:
    p = sub.add_parser("extract", help="candidate JKN figures from a news article (.txt or .html, '-' = stdin)")
    p.add_argument("file", help="the article: a .txt or .html file, or - for stdin")
    p.add_argument("--url", default="", help="the article's address (written into source_url)")
    p.add_argument("--date", default="", help="publication date YYYY-MM-DD (used when the text gives no date)")
    p.add_argument("--format", choices=["csv", "table"], default="csv")
    p.add_argument("--other", action="store_true", help="also list numbers that are not JKN figures (measure 'other')")
    p.add_argument("-o", "--output", default="", help="write the CSV to this file instead of stdout")
    p.set_defaults(func=cmd_extract)
