"""Response-time figures of an agency's consultations for a period, computed by the database.

The cohort is the consultations *received* in the period (``received_on`` from ``start`` to
``end``, both included). For each channel and in total:

* ``received`` — how many came in;
* ``answered`` — how many of them have been answered (by now); ``unanswered`` the rest, of which
  ``overdue`` are past the answer target today;
* ``median_days`` / ``mean_days`` — working days from receipt to answer over the answered ones
  (the day of receipt not counted: answered the same day is 0, the next working day 1);
* ``within_target`` — answered within ``target`` working days; ``within_target_share`` is that
  over ``answered`` (None when nothing was answered).

Counts come from one ``GROUP BY channel`` aggregate. Working days depend on the calendar (holidays,
调休), which the database does not know, so the answered rows are grouped by
(channel, received_on, answered_on) in a second aggregate query and each distinct pair of dates —
a few hundred at most for a year — is counted on the calendar once, weighted by its rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from gongkai.agencies.models import Agency

from .deadlines import calendar_covering, target_days
from .models import OPEN_STATES, Channel, Consultation


@dataclass(frozen=True)
class Row:
    label: str
    received: int
    answered: int
    overdue: int
    median_days: float | None
    mean_days: float | None
    within_target: int

    @property
    def unanswered(self) -> int:
        return self.received - self.answered

    @property
    def within_target_share(self) -> float | None:
        """Percent of the answered ones answered within the target, one decimal."""
        return round(100 * self.within_target / self.answered, 1) if self.answered else None


@dataclass(frozen=True)
class Figures:
    agency: Agency
    start: date
    end: date
    target: int
    total: Row
    by_channel: list[Row]


def _median(weighted: list[tuple[int, int]]) -> float | None:
    """The median of values given as (value, how many), sorted by value."""
    n = sum(count for _value, count in weighted)
    if not n:
        return None
    middle = [(n - 1) // 2, n // 2]  # the one middle position, or the two of an even count
    found: list[int] = []
    seen = 0
    for value, count in weighted:
        while len(found) < 2 and seen <= middle[len(found)] < seen + count:
            found.append(value)
        seen += count
    return (found[0] + found[1]) / 2


def _row(label: str, received: int, answered: int, overdue: int, days: dict[int, int], target: int) -> Row:
    weighted = sorted(days.items())
    total = sum(value * count for value, count in weighted)
    return Row(
        label=label,
        received=received,
        answered=answered,
        overdue=overdue,
        median_days=_median(weighted),
        mean_days=round(total / answered, 1) if answered else None,
        within_target=sum(count for value, count in weighted if value <= target),
    )


def response_figures(
    agency: Agency, start: date, end: date, *, target: int | None = None, today: date | None = None
) -> Figures:
    target = target or target_days()
    today = today or timezone.localdate()
    cohort = Consultation.objects.filter(agency=agency, received_on__gte=start, received_on__lte=end)
    counts = {
        row["channel"]: row
        for row in cohort.values("channel")
        .annotate(
            received=Count("pk"),
            answered=Count("pk", filter=Q(answered_on__isnull=False)),
            overdue=Count("pk", filter=Q(state__in=OPEN_STATES, answer_due__lt=today)),
        )
        .order_by()
    }
    pairs = (
        cohort.filter(answered_on__isnull=False)
        .values_list("channel", "received_on", "answered_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    days: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    pairs = list(pairs)
    if pairs:
        calendar = calendar_covering(min(p[1] for p in pairs), max(p[2] for p in pairs))
        for channel, received_on, answered_on, n in pairs:
            value = calendar.working_days_between(received_on, answered_on)
            days[channel][value] += n
    by_channel = []
    all_days: dict[int, int] = defaultdict(int)
    for channel in Channel:
        found = counts.get(channel.value)
        if not found:
            continue
        for value, n in days[channel.value].items():
            all_days[value] += n
        by_channel.append(
            _row(
                channel.label,
                found["received"],
                found["answered"],
                found["overdue"],
                days[channel.value],
                target,
            )
        )
    total = _row(
        "合计",
        sum(r.received for r in by_channel),
        sum(r.answered for r in by_channel),
        sum(r.overdue for r in by_channel),
        all_days,
        target,
    )
    return Figures(agency=agency, start=start, end=end, target=target, total=total, by_channel=by_channel)
