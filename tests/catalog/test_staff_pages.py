"""The staff catalog pages through the test client: the list with its filters and 第二十六条 flags,
drafting with attachments, the review forms, publishing and what follows, the queue and the home
page's links."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog import actions as act
from gongkai.catalog.models import CatalogAttachment, CatalogItem, ReviewStep, State, Topic, Validity

from .conftest import CLEAR
from .test_attachments import docx, pdf

YES = {"secret": "no", "trade_secret": "no", "privacy": "no", "disclosure_confirmed": "yes"}


def review_post(level_answers=YES, decision="approve", opinion=""):
    data = {f"review-{k}": v for k, v in level_answers.items()}
    data.update({"review-decision": decision, "review-opinion": opinion})
    return data


def form_key(response) -> str:
    return re.search(r'name="form_key" value="([^"]+)"', response.content.decode())[1]


def draft_data(people, **extra):
    category = people.category("工作动态")
    return {
        "title": "关于开展2025年春季植树活动的通知",
        "summary": "植树活动安排",
        "publisher": "",
        "written_on": "2025-03-03",
        "document_number": "某政[2025]5号",
        "topic": "",
        "category": str(category.pk),
        "article20_item": "",
        "disclosure": "proactive",
        "disclosure_reason": "",
        "full_text_electronic": "on",
        "body": "<p>各单位：</p><p>现将植树活动安排通知如下。</p>",
        "formed_on": "2025-03-03",
        "special_due": "",
        "document_kind": "other",
        "issued_on": "",
        "interprets": "",
        **extra,
    }


def test_list_shows_due_date_overdue_flag_and_filters(client, people) -> None:
    overdue = people.draft(title="逾期未公开的通知", formed_on=date(2025, 1, 2))
    fresh = people.draft(
        title="今天形成的通知", formed_on=timezone.localdate(), written_on=timezone.localdate()
    )
    people.publish(title="已发布的通知")
    people.draft(agency=people.tree.b, clerk=people.other_clerk, title="乙局的草稿")
    client.force_login(people.clerk)
    page = client.get(reverse("catalog:list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "逾期未公开的通知" in text and "已发布的通知" in text and "乙局的草稿" not in text
    assert f"{overdue.publish_due:%Y-%m-%d}" in text and "已超期" in text

    only_overdue = client.get(reverse("catalog:list"), {"overdue": "on"}).content.decode()
    assert "逾期未公开的通知" in only_overdue and "今天形成的通知" not in only_overdue
    assert "已发布的通知" not in only_overdue
    published = client.get(reverse("catalog:list"), {"state": "published"}).content.decode()
    assert "已发布的通知" in published and "逾期未公开的通知" not in published
    by_category = client.get(reverse("catalog:list"), {"category": "通知公告"}).content.decode()
    assert "没有符合条件的政府信息" in by_category
    this_year = client.get(reverse("catalog:list"), {"year": str(timezone.localdate().year)}).content.decode()
    assert fresh.title in this_year
    by_text = client.get(reverse("catalog:list"), {"q": "今天形成"}).content.decode()
    assert fresh.title in by_text and "逾期未公开的通知" not in by_text


def test_list_paginates(client, people) -> None:
    for n in range(52):
        people.draft(title=f"草稿第{n:02d}号")
    client.force_login(people.clerk)
    first = client.get(reverse("catalog:list")).content.decode()
    assert "第 1 / 2 页" in first and "下一页" in first
    second = client.get(reverse("catalog:list"), {"page": 2}).content.decode()
    assert second.count('href="/staff/catalog/') >= 2 and "上一页" in second


def test_new_draft_form_offers_the_agency_vocabularies_and_saves_once(client, people) -> None:
    Topic.objects.create(name="综合政务\\政务公开")
    Topic.objects.create(name="停用的主题", active=False)
    published = people.publish(title="某县植树条例")
    people.draft(agency=people.tree.b, clerk=people.other_clerk, title="乙局的文件")
    client.force_login(people.clerk)
    page = client.get(reverse("catalog:new"), follow=True)
    assert page.status_code == 200
    text = page.content.decode()
    for name in act.DRAFT_FIELDS:
        assert f'name="{name}"' in text, name
    assert 'type="date"' in text and "综合政务\\政务公开" in text and "停用的主题" not in text
    assert "某县植树条例" in text and "乙局的文件" not in text  # 解读 only of the agency's published
    assert "第（五）项：办理行政许可" in text
    key = form_key(page)

    url = reverse("catalog:new_for", args=[people.tree.a.code])
    data = draft_data(people, form_key=key, interprets=str(published.pk))
    first = client.post(url, data)
    assert first.status_code == 302
    again = client.post(url, data)  # the same form sent twice
    assert again.status_code == 302 and again["Location"] == first["Location"]
    cache.clear()  # the key is held with the draft, not in a cache another app server may not share
    third = client.post(url, data)
    assert third.status_code == 302 and third["Location"] == first["Location"]
    items = CatalogItem.objects.filter(title="关于开展2025年春季植树活动的通知")
    assert items.count() == 1
    item = items.get()
    assert item.document_number == "某政〔2025〕5号" and "<p>" not in item.body
    assert item.interprets == published and item.created_by == people.clerk
    assert item.history.first().history_user == people.clerk

    forged = client.post(url, draft_data(people, form_key="not-a-key"))
    assert forged.status_code == 400 and "本页面已失效" in forged.content.decode()


def test_draft_refusals_are_shown_not_500(client, people) -> None:
    client.force_login(people.clerk)
    url = reverse("catalog:new_for", args=[people.tree.a.code])
    key = form_key(client.get(url))
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(url, draft_data(people, form_key=key, written_on=future))
    assert response.status_code == 400
    assert "成文日期" in response.content.decode() and "不能晚于今天" in response.content.decode()
    other_category = people.category("工作动态", people.tree.b)
    response = client.post(url, draft_data(people, form_key=key, category=str(other_category.pk)))
    assert response.status_code == 400 and CatalogItem.objects.count() == 0


def test_edit_attach_remove_and_submit(client, people) -> None:
    item = people.draft(body="")
    client.force_login(people.clerk)
    edit = reverse("catalog:edit", args=[item.pk])
    page = client.get(edit)
    assert page.status_code == 200 and 'value="关于做好2025年市容环境整治工作的通知"' in page.content.decode()
    response = client.post(edit, draft_data(people, title="改过的名称", body=""))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "改过的名称"

    # Submitting without body or attachments is refused with the action's message.
    refused = client.post(reverse("catalog:act", args=[item.pk, "submit"]))
    assert refused.status_code == 409 and "正文或上传附件" in refused.content.decode()

    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [
        SimpleUploadedFile("通知.pdf", pdf(), "application/pdf"),
        SimpleUploadedFile("附表.docx", docx("附表内容"), "application/octet-stream"),
    ]
    response = client.post(reverse("catalog:attach", args=[item.pk]), {"files": files})
    assert response.status_code == 302
    assert sorted(item.attachments.values_list("kind", flat=True)) == ["docx", "pdf"]

    # One bad file among good ones: nothing is attached.
    bad = [
        SimpleUploadedFile("好.pdf", pdf(), "application/pdf"),
        SimpleUploadedFile("坏.exe", b"MZ\x90\x00", "application/pdf"),
    ]
    response = client.post(reverse("catalog:attach", args=[item.pk]), {"files": bad})
    assert response.status_code == 400 and "不是 PDF、DOCX" in response.content.decode()
    assert item.attachments.count() == 2

    docx_row = item.attachments.get(kind="docx")
    download = client.get(reverse("catalog:attachment", args=[item.pk, docx_row.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"PK")
    response = client.post(reverse("catalog:detach", args=[item.pk, docx_row.pk]))
    assert response.status_code == 302 and item.attachments.count() == 1
    assert not CatalogAttachment.objects.filter(pk=docx_row.pk).exists()

    response = client.post(reverse("catalog:act", args=[item.pk, "submit"]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.state, item.review_level) == (State.REVIEW, 1)
    # Under review it cannot be edited any more.
    assert client.get(edit).status_code == 302
    assert (
        client.post(reverse("catalog:attach", args=[item.pk]), {"files": [pdf_upload()]}).status_code == 302
    )
    assert item.attachments.count() == 1


def pdf_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("再一个.pdf", pdf(), "application/pdf")


def test_oversize_upload_is_refused_before_it_is_read(client, people, monkeypatch) -> None:
    from gongkai.catalog import files
    from gongkai.catalog.forms import AttachmentsField

    class Huge:
        name = "大文件.pdf"
        size = files.MAX_ATTACHMENT_BYTES + 1

        def read(self, *args):
            raise AssertionError("an oversize upload must not be read")

    with pytest.raises(ValidationError, match="超过 20 MB"):
        AttachmentsField().clean([Huge()])

    monkeypatch.setattr(files, "MAX_ATTACHMENT_BYTES", 100)
    item = people.draft()
    client.force_login(people.clerk)
    response = client.post(reverse("catalog:attach", args=[item.pk]), {"files": [pdf_upload()]})
    assert response.status_code == 400 and "超过 20 MB" in response.content.decode()
    assert item.attachments.count() == 0


def test_review_trail_publish_and_lifecycle_through_the_pages(client, people) -> None:
    item = act.SubmitForReview(
        people.clerk, people.draft(document_kind="normative", document_number="某政规〔2025〕1号")
    ).execute()
    act_url = reverse("catalog:act", args=[item.pk, "review"])

    client.force_login(people.section)
    page = client.get(reverse("catalog:item", args=[item.pk])).content.decode()
    assert "第1级发布审查（科室负责人）" in page
    for label in act.CHECKLIST.values():
        assert label in page
    assert 'type="radio"' in page and "checked" not in page  # no default answer

    unanswered = client.post(act_url, {"review-decision": "approve"})
    assert unanswered.status_code == 400
    text = unanswered.content.decode()
    assert "请回答“是否涉及国家秘密”" in text and "请回答“公开属性是否已确认”" in text
    assert ReviewStep.objects.count() == 0

    secret = client.post(act_url, review_post({**YES, "secret": "yes"}))
    assert secret.status_code == 409 and "国家秘密" in secret.content.decode()
    returned_without_opinion = client.post(act_url, review_post(decision="return"))
    assert (
        returned_without_opinion.status_code == 409
        and "审查意见" in returned_without_opinion.content.decode()
    )

    assert client.post(act_url, review_post(opinion="同意")).status_code == 302
    client.force_login(people.deputy)
    assert client.post(act_url, review_post(decision="return", opinion="请补充内容概述")).status_code == 302
    item.refresh_from_db()
    assert item.state == State.DRAFT and item.review_round == 2

    page = client.get(reverse("catalog:item", args=[item.pk])).content.decode()
    assert "第 2 级：分管领导" in page and "请补充内容概述" in page and "退回修改" in page
    assert "是否涉及个人隐私：否" in page and "公开属性是否已确认：是" in page

    act.SubmitForReview(people.clerk, item).execute()
    item = people.approve(CatalogItem.objects.get(pk=item.pk))
    assert item.state == State.APPROVED

    client.force_login(people.clerk)
    page = client.get(reverse("catalog:item", args=[item.pk])).content.decode()
    assert "step-publish" in page and "step-review" not in page and "step-withdraw" not in page
    later = timezone.localdate() + timedelta(days=5)
    response = client.post(
        reverse("catalog:act", args=[item.pk, "publish"]), {"publish-on": later.isoformat()}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.PUBLISHED and item.published_on == later and item.index_number
    page = client.get(reverse("catalog:item", args=[item.pk])).content.decode()
    assert "定时发布" in page and item.index_number in page

    no_reason = client.post(reverse("catalog:act", args=[item.pk, "withdraw"]), {"withdraw-reason": ""})
    assert no_reason.status_code == 400 and "请写明撤回理由" in no_reason.content.decode()

    amend_on = timezone.localdate()
    assert (
        client.post(
            reverse("catalog:act", args=[item.pk, "amend"]), {"amend-on": amend_on.isoformat()}
        ).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.amended_on == amend_on

    response = client.post(
        reverse("catalog:act", args=[item.pk, "withdraw"]), {"withdraw-reason": "内容有误，重新发布"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.WITHDRAWN and item.withdrawn_reason == "内容有误，重新发布"

    response = client.post(
        reverse("catalog:act", args=[item.pk, "validity"]),
        {"validity-kind": "repealed", "validity-on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.validity == Validity.REPEALED

    page = client.get(reverse("catalog:item", args=[item.pk])).content.decode()
    # History: who, when, why.
    for reason in (
        "新建政府信息草稿",
        "提交发布审查",
        "定时发布",
        "登记修订",
        "内容有误，重新发布",
        "宣布废止",
    ):
        assert reason in page, reason
    assert "clerk-a" in page and "step-validity" not in page


def test_validity_date_required_and_amend_only_for_rules(client, people) -> None:
    item = people.publish()
    client.force_login(people.clerk)
    page = client.get(reverse("catalog:item", args=[item.pk])).content.decode()
    assert "step-amend" not in page and "step-validity" in page  # 其他 documents are not amended
    response = client.post(reverse("catalog:act", args=[item.pk, "validity"]), {"validity-kind": "expired"})
    assert response.status_code == 400 and "请填写失效或废止日期" in response.content.decode()
    response = client.post(reverse("catalog:act", args=[item.pk, "amend"]), {"amend-on": "2025-04-01"})
    assert response.status_code == 409 and "只有规章和行政规范性文件登记修订" in response.content.decode()
    assert client.post(reverse("catalog:act", args=[item.pk, "nonsense"])).status_code == 404


def test_queue_lists_what_awaits_my_level(client, people) -> None:
    first = act.SubmitForReview(people.clerk, people.draft(title="待一级审查")).execute()
    second = act.SubmitForReview(people.clerk, people.draft(title="待二级审查")).execute()
    act.ReviewItem(people.section, second, approve=True, **CLEAR).execute()
    client.force_login(people.section)
    page = client.get(reverse("catalog:queue")).content.decode()
    assert "待一级审查" in page and "待二级审查" not in page and "待科室负责人审查" in page
    mine = client.get(reverse("catalog:list"), {"mine": "on"}).content.decode()
    assert "待一级审查" in mine and "待二级审查" not in mine
    client.force_login(people.deputy)
    page = client.get(reverse("catalog:queue")).content.decode()
    assert "待二级审查" in page and "待一级审查" not in page
    client.force_login(people.clerk)
    assert "目前没有等待您审查" in client.get(reverse("catalog:queue")).content.decode()
    assert first.pk


def test_home_and_nav_link_to_the_catalog(client, people) -> None:
    client.force_login(people.clerk)
    page = client.get("/staff/").content.decode()
    assert reverse("catalog:list") in page and reverse("catalog:queue") in page and "主动公开" in page


@pytest.mark.parametrize("name", ["catalog:list", "catalog:queue", "catalog:new", "catalog:statistics"])
def test_pages_need_login(client, db, name) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302 and "login" in response["Location"]
