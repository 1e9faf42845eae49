"""The public pages: the online application form (第二十九条) and the progress query."""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest
from django.urls import reverse

from gongkai.applications import actions as act
from gongkai.applications.models import Application, Attachment
from gongkai.applications.views import find_application
from gongkai.law.clock import Channel

from .test_actions import register

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def own_counters(settings):
    """Each test counts submissions and queries in a cache of its own, and fills forms at once."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }
    settings.GONGKAI_APPLY_MIN_SECONDS = 0


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def form_url(agency) -> str:
    return reverse("applications:apply", args=[agency.code])


def ticket_of(response) -> str:
    return re.search(r'name="ticket" value="([^"]+)"', response.content.decode()).group(1)


def filled(client, agency, **changes) -> dict:
    data = {
        "applicant": "NATURAL_PERSON",
        "name": "张三",
        "contact_person": "",
        "id_type": "resident_id",
        "id_number": "350582199001011231",
        "phone": "138-0000-1234",
        "email": "zhang@example.com",
        "address": "福建省晋江市青阳街道1号",
        "postcode": "362200",
        "description": "2024年本机关关于某某道路改造工程的立项批复",
        "document_number": "晋发改〔2024〕12号",
        "medium": "electronic",
        "delivery": "email",
        "ticket": ticket_of(client.get(form_url(agency))),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def text(response) -> str:
    return response.content.decode()


def test_the_form_is_labelled_grouped_and_reached_from_the_apply_page(client, people) -> None:
    agency = people.tree.a
    guide = text(client.get(reverse("portal:apply", args=[agency.code])))
    assert form_url(agency) in guide and reverse("applications:track") in guide
    page = client.get(form_url(agency))
    html = text(page)
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    for field in ("name", "id_number", "phone", "email", "description", "attachments"):
        assert f'<label for="id_{field}">' in html
    assert "<legend>申请人类型" in html and "<legend>获取信息的方式、途径" in html
    assert "法人或其他组织：法律服务机构" in html
    assert 'aria-describedby="id_phone_helptext"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_a_valid_application_is_filed_and_the_answer_page_states_receipt_due_date_and_lookup(
    client, people
) -> None:
    agency = people.tree.a
    page = client.post(form_url(agency), filled(client, agency))
    assert page.status_code == 200
    app = Application.objects.get()
    assert app.channel == Channel.INTERNET.name and app.received_on == date.today()
    assert app.phone == "138-0000-1234" and app.history.first().history_user is None
    html = text(page)
    assert app.tracking_code in html
    assert "以双方确认之日为收到申请之日" in html
    assert (
        f"{app.received_on:%Y年}{app.received_on.month}月{app.received_on.day}日</strong>为本机关收到申请之日"
        in html
    )
    assert f"{app.reply_due:%Y年}{app.reply_due.month}月{app.reply_due.day}日" in html
    assert reverse("applications:track") in html
    assert "350582199001011231" not in html  # the ID never comes back in a page
    if "估算" in app.clock_status:  # a due date in next year, whose calendar is not published yet
        assert "该日期是估算的" in html


def test_invalid_input_is_refused_in_chinese_next_to_each_field(client, people) -> None:
    agency = people.tree.a
    data = filled(
        client,
        agency,
        applicant="COMMERCIAL",
        id_number="350582199001011234",
        phone="abc",
        description="",
        delivery="post",
        address="",
        postcode="12",
    )
    page = client.post(form_url(agency), data)
    html = text(page)
    assert page.status_code == 400 and not Application.objects.exists()
    for message in (
        "法人或其他组织申请的，请填写联系人。",
        "居民身份证号码校验位不符",
        "请填写有效的电话号码",
        "这个字段是必填项。",
        "选择邮寄的，请填写通信地址。",
        "邮政编码应为 6 位数字。",
    ):
        assert message in html, message
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in html
    assert 'id="id_phone_error"' in html and 'href="#id_phone"' in html
    assert 'value="张三"' in html  # what was typed stays


def test_the_trap_field_and_a_form_sent_back_at_once_file_nothing(client, people, settings) -> None:
    agency = people.tree.a
    page = client.post(form_url(agency), filled(client, agency, website="http://spam.example/"))
    assert page.status_code == 400 and "请勿填写此项" in text(page)
    settings.GONGKAI_APPLY_MIN_SECONDS = 3600
    page = client.post(form_url(agency), filled(client, agency))
    assert page.status_code == 400 and "提交过快" in text(page)
    page = client.post(form_url(agency), {**filled(client, agency), "ticket": "forged"})
    assert page.status_code == 400 and "本页面已失效" in text(page)
    assert not Application.objects.exists()


def test_the_same_form_posted_twice_is_one_application(client, people, media) -> None:
    agency = people.tree.a
    data = filled(client, agency)
    first = client.post(form_url(agency), {**data, "attachments": [_upload("身份证.pdf", PDF)]})
    second = client.post(form_url(agency), {**data, "attachments": [_upload("身份证.pdf", PDF)]})
    assert first.status_code == second.status_code == 200
    app = Application.objects.get()
    assert app.tracking_code in text(second)
    assert Attachment.objects.filter(application=app).count() == 1


def test_the_same_form_filed_by_a_concurrent_request_answers_with_that_application(
    client, people, media, monkeypatch
) -> None:
    """Two requests with one form at the same moment: both see no application, the other commits
    first, this one's save meets the unique key — it answers with the other's application."""
    from django.db import IntegrityError

    from gongkai.applications.actions import submission

    agency = people.tree.a
    data = filled(client, agency)
    original = submission.SubmitOnline.execute

    def racing(self):
        original(self)  # the other request's filing, committed first …
        # … and ours, which had not seen it, meeting the unique key
        raise IntegrityError("UNIQUE constraint failed: applications_application.submission_key")

    monkeypatch.setattr(submission.SubmitOnline, "execute", racing)
    page = client.post(form_url(agency), data)
    assert page.status_code == 200
    assert Application.objects.get().tracking_code in text(page)


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_attachments_are_judged_by_content_not_by_name(client, people, media) -> None:
    agency = people.tree.a
    fake = _upload("营业执照.pdf", b"MZ\x90\x00 this is an executable, not a PDF")
    page = client.post(form_url(agency), {**filled(client, agency), "attachments": [fake]})
    assert page.status_code == 400 and not Application.objects.exists()
    assert "不是 PDF、JPG 或 PNG 文件" in text(page)
    png_named_pdf = _upload("照片.pdf", PNG)
    page = client.post(form_url(agency), {**filled(client, agency), "attachments": [png_named_pdf]})
    assert page.status_code == 200
    stored = Attachment.objects.get()
    assert stored.content_type == "image/png" and stored.file.name.endswith(".png")
    assert "照片" not in stored.file.name  # the applicant's name for it is not a path
    assert str(media) in stored.file.path  # kept under var/media, which no URL serves


def test_too_many_or_too_large_attachments_are_refused(client, people, media, monkeypatch) -> None:
    agency = people.tree.a
    four = [_upload(f"{i}.pdf", PDF) for i in range(4)]
    page = client.post(form_url(agency), {**filled(client, agency), "attachments": four})
    assert page.status_code == 400 and "最多上传 3 个附件" in text(page)
    monkeypatch.setattr("gongkai.applications.forms.MAX_ATTACHMENT_BYTES", 10)
    page = client.post(form_url(agency), {**filled(client, agency), "attachments": [_upload("a.pdf", PDF)]})
    assert page.status_code == 400 and "超过 5 MB" in text(page)
    assert not Application.objects.exists()


def test_submissions_per_address_are_limited(client, people, settings) -> None:
    settings.GONGKAI_APPLY_RATE_LIMIT = 2
    agency = people.tree.a
    for _ in range(2):
        assert client.post(form_url(agency), filled(client, agency)).status_code == 200
    page = client.post(form_url(agency), filled(client, agency))
    assert page.status_code == 429 and "提交过于频繁" in text(page) and page["Retry-After"]
    assert Application.objects.count() == 2


def test_inactive_or_unknown_agency_has_no_form(client, people) -> None:
    agency = people.tree.b
    agency.is_active = False
    agency.save()
    assert client.get(form_url(agency)).status_code == 404
    assert client.get("/no-such-agency/apply/online/").status_code == 404


# --- the progress query ---------------------------------------------------------------------------
def lookup(client, code: str, tail: str):
    return client.post(reverse("applications:track"), {"code": code, "tail": tail})


def without_echo(response, typed: str) -> str:
    """The page without its CSRF token and without the code the person typed (kept in the box)."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text(response))
    return page.replace(f'value="{typed}"', 'value=""')


def test_the_right_code_and_phone_tail_show_the_progress(client, people) -> None:
    app = register(people)
    app = act.AcceptApplication(people.clerk, app).execute()
    app = act.RequestCorrection(
        people.clerk, app, on=date(2025, 9, 26), deadline=date(2025, 10, 17), matters="请写明文号"
    ).execute()
    page = lookup(client, app.tracking_code.lower()[:6] + " " + app.tracking_code.lower()[6:], "1234")
    html = text(page)
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    assert "待申请人补正" in html and "2025年9月25日" in html
    assert "告知补正，补正期限至 2025年10月17日" in html
    assert "补正告知书" in html
    assert "350582" not in html and "13800001234" not in html


def test_a_wrong_code_and_a_wrong_phone_tail_get_the_same_answer(client, people) -> None:
    app = register(people)
    other_code = ("A" if app.tracking_code[0] != "A" else "B") + app.tracking_code[1:]
    wrong_code = lookup(client, other_code, "1234")
    wrong_tail = lookup(client, app.tracking_code, "4321")
    assert wrong_code.status_code == wrong_tail.status_code == 200
    assert without_echo(wrong_code, other_code) == without_echo(wrong_tail, app.tracking_code)
    assert "没有找到与该查询码和联系电话后四位相符的申请" in text(wrong_code)
    assert find_application(app.tracking_code, "1234") == app
    assert find_application(other_code, "1234") is None


def test_queries_per_address_are_limited_with_a_chinese_429(client, people, settings) -> None:
    settings.GONGKAI_TRACK_RATE_LIMIT = 3
    app = register(people)
    for _ in range(3):
        assert lookup(client, app.tracking_code, "0000").status_code == 200
    page = lookup(client, app.tracking_code, "1234")  # even the right answer, once over the limit
    assert page.status_code == 429 and "查询过于频繁" in text(page) and app.name not in text(page)


def test_a_malformed_code_is_explained(client, people) -> None:
    page = lookup(client, "123", "12ab")
    assert page.status_code == 400
    assert "查询码是 12 位字母和数字" in text(page) and "请填写 4 位数字" in text(page)


def test_the_letters_link_to_their_files_and_the_proof_is_not_asked_again(client, people) -> None:
    app = register(people)
    app = act.RequestCorrection(
        people.clerk, app, on=date(2025, 9, 26), deadline=date(2025, 10, 17), matters="文号"
    ).execute()
    letter = app.letters.get()
    url = reverse(
        "applications_letters:public_letter",
        kwargs={"code": app.tracking_code, "pk": letter.pk, "fmt": "docx"},
    )
    assert client.get(url).status_code == 200 and "联系电话后四位" in text(client.get(url))  # asks first
    html = text(lookup(client, app.tracking_code, "1234"))
    assert f'href="{url}"' in html
    download = client.get(url)  # this browser has just given the digits
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxml")
