"""Drafting: a clerk creates or edits an item and its attachments, then submits it for review."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from gongkai.actions import BaseAction
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action

from .. import files
from ..models import (
    ART_20_CHOICES,
    CatalogAttachment,
    CatalogItem,
    Category,
    Disclosure,
    DocumentKind,
    State,
    Topic,
)
from .base import ItemAction, categories_of, normalise_document_number, plain_text, today

# What a draft's form may set; everything else (state, 索引号, publication) belongs to later actions.
DRAFT_FIELDS = (
    "title",
    "summary",
    "publisher",
    "written_on",
    "document_number",
    "topic",
    "category",
    "article20_item",
    "disclosure",
    "disclosure_reason",
    "full_text_electronic",
    "body",
    "formed_on",
    "special_due",
    "document_kind",
    "issued_on",
    "interprets",
)
TEXT_FIELDS = ("title", "summary", "publisher", "disclosure_reason")
DATE_LABELS = {"written_on": "成文日期", "formed_on": "形成或者变更日期", "issued_on": "制发日期"}


class SaveDraft(BaseAction[CatalogItem]):
    """Create a draft (``item=None``) or change one that is a draft (new, or returned by review)."""

    permission = Action.EDIT
    default_reason = "保存草稿"

    def __init__(
        self,
        actor: Any,
        agency: Agency,
        fields: dict[str, Any],
        *,
        item: CatalogItem | None = None,
        reason: str = "",
        submission_key: str = "",
    ):
        super().__init__(actor, reason=reason)
        unknown = set(fields) - set(DRAFT_FIELDS)
        if unknown:
            raise TypeError(f"SaveDraft 不能修改这些字段：{', '.join(sorted(unknown))}")
        self.agency, self.fields, self.item = agency, dict(fields), item
        # A new draft's form key: the same form sent twice saves one draft (see apply()).
        self.submission_key = (submission_key or None) if item is None else None
        self.earlier: CatalogItem | None = None

    def target(self) -> Any:
        return self.item if self.item is not None else self.agency

    def describe(self) -> str:
        return "新建政府信息草稿" if self.item is None else "修改政府信息草稿"

    def validate(self) -> None:
        if self.submission_key:
            self.earlier = CatalogItem.objects.filter(submission_key=self.submission_key).first()
            if self.earlier is not None:
                return  # a double submit: apply() answers with the first draft
        if self.item is not None:
            self.item = CatalogItem.objects.select_for_update().get(pk=self.item.pk)
            if self.item.agency_id != self.agency.pk:
                raise ValidationError("该信息不属于这个机关。")
            if self.item.state != State.DRAFT:
                raise ValidationError(
                    f"该信息目前“{self.item.get_state_display()}”，不能修改。已发布的信息请撤回或登记修订。"
                )
        f = self.fields
        for name in TEXT_FIELDS:
            if name in f:
                f[name] = plain_text(f[name] or "")
        if "body" in f:
            f["body"] = plain_text(f["body"] or "")
        if "document_number" in f:
            f["document_number"] = normalise_document_number(f["document_number"] or "")
        merged = {name: getattr(self.item, name) if self.item else None for name in DRAFT_FIELDS}
        merged.update(f)
        if not (merged["title"] or "").strip():
            raise ValidationError("请填写信息名称。")
        for name, label in DATE_LABELS.items():
            value = merged.get(name)
            if value is not None and value > today():
                raise ValidationError(f"{label}（{value:%Y-%m-%d}）不能晚于今天。")
        category = merged.get("category")
        if category is not None:
            categories_of(self.agency)
            if not isinstance(category, Category) or category.agency_id != self.agency.pk:
                raise ValidationError("请从本机关的信息类别中选择。")
        topic = merged.get("topic")
        if topic is not None and not isinstance(topic, Topic):
            raise ValidationError("请从主题分类中选择。")
        item20 = merged.get("article20_item")
        if item20 is not None and item20 not in dict(ART_20_CHOICES):
            raise ValidationError("第二十条所列事项应为第（一）至第（十五）项之一。")
        if merged.get("disclosure") and merged["disclosure"] not in Disclosure.values:
            raise ValidationError("公开属性应为主动公开、依申请公开或不予公开。")
        if merged.get("document_kind") and merged["document_kind"] not in DocumentKind.values:
            raise ValidationError("文件类型应为规章、行政规范性文件或其他。")
        interprets = merged.get("interprets")
        if interprets is not None and self.item is not None and interprets.pk == self.item.pk:
            raise ValidationError("政策解读不能解读其本身。")

    def apply(self) -> CatalogItem:
        if self.earlier is not None:
            return self.earlier
        item = self.item or CatalogItem(
            agency=self.agency, created_by=self.history_user, submission_key=self.submission_key
        )
        for name, value in self.fields.items():
            setattr(item, name, value)
        if not item.publisher:
            item.publisher = self.agency.name
        from .. import deadlines

        item.publish_due = deadlines.due_of(item)
        self.stamp(item).save()
        return item


class SubmitForReview(ItemAction):
    """草稿 → 审查中 at the first level; what 第十七条 review and 第二十六条 need must be filled."""

    default_reason = "提交发布审查"
    states = (State.DRAFT,)
    verb = "提交审查"

    def validate(self) -> None:
        super().validate()
        item = self.item
        missing = []
        if item.category_id is None:
            missing.append("信息类别")
        if item.disclosure == Disclosure.PROACTIVE and item.formed_on is None:
            missing.append("形成或者变更日期（第二十六条据此计算公开期限）")
        if item.disclosure != Disclosure.PROACTIVE and not item.disclosure_reason.strip():
            missing.append(f"{item.get_disclosure_display()}的理由")
        if item.document_kind != DocumentKind.OTHER and not (item.document_number and item.written_on):
            missing.append(f"{item.get_document_kind_display()}的文号和成文日期")
        if missing:
            raise ValidationError("提交审查前请填写：" + "；".join(missing) + "。")
        if item.disclosure == Disclosure.PROACTIVE and not (item.body.strip() or item.attachments.exists()):
            raise ValidationError("主动公开的信息请填写正文或上传附件。")

    def apply(self) -> CatalogItem:
        return self.save(state=State.REVIEW, review_level=1)


class AddAttachment(ItemAction):
    """Attach a PDF, DOCX, OFD or image (≤ 20 MB, judged by content) to a draft."""

    default_reason = "上传附件"
    states = (State.DRAFT,)
    verb = "上传附件"

    def __init__(self, actor: Any, item: CatalogItem, *, name: str, data: bytes, reason: str = ""):
        super().__init__(actor, item, reason=reason)
        self.name, self.data = (name or "附件").strip()[:200], data
        self.kind = ""

    def validate(self) -> None:
        super().validate()
        self.kind = files.check_upload(self.name, self.data)

    def apply(self) -> CatalogItem:
        attachment = CatalogAttachment(
            item=self.item,
            name=self.name,
            kind=self.kind,
            size=len(self.data),
            text=files.extract_text(self.kind, self.data),
            uploaded_by=self.history_user,
        )
        attachment.file.save(f"attachment.{self.kind}", ContentFile(self.data), save=False)
        self.stamp(attachment).save()
        return self.save()


class RemoveAttachment(ItemAction):
    default_reason = "删除附件"
    states = (State.DRAFT,)
    verb = "删除附件"

    def __init__(self, actor: Any, attachment: CatalogAttachment, *, reason: str = ""):
        super().__init__(actor, attachment.item, reason=reason)
        self.attachment = attachment

    def apply(self) -> CatalogItem:
        attachment = CatalogAttachment.objects.get(pk=self.attachment.pk, item=self.item)
        self.stamp(attachment).delete()
        return self.save()
