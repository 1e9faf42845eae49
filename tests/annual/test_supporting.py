"""Around the report page: last year's report uploaded or entered (cross-year rules), the year's
工作要点, the staff home's notices, the demo's draft."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.annual import actions as act
from gongkai.annual.findings import checked, previous_report
from gongkai.annual.models import AnnualReport, PreviousReport, WorkPoint
from gongkai.annual.todo import todo

pytestmark = pytest.mark.django_db


@pytest.fixture
def annual(people):
    return act.StartReport(people.clerk, people.tree.a, 2023).execute()


def post(client, annual, name, data, **extra):
    return client.post(reverse("annual:act", args=[annual.pk, name]), data, **extra)


def test_previous_report_uploaded_from_a_published_file(client, people, annual, fixtures_dir):
    client.force_login(people.clerk)
    seed = (fixtures_dir / "seed" / "jinjiang-xzfwzx-2022.txt").read_bytes()
    r = post(client, annual, "previous", {"previous-file": SimpleUploadedFile("2022.txt", seed)})
    assert r.status_code == 302
    stored = PreviousReport.objects.get()
    assert stored.year == 2022 and stored.source == "file" and stored.file_name == "2022.txt"
    assert "存在问题" in previous_report(annual).section_text("五")
    wrong = post(client, annual, "previous", {"previous-file": SimpleUploadedFile("x.txt", b"\x00\x01")})
    assert wrong.status_code == 400


def test_previous_report_entered_by_hand(client, people, annual):
    client.force_login(people.clerk)
    data = {f"previous-entered-forward_{c}": 0 for c in range(7)}
    data |= {"previous-entered-forward_0": 2, "previous-entered-forward_6": 3}
    data |= {"previous-entered-in_force_rules": 0, "previous-entered-in_force_normative": 4}
    assert post(client, annual, "previous-entered", data).status_code == 400  # 2 ≠ 3
    data["previous-entered-forward_6"] = 2
    assert post(client, annual, "previous-entered", data).status_code == 302
    rules = {c.finding.rule for c in checked(annual) if c.is_error}
    assert "T3-05" in rules  # 2 carried forward last year, none carried over this year


def test_work_points_added_and_removed_on_the_page(client, people, annual):
    client.force_login(people.clerk)
    r = post(
        client,
        annual,
        "work-point",
        {"work-point-point_title": "推进政务公开专区建设", "work-point-progress": "已建成。"},
    )
    assert r.status_code == 302
    point = WorkPoint.objects.get()
    assert "推进政务公开专区建设" in client.get(reverse("annual:report", args=[annual.pk])).content.decode()
    client.force_login(people.other_clerk)
    assert post(client, annual, "remove-work-point", {"remove-work-point-point": point.pk}).status_code == 404
    client.force_login(people.clerk)
    assert post(client, annual, "remove-work-point", {"remove-work-point-point": point.pk}).status_code == 302
    assert not WorkPoint.objects.exists()


def test_staff_home_notices_for_reviewers_and_returned_reports(people, annual):
    from datetime import date

    from tests.annual.conftest import acknowledge_all

    acknowledge_all(people.clerk, annual)
    act.SubmitReport(people.clerk, annual).execute()
    assert [n.text for n in todo(people.section, date.today())] == ["某县甲局2023年度报告等待您审核。"]
    assert todo(people.deputy, date.today()) == []
    act.ReviewReport(people.section, annual, approve=False, opinion="请补充第五部分").execute()
    assert [n.text for n in todo(people.clerk, date.today())] == ["某县甲局2023年度报告被退回修改。"]
    assert todo(people.other_clerk, date.today()) == []


def test_demo_draft_page(client):
    from gongkai.agencies.demo import load_demo

    context = load_demo()
    annual = AnnualReport.objects.get(agency__code="jinjiang-xzfwzx", year=2022)
    assert annual.state == AnnualReport.State.DRAFT
    client.force_login(context.users["clerk"])
    page = client.get(reverse("annual:report", args=[annual.pk])).content.decode()
    assert "优化政策咨询服务" in page and "校验通过" in page
    load_demo()  # again: nothing duplicated
    assert AnnualReport.objects.filter(agency=annual.agency, year=2022).count() == 1
    assert WorkPoint.objects.count() == 2


def test_previous_report_from_a_supervising_office_import(fixtures_dir):
    """No report of its own and none uploaded: the published report a supervising office imported
    is last year's report (here the seed's 2022, for a 2023 draft of the same agency)."""
    from gongkai.agencies.demo import load_demo
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.imported_reports.actions import ImportReports
    from gongkai.imported_reports.models import ImportedFile
    from gongkai.imported_reports.tasks import check_imported_file

    context = load_demo()
    seed = (fixtures_dir / "seed" / "jinjiang-xzfwzx-2022.txt").read_bytes()
    ImportReports(SYSTEM, context.agencies["jinjiang"], [("2022.txt", seed)], queue=False).execute()
    check_imported_file.call(ImportedFile.objects.get().pk)
    annual = act.StartReport(context.users["clerk"], context.agencies["jinjiang-xzfwzx"], 2023).execute()
    AnnualReport.objects.filter(agency=annual.agency, year=2022).delete()  # the demo's own draft
    previous = previous_report(annual)
    assert previous is not None and previous.year == 2022 and "存在问题" in previous.section_text("五")
