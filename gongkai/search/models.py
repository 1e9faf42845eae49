"""One row per searchable thing; the token index beside it is kept by :mod:`gongkai.search.backends`."""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    class Validity(models.TextChoices):
        VALID = "有效", "有效"
        EXPIRED = "失效", "失效"
        REPEALED = "废止", "废止"

    kind = models.CharField("类型", max_length=20, help_text="来源类别，如 catalog（政府信息）。")
    key = models.CharField("来源编号", max_length=64)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="search_documents", verbose_name="发布机关"
    )
    title = models.CharField("标题", max_length=500)
    document_number = models.CharField("文号", max_length=100, blank=True)
    index_number = models.CharField("索引号", max_length=100, blank=True)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True)
    attachment_text = models.TextField("附件文字", blank=True)
    category = models.CharField("信息类别", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    validity = models.CharField("有效性", max_length=4, choices=Validity.choices, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    url = models.CharField("网址", max_length=500, blank=True)

    class Meta:
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="search_document_kind_key")]

    def __str__(self) -> str:
        return self.title
