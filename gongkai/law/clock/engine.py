"""The application clock: every due date of one disclosure application, derived from its events.

Rules (spec/domain.md §1.3, §1.3.2, §3) and the decisions this module makes where the law is silent:

* Date of receipt (第三十一条): 当面 → the day of submission; 邮寄需签收 → the day the agency signed
  for it; 平常信函、互联网、传真 → the day of confirmation with the applicant (required).
* Counting: "N working days from D" is the N-th working day strictly after D (the start day never
  counts, even when D is not a working day) — :meth:`WorkCalendar.add_working_days`.
* 补正 (第三十条): the notice is due within 7 working days of receipt and may be given once. A notice
  given later is *recorded and flagged* (``correction_notice_late``), not rejected: it happened,
  the record must say so, and the reply clock still restarts from the corrected application.
  A second notice is rejected. While a correction is awaited there is no reply due date.
* Reply (第三十三条): 20 working days from receipt, or from receipt of the correction.
* Pauses (第三十三条第三款; fees when configured): a pause is the half-open interval [S, E) —
  S the day the clock stops (consultation letter sent, fee notice issued), E the day it runs again
  (answer received, fee paid). The working days S … E−1 are not counted; E counts again. So a
  letter sent on the last day still stops the clock, an answer on the day of sending removes
  nothing, a pause over only non-working days removes nothing, and a consultation that takes its
  full 15 working days (served the day it is sent) removes exactly 15. Pauses only ever add days;
  a pause that starts after the deadline has passed removes nothing (a late consultation cannot
  revive an expired deadline). Overlapping pauses are merged, never counted twice.
* Consultations (第三十二条, 第三十四条): the consulted party has 15 working days from receiving the
  letter. The pause ends with its answer but never later than that due day: waiting beyond it is
  not 「所需时间」, since the agency then decides by itself (第三十二条) or consent is presumed
  (第三十四条). Until the answer arrives the reply date is computed as if the party used all 15 days
  (the latest it can be) and the status says so.
* Extension (第三十三条第二款): at most 20 working days in total, only with the consent of the head
  of the disclosure office, approved before the deadline has passed (else rejected); it adds
  exactly its number of *counted* working days (pauses inside it are still removed).
* Delay (第三十五条): a stated date later than the statutory deadline; the reply is due then.
* Fees (§3): 20 working days to pay from the day the notice was received. Whether the reply
  clock pauses from notice to payment is ``fee_pauses_clock`` (default True; national wording
  UNVERIFIED). Unpaid by the due day → FeeLapsed closes the application (表三（六）2).
* Missing calendar years raise :class:`CalendarNotMaintained`; with ``provisional=True`` the
  missing years are estimated from Monday–Friday minus the fixed-date statutory holidays and the
  result is marked provisional — never a silent guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from functools import cached_property

from gongkai.law.calendar import CalendarNotMaintained, WorkCalendar
from gongkai.law.clock import explain
from gongkai.law.clock.events import (
    EVENT_NAMES,
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

REPLY_DAYS = 20  # 第三十三条第二款
CORRECTION_NOTICE_DAYS = 7  # 第三十条
CONSULTATION_DAYS = 15  # 第三十二条、第三十四条
MAX_EXTENSION_DAYS = 20  # 第三十三条第二款
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号 as restated by the provinces (spec §3)

_ONE = timedelta(days=1)


class Status:
    WAITING_CORRECTION = "等待补正"
    IN_PROGRESS = "办理中"
    CONSULTING = "征求意见中"
    WAITING_FEE = "等待缴费"
    ANSWERED = "已答复"
    ANSWERED_ON_SPOT = "已当场答复"
    FEE_LAPSED = "逾期未缴费，视为放弃申请"


@dataclass(frozen=True)
class PausePeriod:
    """Days not counted: [start, resume) — ``resume`` is the first day counted again."""

    start: date
    resume: date
    reason: str
    open: bool = False  # still running: assumed to last until its legal limit
    removed: int = 0  # working days it actually removed from the reply period
    basis: str = "第三十三条第三款"


@dataclass(frozen=True)
class Consultation:
    kind: ConsultationKind
    party: str
    sent: date
    served: date
    reply_due: date
    answered: date | None
    late: bool


@dataclass(frozen=True)
class ClockResult:
    received: date
    channel: Channel
    arrived: date
    confirmed: date | None
    clock_start: date
    correction_notice_due: date
    correction_requested: bool
    correction_requested_on: date | None
    correction_notice_late: bool
    correction_deadline: date | None
    correction_received: date | None
    reply_due: date | None
    statutory_reply_due: date | None
    extension_days: int
    delay_until: date | None
    pauses: tuple[PausePeriod, ...]
    consultations: tuple[Consultation, ...]
    fee_notice_on: date | None
    fee_payment_due: date | None
    fee_paid_on: date | None
    fee_pauses_clock: bool
    answered_on: date | None
    answered_late: bool | None
    status: str
    provisional: bool
    provisional_years: tuple[int, ...]
    warnings: tuple[str, ...]
    calendar: WorkCalendar = field(repr=False, compare=False)

    @property
    def paused_working_days(self) -> int:
        return sum(p.removed for p in self.pauses)

    @property
    def third_party_reply_due(self) -> date | None:
        dues = [c.reply_due for c in self.consultations if c.kind is ConsultationKind.THIRD_PARTY]
        return max(dues) if dues else None

    @cached_property
    def explanations(self) -> dict[str, str]:
        return _explain(self)

    @property
    def explanation(self) -> str:
        return "\n".join(self.explanations.values())

    def to_dict(self) -> dict:
        iso = _iso
        return {
            "received": iso(self.received),
            "channel": self.channel.value,
            "arrived": iso(self.arrived),
            "confirmed": iso(self.confirmed),
            "clock_start": iso(self.clock_start),
            "reply_due": iso(self.reply_due),
            "statutory_reply_due": iso(self.statutory_reply_due),
            "correction_notice_due": iso(self.correction_notice_due),
            "correction_requested": iso(self.correction_requested_on),
            "correction_notice_late": self.correction_notice_late,
            "correction_deadline": iso(self.correction_deadline),
            "correction_received": iso(self.correction_received),
            "third_party_reply_due": iso(self.third_party_reply_due),
            "consultations": [
                {
                    "kind": c.kind.value,
                    "party": c.party,
                    "sent": iso(c.sent),
                    "served": iso(c.served),
                    "reply_due": iso(c.reply_due),
                    "answered": iso(c.answered),
                    "late": c.late,
                }
                for c in self.consultations
            ],
            "pauses": [
                {
                    "start": iso(p.start),
                    "resume": iso(p.resume),
                    "reason": p.reason,
                    "open": p.open,
                    "working_days_removed": p.removed,
                }
                for p in self.pauses
            ],
            "paused_working_days": self.paused_working_days,
            "extension_days": self.extension_days,
            "delay_until": iso(self.delay_until),
            "fee_notice": iso(self.fee_notice_on),
            "fee_payment_due": iso(self.fee_payment_due),
            "fee_paid": iso(self.fee_paid_on),
            "fee_pauses_clock": self.fee_pauses_clock,
            "answered": iso(self.answered_on),
            "answered_late": self.answered_late,
            "status": self.status,
            "provisional": self.provisional,
            "provisional_years": list(self.provisional_years),
            "warnings": list(self.warnings),
            "explanation": self.explanation,
            "explanations": self.explanations,
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


# --- the engine -----------------------------------------------------------------------------------
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
        return _Run(events, calendar, fee_pauses_clock).result(provisional_years=())
    except CalendarNotMaintained as missing:
        if not provisional:
            raise
        estimate, years = provisional_calendar(calendar, _years_needed(events, calendar, missing.year))
        result = _Run(events, estimate, fee_pauses_clock).result(provisional_years=years)
        touched = _years_touched(result)
        return replace(result, provisional_years=tuple(y for y in years if y in touched))


class _Run:
    def __init__(self, events: Sequence[Event], cal: WorkCalendar, fee_pauses_clock: bool):
        self.cal = cal
        self.fee_pauses_clock = fee_pauses_clock
        self.warnings: list[str] = []
        if not events or not isinstance(events[0], Received):
            raise ClockError("第一个事件必须是“收到申请”：期限自收到申请之日起计算（第三十一条、第三十三条）")
        first: Received = events[0]
        self.first = first
        self.received = self._receipt(first)
        self.clock_start = self.received
        self.correction_notice_due = cal.add_working_days(self.received, CORRECTION_NOTICE_DAYS)
        self.correction: CorrectionRequested | None = None
        self.correction_late = False
        self.correction_received: date | None = None
        self.open_consultations: dict[tuple[ConsultationKind, str], tuple[ConsultationStarted, date]] = {}
        self.consultations: list[Consultation] = []
        self.pauses: list[PausePeriod] = []
        self.extension_days = 0
        self.delay: DelayNotified | None = None
        self.fee_notice: FeeNoticeIssued | None = None
        self.fee_due: date | None = None
        self.fee_paid: date | None = None
        self.fee_lapsed: date | None = None
        self.answered: date | None = None
        self.on_spot = False
        self.closed_by: str | None = None
        last = first.on
        for event in events[1:]:
            when = _date_of(event)
            name = EVENT_NAMES[type(event)]
            if isinstance(event, Received):
                raise ClockError("一件申请只能有一个“收到申请”事件（第三十一条）；重复提交应另行登记")
            if when is not None:
                if when < self.received:
                    raise ClockError(
                        f"“{name}”的日期 {when.isoformat()} 早于收到申请之日 {self.received.isoformat()}"
                        f"（第三十一条：期限自收到申请之日起计算）"
                    )
                if when < last:
                    raise ClockError(
                        f"事件顺序错误：“{name}”的日期 {when.isoformat()} 早于前一事件的日期 {last.isoformat()}，"
                        "事件应按发生先后记录（第三十条、第三十三条的期限依事件发生的先后计算）"
                    )
            if self.closed_by is not None:
                raise ClockError(f"申请已{self.closed_by}，不能再记录“{name}”")
            self._apply(event)
            if when is not None:
                last = when

    # -- receipt ---------------------------------------------------------------------------------
    def _receipt(self, ev: Received) -> date:
        self.cal.require(ev.on)
        if ev.channel.needs_confirmation:
            if ev.confirmed is None:
                raise ClockError(
                    f"第三十一条：以{ev.channel.value}方式提交的申请，以确认之日为收到申请之日，须提供确认日期"
                )
            if ev.confirmed < ev.on:
                raise ClockError(
                    f"确认日期 {ev.confirmed.isoformat()} 早于申请到达之日 {ev.on.isoformat()}（第三十一条）"
                )
            if ev.channel is Channel.ORDINARY_LETTER and ev.confirmed != ev.on:
                self.warnings.append(
                    "第三十一条第（二）项：以平常信函提交的，政府信息公开工作机构应当于收到申请的当日与申请人确认；"
                    f"本件 {ev.on.isoformat()} 收到、{ev.confirmed.isoformat()} 确认"
                )
            self.cal.require(ev.confirmed)
            return ev.confirmed
        if ev.confirmed is not None:
            raise ClockError(
                f"第三十一条：以{ev.channel.value}方式提交的申请以"
                f"{'提交之日' if ev.channel is Channel.IN_PERSON else '签收之日'}为收到申请之日，不适用确认日期"
            )
        return ev.on

    # -- events ----------------------------------------------------------------------------------
    def _apply(self, ev: Event) -> None:
        if isinstance(ev, AnsweredOnSpot):
            if self.first.channel is not Channel.IN_PERSON or ev.on != self.received:
                raise ClockError("第三十三条第一款：当场答复只适用于当面提交的申请，且答复日即收到申请之日")
            if (
                self.correction
                or self.pauses
                or self.open_consultations
                or self.extension_days
                or self.fee_notice
            ):
                raise ClockError("第三十三条第一款：当场答复之前不能有补正、征求意见、延期或收费等事件")
            self.on_spot = True
            self.answered = ev.on
            self.closed_by = "当场答复"
        elif isinstance(ev, CorrectionRequested):
            self._correction_requested(ev)
        elif isinstance(ev, CorrectionReceived):
            if self.correction is None:
                raise ClockError("第三十条：未告知补正，不能记录“收到补正”")
            if self.correction_received is not None:
                raise ClockError("第三十条：补正只能告知一次，已经收到过补正的申请")
            if self.correction.on is not None and ev.on < self.correction.on:
                raise ClockError("事件顺序错误：收到补正早于告知补正（第三十条）")
            self.correction_received = ev.on
            self.clock_start = ev.on
            deadline = self.correction.correction_deadline
            if deadline is not None and ev.on > deadline:
                self.warnings.append(
                    f"第三十条：补正于 {ev.on.isoformat()} 收到，晚于告知的补正期限 {deadline.isoformat()}；"
                    "申请人无正当理由逾期不补正的，视为放弃申请"
                )
        elif isinstance(ev, ConsultationStarted):
            self._not_while_correcting("征求意见")
            key = (ev.kind, ev.party)
            if key in self.open_consultations:
                raise ClockError(
                    f"第三十三条第三款：对{ev.kind.value}“{ev.party}”的征求意见尚未答复，不能重复发出"
                    if ev.party
                    else f"第三十三条第三款：对{ev.kind.value}的征求意见尚未答复，不能重复发出"
                )
            served = ev.served or ev.on
            if served < ev.on:
                raise ClockError("征求意见书的送达日期早于发出日期")
            self.open_consultations[key] = (ev, self.cal.add_working_days(served, CONSULTATION_DAYS))
        elif isinstance(ev, ConsultationAnswered):
            key = (ev.kind, ev.party)
            if key not in self.open_consultations:
                who = ev.kind.value + (f"“{ev.party}”" if ev.party else "")
                raise ClockError(f"第三十三条第三款：没有正在进行的对{who}的征求意见，不能记录其答复")
            started, due = self.open_consultations.pop(key)
            self._close_consultation(started, due, ev.on)
        elif isinstance(ev, Pause):
            if ev.end < ev.start:
                raise ClockError(
                    f"不计入期限的期间结束日 {ev.end.isoformat()} 早于开始日 {ev.start.isoformat()}（第三十三条第三款）"
                )
            self._not_while_correcting(ev.reason)
            self.cal.require(ev.end)
            self.pauses.append(PausePeriod(ev.start, ev.end, ev.reason))
        elif isinstance(ev, ExtensionApproved):
            self._extension(ev)
        elif isinstance(ev, DelayNotified):
            self._delay(ev)
        elif isinstance(ev, FeeNoticeIssued):
            self._not_while_correcting("收费通知")
            if self.fee_notice is not None:
                raise ClockError(
                    "一件申请只发一次收费通知（国办函〔2020〕109号 第三条：每件申请选择一种标准计收）"
                )
            due_now = self._current_due()
            if ev.on > due_now:
                self.warnings.append(
                    f"收费通知 {ev.on.isoformat()} 发出时答复期限 {due_now.isoformat()} 已届满；"
                    "收费通知应当在申请处理期限内发出"
                )
            served = ev.served or ev.on
            if served < ev.on:
                raise ClockError("收费通知的送达日期早于发出日期")
            self.fee_notice = ev
            self.fee_due = self.cal.add_working_days(served, FEE_PAYMENT_DAYS)
        elif isinstance(ev, FeePaid):
            self._require_fee_notice("缴费")
            if self.fee_due is not None and ev.on > self.fee_due:
                self.warnings.append(
                    f"信息处理费于 {ev.on.isoformat()} 缴纳，晚于缴费期限 {self.fee_due.isoformat()}（逾期未缴纳的视为放弃申请）"
                )
            self.fee_paid = ev.on
        elif isinstance(ev, FeeLapsed):
            self._require_fee_notice("逾期未缴费")
            assert self.fee_due is not None
            if ev.on <= self.fee_due:
                raise ClockError(
                    f"缴费期限 {self.fee_due.isoformat()} 尚未届满，不能在 {ev.on.isoformat()} 认定逾期未缴费"
                    "（收到收费通知次日起 20 个工作日内缴纳）"
                )
            self.fee_lapsed = ev.on
            self.closed_by = "因逾期未缴费视为放弃"
        elif isinstance(ev, Answered):
            # Replying while a correction is awaited is lawful (e.g. 逾期不补正 → 不再处理): the clock ends.
            # A consultation still open ends with the reply: the agency decided without waiting further.
            for started, due in list(self.open_consultations.values()):
                self._close_consultation(started, due, None, decided=ev.on)
            self.open_consultations.clear()
            self.answered = ev.on
            self.closed_by = "答复"
        else:  # pragma: no cover - the Event union is closed
            raise ClockError(f"未知事件：{ev!r}")

    def _correction_requested(self, ev: CorrectionRequested) -> None:
        if self.correction is not None:
            raise ClockError("第三十条：补正应当「一次性告知」，同一申请不能第二次要求补正")
        if (
            self.extension_days
            or self.delay
            or self.fee_notice
            or self.open_consultations
            or self.consultations
        ):
            raise ClockError(
                "第三十条：补正应当在收到申请之日起 7 个工作日内、办理（征求意见、延期、收费）之前一次性告知"
            )
        if ev.correction_deadline is not None and ev.on is not None and ev.correction_deadline < ev.on:
            raise ClockError("第三十条：告知的补正期限早于补正通知日期")
        self.correction = ev
        if ev.on is not None and ev.on > self.correction_notice_due:
            self.correction_late = True
            self.warnings.append(
                f"第三十条：补正告知 {ev.on.isoformat()} 晚于收到申请之日起 7 个工作日（应于 "
                f"{self.correction_notice_due.isoformat()} 前告知）；已按实际日期记录，答复期限仍自收到补正之日起计算"
            )

    def _close_consultation(
        self, started: ConsultationStarted, due: date, answered: date | None, decided: date | None = None
    ) -> None:
        """Close a consultation by its answer, or — ``decided`` — by the agency replying without it."""
        late = answered is not None and answered > due
        resume = due if answered is None or late else answered
        label = f"征求{started.kind.value}{('“' + started.party + '”') if started.party else ''}意见"
        if decided is not None:
            resume = min(decided, due)
            label += "（未收到意见，至作出答复之日止）"
        if late:
            self.warnings.append(
                f"{started.kind.article}：{started.kind.value}应于 {due.isoformat()} 前提出意见，"
                f"{answered.isoformat()} 才答复；超出部分计入答复期限"
            )
        self.consultations.append(
            Consultation(
                started.kind, started.party, started.on, started.served or started.on, due, answered, late
            )
        )
        self.pauses.append(PausePeriod(started.on, resume, label))

    def _extension(self, ev: ExtensionApproved) -> None:
        self._not_while_correcting("延长答复期限")
        if not ev.head_approved:
            raise ClockError("第三十三条第二款：延长答复期限应当经政府信息公开工作机构负责人同意")
        if ev.days < 1:
            raise ClockError("第三十三条第二款：延长的工作日数必须是正整数")
        if self.extension_days + ev.days > MAX_EXTENSION_DAYS:
            raise ClockError(
                f"第三十三条第二款：延长的期限最长不得超过20个工作日（已延长 {self.extension_days} 个，"
                f"本次 {ev.days} 个）"
            )
        if self.delay is not None:
            raise ClockError("第三十五条：已确定延迟答复的合理期限，不能再按第三十三条延长")
        if ev.on is not None:
            due = self._current_due()
            if ev.on > due:
                raise ClockError(
                    f"第三十三条第二款：答复期限已于 {due.isoformat()} 届满，{ev.on.isoformat()} 批准的延期不能使其恢复"
                )
        if ev.notified_on is None:
            self.warnings.append("第三十三条第二款：延长答复期限应当告知申请人（未记录告知日期）")
        self.extension_days += ev.days

    def _delay(self, ev: DelayNotified) -> None:
        self._not_while_correcting("延迟答复")
        if self.delay is not None:
            raise ClockError("第三十五条：延迟答复的合理期限已经确定，不能再次确定")
        self.cal.require(ev.until)
        due = self._current_due()
        if ev.until <= due:
            raise ClockError(
                f"第三十五条：延迟答复的合理期限 {ev.until.isoformat()} 应晚于第三十三条规定的期限 {due.isoformat()}"
            )
        if ev.on is not None and ev.on > due:
            self.warnings.append(
                f"第三十五条：延迟答复于 {ev.on.isoformat()} 告知，晚于原答复期限 {due.isoformat()}"
            )
        if not self.cal.is_workday(ev.until):
            self.warnings.append(f"第三十五条：确定的延迟答复期限 {ev.until.isoformat()} 不是工作日")
        self.delay = ev

    def _not_while_correcting(self, what: str) -> None:
        if self.correction is not None and self.correction_received is None:
            raise ClockError(f"第三十条：等待补正期间答复期限尚未重新起算，不能记录“{what}”")

    def _require_fee_notice(self, what: str) -> None:
        if self.fee_notice is None:
            raise ClockError(f"未发出收费通知，不能记录“{what}”（国办函〔2020〕109号）")
        if self.fee_paid is not None:
            raise ClockError(f"信息处理费已于 {self.fee_paid.isoformat()} 缴纳，不能再记录“{what}”")

    # -- computation -----------------------------------------------------------------------------
    def _all_pauses(self) -> list[PausePeriod]:
        pauses = list(self.pauses)
        for started, due in self.open_consultations.values():
            label = f"征求{started.kind.value}{('“' + started.party + '”') if started.party else ''}意见"
            pauses.append(PausePeriod(started.on, due, f"{label}（尚未答复，按 15 个工作日计）", open=True))
        if self.fee_pauses_clock and self.fee_notice is not None:
            assert self.fee_due is not None
            if self.fee_paid is not None:
                resume, still_open = min(self.fee_paid, self.fee_due), False
            else:
                resume, still_open = self.fee_due, True
            reason = "等待缴纳信息处理费" + ("（尚未缴费，按缴费期限计）" if still_open else "")
            pauses.append(PausePeriod(self.fee_notice.on, resume, reason, still_open, basis="收费通知至缴费"))
        return pauses

    def _current_due(self) -> date:
        due, _ = count_with_pauses(
            self.cal, self.clock_start, REPLY_DAYS + self.extension_days, self._all_pauses()
        )
        return due

    def result(self, provisional_years: tuple[int, ...]) -> ClockResult:
        waiting_correction = self.correction is not None and self.correction_received is None
        pauses = sorted(self._all_pauses(), key=lambda p: p.start)
        statutory: date | None = None
        if self.on_spot:
            statutory = self.received
        elif not waiting_correction and self.fee_lapsed is None:
            statutory, removed = count_with_pauses(
                self.cal, self.clock_start, REPLY_DAYS + self.extension_days, pauses
            )
            pauses = [
                PausePeriod(p.start, p.resume, p.reason, p.open, r, p.basis)
                for p, r in zip(pauses, removed, strict=True)
            ]
        reply_due = self.delay.until if (self.delay is not None and statutory is not None) else statutory
        consultations = list(self.consultations) + [
            Consultation(s.kind, s.party, s.on, s.served or s.on, due, None, False)
            for s, due in self.open_consultations.values()
        ]
        if self.on_spot:
            status = Status.ANSWERED_ON_SPOT
        elif self.answered is not None:
            status = Status.ANSWERED
        elif self.fee_lapsed is not None:
            status = Status.FEE_LAPSED
        elif waiting_correction:
            status = Status.WAITING_CORRECTION
        elif self.open_consultations:
            status = Status.CONSULTING
        elif self.fee_notice is not None and self.fee_paid is None:
            status = Status.WAITING_FEE
        else:
            status = Status.IN_PROGRESS
        answered_late = None
        if self.answered is not None and reply_due is not None:
            answered_late = self.answered > reply_due
        return ClockResult(
            received=self.received,
            channel=self.first.channel,
            arrived=self.first.on,
            confirmed=self.first.confirmed,
            clock_start=self.clock_start,
            correction_notice_due=self.correction_notice_due,
            correction_requested=self.correction is not None,
            correction_requested_on=self.correction.on if self.correction else None,
            correction_notice_late=self.correction_late,
            correction_deadline=self.correction.correction_deadline if self.correction else None,
            correction_received=self.correction_received,
            reply_due=reply_due,
            statutory_reply_due=statutory,
            extension_days=self.extension_days,
            delay_until=self.delay.until if self.delay else None,
            pauses=tuple(pauses),
            consultations=tuple(consultations),
            fee_notice_on=self.fee_notice.on if self.fee_notice else None,
            fee_payment_due=self.fee_due,
            fee_paid_on=self.fee_paid,
            fee_pauses_clock=self.fee_pauses_clock,
            answered_on=self.answered,
            answered_late=answered_late,
            status=status,
            provisional=bool(provisional_years),
            provisional_years=provisional_years,
            warnings=tuple(self.warnings),
            calendar=self.cal,
        )


def _date_of(event: Event) -> date | None:
    return event.start if isinstance(event, Pause) else event.on


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
        first, last = pauses[i].start, pauses[i].resume - _ONE
        if last < first:
            continue
        if ranges and first <= ranges[-1][1] + _ONE:
            f, la, members = ranges[-1]
            ranges[-1] = (f, max(la, last), members + [i])
        else:
            ranges.append((first, last, [i]))
    cursor, remaining = start, n
    for first, last, members in ranges:
        if last <= cursor:
            continue
        if first > cursor:
            available = cal.working_days_between(cursor, first - _ONE)
            if available >= remaining:
                break
            remaining -= available
            cut = first - _ONE
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
        upto = min(pauses[i].resume - _ONE, last)
        lo = max(claimed, pauses[i].start - _ONE)
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


def _years_needed(events: Sequence[Event], cal: WorkCalendar, missing: int) -> tuple[int, ...]:
    last = missing
    for ev in events:
        for f in fields(ev):
            value = getattr(ev, f.name)
            if isinstance(value, date):
                last = max(last, value.year)
    # A deadline (20 + 20 working days, plus pauses) never runs more than a year past its last event.
    return tuple(y for y in range(missing, last + 2) if y not in cal.years)


def _years_touched(r: ClockResult) -> set[int]:
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


# --- explanation ----------------------------------------------------------------------------------------
_RECEIPT_RULE = {
    Channel.IN_PERSON: "当面提交，以提交之日为收到申请之日（第三十一条第（一）项）",
    Channel.POST_SIGNED: "以邮寄方式提交，以行政机关签收之日为收到申请之日（第三十一条第（二）项）",
    Channel.ORDINARY_LETTER: "以平常信函提交，确认之日为收到申请之日（第三十一条第（二）项）",
    Channel.INTERNET: "通过互联网渠道提交，以双方确认之日为收到申请之日（第三十一条第（三）项）",
    Channel.FAX: "通过传真提交，以双方确认之日为收到申请之日（第三十一条第（三）项）",
}


def _explain(r: ClockResult) -> dict[str, str]:
    cal = r.calendar
    out: dict[str, str] = {}
    receipt = f"收到申请之日：{explain.day(r.received)}，{_RECEIPT_RULE[r.channel]}"
    if r.channel.needs_confirmation:
        receipt += f"；申请于 {r.arrived.isoformat()} 到达，{r.received.isoformat()} 确认"
    out["received"] = receipt + "。"
    note = explain.counted(
        cal, r.received, CORRECTION_NOTICE_DAYS, r.correction_notice_due, "收到申请当日不计入"
    )
    line = f"补正告知期限：{r.correction_notice_due.isoformat()}，{note}（第三十条：自收到申请之日起7个工作日内一次性告知）"
    if r.correction_requested:
        if r.correction_requested_on is None:
            line += "；已告知补正，告知日期未记录，未核对 7 个工作日时限"
        elif r.correction_notice_late:
            line += f"；实际于 {r.correction_requested_on.isoformat()} 告知，已逾期"
        else:
            line += f"；已于 {r.correction_requested_on.isoformat()} 告知"
        if r.correction_deadline is not None:
            line += f"，补正期限至 {r.correction_deadline.isoformat()}"
    out["correction_notice_due"] = line + "。"
    out["reply_due"] = _explain_reply(r)
    for c in r.consultations:
        key = "third_party_reply_due" if c.kind is ConsultationKind.THIRD_PARTY else "other_agency_reply_due"
        who = c.kind.value + (f"“{c.party}”" if c.party else "")
        note = explain.counted(cal, c.served, CONSULTATION_DAYS, c.reply_due, "收到征求意见书当日不计入")
        text = f"{who}提出意见期限：{c.reply_due.isoformat()}，{note}（{c.kind.article}）"
        if c.answered is None:
            text += "；尚未答复"
        else:
            text += f"；{c.answered.isoformat()} 答复" + ("，已逾期" if c.late else "")
        out[key] = (out[key] + "\n" if key in out else "") + text + "。"
    if r.fee_payment_due is not None and r.fee_notice_on is not None:
        note = explain.counted(
            cal, r.fee_notice_on, FEE_PAYMENT_DAYS, r.fee_payment_due, "收到收费通知当日不计入"
        )
        text = f"缴费期限：{r.fee_payment_due.isoformat()}，{note}（收到收费通知次日起20个工作日内缴纳，逾期未缴纳的视为放弃申请）"
        if r.fee_paid_on is not None:
            text += f"；已于 {r.fee_paid_on.isoformat()} 缴纳"
        out["fee_payment_due"] = text + "。"
    for w in r.warnings:
        out.setdefault("warnings", "")
        out["warnings"] += ("\n" if out["warnings"] else "") + f"注意：{w}。"
    if r.provisional:
        years = "、".join(str(y) for y in r.provisional_years)
        out["provisional"] = (
            f"暂定：{years} 年的工作日历尚未维护，本结果按周一至周五并扣除元旦、劳动节、国庆节固定日期假日估算，"
            "未计春节等农历节日与调休；国务院办公厅公布该年度安排后必须重新计算。"
        )
    return out


def _explain_reply(r: ClockResult) -> str:
    cal = r.calendar
    if r.status == Status.ANSWERED_ON_SPOT:
        return f"答复期限：{r.received.isoformat()}，能够当场答复的，应当当场予以答复（第三十三条第一款）；已当场答复。"
    if r.status == Status.FEE_LAPSED:
        return "答复期限：无。申请人逾期未按收费通知要求缴纳费用，视为放弃申请，行政机关不再处理（年报表三（六）2）。"
    if r.statutory_reply_due is None:
        text = "答复期限：尚未起算。已告知补正，答复期限自行政机关收到补正的申请之日起计算（第三十条）"
        if r.correction_deadline is not None:
            text += f"；申请人应于 {r.correction_deadline.isoformat()} 前补正，无正当理由逾期不补正的，视为放弃申请"
        return text + "。"
    due = r.statutory_reply_due
    n = REPLY_DAYS + r.extension_days
    start_note = "收到补正当日不计入" if r.correction_received else "收到申请当日不计入"
    head = f"{REPLY_DAYS} 个工作日（第三十三条第二款）"
    if r.correction_received:
        head += f"，因补正自收到补正的申请之日 {r.correction_received.isoformat()} 重新计算（第三十条）"
    if r.extension_days:
        head += f"，经政府信息公开工作机构负责人同意延长 {r.extension_days} 个工作日（第三十三条第二款），共 {n} 个工作日"
    parts = [head, f"自 {(r.clock_start + _ONE).isoformat()} 起算（{start_note}）"]
    parts += explain.skipped_and_makeup(cal, r.clock_start, due)
    for p in r.pauses:
        if p.resume > p.start:
            what = f"{p.reason}期间 {explain.span(p.start, p.resume - _ONE, r.clock_start)}"
        else:
            what = f"{p.reason}（当日结束）"
        if p.removed:
            parts.append(f"{what} 不计算在期限内（{p.basis}），扣除其中 {p.removed} 个工作日")
        elif p.resume <= p.start:
            parts.append(f"{what}，未扣除工作日")
        elif p.resume <= r.clock_start + _ONE:
            parts.append(f"{what} 不在计算期间内，未扣除工作日")
        elif p.start > due:
            parts.append(f"{what} 开始时期限已届满，未扣除工作日")
        elif any(q is not p and q.removed and q.start < p.resume and p.start < q.resume for q in r.pauses):
            parts.append(f"{what} 与前述不计期间重叠，不重复扣除")
        else:
            parts.append(f"{what} 均为非工作日，未扣除工作日")
    paused = sum(p.removed for p in r.pauses)
    tail = f"计入期限的第 {n} 个工作日为 {explain.day(due)}"
    if paused:
        tail += f"（不计入的 {paused} 个工作日已顺延）"
    parts.append(tail)
    text = "答复期限：" + due.isoformat() + "，" + "，".join(parts)
    if any(p.open for p in r.pauses):
        text += "；仍在进行的不计期间按其最长期限估算，结束后以实际日期重新计算"
    if r.delay_until is not None:
        text += f"。依第三十五条确定延迟答复的合理期限并告知申请人，答复期限为 {explain.day(r.delay_until)}"
    if r.answered_on is not None:
        text += f"。已于 {r.answered_on.isoformat()} 答复" + ("，已逾期" if r.answered_late else "，在期限内")
    return text + "。"
