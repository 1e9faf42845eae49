"""定时发布: an item published for a later day (``Publish(on=…)``) reaches search on that day.

The public pages and feeds filter by date themselves (``public.visible_to_public``); the search
index is written only by actions, and on the day of publishing nothing acts. The daily scan
(``gongkai scan``) therefore calls :func:`index_scheduled`, which indexes every item whose day has
come within the last :data:`CATCH_UP_DAYS` days and that is not in the index yet — so a scan
missed for a few days catches up, and running it twice changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.apps import apps
from django.utils import timezone

from .indexing import KIND, index_item, search_available
from .models import CatalogItem
from .public import visible_to_public

CATCH_UP_DAYS = 7


def due_items(today: date | None = None):
    """Items the public may see ``today`` whose 发布日期 is within the last CATCH_UP_DAYS days."""
    today = today or timezone.localdate()
    since = today - timedelta(days=CATCH_UP_DAYS)
    return visible_to_public(CatalogItem.objects.all(), today).filter(published_on__gt=since)


def index_scheduled(today: date | None = None) -> int:
    """Index the items whose publication day came in (today − 7 days, today] and that search does
    not hold yet; returns how many were added."""
    if not search_available():
        return 0
    SearchDocument = apps.get_model("search", "SearchDocument")
    ids = list(due_items(today).order_by("published_on", "pk").values_list("pk", flat=True))
    if not ids:
        return 0
    indexed = set(
        SearchDocument.objects.filter(kind=KIND, key__in=[str(pk) for pk in ids]).values_list(
            "key", flat=True
        )
    )
    added = 0
    for item in CatalogItem.objects.filter(pk__in=[pk for pk in ids if str(pk) not in indexed]):
        index_item(item)
        added += 1
    return added
