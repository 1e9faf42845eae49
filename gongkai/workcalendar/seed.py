"""Fill the calendar table from the ``chinesecalendar`` package (2004–2026), idempotently.

Runs after every ``migrate`` (post_migrate signal). A year already in the table is left alone,
so staff corrections are never overwritten; a year the package adds in a later version is
added the next time migrations run.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from django.db import transaction

from gongkai.law.calendar import chinesecalendar_schedule
from gongkai.law.holiday_notice import HOLIDAY, MAKEUP_WORKDAY


def package_source() -> str:
    try:
        return f"chinesecalendar {version('chinesecalendar')}"
    except PackageNotFoundError:  # pragma: no cover - the package is a hard dependency
        return "chinesecalendar"


def seed_from_chinesecalendar(using: str = "default") -> list[int]:
    """Add every year the package knows and the table lacks; return the years added."""
    from .models import CalendarDay, CalendarYear

    years, holidays, workdays = chinesecalendar_schedule()
    missing = sorted(set(years) - set(CalendarYear.objects.using(using).values_list("year", flat=True)))
    if not missing:
        return []
    source = package_source()
    with transaction.atomic(using=using):
        taken = set(
            CalendarDay.objects.using(using).filter(date__year__in=missing).values_list("date", flat=True)
        )
        rows = [
            CalendarDay(date=day, kind=kind, name=name, note=f"自 {source} 导入")
            for table, kind in ((holidays, HOLIDAY), (workdays, MAKEUP_WORKDAY))
            for day, name in table.items()
            if day.year in missing and day not in taken
        ]
        CalendarDay.objects.using(using).bulk_create(rows)
        for year in missing:
            CalendarYear.objects.using(using).create(year=year, source=source, maintained=True)
    return missing
