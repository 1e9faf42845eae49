"""``gongkai manage ...``: Django's own management commands (migrate, createsuperuser, db_worker…)."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "manage",
        help="运行 Django 管理命令（migrate、createsuperuser、db_worker 等）",
        description="把其余参数原样交给 Django 管理命令，例如 gongkai manage migrate、"
        "gongkai manage createsuperuser、gongkai manage db_worker、gongkai manage axes_reset。"
        "查看全部命令：gongkai manage help。",
        add_help=False,
    )
    parser.add_argument("django_args", nargs=argparse.REMAINDER, metavar="命令及参数")
    parser.set_defaults(func=run)


def run(args) -> int:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.management import execute_from_command_line

    from gongkai.security.var_dir import prepare_var_dir

    prepare_var_dir()

    try:
        execute_from_command_line(["gongkai manage", *(args.django_args or ["help"])])
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
