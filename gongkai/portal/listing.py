"""Reading the public catalog for the portal's pages: filters from the query string, the counts of
one aggregate query, pages of rows, the links of a row. Everything starts from
:func:`gongkai.catalog.public.visible_to_public`, the one rule of what the public may see."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

from django.db import connection
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.text import Truncator

from gongkai.catalog.models import ART_20_CHOICES, CatalogItem, Category, Topic, Validity
from gongkai.catalog.public import generation, visible_to_public
from gongkai.law.statute import ART_20_ITEMS

PER_PAGE = 20
MAX_PAGE_DIGITS = 6
# The Chinese numerals of 第二十条's items, as the statute numbers them: （一） … （十五）.
NUMERALS = (
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
)
ITEM_LABELS = {n: f"第（{NUMERALS[n - 1]}）项" for n, _ in ART_20_CHOICES}
# What a page of the catalog's table reads of each row (values, not model instances).
ROW_VALUES = (
    "id",
    "title",
    "index_number",
    "summary",
    "document_number",
    "written_on",
    "published_on",
    "validity",
    "repealed_on",
    "category_id",
    "category__name",
)
AGENCY_VALUES = ("agency__code", "agency__name", "agency__short_name")
ROW_FIELDS = (
    "id",
    "agency_id",
    "title",
    "index_number",
    "summary",
    "document_number",
    "written_on",
    "published_on",
    "validity",
    "repealed_on",
    "category__name",
)


def item_words(n: int) -> str:
    """第二十条第（n）项 in the statute's words, without its closing punctuation."""
    return ART_20_ITEMS[n - 1].rstrip("；。")


def item_url(code: str, item) -> str:
    return reverse("portal:item", args=[code, item.index_number or str(item.pk)])


_PLACEHOLDER = "0"
_URL_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted


def item_urls(code: str):
    """For many rows of agency ``code``: 索引号 (or number) → the address ``item_url`` gives, from a
    single reverse() and the reference quoted as reverse() quotes it. A reference with a line
    break (which the URL pattern does not match) still goes through reverse(), and fails there."""
    head, _, tail = reverse("portal:item", args=[code, _PLACEHOLDER]).rpartition(_PLACEHOLDER)

    def url(ref: str) -> str:
        if "\n" in ref:
            return reverse("portal:item", args=[code, ref])
        return f"{head}{quote(ref, safe=_URL_SAFE)}{tail}"

    return url


def public_items(today: date | None = None):
    return visible_to_public(CatalogItem.objects.all(), today or timezone.localdate())


# --- filters ---------------------------------------------------------------------------------
@dataclass
class Filters:
    """The valid filters of a request, and a Chinese message for each value that was not."""

    values: dict[str, object] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def get(self, name: str):
        return self.values.get(name)

    def querystring(self, **override) -> str:
        from urllib.parse import urlencode

        values = {**{k: v for k, v in self.values.items()}, **override}
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def choice(params, name: str, label: str, allowed, filters: Filters, *, as_int: bool = True) -> None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return
    value: object = raw
    if as_int:
        try:
            value = int(raw) if len(raw) <= 12 else None
        except ValueError:
            value = None
    if value is None or value not in allowed:
        filters.errors.append(f"「{label}」没有“{raw[:40]}”这一项，已忽略该条件。")
        return
    filters.values[name] = value


def parse_filters(params, *, categories=None, topics=None, agencies=None, years=None) -> Filters:
    """``params`` is request.GET. ``categories``/``topics`` are (id, name) pairs the page offers;
    ``agencies`` (code → name) for the government-wide pages; any year from 1949 on is valid."""
    filters = Filters()
    if agencies is not None:
        choice(params, "agency", "发布机关", agencies, filters, as_int=False)
    if categories is not None:
        choice(params, "category", "信息类别", {pk for pk, _ in categories}, filters)
    if topics is not None:
        choice(params, "topic", "主题分类", {pk for pk, _ in topics}, filters)
    this_year = timezone.localdate().year
    choice(params, "year", "年份", years or range(1949, this_year + 2), filters)
    choice(params, "validity", "有效性", set(Validity.values), filters, as_int=False)
    choice(params, "item", "第二十条所列事项", {n for n, _ in ART_20_CHOICES}, filters)
    return filters


def parse_page(params, filters: Filters) -> int:
    raw = (params.get("page") or "").strip()
    if not raw:
        return 1
    if raw.isdigit() and len(raw) <= MAX_PAGE_DIGITS and int(raw) >= 1:
        return int(raw)
    filters.errors.append(f"页码“{raw[:20]}”无效，已显示第1页。")
    return 1


def apply_filters(queryset, filters: Filters):
    lookups = {
        "agency": "agency__code",
        "category": "category_id",
        "topic": "topic_id",
        "validity": "validity",
        "item": "article20_item",
    }
    for name, lookup in lookups.items():
        if filters.get(name) is not None:
            queryset = queryset.filter(**{lookup: filters.get(name)})
    if filters.get("year") is not None:
        year = filters.get("year")
        queryset = queryset.filter(published_on__gte=date(year, 1, 1), published_on__lte=date(year, 12, 31))
    return queryset


# --- counts ----------------------------------------------------------------------------------
@dataclass
class Counts:
    """One aggregate query over an agency's public items, grouped by everything the page filters
    by: the browse lists by category and topic, the years present and the count of any filter."""

    groups: list[dict]
    _by: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, queryset) -> Counts:
        rows = (
            queryset.order_by()
            .annotate(year=ExtractYear("published_on"))
            .values("category_id", "topic_id", "year", "validity", "article20_item")
            .annotate(n=Count("id"))
        )
        return cls(list(rows))

    def total(self, filters: Filters | None = None) -> int:
        if filters is None or not filters.values:
            return self.by("validity").total()
        wanted = {
            "category_id": filters.get("category"),
            "topic_id": filters.get("topic"),
            "year": filters.get("year"),
            "validity": filters.get("validity"),
            "article20_item": filters.get("item"),
        }
        wanted = {k: v for k, v in wanted.items() if v is not None}
        return sum(g["n"] for g in self.groups if all(g[k] == v for k, v in wanted.items()))

    def by(self, column: str) -> Counter:
        """The counts by ``column`` (computed once: the caller reads them, never changes them)."""
        counts = self._by.get(column)
        if counts is None:
            counts = Counter()
            for g in self.groups:
                counts[g[column]] += g["n"]
            self._by[column] = counts
        return counts

    def years(self) -> list[int]:
        return sorted((y for y in self.by("year") if y), reverse=True)


# --- pages -----------------------------------------------------------------------------------
@dataclass
class Page:
    rows: list
    number: int
    total: int
    per_page: int = PER_PAGE

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.total else 0

    @property
    def end_index(self) -> int:
        return min(self.total, self.number * self.per_page)


def page_of(queryset, total: int, number: int, filters: Filters, *, fields=ROW_VALUES):
    """Rows of page ``number`` (out of range: page 1 with a message), as dicts of ``fields``."""
    pages = max(1, -(-total // PER_PAGE))
    if number > pages:
        filters.errors.append(f"没有第{number}页（共{pages}页），已显示第1页。")
        number = 1
    offset = (number - 1) * PER_PAGE
    rows = list(queryset.values(*fields)[offset : offset + PER_PAGE])
    return Page(rows, number, total, PER_PAGE)


def _day(value) -> str:
    return value.isoformat() if value else ""


_VALIDITY_LABELS = dict(Validity.choices)


def display_rows(rows, code: str | None = None) -> list[dict]:
    """What _item_rows.html shows of each row of :func:`page_of` (``code``: the agency of every
    row, else each row's ``agency__code``), computed once here rather than by template filters:
    the strings are those of ``|default:"—"``, ``|truncatechars:60``, ``|date:"Y-m-d"`` and
    ``get_validity_display``."""
    urls: dict = {}
    out = []
    for row in rows:
        row_code = code or row["agency__code"]
        url_of = urls.get(row_code)
        if url_of is None:
            url_of = urls[row_code] = item_urls(row_code)
        validity, summary = row["validity"], row["summary"]
        repealed = row["repealed_on"] if validity != Validity.VALID else None
        out.append(
            {
                "agency": (row["agency__short_name"] or row["agency__name"]) if code is None else "",
                "index_number": row["index_number"] or "—",
                "url": url_of(row["index_number"] or str(row["id"])),
                "title": row["title"],
                "category": row["category__name"] if row["category_id"] is not None else None,
                "summary": (Truncator(summary).chars(60) if summary else "") or "—",
                "document_number": row["document_number"] or "—",
                "written_on": _day(row["written_on"]) or "—",
                "published_on": _day(row["published_on"]),
                "validity": _VALIDITY_LABELS.get(validity, validity),
                "repealed_on": _day(repealed),
            }
        )
    return out


def options(pairs, selected) -> list[tuple[str, str, bool]]:
    """(value as the template prints it, label, is it the chosen one) for a <select>."""
    return [(str(value), label, value == selected) for value, label in pairs]


def choices_of(agency) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The agency's 信息类别 and the 主题分类 vocabulary, as (id, name) pairs (two small queries)."""
    categories = list(Category.objects.filter(agency=agency).values_list("id", "name"))
    topics = list(Topic.objects.all().values_list("id", "name"))
    return categories, topics


# --- what an agency's catalog page draws from besides its rows ----------------------------------
_facts: dict = {}
_FACTS_MAX = 512


def agency_facts(agency):
    """(categories, topics, counts) of ``agency`` (:func:`choices_of`, :class:`Counts` of its public
    items): three queries, the aggregate a scan of every public row of the agency. Kept in this
    process's memory under the catalog's generation and today's date, as the page cache keys its
    pages, so a publish, withdraw, repeal or a new category or topic (all of which renew the
    generation) is seen at once; never inside a transaction (uncommitted rows, tests)."""
    key = None
    if not connection.in_atomic_block:
        key = (agency.pk, timezone.localdate(), generation())
        found = _facts.get(key)
        if found is not None:
            return found
    categories, topics = choices_of(agency)
    counts = Counts.of(public_items().filter(agency=agency))
    found = (categories, topics, counts)
    if key is not None:
        if len(_facts) >= _FACTS_MAX:
            _facts.clear()
        _facts[key] = found
    return found
