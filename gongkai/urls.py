from django.contrib import admin
from django.urls import include, path

from gongkai.api import api

admin.site.site_header = "gongkai 政府信息公开工作系统 · 系统管理"
admin.site.site_title = "gongkai 系统管理"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/calendar/", include("gongkai.workcalendar.urls")),
    path("staff/", include("gongkai.staff.urls")),
    path("check/", include("gongkai.checker.urls")),
    path("api/", api.urls),
    path("", include("gongkai.portal.urls")),
]
