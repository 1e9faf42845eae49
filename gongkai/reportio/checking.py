"""Check published reports: read, validate, and compare consecutive years of the same agency.

One service for the command line, the web page and the API, so the three always agree. A file
that cannot be read is a result with an ``error`` (exit status 2), not an exception — nor is a
bug of ours met on one file: it is logged with its traceback, the person gets a Chinese message,
and the other files of a batch are still checked.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.law.report import Finding, Report
from gongkai.reportio import KINDS, UnreadableReport, read_path, read_with_document
from gongkai.reportio.labels import squash

SEVERITY_TEXT = {"E": "错误", "W": "警告"}
UNEXPECTED = "读取该文件时出现意外问题，无法核查。请确认文件是年度报告原件；问题已记录。"
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


def check_paths(paths: Sequence[Path | str], progress: Iterable | None = None) -> list[CheckResult]:
    """Read every file, then validate each with the previous year's report of the same agency
    among them (T3-05 and the other cross-year rules)."""
    results: list[CheckResult] = []
    iterator = progress if progress is not None else paths
    for path in iterator:
        p = Path(path)
        try:
            results.append(CheckResult(str(path), read_path(p)))
        except UnreadableReport as e:
            results.append(CheckResult(str(path), error=str(e)))
        except Exception:
            log.exception("reading %s failed", path)
            results.append(CheckResult(str(path), error=UNEXPECTED))
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


__all__ = ["KINDS", "CheckResult", "check_bytes", "check_paths", "report_files"]
