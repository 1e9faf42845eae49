"""Whole-response cache of the public catalog pages, and the reader's display modes.

A page is cached only for an anonymous GET (no session or messages cookie, no staff), only when
its response sets no cookie, and never while the database connection is inside a transaction (a
page drawn from uncommitted rows must not outlive them; this also keeps tests, which run each in
a rolled-back transaction, from seeing one another's pages). The key holds the path, the query
string, the display modes, today's date (a scheduled item appears on its day) and the catalog's
generation (:func:`gongkai.catalog.public.generation`, renewed by every publish, withdraw, repeal
…), so a change to the catalog is seen at once by every server process.

The pages themselves live in each process's memory (``GONGKAI_PAGE_CACHE_SECONDS``, default 300;
0 turns the cache off): the generation, read from the shared cache, is what keeps them honest.
Changes outside the catalog (an agency's address in the footer) show within that many seconds.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.db.models.signals import post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from gongkai.catalog.public import bump, generation

LARGE_COOKIE = "gk_large"
KIOSK_COOKIE = "gk_kiosk"
MODE_COOKIE_AGE = 365 * 24 * 3600
KIOSK_COOKIE_AGE = 12 * 3600  # a terminal is restarted daily; the cookie outlives a working day

_pages = LocMemCache("gongkai-portal-pages", {"TIMEOUT": 300, "OPTIONS": {"MAX_ENTRIES": 3000}})


def seconds() -> int:
    configured = getattr(settings, "GONGKAI_PAGE_CACHE_SECONDS", None)
    if configured is None:
        configured = os.environ.get("GONGKAI_PAGE_CACHE_SECONDS", "300")
    return int(configured)


@dataclass(frozen=True)
class Modes:
    large: bool = False
    kiosk: bool = False

    @property
    def css(self) -> str:
        return "".join((" large-text" if self.large else "", " kiosk" if self.kiosk else ""))

    @property
    def key(self) -> str:
        return f"{int(self.large)}{int(self.kiosk)}"


def modes_of(request) -> Modes:
    """The reader's modes: cookies, and ``?kiosk=1``/``?kiosk=0`` on the request itself."""
    cached = getattr(request, "_gongkai_modes", None)
    if cached is not None:
        return cached
    kiosk = request.COOKIES.get(KIOSK_COOKIE) == "1"
    asked = request.GET.get("kiosk")
    if asked in ("0", "1"):
        kiosk = asked == "1"
    modes = Modes(large=request.COOKIES.get(LARGE_COOKIE) == "1", kiosk=kiosk)
    request._gongkai_modes = modes
    return modes


def _set_kiosk_cookie(request, response) -> None:
    asked = request.GET.get("kiosk")
    if asked == "1":
        response.set_cookie(KIOSK_COOKIE, "1", max_age=KIOSK_COOKIE_AGE, samesite="Lax", httponly=True)
    elif asked == "0" and KIOSK_COOKIE in request.COOKIES:
        response.delete_cookie(KIOSK_COOKIE, samesite="Lax")


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or seconds() <= 0:
        return False
    if "kiosk" in request.GET:
        return False  # sets or clears the cookie
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False  # signed-in staff, or a message waiting to be shown
    return not connection.in_atomic_block


def _key(request) -> str:
    query = request.META.get("QUERY_STRING", "")
    raw = "\n".join(
        (request.path, query, modes_of(request).key, timezone.localdate().isoformat(), generation())
    )
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def modes_only(view):
    """Apply ``?kiosk=`` to a page that is drawn afresh on every request (never cached)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        _set_kiosk_cookie(request, response)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper


def public_page(view):
    """Serve ``view`` from the page cache when the request allows it; apply ``?kiosk=``."""
    fresh = modes_only(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return fresh(request, *args, **kwargs)
        key = _key(request)
        stored = _pages.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not getattr(request, "_messages", None)
            and not connection.in_atomic_block
        ):
            _pages.set(key, (response.content, dict(response.headers)), seconds())
        return response

    return wrapper


def clear() -> None:
    """Forget every cached page of this process (tests; the generation handles other processes)."""
    _pages.clear()


def _stale(**kwargs) -> None:
    bump()
    clear()


# Agencies (names, contact facts in the footer) and the vocabularies the pages show (saved or
# deleted; listing.agency_facts keeps them under the generation too); a flushed or migrated database.
post_migrate.connect(_stale, dispatch_uid="gongkai-portal-pages-migrate")
for _model in ("agencies.Agency", "catalog.Category", "catalog.Topic"):
    post_save.connect(_stale, sender=_model, dispatch_uid=f"gongkai-portal-pages-{_model}")
    post_delete.connect(_stale, sender=_model, dispatch_uid=f"gongkai-portal-pages-delete-{_model}")
