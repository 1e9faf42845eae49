"""表三 and 表四 of the annual report, computed by the database (aggregate queries, DESIGN.md).

表三 (spec §2.3, §1.3.2 step 8), for an agency and a year Y:

* 「三、本年度办理结果」: applications whose final outcome falls in Y (``closed_on`` in Y), by outcome
  row and applicant column — one ``GROUP BY outcome, category``;
* 「二、上年结转政府信息公开申请数量」: received before Y and still open on 1 January of Y;
* 「四、结转下年度继续办理」: received by 31 December of Y and still open then;
* 「一、本年新收」 follows as （七）总计 + 四 − 二 (``gongkai.law.outcomes.table3_from_counts``), which
  equals the applications received in Y when the records are consistent — and the result always
  satisfies T3-01 … T3-03.

表四 (spec §2.4, §7): the 复议/诉讼 cases filed in Y where the agency is the original actor (a
复议机关 named as co-defendant is not counted again: 「count once, for the original actor」), by kind
and by result as known on 31 December of Y; undecided then → 「尚未审结」.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Count, Q

from gongkai.law.formats import TABLE4_OUTCOMES
from gongkai.law.outcomes import ApplicantCategory, Outcome, table3_from_counts
from gongkai.law.report import Table3, Table4

from .models import Appeal, Application

RESULT_OUTCOME = {
    Appeal.Result.UPHELD: "结果维持",
    Appeal.Result.CORRECTED: "结果纠正",
    Appeal.Result.OTHER: "其他结果",
}
PENDING, TOTAL = TABLE4_OUTCOMES[3], TABLE4_OUTCOMES[4]


def table3_for(agency_id: int, year: int) -> Table3:
    """Every row that counts in Y is finished on or after 1 January of Y or still open, so only
    those rows are read, by index range scans (the index on ``(agency, closed_on, received_on,
    category, outcome)`` answers without the table): the year's results, which are most rows, with
    a plain count; those finished after 31 December or still open, few, with the conditions."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    own = Application.objects.filter(agency_id=agency_id)
    # Counted over indexed columns (category is never null), not the primary key, which is not in
    # the index: counting it would read the table.
    came_before = Count("category", filter=Q(received_on__lt=start))
    counts: dict[tuple[Outcome, ApplicantCategory], int] = {}
    carried: Counter[ApplicantCategory] = Counter()
    forward: Counter[ApplicantCategory] = Counter()
    finished = (
        own.filter(closed_on__gte=start, closed_on__lte=end)
        .values_list("category", "outcome")
        .annotate(n=Count("*"), carried=came_before)
        .order_by()
    )
    for category_name, outcome, n, was_carried in finished:
        category = ApplicantCategory[category_name]
        counts[(Outcome[outcome], category)] = n
        carried[category] += was_carried
    # Finished after 31 December, and not finished at all: two range scans, not one OR over the
    # agency's whole history (neither database answers ``x > d OR x IS NULL`` from one range).
    for open_at_end in (own.filter(closed_on__gt=end), own.filter(closed_on__isnull=True)):
        rows = (
            open_at_end.values_list("category")
            .annotate(carried=came_before, forward=Count("category", filter=Q(received_on__lte=end)))
            .order_by()
        )
        for category_name, was_carried, goes_forward in rows:
            category = ApplicantCategory[category_name]
            carried[category] += was_carried
            forward[category] += goes_forward
    return table3_from_counts(counts, carried, forward)


def table4_for(agency_id: int, year: int) -> Table4:
    end = date(year, 12, 31)
    rows = (
        Appeal.objects.filter(agency_id=agency_id, role=Appeal.Role.ORIGINAL, filed_on__year=year)
        .values_list("kind", "result", "decided_on")
        .annotate(n=Count("*"))
        .order_by()
    )
    table = Table4.zeros()
    for kind, result, decided_on, n in rows:
        outcome = RESULT_OUTCOME[result] if result and decided_on and decided_on <= end else PENDING
        table.cells[Table4.index(kind, outcome)] += n
        table.cells[Table4.index(kind, TOTAL)] += n
    return table
