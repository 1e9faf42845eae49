"""Every change to an annual report, its period lock and its supporting records is an action."""

from .drafting import (
    AcknowledgeFinding,
    DeleteWorkPoint,
    EditSection,
    RedraftSection,
    RemoveOverride,
    SavePreviousReport,
    SaveWorkPoint,
    SetOverride,
    StartReport,
)
from .locks import UnlockPeriod
from .signoff import ReviewReport, SubmitReport, review_levels

__all__ = [
    "AcknowledgeFinding",
    "DeleteWorkPoint",
    "EditSection",
    "RedraftSection",
    "RemoveOverride",
    "ReviewReport",
    "SavePreviousReport",
    "SaveWorkPoint",
    "SetOverride",
    "StartReport",
    "SubmitReport",
    "UnlockPeriod",
    "review_levels",
]
