"""Rules S-01 … S-05 on the report as a whole (spec/domain.md §5).

What each needs from the data, and when it is skipped:
- S-01: sections present (always); order only when a parser recorded positions; headings only
  when a parser recorded the printed heading.
- S-02: the statistics period a parser found in the text (``Report.period``); skipped without it.
- S-03: ``publication_date``; with ``agency_level`` the deadline of that level (30号文 §二),
  without it the statutory outer limit 3月31日 (第四十九条), which no level may pass.
- S-04: the formats of 表二 and 表三 against the year.
- S-05: an aggregated report and its parts (``parts``); skipped without parts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from gongkai.law.formats import FORMAT_2019, SECTIONS, TABLE3_COLUMNS, FormatId, format_for_year
from gongkai.law.report import Finding, Report, table4_label
from gongkai.law.validation.common import ERROR, WARNING, t3_where

# 30号文 §二: (month, day) of the year after the report year, by agency level.
PUBLICATION_DEADLINES: dict[str, tuple[int, int]] = {
    "department": (1, 31),  # 县级以上人民政府部门（乡镇参照）
    "county": (2, 20),  # 县级政府（汇总）
    "prefecture": (3, 10),  # 地市级政府
    "province": (3, 31),  # 省级政府
    "vertical": (3, 31),  # 垂直管理系统
}
LEVEL_NAMES = {"department": "政府部门", "county": "县级政府", "prefecture": "地市级政府"}
LEVEL_NAMES |= {"province": "省级政府", "vertical": "垂直管理系统"}
STATUTORY_LIMIT = (3, 31)  # 第四十九条


def deadline_class(is_government: bool, level: str) -> str:
    """The key of :data:`PUBLICATION_DEADLINES` for an agency: a 人民政府 at a level the table names
    publishes (its compiled report) by that level's date; every other agency — departments, and
    乡镇 governments, which 「参照」 departments — by 1月31日."""
    return (
        level if is_government and level in PUBLICATION_DEADLINES and level != "department" else "department"
    )


_HEADING_NOISE = re.compile(r"[\s　]+")
_BRACKETS = str.maketrans("()", "（）")


def _norm_heading(text: str) -> str:
    return _HEADING_NOISE.sub("", text).translate(_BRACKETS).replace("．", "、").replace(".", "、")


_ACCEPTED_HEADINGS = {
    s.number: {_norm_heading(s.heading), _norm_heading(s.heading + s.note)} for s in SECTIONS
}


def _reworded_tail(title: str, printed: str) -> bool:
    """The template title's subject (its part before 「及」) printed whole, followed by other words
    after 「及」: a reworded heading, not a misprint of the subject (「行政法复议」 stays an error)."""
    subject, joined, _rest = title.partition("及")
    if not joined:
        return False
    at = printed.find(_norm_heading(subject) + "及")
    return at >= 0 and len(printed) > at + len(subject) + 1


def _conjoined(title: str, printed: str) -> bool:
    """The template title with its enumeration comma said as a word (「行政复议与行政诉讼情况」,
    「行政复议及行政诉讼情况」): the same items, reworded."""
    template = _norm_heading(title)
    if "、" not in template:
        return False
    variants = [template.replace("、", word) for word in ("与", "及", "和")]
    # only the section number (「四、」) may come before it
    return any(printed.endswith(v) and len(printed) - len(v) <= 2 for v in variants)


def s_01(report: Report) -> list[Finding]:
    out = []
    for s in SECTIONS:
        found = report.sections.get(s.number)
        if found is None:
            out.append(Finding("S-01", ERROR, f"缺少第{s.number}部分「{s.heading}」", f"第{s.number}部分"))
            continue
        if found.heading is not None and _norm_heading(found.heading) not in _ACCEPTED_HEADINGS[s.number]:
            # the whole template title with words added (「政府信息公开工作存在的主要问题及改进情况」,
            # the wording of the reports before 2021) is a warning; other wording is an error
            printed = _norm_heading(found.heading)
            extended = _norm_heading(s.title) in printed
            # 「存在的主要问题及明年工作计划」: the subject before 「及」 kept, the rest reworded
            reworded = not extended and (_reworded_tail(s.title, printed) or _conjoined(s.title, printed))
            out.append(
                Finding(
                    "S-01",
                    WARNING if extended or reworded else ERROR,
                    f"标题「{found.heading.strip()}」与格式规定的「{s.heading}」不一致"
                    + ("（含规定标题，另有多余文字）" if extended else "")
                    + ("（主题相同，措辞不同）" if reworded else ""),
                    f"第{s.number}部分",
                )
            )
    positioned = [(sec.position, sec.number) for sec in report.sections.values() if sec.position is not None]
    order = [n for _, n in sorted(positioned)]
    expected = [s.number for s in SECTIONS if s.number in order]
    if order != expected:
        out.append(
            Finding(
                "S-01",
                ERROR,
                f"各部分顺序为{'、'.join(order)}，应为{'、'.join(expected)}",
                "全文结构",
            )
        )
    return out


def s_02(report: Report) -> list[Finding]:
    if report.period is None or report.year is None:
        return []
    start, end = report.period
    if start == date(report.year, 1, 1) and end == date(report.year, 12, 31):
        return []
    # 「2019年9月1日至2019年12月31日」: an agency set up during the year (机构改革) reports from its
    # start to the year's end — a period the text must explain, not a wrong one
    late_start = date(report.year, 1, 1) < start <= end == date(report.year, 12, 31)
    return [
        Finding(
            "S-02",
            WARNING if late_start else ERROR,
            f"统计期限为{start.isoformat()}至{end.isoformat()}，应为{report.year}年1月1日至12月31日"
            + ("（如本机关年内新设立，请在报告中说明）" if late_start else ""),
            "报告开头 统计期限",
        )
    ]


def s_03(report: Report) -> list[Finding]:
    if report.publication_date is None or report.year is None:
        return []
    level = report.agency_level
    month, day = PUBLICATION_DEADLINES.get(level or "", STATUTORY_LIMIT)
    deadline = date(report.year + 1, month, day)
    if report.publication_date <= deadline:
        return []
    basis = f"{LEVEL_NAMES[level]}应于" if level in LEVEL_NAMES else "按《条例》第四十九条最迟应于"
    return [
        Finding(
            "S-03",
            ERROR,
            f"发布日期{report.publication_date.isoformat()}晚于期限：{basis}{deadline.isoformat()}前公布",
            "发布日期",
        )
    ]


def s_04(report: Report) -> list[Finding]:
    if report.year is None:
        return []
    prescribed = format_for_year(report.year)
    if prescribed.id is not FormatId.F2021:
        return []
    out = []
    for name, fmt in (("表三", report.table3.format), ("表二", report.table2.format)):
        if fmt.id is not FormatId.F2021:
            detail = "「（六）其他处理」未分为三个子项" if name == "表三" else "栏目为2019年试行格式"
            out.append(
                Finding(
                    "S-04",
                    WARNING,
                    f"{report.year}年度报告应使用{prescribed.id.title}，{name}使用了{fmt.id.title}（{detail}）",
                    name,
                )
            )
    return out


def s_05(report: Report, parts: Sequence[Report] | None) -> list[Finding]:
    """Each 表三/表四 cell of a compiled report == the sum over its parts (blank cells count as 0
    in the sum; a part's blanks are that part's T3-04 finding)."""
    if not parts:
        return []
    fmt = report.table3.format
    if any(p.table3.format.id is not fmt.id for p in parts):
        fmt = FORMAT_2019  # compare in the 2019 row structure, which every table converts into
    mine = report.table3.to_format(fmt)
    theirs = [p.table3.to_format(fmt) for p in parts]
    out = []
    for key in fmt.table3_keys:
        for c in range(len(TABLE3_COLUMNS)):
            have = mine.rows[key][c]
            want = sum(t.rows[key][c] or 0 for t in theirs)
            if have is not None and have != want:
                out.append(
                    Finding(
                        "S-05",
                        WARNING,
                        f"汇总报告为{have}，{len(parts)}个单位报告之和为{want}",
                        t3_where(fmt, key, c),
                    )
                )
    for i, have in enumerate(report.table4.cells):
        want = sum(p.table4.cells[i] or 0 for p in parts)
        if have is not None and have != want:
            out.append(
                Finding(
                    "S-05",
                    WARNING,
                    f"汇总报告为{have}，{len(parts)}个单位报告之和为{want}",
                    f"表四 {table4_label(i)}",
                )
            )
    return out


def check_structure(report: Report, parts: Sequence[Report] | None = None) -> list[Finding]:
    return [*s_01(report), *s_02(report), *s_03(report), *s_04(report), *s_05(report, parts)]
