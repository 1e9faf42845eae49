"""Deadline reminders: which open applications are due within 3 working days or already overdue,
and who is told, once a day, by e-mail.

A case's ``reply_due`` is the statute clock's (cached by the actions); "within 3 working days" is
counted on the working-day calendar (``gongkai.workcalendar.service.get_calendar()``), so a reply due
the Monday after a long holiday is "due soon" on the last working day before it. The cases are
selected and counted by the database (one date-range filter, aggregate counts); only the rows a
person is told about are loaded.

Who is told: the case's 经办人 (``assigned_to``); a case nobody is assigned to goes to the
agency's 经办人 (role CLERK), or its 公开工作机构负责人 when it has no clerk. Each person gets one
e-mail a day: :class:`ReminderSent` records (person, day) in the same transaction as the sending,
so a second scan on the same day sends nothing and a failed send is tried again by the next scan.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q

from gongkai.agencies.models import Membership, Role
from gongkai.agencies.permissions import Action, can
from gongkai.law.calendar import CalendarNotMaintained, WorkCalendar
from gongkai.law.clock import provisional_calendar
from gongkai.workcalendar.service import get_calendar

from .models import OPEN_STATES, Application, ReminderSent

logger = logging.getLogger(__name__)

WITHIN_WORKING_DAYS = 3


@dataclass(frozen=True)
class DueCase:
    pk: int
    agency_id: int
    agency: str
    tracking_code: str
    applicant: str
    description: str
    state: str
    reply_due: date
    assigned_to_id: int | None
    overdue: bool
    working_days: int | None  # left (due soon) or past (overdue); None when the calendar lacks the year

    def line(self) -> str:
        if self.overdue:
            when = f"已超期 {self.working_days} 个工作日" if self.working_days is not None else "已超期"
        elif self.working_days == 0:
            when = "今天到期"
        else:
            when = f"还剩 {self.working_days} 个工作日" if self.working_days is not None else "即将到期"
        text = self.description.replace("\n", " ")
        if len(text) > 40:
            text = text[:40] + "…"
        return f"{self.tracking_code}　{self.applicant}　{text}　答复期限 {self.reply_due:%Y-%m-%d}（{when}，{self.state}）"


@dataclass
class Digest:
    """One person's reminder for one day."""

    user: Any
    due_soon: list[DueCase] = field(default_factory=list)
    overdue: list[DueCase] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.due_soon or self.overdue)


def calendar_for(today: date) -> WorkCalendar:
    """The working-day calendar, with the clock's estimate for this or next year if not maintained
    yet (the State Council publishes next year's holidays in November or December)."""
    calendar = get_calendar()
    missing = tuple(y for y in (today.year, today.year + 1) if not calendar.covers(date(y, 1, 1)))
    return provisional_calendar(calendar, missing)[0] if missing else calendar


def horizon(today: date, calendar: WorkCalendar | None = None) -> date:
    """The last due date that is "within 3 working days" of ``today`` (today's own due included)."""
    return (calendar or calendar_for(today)).add_working_days(today, WITHIN_WORKING_DAYS)


def running(agency_ids: Iterable[int] | None = None):
    # While a correction is awaited the clock has no due date (第三十条: it restarts on receipt).
    qs = Application.objects.filter(state__in=OPEN_STATES, reply_due__isnull=False)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=list(agency_ids))
    return qs


def counts(today: date, agency_ids: Iterable[int] | None = None) -> dict[int, dict[str, int]]:
    """{agency id: {"due_soon": n, "overdue": n}} for agencies with either, in one aggregate query."""
    limit = horizon(today)
    rows = (
        running(agency_ids)
        .filter(reply_due__lte=limit)
        .values("agency_id")
        .annotate(
            due_soon=Count("id", filter=Q(reply_due__gte=today)),
            overdue=Count("id", filter=Q(reply_due__lt=today)),
        )
    )
    return {r["agency_id"]: {"due_soon": r["due_soon"], "overdue": r["overdue"]} for r in rows}


def due_cases(today: date, agency_ids: Iterable[int] | None = None) -> tuple[list[DueCase], list[DueCase]]:
    """(due within 3 working days, overdue), each by due date."""
    calendar = calendar_for(today)
    limit = horizon(today, calendar)
    soon: list[DueCase] = []
    late: list[DueCase] = []
    rows = (
        running(agency_ids)
        .filter(reply_due__lte=limit)
        .select_related("agency")
        .order_by("reply_due", "pk")
        .only(
            "pk",
            "agency__name",
            "agency__short_name",
            "tracking_code",
            "name",
            "description",
            "state",
            "reply_due",
            "assigned_to_id",
        )
    )
    for app in rows:
        overdue = app.reply_due < today
        try:
            days = (
                calendar.working_days_between(app.reply_due, today)
                if overdue
                else calendar.working_days_between(today, app.reply_due)
            )
        except CalendarNotMaintained:
            days = None
        case = DueCase(
            pk=app.pk,
            agency_id=app.agency_id,
            agency=app.agency.display_name,
            tracking_code=app.tracking_code,
            applicant=app.name,
            description=app.description,
            state=app.get_state_display(),
            reply_due=app.reply_due,
            assigned_to_id=app.assigned_to_id,
            overdue=overdue,
            working_days=days,
        )
        (late if overdue else soon).append(case)
    return soon, late


def digests(today: date) -> list[Digest]:
    """Each person's list for the day: their assigned cases, and their agency's unassigned ones."""
    soon, late = due_cases(today)
    cases = soon + late
    if not cases:
        return []
    User = get_user_model()
    assigned_ids = {c.assigned_to_id for c in cases if c.assigned_to_id}
    users = {u.pk: u for u in User.objects.filter(pk__in=assigned_ids, is_active=True)}
    fallback = _agency_handlers({c.agency_id for c in cases})
    by_user: dict[int, Digest] = {}
    for case in cases:
        user = users.get(case.assigned_to_id) if case.assigned_to_id else None
        if user is not None and can(user, Action.EDIT, case.agency_id):
            targets = [user]
        else:  # unassigned, or assigned to someone who left the agency
            targets = fallback.get(case.agency_id, [])
        for person in targets:
            digest = by_user.setdefault(person.pk, Digest(person))
            (digest.overdue if case.overdue else digest.due_soon).append(case)
    return list(by_user.values())


def _agency_handlers(agency_ids: set[int]) -> dict[int, list[Any]]:
    """The clerks of each agency; its office head when it has no clerk."""
    found: dict[int, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for m in Membership.objects.filter(
        agency_id__in=agency_ids, role__in=[Role.CLERK, Role.OFFICE_HEAD], user__is_active=True
    ).select_related("user"):
        found[m.agency_id][m.role].append(m.user)
    return {
        agency_id: roles.get(Role.CLERK) or roles.get(Role.OFFICE_HEAD, [])
        for agency_id, roles in found.items()
    }


def message(digest: Digest, today: date) -> tuple[str, str]:
    """(subject, text) of one person's reminder."""
    subject = (
        f"依申请公开期限提醒（{today:%Y-%m-%d}）：已超期 {len(digest.overdue)} 件，"
        f"{WITHIN_WORKING_DAYS} 个工作日内到期 {len(digest.due_soon)} 件"
    )
    name = digest.user.get_full_name() or digest.user.get_username()
    lines = [f"{name}：", "", f"截至 {today:%Y-%m-%d}，您经办或所在机关待分配的政府信息公开申请中："]
    for title, cases in (
        ("已超过答复期限", digest.overdue),
        (f"{WITHIN_WORKING_DAYS} 个工作日内到期", digest.due_soon),
    ):
        if not cases:
            continue
        lines += ["", f"【{title}】{len(cases)} 件"]
        agency = None
        for case in cases:
            if case.agency != agency:
                agency = case.agency
                lines.append(f"{agency}：")
            lines.append(f"  {case.line()}")
    lines += [
        "",
        "答复期限按工作日计算（第三十三条），已计入补正、征求意见、延期等事项。请登录工作台办理：",
        f"{settings.GONGKAI_SITE_URL}/staff/" if settings.GONGKAI_SITE_URL else "（工作台地址：/staff/）",
        "",
        "本邮件由 gongkai 每日扫描自动发送，每人每天一封。",
    ]
    return subject, "\n".join(lines)


def send_reminders(today: date) -> dict[str, int]:
    """E-mail each person their list, at most once a day. Returns counts for the scan's report."""
    report = {"sent": 0, "already_sent": 0, "no_email": 0, "failed": 0}
    for digest in digests(today):
        user = digest.user
        if not user.email:
            report["no_email"] += 1
            continue
        subject, text = message(digest, today)
        try:
            with transaction.atomic():
                _, created = ReminderSent.objects.get_or_create(
                    user=user,
                    day=today,
                    defaults={"due_soon": len(digest.due_soon), "overdue": len(digest.overdue)},
                )
                if not created:
                    report["already_sent"] += 1
                    continue
                # Sent inside the transaction: a failure rolls the record back, the next scan retries.
                send_mail(subject, text, None, [user.email])
        except Exception:  # one person's mail server trouble must not stop the others'
            logger.exception("期限提醒邮件发送失败：%s", user)
            report["failed"] += 1
            continue
        report["sent"] += 1
    return report
