"""The reporting period's lock: once an agency's annual report for a year is approved, the records
that make that year's figures (applications received or closed, case steps, catalog publications
and repeals, statistics entries, appeals) may no longer be created or dated into the year — until
someone unlocks it with a reason (``gongkai.annual.actions.UnlockPeriod``, audited).

Actions that write such records call ``ensure_open(agency, day_or_year)`` inside their
``validate()``; the refusal is a Chinese ``ValidationError``, which every view shows as the
action's refusal (gongkai.actions.RULE_ERRORS).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from gongkai.agencies.models import Agency

from .models import PeriodLock


def _year(day_or_year: date | int) -> int:
    return day_or_year if isinstance(day_or_year, int) else day_or_year.year


def is_locked(agency: Agency | int, day_or_year: date | int) -> bool:
    agency_id = agency.pk if isinstance(agency, Agency) else agency
    return PeriodLock.objects.filter(agency_id=agency_id, year=_year(day_or_year)).exists()


def ensure_open(agency: Agency | int, day_or_year: date | int | None) -> None:
    """Refuse a record dated in a locked year of ``agency``; no date (None) is never refused."""
    if day_or_year is None or agency is None:
        return
    if is_locked(agency, day_or_year):
        year = _year(day_or_year)
        raise ValidationError(
            f"{year}年度政府信息公开工作年度报告已审定，该年度的统计数据已锁定，不能新增或改动日期在"
            f"{year}年内的记录。确需更正的，请由政府信息公开工作机构负责人在年度报告页面写明原因后解锁。"
        )
