"""The answer target: a consultation should be answered within ``target_days()`` working days of
its receipt (default 5, setting ``GONGKAI_CONSULT_TARGET_DAYS``), counted on the working-day
calendar (``gongkai.workcalendar``) with the statute clock's convention: the day of receipt is
not counted. Where a year's calendar is not maintained yet the clock's estimate is used."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from gongkai.law.calendar import WorkCalendar
from gongkai.law.clock import provisional_calendar
from gongkai.workcalendar.service import get_calendar

DEFAULT_TARGET_DAYS = 5


def target_days() -> int:
    return max(1, int(getattr(settings, "GONGKAI_CONSULT_TARGET_DAYS", DEFAULT_TARGET_DAYS)))


def calendar_covering(first: date, last: date) -> WorkCalendar:
    """The maintained calendar, estimated for any year from ``first`` to the year after ``last``
    that is not maintained (a due date may fall into the next year)."""
    calendar = get_calendar()
    missing = tuple(y for y in range(first.year, last.year + 2) if not calendar.covers(date(y, 1, 1)))
    return provisional_calendar(calendar, missing)[0] if missing else calendar


def answer_due(received_on: date, days: int | None = None) -> date:
    return calendar_covering(received_on, received_on).add_working_days(received_on, days or target_days())


def working_days(received_on: date, answered_on: date, calendar: WorkCalendar | None = None) -> int:
    """Working days from receipt to answer: those in (received_on, answered_on]; 0 the same day."""
    calendar = calendar or calendar_covering(received_on, answered_on)
    return calendar.working_days_between(received_on, answered_on)
