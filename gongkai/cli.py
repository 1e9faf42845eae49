"""The ``gongkai`` command (DESIGN.md "Command-line contract")."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

import gongkai.commands


class UsageError(Exception):
    """Bad input on the command line: printed in Chinese, exit status 2."""


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongkai", description="gongkai 政府信息公开工作系统")
    subparsers = parser.add_subparsers(dest="command", metavar="命令")
    for info in sorted(pkgutil.iter_modules(gongkai.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"gongkai.commands.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"gongkai {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
