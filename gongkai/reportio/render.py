"""Check results for people: the text of ``gongkai check`` and the rows the web page shows."""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.law.formats import TABLE3_COLUMNS, TABLE4_GROUPS, TABLE4_OUTCOMES
from gongkai.law.report import Report
from gongkai.reportio.checking import SEVERITY_TEXT, CheckResult


def cell_text(value, raw: str | None = None, unreadable: bool = False) -> str:
    """What a reader sees for a cell: its number, its printed text, 空 (blank) or 无法识别
    (printed, but its digits ran together with no unique reading)."""
    if value is None:
        if unreadable:
            return "无法识别"
        return f"「{raw}」" if raw else "空"
    return str(value)


def table3_rows(report: Report) -> list[tuple[str, str, list[str]]]:
    """(key, label, printed cells) for every 表三 row."""
    t = report.table3
    return [
        (
            row.key,
            row.full_label,
            [
                cell_text(v, t.raw.get((row.key, c)), report.is_unreadable("3", row.key, c))
                for c, v in enumerate(t.rows[row.key])
            ],
        )
        for row in t.format.table3_rows
    ]


def table2_rows(report: Report) -> list[tuple[str, list[tuple[str, str]]]]:
    t = report.table2
    return [
        (
            row,
            [
                (col, cell_text(v, t.raw.get((row, col)), report.is_unreadable("2", row, col)))
                for col, v in cols.items()
            ],
        )
        for row, cols in t.values.items()
    ]


def table4_groups(report: Report) -> list[tuple[str, list[tuple[str, str]]]]:
    t = report.table4
    out = []
    for g, group in enumerate(TABLE4_GROUPS):
        cells = []
        for o, outcome in enumerate(TABLE4_OUTCOMES):
            i = g * len(TABLE4_OUTCOMES) + o
            cells.append((outcome, cell_text(t.cells[i], t.raw.get(i), report.is_unreadable("4", "", i))))
        out.append((group.full_label, cells))
    return out


def _width(s: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _width(s))


def render_text(results: Sequence[CheckResult]) -> str:
    lines: list[str] = []
    for r in results:
        lines.append(f"== {r.file}")
        if r.report is None:
            lines.append(f"  无法读取：{r.error}")
            lines.append("")
            continue
        rep = r.report
        fmt3 = rep.table3.format.id.title
        fmt2 = rep.table2.format.id.title
        lines.append(f"  机关：{rep.agency or '（未识别）'}　年度：{rep.year or '（未识别）'}")
        lines.append(f"  格式：表三 {fmt3}" + ("" if fmt2 == fmt3 else f"；表二 {fmt2}"))
        lines.append("  表二 主动公开政府信息情况：")
        rows2 = table2_rows(rep)
        label_width = max((_width(row) for row, _ in rows2), default=0) + 2
        for row, cells in rows2:
            lines.append("    " + _pad(row, max(16, label_width)) + "　".join(f"{c}={v}" for c, v in cells))
        lines.append("  表三 收到和处理政府信息公开申请情况（" + "、".join(TABLE3_COLUMNS) + "）：")
        for key, label, cells in table3_rows(rep):
            short = label if len(label) <= 18 else label[:17] + "…"
            lines.append("    " + _pad(key, 9) + _pad(short, 38) + " ".join(f"{v:>6}" for v in cells))
        lines.append("  表四 行政复议、行政诉讼情况：")
        for group, cells in table4_groups(rep):
            lines.append("    " + _pad(group, 30) + "　".join(f"{o}={v}" for o, v in cells))
        errors, warnings = len(r.errors), len(r.warnings)
        if not r.findings:
            lines.append("  未发现问题。")
        else:
            lines.append(f"  发现 {len(r.findings)} 个问题（错误 {errors}，警告 {warnings}）：")
            for f in r.findings:
                where = f"（位置：{f.where}）" if f.where else ""
                lines.append(f"    [{SEVERITY_TEXT.get(f.severity, f.severity)}] {f.rule} {f.message}{where}")
        lines.append("")
    total_errors = sum(len(r.errors) for r in results)
    unreadable = sum(1 for r in results if r.error)
    lines.append(
        f"共核查 {len(results)} 份：错误 {total_errors} 个，警告 {sum(len(r.warnings) for r in results)} 个"
        + (f"，无法读取 {unreadable} 份" if unreadable else "")
        + "。"
    )
    return "\n".join(lines) + "\n"
