"""Section 六's 信息处理费 statement from the fee records, read back by the law's own reader."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gongkai.annual.drafting import FeeFigures, fee_figures, fee_sentence
from gongkai.applications.models import Application, CaseEvent, EventKind
from gongkai.law.narrative import fee_statement

pytestmark = pytest.mark.django_db


def application(agency, n: int, fee: str | None) -> Application:
    secret = "110101199001011234"
    return Application.objects.create(
        agency=agency,
        tracking_code=f"FEE{n:012d}",
        channel="IN_PERSON",
        arrived_on=date(2024, 3, 1),
        received_on=date(2024, 3, 1),
        applicant_type="natural",
        category="NATURAL_PERSON",
        name="申请人",
        id_type="resident_id",
        id_number=secret,
        phone=secret,
        description="某信息",
        medium="paper",
        delivery="post",
        fee_method="items" if fee else "",
        fee_amount=Decimal(fee) if fee else None,
    )


def test_fee_figures_and_statement(people):
    a = people.tree.a
    paid, lapsed, last_year = application(a, 1, "300"), application(a, 2, "100"), application(a, 3, "900")
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(application=paid, kind=EventKind.FEE_NOTICE, on=date(2024, 3, 5)),
            CaseEvent(application=paid, kind=EventKind.FEE_PAID, on=date(2024, 3, 20)),
            CaseEvent(application=lapsed, kind=EventKind.FEE_NOTICE, on=date(2024, 4, 1)),
            CaseEvent(application=lapsed, kind=EventKind.FEE_LAPSED, on=date(2024, 5, 6)),
            CaseEvent(application=last_year, kind=EventKind.FEE_NOTICE, on=date(2023, 12, 1)),
            CaseEvent(application=last_year, kind=EventKind.FEE_PAID, on=date(2023, 12, 10)),
        ]
    )
    figures = fee_figures([a.pk], 2024)
    assert figures == FeeFigures(notices=2, collected=Decimal("300"), lapsed=1)
    text = fee_sentence(2024, figures)
    statement = fee_statement(text)
    assert statement.notices == 2 and statement.amount == 300 and statement.unpaid
    assert fee_figures([people.tree.b.pk], 2024) == FeeFigures()
    assert fee_statement(fee_sentence(2024, FeeFigures())).amount == 0
