"""PDF with a text layer → blocks, read through PDFium (pypdfium2).

Why PDFium: pdfplumber (DESIGN.md's first choice) spends nearly all of its time in pdfminer's
pure-Python content-stream interpreter — about 0.25 s a page, 3.6 reports/s. PDFium, Chromium's
C++ engine, already ships with pdfplumber as its pypdfium2 dependency (Apache-2.0/BSD), extracts
the same text some 30 times faster, and maps CJK text through the fonts' ToUnicode tables correctly
(PyMuPDF stays excluded: AGPL, and it scrambles CJK labels). From PDFium we take only the
characters with their boxes and the page's straight path segments; the grouping into lines and
words and the ruling-line table finder are pdfplumber's algorithms, re-implemented in ``text`` and
``lattice``, so a report reads exactly as it did, about 7 times faster (docs/decisions.md).

Each page gives its text lines (page footers such as "- 4 -" dropped) and the tables found from
their ruling lines; ``None`` cells of a table are covered by a merge. Tables continue across
pages; the table reader (gongkai.reportio.tables) carries the column layout from one page's part
to the next. Text lines include the tables' text, so rows that the ruling-line detection misses
(a table's last row without a bottom border) can still be read from the lines by the flat scanner.
"""

from __future__ import annotations

import re
import time

from gongkai.reportio.blocks import Document, Grid, Paragraph
from gongkai.reportio.errors import UnreadableReport
from gongkai.reportio.pdf.lattice import tables
from gongkai.reportio.pdf.text import text_lines

MAX_PAGES = 60
MAX_CHARS_PER_PAGE = 20_000  # a dense A4 page of 小四 text holds about 1,500
DEADLINE_S = 2.0  # a report of 60 pages reads in about 1.5 s; a hostile file holds a worker no longer
LIMIT_MARGIN_S = 1.0  # beyond the deadline, for one page's PDFium calls, which no deadline interrupts
_FOOTER_RE = re.compile(
    r"^(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})$"
)


def read_pdf(data: bytes) -> Document:
    """The PDF's blocks, read in a child process killed after LIMIT_S (pdf.isolated says why)."""
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise UnreadableReport("这不是 PDF 文件（缺少 %PDF 文件头）。")
    from gongkai.reportio.pdf.isolated import call_with_limit
    from gongkai.reportio.pdf.pdfium_page import LOCK

    return call_with_limit(_read_here, data, DEADLINE_S + LIMIT_MARGIN_S, LOCK)


def _read_here(data: bytes) -> Document:
    import pypdfium2 as pdfium

    from gongkai.reportio.pdf.pdfium_page import LOCK, PageTooDense, read_page

    blocks: list = []
    chars = 0
    deadline = time.monotonic() + DEADLINE_S
    with LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            raise UnreadableReport(_open_error(e)) from e
        try:
            n = len(pdf)
            if n > MAX_PAGES:
                raise UnreadableReport(f"PDF 有 {n} 页，超过年度报告的合理篇幅（{MAX_PAGES} 页）。")
            for i in range(n):
                if time.monotonic() > deadline:
                    raise UnreadableReport(
                        f"PDF 读取超时（{DEADLINE_S:.0f} 秒内只读完 {i} 页），文件可能异常。"
                    )
                page = pdf[i]
                try:
                    content = read_page(page, MAX_CHARS_PER_PAGE)
                except PageTooDense as e:
                    what, count = e.args
                    raise UnreadableReport(
                        f"PDF 第 {i + 1} 页有 {count} {what}，远超正常页面，文件可能异常。"
                    ) from e
                finally:
                    page.close()
                for line in text_lines(content.chars):
                    line = line.strip()
                    chars += len(line)
                    if line and not _FOOTER_RE.match(line):
                        blocks.append(Paragraph(line))
                for rows in tables(content.horizontal, content.vertical, content.chars):
                    if not rows or max(len(r) for r in rows) < 2:
                        continue  # a boxed paragraph, not a table
                    cells = [[(c or "") for c in r] for r in rows]
                    copy = [[c is None for c in r] for r in rows]
                    blocks.append(Grid(cells, copy))
        except pdfium.PdfiumError as e:  # PDFium reports damage on pages this way; anything else
            # is a bug of ours, logged with its traceback by the check service
            raise UnreadableReport("PDF 文件已损坏或格式异常，无法读取。") from e
        finally:
            pdf.close()
    if chars < 50:
        raise UnreadableReport("PDF 没有可提取的文字层（可能是扫描件），无法核查。")
    return Document(blocks, "pdf")


def _open_error(e) -> str:
    import pypdfium2.raw as raw

    code = getattr(e, "err_code", None)
    if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
        return "PDF 已加密（需要密码或使用了不支持的加密方式），无法读取。请上传未加密的文件。"
    return "PDF 文件已损坏或格式异常，无法读取。"
