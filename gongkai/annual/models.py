"""The annual report's records: thin storage, the rules stay in gongkai.law.

- ``AnnualReport``: one agency's report for one year (``kind=agency``), or a supervising office's
  government-wide report (``kind=aggregate``, its tables summed by gongkai.supervision). The
  edited narrative lives in ``sections``; the tables are computed from the records each time
  (gongkai.annual.building) until approval, when ``figures`` keeps the whole report as approved
  (``Report.to_json``) — what the portal publishes and the supervising office reads.
- ``FigureOverride``: a table cell set by hand, with the reason (records that start mid-year).
- ``FindingAcknowledgement``: a warning someone has read and accepted, per finding.
- ``ReportReview``: one leader's decision (REVIEW_LEVELS, as the catalog's 三审).
- ``PeriodLock`` / ``PeriodUnlock``: the (agency, year) whose figures may no longer change.
- ``PreviousReport``: last year's report when the system has none of its own (uploaded or entered).
- ``WorkPoint``: the year's 政务公开工作要点 items the agency tracks for section 一.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from gongkai.agencies.models import Agency


class AnnualReport(models.Model):
    class Kind(models.TextChoices):
        AGENCY = "agency", "本机关年度报告"
        AGGREGATE = "aggregate", "本级政府汇总年度报告"

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        IN_REVIEW = "in_review", "审核中"
        RETURNED = "returned", "退回修改"
        APPROVED = "approved", "已审定"
        PUBLISHED = "published", "已公开"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="annual_reports", verbose_name="机关"
    )
    year = models.PositiveSmallIntegerField("报告年度")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.AGENCY)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    review_level = models.PositiveSmallIntegerField("当前审核层级", default=0)
    review_round = models.PositiveSmallIntegerField("审核轮次", default=1)
    # {"一": text, …, "六": text}: the narrative as staff edited it (the draft text to start with)
    sections = models.JSONField("正文", default=dict, blank=True)
    # Report.to_json() as approved (tables, sections, publication date); {} before approval
    figures = models.JSONField("审定时的报告", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    approved_at = models.DateTimeField("审定时间", null=True, blank=True)
    submitted_at = models.DateTimeField("报送主管部门时间", null=True, blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = verbose_name
        ordering = ["-year", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "kind"], name="annual_report_once"),
        ]

    def __str__(self) -> str:
        return f"{self.agency.name} {self.year} 年{self.get_kind_display()}"

    @property
    def is_frozen(self) -> bool:
        """Approved or published: the tables are the snapshot in ``figures``, not the records."""
        return self.state in (self.State.APPROVED, self.State.PUBLISHED) and bool(self.figures)

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


class FigureOverride(models.Model):
    """A cell set by hand. ``table`` "2"/"3"/"4"; ``row`` a 表二 row label, 表三 row key or "" (表四);
    ``column`` a 表二 column label or the 表三/表四 column index as text; ``value`` as typed."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="overrides")
    table = models.CharField("表", max_length=1)
    row = models.CharField("行", max_length=80, blank=True)
    column = models.CharField("列", max_length=40)
    value = models.CharField("数值", max_length=40)
    reason = models.TextField("调整原因")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="调整人",
    )
    at = models.DateTimeField("调整时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "年报数据调整"
        verbose_name_plural = verbose_name
        ordering = ["table", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "table", "row", "column"], name="annual_override_cell"),
        ]


class FindingAcknowledgement(models.Model):
    """A warning (severity W) read and accepted before submission."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="acknowledgements")
    rule = models.CharField("规则", max_length=12)
    where = models.CharField("位置", max_length=300, blank=True)
    message = models.TextField("内容", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="确认人",
    )
    at = models.DateTimeField("确认时间", auto_now_add=True)

    class Meta:
        verbose_name = "年报警告确认"
        verbose_name_plural = verbose_name
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "rule", "where", "message"], name="annual_ack_once"),
        ]


class ReportReview(models.Model):
    class Decision(models.TextChoices):
        APPROVED = "approved", "同意"
        RETURNED = "returned", "退回修改"

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="reviews")
    level = models.PositiveSmallIntegerField("审核层级")
    round = models.PositiveSmallIntegerField("第几轮", default=1)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name="审核人")
    decision = models.CharField("审核结论", max_length=10, choices=Decision.choices)
    opinion = models.TextField("审核意见", blank=True)
    at = models.DateTimeField("审核时间", auto_now_add=True)

    class Meta:
        verbose_name = "年报审核"
        verbose_name_plural = verbose_name
        ordering = ["id"]


class PeriodLock(models.Model):
    """The year's figures are final: records dated in it may not be created or changed."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="period_locks", verbose_name="机关"
    )
    year = models.PositiveSmallIntegerField("年度")
    report = models.ForeignKey(
        AnnualReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    locked_at = models.DateTimeField("锁定时间", auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="锁定人",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "年度数据锁定"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="period_lock_once")]


class PeriodUnlock(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    year = models.PositiveSmallIntegerField("年度")
    reason = models.TextField("解锁原因")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="解锁人",
    )
    at = models.DateTimeField("解锁时间", auto_now_add=True)

    class Meta:
        verbose_name = "年度数据解锁"
        verbose_name_plural = verbose_name
        ordering = ["-at"]


class PreviousReport(models.Model):
    """Last year's report from outside the system, for the cross-year rules (T3-05, N-04 …)."""

    class Source(models.TextChoices):
        FILE = "file", "上传文件"
        ENTERED = "entered", "手工录入"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    year = models.PositiveSmallIntegerField("年度")
    source = models.CharField("来源", max_length=8, choices=Source.choices)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    report = models.JSONField("报告内容")  # Report.to_json()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField("录入时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "上一年度报告"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="previous_report_once")]


class WorkPoint(models.Model):
    """One item of the year's 政务公开工作要点 and how the agency carried it out (section 一)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    year = models.PositiveSmallIntegerField("年度")
    position = models.PositiveSmallIntegerField("序号", default=0)
    title = models.CharField("工作要点", max_length=200)
    progress = models.TextField("落实情况", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "政务公开工作要点"
        verbose_name_plural = verbose_name
        ordering = ["year", "position", "id"]
