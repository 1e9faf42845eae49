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
    earlier = AnnualReport.objects.filter(
        agency_id=annual.agency_id, year=annual.year - 1, kind=annual.kind
    ).first()
    if earlier is not None:
        return current_report(earlier)
    stored = PreviousReport.objects.filter(agency_id=annual.agency_id, year=annual.year - 1).first()
    if stored is not None:
        return Report.from_json(stored.report)
    return imported_report(annual.agency.name, annual.year - 1)


def imported_report(agency_name: str, year: int) -> Report | None:
    """The agency's published report of ``year`` as a supervising office imported it (the file
    read again, so its text is there for N-04), or None."""
    from gongkai.imported_reports import files
    from gongkai.imported_reports.models import ImportedFile
    from gongkai.reportio import UnreadableReport, read_report
    from gongkai.reportio.checking import agency_key

    found = (
        ImportedFile.objects.filter(agency_key=agency_key(agency_name)[:200], year=year)
        .filter(state=ImportedFile.State.CHECKED)
        .order_by("-checked_at", "-pk")
        .first()
    )
    if found is None:
        return None
    try:
        return read_report(files.read(found.stored), found.name)
    except (OSError, UnreadableReport):
        return None


def parts_of(annual: AnnualReport) -> list[Report] | None:
    """The reports a government-wide report sums (S-05); None for an agency's own report."""
    if annual.kind != AnnualReport.Kind.AGGREGATE:
        return None
    from gongkai.supervision.aggregation import parts_for

    return parts_for(annual.agency, annual.year).reports()


def findings_of(annual: AnnualReport, report: Report | None = None) -> list[Finding]:
    report = report if report is not None else current_report(annual)
    return validate(report, previous=previous_report(annual), parts=parts_of(annual), own_report=True)


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
