"""Build the Word templates the system ships (templates/<kind>.docx) with python-docx.

    python -m gongkai.applications.letters.build_templates

The .docx files are committed; run this after changing the layout below, never edit them by hand.
Layout after GB/T 9704-2012 《党政机关公文格式》: A4, margins 37/35/28/26 mm (top/bottom/left/right),
title in 2号 方正小标宋简体, text in 3号 仿宋_GB2312 (22 lines of 28 characters, lines 28.95 pt),
paragraphs indented two characters, date 右空四字, page numbers 4号 宋体 「— 1 —」. Each font is
named for East Asian text (w:eastAsia) as well, so Word does not fall back to its Latin font.
The placeholders are docxtpl's Jinja tags, documented in docs/letters.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
KINDS = ("correction", "extension", "consultation", "fee", "reply")

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
LINE = Pt(28.95)  # 22 lines in the 225 mm type area
CHAR = Pt(16)  # one character of 3号 text


def set_fonts(run_or_style, east_asia: str, size=None, bold: bool | None = None) -> None:
    """Name the font for Latin and East Asian text alike (python-docx sets only w:ascii/w:hAnsi)."""
    font = run_or_style.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), LATIN_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def paragraph(doc, text: str, *, font=BODY_FONT, size=SIZE_3, align=None, indent=None, right=None, bold=None):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE if size == SIZE_3 else Pt(size.pt * 1.5)
    fmt.space_before = fmt.space_after = Pt(0)
    if align is not None:
        p.alignment = align
    if indent is not None:
        fmt.first_line_indent = indent
    if right is not None:
        fmt.right_indent = right
    if text:
        set_fonts(p.add_run(text), font, size, bold)
    return p


def page_number_footer(section) -> None:
    """「— 1 —」 centred (GB/T 9704 puts it outside the type area; Word's footer is close enough)."""
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fonts(footer.add_run("— "), PAGE_NUMBER_FONT, SIZE_4)
    run = footer.add_run()
    set_fonts(run, PAGE_NUMBER_FONT, SIZE_4)
    for tag, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if tag:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), tag)
        elif text == "1":
            node = OxmlElement("w:t")
            node.text = text
        else:
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        run._r.append(node)
    set_fonts(footer.add_run(" —"), PAGE_NUMBER_FONT, SIZE_4)


def build(kind: str) -> Document:
    doc = Document()
    props = doc.core_properties
    props.title, props.author, props.comments = kind, "gongkai", "gongkai 文书模板，占位符见 docs/letters.md"
    normal = doc.styles["Normal"]
    set_fonts(normal, BODY_FONT, SIZE_3)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    page_number_footer(section)

    paragraph(doc, "{{ title }}", font=TITLE_FONT, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(doc, "{{ number }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(doc, "")
    paragraph(doc, "{{ addressee }}：")
    paragraph(doc, "{%p for text in body %}")
    paragraph(doc, "{{ text }}", indent=CHAR * 2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph(doc, "{%p endfor %}")
    # 署名 over the date, the date 右空四字 (GB/T 9704-2012 7.3.5.1), kept on one page.
    for p in (
        paragraph(doc, ""),
        paragraph(doc, ""),
        paragraph(doc, "{{ agency }}", align=WD_ALIGN_PARAGRAPH.RIGHT, right=CHAR * 5),
    ):
        p.paragraph_format.keep_with_next = True
    paragraph(doc, "{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT, right=CHAR * 4)
    # A slip to tear off and return (征求意见回执); empty for other letters.
    paragraph(doc, "{%p if appendix %}")
    p = paragraph(doc, "")
    p.add_run().add_break(WD_BREAK.PAGE)
    paragraph(doc, "{{ appendix_title }}", font=TITLE_FONT, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(doc, "")
    paragraph(doc, "{%p for text in appendix %}")
    paragraph(doc, "{{ text }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endif %}")
    return doc


def main(argv: list[str] | None = None) -> int:
    TEMPLATES_DIR.mkdir(exist_ok=True)
    for kind in KINDS:
        path = TEMPLATES_DIR / f"{kind}.docx"
        build(kind).save(path)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
