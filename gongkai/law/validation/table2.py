"""Rules T2-01 … T2-03 on 表二 (spec/domain.md §5).

T2-01 on data checks what data can show — every cell filled, counts whole and non-negative,
amounts non-negative. Header misprints (「本年度止件数」) exist only in the printed document: the
parser that reads them reports them as T2-01 notes on the report (``Report.notes``), which the
validator passes on. T2-03 compares with the agency's records and runs only when they are given.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from gongkai.law.formats import FormatId
from gongkai.law.report import Finding, Report
from gongkai.law.validation.common import ERROR, WARNING

# T2-02 is 「heuristic only — fails in real reports after clean-ups and amendments」 (spec §5): the
# stock of 现行有效 documents drifts from last year's stock + 本年制发 − 本年废止 without any error,
# as 行政规范性文件 lapse when their 有效期 ends and a revision replaces a document without a 废止
# being counted. A gap up to this share of last year's stock is such drift and is not reported,
# in either direction and for 规章 and 行政规范性文件 alike; under 20 documents (5% < 1) the stock
# must add up exactly.
T2_02_TOLERANCE_PERCENT = 5


def _item1(report: Report) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    if report.table2.format.id is not FormatId.F2021:
        return None
    item = report.table2.format.table2[0]
    return item.rows, item.columns  # columns: 本年制发件数, 本年废止件数, 现行有效件数


def t2_01(report: Report) -> list[Finding]:
    table = report.table2
    out = []
    for row, cols in table.values.items():
        problems = []
        money = False
        for col, v in cols.items():
            money = money or table.is_money(row, col)
            raw = table.raw.get((row, col))
            if v is None and report.is_unreadable("2", row, col):
                continue  # printed but unreadable (run-together digits): unknown, not blank
            if v is None:
                problems.append(f"「{col}」{'空白' if not raw else f'为「{raw}」'}")
            elif v < 0 and not table.is_signed(col):
                problems.append(f"「{col}」为负数{v}")
            elif not table.is_money(row, col) and isinstance(v, Decimal) and v != v.to_integral_value():
                problems.append(f"「{col}」应为整数，却是{v}")
        if problems:
            if table.is_money(row):
                unit = "（金额以万元计）"  # the 2021 表二's 「本年收费金额（单位：万元）」
            elif money:
                unit = "（数量为非负整数，金额为非负数，没有的填0）"  # 2019 采购总金额: the template gives no unit
            else:
                unit = "（件数为非负整数，没有的填0）"
            out.append(Finding("T2-01", ERROR, f"{'；'.join(problems)}{unit}", f"表二「{row}」"))
    return out


def t2_02(report: Report, previous: Report | None) -> list[Finding]:
    """现行有效 (Y) ≈ 现行有效 (Y−1) + 本年制发 (Y) − 本年废止 (Y), within ``T2_02_TOLERANCE_PERCENT``
    of 现行有效 (Y−1). Heuristic (W): clean-ups and amendments break it in real reports. Both years
    must use the 2021 表二."""
    if previous is None:
        return []
    if report.year is not None and previous.year is not None and previous.year != report.year - 1:
        return []
    mine, theirs = _item1(report), _item1(previous)
    if mine is None or theirs is None:
        return []
    rows, (issued_col, repealed_col, valid_col) = mine
    out = []
    for row in rows:
        issued = report.table2.values[row][issued_col]
        repealed = report.table2.values[row][repealed_col]
        valid = report.table2.values[row][valid_col]
        before = previous.table2.values[row][valid_col]
        if None in (issued, repealed, valid, before):
            continue
        expected = before + issued - repealed  # type: ignore[operator]
        allowed = abs(before) * T2_02_TOLERANCE_PERCENT // 100  # type: ignore[operator]
        if abs(valid - expected) > allowed:  # type: ignore[operator]
            margin = (
                f"（相差超过上年{valid_col}的{T2_02_TOLERANCE_PERCENT}%即{allowed}件）" if allowed else ""
            )
            out.append(
                Finding(
                    "T2-02",
                    WARNING,
                    f"上年{valid_col}{before}+{issued_col}{issued}−{repealed_col}{repealed}={expected}，"
                    f"本年报告为{valid}{margin}；如有清理或修订请在正文说明",
                    f"表二「{row}」·{valid_col}",
                )
            )
    return out


def t2_03(report: Report, records: Mapping[str, int] | None) -> list[Finding]:
    """行政许可/行政处罚/行政强制 counts must include every decision (disclosed or not) as of 12-31:
    compared with the counts of the agency's records {row label: count}. Skipped without them."""
    if not records:
        return []
    out = []
    for row, count in records.items():
        if row not in report.table2.values:
            continue
        for col, v in report.table2.values[row].items():
            # the decision-count column (2021: 本年处理决定数量; 2019: 处理决定数量)
            if not col.endswith("处理决定数量"):
                continue
            if v is not None and v != count:
                out.append(
                    Finding(
                        "T2-03",
                        WARNING,
                        f"记录中截至12月31日的处理决定共{count}件（含依法未公开的），报告为{v}件",
                        f"表二「{row}」·{col}",
                    )
                )
    return out


def check_table2(
    report: Report, previous: Report | None = None, records: Mapping[str, int] | None = None
) -> list[Finding]:
    return [*t2_01(report), *t2_02(report, previous), *t2_03(report, records)]
