"""``fetch`` and ``geo-info`` commands."""
from __future__ import annotations

import json
import sys


def cmd_fetch(args) -> int:
    from jkn_geo import config
    from jkn_geo.geography import convert, fetch

    print(f"cache: {config.cache_dir()}")
    print(f"source: {', '.join(config.mirror_bases())}")
    try:
        report = fetch.fetch_all(progress=not args.quiet, log=print if args.verbose else None)
    except fetch.FetchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(report.summary())
    if args.no_convert:
        return 0
    try:
        info = convert.convert(log=print, force=args.force)
    except fetch.FetchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if info.get("rebuilt"):
        print(f"converted in {info['seconds']} s → {convert.build_dir()}")
    else:
        print(f"derived files up to date ({convert.build_dir()}); nothing to convert")
    return 0


def cmd_info(args) -> int:
    from jkn_geo.geography import convert

    folder = convert.ensure_built(log=print)
    print(json.dumps(json.loads((folder / "build.json").read_text()), indent=1))
    return 0


def register(sub) -> None:
    p = sub.add_parser("fetch", help="download, verify and convert the reference geography")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--verbose", action="store_true", help="one line per downloaded file")
    p.add_argument("--no-convert", action="store_true", help="only download and verify")
    p.add_argument("--force", action="store_true", help="rebuild the derived files even if up to date")
    p.set_defaults(func=cmd_fetch)
    p = sub.add_parser("geo-info", help="print what the derived geography holds (counts, bytes)")
    p.set_defaults(func=cmd_info)
    register_auth(sub)


def cmd_hash_password(args) -> int:
    import getpass

    from jkn_geo import auth

    if sys.stdin.isatty():
        pw = getpass.getpass("Editor password: ")
        if getpass.getpass("Again: ") != pw:
            print("error: the two passwords differ", file=sys.stderr)
            return 1
    else:
        pw = sys.stdin.readline().rstrip("\n")
    if len(pw) < 10:
        print("error: use at least 10 characters", file=sys.stderr)
        return 1
    print(auth.hash_password(pw))
    return 0


def register_auth(sub) -> None:
    p = sub.add_parser("hash-password", help="make the editor password hash for hosted mode (reads stdin)")
    p.set_defaults(func=cmd_hash_password)
