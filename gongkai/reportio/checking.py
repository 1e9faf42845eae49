"""Check published reports: read, validate, and compare consecutive years of the same agency.

One service for the command line, the web page and the API, so the three always agree. A file
that cannot be read is a result with an ``error`` (exit status 2), not an exception — nor is a
bug of ours met on one file: it is logged with its traceback, the person gets a Chinese message,
and the other files of a batch are still checked.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import pickle
import traceback
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.law.report import Finding, Report
from gongkai.reportio import KINDS, UnreadableReport, read_path, read_with_document
from gongkai.reportio.labels import squash

SEVERITY_TEXT = {"E": "错误", "W": "警告"}
UNEXPECTED = "读取该文件时出现意外问题，无法核查。请确认文件是年度报告原件；问题已记录。"
CRASHED = "读取该文件时处理进程意外退出（文件可能已损坏或过于复杂），无法核查；问题已记录。"
log = logging.getLogger(__name__)


@dataclass
class CheckResult:
    file: str
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    document: Any = None  # the blocks as read (web page: the original layout beside the tables)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "E"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "W"]

    def to_json(self) -> dict[str, Any]:
        """The object of the ``gongkai check --json`` contract (gongkai.reportio.contract)."""
        from gongkai.reportio.contract import to_json

        return to_json(self)


def _validate(report: Report, previous: Report | None) -> list[Finding]:
    """Cells the parser could not read are in ``report.unreadable``: the rules skip them."""
    from gongkai.law.validation import validate

    return validate(report, previous=previous, own_report=False)


def check_bytes(data: bytes, name: str = "", kind: str | None = None) -> CheckResult:
    try:
        doc, report = read_with_document(data, name, kind)
        result = CheckResult(name, report, _validate(report, None))
    except UnreadableReport as e:
        return CheckResult(name, error=str(e))
    except Exception:
        log.exception("checking %s failed", name)
        return CheckResult(name, error=UNEXPECTED)
    result.document = doc
    return result


def agency_key(agency: str) -> str:
    """Agencies compared across years by name without brackets and spaces."""
    return squash(agency).replace("(", "").replace(")", "")


def _read_one(path: Path | str) -> CheckResult:
    result, bug = _read_reporting_bugs(path)
    if bug is not None:
        log.error("reading %s failed", path, exc_info=bug)
    return result


def _read_reporting_bugs(path: Path | str) -> tuple[CheckResult, BaseException | None]:
    """Read one file; a bug of ours is handed back (not logged) so that a worker process's bug is
    logged by the parent, in the parent's log, with the worker's traceback attached."""
    try:
        return CheckResult(str(path), read_path(Path(path))), None
    except UnreadableReport as e:
        return CheckResult(str(path), error=str(e)), None
    except Exception as e:
        return CheckResult(str(path), error=UNEXPECTED), e


def _read_in_worker(path: Path | str) -> tuple[CheckResult, BaseException | None, str]:
    """Tracebacks do not pickle: the text travels beside the exception (as in concurrent.futures)."""
    result, bug = _read_reporting_bugs(path)
    if bug is None:
        return result, None, ""
    text = "".join(traceback.format_exception(bug))
    try:
        pickle.dumps(bug)
    except Exception:
        bug = RuntimeError(f"{type(bug).__name__}: {bug}")
    return result, bug, text


class _RemoteTraceback(Exception):
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def default_jobs() -> int:
    """All the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _import_readers() -> None:
    """Import every reader (and the validator) once, before forking, so no child pays for it."""
    import gongkai.law.validation  # noqa: F401
    import gongkai.reportio.assemble  # noqa: F401
    import gongkai.reportio.docx  # noqa: F401
    import gongkai.reportio.html  # noqa: F401
    import gongkai.reportio.pdf  # noqa: F401
    import gongkai.reportio.txt  # noqa: F401


def _read_parallel(paths: Sequence[Path | str], progress: Iterable | None, jobs: int) -> list[CheckResult]:
    """Read on ``jobs`` forked processes, results in the order of ``paths``.

    Fork: the children inherit the already imported readers (pypdfium2, lxml, the law), so a
    worker costs nothing to start. Chunks of several files keep the pickling round trips few
    while still spreading the slow PDFs over the workers. Reports pickle small (~10 KB);
    validation stays in the parent, where the previous years are known."""
    _import_readers()
    context = (
        multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    )
    workers = min(jobs, len(paths))
    chunksize = max(1, math.ceil(len(paths) / (workers * 8)))
    ticks = iter(progress if progress is not None else paths)
    results: list[CheckResult] = []
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for item in pool.map(_read_in_worker, paths, chunksize=chunksize):
                results.append(_received(item))
                next(ticks, None)
    except BrokenProcessPool:  # a worker died (a crash in a native reader, out of memory)
        log.error(
            "a worker process died; reading the remaining %d files one by one", len(paths) - len(results)
        )
        for path in paths[len(results) :]:
            results.append(_read_isolated(path, context))
            next(ticks, None)
    for _ in ticks:  # let a progress bar finish and close
        pass
    return results


def _received(item: tuple[CheckResult, BaseException | None, str]) -> CheckResult:
    result, bug, text = item
    if bug is not None:
        bug.__cause__ = _RemoteTraceback(text)
        log.error("reading %s failed", result.file, exc_info=bug)
    return result


def _read_isolated(path: Path | str, context: Any) -> CheckResult:
    """One file in a process of its own: if that process dies too, the file was the cause."""
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            return _received(pool.submit(_read_in_worker, path).result())
    except BrokenProcessPool:
        log.error("reading %s killed its process", path)
        return CheckResult(str(path), error=CRASHED)


def check_paths(
    paths: Sequence[Path | str], progress: Iterable | None = None, jobs: int = 1
) -> list[CheckResult]:
    """Read every file, then validate each with the previous year's report of the same agency
    among them (T3-05 and the other cross-year rules). ``jobs`` > 1 reads on that many processes;
    the results are the same, in the same order."""
    if jobs > 1 and len(paths) > 1:
        results = _read_parallel(paths, progress, jobs)
    else:
        results = [_read_one(path) for path in (progress if progress is not None else paths)]
    by_agency_year: dict[tuple[str, int], Report] = {}
    for r in results:
        if r.report is not None and r.report.agency and r.report.year:
            by_agency_year.setdefault((agency_key(r.report.agency), r.report.year), r.report)
    for r in results:
        if r.report is None:
            continue
        previous = None
        if r.report.agency and r.report.year:
            previous = by_agency_year.get((agency_key(r.report.agency), r.report.year - 1))
        try:
            r.findings = _validate(r.report, previous)
        except Exception:
            log.exception("validating %s failed", r.file)
            r.report, r.findings, r.error = None, [], UNEXPECTED
    return results


def report_files(directory: Path) -> list[Path]:
    """The files of a directory (recursively) that may be reports, in name order."""
    suffixes = {".txt", ".htm", ".html", ".shtml", ".docx", ".pdf"}
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)


__all__ = ["KINDS", "CheckResult", "check_bytes", "check_paths", "default_jobs", "report_files"]
