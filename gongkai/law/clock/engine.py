"""The application clock: every due date of one disclosure application, derived from its events.

Rules (spec/domain.md §1.3, §1.3.2, §3) and the decisions this module makes where the law is silent:

* Date of receipt (第三十一条): 当面 → the day of submission; 邮寄需签收 → the day the agency signed
  for it; 平常信函、互联网、传真 → the day of confirmation with the applicant (required).
* Counting (spec §1.3.2 「the start day is not counted」): "N working days from D" is the N-th
  working day strictly after D — :meth:`WorkCalendar.add_working_days`. A 收到申请之日 (``received_date``)
  that is not a working day still counts from that day, as 第三十一条 fixes it: received on a
  Saturday, the next working day is the 1st (spec §6.2's ``find_workday`` off-by-one trap).
* 补正 (第三十条 「自收到申请之日起7个工作日内一次性告知」): ``correction_notice_due = received_date + 7
  WD``; the notice may be given once. A notice given later is *recorded and flagged*
  (``correction_notice_late``), not rejected: it happened, the record must say so, and the reply
  clock still restarts from the corrected application (``clock_start = correction_received_date``).
  第三十条 says nothing of what came before, so a notice after a consultation or an extension is
  allowed (an extension still applies to the restarted period); after a 第三十五条 delay or a fee
  notice, both fixed against the running period, it is rejected. A second notice is rejected.
  While a correction is awaited there is no reply due date.
* Reply (第三十三条): 20 working days from receipt, or from receipt of the correction.
* Pauses (spec §1.3.2 step 5 「Pauses (not counted)」, 第三十三条第三款; fees when configured): a
  pause is the half-open interval [S, E) — S the day the clock stops (consultation letter sent,
  fee notice issued), E the day it runs again (answer received, fee paid). The working days
  S … E−1 are not counted; E counts again: a consultation is not counted from the day sent up to,
  not including, the day answered. So a letter sent on the last day still stops the clock, an
  answer on the day of sending removes nothing (same-day order:
  :mod:`gongkai.law.clock.order`), a pause over only non-working days removes nothing, and a consultation that takes its
  full 15 working days (served the day it is sent) removes exactly 15. Pauses only ever add days;
  a pause that starts after the deadline has passed removes nothing (a late consultation cannot
  revive an expired deadline). Overlapping pauses are merged, never counted twice.
* Consultations (第三十二条, 第三十四条): the consulted party has 15 working days from receiving the
  letter. The pause ends with its answer but never later than that due day: waiting beyond it is
  not 「所需时间」, since the agency then decides by itself (第三十二条) or consent is presumed
  (第三十四条). Until the answer arrives the reply date is computed as if the party used all 15 days
  (the latest it can be) and the status says so.
* Extension (第三十三条第二款 「经政府信息公开工作机构负责人同意并告知申请人」): at most 20 working days
  in total, only with the head's consent, approved before the deadline has passed (else
  rejected); it adds exactly its number of *counted* working days (pauses inside it are still
  removed). Notice to the applicant not recorded, or given after the original deadline: flagged.
* Delay (第三十五条 「无法在本条例第三十三条规定的期限内答复…确定延迟答复的合理期限」): the reply is
  due on the stated date. A date not later than the statutory deadline is flagged and shortens
  nothing: the reply stays due on the later of the two.
* Fees (§3): 20 working days to pay from the day the notice was received. Whether the reply
  clock pauses from notice to payment is ``fee_pauses_clock`` (default True; national wording
  UNVERIFIED). Unpaid by the due day → FeeLapsed closes the application (表三（六）2).
* Missing calendar years raise :class:`CalendarNotMaintained`; with ``provisional=True`` the
  missing years are estimated from Monday–Friday minus the fixed-date statutory holidays and the
  result is marked provisional — never a silent guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from gongkai.law.calendar import CalendarNotMaintained, WorkCalendar
from gongkai.law.clock.counting import (
    REPLY_DAYS,
    count_with_pauses,
    provisional_calendar,
    years_needed,
    years_touched,
)
from gongkai.law.clock.events import EVENT_NAMES, ClockError, Event, Received, date_of
from gongkai.law.clock.handlers import HANDLERS, date_of_receipt
from gongkai.law.clock.result import ClockResult, Consultation, PausePeriod, Status
from gongkai.law.clock.state import CaseState


def compute_clock(
    events: Sequence[Event],
    calendar: WorkCalendar,
    *,
    fee_pauses_clock: bool = True,
    provisional: bool = False,
) -> ClockResult:
    """All due dates of one application from its events, in the order they happened.

    Raises :class:`ClockError` (message naming the article) for impossible sequences and
    :class:`CalendarNotMaintained` for a date outside the maintained years unless
    ``provisional`` is set.
    """
    try:
        return _result(replay(events, calendar, fee_pauses_clock), provisional_years=())
    except CalendarNotMaintained as missing:
        if not provisional:
            raise
        estimate, years = provisional_calendar(calendar, years_needed(events, calendar, missing.year))
        result = _result(replay(events, estimate, fee_pauses_clock), provisional_years=years)
        touched = years_touched(result)
        return replace(result, provisional_years=tuple(y for y in years if y in touched))


def replay(events: Sequence[Event], cal: WorkCalendar, fee_pauses_clock: bool = True) -> CaseState:
    """The case after its events, each checked against the ones before it and applied by its handler."""
    if not events or not isinstance(events[0], Received):
        raise ClockError("第一个事件必须是“收到申请”：期限自收到申请之日起计算（第三十一条、第三十三条）")
    first: Received = events[0]
    warnings: list[str] = []
    state = CaseState(first, date_of_receipt(first, cal, warnings), cal, fee_pauses_clock)
    state.warnings = warnings
    last = first.on
    for event in events[1:]:
        when = date_of(event)
        name = EVENT_NAMES.get(type(event), type(event).__name__)
        if isinstance(event, Received):
            raise ClockError("一件申请只能有一个“收到申请”事件（第三十一条）；重复提交应另行登记")
        if when is not None:
            if when < state.received:
                raise ClockError(
                    f"“{name}”的日期 {when.isoformat()} 早于收到申请之日 {state.received.isoformat()}"
                    f"（第三十一条：期限自收到申请之日起计算）"
                )
            if when < last:
                raise ClockError(
                    f"事件顺序错误：“{name}”的日期 {when.isoformat()} 早于前一事件的日期 {last.isoformat()}，"
                    "事件应按发生先后记录（第三十条、第三十三条的期限依事件发生的先后计算）"
                )
        if state.closed_by is not None:
            raise ClockError(f"申请已{state.closed_by}，不能再记录“{name}”")
        handler = HANDLERS.get(type(event))
        if handler is None:
            raise ClockError(f"未知事件：{event!r}")
        handler(state, event)
        if when is not None:
            last = when
    return state


def _result(s: CaseState, provisional_years: tuple[int, ...]) -> ClockResult:
    pauses = sorted(s.all_pauses(), key=lambda p: p.start)
    statutory: date | None = None
    if s.on_spot:
        statutory = s.received
    elif not s.waiting_correction and s.fee_lapsed is None:
        statutory, removed = count_with_pauses(s.cal, s.clock_start, REPLY_DAYS + s.extension_days, pauses)
        pauses = [
            PausePeriod(p.start, p.resume, p.reason, p.open, r, p.basis)
            for p, r in zip(pauses, removed, strict=True)
        ]
    reply_due = statutory
    if s.delay is not None and statutory is not None:
        reply_due = max(s.delay.until, statutory)  # 第三十五条 only ever adds time
    consultations = list(s.consultations) + [
        Consultation(c.kind, c.party, c.on, c.served or c.on, due, None, False)
        for c, due in s.open_consultations.values()
    ]
    answered_late = None
    if s.answered is not None and reply_due is not None:
        answered_late = s.answered > reply_due
    return ClockResult(
        received=s.received,
        channel=s.first.channel,
        arrived=s.first.on,
        confirmed=s.first.confirmed,
        clock_start=s.clock_start,
        correction_notice_due=s.correction_notice_due,
        correction_requested=s.correction is not None,
        correction_requested_on=s.correction.on if s.correction else None,
        correction_notice_late=s.correction_late,
        correction_deadline=s.correction.correction_deadline if s.correction else None,
        correction_received=s.correction_received,
        reply_due=reply_due,
        statutory_reply_due=statutory,
        extension_days=s.extension_days,
        delay_until=s.delay.until if s.delay else None,
        pauses=tuple(pauses),
        consultations=tuple(consultations),
        fee_notice_on=s.fee_notice.on if s.fee_notice else None,
        fee_payment_due=s.fee_due,
        fee_paid_on=s.fee_paid,
        fee_pauses_clock=s.fee_pauses_clock,
        answered_on=s.answered,
        answered_late=answered_late,
        status=_status(s),
        provisional=bool(provisional_years),
        provisional_years=provisional_years,
        warnings=tuple(s.warnings),
        calendar=s.cal,
    )


def _status(s: CaseState) -> str:
    if s.on_spot:
        return Status.ANSWERED_ON_SPOT
    if s.answered is not None:
        return Status.ANSWERED
    if s.fee_lapsed is not None:
        return Status.FEE_LAPSED
    if s.waiting_correction:
        return Status.WAITING_CORRECTION
    if s.open_consultations:
        return Status.CONSULTING
    if s.fee_notice is not None and s.fee_paid is None:
        return Status.WAITING_FEE
    return Status.IN_PROGRESS
