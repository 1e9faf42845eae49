"""The application's procedure through its actions: dates from the statute clock, permissions,
refusals naming the rule, and all-or-nothing transitions."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from gongkai.applications import actions as act
from gongkai.applications.models import Application, CaseEvent, Letter, State
from gongkai.law.clock import (
    Channel,
    ClockError,
    ConsultationAnswered,
    ConsultationStarted,
    CorrectionReceived,
    CorrectionRequested,
    ExtensionApproved,
    Received,
    compute_clock,
)
from gongkai.law.outcomes import Outcome
from gongkai.workcalendar.service import get_calendar

from .conftest import APPLICANT


def register(people, **extra) -> Application:
    return act.RegisterApplication(
        people.clerk,
        people.tree.a,
        {**APPLICANT, **extra},
        channel=Channel.IN_PERSON,
        arrived_on=date(2025, 9, 25),
    ).execute()


def test_registration_derives_receipt_and_reply_due(people) -> None:
    app = register(people)
    assert app.state == State.REGISTERED and app.received_on == date(2025, 9, 25)
    assert app.reply_due == date(2025, 10, 29)  # across National Day, with the 调休 Sunday and Saturday
    assert len(app.tracking_code) == act.TRACKING_LENGTH
    assert app.history.first().history_user == people.clerk


def test_online_submission_is_received_on_the_day_both_confirm_and_double_submit_is_one_row(people) -> None:
    first = act.SubmitOnline(people.tree.a, APPLICANT, submission_key="k1").execute()
    again = act.SubmitOnline(people.tree.a, APPLICANT, submission_key="k1").execute()
    assert first.pk == again.pk and Application.objects.count() == 1
    assert (
        first.channel == Channel.INTERNET.name and first.received_on == first.confirmed_on == first.arrived_on
    )
    assert first.reply_due is not None  # in a year without a calendar: an estimate that says so
    assert first.history.first().history_change_reason == "申请人网上提交申请"


def test_letter_channel_needs_the_confirmation_date(people) -> None:
    with pytest.raises(ValidationError, match="确认"):
        act.RegisterApplication(
            people.clerk,
            people.tree.a,
            APPLICANT,
            channel=Channel.ORDINARY_LETTER,
            arrived_on=date(2025, 3, 3),
        ).execute()
    app = act.RegisterApplication(
        people.clerk,
        people.tree.a,
        APPLICANT,
        channel=Channel.ORDINARY_LETTER,
        arrived_on=date(2025, 3, 3),
        confirmed_on=date(2025, 3, 4),
    ).execute()
    assert app.received_on == date(2025, 3, 4)


def test_missing_fields_and_future_dates_are_refused_in_chinese(people) -> None:
    with pytest.raises(ValidationError) as exc:
        register(people, description="")
    assert "不能为空" in "".join(exc.value.messages) or "此字段" in "".join(exc.value.messages)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        act.RegisterApplication(
            people.clerk, people.tree.a, APPLICANT, channel=Channel.IN_PERSON, arrived_on=date(2099, 1, 1)
        ).execute()
    assert Application.objects.count() == 0


def test_personal_data_is_encrypted_at_rest_and_masked(people) -> None:
    app = register(people)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM applications_application WHERE id = %s", [app.pk])
        stored_id, stored_phone = cursor.fetchone()
    assert "350582199001011234" not in stored_id and "13800001234" not in stored_phone
    fresh = Application.objects.get(pk=app.pk)
    assert fresh.id_number == "350582199001011234"
    assert fresh.masked_id_number == "**************1234" and fresh.masked_phone == "138****1234"


def test_whole_procedure_matches_the_statute_clock(people) -> None:
    app = register(people)
    act.AcceptApplication(people.clerk, app).execute()
    act.RequestCorrection(
        people.clerk, app, on=date(2025, 9, 26), deadline=date(2025, 10, 17), matters="请写明文件的名称或文号"
    ).execute()
    act.ReceiveCorrection(
        people.clerk, app, on=date(2025, 10, 13), description="某某道路改造工程立项批复"
    ).execute()
    act.StartConsultation(people.clerk, app, on=date(2025, 10, 20), party="某建设公司").execute()
    act.AnswerConsultation(people.clerk, app, on=date(2025, 10, 27), party="某建设公司").execute()
    with pytest.raises(PermissionDenied):
        act.ApproveExtension(
            people.clerk, app, on=date(2025, 11, 3), days=10, grounds="需要检索档案"
        ).execute()
    app = act.ApproveExtension(
        people.office,
        app,
        on=date(2025, 11, 3),
        days=10,
        notified_on=date(2025, 11, 3),
        grounds="需要检索档案",
    ).execute()
    expected = compute_clock(
        [
            Received(date(2025, 9, 25), Channel.IN_PERSON),
            CorrectionRequested(date(2025, 9, 26), date(2025, 10, 17)),
            CorrectionReceived(date(2025, 10, 13)),
            ConsultationStarted(date(2025, 10, 20), party="某建设公司"),
            ConsultationAnswered(date(2025, 10, 27), party="某建设公司"),
            ExtensionApproved(date(2025, 11, 3), 10, True, date(2025, 11, 3)),
        ],
        get_calendar(),
    )
    assert app.reply_due == expected.reply_due
    act.DraftReply(people.clerk, app, outcome=Outcome.PARTIAL, reasons="部分内容涉及第三方商业秘密").execute()
    with pytest.raises(PermissionDenied):
        act.SignOffReply(people.clerk, app, approve=True).execute()
    app = act.SignOffReply(people.section, app, approve=True).execute()
    assert app.state == State.SIGNED
    app = act.IssueReply(people.clerk, app, on=date(2025, 11, 20)).execute()
    assert app.state == State.REPLIED and app.closed_on == date(2025, 11, 20)
    assert app.reply_number.endswith("〔2025〕1号")
    assert [letter.kind for letter in app.letters.all()] == [
        "correction",
        "consultation",
        "extension",
        "reply",
    ]
    act.ArchiveApplication(people.clerk, app).execute()
    reasons = list(app.history.values_list("history_change_reason", flat=True))
    assert "批准延长答复期限" in reasons and "归档" in reasons


def test_signoff_levels_follow_the_agency_and_a_return_starts_a_new_round(people) -> None:
    rules = act.rules_of(people.tree.a)
    rules.reply_signoff_levels = 2
    rules.save()
    app = register(people)
    act.AcceptApplication(people.clerk, app).execute()
    act.DraftReply(people.clerk, app, outcome=Outcome.GRANT, reasons="予以公开").execute()
    app = act.SignOffReply(people.section, app, approve=True).execute()
    assert app.state == State.REVIEW
    app = act.SignOffReply(people.deputy, app, approve=False, opinion="请补充获取方式").execute()
    assert app.state == State.HANDLING
    act.DraftReply(people.clerk, app, outcome=Outcome.GRANT, reasons="予以公开，电子邮件发送").execute()
    with pytest.raises(PermissionDenied):  # a new round starts again at the first level
        act.SignOffReply(people.deputy, app, approve=True).execute()
    act.SignOffReply(people.section, app, approve=True).execute()
    app = act.SignOffReply(people.deputy, app, approve=True).execute()
    assert app.state == State.SIGNED


def test_impossible_actions_are_refused_with_their_rule(people) -> None:
    app = register(people)
    with pytest.raises(ValidationError, match="不能"):
        act.IssueReply(people.clerk, app, on=date(2025, 10, 1)).execute()
    act.AcceptApplication(people.clerk, app).execute()
    act.RequestCorrection(
        people.clerk, app, on=date(2025, 9, 26), deadline=date(2025, 10, 17), matters="文号"
    ).execute()
    act.ReceiveCorrection(people.clerk, app, on=date(2025, 10, 9)).execute()
    with pytest.raises(ClockError, match="第三十条"):  # a second 补正 notice
        act.RequestCorrection(
            people.clerk, app, on=date(2025, 10, 10), deadline=date(2025, 10, 20), matters="再次"
        ).execute()
    with pytest.raises(ClockError, match="第三十三条"):  # more than 20 working days
        act.ApproveExtension(people.office, app, on=date(2025, 10, 10), days=25, grounds="检索").execute()


def test_another_agency_cannot_see_or_change_the_case(people) -> None:
    app = register(people)
    with pytest.raises(PermissionDenied):
        act.AcceptApplication(people.other_clerk, app).execute()
    with pytest.raises(PermissionDenied):
        act.RevealPersonalData(people.other_clerk, app).execute()
    with pytest.raises(ValidationError):
        act.AssignApplication(people.clerk, app, people.other_clerk).execute()
    assert Application.objects.get(pk=app.pk).state == State.REGISTERED


def test_a_crash_in_the_middle_of_a_transition_leaves_the_previous_state(people, monkeypatch) -> None:
    app = register(people)
    act.AcceptApplication(people.clerk, app).execute()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Letter.objects, "create", broken)
    with pytest.raises(RuntimeError):
        act.RequestCorrection(
            people.clerk, app, on=date(2025, 9, 26), deadline=date(2025, 10, 17), matters="文号"
        ).execute()
    fresh = Application.objects.get(pk=app.pk)
    assert fresh.state == State.HANDLING and fresh.reply_due == date(2025, 10, 29)
    assert not CaseEvent.objects.filter(application=app, kind="correction_requested").exists()


def test_fee_notice_counts_the_applicants_month_and_lapse_closes_the_case(people) -> None:
    apps = [register(people) for _ in range(3)]
    target = apps[-1]
    act.AcceptApplication(people.clerk, target).execute()
    with pytest.raises(ValidationError, match="不收费"):
        act.IssueFeeNotice(
            people.clerk, target, on=date(2025, 9, 26), method=act.FeeMethod.ITEMS, quantity=5
        ).execute()
    target = act.IssueFeeNotice(
        people.clerk, target, on=date(2025, 9, 26), method=act.FeeMethod.ITEMS, quantity=12
    ).execute()
    # two earlier applications this month count as items 1–2; this one's 12 items are 3–14: 4 × 100 元
    assert target.fee_amount == 400
    with pytest.raises(ValidationError, match="尚未缴费"):
        act.DraftReply(people.clerk, target, outcome=Outcome.GRANT, reasons="予以公开").execute()
    target = act.RecordFeeLapsed(people.clerk, target, on=date(2025, 11, 10)).execute()
    assert target.state == State.CLOSED and target.outcome == Outcome.OTHER_FEE_UNPAID.name


def test_closing_without_correction_waits_for_the_deadline(people) -> None:
    app = register(people)
    act.RequestCorrection(
        people.clerk, app, on=date(2025, 9, 26), deadline=date(2025, 10, 17), matters="文号"
    ).execute()
    with pytest.raises(ValidationError, match="期限届满前"):
        act.CloseWithoutCorrection(people.clerk, app, on=date(2025, 10, 17)).execute()
    app = act.CloseWithoutCorrection(people.clerk, app, on=date(2025, 10, 20)).execute()
    assert app.outcome == Outcome.OTHER_NO_CORRECTION.name and app.closed_on == date(2025, 10, 20)


def test_answer_on_the_spot_only_in_person(people) -> None:
    app = register(people)
    app = act.AnswerOnSpot(
        people.clerk, app, outcome=Outcome.GRANT_ALREADY_PUBLIC, reasons="已在门户网站公开"
    ).execute()
    assert app.state == State.REPLIED and app.closed_on == date(2025, 9, 25)
