"""Command line: ``python -m jkn_geo <command>``.

Commands are registered by modules listed in ``_COMMAND_MODULES``; each has a
``register(subparsers)`` function that adds its sub-parsers with ``set_defaults(func=...)``.
"""
from __future__ import annotations

import argparse
import importlib
import sys

_COMMAND_MODULES = ["jkn_geo.cli.geo", "jkn_geo.cli.data", "jkn_geo.cli.texts", "jkn_geo.cli.extract"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m jkn_geo", description="JKN Atlas data tools")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
