"""A case's recorded events → ``gongkai.law.clock`` events → its due dates.

The one bridge between the stored events and the statute's clock, used by the actions (which
cache the result on the application) and by the pages (which show each date's explanation).
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.law.clock import (
    Answered,
    AnsweredOnSpot,
    Channel,
    ClockResult,
    ConsultationAnswered,
    ConsultationKind,
    ConsultationStarted,
    CorrectionReceived,
    CorrectionRequested,
    DelayNotified,
    Event,
    ExtensionApproved,
    FeeLapsed,
    FeeNoticeIssued,
    FeePaid,
    Received,
    compute_clock,
)
from gongkai.workcalendar.service import get_calendar

from .models import Application, CaseEvent, EventKind


def law_event(row: CaseEvent, application: Application) -> Event:
    """The statute's event for one stored row."""
    kind = row.kind
    consult = (
        ConsultationKind[row.consultation_kind] if row.consultation_kind else ConsultationKind.THIRD_PARTY
    )
    if kind == EventKind.RECEIVED:
        return Received(application.arrived_on, Channel[application.channel], application.confirmed_on)
    if kind == EventKind.ON_SPOT:
        return AnsweredOnSpot(row.on)
    if kind == EventKind.CORRECTION_REQUESTED:
        return CorrectionRequested(row.on, row.until)
    if kind == EventKind.CORRECTION_RECEIVED:
        return CorrectionReceived(row.on)
    if kind == EventKind.CONSULTATION_STARTED:
        return ConsultationStarted(row.on, consult, row.party, row.served)
    if kind == EventKind.CONSULTATION_ANSWERED:
        return ConsultationAnswered(row.on, row.party, consult)
    if kind == EventKind.EXTENSION:
        return ExtensionApproved(row.on, row.days or 0, True, row.notified_on)
    if kind == EventKind.DELAY:
        return DelayNotified(row.on, row.until)
    if kind == EventKind.FEE_NOTICE:
        return FeeNoticeIssued(row.on, row.served)
    if kind == EventKind.FEE_PAID:
        return FeePaid(row.on)
    if kind == EventKind.FEE_LAPSED:
        return FeeLapsed(row.on)
    if kind == EventKind.ANSWERED:
        return Answered(row.on)
    raise ValueError(f"unknown event kind {kind!r}")


def clock_of(
    application: Application, rows: Iterable[CaseEvent] | None = None, *, fee_pauses_clock: bool = True
) -> ClockResult:
    """The clock of a case from its rows in entry order (actions append rows as things happen).

    Raises the law's ``ClockError`` with its Chinese message. A date in a year whose working-day
    calendar is not maintained yet (the State Council publishes next year's in November or
    December) gives a *provisional* result, marked as such (``result.provisional``), rather than
    refusing to register an application: nothing a citizen submits may be lost for want of a
    calendar; the staff home and ``gongkai scan`` ask the administrator to import the notice.
    """
    if rows is None:
        rows = application.events.all()
    events = [law_event(r, application) for r in rows]
    return compute_clock(events, get_calendar(), fee_pauses_clock=fee_pauses_clock, provisional=True)
