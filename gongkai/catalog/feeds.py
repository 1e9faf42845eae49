"""Feeds of the public catalog for the WeChat account (政务新媒体) and other channels (第二十三条):
RSS 2.0, Atom 1.0 and JSON Feed 1.1, per agency, per agency and 信息类别, and government-wide.

URLs (``feed_urls``)::

    /feed/rss.xml   /feed/atom.xml   /feed/feed.json                 every active agency
    /<code>/feed/rss.xml   /<code>/feed/atom.xml   /<code>/feed/feed.json   one agency
    …?category=<信息类别>                                            only that 信息类别

An unknown agency or 信息类别 is a 404. Entries are the newest :data:`LIMIT` items the public may
see (``public.visible_to_public``: drafts, items under review, withdrawn, 依申请公开/不予公开 and
items scheduled for a later day never appear), each linking to its public page
(:func:`document_path`), dated at midnight Asia/Shanghai of its 发布日期, with 索引号, 文号, 发布机构
and 成文日期 in its content and 信息类别/主题分类 as categories. Responses carry ETag and
Last-Modified, and answer a conditional GET with 304.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, time
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.db.models import Max, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import feedgenerator, timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Agency

from .models import CatalogItem, Category, State
from .public import visible_to_public

LIMIT = 50
SHANGHAI = ZoneInfo("Asia/Shanghai")
SUMMARY_CHARS = 200
RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
JSON_TYPE = "application/feed+json; charset=utf-8"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def document_path(item: CatalogItem) -> str:
    """The item's public page, ``/<code>/catalog/<索引号>/`` (the portal's ``portal:item``)."""
    number = item.index_number or str(item.pk)
    try:
        return reverse("portal:item", args=[item.agency.code, number])
    except NoReverseMatch:  # a portal without the document page: the same path, built here
        return f"/{quote(item.agency.code)}/catalog/{quote(number, safe='/')}/"


def _catalog_path(agency: Agency | None) -> str:
    try:
        return reverse("portal:catalog", args=[agency.code]) if agency else reverse("portal:home")
    except NoReverseMatch:  # pragma: no cover — the portal is always mounted
        return f"/{agency.code}/catalog/" if agency else "/"


class Scope:
    """What one feed covers: an agency (or all of them) and perhaps one 信息类别."""

    def __init__(self, agency: Agency | None, category: str):
        self.agency = agency
        self.category = category

    @classmethod
    def from_request(cls, request, code: str | None) -> Scope:
        agency = None
        if code is not None:
            agency = get_object_or_404(Agency, code=code, is_active=True)
        category = (request.GET.get("category") or "").strip()
        if category:
            known = Category.objects.filter(name=category)
            if agency is not None:
                known = known.filter(agency=agency)
            if not known.exists():
                raise Http404(f"没有名为“{category}”的信息类别。")
        return cls(agency, category)

    @property
    def title(self) -> str:
        who = self.agency.name if self.agency else "全部机关"
        what = f" · {self.category}" if self.category else ""
        return f"{who}{what} · 政府信息公开"

    @property
    def description(self) -> str:
        who = self.agency.name if self.agency else "各机关"
        what = f"“{self.category}”类" if self.category else ""
        return f"{who}最新主动公开的{what}政府信息（最近 {LIMIT} 条）。"

    def items(self) -> QuerySet[CatalogItem]:
        queryset = CatalogItem.objects.filter(agency__is_active=True)
        if self.agency is not None:
            queryset = queryset.filter(agency=self.agency)
        if self.category:
            queryset = queryset.filter(category__name=self.category)
        return queryset

    def entries(self, today: date) -> list[CatalogItem]:
        return list(
            visible_to_public(self.items(), today)
            .select_related("agency", "category", "topic")
            .order_by("-published_on", "-pk")[:LIMIT]
        )

    def last_modified(self, today: date, entries: list[CatalogItem]) -> datetime | None:
        """The newest change that could alter this feed: an item published, withdrawn, repealed or
        edited (its ``updated_at``), or a scheduled item's day arriving (its 发布日期)."""
        changed = (
            self.items()
            .filter(state__in=(State.PUBLISHED, State.WITHDRAWN))
            .aggregate(latest=Max("updated_at"))["latest"]
        )
        days = [midnight(e.published_on) for e in entries[:1]]
        moments = [m for m in (changed, *days) if m is not None]
        return max(moments) if moments else None


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


def summary_of(item: CatalogItem) -> str:
    return item.summary.strip() or Truncator(item.body.strip()).chars(SUMMARY_CHARS)


def facts(item: CatalogItem) -> list[tuple[str, str]]:
    """The metadata an entry shows (spec/domain.md §4.3), empty ones left out."""
    pairs = [
        ("索引号", item.index_number or ""),
        ("文号", item.document_number),
        ("发布机构", item.publisher or item.agency.name),
        ("成文日期", item.written_on.isoformat() if item.written_on else ""),
        ("发布日期", item.published_on.isoformat() if item.published_on else ""),
        ("信息类别", item.category.name if item.category_id else ""),
        ("主题分类", item.topic.name if item.topic_id else ""),
        ("有效性", item.get_validity_display()),
    ]
    return [(label, value) for label, value in pairs if value]


def content_html(item: CatalogItem) -> str:
    rows = "".join(f"<li>{escape(label)}：{escape(value)}</li>" for label, value in facts(item))
    summary = summary_of(item)
    return f"<ul>{rows}</ul>" + (f"<p>{escape(summary)}</p>" if summary else "")


def content_text(item: CatalogItem) -> str:
    lines = [f"{label}：{value}" for label, value in facts(item)]
    summary = summary_of(item)
    return "\n".join(lines + ([summary] if summary else []))


def categories(item: CatalogItem) -> list[str]:
    return [name for name in (item.category and item.category.name, item.topic and item.topic.name) if name]


# --- the three formats ---------------------------------------------------------------------------


def _syndication(feed_class, request, scope: Scope, entries: list[CatalogItem]) -> bytes:
    feed = feed_class(
        title=scope.title,
        link=request.build_absolute_uri(_catalog_path(scope.agency)),
        description=scope.description,
        language="zh-CN",
        feed_url=request.build_absolute_uri(),
        author_name=scope.agency.name if scope.agency else None,
    )
    for item in entries:
        link = request.build_absolute_uri(document_path(item))
        feed.add_item(
            title=item.title,
            link=link,
            description=content_html(item),
            unique_id=link,
            unique_id_is_permalink=True,
            pubdate=midnight(item.published_on),
            updateddate=midnight(item.published_on),  # Atom requires <updated> in every entry
            author_name=item.publisher or item.agency.name,
            categories=categories(item),
        )
    return feed.writeString("utf-8").encode("utf-8")


def _json_feed(request, scope: Scope, entries: list[CatalogItem]) -> bytes:
    items = []
    for item in entries:
        link = request.build_absolute_uri(document_path(item))
        items.append(
            {
                "id": link,
                "url": link,
                "title": item.title,
                "content_html": content_html(item),
                "content_text": content_text(item),
                "summary": summary_of(item),
                "date_published": midnight(item.published_on).isoformat(),
                "authors": [{"name": item.publisher or item.agency.name}],
                "tags": categories(item),
                "language": "zh-CN",
                # Extension (JSON Feed 1.1 「_」 keys): the metadata as fields.
                "_gongkai": {
                    "index_number": item.index_number or "",
                    "document_number": item.document_number,
                    "publisher": item.publisher or item.agency.name,
                    "agency": item.agency.code,
                    "written_on": item.written_on.isoformat() if item.written_on else None,
                    "published_on": item.published_on.isoformat(),
                    "category": item.category.name if item.category_id else "",
                    "topic": item.topic.name if item.topic_id else "",
                    "validity": item.get_validity_display(),
                },
            }
        )
    feed = {
        "version": JSON_FEED_VERSION,
        "title": scope.title,
        "home_page_url": request.build_absolute_uri(_catalog_path(scope.agency)),
        "feed_url": request.build_absolute_uri(),
        "description": scope.description,
        "language": "zh-CN",
        "items": items,
    }
    if scope.agency:
        feed["authors"] = [{"name": scope.agency.name}]
    return json.dumps(feed, ensure_ascii=False, indent=1).encode("utf-8")


FORMATS = {
    "rss": (
        RSS_TYPE,
        lambda request, scope, entries: _syndication(feedgenerator.Rss201rev2Feed, request, scope, entries),
    ),
    "atom": (
        ATOM_TYPE,
        lambda request, scope, entries: _syndication(feedgenerator.Atom1Feed, request, scope, entries),
    ),
    "json": (JSON_TYPE, _json_feed),
}


def _respond(request, code: str | None, fmt: str) -> HttpResponse:
    scope = Scope.from_request(request, code)
    today = timezone.localdate()
    entries = scope.entries(today)
    last_modified = scope.last_modified(today, entries)
    content_type, render = FORMATS[fmt]
    body = render(request, scope, entries)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def rss(request, code: str | None = None):
    return _respond(request, code, "rss")


@require_safe
def atom(request, code: str | None = None):
    return _respond(request, code, "atom")


@require_safe
def json_feed(request, code: str | None = None):
    return _respond(request, code, "json")
