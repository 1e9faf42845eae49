"""What the clock computes for one application: its due dates, pauses, consultations and status."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from gongkai.law.calendar import WorkCalendar
from gongkai.law.clock.events import Channel, ConsultationKind


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
        from gongkai.law.clock.explain import explain_result  # explain reads this module's types

        return explain_result(self)

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
