"""End-to-end: the public guide, and staff logging in to the working-day calendar."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.agencies.models import Agency, Role
from gongkai.workcalendar.models import CalendarDay, CalendarYear
from tests.agencies.factories import PASSWORD, make_agency, make_user
from tests.workcalendar.notices import NOTICE_2027_SAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_department() -> Agency:
    government = make_agency("jinjiang", "晋江市人民政府", kind=Agency.Kind.GOVERNMENT)
    return make_agency(
        "xzfwzx",
        "晋江市行政服务中心管理委员会",
        government,
        office_name="晋江市行政服务中心管委会办公室",
        office_address="福建省晋江市世纪大道行政服务中心大楼3楼",
        office_postcode="362200",
        office_phone="0595-85601234",
        office_email="gongkai@example.gov.cn",
        office_hours="工作日上午8:00—12:00，下午15:00—18:00",
    )


def test_public_guide_shows_the_agency_contact_facts(page, live_server, screenshots):
    agency = make_department()
    page.goto(f"{live_server.url}/{agency.code}/guide/")
    assert page.locator("h1").inner_text() == "晋江市行政服务中心管理委员会政府信息公开指南"
    office = page.locator("#office ~ dl.facts").first
    assert "晋江市行政服务中心管委会办公室" in office.inner_text()
    assert "0595-85601234" in office.inner_text()
    assert "福建省晋江市世纪大道行政服务中心大楼3楼" in office.inner_text()
    # The fax was never published: the guide says so instead of leaving a blank.
    fax = office.locator("dt:text-is('传真号码') + dd")
    assert fax.inner_text().strip().endswith("未公布")
    # The stylesheet is served and applied (the header band is the site's red).
    assert page.locator("header.site-header").evaluate("e => getComputedStyle(e).backgroundColor") == (
        "rgb(183, 28, 28)"
    )
    page.screenshot(path=str(screenshots / "guide.png"), full_page=False)
    # Narrow screens: the page still fits without horizontal scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(screenshots / "guide-mobile.png"), full_page=False)


def test_missing_agency_is_a_chinese_404(page, live_server):
    response = page.goto(f"{live_server.url}/no-such-agency/guide/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "页面不存在"


def test_staff_logs_in_sees_the_calendar_warning_and_imports_next_year(
    page, live_server, monkeypatch, screenshots
):
    agency = make_department()
    make_user("admin1", (agency, Role.SYSADMIN))
    monkeypatch.setattr("gongkai.workcalendar.views._today", lambda: date(2026, 11, 2))

    page.goto(f"{live_server.url}/staff/calendar/")
    assert "/staff/login/" in page.url
    page.get_by_label("用户名").fill("admin1")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/staff/calendar/")
    assert "2026 年工作日历" in page.locator("h1").inner_text()
    assert "2027 年工作日历尚未维护" in page.get_by_role("alert").first.inner_text()
    page.screenshot(path=str(screenshots / "calendar.png"), full_page=False)

    page.get_by_role("link", name="导入年度节假日安排").click()
    page.get_by_label("年份").fill("2027")
    page.get_by_label("内容：", exact=True).fill(NOTICE_2027_SAMPLE)
    page.get_by_label("数据来源").fill("测试用 2027 年安排")
    page.get_by_role("button", name="预览").click()
    assert "预览：2027 年（尚未保存）" in page.content()
    assert not CalendarYear.objects.filter(year=2027).exists()
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url(f"{live_server.url}/staff/calendar/2027/")
    assert "已导入 2027 年节假日安排：放假 17 天，调休上班 3 天" in page.get_by_role("status").inner_text()
    assert CalendarYear.objects.get(year=2027).maintained
    assert page.get_by_role("alert").count() == 0


def log_in(page, live_server, username: str, then: str) -> None:
    page.goto(f"{live_server.url}{then}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}{then}")


def test_logout_address_typed_in_asks_and_the_button_logs_out(page, live_server):
    make_user("clerk1", (make_department(), Role.CLERK))
    log_in(page, live_server, "clerk1", "/staff/")
    page.goto(f"{live_server.url}/staff/logout/")  # typed in, or an old bookmark: a GET
    assert page.locator("h1").inner_text() == "退出登录"
    assert "您确定要退出登录吗" in page.locator("main").inner_text()
    page.locator("main").get_by_role("button", name="退出登录").click()
    page.wait_for_url(f"{live_server.url}/staff/login/")
    page.goto(f"{live_server.url}/staff/")
    assert "/staff/login/" in page.url  # really logged out


def test_calendar_day_edit_keeps_its_date(page, live_server):
    make_user("admin1", (make_department(), Role.SYSADMIN))
    log_in(page, live_server, "admin1", "/staff/calendar/2025/")
    row = page.locator("tr", has_text="2025-10-01")
    row.get_by_role("link", name="修改").click()
    date_input = page.get_by_label("日期")
    assert date_input.input_value() == "2025-10-01"
    assert page.get_by_label("放假").is_checked()
    page.get_by_label("节日名称").fill("国庆节（更正）")
    page.get_by_label("修改原因").fill("核对通知")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{live_server.url}/staff/calendar/2025/")
    assert "已保存 2025-10-01 的设置" in page.get_by_role("status").inner_text()
    day = CalendarDay.objects.get(date=date(2025, 10, 1))
    assert (day.kind, day.name) == ("holiday", "国庆节（更正）")
    assert day.history.latest().history_change_reason == "核对通知"
