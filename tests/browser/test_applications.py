"""End-to-end, issue 8's "done when": an application filed online, 补正 asked and received (the clock
starts again), a third party consulted across National Day, an extension approved by the office
head, a 部分公开 reply signed off and issued — every due date the pages show equal to what
``gongkai deadline`` says for the same events.

The staff refuse dates after today, so the application is filed on 2025-09-01 and the staff act
later in 2025: "today" is moved on between the steps (the live server runs in this process).
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import date

import pytest

from gongkai.agencies.models import Role
from gongkai.applications.models import Application, PersonalDataAccess, State
from gongkai.cli import main as gongkai
from gongkai.law.outcomes import Outcome
from tests.agencies.factories import PASSWORD, make_user
from tests.browser.test_browser import make_department

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The same events for `gongkai deadline`, as they accumulate.
RECEIVED = ["--received", "2025-09-01", "--channel", "互联网", "--confirmed", "2025-09-01"]
CORRECTION_ASKED = [*RECEIVED, "--correction-requested", "2025-09-03"]
CONSULTED = [
    *CORRECTION_ASKED,
    "--correction-received",
    "2025-09-10",
    "--third-party",
    "2025-09-24",
    "2025-10-15",
]
EXTENDED = [*CONSULTED, "--extension", "20", "--extension-approved", "2025-10-20"]
ANSWERED = [*EXTENDED, "--answered", "2025-11-20"]
CHECK = "✓"  # a radio button or checkbox to tick
DUE_KEYS = {
    "收到申请之日": "received",
    "补正告知期限": "correction_notice_due",
    "答复期限": "reply_due",
    "第三方提出意见期限": "third_party_reply_due",
}


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.GONGKAI_APPLY_MIN_SECONDS = 0
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }


@pytest.fixture
def today(monkeypatch):
    """The date the actions take for today, moved by the test."""
    clock = {"today": date(2025, 9, 1)}
    monkeypatch.setattr("gongkai.applications.actions.base.today", lambda: clock["today"])
    return clock


def deadline(capsys, events: list[str]) -> dict:
    capsys.readouterr()
    assert gongkai(["deadline", *events, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def expected(capsys, events: list[str]) -> dict[str, str]:
    """The due dates ``gongkai deadline`` computes, under the case page's names."""
    computed = deadline(capsys, events)
    return {key: computed[key] for key in DUE_KEYS.values() if computed.get(key)}


def shown_dues(page) -> dict[str, str]:
    """The case page's 期限 section: {label: the date its explanation starts with}."""
    dues = {}
    for text in page.locator("section[aria-labelledby='dues-h'] dd").all_inner_texts():
        text = re.sub(r"“[^”]*”", "", text)  # the consulted party's name: 第三方“某建设公司”提出意见期限
        match = re.match(
            r"^(收到申请之日|补正告知期限|答复期限|第三方提出意见期限)：(\d{4}-\d{2}-\d{2})", text
        )
        if match:
            dues[DUE_KEYS[match.group(1)]] = match.group(2)
    return dues


def staff_page(chromium, live_server, username: str, then: str):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}{then}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}{then}")
    return page


def step(page, name: str, fields: dict[str, str], *, button: str) -> None:
    """Open one step of the case page, fill it in by its labels and submit it."""
    form = page.locator(f"#step-{name}")
    form.locator("summary").click()
    for label, value in fields.items():
        box = form.get_by_label(label)
        if box.evaluate("e => e.tagName") == "SELECT":
            box.select_option(label=value)
        elif value == CHECK:
            box.check()
        else:
            box.fill(value)
    form.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    assert page.get_by_role("status").first.inner_text().startswith("已完成"), page.locator(
        "main"
    ).inner_text()


def test_online_application_through_correction_consultation_extension_and_partial_reply(
    page, chromium, live_server, today, capsys, screenshots
):
    agency = make_department()
    make_user("clerk1", (agency, Role.CLERK), first_name="经办人甲")
    make_user("office1", (agency, Role.OFFICE_HEAD), first_name="办公室主任")
    make_user("section1", (agency, Role.SECTION_HEAD), first_name="科长")

    # The applicant files online from the agency's 依申请公开 page, by keyboard-labelled fields.
    page.goto(f"{live_server.url}/{agency.code}/apply/")
    page.get_by_role("link", name="在线填写申请").click()
    page.get_by_label("自然人", exact=True).check()
    page.get_by_label("姓名或者名称").fill("张三")
    page.get_by_label("身份证明类型").select_option(label="居民身份证")
    page.get_by_label("身份证明号码").fill("350582199001011231")
    page.get_by_label("联系电话").fill("13800001234")
    page.get_by_label("电子邮箱").fill("zhang@example.com")
    page.get_by_label("所需政府信息的名称或者特征性描述").fill("某某道路改造工程的有关文件")
    page.get_by_label("电子数据", exact=True).check()
    page.get_by_label("电子邮件", exact=True).check()
    page.get_by_role("button", name="提交申请").click()
    assert page.locator("h1").inner_text() == "您的申请已提交"
    app = Application.objects.get()
    code = app.tracking_code
    assert code in page.locator(".tracking-code").inner_text()
    receipt = page.locator("main").inner_text()
    assert "2025年9月1日为本机关收到申请之日" in receipt
    assert "以双方确认之日为收到申请之日" in receipt
    page.screenshot(path=str(screenshots / "application-receipt.png"), full_page=True)

    # The clerk asks for a correction; the applicant's correction starts the clock again.
    today["today"] = date(2025, 12, 31)
    clerk = staff_page(chromium, live_server, "clerk1", f"/staff/applications/{app.pk}/")
    assert shown_dues(clerk) == expected(capsys, RECEIVED)
    step(clerk, "accept", {}, button="受理")
    step(
        clerk,
        "correction_request",
        {"告知日期": "2025-09-03", "补正期限": "2025-09-17", "需要补正的事项": "请写明文件的名称或文号"},
        button="告知补正",
    )
    assert "答复期限：尚未起算" in clerk.locator("main").inner_text()
    assert shown_dues(clerk) == expected(capsys, CORRECTION_ASKED)
    step(
        clerk,
        "correction_receive",
        {"收到补正的日期": "2025-09-10", "补正的内容": "立项批复"},
        button="登记补正",
    )
    step(
        clerk,
        "consultation_start",
        {
            "第三方（第三十二条）": CHECK,
            "第三方或机关名称": "某建设公司",
            "发出征求意见书的日期": "2025-09-24",
        },
        button="登记发出征求意见书",
    )
    step(
        clerk,
        "consultation_answer",
        {"收到答复的日期": "2025-10-15", "意见": "不同意公开报价部分"},
        button="登记答复",
    )
    assert shown_dues(clerk) == expected(capsys, CONSULTED)
    # A clerk is not offered the extension: only the office head may approve it.
    assert clerk.locator("#step-extension").count() == 0

    office = staff_page(chromium, live_server, "office1", f"/staff/applications/{app.pk}/")
    step(
        office,
        "extension",
        {"延长的工作日数": "20", "批准日期": "2025-10-20", "延长的理由": "需要检索多个年度的档案"},
        button="批准延长",
    )
    assert shown_dues(office) == expected(capsys, EXTENDED)
    assert shown_dues(office)["reply_due"] == "2025-11-26"
    office.screenshot(path=str(screenshots / "application-case.png"), full_page=True)

    # The applicant looks the progress up with the code and the phone's last four digits.
    page.goto(f"{live_server.url}/apply/track/")
    page.get_by_label("查询码").fill(code)
    page.get_by_label("联系电话后四位").fill("1234")
    page.get_by_role("button", name="查询").click()
    progress = page.locator("main").inner_text()
    assert "办理中" in progress and "2025年11月26日" in progress and "延长答复期限 20 个工作日" in progress

    # 部分公开, signed off by the section head, issued by the clerk.
    clerk.reload()
    step(
        clerk,
        "draft",
        {
            "处理结果": f"{Outcome.PARTIAL.label}（第三十七条）",
            "答复内容和理由": "报价部分涉及第三方商业秘密，不予公开",
        },
        button="提交审签",
    )
    section = staff_page(chromium, live_server, "section1", f"/staff/applications/{app.pk}/")
    step(section, "signoff", {"同意": CHECK}, button="提交审签意见")
    clerk.reload()
    step(clerk, "issue", {"答复日期": "2025-11-20"}, button="出具")
    app.refresh_from_db()
    assert app.state == State.REPLIED and app.outcome == "PARTIAL"
    assert shown_dues(clerk) == expected(capsys, ANSWERED)
    assert "已于 2025-11-20 答复，在期限内" in clerk.locator("main").inner_text()
    assert app.letters.filter(kind="reply").exists()
    assert not PersonalDataAccess.objects.exists()  # nobody looked at the full ID number
