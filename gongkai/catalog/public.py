"""What the public may see of the catalog: one rule, used by every public page, feed and search."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from .models import CatalogItem, Disclosure, State


def visible_to_public(queryset: QuerySet[CatalogItem], today: date | None = None) -> QuerySet[CatalogItem]:
    """Published (on or before today: a scheduled item appears on its day), 主动公开, not withdrawn.
    Drafts, items under review, withdrawn items and 依申请公开/不予公开 records are never shown."""
    return queryset.filter(
        state=State.PUBLISHED,
        disclosure=Disclosure.PROACTIVE,
        published_on__lte=today or timezone.localdate(),
    )
