"""The working-day calendar as data: one row per year's schedule, one row per exceptional day.

Only exceptions are stored: a day not listed is a working day Monday–Friday and a rest day on
the weekend. A year counts for deadlines only once it is marked maintained (维护完成).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from gongkai.law.holiday_notice import HOLIDAY, MAKEUP_WORKDAY


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField(
        "数据来源",
        max_length=200,
        help_text="如“chinesecalendar 1.11.0”或“国务院办公厅通知 国办发明电〔2025〕7号”。",
    )
    notice_title = models.CharField("通知标题", max_length=200, blank=True)
    notice_date = models.DateField("通知发布日期", null=True, blank=True)
    maintained = models.BooleanField(
        "已维护", default=False, help_text="勾选后，该年度的日期才参与法定期限计算。"
    )
    # Bumped on every change of this year or of any of its days; get_calendar() compares the
    # sum over all years to know, with one small query, whether its cached schedule is stale.
    revision = models.PositiveIntegerField("修订号", default=0, editable=False)
    updated = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        verbose_name = "工作日历年度"
        verbose_name_plural = "工作日历年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} 年（{'已维护' if self.maintained else '未维护'}）"

    def save(self, *args, **kwargs):
        self.revision = (self.revision or 0) + 1
        super().save(*args, **kwargs)


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = HOLIDAY, "放假"
        MAKEUP_WORKDAY = MAKEUP_WORKDAY, "调休上班"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    name = models.CharField("节日名称", max_length=40, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    updated = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "节假日与调休日"
        verbose_name_plural = "节假日与调休日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}".strip()

    def clean(self) -> None:
        if self.date and self.kind == MAKEUP_WORKDAY and self.date.weekday() < 5:
            raise ValidationError({"kind": "周一至周五本来就是工作日，不能设为调休上班日。"})
