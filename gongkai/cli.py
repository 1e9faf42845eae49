"""The ``gongkai`` command (DESIGN.md "Command-line contract")."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import re
import sys

import gongkai.commands


class UsageError(Exception):
    """Bad input on the command line: printed in Chinese, exit status 2."""


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    from gongkai.security.var_dir import prepare_var_dir

    prepare_var_dir()  # before settings are read: they find the secret key it makes

    django.setup()


# argparse ships no Chinese messages; these are the ones a person meets on a mistyped command.
_ARGPARSE_ZH = (
    (re.compile(r"the following arguments are required: (.+)"), r"缺少必需的参数：\1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"无法识别的参数：\1"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), r"参数 \1 不能与 \2 同时使用"),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1 需要一个值"),
    (re.compile(r"argument (\S+): expected (\d+) arguments"), r"参数 \1 需要 \2 个值"),
    (re.compile(r"argument (\S+): invalid int value: (.+)"), r"参数 \1 的值 \2 不是整数"),
    (re.compile(r"argument (\S+): invalid choice: (\S+).*"), r"参数 \1 的值 \2 无效"),
    (re.compile(r"one of the arguments (.+) is required"), r"必须提供以下参数之一：\1"),
)


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # noqa: D102 — argparse's hook; exits 2 like argparse
        for pattern, replacement in _ARGPARSE_ZH:
            if pattern.fullmatch(message):
                message = pattern.sub(replacement, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="gongkai", description="gongkai 政府信息公开工作系统")
    subparsers = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
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
    except BrokenPipeError:
        # The reader went away (`gongkai check … | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
