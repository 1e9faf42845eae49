"""What needs someone now: each role's queue of disclosure applications (staff home, ``gongkai scan``).

Every count is one aggregate query over the cases a person may act on; nothing loops over cases.
"Due soon" is a reply due on or before the third working day after today, by the working-day
calendar (estimated as the clock does where next year's calendar is not maintained yet).
"""

from __future__ import annotations

import operator
from datetime import date
from functools import reduce
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import REVIEW_LEVELS, Action, restrict, visible_agencies
from gongkai.staff.home import Notice

from . import reminders
from .models import OPEN_STATES, Application, SignOff, State


def soon_until(today: date) -> date:
    """The last day of "due within 3 working days" (today's own due dates included)."""
    return reminders.horizon(today)


def overdue_q(today: date) -> Q:
    return Q(state__in=OPEN_STATES, reply_due__lt=today)


def due_soon_q(today: date, until: date) -> Q:
    return Q(state__in=OPEN_STATES, reply_due__gte=today, reply_due__lte=until)


def _count(rows: QuerySet[SignOff]) -> Subquery:
    """How many of an application's sign-off rows match, as a subquery of the application list."""
    return Subquery(rows.order_by().values("application").annotate(n=Count("pk")).values("n"))


def with_signoff_level(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Annotate ``signoff_level``: the level whose sign-off a case in REVIEW waits for — the approvals of
    the current round plus one (a return starts a new round), as ``SignOffReply.next_level`` counts."""
    returned = SignOff.objects.filter(application=OuterRef("pk"), decision=SignOff.Decision.RETURNED)
    queryset = queryset.annotate(signoff_round=Coalesce(_count(returned), 0) + 1)
    approved = SignOff.objects.filter(
        application=OuterRef("pk"), decision=SignOff.Decision.APPROVED, round=OuterRef("signoff_round")
    )
    return queryset.annotate(signoff_level=Coalesce(_count(approved), 0) + 1)


def awaiting_signoff(user: Any, queryset: QuerySet[Application] | None = None) -> QuerySet[Application]:
    """Cases in REVIEW whose next sign-off level is one this person holds in the case's agency."""
    queryset = with_signoff_level(
        (queryset if queryset is not None else Application.objects).filter(state=State.REVIEW)
    )
    levels = [
        Q(signoff_level=level, agency__in=visible_agencies(user, action))
        for level, (action, _role) in enumerate(REVIEW_LEVELS, start=1)
    ]
    return queryset.filter(reduce(operator.or_, levels))


def _list_url(**query: str) -> str:
    from urllib.parse import urlencode

    return f"{reverse('applications:list')}?{urlencode(query)}"


def todo(user: Any, today: date) -> list[Notice]:
    if user is None:
        return system_wide(today)
    until = soon_until(today)
    mine = restrict(user, Application.objects.all(), Action.EDIT)
    counts = mine.aggregate(
        registered=Count("pk", filter=Q(state=State.REGISTERED)),
        unassigned=Count("pk", filter=Q(state=State.REGISTERED, assigned_to=None)),
        overdue=Count("pk", filter=overdue_q(today)),
        soon=Count("pk", filter=due_soon_q(today, until)),
    )
    notices: list[Notice] = []
    if counts["overdue"]:
        notices.append(
            Notice(
                f"{counts['overdue']} 件依申请公开申请已超过答复期限，请尽快答复。", _list_url(due="overdue")
            )
        )
    if counts["soon"]:
        text = f"{counts['soon']} 件依申请公开申请将在 3 个工作日内（至 {until:%Y-%m-%d}）到期。"
        notices.append(Notice(text, _list_url(due="soon")))
    if counts["registered"]:
        text = f"{counts['registered']} 件新收到的依申请公开申请待审核"
        if counts["unassigned"]:
            text += f"（其中 {counts['unassigned']} 件尚未分配经办人）"
        notices.append(Notice(text + "。", _list_url(state=State.REGISTERED), level="info"))
    signing = awaiting_signoff(user).count()
    if signing:
        notices.append(Notice(f"{signing} 件依申请公开答复等待您审签。", _list_url(signable="1")))
    return notices


def system_wide(today: date) -> list[Notice]:
    """Every agency's overdue and soon-due cases, one line per agency (the daily scan)."""
    until = soon_until(today)
    per_agency = reminders.counts(today)
    names = dict(Agency.objects.filter(pk__in=per_agency).values_list("pk", "name"))
    notices = []
    for agency_id, name in sorted(names.items(), key=lambda item: item[1]):
        found = per_agency[agency_id]
        parts = []
        if found["overdue"]:
            parts.append(f"{found['overdue']} 件已超过答复期限")
        if found["due_soon"]:
            parts.append(f"{found['due_soon']} 件将在 3 个工作日内（至 {until:%Y-%m-%d}）到期")
        notices.append(Notice(f"{name}：依申请公开申请 " + "，".join(parts) + "。"))
    return notices
