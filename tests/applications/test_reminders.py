"""Deadline reminders by e-mail (once per person per day) and the applicant's notice of a letter."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from gongkai.applications import actions as act
from gongkai.applications import reminders
from gongkai.applications.models import Application, ReminderSent, State
from gongkai.cli import main
from gongkai.law.clock import Channel
from gongkai.law.outcomes import Outcome

from .conftest import APPLICANT

TODAY = date(2025, 9, 30)  # the eve of National Day: 10-01…10-08 off, Saturday 10-11 a working day


@pytest.fixture(autouse=True)
def mail_and_tasks(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def case(people, agency=None, *, due: date, assigned=None, state=State.HANDLING, name="张三") -> Application:
    actor = people.clerk if agency is None else people.other_clerk
    app = act.RegisterApplication(
        actor,
        agency or people.tree.a,
        {**APPLICANT, "name": name},
        channel=Channel.IN_PERSON,
        arrived_on=date(2025, 9, 1),
    ).execute()
    # The clock's cached due date, set directly so each case sits where the test needs it.
    Application.objects.filter(pk=app.pk).update(reply_due=due, state=state, assigned_to=assigned)
    app.refresh_from_db()
    return app


@pytest.fixture
def cases(people):
    for person, address in ((people.clerk, "clerk@a.example"), (people.other_clerk, "clerk@b.example")):
        person.email = address
        person.save()
    return {
        "overdue": case(people, due=date(2025, 9, 29), assigned=people.clerk),
        "after_holiday": case(people, due=date(2025, 10, 10), assigned=people.clerk),
        "unassigned": case(people, due=date(2025, 10, 11)),
        "later": case(people, due=date(2025, 10, 13), assigned=people.clerk),
        "replied": case(people, due=date(2025, 9, 29), assigned=people.clerk, state=State.REPLIED),
        "other_agency": case(people, people.tree.b, due=date(2025, 9, 26), name="李四"),
    }


def test_due_within_three_working_days_counts_on_the_holiday_calendar(cases) -> None:
    assert reminders.horizon(TODAY) == date(2025, 10, 11)  # 10-09, 10-10 and the 调休 Saturday
    soon, late = reminders.due_cases(TODAY)
    assert [c.pk for c in soon] == [cases["after_holiday"].pk, cases["unassigned"].pk]
    assert [c.pk for c in late] == [cases["other_agency"].pk, cases["overdue"].pk]
    assert soon[0].working_days == 2 and late[1].working_days == 1
    a, b = cases["overdue"].agency_id, cases["other_agency"].agency_id
    assert reminders.counts(TODAY) == {a: {"due_soon": 2, "overdue": 1}, b: {"due_soon": 0, "overdue": 1}}
    assert reminders.counts(TODAY, [b]) == {b: {"due_soon": 0, "overdue": 1}}


def test_each_clerk_gets_their_list_once_a_day(people, cases) -> None:
    report = reminders.send_reminders(TODAY)
    assert report == {"sent": 2, "already_sent": 0, "no_email": 0, "failed": 0}
    by_address = {m.to[0]: m for m in mail.outbox}
    mine = by_address["clerk@a.example"].body
    for key in ("overdue", "after_holiday", "unassigned"):  # unassigned: to the agency's clerks
        assert cases[key].tracking_code in mine
    assert cases["later"].tracking_code not in mine and cases["replied"].tracking_code not in mine
    assert "已超期 1 件" in by_address["clerk@a.example"].subject
    assert "350582199001011234" not in mine and "13800001234" not in mine
    assert cases["other_agency"].tracking_code in by_address["clerk@b.example"].body
    assert cases["other_agency"].tracking_code not in mine
    # a second scan the same day sends nothing new
    assert reminders.send_reminders(TODAY)["already_sent"] == 2
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.filter(day=TODAY).count() == 2


def test_a_failed_send_is_retried_by_the_next_scan(people, cases, monkeypatch) -> None:
    def down(*args, **kwargs):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr(reminders, "send_mail", down)
    assert reminders.send_reminders(TODAY)["failed"] == 2
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert reminders.send_reminders(TODAY)["sent"] == 2


def test_gongkai_scan_sends_the_reminders_and_a_second_scan_sends_nothing(cases, capsys) -> None:
    assert main(["scan", "--today", TODAY.isoformat(), "--no-mail"]) == 0
    assert mail.outbox == []
    assert main(["scan", "--today", TODAY.isoformat()]) == 0
    assert len(mail.outbox) == 2 and "发出 2 封" in capsys.readouterr().out
    assert main(["scan", "--today", TODAY.isoformat()]) == 0
    assert len(mail.outbox) == 2 and "今天已发过 2 人" in capsys.readouterr().out


def test_people_without_an_address_or_the_agency_are_skipped(people, cases) -> None:
    people.other_clerk.email = ""
    people.other_clerk.save()
    assert reminders.send_reminders(TODAY)["no_email"] == 1
    assert [m.to for m in mail.outbox] == [["clerk@a.example"]]


def test_the_applicant_is_told_of_a_letter_after_the_action_commits(
    people, django_capture_on_commit_callbacks
):
    app = act.RegisterApplication(
        people.clerk, people.tree.a, APPLICANT, channel=Channel.IN_PERSON, arrived_on=date(2025, 9, 25)
    ).execute()
    act.AcceptApplication(people.clerk, app).execute()
    with django_capture_on_commit_callbacks(execute=True):
        act.RequestCorrection(
            people.clerk, app, on=date(2025, 9, 26), deadline=date(2025, 10, 17), matters="文号"
        ).execute()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [APPLICANT["email"]]
    text = message.subject + message.body
    assert app.tracking_code in text and "补正告知书" in text
    assert APPLICANT["id_number"] not in text and APPLICANT["phone"] not in text
    assert f"/apply/letters/{app.tracking_code}/" in message.body
    act.ReceiveCorrection(people.clerk, app, on=date(2025, 10, 13)).execute()
    with django_capture_on_commit_callbacks(execute=True):  # the third party's letter is not the applicant's
        act.StartConsultation(people.clerk, app, on=date(2025, 10, 20), party="某建设公司").execute()
    assert len(mail.outbox) == 1


def test_no_mail_when_the_action_is_refused_or_there_is_no_address(
    people, django_capture_on_commit_callbacks
):
    app = act.RegisterApplication(
        people.clerk,
        people.tree.a,
        {**APPLICANT, "email": ""},
        channel=Channel.IN_PERSON,
        arrived_on=date(2025, 9, 25),
    ).execute()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        act.AnswerOnSpot(people.clerk, app, outcome=Outcome.GRANT, reasons="当场提供").execute()
    assert callbacks == [] and mail.outbox == []
