"""``gongkai import-applications FILE --agency CODE``: import an agency's Excel 台账.

The columns are those of the exported ledger (gongkai.applications.ledger.COLUMNS), with the full
ID number and phone. All rows or none: any bad row is reported with its line number and reason,
and nothing is imported (exit status 1). ``--check`` runs every row and imports nothing.
"""

from __future__ import annotations

from pathlib import Path

from gongkai.cli import UsageError, setup_django


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "import-applications",
        help="导入依申请公开台账（Excel）",
        description="把机关的依申请公开台账（.xlsx，列与导出的台账相同，证件号码和联系电话须完整）导入系统；"
        "任何一行有误则整个文件都不导入。",
    )
    p.add_argument("file", metavar="FILE", help="台账文件（.xlsx）")
    p.add_argument("--agency", required=True, metavar="CODE", help="导入到的机关代号")
    p.add_argument("--check", action="store_true", help="只检查，不导入")
    p.set_defaults(func=run)


def run(args) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"找不到文件：{path}")
    setup_django()
    from gongkai.agencies.models import Agency
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.applications.ledger import import_ledger

    agency = Agency.objects.filter(code=args.agency).first()
    if agency is None:
        raise UsageError(f"没有代号为“{args.agency}”的机关。")
    report = import_ledger(SYSTEM, agency, path.read_bytes(), dry_run=args.check)
    for line in report.lines():
        print(line)
    if report.errors:
        print(f"未导入：发现 {len(report.errors)} 处错误，整个文件都没有导入。")
        return 1
    if report.dry_run:
        print(f"检查通过：{len(report.created)} 行都可以导入（未导入）。")
    else:
        print(f"已导入 {len(report.created)} 件申请到“{agency.name}”。")
    return 0
