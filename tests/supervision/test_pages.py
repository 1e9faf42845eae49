"""The supervising office's pages: who sees what, the dashboard, its workbook, the aggregate page
and its action, the outliers page, a subordinate's report read-only."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.annual.models import AnnualReport

from .conftest import YEAR, annual


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("gongkai.supervision.views._today", lambda: date(2026, 2, 25))


def login(client, user):
    client.force_login(user)
    return client


def url(name, code="county", year=YEAR):
    return reverse(f"supervision:{name}", kwargs={"code": code, "year": year})


def test_public_is_sent_to_login(client, world) -> None:
    for path in (reverse("supervision:home"), url("dashboard"), url("aggregate"), url("dashboard_xlsx")):
        response = client.get(path)
        assert response.status_code == 302 and "login" in response["Location"]


def test_plain_agency_staff_and_other_offices_are_refused(client, world) -> None:
    login(client, world.clerk_b)
    assert client.get(reverse("supervision:home")).status_code == 403
    for name in ("dashboard", "aggregate", "outliers", "dashboard_xlsx"):
        assert client.get(url(name)).status_code == 404
    mine = annual(world.tree.b)
    assert client.get(reverse("supervision:report", args=[mine.pk])).status_code == 404
    client.logout()
    login(client, world.other_supervisor)
    assert client.get(url("dashboard")).status_code == 404
    assert client.post(url("aggregate")).status_code == 404
    assert client.get(reverse("supervision:report", args=[mine.pk])).status_code == 404
    assert not AnnualReport.objects.filter(kind="aggregate").exists()


def test_dashboard_shows_only_its_subordinates(client, world) -> None:
    approved = annual(world.tree.b)
    annual(world.c, state=AnnualReport.State.DRAFT)
    annual(world.other_dept)
    login(client, world.supervisor)
    home = client.get(reverse("supervision:home"))
    assert home.status_code == 302 and home["Location"] == url("dashboard")
    page = client.get(url("dashboard"))
    html = page.content.decode()
    assert page.status_code == 200
    for name in ("某县甲局", "某县乙局", "某县丙局"):
        assert name in html
    assert "另一县甲局" not in html and "某县甲局下属中心" not in html
    rows = {r.agency.name: r for r in page.context["rows"]}
    assert rows["某县乙局"].submitted_on == date(2026, 1, 20) and not rows["某县乙局"].overdue
    assert rows["某县乙局"].errors == 0
    assert rows["某县丙局"].overdue_text == "逾期未提交"  # due 2026-01-31, only a draft on 02-25
    assert rows["某县甲局"].state_label == "未开始" and rows["某县甲局"].overdue
    assert reverse("supervision:report", args=[approved.pk]) in html
    assert "本级汇总年度报告：尚未生成，应于 2026-02-20 前公布" in html

    report = client.get(reverse("supervision:report", args=[approved.pk]))
    assert report.status_code == 200 and "某县乙局第一部分" in report.content.decode()


def test_xlsx_download(client, world) -> None:
    annual(world.tree.b)
    login(client, world.supervisor)
    response = client.get(url("dashboard_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [v[0] for v in values] == ["某县丙局", "某县乙局", "某县甲局"]
    assert values[1][2] == "已审定" and values[1][5] == "否" and values[0][5] == "逾期未提交"


def test_aggregate_page_builds_the_report_through_the_action(client, world) -> None:
    annual(world.tree.b, new=5)
    annual(world.c, new=7)
    login(client, world.supervisor)
    page = client.get(url("aggregate"))
    html = page.content.decode()
    assert page.status_code == 200 and "已计入（2 个）" in html and "未计入（1 个" in html
    assert page.context["report"].table3.rows["一"][6] == 12

    response = client.post(url("aggregate"), {"reason": ""})
    assert response.status_code == 302
    built = AnnualReport.objects.get(agency=world.tree.root, year=YEAR, kind="aggregate")
    assert built.state == "draft" and built.created_by == world.supervisor
    entry = built.history.latest()
    assert entry.history_user == world.supervisor and "计入2个机关" in entry.history_change_reason
    assert client.post(url("aggregate"), {"reason": "补充丙局"}).status_code == 302
    assert "补充丙局" == built.history.latest().history_change_reason

    AnnualReport.objects.filter(pk=built.pk).update(state="approved", figures={"x": 1})
    refused = client.post(url("aggregate"), {"reason": ""})
    assert refused.status_code == 409 and "不能重新汇总" in refused.content.decode()


def test_aggregate_refused_without_approved_reports(client, world) -> None:
    login(client, world.supervisor)
    refused = client.post(url("aggregate"), {"reason": ""})
    assert refused.status_code == 409 and "无法汇总" in refused.content.decode()


def test_outliers_page(client, world) -> None:
    annual(world.tree.b, new=10, other=6)
    login(client, world.supervisor)
    page = client.get(url("outliers"))
    html = page.content.decode()
    assert page.status_code == 200
    found = {(o.agency, o.rule) for o in page.context["outliers"]}
    assert ("某县乙局", "T3-06") in found and ("某县丙局", "逾期") in found
    assert "60%" in html


def test_staff_home_links_the_office_to_its_dashboard(client, world) -> None:
    login(client, world.supervisor)
    html = client.get(reverse("staff:home")).content.decode()
    link = reverse("supervision:office", kwargs={"code": "county"})
    assert link in html
    page = client.get(link)
    assert page.status_code == 200 and page.context["year"] == YEAR
    login(client, world.clerk_b)
    assert client.get(link).status_code == 404


def test_aggregate_page_checks_the_tables_then_the_whole_report(client, world) -> None:
    annual(world.tree.b, new=5)
    login(client, world.supervisor)
    before = {f.rule for f in client.get(url("aggregate")).context["result"].findings}
    assert not [r for r in before if r.startswith(("S-01", "N-"))]  # no text yet: tables only
    client.post(url("aggregate"), {"reason": ""})
    page = client.get(url("aggregate"))
    assert page.context["existing"] is not None
    assert page.context["report"].section_text("一")  # the drafted text is part of the check now
    assert not [f for f in page.context["result"].findings if f.rule == "S-01"]


def test_reports_published_outside_the_system_are_shown_beside(client, world, monkeypatch) -> None:
    from gongkai.imported_reports import summary
    from tests.supervision.conftest import law_report

    table3 = law_report(world.tree.b, new=10, other=5).to_json()["table3"]
    row = summary.ImportedRow(
        agency="某县丁局",
        year=YEAR,
        file_name="丁局2025年报.pdf",
        errors=2,
        warnings=1,
        errors_by_rule={"T3-01": 2},
        warnings_by_rule={"T3-06": 1},
        table3=table3,
        url="/staff/imports/file/1/",
    )
    monkeypatch.setattr(summary, "rows_for", lambda office, year: [row] if office.code == "county" else [])
    login(client, world.supervisor)
    html = client.get(url("dashboard")).content.decode()
    assert (
        "某县丁局" in html
        and "外部发布" in html
        and "T3-01×2" in html
        and 'href="/staff/imports/file/1/"' in html
    )
    outliers = client.get(url("outliers")).context["outliers"]
    assert any(o.agency == "某县丁局" and o.rule == "T3-06" and o.source == "外部发布" for o in outliers)
    assert any(o.agency == "某县丁局" and o.rule == "错误" and "T3-01 2 处" in o.message for o in outliers)
    sheet = load_workbook(BytesIO(client.get(url("dashboard_xlsx")).content)).active
    assert ["某县丁局", "外部发布"] == [c.value for c in sheet[6]][:2]

    hostile = summary.ImportedRow(
        agency='=HYPERLINK("http://x","y")', year=YEAR, file_name="x", errors=0, warnings=0
    )
    monkeypatch.setattr(summary, "rows_for", lambda office, year: [hostile])
    sheet = load_workbook(BytesIO(client.get(url("dashboard_xlsx")).content)).active
    assert sheet.cell(6, 1).data_type == "s" and sheet.cell(6, 1).value.startswith("=HYPERLINK")
