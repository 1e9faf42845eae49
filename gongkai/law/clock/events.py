"""The events of one disclosure application that move its statutory clock (条例 第三十–三十五条).

An event records a fact with the date it happened; the due dates are always derived from the
events (never stored). Events are immutable and carry no behaviour beyond their own shape; the
rules that combine them are listed in :mod:`gongkai.law.clock.engine` and applied, one handler per
kind of event, by :mod:`gongkai.law.clock.handlers`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum


class ClockError(ValueError):
    """An impossible or unlawful sequence of events; the message names the article it breaks."""


class Channel(Enum):
    """How the application was submitted (第三十一条), which decides the legal date of receipt."""

    IN_PERSON = "当面"
    POST_SIGNED = "邮寄需签收"
    ORDINARY_LETTER = "平常信函"
    INTERNET = "互联网"
    FAX = "传真"

    @property
    def needs_confirmation(self) -> bool:
        return self in (Channel.ORDINARY_LETTER, Channel.INTERNET, Channel.FAX)

    @classmethod
    def parse(cls, text: str) -> Channel:
        key = text.strip()
        for channel in cls:
            if key in (channel.value, channel.name.lower(), channel.name):
                return channel
        aliases = {
            "邮寄": cls.POST_SIGNED,
            "信函": cls.ORDINARY_LETTER,
            "网上": cls.INTERNET,
            "在线": cls.INTERNET,
        }
        if key in aliases:
            return aliases[key]
        names = "、".join(c.value for c in cls)
        raise ClockError(f"提交方式“{text}”无法识别，应为：{names}（第三十一条）")


class ConsultationKind(Enum):
    THIRD_PARTY = "第三方"  # 第三十二条
    OTHER_AGENCY = "其他机关"  # 第三十四条

    @property
    def article(self) -> str:
        return "第三十二条" if self is ConsultationKind.THIRD_PARTY else "第三十四条"


@dataclass(frozen=True, slots=True)
class Received:
    """The application arrived. ``on`` is the day of submission (当面), of signing for it
    (邮寄需签收) or of its arrival (平常信函、互联网、传真); for the last three, ``confirmed`` is the
    day of confirmation with the applicant, which 第三十一条 makes the date of receipt."""

    on: date
    channel: Channel = Channel.IN_PERSON
    confirmed: date | None = None


@dataclass(frozen=True, slots=True)
class AnsweredOnSpot:
    """当场答复 (第三十三条第一款)."""

    on: date


@dataclass(frozen=True, slots=True)
class CorrectionRequested:
    """The one-time 补正 notice (第三十条). ``on`` may be None when the date is not recorded
    (then the 7-working-day check cannot be made and the explanation says so);
    ``correction_deadline`` is the 「合理的补正期限」 the notice gave the applicant."""

    on: date | None
    correction_deadline: date | None = None


@dataclass(frozen=True, slots=True)
class CorrectionReceived:
    """The corrected application arrived: the 20-working-day clock starts again from here."""

    on: date


@dataclass(frozen=True, slots=True)
class ConsultationStarted:
    """A written consultation of a third party (第三十二条) or another agency (第三十四条) was sent
    on ``on``; ``served`` is the day the consulted party received it, from which its own 15
    working days run (defaults to ``on`` when unknown). ``party`` tells simultaneous
    consultations apart."""

    on: date
    kind: ConsultationKind = ConsultationKind.THIRD_PARTY
    party: str = ""
    served: date | None = None


@dataclass(frozen=True, slots=True)
class ConsultationAnswered:
    """The answer to the open consultation of the same ``kind`` and ``party``."""

    on: date
    party: str = ""
    kind: ConsultationKind = ConsultationKind.THIRD_PARTY


@dataclass(frozen=True, slots=True)
class Pause:
    """A period not counted in the reply deadline (第三十三条第三款): the half-open [start, end).
    ``start`` is the first day not counted (the clock stops), ``end`` the first day counted again
    (the clock runs again): the working days start … end−1 are removed, ``end`` itself counts. A
    pause with ``end == start`` removes nothing. See :mod:`gongkai.law.clock.counting`."""

    start: date
    end: date
    reason: str = "征求意见"

    @property
    def on(self) -> date:
        return self.start


@dataclass(frozen=True, slots=True)
class ExtensionApproved:
    """Extension of the reply deadline by ``days`` working days (第三十三条第二款): needs the
    consent of the head of the disclosure office and notice to the applicant. ``on`` may be None
    when the approval date is not recorded (it is then not checked against the deadline); a
    ``notified_on`` after the original deadline is flagged (「经…同意并告知申请人」)."""

    on: date | None
    days: int
    head_approved: bool = True
    notified_on: date | None = None


@dataclass(frozen=True, slots=True)
class DelayNotified:
    """第三十五条: a reasonable later reply date, fixed and notified to the applicant on ``on``.
    A date not later than the 第三十三条 deadline is recorded with a warning and shortens nothing."""

    on: date | None
    until: date


@dataclass(frozen=True, slots=True)
class FeeNoticeIssued:
    """收费通知 (国办函〔2020〕109号); ``served`` is the day the applicant received it, from which
    the 20 working days to pay run (defaults to ``on``)."""

    on: date
    served: date | None = None


@dataclass(frozen=True, slots=True)
class FeePaid:
    on: date


@dataclass(frozen=True, slots=True)
class FeeLapsed:
    """The payment window passed without payment: the application is deemed abandoned."""

    on: date


@dataclass(frozen=True, slots=True)
class Answered:
    on: date


Event = (
    Received
    | AnsweredOnSpot
    | CorrectionRequested
    | CorrectionReceived
    | ConsultationStarted
    | ConsultationAnswered
    | Pause
    | ExtensionApproved
    | DelayNotified
    | FeeNoticeIssued
    | FeePaid
    | FeeLapsed
    | Answered
)

#: What each event is called in error messages and explanations.
EVENT_NAMES: dict[type, str] = {
    Received: "收到申请",
    AnsweredOnSpot: "当场答复",
    CorrectionRequested: "告知补正",
    CorrectionReceived: "收到补正",
    ConsultationStarted: "发出征求意见书",
    ConsultationAnswered: "收到征求意见答复",
    Pause: "不计入期限的期间",
    ExtensionApproved: "延长答复期限",
    DelayNotified: "确定延迟答复期限",
    FeeNoticeIssued: "发出收费通知",
    FeePaid: "缴纳信息处理费",
    FeeLapsed: "逾期未缴费",
    Answered: "作出答复",
}


def date_of(event: Event) -> date | None:
    """The day an event happened (a pause: its first day); None when it was not recorded."""
    return event.start if isinstance(event, Pause) else event.on
