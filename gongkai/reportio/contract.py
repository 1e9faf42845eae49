"""The check contract: one typed object per checked file (DESIGN.md "gongkai check --json").

``gongkai check --json``, ``POST /api/check`` and the web page's JSON download all build their
output here, so the three cannot disagree. Plain pydantic models (django-ninja uses them as its
schemas): the command line imports this without Django settings.

- ``table2``/``table3``/``table4`` hold numbers or null, as truth.json does; money (表二's 万元
  item, the 2019 采购总金额) is a decimal string ("18651.06"), never a float.
- ``raw`` holds the printed text of cells that are not numbers ("/", "—", "无", "" …);
  ``unreadable`` the cells printed but not readable (digits run together, a number too long).
- ``period``, ``publication_date``, ``table2_format`` are always present, null when unknown.
- ``error`` is set (and every table null) when the file could not be read as a report.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, Field

from gongkai.law.formats import TABLE3_COLUMNS, FormatId

if TYPE_CHECKING:
    from gongkai.law.report import Amount, Finding, Report
    from gongkai.reportio.checking import CheckResult

Money = Annotated[str, Field(pattern=r"^-?\d+(\.\d+)?$", description="金额（万元），十进制字符串")]


class Severity(StrEnum):
    E = "E"  # 错误
    W = "W"  # 警告


class FindingOut(BaseModel):
    rule: str = Field(description="规则编号（spec §5，如 T3-01）；PARSE 为读取说明")
    severity: Severity = Field(description="E 错误，W 警告")
    message: str
    where: str = Field(description="位置，如「表三 四「四、结转下年度继续办理」·自然人」")


class Table3Out(BaseModel):
    columns: list[str] = Field(
        description="列：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计"
    )
    rows: dict[str, list[int | None]] = Field(
        description="行号（一、二、三(一)、三(三)1 …）→ 7 个数，空白为 null"
    )


class RawCells(BaseModel):
    """Printed text of cells that are not numbers (their value in the table is null)."""

    table2: dict[str, dict[str, str]] = Field(default_factory=dict, description="行名 → 列名 → 原文")
    table3: dict[str, dict[int, str]] = Field(default_factory=dict, description="行号 → 列序号（0–6）→ 原文")
    table4: dict[int, str] = Field(default_factory=dict, description="序号（0–14）→ 原文")


class CellPlace(BaseModel):
    table: str = Field(description="表：2、3 或 4")
    row: str = Field(description="表三行号、表二行名；表四为空字符串")
    column: int | str = Field(description="表三、表四为列序号，表二为列名")


class CheckedReport(BaseModel):
    """One checked file: the tables as read and the findings, or ``error`` when unreadable."""

    file: str
    agency: str | None = Field(description="机关名称；未识别为 null")
    year: int | None
    format: FormatId | None = Field(description="表三的格式：2021 或 2019")
    table2_format: FormatId | None = Field(description="表二的格式（可能与表三不同）")
    period: tuple[date, date] | None = Field(description="报告所述统计期间 [起, 止]；未写明为 null")
    publication_date: date | None
    table2: dict[str, dict[str, int | Money | None]] | None = Field(
        description="行名 → 列名 → 数；金额为十进制字符串；空白为 null"
    )
    table3: Table3Out | None
    table4: list[int | None] | None = Field(
        description="15 个数：行政复议、未经复议直接起诉、复议后起诉 × 5 个结果"
    )
    raw: RawCells | None
    unreadable: list[CellPlace] = Field(description="印有但无法识别的单元格")
    findings: list[FindingOut]
    error: str | None = Field(None, description="无法读取时的中文说明")


def _money(v: Amount) -> int | str | None:
    return format(v, "f") if isinstance(v, Decimal) else v


def _finding(f: Finding) -> FindingOut:
    return FindingOut(rule=f.rule, severity=Severity(f.severity), message=f.message, where=f.where)


def _tables(report: Report) -> dict[str, Any]:
    t2, t3, t4 = report.table2, report.table3, report.table4
    raw = RawCells(table4=dict(t4.raw))
    for (row, col), text in t2.raw.items():
        raw.table2.setdefault(row, {})[col] = text
    for (key, col), text in t3.raw.items():
        raw.table3.setdefault(key, {})[col] = text
    return {
        "table2": {r: {c: _money(v) for c, v in cols.items()} for r, cols in t2.values.items()},
        "table3": Table3Out(columns=list(TABLE3_COLUMNS), rows={k: list(v) for k, v in t3.rows.items()}),
        "table4": list(t4.cells),
        "raw": raw,
        "unreadable": [
            CellPlace(table=t, row=r, column=c)
            for t, r, c in sorted(report.unreadable, key=lambda p: tuple(map(str, p)))
        ],
    }


def checked_report(result: CheckResult) -> CheckedReport:
    findings = [_finding(f) for f in result.findings]
    rep = result.report
    if rep is None:
        return CheckedReport(
            file=result.file,
            agency=None,
            year=None,
            format=None,
            table2_format=None,
            period=None,
            publication_date=None,
            table2=None,
            table3=None,
            table4=None,
            raw=None,
            unreadable=[],
            findings=findings,
            error=result.error,
        )
    return CheckedReport(
        file=result.file,
        agency=rep.agency or None,
        year=rep.year,
        format=rep.table3.format.id,
        table2_format=rep.table2.format.id,
        period=rep.period,
        publication_date=rep.publication_date,
        findings=findings,
        error=result.error,
        **_tables(rep),
    )


def to_json(result: CheckResult) -> dict[str, Any]:
    """The contract's JSON object (dates ISO, money strings) for one result."""
    return checked_report(result).model_dump(mode="json")


def report_to_json(report: Report, findings: Sequence[Finding], file: str = "") -> dict[str, Any]:
    """The contract's object for a report made here (not read from a file), e.g. the annual
    report a draft renders, with the findings of its validation."""
    from gongkai.reportio.checking import CheckResult

    return to_json(CheckResult(file, report, list(findings)))


def dumps(data: Any, indent: int | None = 1) -> str:
    """JSON text of contract objects: Chinese kept readable, and never Infinity or NaN."""
    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)


def dumps_results(results: Sequence[CheckResult]) -> str:
    return dumps([to_json(r) for r in results])


__all__ = ["CheckedReport", "FindingOut", "RawCells", "Severity", "checked_report", "dumps", "report_to_json", "to_json"]
