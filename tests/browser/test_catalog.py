"""End-to-end, issue 9's "done when": a clerk drafts an item with an attachment, the three reviewers
approve it in turn (the second returns it once), it appears on the portal with all its metadata,
the words of its attachment are found by search, and the agency's feed lists it.

Every person uses a browser context of their own, as four people at four desks would.
"""

from __future__ import annotations

import io
import uuid
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.catalog.models import CatalogItem, ReviewStep, State
from tests.agencies.factories import PASSWORD, make_user
from tests.browser.test_browser import make_department

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "晋江市行政服务中心帮办代办服务工作方案"
# Words that only the attachment holds: search must find the item by them.
ATTACHMENT_WORDS = "企业开办全程帮办代办专窗"


@pytest.fixture(autouse=True)
def local_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }


def attachment_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("附件：帮办代办服务事项清单")
    document.add_paragraph(f"一、设立{ATTACHMENT_WORDS}，为申请人提供免费帮办代办服务。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def desk(chromium, live_server, username: str, then: str):
    """A browser context of its own for one person, logged in and on ``then``."""
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}{then}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}{then}")
    return context, page


def review(chromium, live_server, username: str, item_pk: int, *, approve: bool, opinion: str = ""):
    context, page = desk(chromium, live_server, username, f"/staff/catalog/{item_pk}/")
    step = page.locator("#step-review")
    for question, answer in (
        ("是否涉及国家秘密", "否"),
        ("是否涉及商业秘密", "否"),
        ("是否涉及个人隐私", "否"),
        ("公开属性是否已确认", "是"),
    ):
        step.locator("fieldset", has_text=question).get_by_label(answer, exact=True).check()
    step.get_by_label("同意公开" if approve else "退回修改", exact=True).check()
    if opinion:
        step.get_by_label("审查意见").fill(opinion)
    step.get_by_role("button", name="提交审查意见").click()
    page.wait_for_load_state()
    context.close()


def test_draft_three_level_review_with_a_return_then_portal_search_and_feed(chromium, live_server, tmp_path):
    agency = make_department()
    make_user("clerk", (agency, Role.CLERK), first_name="经办人小林")
    make_user("section", (agency, Role.SECTION_HEAD), first_name="科室负责人")
    make_user("deputy", (agency, Role.DEPUTY_HEAD), first_name="分管领导")
    make_user("head", (agency, Role.HEAD), first_name="主要领导")
    today = timezone.localdate().isoformat()

    # The clerk drafts the item and attaches the work plan's list as a DOCX.
    clerk_context, clerk = desk(chromium, live_server, "clerk", f"/staff/catalog/new/{agency.code}/")
    clerk.get_by_label("名称", exact=False).first.fill(TITLE)
    clerk.get_by_label("内容概述").fill("为进一步优化营商环境，制定本方案。")
    clerk.get_by_label("文号").fill("晋审管[2026]5号")
    clerk.get_by_label("成文日期").fill(today)
    clerk.get_by_label("体裁/信息类别").select_option(label="工作动态")
    clerk.get_by_label("形成或者变更日期").fill(today)
    clerk.get_by_label("正文").fill("各科室：\n现将帮办代办服务工作方案印发给你们，请认真贯彻执行。")
    clerk.get_by_role("button", name="保存草稿").click()
    clerk.wait_for_url("**/edit/")
    item = CatalogItem.objects.get(title=TITLE)
    assert item.state == State.DRAFT and item.document_number == "晋审管〔2026〕5号"

    docx_file = tmp_path / "帮办代办服务事项清单.docx"
    docx_file.write_bytes(attachment_docx())
    clerk.get_by_label("附件（PDF", exact=False).set_input_files(str(docx_file))
    clerk.get_by_role("button", name="上传").click()
    clerk.wait_for_load_state()
    assert clerk.get_by_role("link", name="帮办代办服务事项清单.docx").is_visible()
    clerk.get_by_role("button", name="提交审查").click()
    clerk.wait_for_url(f"**/staff/catalog/{item.pk}/")
    item.refresh_from_db()
    assert (item.state, item.review_level) == (State.REVIEW, 1)

    # 科室负责人 approves; 分管领导 returns it once with an opinion.
    review(chromium, live_server, "section", item.pk, approve=True)
    review(chromium, live_server, "deputy", item.pk, approve=False, opinion="请在内容概述中写明服务对象。")
    item.refresh_from_db()
    assert (item.state, item.review_round) == (State.DRAFT, 2)

    # The clerk sees the opinion, changes the summary and submits again.
    clerk.goto(f"{live_server.url}/staff/catalog/{item.pk}/edit/")
    assert "曾被退回修改" in clerk.locator("main").inner_text()
    clerk.get_by_label("内容概述").fill("为进一步优化营商环境，面向企业和群众提供帮办代办服务，制定本方案。")
    clerk.get_by_role("button", name="保存草稿").click()
    clerk.wait_for_load_state()
    assert "已保存草稿" in clerk.locator("main").inner_text()
    clerk.get_by_role("button", name="提交审查").click()
    clerk.wait_for_url(f"**/staff/catalog/{item.pk}/")

    # Round two: all three levels approve in turn.
    for username in ("section", "deputy", "head"):
        review(chromium, live_server, username, item.pk, approve=True)
    item.refresh_from_db()
    assert item.state == State.APPROVED
    steps = list(ReviewStep.objects.filter(item=item).values_list("round", "level", "decision"))
    assert steps == [
        (1, 1, "approved"),
        (1, 2, "returned"),
        (2, 1, "approved"),
        (2, 2, "approved"),
        (2, 3, "approved"),
    ]
    trail = clerk.locator("main")
    clerk.reload()
    assert "退回修改" in trail.inner_text() and "请在内容概述中写明服务对象。" in trail.inner_text()

    # The clerk publishes it today; it gets its 索引号.
    clerk.locator("#step-publish summary").click()
    clerk.locator("#step-publish").get_by_role("button", name="发布").click()
    clerk.wait_for_load_state()
    item.refresh_from_db()
    assert item.state == State.PUBLISHED and item.index_number
    clerk_context.close()

    # The public: the catalog lists it, its page shows every piece of metadata and the attachment.
    public = chromium.new_context(locale="zh-CN")
    page = public.new_page()
    page.goto(f"{live_server.url}/{agency.code}/catalog/")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    for shown in (
        item.index_number,
        TITLE,
        "面向企业和群众提供帮办代办服务",
        "晋审管〔2026〕5号",
        "工作动态",
        "主动公开",
        "有效",
        today,
        agency.name,
        "帮办代办服务事项清单.docx",
    ):
        assert shown in text, shown

    # Search finds it by words only its attachment holds, with the words highlighted.
    page.goto(f"{live_server.url}/search/")
    page.get_by_label("查询内容").fill(ATTACHMENT_WORDS)
    page.get_by_label("查询内容").press("Enter")
    page.wait_for_load_state()
    results = page.locator("main")
    assert TITLE in results.inner_text()
    assert page.locator("main mark").count() >= 1

    # The agency's RSS feed lists it.
    feed = page.request.get(f"{live_server.url}/{agency.code}/feed/rss.xml")
    assert feed.ok
    titles = [el.text for el in ET.fromstring(feed.body()).iter("title")]
    assert TITLE in titles
    public.close()
