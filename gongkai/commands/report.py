"""``gongkai report``: an agency's annual report, rendered (DESIGN.md "Command-line contract").

gongkai report --agency jinjiang-xzfwzx --year 2022 --format json
gongkai report --agency 晋江市行政服务中心管理委员会 --year 2022 --format docx -o 年报.docx

The report is the saved one (``AnnualReport``: its approved version, or the draft with its edited
text and hand-set cells) when there is one for that year, else built from the records with the
draft text. Nothing is saved. Text formats go to standard output without ``-o``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gongkai.cli import UsageError, setup_django

FORMATS = ("docx", "pdf", "html", "json", "xlsx", "txt")
TEXT_FORMATS = ("html", "json", "txt")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "report",
        help="生成本机关政府信息公开工作年度报告（DOCX、PDF、HTML、JSON、XLSX、TXT）",
        description="按国办公开办函〔2021〕30号的格式，从本系统的记录（或已保存的年度报告草稿、已审定的报告）"
        "生成一个机关的政府信息公开工作年度报告。",
    )
    p.add_argument("--agency", required=True, metavar="机关", help="机关代号或全称，如 jinjiang-xzfwzx")
    p.add_argument("--year", required=True, metavar="YYYY", help="报告年度")
    p.add_argument(
        "--format", required=True, choices=FORMATS, metavar="格式", help="docx|pdf|html|json|xlsx|txt"
    )
    p.add_argument(
        "-o", "--output", metavar="PATH", help="输出文件；文本格式（html、json、txt）不写则输出到屏幕"
    )
    p.set_defaults(func=run)


def _year(text: str) -> int:
    text = (text or "").strip()
    if not (text.isdigit() and len(text) == 4):
        raise UsageError(f"--year 应为四位年份，收到“{text}”")
    return int(text)


def find_agency(name: str):
    from gongkai.agencies.models import Agency

    name = (name or "").strip()
    agency = Agency.objects.filter(code=name).first() or Agency.objects.filter(name=name).first()
    if agency is None:
        agency = Agency.objects.filter(short_name=name).first()
    if agency is None:
        raise UsageError(f"没有找到机关“{name}”：请写机关代号（如 jinjiang-xzfwzx）或机关全称。")
    return agency


def run(args) -> int:
    year = _year(args.year)
    if args.format not in TEXT_FORMATS and not args.output:
        raise UsageError(f"{args.format.upper()} 是二进制文件，请用 -o 指定输出文件。")
    setup_django()
    from gongkai.commands.demo import migrate_if_needed

    migrate_if_needed(out=sys.stderr)
    from gongkai.annual.drafting import FIRST_YEAR_OF_REPORTS
    from gongkai.annual.rendering import render_annual, report_for

    if not FIRST_YEAR_OF_REPORTS <= year <= 9999:
        raise UsageError(f"--year 应在 {FIRST_YEAR_OF_REPORTS} 年以后，收到 {year}")
    agency = find_agency(args.agency)
    annual, report, previous = report_for(agency, year)
    data = render_annual(report, args.format, previous)
    if args.output:
        try:
            Path(args.output).write_bytes(data)
        except OSError as exc:
            raise UsageError(f"无法写入 {args.output}：{exc.strerror or exc}") from None
        print(f"已生成 {agency.name}{year}年度报告：{args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
