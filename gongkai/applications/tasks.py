"""Background work of the applications (``django.tasks`` API through the django-tasks backport;
settings ``TASKS``: the database backend, run by the worker that ``gongkai serve`` starts).

- :func:`send_deadline_reminders` — the daily e-mail to each clerk (``gongkai scan`` enqueues it);
- :func:`notify_letter_issued` — tells an applicant who gave an e-mail address that a letter was
  issued (``CaseAction.letter()`` enqueues it once the action has committed).

Arguments are JSON (ids and ISO dates), as the database backend stores them.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.urls import NoReverseMatch, reverse
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_deadline_reminders(day: str) -> dict[str, int]:
    """E-mail each clerk the cases due within 3 working days or overdue, once per day."""
    from .reminders import send_reminders

    return send_reminders(date.fromisoformat(day))


@task()
def notify_letter_issued(letter_id: int) -> str:
    from .models import Letter

    letter = Letter.objects.select_related("application__agency").filter(pk=letter_id).first()
    if letter is None or not letter.application.email:
        return "skipped"
    subject, text = applicant_message(letter)
    send_mail(subject, text, None, [letter.application.email])
    return "sent"


def public_letter_url(letter, fmt: str = "pdf") -> str:
    """Where the applicant downloads the letter (asks for the phone's last four digits first)."""
    try:
        path = reverse(
            "applications_letters:public_letter",
            kwargs={"code": letter.application.tracking_code, "pk": letter.pk, "fmt": fmt},
        )
    except NoReverseMatch:  # pragma: no cover — the URLs are always mounted in gongkai/urls.py
        return ""
    return f"{settings.GONGKAI_SITE_URL}{path}"


def applicant_message(letter) -> tuple[str, str]:
    """(subject, text) telling the applicant a letter was issued. It names the tracking code and
    never the applicant's ID number or phone (the e-mail may be read by others)."""
    from .letters.render import build_title

    app = letter.application
    agency = app.agency
    title = build_title(letter)
    issued = f"{letter.issued_on.year}年{letter.issued_on.month}月{letter.issued_on.day}日"
    number = f"（{letter.number}）" if letter.number else ""
    url = public_letter_url(letter)
    lines = [
        f"{app.name}：",
        "",
        f"{agency.name}已于{issued}就您的政府信息公开申请出具《{title}》{number}。",
        "",
        f"申请查询码：{app.tracking_code}",
        f"申请内容：{app.description}",
        "",
    ]
    if url:
        lines.append(f"查看和下载：{url}")
        lines.append("（打开后请输入申请时填写的联系电话的后四位。）")
    lines += [
        "您也可以凭查询码和联系电话后四位在本机关政府信息公开网站查询办理进度。",
        "文书的正式文本以本机关送达的为准。",
    ]
    if agency.office_phone:
        lines.append(f"如有疑问，请致电{agency.office_name or agency.name}：{agency.office_phone}。")
    lines += ["", "本邮件由系统自动发送，请勿直接回复。"]
    subject = f"{agency.name}：您的政府信息公开申请（查询码 {app.tracking_code}）{title}"
    return subject, "\n".join(lines)
