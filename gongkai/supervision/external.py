"""Reports the subordinates published outside the system (imported by
``gongkai.imported_reports``), shown beside the in-system rows on the dashboard and the outliers
page. That app is optional: without it (or on any row it cannot describe) there are none."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

from gongkai.agencies.models import Agency
from gongkai.law.report import Report, ReportDataError, Table3

logger = logging.getLogger(__name__)

SOURCE = "外部发布"


@dataclass(frozen=True)
class ExternalRow:
    agency: str
    year: int | None
    source: str = SOURCE
    errors_by_rule: dict[str, int] = field(default_factory=dict)
    warnings_by_rule: dict[str, int] = field(default_factory=dict)
    table3: Table3 | None = None
    url: str = ""  # the imported file's page

    @property
    def errors(self) -> int:
        return sum(self.errors_by_rule.values())

    @property
    def warnings(self) -> int:
        return sum(self.warnings_by_rule.values())

    def report(self) -> Report | None:
        """A report holding only 表三 (what the outlier rules read), or None without one."""
        if self.table3 is None:
            return None
        report = Report.empty(self.agency, self.year or 0, self.table3.format)
        report.table3 = self.table3
        return report


def _get(row: Any, name: str, default: Any = None) -> Any:
    return row.get(name, default) if isinstance(row, dict) else getattr(row, name, default)


def _table3(value: Any) -> Table3 | None:
    if value is None or isinstance(value, Table3):
        return value
    try:
        return Report.from_json({"table3": value}).table3
    except (ReportDataError, KeyError, TypeError, ValueError):
        return None


def external_rows(supervisor: Agency, year: int) -> list[ExternalRow]:
    if not apps.is_installed("gongkai.imported_reports"):
        return []
    from gongkai.imported_reports.summary import rows_for

    out = []
    for row in rows_for(supervisor, year):
        name = _get(row, "name") or _get(row, "agency") or ""
        errors = _get(row, "errors_by_rule") or _get(row, "errors") or {}
        warnings = _get(row, "warnings_by_rule") or _get(row, "warnings") or {}
        out.append(
            ExternalRow(
                agency=str(name),
                year=_get(row, "year", year),
                source=str(_get(row, "source") or SOURCE),
                errors_by_rule=dict(errors) if isinstance(errors, dict) else {},
                warnings_by_rule=dict(warnings) if isinstance(warnings, dict) else {},
                table3=_table3(_get(row, "table3")),
                url=str(_get(row, "url") or ""),
            )
        )
    return out
