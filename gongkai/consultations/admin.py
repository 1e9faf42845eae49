"""Consultations in the Django admin: read-only, for the system administrator (every change is
an action taken on the staff pages). The asker's phone appears masked."""

from __future__ import annotations

from django.contrib import admin

from gongkai.applications.admin import ReadOnlyAdmin

from .models import Consultation, ContactAccess


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = (
        "tracking_code",
        "agency",
        "kind",
        "channel",
        "subject",
        "received_at",
        "state",
        "assigned_to",
    )
    list_filter = ("state", "kind", "channel", "published", "agency")
    search_fields = ("tracking_code", "subject")
    date_hierarchy = "received_on"
    list_select_related = ("agency", "assigned_to")
    fields = (
        "agency",
        "tracking_code",
        "kind",
        "channel",
        "subject",
        "question",
        "asker_name",
        "masked_phone_number",
        "email",
        "received_at",
        "answer_due",
        "state",
        "assigned_to",
        "answer",
        "answered_at",
        "answered_by",
        "published",
        "published_subject",
        "published_question",
        "published_answer",
        "published_at",
        "created_at",
    )
    readonly_fields = fields

    @admin.display(description="联系电话（隐去部分）")
    def masked_phone_number(self, obj):
        return obj.masked_phone


@admin.register(ContactAccess)
class ContactAccessAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "item", "reason")
    search_fields = ("consultation__tracking_code", "user__username", "reason")
    list_select_related = ("consultation", "user")
    fields = ("at", "user", "item", "reason")
    readonly_fields = fields

    @admin.display(description="咨询", ordering="consultation__tracking_code")
    def item(self, obj):
        return obj.consultation
