"""The Django admin: Chinese pages for the sysadmin, closed to everyone else, edits in history."""

import pytest

from gongkai.agencies.models import Agency, Role

from .factories import make_user

pytestmark = pytest.mark.django_db


def test_sysadmin_manages_agencies_in_chinese(client, tree):
    admin = make_user("admin", (tree.root, Role.SYSADMIN), is_staff=True)
    client.force_login(admin)
    page = client.get("/admin/agencies/agency/").content.decode()
    assert "某县甲局" in page and "层级" in page
    assert "某县乙局" not in client.get("/admin/agencies/agency/?q=甲局").content.decode()
    form = client.get(f"/admin/agencies/agency/{tree.a.pk}/change/").content.decode()
    for heading in ("基本信息", "机构代码", "政府信息公开工作机构", "人员角色", "第十二条"):
        assert heading in form
    history = client.get(f"/admin/agencies/agency/{tree.a.pk}/history/")
    assert history.status_code == 200
    assert client.get(f"/admin/auth/user/{admin.pk}/change/").status_code == 200
    assert client.get("/admin/agencies/membership/").status_code == 200


def test_admin_edit_is_recorded_with_the_administrator(client, tree):
    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    data = {
        "name": tree.b.name, "short_name": "乙局", "code": tree.b.code, "level": tree.b.level,
        "kind": tree.b.kind, "parent": tree.root.pk, "is_active": "on", "credit_code": "", "org_code": "",
        "office_name": "", "office_address": "", "office_postcode": "", "office_phone": "12345",
        "office_fax": "", "office_email": "", "office_hours": "", "online_channel": "", "website": "",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = client.post(f"/admin/agencies/agency/{tree.b.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = Agency.objects.get(pk=tree.b.pk).history.latest()
    assert latest.office_phone == "12345" and latest.short_name == "乙局"
    assert latest.history_user == admin and latest.history_change_reason == "修改机关某县乙局"


def test_admin_is_closed_to_everyone_else(client, tree):
    assert client.get("/admin/agencies/agency/").status_code == 302  # anonymous: to the admin login
    clerk = make_user("clerk", (tree.a, Role.CLERK))
    client.force_login(clerk)
    assert client.get("/admin/agencies/agency/").status_code == 302  # not staff
    # A staff account without the sysadmin role gets in the door but sees and changes nothing here.
    office = make_user("office", (tree.a, Role.OFFICE_HEAD), is_staff=True)
    client.force_login(office)
    assert client.get("/admin/agencies/agency/").status_code == 403
    assert client.get(f"/admin/agencies/agency/{tree.a.pk}/change/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403
    assert "某县甲局" not in client.get("/admin/").content.decode()


def test_admin_is_chinese_throughout_third_party_apps_included(client, tree):
    import re

    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    pages = [client.get(url) for url in (
        "/admin/", "/admin/axes/accessattempt/", "/admin/axes/accesslog/", "/admin/axes/accessfailurelog/",
        "/admin/django_tasks_database/dbtaskresult/", "/admin/auth/user/add/",
        f"/admin/agencies/agency/{tree.a.pk}/history/",
    )]  # fmt: skip
    for page in pages:
        assert page.status_code == 200
        text = re.sub(r"<script.*?</script>|<[^>]+>", " ", page.content.decode(), flags=re.S)
        for english in ("Axes", "Access attempts", "Access logs", "Task Results", "Tasks Database",
                        "Model name", "Add link", "After you", "Attempt Time", "IP Address", "queue name",
                        "Changes"):  # fmt: skip
            assert english not in text, (page.wsgi_request.path, english)
    index = pages[0].content.decode()
    assert "登录安全" in index and "后台任务" in index and "登录日志" in index
    # Labels end in the Chinese colon.
    assert "用户名：" in pages[5].content.decode()
