"""Every change to the calendar table, each one action (see ``gongkai/actions.py``).

The calendar pages, the Django admin and the import all come through here, so the rules hold
everywhere: a day can only be set in a year whose calendar exists, a Monday–Friday is never a
make-up working day, and history records who changed what and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from simple_history.utils import bulk_create_with_history

from gongkai.actions import BaseAction
from gongkai.agencies.permissions import Action
from gongkai.law.holiday_notice import HOLIDAY, KIND_LABELS, MAKEUP_WORKDAY, ScheduleDay, ScheduleError

from .models import CalendarDay, CalendarYear

NORMAL = "normal"  # the form's choice for "no exception: an ordinary weekday or weekend day"
_WEEKDAYS = "一二三四五六日"


class SaveDay(BaseAction[CalendarDay | None]):
    """Make ``day`` a holiday, a make-up working day, or (kind=NORMAL) an ordinary day again.

    ``note`` is stored on the day and, when no reason is given, is the reason history records.
    """

    permission = Action.MANAGE_CALENDAR

    def __init__(
        self, actor: Any, day: date, kind: str, name: str = "", note: str = "", *, reason: str = ""
    ) -> None:
        super().__init__(actor, reason=reason)
        self.day, self.kind, self.name, self.note = day, kind, name.strip(), note.strip()

    def validate(self) -> None:
        day = self.day
        if not CalendarYear.objects.filter(year=day.year).exists():
            raise ScheduleError(f"{day.year} 年的工作日历尚未建立，请先导入该年度的节假日安排通知。")
        if self.kind == MAKEUP_WORKDAY and day.weekday() < 5:
            raise ScheduleError(
                f"{day.isoformat()} 是周{_WEEKDAYS[day.weekday()]}，本来就是工作日，不能设为调休上班日。"
            )
        if self.kind not in (HOLIDAY, MAKEUP_WORKDAY, NORMAL):
            raise ScheduleError("类型应为放假、调休上班或常规日。")

    def apply(self) -> CalendarDay | None:
        existing = CalendarDay.objects.select_for_update().filter(date=self.day).first()
        if self.kind == NORMAL:
            if existing is not None:
                self.stamp(existing).delete()
            return None
        row = existing or CalendarDay(date=self.day)
        row.kind, row.name, row.note = self.kind, self.name, self.note
        self.stamp(row).save()
        return row

    def describe(self) -> str:
        return self.note or ("恢复为常规日" if self.kind == NORMAL else "在工作日历页面修改")


class SaveCalendarYear(BaseAction[CalendarYear]):
    """Create a year's record or change it (source, notice, whether it counts for deadlines)."""

    permission = Action.MANAGE_CALENDAR

    def __init__(self, actor: Any, record: CalendarYear, *, reason: str = "") -> None:
        super().__init__(actor, reason=reason)
        self.record = record

    def validate(self) -> None:
        self.record.full_clean()

    def apply(self) -> CalendarYear:
        self.creating = self.record.pk is None
        self.stamp(self.record).save()  # bumps the revision, so every process rebuilds its calendar
        return self.record

    def describe(self) -> str:
        return f"{'新建' if self.creating else '修改'} {self.record.year} 年工作日历"


class DeleteCalendarYear(BaseAction[None]):
    """Remove a year and every holiday and make-up day in it (each with its history row)."""

    permission = Action.MANAGE_CALENDAR

    def __init__(self, actor: Any, record: CalendarYear, *, reason: str = "") -> None:
        super().__init__(actor, reason=reason)
        self.record = record

    def apply(self) -> None:
        for row in CalendarDay.objects.filter(date__year=self.record.year):
            self.stamp(row).delete()
        self.stamp(self.record).delete()

    def describe(self) -> str:
        return f"删除 {self.record.year} 年工作日历"


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


class ImportSchedule(BaseAction[ImportPlan]):
    """Replace ``year``'s holidays and make-up days with ``days`` and mark the year maintained.

    All or nothing: any error leaves the table as it was.
    """

    permission = Action.MANAGE_CALENDAR

    def __init__(
        self,
        actor: Any,
        year: int,
        days: list[ScheduleDay],
        *,
        source: str,
        notice_title: str = "",
        notice_date: date | None = None,
        reason: str = "",
    ) -> None:
        super().__init__(actor, reason=reason)
        self.year, self.days = year, days
        self.source, self.notice_title, self.notice_date = source.strip(), notice_title.strip(), notice_date

    def validate(self) -> None:
        if not self.source:
            raise ScheduleError("请填写数据来源（如通知文号）。")
        self.plan = plan_import(self.year, self.days)

    def apply(self) -> ImportPlan:
        plan = self.plan
        for row in plan.removed:
            self.stamp(row).delete()
        for row, entry in plan.changed:
            row.kind, row.name, row.note = entry.kind, entry.name, self.source
            self.stamp(row).save()
        bulk_create_with_history(
            [CalendarDay(date=e.day, kind=e.kind, name=e.name, note=self.source) for e in plan.added],
            CalendarDay,
            default_user=self.history_user,
            default_change_reason=self.history_reason,
        )
        record = CalendarYear.objects.filter(year=self.year).first() or CalendarYear(year=self.year)
        record.source = self.source
        record.notice_title = self.notice_title
        record.notice_date = self.notice_date
        record.maintained = True
        self.stamp(record).save()  # bumps the revision, so every process rebuilds its calendar
        return plan

    def describe(self) -> str:
        return f"导入 {self.year} 年节假日安排：{self.source}"
