"""生成两馆移交包 (第二十五条): build one agency's package for one month, replacing an earlier one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from gongkai.actions import BaseAction
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action

from .. import handover
from ..models import HandoverPackage
from .base import today

EARLIEST_YEAR = 2008  # 《政府信息公开条例》(2007) took effect on 1 May 2008


def check_month(year: int, month: int) -> None:
    """Only a month that has ended can be handed over (its items are all published by then)."""
    if not (1 <= month <= 12) or not (EARLIEST_YEAR <= year <= 9999):
        raise ValidationError("请选择有效的年份和月份。")
    now = today()
    if (year, month) >= (now.year, now.month):
        raise ValidationError(f"{year}年{month}月尚未结束，月度移交包请在下月生成。")


class BuildHandover(BaseAction[HandoverPackage]):
    """Build the package of ``agency``'s items published in ``year``-``month``. A month already
    built is rebuilt in place: the row is updated (history records the rebuild and who did it)
    and the old file is deleted once the new one is committed."""

    permission = Action.EDIT
    default_reason = "生成两馆移交包"

    def __init__(self, actor: Any, agency: Agency, year: int, month: int, *, reason: str = ""):
        super().__init__(actor, reason=reason)
        self.agency = agency
        self.year = int(year)
        self.month = int(month)
        self.existing: HandoverPackage | None = None

    def target(self) -> Agency:
        return self.agency

    def describe(self) -> str:
        return "重新生成两馆移交包" if self.existing else self.default_reason

    def validate(self) -> None:
        check_month(self.year, self.month)
        # One build per agency at a time: the scheduled task and a clerk's button may meet here.
        self.agency = Agency.objects.select_for_update().get(pk=self.agency.pk)
        if not self.agency.is_active:
            raise ValidationError(f"{self.agency.name}已停用，不能生成移交包。")
        self.existing = (
            HandoverPackage.objects.select_for_update()
            .filter(agency=self.agency, year=self.year, month=self.month)
            .first()
        )
        if not handover.month_items(self.agency, self.year, self.month).exists():
            raise ValidationError(
                f"{self.agency.name}{self.year}年{self.month}月没有发布主动公开的政府信息，无需生成移交包。"
            )

    def apply(self) -> HandoverPackage:
        built = handover.build_package(self.agency, self.year, self.month)
        package = self.existing or HandoverPackage(agency=self.agency, year=self.year, month=self.month)
        old_name = package.file.name if self.existing else ""
        name = f"{self.agency.code}-{self.year:04d}-{self.month:02d}.zip"
        try:
            package.file.save(name, File(built.file, name=name), save=False)
        finally:
            built.file.close()
        new_name, storage = package.file.name, package.file.storage
        package.item_count = built.item_count
        package.size = built.size
        package.sha256 = built.sha256
        package.built_at = timezone.now()
        package.built_by = self.history_user
        try:
            self.stamp(package).save()
        except Exception:
            storage.delete(new_name)
            raise
        if old_name and old_name != new_name:
            transaction.on_commit(lambda: storage.delete(old_name))
        return package
