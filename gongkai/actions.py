"""The one write path: every state change is an *action* (DESIGN.md "Shape of the code").

An action is a small class whose ``execute()`` always runs the same four steps, in this order:

1. ``check()``    — ask the permission layer (``gongkai.agencies.permissions``) whether the actor
                    may do it; a refusal is ``PermissionDenied`` with a Chinese message;
2. ``validate()`` — inside the transaction, so it sees the rows it is about to change: apply the
                    rules (from ``gongkai.law`` where the law has them) and raise a Chinese
                    ``ValidationError`` (or the law's own error) when the change is not allowed;
3. ``apply()``    — change the records, in the same transaction (all or nothing);
4. history        — ``self.stamp(instance)`` before each save/delete, so django-simple-history
                    records the actor and the reason (``history_user``, ``history_change_reason``).

Views, the API, the Django admin, the demo loader and commands construct an action and call
``execute()``; they never save these models themselves. This is Wagtail's ``wagtail/actions/``
shape, e.g. ``PublishRevisionAction(revision, user=…).execute()``.

Writing a new action::

    class CloseCase(BaseAction[Case]):
        permission = Action.EDIT               # what the actor must be allowed …
        default_reason = "办结"                 # … and what history says when no reason is given

        def __init__(self, actor, case: Case, *, reason: str = ""):
            super().__init__(actor, reason=reason)
            self.case = case

        def target(self):                      # the record the permission is asked about
            return self.case

        def validate(self) -> None:            # rules; raise ValidationError("…中文…")
            if self.case.closed:
                raise ValidationError("该申请已经办结。")

        def apply(self) -> Case:               # one transaction; stamp before saving
            self.case.closed = True
            self.stamp(self.case).save()
            return self.case

    CloseCase(request.user, case, reason="申请人撤回申请").execute()

Trusted code without a person (the command line) acts as ``SYSTEM``: every permission holds and
history records no user, only the reason.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.agencies.permissions import SYSTEM, Action, require
from gongkai.law.calendar import CalendarNotMaintained
from gongkai.law.clock import ClockError
from gongkai.law.fees import FeeError
from gongkai.law.holiday_notice import ScheduleError

T = TypeVar("T")
M = TypeVar("M")

# A rule refused the change: the message is Chinese and written for the person who asked, so
# views, the admin and the API show it instead of a server error. Anything else is a bug.
RULE_ERRORS: tuple[type[Exception], ...] = (
    ValidationError,
    ScheduleError,
    CalendarNotMaintained,
    ClockError,
    FeeError,
)
# …and every refusal, the permission layer's included.
REFUSALS: tuple[type[Exception], ...] = (PermissionDenied, *RULE_ERRORS)


def refusal_text(exc: Exception) -> str:
    """One line of Chinese from a refusal (a ValidationError may carry several messages)."""
    if isinstance(exc, ValidationError):
        return "".join(exc.messages)
    return str(exc)


class BaseAction(Generic[T]):
    """Permission → validation → one transaction → history. Subclasses set ``permission`` and
    ``default_reason`` and write ``apply()``; ``target()`` and ``validate()`` when they need them."""

    permission: ClassVar[Action]
    default_reason: ClassVar[str] = ""

    def __init__(self, actor: Any, *, reason: str = "") -> None:
        self.actor = actor
        self.reason = reason.strip()

    def target(self) -> Any:
        """The record (or agency) the permission is asked about; None for system-wide actions."""
        return None

    def check(self) -> None:
        require(self.actor, self.permission, self.target())

    def validate(self) -> None:
        """Raise a Chinese ``ValidationError`` (or the law's error) if the change is not allowed."""

    def apply(self) -> T:
        raise NotImplementedError

    def describe(self) -> str:
        """The reason history records when the caller gave none."""
        return self.default_reason

    @property
    def history_user(self) -> Any:
        """The person history names: the actor, or nobody for ``SYSTEM``."""
        return None if self.actor is SYSTEM else self.actor

    @property
    def history_reason(self) -> str:
        return self.reason or self.describe()

    def stamp(self, instance: M) -> M:
        """Tell simple-history who did it and why (the middleware only knows web requests)."""
        instance._history_user = self.history_user  # type: ignore[attr-defined]
        instance._change_reason = self.history_reason  # type: ignore[attr-defined]
        return instance

    def execute(self) -> T:
        self.check()
        with transaction.atomic():
            self.validate()
            return self.apply()
