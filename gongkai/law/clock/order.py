"""The order of a case's events when only their dates are known (one rule for every caller).

:func:`~gongkai.law.clock.compute_clock` takes the events in the order they happened. A source
that records one date per event — the ``gongkai deadline`` options, a form — loses the order of
events on the same day; :func:`in_case_order` restores it with ``SAME_DAY_ORDER``, the order in
which a case proceeds (spec/domain.md §1.3, 第四十五条 「登记、审核、办理、答复、归档」):

1. 收到申请 — everything runs from 收到申请之日 (第三十一条);
2. 告知补正, then 收到补正 — 审核 comes first: the notice is due 「自收到申请之日起7个工作日内」
   (第三十条), and the corrected application restarts the clock before anything is done with it;
3. 发出征求意见书 (and any other period not counted), then 收到征求意见答复 — a letter sent and
   answered on the same day is one consultation that took no working day: the period not counted
   runs from the day sent up to, not including, the day answered (第三十三条第三款);
4. 延长答复期限, then 确定延迟答复期限 (第三十三条第二款, 第三十五条) — decided on the period as
   the consultations left it;
5. 发出收费通知, 缴纳信息处理费, 逾期未缴费 (国办函〔2020〕109号, spec §3);
6. 作出答复 / 当场答复 — the answer closes the case: nothing is recorded after it.

Events of the same kind on the same day keep the order they were given in (the sort is stable),
so a party consulted again on the day it answered must be given in that order by the caller.

Events without a date (an extension or delay whose approval day was not recorded, a 补正 notice
whose day was not recorded) are placed where the law needs them: the 补正 notice just before the
corrected application, the other decisions after every dated event except those that close the
case.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from gongkai.law.clock.events import (
    Answered,
    AnsweredOnSpot,
    ConsultationAnswered,
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
    date_of,
)

#: Kinds of event in the order they come on the same date (kinds in one tuple rank equal).
SAME_DAY_ORDER: tuple[tuple[type, ...], ...] = (
    (Received,),
    (CorrectionRequested,),
    (CorrectionReceived,),
    (ConsultationStarted, Pause),
    (ConsultationAnswered,),
    (ExtensionApproved,),
    (DelayNotified,),
    (FeeNoticeIssued,),
    (FeePaid,),
    (FeeLapsed,),
    (AnsweredOnSpot, Answered),
)
_RANK = {kind: rank for rank, kinds in enumerate(SAME_DAY_ORDER) for kind in kinds}
#: Events after which nothing may be recorded.
CLOSING = (Answered, AnsweredOnSpot, FeeLapsed)


def same_day_rank(event: Event) -> int:
    return _RANK[type(event)]


def sort_key(event: Event) -> tuple[date, int]:
    """(date, rank in ``SAME_DAY_ORDER``) of a dated event."""
    when = date_of(event)
    if when is None:
        raise ValueError(f"event without a date: {event!r}")
    return when, same_day_rank(event)


def in_case_order(events: Iterable[Event]) -> list[Event]:
    """The events in the order they happened, as the module docstring states."""
    events = list(events)
    receipts = [e for e in events if isinstance(e, Received)]
    dated = sorted(
        (e for e in events if not isinstance(e, Received) and date_of(e) is not None), key=sort_key
    )
    undated = [e for e in events if not isinstance(e, Received) and date_of(e) is None]
    notices = [e for e in undated if isinstance(e, CorrectionRequested)]
    decisions = [e for e in undated if not isinstance(e, CorrectionRequested)]
    ordered: list[Event] = list(receipts)
    for event in (e for e in dated if not isinstance(e, CLOSING)):
        if notices and isinstance(event, CorrectionReceived):
            ordered += notices
            notices = []
        ordered.append(event)
    return ordered + notices + decisions + [e for e in dated if isinstance(e, CLOSING)]
