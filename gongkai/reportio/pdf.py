"""PDF with a text layer → blocks (pdfplumber).

Each page gives its text lines (page footers such as "- 4 -" dropped) and the tables that
pdfplumber finds from their ruling lines. Cells pdfplumber reports as ``None`` are covered by a
merge. Tables continue across pages; the table reader (gongkai.reportio.tables) carries the column
layout from one page's part to the next. Text lines include the tables' text, so rows that the
ruling-line detection misses (a table's last row without a bottom border) can still be read from
the lines by the flat scanner.
"""

from __future__ import annotations

import io
import re

from gongkai.reportio.blocks import Document, Grid, Paragraph
from gongkai.reportio.errors import UnreadableReport

MAX_PAGES = 60
_FOOTER_RE = re.compile(
    r"^(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})$"
)


def read_pdf(data: bytes) -> Document:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise UnreadableReport("这不是 PDF 文件（缺少 %PDF 文件头）。")
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    blocks: list = []
    chars = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise UnreadableReport(
                    f"PDF 有 {len(pdf.pages)} 页，超过年度报告的合理篇幅（{MAX_PAGES} 页）。"
                )
            for page in pdf.pages:
                text = page.extract_text() or ""
                chars += len(text)
                for line in text.split("\n"):
                    line = line.strip()
                    if line and not _FOOTER_RE.match(line):
                        blocks.append(Paragraph(line))
                for table in page.find_tables():
                    rows = table.extract()
                    if not rows or max(len(r) for r in rows) < 2:
                        continue  # a boxed paragraph, not a table
                    cells = [[(c or "") for c in r] for r in rows]
                    copy = [[c is None for c in r] for r in rows]
                    blocks.append(Grid(cells, copy))
    except UnreadableReport:
        raise
    except (PDFSyntaxError, Exception) as e:  # pdfminer raises many kinds on damaged files
        raise UnreadableReport("PDF 文件已损坏或格式异常，无法读取。") from e
    if chars < 50:
        raise UnreadableReport("PDF 没有可提取的文字层（可能是扫描件），无法核查。")
    return Document(blocks, "pdf")
