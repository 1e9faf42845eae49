"""Annual-report reminders: 10 days before the due date and after it, each sent once however often
the daily scan runs; the staff home notices and the scan's lines."""

from datetime import date

import pytest
from django.core import mail

from gongkai.supervision import tasks
from gongkai.supervision.models import ReportReminder
from gongkai.supervision.reminders import due_reminders, send_reminders
from gongkai.supervision.todo import todo

from .conftest import annual


@pytest.fixture(autouse=True)
def mail_and_tasks(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_nothing_early_in_january(world) -> None:
    assert due_reminders(date(2026, 1, 10)) == []
    assert send_reminders(date(2026, 1, 10))["sent"] == 0


def test_due_soon_once_then_overdue_once(world) -> None:
    t = world.tree
    annual(t.a, kind="aggregate")  # 甲局 has approved; 甲局下属中心 reports to 甲局
    annual(world.c)
    soon = date(2026, 1, 25)
    agencies = {a.name for a, kind, _ in due_reminders(soon)}
    assert "某县乙局" in agencies and "某县丙局" not in agencies and "某县甲局" not in agencies

    first = send_reminders(soon)
    assert first["sent"] == 2  # 乙局's 经办人 and 公开工作机构负责人
    assert {m.to[0] for m in mail.outbox} == {"b@example.com", "office-b@example.com"}
    assert "2026年1月31日前" in mail.outbox[0].body and "即将到期" in mail.outbox[0].subject
    again = send_reminders(soon)  # the scan run a second time that day
    assert again["sent"] == 0 and again["already_sent"] == 2
    assert send_reminders(date(2026, 1, 27))["sent"] == 0  # nor on the next days
    assert len(mail.outbox) == 2

    late = send_reminders(date(2026, 2, 2))
    assert late["sent"] == 2 and "已逾期" in mail.outbox[-1].subject
    assert send_reminders(date(2026, 2, 3))["sent"] == 0
    assert ReportReminder.objects.filter(agency=t.b).count() == 4


def test_the_scan_hands_them_to_the_worker(world) -> None:
    lines = tasks.daily(date(2026, 1, 25))
    assert lines and "发出 2 封" in lines[0]
    assert "发出 0 封" in tasks.daily(date(2026, 1, 25))[0]
    assert tasks.daily(date(2026, 1, 25), mail=False) == []


def test_notices_for_the_agency_and_its_supervisor(world) -> None:
    day = date(2026, 2, 2)
    mine = [n.text for n in todo(world.clerk_b, day)]
    assert mine and "某县乙局2025年度" in mine[0] and "已逾期 2 天" in mine[0]
    boss = todo(world.supervisor, day)
    assert len(boss) == 1 and "逾期未报送" in boss[0].text and boss[0].url.endswith("/county/2025/")
    assert todo(world.other_supervisor, day)[0].url.endswith("/county2/2025/")
    assert todo(world.clerk_b, date(2026, 1, 5)) == []
    scan = [n.text for n in todo(None, day)]
    assert any(text.startswith("某县人民政府：") and "某县乙局" in text for text in scan)


def test_gongkai_scan_twice_a_day_sends_each_reminder_once(world, capsys) -> None:
    from gongkai.cli import main

    assert main(["scan", "--today", "2026-01-25"]) == 0
    assert main(["scan", "--today", "2026-01-25"]) == 0
    assert len(mail.outbox) == 2
    out = capsys.readouterr().out
    assert "年度报告提醒邮件：发出 2 封" in out and "年度报告提醒邮件：发出 0 封" in out
    assert main(["scan", "--today", "2026-01-25", "--no-mail"]) == 0
    assert len(mail.outbox) == 2


def test_the_compiled_report_reminds_the_supervising_office(world) -> None:
    world.supervisor.email = "office@example.com"
    world.supervisor.save()
    day = date(2026, 2, 15)  # a county government's compiled report is due 02-20
    notices = todo(world.supervisor, day)
    own = [n for n in notices if "（汇总）" in n.text]
    assert len(own) == 1 and "2026-02-20" in own[0].text and own[0].url.endswith("/county/2025/aggregate/")
    send_reminders(day)
    to_office = [m for m in mail.outbox if m.to == ["office@example.com"]]
    assert len(to_office) == 1 and "（汇总）" in to_office[0].subject
    assert not [m for m in mail.outbox if m.to == ["b@example.com"] and "（汇总）" in m.subject]
    annual(world.tree.root, kind="aggregate")
    assert not [n for n in todo(world.supervisor, day) if "（汇总）" in n.text]


def test_reminders_are_listed_read_only_in_the_admin(world, client, admin_user) -> None:
    send_reminders(date(2026, 1, 25))
    client.force_login(admin_user)
    page = client.get("/admin/supervision/reportreminder/")
    assert page.status_code == 200 and "某县乙局" in page.content.decode()
    assert client.get("/admin/supervision/reportreminder/add/").status_code == 403
