"""Background work of the catalog (``django.tasks`` API through the django-tasks backport, run by
the worker ``gongkai serve`` starts) and what the daily scan (``gongkai scan``) asks of it:

- :func:`build_handover_package` — build one month's 两馆移交包 (``actions.BuildHandover``);
- :func:`enqueue_due_handovers` — on any day, last month's packages not built yet, for every
  active agency that published items that month ("generated on schedule"; a scan missed on the
  1st catches up on the next day it runs);
- :func:`daily` — the scan's catalog work: 定时发布 reaches search (``scheduling``), then the above.

Arguments are JSON (ids and numbers), as the database backend stores them.
"""

from __future__ import annotations

import logging
from datetime import date

from django.contrib.auth import get_user_model
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def build_handover_package(agency_id: int, year: int, month: int, user_id: int | None = None) -> dict:
    """Build the package unless it exists (a scan run twice enqueues it twice); as ``user_id``
    when a person asked for it, otherwise as the system."""
    from django.core.exceptions import ValidationError

    from gongkai.agencies.models import Agency
    from gongkai.agencies.permissions import SYSTEM

    from .actions import BuildHandover
    from .models import HandoverPackage

    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        return {"status": "skipped", "reason": "机关不存在"}
    if user_id is None and HandoverPackage.objects.filter(agency=agency, year=year, month=month).exists():
        return {"status": "skipped", "reason": "已生成"}
    actor = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else SYSTEM
    if actor is None:
        return {"status": "skipped", "reason": "人员不存在或已停用"}
    try:
        package = BuildHandover(actor, agency, year, month, reason="按计划生成两馆移交包").execute()
    except ValidationError as exc:
        logger.info("两馆移交包未生成：%s", "".join(exc.messages))
        return {"status": "skipped", "reason": "".join(exc.messages)}
    return {"status": "built", "package": package.pk, "items": package.item_count, "sha256": package.sha256}


def previous_month(today: date) -> tuple[int, int]:
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def due_handovers(today: date) -> list[tuple[int, int, int]]:
    """(agency id, year, month) of last month's packages still to build."""
    from gongkai.agencies.models import Agency

    from .handover import month_range
    from .models import CatalogItem, HandoverPackage
    from .public import visible_to_public

    year, month = previous_month(today)
    first, last = month_range(year, month)
    published = visible_to_public(CatalogItem.objects.all(), today).filter(published_on__range=(first, last))
    built = HandoverPackage.objects.filter(year=year, month=month).values("agency_id")
    agencies = (
        Agency.objects.filter(is_active=True, pk__in=published.values("agency_id"))
        .exclude(pk__in=built)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [(agency_id, year, month) for agency_id in agencies]


def enqueue_due_handovers(today: date) -> int:
    due = due_handovers(today)
    for agency_id, year, month in due:
        build_handover_package.enqueue(agency_id, year, month)
    return len(due)


def daily(today: date) -> list[str]:
    """The daily scan's catalog work; returns a line (Chinese) for each thing done."""
    from .scheduling import index_scheduled

    lines = []
    indexed = index_scheduled(today)
    if indexed:
        lines.append(f"定时发布：{indexed} 条到期的政府信息已加入网上查询。")
    queued = enqueue_due_handovers(today)
    if queued:
        year, month = previous_month(today)
        lines.append(f"两馆移交：{year}年{month}月的 {queued} 个机关的移交包已交给后台任务生成。")
    return lines
