"""The calendar in the Django admin (系统管理), with its change history.

Changing it there needs the same permission as the calendar pages (维护工作日历) and goes
through the same actions, so "the year must exist" and "a weekday is no make-up day" hold here too.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.agencies.admin import ActionAdmin
from gongkai.agencies.permissions import Action, can

from .actions import NORMAL, DeleteCalendarYear, SaveCalendarYear, SaveDay
from .models import CalendarDay, CalendarYear


class _CalendarPermission:
    def has_view_permission(self, request, obj=None):
        return can(request.user, Action.VIEW_CALENDAR) and request.user.is_staff

    def has_add_permission(self, request, *args):
        return can(request.user, Action.MANAGE_CALENDAR)

    def has_change_permission(self, request, obj=None):
        return can(request.user, Action.MANAGE_CALENDAR)

    def has_delete_permission(self, request, obj=None):
        return can(request.user, Action.MANAGE_CALENDAR)

    def has_module_permission(self, request):
        return self.has_view_permission(request)


@admin.register(CalendarYear)
class CalendarYearAdmin(_CalendarPermission, ActionAdmin, SimpleHistoryAdmin):
    list_display = ("year", "maintained", "source", "notice_title", "notice_date", "updated")
    list_filter = ("maintained",)
    search_fields = ("year", "source", "notice_title")
    readonly_fields = ("revision", "updated")

    def save_action(self, request, obj, change):
        return SaveCalendarYear(request.user, obj)

    def delete_action(self, request, obj):
        return DeleteCalendarYear(request.user, obj)


@admin.register(CalendarDay)
class CalendarDayAdmin(_CalendarPermission, ActionAdmin, SimpleHistoryAdmin):
    list_display = ("date", "kind", "name", "note", "updated")
    list_filter = ("kind", "name")
    search_fields = ("name", "note")
    date_hierarchy = "date"

    def get_readonly_fields(self, request, obj=None):
        # A day is one date: moving it is restoring one day and setting another.
        return ("date",) if obj is not None else ()

    def save_action(self, request, obj, change):
        return SaveDay(request.user, obj.date, obj.kind, obj.name, obj.note)

    def delete_action(self, request, obj):
        return SaveDay(request.user, obj.date, NORMAL, reason="在系统管理后台删除")
