"""Staff pages and the portal: a clerk drafts and edits, an injected error blocks submission, the
leaders approve, the report is on the 年报 column with its page and downloads; other agencies'
staff get 404; user text is escaped."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.annual import actions as act
from gongkai.annual.models import AnnualReport
from tests.annual.conftest import acknowledge_all

pytestmark = pytest.mark.django_db
YEAR = 2024


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def annual(people):
    return act.StartReport(people.clerk, people.tree.a, YEAR).execute()


def test_clerk_starts_a_report_from_the_list(client, people):
    login(client, people.clerk)
    page = client.get(reverse("annual:index"))
    assert page.status_code == 200 and "新建年度报告草稿" in page.content.decode()
    response = client.post(reverse("annual:start"), {"agency": people.tree.a.pk, "year": YEAR})
    annual = AnnualReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("annual:report", args=[annual.pk])
    again = client.post(reverse("annual:start"), {"agency": people.tree.a.pk, "year": YEAR})
    assert again.status_code == 400 and "已经存在" in again.content.decode()


def test_other_agencies_staff_get_404(client, people, annual):
    login(client, people.other_clerk)
    assert client.get(reverse("annual:report", args=[annual.pk])).status_code == 404
    assert (
        client.post(reverse("annual:act", args=[annual.pk, "section-5"]), {"section-5-text": "x"}).status_code
        == 404
    )
    assert annual.pk not in [r.pk for r in client.get(reverse("annual:index")).context["reports"]]
    assert (
        client.post(reverse("annual:start"), {"agency": people.tree.a.pk, "year": YEAR - 1}).status_code
        == 400
    )


def test_edit_override_refusal_approval_and_portal(client, people, annual):
    login(client, people.clerk)
    url = reverse("annual:report", args=[annual.pk])
    text = "（一）存在问题。<script>alert(1)</script>政策解读形式单一。（二）改进措施。增加图解解读。"
    r = client.post(reverse("annual:act", args=[annual.pk, "section-5"]), {"section-5-text": text})
    assert r.status_code == 302
    annual.refresh_from_db()
    assert "政策解读形式单一" in annual.sections["五"] and "<script>" not in annual.sections["五"]
    r = client.post(
        reverse("annual:act", args=[annual.pk, "override"]),
        {"override-cell": "3|一|6", "override-value": "5", "override-reason": "年中启用，此前5件未录入"},
    )
    assert r.status_code == 302
    page = client.get(url).content.decode()
    assert "已调整" in page and "年中启用，此前5件未录入" in page and "T3-01" in page
    acknowledge_all(people.clerk, annual)
    refused = client.post(reverse("annual:act", args=[annual.pk, "submit"]), {})
    assert refused.status_code == 409 and "错误" in refused.content.decode()
    override = annual.overrides.get()
    client.post(
        reverse("annual:act", args=[annual.pk, "remove-override"]), {"remove-override-override": override.pk}
    )
    acknowledge_all(people.clerk, annual)
    assert client.post(reverse("annual:act", args=[annual.pk, "submit"]), {}).status_code == 302
    for reviewer in people.reviewers:
        client.logout()
        login(client, reviewer)
        r = client.post(reverse("annual:act", args=[annual.pk, "review"]), {"review-decision": "approve"})
        assert r.status_code == 302, r.content.decode()[:500]
    annual.refresh_from_db()
    assert annual.state == AnnualReport.State.PUBLISHED
    client.logout()
    column = client.get(reverse("portal:reports", args=[people.tree.a.code])).content.decode()
    report_url = reverse("portal:annual_report", args=[people.tree.a.code, YEAR])
    assert report_url in column and "report-system" in column
    public = client.get(report_url)
    body = public.content.decode()
    assert public.status_code == 200 and "政策解读形式单一" in body
    assert "<script>alert" not in body
    for fmt, magic in (("docx", b"PK"), ("xlsx", b"PK"), ("pdf", b"%PDF"), ("json", b"{")):
        download = client.get(reverse("portal:annual_download", args=[people.tree.a.code, YEAR, fmt]))
        assert download.status_code == 200 and download.content.startswith(magic), fmt
    assert client.get(reverse("portal:annual_report", args=[people.tree.a.code, YEAR - 1])).status_code == 404


def test_staff_download_and_unlock_form(client, people, annual):
    login(client, people.clerk)
    r = client.get(reverse("annual:download", args=[annual.pk, "json"]))
    assert r.status_code == 200 and b'"table3"' in r.content


def test_unlock_on_the_page_by_the_office_head_with_its_reason_shown(client, people, annual):
    from tests.annual.conftest import approve_all

    acknowledge_all(people.clerk, annual)
    act.SubmitReport(people.clerk, annual).execute()
    approve_all(people, annual)
    url = reverse("annual:act", args=[annual.pk, "unlock"])
    client.force_login(people.clerk)
    assert "解锁本年度数据" not in client.get(reverse("annual:report", args=[annual.pk])).content.decode()
    assert client.post(url, {"unlock-unlock_reason": "更正"}).status_code == 403
    client.force_login(people.office)
    assert client.post(url, {"unlock-unlock_reason": ""}).status_code == 400
    assert client.post(url, {"unlock-unlock_reason": "一件申请的办结日期登记有误"}).status_code == 302
    page = client.get(reverse("annual:report", args=[annual.pk])).content.decode()
    assert "解锁记录" in page and "一件申请的办结日期登记有误" in page and "草稿" in page


def test_supervising_office_reads_its_subordinates_reports(client, people, annual):
    from gongkai.agencies.models import Role
    from tests.agencies.factories import make_user

    supervisor = make_user("supervisor", (people.tree.root, Role.SUPERVISOR))
    client.force_login(supervisor)
    page = client.get(reverse("annual:report", args=[annual.pk]))
    assert page.status_code == 200 and "目前没有您可以办理的事项" in page.content.decode()
    assert (
        client.post(reverse("annual:act", args=[annual.pk, "section-5"]), {"section-5-text": "x"}).status_code
        == 403
    )


def test_redraft_a_section_from_todays_figures(client, people, annual):
    client.force_login(people.clerk)
    act.EditSection(people.clerk, annual, "六", "无").execute()
    act.SaveWorkPoint(people.clerk, people.tree.a, YEAR, title="推进政务公开专区建设").execute()
    for number in ("一", "六"):
        r = client.post(reverse("annual:act", args=[annual.pk, "redraft"]), {"redraft-number": number})
        assert r.status_code == 302
    annual.refresh_from_db()
    assert "1.推进政务公开专区建设。" in annual.sections["一"]
    assert "未收取信息处理费" in annual.sections["六"]
    assert annual.history.filter(history_change_reason="第六部分按最新数据重新生成初稿").exists()


def test_public_graphic_page(client, people, annual):
    pytest.importorskip("gongkai.reportio.output.graphic")
    from tests.annual.conftest import approve_all

    acknowledge_all(people.clerk, annual)
    act.SubmitReport(people.clerk, annual).execute()
    approve_all(people, annual)
    page = client.get(reverse("portal:annual_graphic", args=[people.tree.a.code, YEAR]))
    body = page.content.decode()
    assert page.status_code == 200 and "gk-chart" in body and "gongkai/vendor/echarts.min.js" in body
