"""Response-time figures: counts by channel, working days on the calendar (holidays and 调休),
median, mean and the share answered within the target — by aggregate queries."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.consultations.figures import _median, response_figures

from .helpers import answered, log

START, END = date(2025, 9, 1), date(2025, 9, 30)


def _seed(people) -> None:
    a, clerk = people.tree.a, people.clerk
    # Hotline, received Tuesday 30 September 2025, the day before the National Day holiday
    # (10-01…10-08 off; Sunday 09-28 and Saturday 10-11 are make-up working days).
    for answered_on in (date(2025, 9, 30), date(2025, 10, 9), date(2025, 10, 14), date(2025, 10, 15)):
        answered(clerk, log(clerk, a, on=date(2025, 9, 30)), answered_on)  # 0, 1, 5, 6 working days
    # WeChat, received Friday 26 September: answered on the make-up Sunday (1), and one never.
    answered(clerk, log(clerk, a, on=date(2025, 9, 26), channel="wechat"), date(2025, 9, 28))
    log(clerk, a, on=date(2025, 9, 26), channel="wechat")
    # Outside the period, or another agency's: not counted.
    answered(clerk, log(clerk, a, on=date(2025, 8, 29)), date(2025, 9, 1))
    answered(
        people.other_clerk, log(people.other_clerk, people.tree.b, on=date(2025, 9, 2)), date(2025, 9, 2)
    )


def test_figures_by_channel_and_in_total(people) -> None:
    _seed(people)
    figures = response_figures(people.tree.a, START, END, today=date(2025, 12, 1))
    assert figures.target == 5
    hotline, wechat = figures.by_channel
    assert (hotline.label, hotline.received, hotline.answered, hotline.unanswered) == ("热线电话", 4, 4, 0)
    assert (hotline.median_days, hotline.mean_days, hotline.within_target) == (3.0, 3.0, 3)
    assert hotline.within_target_share == 75.0 and hotline.overdue == 0
    assert (wechat.label, wechat.received, wechat.answered, wechat.overdue) == ("微信", 2, 1, 1)
    assert (wechat.median_days, wechat.mean_days, wechat.within_target_share) == (1, 1.0, 100.0)
    total = figures.total
    assert (total.received, total.answered, total.overdue) == (6, 5, 1)
    assert (total.median_days, total.mean_days, total.within_target) == (1, 2.6, 4)
    assert total.within_target_share == 80.0


def test_the_target_can_be_given_and_an_empty_period_has_no_figures(people) -> None:
    _seed(people)
    figures = response_figures(people.tree.a, START, END, target=1)
    assert figures.by_channel[0].within_target == 2 and figures.total.within_target == 3
    empty = response_figures(people.tree.a, date(2024, 1, 1), date(2024, 12, 31))
    assert empty.by_channel == [] and empty.total.received == 0
    assert empty.total.median_days is None and empty.total.mean_days is None
    assert empty.total.within_target_share is None


def test_the_number_of_queries_does_not_grow_with_the_rows(people) -> None:
    _seed(people)
    response_figures(people.tree.a, START, END)  # the calendar is built and cached once
    with CaptureQueriesContext(connection) as before:
        response_figures(people.tree.a, START, END)
    for day in range(1, 20):
        answered(people.clerk, log(people.clerk, people.tree.a, on=date(2025, 9, day)), date(2025, 9, 29))
    with CaptureQueriesContext(connection) as after:
        figures = response_figures(people.tree.a, START, END)
    assert figures.total.received == 25
    assert len(after) == len(before) <= 4


def test_weighted_median() -> None:
    assert _median([]) is None
    assert _median([(5, 3)]) == 5
    assert _median([(1, 1), (3, 1)]) == 2.0
    assert _median([(0, 1), (1, 2), (5, 1), (6, 1)]) == 1
    assert _median([(0, 2), (10, 2)]) == 5.0
