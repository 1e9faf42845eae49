"""The staff's pages: the register, registration, the case page and its steps, appeals, the admin
and the home page's queues — each for the agency's own staff only."""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.agencies.models import Role
from gongkai.applications import actions as act
from gongkai.applications.models import Appeal, Application, PersonalDataAccess, State
from gongkai.applications.todo import todo
from gongkai.law.clock import Channel
from gongkai.law.outcomes import Outcome
from tests.agencies.factories import make_user

from .conftest import APPLICANT
from .test_actions import register

MASKED = "**************1234"


@pytest.fixture(autouse=True)
def own_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }


def as_user(client, user):
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client, people) -> None:
    app = register(people)
    for url in (
        reverse("applications:list"),
        reverse("applications:case", args=[app.pk]),
        reverse("applications:register"),
        reverse("applications:appeals"),
    ):
        page = client.get(url)
        assert page.status_code == 302 and "/staff/login/" in page["Location"]
    page = client.post(reverse("applications:act", args=[app.pk, "accept"]))
    assert page.status_code == 302 and Application.objects.get().state == State.REGISTERED


def test_the_register_lists_the_agencys_cases_with_masked_ids(client, people) -> None:
    app = register(people)
    page = as_user(client, people.clerk).get(reverse("applications:list"))
    html = text(page)
    assert page.status_code == 200
    assert app.tracking_code in html and "张三" in html and MASKED in html
    assert APPLICANT["id_number"] not in html and APPLICANT["phone"] not in html
    assert "已逾期" in html  # received in 2025, never answered


def test_another_agencys_clerk_sees_no_rows_and_no_case(client, people) -> None:
    app = register(people)
    client = as_user(client, people.other_clerk)
    page = client.get(reverse("applications:list"))
    assert page.status_code == 200 and app.tracking_code not in text(page)
    assert client.get(reverse("applications:case", args=[app.pk])).status_code == 404
    assert client.post(reverse("applications:act", args=[app.pk, "accept"])).status_code == 404
    assert client.post(reverse("applications:reveal", args=[app.pk])).status_code == 404
    assert Application.objects.get().state == State.REGISTERED
    assert not PersonalDataAccess.objects.exists()


def test_filters_find_by_code_name_state_due_and_assignee(client, people, monkeypatch) -> None:
    first = register(people)
    second = register(people, name="李四")
    act.AssignApplication(people.clerk, second, people.clerk).execute()
    client = as_user(client, people.clerk)
    url = reverse("applications:list")

    def listed(**query) -> set[str]:
        html = text(client.get(url, query))
        return {a.tracking_code for a in (first, second) if a.tracking_code in html}

    assert listed(q=second.tracking_code.lower()) == {second.tracking_code}
    assert listed(q="李") == {second.tracking_code}
    assert listed(mine="on") == {second.tracking_code}
    assert listed(state=State.REGISTERED, year=2025) == {first.tracking_code, second.tracking_code}
    assert listed(state=State.HANDLING) == set()
    assert listed(due="overdue") == {first.tracking_code, second.tracking_code}
    monkeypatch.setattr("gongkai.applications.views._today", lambda: date(2025, 10, 27))
    assert listed(due="soon") == {first.tracking_code, second.tracking_code}  # due 10-29, by 10-30
    assert "即将到期" in text(client.get(url))
    monkeypatch.setattr("gongkai.applications.views._today", lambda: date(2025, 10, 9))
    assert listed(due="soon") == set()


def test_case_page_shows_the_facts_masked_the_due_dates_explained_and_the_steps_allowed(
    client, people
) -> None:
    app = register(people)
    page = as_user(client, people.clerk).get(reverse("applications:case", args=[app.pk]))
    html = text(page)
    assert page.status_code == 200
    assert MASKED in html and APPLICANT["id_number"] not in html and "138****1234" in html
    assert "答复期限：2025-10-29" in html and "跳过国庆节" in html
    assert "补正告知期限：2025-10-11" in html
    for step in ("accept", "correction_request", "on_spot", "draft", "withdraw"):
        assert f'action="{reverse("applications:act", args=[app.pk, step])}"' in html, step
    for step in ("extension", "signoff", "archive", "issue"):  # not in this state, or not for a clerk
        assert reverse("applications:act", args=[app.pk, step]) not in html, step
    deputy = text(as_user(client, people.deputy).get(reverse("applications:case", args=[app.pk])))
    assert "目前没有您可以办理的事项" in deputy and "查看完整证件号码" not in deputy
    assert reverse("applications:register") not in deputy  # nor a link to a page that would refuse


def test_revealing_the_id_number_shows_it_once_and_is_audited(client, people) -> None:
    app = register(people)
    client = as_user(client, people.clerk)
    page = client.post(reverse("applications:reveal", args=[app.pk]), {"reason": "核对申请人身份"})
    html = text(page)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert APPLICANT["id_number"] in html and APPLICANT["phone"] in html
    access = PersonalDataAccess.objects.get()
    assert access.user == people.clerk and access.reason == "核对申请人身份"
    again = text(client.get(reverse("applications:case", args=[app.pk])))
    assert APPLICANT["id_number"] not in again and "核对申请人身份" in again  # listed, not shown
    refused = as_user(client, people.deputy).post(reverse("applications:reveal", args=[app.pk]), follow=True)
    assert "您无权办理该机关的事项" in text(refused) and PersonalDataAccess.objects.count() == 1
    assert client.get(reverse("applications:reveal", args=[app.pk])).status_code == 405


def test_a_step_runs_its_action_and_redirects(client, people) -> None:
    app = register(people)
    client = as_user(client, people.clerk)
    page = client.post(reverse("applications:act", args=[app.pk, "accept"]))
    assert page.status_code == 302 and page["Location"] == reverse("applications:case", args=[app.pk])
    app.refresh_from_db()
    assert app.state == State.HANDLING
    assert app.history.first().history_user == people.clerk
    assert "已完成：审核通过，开始办理" in text(client.get(page["Location"]))


def test_a_refused_step_shows_the_actions_chinese_message_and_changes_nothing(client, people) -> None:
    app = register(people)
    client = as_user(client, people.clerk)
    url = reverse("applications:act", args=[app.pk, "correction_request"])
    future = {
        "correction_request-on": "2099-01-05",
        "correction_request-deadline": "2099-01-20",
        "correction_request-matters": "请写明文号",
    }
    page = client.post(url, future)
    html = text(page)
    assert page.status_code == 409
    assert "“告知补正（第三十条）”未能完成：告知补正日期（2099-01-05）不能晚于今天。" in html
    assert 'value="请写明文号"' not in html and "请写明文号</textarea>" in html  # what was typed stays
    assert Application.objects.get().state == State.REGISTERED
    # a step this person may not take: the permission layer's message, not a server error
    page = client.post(
        reverse("applications:act", args=[app.pk, "extension"]),
        {"extension-days": "10", "extension-on": "2025-10-09", "extension-grounds": "检索档案"},
    )
    assert page.status_code == 403
    assert "只有本机关的政府信息公开工作机构负责人可以批准延长答复期限" in text(page)
    # missing fields: the form's errors beside the fields
    page = client.post(url, {"correction_request-on": "2025-09-26"})
    assert page.status_code == 400 and "这个字段是必填项。" in text(page)
    assert client.post(reverse("applications:act", args=[app.pk, "no-such-step"])).status_code == 404


def test_the_whole_procedure_through_the_case_page(client, people) -> None:
    app = register(people)
    url = lambda step: reverse("applications:act", args=[app.pk, step])  # noqa: E731
    clerk = as_user(client, people.clerk)
    assert clerk.post(url("assign"), {"assign-assignee": people.clerk.pk}).status_code == 302
    assert clerk.post(url("accept")).status_code == 302
    steps = [
        (
            "correction_request",
            {"on": "2025-09-26", "deadline": "2025-10-17", "matters": "请写明文件名称"},
        ),
        ("correction_receive", {"on": "2025-10-13", "description": "立项批复"}),
        ("consultation_start", {"kind": "THIRD_PARTY", "party": "某建设公司", "on": "2025-10-20"}),
        ("consultation_answer", {"which": "THIRD_PARTY|某建设公司", "on": "2025-10-27", "opinion": "同意"}),
    ]
    for step, data in steps:
        page = clerk.post(url(step), {f"{step}-{k}": v for k, v in data.items()})
        assert page.status_code == 302, text(page)
    office = as_user(client, people.office)
    data = {"days": "10", "on": "2025-11-03", "notified_on": "2025-11-03", "grounds": "需要检索档案"}
    assert office.post(url("extension"), {f"extension-{k}": v for k, v in data.items()}).status_code == 302
    clerk = as_user(client, people.clerk)
    data = {"outcome": Outcome.PARTIAL.name, "reasons": "部分内容涉及商业秘密"}
    assert clerk.post(url("draft"), {f"draft-{k}": v for k, v in data.items()}).status_code == 302
    section_page = text(as_user(client, people.section).get(reverse("applications:case", args=[app.pk])))
    assert "审签答复（第 1 级：科室负责人）" in section_page
    page = client.post(url("signoff"), {"signoff-decision": "approved"})
    assert page.status_code == 302
    clerk = as_user(client, people.clerk)
    assert clerk.post(url("issue"), {"issue-on": "2025-11-20"}).status_code == 302
    app.refresh_from_db()
    assert app.state == State.REPLIED and app.outcome == Outcome.PARTIAL.name
    html = text(clerk.get(reverse("applications:case", args=[app.pk])))
    assert "政府信息公开申请答复书" in html and app.reply_number in html
    assert "第三方“某建设公司”提出意见期限" in html
    assert clerk.post(url("archive")).status_code == 302


def test_staff_register_an_application_by_channel(client, people, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = as_user(client, people.clerk)
    page = client.get(reverse("applications:register"))
    assert page.status_code == 200 and "口头提出" in text(page)
    data = {
        "key": re.search(r'name="key" value="([^"]+)"', text(page)).group(1),
        "agency": people.tree.a.pk,
        "channel": Channel.ORDINARY_LETTER.name,
        "arrived_on": "2025-03-03",
        "applicant": "LEGAL_SERVICE",
        "name": "某律师事务所",
        "contact_person": "王律师",
        "id_type": "other",
        "id_number": "律所执业证 12345678",
        "phone": "0595-88881234",
        "description": "某项目的环评批复",
        "medium": "paper",
        "delivery": "pickup",
    }
    page = client.post(reverse("applications:register"), data)
    assert page.status_code == 400 and "请填写与申请人确认的日期" in text(page)
    scan = SimpleUploadedFile("执业证.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
    page = client.post(
        reverse("applications:register"), {**data, "confirmed_on": "2025-03-04", "attachments": scan}
    )
    app = Application.objects.get()
    assert page.status_code == 302 and page["Location"] == reverse("applications:case", args=[app.pk])
    assert app.received_on == date(2025, 3, 4) and app.category == "LEGAL_SERVICE"
    assert app.applicant_type == "organisation" and app.attachments.count() == 1
    # the clerk may download the scan; the download is recorded
    download = client.post(reverse("applications:attachment", args=[app.pk, app.attachments.get().pk]))
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert PersonalDataAccess.objects.get().reason == "查看申请附件“执业证.png”"
    # the same form posted again (a double click) is the same application
    again = client.post(reverse("applications:register"), {**data, "confirmed_on": "2025-03-04"})
    assert again["Location"] == page["Location"] and Application.objects.count() == 1
    forged = client.post(
        reverse("applications:register"), {**data, "key": "demo-1", "confirmed_on": "2025-03-04"}
    )
    assert forged.status_code == 400 and "本页面已失效" in text(forged)
    # the other agency cannot register here
    other = as_user(client, people.other_clerk).post(reverse("applications:register"), data)
    assert other.status_code == 400 and Application.objects.count() == 1


def test_appeals_are_listed_and_recorded_per_agency(client, people) -> None:
    app = register(people)
    clerk = as_user(client, people.clerk)
    new = reverse("applications:appeal_new", args=[people.tree.a.code])
    page = clerk.get(new, {"application": app.pk})
    assert page.status_code == 200 and app.tracking_code in text(page)
    data = {
        "kind": Appeal.Kind.RECONSIDERATION,
        "role": Appeal.Role.ORIGINAL,
        "body": "晋江市人民政府",
        "tracking_code": app.tracking_code,
        "filed_on": "2025-12-01",
        "result": Appeal.Result.UPHELD,
    }
    page = clerk.post(new, data)
    assert page.status_code == 400 and "已审结的案件请同时填写结果和决定（裁判）日期" in text(page)
    page = clerk.post(new, {**data, "decided_on": "2026-01-20"})
    assert page.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.application == app and appeal.history.first().history_user == people.clerk
    assert "晋江市人民政府" in text(clerk.get(reverse("applications:appeals")))
    assert reverse("applications:appeal_edit", args=[appeal.pk]) in text(
        clerk.get(reverse("applications:case", args=[app.pk]))
    )
    other = as_user(client, people.other_clerk)
    assert other.get(new).status_code == 403
    assert "晋江市人民政府" not in text(other.get(reverse("applications:appeals")))
    assert other.get(reverse("applications:appeal_edit", args=[appeal.pk])).status_code == 404


def test_each_role_sees_its_queue_on_the_home_page(client, people) -> None:
    app = register(people)
    register(people, name="李四")
    act.AcceptApplication(people.clerk, app).execute()
    act.DraftReply(people.clerk, app, outcome=Outcome.GRANT, reasons="予以公开").execute()
    today = date(2025, 10, 27)
    clerk = [n.text for n in todo(people.clerk, today)]
    assert "1 件新收到的依申请公开申请待审核（其中 1 件尚未分配经办人）。" in clerk
    assert any("2 件依申请公开申请将在 3 个工作日内（至 2025-10-30）到期" in t for t in clerk)
    assert not any("审签" in t for t in clerk)
    section = [n.text for n in todo(people.section, today)]
    assert "1 件依申请公开答复等待您审签。" in section
    assert todo(people.other_clerk, today) == []
    assert todo(people.deputy, today) == []  # level 1 first
    act.SignOffReply(people.section, app, approve=False, opinion="补充理由").execute()
    act.DraftReply(people.clerk, app, outcome=Outcome.GRANT, reasons="予以公开，理由……").execute()
    assert "1 件依申请公开答复等待您审签。" in [n.text for n in todo(people.section, today)]
    scan = [n.text for n in todo(None, date(2025, 11, 3))]
    assert scan == ["某县甲局：依申请公开申请 2 件已超过答复期限。"]
    home = text(as_user(client, people.section).get(reverse("staff:home")))
    assert "等待您审签" in home and f"{reverse('applications:list')}?signable=1" in home
    listed = text(client.get(reverse("applications:list"), {"signable": "1"}))
    assert app.tracking_code in listed


def test_the_admin_shows_cases_read_only_with_masked_ids(client, people) -> None:
    app = register(people)
    admin = make_user("root", (people.tree.root, Role.SYSADMIN), is_staff=True)
    client = as_user(client, admin)
    listing = client.get(reverse("admin:applications_application_changelist"))
    assert listing.status_code == 200 and MASKED in text(listing)
    detail = client.get(reverse("admin:applications_application_change", args=[app.pk]))
    assert detail.status_code == 200 and MASKED in text(detail)
    assert APPLICANT["id_number"] not in text(detail) and APPLICANT["phone"] not in text(detail)
    assert client.get(reverse("admin:applications_application_add")).status_code == 403
    assert client.post(reverse("admin:applications_application_delete", args=[app.pk])).status_code == 403
    assert client.get(reverse("admin:applications_appeal_changelist")).status_code == 200
    events = text(client.get(reverse("admin:applications_caseevent_changelist")))
    assert "记录人" in events and "recorded by" not in events
