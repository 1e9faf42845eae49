"""表三 and 表四 from the records: aggregate queries that equal a hand count and pass validation."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from gongkai.applications.figures import table3_for, table4_for
from gongkai.applications.models import Appeal, Application, State
from gongkai.law.outcomes import ApplicantCategory, Outcome
from gongkai.law.report import Report
from gongkai.law.validation.table3 import t3_01, t3_02, t3_03, t3_05
from gongkai.law.validation.table4 import check_table4

pytestmark = pytest.mark.django_db
CATEGORIES = list(ApplicantCategory)
OUTCOMES = list(Outcome)


def generate(agency, n: int, seed: int = 7) -> list[Application]:
    """A random population over 2024–2026: every outcome code, some still open, some carried."""
    rng = random.Random(seed)
    secret = "110101199001011234"
    rows = []
    for i in range(n):
        received = date(2024, 6, 1) + timedelta(days=rng.randrange(0, 800))
        closed = received + timedelta(days=rng.randrange(0, 60)) if rng.random() < 0.9 else None
        category = rng.choice(CATEGORIES)
        rows.append(
            Application(
                agency=agency,
                tracking_code=f"{agency.code[:4]}{i:011d}",
                channel="IN_PERSON",
                arrived_on=received,
                received_on=received,
                closed_on=closed,
                outcome=rng.choice(OUTCOMES).name if closed else "",
                state=State.REPLIED if closed else State.HANDLING,
                applicant_type="natural" if category is ApplicantCategory.NATURAL_PERSON else "organisation",
                category=category.name,
                name="申请人",
                id_type="resident_id",
                id_number=secret,
                phone=secret,
                description="某信息",
                medium="paper",
                delivery="post",
            )
        )
    Application.objects.bulk_create(rows, batch_size=500)
    return rows


def hand_count(rows: list[Application], year: int) -> dict[str, list[int]]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    table: dict[str, Counter] = {"一": Counter(), "二": Counter(), "四": Counter()}
    results: Counter = Counter()
    for r in rows:
        column = ApplicantCategory[r.category].column
        if start <= r.received_on <= end:
            table["一"][column] += 1
        if r.received_on < start and (r.closed_on is None or r.closed_on >= start):
            table["二"][column] += 1
        if r.received_on <= end and (r.closed_on is None or r.closed_on > end):
            table["四"][column] += 1
        if r.closed_on and start <= r.closed_on <= end:
            results[(Outcome[r.outcome].row_key, column)] += 1
    out = {key: [counter[c] for c in range(6)] + [sum(counter.values())] for key, counter in table.items()}
    for (row, column), n in results.items():
        out.setdefault(row, [0] * 7)
        out[row][column] += n
        out[row][6] += n
    return out


def test_table3_of_5000_applications_equals_a_hand_count_and_passes_validation(
    django_assert_max_num_queries,
) -> None:
    from gongkai.agencies.models import Agency

    agency = Agency.objects.create(code="gen", name="生成数据局", level=Agency.Level.COUNTY)
    other = Agency.objects.create(code="other", name="其他局", level=Agency.Level.COUNTY)
    rows = generate(agency, 5000)
    generate(other, 300, seed=8)  # another agency's records never count
    for year in (2025, 2026):
        with django_assert_max_num_queries(3):
            table = table3_for(agency.pk, year)
        expected = hand_count(rows, year)
        for key, values in expected.items():
            assert table.rows[key] == values, key
        report = Report(agency.name, year, table3=table)
        assert not (t3_01(report) + t3_02(report) + t3_03(report))
    previous = Report(agency.name, 2025, table3=table3_for(agency.pk, 2025))
    current = Report(agency.name, 2026, table3=table3_for(agency.pk, 2026))
    assert not t3_05(current, previous)  # 2026's 上年结转 is 2025's 结转下年度


def test_table4_counts_the_original_actor_once_and_pending_at_year_end() -> None:
    from gongkai.agencies.models import Agency

    agency = Agency.objects.create(code="a4", name="复议诉讼局", level=Agency.Level.COUNTY)
    make = lambda **kw: Appeal.objects.create(agency=agency, body="某某", **kw)  # noqa: E731
    make(kind="reconsideration", filed_on=date(2025, 3, 1), decided_on=date(2025, 5, 1), result="upheld")
    make(kind="reconsideration", filed_on=date(2025, 11, 1), decided_on=date(2026, 1, 20), result="corrected")
    make(kind="litigation_direct", filed_on=date(2025, 4, 1), decided_on=date(2025, 9, 1), result="other")
    make(kind="litigation_after_reconsideration", filed_on=date(2025, 6, 1))
    make(kind="litigation_after_reconsideration", filed_on=date(2025, 6, 1), role="co_defendant")
    make(kind="reconsideration", filed_on=date(2024, 6, 1), decided_on=date(2024, 8, 1), result="upheld")
    table = table4_for(agency.pk, 2025)
    assert table.cells == [1, 0, 0, 1, 2, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1]
    report = Report(agency.name, 2025, table4=table)
    assert not [f for f in check_table4(report) if f.severity == "E"]
