"""Validation of a draft: every rule of gongkai.law.validation, including the cross-year ones
against last year's report, as the agency's own report (N-05 is then an error).

Last year's report is the system's own (last year's ``AnnualReport``: its approved snapshot, or
what its records give) or, for the years before the system, a ``PreviousReport`` the agency
uploaded or entered, else the published report a supervising office imported
(gongkai.imported_reports). Errors block submission; each warning needs an acknowledgement (who, when) first.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.law.report import Finding, Report
from gongkai.law.validation import validate

from .building import current_report
from .models import AnnualReport, FindingAcknowledgement, PreviousReport


def previous_report(annual: AnnualReport) -> Report | None:
    return PreviousReports([annual]).of(annual)


class PreviousReports:
    """Last year's report of each of many reports, read with a query per source rather than per
    report (the supervising office's dashboard validates hundreds at once), in the one order of
    sources: the system's own report of last year, else a ``PreviousReport`` the agency uploaded or
    entered, else a published report a supervising office imported."""

    def __init__(self, annuals):
        annuals = list(annuals)
        agencies = {a.agency_id for a in annuals}
        years = {a.year - 1 for a in annuals}
        self.earlier = {
            (r.agency_id, r.year, r.kind): r
            for r in AnnualReport.objects.filter(agency_id__in=agencies, year__in=years).select_related(
                "agency"
            )
        }
        self.stored = {
            (p.agency_id, p.year): p
            for p in PreviousReport.objects.filter(agency_id__in=agencies, year__in=years)
        }
        self.imported = imported_files({a.agency.name for a in annuals}, years)

    def of(self, annual: AnnualReport) -> Report | None:
        earlier = self.earlier.get((annual.agency_id, annual.year - 1, annual.kind))
        if earlier is not None:
            return current_report(earlier)
        stored = self.stored.get((annual.agency_id, annual.year - 1))
        if stored is not None:
            return Report.from_json(stored.report)
        found = self.imported.get((_key(annual.agency.name), annual.year - 1))
        return _read_imported(found) if found is not None else None


def _key(agency_name: str) -> str:
    from gongkai.reportio.checking import agency_key

    return agency_key(agency_name)[:200]


def imported_files(agency_names, years) -> dict:
    """(agency key, year) → the newest checked file a supervising office imported for it."""
    from gongkai.imported_reports.models import ImportedFile

    keys = {_key(name) for name in agency_names}
    found = {}
    rows = (
        ImportedFile.objects.filter(
            agency_key__in=keys, year__in=years, state=ImportedFile.State.CHECKED
        ).order_by("checked_at", "pk")  # the newest last, so it wins
    )
    for row in rows:
        found[(row.agency_key, row.year)] = row
    return found


def _read_imported(found) -> Report | None:
    from gongkai.imported_reports import files
    from gongkai.reportio import UnreadableReport, read_report

    try:
        return read_report(files.read(found.stored), found.name)
    except (OSError, UnreadableReport):
        return None


def imported_report(agency_name: str, year: int) -> Report | None:
    """The agency's published report of ``year`` as a supervising office imported it (the file
    read again, so its text is there for N-04), or None."""
    found = imported_files([agency_name], [year]).get((_key(agency_name), year))
    return _read_imported(found) if found is not None else None


def parts_of(annual: AnnualReport) -> list[Report] | None:
    """The reports a government-wide report sums (S-05); None for an agency's own report."""
    if annual.kind != AnnualReport.Kind.AGGREGATE:
        return None
    from gongkai.supervision.aggregation import parts_for

    return parts_for(annual.agency, annual.year).reports()


UNSET = object()  # findings_of(previous=…) not given: look it up


def findings_of(annual: AnnualReport, report: Report | None = None, previous=UNSET) -> list[Finding]:
    """Every rule on the report (by default as it stands now) against last year's (by default
    :func:`previous_report`)."""
    report = report if report is not None else current_report(annual)
    previous = previous_report(annual) if previous is UNSET else previous
    return validate(report, previous=previous, parts=parts_of(annual), own_report=True)


def key_of(f: Finding) -> tuple[str, str, str]:
    return (f.rule, f.where, f.message)


@dataclass(frozen=True)
class Checked:
    """A finding and, for a warning, its acknowledgement (None while unacknowledged)."""

    finding: Finding
    acknowledgement: FindingAcknowledgement | None = None

    @property
    def is_error(self) -> bool:
        return self.finding.severity == "E"

    @property
    def blocks(self) -> bool:
        return self.is_error or self.acknowledgement is None

    @property
    def key(self) -> str:
        """Form value naming the finding: rule, place and wording joined by U+001F."""
        return "\x1f".join(key_of(self.finding))


def checked(annual: AnnualReport, report: Report | None = None) -> list[Checked]:
    acks = {(a.rule, a.where, a.message): a for a in annual.acknowledgements.select_related("by")}
    return [
        Checked(f, acks.get(key_of(f)) if f.severity == "W" else None) for f in findings_of(annual, report)
    ]


def blocking(items: list[Checked]) -> list[Checked]:
    return [c for c in items if c.blocks]
