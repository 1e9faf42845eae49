"""The public catalog pages (政府信息公开目录, the document page, 法定主动公开内容, 年报 column,
the government-wide catalog and 政府信息网上查询) and the display-mode switch.

Every row shown comes from :func:`gongkai.catalog.public.visible_to_public`; a document that the
public may not see (draft, under review, withdrawn, 依申请公开, 不予公开, scheduled for a later day)
is a 404, as are its attachments.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Agency
from gongkai.catalog.models import ART_20_CHOICES, CatalogAttachment, CatalogItem, Validity
from gongkai.law import statute

from . import cache, guide
from .listing import (
    AGENCY_VALUES,
    ITEM_LABELS,
    ROW_FIELDS,
    ROW_VALUES,
    Counts,
    Filters,
    agency_facts,
    apply_filters,
    choice,
    display_rows,
    item_url,
    item_urls,
    item_words,
    options,
    page_of,
    parse_filters,
    parse_page,
    public_items,
)

ANNUAL_REPORT_CATEGORY = "年度工作报告"
STATUTORY_LATEST = 3
MAX_QUERY_CHARS = 100
SEARCH_PER_PAGE = 20
HOME_LATEST = 10


def _agency(code: str) -> Agency:
    return get_object_or_404(Agency.objects.select_related("parent"), code=code, is_active=True)


def _context(agency: Agency | None, section: str, **extra) -> dict:
    return {"agency": agency, "section": section, "statute": statute, **extra}


def _with_urls(rows, code: str | None = None) -> list:
    makers: dict = {}
    for row in rows:
        row_code = code or row.agency.code
        url_of = makers.get(row_code)
        if url_of is None:
            url_of = makers[row_code] = item_urls(row_code)
        row.url = url_of(row.index_number or str(row.pk))
    return rows


_ITEMS20 = [(n, item_words(n)) for n, _ in ART_20_CHOICES]


# --- 政府信息公开目录 ---------------------------------------------------------------------------
@require_safe
@cache.public_page
def catalog(request, code: str):
    agency = _agency(code)
    categories, topics, counts = agency_facts(agency)
    base = public_items().filter(agency=agency)
    filters = parse_filters(request.GET, categories=categories, topics=topics)
    number = parse_page(request.GET, filters)
    page = page_of(apply_filters(base, filters), counts.total(filters), number, filters)
    by_category, by_topic = counts.by("category_id"), counts.by("topic_id")
    category, topic = filters.get("category"), filters.get("topic")
    context = _context(
        agency,
        "catalog",
        index_prefix=guide.index_prefix(agency),
        filters=filters,
        page=page,
        rows=display_rows(page.rows, agency.code),
        category_options=options(categories, category),
        topic_options=options(topics, topic),
        year_options=options(((y, y) for y in counts.years()), filters.get("year")),
        validity_options=options(Validity.choices, filters.get("validity")),
        item_options=options(_ITEMS20, filters.get("item")),
        browse_categories=[
            (str(pk), name, str(by_category[pk]), pk == category)
            for pk, name in categories
            if by_category[pk]
        ],
        browse_topics=[
            (str(pk), name, str(by_topic[pk]), pk == topic) for pk, name in topics if by_topic[pk]
        ],
        total_all=counts.total(),
        filtered=bool(filters.values),
        page_query=filters.querystring(),
        item_labels=ITEM_LABELS,
    )
    return render(request, "portal/catalog.html", context)


@require_safe
@cache.public_page
def catalog_all(request):
    """The government-wide catalog: every agency's public items, filtered by agency."""
    agencies = dict(
        Agency.objects.filter(is_active=True).order_by("level", "name").values_list("code", "name")
    )
    filters = parse_filters(request.GET, agencies=agencies)
    number = parse_page(request.GET, filters)
    queryset = apply_filters(public_items().filter(agency__is_active=True), filters)
    page = page_of(queryset, queryset.count(), number, filters, fields=(*ROW_VALUES, *AGENCY_VALUES))
    context = _context(
        None,
        "catalog",
        filters=filters,
        page=page,
        rows=display_rows(page.rows),
        agencies=list(agencies.items()),
        years=list(range(timezone.localdate().year, 2007, -1)),
        validities=Validity.choices,
        items20=[(n, ITEM_LABELS[n], item_words(n)) for n, _ in ART_20_CHOICES],
        filtered=bool(filters.values),
        page_query=filters.querystring(),
    )
    return render(request, "portal/catalog_all.html", context)


# --- one document --------------------------------------------------------------------------
# What item.html and portal/base.html show of the item and its agency: building the query for all
# of the four tables' columns took longer than running it. A field the page starts to show
# belongs here (else it costs a query of its own).
ITEM_PAGE_FIELDS = (
    "id",
    "agency_id",
    "title",
    "index_number",
    "summary",
    "publisher",
    "written_on",
    "published_on",
    "document_number",
    "topic__name",
    "category__name",
    "article20_item",
    "disclosure",
    "validity",
    "repealed_on",
    "full_text_electronic",
    "body",
    "interprets_id",
    "agency__code",
    "agency__name",
    "agency__short_name",
    "agency__is_active",
    "agency__office_name",
    "agency__office_address",
    "agency__office_phone",
)


def _public_item(code: str, ref: str) -> CatalogItem:
    """The public item ``ref`` (its 索引号, or its number) of the active agency ``code``, or 404."""
    if len(ref) > 100:
        raise Http404("没有这条政府信息。")
    match = Q(index_number=ref)
    if ref.isdigit() and len(ref) <= 18:
        match |= Q(pk=int(ref))
    found = list(
        public_items()
        .filter(match, agency__code=code, agency__is_active=True)
        .select_related("agency", "category", "topic")
        .only(*ITEM_PAGE_FIELDS)
        .order_by()[:2]  # the one wanted is picked below: no ORDER BY to compile
    )
    if not found:
        raise Http404("没有这条政府信息，或者它不是公开的。")
    return next((i for i in found if i.index_number == ref), found[0])


@require_safe
@cache.public_page
def item(request, code: str, ref: str):
    item = _public_item(code, ref)
    agency = item.agency
    attachments = list(item.attachments.only("id", "item_id", "name", "kind", "size"))
    related = list(
        public_items()
        .filter(Q(interprets_id=item.pk) | Q(pk=item.interprets_id or 0))
        .select_related("agency")
        .only("id", "title", "index_number", "published_on", "interprets_id", "agency__code")
    )
    _with_urls(related)
    context = _context(
        agency,
        "catalog",
        item=item,
        attachments=attachments,
        interpretations=[r for r in related if r.interprets_id == item.pk],
        interprets=next((r for r in related if r.pk == item.interprets_id), None),
        item20_label=ITEM_LABELS.get(item.article20_item or 0, ""),
        item20_words=item_words(item.article20_item) if item.article20_item else "",
    )
    return render(request, "portal/item.html", context)


_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')


def _download_name(attachment: CatalogAttachment) -> str:
    name = unicodedata.normalize("NFC", attachment.name or "").strip()
    name = _UNSAFE_NAME.sub("_", name).strip(" ._") or "附件"
    extension = f".{attachment.kind}"
    if not name.lower().endswith(extension):
        name += extension
    return name


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII fallback ``filename`` and the real name as RFC 5987 ``filename*``."""
    fallback = name.encode("ascii", "ignore").decode().strip(" ._") or "attachment"
    if "." not in fallback and "." in name:
        fallback += name[name.rfind(".") :]
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@require_safe
def attachment(request, code: str, pk: int):
    """An attachment of a public item (anything else: 404), with its name and type."""
    found = (
        CatalogAttachment.objects.filter(
            pk=pk, item__in=public_items().filter(agency__code=code, agency__is_active=True)
        )
        .only("id", "name", "kind", "size", "file")
        .first()
    )
    if found is None:
        raise Http404("没有这个附件，或者它所属的信息不是公开的。")
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件不存在。") from None
    response = FileResponse(handle, content_type=found.content_type)
    response["Content-Disposition"] = content_disposition(_download_name(found))
    response["Content-Length"] = str(found.size)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- 法定主动公开内容 -------------------------------------------------------------------------
@require_safe
@cache.public_page
def statutory(request, code: str):
    """第二十条's fifteen items, each with the agency's public items that discharge it."""
    agency = _agency(code)
    base = public_items().filter(agency=agency, article20_item__isnull=False)
    counts = Counts.of(base).by("article20_item")
    latest = (
        base.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("article20_item")],
                order_by=[F("published_on").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=STATUTORY_LATEST)
        .only("id", "title", "index_number", "published_on", "article20_item")
    )
    by_item: dict[int, list] = {}
    for row in _with_urls(list(latest), agency.code):
        by_item.setdefault(row.article20_item, []).append(row)
    for rows in by_item.values():
        rows.sort(key=lambda r: (r.published_on, r.pk), reverse=True)
    items = [
        {
            "number": n,
            "label": ITEM_LABELS[n],
            "words": statute.ART_20_ITEMS[n - 1],
            "count": counts[n],
            "latest": by_item.get(n, []),
            "url": reverse("portal:catalog", args=[agency.code]) + f"?item={n}",
        }
        for n, _ in ART_20_CHOICES
    ]
    return render(request, "portal/statutory.html", _context(agency, "statutory", items=items))


# --- 年报 column ------------------------------------------------------------------------------
_REPORT_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


@require_safe
@cache.public_page
def reports(request, code: str):
    """The agency's published 年度工作报告 items. ``reports`` is a list of dicts (year, title, url,
    published_on, source) so generated reports can join the same list later."""
    agency = _agency(code)
    rows = _with_urls(
        list(
            public_items()
            .filter(agency=agency, category__name=ANNUAL_REPORT_CATEGORY)
            .only("id", "title", "index_number", "published_on")
        ),
        agency.code,
    )
    reports = []
    for row in rows:
        year = _REPORT_YEAR.search(row.title)
        reports.append(
            {
                "year": int(year.group(1)) if year else row.published_on.year - 1,
                "title": row.title,
                "url": row.url,
                "published_on": row.published_on,
                "source": "catalog",
            }
        )
    from gongkai.annual.public import report_rows

    reports.extend(report_rows(agency))  # the reports written and approved in this system
    reports.sort(key=lambda r: (r["year"], r["published_on"]), reverse=True)
    return render(request, "portal/reports.html", _context(agency, "reports", reports=reports))


# --- 政府信息网上查询 ---------------------------------------------------------------------------
def _search(request, agency: Agency | None):
    from gongkai.search import search as run_search

    params = request.GET
    query = " ".join((params.get("q") or "").split())
    problems: list[str] = []
    too_long = len(query) > MAX_QUERY_CHARS
    if agency is not None:
        categories = list(
            agency.catalog_categories.order_by("position", "name").values_list("name", flat=True)
        )
        agencies = None
    else:
        categories = _all_category_names()
        agencies = dict(
            Agency.objects.filter(is_active=True).order_by("level", "name").values_list("code", "name")
        )
    filters = Filters()
    if agencies is not None:
        choice(params, "agency", "发布机关", agencies, filters, as_int=False)
    choice(params, "category", "信息类别", set(categories), filters, as_int=False)
    choice(params, "year", "年份", range(1949, timezone.localdate().year + 2), filters)
    choice(params, "validity", "有效性", {label for _, label in Validity.choices}, filters, as_int=False)
    number = parse_page(params, filters)
    problems.extend(filters.errors)

    results, result_page = [], None
    if query and not too_long:
        if agency is not None:
            agency_ids = [agency.pk]
        elif filters.get("agency"):
            agency_ids = list(Agency.objects.filter(code=filters.get("agency")).values_list("pk", flat=True))
        else:
            agency_ids = None
        result_page = run_search(
            query,
            agency_ids=agency_ids,
            category=filters.get("category"),
            year=filters.get("year"),
            validity=filters.get("validity"),
            kinds=["catalog"],
            page=number,
            per_page=SEARCH_PER_PAGE,
        )
        if result_page.total and number > result_page.num_pages:
            problems.append(f"没有第{number}页（共{result_page.num_pages}页），已显示第1页。")
            result_page = run_search(
                query,
                agency_ids=agency_ids,
                category=filters.get("category"),
                year=filters.get("year"),
                validity=filters.get("validity"),
                kinds=["catalog"],
                page=1,
                per_page=SEARCH_PER_PAGE,
            )
        results = _search_rows(result_page.results)
    context = _context(
        agency,
        "search",
        query=query,
        too_long=too_long,
        max_query=MAX_QUERY_CHARS,
        problems=problems,
        filters=filters,
        categories=categories,
        agencies=list(agencies.items()) if agencies else None,
        years=list(range(timezone.localdate().year, 2007, -1)),
        validities=[label for _, label in Validity.choices],
        result_page=result_page,
        results=results,
        page_query=filters.querystring(q=query),
    )
    status = 400 if too_long else 200
    return render(request, "portal/search.html", context, status=status)


def _all_category_names() -> list[str]:
    from gongkai.catalog.models import DEFAULT_CATEGORIES, Category

    names = list(DEFAULT_CATEGORIES)
    for name in Category.objects.order_by("name").values_list("name", flat=True).distinct():
        if name not in names:
            names.append(name)
    return names


def _search_rows(hits) -> list[dict]:
    """The hits whose catalog row the public may see, linked from that row (never from the index)."""
    keys = [int(h.document.key) for h in hits if h.document.kind == "catalog" and h.document.key.isdigit()]
    rows = {
        row.pk: row
        for row in public_items()
        .filter(pk__in=keys, agency__is_active=True)
        .select_related("agency", "category")
        .only(*ROW_FIELDS, "agency__code", "agency__name", "agency__short_name")
    }
    out = []
    for hit in hits:
        row = rows.get(int(hit.document.key)) if hit.document.key.isdigit() else None
        if row is None:
            continue
        out.append(
            {
                "row": row,
                "url": item_url(row.agency.code, row),
                "title_html": hit.title_html,
                "snippet_html": hit.snippet_html,
            }
        )
    return out


@require_safe
@cache.public_page
def search_agency(request, code: str):
    return _search(request, _agency(code))


@require_safe
@cache.public_page
def search_all(request):
    return _search(request, None)


# --- display modes ----------------------------------------------------------------------------
@require_safe
def set_mode(request, mode: str):
    """长者模式 (``large``) on or off (``?on=1``/``?on=0``) by a cookie, then back to ``next`` when it
    is a page of this site, else the home page. Works without JavaScript."""
    if mode != "large":
        raise Http404("没有这种显示模式。")
    target = request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    if request.GET.get("on", "1") == "1":
        response.set_cookie(
            cache.LARGE_COOKIE, "1", max_age=cache.MODE_COOKIE_AGE, samesite="Lax", httponly=True
        )
    else:
        response.delete_cookie(cache.LARGE_COOKIE, samesite="Lax")
    return response


def latest_items(limit: int = HOME_LATEST) -> list:
    rows = list(
        public_items()
        .filter(agency__is_active=True)
        .select_related("agency")
        .only(
            "id",
            "title",
            "index_number",
            "published_on",
            "agency__code",
            "agency__name",
            "agency__short_name",
        )[:limit]
    )
    return _with_urls(rows)
