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


# --- the catalog "generation": what the public pages' cache keys on ----------------------------
# One value shared by every server process (Django's default cache, which settings.py makes the
# file cache under var/). Every action that changes what the public sees calls bump(); a page
# cached under an older generation is never served again. A new generation is a fresh unique
# value rather than old + 1, so two processes bumping at once can never land on the same value.
GENERATION_KEY = "gongkai:catalog:generation"


def _new_generation() -> str:
    import uuid

    return uuid.uuid4().hex[:16]


def generation() -> str:
    """The current generation (started afresh if the cache lost it)."""
    from django.core.cache import cache

    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return str(value)


def bump() -> None:
    """Make every cached public page stale: now, and again when the caller's transaction commits
    (a page rendered in between from the not yet committed state is keyed on the older value)."""
    from django.core.cache import cache
    from django.db import transaction

    def renew() -> None:
        cache.set(GENERATION_KEY, _new_generation(), timeout=None)

    renew()
    transaction.on_commit(renew)
