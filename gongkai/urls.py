from django.conf import settings
from django.contrib import admin
from django.http import FileResponse
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from gongkai.api import api

admin.site.site_header = "gongkai 政府信息公开工作系统 · 系统管理"
admin.site.site_title = "gongkai 系统管理"
admin.site.index_title = "系统管理"


@require_safe
@cache_control(max_age=7 * 24 * 3600, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico on every page without a <link rel="icon"> (the admin, files)."""
    return FileResponse((settings.BASE_DIR / "static" / "gongkai" / "favicon.ico").open("rb"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("staff/calendar/", include("gongkai.workcalendar.urls")),
    path("staff/catalog/handover/", include("gongkai.catalog.handover_urls")),
    path("staff/catalog/", include("gongkai.catalog.urls")),
    path("staff/annual/", include("gongkai.annual.urls")),
    path("staff/supervision/", include("gongkai.supervision.urls")),
    path("staff/imports/", include("gongkai.imported_reports.urls")),
    path("staff/", include("gongkai.staff.urls")),
    path("check/", include("gongkai.checker.urls")),
    path("api/", api.urls),
    # /staff/applications/letters/…, /staff/applications/ledger/…, /apply/letters/… (before the pages below)
    path("", include("gongkai.applications.letter_urls")),
    path("", include("gongkai.applications.urls")),  # /staff/applications/…, /<code>/apply/online/ …
    path("", include("gongkai.consultations.urls")),  # /staff/consultations/…, /<code>/consult/ …
    path("", include("gongkai.catalog.feed_urls")),  # /feed/rss.xml, /<code>/feed/feed.json …
    path("", include("gongkai.portal.urls")),
]
