"""The demo: the 主管部门 account sees its subordinates' reports of the demo year in different
states and an aggregate summed from the approved one; loading twice changes nothing."""

import pytest
from django.urls import reverse

from gongkai.agencies.demo import load_demo
from gongkai.annual.models import AnnualReport
from gongkai.applications.demo import demo_year
from gongkai.supervision.aggregation import aggregate_tables, parts_for

pytestmark = pytest.mark.django_db


def test_demo_dashboard_and_aggregate(client) -> None:
    context = load_demo()
    year = demo_year(context.today)
    finance = AnnualReport.objects.get(agency__code="jinjiang-czj", year=year, kind="agency")
    assert finance.state == AnnualReport.State.PUBLISHED and finance.figures
    aggregate = AnnualReport.objects.get(agency__code="jinjiang", year=year, kind="aggregate")
    parts = parts_for(aggregate.agency, year)
    assert [p.agency_name for p in parts.included] == ["晋江市财政局"]
    assert "晋江市教育局" in [name for _, name in parts.missing]
    summed = aggregate_tables(aggregate.agency, year)
    assert summed.table3.rows["一"][6] == finance.figures["table3"]["rows"]["一"][6] > 0

    counts = (AnnualReport.objects.count(), AnnualReport.history.count())
    load_demo()
    assert (AnnualReport.objects.count(), AnnualReport.history.count()) == counts

    client.force_login(context.users["supervisor"])
    page = client.get(reverse("supervision:dashboard", kwargs={"code": "jinjiang", "year": year}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "已公开" in html and "草稿" in html and "尚未开始编制" in html
