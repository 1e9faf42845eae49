"""The annual-report reminders in the Django admin: read-only, for the system administrator (who was
told what, when); they are written only by the daily scan (``reminders``)."""

from __future__ import annotations

from django.contrib import admin

from gongkai.applications.admin import ReadOnlyAdmin

from .models import ReportReminder


@admin.register(ReportReminder)
class ReportReminderAdmin(ReadOnlyAdmin):
    list_display = ("agency", "year", "kind", "due", "user", "sent_at")
    list_filter = ("kind", "year")
    search_fields = ("agency__name", "user__username")
    list_select_related = ("agency", "user")
