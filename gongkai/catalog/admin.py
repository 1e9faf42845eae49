"""主动公开 in the Django admin: read-only, for the system administrator. Every change is an action
(``gongkai.catalog.actions``), so nothing here adds, changes or deletes."""

from __future__ import annotations

from django.contrib import admin

from gongkai.agencies.permissions import is_sysadmin

from .models import (
    CatalogAttachment,
    CatalogItem,
    CatalogRules,
    Category,
    HandoverPackage,
    ReviewStep,
    StatisticsEntry,
    Topic,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return is_sysadmin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_sysadmin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReviewInline(admin.TabularInline):
    model = ReviewStep
    extra = 0
    can_delete = False
    fields = ("round", "level", "reviewer", "decision", "opinion", "secret", "trade_secret", "privacy", "at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CatalogItem)
class CatalogItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "agency", "index_number", "state", "disclosure", "validity", "published_on")
    list_filter = ("state", "disclosure", "validity", "document_kind")
    search_fields = ("title", "index_number", "document_number")
    list_select_related = ("agency",)
    inlines = [ReviewInline]


@admin.register(CatalogAttachment)
class CatalogAttachmentAdmin(ReadOnlyAdmin):
    list_display = ("name", "item", "kind", "size", "uploaded_at")
    exclude = ("text",)


@admin.register(StatisticsEntry)
class StatisticsEntryAdmin(ReadOnlyAdmin):
    list_display = (
        "agency",
        "year",
        "licensing",
        "penalties",
        "enforcement",
        "fees",
        "entered_by",
        "entered_at",
    )
    list_filter = ("year",)


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin):
    list_display = ("name", "position", "active")


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ("name", "agency", "position", "active")


@admin.register(CatalogRules)
class CatalogRulesAdmin(ReadOnlyAdmin):
    list_display = ("agency", "review_levels", "index_format", "index_prefix")


@admin.register(HandoverPackage)
class HandoverPackageAdmin(ReadOnlyAdmin):
    """Built by ``actions.BuildHandover`` (the monthly scan or staff on /staff/catalog/handover/)."""

    list_display = ("agency", "year", "month", "item_count", "size", "sha256", "built_at", "built_by")
    list_filter = ("year", "month")
    list_select_related = ("agency", "built_by")
