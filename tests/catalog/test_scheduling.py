"""定时发布: an item published for a later day is found by search from that day (the daily scan)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from gongkai.catalog import actions as act
from gongkai.catalog.scheduling import index_scheduled
from gongkai.cli import main
from gongkai.search import search
from gongkai.search.models import SearchDocument

TODAY = date(2025, 3, 10)


@pytest.fixture
def clock(monkeypatch):
    """Move the one clock (django.utils.timezone.localdate) that actions, public.py and indexing read."""
    state = {"today": TODAY}
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: state["today"])
    return state


def test_a_scheduled_item_is_indexed_on_its_day_and_only_once(people, clock) -> None:
    item = people.publish(on=TODAY + timedelta(days=2), title="关于春季植树活动的通知")
    assert search("植树").total == 0  # published for a later day: not yet searchable

    clock["today"] = TODAY + timedelta(days=1)
    assert index_scheduled() == 0
    assert search("植树").total == 0

    clock["today"] = TODAY + timedelta(days=2)
    assert index_scheduled() == 1
    assert [h.document.key for h in search("植树").results] == [str(item.pk)]
    assert index_scheduled() == 0  # running the scan again adds nothing


def test_a_missed_scan_catches_up_within_seven_days_but_not_older(people, clock) -> None:
    old = people.publish(on=TODAY + timedelta(days=2), title="关于防汛演练的通知")
    recent = people.publish(on=TODAY + timedelta(days=3), title="关于道路维修的公告")
    SearchDocument.objects.all().delete()  # as if never indexed

    clock["today"] = TODAY + timedelta(days=9)  # recent came 6 days ago, old 7 days ago
    assert index_scheduled() == 1
    assert set(SearchDocument.objects.values_list("key", flat=True)) == {str(recent.pk)}
    assert old.pk  # outside (today − 7, today]: left for `gongkai reindex`


def test_withdrawn_and_withheld_items_are_never_indexed_by_the_scan(people, clock) -> None:
    withdrawn = people.publish(on=TODAY + timedelta(days=1), title="关于临时停水的通知")
    act.Withdraw(people.clerk, withdrawn, reason="信息有误").execute()
    people.publish(
        on=TODAY + timedelta(days=1),
        title="关于内部人事的说明",
        disclosure="withheld",
        disclosure_reason="内部事务",
    )
    clock["today"] = TODAY + timedelta(days=1)
    assert index_scheduled() == 0
    assert not SearchDocument.objects.exists()


@pytest.mark.django_db
def test_the_daily_scan_indexes_todays_scheduled_items(people, clock, capsys) -> None:
    item = people.publish(on=TODAY + timedelta(days=3), title="关于开展消防检查的通知")
    clock["today"] = TODAY + timedelta(days=3)
    assert main(["scan", "--today", (TODAY + timedelta(days=3)).isoformat(), "--no-mail"]) == 0
    assert SearchDocument.objects.filter(key=str(item.pk)).exists()
    assert "定时发布" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_scans_json_reports_the_catalog_work_as_info(people, clock, capsys) -> None:
    people.publish(on=TODAY + timedelta(days=1), title="关于开展安全检查的通知")
    clock["today"] = TODAY + timedelta(days=1)
    assert main(["scan", "--today", (TODAY + timedelta(days=1)).isoformat(), "--no-mail", "--json"]) == 0
    notices = json.loads(capsys.readouterr().out)
    assert {"level": "info", "text": "定时发布：1 条到期的政府信息已加入网上查询。"} in notices
