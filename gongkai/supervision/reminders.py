"""Annual-report reminders by e-mail: to each agency that has not submitted its report, once 10
days before its due date and once after it has passed (``deadlines``).

Who is told: the agency's 经办人 and 公开工作机构负责人 — the people who draft and submit the
report; for a supervising agency's compiled report, its 主管部门 role (who builds it). Each (person, agency, year, kind) is sent once: :class:`~.models.ReportReminder` is
recorded in the same transaction as the sending, so a scan run twice a day sends nothing new and a
failed send is tried again by the next scan. The supervising office sees the same facts on its
dashboard and on the staff home page (``todo``).
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from gongkai.agencies.models import Agency, Membership, Role

from .deadlines import DUE_SOON, due_date, due_text, reminder_kind, report_year
from .models import ReportReminder
from .status import counting_kind, unsubmitted

logger = logging.getLogger(__name__)

REMINDED_ROLES = (Role.CLERK, Role.OFFICE_HEAD)
COMPILED_ROLES = (Role.SUPERVISOR,)


def reminded_roles(compiled: bool) -> tuple[str, ...]:
    return COMPILED_ROLES if compiled else REMINDED_ROLES


def due_reminders(today: date) -> list[tuple[Agency, str, date]]:
    """(agency, kind, due date) of every reminder that applies on ``today``."""
    year = report_year(today)
    out = []
    for agency in unsubmitted(year):
        due = due_date(agency, year)
        kind = reminder_kind(due, today)
        if kind:
            out.append((agency, kind, due))
    return sorted(out, key=lambda t: (t[2], t[0].name))


def message(
    agency: Agency, year: int, kind: str, due: date, today: date, compiled: bool = False
) -> tuple[str, str]:
    """(subject, text) of one reminder."""
    what = "即将到期" if kind == DUE_SOON else "已逾期"
    title = "政府信息公开工作年度报告" + ("（汇总）" if compiled else "")
    subject = f"{agency.name}{year}年度{title}提交期限{what}（{due:%Y-%m-%d}，{due_text(due, today)}）"
    site = f"{settings.GONGKAI_SITE_URL}/staff/" if settings.GONGKAI_SITE_URL else "（工作台地址：/staff/）"
    lines = [
        f"{agency.name}：",
        "",
        f"按照《中华人民共和国政府信息公开条例》第四十九条和国办公开办函〔2021〕30号的要求，"
        f"本{'级' if compiled else '机关'}{year}年度{title}应于{due.year}年{due.month}月{due.day}日前"
        + (f"报送{agency.parent.name}并" if agency.parent else "")
        + "向社会公布。",
        f"截至{today:%Y-%m-%d}，该年度报告尚未审定（{due_text(due, today)}）。",
        "",
        f"请登录工作台编制、审核并报送：{site}",
        "",
        "本邮件由 gongkai 每日扫描自动发送，同一事项只提醒一次。",
    ]
    return subject, "\n".join(lines)


def send_reminders(today: date) -> dict[str, int]:
    """E-mail every reminder due on ``today`` that was not sent before. Returns counts."""
    result = {"sent": 0, "already_sent": 0, "no_email": 0, "failed": 0}
    due = due_reminders(today)
    if not due:
        return result
    compiled = {pk for pk, kind in counting_kind([a.pk for a, _, _ in due]).items() if kind == "aggregate"}
    people: dict[int, list] = {}
    for m in Membership.objects.filter(
        agency_id__in=[a.pk for a, _, _ in due], user__is_active=True
    ).select_related("user"):
        if m.role not in reminded_roles(m.agency_id in compiled):
            continue
        if all(u.pk != m.user.pk for u in people.setdefault(m.agency_id, [])):
            people[m.agency_id].append(m.user)
    year = report_year(today)
    for agency, kind, due_on in due:
        subject, text = message(agency, year, kind, due_on, today, agency.pk in compiled)
        for user in people.get(agency.pk, []):
            if not user.email:
                result["no_email"] += 1
                continue
            try:
                with transaction.atomic():
                    _, created = ReportReminder.objects.get_or_create(
                        user=user, agency=agency, year=year, kind=kind, defaults={"due": due_on}
                    )
                    if not created:
                        result["already_sent"] += 1
                        continue
                    # inside the transaction: a failed send rolls the record back for the next scan
                    send_mail(subject, text, None, [user.email])
            except Exception:  # one person's mail trouble must not stop the others'
                logger.exception("年度报告提醒邮件发送失败：%s", user)
                result["failed"] += 1
                continue
            result["sent"] += 1
    return result
