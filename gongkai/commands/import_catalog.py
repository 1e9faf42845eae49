"""``gongkai import-catalog FILE --agency CODE [--dry-run] [--json]``: import records an agency
already published on its old portal (JSONL, CSV or XLSX) as published catalog items.

All rows or none: any bad row is reported with its line number (and column), and nothing is
imported (exit status 1); a file that cannot be read at all exits 2. ``--dry-run`` checks every
row and imports nothing. Importing the same file again creates nothing new (same 索引号, or same
名称, 发布日期 and 文号: skipped). See :mod:`gongkai.catalog.importer`.
"""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.cli import UsageError, setup_django


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "import-catalog",
        help="导入已在原网站发布的政府信息（JSONL/CSV/XLSX）",
        description="把机关已在原网站发布的政府信息导入主动公开目录（JSONL、CSV 或 Excel .xlsx；"
        "表头可用 名称/标题、发布日期、文号、发布机构、成文日期、主题分类、信息类别/栏目、有效性、索引号、"
        "内容概述、正文）；任何一行有误则整个文件都不导入，重复导入同一文件不会重复登记。",
    )
    p.add_argument("file", metavar="FILE", help="要导入的文件（.jsonl、.csv 或 .xlsx）")
    p.add_argument("--agency", required=True, metavar="CODE", help="导入到的机关代号")
    p.add_argument("--dry-run", action="store_true", help="只检查，不导入")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(func=run)


def run(args) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"找不到文件：{path}")
    setup_django()
    from gongkai.agencies.models import Agency
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.catalog.importer import import_catalog

    agency = Agency.objects.filter(code=args.agency).first()
    if agency is None:
        raise UsageError(f"没有代号为“{args.agency}”的机关。")
    report = import_catalog(SYSTEM, agency, path.read_bytes(), path.name, dry_run=args.dry_run)
    if args.json:
        print(
            json.dumps(
                {"file": str(path), "agency": agency.code, **report.to_json()}, ensure_ascii=False, indent=2
            )
        )
    else:
        for line in report.lines():
            print(line)
        print(report.summary(agency))
    if report.unreadable:
        return 2
    return 1 if report.errors else 0
