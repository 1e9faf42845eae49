"""End-to-end, issue 10's "done when" for an agency's own report: a clerk opens the draft built
from the records and edits section 五; an injected error (a hand-set cell that breaks 表三's
arithmetic) makes submission refused; the error is fixed; the agency's leaders approve in their own
browsers; the report appears on the portal's 年报 column with its page.

Then the supervising office (政务公开办, the 主管部门 of the agency's government) sees the report
published on its dashboard and builds the government-wide report, whose aggregate includes it.
"""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.annual import actions as act
from gongkai.annual.models import AnnualReport, PeriodLock
from tests.agencies.factories import make_user
from tests.browser.test_browser import make_department
from tests.browser.test_catalog import desk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTION_5 = "（一）存在问题。政策解读形式较为单一。（二）改进措施。增加图解、视频等解读形式。"


@pytest.fixture(autouse=True)
def local_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }


def acknowledge_warnings(page) -> None:
    while page.locator("#findings").get_by_role("button", name="确认").count():
        page.locator("#findings").get_by_role("button", name="确认").first.click()
        page.wait_for_load_state()


def test_draft_edit_refused_fixed_approved_and_on_the_portal(chromium, live_server):
    agency = make_department()
    clerk = make_user("clerk", (agency, Role.CLERK), first_name="经办人小林")
    leaders = [
        make_user("section", (agency, Role.SECTION_HEAD), first_name="科室负责人"),
        make_user("deputy", (agency, Role.DEPUTY_HEAD), first_name="分管领导"),
        make_user("head", (agency, Role.HEAD), first_name="主要领导"),
    ]
    year = timezone.localdate().year - 1
    annual = act.StartReport(clerk, agency, year).execute()
    url = f"/staff/annual/{annual.pk}/"

    context, page = desk(chromium, live_server, "clerk", url)
    assert f"{year}年政府信息公开工作年度报告" in page.locator("h1").inner_text()
    # section 五, edited
    step = page.locator("#step-section-5")
    step.get_by_label("正文").fill(SECTION_5)
    step.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert page.locator("#step-section-5").get_by_label("正文").input_value() == SECTION_5

    # an injected error: 表三 「一、本年新收」 总计 set by hand to 5, breaking T3-01 and T3-03
    page.locator("#step-override summary").click()
    step = page.locator("#step-override")
    step.get_by_label("单元格").select_option("3|一|6")
    step.get_by_label("数值").fill("5")
    step.get_by_label("调整原因").fill("年中启用系统，此前收到的申请未录入")
    step.get_by_role("button", name="保存调整").click()
    page.wait_for_load_state()
    assert page.locator("td.overridden", has_text="已调整").count() == 1
    findings = page.locator("#findings").inner_text()
    assert "T3-01" in findings and "须更正" in findings
    acknowledge_warnings(page)
    page.locator("#step-submit").get_by_role("button", name="提交审核").click()
    page.wait_for_load_state()
    assert (
        "未能完成" in page.content()
        and "错误" in page.locator("[role=alert], .messages, body").first.inner_text()
    )
    assert AnnualReport.objects.get(pk=annual.pk).state == AnnualReport.State.DRAFT

    # fixed: the hand-set cell withdrawn, then submitted
    page.get_by_role("button", name="撤销调整").click()
    page.wait_for_load_state()
    assert "T3-01" not in page.locator("body").inner_text()
    acknowledge_warnings(page)
    page.locator("#step-submit").get_by_role("button", name="提交审核").click()
    page.wait_for_load_state()
    assert page.locator("#report-state").inner_text() == "审核中"
    context.close()

    # the leaders approve, each at their own desk
    for leader in leaders:
        context, page = desk(chromium, live_server, leader.username, url)
        step = page.locator("#step-review")
        step.get_by_label("同意", exact=True).check()
        step.get_by_role("button", name="提交审核意见").click()
        page.wait_for_load_state()
        context.close()
    annual.refresh_from_db()
    assert annual.state == AnnualReport.State.PUBLISHED and annual.submitted_at is not None
    assert PeriodLock.objects.filter(agency=agency, year=year).exists()

    # on the portal's 年报 column, and its page shows the edited section 五
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/{agency.code}/reports/")
    link = page.get_by_role("link", name=f"{agency.name}{year}年政府信息公开工作年度报告")
    link.click()
    page.wait_for_url(f"{live_server.url}/{agency.code}/reports/{year}/")
    assert "政策解读形式较为单一" in page.locator("body").inner_text()
    context.close()

    # the supervising office: the report is on its dashboard and its aggregate includes it
    make_user("office", (agency.parent, Role.SUPERVISOR), first_name="政务公开办")
    dashboard = f"/staff/supervision/{agency.parent.code}/{year}/"
    context, page = desk(chromium, live_server, "office", "/staff/")
    page.goto(f"{live_server.url}/staff/supervision/")
    page.wait_for_url(f"{live_server.url}{dashboard}")
    row = page.locator("table.supervision-status tr", has_text=agency.name)
    assert "已公开" in row.inner_text()
    page.get_by_role("link", name="汇总年度报告").click()
    page.get_by_role("button", name="生成汇总报告").click()
    page.wait_for_load_state()
    assert "已完成" in page.locator(".messages").inner_text()
    assert page.locator("ul.included").inner_text().strip() == agency.name
    figures = annual.figures["table3"]["rows"]["一"]
    new_row = page.locator("article.gk-report tr", has_text="本年新收政府信息公开申请数量")
    assert new_row.locator("td").last.inner_text() == str(figures[6])
    aggregate = AnnualReport.objects.get(agency=agency.parent, year=year, kind=AnnualReport.Kind.AGGREGATE)
    assert aggregate.state == AnnualReport.State.DRAFT
    context.close()
