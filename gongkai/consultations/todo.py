"""What needs someone now (staff home, ``gongkai scan``): consultations not answered within the
target (``answer_due`` passed) and new ones nobody has been assigned to. One aggregate query each."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action, restrict
from gongkai.staff.home import Notice

from .deadlines import target_days
from .models import OPEN_STATES, Consultation, State


def overdue_q(today: date) -> Q:
    return Q(state__in=OPEN_STATES, answer_due__lt=today)


def _list_url(**query: str) -> str:
    return f"{reverse('consultations:list')}?{urlencode(query)}"


def todo(user: Any, today: date) -> list[Notice]:
    if user is None:
        return system_wide(today)
    counts = restrict(user, Consultation.objects.all(), Action.EDIT).aggregate(
        overdue=Count("pk", filter=overdue_q(today)),
        new=Count("pk", filter=Q(state=State.NEW)),
    )
    notices: list[Notice] = []
    if counts["overdue"]:
        text = (
            f"{counts['overdue']} 件政策咨询、投诉或建议超过 {target_days()} 个工作日尚未答复，请尽快答复。"
        )
        notices.append(Notice(text, _list_url(overdue="on")))
    if counts["new"]:
        text = f"{counts['new']} 件政策咨询、投诉或建议待分派。"
        notices.append(Notice(text, _list_url(state=State.NEW), level="info"))
    return notices


def system_wide(today: date) -> list[Notice]:
    """Every agency's consultations past the answer target, one line per agency (the daily scan)."""
    per_agency = dict(
        Consultation.objects.filter(overdue_q(today))
        .values("agency")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("agency", "n")
    )
    names = dict(Agency.objects.filter(pk__in=per_agency).values_list("pk", "name"))
    return [
        Notice(f"{name}：{per_agency[pk]} 件政策咨询、投诉或建议超过 {target_days()} 个工作日尚未答复。")
        for pk, name in sorted(names.items(), key=lambda item: item[1])
    ]
