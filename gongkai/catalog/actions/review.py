"""第十七条 review before publication (三审): 「行政机关应当依照《中华人民共和国保守国家秘密法》以及其他
法律、法规和国家有关规定对拟公开的政府信息进行审查。」

Level n is taken by the holder of ``REVIEW_LEVELS[n-1]``'s role in the item's agency (科室负责人,
分管领导, 主要领导; levels beyond the third again by 主要领导); the agency sets how many levels
(``CatalogRules.review_levels``). Each level answers the 保密审查 checklist in full and approves
or returns the item for changes; a return sends it back to the drafter and the next submission
starts a new round at the first level.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from gongkai.agencies.permissions import REVIEW_LEVELS, Action, require

from ..models import CatalogItem, ReviewStep, State
from .base import ItemAction, rules_of

CHECKLIST = {
    "secret": "是否涉及国家秘密",
    "trade_secret": "是否涉及商业秘密",
    "privacy": "是否涉及个人隐私",
    "disclosure_confirmed": "公开属性是否已确认",
}


def level_action(level: int) -> Action:
    """The permission level ``level`` (1-based) of the review needs."""
    return REVIEW_LEVELS[min(level, len(REVIEW_LEVELS)) - 1][0]


class ReviewItem(ItemAction):
    default_reason = "发布审查"
    states = (State.REVIEW,)
    verb = "审查"

    def __init__(
        self,
        actor: Any,
        item: CatalogItem,
        *,
        approve: bool,
        secret: bool | None,
        trade_secret: bool | None,
        privacy: bool | None,
        disclosure_confirmed: bool | None,
        opinion: str = "",
        reason: str = "",
    ):
        super().__init__(actor, item, reason=reason)
        self.approve, self.opinion = approve, (opinion or "").strip()
        self.checklist = {
            "secret": secret,
            "trade_secret": trade_secret,
            "privacy": privacy,
            "disclosure_confirmed": disclosure_confirmed,
        }
        self.level = item.review_level or 1

    def describe(self) -> str:
        return f"第{self.level}级发布审查：{'同意公开' if self.approve else '退回修改'}"

    def check(self) -> None:
        require(self.actor, level_action(self.level), self.item)

    def validate(self) -> None:
        super().validate()
        if self.history_user is None:
            raise ValidationError("发布审查须由审查人本人作出（第十七条：明确审查的程序和责任）。")
        if self.item.review_level != self.level:
            raise ValidationError("该信息的审查层级已变化，请刷新后重新审查。")
        unanswered = [label for key, label in CHECKLIST.items() if self.checklist[key] is None]
        if unanswered:
            raise ValidationError("请完整填写保密审查表：" + "、".join(unanswered) + "。")
        if not self.approve:
            if not self.opinion:
                raise ValidationError("退回修改时请写明审查意见。")
            return
        c = self.checklist
        if c["secret"]:
            raise ValidationError(
                "涉及国家秘密的信息不得公开（第十四条），不能审查通过。"
                "不能确定是否涉密的，应当报有关主管部门或者保密行政管理部门确定（第十七条）。"
            )
        if not c["disclosure_confirmed"]:
            raise ValidationError("公开属性尚未确认，不能审查通过（第十七条）。")
        if (c["trade_secret"] or c["privacy"]) and not self.opinion:
            raise ValidationError(
                "涉及商业秘密或者个人隐私的信息不得公开，除非第三方同意公开或者不公开会对公共利益"
                "造成重大影响（第十五条）：请在审查意见中写明依据或已作的区分处理。"
            )

    def apply(self) -> CatalogItem:
        item = self.item
        ReviewStep.objects.create(
            item=item,
            level=self.level,
            round=item.review_round,
            reviewer=self.actor,
            decision=ReviewStep.Decision.APPROVED if self.approve else ReviewStep.Decision.RETURNED,
            opinion=self.opinion,
            **self.checklist,
        )
        if not self.approve:
            return self.save(state=State.DRAFT, review_level=0, review_round=item.review_round + 1)
        if self.level >= rules_of(item.agency_id).review_levels:
            return self.save(state=State.APPROVED, review_level=0)
        return self.save(review_level=self.level + 1)
