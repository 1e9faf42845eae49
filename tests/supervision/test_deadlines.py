from datetime import date

import pytest

from gongkai.agencies.models import Agency
from gongkai.law.validation.structure import PUBLICATION_DEADLINES
from gongkai.supervision import deadlines


@pytest.mark.parametrize(
    ("kind", "level", "due"),
    [
        (Agency.Kind.DEPARTMENT, Agency.Level.COUNTY, date(2026, 1, 31)),
        (Agency.Kind.DEPARTMENT, Agency.Level.PROVINCE, date(2026, 1, 31)),
        (Agency.Kind.GOVERNMENT, Agency.Level.TOWNSHIP, date(2026, 1, 31)),  # 乡镇参照部门
        (Agency.Kind.GOVERNMENT, Agency.Level.COUNTY, date(2026, 2, 20)),
        (Agency.Kind.GOVERNMENT, Agency.Level.PREFECTURE, date(2026, 3, 10)),
        (Agency.Kind.GOVERNMENT, Agency.Level.PROVINCE, date(2026, 3, 31)),
    ],
)
def test_due_date_by_level_comes_from_the_law_table(kind, level, due) -> None:
    agency = Agency(code="x", name="x", kind=kind, level=level)
    assert deadlines.due_date(agency, 2025) == due
    assert (due.month, due.day) == PUBLICATION_DEADLINES[deadlines.level_key(agency)]


def test_reminder_kind_ten_days_before_and_after() -> None:
    due = date(2026, 1, 31)
    assert deadlines.reminder_kind(due, date(2026, 1, 20)) is None
    assert deadlines.reminder_kind(due, date(2026, 1, 21)) == deadlines.DUE_SOON
    assert deadlines.reminder_kind(due, due) == deadlines.DUE_SOON
    assert deadlines.reminder_kind(due, date(2026, 2, 1)) == deadlines.OVERDUE
    assert deadlines.reminder_kind(due, date(2026, 4, 1)) == deadlines.OVERDUE  # 60 days after
    assert deadlines.reminder_kind(due, date(2026, 4, 2)) is None  # no more nagging
    assert deadlines.due_text(due, date(2026, 2, 3)) == "已逾期 3 天"
    assert deadlines.due_text(due, due) == "今天到期"
    assert deadlines.report_year(date(2026, 1, 5)) == 2025
