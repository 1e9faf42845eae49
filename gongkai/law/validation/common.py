"""Helpers shared by the rule modules: how a finding names the place it refers to."""

from __future__ import annotations

from gongkai.law.formats import TABLE3_COLUMNS, ReportFormat
from gongkai.law.report import Cell, Finding, Report

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


def table3_rows(report: Report) -> dict[str, list[Cell]]:
    """表三 rows with every unreadable cell (``Report.unreadable``) as ``None``: an unknown cell is
    left out of every sum, as a blank one is. The table itself when nothing is unreadable."""
    rows = report.table3.rows
    if not report.unreadable:
        return rows
    out = {k: list(v) for k, v in rows.items()}
    for table, row, column in report.unreadable:
        if table == "3" and row in out and isinstance(column, int) and 0 <= column < len(out[row]):
            out[row][column] = None
    return out


def table4_cells(report: Report) -> list[Cell]:
    """表四 cells with unreadable ones as ``None``."""
    cells = report.table4.cells
    if not report.unreadable:
        return cells
    out = list(cells)
    for table, _row, column in report.unreadable:
        if table == "4" and isinstance(column, int) and 0 <= column < len(out):
            out[column] = None
    return out
