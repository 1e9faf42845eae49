"""Reconsideration and litigation cases (spec §7), the source of 表四."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from gongkai.actions import BaseAction
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action
from gongkai.annual.locks import appeal_facts, appeal_lock_days, ensure_open

from ..models import (
    Appeal,
)
from .base import (
    check_date,
)

APPEAL_FIELDS = (
    "application",
    "kind",
    "role",
    "body",
    "case_number",
    "filed_on",
    "decided_on",
    "result",
    "note",
)


class SaveAppeal(BaseAction[Appeal]):
    """Record or update a 复议/诉讼 case (spec §7); decided cases need their result and date."""

    permission = Action.EDIT
    default_reason = "登记复议诉讼案件"

    def __init__(
        self, actor, agency: Agency, data: dict[str, Any], appeal: Appeal | None = None, *, reason: str = ""
    ):
        super().__init__(actor, reason=reason)
        self.agency, self.appeal = agency, appeal or Appeal(agency=agency)
        self.data = {k: v for k, v in data.items() if k in APPEAL_FIELDS}

    def target(self) -> Agency:
        return self.agency

    def validate(self) -> None:
        before = appeal_facts(Appeal.objects.get(pk=self.appeal.pk)) if self.appeal.pk else None  # as stored
        for field, value in self.data.items():
            setattr(self.appeal, field, value)
        for day in appeal_lock_days(before, self.appeal):  # annual report's period lock
            ensure_open(self.agency, day)
        appeal = self.appeal
        appeal.full_clean()
        if appeal.application_id and appeal.application.agency_id != self.agency.pk:
            raise ValidationError("关联的申请不属于本机关。")
        if bool(appeal.decided_on) != bool(appeal.result):
            raise ValidationError("已审结的案件请同时填写结果和决定（裁判）日期；未审结的两项都不填。")
        if appeal.decided_on and appeal.decided_on < appeal.filed_on:
            raise ValidationError("决定（裁判）日期不能早于申请（立案）日期。")
        check_date(appeal.filed_on, "申请（立案）日期")

    def apply(self) -> Appeal:
        self.stamp(self.appeal).save()
        return self.appeal
