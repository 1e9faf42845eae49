from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarDay, CalendarYear


@admin.register(CalendarYear)
class CalendarYearAdmin(SimpleHistoryAdmin):
    list_display = ("year", "maintained", "source", "notice_title", "notice_date", "updated")
    list_filter = ("maintained",)
    search_fields = ("year", "source", "notice_title")
    readonly_fields = ("revision", "updated")


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ("date", "kind", "name", "note", "updated")
    list_filter = ("kind", "name")
    search_fields = ("name", "note")
    date_hierarchy = "date"
