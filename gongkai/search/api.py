"""What other apps call: index_document, remove_document, search, rebuild_index."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.safestring import SafeString

from . import backends
from .backends import get_backend
from .highlight import highlight, snippet
from .models import SearchDocument
from .tokens import Phrase, parse_query

_FIELDS = {
    "agency",
    "agency_id",
    "title",
    "document_number",
    "index_number",
    "summary",
    "body",
    "attachment_text",
    "category",
    "year",
    "validity",
    "published_on",
    "url",
}
MAX_PER_PAGE = 100


def index_document(kind: str, key, **fields) -> SearchDocument:
    """Insert or replace the document (kind, key) and its index entry, in the caller's transaction.

    ``year`` defaults to the year of ``published_on``.
    """
    unknown = set(fields) - _FIELDS
    if unknown:
        raise TypeError(f"index_document: unknown fields {sorted(unknown)}")
    if fields.get("year") is None and fields.get("published_on") is not None:
        fields["year"] = fields["published_on"].year
    with transaction.atomic():
        doc, _ = SearchDocument.objects.update_or_create(kind=kind, key=str(key), defaults=fields)
        with connection.cursor() as cursor:
            get_backend().write(cursor, [doc])
    return doc


def remove_document(kind: str, key) -> bool:
    """Remove the document and its index entry (the index follows the row's deletion). True if found."""
    deleted, _ = SearchDocument.objects.filter(kind=kind, key=str(key)).delete()
    return bool(deleted)


# Sources that rebuild_index() re-reads: kind → a function yielding (key, fields) for every record.
_SOURCES: dict[str, Callable[[], Iterable[tuple[object, dict]]]] = {}


def register_source(kind: str, records: Callable[[], Iterable[tuple[object, dict]]]) -> None:
    """Let rebuild_index() re-read a kind's records (e.g. the catalog's published items)."""
    _SOURCES[kind] = records


def _batches(queryset, size: int = 500) -> Iterator[list[SearchDocument]]:
    last = 0
    while batch := list(queryset.filter(pk__gt=last).order_by("pk")[:size]):
        yield batch
        last = batch[-1].pk


def rebuild_index() -> int:
    """Re-read the registered sources, drop documents they no longer yield, rewrite every index entry.

    Returns the number of documents indexed.
    """
    with transaction.atomic():
        for kind, records in _SOURCES.items():
            keys = set()
            for key, fields in records():
                index_document(kind, key, **fields)
                keys.add(str(key))
            SearchDocument.objects.filter(kind=kind).exclude(key__in=keys).delete()
        backend, count = get_backend(), 0
        with connection.cursor() as cursor:
            backend.clear(cursor)
            for batch in _batches(SearchDocument.objects.all()):
                backend.write(cursor, batch)
                count += len(batch)
    return count


@dataclass
class SearchHit:
    document: SearchDocument
    score: float
    title_html: SafeString
    snippet_html: SafeString


@dataclass
class SearchPage:
    query: str
    results: list[SearchHit]
    total: int
    page: int
    per_page: int
    phrases: list[Phrase] = field(default_factory=list)
    # False when counting stopped at backends.CAP: show 「{total} 条以上」.
    total_exact: bool = True

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _filters(agency_ids, category, year, validity, kinds) -> tuple[list[str], list]:
    where: list[str] = []
    params: list = []

    def one_of(column: str, values) -> None:
        values = list(values)
        if not values:
            where.append("1 = 0")
        else:
            where.append(f"{column} IN ({', '.join(['%s'] * len(values))})")
            params.extend(values)

    if agency_ids is not None:
        one_of("d.agency_id", [int(a) for a in agency_ids])
    if kinds is not None:
        one_of("d.kind", kinds)
    for column, value in (("d.category", category), ("d.year", year), ("d.validity", validity)):
        if value not in (None, ""):
            where.append(f"{column} = %s")
            params.append(int(value) if column == "d.year" else value)
    return where, params


def search(
    query: str,
    *,
    agency_ids=None,
    category=None,
    year=None,
    validity=None,
    kinds=None,
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """Documents matching every whitespace-separated term of ``query`` as a phrase, best first.

    Over very many matches only the newest backends.CAP are ranked and counted (``total_exact``
    is then False); a page further on still comes back, ranked among the newest that many.
    """
    page = max(1, int(page))
    per_page = min(MAX_PER_PAGE, max(1, int(per_page)))
    phrases = parse_query(query)
    if not phrases:
        return SearchPage(query, [], 0, page, per_page, phrases)
    filters = _filters(agency_ids, category, year, validity, kinds)
    with connection.cursor() as cursor:
        hits, total = get_backend().search(cursor, phrases, filters, per_page, (page - 1) * per_page)
    docs = SearchDocument.objects.select_related("agency").in_bulk([pk for pk, _ in hits])
    results = [
        SearchHit(
            document=doc,
            score=score,
            title_html=highlight(doc.title, phrases),
            snippet_html=snippet([doc.summary, doc.body, doc.attachment_text], phrases),
        )
        for pk, score in hits
        if (doc := docs.get(pk)) is not None
    ]
    cap = max(backends.CAP, page * per_page)
    return SearchPage(query, results, min(total, cap), page, per_page, phrases, total <= cap)
