"""Validation of an annual report: every rule of spec/domain.md §5, one module per family.

    findings = validate(report, previous=None, parts=None, own_report=False)

- ``previous``: the same agency's report for the year before (T3-05, T3-08, T2-02, N-04).
- ``parts``: the reports an aggregated report was compiled from (S-05).
- ``own_report``: True when the agency checks its own report (N-05 is then an error, E);
  False when checking someone else's published report (N-05 is a warning, W).
- ``cases``: the agency's 复议/诉讼 case records (T4-02, T4-03), ``records``: counts of its
  行政许可/行政处罚/行政强制 decisions by 表二 row label (T2-03). Without them those rules are skipped.

Findings the parser recorded while reading (``report.notes``, e.g. a T2-01 header misprint) come
first, then the rules in the order of §5. Rules that need what a report does not hold skip
cleanly; each module's docstring says which.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from gongkai.law.report import Finding, Report
from gongkai.law.validation.narrative import check_narrative
from gongkai.law.validation.structure import check_structure
from gongkai.law.validation.table2 import check_table2
from gongkai.law.validation.table3 import check_table3
from gongkai.law.validation.table4 import Table4Case, check_table4, table4_from_cases

__all__ = ["Finding", "Table4Case", "errors", "table4_from_cases", "validate"]


def validate(
    report: Report,
    previous: Report | None = None,
    parts: Sequence[Report] | None = None,
    own_report: bool = False,
    *,
    cases: Iterable[Table4Case] | None = None,
    records: Mapping[str, int] | None = None,
) -> list[Finding]:
    found = [
        *check_table3(report, previous),
        *check_table4(report, cases),
        *check_table2(report, previous, records),
        *check_narrative(report, previous, own_report),
        *check_structure(report, parts),
    ]
    if not report.notes:
        return found
    seen = set(report.notes)
    return [*report.notes, *(f for f in found if f not in seen)]


def errors(findings: Iterable[Finding]) -> list[Finding]:
    """Only the findings of severity E (what makes `gongkai check` exit 1)."""
    return [f for f in findings if f.severity == "E"]
