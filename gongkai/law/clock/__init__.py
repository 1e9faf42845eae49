"""The application clock (条例 第三十–三十五条): due dates derived from a case's events.

Use :func:`compute_clock` with the case's events in the order they happened and a
:class:`~gongkai.law.calendar.WorkCalendar`; the result holds every due date that applies and a
Chinese explanation of each. Events known only by their dates are put in that order by
:func:`in_case_order` (same-day ties: ``SAME_DAY_ORDER``, :mod:`gongkai.law.clock.order`). The
rules and the decisions taken where the law is silent are listed in :mod:`gongkai.law.clock.engine`,
the counting conventions in :mod:`gongkai.law.clock.counting`, and each kind of event is applied by
its handler in :mod:`gongkai.law.clock.handlers`.
"""

from gongkai.law.clock.counting import (
    CONSULTATION_DAYS,
    CORRECTION_NOTICE_DAYS,
    FEE_PAYMENT_DAYS,
    MAX_EXTENSION_DAYS,
    REPLY_DAYS,
    count_with_pauses,
    provisional_calendar,
)
from gongkai.law.clock.engine import compute_clock
from gongkai.law.clock.events import (
    Answered,
    AnsweredOnSpot,
    Channel,
    ClockError,
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
    Pause,
    Received,
)
from gongkai.law.clock.order import SAME_DAY_ORDER, in_case_order
from gongkai.law.clock.result import ClockResult, Consultation, PausePeriod, Status

__all__ = [
    "CONSULTATION_DAYS",
    "CORRECTION_NOTICE_DAYS",
    "FEE_PAYMENT_DAYS",
    "MAX_EXTENSION_DAYS",
    "REPLY_DAYS",
    "SAME_DAY_ORDER",
    "Answered",
    "AnsweredOnSpot",
    "Channel",
    "ClockError",
    "ClockResult",
    "Consultation",
    "ConsultationAnswered",
    "ConsultationKind",
    "ConsultationStarted",
    "CorrectionReceived",
    "CorrectionRequested",
    "DelayNotified",
    "Event",
    "ExtensionApproved",
    "FeeLapsed",
    "FeeNoticeIssued",
    "FeePaid",
    "Pause",
    "PausePeriod",
    "Received",
    "Status",
    "compute_clock",
    "count_with_pauses",
    "in_case_order",
    "provisional_calendar",
]
