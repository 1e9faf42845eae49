"""Unlocking a reporting period: an explicit decision with its reason, recorded (PeriodUnlock and
the lock's history). The year's report goes back to draft: once the records are corrected it is
reviewed and published again; until then the portal keeps the version published before."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.actions import BaseAction
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action, can

from ..models import AnnualReport, PeriodLock, PeriodUnlock


class UnlockPeriod(BaseAction[PeriodUnlock]):
    permission = Action.EDIT_AGENCY
    default_reason = "解锁年度数据"

    def __init__(self, actor: Any, agency: Agency, year: int, *, reason: str):
        super().__init__(actor, reason=reason)
        self.agency, self.year = agency, year

    def target(self) -> Agency:
        return self.agency

    def check(self) -> None:
        if not can(self.actor, self.permission, self.agency):
            raise PermissionDenied("只有本机关的政府信息公开工作机构负责人或系统管理员可以解锁年度数据。")

    def validate(self) -> None:
        self.lock = PeriodLock.objects.select_for_update().filter(agency=self.agency, year=self.year).first()
        if self.lock is None:
            raise ValidationError(f"{self.year}年度的数据没有锁定。")
        if not self.reason:
            raise ValidationError("解锁须写明原因（例如：发现某件申请的办结日期登记有误）。")

    def apply(self) -> PeriodUnlock:
        self.stamp(self.lock).delete()
        unlock = PeriodUnlock.objects.create(
            agency=self.agency, year=self.year, reason=self.reason, by=self.history_user
        )
        annual = AnnualReport.objects.filter(
            agency=self.agency, year=self.year, kind=AnnualReport.Kind.AGENCY
        ).first()
        if annual is not None:
            annual.state, annual.review_level, annual.review_round = (
                AnnualReport.State.DRAFT,
                0,
                annual.review_round + 1,
            )
            self.stamp(annual).save()
        return unlock
