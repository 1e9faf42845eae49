"""What every catalog action shares: the state check on a re-read row, the agency's settings and
vocabularies, and the clean-ups applied to what a clerk types."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import strip_tags

from gongkai.actions import BaseAction
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action

from .. import deadlines, public
from ..indexing import index_item
from ..models import DEFAULT_CATEGORIES, CatalogItem, CatalogRules, Category


def today() -> date:
    return timezone.localdate()


def rules_of(agency: Agency | int, *, lock: bool = False) -> CatalogRules:
    agency_id = agency.pk if isinstance(agency, Agency) else agency
    queryset = CatalogRules.objects.select_for_update() if lock else CatalogRules.objects
    rules, _ = queryset.get_or_create(agency_id=agency_id)
    return rules


def categories_of(agency: Agency | int):
    """The agency's 体裁/信息类别, starting it with :data:`DEFAULT_CATEGORIES` the first time."""
    agency_id = agency.pk if isinstance(agency, Agency) else agency
    categories = Category.objects.filter(agency_id=agency_id)
    if not categories.exists():
        Category.objects.bulk_create(
            [
                Category(agency_id=agency_id, name=name, position=i)
                for i, name in enumerate(DEFAULT_CATEGORIES)
            ],
            ignore_conflicts=True,
        )
    return categories.all()


# 文号 brackets: 〔〕 (U+3014/3015) is the official form (GB/T 9704); clerks type [] 【】 ［］ （） ().
_NUMBER_YEAR = re.compile(r"[\[【［(（〔]\s*(\d{4})\s*[\]】］)）〕]")


def normalise_document_number(value: str) -> str:
    """「晋政[2026]3号」 → 「晋政〔2026〕3号」: only a bracketed four-digit year is rewritten."""
    value = re.sub(r"\s+", "", value or "")
    return _NUMBER_YEAR.sub(lambda m: f"〔{m.group(1)}〕", value)


def plain_text(value: str) -> str:
    """What a clerk pasted, as plain text: tags dropped, entities decoded, line ends unified."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    if "<" in value and ">" in value:
        value = re.sub(r"(?i)<br\s*/?>|</p\s*>|</div\s*>", "\n", value)
        value = unescape(strip_tags(value))
    return value.strip()


class ItemAction(BaseAction[CatalogItem]):
    """An action on one catalog item, allowed only in ``states``."""

    permission = Action.EDIT
    states: ClassVar[tuple[str, ...]] = ()
    verb: ClassVar[str] = ""

    def __init__(self, actor: Any, item: CatalogItem, *, reason: str = ""):
        super().__init__(actor, reason=reason)
        self.item = item

    def target(self) -> CatalogItem:
        return self.item

    def validate(self) -> None:
        # Re-read under the transaction: a concurrent action may have moved the item on.
        self.item = CatalogItem.objects.select_for_update().get(pk=self.item.pk)
        if self.states and self.item.state not in self.states:
            raise ValidationError(
                f"该信息目前“{self.item.get_state_display()}”，不能{self.verb or self.default_reason}。"
            )

    def save(self, **changes: Any) -> CatalogItem:
        for field, value in changes.items():
            setattr(self.item, field, value)
        self.item.publish_due = deadlines.due_of(self.item)
        self.stamp(self.item).save()
        return self.item

    def reindex(self) -> None:
        index_item(self.item)
        public.bump()  # the public pages' cache (portal) is stale from now on
