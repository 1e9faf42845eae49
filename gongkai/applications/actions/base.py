"""What every action on a case shares: the state check, the statute clock over the case's events,
saving with history, and issuing numbered letters."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.actions import BaseAction
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action
from gongkai.annual.locks import ensure_open
from gongkai.law.clock import ClockResult
from gongkai.law.outcomes import Outcome

from ..clock import clock_of
from ..models import (
    Application,
    CaseEvent,
    HandlingRules,
    Letter,
)

TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud on the phone


TRACKING_LENGTH = 12  # 32^12 ≈ 10^18 codes: not enumerable, and the query needs a second factor too


# Outcomes that have their own action (they are not a reply the agency drafts).
CLOSING_OUTCOMES = {
    Outcome.OTHER_NO_CORRECTION: "逾期不补正",
    Outcome.OTHER_FEE_UNPAID: "逾期未缴费",
}


def today() -> date:
    return timezone.localdate()


def rules_of(agency: Agency | int, *, lock: bool = False) -> HandlingRules:
    agency_id = agency.pk if isinstance(agency, Agency) else agency
    queryset = HandlingRules.objects.select_for_update() if lock else HandlingRules.objects
    rules, _ = queryset.get_or_create(agency_id=agency_id)
    return rules


def new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))
        if not Application.objects.filter(tracking_code=code).exists():
            return code


def check_date(value: date | None, what: str, *, not_before: date | None = None) -> None:
    if value is None:
        raise ValidationError(f"请填写{what}。")
    if value > today():
        raise ValidationError(f"{what}（{value:%Y-%m-%d}）不能晚于今天。")
    if not_before and value < not_before:
        raise ValidationError(f"{what}（{value:%Y-%m-%d}）不能早于 {not_before:%Y-%m-%d}。")


class CaseAction(BaseAction[Application]):
    """An action on one case: allowed only in ``states``; ``add_events()`` adds the case's events
    through the statute clock, ``save()`` writes the case with history, ``letter()`` issues a letter."""

    permission = Action.EDIT
    states: ClassVar[tuple[str, ...]] = ()
    verb: ClassVar[str] = ""

    def __init__(self, actor: Any, application: Application, *, reason: str = ""):
        super().__init__(actor, reason=reason)
        self.application = application

    def target(self) -> Application:
        return self.application

    def validate(self) -> None:
        # Re-read under the transaction: a concurrent action may have moved the case on.
        self.application = Application.objects.select_for_update().get(pk=self.application.pk)
        if self.states and self.application.state not in self.states:
            raise ValidationError(
                f"该申请目前“{self.application.get_state_display()}”，不能{self.verb or self.default_reason}。"
            )

    def describe(self) -> str:
        return self.default_reason

    def add_events(self, *rows: CaseEvent) -> ClockResult:
        """Check the new events against every earlier one (the statute's clock) and store them."""
        app = self.application
        existing = list(app.events.all())
        result = clock_of(
            app, existing + list(rows), fee_pauses_clock=rules_of(app.agency_id).fee_pauses_clock
        )
        for row in rows:
            row.application = app
            row.recorded_by = self.history_user
            row.save()
        cache_clock(app, result)
        return result

    def save(self, **changes: Any) -> Application:
        for field, value in changes.items():
            setattr(self.application, field, value)
        self.stamp(self.application).save()
        return self.application

    def letter(self, kind: str, on: date, **context: Any) -> Letter:
        """Issue a letter: its 文号, and its text's facts fixed as of today (letters.snapshot)."""
        from ..letters import snapshot
        from ..tasks import notify_letter_issued

        number = next_letter_number(self.application.agency_id, on.year, kind)
        letter = Letter.objects.create(
            application=self.application,
            kind=kind,
            number=number,
            issued_on=on,
            context={**snapshot(self.application), **context},
        )
        # The applicant hears of it by e-mail once the action has committed (the consultation
        # letter goes to the third party, not to the applicant).
        if self.application.email and kind != Letter.Kind.CONSULTATION:
            transaction.on_commit(lambda: notify_letter_issued.enqueue(letter.pk), robust=True)
        return letter


class DatedCaseAction(CaseAction):
    """A step that happened on a day (``on``): not in the future, and where ``after_receipt`` is set
    not before the legal date of receipt. ``date_label`` names the day in the refusal."""

    date_label: ClassVar[str] = "日期"
    after_receipt: ClassVar[bool] = False

    def __init__(self, actor: Any, application: Application, *, on: date, reason: str = ""):
        super().__init__(actor, application, reason=reason)
        self.on = on

    def validate(self) -> None:
        super().validate()
        check_date(
            self.on, self.date_label, not_before=self.application.received_on if self.after_receipt else None
        )
        ensure_open(self.application.agency_id, self.on)  # annual report's period lock


def next_letter_number(agency_id: int, year: int, kind: str = Letter.Kind.REPLY) -> str:
    """「字号〔年份〕序号号」 per agency, year and kind of letter; notices carry the suffix the Shanghai
    systems gave them (「…号-补告」). The settings row is locked while counting."""
    from ..letters.content import NUMBER_SUFFIXES

    rules = rules_of(agency_id, lock=True)
    issued = Letter.objects.filter(application__agency_id=agency_id, kind=kind, issued_on__year=year).count()
    prefix = rules.letter_prefix or "依申请公开答复"
    suffix = f"-{NUMBER_SUFFIXES[kind]}" if kind in NUMBER_SUFFIXES else ""
    return f"{prefix}〔{year}〕{issued + 1}号{suffix}"


def cache_clock(app: Application, result: ClockResult) -> None:
    app.received_on = result.received
    app.reply_due = result.reply_due
    # A due date in a year without a maintained calendar is an estimate and says so.
    app.clock_status = f"{result.status}（期限为估算）" if result.provisional else result.status
