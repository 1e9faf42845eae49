"""``gongkai import-reports PATH... --office CODE [--now] [--label TEXT]``: import annual reports
published outside the system for a supervising office, as its upload page does (files, folders
— every TXT/HTML/DOCX/PDF/ZIP in them — or ZIPs).

The checks are queued for the task workers (``gongkai serve`` / ``db_worker``), one per file;
``--now`` runs them in this process instead. A big folder becomes several batches within the
upload limits. Files the office already imported are not imported again.
Exit status: 0 imported, 1 nothing could be imported, 2 bad arguments.
"""

from __future__ import annotations

from pathlib import Path

from gongkai.cli import UsageError, setup_django

REASON = "命令行导入外部发布的年度报告"
SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf", ".zip")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "import-reports",
        help="为主管部门导入外部发布的年度报告（文件、文件夹或 ZIP）并在后台核查",
        description="导入未使用本系统的机关在外部发布的政府信息公开工作年度报告（TXT、HTML、DOCX、PDF，"
        "或装有这些文件的 ZIP；目录中的这些文件全部导入），每份报告由后台任务核查；同一文件不会重复导入。",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件、ZIP 文件或文件夹")
    p.add_argument("--office", required=True, metavar="CODE", help="导入到的主管部门（机关代号）")
    p.add_argument("--label", default="", help="批次说明")
    p.add_argument("--now", action="store_true", help="在本进程内立即核查（不交给后台任务）")
    p.set_defaults(func=run)


def _expand(args: list[str]) -> list[Path]:
    found: list[Path] = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            found += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        elif p.is_file():
            found.append(p)
        else:
            raise UsageError(f"找不到文件或目录：{a}")
    if not found:
        raise UsageError("没有找到 TXT、HTML、DOCX、PDF 或 ZIP 文件。")
    return found


def _batches(paths: list[Path]):
    """Groups within the upload limits (count and total size) of one import."""
    from gongkai.imported_reports import files

    group: list[Path] = []
    size = 0
    for p in paths:
        n = p.stat().st_size
        if group and (
            len(group) >= files.MAX_FILES or size + n > files.MAX_TOTAL_BYTES or p.suffix.lower() == ".zip"
        ):
            yield group
            group, size = [], 0
        group.append(p)
        size += n
    if group:
        yield group


def run(args) -> int:
    paths = _expand(args.paths)
    setup_django()
    from django.core.exceptions import ValidationError

    from gongkai.agencies.models import Agency
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.imported_reports.actions import ImportReports
    from gongkai.imported_reports.tasks import check_imported_file

    office = Agency.objects.filter(code=args.office).first()
    if office is None:
        raise UsageError(f"没有代号为“{args.office}”的机关。")
    imported = 0
    for group in _batches(paths):
        uploads = [(p.name, p.read_bytes()) for p in group]
        try:
            batch = ImportReports(
                SYSTEM, office, uploads, label=args.label, reason=REASON, queue=not args.now
            ).execute()
        except ValidationError as exc:
            print(f"未导入（{group[0].name} 等 {len(group)} 个文件）：{''.join(exc.messages)}")
            continue
        new = list(batch.files.values_list("pk", flat=True))
        imported += len(new)
        print(
            f"批次 {batch.pk}：新导入 {len(new)} 份"
            + (f"，已导入过 {len(batch.duplicates)} 份" if batch.duplicates else "")
        )
        for line in batch.skipped:
            print(f"  未导入：{line}")
        if args.now:
            for pk in new:
                result = check_imported_file.call(pk)
                print(
                    f"  已核查 {pk}：错误 {result.get('errors', 0)} 个，警告 {result.get('warnings', 0)} 个"
                )
    if not imported:
        print("没有新导入的报告。")
    return 0 if imported else 1
