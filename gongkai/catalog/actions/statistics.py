"""第二十条第（五）（六）（八）项 figures entered by the agency (table 二 reads them)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from gongkai.actions import BaseAction
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action
from gongkai.annual.locks import ensure_open

from ..models import StatisticsEntry
from .base import today

COUNT_LABELS = {"licensing": "行政许可", "penalties": "行政处罚", "enforcement": "行政强制"}


class SaveStatistics(BaseAction[StatisticsEntry]):
    permission = Action.EDIT
    default_reason = "填报主动公开统计数据"

    def __init__(
        self,
        actor: Any,
        agency: Agency,
        year: int,
        *,
        licensing: int,
        penalties: int,
        enforcement: int,
        fees: Decimal | str | int,
        reason: str = "",
    ):
        super().__init__(actor, reason=reason)
        self.agency, self.year = agency, year
        self.counts = {"licensing": licensing, "penalties": penalties, "enforcement": enforcement}
        self.fees_input = fees

    def target(self) -> Agency:
        return self.agency

    def validate(self) -> None:
        if not (2008 <= self.year <= today().year):
            raise ValidationError(f"年度应在 2008 年至 {today().year} 年之间。")
        for key, value in self.counts.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValidationError(f"{COUNT_LABELS[key]}处理决定数量应为不小于 0 的整数。")
        try:
            fees = Decimal(str(self.fees_input).strip())
        except InvalidOperation:
            raise ValidationError("行政事业性收费金额应为数字（单位：万元）。") from None
        if not fees.is_finite() or fees < 0 or fees.as_tuple().exponent < -6:
            raise ValidationError("行政事业性收费金额应为不小于 0 的数字（单位：万元，最多 6 位小数）。")
        self.fees = fees
        ensure_open(self.agency, self.year)  # annual report's period lock

    def apply(self) -> StatisticsEntry:
        entry = StatisticsEntry.objects.select_for_update().filter(agency=self.agency, year=self.year).first()
        entry = entry or StatisticsEntry(agency=self.agency, year=self.year)
        for key, value in self.counts.items():
            setattr(entry, key, value)
        entry.fees = self.fees
        entry.entered_by = self.history_user
        self.stamp(entry).save()
        return entry
