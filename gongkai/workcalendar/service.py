"""The working-day calendar the rest of the system computes with, built from the table.

``get_calendar()`` costs one small aggregate query per call: the sum of the years' revision
numbers, their count and latest change. Each process keeps the calendar it built for that
version, so several web and worker processes all see a change on their next call.
"""

from __future__ import annotations

import threading

from django.db.models import Count, Max, Sum

from gongkai.law.calendar import WorkCalendar
from gongkai.law.holiday_notice import HOLIDAY

from .models import CalendarDay, CalendarYear

_lock = threading.Lock()
_cached: tuple[tuple, WorkCalendar] | None = None


def calendar_version() -> tuple:
    agg = CalendarYear.objects.aggregate(n=Count("id"), rev=Sum("revision"), last=Max("updated"))
    return (agg["n"], agg["rev"], agg["last"])


def get_calendar() -> WorkCalendar:
    """The maintained years' schedule as a :class:`gongkai.law.calendar.WorkCalendar`."""
    global _cached
    version = calendar_version()
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    calendar = build_calendar()
    with _lock:
        _cached = (version, calendar)
    return calendar


def build_calendar() -> WorkCalendar:
    years = frozenset(CalendarYear.objects.filter(maintained=True).values_list("year", flat=True))
    holidays: dict = {}
    makeup: dict = {}
    for day, kind, name in CalendarDay.objects.values_list("date", "kind", "name"):
        if day.year in years:
            (holidays if kind == HOLIDAY else makeup)[day] = name
    return WorkCalendar(years=years, holidays=holidays, makeup_workdays=makeup)
