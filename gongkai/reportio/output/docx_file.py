"""The report as a Word file in the official layout (党政机关公文格式 GB/T 9704-2012): A4, margins
天头 37 mm, 订口 28 mm (版心 156 × 225 mm); title in 方正小标宋简体 二号, part headings in 黑体 三号,
text in 仿宋_GB2312 三号 with a two-character indent, page numbers 「— 1 —」 at the foot; the
three tables with the 2021 template's merged header cells. Fonts are named for East Asian text
(``w:eastAsia``), so Word and WPS use them for Chinese rather than the Latin font; LibreOffice
substitutes an installed CJK font when these are missing.
"""

from __future__ import annotations

import io

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from gongkai.law.report import Report
from gongkai.reportio.output.layout import Cell, Grid, layout, title_lines

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"  # digits and Latin letters, as agencies' templates set them
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(9)  # 小五: the 10-column 表三 must fit the 156 mm 版心
BODY_LINE = Pt(28)  # 22 lines a page on the 225 mm 版心
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
TEXT_WIDTH = Mm(156)


def set_fonts(element, east_asian: str, size=None, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a run's or a style's ``rPr``: ``w:eastAsia`` for Chinese, Latin for
    the rest (python-docx's ``font.name`` sets only the Latin ones)."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size.pt * 2)))


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer)


def _page_number(paragraph) -> None:
    """「— PAGE —」 as a field, which Word, WPS and LibreOffice fill in."""
    paragraph.add_run("— ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText" if text == "PAGE" else "w:t")
            el.text = text
        run._r.append(el)
    paragraph.add_run(" —")
    for r in paragraph.runs:
        set_fonts(r._r, "宋体", Pt(14))


def _styles(document) -> None:
    normal = document.styles["Normal"]
    set_fonts(normal.element, BODY_FONT, BODY_SIZE)
    lang = OxmlElement("w:lang")  # Chinese text: Word's and WPS's line breaking and proofing
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = BODY_LINE
    fmt.space_before = fmt.space_after = Pt(0)


def _paragraph(document, text: str, font: str, size, align=None, indent: bool = False):
    p = document.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size.pt * 2)
    run = p.add_run(text)
    set_fonts(run._r, font, size)
    return p


def _title(document, lines: tuple[str, ...]) -> None:
    """The title, the agency on a line of its own, in a size that keeps it on that line (a PDF
    printed from this file is read back by finding the agency on the line above the year)."""
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    for i, line in enumerate(lines):
        if i:
            brk = p.add_run()
            brk.add_break()
            set_fonts(brk._r, TITLE_FONT, TITLE_SIZE)
        chars_per_line = TEXT_WIDTH.pt / TITLE_SIZE.pt
        size = TITLE_SIZE if len(line) <= chars_per_line else Pt(int(TEXT_WIDTH.pt / (len(line) + 1)))
        set_fonts(p.add_run(line)._r, TITLE_FONT, size)


def _table(document, grid: Grid) -> None:
    """The grid as a Word table, its merged cells written as Word writes them (``w:gridSpan``
    across, ``w:vMerge`` down) — python-docx's ``cell()``/``merge()`` rescan the whole table on
    every call, seconds for 表三."""
    table = document.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [int(TEXT_WIDTH * w) for w in (grid.widths or (1 / grid.n_cols,) * grid.n_cols)]
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
    starts = {(c.row, c.col): c for c in grid.cells}
    below: dict[tuple[int, int], Cell] = {}  # positions covered by a cell merged down from above
    for c in grid.cells:
        for r in range(c.row + 1, c.row + c.rowspan):
            below[(r, c.col)] = c
    for r, row in enumerate(table.rows):
        tr = row._tr
        if r < grid.header_rows:  # header rows repeat on every page the table runs onto
            tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for tc in list(tr.tc_lst):
            tr.remove(tc)
        col = 0
        while col < grid.n_cols:
            c = starts.get((r, col)) or below.get((r, col))
            if c is None:  # not a position the layout fills: an empty cell keeps the grid whole
                c = Cell("", r, col)
            tc = tr.add_tc()
            cell = _Cell(tc, table)
            cell.width = sum(widths[col : col + c.colspan])
            if c.colspan > 1:
                tc.get_or_add_tcPr().grid_span = c.colspan
            if c.rowspan > 1:
                merge = OxmlElement("w:vMerge")
                merge.set(qn("w:val"), "restart" if c.row == r else "continue")
                tc.get_or_add_tcPr().append(merge)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if c.row == r:
                _cell_text(cell, c)
            col += c.colspan


def _cell_text(cell, c: Cell) -> None:
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT if c.scope == "row" else WD_ALIGN_PARAGRAPH.CENTER
    fmt = p.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    run = p.add_run(c.text)
    set_fonts(run._r, BODY_FONT, TABLE_SIZE)


def build(report: Report):
    """The python-docx Document (for callers that add to it before saving)."""
    lay = layout(report)
    document = docx.Document()
    _page(document)
    _styles(document)
    document.core_properties.title = lay.title
    document.core_properties.language = "zh-CN"
    _title(document, title_lines(report))
    for part in lay.parts:
        _paragraph(document, part.section.heading, HEADING_FONT, BODY_SIZE, indent=True)
        for text in part.paragraphs:
            _paragraph(document, text, BODY_FONT, BODY_SIZE, indent=True)
        if part.grid is not None:
            _table(document, part.grid)
    for line in (lay.agency, lay.date_line):
        if line:
            _paragraph(document, line, BODY_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.RIGHT)
    return document


def render_docx(report: Report) -> bytes:
    buf = io.BytesIO()
    build(report).save(buf)
    return buf.getvalue()
