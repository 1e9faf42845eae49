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


# 表四 counts an appeal in the year it was filed (by kind, as the original actor) with its result
# as known on 31 December: these facts of an appeal move a year's figures.
_FILING = ("filed_on", "kind", "role")
_DECISION = ("decided_on", "result")


def appeal_facts(appeal) -> dict:
    return {name: getattr(appeal, name) for name in (*_FILING, *_DECISION)}


def appeal_lock_days(before: dict | None, appeal) -> set[date]:
    """The days whose years a new or changed appeal moves: its filing day when the filing facts
    change, its decision day when the decision does (before and after). Deciding in 2026 a case
    filed in a locked 2025 is allowed: 2025's 表四 counted it 尚未审结 and still does."""
    after = appeal_facts(appeal)
    if before is None:
        return {d for d in (after["filed_on"], after["decided_on"]) if d}
    days: set[date] = set()
    if any(before[k] != after[k] for k in _FILING):
        days |= {before["filed_on"], after["filed_on"]}
    if any(before[k] != after[k] for k in _DECISION):
        days |= {before["decided_on"], after["decided_on"]}
    return {d for d in days if d}
