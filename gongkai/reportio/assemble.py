"""Readings and text → the report model of gongkai.law, with the findings of reading it.

Everything the parser notices about the document itself — a misprinted header (T2-01), a missing
table or row, a label that differs from the template, cells recovered from run-together digits
or left blank because no unique split exists — goes into ``Report.notes`` as a Finding, and
the validator passes them on with its own.
"""

from __future__ import annotations

import re
import time

from gongkai.law.formats import (
    FORMAT_2019,
    FORMAT_2021,
    TABLE2_2019,
    TABLE2_2021,
    TABLE2_RENAMED_ROWS,
    TABLE3_COLUMNS,
    TABLE4_GROUPS,
    TABLE4_OUTCOMES,
    TABLE4_WIDTH,
    format_for_year,
)
from gongkai.law.report import (
    TOTAL_COLUMN,
    Report,
    SectionText,
    Table2,
    Table3,
    Table4,
    parse_amount,
    parse_count,
    parse_signed,
    table4_label,
)
from gongkai.law.validation.common import t3_where
from gongkai.law.validation.table3 import result_keys, t3_01_failures, t3_02_failures
from gongkai.reportio.blocks import Document
from gongkai.reportio.errors import UnreadableReport
from gongkai.reportio.flat import read_flat
from gongkai.reportio.labels import cell_kind, row_label_for, split_unit, squash
from gongkai.reportio.readings import Reading, Readings
from gongkai.reportio.sections import (
    expand_agency,
    find_period,
    find_sections,
    find_title,
    parse_date,
    section_bodies,
    split_signature,
)
from gongkai.reportio.splitting import (
    MAX_ROW_DIGITS,
    MAX_SOLUTIONS,
    GroupReading,
    SplitTimeout,
    agreed,
    combine,
    place_blanks,
    table2_splits,
    table3_row_splits,
    table4_group_readings,
    table4_splits,
)
from gongkai.reportio.stated_cells import choose_by_text, narrative_sentences
from gongkai.reportio.tables import read_grids

N3 = 7
SPLIT_SECONDS = 1.0  # all split searches of one report together (表二, 表三, 表四)
_2021_OTHER = ("三(六)1", "三(六)2", "三(六)3")
_SECTION_OF_TABLE = {"2": "二", "3": "三", "4": "四"}


def build_report(doc: Document, source: str | None = None) -> Report:
    lines = doc.paragraphs()
    text = "\n".join(lines)
    readings = read_grids(doc.grids())
    if _incomplete(readings):
        readings.fill_from(read_flat(_table_region(text)))
    found = find_sections(text)
    if not (readings.table2 or readings.table3 or readings.table4) and len(found) < 3:
        raise UnreadableReport(
            "这不是政府信息公开工作年度报告：没有找到年报的章节标题和统计表（表二、表三、表四）。"
        )

    agency, year = find_title(lines, doc.title)
    first = found[0].start if found else min(len(text), 3000)
    title_at = text.find(agency) if agency else -1
    agency = expand_agency(agency, text[max(0, title_at) : first + 300])
    period = find_period(text)
    if year is None and period is not None:
        year = period[0].year
    report = Report(agency=agency, year=year, period=period, source=source)
    report.publication_date = parse_date(doc.published)

    renumbered = [f for f in found if f.renumbered]
    if renumbered:
        # sections of the report's own before the template's: one finding, not one per heading
        report.note(
            "S-01",
            "E",
            "报告自行增加了部分，其后各部分编号顺延："
            + "；".join(
                f"「{f.printed_number}、{f.heading.split('、', 1)[1]}」应为第{f.number}部分"
                for f in renumbered
            )
            + "（格式规定为六个部分）。",
            "全文结构",
        )
    bodies = section_bodies(text, found)
    for number, (body, heading, position) in bodies.items():
        if number == "六":
            body, signed = split_signature(body)
            report.publication_date = report.publication_date or signed
        report.sections[number] = SectionText(number, body, heading, position)

    # one time budget for every split search of the document: a hostile upload holds a worker ≤ 2 s
    deadline = time.monotonic() + SPLIT_SECONDS
    report.table2 = _table2(readings, report, narrative_sentences(text), deadline)
    report.table3 = _table3(readings, report, deadline)
    report.table4 = _table4(readings, report, deadline)
    for label in readings.unknown_rows[:5]:
        report.note("PARSE", "W", f"表三中有一行无法对应到任何法定行名：「{label}」，其数字未计入。", "表三")
    return report


def _incomplete(r: Readings) -> bool:
    have3 = set(r.table3)
    full3 = set(FORMAT_2021.table3_keys) <= have3 or set(FORMAT_2019.table3_keys) <= have3
    return not full3 or r.table4 is None or len(r.table2) < 6


def _table_region(text: str) -> str:
    """From 「二、主动公开…」 to 「五、存在的主要问题…」, where tables live (whole text if unsure)."""
    found = {s.number: s for s in find_sections(text)}
    start = found["二"].start if "二" in found else 0
    end = found["五"].start if "五" in found and found["五"].start > start else len(text)
    return text[start:end]


def _absent(report: Report, table: str, places, name: str) -> None:
    """A table the document does not print (表四 given as a sentence, a 2019 report without 表四):
    one S-01 finding — none when its whole section is missing, which S-01 reports already; its
    cells were never printed, so they are neither blank nor summed."""
    if _SECTION_OF_TABLE[table] in report.sections or not report.sections:
        report.note("S-01", "E", f"没有找到{name}的统计表（报告中没有该表的数字），该表未核查。", name[:2])
    for row, column in places:
        report.mark_unreadable(table, row, column)


# --- table 三 ---------------------------------------------------------------------------------
def _table3(readings: Readings, report: Report, deadline: float) -> Table3:
    keys = set(readings.table3)
    if keys & set(_2021_OTHER):
        fmt = FORMAT_2021
    elif "三(六)" in keys:
        fmt = FORMAT_2019
    else:
        fmt = format_for_year(report.year) if report.year else FORMAT_2021
    table = Table3.blank(fmt)
    if not readings.table3:
        _absent(
            report, "3", [(key, None) for key in fmt.table3_keys], "表三「收到和处理政府信息公开申请情况」"
        )
        return table

    fixed: dict[str, list[int | None]] = {}
    candidates: dict[str, list[list[int]]] = {}
    recovered: list[str] = []
    out_of_time: list[str] = []
    for row in fmt.table3_rows:
        r = readings.table3.get(row.key)
        if r is None:
            # not printed at all: one finding here, and no 「空白」 for cells that were never there
            report.note(
                "T3-04", "E", f"表三缺少「{row.full_label}」行，该行数字无法读取。", f"表三「{row.label}」行"
            )
            report.mark_unreadable("3", row.key)
            continue
        if not r.exact:
            report.note(
                "S-01",
                "W",
                f"表三行名「{squash(r.printed)}」与模板「{row.label}」不符（按模板行读取）。",
                f"表三「{row.label}」行",
            )
        chunks = _spaced(report, r, N3, f"表三「{row.label}」行")
        if len(chunks) == N3:
            for c, text in enumerate(chunks):
                value, raw = parse_count(text)
                table.set(row.key, c, value, raw if value is None else None)
            continue
        digits = [c for c in chunks if c]
        all_digits = bool(digits) and len(digits) == len(chunks) and all(c.isdigit() for c in digits)
        n_digits = sum(map(len, digits))
        if all_digits and r.origin == "flat" and n_digits < N3:
            # a crawler's text lost a cell: which one is unknown, so the row is unknown
            report.note(
                "PARSE",
                "W",
                f"表三「{row.label}」行只有 {n_digits} 位数字「{' '.join(digits)}」，少于 7 个单元格，"
                "无法确定缺少的是哪一格，该行留空。",
                f"表三「{row.label}」行",
            )
            report.mark_unreadable("3", row.key)
            continue
        if all_digits and n_digits >= N3:
            try:
                options = table3_row_splits(digits, deadline)
            except SplitTimeout:
                out_of_time.append(row.key)
                report.mark_unreadable("3", row.key)
                continue
            if len(options) == 1:
                fixed[row.key] = list(options[0])
                recovered.append(row.key)
            elif options:
                candidates[row.key] = options
            elif n_digits > MAX_ROW_DIGITS:
                report.note(
                    "PARSE",
                    "W",
                    f"表三「{row.label}」行连在一起的数字有 {n_digits} 位，不是表格的一行，该行留空。",
                    f"表三「{row.label}」行",
                )
                report.mark_unreadable("3", row.key)
            else:
                # every split breaks 总计 = Σ six columns: the row itself cannot add up
                report.note(
                    "T3-03",
                    "E",
                    f"本行数字「{''.join(digits)}」连在一起，无论怎样拆分为 7 格，六类申请人之和都不等于总计："
                    "该行数字不能成立，单元格无法分开（留空）",
                    t3_where(fmt, row.key, TOTAL_COLUMN),
                )
                report.mark_unreadable("3", row.key)
            continue
        report.note(
            "PARSE",
            "W",
            f"表三「{row.label}」行只读到 {len(chunks)} 个单元格（应为 7 个），缺少的单元格留空。",
            f"表三「{row.label}」行",
        )
        for c, text in enumerate(chunks[:N3]):
            value, raw = parse_count(text)
            table.set(row.key, c, value, raw if value is None else None)

    for key, values in fixed.items():
        for c, v in enumerate(values):
            table.set(key, c, v)
    if candidates:
        try:
            chosen, how, broken = _resolve(table, fmt, candidates, deadline)
        except SplitTimeout:
            out_of_time += list(candidates)
            for key in candidates:
                report.mark_unreadable("3", key)
            candidates, chosen, how, broken = {}, None, "", set()
        if chosen is None:
            _keep_agreed(table, fmt, candidates, report)
            _unsplittable_sums(table, fmt, list(candidates), broken, report)
        else:
            for key, values in chosen.items():
                for c, v in enumerate(values):
                    table.set(key, c, v)
                recovered.append(f"{key}（{how}）")
    if recovered:
        report.note(
            "PARSE",
            "W",
            "表三的单元格数字连在一起（网页文本丢失了表格分隔），已按行列勾稽关系唯一拆分："
            + "、".join(recovered)
            + "。请与原件核对。",
            "表三",
        )
    if out_of_time:
        _out_of_time(report, "表三", [f"「{fmt.table3_row(k).label}」行" for k in out_of_time])
    return table


def _keep_agreed(table: Table3, fmt, candidates: dict[str, list[list[int]]], report: Report) -> None:
    """Rows with several splits: every cell on which all splits agree is kept, the rest unknown."""
    for key, options in candidates.items():
        label = fmt.table3_row(key).label
        known = agreed(options) if len(options) <= MAX_SOLUTIONS else [None] * N3
        for c, v in enumerate(known):
            if v is None:
                report.mark_unreadable("3", key, c)
            else:
                table.set(key, c, v)
        unknown = [TABLE3_COLUMNS[c] for c, v in enumerate(known) if v is None]
        report.note(
            "PARSE",
            "W",
            f"表三「{label}」行的数字连在一起，有 {len(options)} 种以上拆分都满足“总计=各列之和”，无法唯一确定，"
            f"{'、'.join(unknown)}{'列' if len(unknown) < N3 else ''}留空"
            + ("（其余各列在每种拆分中都相同，已读出）。" if len(unknown) < N3 else "。"),
            f"表三「{label}」行",
        )


def _unsplittable_sums(table: Table3, fmt, keys: list[str], broken: set[str], report: Report) -> None:
    """No choice of splits of the run-together rows satisfies T3-02 (or T3-01): the table cannot
    add up whatever those cells are — an arithmetic error, reported here unless the validator
    already reports the same identity over cells that were read."""
    rows = {
        k: [None if report.is_unreadable("3", k, c) else v for c, v in enumerate(r)]
        for k, r in table.rows.items()
    }
    labels = "、".join(f"「{fmt.table3_row(k).label}」" for k in keys)
    if "T3-02" in broken and next(t3_02_failures(rows, result_keys(fmt)), None) is None:
        report.note(
            "T3-02",
            "E",
            f"{labels}行的数字连在一起，无论怎样拆分，各列办理结果之和都不等于（七）总计："
            "表格自身的合计关系不成立，这些单元格无法分开（留空）",
            t3_where(fmt, "三(七)"),
        )
    if "T3-01" in broken and next(t3_01_failures(rows), None) is None:
        report.note(
            "T3-01",
            "E",
            f"{labels}行的数字连在一起，无论怎样拆分，各列“本年新收+上年结转=办理结果总计+结转下年度”都不成立："
            "这些单元格无法分开（留空）",
            "表三",
        )


def _spaced(report: Report, r: Reading, width: int, where: str) -> list[str]:
    """The printed chunks of a row, with the blank cells its whitespace runs place (flat text)."""
    chunks = [squash(c) for c in r.chunks]
    cells = place_blanks(chunks, r.runs, width)
    if cells is None:
        return chunks
    report.note(
        "PARSE",
        "W",
        f"{where}的数字之间的空白显示有 {cells.count('')} 个空白单元格，已按其位置读取，请与原件核对。",
        where,
    )
    return cells


def _out_of_time(report: Report, table: str, what: list[str]) -> None:
    report.note(
        "PARSE",
        "W",
        f"{table}{'、'.join(what)}的数字连在一起，拆分用时已达每份报告的上限，未能读出，留空。",
        table,
    )


def _resolve(table: Table3, fmt, candidates: dict[str, list[list[int]]], deadline: float):
    """Pick one split per ambiguous row so that the column identities (the validator's T3-01 and
    T3-02) hold: (chosen rows or None, how, the identities that no choice satisfies)."""
    results = result_keys(fmt)
    base = table.rows

    def t3_02_holds(rows: dict[str, list[int]]) -> bool:
        return next(t3_02_failures({**base, **rows}, results), None) is None

    def t3_01_holds(rows: dict[str, list[int]]) -> bool:
        return next(t3_01_failures({**base, **rows}), None) is None

    tiers = (
        ("行列勾稽关系", None, lambda rows: t3_02_holds(rows) and t3_01_holds(rows)),
        ("列合计关系", "T3-02", t3_02_holds),
        ("第一项加第二项等于第三项加第四项", "T3-01", t3_01_holds),
    )
    broken: set[str] = set()
    for how, identity, check in tiers:
        found = combine(candidates, check, deadline=deadline)
        if found is None:  # too many choices to try: nothing is known about the sums
            return None, "", set()
        if len(found) == 1:
            return found[0], how, set()
        if len(found) > 1:  # several choices: what the earlier tiers found unsatisfiable still is
            return None, "", broken
        if identity:
            broken.add(identity)
    return None, "", broken


# --- table 二 ---------------------------------------------------------------------------------
def _table2(readings: Readings, report: Report, sentences: list[str], deadline: float) -> Table2:
    only19 = {r for i in TABLE2_2019 for r in i.rows} - {r for i in TABLE2_2021 for r in i.rows}
    # the printed column headers say which format; only without them do the row labels decide
    # (a 2021 table may keep the 2019 row label 「规范性文件」)
    has2021 = any(h[2] == "2021" for h in readings.table2_headers)
    is2019 = any(h[2] == "2019" for h in readings.table2_headers) or (
        not has2021 and bool(set(readings.table2) & only19)
    )
    fmt = FORMAT_2019 if is2019 else FORMAT_2021
    table = Table2.blank(fmt)
    for printed, template, _fmt, exact in readings.table2_headers:
        if not exact:
            report.note(
                "T2-01",
                "E",
                f"表二表头印作「{squash(printed)}」，模板为「{template}」。",
                f"表二「{template}」列",
            )
    if not readings.table2:
        _absent(report, "2", fmt.table2_cells(), "表二「主动公开政府信息情况」")
        return table
    for item in fmt.table2:
        for row in item.rows:
            r = readings.table2.get(row)
            old_label = _OLD_ROW_LABELS.get(row) if fmt is FORMAT_2021 else None
            if r is None and old_label and old_label in readings.table2:
                r = readings.table2[old_label]
                report.note(
                    "T2-01",
                    "E",
                    f"表二行名印作「{old_label}」（2019年试行格式的行名），模板为「{row}」（按模板行读取）。",
                    f"表二「{row}」行",
                )
            if r is None:
                report.note("T2-01", "E", f"表二缺少「{row}」行。", f"表二「{row}」行")
                # its cells are not given, not blank: the missing row is the one error
                for col in item.columns:
                    report.mark_unreadable("2", row, col)
                continue
            cols = readings.table2_columns.get(row) or list(item.columns)
            if sorted(cols) != sorted(item.columns):
                cols = list(item.columns)
            chunks = _spaced(report, r, len(cols), f"表二「{row}」行")
            kinds = [_column_kind(table, row, col) for col in cols]
            if len(chunks) < len(cols) and chunks and all(_NUMERIC_CHUNK.match(c) for c in chunks):
                try:
                    options = _plausible(table2_splits(chunks, kinds, deadline), cols)
                except SplitTimeout:
                    _out_of_time(report, "表二", [f"「{row}」行"])
                    for col in cols:
                        report.mark_unreadable("2", row, col)
                    continue
                known = agreed(options) if 0 < len(options) <= MAX_SOLUTIONS else [None] * len(cols)
                chosen = (
                    choose_by_text(options, cols, row, sentences) if len(options) <= MAX_SOLUTIONS else None
                )
                if chosen is not None:
                    known, confirmed = chosen
                    report.note(
                        "PARSE",
                        "W",
                        f"表二「{row}」行的数字「{''.join(chunks)}」连在一起，有 {len(options)} 种拆分；"
                        f"报告正文写明了{'、'.join(confirmed)}，"
                        + (
                            f"据此拆分为 {'、'.join(map(str, known))}，"
                            if None not in known
                            else "据此读出"
                            + "、".join(f"{c}={v}" for c, v in zip(cols, known, strict=True) if v is not None)
                            + f"，{'、'.join(c for c, v in zip(cols, known, strict=True) if v is None)}留空，"
                        )
                        + "请与原件核对。",
                        f"表二「{row}」行",
                    )
                elif len(options) == 1:
                    if len(cols) > 1:
                        report.note(
                            "PARSE",
                            "W",
                            f"表二「{row}」行的数字连在一起，已唯一拆分为 {'、'.join(map(str, options[0]))}。",
                            f"表二「{row}」行",
                        )
                else:
                    unknown = [col for col, v in zip(cols, known, strict=True) if v is None]
                    report.note(
                        "PARSE",
                        "W",
                        f"表二「{row}」行的数字「{''.join(chunks)}」连在一起，无法唯一拆分为 {len(cols)} 个数，"
                        f"{'、'.join(unknown)}留空。",
                        f"表二「{row}」行",
                    )
                for col, v in zip(cols, known, strict=True):
                    if v is None:
                        report.mark_unreadable("2", row, col)
                    else:
                        table.set(row, col, v)
                continue
            for col, kind, printed in zip(cols, kinds, chunks, strict=False):
                parse = {"money": parse_amount, "signed": parse_signed}.get(kind, parse_count)
                text, unit = split_unit(printed)
                value, raw = parse(text)
                if value is not None and unit == "元" and "万元" in col:
                    # a 万元 column printed in 元: convert, and say so
                    value = value / 10000
                    report.note(
                        "PARSE",
                        "W",
                        f"表二「{row}」「{col}」印作「{squash(printed)}」（单位为元），已折算为 {value} 万元。",
                        f"表二「{row}」行",
                    )
                if value is not None and kind != "money" and cell_kind(text) != "number":
                    value = None
                table.set(row, col, value, raw if value is None else None)
    return table


# 2021 row ← the 2019 trial format's label for the same row, kept by some 2021-format tables
_OLD_ROW_LABELS = TABLE2_RENAMED_ROWS
_NUMERIC_CHUNK = re.compile(r"^[-+]?\d+(?:\.\d+)?$")


def _plausible(options: list[list], cols: list[str]) -> list[list]:
    """Drop the splits no real table can hold, unless that would drop them all: this year's newly
    published documents are part of the total published (2019 format 「本年新公开数量」 ≤
    「对外公开总数量」), a count of items cannot fall below zero (「上一年项目数量」 + 「本年增/减」), and
    the documents in force at the year's end include this year's that were not repealed (2021 format
    「现行有效件数」 ≥ 「本年制发件数」 − 「本年废止件数」: 「8028」 is 8|0|28, not 80|2|8)."""

    def fits(option: list) -> bool:
        cell = dict(zip(cols, option, strict=True))
        if {"本年新公开数量", "对外公开总数量"} <= cell.keys() and cell["本年新公开数量"] > cell[
            "对外公开总数量"
        ]:
            return False
        if {"上一年项目数量", "本年增/减"} <= cell.keys() and cell["上一年项目数量"] + cell["本年增/减"] < 0:
            return False
        if {"本年制发件数", "本年废止件数", "现行有效件数"} <= cell.keys() and (
            cell["现行有效件数"] < cell["本年制发件数"] - cell["本年废止件数"]
        ):
            return False
        return True

    kept = [o for o in options if fits(o)]
    return kept or options


def _column_kind(table: Table2, row: str, column: str) -> str:
    if table.is_money(row, column):
        return "money"
    return "signed" if table.is_signed(column) else "count"


# --- table 四 ---------------------------------------------------------------------------------
def _table4(readings: Readings, report: Report, deadline: float) -> Table4:
    table = Table4()
    r: Reading | None = readings.table4
    if r is None:
        _absent(report, "4", [("", None)], "表四「政府信息公开行政复议、行政诉讼情况」")
        return table
    chunks = _spaced(report, r, TABLE4_WIDTH, "表四")
    if len(chunks) < 15 and chunks and all(c.isdigit() for c in chunks):
        try:
            options = table4_splits(chunks, deadline)
            groups = table4_group_readings(chunks, deadline) if len(options) != 1 else []
        except SplitTimeout:
            _out_of_time(report, "表四", [])
            report.mark_unreadable("4", "")
            return table
        if len(options) == 1:
            report.note(
                "PARSE", "W", "表四的数字连在一起，已按各组“总计=四项之和”唯一拆分，请与原件核对。", "表四"
            )
            chunks = [str(v) for v in options[0]]
        else:
            why = "有多种拆分" if options else "没有满足各组合计关系的拆分"
            return _table4_by_group(table, groups, f"表四的数字「{''.join(chunks)}」连在一起，{why}", report)
    elif len(chunks) != 15:
        report.note(
            "PARSE", "W", f"表四只读到 {len(chunks)} 个单元格（应为 15 个），缺少的单元格留空。", "表四"
        )
    for i, text in enumerate(chunks[:15]):
        value, raw = parse_count(text)
        table.set(i, value, raw if value is None else None)
    return table


def _table4_by_group(table: Table4, groups: list[GroupReading], why: str, report: Report) -> Table4:
    """Keep every cell on which all readings agree; the others stay unknown (not blank). A group
    that cannot add up in any reading is a T4-01 error even when its cells cannot be separated."""
    width = len(TABLE4_OUTCOMES)
    read, partly, unknown = [], [], []
    for g, group in enumerate(groups):
        label = TABLE4_GROUPS[g].full_label
        for i, v in enumerate(group.cells):
            if v is None:
                report.mark_unreadable("4", "", g * width + i)
            else:
                table.set(g * width + i, v)
        if None not in group.cells:
            read.append(label)
            continue
        (partly if group.known else unknown).append(label)
        if group.broken:
            report.note(
                "T4-01",
                "E",
                f"{label}的数字连在一起，无论怎样拆分，结果维持+结果纠正+其他结果+尚未审结都不等于总计："
                "该组数字不能成立，单元格无法分开（留空）",
                f"表四 {label}·总计",
            )
    if not read and not partly:
        report.note("PARSE", "W", f"{why}，表四留空。", "表四")
        return table
    report.note(
        "PARSE",
        "W",
        f"{why}；"
        + (f"已按唯一读法读出{'、'.join(read)}；" if read else "")
        + (f"{'、'.join(partly)}只读出各种读法中相同的单元格，其余留空；" if partly else "")
        + (f"{'、'.join(unknown)}无法唯一拆分，留空；" if unknown else "")
        + "请与原件核对。",
        "表四",
    )
    return table


__all__ = ["build_report", "table4_label", "row_label_for"]
