"""Every state change of a disclosure application, each one action (gongkai/actions.py).

The procedure is 第四十五条's 「登记、审核、办理、答复、归档」 (the states of
:class:`~gongkai.applications.models.State`). Each action names the states it may run in
(``CaseAction.states``) and the permission it needs; the dates are the statute clock's
(``gongkai.law.clock``): an action that adds an event recomputes the clock from every event of the
case, so an impossible sequence is refused with the article it breaks and nothing is saved.

The modules follow the procedure: :mod:`.submission` (登记), :mod:`.handling` (审核、办理),
:mod:`.fees`, :mod:`.reply` (答复、归档), :mod:`.appeals` (复议、诉讼); :mod:`.base` holds what they
share. Callers import from this package.
"""

from gongkai.law.fees import FeeMethod

from .appeals import APPEAL_FIELDS, SaveAppeal
from .base import (
    CLOSING_OUTCOMES,
    TRACKING_ALPHABET,
    TRACKING_LENGTH,
    CaseAction,
    DatedCaseAction,
    cache_clock,
    check_date,
    new_tracking_code,
    next_letter_number,
    rules_of,
    today,
)
from .fees import IssueFeeNotice, RecordFeeLapsed, RecordFeePaid, items_this_month
from .handling import (
    AcceptApplication,
    AnswerConsultation,
    ApproveExtension,
    AssignApplication,
    CloseWithoutCorrection,
    NotifyDelay,
    ReceiveCorrection,
    RequestCorrection,
    StartConsultation,
)
from .reply import (
    AnswerOnSpot,
    ArchiveApplication,
    DraftReply,
    IssueReply,
    RevealPersonalData,
    SignOffReply,
    WithdrawApplication,
    signoff_round,
)
from .submission import APPLICANT_FIELDS, RegisterApplication, SubmitOnline, Upload

__all__ = [
    "APPEAL_FIELDS",
    "APPLICANT_FIELDS",
    "CLOSING_OUTCOMES",
    "TRACKING_ALPHABET",
    "TRACKING_LENGTH",
    "AcceptApplication",
    "AnswerConsultation",
    "AnswerOnSpot",
    "ApproveExtension",
    "ArchiveApplication",
    "AssignApplication",
    "CaseAction",
    "CloseWithoutCorrection",
    "DatedCaseAction",
    "DraftReply",
    "FeeMethod",
    "IssueFeeNotice",
    "IssueReply",
    "NotifyDelay",
    "ReceiveCorrection",
    "RecordFeeLapsed",
    "RecordFeePaid",
    "RegisterApplication",
    "RequestCorrection",
    "RevealPersonalData",
    "SaveAppeal",
    "SignOffReply",
    "StartConsultation",
    "SubmitOnline",
    "Upload",
    "WithdrawApplication",
    "cache_clock",
    "check_date",
    "items_this_month",
    "new_tracking_code",
    "next_letter_number",
    "rules_of",
    "signoff_round",
    "today",
]
