"""Publication and what follows it: 发布 (now or on a set day, with its 索引号), 撤回, 失效/废止, and
the 修订 of a 规章 or 行政规范性文件."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from gongkai.annual.locks import ensure_open

from .. import index_number
from ..models import CatalogItem, State, Validity
from .base import ItemAction, rules_of, today


class Publish(ItemAction):
    """Publish an approved item on ``on`` (today when not given; a later day schedules it — the
    public sees it from that day). The 索引号 is assigned now and never changes afterwards."""

    default_reason = "发布"
    states = (State.APPROVED,)
    verb = "发布"

    def __init__(self, actor: Any, item: CatalogItem, *, on: date | None = None, reason: str = ""):
        super().__init__(actor, item, reason=reason)
        self.on = on

    def describe(self) -> str:
        return "定时发布" if self.on and self.on > today() else "发布"

    def validate(self) -> None:
        try:
            super().validate()
        except ValidationError:
            if self.item.state in (State.DRAFT, State.REVIEW):
                raise ValidationError(
                    "该信息尚未完成发布审查，不能发布（第十七条：对拟公开的政府信息进行审查）。"
                ) from None
            raise
        self.on = self.on or today()
        ensure_open(self.item.agency_id, self.on)  # annual report's period lock
        written = self.item.written_on
        if written and self.on < written:
            raise ValidationError(f"发布日期（{self.on:%Y-%m-%d}）不能早于成文日期（{written:%Y-%m-%d}）。")

    def apply(self) -> CatalogItem:
        item = self.item
        changes: dict[str, Any] = {"state": State.PUBLISHED, "published_on": self.on}
        if not item.index_number:
            rules = rules_of(item.agency_id, lock=True)  # serials are counted under this lock
            serial = index_number.next_serial(item.agency_id, self.on.year)
            prefix = index_number.prefix_of(item.agency, rules.index_prefix)
            changes.update(
                index_number=index_number.format_index(rules.index_format, prefix, self.on, serial),
                index_year=self.on.year,
                index_serial=serial,
            )
        if item.is_lifecycle_document and item.issued_on is None:
            changes["issued_on"] = item.written_on or self.on
        self.save(**changes)
        self.reindex()
        return item


class Withdraw(ItemAction):
    """撤回 a published item: the public no longer sees it; the record, its 索引号 and history stay."""

    default_reason = "撤回"
    states = (State.PUBLISHED,)
    verb = "撤回"

    def __init__(self, actor: Any, item: CatalogItem, *, reason: str):
        super().__init__(actor, item, reason=reason)

    def validate(self) -> None:
        super().validate()
        if not self.reason:
            raise ValidationError("请写明撤回理由。")
        ensure_open(self.item.agency_id, self.item.published_on)  # annual report's period lock

    def apply(self) -> CatalogItem:
        self.save(state=State.WITHDRAWN, withdrawn_on=today(), withdrawn_reason=self.reason)
        self.reindex()
        return self.item


class ChangeValidity(ItemAction):
    """有效 → 失效 or 废止 on a day; a 规章/行政规范性文件 then leaves table 二's 现行有效件数."""

    default_reason = "变更有效性"
    states = (State.PUBLISHED, State.WITHDRAWN)
    verb = "变更有效性"
    validity: Validity

    def __init__(self, actor: Any, item: CatalogItem, *, on: date, reason: str = ""):
        super().__init__(actor, item, reason=reason)
        self.on = on

    def describe(self) -> str:
        return f"宣布{self.validity.label}"

    def validate(self) -> None:
        super().validate()
        if self.item.validity != Validity.VALID:
            raise ValidationError(f"该信息已经{self.item.get_validity_display()}。")
        if self.on is None or self.on > today():
            raise ValidationError(f"请填写不晚于今天的{self.validity.label}日期。")
        start = self.item.issued_on or self.item.written_on
        if start and self.on < start:
            raise ValidationError(f"{self.validity.label}日期不能早于制发日期（{start:%Y-%m-%d}）。")
        ensure_open(self.item.agency_id, self.on)  # annual report's period lock

    def apply(self) -> CatalogItem:
        self.save(validity=self.validity, repealed_on=self.on)
        self.reindex()
        return self.item


class Repeal(ChangeValidity):
    validity = Validity.REPEALED


class Expire(ChangeValidity):
    validity = Validity.EXPIRED


class Amend(ItemAction):
    """Record the 修订 of a published 规章/行政规范性文件 on a day (its lifecycle). The amended text is
    new information: it is drafted, reviewed (第十七条) and published as its own item, so this action
    changes no text the public reads."""

    default_reason = "登记修订"
    states = (State.PUBLISHED,)
    verb = "登记修订"

    def __init__(self, actor: Any, item: CatalogItem, *, on: date, reason: str = ""):
        super().__init__(actor, item, reason=reason)
        self.on = on

    def validate(self) -> None:
        super().validate()
        if not self.item.is_lifecycle_document:
            raise ValidationError("只有规章和行政规范性文件登记修订。")
        if self.item.validity != Validity.VALID:
            raise ValidationError(f"该文件已经{self.item.get_validity_display()}，不能修订。")
        if self.on is None or self.on > today():
            raise ValidationError("请填写不晚于今天的修订日期。")
        if self.item.issued_on and self.on < self.item.issued_on:
            raise ValidationError("修订日期不能早于制发日期。")

    def apply(self) -> CatalogItem:
        return self.save(amended_on=self.on)
