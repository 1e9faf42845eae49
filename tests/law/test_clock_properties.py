"""Properties of the application clock that must hold for every case (hypothesis)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.law.calendar import default_calendar
from gongkai.law.clock import (
    ClockError,
    CorrectionReceived,
    CorrectionRequested,
    ExtensionApproved,
    Pause,
    Received,
    compute_clock,
)

CAL = default_calendar()
ONE = timedelta(days=1)


@st.composite
def cases(draw, extension=True):
    """Realistic cases: received, maybe 补正 and correction, up to two pauses, maybe an extension."""
    received = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 30)))
    events = [Received(received)]
    start = received
    if draw(st.booleans()):
        asked = received + timedelta(days=draw(st.integers(0, 9)))
        corrected = asked + timedelta(days=draw(st.integers(0, 30)))
        events += [CorrectionRequested(asked), CorrectionReceived(corrected)]
        start = corrected
    pauses = []
    cursor = start
    for _ in range(draw(st.integers(0, 2))):
        first = cursor + timedelta(days=draw(st.integers(0, 25)))
        resume = first + timedelta(days=draw(st.integers(0, 30)))
        pauses.append(Pause(first, resume))
        cursor = first
    events += pauses
    ext = draw(st.integers(1, 20)) if extension and draw(st.booleans()) else 0
    if ext:
        events.append(ExtensionApproved(None, ext))  # undated: approved within the period
    return events, start, pauses, ext


def without(events, kind):
    return [e for e in events if not isinstance(e, kind)]


@given(cases())
def test_due_dates_are_working_days(case):
    events, _, _, _ = case
    r = compute_clock(events, CAL)
    assert CAL.is_workday(r.reply_due)
    assert CAL.is_workday(r.correction_notice_due)
    assert r.reply_due > r.clock_start


@given(cases())
def test_pauses_never_shorten_a_deadline(case):
    events, _, pauses, _ = case
    with_pauses = compute_clock(events, CAL).reply_due
    assert compute_clock(without(events, Pause), CAL).reply_due <= with_pauses
    for dropped in pauses:
        fewer = [e for e in events if e is not dropped]
        assert compute_clock(fewer, CAL).reply_due <= with_pauses


@given(cases())
def test_pauses_add_exactly_the_uncounted_working_days(case):
    events, start, pauses, ext = case
    r = compute_clock(events, CAL)
    # Walk the calendar by hand: count working days after the start that no pause covers.
    paused = set()
    for p in pauses:
        day = p.start
        while day < p.end:
            paused.add(day)
            day += ONE
    day, counted = start, 0
    while counted < 20 + ext:
        day += ONE
        if CAL.is_workday(day) and day not in paused:
            counted += 1
    assert r.reply_due == day
    # …and the pauses report exactly the working days they took out of that window, none twice.
    taken = sum(1 for x in paused if start < x < day and CAL.is_workday(x))
    assert r.paused_working_days == taken


@given(cases(extension=False), st.integers(1, 20))
def test_an_extension_adds_exactly_its_counted_days_and_never_more_than_20(case, n):
    events, _, pauses, _ = case
    before = compute_clock(events, CAL).reply_due
    after = compute_clock([*events, ExtensionApproved(None, n)], CAL).reply_due
    paused = {p.start + timedelta(days=k) for p in pauses for k in range((p.end - p.start).days)}
    added = sum(
        1
        for k in range(1, (after - before).days + 1)
        if CAL.is_workday(before + timedelta(days=k)) and before + timedelta(days=k) not in paused
    )
    assert added == n <= 20


@given(cases(extension=False), st.integers(21, 60))
def test_extensions_over_20_are_always_rejected(case, n):
    events, _, _, _ = case
    with pytest.raises(ClockError, match="第三十三条"):
        compute_clock([*events, ExtensionApproved(None, n)], CAL)


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 30)), st.integers(0, 40))
def test_correction_restarts_twenty_working_days_from_its_receipt(received, wait):
    corrected = received + timedelta(days=wait)
    r = compute_clock([Received(received), CorrectionRequested(received), CorrectionReceived(corrected)], CAL)
    assert r.reply_due == CAL.add_working_days(corrected, 20)
    assert r.correction_notice_due == CAL.add_working_days(received, 7)


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 30)), st.integers(0, 60), st.integers(1, 10)
)
def test_a_pause_over_days_off_only_removes_nothing(received, offset, length):
    first = received + timedelta(days=offset)
    days = [first + timedelta(days=k) for k in range(length)]
    if any(CAL.is_workday(x) for x in days):
        return
    base = compute_clock([Received(received)], CAL).reply_due
    assert (
        compute_clock([Received(received), Pause(first, first + timedelta(days=length))], CAL).reply_due
        == base
    )
