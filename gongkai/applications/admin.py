"""依申请公开 in the Django admin: read-only, for the system administrator.

Every change to a case is an action (``actions.py``) taken on the staff pages, so the admin only
shows the records: no add, change or delete. Applicants' ID numbers and phones appear masked;
the full values are shown only on the case page, through the audited reveal.
"""

from __future__ import annotations

from django.contrib import admin
from django.template.defaultfilters import filesizeformat

from gongkai.agencies.permissions import is_sysadmin

from .actions import APPLICANT_FIELDS
from .models import (
    Appeal,
    Application,
    Attachment,
    CaseEvent,
    HandlingRules,
    Letter,
    PersonalDataAccess,
    SignOff,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown to the system administrator; nothing here writes. Columns without a Chinese
    ``verbose_name`` on the model are named here."""

    @admin.display(description="申请", ordering="application__tracking_code")
    def case(self, obj):
        return obj.application

    def has_module_permission(self, request):
        return is_sysadmin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_sysadmin(request.user)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The encrypted columns are shown masked; the keyed digests not at all.
MASKED = {"id_number": "masked_id", "phone": "masked_phone_number"}


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = (
        "tracking_code",
        "agency",
        "name",
        "masked_id",
        "received_on",
        "reply_due",
        "state",
        "assigned_to",
    )
    list_filter = ("state", "channel", "category", "agency")
    search_fields = ("tracking_code", "name")
    date_hierarchy = "received_on"
    list_select_related = ("agency", "assigned_to")
    fields = (
        "agency",
        "tracking_code",
        "channel",
        "arrived_on",
        "confirmed_on",
        "received_on",
        "reply_due",
        "clock_status",
        "state",
        "assigned_to",
        *(MASKED.get(name, name) for name in APPLICANT_FIELDS),
        "outcome",
        "reply_reasons",
        "reply_number",
        "closed_on",
        "fee_method",
        "fee_quantity",
        "fee_amount",
        "created_at",
    )
    readonly_fields = fields

    @admin.display(description="证件号码（隐去部分）")
    def masked_id(self, obj):
        return obj.masked_id_number

    @admin.display(description="联系电话（隐去部分）")
    def masked_phone_number(self, obj):
        return obj.masked_phone


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "on", "until", "days", "party", "recorder", "recorded")
    list_filter = ("kind",)
    search_fields = ("application__tracking_code", "party")
    list_select_related = ("application", "recorded_by")

    @admin.display(description="记录人")
    def recorder(self, obj):
        return obj.recorded_by or "系统"

    @admin.display(description="记录时间", ordering="recorded_at")
    def recorded(self, obj):
        return obj.recorded_at


@admin.register(SignOff)
class SignOffAdmin(ReadOnlyAdmin):
    list_display = ("case", "round", "level", "reviewer", "decision", "at")
    list_filter = ("decision", "level")
    search_fields = ("application__tracking_code",)
    list_select_related = ("application", "reviewer")


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "number", "issued_on")
    list_filter = ("kind",)
    search_fields = ("application__tracking_code", "number")
    list_select_related = ("application",)


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    """The documents' names and sizes only: their contents are downloaded from the case page,
    where each download is recorded."""

    list_display = ("case", "name", "kind", "file_size", "uploaded")
    search_fields = ("application__tracking_code", "name")
    fields = ("case", "name", "kind", "file_size", "uploaded")
    readonly_fields = fields
    list_select_related = ("application",)

    @admin.display(description="文件类型")
    def kind(self, obj):
        return obj.content_type

    @admin.display(description="大小")
    def file_size(self, obj):
        return filesizeformat(obj.size)

    @admin.display(description="上传时间")
    def uploaded(self, obj):
        return obj.uploaded_at


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ("at", "person", "case", "reason")
    search_fields = ("application__tracking_code", "user__username", "reason")
    list_select_related = ("application", "user")
    date_hierarchy = "at"
    fields = ("at", "person", "case", "reason")
    readonly_fields = fields

    @admin.display(description="查看人")
    def person(self, obj):
        return obj.user


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("kind", "agency", "role", "body", "case_number", "filed_on", "decided_on", "result")
    list_filter = ("kind", "role", "result", "agency")
    search_fields = ("case_number", "body")
    list_select_related = ("agency",)


@admin.register(HandlingRules)
class HandlingRulesAdmin(ReadOnlyAdmin):
    list_display = ("agency", "reply_signoff_levels", "fee_pauses_clock", "letter_prefix")
    list_select_related = ("agency",)
