"""A county government (the supervising office's agency) with departments, approved and draft
annual reports written as their snapshots (what approval keeps), and the people who look at them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gongkai.agencies.models import Agency, Role
from gongkai.annual.models import AnnualReport
from gongkai.law.report import Report
from tests.agencies.factories import make_agency, make_tree, make_user

YEAR = 2025


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def law_report(
    agency: Agency, year: int = YEAR, *, new: int = 5, other: int = 0, fwd: int = 0, carried: int = 0
):
    """A consistent report: ``new`` + ``carried`` natural-person applications, ``other`` of them
    closed as 其他处理—其他, ``fwd`` carried forward, the rest granted."""
    report = Report.empty(agency.name, year)
    rows = report.table3.rows
    granted = new + carried - other - fwd

    def put(key, n):
        rows[key][0] = n
        rows[key][6] = n

    put("一", new)
    put("二", carried)
    put("三(一)", granted)
    put("三(六)3", other)
    put("三(七)", granted + other)
    put("四", fwd)
    report.table4.cells[0] = report.table4.cells[4] = 1
    for number in "一二三四五六":
        report.set_section(number, f"{agency.name}第{number}部分。本年度未收取信息处理费。")
    return report


def annual(
    agency: Agency,
    year: int = YEAR,
    state=AnnualReport.State.APPROVED,
    kind=AnnualReport.Kind.AGENCY,
    **figures,
):
    frozen = state in (AnnualReport.State.APPROVED, AnnualReport.State.PUBLISHED)
    return AnnualReport.objects.create(
        agency=agency,
        year=year,
        kind=kind,
        state=state,
        figures=law_report(agency, year, **figures).to_json() if frozen else {},
        approved_at=datetime(year + 1, 1, 20, 2, tzinfo=UTC) if frozen else None,
    )


class World:
    def __init__(self):
        self.tree = make_tree()  # county (government) → 甲局 (→ 甲局下属中心), 乙局
        t = self.tree
        self.c = make_agency("dept-c", "某县丙局", t.root)
        self.other_county = make_agency("county2", "另一县人民政府", kind=Agency.Kind.GOVERNMENT)
        self.other_dept = make_agency("county2-a", "另一县甲局", self.other_county)
        self.supervisor = make_user("supervisor", (t.root, Role.SUPERVISOR))
        self.other_supervisor = make_user("supervisor2", (self.other_county, Role.SUPERVISOR))
        self.clerk_b = make_user("clerk-b", (t.b, Role.CLERK), email="b@example.com")
        self.office_b = make_user("office-b", (t.b, Role.OFFICE_HEAD), email="office-b@example.com")
        self.clerk_c = make_user("clerk-c", (self.c, Role.CLERK))


@pytest.fixture
def world(db):
    return World()
