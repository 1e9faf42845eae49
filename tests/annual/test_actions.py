"""The annual report's actions: draft from records, edit, override with a reason, validate (errors
block, warnings need an acknowledgement), leaders' review with return, approval → lock + publish."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.annual import actions as act
from gongkai.annual.building import build_report, current_report
from gongkai.annual.findings import checked
from gongkai.annual.models import AnnualReport, PeriodLock, PeriodUnlock, PreviousReport
from gongkai.law.narrative import fee_statement
from gongkai.law.report import Report
from tests.annual.conftest import acknowledge_all, approve_all

pytestmark = pytest.mark.django_db
YEAR = 2024


def start(people, year=YEAR):
    return act.StartReport(people.clerk, people.tree.a, year).execute()


def test_draft_from_records_has_six_sections_and_a_fee_statement(people):
    annual = start(people)
    report = build_report(annual)
    assert set(report.sections) == {"一", "二", "三", "四", "五", "六"}
    assert "主动公开政府信息情况" in report.section_text("一")
    assert "未收到政府信息公开申请" in report.section_text("一")
    statement = fee_statement(report.section_text("六"))
    assert statement is not None and statement.amount == 0
    assert [c.finding for c in checked(annual) if c.is_error] == []


def test_section_edit_is_plain_text_and_only_for_narrative_sections(people):
    annual = start(people)
    act.EditSection(people.clerk, annual, "五", "<p>（一）存在问题。<b>信息更新不及时</b>。</p>").execute()
    annual.refresh_from_db()
    assert annual.sections["五"] == "（一）存在问题。信息更新不及时。"
    with pytest.raises(ValidationError):
        act.EditSection(people.clerk, annual, "三", "表格").execute()


def test_override_needs_a_reason_and_an_arithmetic_error_blocks_submission(people):
    annual = start(people)
    with pytest.raises(ValidationError, match="原因"):
        act.SetOverride(people.clerk, annual, table="3", row="一", column="0", value="3", reason="").execute()
    act.SetOverride(
        people.clerk, annual, table="3", row="一", column="0", value="3", reason="年中启用系统，此前3件未录入"
    ).execute()
    assert build_report(annual).table3.rows["一"][0] == 3
    rules = {c.finding.rule for c in checked(annual) if c.is_error}
    assert {"T3-01", "T3-03"} <= rules
    acknowledge_all(people.clerk, annual)
    with pytest.raises(ValidationError, match="错误"):
        act.SubmitReport(people.clerk, annual).execute()
    override = annual.overrides.get()
    act.RemoveOverride(people.clerk, annual, override.pk).execute()
    act.SubmitReport(people.clerk, annual).execute()
    annual.refresh_from_db()
    assert annual.state == AnnualReport.State.IN_REVIEW


def test_bad_override_values_are_refused(people):
    annual = start(people)
    for table, row, column, value in (("3", "一", "0", "-1"), ("3", "九", "0", "1"), ("4", "", "15", "1")):
        with pytest.raises(ValidationError):
            act.SetOverride(
                people.clerk, annual, table=table, row=row, column=column, value=value, reason="r"
            ).execute()
    act.SetOverride(
        people.clerk,
        annual,
        table="2",
        row="行政事业性收费",
        column="本年收费金额（单位：万元）",
        value="1.5",
        reason="财政口径",
    ).execute()
    assert str(build_report(annual).table2.get("行政事业性收费", "本年收费金额（单位：万元）")) == "1.5"


def test_unacknowledged_warnings_block_submission(people):
    annual = start(people)
    annual = act.EditSection(people.clerk, annual, "五", "无").execute()  # N-04: not specific
    items = checked(annual)
    assert any(c.finding.rule == "N-04" and c.blocks for c in items)
    with pytest.raises(ValidationError, match="警告未确认"):
        act.SubmitReport(people.clerk, annual).execute()
    acknowledge_all(people.clerk, annual)
    ack = annual.acknowledgements.get(rule="N-04")
    assert ack.by == people.clerk and ack.at is not None
    act.SubmitReport(people.clerk, annual).execute()


def test_review_return_then_approval_locks_and_publishes(people):
    annual = start(people)
    acknowledge_all(people.clerk, annual)
    act.SubmitReport(people.clerk, annual).execute()
    with pytest.raises(PermissionDenied):
        act.ReviewReport(people.deputy, annual, approve=True).execute()  # level 1 is the 科室负责人's
    with pytest.raises(ValidationError, match="意见"):
        act.ReviewReport(people.section, annual, approve=False).execute()
    annual = act.ReviewReport(people.section, annual, approve=False, opinion="第五部分过于笼统").execute()
    assert annual.state == AnnualReport.State.RETURNED
    act.EditSection(
        people.clerk, annual, "五", "（一）存在问题。政策解读形式单一。（二）改进措施。增加图解。"
    ).execute()
    acknowledge_all(people.clerk, annual)
    act.SubmitReport(people.clerk, annual).execute()
    annual = approve_all(people, annual)
    assert annual.state == AnnualReport.State.PUBLISHED
    assert annual.submitted_at and annual.published_at and annual.figures["year"] == YEAR
    assert PeriodLock.objects.filter(agency=people.tree.a, year=YEAR).exists()
    assert list(annual.reviews.values_list("decision", flat=True)) == [
        "returned",
        "approved",
        "approved",
        "approved",
    ]
    frozen = current_report(annual)
    assert frozen.section_text("五").startswith("（一）存在问题。政策解读")
    assert frozen.publication_date == annual.published_at.date()


def test_other_agencies_staff_may_not_touch_the_report(people):
    annual = start(people)
    with pytest.raises(PermissionDenied):
        act.EditSection(people.other_clerk, annual, "五", "x" * 20).execute()
    with pytest.raises(PermissionDenied):
        act.StartReport(people.other_clerk, people.tree.a, YEAR - 1).execute()


def test_locked_year_refuses_records_until_unlocked_with_a_reason(people):
    from gongkai.catalog.actions import SaveStatistics

    annual = start(people)
    acknowledge_all(people.clerk, annual)
    act.SubmitReport(people.clerk, annual).execute()
    approve_all(people, annual)
    stats = dict(licensing=1, penalties=0, enforcement=0, fees="0")
    with pytest.raises(ValidationError, match="已锁定"):
        SaveStatistics(people.clerk, people.tree.a, YEAR, **stats).execute()
    SaveStatistics(people.clerk, people.tree.a, YEAR + 1, **stats).execute()  # another year is open
    with pytest.raises(PermissionDenied):
        act.UnlockPeriod(people.clerk, people.tree.a, YEAR, reason="更正").execute()
    with pytest.raises(ValidationError, match="原因"):
        act.UnlockPeriod(people.office, people.tree.a, YEAR, reason="").execute()
    act.UnlockPeriod(people.office, people.tree.a, YEAR, reason="许可决定漏报1件").execute()
    assert not PeriodLock.objects.filter(agency=people.tree.a, year=YEAR).exists()
    assert PeriodUnlock.objects.get().by == people.office
    annual.refresh_from_db()
    assert annual.state == AnnualReport.State.DRAFT and annual.figures  # the published version stays
    SaveStatistics(people.clerk, people.tree.a, YEAR, **stats).execute()
    assert build_report(annual).table2.get("行政许可", "本年处理决定数量") == 1


def test_locked_year_refuses_applications_dated_in_it(people):
    from gongkai.annual.locks import ensure_open
    from gongkai.applications.actions import RegisterApplication
    from gongkai.law.clock import Channel
    from tests.applications.conftest import APPLICANT

    ensure_open(people.tree.a, None)  # no date: nothing to refuse
    PeriodLock.objects.create(agency=people.tree.a, year=YEAR)
    with pytest.raises(ValidationError, match="已锁定"):
        ensure_open(people.tree.a, date(YEAR, 6, 1))
    ensure_open(people.tree.b, date(YEAR, 6, 1))  # another agency's year is its own
    with pytest.raises(ValidationError, match="已锁定"):
        RegisterApplication(
            people.clerk, people.tree.a, APPLICANT, channel=Channel.IN_PERSON, arrived_on=date(YEAR, 12, 30)
        ).execute()


def test_cross_year_rule_against_an_entered_previous_report(people):
    previous = Report.empty(people.tree.a.name, YEAR - 1)
    previous.table3.set("四", 0, 2)
    previous.table3.set("四", 6, 2)
    act.SavePreviousReport(people.clerk, people.tree.a, YEAR - 1, previous, source="entered").execute()
    assert PreviousReport.objects.get().report["year"] == YEAR - 1
    annual = start(people)
    assert any(c.finding.rule == "T3-05" and c.is_error for c in checked(annual))


def test_work_points_appear_in_section_one(people):
    act.SaveWorkPoint(
        people.clerk, people.tree.a, YEAR, title="优化政策咨询服务", progress="开通热线。"
    ).execute()
    annual = start(people)
    assert "1.优化政策咨询服务。开通热线。" in build_report(annual).section_text("一")


def test_section_rules_run_on_the_draft(people):
    """N-03 (§一 over a thousand 汉字), N-04 (§五 the same as last year's), N-05 (§六 without the
    信息处理费 statement: an error for the agency's own report) — rules of gongkai.law.validation."""
    previous = Report.empty(people.tree.a.name, YEAR - 1)
    same = "（一）存在问题。公开形式单一，信息质量不高。（二）改进措施。丰富解读形式，提升信息发布质量。"
    previous.set_section("五", same)
    act.SavePreviousReport(people.clerk, people.tree.a, YEAR - 1, previous, source="entered").execute()
    annual = start(people)
    annual = act.EditSection(people.clerk, annual, "一", "政府信息公开工作" * 130).execute()
    annual = act.EditSection(people.clerk, annual, "五", same).execute()
    annual = act.EditSection(people.clerk, annual, "六", "无").execute()
    found = {(c.finding.rule, c.finding.severity) for c in checked(annual)}
    assert {("N-03", "W"), ("N-04", "W"), ("N-05", "E")} <= found


def test_final_approval_refused_when_the_records_changed_during_review(people):
    annual = start(people)
    acknowledge_all(people.clerk, annual)
    annual = act.SubmitReport(people.clerk, annual).execute()
    annual = act.ReviewReport(people.section, annual, approve=True).execute()
    annual = act.ReviewReport(people.deputy, annual, approve=True).execute()
    # meanwhile last year's published report is entered: 2 carried forward, which this year lacks
    previous = Report.empty(people.tree.a.name, YEAR - 1)
    previous.table3.set("四", 0, 2)
    previous.table3.set("四", 6, 2)
    act.SavePreviousReport(people.clerk, people.tree.a, YEAR - 1, previous, source="entered").execute()
    with pytest.raises(ValidationError, match="退回经办人"):
        act.ReviewReport(people.head, annual, approve=True).execute()
    annual = act.ReviewReport(people.head, annual, approve=False, opinion="上年结转不符，请核实").execute()
    assert annual.state == AnnualReport.State.RETURNED
