"""Legal working days (工作日) on the Chinese calendar, with 调休.

A working day is Monday–Friday unless it is a public holiday, plus the weekend days the State
Council designates as make-up working days (调休上班日). The schedule is only known for years
whose notice has been published and loaded; any date outside them raises
:class:`CalendarNotMaintained` rather than silently guessing Monday–Friday.

Counting follows spec/domain.md §1.3.2: "N working days from D" is the N-th working day strictly
after D — the start day is never counted, whether or not D itself is a working day.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta


class CalendarNotMaintained(LookupError):
    """A date falls in a year whose official working-day schedule has not been loaded."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"{year} 年的工作日历尚未维护：国务院办公厅公布该年度节假日安排后，"
            f"请在后台“工作日历”中导入，之后才能计算该年度的法定期限。"
        )


@dataclass(frozen=True)
class Span:
    """A run of consecutive days sharing one reason, for explanations."""

    first: date
    last: date
    name: str

    def label(self) -> str:
        if self.first == self.last:
            return f"{self.first:%m-%d}"
        return f"{self.first:%m-%d} 至 {self.last:%m-%d}"


@dataclass(frozen=True)
class WorkCalendar:
    """The working-day schedule of the maintained years.

    ``holidays`` maps each day off that a notice declares (including weekend days inside a
    holiday block) to the festival's Chinese name; ``makeup_workdays`` maps each 调休上班日 to
    the festival it serves. Both only matter for the years in ``years``.
    """

    years: frozenset[int]
    holidays: Mapping[date, str] = field(default_factory=dict)
    makeup_workdays: Mapping[date, str] = field(default_factory=dict)
    _workdays: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        overlap = set(self.holidays) & set(self.makeup_workdays)
        if overlap:
            day = min(overlap)
            raise ValueError(f"{day.isoformat()} 不能同时是放假日和调休上班日")
        ordinals: list[int] = []
        for year in sorted(self.years):
            day = date(year, 1, 1)
            while day.year == year:
                if self._computed_workday(day):
                    ordinals.append(day.toordinal())
                day += timedelta(days=1)
        object.__setattr__(self, "_workdays", tuple(ordinals))

    def _computed_workday(self, day: date) -> bool:
        if day in self.makeup_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    # -- queries -------------------------------------------------------------------------------
    def covers(self, day: date) -> bool:
        return day.year in self.years

    def require(self, day: date) -> None:
        if day.year not in self.years:
            raise CalendarNotMaintained(day.year)

    def is_workday(self, day: date) -> bool:
        self.require(day)
        return self._computed_workday(day)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day strictly after ``start`` (n ≥ 1)."""
        if n < 1:
            raise ValueError("工作日数必须是正整数")
        self.require(start)
        i = bisect.bisect_right(self._workdays, start.toordinal()) + n - 1
        if i >= len(self._workdays):
            raise CalendarNotMaintained(self._first_missing_year_after(start))
        due = date.fromordinal(self._workdays[i])
        self._require_years_between(start, due)
        return due

    def working_days_between(self, after: date, until: date) -> int:
        """How many working days lie in (after, until]; 0 when until ≤ after."""
        if until <= after:
            return 0
        self.require(after)
        self.require(until)
        self._require_years_between(after, until)
        lo = bisect.bisect_right(self._workdays, after.toordinal())
        hi = bisect.bisect_right(self._workdays, until.toordinal())
        return hi - lo

    def next_workday(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        return day if self.is_workday(day) else self.add_working_days(day, 1)

    # -- explanations --------------------------------------------------------------------------
    def holiday_spans(self, after: date, until: date) -> list[Span]:
        """Holiday days off within (after, until], grouped into consecutive runs per festival."""
        return _spans(d for d in _days(after, until) if d in self.holidays and not self._computed_workday(d))

    def makeup_days(self, after: date, until: date) -> list[date]:
        return [d for d in _days(after, until) if d in self.makeup_workdays]

    def describe(self, start: date, n: int, due: date) -> str:
        """Chinese sentence stating how ``due`` = start + n working days was reached."""
        first = start + timedelta(days=1)
        parts = [f"{n} 个工作日，自 {first.isoformat()} 起算（收到当日不计入）"]
        spans = [s for s in _spans_named(self, start, due)]
        if spans:
            parts.append("跳过" + "、".join(f"{s.name}假期 {s.label()}" for s in spans))
        makeups = self.makeup_days(start, due)
        if makeups:
            parts.append("含调休上班日 " + "、".join(f"{d:%m-%d}" for d in makeups))
        parts.append(f"第 {n} 个工作日为 {due.isoformat()}（{_WEEKDAYS[due.weekday()]}）")
        return "，".join(parts)

    # -- internals -----------------------------------------------------------------------------
    def _require_years_between(self, a: date, b: date) -> None:
        for year in range(a.year, b.year + 1):
            if year not in self.years:
                raise CalendarNotMaintained(year)

    def _first_missing_year_after(self, day: date) -> int:
        year = day.year
        while year in self.years:
            year += 1
        return year


_WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def _days(after: date, until: date) -> Iterable[date]:
    day = after + timedelta(days=1)
    while day <= until:
        yield day
        day += timedelta(days=1)


def _spans(days: Iterable[date], name_of=lambda d: "") -> list[Span]:
    spans: list[Span] = []
    for day in days:
        name = name_of(day)
        if spans and spans[-1].last + timedelta(days=1) == day:
            prev = spans[-1]
            merged = prev.name if name in prev.name.split("、") else f"{prev.name}、{name}"
            spans[-1] = Span(prev.first, day, merged)
        else:
            spans.append(Span(day, day, name))
    return spans


def _spans_named(cal: WorkCalendar, after: date, until: date) -> list[Span]:
    """Holiday runs, extended over the adjoining weekend days that belong to the same break."""
    off = [d for d in _days(after, until) if not cal._computed_workday(d)]
    runs = _spans(off, lambda d: cal.holidays.get(d, ""))
    named = []
    for run in runs:
        names = [n for n in run.name.split("、") if n]
        if names:
            named.append(Span(run.first, run.last, "、".join(dict.fromkeys(names))))
    return named


# --- the packaged schedule ------------------------------------------------------------------
def chinesecalendar_schedule() -> tuple[frozenset[int], dict[date, str], dict[date, str]]:
    """Years, holidays and make-up working days as published in the ``chinesecalendar`` package.

    Names are turned into the Chinese festival names used in the State Council notices.
    """
    from chinese_calendar import constants

    chinese = {h.value: h.chinese for h in constants.Holiday}
    holidays = {d: chinese.get(v, str(v)) for d, v in constants.holidays.items()}
    workdays = {d: chinese.get(v, str(v)) for d, v in constants.workdays.items()}
    years = frozenset(d.year for d in holidays) | frozenset(d.year for d in workdays)
    return years, holidays, workdays


_DEFAULT: WorkCalendar | None = None


def default_calendar() -> WorkCalendar:
    """The schedule shipped with the package (2004–2026), for code running without a database."""
    global _DEFAULT
    if _DEFAULT is None:
        years, holidays, workdays = chinesecalendar_schedule()
        _DEFAULT = WorkCalendar(years=years, holidays=holidays, makeup_workdays=workdays)
    return _DEFAULT
