"""Helpers shared by the rule modules: how a finding names the place it refers to."""

from __future__ import annotations

from gongkai.law.formats import TABLE3_COLUMNS, ReportFormat
from gongkai.law.report import Finding

ERROR = "E"
WARNING = "W"


def t3_where(fmt: ReportFormat, key: str, column: int | None = None) -> str:
    label = fmt.table3_row(key).full_label
    if column is None:
        return f"表三 {key}「{label}」"
    return f"表三 {key}「{label}」·{TABLE3_COLUMNS[column]}"


def t3_column_where(column: int) -> str:
    return f"表三 「{TABLE3_COLUMNS[column]}」列"


def finding(rule: str, severity: str, message: str, where: str = "") -> Finding:
    return Finding(rule, severity, message, where)
