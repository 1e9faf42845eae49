"""What every annual-report action shares: the re-read under the transaction and the state check."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.actions import BaseAction
from gongkai.agencies.permissions import Action, require

from ..models import AnnualReport


def now():
    return timezone.now()


class ReportAction(BaseAction[AnnualReport]):
    """An action on one report, allowed only in ``states`` (all when empty)."""

    permission = Action.EDIT
    states: ClassVar[tuple[str, ...]] = ()
    verb: ClassVar[str] = ""

    def __init__(self, actor: Any, annual: AnnualReport, *, reason: str = ""):
        super().__init__(actor, reason=reason)
        self.annual = annual

    def target(self) -> AnnualReport:
        return self.annual

    def check(self) -> None:
        # a government-wide report is the supervising office's work, not a clerk's (H3's pages)
        if self.permission == Action.EDIT and self.annual.kind == AnnualReport.Kind.AGGREGATE:
            require(self.actor, Action.SUPERVISE_REPORTS, self.annual)
            return
        super().check()

    def validate(self) -> None:
        self.annual = AnnualReport.objects.select_for_update().select_related("agency").get(pk=self.annual.pk)
        if self.states and self.annual.state not in self.states:
            raise ValidationError(
                f"该年度报告目前“{self.annual.get_state_display()}”，不能{self.verb or self.default_reason}。"
            )

    def save(self, **changes: Any) -> AnnualReport:
        for field, value in changes.items():
            setattr(self.annual, field, value)
        self.stamp(self.annual).save()
        return self.annual


EDITABLE = (AnnualReport.State.DRAFT, AnnualReport.State.RETURNED)
