"""Fill the calendar table from the ``chinesecalendar`` package (2004–2026), idempotently.

Runs after every ``migrate`` (post_migrate signal). A year already in the table is left alone,
so staff corrections are never overwritten; a year the package adds in a later version is
added the next time migrations run. Each year is imported by the same action as a notice
(``ImportSchedule``), by the system, so its days have history with the package as the reason.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from django.db import DEFAULT_DB_ALIAS

from gongkai.agencies.permissions import SYSTEM
from gongkai.law.calendar import chinesecalendar_schedule
from gongkai.law.holiday_notice import HOLIDAY, MAKEUP_WORKDAY, ScheduleDay


def package_source() -> str:
    try:
        return f"chinesecalendar {version('chinesecalendar')}"
    except PackageNotFoundError:  # pragma: no cover - the package is a hard dependency
        return "chinesecalendar"


def seed_from_chinesecalendar(using: str = DEFAULT_DB_ALIAS) -> list[int]:
    """Add every year the package knows and the table lacks; return the years added."""
    from .actions import ImportSchedule
    from .models import CalendarYear

    if using != DEFAULT_DB_ALIAS:  # the actions write to the one database the system uses
        return []
    years, holidays, workdays = chinesecalendar_schedule()
    missing = sorted(set(years) - set(CalendarYear.objects.values_list("year", flat=True)))
    source = package_source()
    for year in missing:
        days = [
            ScheduleDay(day, kind, name)
            for table, kind in ((holidays, HOLIDAY), (workdays, MAKEUP_WORKDAY))
            for day, name in sorted(table.items())
            if day.year == year
        ]
        ImportSchedule(SYSTEM, year, days, source=source, reason=f"随系统安装自 {source} 载入").execute()
    return missing
