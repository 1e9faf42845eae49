"""Rules T4-01 … T4-03 on 表四 (spec/domain.md §5).

T4-01 needs only the table. T4-02 and T4-03 are about the cases behind the numbers: they run
when the caller passes the agency's case records (:class:`Table4Case`, what the litigation
tracker stores) and are skipped otherwise — a published report alone cannot show them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from gongkai.law.formats import TABLE4_GROUPS, TABLE4_OUTCOMES
from gongkai.law.report import Finding, Report, Table4, table4_label
from gongkai.law.validation.common import ERROR, WARNING, table4_cells

_N_OUT = len(TABLE4_OUTCOMES)
# 《行政复议法》(2023) 第二十三条（四） 复议前置, in force from this day.
RECONSIDERATION_FIRST_FROM = date(2024, 1, 1)


def t4_01(report: Report) -> list[Finding]:
    """Each group: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 == 总计. Unreadable cells are skipped
    (neither blank nor summed)."""
    cells = table4_cells(report)
    out = []
    for g, group in enumerate(TABLE4_GROUPS):
        part = cells[g * _N_OUT : g * _N_OUT + _N_OUT - 1]
        total = cells[g * _N_OUT + _N_OUT - 1]
        if total is None or None in part:
            if any(v is None for v in cells[g * _N_OUT : (g + 1) * _N_OUT]):
                blanks = [
                    TABLE4_OUTCOMES[i]
                    for i, v in enumerate(cells[g * _N_OUT : (g + 1) * _N_OUT])
                    if v is None and not report.is_unreadable("4", "", g * _N_OUT + i)
                ]
                if not blanks:
                    continue
                out.append(
                    Finding(
                        "T4-01",
                        ERROR,
                        f"{group.full_label}有空白单元格（{'、'.join(blanks)}），无法核对；没有的应填0",
                        f"表四 {group.full_label}",
                    )
                )
            continue
        s = sum(part)  # type: ignore[arg-type]
        if s != total:
            out.append(
                Finding(
                    "T4-01",
                    ERROR,
                    f"{group.full_label}：结果维持{part[0]}+结果纠正{part[1]}+其他结果{part[2]}+尚未审结{part[3]}"
                    f"={s}，与总计{total}不符",
                    f"表四 {group.full_label}·总计",
                )
            )
        negatives = [
            table4_label(g * _N_OUT + i) for i, v in enumerate(part + [total]) if v is not None and v < 0
        ]
        if negatives:
            out.append(
                Finding("T4-01", ERROR, f"不能为负数：{'、'.join(negatives)}", f"表四 {group.full_label}")
            )
    return out


@dataclass(frozen=True)
class Table4Case:
    """One 复议 or 诉讼 case as the tracker records it.

    ``kind``: "reconsideration" | "litigation_direct" | "litigation_after_reconsideration" (the
    table 四 group keys); ``outcome``: one of TABLE4_OUTCOMES except 总计 (尚未审结 while pending
    on 12-31); ``as_reconsideration_body``: this agency is sued only as the 复议机关 co-defendant
    (30号文: count only the original actor's case); ``dispute_date``: when the contested act
    happened (复议前置 applies from 2024-01-01); ``nondisclosure``: the act was 不予公开.
    """

    kind: str
    outcome: str
    as_reconsideration_body: bool = False
    dispute_date: date | None = None
    nondisclosure: bool = False
    reference: str = ""  # case number, for messages


def table4_from_cases(cases: Iterable[Table4Case]) -> Table4:
    """表四 from case records: 复议机关 co-defendant cases are not counted (T4-02)."""
    groups = [g.key for g in TABLE4_GROUPS]
    table = Table4.zeros()
    for case in cases:
        if case.as_reconsideration_body:
            continue
        g = groups.index(case.kind)
        o = TABLE4_OUTCOMES.index(case.outcome)
        if o == _N_OUT - 1:
            raise ValueError("案件结果不能是「总计」")
        table.cells[g * _N_OUT + o] += 1  # type: ignore[operator]
        table.cells[g * _N_OUT + _N_OUT - 1] += 1  # type: ignore[operator]
    return table


def t4_02(report: Report, cases: Iterable[Table4Case] | None) -> list[Finding]:
    """Cases where the agency is only the 复议机关 co-defendant must not be counted: the report's
    表四 must equal the table built from the cases without them. Skipped without case data."""
    if cases is None:
        return []
    cases = list(cases)
    expected = table4_from_cases(cases)
    counted_twice = [c for c in cases if c.as_reconsideration_body]
    out = []
    for i, (have, want) in enumerate(zip(report.table4.cells, expected.cells, strict=True)):
        if have is not None and have != want:
            hint = "（作为复议机关共同被告的案件不应计入）" if counted_twice else ""
            out.append(
                Finding(
                    "T4-02",
                    WARNING,
                    f"按案件记录应为{want}件，报告为{have}件{hint}",
                    f"表四 {table4_label(i)}",
                )
            )
    return out


def t4_03(report: Report, cases: Iterable[Table4Case] | None) -> list[Finding]:
    """Disputes after 2024-01-01 about 不予公开 go through 复议 first (复议前置): such suits belong
    under 复议后起诉, not 未经复议直接起诉. Skipped without case data."""
    if cases is None:
        return []
    out = []
    for case in cases:
        if (
            case.kind == "litigation_direct"
            and case.nondisclosure
            and case.dispute_date is not None
            and case.dispute_date >= RECONSIDERATION_FIRST_FROM
            and not case.as_reconsideration_body
        ):
            out.append(
                Finding(
                    "T4-03",
                    WARNING,
                    f"案件{case.reference or ''}：2024年1月1日以后因不予公开引发的争议应先申请行政复议"
                    f"（《行政复议法》第二十三条第一款第（四）项），不应计入「未经复议直接起诉」",
                    "表四 行政诉讼（未经复议直接起诉）",
                )
            )
    return out


def check_table4(report: Report, cases: Iterable[Table4Case] | None = None) -> list[Finding]:
    cases = list(cases) if cases is not None else None
    return [*t4_01(report), *t4_02(report, cases), *t4_03(report, cases)]
