"""Check a kept file exactly as ``gongkai check`` does, and compare consecutive years.

``check_bytes`` reads and validates one file; when the office has also imported the previous
(or the next) year of the same agency, the later report is validated again with the earlier one
as its previous year, so T3-05 and the other cross-year rules run as in ``check_paths``.
"""

from __future__ import annotations

from gongkai.law.validation import validate
from gongkai.reportio import UnreadableReport, detect_kind
from gongkai.reportio.checking import CheckResult, agency_key, check_bytes

from . import files
from .models import ImportedFile


def check(f: ImportedFile, previous: ImportedFile | None = None) -> tuple[CheckResult, str]:
    """The result of checking ``f`` (against ``previous`` when given) and the file's kind."""
    data = files.read(f.stored)
    result = check_bytes(data, f.name)
    try:
        kind = detect_kind(data, f.name)
    except UnreadableReport:  # e.g. a .pdf that is not one: check_bytes put the reason in result
        kind = ""
    if previous is None or result.report is None:
        return result, kind
    earlier = check_bytes(files.read(previous.stored), previous.name)
    if earlier.report is not None:
        result.findings = validate(result.report, previous=earlier.report, own_report=False)
    return result, kind


def key_of(result: CheckResult) -> str:
    agency = result.report.agency if result.report is not None else ""
    return agency_key(agency) if agency else ""


def year_pairs(f: ImportedFile) -> list[tuple[ImportedFile, ImportedFile]]:
    """(later, earlier) pairs of consecutive years of f's agency among the office's checked files."""
    if not f.agency_key or not f.year:
        return []
    same = ImportedFile.objects.filter(
        office_id=f.office_id, agency_key=f.agency_key, state=ImportedFile.State.CHECKED
    ).order_by("pk")
    pairs = []
    earlier = same.filter(year=f.year - 1).last()  # the latest, as the lists choose
    if earlier is not None:
        pairs.append((f, earlier))
    pairs += [(later, f) for later in same.filter(year=f.year + 1)]
    return pairs
