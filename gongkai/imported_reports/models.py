"""An import batch (what one person uploaded at once) and each distinct file in it.

A file belongs to the importing office: the same bytes (sha256) are kept once per office, so
re-importing does not duplicate them. What the checker read is kept as the JSON object of
``gongkai check --json`` (gongkai.reportio.contract), with the counts the lists need beside it.
State changes only through :mod:`gongkai.imported_reports.actions`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from gongkai.agencies.models import Agency

SOURCE = "外部发布"


class ImportBatch(models.Model):
    office = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="导入机关")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="导入人",
        help_text="空：由命令行导入。",
    )
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    label = models.CharField("说明", max_length=200, blank=True)
    duplicates = models.JSONField("已导入过的文件", default=list, blank=True)
    skipped = models.JSONField("未导入的文件及原因", default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "外部报告导入批次"
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-pk"]

    def permission_agency_id(self) -> int:
        return self.office_id

    def __str__(self) -> str:
        return f"{self.office} {self.created_at:%Y-%m-%d %H:%M}"


class ImportedFile(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "等待核查"
        CHECKED = "checked", "已核查"
        UNREADABLE = "unreadable", "无法读取"

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="files", verbose_name="批次"
    )
    office = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="导入机关")
    name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    stored = models.CharField("存放位置", max_length=300, help_text="相对于 MEDIA_ROOT。")
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.QUEUED)
    agency_name = models.CharField("发布机关", max_length=200, blank=True)
    agency_key = models.CharField("机关比对名", max_length=200, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    format = models.CharField("格式", max_length=8, blank=True)
    kind = models.CharField("文件类型", max_length=8, blank=True)
    error_count = models.PositiveIntegerField("错误", default=0)
    warning_count = models.PositiveIntegerField("警告", default=0)
    result = models.JSONField("核查结果", null=True, blank=True)
    checked_at = models.DateTimeField("核查时间", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "外部发布的年度报告"
        verbose_name_plural = verbose_name
        ordering = ["batch", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["office", "sha256"], name="imported_file_once_per_office")
        ]

    def permission_agency_id(self) -> int:
        return self.office_id

    @property
    def done(self) -> bool:
        return self.state != self.State.QUEUED

    @property
    def findings(self) -> list[dict]:
        return (self.result or {}).get("findings", [])

    @property
    def error_text(self) -> str:
        return (self.result or {}).get("error") or ""

    def counts_by_rule(self, severity: str = "") -> dict[str, int]:
        """{rule id: findings}, of one severity ("E", "W") or all."""
        counts: dict[str, int] = {}
        for f in self.findings:
            if not severity or f["severity"] == severity:
                counts[f["rule"]] = counts.get(f["rule"], 0) + 1
        return dict(sorted(counts.items()))

    @property
    def rule_summary(self) -> str:
        """「T3-05×1、T2-01×2」: the findings counted by rule, for lists."""
        return "、".join(f"{rule}×{n}" for rule, n in self.counts_by_rule().items())

    def __str__(self) -> str:
        return self.name
