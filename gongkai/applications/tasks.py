"""Background work of the applications (``django.tasks`` API through the django-tasks backport;
settings ``TASKS``: the database backend, run by the worker that ``gongkai serve`` starts).

- :func:`send_deadline_reminders` — the daily e-mail to each clerk (``gongkai scan`` enqueues it);
- :func:`notify_letter_issued` — tells an applicant who gave an e-mail address that a letter was
  issued (``CaseAction.letter()`` enqueues it once the action has committed);
- :func:`acknowledge_application` — sends an online applicant the tracking code (第三十一条（三）:
  the system confirms the application); ``SubmitOnline`` enqueues it in the filing's own
  transaction, so a filed application always has its task and a refused one never has.

Arguments are JSON (ids and ISO dates), as the database backend stores them.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
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


@task()
def acknowledge_application(application_id: int) -> str:
    """Acknowledge an online application once: the :class:`Acknowledgement` row is written in the
    same transaction as the e-mail is sent, so a task run again (its worker killed after the
    claim, the task handed to another) finds the row and sends nothing. "already" then."""
    from .models import Acknowledgement, Application

    with transaction.atomic():
        app = Application.objects.select_related("agency").filter(pk=application_id).first()
        if app is None:
            return "skipped"
        _ack, created = Acknowledgement.objects.get_or_create(
            application=app, defaults={"mailed": bool(app.email)}
        )
        if not created:
            return "already"
        if not app.email:
            return "recorded"
        subject, text = acknowledgement_message(app)
        send_mail(subject, text, None, [app.email])  # a failure rolls the row back: tried again later
    return "sent"


def acknowledgement_message(app) -> tuple[str, str]:
    """(subject, text) confirming an online application: its tracking code and dates, never the
    applicant's ID number or phone."""
    agency = app.agency
    received = app.received_on or app.arrived_on
    lines = [
        f"{app.name}：",
        "",
        f"{agency.name}已收到您于{received.year}年{received.month}月{received.day}日在网上提交的政府信息公开申请。",
        "",
        f"申请查询码：{app.tracking_code}",
        f"申请内容：{app.description}",
    ]
    if app.reply_due:
        lines.append(f"答复期限：{app.reply_due.year}年{app.reply_due.month}月{app.reply_due.day}日（依法顺延的除外）")
    lines += [
        "",
        "您可以凭查询码和联系电话后四位在本机关政府信息公开网站查询办理进度。",
        "",
        "本邮件由系统自动发送，请勿直接回复。",
    ]
    subject = f"{agency.name}：已收到您的政府信息公开申请（查询码 {app.tracking_code}）"
    return subject, "\n".join(lines)


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
