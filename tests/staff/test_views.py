"""The staff home and agency pages, through the permission layer."""

import sys
from types import ModuleType

import pytest

from gongkai.agencies.models import Agency, Role
from gongkai.staff.home import Notice
from tests.agencies.factories import make_user

pytestmark = pytest.mark.django_db


def test_home_shows_own_agencies_and_roles_only(client, tree):
    user = make_user("clerk", (tree.a, Role.CLERK), (tree.a, Role.SECTION_HEAD))
    client.force_login(user)
    page = client.get("/staff/").content.decode()
    assert "某县甲局" in page and "经办人" in page and "科室负责人" in page
    assert "某县乙局" not in page and "下级机关" not in page
    assert "系统管理" not in page


def test_home_lists_subordinates_for_a_supervisor(client, tree):
    client.force_login(make_user("sup", (tree.a, Role.SUPERVISOR)))
    page = client.get("/staff/").content.decode()
    assert "某县甲局的下级机关（1 个）" in page and "某县甲局下属中心" in page
    assert "某县乙局" not in page
    # Listed as text: no page of a subordinate is open to a supervisor yet.
    assert "/staff/agencies/dept-a1/" not in page


def test_home_links_the_admin_for_sysadmins(client, tree):
    client.force_login(make_user("admin", (tree.root, Role.SYSADMIN), is_staff=True))
    page = client.get("/staff/").content.decode()
    assert 'href="/admin/agencies/agency/"' in page and 'href="/admin/auth/user/"' in page


@pytest.fixture
def november_2026(monkeypatch):
    """A day when 2026 is maintained and 2027 is not yet (the seeded table ends with 2026)."""
    from datetime import date
    from types import SimpleNamespace

    from gongkai.workcalendar.models import CalendarYear

    CalendarYear.objects.filter(year=2027).delete()
    monkeypatch.setattr("gongkai.staff.views.timezone", SimpleNamespace(localdate=lambda: date(2026, 11, 2)))


def test_next_years_calendar_warning_only_for_those_who_may_import_it(client, tree, november_2026):
    client.force_login(make_user("clerk", (tree.a, Role.CLERK)))
    page = client.get("/staff/").content.decode()
    assert "2027 年工作日历尚未维护" not in page and "目前没有需要您处理的事项" in page
    for manager in (
        make_user("sup", (tree.root, Role.SUPERVISOR)),
        make_user("admin", (tree.root, Role.SYSADMIN)),
    ):
        client.force_login(manager)
        page = client.get("/staff/").content.decode()
        assert "2027 年工作日历尚未维护" in page and "请及时在“工作日历”中导入" in page


def test_a_person_without_a_role_gets_no_calendar_link_or_warning(client, tree, november_2026):
    client.force_login(make_user("nobody"))
    page = client.get("/staff/").content.decode()
    assert "/staff/calendar/" not in page and "尚未分配到任何机关" in page
    assert client.get("/staff/calendar/").status_code == 403
    assert client.get("/staff/calendar/2026/").status_code == 403


def test_apps_add_items_to_the_home_page(client, tree, monkeypatch):
    module = ModuleType("gongkai.portal.todo")
    module.todo = lambda user, today: [
        Notice(f"{user.username} 有 1 件申请将于 3 个工作日内到期", "/x/"),
        "纯文本提醒",
    ]
    monkeypatch.setitem(sys.modules, "gongkai.portal.todo", module)
    client.force_login(make_user("clerk", (tree.a, Role.CLERK)))
    page = client.get("/staff/").content.decode()
    assert '<a href="/x/">clerk 有 1 件申请将于 3 个工作日内到期</a>' in page and "纯文本提醒" in page


def test_agency_page_is_denied_across_agencies_in_chinese(client, tree):
    client.force_login(make_user("clerk", (tree.a, Role.CLERK)))
    assert client.get("/staff/agencies/dept-a/").status_code == 200
    denied = client.get("/staff/agencies/dept-b/")
    assert denied.status_code == 403
    assert "无权访问" in denied.content.decode() and "您无权查看本机关以外的记录" in denied.content.decode()
    assert client.get("/staff/agencies/no-such/").status_code == 404


def test_contact_edit_by_the_office_head(client, tree):
    client.force_login(make_user("office", (tree.a, Role.OFFICE_HEAD)))
    assert "修改联系信息" in client.get("/staff/agencies/dept-a/").content.decode()
    form = client.get("/staff/agencies/dept-a/contact/").content.decode()
    assert "办公地址" in form and "第十二条" in form
    response = client.post(
        "/staff/agencies/dept-a/contact/",
        {
            "office_name": "综合科",
            "office_address": "某路 1 号",
            "office_phone": "0595-1234567",
            "office_postcode": "362200",
        },
        follow=True,
    )
    assert "已保存公开工作机构联系信息" in response.content.decode()
    agency = Agency.objects.get(pk=tree.a.pk)
    assert (agency.office_address, agency.office_postcode) == ("某路 1 号", "362200")
    assert agency.history.latest().history_user.username == "office"
    bad = client.post(
        "/staff/agencies/dept-a/contact/", {"office_postcode": "12", "office_email": "不是邮箱"}
    )
    text = bad.content.decode()
    assert "邮政编码应为 6 位数字" in text and "请输入有效的电子邮箱地址" in text
    assert Agency.objects.get(pk=tree.a.pk).office_postcode == "362200"


def test_contact_edit_is_refused_to_clerks_and_to_other_agencies(client, tree):
    client.force_login(make_user("clerk", (tree.a, Role.CLERK)))
    assert "修改联系信息" not in client.get("/staff/agencies/dept-a/").content.decode()
    assert client.post("/staff/agencies/dept-a/contact/", {"office_phone": "1"}).status_code == 403
    client.force_login(make_user("office-a", (tree.a, Role.OFFICE_HEAD)))
    assert client.get("/staff/agencies/dept-b/contact/").status_code == 403
    assert client.post("/staff/agencies/dept-b/contact/", {"office_phone": "1"}).status_code == 403
    assert Agency.objects.get(pk=tree.a.pk).office_phone == ""
    assert Agency.objects.get(pk=tree.b.pk).office_phone == ""


def test_every_link_on_each_demo_roles_home_page_opens_for_that_person(client):
    """No promise the next click refuses: each link on the home page answers 200 for its reader."""
    import re

    from gongkai.agencies.demo import DEMO_USERS, load_demo

    context = load_demo()
    for spec in DEMO_USERS:
        client.force_login(context.users[spec.username])
        page = client.get("/staff/").content.decode()
        links = set(re.findall(r'<a [^>]*href="(/[^"]*)"', page))
        assert "/staff/calendar/" in links
        for link in sorted(links):
            assert client.get(link).status_code == 200, (spec.username, link)
