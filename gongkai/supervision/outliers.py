"""Cross-agency outliers a supervising office looks into (30号文 「对…偏高的行政机关，要了解情况」).

Pure functions over the dashboard's rows (no database): each row names an agency, whether its
report is overdue, and — when it has one — its report and the year before's. The rules are the
law's own (``gongkai.law.validation.table3``), not copies:

- 逾期 — not submitted by the due date (第四十九条; ``deadlines.due_date``);
- T3-06 — 「其他处理—其他」 share of （七）总计 above the law's limit;
- T3-05 — 上年结转 of this year ≠ 结转下年度 of last year's report, per column;
- errors — a report the validator finds errors in (E findings), counted by rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.law.report import TOTAL_COLUMN, Finding, Report
from gongkai.law.validation.table3 import OTHER_SHARE_LIMIT, result_keys, t3_05, t3_06

OVERDUE = "逾期"


@dataclass(frozen=True)
class Outlier:
    agency: str
    rule: str  # "逾期", "T3-05", "T3-06" or another rule id
    message: str
    source: str = ""  # "外部发布" for a report imported from the agency's website


@dataclass(frozen=True)
class Subject:
    """What the outlier rules need to know about one agency's report for a year."""

    agency: str
    overdue: bool = False
    report: Report | None = None
    previous: Report | None = None
    findings: tuple[Finding, ...] = ()  # the validator's findings on ``report``, if already known
    source: str = ""
    error_counts: tuple[tuple[str, int], ...] = ()  # (rule, n) when only counts are known (imported)

    def errors_by_rule(self) -> dict[str, int]:
        """Errors by rule, T3-05 left to its own line."""
        counts: dict[str, int] = dict(self.error_counts)
        for f in self.findings:
            if f.severity == "E":
                counts[f.rule] = counts.get(f.rule, 0) + 1
        counts.pop("T3-05", None)
        return counts


def other_share(report: Report) -> float | None:
    """「其他处理—其他」 ÷ （七）总计 (总计 column), None without a total."""
    table = report.table3
    other_key = result_keys(table.format)[-1]
    other = table.rows[other_key][TOTAL_COLUMN]
    total = table.rows["三(七)"][TOTAL_COLUMN]
    if not total or other is None:
        return None
    return other / total


def outliers_of(subject: Subject) -> list[Outlier]:
    found: list[Outlier] = []
    if subject.overdue:
        found.append(Outlier(subject.agency, OVERDUE, "年度报告逾期未提交", subject.source))
    report = subject.report
    if report is not None:
        for f in [*t3_06(report), *t3_05(report, subject.previous)]:
            found.append(Outlier(subject.agency, f.rule, f.message, subject.source))
    by_rule = subject.errors_by_rule()
    if by_rule:
        text = "、".join(f"{rule} {n} 处" for rule, n in sorted(by_rule.items()))
        found.append(Outlier(subject.agency, "错误", f"年度报告有错误：{text}", subject.source))
    return found


def outliers(subjects: Iterable[Subject]) -> list[Outlier]:
    """Every outlier of every subject, agencies in the order given."""
    return [o for s in subjects for o in outliers_of(s)]


__all__ = ["OTHER_SHARE_LIMIT", "OVERDUE", "Outlier", "Subject", "other_share", "outliers", "outliers_of"]
