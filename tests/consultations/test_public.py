"""The public pages: the form at /<code>/consult/, the query and the published Q&A."""

from __future__ import annotations

import re
from datetime import date

from django.urls import reverse

from gongkai.consultations import actions as act
from gongkai.consultations.models import Channel, Consultation, State
from gongkai.consultations.views import find_consultation

from .conftest import ASKER
from .helpers import answered, log


def form_url(agency) -> str:
    return reverse("consultations:consult", args=[agency.code])


def ticket_of(response) -> str:
    return re.search(r'name="ticket" value="([^"]+)"', response.content.decode()).group(1)


def filled(client, agency, **changes) -> dict:
    data = {**ASKER, "ticket": ticket_of(client.get(form_url(agency)))}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def text(response) -> str:
    return response.content.decode()


def test_the_form_is_reached_from_the_agency_page_and_labelled(client, people) -> None:
    agency = people.tree.a
    assert form_url(agency) in text(client.get(reverse("portal:agency", args=[agency.code])))
    page = client.get(form_url(agency))
    html = text(page)
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    for field in ("subject", "question", "asker_name", "phone", "email"):
        assert f'<label for="id_{field}">' in html
    assert 'name="csrfmiddlewaretoken"' in html and 'name="website"' in html
    assert reverse("consultations:answers", args=[agency.code]) in html


def test_a_submission_gives_a_tracking_code_once_however_often_it_is_sent(client, people) -> None:
    agency = people.tree.a
    data = filled(client, agency)
    page = client.post(form_url(agency), data)
    assert page.status_code == 200
    row = Consultation.objects.get()
    assert row.channel == Channel.WEBSITE and row.state == State.NEW and row.agency == agency
    html = text(page)
    assert row.tracking_code in html and "138****1234" in html and "138-0000-1234" not in html
    again = client.post(form_url(agency), data)  # a double click, a reload
    assert again.status_code == 200 and row.tracking_code in text(again)
    assert Consultation.objects.count() == 1


def test_robots_fast_forms_bad_tickets_and_bad_input_are_refused_in_chinese(client, people, settings) -> None:
    agency = people.tree.a
    page = client.post(form_url(agency), filled(client, agency, website="http://spam.example"))
    assert page.status_code == 400 and "请勿填写此项" in text(page)
    page = client.post(form_url(agency), filled(client, agency, ticket="forged"))
    assert page.status_code == 400 and "本页面已失效" in text(page)
    page = client.post(form_url(people.tree.b), filled(client, agency))  # another agency's ticket
    assert page.status_code == 400
    page = client.post(form_url(agency), filled(client, agency, phone="abc", subject=""))
    html = text(page)
    assert page.status_code == 400 and "请填写有效的电话号码" in html and "这个字段是必填项" in html
    settings.GONGKAI_CONSULT_MIN_SECONDS = 60
    page = client.post(form_url(agency), filled(client, agency))
    assert page.status_code == 400 and "提交过快" in text(page)
    page = client.post(form_url(agency), filled(client, agency, question="<script>alert(1)</script>"))
    assert "<script>alert(1)" not in text(page)
    assert not Consultation.objects.exists()


def test_submissions_per_address_are_limited(client, people, settings) -> None:
    settings.GONGKAI_CONSULT_RATE_LIMIT = 2
    agency = people.tree.a
    for _ in range(2):
        assert client.post(form_url(agency), filled(client, agency)).status_code == 200
    page = client.post(form_url(agency), filled(client, agency))
    assert page.status_code == 429 and "提交过于频繁" in text(page) and page["Retry-After"]
    assert Consultation.objects.count() == 2


def test_the_query_answers_the_right_code_and_tail_and_nothing_else(client, people) -> None:
    row = act.SubmitOnline(people.tree.a, ASKER).execute()
    url = reverse("consultations:track")
    page = client.post(url, {"code": row.tracking_code, "tail": "1234"})
    html = text(page)
    assert page.status_code == 200 and "已收到，待办理" in html and row.subject in html
    act.Answer(people.clerk, row, "已电话答复。").execute()
    html = text(client.post(url, {"code": row.tracking_code.lower(), "tail": "1234"}))
    assert "已电话答复。" in html and "已答复" in html

    wrong_tail = text(client.post(url, {"code": row.tracking_code, "tail": "4321"}))
    other = "".join("2" if c != "2" else "3" for c in row.tracking_code)
    wrong_code = text(client.post(url, {"code": other, "tail": "1234"}))
    assert "没有找到" in wrong_tail and "没有找到" in wrong_code
    assert row.subject not in wrong_tail and row.subject not in wrong_code
    strip = lambda html: re.sub(r'value="[^"]*"', "", html)  # noqa: E731 (the code box and the CSRF token)
    assert strip(wrong_tail) == strip(wrong_code)
    assert find_consultation(row.tracking_code, "1234") == row
    assert find_consultation(row.tracking_code, "4321") is None and find_consultation(other, "1234") is None
    page = client.post(url, {"code": "short", "tail": "12"})
    assert page.status_code == 400 and "请填写 4 位数字" in text(page)


def test_a_consultation_logged_without_a_phone_is_never_found(client, people) -> None:
    row = log(people.clerk, people.tree.a, on=date(2025, 9, 1), phone="")
    assert find_consultation(row.tracking_code, "0000") is None
    assert find_consultation(row.tracking_code, "") is None


def test_queries_per_address_are_limited(client, people, settings) -> None:
    settings.GONGKAI_TRACK_RATE_LIMIT = 1
    url = reverse("consultations:track")
    client.post(url, {"code": "A" * 12, "tail": "1234"})
    page = client.post(url, {"code": "A" * 12, "tail": "1234"})
    assert page.status_code == 429 and "查询过于频繁" in text(page)


def test_the_published_answers_show_only_published_texts_paginated(client, people) -> None:
    a = people.tree.a
    published = log(people.clerk, a, on=date(2025, 9, 1))
    answered(people.clerk, published, date(2025, 9, 2))
    act.Publish(
        people.clerk,
        published,
        subject="开办公司要哪些材料？",
        question="来电人咨询开办公司的材料。",
        answer="需要章程等四项材料。",
    ).execute()
    unpublished = answered(
        people.clerk, log(people.clerk, a, on=date(2025, 9, 1), subject="未公开的问题"), date(2025, 9, 2)
    )
    b_row = log(people.other_clerk, people.tree.b, on=date(2025, 9, 1), subject="乙局的问题")
    answered(people.other_clerk, b_row, date(2025, 9, 2))
    act.Publish(people.other_clerk, b_row, subject="乙局公开的问题", question="问", answer="答").execute()

    html = text(client.get(reverse("consultations:answers", args=[a.code])))
    assert "开办公司要哪些材料？" in html and "需要章程等四项材料。" in html
    assert unpublished.subject not in html and "乙局公开的问题" not in html
    for private in (
        "张三",
        "13800001234",
        "138-0000-1234",
        "1234",
        "zhang@example.com",
        published.tracking_code,
    ):
        assert private not in html

    for n in range(21):
        row = answered(people.clerk, log(people.clerk, a, on=date(2025, 9, 1)), date(2025, 9, 2))
        act.Publish(people.clerk, row, subject=f"问答第{n}条", question="问", answer="答").execute()
    first = text(client.get(reverse("consultations:answers", args=[a.code])))
    assert "共 22 条" in first and "第 1 / 2 页" in first
    second = text(client.get(reverse("consultations:answers", args=[a.code]), {"page": 2}))
    assert "第 2 / 2 页" in second
    assert client.get(reverse("consultations:answers", args=["no-such-agency"])).status_code == 404
