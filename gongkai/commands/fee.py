"""``gongkai fee``: the 信息处理费 of one application (国办函〔2020〕109号; DESIGN.md).

gongkai fee --items 5 --already 8 [--json]     # 按件：本月此前已累计 8 件，本件 5 件
gongkai fee --pages 250 [--json]               # 按量
"""

from __future__ import annotations

import argparse
import json
import re

from gongkai.cli import UsageError
from gongkai.law.fees import FeeError, assess


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "fee",
        help="计算信息处理费（按件或按量，超额累进）",
        description="按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）计算一件申请的信息处理费。",
    )
    p.add_argument("--items", metavar="N", help="按件计收：本件申请的件数")
    p.add_argument("--pages", metavar="N", help="按量计收：本件申请的页数")
    p.add_argument(
        "--already", metavar="N", default="0", help="按件计收：同一申请人本自然月此前已累计的件数（默认 0）"
    )
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=run)


def _count(text: str | None, option: str) -> int | None:
    if text is None:
        return None
    if not re.fullmatch(r"\d+", text.strip()):
        raise UsageError(f"{option} 应为整数，收到“{text}”")
    return int(text)


def run(args: argparse.Namespace) -> int:
    items = _count(args.items, "--items")
    pages = _count(args.pages, "--pages")
    already = _count(args.already, "--already") or 0
    try:
        result = assess(items=items, pages=pages, already=already)
    except FeeError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"{result.method.label}：{result.amount} 元")
        print(result.explanation())
    return 0
