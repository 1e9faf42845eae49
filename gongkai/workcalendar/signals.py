"""Signal receivers: seed the table after migrate, and mark a year changed when a day changes."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone


def seed_after_migrate(sender, using="default", **kwargs) -> None:
    from django.db import connections

    from .models import CalendarDay, CalendarYear
    from .seed import seed_from_chinesecalendar

    # Migrating backwards (e.g. to zero) also ends with post_migrate, without our tables.
    tables = set(connections[using].introspection.table_names())
    if {CalendarYear._meta.db_table, CalendarDay._meta.db_table} <= tables:
        seed_from_chinesecalendar(using)


def day_changed(sender, instance, **kwargs) -> None:
    """Any save or delete of a day, by our pages or the Django admin, invalidates cached calendars."""
    from .models import CalendarYear

    CalendarYear.objects.filter(year=instance.date.year).update(
        revision=F("revision") + 1, updated=timezone.now()
    )
