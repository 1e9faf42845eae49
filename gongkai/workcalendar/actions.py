"""Every change to the calendar table: ask the permission layer, validate, write in one transaction.

Views and the admin call these; the history rows (django-simple-history) record who changed what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from gongkai.agencies.permissions import Action, require
from gongkai.law.holiday_notice import HOLIDAY, KIND_LABELS, MAKEUP_WORKDAY, ScheduleDay, ScheduleError

from .models import CalendarDay, CalendarYear

NORMAL = "normal"  # the form's choice for "no exception: an ordinary weekday or weekend day"
_WEEKDAYS = "一二三四五六日"


def save_day(user, day: date, kind: str, name: str = "", note: str = "") -> CalendarDay | None:
    """Make ``day`` a holiday, a make-up working day, or (kind=NORMAL) an ordinary day again."""
    require(user, Action.MANAGE_CALENDAR)
    if not CalendarYear.objects.filter(year=day.year).exists():
        raise ScheduleError(f"{day.year} 年的工作日历尚未建立，请先导入该年度的节假日安排通知。")
    if kind == MAKEUP_WORKDAY and day.weekday() < 5:
        raise ScheduleError(
            f"{day.isoformat()} 是周{_WEEKDAYS[day.weekday()]}，本来就是工作日，不能设为调休上班日。"
        )
    if kind not in (HOLIDAY, MAKEUP_WORKDAY, NORMAL):
        raise ScheduleError("类型应为放假、调休上班或常规日。")
    with transaction.atomic():
        existing = CalendarDay.objects.select_for_update().filter(date=day).first()
        if kind == NORMAL:
            if existing is not None:
                existing._change_reason = note or "恢复为常规日"
                existing.delete()
            return None
        row = existing or CalendarDay(date=day)
        row.kind, row.name, row.note = kind, name.strip(), note.strip()
        row._change_reason = note or "在工作日历页面修改"
        row.save()
        return row


@dataclass
class ImportPlan:
    """What importing a schedule would do to one year, for the preview and for the import."""

    year: int
    days: list[ScheduleDay]
    added: list[ScheduleDay] = field(default_factory=list)
    changed: list[tuple[CalendarDay, ScheduleDay]] = field(default_factory=list)
    removed: list[CalendarDay] = field(default_factory=list)
    unchanged: int = 0
    # Days of the neighbouring year that the notice names and the table already has.
    elsewhere: list[ScheduleDay] = field(default_factory=list)
    year_exists: bool = False

    @property
    def holidays(self) -> list[ScheduleDay]:
        return [d for d in self.days if d.kind == HOLIDAY and d.day.year == self.year]

    @property
    def makeup_workdays(self) -> list[ScheduleDay]:
        return [d for d in self.days if d.kind == MAKEUP_WORKDAY and d.day.year == self.year]

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed) or not self.year_exists


def plan_import(year: int, days: list[ScheduleDay]) -> ImportPlan:
    """Compare a parsed schedule with the table; refuse what cannot be imported."""
    plan = ImportPlan(year=year, days=list(days))
    plan.year_exists = CalendarYear.objects.filter(year=year).exists()
    current = {row.date: row for row in CalendarDay.objects.filter(date__year=year)}
    for entry in days:
        if entry.day.year != year:
            # A notice may name a day of the neighbouring year (「2022年12月31日至2023年1月2日」).
            # It is accepted only if that year's table already says the same.
            other = CalendarDay.objects.filter(date=entry.day).first()
            if other is None or other.kind != entry.kind:
                raise ScheduleError(
                    f"通知中的 {entry.day.isoformat()}（{KIND_LABELS[entry.kind]}）属于 {entry.day.year} 年，"
                    f"与该年度日历不一致。请先在 {entry.day.year} 年的日历中修改这一天，再导入本通知。"
                )
            plan.elsewhere.append(entry)
            continue
        row = current.pop(entry.day, None)
        if row is None:
            plan.added.append(entry)
        elif row.kind != entry.kind or row.name != entry.name:
            plan.changed.append((row, entry))
        else:
            plan.unchanged += 1
    plan.removed = sorted(current.values(), key=lambda r: r.date)
    return plan


def import_schedule(
    user, year: int, days: list[ScheduleDay], *, source: str, notice_title: str = "", notice_date=None
) -> ImportPlan:
    """Replace ``year``'s holidays and make-up days with ``days`` and mark the year maintained.

    All or nothing: any error leaves the table as it was.
    """
    require(user, Action.MANAGE_CALENDAR)
    if not source.strip():
        raise ScheduleError("请填写数据来源（如通知文号）。")
    with transaction.atomic():
        plan = plan_import(year, days)
        reason = f"导入 {year} 年节假日安排：{source}"
        for row in plan.removed:
            row._change_reason = reason
            row.delete()
        for row, entry in plan.changed:
            row.kind, row.name, row.note = entry.kind, entry.name, source
            row._change_reason = reason
            row.save()
        bulk_create_with_history(
            [CalendarDay(date=e.day, kind=e.kind, name=e.name, note=source) for e in plan.added],
            CalendarDay,
            default_user=user if getattr(user, "pk", None) else None,
            default_change_reason=reason,
        )
        record, _ = CalendarYear.objects.get_or_create(year=year, defaults={"source": source})
        record.source = source.strip()
        record.notice_title = notice_title.strip()
        record.notice_date = notice_date
        record.maintained = True
        record._change_reason = reason
        record.save()  # bumps the revision, so every process rebuilds its calendar
    return plan
