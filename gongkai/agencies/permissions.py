"""The one permission layer: "may this user do X to this record?"

Every view, API endpoint and action asks here and nowhere else (the way Wagtail keeps every
"may this user…" question in ``wagtail/permission_policies``). The rules:

- a person acts only inside the agencies where they hold a role (``Membership``), and only with
  the powers that role gives (``ROLE_ACTIONS``);
- 主管部门 (supervisor) also reaches every agency below its own, but only for the actions in
  ``DESCENDANT_ACTIONS`` (supervising annual reports) — not for subordinates' case files;
- 系统管理员 (the sysadmin role in any agency, or a Django superuser) may do everything everywhere,
  except the statutory sign-offs (``SIGNOFF_ACTIONS``: the three reviews and approving an
  extension), which the law gives to a named office holder and which need that role in that agency;
- anonymous and inactive users may do nothing;
- ``SYSTEM`` is the command line and the demo loader: trusted code acting without a person.

A record is resolved to its agency by :func:`agency_id_of`: an ``Agency`` itself, or any object
with an ``agency_id`` attribute (a foreign key named ``agency``), or one with a
``permission_agency_id()`` method for records that reach their agency indirectly. Actions that
concern no agency (the national working-day calendar, user management as a whole) take ``None``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .models import Agency, Membership, Role


class Action(StrEnum):
    """The vocabulary of things a person may do; later features add their checks against these."""

    VIEW = "view", "查看"
    EDIT = "edit", "办理"
    REVIEW_SECTION = "review_section", "科室负责人审查"
    REVIEW_DEPUTY = "review_deputy", "分管领导审查"
    REVIEW_HEAD = "review_head", "主要领导审查"
    APPROVE_EXTENSION = "approve_extension", "批准延长答复期限"
    EDIT_AGENCY = "edit_agency", "维护机关信息和公开指南"
    SUPERVISE_REPORTS = "supervise_reports", "审核汇总下级机关年度报告"
    VIEW_CALENDAR = "view_calendar", "查看工作日历"
    MANAGE_CALENDAR = "manage_calendar", "维护工作日历"
    MANAGE_AGENCIES = "manage_agencies", "管理机关设置"
    MANAGE_USERS = "manage_users", "管理人员和角色"

    def __new__(cls, value: str, label: str) -> Action:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


# 三审: the order a proactive disclosure is reviewed in before publication (条例第十七条
# 「审查机制」; the seed report: 「经科室负责人、分管领导、主要领导严格审核把关后再予以公开」).
REVIEW_LEVELS: tuple[tuple[Action, Role], ...] = (
    (Action.REVIEW_SECTION, Role.SECTION_HEAD),
    (Action.REVIEW_DEPUTY, Role.DEPUTY_HEAD),
    (Action.REVIEW_HEAD, Role.HEAD),
)

# Decisions the law gives to a named office holder: 第十七条 review, and 第三十三条
# 「需要延长答复期限的，应当经政府信息公开工作机构负责人同意」. A sysadmin does not get them for free.
SIGNOFF_ACTIONS = frozenset(
    {Action.REVIEW_SECTION, Action.REVIEW_DEPUTY, Action.REVIEW_HEAD, Action.APPROVE_EXTENSION}
)

# What each role may do inside its own agency. Every role may look at its agency's records.
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.CLERK: frozenset({Action.VIEW, Action.EDIT}),
    Role.SECTION_HEAD: frozenset({Action.VIEW, Action.EDIT, Action.REVIEW_SECTION}),
    Role.DEPUTY_HEAD: frozenset({Action.VIEW, Action.REVIEW_DEPUTY}),
    Role.HEAD: frozenset({Action.VIEW, Action.REVIEW_HEAD}),
    Role.OFFICE_HEAD: frozenset({Action.VIEW, Action.EDIT, Action.APPROVE_EXTENSION, Action.EDIT_AGENCY}),
    Role.SUPERVISOR: frozenset({Action.VIEW, Action.SUPERVISE_REPORTS}),
    Role.SYSADMIN: frozenset(Action) - SIGNOFF_ACTIONS,
}

# Actions a supervisor's role also grants over every agency below its own.
DESCENDANT_ACTIONS: dict[str, frozenset[Action]] = {
    Role.SUPERVISOR: frozenset({Action.SUPERVISE_REPORTS}),
}

# Actions that concern no single agency, and the roles (held anywhere) that grant them.
GLOBAL_ACTIONS: dict[Action, frozenset[str]] = {
    Action.VIEW_CALENDAR: frozenset(Role),  # every role counts working days
    Action.MANAGE_CALENDAR: frozenset({Role.SYSADMIN, Role.SUPERVISOR}),
    Action.MANAGE_USERS: frozenset({Role.SYSADMIN}),
    Action.MANAGE_AGENCIES: frozenset({Role.SYSADMIN}),
}

_DENIED = {
    Action.VIEW: "您无权查看本机关以外的记录。",
    Action.EDIT: "您无权办理该机关的事项。",
    Action.REVIEW_SECTION: "只有本机关的科室负责人可以进行第一级审查。",
    Action.REVIEW_DEPUTY: "只有本机关的分管领导可以进行第二级审查。",
    Action.REVIEW_HEAD: "只有本机关的主要领导可以进行第三级审查。",
    Action.APPROVE_EXTENSION: "只有本机关的政府信息公开工作机构负责人可以批准延长答复期限。",
    Action.EDIT_AGENCY: "只有本机关的政府信息公开工作机构负责人或系统管理员可以修改机关信息。",
    Action.SUPERVISE_REPORTS: "只有本级或上级主管部门可以审核该机关的年度报告。",
    Action.VIEW_CALENDAR: "您的账号尚未分配到任何机关，不能查看工作日历。请联系系统管理员。",
    Action.MANAGE_CALENDAR: "只有系统管理员或主管部门可以维护工作日历。",
    Action.MANAGE_AGENCIES: "只有系统管理员可以新建、修改或删除机关。",
    Action.MANAGE_USERS: "只有系统管理员可以管理人员和角色。",
}


class _System:
    """The command line and data loaders: trusted code that acts on nobody's behalf."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"

    def __str__(self) -> str:
        return "系统"


SYSTEM = _System()

_CACHE_ATTR = "_gongkai_roles"


def _roles(user: Any) -> dict[int, frozenset[str]]:
    """{agency id: roles held there}, cached on the user object for the length of a request."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached: dict[int, set[str]] = {}
        for agency_id, role in Membership.objects.filter(user=user).values_list("agency_id", "role"):
            cached.setdefault(agency_id, set()).add(role)
        cached = {k: frozenset(v) for k, v in cached.items()}
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    """Drop the cached roles after a membership changes (actions call this)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _is_person(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)


def is_sysadmin(user: Any) -> bool:
    if user is SYSTEM:
        return True
    if not _is_person(user):
        return False
    return bool(user.is_superuser) or any(Role.SYSADMIN in roles for roles in _roles(user).values())


def roles_in(user: Any, agency: Agency | int) -> frozenset[str]:
    """The roles a person holds directly in one agency."""
    if not _is_person(user) or user is SYSTEM:
        return frozenset()
    agency_id = agency.pk if isinstance(agency, Agency) else agency
    return _roles(user).get(agency_id, frozenset())


def agency_id_of(obj: Any) -> int | None:
    """The agency a record belongs to (see the module docstring)."""
    if obj is None:
        return None
    if isinstance(obj, Agency):
        return obj.pk
    if isinstance(obj, int) and not isinstance(obj, bool):
        return obj
    if callable(getattr(obj, "permission_agency_id", None)):
        return obj.permission_agency_id()
    if hasattr(obj, "agency_id"):
        return obj.agency_id
    raise TypeError(f"{type(obj).__name__} 不属于任何机关，无法判断权限。")


def can(user: Any, action: Action | str, obj: Any = None) -> bool:
    """May ``user`` do ``action`` to ``obj`` (a record, an agency, an agency id, or None)?"""
    action = Action(action)
    if user is SYSTEM:
        return True
    if not _is_person(user):
        return False
    if action not in SIGNOFF_ACTIONS and is_sysadmin(user):
        return True
    roles = _roles(user)
    if action in GLOBAL_ACTIONS:
        allowed = GLOBAL_ACTIONS[action]
        return any(allowed & held for held in roles.values())
    agency_id = agency_id_of(obj)
    if agency_id is None:
        return False
    if any(action in ROLE_ACTIONS[role] for role in roles.get(agency_id, ())):
        return True
    reaching = {role for role, actions in DESCENDANT_ACTIONS.items() if action in actions}
    if not reaching or not any(reaching & held for held in roles.values()):
        return False
    return any(reaching & roles.get(ancestor, frozenset()) for ancestor in Agency.ancestor_ids(agency_id))


def require(user: Any, action: Action | str, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` with a Chinese message unless ``can(user, action, obj)``."""
    if not can(user, action, obj):
        if not _is_person(user):
            raise PermissionDenied("请先登录。")
        raise PermissionDenied(_DENIED[Action(action)])


def visible_agencies(user: Any, action: Action | str = Action.VIEW) -> QuerySet[Agency]:
    """Every agency where ``can(user, action, agency)`` holds, as a queryset."""
    action = Action(action)
    if user is SYSTEM or (action not in SIGNOFF_ACTIONS and is_sysadmin(user)):
        return Agency.objects.all()
    if not _is_person(user):
        return Agency.objects.none()
    if action in GLOBAL_ACTIONS:  # not about any one agency: all of them or none, as ``can`` answers
        return Agency.objects.all() if can(user, action) else Agency.objects.none()
    roles = _roles(user)
    ids = {agency_id for agency_id, held in roles.items() if any(action in ROLE_ACTIONS[r] for r in held)}
    return Agency.objects.filter(pk__in=ids | _reach_ids(roles, action))


def _reach_ids(roles: dict[int, frozenset[str]], action: Action) -> set[int]:
    """The agencies a role reaches through ``DESCENDANT_ACTIONS``: its own and every one below."""
    reaching = {role for role, actions in DESCENDANT_ACTIONS.items() if action in actions}
    ids: set[int] = set()
    for agency_id, held in roles.items():
        if reaching & held:
            ids.add(agency_id)
            ids |= Agency(pk=agency_id).descendant_ids()
    return ids


def subordinate_reach(
    user: Any, action: Action | str = Action.SUPERVISE_REPORTS, under: Agency | None = None
) -> QuerySet[Agency]:
    """The agencies below a person's own that a role of theirs reaches for ``action`` (主管部门's
    下级机关 for the annual reports) — not the sysadmin's everywhere, not their own agencies.
    ``under``: only through the roles held in that one agency."""
    if not _is_person(user) or user is SYSTEM:
        return Agency.objects.none()
    roles = _roles(user)
    through = roles if under is None else {under.pk: roles.get(under.pk, frozenset())}
    return Agency.objects.filter(pk__in=_reach_ids(through, Action(action)) - set(roles))


def restrict(
    user: Any, queryset: QuerySet, action: Action | str = Action.VIEW, field: str = "agency"
) -> QuerySet:
    """Narrow a queryset of records to those whose ``field`` agency the user may act on."""
    if user is SYSTEM or (Action(action) not in SIGNOFF_ACTIONS and is_sysadmin(user)):
        return queryset
    return queryset.filter(**{f"{field}__in": visible_agencies(user, action)})
