"""``gongkai check FILE... [--json]`` — check published annual reports (DESIGN.md).

Exit status: 0 no errors, 1 errors found, 2 a file could not be read as a report. A directory
argument checks every report file in it; a file that cannot be read (or meets a bug of ours,
logged with its traceback) is reported and the others are still checked. Reports of the same
agency for consecutive years are also checked against each other (T3-05 and the other cross-year
rules). ``--jobs N`` reads on N processes (default: every core) with the same output, byte for
byte, in the same order. ``--json`` prints the objects of :mod:`gongkai.reportio.contract`, as ``POST /api/check``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gongkai.cli import UsageError

PROGRESS_THRESHOLD = 20  # files; a progress bar below this only when stderr is a terminal


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "check",
        help="核查已发布的政府信息公开工作年度报告（TXT、HTML、DOCX、PDF）",
        description="核查已发布的年度报告：读取表二、表三、表四和各部分文字，按 spec §5 的规则列出问题。"
        "退出状态：0 没有错误，1 发现错误，2 有文件无法读取。",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="年度报告文件，或包含报告文件的目录")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（每个文件一个对象）")
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help="同时使用的进程数（默认：全部 CPU 核）；输出与单进程完全相同",
    )
    p.set_defaults(func=run)


def _expand(args: list[str]) -> list[Path]:
    from gongkai.reportio.checking import report_files

    paths: list[Path] = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            found = report_files(p)
            if not found:
                raise UsageError(f"目录 {a} 中没有 TXT、HTML、DOCX 或 PDF 文件。")
            paths.extend(found)
        elif p.exists():
            paths.append(p)
        else:
            raise UsageError(f"找不到文件：{a}")
    return paths


def run(args) -> int:
    from gongkai.reportio.checking import check_paths, default_jobs
    from gongkai.reportio.contract import dumps_results
    from gongkai.reportio.render import render_text

    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"进程数（--jobs）应为正整数，而不是 {args.jobs}。")
    paths = _expand(args.files)
    progress = None
    if len(paths) >= PROGRESS_THRESHOLD or (len(paths) > 1 and sys.stderr.isatty()):
        from tqdm import tqdm

        progress = tqdm(paths, desc="核查", unit="份", file=sys.stderr, leave=False)
    results = check_paths(paths, progress, jobs=args.jobs or default_jobs())
    out = dumps_results(results) + "\n" if args.json else render_text(results)
    try:
        sys.stdout.write(out)
        sys.stdout.flush()
    except BrokenPipeError:  # `gongkai check … | head`: the reader left, the status still counts
        sys.stderr.close()
    if any(r.error for r in results):
        return 2
    return 1 if any(r.errors for r in results) else 0
