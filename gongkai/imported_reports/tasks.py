"""Background checks of imported reports: one task per file, so that several ``db_worker``s split a
batch. A file that cannot be read is recorded with its Chinese reason; a bug of ours is recorded
the same way (and logged), never failing the rest of the batch."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def check_imported_file(file_id: int) -> dict:
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.reportio.checking import UNEXPECTED, CheckResult

    from .actions import RecordCheck
    from .checking import check, key_of, year_pairs
    from .models import ImportedFile

    f = ImportedFile.objects.filter(pk=file_id).first()
    if f is None:
        return {"status": "skipped", "reason": "文件记录不存在"}
    try:
        result, kind = check(f)
    except Exception:
        logger.exception("checking imported report %s failed", file_id)
        result, kind = CheckResult(f.name, error=UNEXPECTED), ""
    f = RecordCheck(SYSTEM, f, result, kind, key=key_of(result)).execute()
    compared = 0
    for later, earlier in year_pairs(f):  # after this file is recorded, so a parallel worker sees it
        try:
            result, kind = check(later, earlier)
        except Exception:
            logger.exception("comparing imported reports %s and %s failed", later.pk, earlier.pk)
            continue
        RecordCheck(SYSTEM, later, result, kind, key=later.agency_key).execute()
        compared += 1
    return {"status": f.state, "errors": f.error_count, "warnings": f.warning_count, "compared": compared}
