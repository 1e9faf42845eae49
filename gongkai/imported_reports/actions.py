"""Every change to imported reports: import a batch, record a file's check."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.actions import BaseAction
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action
from gongkai.reportio.checking import CheckResult

from . import files
from .models import ImportBatch, ImportedFile

IMPORT_REASON = "导入外部发布的年度报告"
CHECK_REASON = "核查外部发布的年度报告"


class ImportReports(BaseAction[ImportBatch]):
    """Keep the uploaded reports (ZIPs expanded) as one batch of the office and queue one check
    per new file, so that several workers share them. Files the office already has (same
    sha256) are named on the batch, not kept twice."""

    permission = Action.SUPERVISE_REPORTS
    default_reason = IMPORT_REASON

    def __init__(
        self,
        actor: Any,
        office: Agency,
        uploads: list[tuple[str, bytes]],
        *,
        label: str = "",
        reason: str = "",
        queue: bool = True,
    ):
        super().__init__(actor, reason=reason)
        self.office, self.uploads, self.label = office, uploads, label.strip()[:200]
        self.queue = queue  # False: the caller checks the files itself (``import-reports --now``)

    def target(self) -> Agency:
        return self.office

    def validate(self) -> None:
        self.accepted = files.accept(self.uploads)  # ValidationError: limits, unsafe ZIP, nothing to import

    def apply(self) -> ImportBatch:
        batch = ImportBatch(
            office=self.office,
            created_by=self.history_user,
            label=self.label,
            skipped=self.accepted.skipped,
        )
        self.stamp(batch).save()
        seen = set(ImportedFile.objects.filter(office=self.office).values_list("sha256", flat=True))
        new = []
        for name, data in self.accepted.files:
            digest = files.sha256(data)
            if digest in seen:
                batch.duplicates.append(name)
                continue
            seen.add(digest)
            f = ImportedFile(
                batch=batch,
                office=self.office,
                name=name[:255],
                sha256=digest,
                size=len(data),
                stored=files.store(self.office.pk, data, name),
            )
            self.stamp(f).save()
            new.append(f.pk)
        if batch.duplicates:
            self.stamp(batch).save(update_fields=["duplicates"])
        if self.queue:
            transaction.on_commit(lambda: enqueue_checks(new))
        return batch


def enqueue_checks(file_ids: list[int]) -> None:
    from .tasks import check_imported_file

    for pk in file_ids:
        check_imported_file.enqueue(pk)


class RecordCheck(BaseAction[ImportedFile]):
    """Keep what checking found: the ``gongkai check --json`` object and the counts lists show."""

    permission = Action.SUPERVISE_REPORTS
    default_reason = CHECK_REASON

    def __init__(self, actor: Any, imported: ImportedFile, result: CheckResult, kind: str, *, key: str = ""):
        super().__init__(actor)
        self.imported, self.result, self.kind, self.key = imported, result, kind, key

    def target(self) -> ImportedFile:
        return self.imported

    def apply(self) -> ImportedFile:
        f = ImportedFile.objects.select_for_update().get(pk=self.imported.pk)
        r = self.result
        data = r.to_json()
        f.result = data
        f.kind = self.kind
        f.state = ImportedFile.State.UNREADABLE if r.error else ImportedFile.State.CHECKED
        f.agency_name = (data.get("agency") or "")[:200]
        f.agency_key = self.key[:200]
        f.year = data.get("year")
        f.format = data.get("format") or ""
        f.error_count, f.warning_count = len(r.errors), len(r.warnings)
        f.checked_at = timezone.now()
        self.stamp(f).save()
        return f


__all__ = ["ImportReports", "RecordCheck", "enqueue_checks"]
