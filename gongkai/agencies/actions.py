"""State changes of agencies, people and their roles, each one action (see ``gongkai/actions.py``).

The staff pages, the Django admin and the demo loader all come through here, so these rules hold
whoever makes the change:

- the last 系统管理员 (an active person with the sysadmin role, or an active superuser) cannot be
  removed, demoted or deactivated — the system never locks itself out;
- the sysadmin role opens the Django admin (``is_staff``), and losing the last such role closes
  it again (a superuser keeps it);
- an agency with people or subordinate agencies is not deleted out from under them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from gongkai.actions import BaseAction

from .models import Agency, Membership, Role
from .permissions import Action, forget_roles

# The contact facts 条例第十二条 requires the guide (指南) to state, and the further facts the real
# guides state (邮寄地址、政务新媒体、查阅场所、主要职能); the disclosure office edits them.
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
    "mail_address",
    "new_media",
    "reading_rooms",
    "functions",
)

LAST_SYSADMIN = "不能移除最后一名系统管理员。"


def _require_another_sysadmin(*, person: Any = None, membership: Membership | None = None) -> None:
    """Refuse unless someone other than ``person`` (or than ``membership``'s role) stays sysadmin."""
    User = get_user_model()
    roles = Membership.objects.filter(role=Role.SYSADMIN, user__is_active=True)
    superusers = User.objects.filter(is_superuser=True, is_active=True)
    if membership is not None:
        roles = roles.exclude(pk=membership.pk)
    if person is not None:
        roles, superusers = roles.exclude(user=person), superusers.exclude(pk=person.pk)
    if not roles.exists() and not superusers.exists():
        raise ValidationError(LAST_SYSADMIN)


def _sync_staff(user: Any) -> None:
    """The sysadmin role opens the Django admin; without it (and not a superuser) it closes."""
    holds = Membership.objects.filter(user=user, role=Role.SYSADMIN).exists()
    should = holds or (user.is_staff and user.is_superuser)
    if user.is_staff != should:
        get_user_model().objects.filter(pk=user.pk).update(is_staff=should)
        user.is_staff = should
    forget_roles(user)


def _check_membership(m: Membership) -> None:
    """A role is held once: granting (or editing into) one the person already holds is refused."""
    if Membership.objects.filter(user=m.user, agency=m.agency, role=m.role).exclude(pk=m.pk).exists():
        raise ValidationError(
            f"{m.user.get_username()} 已经是{m.agency.display_name}的{Role(m.role).label}。"
        )
    m.full_clean(validate_unique=False)


class UpdateAgencyContact(BaseAction[list[str]]):
    """Change the disclosure office's contact facts; returns the names of the fields changed."""

    permission = Action.EDIT_AGENCY

    def __init__(self, actor: Any, agency: Agency, changes: dict[str, str], *, reason: str = "") -> None:
        super().__init__(actor, reason=reason)
        self.agency, self.changes = agency, changes

    def target(self) -> Agency:
        return self.agency

    def validate(self) -> None:
        unknown = set(self.changes) - set(CONTACT_FIELDS)
        if unknown:
            raise ValidationError(f"这些字段不是联系信息，不能在此修改：{'、'.join(sorted(unknown))}。")

    def apply(self) -> list[str]:
        agency = Agency.objects.select_for_update().get(pk=self.agency.pk)
        self.changed = [name for name, value in self.changes.items() if getattr(agency, name) != value]
        if not self.changed:
            return []
        for name in self.changed:
            setattr(agency, name, self.changes[name])
        agency.full_clean()
        self.stamp(agency).save(update_fields=self.changed)
        return self.changed

    def describe(self) -> str:
        return "修改" + "、".join(str(Agency._meta.get_field(n).verbose_name) for n in self.changed)


class SaveAgency(BaseAction[Agency]):
    """Create an agency, or save the changes made to one (the tree, codes, names, contact facts)."""

    permission = Action.MANAGE_AGENCIES

    def __init__(self, actor: Any, agency: Agency, *, reason: str = "") -> None:
        super().__init__(actor, reason=reason)
        self.agency = agency

    def validate(self) -> None:
        self.agency.full_clean()  # codes, addresses and 上级机关不能是本机关或其下级机关

    def apply(self) -> Agency:
        self.creating = self.agency.pk is None
        self.stamp(self.agency).save()
        return self.agency

    def describe(self) -> str:
        return f"{'新建' if self.creating else '修改'}机关{self.agency.name}"


class DeleteAgency(BaseAction[None]):
    permission = Action.MANAGE_AGENCIES

    def __init__(self, actor: Any, agency: Agency, *, reason: str = "") -> None:
        super().__init__(actor, reason=reason)
        self.agency = agency

    def validate(self) -> None:
        if self.agency.children.exists():
            raise ValidationError(f"{self.agency.name}还有下级机关，请先删除或改挂这些机关。")
        held = self.agency.memberships.count()
        if held:
            raise ValidationError(f"{self.agency.name}还有 {held} 个人员角色，请先撤销这些角色再删除机关。")

    def apply(self) -> None:
        self.stamp(self.agency).delete()

    def describe(self) -> str:
        return f"删除机关{self.agency.name}"


class GrantRole(BaseAction[Membership]):
    """Give a person a role in an agency. Granting a role the person already holds is an error."""

    permission = Action.MANAGE_USERS

    def __init__(self, actor: Any, user: Any, agency: Agency, role: Role | str, *, reason: str = "") -> None:
        super().__init__(actor, reason=reason)
        self.membership = Membership(user=user, agency=agency, role=Role(role))

    def validate(self) -> None:
        _check_membership(self.membership)

    def apply(self) -> Membership:
        self.stamp(self.membership).save()
        _sync_staff(self.membership.user)
        return self.membership

    def describe(self) -> str:
        return f"授予{self.membership.agency.display_name}{Role(self.membership.role).label}角色"


class ChangeRole(BaseAction[Membership]):
    """Save an edited membership (another person, agency or role) in place, as the admin does."""

    permission = Action.MANAGE_USERS

    def __init__(self, actor: Any, membership: Membership, *, reason: str = "") -> None:
        super().__init__(actor, reason=reason)
        self.membership = membership

    def validate(self) -> None:
        m = self.membership
        before = Membership.objects.select_for_update().select_related("user").get(pk=m.pk)
        self.previous_user = before.user
        still = m.role == Role.SYSADMIN and m.user_id == before.user_id and m.user.is_active
        if before.role == Role.SYSADMIN and not still:
            _require_another_sysadmin(membership=before)
        _check_membership(m)

    def apply(self) -> Membership:
        self.stamp(self.membership).save()
        for user in {self.previous_user, self.membership.user}:
            _sync_staff(user)
        return self.membership

    def describe(self) -> str:
        return f"修改为{self.membership.agency.display_name}{Role(self.membership.role).label}角色"


class RevokeRole(BaseAction[None]):
    """Take a role away. The last 系统管理员 cannot be removed, so the system never locks itself out."""

    permission = Action.MANAGE_USERS

    def __init__(self, actor: Any, membership: Membership, *, reason: str = "") -> None:
        super().__init__(actor, reason=reason)
        self.membership = membership

    def validate(self) -> None:
        if Membership.user.is_cached(self.membership):
            forget_roles(self.membership.user)  # the caller's copy of the person, if it has one
        self.membership = (
            Membership.objects.select_for_update().select_related("user", "agency").get(pk=self.membership.pk)
        )
        if self.membership.role == Role.SYSADMIN:
            _require_another_sysadmin(membership=self.membership)

    def apply(self) -> None:
        self.stamp(self.membership).delete()
        _sync_staff(self.membership.user)

    def describe(self) -> str:
        m = self.membership
        return f"撤销{m.agency.display_name}{m.get_role_display()}角色"


def _is_sysadmin_account(user: Any) -> bool:
    return user.is_active and (
        user.is_superuser or (user.pk is not None and user.memberships.filter(role=Role.SYSADMIN).exists())
    )


class SavePerson(BaseAction[Any]):
    """Create a person's account or save changes to it (name, e-mail, active, superuser, password)."""

    permission = Action.MANAGE_USERS

    def __init__(self, actor: Any, user: Any, *, reason: str = "") -> None:
        super().__init__(actor, reason=reason)
        self.user = user

    def validate(self) -> None:
        if self.user.pk is not None and not _is_sysadmin_account(self.user):
            before = get_user_model().objects.get(pk=self.user.pk)
            if _is_sysadmin_account(before):
                _require_another_sysadmin(person=before)

    def apply(self) -> Any:
        self.creating = self.user.pk is None
        if self.user.is_superuser and self.user.is_active:
            self.user.is_staff = True  # a superuser is a sysadmin, and the admin is theirs
        self.stamp(self.user).save()
        _sync_staff(self.user)
        return self.user

    def describe(self) -> str:
        return f"{'新建' if self.creating else '修改'}账号{self.user.get_username()}"


class DeletePerson(BaseAction[None]):
    """Delete an account; its roles are revoked first, each with its own history row."""

    permission = Action.MANAGE_USERS

    def __init__(self, actor: Any, user: Any, *, reason: str = "") -> None:
        super().__init__(actor, reason=reason)
        self.user = user

    def validate(self) -> None:
        if _is_sysadmin_account(self.user):
            _require_another_sysadmin(person=self.user)

    def apply(self) -> None:
        for membership in Membership.objects.filter(user=self.user).select_related("agency"):
            self.stamp(membership).delete()
        self.stamp(self.user).delete()

    def describe(self) -> str:
        return f"删除账号{self.user.get_username()}"
