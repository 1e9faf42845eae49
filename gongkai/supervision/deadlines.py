"""When each agency's annual report for a year is due, and when it is reminded of it.

The dates are those of 30号文 §二 and 第四十九条, kept once in
``gongkai.law.validation.structure.PUBLICATION_DEADLINES`` (the S-03 rule uses the same table):
a department (and a township, by analogy) by 1月31日; a county government's compiled report by
2月20日, a prefecture's by 3月10日, a province's by 3月31日 — all of the year after the report year.
An agency's level key follows the public guide (``gongkai.portal.guide.annual_report``): a
government at county level or above uses its level, everything else is a department.

Reminders: once when the due date is :data:`REMIND_DAYS_BEFORE` days or fewer away, once when it
has passed (``gongkai.supervision.reminders`` records each so a scan run twice sends nothing new).
Past :data:`REMIND_DAYS_AFTER` days after the due date nothing reminds any more (the staff home
would otherwise nag all year about last year's report); the dashboard still shows it overdue.
"""

from __future__ import annotations

from datetime import date

from gongkai.agencies.models import Agency
from gongkai.law.validation.structure import PUBLICATION_DEADLINES, deadline_class

REMIND_DAYS_BEFORE = 10
REMIND_DAYS_AFTER = 60

DUE_SOON = "due_soon"
OVERDUE = "overdue"


def level_key(agency: Agency) -> str:
    """The key of ``PUBLICATION_DEADLINES`` that applies to ``agency``."""
    return deadline_class(agency.kind == Agency.Kind.GOVERNMENT, agency.level)


def due_date(agency: Agency, year: int) -> date:
    """The last day on which ``agency``'s report for ``year`` may be submitted and published."""
    month, day = PUBLICATION_DEADLINES[level_key(agency)]
    return date(year + 1, month, day)


def reminder_kind(due: date, today: date) -> str | None:
    """Which reminder an unsubmitted report is due on ``today``: DUE_SOON, OVERDUE or none."""
    if today > due:
        return OVERDUE if (today - due).days <= REMIND_DAYS_AFTER else None
    if (due - today).days <= REMIND_DAYS_BEFORE:
        return DUE_SOON
    return None


def report_year(today: date) -> int:
    """The report year whose deadlines run now: the year before (reports are due Jan–Mar)."""
    return today.year - 1


def due_text(due: date, today: date) -> str:
    """「还剩 5 天」「今天到期」「已逾期 3 天」."""
    days = (due - today).days
    if days > 0:
        return f"还剩 {days} 天"
    if days == 0:
        return "今天到期"
    return f"已逾期 {-days} 天"
