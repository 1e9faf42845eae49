"""The Django admin for the system administrator: agencies, people and their roles.

Django admits only ``is_staff`` accounts; inside, these pages answer to the permission layer, so
a sysadmin (the role or a superuser) manages them and nobody else does. Changes made here are
recorded by simple-history with the administrator as the acting user.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .actions import CONTACT_FIELDS
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


class ReasonOnSave:
    """Give every history row written from the admin a reason a person can read."""

    def save_model(self, request, obj, form, change):
        obj._change_reason = "系统管理后台修改" if change else "系统管理后台新建"
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        obj._change_reason = "系统管理后台删除"
        super().delete_model(request, obj)


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
class AgencyAdmin(SysadminOnly, ReasonOnSave, SimpleHistoryAdmin):
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


@admin.register(Membership)
class MembershipAdmin(SysadminOnly, ReasonOnSave, SimpleHistoryAdmin):
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


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(SysadminOnly, UserAdmin):
    """Django's user admin (Chinese already), with the person's roles on the same page."""

    inlines = (UserMembershipInline,)
    list_display = ("username", "first_name", "email", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser", "groups", "memberships__role")
