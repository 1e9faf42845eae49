"""The government-wide report's tables: the cell-by-cell sum (rule S-05, 30号文 「逐级汇总」) of
the subordinates' approved reports, by ``gongkai.law.aggregate``.

Which reports count (decided here, shown on the aggregate page as 已汇总/未汇总):

- the agencies directly below the supervising agency (``Agency.parent``), active ones;
- for each, its report of the year once **approved or published** (``AnnualReport.is_frozen``):
  the figures its leaders signed off (the snapshot kept at approval), never a draft that may
  still change; a subordinate without one is listed as missing, not counted as zero;
- a subordinate that supervises agencies of its own (a county under a prefecture) counts with its
  compiled (kind=aggregate) report, which already holds its own subordinates — its kind=agency
  report is not added again;
- the supervising agency's own kind=agency report, when approved, counts too (applications
  addressed to the government itself belong in the government-wide figures).

Summing reads the snapshots only: two queries, then ``Report.from_json`` per part — no records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.agencies.models import Agency
from gongkai.annual.models import AnnualReport
from gongkai.law.aggregate import Aggregation, aggregate
from gongkai.law.report import Report

from .deadlines import level_key

FROZEN_STATES = (AnnualReport.State.APPROVED, AnnualReport.State.PUBLISHED)


@dataclass(frozen=True)
class Part:
    agency_id: int
    agency_name: str
    report_id: int
    kind: str
    state: str
    figures: dict


@dataclass
class Parts:
    """The reports an aggregate of ``agency`` for ``year`` is summed from, and who is missing."""

    agency: Agency
    year: int
    included: list[Part] = field(default_factory=list)
    missing: list[tuple[int, str]] = field(default_factory=list)  # (agency id, name)

    def reports(self) -> list[Report]:
        out = []
        for p in self.included:
            report = Report.from_json(p.figures)
            report.agency = p.agency_name  # the name as the system knows it, whatever was printed
            out.append(report)
        return out


def subordinates(agency: Agency):
    """The agencies directly below ``agency`` that report to it."""
    return Agency.objects.filter(parent=agency, is_active=True).order_by("name")


def parts_for(agency: Agency, year: int) -> Parts:
    subs = list(subordinates(agency).values_list("pk", "name"))
    sub_ids = [pk for pk, _ in subs]
    supervising = set(
        Agency.objects.filter(parent_id__in=sub_ids, is_active=True).values_list("parent_id", flat=True)
    )
    rows = (
        AnnualReport.objects.filter(agency_id__in=[*sub_ids, agency.pk], year=year, state__in=FROZEN_STATES)
        .exclude(figures={})
        .values_list("pk", "agency_id", "kind", "state", "figures")
    )
    wanted: dict[int, str] = {pk: AnnualReport.Kind.AGENCY for pk in sub_ids}
    wanted |= {pk: AnnualReport.Kind.AGGREGATE for pk in supervising}
    wanted[agency.pk] = AnnualReport.Kind.AGENCY  # its own report, never its aggregate (this one)
    found: dict[int, tuple] = {}
    for pk, agency_id, kind, state, figures in rows:
        if wanted.get(agency_id) == kind:
            found[agency_id] = (pk, kind, state, figures)
    parts = Parts(agency, year)
    for agency_id, name in [(agency.pk, agency.name), *subs]:
        hit = found.get(agency_id)
        if hit is not None:
            parts.included.append(Part(agency_id, name, *hit))
        elif agency_id != agency.pk:  # the office's own report is optional, a subordinate's is not
            parts.missing.append((agency_id, name))
    return parts


def aggregation(agency: Agency, year: int, parts: Parts | None = None) -> Aggregation | None:
    """The law's aggregation of the included reports (tables, notes, each part's narrative)."""
    parts = parts or parts_for(agency, year)
    reports = parts.reports()
    if not reports:
        return None
    return aggregate(reports, agency.name, year)


def aggregate_tables(agency: Agency, year: int) -> Report:
    """The tables of ``agency``'s government-wide report for ``year`` (no narrative): the sum of
    the included reports, or all zeros with a note when none is approved yet."""
    parts = parts_for(agency, year)
    result = aggregation(agency, year, parts)
    if result is None:
        report = Report.empty(agency.name, year)
        report.note("S-05", "W", "尚无下级机关的已审定年度报告，汇总表暂为 0", "表二、表三、表四")
    else:
        report = result.report
    if parts.missing:
        names = "、".join(name for _, name in parts.missing)
        report.note(
            "S-05",
            "W",
            f"以下{len(parts.missing)}个下级机关的年度报告尚未审定，未计入汇总：{names}",
            "汇总范围",
        )
    report.agency_level = level_key(agency)
    return report
