"""What needs someone now in the catalog (staff home, ``gongkai scan``): each reviewer's queue of
items awaiting their level of 第十七条 review, approved items to publish, drafts returned for changes,
and items past their 第二十六条 deadline. Every count is one aggregate query."""

from __future__ import annotations

import operator
from datetime import date
from functools import reduce
from typing import Any

from django.db.models import Count, Q, QuerySet

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import REVIEW_LEVELS, Action, restrict, visible_agencies
from gongkai.staff.home import Notice

from .deadlines import overdue_q
from .models import MAX_REVIEW_LEVELS, CatalogItem, State


def awaiting_review(user: Any, queryset: QuerySet[CatalogItem] | None = None) -> QuerySet[CatalogItem]:
    """Items in review whose next level is one this person holds in the item's agency."""
    queryset = (queryset if queryset is not None else CatalogItem.objects).filter(state=State.REVIEW)
    levels = [
        Q(
            review_level=level,
            agency__in=visible_agencies(user, REVIEW_LEVELS[min(level, len(REVIEW_LEVELS)) - 1][0]),
        )
        for level in range(1, MAX_REVIEW_LEVELS + 1)
    ]
    return queryset.filter(reduce(operator.or_, levels))


def todo(user: Any, today: date) -> list[Notice]:
    if user is None:
        return system_wide(today)
    mine = restrict(user, CatalogItem.objects.all(), Action.EDIT)
    counts = mine.aggregate(
        overdue=Count("pk", filter=overdue_q(today)),
        approved=Count("pk", filter=Q(state=State.APPROVED)),
        returned=Count("pk", filter=Q(state=State.DRAFT, review_round__gt=1)),
    )
    notices: list[Notice] = []
    if counts["overdue"]:
        notices.append(
            Notice(
                f"{counts['overdue']} 条主动公开信息已超过 20 个工作日的公开期限（第二十六条），请尽快审查发布。"
            )
        )
    reviewing = awaiting_review(user).count()
    if reviewing:
        notices.append(Notice(f"{reviewing} 条政府信息等待您进行发布审查（第十七条）。"))
    if counts["approved"]:
        notices.append(Notice(f"{counts['approved']} 条政府信息已审查通过，等待发布。", level="info"))
    if counts["returned"]:
        notices.append(
            Notice(f"{counts['returned']} 条政府信息被退回修改，请修改后重新提交审查。", level="info")
        )
    return notices


def system_wide(today: date) -> list[Notice]:
    """Every agency's items past their publication deadline, one line per agency (the daily scan)."""
    per_agency = dict(
        CatalogItem.objects.filter(overdue_q(today))
        .values("agency")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("agency", "n")
    )
    names = dict(Agency.objects.filter(pk__in=per_agency).values_list("pk", "name"))
    return [
        Notice(f"{name}：{per_agency[pk]} 条主动公开信息已超过 20 个工作日的公开期限（第二十六条）。")
        for pk, name in sorted(names.items(), key=lambda item: item[1])
    ]
