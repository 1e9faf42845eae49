"""What the staff home page shows a person: their agencies, roles and what needs them.

Apps add items to "待办与提醒" by providing a ``todo.py`` module with
``todo(user, today) -> iterable of Notice`` (called in INSTALLED_APPS order). The working-day
calendar's warnings come from ``gongkai.workcalendar.status.calendar_warnings(today)``.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.urls import reverse

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.agencies.permissions import Action, can, subordinate_reach
from gongkai.workcalendar.status import calendar_warnings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    text: str
    url: str = ""
    level: str = "warning"  # "warning" (needs attention) or "info"


@dataclass(frozen=True)
class AgencyRoles:
    agency: Agency
    roles: list[str]
    subordinates: list[Agency]


def calendar_notices(user: Any, today: date) -> list[Notice]:
    if not can(user, Action.VIEW_CALENDAR):
        return []
    may_import = can(user, Action.MANAGE_CALENDAR)
    return [Notice(text, calendar_url()) for text in calendar_warnings(today, may_import=may_import)]


def calendar_url() -> str:
    """The working-day calendar pages (gongkai.workcalendar, mounted at /staff/calendar/)."""
    return reverse("workcalendar:home")


def app_notices(user: Any, today: date) -> list[Notice]:
    found: list[Notice] = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.todo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.todo":
                raise
            continue
        for item in module.todo(user, today):
            found.append(item if isinstance(item, Notice) else Notice(str(item)))
    return found


def agencies_of(user: Any) -> list[AgencyRoles]:
    """The agencies a person holds roles in, with the roles, and the agencies below each that the
    permission layer lets a role there reach (主管部门's 下级机关)."""
    held: dict[int, list[str]] = {}
    agencies: dict[int, Agency] = {}
    for membership in Membership.objects.filter(user=user).select_related("agency").order_by("agency__name"):
        agencies[membership.agency_id] = membership.agency
        held.setdefault(membership.agency_id, []).append(membership.role)
    return [
        AgencyRoles(
            agency,
            [Role(r).label for r in held[agency_id]],
            list(subordinate_reach(user, under=agency).order_by("level", "name")),
        )
        for agency_id, agency in agencies.items()
    ]
