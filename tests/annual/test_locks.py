"""The period lock reaches every action that dates a record into the year: catalog publication,
withdrawal and repeal, statistics, applications' dated steps, appeals."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gongkai.annual.models import PeriodLock
from gongkai.applications.actions import SaveAppeal
from gongkai.applications.models import Appeal
from tests.catalog.conftest import People as CatalogPeople

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog_people(db):
    return CatalogPeople()


def test_publishing_into_a_locked_year_is_refused(catalog_people):
    from gongkai.catalog import actions as cat

    p = catalog_people
    item = p.approve(cat.SubmitForReview(p.clerk, p.draft()).execute())
    PeriodLock.objects.create(agency=p.tree.a, year=2025)
    with pytest.raises(ValidationError, match="已锁定"):
        cat.Publish(p.clerk, item, on=date(2025, 3, 4)).execute()
    published = cat.Publish(p.clerk, item, on=date(2026, 1, 5)).execute()  # the next year is open
    assert published.published_on == date(2026, 1, 5)


def test_withdrawing_an_item_counted_in_a_locked_year_is_refused(catalog_people):
    from gongkai.catalog import actions as cat

    p = catalog_people
    item = p.publish(on=date(2025, 3, 4))
    PeriodLock.objects.create(agency=p.tree.a, year=2025)
    with pytest.raises(ValidationError, match="已锁定"):
        cat.Withdraw(p.clerk, item, reason="发布有误").execute()


def test_appeals_dated_in_a_locked_year_are_refused(catalog_people):
    p = catalog_people
    data = {"kind": Appeal.Kind.RECONSIDERATION, "body": "晋江市人民政府", "filed_on": date(2025, 5, 6)}
    appeal = SaveAppeal(p.clerk, p.tree.a, data).execute()
    PeriodLock.objects.create(agency=p.tree.a, year=2025)
    with pytest.raises(ValidationError, match="已锁定"):
        SaveAppeal(p.clerk, p.tree.a, {**data, "filed_on": date(2025, 12, 1)}).execute()
    with pytest.raises(ValidationError, match="已锁定"):  # back-dating the decision into 2025
        decided = {"decided_on": date(2025, 12, 20), "result": Appeal.Result.UPHELD}
        SaveAppeal(p.clerk, p.tree.a, {**data, **decided}, appeal).execute()
    with pytest.raises(ValidationError, match="已锁定"):  # moving the filing changes 2025's 表四
        SaveAppeal(p.clerk, p.tree.a, {**data, "kind": Appeal.Kind.LITIGATION_DIRECT}, appeal).execute()
    # deciding in 2026 a case filed in 2025: 2025 counted it 尚未审结 and still does
    decided = {"decided_on": date(2026, 2, 1), "result": Appeal.Result.UPHELD}
    assert SaveAppeal(p.clerk, p.tree.a, {**data, **decided}, appeal).execute().result == Appeal.Result.UPHELD
