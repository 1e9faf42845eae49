"""Records already published elsewhere (an agency's old portal): 导入 as published items, with
their original 发布日期 and, when the source printed one, their 索引号 — no 第十七条 review here,
because the information was reviewed and published before it came to this system. The history
says so, and names the source page."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from gongkai.actions import BaseAction
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action
from gongkai.annual.locks import ensure_open

from .. import deadlines, index_number
from ..indexing import index_item
from ..models import CatalogItem, Category, DocumentKind, State, Topic, Validity
from .base import normalise_document_number, plain_text, rules_of, today

IMPORT_REASON = "导入已在原网站发布的政府信息"
# django-simple-history keeps the reason in a varchar(100).
REASON_LENGTH = 100

# What an imported record may carry; state, 索引号 and 发布日期 are the action's own arguments.
IMPORT_FIELDS = (
    "title",
    "summary",
    "publisher",
    "written_on",
    "document_number",
    "topic",
    "category",
    "validity",
    "document_kind",
    "full_text_electronic",
    "body",
)


class ImportPublished(BaseAction[CatalogItem]):
    """Create an item in state 已发布 on ``published_on`` (a past day), keeping ``index_number``
    when the source gave one (unique), otherwise numbering it as :class:`Publish` does; then
    index it for search."""

    permission = Action.EDIT
    default_reason = IMPORT_REASON

    def __init__(
        self,
        actor: Any,
        agency: Agency,
        fields: dict[str, Any],
        *,
        published_on: date,
        index_number: str = "",
        source_url: str = "",
        reason: str = "",
    ):
        super().__init__(actor, reason=reason)
        unknown = set(fields) - set(IMPORT_FIELDS)
        if unknown:
            raise TypeError(f"ImportPublished 不能设置这些字段：{', '.join(sorted(unknown))}")
        self.agency, self.fields = agency, dict(fields)
        self.published_on = published_on
        self.index_number = (index_number or "").strip()
        self.source_url = (source_url or "").strip()

    def target(self) -> Agency:
        return self.agency

    def describe(self) -> str:
        return self._with_source(IMPORT_REASON)

    @property
    def history_reason(self) -> str:
        # The source page stays in the history even when the caller gives its own reason.
        return self._with_source(self.reason) if self.reason else self.describe()

    def _with_source(self, reason: str) -> str:
        """「reason（原文：URL）」 within history's 100 characters: a long URL loses its middle."""
        if not self.source_url:
            return reason[:REASON_LENGTH]
        room = REASON_LENGTH - len(reason) - len("（原文：）")
        url = re.sub(r"^https?://(?:www\.)?", "", self.source_url)
        if len(url) > room:
            keep = max(room - 1, 2)
            url = url[: keep - keep // 2] + "…" + url[len(url) - keep // 2 :]
        return f"{reason}（原文：{url}）"[:REASON_LENGTH]

    def validate(self) -> None:
        f = self.fields
        f["title"] = plain_text(f.get("title") or "")
        if not f["title"]:
            raise ValidationError("请填写信息名称。")
        for name in ("summary", "publisher", "body"):
            f[name] = plain_text(f.get(name) or "")
        f["document_number"] = normalise_document_number(f.get("document_number") or "")
        if self.published_on is None:
            raise ValidationError("请填写原发布日期。")
        if self.published_on > today():
            raise ValidationError(f"发布日期（{self.published_on:%Y-%m-%d}）不能晚于今天。")
        ensure_open(self.agency, self.published_on)  # annual report's period lock
        written = f.get("written_on")
        if written is not None and written > self.published_on:
            raise ValidationError(
                f"成文日期（{written:%Y-%m-%d}）不能晚于发布日期（{self.published_on:%Y-%m-%d}）。"
            )
        category = f.get("category")
        if category is not None and (
            not isinstance(category, Category) or category.agency_id != self.agency.pk
        ):
            raise ValidationError("请从本机关的信息类别中选择。")
        topic = f.get("topic")
        if topic is not None and not isinstance(topic, Topic):
            raise ValidationError("请从主题分类中选择。")
        if f.get("validity", Validity.VALID) not in Validity.values:
            raise ValidationError("有效性应为有效、失效或废止。")
        if f.get("document_kind", DocumentKind.OTHER) not in DocumentKind.values:
            raise ValidationError("文件类型应为规章、行政规范性文件或其他。")
        if self.index_number:
            holder = CatalogItem.objects.filter(index_number=self.index_number).first()
            if holder is not None:
                raise ValidationError(f"索引号“{self.index_number}”已被“{holder.title}”使用，索引号须唯一。")

    def apply(self) -> CatalogItem:
        item = CatalogItem(
            agency=self.agency,
            created_by=self.history_user,
            state=State.PUBLISHED,
            published_on=self.published_on,
            **self.fields,
        )
        if not item.publisher:
            item.publisher = self.agency.name
        item.source_url = self.source_url[:500]
        item.formed_on = item.written_on
        if item.is_lifecycle_document and item.issued_on is None:
            item.issued_on = item.written_on or self.published_on
        if self.index_number:
            item.index_number = self.index_number
        else:
            rules = rules_of(self.agency, lock=True)  # serials are counted under this lock
            serial = index_number.next_serial(self.agency.pk, self.published_on.year)
            prefix = index_number.prefix_of(self.agency, rules.index_prefix)
            item.index_number = index_number.format_index(
                rules.index_format, prefix, self.published_on, serial
            )
            item.index_year, item.index_serial = self.published_on.year, serial
        item.publish_due = deadlines.due_of(item)
        self.stamp(item).save()
        index_item(item)
        return item
