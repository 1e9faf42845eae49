"""What every rendering of an annual report shares: the title, the six parts in order, and the
three statutory tables as grids of cells with their merged header cells — the 2021 template's
layout (spec/domain.md §2), labels from :mod:`gongkai.law.formats`, never repeated here.

Each format module (html, docx, xlsx, txt) draws these grids; none of them knows a label.
A grid cell carries what the accessible HTML needs (``th`` with ``scope``, ``id``/``headers``)
and what Word and Excel need (row and column spans); the others ignore what they do not use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from gongkai.law.formats import (
    SECTIONS,
    TABLE2_ITEM_HEADER,
    TABLE3_COLUMN_GROUPS,
    TABLE3_COLUMNS,
    TABLE3_NOTE,
    TABLE3_RESULTS_HEADING,
    TABLE4_GROUPS,
    TABLE4_OUTCOMES,
    RowKind,
    Section,
)
from gongkai.law.report import Amount, Report, SectionText

TITLE_SUFFIX = "年政府信息公开工作年度报告"
TABLE_PARTS = ("二", "三", "四")  # the parts that hold a statutory table
# 表三's two column groups, as the template names them: 申请人情况 over all seven, 法人或其他组织 over five
_APPLICANT, _ORGANISATION = tuple(TABLE3_COLUMN_GROUPS)
# Table-residue lines a parser leaves in the text of parts 二–四 (「第二十条第(一)项」 …): not prose.
# Characters XML 1.0 cannot carry (Word, Excel and HTML would refuse or garble them): control
# characters a pasted text may hold. They are dropped from everything printed.
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_RESIDUE_RE = re.compile(r"^\s*第二十条第\s*[(（][一二三四五六七八九十]+[)）]\s*项\s*$")


@dataclass(frozen=True)
class Cell:
    text: str
    row: int  # top-left position in the grid
    col: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    scope: str | None = None  # "col" | "colgroup" | "row" | "rowgroup" for header cells
    id: str | None = None
    headers: tuple[str, ...] = ()  # ids of the header cells of a data cell
    numeric: bool = False


@dataclass(frozen=True)
class Grid:
    number: str  # the part: "二", "三", "四"
    caption: str  # the part's title, which the template prints above the table
    n_rows: int
    n_cols: int
    header_rows: int
    cells: tuple[Cell, ...]
    widths: tuple[float, ...] = ()  # relative column widths (sum 1)

    def rows(self) -> list[list[Cell]]:
        """Cells by the row they start in."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row].append(c)
        return out

    def text_rows(self) -> list[list[str]]:
        """Every grid position's text, a merged cell's text in its top-left position only (what
        Word writes when it saves a table as text)."""
        out = [[""] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row][c.col] = c.text
        return out


@dataclass(frozen=True)
class Part:
    section: Section
    paragraphs: tuple[str, ...]
    grid: Grid | None = None


@dataclass(frozen=True)
class Layout:
    title: str
    parts: tuple[Part, ...]
    agency: str
    date_line: str  # the signature's date, 「2023年1月3日」, or ""
    year: int | None = None
    grids: dict[str, Grid] = field(default_factory=dict)


def clean(text: str) -> str:
    return _NOT_XML_RE.sub("", text)


def title(report: Report) -> str:
    return f"{clean(report.agency)}{report.year if report.year is not None else ''}{TITLE_SUFFIX}"


def title_lines(report: Report) -> tuple[str, ...]:
    """The title broken as official documents print it, the agency on its own line: a reader of
    the printed page (the PDF reader) then finds the agency on the line above the year."""
    agency = clean(report.agency)
    if not agency:
        return (title(report),)
    return (agency, title(report)[len(agency) :])


def chinese_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def printed(value: Amount, raw: str | None = None) -> str:
    """A cell as a published report prints it: the number (amounts in plain decimals), the
    printed text of a cell that was not a number, or nothing."""
    if value is None:
        return clean(raw or "")
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def paragraphs(text: str | None, part: str) -> tuple[str, ...]:
    lines = [line.strip() for line in clean(text or "").splitlines()]
    if part in TABLE_PARTS:
        lines = [line for line in lines if not _RESIDUE_RE.match(line)]
    return tuple(line for line in lines if line)


def as_printed(report: Report) -> Report:
    """The report as its rendering prints it: every part under its template heading, in order
    (a part with no text is printed with its heading alone), so validating this is validating
    the published file."""
    sections = {
        s.number: SectionText(s.number, report.section_text(s.number) or "", s.heading, i)
        for i, s in enumerate(SECTIONS)
    }
    return replace(report, sections=sections)


def layout(report: Report) -> Layout:
    grids = {"二": table2_grid(report), "三": table3_grid(report), "四": table4_grid(report)}
    parts = tuple(
        Part(s, paragraphs(report.section_text(s.number), s.number), grids.get(s.number)) for s in SECTIONS
    )
    return Layout(
        title(report), parts, clean(report.agency), chinese_date(report.publication_date), report.year, grids
    )


# --- 表二 ---------------------------------------------------------------------------------------
def table2_grid(report: Report) -> Grid:
    t = report.table2
    width = 1 + max(len(item.columns) for item in t.format.table2)
    cells: list[Cell] = []
    r = 0
    for i, item in enumerate(t.format.table2):
        item_id = f"t2-i{i}"
        cells.append(Cell(item.article_item, r, 0, colspan=width, header=True, scope="colgroup", id=item_id))
        r += 1
        col_ids = []
        cells.append(Cell(TABLE2_ITEM_HEADER, r, 0, header=True, scope="col", id=f"{item_id}-h"))
        for j, col in enumerate(item.columns):
            span = width - 1 - j if j == len(item.columns) - 1 else 1
            col_ids.append(f"{item_id}-c{j}")
            cells.append(Cell(col, r, 1 + j, colspan=span, header=True, scope="col", id=col_ids[-1]))
        r += 1
        for k, row in enumerate(item.rows):
            row_id = f"{item_id}-r{k}"
            cells.append(
                Cell(row, r, 0, header=True, scope="row", id=row_id, headers=(item_id, f"{item_id}-h"))
            )
            for j, col in enumerate(item.columns):
                span = width - 1 - j if j == len(item.columns) - 1 else 1
                text = printed(t.values[row][col], t.raw.get((row, col)))
                cells.append(
                    Cell(text, r, 1 + j, colspan=span, headers=(item_id, col_ids[j], row_id), numeric=True)
                )
            r += 1
    return Grid("二", SECTIONS[1].heading, r, width, 0, tuple(cells), (0.34, 0.22, 0.22, 0.22)[:width])


# --- 表三 ---------------------------------------------------------------------------------------
def table3_grid(report: Report) -> Grid:
    t = report.table3
    rows = t.format.table3_rows
    head = 3
    cells: list[Cell] = [
        Cell(TABLE3_NOTE, 0, 0, rowspan=3, colspan=3, header=True, id="t3-note"),
        Cell(_APPLICANT, 0, 3, colspan=7, header=True, scope="colgroup", id="t3-applicant"),
        Cell(TABLE3_COLUMNS[0], 1, 3, rowspan=2, header=True, scope="col", id="t3-c0"),
        Cell(_ORGANISATION, 1, 4, colspan=5, header=True, scope="colgroup", id="t3-org"),
        Cell(TABLE3_COLUMNS[6], 1, 9, rowspan=2, header=True, scope="col", id="t3-c6"),
    ]
    cells += [
        Cell(label, 2, 4 + i, header=True, scope="col", id=f"t3-c{1 + i}")
        for i, label in enumerate(TABLE3_COLUMNS[1:6])
    ]
    column_headers = [("t3-applicant", "t3-c0")]
    column_headers += [("t3-applicant", "t3-org", f"t3-c{c}") for c in range(1, 6)]
    column_headers += [("t3-applicant", "t3-c6")]
    results = [r for r in rows if r.kind in (RowKind.RESULT, RowKind.TOTAL)]
    group_sizes: dict[str, int] = {}
    for row in rows:
        if row.group:
            group_sizes[row.group] = group_sizes.get(row.group, 0) + 1
    seen_groups: set[str] = set()
    for i, row in enumerate(rows):
        r = head + i
        row_id = f"t3-r{i}"
        row_headers: tuple[str, ...] = (row_id,)
        if row.kind in (RowKind.NEW, RowKind.CARRIED, RowKind.FORWARD):
            cells.append(Cell(row.label, r, 0, colspan=3, header=True, scope="row", id=row_id))
        else:
            if row is results[0]:
                cells.append(
                    Cell(
                        TABLE3_RESULTS_HEADING,
                        r,
                        0,
                        rowspan=len(results),
                        header=True,
                        scope="rowgroup",
                        id="t3-results",
                    )
                )
            if row.group:
                group_id = f"t3-g{list(group_sizes).index(row.group)}"
                if row.group not in seen_groups:
                    seen_groups.add(row.group)
                    cells.append(
                        Cell(
                            row.group,
                            r,
                            1,
                            rowspan=group_sizes[row.group],
                            header=True,
                            scope="rowgroup",
                            id=group_id,
                        )
                    )
                cells.append(Cell(row.label, r, 2, header=True, scope="row", id=row_id))
                row_headers = ("t3-results", group_id, row_id)
            else:
                cells.append(Cell(row.label, r, 1, colspan=2, header=True, scope="row", id=row_id))
                row_headers = ("t3-results", row_id)
        for c, value in enumerate(t.rows[row.key]):
            text = printed(value, t.raw.get((row.key, c)))
            cells.append(Cell(text, r, 3 + c, headers=column_headers[c] + row_headers, numeric=True))
    widths = (0.07, 0.1, 0.27) + (0.08,) * 7
    return Grid("三", SECTIONS[2].heading, head + len(rows), 10, head, tuple(cells), widths)


# --- 表四 ---------------------------------------------------------------------------------------
def table4_grid(report: Report) -> Grid:
    t = report.table4
    n = len(TABLE4_OUTCOMES)
    reconsideration, *litigation = TABLE4_GROUPS
    parent = litigation[0].parent
    cells: list[Cell] = [
        Cell(reconsideration.label, 0, 0, colspan=n, header=True, scope="colgroup", id="t4-g0"),
        Cell(parent, 0, n, colspan=n * len(litigation), header=True, scope="colgroup", id="t4-lit"),
    ]
    headers: list[tuple[str, ...]] = []
    for o, outcome in enumerate(TABLE4_OUTCOMES):
        cells.append(Cell(outcome, 1, o, rowspan=2, header=True, scope="col", id=f"t4-g0-o{o}"))
        headers.append(("t4-g0", f"t4-g0-o{o}"))
    for g, group in enumerate(litigation, start=1):
        cells.append(Cell(group.label, 1, g * n, colspan=n, header=True, scope="colgroup", id=f"t4-g{g}"))
        for o, outcome in enumerate(TABLE4_OUTCOMES):
            cells.append(Cell(outcome, 2, g * n + o, header=True, scope="col", id=f"t4-g{g}-o{o}"))
            headers.append(("t4-lit", f"t4-g{g}", f"t4-g{g}-o{o}"))
    for i, value in enumerate(t.cells):
        cells.append(Cell(printed(value, t.raw.get(i)), 3, i, headers=headers[i], numeric=True))
    return Grid("四", SECTIONS[3].heading, 4, n * len(TABLE4_GROUPS), 3, tuple(cells), (1 / 15,) * 15)
