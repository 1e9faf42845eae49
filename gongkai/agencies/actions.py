"""State changes of agencies and memberships, each one action (see DESIGN.md "Shape of the code").

An action asks the permission layer, validates, changes the records in one transaction and
leaves the audit entry (django-simple-history, with the acting person and a reason).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Agency, Membership, Role
from .permissions import SYSTEM, Action, forget_roles, require

# The contact facts 条例第十二条 requires the guide (指南) to state; the disclosure office edits them.
CONTACT_FIELDS = (
    "office_name",
    "office_address",
    "office_postcode",
    "office_phone",
    "office_fax",
    "office_email",
    "office_hours",
    "online_channel",
    "website",
)


def _stamp(instance: Any, actor: Any, reason: str) -> None:
    """Tell simple-history who did it and why (the middleware only knows web requests)."""
    instance._history_user = None if actor is SYSTEM else actor
    instance._change_reason = reason


def update_agency_contact(actor: Any, agency: Agency, changes: dict[str, str], reason: str = "") -> list[str]:
    """Change the disclosure office's contact facts; returns the names of the fields changed."""
    require(actor, Action.EDIT_AGENCY, agency)
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise ValidationError(f"这些字段不是联系信息，不能在此修改：{'、'.join(sorted(unknown))}。")
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        changed = [name for name, value in changes.items() if getattr(agency, name) != value]
        if not changed:
            return []
        for name in changed:
            setattr(agency, name, changes[name])
        agency.full_clean()
        labels = "、".join(str(Agency._meta.get_field(n).verbose_name) for n in changed)
        _stamp(agency, actor, reason or f"修改{labels}")
        agency.save(update_fields=changed)
    return changed


def grant_role(actor: Any, user: Any, agency: Agency, role: Role | str, reason: str = "") -> Membership:
    """Give a person a role in an agency. Granting a role the person already holds is an error."""
    require(actor, Action.MANAGE_USERS, None)
    role = Role(role)
    User = get_user_model()
    with transaction.atomic():
        if Membership.objects.filter(user=user, agency=agency, role=role).exists():
            raise ValidationError(f"{user.get_username()} 已经是{agency.display_name}的{role.label}。")
        membership = Membership(user=user, agency=agency, role=role)
        membership.full_clean()
        _stamp(membership, actor, reason or f"授予{agency.display_name}{role.label}角色")
        membership.save()
        if role == Role.SYSADMIN and not user.is_staff:
            # The Django admin admits staff accounts only; a sysadmin needs it.
            User.objects.filter(pk=user.pk).update(is_staff=True)
            user.is_staff = True
    forget_roles(user)
    return membership


def revoke_role(actor: Any, membership: Membership, reason: str = "") -> None:
    """Take a role away. The last 系统管理员 cannot be removed, so the system never locks itself out."""
    require(actor, Action.MANAGE_USERS, None)
    if Membership.user.is_cached(membership):
        forget_roles(membership.user)  # the caller's copy of the person, if it has one
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update().select_related("user", "agency").get(pk=membership.pk)
        )
        if (
            membership.role == Role.SYSADMIN
            and not Membership.objects.filter(role=Role.SYSADMIN).exclude(pk=membership.pk).exists()
            and not get_user_model().objects.filter(is_superuser=True, is_active=True).exists()
        ):
            raise ValidationError("不能移除最后一名系统管理员。")
        _stamp(
            membership,
            actor,
            reason or f"撤销{membership.agency.display_name}{membership.get_role_display()}角色",
        )
        membership.delete()
        user = membership.user
        if (
            membership.role == Role.SYSADMIN
            and user.is_staff
            and not user.is_superuser
            and not Membership.objects.filter(user=user, role=Role.SYSADMIN).exists()
        ):
            get_user_model().objects.filter(pk=user.pk).update(is_staff=False)
    forget_roles(membership.user)
