"""What needs someone now about the annual reports (staff home, ``gongkai scan``): an agency whose
report is due within 10 days or overdue and not yet approved; a supervising office whose
subordinates have not submitted theirs, or whose own compiled report is due. Shown only while a reminder applies (``deadlines``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from gongkai.agencies.models import Agency, Role
from gongkai.staff.home import Notice

from .deadlines import OVERDUE, due_date, due_text, reminder_kind, report_year
from .reminders import REMINDED_ROLES
from .status import counting_kind, unsubmitted


def _pending(today: date, agency_ids: list[int] | None = None) -> list[tuple[Agency, date, str]]:
    year = report_year(today)
    out = []
    for agency in unsubmitted(year, agency_ids):
        due = due_date(agency, year)
        kind = reminder_kind(due, today)
        if kind:
            out.append((agency, due, kind))
    return out


def dashboard_url(agency: Agency, year: int) -> str:
    return reverse("supervision:dashboard", kwargs={"code": agency.code, "year": year})


def todo(user: Any, today: date) -> list[Notice]:
    if user is None:
        return system_wide(today)
    year = report_year(today)
    notices: list[Notice] = []
    # the people the reminder e-mails go to (not a sysadmin's everywhere)
    own = list(user.memberships.filter(role__in=REMINDED_ROLES).values_list("agency_id", flat=True))
    own = [pk for pk, kind in counting_kind(own).items() if kind != "aggregate"]  # compiled: below
    for agency, due, _kind in _pending(today, own):
        notices.append(
            Notice(
                f"{agency.display_name}{year}年度政府信息公开工作年度报告应于{due:%Y-%m-%d}前报送并公开"
                f"（{due_text(due, today)}），目前尚未审定。"
            )
        )
    offices = Agency.objects.filter(memberships__user=user, memberships__role=Role.SUPERVISOR).distinct()
    for office in offices:
        for _, due, _kind in _pending(today, [office.pk]):
            notices.append(
                Notice(
                    f"{office.display_name}{year}年度政府信息公开工作年度报告（汇总）应于{due:%Y-%m-%d}前公布"
                    f"（{due_text(due, today)}），目前尚未审定。",
                    reverse("supervision:aggregate", kwargs={"code": office.code, "year": year}),
                )
            )
        children = list(office.children.filter(is_active=True).values_list("pk", flat=True))
        pending = _pending(today, children)
        late = sum(1 for _, _, kind in pending if kind == OVERDUE)
        soon = len(pending) - late
        if pending:
            counts = "，".join(
                t for t in (f"{late} 个逾期未报送" if late else "", f"{soon} 个即将到期" if soon else "") if t
            )
            notices.append(
                Notice(
                    f"{office.display_name}的下级机关{year}年度年度报告：{counts}。",
                    dashboard_url(office, year),
                )
            )
    return notices


def system_wide(today: date) -> list[Notice]:
    """One line per supervising agency with subordinates overdue (the daily scan)."""
    late: dict[int, list[str]] = {}
    for agency, _, kind in _pending(today):
        if kind == OVERDUE and agency.parent_id:
            late.setdefault(agency.parent_id, []).append(agency.name)
    parents = Agency.objects.in_bulk(list(late))
    year = report_year(today)
    return [
        Notice(
            f"{parents[pk].name}：{len(names)} 个下级机关的{year}年度政府信息公开工作年度报告逾期未报送（{'、'.join(sorted(names))}）。",
            dashboard_url(parents[pk], year),
        )
        for pk, names in sorted(late.items(), key=lambda item: parents[item[0]].name)
    ]
