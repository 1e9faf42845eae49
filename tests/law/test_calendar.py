"""WorkCalendar: working days with 调休, as published by the State Council (spec §6)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.law.calendar import CalendarNotMaintained, WorkCalendar, default_calendar

CAL = default_calendar()
# Dates whose 40-working-day horizon stays inside the maintained years (the package ends in 2026).
DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 10, 31))
N = st.integers(min_value=1, max_value=40)


def test_worked_example_of_the_spec():
    # spec §1.3.2: received Thu 2025-09-25 → 20 WD due 2025-10-29.
    assert CAL.add_working_days(date(2025, 9, 25), 20) == date(2025, 10, 29)


@pytest.mark.parametrize(
    "day", [date(2026, 2, 14), date(2026, 10, 10), date(2025, 9, 28), date(2025, 10, 11)]
)
def test_makeup_weekend_days_are_working_days(day):
    assert day.weekday() >= 5
    assert CAL.is_workday(day)


@pytest.mark.parametrize("day", [date(2026, 2, 16), date(2025, 10, 8), date(2025, 1, 28), date(2024, 10, 7)])
def test_holiday_weekdays_are_not_working_days(day):
    assert day.weekday() < 5
    assert not CAL.is_workday(day)


def test_plain_weekend_is_not_a_working_day():
    assert not CAL.is_workday(date(2025, 10, 18))  # Saturday after National Day, no 调休


def test_start_on_a_non_working_day_counts_strictly_after():
    # Sat 2025-01-25 → first WD after is the make-up Sunday 01-26.
    assert CAL.add_working_days(date(2025, 1, 25), 1) == date(2025, 1, 26)
    assert CAL.add_working_days(date(2025, 1, 25), 2) == date(2025, 1, 27)
    assert CAL.add_working_days(date(2025, 1, 25), 3) == date(2025, 2, 5)


def test_2027_fails_clearly():
    with pytest.raises(CalendarNotMaintained) as err:
        CAL.is_workday(date(2027, 3, 1))
    assert "2027" in str(err.value) and "工作日历尚未维护" in str(err.value)
    assert err.value.year == 2027


def test_deadline_running_into_2027_fails_clearly():
    with pytest.raises(CalendarNotMaintained) as err:
        CAL.add_working_days(date(2026, 12, 20), 20)
    assert "2027 年" in str(err.value)


def test_working_days_between_needs_maintained_years():
    with pytest.raises(CalendarNotMaintained):
        CAL.working_days_between(date(2026, 12, 1), date(2027, 1, 10))


def test_a_day_cannot_be_both_holiday_and_makeup():
    with pytest.raises(ValueError, match="不能同时"):
        WorkCalendar(
            years=frozenset({2025}),
            holidays={date(2025, 1, 26): "春节"},
            makeup_workdays={date(2025, 1, 26): "春节"},
        )


def test_describe_names_holidays_and_makeup_days():
    text = CAL.describe(date(2025, 9, 25), 20, date(2025, 10, 29))
    assert "自 2025-09-26 起算" in text
    assert "10-01 至 10-08" in text
    assert "09-28、10-11" in text


@given(DAYS, N)
def test_never_lands_on_a_non_working_day(start, n):
    due = CAL.add_working_days(start, n)
    assert CAL.is_workday(due)
    assert due > start


@given(DAYS, DAYS, N)
def test_monotonic_in_start(a, b, n):
    a, b = min(a, b), max(a, b)
    assert CAL.add_working_days(a, n) <= CAL.add_working_days(b, n)


@given(DAYS, N, N)
def test_strictly_monotonic_in_n(start, n, m):
    if n == m:
        return
    n, m = min(n, m), max(n, m)
    assert CAL.add_working_days(start, n) < CAL.add_working_days(start, m)


@given(DAYS, N)
def test_working_days_between_is_the_inverse(start, n):
    due = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, due) == n
    # One day earlier there were n-1 working days: the due day is the first to reach n.
    assert CAL.working_days_between(start, due - timedelta(days=1)) == n - 1


@given(DAYS, st.integers(min_value=0, max_value=60))
def test_working_days_between_counts_the_workdays(start, span):
    until = start + timedelta(days=span)
    expected = sum(1 for k in range(1, span + 1) if CAL.is_workday(start + timedelta(days=k)))
    assert CAL.working_days_between(start, until) == expected


@given(DAYS, st.integers(min_value=1, max_value=20), st.integers(min_value=1, max_value=20))
def test_adding_in_two_steps_equals_adding_once(start, n, m):
    assert CAL.add_working_days(CAL.add_working_days(start, n), m) == CAL.add_working_days(start, n + m)
