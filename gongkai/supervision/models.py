"""Records of the supervising office's work: which annual-report reminders went to whom."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.models import Agency


class ReportReminder(models.Model):
    """One reminder e-mailed to one person about one agency's annual report for one year: sent once
    per kind (10 days before the due date, after it has passed), however often the scan runs."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "即将到期"
        OVERDUE = "overdue", "逾期未提交"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name="机关")
    year = models.PositiveSmallIntegerField("报告年度")
    kind = models.CharField("提醒类型", max_length=10, choices=Kind.choices)
    due = models.DateField("提交期限")
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = "年度报告提醒"
        verbose_name_plural = verbose_name
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "year", "kind"], name="report_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} 年度报告{self.get_kind_display()}提醒 → {self.user}"
