"""Where each subordinate's annual report for a year stands: the supervising office's dashboard.

One row per agency directly below the supervising one (``aggregation.subordinates``), with the
report that counts for it (its compiled report when it supervises agencies itself, otherwise its
own — the same choice as the aggregate), its state, when it was submitted, when it is due
(``deadlines.due_date``), whether it is overdue, and the validator's error and warning counts.

Submitted means approved or published (第四十九条: 「提交…并向社会公布」; the report is handed to
the supervising office when its leaders approve it). The date is ``submitted_at`` when the annual
report's actions record one, else ``approved_at``. Overdue: not submitted and the due date has
passed, or submitted after it.

Counts: the findings the agency's own report page shows (``gongkai.annual.findings``: an
approved report from its snapshot, a draft as its records give it now, against last year's report
as the agency's validation takes it), so T3-05 (上年结转 ≠ 去年结转下年度) shows here and on the
outliers page as it does for the agency.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.annual import building, findings
from gongkai.annual.models import AnnualReport
from gongkai.law.report import Finding, Report, ReportDataError

from .aggregation import FROZEN_STATES, subordinates
from .deadlines import due_date

logger = logging.getLogger(__name__)

NOT_STARTED = "未开始"


@dataclass
class StatusRow:
    agency: Agency
    year: int
    due: date
    report: AnnualReport | None = None
    submitted_on: date | None = None
    overdue: bool = False
    law_report: Report | None = None
    previous: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    checked: bool = False  # whether findings were computed

    @property
    def state_label(self) -> str:
        return self.report.get_state_display() if self.report else NOT_STARTED

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.state in FROZEN_STATES

    @property
    def errors(self) -> int | None:
        return sum(1 for f in self.findings if f.severity == "E") if self.checked else None

    @property
    def warnings(self) -> int | None:
        return sum(1 for f in self.findings if f.severity == "W") if self.checked else None

    @property
    def overdue_text(self) -> str:
        if not self.overdue:
            return ""
        return "逾期提交" if self.submitted else "逾期未提交"


def counting_kind(agency_ids: list[int]) -> dict[int, str]:
    """The report kind that counts for each agency: aggregate for one that supervises others."""
    supervising = set(
        Agency.objects.filter(parent_id__in=agency_ids, is_active=True).values_list("parent_id", flat=True)
    )
    return {
        pk: AnnualReport.Kind.AGGREGATE if pk in supervising else AnnualReport.Kind.AGENCY
        for pk in agency_ids
    }


def reports_of(agency_ids: list[int], year: int) -> dict[int, AnnualReport]:
    kinds = counting_kind(agency_ids)
    found: dict[int, AnnualReport] = {}
    for report in AnnualReport.objects.filter(agency_id__in=agency_ids, year=year):
        if kinds.get(report.agency_id) == report.kind:
            found[report.agency_id] = report
    return found


def _safely(what: str, compute, annual: AnnualReport):
    """A dashboard row whose stored report cannot be read says so instead of failing the page."""
    try:
        return compute(annual)
    except (ReportDataError, KeyError, TypeError, ValueError):
        logger.warning("无法%s：年度报告 %s", what, annual.pk, exc_info=True)
        return None


def current_report(annual: AnnualReport) -> Report | None:
    """The report as the agency's own page shows it (``gongkai.annual.building.current_report``),
    or None when it cannot be read."""
    return _safely("生成年度报告", building.current_report, annual)


def findings_of(annual: AnnualReport, report: Report, previous=findings.UNSET) -> list[Finding]:
    """The same findings the agency sees on its report page (given last year's report, or None
    for none, when the caller has read it already)."""
    if previous is findings.UNSET:
        previous = _safely("读取上年度报告", findings.previous_report, annual)
    return _safely("核查年度报告", lambda a: findings.findings_of(a, report, previous), annual) or []


def submitted_on(report: AnnualReport | None) -> date | None:
    if report is None or report.state not in FROZEN_STATES:
        return None
    moment = report.submitted_at or report.approved_at
    return timezone.localdate(moment) if moment else None


def status_rows(supervisor: Agency, year: int, today: date, *, check: bool = True) -> list[StatusRow]:
    """The dashboard: every subordinate of ``supervisor`` for ``year``, by name."""
    agencies = list(subordinates(supervisor))
    ids = [a.pk for a in agencies]
    reports = reports_of(ids, year)
    earlier = findings.PreviousReports(reports.values()) if check else None
    rows = []
    for agency in agencies:
        report = reports.get(agency.pk)
        row = StatusRow(agency, year, due_date(agency, year), report, submitted_on(report))
        row.overdue = (row.submitted_on or today) > row.due
        if check and report is not None:
            row.law_report = current_report(report)
            row.previous = _safely("读取上年度报告", earlier.of, report)
            if row.law_report is not None:
                row.findings = findings_of(report, row.law_report, row.previous)
                row.checked = True
        rows.append(row)
    return rows


def unsubmitted(year: int, agency_ids: list[int] | None = None) -> list[Agency]:
    """Active agencies that owe a report for ``year`` and have not had it approved: those with a
    supervising agency above them, and supervising agencies (their compiled report) — whom the
    reminders go to."""
    agencies = Agency.objects.filter(is_active=True).filter(
        Q(parent__isnull=False) | Q(children__is_active=True)
    )
    if agency_ids is not None:
        agencies = agencies.filter(pk__in=agency_ids)
    agencies = list(agencies.distinct())
    reports = reports_of([a.pk for a in agencies], year)
    return [a for a in agencies if not (reports.get(a.pk) and reports[a.pk].state in FROZEN_STATES)]
