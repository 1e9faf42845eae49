"""What the lists and the province-wide table show of imported reports, and the rows the
supervising office's dashboard (gongkai.supervision) shows beside its in-system reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from gongkai.agencies.models import Agency

from .models import SOURCE, ImportedFile

# 表三 rows the province table prints, by their contract key (both formats have them).
TABLE3_TOTALS = (("一", "本年新收申请"), ("二", "上年结转"), ("四", "结转下年度继续办理"))
TOTAL = 6  # 总计, the last of the seven columns


@dataclass(frozen=True)
class ImportedRow:
    agency: str  # as printed in the report
    year: int | None
    file_name: str
    errors: int
    warnings: int
    by_rule: dict[str, int] = field(default_factory=dict)
    errors_by_rule: dict[str, int] = field(default_factory=dict)
    warnings_by_rule: dict[str, int] = field(default_factory=dict)
    table3: dict[str, Any] | None = None  # the contract's {"columns": [...], "rows": {...}}
    url: str = ""
    source: str = SOURCE


def row_of(f: ImportedFile) -> ImportedRow:
    return ImportedRow(
        agency=f.agency_name,
        year=f.year,
        file_name=f.name,
        errors=f.error_count,
        warnings=f.warning_count,
        by_rule=f.counts_by_rule(),
        errors_by_rule=f.counts_by_rule("E"),
        warnings_by_rule=f.counts_by_rule("W"),
        table3=(f.result or {}).get("table3"),
        url=reverse("imported_reports:file", args=[f.pk]),
    )


def rows_for(supervisor: Agency, year: int) -> list[ImportedRow]:
    """The reports of ``year`` the office ``supervisor`` imported, one per agency (the latest)."""
    files = ImportedFile.objects.filter(office=supervisor)
    return [row_of(f) for f in latest_per_agency(files, year)]


def latest_per_agency(files: QuerySet[ImportedFile], year: int) -> list[ImportedFile]:
    chosen: dict[tuple[int, str], ImportedFile] = {}
    for f in files.filter(year=year, state=ImportedFile.State.CHECKED).order_by("pk"):
        chosen[(f.office_id, f.agency_key)] = f
    return sorted(chosen.values(), key=lambda f: (f.agency_name, f.pk))


def total(table3: dict | None, key: str) -> int | None:
    if not table3:
        return None
    cells = table3.get("rows", {}).get(key)
    return cells[TOTAL] if cells else None


@dataclass(frozen=True)
class ProvinceLine:
    file: ImportedFile
    figures: list[int | None]  # TABLE3_TOTALS of this year
    previous_new: int | None  # 一 (本年新收) of the year before, when imported
    by_rule: str


def province_table(files: QuerySet[ImportedFile], year: int) -> list[ProvinceLine]:
    """One line per agency: its latest checked report of ``year`` and last year's new requests."""
    last_year = {(f.office_id, f.agency_key): f for f in latest_per_agency(files, year - 1)}
    lines = []
    for f in latest_per_agency(files, year):
        table3 = (f.result or {}).get("table3")
        before = last_year.get((f.office_id, f.agency_key))
        lines.append(
            ProvinceLine(
                file=f,
                figures=[total(table3, key) for key, _ in TABLE3_TOTALS],
                previous_new=total((before.result or {}).get("table3"), "一") if before else None,
                by_rule=f.rule_summary,
            )
        )
    return lines


def years_of(files: QuerySet[ImportedFile]) -> list[int]:
    return sorted({y for y in files.exclude(year=None).values_list("year", flat=True)}, reverse=True)


def same_agency(f: ImportedFile) -> list[ImportedFile]:
    """Every checked report of f's agency the office imported, oldest year first (表三 year by year)."""
    if not f.agency_key:
        return [f]
    chosen: dict[int | None, ImportedFile] = {}
    for other in ImportedFile.objects.filter(
        office_id=f.office_id, agency_key=f.agency_key, state=ImportedFile.State.CHECKED
    ).order_by("pk"):
        chosen[other.year] = other
    return [chosen[y] for y in sorted(chosen, key=lambda y: y or 0)]
