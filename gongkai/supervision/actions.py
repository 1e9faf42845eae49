"""The supervising office's one change: create or refresh its government-wide report.

The report is an ``AnnualReport`` of kind=aggregate for the supervising agency; its tables are
the sum of the subordinates' approved reports (``aggregation``), computed afresh by
``gongkai.annual.building`` until it is approved, so "refresh" records who rebuilt it from which
reports (the history reason names them); an approved or published one is refused. Its
narrative, review and publication then go through the annual report's own pages and actions.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from gongkai.actions import BaseAction
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action
from gongkai.annual.actions import StartReport
from gongkai.annual.actions.drafting import check_year
from gongkai.annual.building import build_report
from gongkai.annual.models import AnnualReport

from .aggregation import Parts, parts_for, subordinates

MAX_NAMES_IN_REASON = 20


class BuildAggregate(BaseAction[AnnualReport]):
    """Create the aggregate report (through the annual report's own ``StartReport``, which drafts
    its text from the summed figures) or refresh it: the history records who summed which
    reports; ``redraft`` replaces the text with a new draft from the current figures."""

    permission = Action.SUPERVISE_REPORTS
    default_reason = "汇总下级机关年度报告"

    def __init__(self, actor: Any, agency: Agency, year: int, *, redraft: bool = False, reason: str = ""):
        super().__init__(actor, reason=reason)
        self.agency, self.year, self.redraft = agency, year, redraft
        self.parts: Parts | None = None
        self.existing: AnnualReport | None = None

    def target(self) -> Agency:
        return self.agency

    def validate(self) -> None:
        check_year(self.year)
        if not subordinates(self.agency).exists():
            raise ValidationError(f"{self.agency.name}没有下级机关，无需汇总年度报告。")
        self.existing = (
            AnnualReport.objects.select_for_update()
            .filter(agency=self.agency, year=self.year, kind=AnnualReport.Kind.AGGREGATE)
            .first()
        )
        if self.existing is not None and not self.existing.is_editable:
            raise ValidationError(
                f"{self.year}年度汇总报告{self.existing.get_state_display()}，不能重新汇总；如需更改，请先退回修改。"
            )
        self.parts = parts_for(self.agency, self.year)
        if not self.parts.included:
            raise ValidationError("尚无下级机关的已审定年度报告，无法汇总。")

    def describe(self) -> str:
        assert self.parts is not None
        names = [p.agency_name for p in self.parts.included]
        shown = "、".join(names[:MAX_NAMES_IN_REASON]) + ("等" if len(names) > MAX_NAMES_IN_REASON else "")
        verb = "刷新汇总" if self.existing is not None else "生成汇总"
        return f"{verb}：计入{len(names)}个机关的已审定报告（{shown}），{len(self.parts.missing)}个未计入"

    def apply(self) -> AnnualReport:
        if self.existing is None:
            return StartReport(
                self.actor,
                self.agency,
                self.year,
                kind=AnnualReport.Kind.AGGREGATE,
                reason=self.history_reason,
            ).execute()
        report = self.existing
        if self.redraft:
            report.sections = {}
            report.sections = {n: s.text for n, s in build_report(report).sections.items()}
        self.stamp(report).save()
        return report
