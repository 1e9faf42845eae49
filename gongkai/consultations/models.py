"""Policy consultations, complaints and suggestions from the public (政策咨询、投诉、建议).

Models are thin: every change goes through :mod:`gongkai.consultations.actions`. ``received_on``
(the local date of ``received_at``), ``answer_due`` (the target number of working days after it,
on the working-day calendar) and ``answered_on`` are derived by the actions and stored for lists and
aggregate queries. The asker's phone is encrypted at rest and masked wherever a list shows it
(:mod:`gongkai.applications.personal`); the published question and answer are separate texts that
staff edit for publication, so the asker's own words and personal details never reach the public
page unless staff copy them there.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from gongkai.agencies.models import Agency
from gongkai.applications.personal import EncryptedTextField, mask_phone


class Kind(models.TextChoices):
    CONSULTATION = "consultation", "政策咨询"
    COMPLAINT = "complaint", "投诉"
    SUGGESTION = "suggestion", "建议"


class Channel(models.TextChoices):
    WEBSITE = "website", "网站"
    HOTLINE = "hotline", "热线电话"
    WECHAT = "wechat", "微信"
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"


class State(models.TextChoices):
    NEW = "new", "待分派"
    HANDLING = "handling", "办理中"
    ANSWERED = "answered", "已答复"
    PUBLISHED = "published", "已公开"
    CLOSED = "closed", "不予公开答复"


OPEN_STATES = (State.NEW, State.HANDLING)
ANSWERED_STATES = (State.ANSWERED, State.PUBLISHED, State.CLOSED)


class Consultation(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="consultations", verbose_name="受理机关"
    )
    tracking_code = models.CharField("查询码", max_length=16, unique=True)
    # The public form's one-time token: a second POST of the same form finds this row.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    channel = models.CharField("渠道", max_length=12, choices=Channel.choices)
    subject = models.CharField("标题", max_length=120)
    question = models.TextField("内容")
    asker_name = models.CharField("姓名", max_length=60)
    phone = EncryptedTextField("联系电话", blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    received_at = models.DateTimeField("收到时间")
    received_on = models.DateField("收到日期", db_index=True)
    answer_due = models.DateField("答复目标日期", null=True, blank=True)

    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.NEW, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_consultations",
        verbose_name="经办人",
    )
    answer = models.TextField("答复内容", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_consultations",
        verbose_name="答复人",
    )

    published = models.BooleanField("已公开", default=False)
    published_subject = models.CharField("公开的标题", max_length=120, blank=True)
    published_question = models.TextField("公开的问题", blank=True)
    published_answer = models.TextField("公开的答复", blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)

    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["submission_key"])

    class Meta:
        verbose_name = "政策咨询和投诉"
        verbose_name_plural = verbose_name
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "received_on"], name="consult_agency_received"),
            models.Index(fields=["agency", "state", "answer_due"], name="consult_agency_state_due"),
            models.Index(fields=["agency", "published", "published_at"], name="consult_agency_published"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} · {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class ContactAccess(models.Model):
    """Who saw an asker's full phone number, when and why (append-only)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="contact_accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    reason = models.CharField("事由", max_length=200)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "联系电话查看记录"
        verbose_name_plural = verbose_name
        ordering = ["-at"]
