"""Imported reports in the Django admin: read-only, for the system administrator (every change is
an action of ``gongkai.imported_reports.actions``)."""

from __future__ import annotations

from django.contrib import admin

from gongkai.catalog.admin import ReadOnlyAdmin

from .models import ImportBatch, ImportedFile


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "office", "created_by", "label")
    list_filter = ("office",)


@admin.register(ImportedFile)
class ImportedFileAdmin(ReadOnlyAdmin):
    list_display = ("name", "office", "agency_name", "year", "state", "error_count", "warning_count")
    list_filter = ("office", "state", "year")
    search_fields = ("name", "agency_name", "sha256")
    exclude = ("result",)
