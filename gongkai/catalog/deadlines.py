"""第二十六条: 「属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。
法律、法规对政府信息公开的期限另有规定的，从其规定。」

``publish_due`` is the 20th working day after the day the information was formed or changed (by the
maintained working-day calendar; for a year not maintained yet, the clock's estimate), unless a
special-law deadline is recorded. The actions keep ``CatalogItem.publish_due`` current, so lists of
overdue items are one indexed query.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from gongkai.law.calendar import WorkCalendar
from gongkai.law.clock import provisional_calendar
from gongkai.workcalendar.service import get_calendar

from .models import CatalogItem, Disclosure, State

PUBLISH_WITHIN_WORKING_DAYS = 20
UNPUBLISHED_STATES = (State.DRAFT, State.REVIEW, State.APPROVED)


def calendar_for(*days: date) -> WorkCalendar:
    """The maintained calendar, estimated (Monday–Friday less the fixed holidays) for the years of
    ``days`` and the next that it does not cover yet."""
    calendar = get_calendar()
    years = sorted({y for d in days for y in (d.year, d.year + 1)})
    missing = tuple(y for y in years if not calendar.covers(date(y, 1, 1)))
    return provisional_calendar(calendar, missing)[0] if missing else calendar


def publish_due(formed_on: date | None, special_due: date | None = None) -> date | None:
    """The last day to publish (第二十六条), or None without a date of forming."""
    if special_due is not None:
        return special_due
    if formed_on is None:
        return None
    return calendar_for(formed_on).add_working_days(formed_on, PUBLISH_WITHIN_WORKING_DAYS)


def due_of(item: CatalogItem) -> date | None:
    """The deadline that applies to ``item``: only information to be disclosed proactively has one."""
    if item.disclosure != Disclosure.PROACTIVE:
        return None
    return publish_due(item.formed_on, item.special_due)


def overdue_q(today: date) -> Q:
    """Proactive items not published although their 第二十六条 deadline has passed."""
    return Q(
        state__in=UNPUBLISHED_STATES,
        disclosure=Disclosure.PROACTIVE,
        publish_due__lt=today,
    )


def overdue(queryset: QuerySet[CatalogItem], today: date) -> QuerySet[CatalogItem]:
    return queryset.filter(overdue_q(today))


def published_late(item: CatalogItem) -> bool:
    """Was it published after its deadline (for the agency's own review of its practice)?"""
    return bool(item.publish_due and item.published_on and item.published_on > item.publish_due)
