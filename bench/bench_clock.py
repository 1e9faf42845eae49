"""Benchmark of the application clock (issue: ≥ 20,000 realistic cases/s).

A realistic case: received, maybe 补正 then correction (40 %), maybe a third-party consultation
(40 %), maybe an extension (20 %). The baseline is a bare loop over the same cases that only adds
calendar days (timedelta) to the receipt date — the cheapest thing a "due date" could be.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import best_of, emit  # noqa: E402
from gongkai.law.calendar import default_calendar  # noqa: E402
from gongkai.law.clock import (  # noqa: E402
    ConsultationAnswered,
    ConsultationStarted,
    CorrectionReceived,
    CorrectionRequested,
    ExtensionApproved,
    Received,
    compute_clock,
)

CASES = 20_000
EXPLAINED = 2_000


def make_cases(n: int, seed: int = 20251) -> list[list]:
    rng = random.Random(seed)
    first, span = date(2024, 1, 1), (date(2026, 9, 30) - date(2024, 1, 1)).days
    cases = []
    for _ in range(n):
        received = first + timedelta(days=rng.randrange(span))
        events: list = [Received(received)]
        cursor = received
        if rng.random() < 0.4:
            asked = cursor + timedelta(days=rng.randint(1, 8))
            cursor = asked + timedelta(days=rng.randint(1, 20))
            events += [CorrectionRequested(asked), CorrectionReceived(cursor)]
        if rng.random() < 0.4:
            sent = cursor + timedelta(days=rng.randint(1, 10))
            cursor = sent + timedelta(days=rng.randint(1, 20))
            events += [ConsultationStarted(sent), ConsultationAnswered(cursor)]
        if rng.random() < 0.2:
            events.append(ExtensionApproved(None, rng.randint(5, 20)))
        cases.append(events)
    return cases


def main() -> None:
    cal = default_calendar()
    cases = make_cases(CASES)
    cal.add_working_days(date(2025, 1, 1), 1)  # warm the calendar before timing

    def ours() -> list:
        return [compute_clock(events, cal).reply_due for events in cases]

    def bare() -> list:
        return [events[0].on + timedelta(days=28) for events in cases]

    ours_s = best_of(ours, repeat=3)
    bare_s = best_of(bare, repeat=5)
    emit(
        "clock_cases_per_s",
        CASES / ours_s,
        "cases/s",
        ratio=ours_s / bare_s,
        baseline=f"bare_loop_timedelta_add_{CASES}_cases_{bare_s * 1e3:.2f}ms",
        cases=CASES,
    )

    sample = cases[:EXPLAINED]

    def explained() -> list:
        return [compute_clock(events, cal).explanation for events in sample]

    exp_s = best_of(explained, repeat=3)
    bare_sample_s = bare_s * EXPLAINED / CASES
    emit(
        "clock_explained_cases_per_s",
        EXPLAINED / exp_s,
        "cases/s",
        ratio=exp_s / bare_sample_s,
        baseline="same_bare_loop_scaled",
        cases=EXPLAINED,
    )


if __name__ == "__main__":
    main()
