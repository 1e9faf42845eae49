"""The staff pages: the list, the log of a call, the item page's steps, the figures page, the
home page's notices and the read-only admin."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from gongkai.consultations import actions as act
from gongkai.consultations.models import Consultation, ContactAccess, State
from gongkai.consultations.todo import todo
from tests.agencies.factories import make_user

from .helpers import answered, log


def text(response) -> str:
    return response.content.decode()


def as_user(client, user):
    client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_the_login(client, people) -> None:
    row = log(people.clerk, people.tree.a, on=date(2025, 9, 1))
    for url in (
        reverse("consultations:list"),
        reverse("consultations:new"),
        reverse("consultations:figures"),
        reverse("consultations:item", args=[row.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_the_list_masks_phones_and_filters(client, people) -> None:
    a = people.tree.a
    hotline = log(people.clerk, a, on=date(2025, 9, 1), subject="热线问题")
    letter = log(people.clerk, a, on=date(2025, 9, 2), channel="letter", kind="complaint", subject="来信投诉")
    answered(people.clerk, letter, date(2025, 9, 3))
    html = text(as_user(client, people.clerk).get(reverse("consultations:list")))
    assert "138****1234" in html and "138-0000-1234" not in html and "13800001234" not in html
    assert "共 2 件" in html and "已超期" in html  # the hotline call of 2025 is long past its target
    url = reverse("consultations:list")

    def listed(**query) -> set[str]:
        page = client.get(url, query)
        assert page.status_code == 200
        return set(re.findall(r">([2-9A-Z]{12})</a>", text(page)))

    assert listed(kind="complaint") == {letter.tracking_code}
    assert listed(channel="hotline") == {hotline.tracking_code}
    assert listed(state="answered") == {letter.tracking_code}
    assert listed(overdue="on") == {hotline.tracking_code}
    assert listed(q="来信") == {letter.tracking_code}
    assert listed(q=hotline.tracking_code.lower()) == {hotline.tracking_code}
    assert client.get(url, {"state": "bogus"}).status_code == 200  # a bad filter is shown, not a 500


def test_another_agencys_clerk_sees_no_rows_and_no_item(client, people) -> None:
    row = log(people.clerk, people.tree.a, on=date(2025, 9, 1))
    as_user(client, people.other_clerk)
    assert row.tracking_code not in text(client.get(reverse("consultations:list")))
    assert client.get(reverse("consultations:item", args=[row.pk])).status_code == 404
    assert (
        client.post(reverse("consultations:act", args=[row.pk, "answer"]), {"answer-answer": "x"}).status_code
        == 404
    )
    assert client.post(reverse("consultations:reveal", args=[row.pk]), {"reason": "x"}).status_code == 404
    row.refresh_from_db()
    assert row.state == State.NEW and not ContactAccess.objects.exists()


def test_staff_log_a_call_once_even_if_the_form_is_sent_twice(client, people) -> None:
    as_user(client, people.clerk)
    page = client.get(reverse("consultations:new"))
    assert page.status_code == 200 and 'name="csrfmiddlewaretoken"' in text(page)
    key = re.search(r'name="key" value="([^"]+)"', text(page)).group(1)
    data = {
        "agency": people.tree.a.pk,
        "channel": "hotline",
        "received_at": "2025-09-30T10:15",
        "kind": "consultation",
        "subject": "公积金提取",
        "question": "来电咨询公积金提取的材料。",
        "asker_name": "匿名",
        "phone": "",
        "email": "",
        "key": key,
    }
    response = client.post(reverse("consultations:new"), data)
    row = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "consultations:item", args=[row.pk]
    )
    assert row.received_on == date(2025, 9, 30) and timezone.localtime(row.received_at).hour == 10
    assert client.post(reverse("consultations:new"), data).status_code == 302
    assert Consultation.objects.count() == 1
    # A future time, a website channel and a missing question are refused in Chinese.
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    page = client.post(reverse("consultations:new"), {**data, "received_at": later, "key": "x"})
    assert page.status_code == 400 and "本页面已失效" in text(page)
    fresh = re.search(r'name="key" value="([^"]+)"', text(page)).group(1)
    page = client.post(reverse("consultations:new"), {**data, "received_at": later, "key": fresh})
    assert page.status_code == 400 and "收到时间不能晚于现在" in text(page)
    page = client.post(
        reverse("consultations:new"), {**data, "channel": "website", "question": "", "key": fresh}
    )
    assert page.status_code == 400 and "这个字段是必填项" in text(page)
    assert Consultation.objects.count() == 1
    # 主要领导 may look but not register.
    as_user(client, people.head)
    assert client.get(reverse("consultations:new")).status_code == 403


def test_the_whole_procedure_through_the_item_page(client, people) -> None:
    row = log(people.clerk, people.tree.a, on=date(2025, 9, 1))
    as_user(client, people.office)
    url = reverse("consultations:item", args=[row.pk])
    html = text(client.get(url))
    assert "分派经办人" in html and "138****1234" in html and "138-0000-1234" not in html

    def step(name, **data):
        return client.post(
            reverse("consultations:act", args=[row.pk, name]), {f"{name}-{k}": v for k, v in data.items()}
        )

    assert step("assign", assignee=people.clerk2.pk).status_code == 302
    as_user(client, people.clerk2)
    response = step("answer", answer="", at="")
    assert response.status_code == 400 and "这个字段是必填项" in text(response)
    response = step("answer", answer="答复", at="2025-08-01T09:00")
    assert response.status_code == 409 and "答复时间不能早于收到时间" in text(response)
    assert step("answer", answer="已电话答复：需要四项材料。", at="2025-09-02T15:00").status_code == 302
    row.refresh_from_db()
    assert row.state == State.ANSWERED and row.answered_by == people.clerk2
    html = text(client.get(url))
    assert 'value="企业开办需要哪些材料"' in html  # the publication form starts from the asker's texts
    response = step(
        "publish", subject="开办企业的材料", question="我叫张三，想开公司。", answer="需要四项材料。"
    )
    assert response.status_code == 409 and "仍含有提问人的姓名" in text(response)
    assert (
        step(
            "publish", subject="开办企业的材料", question="来电人想开公司。", answer="需要四项材料。"
        ).status_code
        == 302
    )
    row.refresh_from_db()
    assert row.state == State.PUBLISHED and row.published_question == "来电人想开公司。"
    assert "来电人想开公司。" in text(client.get(reverse("consultations:answers", args=[people.tree.a.code])))
    assert step("unpublish", reason="").status_code == 400
    assert step("unpublish", reason="内容过时").status_code == 302
    assert "来电人想开公司。" not in text(
        client.get(reverse("consultations:answers", args=[people.tree.a.code]))
    )
    assert step("close", reason="").status_code == 302
    row.refresh_from_db()
    assert row.state == State.CLOSED
    html = text(client.get(url))
    assert "内容过时" in html and "答复后不予公开" in html  # the history with its reasons
    assert client.post(reverse("consultations:act", args=[row.pk, "nonsense"])).status_code == 404
    # A step that no longer applies is refused with the action's message, not a 500.
    response = step("answer", answer="再答", at="")
    assert response.status_code == 409 and "不能答复" in text(response)
    # 主要领导 sees the page but no step.
    as_user(client, people.head)
    assert "目前没有您可以办理的事项" in text(client.get(url))


def test_revealing_the_phone_shows_it_once_and_is_recorded(client, people) -> None:
    row = log(people.clerk, people.tree.a, on=date(2025, 9, 1))
    as_user(client, people.clerk)
    url = reverse("consultations:reveal", args=[row.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 302 and not ContactAccess.objects.exists()
    response = client.post(url, {"reason": "电话回复"})
    assert response.status_code == 200 and "138-0000-1234" in text(response)
    assert response["Cache-Control"] == "no-store"
    assert ContactAccess.objects.get().user == people.clerk
    assert "138-0000-1234" not in text(client.get(reverse("consultations:item", args=[row.pk])))


def test_the_figures_page(client, people) -> None:
    a = people.tree.a
    answered(people.clerk, log(people.clerk, a, on=date(2025, 9, 1)), date(2025, 9, 3))
    as_user(client, people.clerk)
    page = client.get(
        reverse("consultations:figures"), {"agency": a.pk, "start": "2025-09-01", "end": "2025-09-30"}
    )
    html = text(page)
    assert page.status_code == 200 and "热线电话" in html and "合计" in html and "100.0%" in html
    page = client.get(
        reverse("consultations:figures"), {"agency": a.pk, "start": "2025-09-30", "end": "2025-09-01"}
    )
    assert page.status_code == 400 and "起始日期不能晚于截止日期" in text(page)
    page = client.get(
        reverse("consultations:figures"),
        {"agency": people.tree.b.pk, "start": "2025-09-01", "end": "2025-09-30"},
    )
    assert page.status_code == 400  # not an agency of theirs
    assert client.get(reverse("consultations:figures")).status_code == 200


def test_the_home_page_and_the_daily_scan_name_overdue_and_new_consultations(client, people) -> None:
    today = timezone.localdate()
    old = log(people.clerk, people.tree.a, on=date(2025, 9, 1))
    act.SubmitOnline(
        people.tree.a,
        {
            "kind": "consultation",
            "subject": "新问题",
            "question": "问",
            "asker_name": "李四",
            "phone": "13900001111",
        },
    ).execute()
    answered(people.clerk, log(people.clerk, people.tree.a, on=date(2025, 9, 1)), date(2025, 9, 2))
    texts = [n.text for n in todo(people.clerk, today)]
    assert any("1 件政策咨询、投诉或建议超过 5 个工作日尚未答复" in t for t in texts)
    assert any("2 件政策咨询、投诉或建议待分派" in t for t in texts)  # the online one and the old call
    assert todo(people.other_clerk, today) == []
    assert [n.text for n in todo(None, today)] == [
        "某县甲局：1 件政策咨询、投诉或建议超过 5 个工作日尚未答复。"
    ]
    html = text(as_user(client, people.clerk).get(reverse("staff:home")))
    assert "超过 5 个工作日尚未答复" in html and reverse("consultations:list") in html
    answered(people.clerk, old, today, hour=0)  # today's first hour: never in the future, whenever run
    assert not any("尚未答复" in n.text for n in todo(people.clerk, today))


def test_the_admin_shows_consultations_read_only_with_masked_phones(client, people) -> None:
    row = log(people.clerk, people.tree.a, on=date(2025, 9, 1))
    act.RevealContact(people.clerk, row, reason="回电").execute()
    root = make_user("root", is_superuser=True, is_staff=True)
    as_user(client, root)
    listing = client.get("/admin/consultations/consultation/")
    assert listing.status_code == 200 and row.tracking_code in text(listing)
    detail = text(client.get(f"/admin/consultations/consultation/{row.pk}/change/"))
    assert "138****1234" in detail and "138-0000-1234" not in detail
    assert client.get("/admin/consultations/consultation/add/").status_code == 403
    assert client.get("/admin/consultations/contactaccess/").status_code == 200
