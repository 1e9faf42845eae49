"""Rules N-01 … N-05 on the report's text (spec/domain.md §5).

N-01/N-02 compare what the text states (gongkai.law.narrative) with the tables; approximate
figures (「5500余条」) are never compared. N-03 counts the 汉字 of §一; N-04 needs the previous
year's report for the 「年年雷同」 comparison; N-05 is E for an agency's own report and W when
checking someone else's published report.

N-03 (「篇幅原则上不超过一千字」) and N-05 (§六 「收取信息处理费情况在此处报告」) are requirements
of the 2021 format (国办公开办函〔2021〕30号, spec §2.6), first applied to the 2021 reports; the
2019 and 2020 reports followed the 2019 试行 format, which asked neither, so both rules skip them.
"""

from __future__ import annotations

import re

from gongkai.law.formats import SECTIONS, TABLE3_COLUMN_GROUPS, TABLE3_COLUMNS, TABLE4_OUTCOMES, FormatId
from gongkai.law.narrative import (
    ALL_MAINTAINED,
    APPLICANT,
    CARRIED,
    FORWARD,
    LITIGATION,
    MAX_DIGITS,
    NONE_CORRECTED,
    NORMATIVE_DOCS,
    OUTCOME,
    PROCESSED,
    RECEIVED,
    RECONSIDERATION,
    REGULATIONS,
    Stated,
    fee_statement,
    stated_numbers,
)
from gongkai.law.report import TOTAL_COLUMN, Finding, Report
from gongkai.law.validation.common import ERROR, WARNING

SECTION1_MAX_HANZI = 1000  # 「篇幅原则上不超过一千字」
FIRST_2021_FORMAT_YEAR = 2021  # 国办公开办函〔2021〕30号: from the 2021 reports on
SECTION5_MIN_CHARS = 10
SECTION5_SIMILARITY = 0.85  # bigram Jaccard at or above which §五 counts as 「雷同」
PERCENT_TOLERANCE = 0.6  # percentage points: rounding to a whole percent plus slack
_LIMIT = 10**MAX_DIGITS

_HANZI = re.compile(r"[\u4e00-\u9fff]")
_SECTION6_NOTE = SECTIONS[5].note
_WS = re.compile(r"\s+")
_OUTCOME_PREFIX = {"予以公开": "三(一)", "部分公开": "三(二)", "不予公开": "三(三)", "无法提供": "三(四)"}
_OUTCOME_PREFIX |= {"不予处理": "三(五)", "其他处理": "三(六)"}
_SUB_INDEX = {"维持": 0, "纠正": 1, "其他结果": 2, "尚未审结": 3}


def _where(s: Stated) -> str:
    return f"第{s.section}部分「{s.snippet[:30]}」" if s.section else f"正文「{s.snippet[:30]}」"


def _bounded(value):
    """A table value the text could state (≤ ``MAX_DIGITS`` digits); None for one beyond it — such a
    cell is the tables' own finding, and a number past 4300 digits cannot even be printed."""
    if value is None or abs(value) >= _LIMIT:
        return None
    return value


def _t3(report: Report, key: str) -> int | None:
    return _bounded(report.table3.rows[key][TOTAL_COLUMN])


def _outcome_sum(report: Report, prefix: str) -> int | None:
    values = [row[TOTAL_COLUMN] for key, row in report.table3.rows.items() if key.startswith(prefix)]
    if not values or None in values:
        return None
    return _bounded(sum(values))  # type: ignore[arg-type]


def _t4_total(report: Report, groups: tuple[int, ...], outcome: int = 4) -> int | None:
    cells = report.table4.cells
    values = [cells[g * 5 + outcome] for g in groups]
    return None if None in values else _bounded(sum(values))  # type: ignore[arg-type]


def n_01(report: Report, stated: list[Stated] | None = None) -> list[Finding]:  # noqa: C901 - one branch per kind
    stated = stated if stated is not None else stated_numbers(_texts(report))
    new, carried, total, fwd = _t3(report, "一"), _t3(report, "二"), _t3(report, "三(七)"), _t3(report, "四")
    out: list[Finding] = []

    def mismatch(s: Stated, what: str, table_value: int | str) -> None:
        out.append(Finding("N-01", WARNING, f"正文称{what}{s.value}件，表格为{table_value}", _where(s)))

    for s in stated:
        if s.approximate or s.value is None:
            continue
        v = s.value
        if s.kind == RECEIVED and new is not None:
            ok = v == new or (carried is not None and carried > 0 and v == new + carried)
            if not ok:
                mismatch(
                    s,
                    "收到申请",
                    f"本年新收{new}件" + (f"（含上年结转共{new + carried}件）" if carried else ""),
                )
        elif s.kind == PROCESSED and total is not None:
            ok = v == total
            if s.detail in ("办理", "处理") and new is not None and carried is not None:
                ok = ok or v == new + carried
            if not ok:
                mismatch(s, s.detail or "办结", f"办理结果总计{total}件")
        elif s.kind == FORWARD and fwd is not None and v != fwd:
            mismatch(s, "结转下年度", f"结转下年度继续办理{fwd}件")
        elif s.kind == CARRIED and carried is not None and v != carried:
            mismatch(s, "上年结转", f"上年结转{carried}件")
        elif s.kind in (RECONSIDERATION, LITIGATION):
            groups = (0,) if s.kind == RECONSIDERATION else (1, 2)
            name = "行政复议" if s.kind == RECONSIDERATION else "行政诉讼"
            t = _t4_total(report, groups)
            if t is not None and v != t:
                mismatch(s, name, f"表四{name}总计{t}件")
            for label, n in s.sub:
                idx = _SUB_INDEX.get(label)
                if idx is None:
                    continue
                tv = _t4_total(report, groups, idx)
                if tv is not None and n != tv:
                    out.append(
                        Finding(
                            "N-01",
                            WARNING,
                            f"正文称{name}{label}{n}件，表四{name}「{TABLE4_OUTCOMES[idx]}」为{tv}件",
                            _where(s),
                        )
                    )
        elif s.kind == OUTCOME:
            # 「予以公开及部分公开42件」: one number for several outcomes
            parts = [_outcome_sum(report, _OUTCOME_PREFIX[d]) for d in s.detail.split("+")]
            tv = None if None in parts else sum(parts)  # type: ignore[arg-type]
            if tv is not None and v != tv:
                shown = s.detail.replace("+", "及")
                mismatch(s, shown, f"表三「{shown}」{tv}件")
            if s.percent is not None and total:
                actual = 100 * v / total
                if abs(actual - s.percent) > PERCENT_TOLERANCE:
                    out.append(
                        Finding(
                            "N-01",
                            WARNING,
                            f"正文称{s.detail.replace('+', '及')}{v}件占{s.percent:g}%，按办理结果总计{total}件应为{actual:.1f}%",
                            _where(s),
                        )
                    )
        elif s.kind == APPLICANT and new is not None:
            columns = [TABLE3_COLUMNS.index(c) for c in TABLE3_COLUMN_GROUPS.get(s.detail, (s.detail,))]
            tv = _sum_columns(report.table3.rows["一"], columns)
            ok = tv is None or v == tv
            if not ok:
                c = _sum_columns(report.table3.rows["二"], columns)
                ok = c is not None and v == tv + c  # type: ignore[operator]
            if not ok:
                mismatch(s, f"{s.detail}申请", f"表三本年新收「{s.detail}」{tv}件")
        elif s.kind in (REGULATIONS, NORMATIVE_DOCS) and report.table2.format.table2[0].rows:
            item = report.table2.format.table2[0]
            row_label = item.rows[0] if s.kind == REGULATIONS else item.rows[1]
            tv = _bounded(report.table2.values[row_label][item.columns[0]])
            if tv is not None and v != tv:
                mismatch(s, f"制发{row_label}", f"表二「{row_label}」{item.columns[0]}{tv}")
    return out


def _sum_columns(row: list[int | None], columns: list[int]) -> int | None:
    values = [row[c] for c in columns]
    return None if None in values else _bounded(sum(values))  # type: ignore[arg-type]


def n_02(report: Report, stated: list[Stated] | None = None) -> list[Finding]:
    """「均获维持」「无被纠错」 must agree with 表四."""
    stated = stated if stated is not None else stated_numbers(_texts(report))
    cells = report.table4.cells
    out = []
    for s in stated:
        if s.kind not in (ALL_MAINTAINED, NONE_CORRECTED):
            continue
        groups = {"复议": (0,), "诉讼": (1, 2)}.get(s.detail, (0, 1, 2))
        outcomes = (1, 2, 3) if s.kind == ALL_MAINTAINED else (1,)
        read = [(g, o, _bounded(cells[g * 5 + o])) for g in groups for o in outcomes]
        bad = [(g, o, v) for g, o, v in read if v not in (None, 0)]
        if bad:
            shown = "、".join(
                f"{('行政复议', '直接起诉', '复议后起诉')[g]}{TABLE4_OUTCOMES[o]}{n}件" for g, o, n in bad
            )
            claim = "均获维持" if s.kind == ALL_MAINTAINED else "没有被纠错"
            out.append(Finding("N-02", WARNING, f"正文称{claim}，但表四有{shown}", _where(s)))
    return out


def _2021_rules_apply(report: Report) -> bool:
    """The report year is 2021 or later (without a year: its 表三 is of the 2021 format)."""
    if report.year is not None:
        return report.year >= FIRST_2021_FORMAT_YEAR
    return report.format.id is FormatId.F2021


def n_03(report: Report) -> list[Finding]:
    if not _2021_rules_apply(report):
        return []
    text = report.section_text("一")
    if not text or len(text) <= SECTION1_MAX_HANZI:  # cannot hold more 汉字 than characters
        return []
    n = len(_HANZI.findall(text))
    if n <= SECTION1_MAX_HANZI:
        return []
    return [
        Finding(
            "N-03",
            WARNING,
            f"总体情况{n}字，超过「篇幅原则上不超过一千字」的要求",
            "第一部分 总体情况",
        )
    ]


def _bigrams(text: str) -> set[str]:
    t = "".join(text.split())
    return set(map(str.__add__, t, t[1:]))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of character bigrams (fast, order-insensitive enough for 雷同)."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 1.0 if x == y else 0.0
    return len(x & y) / len(x | y)


def n_04(report: Report, previous: Report | None = None) -> list[Finding]:
    text = report.section_text("五")
    where = "第五部分 存在的主要问题及改进情况"
    if text is None:
        return [Finding("N-04", WARNING, "缺少「存在的主要问题及改进情况」", where)]
    body = "".join(text.split())
    if len(body) < SECTION5_MIN_CHARS or body in ("无", "无。", "暂无", "没有"):
        return [
            Finding("N-04", WARNING, f"存在的主要问题及改进情况只有「{body}」，应实事求是、明确具体", where)
        ]
    before = previous.section_text("五") if previous is not None else None
    if before:
        sim = similarity(text, before)
        if sim >= SECTION5_SIMILARITY:
            return [
                Finding(
                    "N-04",
                    WARNING,
                    f"与上一年度报告的该部分相似度{sim:.0%}，不得「年年雷同」",
                    where,
                )
            ]
    return []


def n_05(report: Report, own_report: bool = False) -> list[Finding]:
    """§六 must state the 信息处理费 collected (even 「未收取」): any wording that states fee notices
    or amounts, or their absence (:func:`gongkai.law.narrative.fee_statement`). The template's own
    instruction 「（文字描述，收取信息处理费情况在此处报告。）」 is not a statement."""
    if not _2021_rules_apply(report):
        return []
    severity = ERROR if own_report else WARNING
    text = report.section_text("六")
    where = "第六部分 其他需要报告的事项"
    if text is None:
        return [Finding("N-05", severity, "缺少第六部分，未报告收取信息处理费情况", where)]
    if fee_statement(text) is not None:
        return []
    body = "".join(text.split()).replace(_SECTION6_NOTE, "").replace(_SECTION6_NOTE.strip("（）"), "")
    shown = body if len(body) <= 20 else body[:20] + "…"
    # only the template's instruction left in: say so, it is not blank
    what = f"「{shown}」" if shown else ("只有模板的说明文字" if text.strip() else "空白")
    return [
        Finding(
            "N-05",
            severity,
            f"第六部分（{what}）没有说明收取信息处理费情况（未收取也应写明）",
            where,
        )
    ]


def _texts(report: Report) -> dict[str, str]:
    return {n: s.text for n, s in report.sections.items()}


def check_narrative(
    report: Report, previous: Report | None = None, own_report: bool = False
) -> list[Finding]:
    stated = stated_numbers(_texts(report))
    return [
        *n_01(report, stated),
        *n_02(report, stated),
        *n_03(report),
        *n_04(report, previous),
        *n_05(report, own_report),
    ]
