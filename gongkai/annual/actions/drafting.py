"""Starting a report and editing it: the narrative, hand-set cells (with their reason), the
acknowledgement of warnings, the year's 工作要点 and last year's report from outside the system."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from gongkai.actions import BaseAction
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action
from gongkai.catalog.actions.base import plain_text
from gongkai.law.report import Report, ReportDataError

from ..building import build_report, computed_tables, parse_override
from ..drafting import FIRST_YEAR_OF_REPORTS
from ..findings import checked
from ..models import AnnualReport, FigureOverride, FindingAcknowledgement, PreviousReport, WorkPoint
from .base import EDITABLE, ReportAction, now

NARRATIVE_SECTIONS = ("一", "五", "六")  # 二–四 are the tables
MAX_SECTION_CHARS = 20000
FIRST_YEAR = FIRST_YEAR_OF_REPORTS


def check_year(year: int) -> None:
    this_year = now().year
    if not isinstance(year, int) or not FIRST_YEAR <= year <= this_year:
        raise ValidationError(f"报告年度应在 {FIRST_YEAR} 年至 {this_year} 年之间。")


class StartReport(BaseAction[AnnualReport]):
    """A new draft for an agency and year, its text drafted from the records' figures."""

    permission = Action.EDIT
    default_reason = "新建年度报告草稿"

    def __init__(
        self, actor: Any, agency: Agency, year: int, *, kind: str = AnnualReport.Kind.AGENCY, reason=""
    ):
        super().__init__(actor, reason=reason)
        self.agency, self.year, self.kind = agency, year, kind
        if kind == AnnualReport.Kind.AGGREGATE:
            self.permission = Action.SUPERVISE_REPORTS

    def target(self) -> Agency:
        return self.agency

    def validate(self) -> None:
        check_year(self.year)
        if AnnualReport.objects.filter(agency=self.agency, year=self.year, kind=self.kind).exists():
            raise ValidationError(f"{self.agency.name}{self.year}年度报告已经存在。")

    def apply(self) -> AnnualReport:
        annual = AnnualReport(
            agency=self.agency, year=self.year, kind=self.kind, created_by=self.history_user
        )
        self.stamp(annual).save()
        # the draft text is stored so that editing starts from it (the figures stay computed)
        annual.sections = {n: s.text for n, s in build_report(annual).sections.items()}
        annual.save(update_fields=["sections"])
        return annual


class EditSection(ReportAction):
    default_reason = "修改年度报告正文"
    states = EDITABLE
    verb = "修改"

    def __init__(self, actor: Any, annual: AnnualReport, number: str, text: str, *, reason: str = ""):
        super().__init__(actor, annual, reason=reason)
        self.number, self.text = number, plain_text(text or "")

    def describe(self) -> str:
        return f"修改第{self.number}部分"

    def validate(self) -> None:
        super().validate()
        if self.number not in NARRATIVE_SECTIONS:
            raise ValidationError("只有第一、五、六部分是文字描述，第二至四部分由统计表构成。")
        if len(self.text) > MAX_SECTION_CHARS:
            raise ValidationError(
                f"第{self.number}部分过长（{len(self.text)} 字），请精简到 {MAX_SECTION_CHARS} 字以内。"
            )

    def apply(self) -> AnnualReport:
        return self.save(sections={**(self.annual.sections or {}), self.number: self.text})


class RedraftSection(ReportAction):
    """The section's draft text written again from today's figures (after records changed), in
    place of what was there — the history keeps the text it replaces."""

    default_reason = "按最新数据重新生成初稿"
    states = EDITABLE
    verb = "重新生成初稿"

    def __init__(self, actor: Any, annual: AnnualReport, number: str, *, reason: str = ""):
        super().__init__(actor, annual, reason=reason)
        self.number = number

    def describe(self) -> str:
        return f"第{self.number}部分按最新数据重新生成初稿"

    def validate(self) -> None:
        super().validate()
        if self.number not in NARRATIVE_SECTIONS:
            raise ValidationError("只有第一、五、六部分是文字描述。")

    def apply(self) -> AnnualReport:
        from ..drafting import draft_sections

        text = draft_sections(self.annual, build_report(self.annual))[self.number]
        return self.save(sections={**(self.annual.sections or {}), self.number: text})


class SetOverride(ReportAction):
    """A table cell set by hand, e.g. for an agency whose records start mid-year. Shown as such."""

    default_reason = "调整年报数据"
    states = EDITABLE
    verb = "调整数据"

    def __init__(self, actor, annual, *, table: str, row: str, column: str, value: str, reason: str):
        super().__init__(actor, annual, reason=reason)
        self.table, self.row, self.column, self.value = (
            str(table),
            row or "",
            str(column),
            (value or "").strip(),
        )

    def describe(self) -> str:
        return f"调整表{self.table}数据"

    def validate(self) -> None:
        super().validate()
        if not self.reason:
            raise ValidationError("调整数据须写明原因（例如：本机关自年中起使用本系统，此前的申请未录入）。")
        table2 = computed_tables(self.annual).table2 if self.table == "2" else None
        try:
            parse_override(self.table, self.row, self.column, self.value, table2)
        except ReportDataError as e:
            raise ValidationError(f"无法调整：{e}") from None
        if self.table == "3":
            from gongkai.law.formats import format_for_year

            if self.row not in format_for_year(self.annual.year).table3_keys:
                raise ValidationError("表三没有这一行。")

    def apply(self) -> AnnualReport:
        cell = dict(report=self.annual, table=self.table, row=self.row, column=self.column)
        override = FigureOverride.objects.filter(**cell).first() or FigureOverride(**cell)
        override.value, override.reason, override.by = self.value, self.reason, self.history_user
        self.stamp(override).save()
        return self.save()


class RemoveOverride(ReportAction):
    default_reason = "撤销数据调整"
    states = EDITABLE
    verb = "撤销调整"

    def __init__(self, actor, annual, override_id: int, *, reason: str = ""):
        super().__init__(actor, annual, reason=reason)
        self.override_id = override_id

    def apply(self) -> AnnualReport:
        override = FigureOverride.objects.filter(report=self.annual, pk=self.override_id).first()
        if override is None:
            raise ValidationError("没有这项数据调整。")
        self.stamp(override).delete()
        return self.save()


class AcknowledgeFinding(ReportAction):
    """A warning read and accepted by a named person (recorded with the time)."""

    default_reason = "确认校验警告"
    states = EDITABLE
    verb = "确认警告"

    def __init__(self, actor, annual, key: str, *, reason: str = ""):
        super().__init__(actor, annual, reason=reason)
        self.key = key or ""

    def validate(self) -> None:
        super().validate()
        current = {c.key: c for c in checked(self.annual)}
        found = current.get(self.key)
        if found is None:
            raise ValidationError("该校验结果已不存在（数据或正文已变化），请刷新页面。")
        if found.is_error:
            raise ValidationError("错误不能确认了事，须更正后才能提交。")
        self.finding = found.finding

    def apply(self) -> AnnualReport:
        f = self.finding
        FindingAcknowledgement.objects.get_or_create(
            report=self.annual,
            rule=f.rule,
            where=f.where,
            message=f.message,
            defaults={"by": self.history_user},
        )
        return self.annual


class SaveWorkPoint(BaseAction[WorkPoint]):
    """One 工作要点 item of the year (section 一) and how the agency carried it out."""

    permission = Action.EDIT
    default_reason = "维护政务公开工作要点"

    def __init__(
        self, actor, agency: Agency, year: int, *, title: str, progress: str = "", point=None, reason=""
    ):
        super().__init__(actor, reason=reason)
        self.agency, self.year = agency, year
        self.title, self.progress = plain_text(title).replace("\n", ""), plain_text(progress)
        self.point = point

    def target(self) -> Agency:
        return self.agency

    def validate(self) -> None:
        check_year(self.year)
        if not self.title:
            raise ValidationError("请填写工作要点。")
        if len(self.title) > 200:
            raise ValidationError("工作要点请控制在 200 字以内。")
        if self.point is not None and (
            self.point.agency_id != self.agency.pk or self.point.year != self.year
        ):
            raise ValidationError("该工作要点不属于这份报告。")

    def apply(self) -> WorkPoint:
        point = self.point or WorkPoint(
            agency=self.agency,
            year=self.year,
            position=WorkPoint.objects.filter(agency=self.agency, year=self.year).count() + 1,
        )
        point.title, point.progress = self.title, self.progress
        self.stamp(point).save()
        return point


class DeleteWorkPoint(BaseAction[WorkPoint]):
    permission = Action.EDIT
    default_reason = "删除政务公开工作要点"

    def __init__(self, actor, point: WorkPoint, *, reason: str = ""):
        super().__init__(actor, reason=reason)
        self.point = point

    def target(self) -> WorkPoint:
        return self.point

    def apply(self) -> WorkPoint:
        self.stamp(self.point).delete()
        return self.point


class SavePreviousReport(BaseAction[PreviousReport]):
    """Last year's report from outside the system (a published file read by gongkai.reportio, or
    tables entered by hand), so the cross-year rules (T3-05, T2-02, N-04) have something to compare."""

    permission = Action.EDIT
    default_reason = "录入上一年度报告"

    def __init__(
        self, actor, agency: Agency, year: int, report: Report, *, source: str, file_name="", reason=""
    ):
        super().__init__(actor, reason=reason)
        self.agency, self.year, self.report = agency, year, report
        self.source, self.file_name = source, (file_name or "")[:200]

    def target(self) -> Agency:
        return self.agency

    def validate(self) -> None:
        if not FIRST_YEAR - 1 <= self.year < now().year:
            raise ValidationError("上一年度报告的年度不正确。")
        if self.report.year not in (None, self.year):
            raise ValidationError(f"所上传的是{self.report.year}年度的报告，这里需要{self.year}年度的报告。")
        if self.source not in PreviousReport.Source.values:
            raise ValidationError("来源应为上传文件或手工录入。")

    def apply(self) -> PreviousReport:
        self.report.year = self.year
        self.report.agency = self.report.agency or self.agency.name
        row = PreviousReport.objects.filter(agency=self.agency, year=self.year).first()
        row = row or PreviousReport(agency=self.agency, year=self.year)
        row.source, row.file_name, row.report, row.by = (
            self.source,
            self.file_name,
            self.report.to_json(),
            self.history_user,
        )
        self.stamp(row).save()
        return row
