"""How the statutory periods of an application are counted (spec/domain.md §1.3.2, §6).

"N working days from D" is the N-th working day strictly after D: 「开始的当日不计入」 (spec §1.3.2,
by analogy with 《民法典》第二百零一条), also when D itself is not a working day — receipt on a
Saturday counts from that Saturday, so Monday is the 1st working day (spec §6.2's
``find_workday`` off-by-one trap is avoided by counting with
:meth:`~gongkai.law.calendar.WorkCalendar.add_working_days`).

Days not counted (第三十三条第三款 「征求第三方和其他机关意见所需时间不计算在前款规定的期限内」) are
half-open periods [start, resume): ``start`` is the day the clock stops, ``resume`` the first day
it counts again; the working days start … resume−1 are removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import date, timedelta
from typing import TYPE_CHECKING

from gongkai.law.calendar import WorkCalendar

if TYPE_CHECKING:
    from gongkai.law.clock.events import Event
    from gongkai.law.clock.result import ClockResult, PausePeriod

REPLY_DAYS = 20  # 第三十三条第二款
CORRECTION_NOTICE_DAYS = 7  # 第三十条
CONSULTATION_DAYS = 15  # 第三十二条、第三十四条
MAX_EXTENSION_DAYS = 20  # 第三十三条第二款
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号 as restated by the provinces (spec §3)

ONE_DAY = timedelta(days=1)


def count_with_pauses(
    cal: WorkCalendar, start: date, n: int, pauses: Iterable[PausePeriod]
) -> tuple[date, list[int]]:
    """The n-th counted working day after ``start``, not counting the days of ``pauses``.

    Returns the due day and, for each pause in the order given, how many working days it removed
    (0 when it lies before ``start``, starts after the due day, or covers only days off).
    """
    pauses = list(pauses)
    removed = [0] * len(pauses)
    # Merge the not-counted day ranges [start, resume-1]; each merged range remembers its members.
    ranges: list[tuple[date, date, list[int]]] = []
    for i in sorted(range(len(pauses)), key=lambda k: pauses[k].start):
        first, last = pauses[i].start, pauses[i].resume - ONE_DAY
        if last < first:
            continue
        if ranges and first <= ranges[-1][1] + ONE_DAY:
            f, la, members = ranges[-1]
            ranges[-1] = (f, max(la, last), members + [i])
        else:
            ranges.append((first, last, [i]))
    cursor, remaining = start, n
    for first, last, members in ranges:
        if last <= cursor:
            continue
        if first > cursor:
            available = cal.working_days_between(cursor, first - ONE_DAY)
            if available >= remaining:
                break
            remaining -= available
            cut = first - ONE_DAY
        else:
            cut = cursor
        taken = cal.working_days_between(cut, last)
        _share(cal, pauses, members, cut, last, taken, removed)
        cursor = last
    return cal.add_working_days(cursor, remaining), removed


def _share(cal, pauses, members, cut, last, taken, removed) -> None:
    """Attribute the working days removed by a merged range to its member pauses, each day once."""
    if len(members) == 1:
        removed[members[0]] = taken
        return
    claimed = cut
    for i in sorted(
        members, key=lambda k: pauses[k].start
    ):  # each day goes to the earliest pause covering it
        upto = min(pauses[i].resume - ONE_DAY, last)
        lo = max(claimed, pauses[i].start - ONE_DAY)
        if upto > lo:
            removed[i] = cal.working_days_between(lo, upto)
            claimed = max(claimed, upto)


# --- provisional calendars ----------------------------------------------------------------------------
# 《全国年节及纪念日放假办法》第二条: the fixed-date holidays; lunar festivals and 调休 cannot be known.
_FIXED_HOLIDAYS = (
    (1, 1, "元旦"),
    (5, 1, "劳动节"),
    (5, 2, "劳动节"),
    (10, 1, "国庆节"),
    (10, 2, "国庆节"),
    (10, 3, "国庆节"),
)
_PROVISIONAL_CACHE: dict[tuple[int, tuple[int, ...]], tuple[WorkCalendar, WorkCalendar]] = {}


def years_needed(events: Sequence[Event], cal: WorkCalendar, missing: int) -> tuple[int, ...]:
    last = missing
    for ev in events:
        for f in fields(ev):
            value = getattr(ev, f.name)
            if isinstance(value, date):
                last = max(last, value.year)
    # A deadline (20 + 20 working days, plus pauses) never runs more than a year past its last event.
    return tuple(y for y in range(missing, last + 2) if y not in cal.years)


def years_touched(r: ClockResult) -> set[int]:
    days = [r.received, r.correction_notice_due, r.reply_due, r.statutory_reply_due, r.fee_payment_due]
    days += [c.reply_due for c in r.consultations] + [p.resume for p in r.pauses]
    known = [d for d in days if d is not None]
    return set(range(min(known).year, max(known).year + 1))


def provisional_calendar(cal: WorkCalendar, years: tuple[int, ...]) -> tuple[WorkCalendar, tuple[int, ...]]:
    """``cal`` plus an estimate for ``years``: Monday–Friday minus the fixed-date statutory holidays."""
    key = (id(cal), years)
    cached = _PROVISIONAL_CACHE.get(key)
    if cached is not None and cached[0] is cal:
        return cached[1], years
    holidays = dict(cal.holidays)
    for year in years:
        for month, dd, name in _FIXED_HOLIDAYS:
            holidays[date(year, month, dd)] = name
    estimate = WorkCalendar(
        years=cal.years | frozenset(years), holidays=holidays, makeup_workdays=cal.makeup_workdays
    )
    _PROVISIONAL_CACHE[key] = (cal, estimate)
    return estimate, years
