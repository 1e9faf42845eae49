"""The calendar in the Django admin (系统管理), with its change history.

Changing it there needs the same permission as the calendar pages (维护工作日历).
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.agencies.permissions import Action, can

from .models import CalendarDay, CalendarYear


class _CalendarPermission:
    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request, *args):
        return can(request.user, Action.MANAGE_CALENDAR)

    def has_change_permission(self, request, obj=None):
        return can(request.user, Action.MANAGE_CALENDAR)

    def has_delete_permission(self, request, obj=None):
        return can(request.user, Action.MANAGE_CALENDAR)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff


@admin.register(CalendarYear)
class CalendarYearAdmin(_CalendarPermission, SimpleHistoryAdmin):
    list_display = ("year", "maintained", "source", "notice_title", "notice_date", "updated")
    list_filter = ("maintained",)
    search_fields = ("year", "source", "notice_title")
    readonly_fields = ("revision", "updated")


@admin.register(CalendarDay)
class CalendarDayAdmin(_CalendarPermission, SimpleHistoryAdmin):
    list_display = ("date", "kind", "name", "note", "updated")
    list_filter = ("kind", "name")
    search_fields = ("name", "note")
    date_hierarchy = "date"
