"""The Django admin for the system administrator: agencies, people and their roles.

Django admits only ``is_staff`` accounts; inside, these pages answer to the permission layer, so
a sysadmin (the role or a superuser) manages them and nobody else does.

The admin never saves these models itself: every add, change and delete (one at a time, in
bulk, or in an inline) is an action (``gongkai/agencies/actions.py``, ``ActionAdmin``), so the
rules hold here as everywhere — the last 系统管理员 stays, the sysadmin role opens the admin —
and history records the administrator and the reason. A refused change shows the action's
Chinese message and saves nothing.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from gongkai.actions import RULE_ERRORS, BaseAction, refusal_text

from .actions import (
    CONTACT_FIELDS,
    ChangeRole,
    DeleteAgency,
    DeletePerson,
    GrantRole,
    RevokeRole,
    SaveAgency,
    SavePerson,
)
from .models import Agency, Membership
from .permissions import is_sysadmin


class SysadminOnly:
    """Model-admin permissions from the permission layer instead of Django's model permissions."""

    def has_module_permission(self, request):
        return is_sysadmin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_sysadmin(request.user)

    def has_add_permission(self, request, *args):
        return is_sysadmin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_sysadmin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_sysadmin(request.user)


class ActionAdmin:
    """Route the admin's writes through actions; subclasses say which action saves and deletes.

    ``save_action``/``delete_action`` return the action for one object; bulk deletes run one
    action per object in one transaction. A rule's refusal rolls the whole request back and comes
    back to the same page with the Chinese message.
    """

    def save_action(self, request, obj, change: bool) -> BaseAction[Any]:
        raise NotImplementedError

    def delete_action(self, request, obj) -> BaseAction[Any]:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        saved = self.save_action(request, obj, change).execute()
        if saved is not None and saved is not obj:
            obj.pk = saved.pk  # the action made its own row; the admin goes on with this one

    def delete_model(self, request, obj):
        self.delete_action(request, obj).execute()

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_action(request, obj).execute()

    def _refusing(self, view, request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except RULE_ERRORS as exc:  # the admin's own transaction has rolled back already
            self.message_user(request, refusal_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, *args, **kwargs):
        return self._refusing(super().changeform_view, request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._refusing(super().delete_view, request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        return self._refusing(super().changelist_view, request, *args, **kwargs)


class MembershipActions(ActionAdmin):
    """Roles edited on their own page or inline on an agency's or a person's page."""

    def membership_action(self, request, membership: Membership, change: bool) -> BaseAction[Any]:
        if change:
            return ChangeRole(request.user, membership)
        return GrantRole(request.user, membership.user, membership.agency, membership.role)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for membership in formset.deleted_objects:
            RevokeRole(request.user, membership).execute()
        for membership, _fields in formset.changed_objects:
            ChangeRole(request.user, membership).execute()
        for membership in formset.new_objects:
            if membership.agency_id is None:
                membership.agency = form.instance  # an inline on the agency's own (new) page
            if membership.user_id is None:
                membership.user = form.instance
            membership.pk = self.membership_action(request, membership, False).execute().pk


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    readonly_fields = ("created",)
    verbose_name = "角色"
    verbose_name_plural = "人员角色"

    def has_view_permission(self, request, obj=None):
        return is_sysadmin(request.user)

    def has_add_permission(self, request, obj=None):
        return is_sysadmin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_sysadmin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_sysadmin(request.user)


class AgencyMembershipInline(MembershipInline):
    fields = ("user", "role", "created")
    autocomplete_fields = ("user",)


class UserMembershipInline(MembershipInline):
    fields = ("agency", "role", "created")
    autocomplete_fields = ("agency",)


@admin.register(Agency)
class AgencyAdmin(SysadminOnly, MembershipActions, SimpleHistoryAdmin):
    list_display = ("name", "short_name", "level", "kind", "parent", "office_phone", "is_active")
    list_filter = ("level", "kind", "is_active")
    search_fields = ("name", "short_name", "code", "credit_code", "org_code")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
    fieldsets = (
        ("基本信息", {"fields": ("name", "short_name", "code", "level", "kind", "parent", "is_active")}),
        (
            "机构代码",
            {
                "fields": ("credit_code", "org_code"),
                "description": "用于生成政府信息索引号；有统一社会信用代码的填写统一社会信用代码。",
            },
        ),
        (
            "政府信息公开工作机构",
            {
                "fields": CONTACT_FIELDS,
                "description": "《中华人民共和国政府信息公开条例》第十二条：政府信息公开指南包括"
                "政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式等内容。",
            },
        ),
    )
    inlines = (AgencyMembershipInline,)
    # A web address typed without a scheme is taken as https (Django 6's default, said now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_action(self, request, obj, change):
        return SaveAgency(request.user, obj)

    def delete_action(self, request, obj):
        return DeleteAgency(request.user, obj)


@admin.register(Membership)
class MembershipAdmin(SysadminOnly, MembershipActions, SimpleHistoryAdmin):
    list_display = ("user", "agency", "role", "created")
    list_filter = ("role", "agency")
    search_fields = (
        "user__username",
        "user__first_name",
        "user__last_name",
        "agency__name",
        "agency__short_name",
    )
    autocomplete_fields = ("user", "agency")
    list_select_related = ("user", "agency")

    def save_action(self, request, obj, change):
        return self.membership_action(request, obj, change)

    def delete_action(self, request, obj):
        return RevokeRole(request.user, obj)


User = get_user_model()
for model in (User, Group, AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class StaffUserAdmin(SysadminOnly, MembershipActions, SimpleHistoryAdmin, UserAdmin):
    """Django's user admin (Chinese already), with the person's roles on the same page.

    Powers come from roles (``Membership``), never from Django's groups and model permissions,
    so those are not offered here (and the 组 admin is not registered).
    """

    inlines = (UserMembershipInline,)
    list_display = ("username", "first_name", "email", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser", "memberships__role")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("first_name", "last_name", "email")}),
        ("状态", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("重要日期", {"fields": ("last_login", "date_joined")}),
    )

    def save_action(self, request, obj, change):
        return SavePerson(request.user, obj)

    def delete_action(self, request, obj):
        return DeletePerson(request.user, obj)


class ReadOnlyLog(SysadminOnly):
    """Sign-in records (django-axes): the sysadmin reads them and may delete a lockout to lift it."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessAttempt)
class LockoutAdmin(ReadOnlyLog, AccessAttemptAdmin):
    pass


@admin.register(AccessLog)
class SignInLogAdmin(ReadOnlyLog, AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class FailedSignInAdmin(ReadOnlyLog, AccessFailureLogAdmin):
    pass
