"""The catalog records (政府信息) with the metadata of spec/domain.md §4, their review steps, their
attachments and the statistics table 二 needs beyond the catalog (第二十条第（五）（六）（八）项).

Nothing here is saved directly: :mod:`gongkai.catalog.actions` is the one write path. Every
record keeps its history (django-simple-history), so a withdrawn or repealed item shows who
changed what and why.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import REVIEW_LEVELS
from gongkai.law.statute import ART_20_ITEMS

# 第二十条第（一）…（十五）项, by number, with the statute's own words.
ART_20_CHOICES = [(n, text.rstrip("；。")) for n, text in enumerate(ART_20_ITEMS, start=1)]

# The 体裁/信息类别 an agency starts with (the seed agency's report and real catalogs); each agency
# edits its own list afterwards.
DEFAULT_CATEGORIES: tuple[str, ...] = (
    "机构职能",
    "法规文件",
    "规划计划",
    "财政资金",
    "人大建议和政协提案办理",
    "工作动态",
    "政策解读",
    "年度工作报告",
    "人事信息",
    "通知公告",
    "其他",
)

# Most review levels an agency may configure: the three of 三审, and up to two more 主要领导-level
# sign-offs for agencies that add one (e.g. 集体审议).
MAX_REVIEW_LEVELS = 5


class Topic(models.Model):
    """主题分类 (e.g. 「综合政务\\政务公开」): one vocabulary for the whole government, editable."""

    name = models.CharField("主题分类", max_length=60, unique=True)
    position = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("在用", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = verbose_name
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """体裁/信息类别, per agency (the report counts published items by these names)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="catalog_categories", verbose_name="机关"
    )
    name = models.CharField("信息类别", max_length=40)
    position = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("在用", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "信息类别"
        verbose_name_plural = verbose_name
        ordering = ["agency", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="catalog_category_unique")]

    def __str__(self) -> str:
        return self.name


class CatalogRules(models.Model):
    """What an agency configures about its catalog: how many review levels, and its 索引号."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="catalog_rules", verbose_name="机关"
    )
    review_levels = models.PositiveSmallIntegerField(
        "发布审查层级",
        default=len(REVIEW_LEVELS),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REVIEW_LEVELS)],
        help_text="1：科室负责人；2：再经分管领导；3：再经主要领导（三审）；更多层级均由主要领导审查。",
    )
    index_format = models.CharField("索引号格式", max_length=20, default="national")
    index_prefix = models.CharField(
        "索引号前段码",
        max_length=30,
        blank=True,
        help_text="留空则使用组织机构代码（或统一社会信用代码第9至17位）。",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "主动公开设置"
        verbose_name_plural = verbose_name


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEW = "review", "审查中"
    APPROVED = "approved", "审查通过待发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class Disclosure(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"


class DocumentKind(models.TextChoices):
    """What table 二 第（一）项 counts: 规章 and 行政规范性文件; everything else is OTHER."""

    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER = "other", "其他"


class CatalogItem(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="catalog_items", verbose_name="机关"
    )
    title = models.CharField("名称", max_length=300)
    # Assigned when published, never changed afterwards (目录系统实施指引: 「唯一不变的标识」).
    index_number = models.CharField("索引号", max_length=60, unique=True, null=True, blank=True)
    index_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    index_serial = models.PositiveIntegerField(null=True, blank=True, editable=False)
    summary = models.TextField("内容概述", blank=True)
    publisher = models.CharField("发布机构", max_length=200, blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    document_number = models.CharField("文号", max_length=100, blank=True)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="items", verbose_name="主题分类"
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name="体裁/信息类别",
    )
    article20_item = models.PositiveSmallIntegerField(
        "第二十条所列事项", null=True, blank=True, choices=ART_20_CHOICES
    )
    disclosure = models.CharField(
        "公开属性", max_length=12, choices=Disclosure.choices, default=Disclosure.PROACTIVE
    )
    disclosure_reason = models.TextField("不予公开或依申请公开的理由", blank=True)
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, default=Validity.VALID)
    full_text_electronic = models.BooleanField("全文电子化", default=True)
    # Plain text only: pages escape it; HTML a user pasted is reduced to its text by the action.
    body = models.TextField("正文", blank=True)
    formed_on = models.DateField("形成或者变更日期", null=True, blank=True)
    special_due = models.DateField(
        "法律、法规规定的公开期限", null=True, blank=True, help_text="第二十六条：另有规定的，从其规定。"
    )
    # 第二十六条's due date, kept by the actions from formed_on (or special_due) for the to-do lists.
    publish_due = models.DateField("应公开日期", null=True, blank=True, db_index=True)

    # The 规章/行政规范性文件 lifecycle (table 二 第（一）项).
    document_kind = models.CharField(
        "文件类型", max_length=10, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    issued_on = models.DateField("制发日期", null=True, blank=True)
    amended_on = models.DateField("最近修订日期", null=True, blank=True)
    repealed_on = models.DateField("失效或废止日期", null=True, blank=True)

    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    review_round = models.PositiveSmallIntegerField("审查轮次", default=1)
    # The level whose review the item waits for while in REVIEW (0 otherwise): the to-do queries.
    review_level = models.PositiveSmallIntegerField("待审查层级", default=0)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdrawn_reason = models.TextField("撤回理由", blank=True)
    interprets = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interpretations",
        verbose_name="所解读的文件",
    )
    # Where an imported record was first published (its history reason holds only a shortened form).
    source_url = models.URLField("原文链接", max_length=500, blank=True)
    # The new-draft form's one-time key: a second POST of the same form finds this row (kept in the
    # database, so that every app server and a restarted one see it).
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="起草人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    history = HistoricalRecords(excluded_fields=["submission_key"])

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = verbose_name
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "index_year", "index_serial"], name="catalog_index_serial_unique"
            )
        ]
        indexes = [
            # Report figures and the public lists: one agency's published items by date.
            models.Index(fields=["agency", "state", "published_on"], name="catalog_agency_published"),
            models.Index(fields=["agency", "document_kind", "issued_on"], name="catalog_agency_kind_issued"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_lifecycle_document(self) -> bool:
        return self.document_kind in (DocumentKind.RULE, DocumentKind.NORMATIVE)

    def is_public_on(self, day: date) -> bool:
        return (
            self.state == State.PUBLISHED
            and self.disclosure == Disclosure.PROACTIVE
            and self.published_on is not None
            and self.published_on <= day
        )


ATTACHMENT_KINDS = {
    "pdf": ("application/pdf", "PDF"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"),
    "ofd": ("application/ofd", "OFD"),
    "png": ("image/png", "PNG"),
    "jpg": ("image/jpeg", "JPG"),
    "gif": ("image/gif", "GIF"),
}


class CatalogAttachment(models.Model):
    """A file published with an item; ``text`` is what search reads (PDF and DOCX only)."""

    item = models.ForeignKey(CatalogItem, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=8, choices=[(k, v[1]) for k, v in ATTACHMENT_KINDS.items()])
    size = models.PositiveIntegerField("大小（字节）")
    file = models.FileField(upload_to="catalog/%Y/%m/")
    text = models.TextField("提取的文字", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        verbose_name = "政府信息附件"
        verbose_name_plural = verbose_name
        ordering = ["id"]

    @property
    def content_type(self) -> str:
        return ATTACHMENT_KINDS[self.kind][0]


class ReviewStep(models.Model):
    """One level of the 第十七条 review: the decision, the opinion and the 保密审查 checklist."""

    class Decision(models.TextChoices):
        APPROVED = "approved", "同意公开"
        RETURNED = "returned", "退回修改"

    item = models.ForeignKey(CatalogItem, on_delete=models.CASCADE, related_name="reviews")
    level = models.PositiveSmallIntegerField("审查层级")
    round = models.PositiveSmallIntegerField("第几轮", default=1)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name="审查人")
    decision = models.CharField("审查结论", max_length=10, choices=Decision.choices)
    opinion = models.TextField("审查意见", blank=True)
    secret = models.BooleanField("是否涉及国家秘密")
    trade_secret = models.BooleanField("是否涉及商业秘密")
    privacy = models.BooleanField("是否涉及个人隐私")
    disclosure_confirmed = models.BooleanField("公开属性是否已确认")
    at = models.DateTimeField("审查时间", auto_now_add=True)

    class Meta:
        verbose_name = "发布审查"
        verbose_name_plural = verbose_name
        ordering = ["id"]


class StatisticsEntry(models.Model):
    """第二十条第（五）（六）（八）项 for one agency and year: what the catalog does not hold. The
    counts include decisions not disclosed (30号文: 「包括已公开和依法未公开的全部处理决定」)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="catalog_statistics", verbose_name="机关"
    )
    year = models.PositiveSmallIntegerField("年度")
    licensing = models.PositiveIntegerField("行政许可处理决定数量", default=0)
    penalties = models.PositiveIntegerField("行政处罚处理决定数量", default=0)
    enforcement = models.PositiveIntegerField("行政强制处理决定数量", default=0)
    fees = models.DecimalField("行政事业性收费金额（万元）", max_digits=18, decimal_places=6, default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="填报人",
    )
    entered_at = models.DateTimeField("填报时间", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "主动公开统计数据"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="catalog_statistics_unique")]


def _handover_upload_to(package: HandoverPackage, filename: str) -> str:
    return f"handover/{package.agency.code}/{filename}"


class HandoverPackage(models.Model):
    """第二十五条 「及时向国家档案馆、公共图书馆提供主动公开的政府信息」: one agency's items published in
    one month, as a ZIP (清单 XLSX + CSV, each item's text and attachments) for 两馆. Built only by
    ``actions.BuildHandover``; rebuilding a month replaces the file and history keeps the change."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="handover_packages", verbose_name="机关"
    )
    year = models.PositiveSmallIntegerField("年份")
    month = models.PositiveSmallIntegerField("月份", validators=[MinValueValidator(1), MaxValueValidator(12)])
    file = models.FileField("移交包", upload_to=_handover_upload_to, max_length=300)
    item_count = models.PositiveIntegerField("信息条数")
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    sha256 = models.CharField("SHA-256", max_length=64)
    built_at = models.DateTimeField("生成时间")
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="生成人",
        help_text="空：按计划由系统生成。",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "两馆移交包"
        verbose_name_plural = verbose_name
        ordering = ["agency", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "month"], name="catalog_handover_month_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年{self.month}月两馆移交包"
