"""Rules T4-01 … T4-04 on 表四 (spec/domain.md §5).

T4-01 and T4-04 need only the table. T4-02 and T4-03 are about the cases behind the numbers: they run
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
    """Each group: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 == 总计 — only for a group whose five
    cells were all read; blank cells are T4-04's, unreadable ones nobody's."""
    cells = table4_cells(report)
    out = []
    for g, group in enumerate(TABLE4_GROUPS):
        *part, total = cells[g * _N_OUT : (g + 1) * _N_OUT]
        if total is None or None in part:
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
    return out


def t4_04(report: Report) -> list[Finding]:
    """Every 表四 cell an integer ≥ 0: blank, "/", "-" … and negatives are errors (one finding per
    group). Unreadable cells are not blank: the document printed something there."""
    table = report.table4
    out = []
    for g, group in enumerate(TABLE4_GROUPS):
        shown = []
        for i in range(g * _N_OUT, (g + 1) * _N_OUT):
            v = table.cells[i]
            if v is None and not report.is_unreadable("4", "", i):
                raw = table.raw.get(i)
                shown.append(f"{TABLE4_OUTCOMES[i - g * _N_OUT]}（{'空白' if not raw else f'「{raw}」'}）")
            elif v is not None and v < 0:
                shown.append(f"{TABLE4_OUTCOMES[i - g * _N_OUT]}（负数{v}）")
        if shown:
            out.append(
                Finding(
                    "T4-04",
                    ERROR,
                    f"应填非负整数（没有的填0），以下单元格不是：{'、'.join(shown)}",
                    f"表四 {group.full_label}",
                )
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


def table4_from_cases(cases: Iterable[Table4Case], *, count_codefendant: bool = False) -> Table4:
    """表四 from case records: 复议机关 co-defendant cases are not counted (T4-02) unless
    ``count_codefendant`` asks for the table as a report that counts them twice would print it."""
    groups = [g.key for g in TABLE4_GROUPS]
    table = Table4.zeros()
    for case in cases:
        if case.as_reconsideration_body and not count_codefendant:
            continue
        g = groups.index(case.kind)
        o = TABLE4_OUTCOMES.index(case.outcome)
        if o == _N_OUT - 1:
            raise ValueError("案件结果不能是「总计」")
        table.cells[g * _N_OUT + o] += 1  # type: ignore[operator]
        table.cells[g * _N_OUT + _N_OUT - 1] += 1  # type: ignore[operator]
    return table


def t4_02(report: Report, cases: Iterable[Table4Case] | None) -> list[Finding]:
    """The double count 30号文 names: cases in which the agency is sued only as the 复议机关
    co-defendant counted in its 表四. Fires on a cell that equals the count with those cases and
    not the count without them; any other difference from the records is not this rule's.
    Skipped without case data."""
    if cases is None:
        return []
    cases = list(cases)
    if not any(c.as_reconsideration_body for c in cases):
        return []
    expected = table4_from_cases(cases)
    doubled = table4_from_cases(cases, count_codefendant=True)
    out = []
    for i, (have, want, twice) in enumerate(
        zip(report.table4.cells, expected.cells, doubled.cells, strict=True)
    ):
        if have is not None and have == twice != want:
            out.append(
                Finding(
                    "T4-02",
                    WARNING,
                    f"报告为{have}件，其中{twice - want}件是本机关作为复议机关的共同被告案件，"  # type: ignore[operator]
                    f"只应计入原行为机关，应为{want}件",
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
    return [*t4_01(report), *t4_04(report), *t4_02(report, cases), *t4_03(report, cases)]
