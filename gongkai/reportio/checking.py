"""Check published reports: read, validate, and compare consecutive years of the same agency.

One service for the command line, the web page and the API, so the three always agree. A file
that cannot be read is a result with an ``error`` (exit status 2), not an exception.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.law.report import Finding, Report
from gongkai.reportio import KINDS, UnreadableReport, read_path, read_with_document
from gongkai.reportio.labels import squash

SEVERITY_TEXT = {"E": "错误", "W": "警告"}


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
        """The object of the ``gongkai check --json`` contract (DESIGN.md)."""
        if self.report is None:
            return {
                "file": self.file,
                "agency": None,
                "year": None,
                "format": None,
                "table2": None,
                "table3": None,
                "table4": None,
                "findings": [],
                "error": self.error,
            }
        data = self.report.to_json()
        out: dict[str, Any] = {
            "file": self.file,
            "agency": data["agency"],
            "year": data["year"],
            "format": data["format"],
            "table2": data["table2"],
            "table3": data["table3"],
            "table4": data["table4"],
            "findings": [f.to_json() for f in self.findings],
        }
        for extra in ("table2_format", "publication_date", "period"):
            if extra in data:
                out[extra] = data[extra]
        return out


def _validate(report: Report, previous: Report | None) -> list[Finding]:
    """Cells the parser could not read are in ``report.unreadable``: the rules skip them."""
    from gongkai.law.validation import validate

    return validate(report, previous=previous, own_report=False)


def check_bytes(data: bytes, name: str = "", kind: str | None = None) -> CheckResult:
    try:
        doc, report = read_with_document(data, name, kind)
    except UnreadableReport as e:
        return CheckResult(name, error=str(e))
    result = CheckResult(name, report, _validate(report, None))
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
        r.findings = _validate(r.report, previous)
    return results


def report_files(directory: Path) -> list[Path]:
    """The files of a directory (recursively) that may be reports, in name order."""
    suffixes = {".txt", ".htm", ".html", ".shtml", ".docx", ".pdf"}
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)


__all__ = ["KINDS", "CheckResult", "check_bytes", "check_paths", "report_files"]
