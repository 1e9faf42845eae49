"""Submission, the leaders' review (the catalog's REVIEW_LEVELS: 科室负责人 → 分管领导 → 主要领导,
as many levels as the agency's catalog rules set), and what approval does: the report as approved
is kept (``figures``), the reporting period is locked, the report is published on the portal's
年报 column and counts as submitted to the supervising office (条例第四十九条)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from gongkai.agencies.permissions import require
from gongkai.catalog.actions.base import rules_of
from gongkai.catalog.actions.review import level_action

from ..building import build_report
from ..findings import blocking, checked
from ..models import AnnualReport, PeriodLock, ReportReview
from .base import EDITABLE, ReportAction, now

State = AnnualReport.State


def refuse_blocking(annual: AnnualReport) -> None:
    items = blocking(checked(annual))
    errors = [c for c in items if c.is_error]
    if errors:
        first = "；".join(f"{c.finding.rule} {c.finding.message}" for c in errors[:3])
        raise ValidationError(f"校验发现 {len(errors)} 项错误，须更正后才能提交：{first}")
    if items:
        raise ValidationError(f"还有 {len(items)} 项警告未确认：请逐项阅读并确认后再提交。")


def review_levels(annual: AnnualReport) -> int:
    return rules_of(annual.agency_id).review_levels


class SubmitReport(ReportAction):
    default_reason = "提交年度报告审核"
    states = EDITABLE
    verb = "提交审核"

    def validate(self) -> None:
        super().validate()
        refuse_blocking(self.annual)

    def apply(self) -> AnnualReport:
        return self.save(state=State.IN_REVIEW, review_level=1)


class ReviewReport(ReportAction):
    default_reason = "审核年度报告"
    states = (State.IN_REVIEW,)
    verb = "审核"

    def __init__(
        self, actor: Any, annual: AnnualReport, *, approve: bool, opinion: str = "", reason: str = ""
    ):
        super().__init__(actor, annual, reason=reason)
        self.approve, self.opinion = approve, (opinion or "").strip()
        self.level = annual.review_level or 1

    def describe(self) -> str:
        return f"第{self.level}级审核：{'同意' if self.approve else '退回修改'}"

    def check(self) -> None:
        require(self.actor, level_action(self.level), self.annual)

    def validate(self) -> None:
        super().validate()
        if self.history_user is None:
            raise ValidationError("审核须由审核人本人作出。")
        if self.annual.review_level != self.level:
            raise ValidationError("该报告的审核层级已变化，请刷新后重新审核。")
        if not self.approve and not self.opinion:
            raise ValidationError("退回修改时请写明审核意见。")
        self.final = self.approve and self.level >= review_levels(self.annual)
        if self.final:  # the records may have changed during the review
            try:
                refuse_blocking(self.annual)
            except ValidationError as e:
                raise ValidationError(
                    "提交审核以来记录已有变化，" + "".join(e.messages) + " 请退回经办人处理后重新提交。"
                ) from None

    def apply(self) -> AnnualReport:
        annual = self.annual
        ReportReview.objects.create(
            report=annual,
            level=self.level,
            round=annual.review_round,
            reviewer=self.actor,
            decision=ReportReview.Decision.APPROVED if self.approve else ReportReview.Decision.RETURNED,
            opinion=self.opinion,
        )
        if not self.approve:
            return self.save(state=State.RETURNED, review_level=0, review_round=annual.review_round + 1)
        if not self.final:
            return self.save(review_level=self.level + 1)
        return self.publish()

    def publish(self) -> AnnualReport:
        at = now()
        annual = self.annual
        annual.published_at = at  # the publication date is part of the report (S-03)
        snapshot = build_report(annual).to_json()
        if annual.kind == AnnualReport.Kind.AGENCY:
            lock = PeriodLock.objects.filter(agency_id=annual.agency_id, year=annual.year).first()
            if lock is None:
                self.stamp(
                    PeriodLock(agency_id=annual.agency_id, year=annual.year, report=annual, by=self.actor)
                ).save()
        from gongkai.catalog import public

        public.bump()  # the portal's 年报 column changes
        return self.save(
            state=State.PUBLISHED,
            review_level=0,
            figures=snapshot,
            approved_at=at,
            published_at=at,
            submitted_at=at,
        )
