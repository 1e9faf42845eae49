"""The one place the catalog tells search (``gongkai.search``, 政府信息网上查询) about an item.

:func:`index_item` is called by every action that changes what the public may find (publish,
withdraw, repeal, expire, amend), inside the action's transaction, so the index never disagrees
with the catalog. Only what the public may see today is indexed (``public.visible_to_public``): an
item scheduled for a later day is not, until ``rebuild_index`` (``gongkai reindex``) runs on or
after that day — :func:`public_records` is the source it re-reads. Without ``gongkai.search``
installed (not in INSTALLED_APPS) these functions do nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.apps import apps
from django.db.models import Prefetch
from django.utils import timezone

from .models import CatalogAttachment, CatalogItem
from .public import visible_to_public

KIND = "catalog"


def search_available() -> bool:
    return apps.is_installed("gongkai.search")


def search_fields(item: CatalogItem) -> dict:
    """Every text the public may read of the item, and the facets search filters by."""
    attachments = "\n".join(a.text for a in item.attachments.all() if a.text)
    return {
        "agency_id": item.agency_id,
        "title": item.title,
        "document_number": item.document_number,
        "index_number": item.index_number or "",
        "summary": item.summary,
        "body": item.body,
        "attachment_text": attachments,
        "category": item.category.name if item.category_id else "",
        "validity": item.get_validity_display(),
        "published_on": item.published_on,
    }


def _with_text(queryset):
    return queryset.select_related("category").prefetch_related(
        Prefetch("attachments", queryset=CatalogAttachment.objects.only("id", "item_id", "text"))
    )


def index_item(item: CatalogItem) -> None:
    """Index ``item`` if the public may see it today, otherwise take it out of the index."""
    if not search_available():
        return
    from gongkai.search import index_document, remove_document

    found = _with_text(visible_to_public(CatalogItem.objects.filter(pk=item.pk))).first()
    if found is None:
        remove_document(KIND, item.pk)
    else:
        index_document(KIND, found.pk, **search_fields(found))


def public_records() -> Iterator[tuple[int, dict]]:
    """(key, fields) of every item the public may see today, for ``rebuild_index``."""
    queryset = _with_text(visible_to_public(CatalogItem.objects.all(), timezone.localdate()))
    for item in queryset.iterator(chunk_size=500):
        yield item.pk, search_fields(item)


def register() -> None:
    """Let search's rebuild re-read the catalog (called from the app's ``ready``)."""
    if search_available():
        from gongkai.search import register_source

        register_source(KIND, public_records)
