"""Aggregation of several agencies' annual reports into one (汇总, 30号文 「逐级汇总」).

Tables are summed cell by cell; the narrative is not merged but kept per agency
(``Aggregation.narratives``) for the supervising office that writes the compiled report's text.

Formats: 表三 is summed in the 2021 structure when every part uses it; if any part has the 2019
single 「（六）其他处理」 row, all parts are summed in the 2019 structure (2021 （六）1–3 added
together), because the 2019 row cannot be split. 表二 is summed in the format of the report year;
parts whose 表二 is in the other format cannot be added label by label and are left out of 表二,
with a note. A blank cell of a part counts as 0 and is noted (it is that part's T3-04/T2-01 error).
Every such decision is recorded in ``report.notes`` so the validator shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.law.formats import (
    FORMAT_2019,
    SECTION_NUMBERS,
    TABLE4_WIDTH,
    FormatId,
    ReportFormat,
    format_for_year,
)
from gongkai.law.report import (
    N_COLUMNS,
    Finding,
    Report,
    ReportDataError,
    Table2,
    Table3,
    Table4,
)


@dataclass
class Aggregation:
    report: Report
    parts: list[Report]
    narratives: dict[str, dict[str, str | None]] = field(default_factory=dict)  # agency → {一…六: text}


def sum_table3(tables: Sequence[Table3], fmt: ReportFormat) -> tuple[Table3, int]:
    """Cell-by-cell sum in ``fmt``; returns the table and the number of blank cells counted as 0."""
    rows = {key: [0] * N_COLUMNS for key in fmt.table3_keys}
    blanks = 0
    for table in tables:
        t = table.to_format(fmt)
        for key, row in t.rows.items():
            acc = rows[key]
            for c, v in enumerate(row):
                if v is None:
                    blanks += 1
                else:
                    acc[c] += v
    return Table3(fmt, rows), blanks


def sum_table4(tables: Sequence[Table4]) -> tuple[Table4, int]:
    cells = [0] * TABLE4_WIDTH
    blanks = 0
    for table in tables:
        for i, v in enumerate(table.cells):
            if v is None:
                blanks += 1
            else:
                cells[i] += v
    return Table4(cells), blanks  # type: ignore[arg-type]


def sum_table2(tables: Sequence[Table2], fmt: ReportFormat) -> tuple[Table2, int]:
    table = Table2.zeros(fmt)
    blanks = 0
    for part in tables:
        for row, col, v in part.cells():
            if v is None:
                blanks += 1
                continue
            current = table.values[row][col]
            if isinstance(v, Decimal) or isinstance(current, Decimal):
                table.values[row][col] = Decimal(current or 0) + Decimal(v)
            else:
                table.values[row][col] = (current or 0) + v
    return table, blanks


def aggregate(reports: Sequence[Report], agency: str, year: int | None = None) -> Aggregation:
    """Sum ``reports`` (one per agency, same year) into the compiled report of ``agency``."""
    if not reports:
        raise ReportDataError("没有可汇总的报告")
    years = {r.year for r in reports if r.year is not None}
    if year is None:
        if len(years) != 1:
            raise ReportDataError(f"待汇总报告的年度不一致：{sorted(years)}")
        year = years.pop()
    else:
        wrong = [r.agency for r in reports if r.year is not None and r.year != year]
        if wrong:
            raise ReportDataError(f"以下单位的报告不是{year}年度的：{'、'.join(wrong)}")
    notes: list[Finding] = []

    fmt3 = format_for_year(year)
    if any(r.table3.format.id is FormatId.F2019 for r in reports):
        if fmt3.id is not FormatId.F2019:
            old = [r.agency for r in reports if r.table3.format.id is FormatId.F2019]
            notes.append(
                Finding(
                    "S-04",
                    "W",
                    f"{'、'.join(old)}的表三为2019年试行格式，汇总表三按该格式合并「（六）其他处理」",
                    "表三",
                )
            )
        fmt3 = FORMAT_2019
    table3, blanks3 = sum_table3([r.table3 for r in reports], fmt3)
    table4, blanks4 = sum_table4([r.table4 for r in reports])

    fmt2 = format_for_year(year)
    same = [r for r in reports if r.table2.format.id is fmt2.id]
    other = [r.agency for r in reports if r.table2.format.id is not fmt2.id]
    table2, blanks2 = sum_table2([r.table2 for r in same], fmt2)
    if other:
        notes.append(
            Finding(
                "S-05",
                "W",
                f"{'、'.join(other)}的表二格式与{fmt2.id.title}不同，未计入汇总表二",
                "表二",
            )
        )
    blanks = blanks2 + blanks3 + blanks4
    if blanks:
        notes.append(
            Finding("S-05", "W", f"下级报告中有{blanks}个空白单元格，汇总时按0计", "表二、表三、表四")
        )

    report = Report(
        agency=agency,
        year=year,
        table2=table2,
        table3=table3,
        table4=table4,
        compiled_from=tuple(r.agency for r in reports),
        notes=notes,
    )
    narratives: dict[str, dict[str, str | None]] = {}
    for i, r in enumerate(reports):
        name = r.agency if r.agency and r.agency not in narratives else f"{r.agency or '单位'}（{i + 1}）"
        narratives[name] = {n: r.section_text(n) for n in SECTION_NUMBERS}
    return Aggregation(report, list(reports), narratives)
