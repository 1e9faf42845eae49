"""An agency's report for a year as a reader gets it (the saved one, or one built from the records)
and rendered through gongkai.reportio.output (DOCX, PDF, HTML, JSON, XLSX, TXT, 图解)."""

from __future__ import annotations

from gongkai.agencies.models import Agency
from gongkai.law.report import Report

from .building import current_report
from .findings import previous_report
from .models import AnnualReport


def report_for(agency: Agency, year: int) -> tuple[AnnualReport | None, Report, Report | None]:
    """(the saved report or None, the report, last year's report) — nothing is saved."""
    annual = AnnualReport.objects.filter(agency=agency, year=year, kind=AnnualReport.Kind.AGENCY).first()
    unsaved = annual is None
    if unsaved:
        annual = AnnualReport(agency=agency, year=year, kind=AnnualReport.Kind.AGENCY)
    return (None if unsaved else annual), current_report(annual), previous_report(annual)


def render_annual(report: Report, fmt: str, previous: Report | None = None) -> bytes:
    from gongkai.reportio.output import render

    return render(report, fmt, previous)


def filename_of(report: Report, fmt: str) -> str:
    from gongkai.reportio.output import filename

    return filename(report, fmt)
