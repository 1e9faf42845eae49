"""The catalog's vocabularies and settings: each agency's 体裁/信息类别 (its 公开指南's 分类、编排体系,
第十二条), the government-wide 主题分类, and an agency's 主动公开设置 (review levels, 索引号).

A category or topic that items use is never deleted (the items and the annual report's counts
name it): it is deactivated, so new drafts no longer offer it.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

from gongkai.actions import BaseAction
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action

from .. import index_number
from ..models import MAX_REVIEW_LEVELS, CatalogItem, CatalogRules, Category, Topic
from .base import categories_of, rules_of

__all__ = [
    "AddCategory",
    "CreateTopic",
    "DeleteCategory",
    "DeleteTopic",
    "SaveCatalogRules",
    "UpdateCategory",
    "UpdateTopic",
]

CATEGORY_MAX = Category._meta.get_field("name").max_length
TOPIC_MAX = Topic._meta.get_field("name").max_length
POSITION_MAX = 32767
# 前段码: letters, digits and hyphens (a 组织机构代码, a 统一社会信用代码 part or a mnemonic such as
# tongjiju); never "/", which separates it from the serial.
_PREFIX = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{0,29}")


def _name(value: str, label: str, limit: int) -> str:
    value = re.sub(r"\s+", " ", value or "").strip()
    if not value:
        raise ValidationError(f"请填写{label}名称。")
    if len(value) > limit:
        raise ValidationError(f"{label}名称不能超过 {limit} 个字。")
    return value


def _position(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= POSITION_MAX:
        raise ValidationError(f"排序应为 0 至 {POSITION_MAX} 之间的整数。")
    return value


# --- 信息类别 (per agency) ---------------------------------------------------------------------------
class AddCategory(BaseAction[Category]):
    permission = Action.EDIT_AGENCY
    default_reason = "新增信息类别"

    def __init__(
        self, actor: Any, agency: Agency, name: str, *, position: int | None = None, reason: str = ""
    ):
        super().__init__(actor, reason=reason)
        self.agency, self.name, self.position = agency, name, position

    def target(self) -> Agency:
        return self.agency

    def validate(self) -> None:
        self.name = _name(self.name, "信息类别", CATEGORY_MAX)
        existing = categories_of(self.agency)
        if existing.filter(name=self.name).exists():
            raise ValidationError(f"本机关已有信息类别“{self.name}”（停用的可以重新启用）。")
        if self.position is None:
            last = existing.order_by("-position").values_list("position", flat=True).first()
            self.position = min(last + 1, POSITION_MAX) if last is not None else 0
        self.position = _position(self.position)

    def apply(self) -> Category:
        category = Category(agency=self.agency, name=self.name, position=self.position)
        self.stamp(category).save()
        return category


class UpdateCategory(BaseAction[Category]):
    """Rename, reorder, deactivate or reactivate one of the agency's categories."""

    permission = Action.EDIT_AGENCY
    default_reason = "修改信息类别"

    def __init__(
        self,
        actor: Any,
        category: Category,
        *,
        name: str | None = None,
        position: int | None = None,
        active: bool | None = None,
        reason: str = "",
    ):
        super().__init__(actor, reason=reason)
        self.category = category
        self.changes = {"name": name, "position": position, "active": active}

    def target(self) -> Category:
        return self.category

    def describe(self) -> str:
        if self.changes["active"] is False:
            return "停用信息类别"
        if self.changes["active"] is True and not self.category.active:
            return "启用信息类别"
        return self.default_reason

    def validate(self) -> None:
        self.category = Category.objects.select_for_update().get(pk=self.category.pk)
        name, position = self.changes["name"], self.changes["position"]
        if name is not None:
            name = self.changes["name"] = _name(name, "信息类别", CATEGORY_MAX)
            clash = Category.objects.filter(agency_id=self.category.agency_id, name=name)
            if clash.exclude(pk=self.category.pk).exists():
                raise ValidationError(f"本机关已有信息类别“{name}”。")
        if position is not None:
            _position(position)

    def apply(self) -> Category:
        for field, value in self.changes.items():
            if value is not None:
                setattr(self.category, field, value)
        self.stamp(self.category).save()
        return self.category


class DeleteCategory(BaseAction[None]):
    """Delete a category no item has ever used; one in use can only be deactivated."""

    permission = Action.EDIT_AGENCY
    default_reason = "删除信息类别"

    def __init__(self, actor: Any, category: Category, *, reason: str = ""):
        super().__init__(actor, reason=reason)
        self.category = category

    def target(self) -> Category:
        return self.category

    def validate(self) -> None:
        self.category = Category.objects.select_for_update().get(pk=self.category.pk)
        used = CatalogItem.objects.filter(category=self.category).count()
        if used:
            raise ValidationError(
                f"信息类别“{self.category.name}”已有 {used} 条信息使用，不能删除，只能停用。"
            )

    def apply(self) -> None:
        self.stamp(self.category).delete()


# --- 主题分类 (government-wide, system administrators) ------------------------------------------------
class CreateTopic(BaseAction[Topic]):
    permission = Action.MANAGE_AGENCIES
    default_reason = "新增主题分类"

    def __init__(self, actor: Any, name: str, *, position: int | None = None, reason: str = ""):
        super().__init__(actor, reason=reason)
        self.name, self.position = name, position

    def validate(self) -> None:
        self.name = _name(self.name, "主题分类", TOPIC_MAX)
        if Topic.objects.filter(name=self.name).exists():
            raise ValidationError(f"已有主题分类“{self.name}”（停用的可以重新启用）。")
        if self.position is None:
            last = Topic.objects.order_by("-position").values_list("position", flat=True).first()
            self.position = min(last + 1, POSITION_MAX) if last is not None else 0
        self.position = _position(self.position)

    def apply(self) -> Topic:
        topic = Topic(name=self.name, position=self.position)
        self.stamp(topic).save()
        return topic


class UpdateTopic(BaseAction[Topic]):
    permission = Action.MANAGE_AGENCIES
    default_reason = "修改主题分类"

    def __init__(
        self,
        actor: Any,
        topic: Topic,
        *,
        name: str | None = None,
        position: int | None = None,
        active: bool | None = None,
        reason: str = "",
    ):
        super().__init__(actor, reason=reason)
        self.topic = topic
        self.changes = {"name": name, "position": position, "active": active}

    def describe(self) -> str:
        if self.changes["active"] is False:
            return "停用主题分类"
        return self.default_reason

    def validate(self) -> None:
        self.topic = Topic.objects.select_for_update().get(pk=self.topic.pk)
        if self.changes["name"] is not None:
            name = self.changes["name"] = _name(self.changes["name"], "主题分类", TOPIC_MAX)
            if Topic.objects.filter(name=name).exclude(pk=self.topic.pk).exists():
                raise ValidationError(f"已有主题分类“{name}”。")
        if self.changes["position"] is not None:
            _position(self.changes["position"])

    def apply(self) -> Topic:
        for field, value in self.changes.items():
            if value is not None:
                setattr(self.topic, field, value)
        self.stamp(self.topic).save()
        return self.topic


class DeleteTopic(BaseAction[None]):
    permission = Action.MANAGE_AGENCIES
    default_reason = "删除主题分类"

    def __init__(self, actor: Any, topic: Topic, *, reason: str = ""):
        super().__init__(actor, reason=reason)
        self.topic = topic

    def validate(self) -> None:
        self.topic = Topic.objects.select_for_update().get(pk=self.topic.pk)
        used = CatalogItem.objects.filter(topic=self.topic).count()
        if used:
            raise ValidationError(f"主题分类“{self.topic.name}”已有 {used} 条信息使用，不能删除，只能停用。")

    def apply(self) -> None:
        self.stamp(self.topic).delete()


# --- 主动公开设置 ------------------------------------------------------------------------------------
class SaveCatalogRules(BaseAction[CatalogRules]):
    """How many review levels (1–5) an agency's items pass, and its 索引号 format and 前段码. A
    published item's 索引号 never changes: new settings apply to items published afterwards."""

    permission = Action.EDIT_AGENCY
    default_reason = "修改主动公开设置"

    def __init__(
        self,
        actor: Any,
        agency: Agency,
        *,
        review_levels: int,
        index_prefix: str = "",
        index_format: str | None = None,
        reason: str = "",
    ):
        super().__init__(actor, reason=reason)
        self.agency = agency
        self.review_levels, self.index_prefix, self.index_format = review_levels, index_prefix, index_format

    def target(self) -> Agency:
        return self.agency

    def validate(self) -> None:
        levels = self.review_levels
        if isinstance(levels, bool) or not isinstance(levels, int) or not 1 <= levels <= MAX_REVIEW_LEVELS:
            raise ValidationError(f"发布审查层级应为 1 至 {MAX_REVIEW_LEVELS} 级。")
        self.index_prefix = re.sub(r"\s+", "", self.index_prefix or "")
        if self.index_prefix and not _PREFIX.fullmatch(self.index_prefix):
            raise ValidationError("索引号前段码只能包含字母、数字和连字符“-”（最多 30 位），不能含“/”。")
        if self.index_format is not None and self.index_format not in index_number.FORMATTERS:
            raise ValidationError("请从列出的索引号格式中选择。")
        self.rules = rules_of(self.agency, lock=True)

    def apply(self) -> CatalogRules:
        rules = self.rules
        rules.review_levels = self.review_levels
        rules.index_prefix = self.index_prefix
        if self.index_format is not None:
            rules.index_format = self.index_format
        self.stamp(rules).save()
        return rules
