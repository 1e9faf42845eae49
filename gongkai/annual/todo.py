"""What needs someone now about their agency's own annual report (staff home): a report waiting
for this person's level of review, and a report returned for changes. Deadlines and reminders
are the supervising office's (gongkai.supervision.todo)."""

from __future__ import annotations

import operator
from datetime import date
from functools import reduce
from typing import Any

from django.db.models import Q
from django.urls import reverse

from gongkai.agencies.permissions import REVIEW_LEVELS, Action, restrict, visible_agencies
from gongkai.staff.home import Notice

from .models import AnnualReport

MAX_LEVELS = 9  # catalog rules allow more levels than three; beyond the third it is the 主要领导's


def todo(user: Any, today: date) -> list[Notice]:
    if user is None:
        return []
    levels = [
        Q(
            review_level=level,
            agency__in=visible_agencies(user, REVIEW_LEVELS[min(level, len(REVIEW_LEVELS)) - 1][0]),
        )
        for level in range(1, MAX_LEVELS + 1)
    ]
    waiting = AnnualReport.objects.filter(reduce(operator.or_, levels), state=AnnualReport.State.IN_REVIEW)
    returned = restrict(user, AnnualReport.objects.filter(state=AnnualReport.State.RETURNED), Action.EDIT)
    notices = [
        Notice(f"{a.agency.display_name}{a.year}年度报告等待您审核。", reverse("annual:report", args=[a.pk]))
        for a in waiting.select_related("agency")[:20]
    ]
    notices += [
        Notice(f"{a.agency.display_name}{a.year}年度报告被退回修改。", reverse("annual:report", args=[a.pk]))
        for a in returned.select_related("agency")[:20]
    ]
    return notices
