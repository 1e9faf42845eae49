"""第二十六条: 20 working days from the day the information was formed or changed."""

from __future__ import annotations

from datetime import date

from gongkai.catalog import actions as act
from gongkai.catalog import deadlines
from gongkai.catalog.models import CatalogItem
from gongkai.catalog.todo import awaiting_review, todo


def test_due_counts_working_days_across_national_day(db) -> None:
    # 2025-10-01…08 off, Saturday 10-11 a 调休 working day: 10-09, 10-10, 10-11 are days 1–3,
    # then four full weeks (days 4–23 would run to 11-07); day 20 is Tuesday 4 November.
    assert deadlines.publish_due(date(2025, 9, 30)) == date(2025, 11, 4)
    assert deadlines.publish_due(date(2025, 9, 30), special_due=date(2025, 10, 15)) == date(2025, 10, 15)
    assert deadlines.publish_due(None) is None


def test_overdue_unpublished_items_are_flagged(people, db) -> None:
    late = people.draft(formed_on=date(2025, 9, 30), title="逾期")
    assert late.publish_due == date(2025, 11, 4)
    on_time = people.draft(formed_on=date(2025, 10, 20), title="未到期")
    people.draft(
        formed_on=date(2025, 9, 1), disclosure="withheld", disclosure_reason="第十四条", title="不予公开"
    )
    published = people.publish(on=date(2025, 9, 2), formed_on=date(2025, 9, 1), written_on=date(2025, 9, 1))
    found = deadlines.overdue(CatalogItem.objects.all(), date(2025, 11, 5))
    assert list(found) == [late]
    assert not deadlines.published_late(published) and on_time.publish_due > date(2025, 11, 5)

    texts = [n.text for n in todo(people.clerk, date(2025, 11, 5))]
    assert any("1 条主动公开信息已超过 20 个工作日" in t for t in texts)
    assert todo(people.other_clerk, date(2025, 11, 5)) == []
    assert any("某县甲局：1 条" in n.text for n in todo(None, date(2025, 11, 5)))


def test_each_reviewer_sees_their_own_level(people) -> None:
    item = act.SubmitForReview(people.clerk, people.draft()).execute()
    assert list(awaiting_review(people.section)) == [item]
    assert not awaiting_review(people.deputy).exists() and not awaiting_review(people.other_section).exists()
    assert any("等待您进行发布审查" in n.text for n in todo(people.section, date(2025, 3, 4)))
    from .conftest import CLEAR

    act.ReviewItem(people.section, item, approve=True, **CLEAR).execute()
    assert list(awaiting_review(people.deputy)) == [item]
    assert not awaiting_review(people.section).exists()
