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
ATTEMPTS = 3


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
    and the old file is deleted once the new one is committed.

    The ZIP (attachments may make it large) is written and stored *before* the transaction, so
    the database — SQLite's single writer above all — is never held while files are read and
    compressed. Inside the transaction the month's items are compared with what was packed; if
    an item changed in between, the package is built again (at most :data:`ATTEMPTS` times).
    """

    permission = Action.EDIT
    default_reason = "生成两馆移交包"

    def __init__(self, actor: Any, agency: Agency, year: int, month: int, *, reason: str = ""):
        super().__init__(actor, reason=reason)
        self.agency = agency
        self.year = int(year)
        self.month = int(month)
        self.existing: HandoverPackage | None = None
        self.stored = ""  # the new file's name in storage, once written
        self.built: handover.Built | None = None

    def target(self) -> Agency:
        return self.agency

    def describe(self) -> str:
        return "重新生成两馆移交包" if self.existing else self.default_reason

    def _no_items(self) -> ValidationError:
        return ValidationError(
            f"{self.agency.name}{self.year}年{self.month}月没有发布主动公开的政府信息，无需生成移交包。"
        )

    def execute(self) -> HandoverPackage:
        self.check()
        check_month(self.year, self.month)
        if not handover.month_items(self.agency, self.year, self.month).exists():
            raise self._no_items()
        for _ in range(ATTEMPTS):
            self._prepare()
            try:
                with transaction.atomic():
                    self.validate()
                    unchanged = self.built.signature == handover.signature(self.agency, self.year, self.month)
                    package = self.apply() if unchanged else None
            except BaseException:
                self._discard()
                raise
            if package is not None:
                self.stored = ""  # committed: the row owns the file now
                return package
            self._discard()  # an item changed while we packed: pack again
        raise ValidationError("该月的信息正在修改，请稍后重新生成移交包。")

    def _prepare(self) -> None:
        """Write the ZIP and store it under a new name (outside any transaction)."""
        self.built = handover.build_package(self.agency, self.year, self.month)
        name = f"{self.agency.code}-{self.year:04d}-{self.month:02d}.zip"
        try:
            probe = HandoverPackage(agency=self.agency, year=self.year, month=self.month)
            probe.file.save(name, File(self.built.file, name=name), save=False)
            self.stored = probe.file.name
        finally:
            self.built.file.close()

    def _discard(self) -> None:
        if self.stored:
            HandoverPackage._meta.get_field("file").storage.delete(self.stored)
            self.stored = ""

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
            raise self._no_items()

    def apply(self) -> HandoverPackage:
        built = self.built
        package = self.existing or HandoverPackage(agency=self.agency, year=self.year, month=self.month)
        old_name = package.file.name if self.existing else ""
        package.file.name = self.stored
        package.item_count = built.item_count
        package.size = built.size
        package.sha256 = built.sha256
        package.built_at = timezone.now()
        package.built_by = self.history_user
        self.stamp(package).save()
        if old_name and old_name != package.file.name:
            storage = package.file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
        return package
