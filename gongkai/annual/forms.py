"""The step forms of the report page (run through gongkai.step_views.run_step) and the start form."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError

from gongkai.agencies.permissions import Action, can
from gongkai.catalog.actions.review import level_action
from gongkai.catalog.forms import level_name
from gongkai.law.formats import TABLE3_COLUMNS, format_for_year
from gongkai.law.report import table4_label

from . import actions as act
from .models import AnnualReport

State = AnnualReport.State
MAX_UPLOAD = 20 * 1024 * 1024


def cell_choices(year: int) -> list[tuple[str, str]]:
    """Every table cell as "table|row|column" → a label a person recognises."""
    fmt = format_for_year(year)
    out: list[tuple[str, str]] = []
    for item in fmt.table2:
        for row in item.rows:
            for column in item.columns:
                out.append((f"2|{row}|{column}", f"表二 {row}·{column}"))
    for row in fmt.table3_rows:
        for c, column in enumerate(TABLE3_COLUMNS):
            out.append((f"3|{row.key}|{c}", f"表三 {row.full_label}·{column}"))
    for i in range(15):
        out.append((f"4||{i}", f"表四 {table4_label(i)}"))
    return out


def edit_permission(annual: AnnualReport, permission: Action = Action.EDIT) -> Action:
    """A government-wide report is edited by the supervising office (as ReportAction checks)."""
    if permission == Action.EDIT and annual.kind == AnnualReport.Kind.AGGREGATE:
        return Action.SUPERVISE_REPORTS
    return permission


class StartForm(forms.Form):
    agency = forms.ModelChoiceField(label="机关", queryset=None, empty_label=None)
    year = forms.IntegerField(label="报告年度", min_value=act.drafting.FIRST_YEAR, max_value=9999)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class ReportForm(forms.Form):
    """One step on the report page: when it applies, and the action it builds."""

    name: ClassVar[str]
    title: ClassVar[str]
    button: ClassVar[str] = "提交"
    hint: ClassVar[str] = ""
    states: ClassVar[tuple[str, ...]] = (State.DRAFT, State.RETURNED)
    permission: ClassVar[Action] = Action.EDIT

    def __init__(self, *args, annual: AnnualReport, user, **kwargs):
        self.annual, self.user = annual, user
        kwargs.setdefault("prefix", self.name)
        super().__init__(*args, **kwargs)

    @property
    def heading(self) -> str:
        return self.title

    @classmethod
    def applies(cls, annual: AnnualReport, user) -> bool:
        return annual.state in cls.states and can(user, edit_permission(annual, cls.permission), annual)

    def build(self):
        raise NotImplementedError


class SectionForm(ReportForm):
    number: ClassVar[str]
    text = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].initial = (self.annual.sections or {}).get(self.number, "")

    def build(self):
        return act.EditSection(self.user, self.annual, self.number, self.cleaned_data["text"])


def _section_form(number: str, digit: int, title: str, hint: str) -> type[SectionForm]:
    return type(
        f"Section{digit}Form",
        (SectionForm,),
        {"name": f"section-{digit}", "number": number, "title": title, "button": "保存", "hint": hint},
    )


Section1Form = _section_form(
    "一", 1, "第一部分 总体情况", "篇幅原则上不超过一千字（国办公开办函〔2021〕30号）。"
)
Section5Form = _section_form(
    "五", 5, "第五部分 存在的主要问题及改进情况", "应实事求是、明确具体，不得年年雷同。"
)
Section6Form = _section_form(
    "六", 6, "第六部分 其他需要报告的事项", "收取信息处理费的情况在此处专门报告（未收取也应说明）。"
)


class RedraftForm(ReportForm):
    name = "redraft"
    title = "按最新数据重新生成初稿"
    number = forms.ChoiceField(choices=[(n, n) for n in ("一", "五", "六")], widget=forms.HiddenInput)

    def build(self):
        return act.RedraftSection(self.user, self.annual, self.cleaned_data["number"])


class OverrideForm(ReportForm):
    name = "override"
    title = "调整统计数据"
    button = "保存调整"
    hint = (
        "仅用于记录不全的情形（例如本机关年中才开始使用本系统）。调整后的单元格在报告页标注「已调整」和原因。"
    )

    cell = forms.ChoiceField(label="单元格")
    value = forms.CharField(label="数值", max_length=40)
    reason = forms.CharField(label="调整原因", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].choices = cell_choices(self.annual.year)

    def build(self):
        table, row, column = self.cleaned_data["cell"].split("|", 2)
        c = self.cleaned_data
        return act.SetOverride(
            self.user, self.annual, table=table, row=row, column=column, value=c["value"], reason=c["reason"]
        )


class RemoveOverrideForm(ReportForm):
    name = "remove-override"
    title = "撤销数据调整"
    override = forms.IntegerField(widget=forms.HiddenInput)

    def build(self):
        return act.RemoveOverride(self.user, self.annual, self.cleaned_data["override"])


class AcknowledgeForm(ReportForm):
    name = "acknowledge"
    title = "确认警告"
    key = forms.CharField(widget=forms.HiddenInput, max_length=5000)

    def build(self):
        return act.AcknowledgeFinding(self.user, self.annual, self.cleaned_data["key"])


class SubmitForm(ReportForm):
    name = "submit"
    title = "提交审核"
    button = "提交审核"
    hint = "校验没有错误、警告均已确认后，由本机关领导逐级审核；审核通过即锁定本年度数据、在门户网站公开并报送主管部门。"

    def build(self):
        return act.SubmitReport(self.user, self.annual)


class ReviewForm(ReportForm):
    name = "review"
    title = "审核"
    button = "提交审核意见"
    states = (State.IN_REVIEW,)

    decision = forms.ChoiceField(
        label="审核结论",
        choices=[("approve", "同意"), ("return", "退回修改")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择审核结论。"},
    )
    opinion = forms.CharField(
        label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    @property
    def heading(self) -> str:
        level = self.annual.review_level or 1
        return f"第{level}级审核（{level_name(level)}）"

    @classmethod
    def applies(cls, annual: AnnualReport, user) -> bool:
        return annual.state == State.IN_REVIEW and can(user, level_action(annual.review_level or 1), annual)

    def build(self):
        c = self.cleaned_data
        return act.ReviewReport(
            self.user, self.annual, approve=c["decision"] == "approve", opinion=c["opinion"]
        )


class WorkPointForm(ReportForm):
    name = "work-point"
    title = "添加政务公开工作要点"
    button = "添加"
    hint = "本年度政务公开工作要点中本机关落实的事项，写入第一部分。修改后请在第一部分中相应更新。"

    point_title = forms.CharField(label="工作要点", max_length=200)
    progress = forms.CharField(label="落实情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def build(self):
        c = self.cleaned_data
        return act.SaveWorkPoint(
            self.user, self.annual.agency, self.annual.year, title=c["point_title"], progress=c["progress"]
        )


class RemoveWorkPointForm(ReportForm):
    name = "remove-work-point"
    title = "删除工作要点"
    point = forms.IntegerField(widget=forms.HiddenInput)

    def clean_point(self):
        from .models import WorkPoint

        point = WorkPoint.objects.filter(
            pk=self.cleaned_data["point"], agency_id=self.annual.agency_id, year=self.annual.year
        ).first()
        if point is None:
            raise ValidationError("没有这项工作要点。")
        return point

    def build(self):
        return act.DeleteWorkPoint(self.user, self.cleaned_data["point"])


class _PreviousYearForm(ReportForm):
    """Shown only while the system holds no report of its own for the year before."""

    @classmethod
    def applies(cls, annual: AnnualReport, user) -> bool:
        own = AnnualReport.objects.filter(agency_id=annual.agency_id, year=annual.year - 1, kind=annual.kind)
        return super().applies(annual, user) and not own.exists()


class PreviousReportForm(_PreviousYearForm):
    name = "previous"
    title = "上传上一年度报告"
    button = "上传"
    hint = (
        "本系统没有上一年度报告时，上传已公布的报告（TXT、HTML、DOCX、PDF），用于跨年度校验（如上年结转）。"
    )

    file = forms.FileField(label="上一年度报告文件")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError("文件不能超过 20 MB。")
        from gongkai.reportio import UnreadableReport, read_report

        try:
            self.report = read_report(upload.read(), upload.name)
        except UnreadableReport as e:
            raise ValidationError(f"无法读取该文件：{e}") from None
        return upload

    def build(self):
        return act.SavePreviousReport(
            self.user,
            self.annual.agency,
            self.annual.year - 1,
            self.report,
            source="file",
            file_name=self.cleaned_data["file"].name,
        )


class EnteredPreviousForm(_PreviousYearForm):
    """Last year's figures the cross-year rules compare with, typed from the published report."""

    name = "previous-entered"
    title = "录入上一年度报告的衔接数据"
    button = "保存"
    hint = "没有上一年度报告文件时，照已公布的报告填写：表三「四、结转下年度继续办理」、表二现行有效件数和第五部分。"

    in_force_rules = forms.IntegerField(label="规章 现行有效件数", min_value=0, initial=0)
    in_force_normative = forms.IntegerField(label="行政规范性文件 现行有效件数", min_value=0, initial=0)
    section5 = forms.CharField(
        label="第五部分 存在的主要问题及改进情况", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for c, column in enumerate(TABLE3_COLUMNS):
            self.fields[f"forward_{c}"] = forms.IntegerField(
                label=f"结转下年度继续办理 {column}", min_value=0, initial=0
            )
        self.order_fields([f"forward_{c}" for c in range(len(TABLE3_COLUMNS))])

    def clean(self):
        data = super().clean()
        values = [data.get(f"forward_{c}") for c in range(len(TABLE3_COLUMNS))]
        if None not in values and sum(values[:-1]) != values[-1]:
            raise ValidationError("结转下年度继续办理的总计应等于六类申请人之和。")
        return data

    def build(self):
        from gongkai.catalog.figures import IN_FORCE, NORMATIVE_ROW, RULE_ROW
        from gongkai.law.report import Report

        c = self.cleaned_data
        year = self.annual.year - 1
        report = Report.empty(self.annual.agency.name, year)
        for column in range(len(TABLE3_COLUMNS)):
            report.table3.set("四", column, c[f"forward_{column}"])
        report.table2.set(RULE_ROW, IN_FORCE, c["in_force_rules"])
        report.table2.set(NORMATIVE_ROW, IN_FORCE, c["in_force_normative"])
        if c["section5"].strip():
            report.set_section("五", c["section5"].strip())
        return act.SavePreviousReport(self.user, self.annual.agency, year, report, source="entered")


class UnlockForm(ReportForm):
    name = "unlock"
    title = "解锁本年度数据"
    button = "解锁"
    hint = "解锁后可以更正本年度的记录，报告回到草稿，须重新审核；门户网站上仍显示已公开的版本，直到重新审核通过。"
    states = (State.APPROVED, State.PUBLISHED)
    permission = Action.EDIT_AGENCY

    unlock_reason = forms.CharField(
        label="解锁原因", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )

    def build(self):
        return act.UnlockPeriod(
            self.user, self.annual.agency, self.annual.year, reason=self.cleaned_data["unlock_reason"]
        )


STEP_FORMS: dict[str, type[ReportForm]] = {
    f.name: f
    for f in (
        Section1Form,
        Section5Form,
        Section6Form,
        OverrideForm,
        WorkPointForm,
        PreviousReportForm,
        EnteredPreviousForm,
        SubmitForm,
        ReviewForm,
        UnlockForm,
        RemoveOverrideForm,
        RemoveWorkPointForm,
        AcknowledgeForm,
        RedraftForm,
    )
}
# Forms shown as buttons beside a row of the page rather than as a step of their own.
INLINE_FORMS = frozenset(
    {RemoveOverrideForm.name, RemoveWorkPointForm.name, AcknowledgeForm.name, RedraftForm.name}
)
SECTION_FORMS = frozenset({Section1Form.name, Section5Form.name, Section6Form.name})


def step_forms(annual: AnnualReport, user, failed: Any = None) -> list[ReportForm]:
    out = []
    for name, form_class in STEP_FORMS.items():
        if name in INLINE_FORMS:
            continue
        if failed is not None and failed.name == name:
            out.append(failed)
        elif form_class.applies(annual, user):
            out.append(form_class(annual=annual, user=user))
    return out
