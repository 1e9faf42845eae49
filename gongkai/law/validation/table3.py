"""Rules T3-01 … T3-08 on 表三 (spec/domain.md §5).

Blank cells are reported once, by T3-04; the arithmetic rules skip any identity that involves a
blank cell instead of guessing a number for it. Cells a parser could not read
(``Report.unreadable``) are unknown, not blank: no rule reports them and no sum includes them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from gongkai.law.formats import TABLE3_COLUMNS, FormatId, ReportFormat, RowKind
from gongkai.law.narrative import fee_statement
from gongkai.law.report import TOTAL_COLUMN, Cell, Finding, Report
from gongkai.law.validation.common import ERROR, WARNING, t3_column_where, t3_where, table3_rows

# T3-06: share of 「其他」 in （七）总计 above which the agency should explain it.
OTHER_SHARE_LIMIT = 0.10
# T3-08: the 20 + 20 working days of 第三十三条 are about 8 of 52 weeks; below MIN nothing is flagged.
FORWARD_WEEKS = 8
FORWARD_MIN = 3


_LAYOUTS: dict[FormatId, tuple[tuple[str, ...], str]] = {}


def _layout(fmt: ReportFormat) -> tuple[tuple[str, ...], str]:
    """Result leaf keys and the 「其他」 row of a format (cached by id: hashing a format is slow)."""
    layout = _LAYOUTS.get(fmt.id)
    if layout is None:
        results = tuple(r.key for r in fmt.table3_rows if r.kind is RowKind.RESULT)
        layout = _LAYOUTS[fmt.id] = (results, "三(六)" if fmt.id is FormatId.F2019 else "三(六)3")
    return layout


def _fmt_values(values: list[int]) -> str:
    return "+".join(str(v) for v in values)


def t3_01_failures(rows: Mapping[str, Sequence[Cell]]) -> Iterator[tuple[int, int, int, int, int]]:
    """(column, 一, 二, （七）总计, 四) of every column where 一 + 二 ≠ （七）总计 + 四, lazily; a column
    with a blank cell is skipped. Also what a parser asks of a split (gongkai.reportio)."""
    for c, (a, b, t, f) in enumerate(zip(rows["一"], rows["二"], rows["三(七)"], rows["四"], strict=True)):
        if a is not None and b is not None and t is not None and f is not None and a + b != t + f:
            yield c, a, b, t, f


def t3_02_failures(
    rows: Mapping[str, Sequence[Cell]], results: Sequence[str]
) -> Iterator[tuple[int, int, int]]:
    """(column, Σ result leaves, （七）总计) of every column where they differ, lazily; a column with
    a blank cell is skipped. ``results``: the format's result leaf keys (:func:`result_keys`)."""
    # column-wise through zip: one C-level pass instead of 7 × 21 lookups
    for c, (t, values) in enumerate(
        zip(rows["三(七)"], zip(*(rows[k] for k in results), strict=True), strict=True)
    ):
        if t is None or None in values:
            continue
        s = sum(values)  # type: ignore[arg-type]
        if s != t:
            yield c, s, t


def result_keys(fmt: ReportFormat) -> tuple[str, ...]:
    return _layout(fmt)[0]


def t3_01(report: Report) -> list[Finding]:
    """一 + 二 == （七）总计 + 四, per column."""
    out = []
    for c, a, b, t, f in t3_01_failures(table3_rows(report)):
        out.append(
            Finding(
                "T3-01",
                ERROR,
                f"「{TABLE3_COLUMNS[c]}」列：本年新收{a}+上年结转{b}={a + b}，"
                f"但办理结果总计{t}+结转下年度{f}={t + f}，勾稽关系不成立",
                t3_column_where(c),
            )
        )
    return out


def t3_02(report: Report) -> list[Finding]:
    """（七）总计 == Σ result leaves, per column."""
    table = report.table3
    out = []
    for c, s, t in t3_02_failures(table3_rows(report), result_keys(table.format)):
        out.append(
            Finding(
                "T3-02",
                ERROR,
                f"「{TABLE3_COLUMNS[c]}」列：各项办理结果之和为{s}，与（七）总计{t}不符",
                t3_where(table.format, "三(七)", c),
            )
        )
    return out


def t3_03(report: Report) -> list[Finding]:
    """总计 column == Σ six applicant columns, per row."""
    table = report.table3
    out = []
    for key, row in table3_rows(report).items():
        t = row[TOTAL_COLUMN]
        parts = row[:TOTAL_COLUMN]
        if t is None or None in parts:
            continue
        s = sum(parts)  # type: ignore[arg-type]
        if s != t:
            out.append(
                Finding(
                    "T3-03",
                    ERROR,
                    f"六类申请人之和{_fmt_values(parts)}={s}，与总计{t}不符",  # type: ignore[arg-type]
                    t3_where(table.format, key, TOTAL_COLUMN),
                )
            )
    return out


def t3_04(report: Report) -> list[Finding]:
    """Every cell an integer ≥ 0: blank, "/", "-" … are errors (one finding per row). Unreadable
    cells are not blank: the document printed something there."""
    table = report.table3
    out = []
    for key, row in table.rows.items():
        if None not in row and min(row) >= 0:  # type: ignore[type-var]
            continue
        bad = [
            c
            for c, v in enumerate(row)
            if (v is None and not report.is_unreadable("3", key, c)) or (v is not None and v < 0)
        ]
        if not bad:
            continue
        shown = []
        for c in bad:
            raw = table.raw.get((key, c))
            what = "空白" if not raw else f"「{raw}」"
            if row[c] is not None:
                what = f"负数{row[c]}"
            shown.append(f"{TABLE3_COLUMNS[c]}（{what}）")
        out.append(
            Finding(
                "T3-04",
                ERROR,
                f"应填非负整数（没有的填0），以下单元格不是：{'、'.join(shown)}",
                t3_where(table.format, key),
            )
        )
    return out


def t3_05(report: Report, previous: Report | None) -> list[Finding]:
    """二、上年结转 (Y) == 四、结转下年度 (Y−1), per column. Skipped without a previous report,
    or when the previous report is not of the year before or of another agency."""
    if previous is None:
        return []
    if report.year is not None and previous.year is not None and previous.year != report.year - 1:
        return []
    if report.agency and previous.agency and report.agency != previous.agency:
        return []
    carried = report.table3.rows["二"]
    fwd = previous.table3.rows["四"]
    out = []
    for c in range(len(TABLE3_COLUMNS)):
        a, b = carried[c], fwd[c]
        if a is None or b is None or a == b:
            continue
        out.append(
            Finding(
                "T3-05",
                ERROR,
                f"「{TABLE3_COLUMNS[c]}」列：本年上年结转{a}件，但{previous.year or '上一'}年度报告结转下年度{b}件",
                t3_where(report.table3.format, "二", c),
            )
        )
    return out


def t3_06(report: Report) -> list[Finding]:
    """「其他」处理 share of （七）总计 should be small (国办公开办函〔2019〕60号)."""
    table = report.table3
    _, other_key = _layout(table.format)
    other = table.rows[other_key][TOTAL_COLUMN]
    total = table.rows["三(七)"][TOTAL_COLUMN]
    if not other or not total or other / total <= OTHER_SHARE_LIMIT:
        return []
    return [
        Finding(
            "T3-06",
            WARNING,
            f"「其他」处理{other}件，占办理结果总计{total}件的{other / total:.0%}，偏高，应说明情况"
            f"（原则上所有申请都应按法定方式处理）",
            t3_where(table.format, other_key, TOTAL_COLUMN),
        )
    ]


def t3_07(report: Report) -> list[Finding]:
    """（六）2 > 0 (dropped for unpaid fees) → §六 must speak of 收费通知 / 信息处理费."""
    table = report.table3
    if "三(六)2" not in table.rows:
        return []
    n = table.rows["三(六)2"][TOTAL_COLUMN]
    if not n:
        return []
    # 「无收取信息处理费情况」 names the fee but says no notice went out: as silent as no statement
    fees = fee_statement(report.section_text("六"))
    if fees is not None and fees.reports_notices:
        return []
    said = f"称「{fees.snippet}」，" if fees is not None else ""
    return [
        Finding(
            "T3-07",
            WARNING,
            f"表三有{n}件申请因逾期未缴纳费用不再处理，但第六部分{said}未说明收费通知或信息处理费情况",
            t3_where(table.format, "三(六)2", TOTAL_COLUMN),
        )
    ]


def t3_08(report: Report, previous: Report | None = None) -> list[Finding]:
    """结转 plausible w.r.t. 20 + 20 working days: applications carried into next year should be
    about those received in the last ~8 weeks (heuristic)."""
    rows = report.table3.rows
    out = []
    new, fwd = rows["一"][TOTAL_COLUMN], rows["四"][TOTAL_COLUMN]
    if new is not None and fwd is not None and fwd >= FORWARD_MIN and fwd > new * FORWARD_WEEKS / 52:
        out.append(
            Finding(
                "T3-08",
                WARNING,
                f"结转下年度{fwd}件，多于按全年新收{new}件估计的最后{FORWARD_WEEKS}周收件数"
                f"（约{new * FORWARD_WEEKS / 52:.0f}件）；答复期限最长20+20个工作日，请核实",
                t3_where(report.table3.format, "四", TOTAL_COLUMN),
            )
        )
    if previous is not None and (report.year is None or previous.year in (None, report.year - 1)):
        carried = rows["二"][TOTAL_COLUMN]
        prev_new = previous.table3.rows["一"][TOTAL_COLUMN]
        if (
            carried is not None
            and prev_new is not None
            and carried >= FORWARD_MIN
            and carried > prev_new * FORWARD_WEEKS / 52
        ):
            out.append(
                Finding(
                    "T3-08",
                    WARNING,
                    f"上年结转{carried}件，多于按上一年度新收{prev_new}件估计的最后{FORWARD_WEEKS}周收件数，请核实",
                    t3_where(report.table3.format, "二", TOTAL_COLUMN),
                )
            )
    return out


def check_table3(report: Report, previous: Report | None = None) -> list[Finding]:
    return [
        *t3_01(report),
        *t3_02(report),
        *t3_03(report),
        *t3_04(report),
        *t3_05(report, previous),
        *t3_06(report),
        *t3_07(report),
        *t3_08(report, previous),
    ]
